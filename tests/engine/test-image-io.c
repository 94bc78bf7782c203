/* test-image-io.c — decoding formats to gray, the resize rules, the pixel limit.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <gdk-pixbuf/gdk-pixbuf.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "lb-error.h"
#include "lb-image-io.h"
#include "lb-test-util.h"

static char *tmp_dir;

static char *
tmp_path (const char *name)
{
  return g_build_filename (tmp_dir, name, NULL);
}

static void
test_resize_area (void)
{
  /* 4 → 2: plain 2×2 means */
  const guint8 src[16] = { 0, 10, 20, 30,
                           40, 50, 60, 70,
                           100, 100, 0, 0,
                           100, 100, 0, 255 };
  guint8 dst[4];
  lb_image_resize_gray (src, 4, 4, dst, 2, 2);
  g_assert_cmpuint (dst[0], ==, 25);  /* (0+10+40+50)/4 */
  g_assert_cmpuint (dst[1], ==, 45);  /* (20+30+60+70)/4 */
  g_assert_cmpuint (dst[2], ==, 100);
  g_assert_cmpuint (dst[3], ==, 64);  /* 255/4 = 63.75 */

  /* 3 → 2: fractional areas, the middle source pixel is split in half */
  const guint8 row[3] = { 0, 90, 180 };
  guint8 out[2];
  lb_image_resize_gray (row, 3, 1, out, 2, 1);
  g_assert_cmpuint (out[0], ==, 30);  /* (0·1 + 90·0.5) / 1.5 */
  g_assert_cmpuint (out[1], ==, 150); /* (90·0.5 + 180·1) / 1.5 */
}

static void
test_resize_half_lung_counts (void)
{
  /* losses.md: a pixel that is exactly half lung counts as lung (127.5 rounds to 128 > 127) */
  const guint8 half[2] = { 0, 255 };
  guint8 out;
  lb_image_resize_gray (half, 2, 1, &out, 1, 1);
  g_assert_cmpuint (out, ==, 128);
  g_assert_cmpuint (out, >, 127);
  /* 4020 → 256 is not an integer ratio: a half-covered source boundary still sums right */
  g_autofree guint8 *big = g_malloc (4020);
  for (int i = 0; i < 4020; i++)
    big[i] = i < 2010 ? 0 : 255;
  guint8 small[256];
  lb_image_resize_gray (big, 4020, 1, small, 256, 1);
  g_assert_cmpuint (small[127], ==, 0);
  g_assert_cmpuint (small[128], ==, 255);
  g_assert_cmpuint (small[0], ==, 0);
  g_assert_cmpuint (small[255], ==, 255);
}

static void
test_resize_bilinear_grow (void)
{
  const guint8 src[2] = { 0, 200 };
  guint8 dst[4];
  lb_image_resize_gray (src, 2, 1, dst, 4, 1);
  /* pixel centres: x = (j + 0.5)·0.5 − 0.5 → 0 (clamped), 0.25, 0.75, 1 (clamped) */
  g_assert_cmpuint (dst[0], ==, 0);
  g_assert_cmpuint (dst[1], ==, 50);
  g_assert_cmpuint (dst[2], ==, 150);
  g_assert_cmpuint (dst[3], ==, 200);

  guint8 same[16];
  guint8 copy[16];
  for (int i = 0; i < 16; i++)
    same[i] = (guint8) (i * 13);
  lb_image_resize_gray (same, 4, 4, copy, 4, 4);
  g_assert_cmpmem (same, 16, copy, 16);
}

static void
write_png (const char *name, const void *pixels, int w, int h, int channels, int depth)
{
  g_autofree char *path = tmp_path (name);
  g_autoptr(GBytes) png = lb_image_encode_png (pixels, w, h, channels, depth);
  g_autoptr(GError) error = NULL;
  g_file_set_contents (path, g_bytes_get_data (png, NULL), (gssize) g_bytes_get_size (png),
                       &error);
  g_assert_no_error (error);
}

static void
load_native (const char *name, int w, int h, guint8 *out)
{
  g_autofree char *path = tmp_path (name);
  g_autoptr(GError) error = NULL;
  LbImageInfo info = { 0 };
  g_assert_true (lb_image_load_gray (path, w, h, out, &info, &error));
  g_assert_no_error (error);
  g_assert_cmpint (info.width, ==, w);
  g_assert_cmpint (info.height, ==, h);
}

