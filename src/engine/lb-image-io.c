/* lb-image-io.c — decode any image GdkPixbuf reads into 8-bit gray, resized to S×S.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "lb-image-io.h"

#include <errno.h>
#include <fcntl.h>
#include <gdk-pixbuf/gdk-pixbuf.h>
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>
#include <unistd.h>

#include "lb-error.h"
#include "lb-file.h"

static gint decode_count;

guint
lb_image_get_decode_count (void)
{
  return (guint) g_atomic_int_get (&decode_count);
}

gboolean
lb_image_has_image_extension (const char *name)
{
  static const char *const extensions[] = {
    "png", "jpg", "jpeg", "jpe", "tif", "tiff", "bmp", "gif", "pgm", "ppm", "pnm", "pbm",
    "tga", "webp",
  };
  const char *dot = strrchr (name, '.');
  if (dot == NULL || dot == name)
    return FALSE;
  for (gsize i = 0; i < G_N_ELEMENTS (extensions); i++)
    if (g_ascii_strcasecmp (dot + 1, extensions[i]) == 0)
      return TRUE;
  return FALSE;
}

/* Reads up to @len bytes at @offset (negative: from the end). Returns the count read, -1 with
 * errno set on failure. */
static gssize
read_at (int fd, gint64 offset, guint8 *buf, gsize len, gint64 file_size)
{
  if (offset < 0)
    offset = MAX (0, file_size + offset);
  if (lseek (fd, (off_t) offset, SEEK_SET) < 0)
    return -1;
  gsize got = 0;
  while (got < len)
    {
      gssize n = read (fd, buf + got, len - got);
      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        return -1;
      if (n == 0)
        break;
      got += (gsize) n;
    }
  return (gssize) got;
}

static gboolean
memmem_found (const guint8 *hay, gsize hay_len, const void *needle, gsize needle_len)
{
  if (hay_len < needle_len)
    return FALSE;
  for (gsize i = 0; i + needle_len <= hay_len; i++)
    if (memcmp (hay + i, needle, needle_len) == 0)
      return TRUE;
  return FALSE;
}

static gboolean
looks_like_text (const guint8 *buf, gsize len)
{
  if (len == 0)
    return FALSE;
  for (gsize i = 0; i < len; i++)
    if (buf[i] < 0x09 || (buf[i] > 0x0d && buf[i] < 0x20 && buf[i] != 0x1b))
      return FALSE;
  return TRUE;
}

static guint32
le32 (const guint8 *p)
{
  return (guint32) p[0] | ((guint32) p[1] << 8) | ((guint32) p[2] << 16) | ((guint32) p[3] << 24);
}

static guint16
le16 (const guint8 *p)
{
  return (guint16) (p[0] | (p[1] << 8));
}

/* Whether a BMP's header (HEAD, N_HEAD bytes of it) is one the format defines and fits a file of
 * FILE_SIZE bytes: a known header size, one plane, a bit depth the format has, the pixel data
 * inside the file, and all of it there when it is not compressed. */
static gboolean
bmp_header_fits (const guint8 *head, gsize n_head, gint64 file_size)
{
  static const guint32 info_sizes[] = { 12, 16, 40, 52, 56, 64, 108, 124 };
  static const guint16 depths[] = { 1, 4, 8, 16, 24, 32 };
  guint32 pixel_offset = le32 (head + 10);
  guint32 info_size = le32 (head + 14);
  gboolean known_size = FALSE, known_depth = FALSE;
  gint64 width, height;
  guint16 planes, depth;

  for (guint i = 0; i < G_N_ELEMENTS (info_sizes); i++)
    known_size = known_size || info_size == info_sizes[i];
  if (!known_size || n_head < 34 || 14 + (gint64) info_size > file_size
      || pixel_offset < 14 + info_size || (gint64) pixel_offset > file_size)
    return FALSE;
  if (info_size == 12)
    {
      width = le16 (head + 18);
      height = le16 (head + 20);
      planes = le16 (head + 22);
      depth = le16 (head + 24);
    }
  else
    {
      width = (gint32) le32 (head + 18);
      height = (gint32) le32 (head + 22);
      planes = le16 (head + 26);
      depth = le16 (head + 28);
    }
  for (guint i = 0; i < G_N_ELEMENTS (depths); i++)
    known_depth = known_depth || depth == depths[i];
  if (planes != 1 || !known_depth || width <= 0 || height == 0)
    return FALSE;
  /* Uncompressed (BI_RGB): the rows, each padded to 4 bytes, must all be in the file. */
  if (info_size == 12 || le32 (head + 30) == 0)
    {
      gint64 row_bytes = (width * depth + 31) / 32 * 4;
      if (pixel_offset + row_bytes * ABS (height) > file_size)
        return FALSE;
    }
  return TRUE;
}

