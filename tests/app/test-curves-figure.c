/* test-curves-figure.c — the validation curves as a figure: the mean drawn in its loss's
 * colour where its value puts it, the band over seeds around it in a tint of that colour,
 * nothing outside; a curve without points left out.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <gdk-pixbuf/gdk-pixbuf.h>
#include <glib/gstdio.h>
#include <math.h>
#include <stdlib.h>

#include "lb-curves-figure.h"

/* The plot's corners in points, as the layout has them: margins 16, the y ticks' 56, the
 * legend's 170 on the right, two lines of 18 above, 40 below. */
#define LEFT (16 + 56)
#define RIGHT (640 - 16 - 170)
#define TOP (16 + 2 * 18)
#define BOTTOM (400 - 16 - 40)

static const guint8 *
pixel_at (GdkPixbuf *pixbuf, double x, double y)
{
  return gdk_pixbuf_read_pixels (pixbuf) + (int) lround (2 * y) * gdk_pixbuf_get_rowstride (pixbuf)
         + (int) lround (2 * x) * gdk_pixbuf_get_n_channels (pixbuf);
}

static void
test_draws_mean_and_band (void)
{
  double epoch[] = { 1, 2, 3 }, mean[] = { 0.5, 0.5, 0.5 }, low[] = { 0.4, 0.4, 0.4 };
  double high[] = { 0.6, 0.6, 0.6 };
  guint runs[] = { 3, 3, 3 };
  LbSeedBand band = { 3, epoch, mean, low, high, runs }, empty = { 0 };
  g_autoptr (LbCurvesFigure) figure = lb_curves_figure_new ("Validation IoU", "IoU", 0, 1);
  g_autofree char *dir = g_dir_make_tmp ("lb-curves-XXXXXX", NULL);
  g_autofree char *png = g_build_filename (dir, "curves.png", NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (GdkPixbuf) pixbuf = NULL;
  double x = (LEFT + RIGHT) / 2.0;
  const guint8 *p;

  lb_curves_figure_add (figure, "Dice-BCE", &band);
  lb_curves_figure_add (figure, "Nothing yet", &empty);
  g_assert_cmpuint (lb_curves_figure_get_n_curves (figure), ==, 1);
  g_assert_true (lb_curves_figure_write (figure, png, LB_FIGURE_PNG, &error));
  g_assert_no_error (error);
  pixbuf = gdk_pixbuf_new_from_file (png, &error);
  g_assert_no_error (error);
  g_assert_cmpint (gdk_pixbuf_get_width (pixbuf), ==, 2 * 640);
  g_assert_cmpint (gdk_pixbuf_get_height (pixbuf), ==, 2 * 400);

  /* The mean at 0.5: the first colour, GNOME's blue 3 (0x3584e4). */
  p = pixel_at (pixbuf, x, BOTTOM - 0.5 * (BOTTOM - TOP));
  g_assert_cmpint (abs (p[0] - 0x35), <=, 8);
  g_assert_cmpint (abs (p[1] - 0x84), <=, 8);
  g_assert_cmpint (abs (p[2] - 0xe4), <=, 8);
  /* Inside the band, at 0.45: a fifth of that blue over white. */
  p = pixel_at (pixbuf, x, BOTTOM - 0.45 * (BOTTOM - TOP));
  g_assert_cmpint (abs (p[0] - (int) lround (255 * 0.8 + 0x35 * 0.2)), <=, 3);
  g_assert_cmpint (abs (p[2] - (int) lround (255 * 0.8 + 0xe4 * 0.2)), <=, 3);
  /* Above it, at 0.75 (between grid lines): the page's white. */
  p = pixel_at (pixbuf, x, BOTTOM - 0.75 * (BOTTOM - TOP));
  g_assert_cmpint (p[0], ==, 255);
  g_assert_cmpint (p[1], ==, 255);
  g_assert_cmpint (p[2], ==, 255);
  g_unlink (png);
  g_rmdir (dir);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/curves-figure/mean-and-band", test_draws_mean_and_band);
  return g_test_run ();
}
