/* lb-plot-private.h — what lb-plot.c shares with the files that lay out and draw the chart's
 * layers: lb-plot-axes.c (the frame, grid, axes, title and legend) and lb-plot-layers.c
 * (markers, bands, series, the hover read-out).
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each layer is one function that draws from plain data onto a Cairo context, in widget
 * pixels, and sets the Cairo state it needs: lb-plot.c calls them in order and caches all
 * but the read-out. */
#pragma once

#include <gtk/gtk.h>

#include "lb-plot.h"
#include "lb-plot-series.h"

G_BEGIN_DECLS

#define LB_PLOT_MARGIN_LEFT 52.0
#define LB_PLOT_MARGIN_RIGHT 14.0
#define LB_PLOT_MARGIN_TOP 30.0
#define LB_PLOT_MARGIN_BOTTOM 30.0
/* Height of a legend row below the title, when the legend does not fit beside it. */
#define LB_PLOT_LEGEND_ROW 18.0

/* One series as the chart keeps it. */
typedef struct
{
  char *name;
  guint color;          /* palette index */
  LbPlotStyle style;
  LbPlotSeries *points;
  GArray *lo;           /* double, the band around it, or empty */
  GArray *hi;
} LbPlotLine;

typedef struct
{
  double x;
  char *label;
  gboolean emphasis;    /* the best epoch: green and solid, not dashed */
} LbPlotMarker;

/* The data range and where it lands on the widget. */
typedef struct
{
  double x0, x1, y0, y1;              /* data range */
  double left, right, top, bottom;    /* plot area in widget pixels */
} LbPlotFrame;

/* ---- lb-plot-axes.c ---- */

double lb_plot_frame_px          (const LbPlotFrame *f,
                                  double             x);
double lb_plot_frame_py          (const LbPlotFrame *f,
                                  double             y);
/* The range of @lines (GPtrArray of LbPlotLine) and their bands, x from 0 to at least @x_max,
 * y fixed when @y_min < @y_max, on a @width×@height widget whose legend takes @legend_rows
 * rows below the title. */
void   lb_plot_frame_compute     (LbPlotFrame       *f,
                                  GPtrArray         *lines,
                                  double             x_max,
                                  double             y_min,
                                  double             y_max,
                                  int                legend_rows,
                                  int                width,
                                  int                height);
/* Rows the legend takes below the title: 0 when it fits beside it, else as many as leave the
 * plot 70 % of the height (what still does not fit is left out). */
int    lb_plot_legend_rows       (GPtrArray         *lines,
                                  const char        *title,
                                  PangoLayout       *layout,
                                  int                width,
                                  int                height);
/* Horizontal grid lines with the y tick labels. */
void   lb_plot_draw_grid         (cairo_t           *cr,
                                  const LbPlotFrame *f,
                                  PangoLayout       *layout,
                                  const GdkRGBA     *fg);
/* The x axis: its line, ticks, tick labels and title (@x_label, may be NULL). */
void   lb_plot_draw_x_axis       (cairo_t           *cr,
                                  const LbPlotFrame *f,
                                  PangoLayout       *layout,
                                  const GdkRGBA     *fg,
                                  const char        *x_label);
/* The title (may be NULL) and the legend of @lines along the top. */
void   lb_plot_draw_legend       (cairo_t           *cr,
                                  const LbPlotFrame *f,
                                  PangoLayout       *layout,
                                  const GdkRGBA     *fg,
                                  const char        *title,
                                  GPtrArray         *lines,
                                  int                legend_rows);

/* ---- lb-plot-layers.c ---- */

const GdkRGBA *lb_plot_palette   (guint              color);
void   lb_plot_set_color         (cairo_t           *cr,
                                  const GdkRGBA     *color,
                                  double             alpha);
/* @text with its box's (@xalign, @yalign) point at (@x, @y). */
void   lb_plot_draw_text         (cairo_t           *cr,
                                  PangoLayout       *layout,
                                  const char        *text,
                                  double             x,
                                  double             y,
                                  double             xalign,
                                  double             yalign);
/* Vertical markers (GArray of LbPlotMarker) with their labels. */
void   lb_plot_draw_markers      (cairo_t           *cr,
                                  const LbPlotFrame *f,
                                  PangoLayout       *layout,
                                  const GdkRGBA     *fg,
                                  GArray            *markers);
/* The bands of the lines that have one, translucent in their colour. */
void   lb_plot_draw_bands        (cairo_t           *cr,
                                  const LbPlotFrame *f,
                                  GPtrArray         *lines);
/* The lines: faint ones first, bold ones (with dots while they are few) on top. */
void   lb_plot_draw_lines        (cairo_t           *cr,
                                  const LbPlotFrame *f,
                                  GPtrArray         *lines);
/* The hover read-out: a line at @pointer_x and @readout's text in a box beside it. */
void   lb_plot_draw_readout      (cairo_t           *cr,
                                  const LbPlotFrame *f,
                                  PangoLayout       *layout,
                                  const GdkRGBA     *fg,
                                  double             pointer_x,
                                  const char        *readout);

G_END_DECLS