gboolean
lb_image_probe (const char   *path,
                LbImageInfo  *info,
                GError      **error)
{
  g_autofree char *display = g_filename_display_name (path);
  GStatBuf st;

  if (g_stat (path, &st) != 0)
    {
      int saved = errno;
      if (saved == EACCES)
        g_set_error (error, LB_ERROR, LB_ERROR_PERMISSION,
                     "%s: permission denied. Make the file readable or remove it from the folder.",
                     display);
      else
        g_set_error (error, LB_ERROR, LB_ERROR_NOT_FOUND,
                     "%s: the file is not there (%s).", display, g_strerror (saved));
      return FALSE;
    }
  if (!S_ISREG (st.st_mode))
    {
      g_set_error (error, LB_ERROR, LB_ERROR_INVALID_INPUT,
                   "%s: not a regular file. Only image files belong in this folder.", display);
      return FALSE;
    }
  if (st.st_size == 0)
    {
      g_set_error (error, LB_ERROR, LB_ERROR_CORRUPT,
                   "%s: the file is empty (0 bytes). Re-export it or remove it from the folder.",
                   display);
      return FALSE;
    }

  int fd = g_open (path, O_RDONLY, 0);
  if (fd < 0)
    {
      int saved = errno;
      g_set_error (error, LB_ERROR, saved == EACCES ? LB_ERROR_PERMISSION : LB_ERROR_FAILED,
                   "%s: cannot be read (%s). Make the file readable or remove it from the folder.",
                   display, g_strerror (saved));
      return FALSE;
    }
  guint8 head[64];
  guint8 tail[64];
  gssize n_head = read_at (fd, 0, head, sizeof head, st.st_size);
  gssize n_tail = read_at (fd, -(gint64) sizeof tail, tail, sizeof tail, st.st_size);
  int read_errno = errno;
  close (fd);
  if (n_head < 0 || n_tail < 0)
    {
      g_set_error (error, LB_ERROR, read_errno == EACCES ? LB_ERROR_PERMISSION : LB_ERROR_FAILED,
                   "%s: cannot be read (%s). Make the file readable or remove it from the folder.",
                   display, g_strerror (read_errno));
      return FALSE;
    }

  static const guint8 png_signature[8] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };
  gboolean is_png = n_head >= 8 && memcmp (head, png_signature, 8) == 0;
  gboolean is_jpeg = n_head >= 3 && head[0] == 0xff && head[1] == 0xd8 && head[2] == 0xff;

  /* GdkPixbuf fills a cut-short PNG or JPEG with gray or black and may not complain, so a
   * damaged file would silently become a wrong training example. The end marker is cheap to
   * check: a PNG ends with its IEND chunk, a JPEG with the EOI marker (some writers append a
   * few bytes after them, hence the search in the last 64 bytes). */
  static const guint8 jpeg_eoi[2] = { 0xff, 0xd9 };
  if (is_png && !memmem_found (tail, (gsize) n_tail, "IEND", 4))
    {
      g_set_error (error, LB_ERROR, LB_ERROR_CORRUPT,
                   "%s: the file is cut short (truncated PNG). Re-export it or remove it from "
                   "the folder.", display);
      return FALSE;
    }
  if (is_jpeg && !memmem_found (tail, (gsize) n_tail, jpeg_eoi, 2))
    {
      g_set_error (error, LB_ERROR, LB_ERROR_CORRUPT,
                   "%s: the file is cut short (truncated JPEG). Re-export it or remove it from "
                   "the folder.", display);
      return FALSE;
    }

  /* GdkPixbuf's BMP loader sizes its buffers from the header's fields before it reads the
   * rest: a damaged one asks for gigabytes (found by tests/fuzz/fuzz-image), and a cut-short
   * one decodes to black. The header must be one the format defines, and fit the file. */
  if (n_head >= 2 && head[0] == 'B' && head[1] == 'M'
      && !bmp_header_fits (head, (gsize) n_head, st.st_size))
    {
      g_set_error (error, LB_ERROR, LB_ERROR_CORRUPT,
                   "%s: the file starts like a BMP but its header is damaged or cut short. "
                   "Re-export it or remove it from the folder.", display);
      return FALSE;
    }

  int width = 0, height = 0;
  GdkPixbufFormat *format = gdk_pixbuf_get_file_info (path, &width, &height);
  if (format == NULL)
    {
      if (is_png || is_jpeg)
        g_set_error (error, LB_ERROR, LB_ERROR_CORRUPT,
                     "%s: the file starts like a %s but its header is damaged or cut short. "
                     "Re-export it or remove it from the folder.",
                     display, is_png ? "PNG" : "JPEG");
      else if (looks_like_text (head, (gsize) n_head))
        g_set_error (error, LB_ERROR, LB_ERROR_CORRUPT,
                     "%s: not an image — the file holds text, whatever its name says. "
                     "Remove it from the folder.", display);
      else
        g_set_error (error, LB_ERROR, LB_ERROR_CORRUPT,
                     "%s: not an image in a format that can be read (PNG, JPEG, TIFF, BMP, …). "
                     "Convert it to PNG or remove it from the folder.", display);
      return FALSE;
    }
  if (width <= 0 || height <= 0)
    {
      g_set_error (error, LB_ERROR, LB_ERROR_CORRUPT,
                   "%s: the image header gives no size. Re-export it or remove it from the folder.",
                   display);
      return FALSE;
    }
  if (width > LB_IMAGE_MAX_SIDE || height > LB_IMAGE_MAX_SIDE
      || (guint64) width * (guint64) height > LB_IMAGE_MAX_PIXELS)
    {
      g_set_error (error, LB_ERROR, LB_ERROR_INVALID_INPUT,
                   "%s: the image is %d × %d pixels, more than the limit of %u megapixels "
                   "(or %d pixels a side); it was not decoded. Reduce it before adding it.",
                   display, width, height, LB_IMAGE_MAX_PIXELS / (1024u * 1024u),
                   LB_IMAGE_MAX_SIDE);
      return FALSE;
    }

  if (info != NULL)
    {
      g_autofree char *name = gdk_pixbuf_format_get_name (format);
      info->width = width;
      info->height = height;
      g_strlcpy (info->format, name != NULL ? name : "", sizeof info->format);
    }
  return TRUE;
}

