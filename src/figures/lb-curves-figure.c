/* lb-curves-figure.c — validation curves over seeds, drawn with Cairo and Pango.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The band is each epoch's lowest and highest seed, filled at a fifth of the curve's opacity;
 * a loss with one seed has no band. Colours are the GNOME palette's, in a fixed order, so the
 * same loss keeps its colour in every figure of one experiment. */

#include "lb-config.h"

#include "lb-curves-figure.h"

#include "lb-figure-text.h"

#include <math.h>
#include <pango/pangocairo.h>
#include <string.h>

/* Points: the page, the plot's margins (left for the tick labels), the legend's column. */
#define WIDTH 640
#define HEIGHT 400
#define MARGIN 16
#define LINE 18
#define AXIS_LEFT 56
#define AXIS_BOTTOM 40
#define LEGEND_WIDTH 170

typedef struct
{
  char *label;
  LbSeedBand band;
} Curve;

struct _LbCurvesFigure
{
  char *title;
  char *y_label;
  double y_min;
  double y_max;
  GPtrArray *curves; /* Curve */
};

/* GNOME's blue 3, orange 3, green 4, red 3, purple 3, brown 3, yellow 5, dark 2. */
static const double palette[][3] = {
  { 0x35 / 255.0, 0x84 / 255.0, 0xe4 / 255.0 }, { 0xff / 255.0, 0x78 / 255.0, 0x00 / 255.0 },
  { 0x2e / 255.0, 0xc2 / 255.0, 0x7e / 255.0 }, { 0xe0 / 255.0, 0x1b / 255.0, 0x24 / 255.0 },
  { 0x91 / 255.0, 0x41 / 255.0, 0xac / 255.0 }, { 0x98 / 255.0, 0x6a / 255.0, 0x44 / 255.0 },
  { 0xe5 / 255.0, 0xa5 / 255.0, 0x0a / 255.0 }, { 0x5e / 255.0, 0x5c / 255.0, 0x64 / 255.0 },
};

static void
curve_free (gpointer data)
{
  Curve *curve = data;

  g_free (curve->label);
  g_free (curve->band.epoch);
  g_free (curve->band.mean);
  g_free (curve->band.low);
  g_free (curve->band.high);
  g_free (curve->band.n_runs);
  g_free (curve);
}

LbCurvesFigure *
lb_curves_figure_new (const char *title,
                      const char *y_label,
                      double      y_min,
                      double      y_max)
{
  LbCurvesFigure *self = g_new0 (LbCurvesFigure, 1);

  self->title = g_strdup (title);
  self->y_label = g_strdup (y_label);
  self->y_min = y_min;
  self->y_max = y_max;
  self->curves = g_ptr_array_new_with_free_func (curve_free);
  return self;
}

void
lb_curves_figure_free (LbCurvesFigure *self)
{
  if (self == NULL)
    return;
  g_free (self->title);
  g_free (self->y_label);
  g_ptr_array_unref (self->curves);
  g_free (self);
}

void
lb_curves_figure_add (LbCurvesFigure   *self,
                      const char       *label,
                      const LbSeedBand *band)
{
  gsize n = band->n_points;
  Curve *curve;

  if (n == 0)
    return;
  curve = g_new0 (Curve, 1);
  curve->label = g_strdup (label);
  curve->band.n_points = band->n_points;
  curve->band.epoch = g_memdup2 (band->epoch, n * sizeof (double));
  curve->band.mean = g_memdup2 (band->mean, n * sizeof (double));
  curve->band.low = g_memdup2 (band->low, n * sizeof (double));
  curve->band.high = g_memdup2 (band->high, n * sizeof (double));
  curve->band.n_runs = g_memdup2 (band->n_runs, n * sizeof (guint));
  g_ptr_array_add (self->curves, curve);
}

guint
lb_curves_figure_get_n_curves (const LbCurvesFigure *self)
{
  return self->curves->len;
}

void
lb_curves_figure_get_size (const LbCurvesFigure *self,
                           int                  *width,
                           int                  *height)
{
  *width = WIDTH;
  *height = HEIGHT;
}

/* ---- drawing ---- */

/* The data's range on both axes, the y axis's given ends first. */
static void
data_range (const LbCurvesFigure *self,
            double               *x_max,
            double               *y_min,
            double               *y_max)
{
  double lo = INFINITY, hi = -INFINITY;

  *x_max = 1;
  for (guint c = 0; c < self->curves->len; c++)
    {
      const LbSeedBand *band = &((const Curve *) g_ptr_array_index (self->curves, c))->band;

      for (guint i = 0; i < band->n_points; i++)
        {
          *x_max = MAX (*x_max, band->epoch[i]);
          if (isfinite (band->low[i]))
            lo = MIN (lo, band->low[i]);
          if (isfinite (band->high[i]))
            hi = MAX (hi, band->high[i]);
        }
    }
  *y_min = isnan (self->y_min) ? (isfinite (lo) ? lo : 0) : self->y_min;
  *y_max = isnan (self->y_max) ? (isfinite (hi) ? hi : 1) : self->y_max;
  if (*y_max <= *y_min)
    *y_max = *y_min + 1;
}

/* A step of 1, 2 or 5 × 10^k giving about five ticks over SPAN. */
static double
tick_step (double span)
{
  double raw = span / 5, power = pow (10, floor (log10 (raw))), step = power;

  if (raw / power > 5)
    step = 10 * power;
  else if (raw / power > 2)
    step = 5 * power;
  else if (raw / power > 1)
    step = 2 * power;
  return step;
}

