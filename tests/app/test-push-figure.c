/* test-push-figure.c — where each loss pushes, as a figure: the two colours of lb-push-render
 * (clear where there is no push), a PNG of the size the layout gives with the colours where
 * the maps are, an SVG that parses with a bitmap per panel, a PDF (pdfinfo when installed),
 * and what a screen reader hears.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <gdk-pixbuf/gdk-pixbuf.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "lb-push-figure.h"
#include "lb-push-render.h"

#define SIZE 32
#define HW (SIZE * SIZE)

static void
test_render (void)
{
  guint8 image[HW];
  float gradient[HW] = { 0 };
  const guint8 *lung = lb_push_direction_rgb (LB_PUSH_TOWARD_LUNG);
  const guint8 *background = lb_push_direction_rgb (LB_PUSH_TOWARD_BACKGROUND);

  memset (image, 100, sizeof image);
  gradient[0] = -2;   /* the full scale toward lung */
  gradient[1] = 2;    /* toward background */
  gradient[2] = 0.02f; /* a hundredth: still seen, at a tenth of the opacity */
  g_autoptr (GBytes) bytes = lb_push_render (image, gradient, 2, SIZE);
  const guint8 *rgba = g_bytes_get_data (bytes, NULL);

  for (int c = 0; c < 3; c++)
    {
      g_assert_cmpint (rgba[c], ==, (int) lround (100 * 0.1 + lung[c] * 0.9));
      g_assert_cmpint (rgba[4 + c], ==, (int) lround (100 * 0.1 + background[c] * 0.9));
      g_assert_cmpint (rgba[8 + c], ==, (int) lround (100 * 0.91 + background[c] * 0.09));
      /* No push: the X-ray as it is. */
      g_assert_cmpint (rgba[12 + c], ==, 100);
    }
  g_assert_cmpint (rgba[3], ==, 255);
  /* The two directions are told apart by hue: orange is red-heavy, purple blue-heavy. */
  g_assert_cmpint (lung[0], >, lung[2]);
  g_assert_cmpint (background[2], >, background[1]);
}

/* The left half of the image is lung; the prediction covers the whole image. Loss "A" pushes
 * the right half toward background, loss "B" pushes nowhere. */
