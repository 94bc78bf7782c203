/* lb-plot-layers.c — the layers of an LbPlot over its frame: markers, bands, series and the
 * hover read-out.
 * SPDX-License-Identifier: GPL-3.0-or-later */

#include "lb-config.h"

#include <math.h>

#include "lb-plot-private.h"

/* Adwaita's palette (blue 3, orange 3, green 4, purple 3, red 3, yellow 5): saturated enough to
 * read on both the light and the dark background. */
static const GdkRGBA palette[LB_PLOT_N_COLORS] = {
  { 0.208f, 0.518f, 0.894f, 1.f },
  { 1.000f, 0.471f, 0.000f, 1.f },
  { 0.180f, 0.761f, 0.494f, 1.f },
  { 0.569f, 0.255f, 0.675f, 1.f },
  { 0.878f, 0.106f, 0.141f, 1.f },
  { 0.898f, 0.647f, 0.039f, 1.f },
};

/* The best epoch's marker is green, like a good result elsewhere. */
#define MARKER_EMPHASIS_COLOR 2

/* Bold series show their points as dots while there are fewer than this. */
#define MAX_DOTS 80

const GdkRGBA *
lb_plot_palette (guint color)
{
  return &palette[color % LB_PLOT_N_COLORS];
}

void
lb_plot_set_color (cairo_t       *cr,
                   const GdkRGBA *c,
                   double         alpha)
{
  cairo_set_source_rgba (cr, c->red, c->green, c->blue, c->alpha * alpha);
}

void
lb_plot_draw_text (cairo_t     *cr,
                   PangoLayout *layout,
                   const char  *text,
                   double       x,
                   double       y,
                   double       xalign,
                   double       yalign)
{
  int w;
  int h;

  pango_layout_set_text (layout, text, -1);
  pango_layout_get_pixel_size (layout, &w, &h);
  cairo_move_to (cr, x - xalign * w, y - yalign * h);
  pango_cairo_show_layout (cr, layout);
}

/* Best epoch (emphasised) and learning-rate drops (dashed, their labels a line lower). */
void
lb_plot_draw_markers (cairo_t           *cr,
                      const LbPlotFrame *f,
                      PangoLayout       *layout,
                      const GdkRGBA     *fg,
                      GArray            *markers)
{
  static const double dash[] = { 4, 3 };

  cairo_set_line_width (cr, 1);
  for (guint i = 0; i < markers->len; i++)
    {
      LbPlotMarker *m = &g_array_index (markers, LbPlotMarker, i);
      double x = round (lb_plot_frame_px (f, m->x)) + 0.5;

      lb_plot_set_color (cr, m->emphasis ? &palette[MARKER_EMPHASIS_COLOR] : fg,
                         m->emphasis ? 0.9 : 0.45);
      cairo_set_dash (cr, dash, m->emphasis ? 0 : 2, 0);
      cairo_move_to (cr, x, f->top);
      cairo_line_to (cr, x, f->bottom);
      cairo_stroke (cr);
      cairo_set_dash (cr, NULL, 0, 0);
      if (m->label != NULL)
        lb_plot_draw_text (cr, layout, m->label, x + 3, f->top + 2 + (m->emphasis ? 0 : 16), 0, 0);
    }
}

void
lb_plot_draw_bands (cairo_t           *cr,
                    const LbPlotFrame *f,
                    GPtrArray         *lines)
{
  for (guint i = 0; i < lines->len; i++)
    {
      LbPlotLine *s = g_ptr_array_index (lines, i);
      guint n = lb_plot_series_get_n (s->points);

      if (s->hidden || s->lo->len != n || n < 2)
        continue;
      for (guint k = 0; k < n; k++)
        {
          double x = lb_plot_frame_px (f, lb_plot_series_x (s->points, k));
          double y = lb_plot_frame_py (f, g_array_index (s->hi, double, k));

          if (k == 0)
            cairo_move_to (cr, x, y);
          else
            cairo_line_to (cr, x, y);
        }
      for (guint k = n; k-- > 0;)
        cairo_line_to (cr, lb_plot_frame_px (f, lb_plot_series_x (s->points, k)),
                       lb_plot_frame_py (f, g_array_index (s->lo, double, k)));
      cairo_close_path (cr);
      lb_plot_set_color (cr, &palette[s->color], 0.18);
      cairo_fill (cr);
    }
}

/* The path of a series through its buckets: one vertical stroke from the lowest to the highest
 * value of every pixel column the buckets fall into, joined in order. Exact while there are
 * fewer buckets than columns; a min/max envelope beyond. */
