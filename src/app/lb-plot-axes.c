/* lb-plot-axes.c — the frame of an LbPlot and what is drawn around its data: the grid, the x
 * axis, the title and the legend.
 * SPDX-License-Identifier: GPL-3.0-or-later */

#include "lb-config.h"

#include <math.h>

#include "lb-plot-private.h"

/* Space between a legend entry's swatch and its name, and between two entries. */
#define SWATCH_WIDTH 18
#define ENTRY_GAP 12

double
lb_plot_frame_px (const LbPlotFrame *f,
                  double             x)
{
  return f->left + (x - f->x0) / (f->x1 - f->x0) * (f->right - f->left);
}

double
lb_plot_frame_py (const LbPlotFrame *f,
                  double             y)
{
  if (f->log_y)
    /* Zero and below sit under the plot area, where the clip hides them. */
    y = y > 0 ? log10 (y) : f->y0 - (f->y1 - f->y0);
  return f->bottom - (y - f->y0) / (f->y1 - f->y0) * (f->bottom - f->top);
}

/* The lowest positive value of a series (its buckets' minima, or maxima where a minimum is not
 * positive), or +∞. */
static double
positive_min (const LbPlotSeries *points)
{
  guint n;
  const LbPlotBucket *b = lb_plot_series_get_buckets (points, &n);
  double lo = INFINITY;

  for (guint i = 0; i < n; i++)
    if (b[i].finite > 0)
      {
        if (b[i].y_min > 0)
          lo = MIN (lo, b[i].y_min);
        else if (b[i].y_max > 0)
          lo = MIN (lo, b[i].y_max);
      }
  return lo;
}

/* The log10 range of LINES' positive values, padded a little; [−1, 0] when there are none. */
static void
log_range (GPtrArray *lines,
           double     y_min,
           double     y_max,
           double    *lo,
           double    *hi)
{
  double a = INFINITY, b = -INFINITY;

  if (y_min > 0 && y_min < y_max)
    {
      *lo = log10 (y_min);
      *hi = log10 (y_max);
      return;
    }
  for (guint i = 0; i < lines->len; i++)
    {
      LbPlotLine *s = g_ptr_array_index (lines, i);
      double s_lo, s_hi, s_x;

      if (s->hidden || !lb_plot_series_get_range (s->points, &s_lo, &s_hi, &s_x))
        continue;
      a = MIN (a, positive_min (s->points));
      if (s_hi > 0)
        b = MAX (b, s_hi);
    }
  if (!isfinite (a) || !isfinite (b))
    {
      *lo = -1;
      *hi = 0;
      return;
    }
  *lo = log10 (a);
  *hi = log10 (b);
  double pad = MAX ((*hi - *lo) * 0.05, 0.05);
  *lo -= pad;
  *hi += pad;
}

double
lb_plot_nice_step (double range,
                   int    target)
{
  double raw = range / MAX (target, 1);
  double mag = pow (10, floor (log10 (raw)));
  double r = raw / mag;

  if (r < 1.5)
    return mag;
  if (r < 3)
    return 2 * mag;
  if (r < 7)
    return 5 * mag;
  return 10 * mag;
}