static LbPushFigure *
make_figure (void)
{
  guint8 image[HW], truth[HW];
  float logits[HW], a[HW], b[HW] = { 0 };
  LbPushFigure *figure;

  for (int k = 0; k < HW; k++)
    {
      image[k] = 128;
      truth[k] = k % SIZE < SIZE / 2;
      logits[k] = 4;
      a[k] = truth[k] ? 0 : 1e-3f;
    }
  figure = lb_push_figure_new ("Where each loss pushes on CHNCXR_0001_0", image, truth, logits,
                               SIZE, "IoU 0.500, as predicted");
  lb_push_figure_add_loss (figure, "A", 0.25, a);
  lb_push_figure_add_loss (figure, "B", 0.0, b);
  return figure;
}

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
  g_autoptr (LbPushFigure) figure = make_figure ();
  g_autofree char *dir = g_dir_make_tmp ("lb-push-XXXXXX", NULL);
  g_autofree char *png = g_build_filename (dir, "push.png", NULL);
  g_autofree char *svg = g_build_filename (dir, "push.svg", NULL);
  g_autofree char *pdf = g_build_filename (dir, "push.pdf", NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (GdkPixbuf) pixbuf = NULL;
  g_autofree char *text = NULL;
  gsize length;
  guint n_images = 0;
  GMarkupParser parser = { count_images, NULL, NULL, NULL, NULL };
  GMarkupParseContext *context;
  int width, height;

  /* Three panels (the prediction, A, B) in a row of at most four. */
  lb_push_figure_get_size (figure, 4, &width, &height);
  g_assert_cmpint (width, ==, 2 * 16 + 3 * 176 + 2 * 12);
  g_assert_cmpint (height, ==, 2 * 16 + 4 * 18 + 12 + (18 + 176 + 3 * 18 + 4));
  lb_push_figure_get_size (figure, 1, &width, &height);
  g_assert_cmpint (height, ==, 2 * 16 + 4 * 18 + 12 + 3 * (18 + 176 + 3 * 18 + 4) + 2 * 12);
  g_assert_cmpint (lb_push_figure_columns_for_width (2 * 16 + 2 * 176 + 12), ==, 2);
  g_assert_cmpint (lb_push_figure_columns_for_width (2 * 16 + 2 * 176 + 11), ==, 1);

  g_assert_true (lb_push_figure_write (figure, png, LB_FIGURE_PNG, &error));
  g_assert_no_error (error);
  pixbuf = gdk_pixbuf_new_from_file (png, &error);
  g_assert_no_error (error);
  lb_push_figure_get_size (figure, 4, &width, &height);
  g_assert_cmpint (gdk_pixbuf_get_width (pixbuf), ==, 2 * width);
  g_assert_cmpint (gdk_pixbuf_get_height (pixbuf), ==, 2 * height);
  {
    const guint8 *pixels = gdk_pixbuf_read_pixels (pixbuf);
    int stride = gdk_pixbuf_get_rowstride (pixbuf);
    int channels = gdk_pixbuf_get_n_channels (pixbuf);
    int top = 16 + 4 * 18 + 12 + 18;
    /* A's map, right half: pushed toward background (purple: blue above green). */
    const guint8 *p = pixels + 2 * (top + 88) * stride + 2 * (16 + 188 + 150) * channels;

    g_assert_cmpint (p[2], >, p[1] + 40);
    /* Its left half: no push, the gray. */
    p = pixels + 2 * (top + 88) * stride + 2 * (16 + 188 + 20) * channels;
    g_assert_cmpint (p[0], ==, 128);
    g_assert_cmpint (p[2], ==, 128);
    /* B pushes nowhere: gray all over. */
    p = pixels + 2 * (top + 88) * stride + 2 * (16 + 2 * 188 + 150) * channels;
    g_assert_cmpint (p[0], ==, 128);
  }

  g_assert_true (lb_push_figure_write (figure, svg, LB_FIGURE_SVG, &error));
  g_assert_true (g_file_get_contents (svg, &text, &length, &error));
  context = g_markup_parse_context_new (&parser, 0, &n_images, NULL);
  g_assert_true (g_markup_parse_context_parse (context, text, (gssize) length, &error));
  g_assert_true (g_markup_parse_context_end_parse (context, &error));
  g_markup_parse_context_free (context);
  g_assert_no_error (error);
  g_assert_cmpuint (n_images, ==, 3);

  g_assert_true (lb_push_figure_write (figure, pdf, LB_FIGURE_PDF, &error));
  g_clear_pointer (&text, g_free);
  g_assert_true (g_file_get_contents (pdf, &text, &length, &error));
  g_assert_true (length > 1000 && memcmp (text, "%PDF-", 5) == 0);
  {
    g_autofree char *pdfinfo = g_find_program_in_path ("pdfinfo");
    int status = 0;
    g_autofree char *out = NULL;
    const char *argv[] = { "pdfinfo", pdf, NULL };

    if (pdfinfo != NULL)
      {
        g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                                     &out, NULL, &status, &error));
        g_assert_true (g_spawn_check_wait_status (status, &error));
        g_assert_true (g_regex_match_simple ("^Pages: +1$", out, G_REGEX_MULTILINE, 0));
      }
  }
  g_unlink (png);
  g_unlink (svg);
  g_unlink (pdf);
  g_rmdir (dir);
}

static void
test_describe (void)
{
  g_autoptr (LbPushFigure) figure = make_figure ();
  g_autofree char *text = lb_push_figure_describe (figure);
  const LbLossPushSummary *a = lb_push_figure_get_summary (figure, 0);

  g_assert_cmpuint (lb_push_figure_get_n_losses (figure), ==, 2);
  g_assert_cmpfloat (a->scale, ==, 1e-3f);
  g_assert_cmpfloat (a->toward_lung, ==, 0);
  g_assert_cmpstr (text, ==, "Prediction: IoU 0.500, as predicted; A: loss 0.25, 0 % toward "
                             "lung, 19 % near the edge; B: loss 0, no push anywhere");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/push-figure/render", test_render);
  g_test_add_func ("/push-figure/formats", test_formats);
  g_test_add_func ("/push-figure/describe", test_describe);
  return g_test_run ();
}
