/* test-gallery-figure.c — the gallery as a figure: a PNG of the size the layout gives, with the
 * predictions' colours where the tiles are; an SVG that parses, with one bitmap per tile; a PDF;
 * and a failed write that leaves an earlier file whole.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <gdk-pixbuf/gdk-pixbuf.h>
#include <glib/gstdio.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "lb-consensus-render.h"
#include "lb-gallery-figure.h"
#include "lb-overlay-render.h"

#define SIZE 32

static GMainLoop *loop;

static void
written (GObject      *source,
         GAsyncResult *result,
         gpointer      data)
{
  GError **error = data;

  lb_gallery_figure_write_finish (result, error);
  g_main_loop_quit (loop);
}

static gboolean
write_figure (LbGalleryFigure *figure,
              const char      *path,
              LbFigureFormat   format,
              GError         **error)
{
  GError *local = NULL;

  lb_gallery_figure_write_async (figure, path, format, "Sans 11", written, &local);
  g_main_loop_run (loop);
  if (local != NULL)
    {
      g_propagate_error (error, local);
      return FALSE;
    }
  return TRUE;
}

/* Two images × two losses: the left half of each image is lung; one loss predicts the whole
 * image (right half: predicted where there is none), the other nothing for the second image. */
static LbGalleryFigure *
make_figure (void)
{
  const char *const labels[] = { "Dice-BCE", "Jaccard" };
  guint8 image[SIZE * SIZE], truth[SIZE * SIZE];
  float everything[SIZE * SIZE];
  LbGalleryFigure *figure = lb_gallery_figure_new ("Where the Losses Disagree Most", SIZE, 2,
                                                   labels);

  for (int i = 0; i < SIZE * SIZE; i++)
    {
      image[i] = 128;
      truth[i] = i % SIZE < SIZE / 2;
      everything[i] = 1;
    }
  {
    const float *predictions[] = { everything, everything };
    const double ious[] = { 0.5, 0.5 };

    lb_gallery_figure_add_row (figure, "CHNCXR_0001_0", image, truth, predictions, ious);
  }
  {
    const float *predictions[] = { everything, NULL };
    const double ious[] = { 0.5, NAN };

    lb_gallery_figure_add_row (figure, "MCUCXR_0002_1", image, truth, predictions, ious);
  }
  return figure;
}

/* Elements named "image" in an SVG: it must parse as XML. */
static void
count_images (GMarkupParseContext *context,
              const char          *element,
              const char         **names,
              const char         **values,
              gpointer             data,
              GError             **error)
{
  if (strcmp (element, "image") == 0)
    (*(guint *) data)++;
}

