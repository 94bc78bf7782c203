/* test-overlay-render.c — the large view's drawing: pyramid levels are means of the level below,
 * the level chosen matches the screen, and a region renders what lies under each screen pixel
 * at the picture's own aspect.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <string.h>

#include "lb-overlay-render.h"

static void
test_pyramid (void)
{
  /* 5 × 3: odd sides keep their last column and row on their own. */
  guint8 pixels[15] = { 0, 10, 20, 30, 40,
                        2, 12, 22, 32, 42,
                        100, 100, 100, 100, 200 };
  g_autoptr (LbImagePyramid) pyramid = lb_image_pyramid_new_take (g_memdup2 (pixels, 15), 5, 3);
  int w, h;

  g_assert_cmpint (lb_image_pyramid_get_n_levels (pyramid), ==, 1);
  g_assert_cmpint (lb_image_pyramid_get_pixel (pyramid, 4, 2), ==, 200);

  /* 40 × 20 halves to 20 × 10 and 10 × 5, then stops (a side of 8 or less at 5 × 3). */
  guint8 *big = g_malloc (40 * 20);
  for (int y = 0; y < 20; y++)
    for (int x = 0; x < 40; x++)
      big[y * 40 + x] = (guint8) (x < 20 ? 0 : 200) + (y & 1);
  g_autoptr (LbImagePyramid) levels = lb_image_pyramid_new_take (big, 40, 20);
  g_assert_cmpint (lb_image_pyramid_get_n_levels (levels), ==, 4);
  const guint8 *l1 = lb_image_pyramid_get_level (levels, 1, &w, &h);
  g_assert_cmpint (w, ==, 20);
  g_assert_cmpint (h, ==, 10);
  g_assert_cmpint (l1[0], ==, 1);     /* (0 + 0 + 1 + 1 + 2) / 4, rounded */
  g_assert_cmpint (l1[19], ==, 201);
  const guint8 *l3 = lb_image_pyramid_get_level (levels, 3, &w, &h);
  g_assert_cmpint (w, ==, 5);
  g_assert_cmpint (h, ==, 3);
  g_assert_cmpint (l3[2], ==, 101);   /* the middle column straddles both halves */

  /* One screen pixel over up to two level pixels: level 0 up to a footprint of 2. */
  g_assert_cmpint (lb_image_pyramid_choose_level (levels, 0.5), ==, 0);
  g_assert_cmpint (lb_image_pyramid_choose_level (levels, 2), ==, 0);
  g_assert_cmpint (lb_image_pyramid_choose_level (levels, 3), ==, 1);
  g_assert_cmpint (lb_image_pyramid_choose_level (levels, 8), ==, 2);
  g_assert_cmpint (lb_image_pyramid_choose_level (levels, 1000), ==, 3);
}

/* The RGBA pixel (i, j) of a region OUT_WIDTH wide. */
static const guint8 *
at (GBytes *bytes, int out_width, int i, int j)
{
  return (const guint8 *) g_bytes_get_data (bytes, NULL) + 4 * ((gsize) j * out_width + i);
}

static void
test_region (void)
{
  /* A 30 × 20 picture, left half black, right half white; lung on the bottom rows only. */
  guint8 *image = g_malloc (30 * 20);
  guint8 *mask = g_malloc0 (30 * 20);
  for (int y = 0; y < 20; y++)
    for (int x = 0; x < 30; x++)
      {
        image[y * 30 + x] = x < 15 ? 0 : 255;
        mask[y * 30 + x] = y >= 15 ? 255 : 0;
      }
  LbOverlayPlanes planes = {
    .width = 30,
    .height = 20,
    .image = lb_image_pyramid_new_take (image, 30, 20),
    .mask = lb_image_pyramid_new_take (mask, 30, 20),
  };
  LbOverlayStyle style;
  lb_overlay_style_init (&style);
  style.opacity = 1;

  /* Magnified 8×, pixel by pixel: the screen pixels over picture pixel (14, 3) are black,
   * over (15, 3) white, and over (15, 16) painted lung green. */
  g_autoptr (GBytes) zoomed = lb_overlay_render_region (&planes, 0, 0, 0.125, 240, 160, &style);
  g_assert_cmpint (at (zoomed, 240, 14 * 8 + 7, 3 * 8)[0], ==, 0);
  g_assert_cmpint (at (zoomed, 240, 15 * 8, 3 * 8)[0], ==, 255);
  const guint8 *lung = at (zoomed, 240, 15 * 8 + 4, 16 * 8 + 4);
  g_assert_cmpint (lung[0], ==, 51);
  g_assert_cmpint (lung[1], ==, 209);
  g_assert_cmpint (lung[3], ==, 255);

  /* Shrunk 3× from the level above: black and white still apart at either end, gray where a
   * screen pixel (picture columns 13.5 … 16.5) straddles the edge. */
  g_autoptr (GBytes) small = lb_overlay_render_region (&planes, 1.5, 0, 3, 9, 6, &style);
  g_assert_cmpint (at (small, 9, 0, 0)[0], <, 40);
  g_assert_cmpint (at (small, 9, 8, 0)[0], >, 215);
  g_assert_cmpint (at (small, 9, 4, 0)[0], >, 40);
  g_assert_cmpint (at (small, 9, 4, 0)[0], <, 215);

  /* A region away from the origin: its first column is picture column 15 onwards. */
  g_autoptr (GBytes) right = lb_overlay_render_region (&planes, 15, 0, 0.125, 8, 8, &style);
  g_assert_cmpint (at (right, 8, 0, 0)[0], ==, 255);

  /* A square training-size plane on the picture's own aspect: 4 × 4 stretched onto 30 × 20,
   * so the plane's column 1 covers picture columns 7.5 … 15. */
  guint8 square[16] = { 0, 100, 200, 255, 0, 100, 200, 255, 0, 100, 200, 255, 0, 100, 200, 255 };
  LbOverlayPlanes stretched = {
    .width = 30,
    .height = 20,
    .image = lb_image_pyramid_new_take (g_memdup2 (square, 16), 4, 4),
  };
  g_autoptr (GBytes) preview = lb_overlay_render_region (&stretched, 0, 0, 0.125, 240, 160,
                                                         &style);
  g_assert_cmpint (at (preview, 240, 10 * 8, 0)[0], ==, 100);
  g_assert_cmpint (at (preview, 240, 29 * 8, 159)[0], ==, 255);

  /* Window and level: a window of 100 around 50 maps 0 … 100 onto black … white. */
  style.window = 100;
  style.level = 50;
  g_autoptr (GBytes) windowed = lb_overlay_render_region (&stretched, 0, 0, 0.125, 240, 160,
                                                          &style);
  g_assert_cmpint (at (windowed, 240, 0, 0)[0], ==, 0);
  g_assert_cmpint (at (windowed, 240, 10 * 8, 0)[0], >=, 254);
  g_assert_cmpint (at (windowed, 240, 18 * 8, 0)[0], ==, 255);

  lb_image_pyramid_unref (planes.image);
  lb_image_pyramid_unref (planes.mask);
  lb_image_pyramid_unref (stretched.image);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/overlay-render/pyramid", test_pyramid);
  g_test_add_func ("/overlay-render/region", test_region);
  return g_test_run ();
}