static void
trace (cairo_t            *cr,
       const LbPlotFrame  *f,
       const LbPlotSeries *points)
{
  guint n;
  const LbPlotBucket *b = lb_plot_series_get_buckets (points, &n);
  gboolean pen_down = FALSE;
  gboolean have_column = FALSE;
  double column = 0;
  LbPlotBucket acc = { 0 };

  for (guint i = 0; i <= n; i++)
    {
      double px = i < n && b[i].finite > 0 ? floor (lb_plot_frame_px (f, b[i].x_first)) : 0;

      /* Close the column being gathered when this bucket starts another, or the line breaks. */
      if (have_column && (i == n || b[i].finite == 0 || px != column || acc.gap_after))
        {
          double x0 = lb_plot_frame_px (f, acc.x_first);
          double x1 = lb_plot_frame_px (f, acc.x_last);

          if (pen_down)
            cairo_line_to (cr, x0, lb_plot_frame_py (f, acc.y_first));
          else
            cairo_move_to (cr, x0, lb_plot_frame_py (f, acc.y_first));
          if (acc.y_min < acc.y_max)
            {
              cairo_line_to (cr, (x0 + x1) / 2, lb_plot_frame_py (f, acc.y_min));
              cairo_line_to (cr, (x0 + x1) / 2, lb_plot_frame_py (f, acc.y_max));
            }
          cairo_line_to (cr, x1, lb_plot_frame_py (f, acc.y_last));
          pen_down = !acc.gap_after;
          have_column = FALSE;
        }
      if (i == n)
        break;
      if (b[i].finite == 0)
        {
          pen_down = FALSE;
          continue;
        }
      if (!have_column)
        {
          acc = b[i];
          column = px;
          have_column = TRUE;
        }
      else
        {
          acc.x_last = b[i].x_last;
          acc.y_last = b[i].y_last;
          acc.y_min = MIN (acc.y_min, b[i].y_min);
          acc.y_max = MAX (acc.y_max, b[i].y_max);
          acc.gap_after = b[i].gap_after;
        }
    }
}

static void
draw_dots (cairo_t            *cr,
           const LbPlotFrame  *f,
           const LbPlotSeries *points)
{
  for (guint k = 0; k < lb_plot_series_get_n (points); k++)
    {
      double y = lb_plot_series_y (points, k);

      if (!isfinite (y))
        continue;
      cairo_arc (cr, lb_plot_frame_px (f, lb_plot_series_x (points, k)), lb_plot_frame_py (f, y),
                 2.5, 0, 2 * G_PI);
      cairo_fill (cr);
    }
}

void
lb_plot_draw_lines (cairo_t           *cr,
                    const LbPlotFrame *f,
                    GPtrArray         *lines)
{
  for (int pass = 0; pass < 2; pass++)
    for (guint i = 0; i < lines->len; i++)
      {
        LbPlotLine *s = g_ptr_array_index (lines, i);
        gboolean bold = s->style == LB_PLOT_STYLE_BOLD;
        /* Smoothed, the line is drawn over its raw values, which stay visible but faint, as in
         * TensorBoard. */
        gboolean smoothed = s->smoothed != NULL;

        if (s->hidden || bold != (pass == 1))
          continue;
        cairo_set_line_width (cr, bold && !smoothed ? 2 : 1);
        trace (cr, f, s->points);
        lb_plot_set_color (cr, &palette[s->color], (bold ? 1 : 0.35) * (smoothed ? 0.3 : 1));
        cairo_stroke (cr);
        if (smoothed)
          {
            cairo_set_line_width (cr, bold ? 2 : 1.5);
            trace (cr, f, s->smoothed);
            lb_plot_set_color (cr, &palette[s->color], bold ? 1 : 0.8);
            cairo_stroke (cr);
          }
        else if (bold && lb_plot_series_get_n (s->points) < MAX_DOTS)
          draw_dots (cr, f, s->points);
      }
}

void
lb_plot_draw_readout (cairo_t           *cr,
                      const LbPlotFrame *f,
                      PangoLayout       *layout,
                      const GdkRGBA     *fg,
                      double             pointer_x,
                      const char        *readout)
{
  GdkRGBA bg = { 1 - fg->red, 1 - fg->green, 1 - fg->blue, 0.92f };
  int w;
  int h;
  double bx;

  lb_plot_set_color (cr, fg, 0.3);
  cairo_set_line_width (cr, 1);
  cairo_move_to (cr, round (pointer_x) + 0.5, f->top);
  cairo_line_to (cr, round (pointer_x) + 0.5, f->bottom);
  cairo_stroke (cr);

  pango_layout_set_text (layout, readout, -1);
  pango_layout_get_pixel_size (layout, &w, &h);
  /* Right of the pointer, or left of it near the right edge. */
  bx = pointer_x + 10;
  if (bx + w + 12 > f->right)
    bx = pointer_x - w - 22;
  lb_plot_set_color (cr, &bg, 1);
  cairo_rectangle (cr, bx, f->top + 4, w + 12, h + 8);
  cairo_fill_preserve (cr);
  lb_plot_set_color (cr, fg, 0.3);
  cairo_stroke (cr);
  lb_plot_set_color (cr, fg, 1);
  cairo_move_to (cr, bx + 6, f->top + 8);
  pango_cairo_show_layout (cr, layout);
}