static void
test_formats (void)
{
  g_autoptr (LbGalleryFigure) figure = make_figure ();
  g_autofree char *dir = g_dir_make_tmp ("lb-gallery-XXXXXX", NULL);
  g_autofree char *png = g_build_filename (dir, "gallery.png", NULL);
  g_autofree char *svg = g_build_filename (dir, "gallery.svg", NULL);
  g_autofree char *pdf = g_build_filename (dir, "gallery.pdf", NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (GdkPixbuf) pixbuf = NULL;
  g_autofree char *text = NULL;
  gsize length;
  guint n_images = 0;
  GMarkupParser parser = { count_images, NULL, NULL, NULL, NULL };
  GMarkupParseContext *context;

  g_assert_true (write_figure (figure, png, LB_FIGURE_PNG, &error));
  g_assert_no_error (error);
  pixbuf = gdk_pixbuf_new_from_file (png, &error);
  g_assert_no_error (error);
  /* Twice the layout's points: margins 16, names 150, tiles 150 + 8 apart (the two losses', and
   * the consensus map's); title, key, the consensus ramp's key and heading lines of 20, a gap
   * of 8, each row a tile, its IoU line and a gap. */
  g_assert_cmpint (gdk_pixbuf_get_width (pixbuf), ==, 2 * (2 * 16 + 150 + 3 * (150 + 8)));
  g_assert_cmpint (gdk_pixbuf_get_height (pixbuf), ==, 2 * (2 * 16 + 4 * 20 + 8 + 2 * (150 + 20 + 8)));
  {
    /* The first row's first tile, right half: lung predicted where there is none, in the key's
     * colour blended over the gray. */
    const guint8 *pixels = gdk_pixbuf_read_pixels (pixbuf);
    int stride = gdk_pixbuf_get_rowstride (pixbuf);
    int channels = gdk_pixbuf_get_n_channels (pixbuf);
    int x = 2 * (16 + 150 + 110), y = 2 * (16 + 4 * 20 + 8 + 75);
    const guint8 *p = pixels + y * stride + x * channels;
    const guint8 *extra = lb_overlay_key_rgb (LB_OVERLAY_EXTRA);

    g_assert_cmpint (p[0], >, p[1]);
    g_assert_cmpint (p[0], >, p[2]);
    g_assert_cmpint (extra[0], >, extra[1]);
    /* The second row's second tile has no prediction: the page's white. */
    x = 2 * (16 + 150 + 158 + 75);
    y = 2 * (16 + 4 * 20 + 8 + 178 + 75);
    p = pixels + y * stride + x * channels;
    g_assert_cmpint (p[0], ==, 255);
    g_assert_cmpint (p[1], ==, 255);
    g_assert_cmpint (p[2], ==, 255);
    /* The first row's consensus: both losses call the right half lung, in the ramp's "all"
     * colour (yellow) over the gray; the second row has one prediction, nothing to agree on. */
    {
      guint8 all[3];

      lb_consensus_rgb (2, 2, all);
      x = 2 * (16 + 150 + 2 * 158 + 110);
      y = 2 * (16 + 4 * 20 + 8 + 75);
      p = pixels + y * stride + x * channels;
      for (int c = 0; c < 3; c++)
        g_assert_cmpint (abs (p[c] - (int) lround (128 * 0.4 + all[c] * 0.6)), <=, 1);
      y = 2 * (16 + 4 * 20 + 8 + 178 + 75);
      p = pixels + y * stride + x * channels;
      g_assert_cmpint (p[0], ==, 255);
    }
  }

  g_assert_true (write_figure (figure, svg, LB_FIGURE_SVG, &error));
  g_assert_true (g_file_get_contents (svg, &text, &length, &error));
  context = g_markup_parse_context_new (&parser, 0, &n_images, NULL);
  g_assert_true (g_markup_parse_context_parse (context, text, (gssize) length, &error));
  g_assert_true (g_markup_parse_context_end_parse (context, &error));
  g_markup_parse_context_free (context);
  g_assert_no_error (error);
  /* Three tiles have a prediction; one row has a consensus map. */
  g_assert_cmpuint (n_images, ==, 4);

  g_assert_true (write_figure (figure, pdf, LB_FIGURE_PDF, &error));
  g_clear_pointer (&text, g_free);
  g_assert_true (g_file_get_contents (pdf, &text, &length, &error));
  g_assert_true (length > 1000 && memcmp (text, "%PDF-", 5) == 0);

  g_unlink (png);
  g_unlink (svg);
  g_unlink (pdf);
  g_rmdir (dir);
}

static void
test_failure_keeps_earlier (void)
{
  g_autoptr (LbGalleryFigure) figure = make_figure ();
  g_autofree char *dir = g_dir_make_tmp ("lb-gallery-XXXXXX", NULL);
  g_autofree char *missing = g_build_filename (dir, "no-such-folder", "gallery.png", NULL);
  g_autoptr (GError) error = NULL;

  g_assert_false (write_figure (figure, missing, LB_FIGURE_PNG, &error));
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "Check that the folder is writable"));
  g_assert_false (g_file_test (missing, G_FILE_TEST_EXISTS));
  g_rmdir (dir);
}

/* Three losses on a 4 × 4 image: the counts per pixel, the ramp's ends, the truth's contour. */
static void
test_consensus (void)
{
  guint8 image[16], truth[16] = { 0 }, counts[16], rgb[3];
  float a[16] = { 0 }, b[16] = { 0 };
  const float *predictions[] = { a, NULL, b };

  for (int k = 0; k < 16; k++)
    image[k] = 50;
  a[5] = b[5] = 1;  /* both losses that predict call pixel 5 lung */
  a[6] = 1;         /* one of them pixel 6 */
  truth[15] = 1;    /* a lung of one pixel, its own contour */
  g_autoptr (GBytes) bytes = lb_consensus_render (image, truth, predictions, 3, 4, counts);
  const guint8 *rgba = g_bytes_get_data (bytes, NULL);

  g_assert_cmpint (counts[5], ==, 2);
  g_assert_cmpint (counts[6], ==, 1);
  g_assert_cmpint (counts[0], ==, 0);
  /* Two predictions, not three: pixel 5 is "all of them", pixel 6 "one". */
  lb_consensus_rgb (2, 2, rgb);
  g_assert_cmpint (rgb[0], ==, 254);
  for (int c = 0; c < 3; c++)
    g_assert_cmpint (rgba[4 * 5 + c], ==, (int) lround (50 * 0.4 + rgb[c] * 0.6));
  lb_consensus_rgb (1, 2, rgb);
  g_assert_cmpint (rgb[2], ==, 78);
  for (int c = 0; c < 3; c++)
    {
      g_assert_cmpint (rgba[4 * 6 + c], ==, (int) lround (50 * 0.4 + rgb[c] * 0.6));
      g_assert_cmpint (rgba[c], ==, 50);
      g_assert_cmpint (rgba[4 * 15 + c], ==, 255);
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  loop = g_main_loop_new (NULL, FALSE);
  g_test_add_func ("/gallery-figure/formats", test_formats);
  g_test_add_func ("/gallery-figure/failure-keeps-earlier", test_failure_keeps_earlier);
  g_test_add_func ("/gallery-figure/consensus", test_consensus);
  return g_test_run ();
}