/* One output sample of a 1-D resampling: a run of source samples and their weights. */
typedef struct
{
  int start;
  int count;
  int offset; /* into the weight array */
} Contrib;

typedef struct
{
  Contrib *contribs;
  float *weights;
} ContribTable;

/* Per axis: area averaging when shrinking (each output sample is the mean of the source
 * interval it covers, with fractional weights at the ends — OpenCV's INTER_AREA), bilinear
 * interpolation with aligned pixel centres when growing or keeping the size. */
static void
contrib_table_init (ContribTable *table, int src_len, int dst_len)
{
  table->contribs = g_new0 (Contrib, dst_len);
  if (src_len > dst_len)
    {
      double scale = (double) src_len / dst_len;
      int max_count = (int) ceil (scale) + 2;
      table->weights = g_new0 (float, (gsize) dst_len * max_count);
      for (int j = 0; j < dst_len; j++)
        {
          double x0 = j * scale;
          double x1 = MIN ((j + 1) * scale, (double) src_len);
          int first = (int) floor (x0);
          int last = MIN ((int) ceil (x1) - 1, src_len - 1);
          Contrib *c = &table->contribs[j];
          c->start = first;
          c->offset = j * max_count;
          c->count = 0;
          for (int i = first; i <= last; i++)
            {
              double overlap = MIN (i + 1.0, x1) - MAX ((double) i, x0);
              if (overlap <= 0)
                continue;
              table->weights[c->offset + (i - first)] = (float) (overlap / scale);
              c->count = i - first + 1;
            }
        }
    }
  else
    {
      table->weights = g_new0 (float, (gsize) dst_len * 2);
      double scale = (double) src_len / dst_len;
      for (int j = 0; j < dst_len; j++)
        {
          double x = (j + 0.5) * scale - 0.5;
          if (x < 0)
            x = 0;
          int i0 = (int) floor (x);
          if (i0 > src_len - 1)
            i0 = src_len - 1;
          double f = x - i0;
          Contrib *c = &table->contribs[j];
          c->start = i0;
          c->offset = j * 2;
          if (i0 + 1 < src_len && f > 0)
            {
              c->count = 2;
              table->weights[c->offset] = (float) (1.0 - f);
              table->weights[c->offset + 1] = (float) f;
            }
          else
            {
              c->count = 1;
              table->weights[c->offset] = 1.0f;
            }
        }
    }
}