void
lb_curves_figure_draw (const LbCurvesFigure *self,
                       cairo_t              *cr,
                       const LbFigureStyle  *style)
{
  PangoLayout *layout = lb_figure_layout_new (cr, style->font);
  double x_max, y_min, y_max;
  double left = MARGIN + AXIS_LEFT, top = MARGIN + 2 * LINE;
  double right = WIDTH - MARGIN - LEGEND_WIDTH, bottom = HEIGHT - MARGIN - AXIS_BOTTOM;
  double x_step, y_step;
  const double *fg = style->foreground;

  data_range (self, &x_max, &y_min, &y_max);

#define X(e) (left + ((e) - 1) / MAX (x_max - 1, 1) * (right - left))
#define Y(v) (bottom - ((v) - y_min) / (y_max - y_min) * (bottom - top))

  cairo_set_source_rgb (cr, fg[0], fg[1], fg[2]);
  lb_figure_show_text (cr, layout, self->title, MARGIN, MARGIN, WIDTH - 2 * MARGIN,
                       PANGO_ALIGN_LEFT, TRUE);

  /* Axes, ticks and their labels, a faint grid. */
  cairo_set_line_width (cr, 1);
  y_step = tick_step (y_max - y_min);
  for (double v = ceil (y_min / y_step) * y_step; v <= y_max + 1e-9 * y_step; v += y_step)
    {
      g_autofree char *text = g_strdup_printf ("%g", fabs (v) < 1e-12 ? 0 : v);

      cairo_set_source_rgba (cr, fg[0], fg[1], fg[2], 0.15);
      cairo_move_to (cr, left, Y (v));
      cairo_line_to (cr, right, Y (v));
      cairo_stroke (cr);
      cairo_set_source_rgb (cr, fg[0], fg[1], fg[2]);
      lb_figure_show_text (cr, layout, text, MARGIN, Y (v) - LINE / 2.0, AXIS_LEFT - 6,
                           PANGO_ALIGN_RIGHT, FALSE);
    }
  x_step = MAX (1, tick_step (x_max - 1));
  for (double e = 1; e <= x_max + 1e-9; e += x_step)
    {
      g_autofree char *text = g_strdup_printf ("%g", e);

      cairo_set_source_rgb (cr, fg[0], fg[1], fg[2]);
      cairo_move_to (cr, X (e), bottom);
      cairo_line_to (cr, X (e), bottom + 4);
      cairo_stroke (cr);
      lb_figure_show_text (cr, layout, text, X (e) - 30, bottom + 6, 60, PANGO_ALIGN_CENTER, FALSE);
    }
  cairo_set_source_rgb (cr, fg[0], fg[1], fg[2]);
  cairo_move_to (cr, left, top);
  cairo_line_to (cr, left, bottom);
  cairo_line_to (cr, right, bottom);
  cairo_stroke (cr);
  lb_figure_show_text (cr, layout, "epoch", left, bottom + 6 + LINE, right - left,
                       PANGO_ALIGN_CENTER, FALSE);
  lb_figure_show_text (cr, layout, self->y_label, MARGIN, MARGIN + LINE, right - MARGIN,
                       PANGO_ALIGN_LEFT, FALSE);

  /* Each loss: its band, its mean, its name in the legend. */
  for (guint c = 0; c < self->curves->len; c++)
    {
      const Curve *curve = g_ptr_array_index (self->curves, c);
      const LbSeedBand *band = &curve->band;
      const double *rgb = palette[c % G_N_ELEMENTS (palette)];
      double legend_y = top + c * LINE;

      cairo_save (cr);
      cairo_rectangle (cr, left, top, right - left, bottom - top);
      cairo_clip (cr);
      cairo_set_source_rgba (cr, rgb[0], rgb[1], rgb[2], 0.2);
      for (guint i = 0; i < band->n_points; i++)
        {
          double y = Y (CLAMP (band->high[i], y_min, y_max));

          if (i == 0)
            cairo_move_to (cr, X (band->epoch[i]), y);
          else
            cairo_line_to (cr, X (band->epoch[i]), y);
        }
      for (guint i = band->n_points; i-- > 0;)
        cairo_line_to (cr, X (band->epoch[i]), Y (CLAMP (band->low[i], y_min, y_max)));
      cairo_close_path (cr);
      cairo_fill (cr);
      cairo_set_source_rgb (cr, rgb[0], rgb[1], rgb[2]);
      cairo_set_line_width (cr, 2);
      for (guint i = 0; i < band->n_points; i++)
        {
          double y = Y (CLAMP (band->mean[i], y_min, y_max));

          if (i == 0)
            cairo_move_to (cr, X (band->epoch[i]), y);
          else
            cairo_line_to (cr, X (band->epoch[i]), y);
        }
      if (band->n_points == 1)
        cairo_arc (cr, X (band->epoch[0]), Y (band->mean[0]), 2, 0, 2 * G_PI);
      cairo_stroke (cr);
      cairo_restore (cr);

      cairo_set_source_rgb (cr, rgb[0], rgb[1], rgb[2]);
      cairo_rectangle (cr, right + 12, legend_y + 7, 14, 4);
      cairo_fill (cr);
      cairo_set_source_rgb (cr, fg[0], fg[1], fg[2]);
      lb_figure_show_text (cr, layout, curve->label, right + 32, legend_y, LEGEND_WIDTH - 32,
                           PANGO_ALIGN_LEFT, FALSE);
    }
#undef X
#undef Y
  g_object_unref (layout);
}

static void
draw_print (cairo_t  *cr,
            int       width,
            int       height,
            gpointer  data)
{
  LbFigureStyle style;

  lb_figure_style_init_print (&style);
  lb_curves_figure_draw (data, cr, &style);
}

gboolean
lb_curves_figure_write (const LbCurvesFigure *self,
                        const char           *path,
                        LbFigureFormat        format,
                        GError              **error)
{
  return lb_figure_file_write (path, format, WIDTH, HEIGHT, draw_print, (gpointer) self, error);
}