static void
test_decode_formats (void)
{
  enum { W = 8, H = 4, N = W * H };
  guint8 gray[N], ga[N * 2], rgb[N * 3], rgba[N * 4], out[N];
  for (int k = 0; k < N; k++)
    {
      gray[k] = (guint8) (k * 8);
      ga[2 * k] = gray[k];
      ga[2 * k + 1] = (guint8) (k % 2 ? 255 : 0); /* every other pixel transparent */
      rgb[3 * k] = (guint8) (k * 8);
      rgb[3 * k + 1] = (guint8) (255 - k * 8);
      rgb[3 * k + 2] = 77;
      memcpy (rgba + 4 * k, rgb + 3 * k, 3);
      rgba[4 * k + 3] = 128;
    }

  write_png ("gray.png", gray, W, H, 1, 8);
  load_native ("gray.png", W, H, out);
  g_assert_cmpmem (out, N, gray, N);

  /* alpha composites over black: transparent pixels become background (0) */
  write_png ("ga.png", ga, W, H, 2, 8);
  load_native ("ga.png", W, H, out);
  for (int k = 0; k < N; k++)
    g_assert_cmpuint (out[k], ==, k % 2 ? gray[k] : 0);

  /* colour becomes BT.601 luma */
  write_png ("rgb.png", rgb, W, H, 3, 8);
  load_native ("rgb.png", W, H, out);
  for (int k = 0; k < N; k++)
    {
      double luma = 0.299 * rgb[3 * k] + 0.587 * rgb[3 * k + 1] + 0.114 * rgb[3 * k + 2];
      g_assert_cmpfloat (fabs (out[k] - luma), <=, 0.51);
    }
  write_png ("rgba.png", rgba, W, H, 4, 8);
  load_native ("rgba.png", W, H, out);
  for (int k = 0; k < N; k++)
    {
      double luma = 0.299 * rgb[3 * k] + 0.587 * rgb[3 * k + 1] + 0.114 * rgb[3 * k + 2];
      g_assert_cmpfloat (fabs (out[k] - luma * 128.0 / 255.0), <=, 0.51);
    }

  /* 16-bit: reduced to 8 bits by GdkPixbuf (documented); v·257 comes back as v */
  guint16 deep[N];
  for (int k = 0; k < N; k++)
    deep[k] = (guint16) (gray[k] * 257);
  write_png ("deep.png", deep, W, H, 1, 16);
  load_native ("deep.png", W, H, out);
  g_assert_cmpmem (out, N, gray, N);
}

static void
test_decode_jpeg_tiff (void)
{
  enum { W = 32, H = 16 };
  g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, W, H);
  gdk_pixbuf_fill (pixbuf, 0x646464ff); /* gray 100 */
  guint8 out[W * H];
  g_autoptr(GError) error = NULL;

  g_autofree char *jpeg = tmp_path ("flat.jpg");
  g_assert_true (gdk_pixbuf_save (pixbuf, jpeg, "jpeg", &error, "quality", "100", NULL));
  load_native ("flat.jpg", W, H, out);
  for (int k = 0; k < W * H; k++)
    g_assert_cmpint (abs ((int) out[k] - 100), <=, 1);

  g_autofree char *tiff = tmp_path ("flat.tiff");
  if (gdk_pixbuf_save (pixbuf, tiff, "tiff", &error, NULL))
    {
      load_native ("flat.tiff", W, H, out);
      for (int k = 0; k < W * H; k++)
        g_assert_cmpuint (out[k], ==, 100);
    }
  else
    g_test_message ("no TIFF saver here (%s); TIFF decoding not exercised", error->message);

  /* a JPEG cut short is caught by its missing end marker */
  g_autofree char *contents = NULL;
  gsize len = 0;
  g_clear_error (&error);
  g_assert_true (g_file_get_contents (jpeg, &contents, &len, &error));
  g_autofree char *cut = tmp_path ("cut.jpg");
  g_assert_true (g_file_set_contents (cut, contents, (gssize) (len * 2 / 3), &error));
  g_assert_false (lb_image_probe (cut, NULL, &error));
  g_assert_error (error, LB_ERROR, LB_ERROR_CORRUPT);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "truncated JPEG"));
}

/* A BMP decodes; one whose header's lengths do not fit the file, or that is cut short, is
 * refused before GdkPixbuf, which would size its buffers from them (a 4 GB request, found by
 * fuzzing) or fill the missing rows with black. */
