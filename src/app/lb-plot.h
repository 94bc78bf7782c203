/* lb-plot.h — a Cairo line chart: series of points, faint or bold, bands, vertical markers.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Its context menu (right click, Menu or Shift+F10) exports it as PNG, SVG, PDF or the plotted
 * points as CSV, switches a log scale, smooths the lines (TensorBoard's moving average, the
 * raw values kept faint) and shows or hides each series. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define LB_TYPE_PLOT (lb_plot_get_type ())
G_DECLARE_FINAL_TYPE (LbPlot, lb_plot, LB, PLOT, GtkWidget)

typedef enum
{
  LB_PLOT_STYLE_BOLD,   /* a line with dots, listed in the legend and the read-out */
  LB_PLOT_STYLE_FAINT,  /* a thin translucent line, e.g. the loss of every batch */
} LbPlotStyle;

/* Palette entries: the same hue means the same thing on every chart (one colour per loss). */
#define LB_PLOT_N_COLORS 6

GtkWidget *lb_plot_new              (void);
void       lb_plot_set_title        (LbPlot      *self,
                                     const char  *title);
void       lb_plot_set_x_label      (LbPlot      *self,
                                     const char  *label);
/* The x axis starts at 0 and ends at least at @x_max (e.g. the number of epochs planned). */
void       lb_plot_set_x_max        (LbPlot      *self,
                                     double       x_max);
/* Fixed y range, or automatic when @y_min >= @y_max. */
void       lb_plot_set_y_range      (LbPlot      *self,
                                     double       y_min,
                                     double       y_max);
void       lb_plot_clear            (LbPlot      *self);
/* Adds a series and returns its id. @color is a palette index (0 … LB_PLOT_N_COLORS − 1). */
guint      lb_plot_add_series       (LbPlot      *self,
                                     const char  *name,
                                     guint        color,
                                     LbPlotStyle  style);
/* Replaces a series' points (@n pairs of x and y, x not decreasing; NaN y leaves a gap). The
 * accessible description follows at once; after lb_plot_append_points, within 250 ms. */
void       lb_plot_set_points       (LbPlot       *self,
                                     guint         series,
                                     const double *x,
                                     const double *y,
                                     guint         n);
/* Appends @n points to a series without a band: what training adds batch by batch. The
 * chart's cost to draw stays bounded however long the series grows (lb-plot-series.h). */
void       lb_plot_append_points    (LbPlot       *self,
                                     guint         series,
                                     const double *x,
                                     const double *y,
                                     guint         n);
guint      lb_plot_get_n_points     (LbPlot       *self,
                                     guint         series);
/* A band between @lo and @hi around a series (mean ± std over seeds), in its colour. */
void       lb_plot_set_band         (LbPlot       *self,
                                     guint         series,
                                     const double *lo,
                                     const double *hi);
/* What the bands show, said in the legend with a shaded swatch (NULL: nothing). */
void       lb_plot_set_band_caption (LbPlot      *self,
                                     const char  *caption);
/* The "log-scale" and "smoothing" properties (0 … 0.99, the moving average's weight). */
void       lb_plot_set_log_scale    (LbPlot      *self,
                                     gboolean     log_scale);
gboolean   lb_plot_get_log_scale    (LbPlot      *self);
void       lb_plot_set_smoothing    (LbPlot      *self,
                                     double       smoothing);
double     lb_plot_get_smoothing    (LbPlot      *self);
guint      lb_plot_get_n_series     (LbPlot      *self);
const char *lb_plot_get_series_name (LbPlot      *self,
                                     guint        series);
/* A hidden series stays in the legend, dimmed; it leaves the range and the read-out. */
void       lb_plot_set_series_visible (LbPlot    *self,
                                       guint      series,
                                       gboolean   visible);
gboolean   lb_plot_get_series_visible (LbPlot    *self,
                                       guint      series);
/* Vertical markers at @x, labelled (best epoch, learning-rate drops). */
void       lb_plot_clear_markers    (LbPlot      *self);
void       lb_plot_add_marker       (LbPlot      *self,
                                     double       x,
                                     const char  *label,
                                     gboolean     emphasis);

/* A round step (1, 2 or 5 × 10^k) that cuts @range into about @target intervals: tick spacing. */
double     lb_plot_nice_step        (double       range,
                                     int          target);

G_END_DECLS