static void
contrib_table_clear (ContribTable *table)
{
  g_clear_pointer (&table->contribs, g_free);
  g_clear_pointer (&table->weights, g_free);
}

/* Rounds to the nearest 8-bit value. The small bias makes an exact half (a mask pixel that is
 * half lung, 127.5) round up reliably despite float summation error; losses.md counts such a
 * pixel as lung. */
static inline guint8
round_to_byte (float v)
{
  float r = floorf (v + 0.5f + 1e-3f);
  if (r < 0)
    return 0;
  if (r > 255)
    return 255;
  return (guint8) r;
}

/* Callback giving source row @y as gray floats (sw values). */
typedef void (*RowFunc) (gpointer data, int y, float *row);

static void
resize_rows (RowFunc      get_row,
             gpointer     data,
             int          sw,
             int          sh,
             guint8      *dst,
             int          dw,
             int          dh)
{
  ContribTable h = { 0 }, v = { 0 };
  contrib_table_init (&h, sw, dw);
  contrib_table_init (&v, sh, dh);

  /* Horizontal pass into sh × dw, then vertical: the large source never exists as floats. */
  g_autofree float *row = g_new (float, sw);
  g_autofree float *tmp = g_new (float, (gsize) sh * dw);
  for (int y = 0; y < sh; y++)
    {
      get_row (data, y, row);
      float *out = tmp + (gsize) y * dw;
      for (int j = 0; j < dw; j++)
        {
          const Contrib *c = &h.contribs[j];
          const float *w = h.weights + c->offset;
          float acc = 0;
          for (int k = 0; k < c->count; k++)
            acc += w[k] * row[c->start + k];
          out[j] = acc;
        }
    }
  g_autofree float *acc = g_new (float, dw);
  for (int i = 0; i < dh; i++)
    {
      const Contrib *c = &v.contribs[i];
      const float *w = v.weights + c->offset;
      memset (acc, 0, sizeof (float) * dw);
      for (int k = 0; k < c->count; k++)
        {
          const float *src = tmp + (gsize) (c->start + k) * dw;
          float wk = w[k];
          for (int j = 0; j < dw; j++)
            acc[j] += wk * src[j];
        }
      for (int j = 0; j < dw; j++)
        dst[(gsize) i * dw + j] = round_to_byte (acc[j]);
    }
  contrib_table_clear (&h);
  contrib_table_clear (&v);
}

