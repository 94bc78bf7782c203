/* lb-image-io.h — decode any image GdkPixbuf reads into 8-bit gray, resized to S×S.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Pixel limit: a file whose header claims more than LB_IMAGE_MAX_PIXELS pixels (width × height),
 * or a side longer than LB_IMAGE_MAX_SIDE, is refused from its header alone, before anything
 * is decoded. GdkPixbuf decodes to 8-bit RGB(A) in memory, so the limit (64 Mpx, e.g.
 * 8192 × 8192, about 200 MB while decoding) keeps a hostile or mistaken header
 * (60000 × 60000 = 10.8 GB) from exhausting memory. Real chest X-rays are far below it
 * (Montgomery originals: 4020 × 4892 = 19.7 Mpx). */
#define LB_IMAGE_MAX_PIXELS (64u * 1024u * 1024u)
#define LB_IMAGE_MAX_SIDE   32768

/* What the header (and a cheap look at the file) says. */
typedef struct
{
  int width;
  int height;
  char format[16]; /* GdkPixbuf format name: "png", "jpeg", "tiff", … */
} LbImageInfo;

/* Checks that @path is an image we can decode, without decoding it: it exists and is readable,
 * is not empty, GdkPixbuf recognises its content, its size is within the pixel limit, and a PNG
 * is not cut short (its last chunk must be IEND). On failure @error (LB_ERROR domain) holds a
 * sentence for the user naming the file, the reason and what to do. */
gboolean lb_image_probe (const char   *path,
                         LbImageInfo  *info,
                         GError      **error);

/* Decodes @path with GdkPixbuf and resizes it to @out_width × @out_height 8-bit gray.
 *
 * - Colour becomes gray with the BT.601 luma weights (0.299 R + 0.587 G + 0.114 B), as OpenCV
 *   does; an alpha channel is composited over black (transparent = background).
 * - 16-bit files (PNG, TIFF) are reduced to 8 bits by GdkPixbuf before we see them. Chest X-ray
 *   PNGs in the public sets are 8-bit; a 16-bit file loads correctly with 8-bit precision.
 * - Resizing is plain (aspect not kept, as the poster did), per axis: area averaging when
 *   shrinking (OpenCV INTER_AREA), bilinear with pixel centres aligned when growing. The result
 *   is rounded to the nearest 8-bit value, as an 8-bit resize would store it.
 *
 * @out (out_width × out_height bytes) receives the pixels. @info, if not NULL, receives the
 * original size. The file is probed first (see lb_image_probe). */
gboolean lb_image_load_gray (const char   *path,
                             int           out_width,
                             int           out_height,
                             guint8       *out,
                             LbImageInfo  *info,
                             GError      **error);

/* Decodes @path (probed first) to 8-bit gray at its own size, with the same colour and alpha
 * rules as lb_image_load_gray. @info receives the size. Returns a buffer of info->width ×
 * info->height bytes (free with g_free), or NULL with @error set. */
guint8 *lb_image_decode_gray (const char   *path,
                              LbImageInfo  *info,
                              GError      **error);

/* The same resize on an 8-bit gray buffer already in memory (row stride = @src_width). */
void lb_image_resize_gray (const guint8 *src,
                           int           src_width,
                           int           src_height,
                           guint8       *dst,
                           int           dst_width,
                           int           dst_height);

/* Encodes pixels as a PNG without GdkPixbuf (whose PNG saver only writes RGB/RGBA): @channels
 * 1 (gray), 2 (gray + alpha), 3 (RGB) or 4 (RGBA), @bit_depth 8 or 16 (16-bit samples in
 * native byte order in @pixels, written big-endian as PNG requires). Rows are packed. */
GBytes *lb_image_encode_png (const void *pixels,
                             int         width,
                             int         height,
                             int         channels,
                             int         bit_depth);

/* Writes an 8-bit gray buffer as a single-channel PNG, atomically (temporary name, rename:
 * lb_file_write_atomic, whose LB_ERROR sentences it returns). */
gboolean lb_image_save_gray_png (const char    *path,
                                 const guint8  *pixels,
                                 int            width,
                                 int            height,
                                 GError       **error);

/* How many files lb_image_load_gray has decoded in this process (tests use it to tell a cache
 * hit from a decode without timing anything). */
guint lb_image_get_decode_count (void);

/* Whether @name has an extension GdkPixbuf can read (case-insensitive). */
gboolean lb_image_has_image_extension (const char *name);

G_END_DECLS