void
lb_plot_frame_compute (LbPlotFrame *f,
                       GPtrArray   *lines,
                       double       x_max,
                       double       y_min,
                       double       y_max,
                       gboolean     log_y,
                       int          legend_rows,
                       int          width,
                       int          height)
{
  double lo = INFINITY;
  double hi = -INFINITY;
  double x_hi = x_max;

  for (guint i = 0; i < lines->len; i++)
    {
      LbPlotLine *s = g_ptr_array_index (lines, i);
      double s_lo;
      double s_hi;
      double s_x;

      if (s->hidden || lb_plot_series_get_n (s->points) == 0)
        continue;
      if (lb_plot_series_get_range (s->points, &s_lo, &s_hi, &s_x))
        {
          lo = MIN (lo, s_lo);
          hi = MAX (hi, s_hi);
        }
      x_hi = MAX (x_hi, s_x);
      /* Bands are per epoch: few points. */
      for (guint k = 0; k < s->lo->len; k++)
        if (isfinite (lb_plot_series_y (s->points, k)))
          {
            lo = MIN (lo, g_array_index (s->lo, double, k));
            hi = MAX (hi, g_array_index (s->hi, double, k));
          }
    }

  if (log_y)
    log_range (lines, y_min, y_max, &lo, &hi);
  else if (y_min < y_max)
    {
      lo = y_min;
      hi = y_max;
    }
  else if (!isfinite (lo))
    {
      lo = 0;
      hi = 1;
    }
  else
    {
      double pad = (hi - lo) * 0.08;

      if (pad <= 0)
        pad = fabs (hi) * 0.1 + 0.05;
      lo = lo - pad;
      hi = hi + pad;
      /* Losses and metrics here are never negative: keep 0 as the floor when it is near. */
      if (lo < 0 && hi > 0 && lo > -pad * 1.5)
        lo = 0;
    }

  f->x0 = 0;
  f->x1 = MAX (x_hi, 1);
  f->y0 = lo;
  f->y1 = hi;
  f->log_y = log_y;
  f->left = LB_PLOT_MARGIN_LEFT;
  f->right = MAX (width - LB_PLOT_MARGIN_RIGHT, f->left + 1);
  f->top = LB_PLOT_MARGIN_TOP + legend_rows * LB_PLOT_LEGEND_ROW;
  f->bottom = MAX (height - LB_PLOT_MARGIN_BOTTOM, f->top + 1);
}

/* ---- title and legend ---- */

static void
use_bold (PangoLayout *layout,
          gboolean     bold)
{
  PangoFontDescription *font = NULL;

  if (bold)
    {
      font = pango_font_description_new ();
      pango_font_description_set_weight (font, PANGO_WEIGHT_BOLD);
    }
  pango_layout_set_font_description (layout, font);
  g_clear_pointer (&font, pango_font_description_free);
}

static int
title_width (const char  *title,
             PangoLayout *layout)
{
  int w = 0;

  if (title == NULL)
    return 0;
  use_bold (layout, TRUE);
  pango_layout_set_text (layout, title, -1);
  pango_layout_get_pixel_size (layout, &w, NULL);
  use_bold (layout, FALSE);
  return w;
}

/* An entry's width: its name, the swatch before it and the gap before the next. */
static int
entry_width (LbPlotLine  *s,
             PangoLayout *layout)
{
  int w;

  pango_layout_set_text (layout, s->name, -1);
  pango_layout_get_pixel_size (layout, &w, NULL);
  return w + SWATCH_WIDTH + ENTRY_GAP;
}

static int
caption_width (const char  *caption,
               PangoLayout *layout)
{
  int w;

  pango_layout_set_text (layout, caption, -1);
  pango_layout_get_pixel_size (layout, &w, NULL);
  return w + SWATCH_WIDTH + ENTRY_GAP;
}

/* Rows the legend needs when laid out right to left, the band's caption then the last series
 * rightmost, in rows of @room. */
static int
rows_needed (GPtrArray   *lines,
             const char  *band_caption,
             PangoLayout *layout,
             double       room)
{
  int rows = lines->len > 0 || band_caption != NULL ? 1 : 0;
  double used = band_caption != NULL ? caption_width (band_caption, layout) : 0;

  for (guint i = lines->len; i-- > 0;)
    {
      int w = entry_width (g_ptr_array_index (lines, i), layout);

      if (used > 0 && used + w > room)
        {
          rows++;
          used = 0;
        }
      used += w;
    }
  return rows;
}