typedef struct
{
  const guint8 *pixels;
  int stride;
  int width;
  int channels;
  gboolean has_alpha;
} PixbufRows;

static void
pixbuf_row (gpointer data, int y, float *row)
{
  const PixbufRows *p = data;
  const guint8 *src = p->pixels + (gsize) y * p->stride;
  int nc = p->channels;
  for (int x = 0; x < p->width; x++, src += nc)
    {
      float g;
      if (nc >= 3)
        g = 0.299f * src[0] + 0.587f * src[1] + 0.114f * src[2];
      else
        g = src[0];
      if (p->has_alpha)
        g *= src[nc - 1] * (1.0f / 255.0f);
      row[x] = g;
    }
}

typedef struct
{
  const guint8 *pixels;
  int width;
} GrayRows;

static void
gray_row (gpointer data, int y, float *row)
{
  const GrayRows *p = data;
  const guint8 *src = p->pixels + (gsize) y * p->width;
  for (int x = 0; x < p->width; x++)
    row[x] = src[x];
}

void
lb_image_resize_gray (const guint8 *src,
                      int           src_width,
                      int           src_height,
                      guint8       *dst,
                      int           dst_width,
                      int           dst_height)
{
  g_return_if_fail (src != NULL && dst != NULL);
  g_return_if_fail (src_width > 0 && src_height > 0 && dst_width > 0 && dst_height > 0);
  GrayRows rows = { src, src_width };
  resize_rows (gray_row, &rows, src_width, src_height, dst, dst_width, dst_height);
}

/* Probes, then decodes @path into an 8-bit RGB(A) pixbuf with its EXIF orientation applied. */
static GdkPixbuf *
decode_pixbuf (const char   *path,
               LbImageInfo  *info,
               GError      **error)
{
  if (!lb_image_probe (path, info, error))
    return NULL;

  g_atomic_int_inc (&decode_count);
  g_autofree char *display = g_filename_display_name (path);
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GdkPixbuf) raw = gdk_pixbuf_new_from_file (path, &local_error);
  if (raw == NULL)
    {
      int code = LB_ERROR_CORRUPT;
      if (local_error->domain == G_FILE_ERROR)
        code = local_error->code == G_FILE_ERROR_ACCES ? LB_ERROR_PERMISSION
               : local_error->code == G_FILE_ERROR_NOENT ? LB_ERROR_NOT_FOUND
                                                          : LB_ERROR_FAILED;
      else if (g_error_matches (local_error, GDK_PIXBUF_ERROR,
                                GDK_PIXBUF_ERROR_INSUFFICIENT_MEMORY))
        code = LB_ERROR_TOO_LARGE;
      /* GdkPixbuf's message repeats the path; keep only its reason. */
      const char *reason = strstr (local_error->message, "”: ");
      reason = reason != NULL ? reason + strlen ("”: ") : local_error->message;
      g_set_error (error, LB_ERROR, code,
                   "%s: the image could not be decoded (%s). Re-export it or remove it from "
                   "the folder.", display, reason);
      return NULL;
    }
  /* A phone photo of a film carries its rotation in EXIF; honour it like any viewer does. */
  GdkPixbuf *pixbuf = gdk_pixbuf_apply_embedded_orientation (raw);
  if (pixbuf == NULL)
    pixbuf = g_object_ref (raw);

  if (gdk_pixbuf_get_colorspace (pixbuf) != GDK_COLORSPACE_RGB
      || gdk_pixbuf_get_bits_per_sample (pixbuf) != 8)
    {
      g_set_error (error, LB_ERROR, LB_ERROR_INVALID_INPUT,
                   "%s: unsupported pixel format after decoding (%d bits per sample).",
                   display, gdk_pixbuf_get_bits_per_sample (pixbuf));
      g_object_unref (pixbuf);
      return NULL;
    }
  if (info != NULL)
    {
      info->width = gdk_pixbuf_get_width (pixbuf);
      info->height = gdk_pixbuf_get_height (pixbuf);
    }
  return pixbuf;
}

