/* test-gallery-figure.c — the gallery as a figure: a PNG of the size the layout gives, with the
 * predictions' colours where the tiles are; an SVG that parses, with one bitmap per tile; a PDF;
 * and a failed write that leaves an earlier file whole.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <gdk-pixbuf/gdk-pixbuf.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

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
  /* Twice the layout's points: margins 16, names 150, tiles 150 + 8 apart; title, key and
   * heading lines of 20, a gap of 8, each row a tile, its IoU line and a gap. */
  g_assert_cmpint (gdk_pixbuf_get_width (pixbuf), ==, 2 * (2 * 16 + 150 + 2 * (150 + 8)));
  g_assert_cmpint (gdk_pixbuf_get_height (pixbuf), ==, 2 * (2 * 16 + 3 * 20 + 8 + 2 * (150 + 20 + 8)));
  {
    /* The first row's first tile, right half: lung predicted where there is none, in the key's
     * colour blended over the gray. */
    const guint8 *pixels = gdk_pixbuf_read_pixels (pixbuf);
    int stride = gdk_pixbuf_get_rowstride (pixbuf);
    int channels = gdk_pixbuf_get_n_channels (pixbuf);
    int x = 2 * (16 + 150 + 110), y = 2 * (16 + 3 * 20 + 8 + 75);
    const guint8 *p = pixels + y * stride + x * channels;
    const guint8 *extra = lb_overlay_key_rgb (LB_OVERLAY_EXTRA);

    g_assert_cmpint (p[0], >, p[1]);
    g_assert_cmpint (p[0], >, p[2]);
    g_assert_cmpint (extra[0], >, extra[1]);
    /* The second row's second tile has no prediction: the page's white. */
    x = 2 * (16 + 150 + 158 + 75);
    y = 2 * (16 + 3 * 20 + 8 + 178 + 75);
    p = pixels + y * stride + x * channels;
    g_assert_cmpint (p[0], ==, 255);
    g_assert_cmpint (p[1], ==, 255);
    g_assert_cmpint (p[2], ==, 255);
  }

  g_assert_true (write_figure (figure, svg, LB_FIGURE_SVG, &error));
  g_assert_true (g_file_get_contents (svg, &text, &length, &error));
  context = g_markup_parse_context_new (&parser, 0, &n_images, NULL);
  g_assert_true (g_markup_parse_context_parse (context, text, (gssize) length, &error));
  g_assert_true (g_markup_parse_context_end_parse (context, &error));
  g_markup_parse_context_free (context);
  g_assert_no_error (error);
  /* Three tiles have a prediction. */
  g_assert_cmpuint (n_images, ==, 3);

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

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  loop = g_main_loop_new (NULL, FALSE);
  g_test_add_func ("/gallery-figure/formats", test_formats);
  g_test_add_func ("/gallery-figure/failure-keeps-earlier", test_failure_keeps_earlier);
  return g_test_run ();
}