static void
test_bmp (void)
{
  enum { W = 10, H = 6 };
  g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, W, H);
  gdk_pixbuf_fill (pixbuf, 0x505050ff);
  g_autoptr(GError) error = NULL;
  g_autofree char *bmp = tmp_path ("flat.bmp");
  guint8 out[W * H];

  g_assert_true (gdk_pixbuf_save (pixbuf, bmp, "bmp", &error, NULL));
  load_native ("flat.bmp", W, H, out);
  for (int k = 0; k < W * H; k++)
    g_assert_cmpuint (out[k], ==, 0x50);

  g_autofree char *contents = NULL;
  gsize len = 0;
  g_assert_true (g_file_get_contents (bmp, &contents, &len, &error));
  g_autofree char *damaged = tmp_path ("damaged.bmp");
  const guint32 offsets[] = { 0xd0030961u, (guint32) len + 1 };
  for (guint i = 0; i < G_N_ELEMENTS (offsets); i++)
    {
      for (int b = 0; b < 4; b++)
        contents[10 + b] = (char) (offsets[i] >> (8 * b));
      g_assert_true (g_file_set_contents (damaged, contents, (gssize) len, &error));
      g_assert_false (lb_image_probe (damaged, NULL, &error));
      g_assert_error (error, LB_ERROR, LB_ERROR_CORRUPT);
      g_assert_nonnull (strstr (error->message, "starts like a BMP"));
      g_clear_error (&error);
    }

  /* Cut short: GdkPixbuf would fill the missing rows with black. */
  g_clear_pointer (&contents, g_free);
  g_assert_true (g_file_get_contents (bmp, &contents, &len, &error));
  g_assert_true (g_file_set_contents (damaged, contents, (gssize) len - 20, &error));
  g_assert_false (lb_image_probe (damaged, NULL, &error));
  g_assert_error (error, LB_ERROR, LB_ERROR_CORRUPT);
}

static void
test_pixel_limit (void)
{
  g_autoptr(GError) error = NULL;
  guint before = lb_image_get_decode_count ();
  g_autofree char *huge = tmp_path ("huge.png");
  lb_test_write_png_with_claimed_size (huge, 60000, 60000);
  guint8 out[16];
  g_assert_false (lb_image_load_gray (huge, 4, 4, out, NULL, &error));
  g_assert_error (error, LB_ERROR, LB_ERROR_INVALID_INPUT);
  /* refused from the header: the decoder never ran */
  g_assert_cmpuint (lb_image_get_decode_count (), ==, before);

  /* just over the documented limit: 8193 × 8193 > 64 Mpx; a long thin one over the side limit */
  g_clear_error (&error);
  lb_test_write_png_with_claimed_size (huge, 8193, 8193);
  g_assert_false (lb_image_probe (huge, NULL, &error));
  g_assert_error (error, LB_ERROR, LB_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  lb_test_write_png_with_claimed_size (huge, 40000, 100);
  g_assert_false (lb_image_probe (huge, NULL, &error));
  g_assert_error (error, LB_ERROR, LB_ERROR_INVALID_INPUT);

  /* within it: the header alone passes (4020 × 4892 is a Montgomery original) */
  g_clear_error (&error);
  lb_test_write_png_with_claimed_size (huge, 4020, 4892);
  LbImageInfo info;
  g_assert_true (lb_image_probe (huge, &info, &error));
  g_assert_no_error (error);
  g_assert_cmpint (info.width, ==, 4020);
  g_assert_cmpint (info.height, ==, 4892);
  g_assert_cmpstr (info.format, ==, "png");
}

int
main (int argc, char **argv)
{
  g_autofree char *cache = lb_test_isolate_cache ();
  g_test_init (&argc, &argv, NULL);
  tmp_dir = lb_test_make_tmp_dir ();
  g_test_add_func ("/image-io/resize/area", test_resize_area);
  g_test_add_func ("/image-io/resize/half-lung-counts", test_resize_half_lung_counts);
  g_test_add_func ("/image-io/resize/bilinear-grow", test_resize_bilinear_grow);
  g_test_add_func ("/image-io/decode/png-variants", test_decode_formats);
  g_test_add_func ("/image-io/decode/jpeg-tiff", test_decode_jpeg_tiff);
  g_test_add_func ("/image-io/decode/bmp", test_bmp);
  g_test_add_func ("/image-io/pixel-limit", test_pixel_limit);
  int status = g_test_run ();
  lb_test_remove_tree (tmp_dir);
  lb_test_remove_tree (cache);
  g_free (tmp_dir);
  return status;
}