static PixbufRows
pixbuf_rows_for (GdkPixbuf *pixbuf)
{
  PixbufRows rows = {
    .pixels = gdk_pixbuf_read_pixels (pixbuf),
    .stride = gdk_pixbuf_get_rowstride (pixbuf),
    .width = gdk_pixbuf_get_width (pixbuf),
    .channels = gdk_pixbuf_get_n_channels (pixbuf),
    .has_alpha = gdk_pixbuf_get_has_alpha (pixbuf),
  };
  return rows;
}

gboolean
lb_image_load_gray (const char   *path,
                    int           out_width,
                    int           out_height,
                    guint8       *out,
                    LbImageInfo  *info,
                    GError      **error)
{
  g_return_val_if_fail (path != NULL && out != NULL, FALSE);
  g_return_val_if_fail (out_width > 0 && out_height > 0, FALSE);

  g_autoptr(GdkPixbuf) pixbuf = decode_pixbuf (path, info, error);
  if (pixbuf == NULL)
    return FALSE;
  PixbufRows rows = pixbuf_rows_for (pixbuf);
  resize_rows (pixbuf_row, &rows, rows.width, gdk_pixbuf_get_height (pixbuf),
               out, out_width, out_height);
  return TRUE;
}

guint8 *
lb_image_decode_gray (const char   *path,
                      LbImageInfo  *info,
                      GError      **error)
{
  g_return_val_if_fail (path != NULL, NULL);

  g_autoptr(GdkPixbuf) pixbuf = decode_pixbuf (path, info, error);
  if (pixbuf == NULL)
    return NULL;
  PixbufRows rows = pixbuf_rows_for (pixbuf);
  int height = gdk_pixbuf_get_height (pixbuf);
  guint8 *gray = g_malloc ((gsize) rows.width * height);
  g_autofree float *row = g_new (float, rows.width);
  for (int y = 0; y < height; y++)
    {
      pixbuf_row (&rows, y, row);
      guint8 *dst = gray + (gsize) y * rows.width;
      for (int x = 0; x < rows.width; x++)
        dst[x] = round_to_byte (row[x]);
    }
  return gray;
}

/* --- PNG writer ---------------------------------------------------------------------------- */

static guint32 crc_table[256];

static gpointer
crc_table_init (gpointer data)
{
  for (guint32 n = 0; n < 256; n++)
    {
      guint32 c = n;
      for (int k = 0; k < 8; k++)
        c = (c & 1) ? 0xedb88320u ^ (c >> 1) : c >> 1;
      crc_table[n] = c;
    }
  return NULL;
}

static guint32
crc_update (guint32 crc, const guint8 *buf, gsize len)
{
  for (gsize i = 0; i < len; i++)
    crc = crc_table[(crc ^ buf[i]) & 0xff] ^ (crc >> 8);
  return crc;
}

static void
put_be32 (GByteArray *out, guint32 v)
{
  guint8 b[4] = { (guint8) (v >> 24), (guint8) (v >> 16), (guint8) (v >> 8), (guint8) v };
  g_byte_array_append (out, b, 4);
}

static void
put_chunk (GByteArray *out, const char *type, const guint8 *data, gsize len)
{
  put_be32 (out, (guint32) len);
  guint32 crc = crc_update (0xffffffffu, (const guint8 *) type, 4);
  g_byte_array_append (out, (const guint8 *) type, 4);
  if (len > 0)
    {
      crc = crc_update (crc, data, len);
      g_byte_array_append (out, data, (guint) len);
    }
  put_be32 (out, crc ^ 0xffffffffu);
}