int
lb_plot_legend_rows (GPtrArray   *lines,
                     const char  *title,
                     const char  *band_caption,
                     PangoLayout *layout,
                     int          width,
                     int          height)
{
  double room = width - LB_PLOT_MARGIN_LEFT - LB_PLOT_MARGIN_RIGHT;
  int most = (int) (MAX (height - LB_PLOT_MARGIN_TOP - LB_PLOT_MARGIN_BOTTOM, 0) * 0.3
                    / LB_PLOT_LEGEND_ROW);

  double beside = room - title_width (title, layout) - ENTRY_GAP;
  double all = band_caption != NULL ? caption_width (band_caption, layout) : 0;

  /* Beside the title when every entry fits there (one entry too wide also goes below). */
  for (guint i = 0; i < lines->len; i++)
    all += entry_width (g_ptr_array_index (lines, i), layout);
  if (all <= beside)
    return 0;
  return MIN (rows_needed (lines, band_caption, layout, room), most);
}

void
lb_plot_draw_legend (cairo_t           *cr,
                     const LbPlotFrame *f,
                     PangoLayout       *layout,
                     const GdkRGBA     *fg,
                     const char        *title,
                     GPtrArray         *lines,
                     const char        *band_caption,
                     int                legend_rows)
{
  double x = f->right;
  double y = legend_rows > 0 ? 4 + LB_PLOT_LEGEND_ROW : 4;
  double left = legend_rows > 0 ? f->left : f->left + title_width (title, layout) + ENTRY_GAP;

  lb_plot_set_color (cr, fg, 0.9);
  if (title != NULL)
    {
      use_bold (layout, TRUE);
      lb_plot_draw_text (cr, layout, title, f->left, 4, 0, 0);
      use_bold (layout, FALSE);
    }
  if (band_caption != NULL)
    {
      int w, h;

      pango_layout_set_text (layout, band_caption, -1);
      pango_layout_get_pixel_size (layout, &w, &h);
      x -= w;
      lb_plot_set_color (cr, fg, 0.75);
      cairo_move_to (cr, x, y);
      pango_cairo_show_layout (cr, layout);
      x -= SWATCH_WIDTH;
      lb_plot_set_color (cr, fg, 0.18);
      cairo_rectangle (cr, x, y + h / 2.0 - 5, 14, 10);
      cairo_fill (cr);
      x -= ENTRY_GAP;
    }
  for (guint i = lines->len; i-- > 0;)
    {
      LbPlotLine *s = g_ptr_array_index (lines, i);
      int w;
      int h;

      pango_layout_set_text (layout, s->name, -1);
      pango_layout_get_pixel_size (layout, &w, &h);
      /* The row is full: the next row, right-aligned again, if there is one. */
      if (x - w - SWATCH_WIDTH < left && x < f->right)
        {
          if (y >= 4 + legend_rows * LB_PLOT_LEGEND_ROW)
            break;
          x = f->right;
          y += LB_PLOT_LEGEND_ROW;
        }
      x -= w;
      /* A hidden series stays in the legend, dimmed, so it can be found to be switched on. */
      lb_plot_set_color (cr, fg, s->hidden ? 0.35 : 0.75);
      cairo_move_to (cr, x, y);
      pango_cairo_show_layout (cr, layout);
      x -= SWATCH_WIDTH;
      lb_plot_set_color (cr, lb_plot_palette (s->color),
                         (s->style == LB_PLOT_STYLE_BOLD ? 1 : 0.4) * (s->hidden ? 0.3 : 1));
      cairo_set_line_width (cr, s->style == LB_PLOT_STYLE_BOLD ? 3 : 1.5);
      cairo_move_to (cr, x, y + h / 2.0);
      cairo_line_to (cr, x + 14, y + h / 2.0);
      cairo_stroke (cr);
      x -= ENTRY_GAP;
    }
}

/* ---- grid and axes ---- */

/* One grid line at VALUE (a data value; on a log scale its power of ten already taken). */
static void
grid_line (cairo_t           *cr,
           const LbPlotFrame *f,
           PangoLayout       *layout,
           const GdkRGBA     *fg,
           double             y,
           const char        *label)
{
  y = round (y) + 0.5;
  lb_plot_set_color (cr, fg, 0.10);
  cairo_move_to (cr, f->left, y);
  cairo_line_to (cr, f->right, y);
  cairo_stroke (cr);
  lb_plot_set_color (cr, fg, 0.6);
  lb_plot_draw_text (cr, layout, label, f->left - 6, y, 1, 0.5);
}