GBytes *
lb_image_encode_png (const void *pixels,
                     int         width,
                     int         height,
                     int         channels,
                     int         bit_depth)
{
  static GOnce crc_once = G_ONCE_INIT;
  g_return_val_if_fail (pixels != NULL && width > 0 && height > 0, NULL);
  g_return_val_if_fail (channels >= 1 && channels <= 4, NULL);
  g_return_val_if_fail (bit_depth == 8 || bit_depth == 16, NULL);
  g_once (&crc_once, crc_table_init, NULL);

  static const guint8 color_types[5] = { 0, 0, 4, 2, 6 };
  gsize bytes_per_sample = (gsize) bit_depth / 8;
  gsize row_bytes = (gsize) width * channels * bytes_per_sample;

  /* Filter type 0 (none) on every row: simple, and zlib still shrinks X-rays well. */
  g_autoptr(GByteArray) raw = g_byte_array_sized_new ((guint) ((row_bytes + 1) * height));
  const guint8 *src = pixels;
  for (int y = 0; y < height; y++)
    {
      guint8 filter = 0;
      g_byte_array_append (raw, &filter, 1);
      const guint8 *row = src + (gsize) y * row_bytes;
      if (bit_depth == 8)
        g_byte_array_append (raw, row, (guint) row_bytes);
      else
        {
          const guint16 *r16 = (const guint16 *) row;
          for (gsize i = 0; i < row_bytes / 2; i++)
            {
              guint8 be[2] = { (guint8) (r16[i] >> 8), (guint8) r16[i] };
              g_byte_array_append (raw, be, 2);
            }
        }
    }

  g_autoptr(GZlibCompressor) zc = g_zlib_compressor_new (G_ZLIB_COMPRESSOR_FORMAT_ZLIB, 6);
  g_autoptr(GByteArray) z = g_byte_array_new ();
  gsize in_pos = 0;
  guint8 buf[65536];
  for (;;)
    {
      gsize n_read = 0, n_written = 0;
      GConverterResult r = g_converter_convert (G_CONVERTER (zc), raw->data + in_pos,
                                                raw->len - in_pos, buf, sizeof buf,
                                                G_CONVERTER_INPUT_AT_END, &n_read, &n_written,
                                                NULL);
      in_pos += n_read;
      g_byte_array_append (z, buf, (guint) n_written);
      if (r == G_CONVERTER_FINISHED || r == G_CONVERTER_ERROR)
        break;
    }

  GByteArray *png = g_byte_array_sized_new (z->len + 64);
  static const guint8 signature[8] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };
  g_byte_array_append (png, signature, 8);
  guint8 ihdr[13];
  ihdr[0] = (guint8) (width >> 24);
  ihdr[1] = (guint8) (width >> 16);
  ihdr[2] = (guint8) (width >> 8);
  ihdr[3] = (guint8) width;
  ihdr[4] = (guint8) (height >> 24);
  ihdr[5] = (guint8) (height >> 16);
  ihdr[6] = (guint8) (height >> 8);
  ihdr[7] = (guint8) height;
  ihdr[8] = (guint8) bit_depth;
  ihdr[9] = color_types[channels];
  ihdr[10] = 0; /* deflate */
  ihdr[11] = 0; /* adaptive filtering */
  ihdr[12] = 0; /* no interlace */
  put_chunk (png, "IHDR", ihdr, sizeof ihdr);
  put_chunk (png, "IDAT", z->data, z->len);
  put_chunk (png, "IEND", NULL, 0);
  return g_byte_array_free_to_bytes (png);
}

gboolean
lb_image_save_gray_png (const char    *path,
                        const guint8  *pixels,
                        int            width,
                        int            height,
                        GError       **error)
{
  g_autoptr(GBytes) png = lb_image_encode_png (pixels, width, height, 1, 8);
  gsize len = 0;
  const char *data = g_bytes_get_data (png, &len);
  /* The one atomic writer, so a mask or phantom fails with the same sentence as any run file. */
  return lb_file_write_atomic (path, data, len, error);
}