/* Powers of ten; 2× and 5× each too over less than two decades, every multiple over less than
 * one. */
static void
draw_log_grid (cairo_t           *cr,
               const LbPlotFrame *f,
               PangoLayout       *layout,
               const GdkRGBA     *fg)
{
  static const double coarse[] = { 1 }, medium[] = { 1, 2, 5 },
                      fine[] = { 1, 2, 3, 4, 5, 6, 7, 8, 9 };
  double span = f->y1 - f->y0;
  const double *multiples = span < 1 ? fine : span < 2 ? medium : coarse;
  guint n = span < 1 ? G_N_ELEMENTS (fine) : span < 2 ? G_N_ELEMENTS (medium) : 1;

  cairo_set_line_width (cr, 1);
  for (double k = floor (f->y0); k <= ceil (f->y1); k++)
    for (guint m = 0; m < n; m++)
      {
        double v = multiples[m] * pow (10, k), e = log10 (v);
        char buf[32];

        if (e < f->y0 || e > f->y1)
          continue;
        g_snprintf (buf, sizeof buf, "%g", v);
        grid_line (cr, f, layout, fg, lb_plot_frame_py (f, v), buf);
      }
}

void
lb_plot_draw_grid (cairo_t           *cr,
                   const LbPlotFrame *f,
                   PangoLayout       *layout,
                   const GdkRGBA     *fg)
{
  if (f->log_y)
    {
      draw_log_grid (cr, f, layout, fg);
      return;
    }
  double step = lb_plot_nice_step (f->y1 - f->y0, MAX (2, (int) ((f->bottom - f->top) / 40)));

  cairo_set_line_width (cr, 1);
  for (double v = ceil (f->y0 / step) * step; v <= f->y1 + step * 1e-6; v += step)
    {
      char buf[32];

      g_snprintf (buf, sizeof buf, "%.*f", step < 0.01 ? 3 : step < 0.1 ? 2 : step < 1 ? 1 : 0,
                  fabs (v) < step * 1e-6 ? 0.0 : v);
      grid_line (cr, f, layout, fg, lb_plot_frame_py (f, v), buf);
    }
}

void
lb_plot_draw_x_axis (cairo_t           *cr,
                     const LbPlotFrame *f,
                     PangoLayout       *layout,
                     const GdkRGBA     *fg,
                     const char        *x_label)
{
  double step = MAX (1, lb_plot_nice_step (f->x1 - f->x0,
                                           MAX (2, (int) ((f->right - f->left) / 60))));

  cairo_set_line_width (cr, 1);
  for (double v = 0; v <= f->x1 + 1e-9; v += step)
    {
      char buf[32];
      double x = round (lb_plot_frame_px (f, v)) + 0.5;

      lb_plot_set_color (cr, fg, 0.25);
      cairo_move_to (cr, x, f->bottom);
      cairo_line_to (cr, x, f->bottom + 4);
      cairo_stroke (cr);
      g_snprintf (buf, sizeof buf, "%g", v);
      lb_plot_set_color (cr, fg, 0.6);
      lb_plot_draw_text (cr, layout, buf, x, f->bottom + 5, 0.5, 0);
    }
  lb_plot_set_color (cr, fg, 0.35);
  cairo_move_to (cr, f->left, round (f->bottom) + 0.5);
  cairo_line_to (cr, f->right, round (f->bottom) + 0.5);
  cairo_stroke (cr);
  /* The axis title sits left of the first tick, under the y labels, where the tick labels
   * never are. */
  if (x_label != NULL)
    {
      lb_plot_set_color (cr, fg, 0.6);
      lb_plot_draw_text (cr, layout, x_label, f->left - 6, f->bottom + 8, 1, 0);
    }
}
