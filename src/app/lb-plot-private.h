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
#include "lb-plot-smooth.h"

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
  gboolean hidden;      /* switched off by the user: not drawn, not in the range */
  LbPlotSeries *smoothed; /* the points smoothed, while the chart smooths; else NULL */
  LbPlotEma ema;        /* the average at smoothed's last point */
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
  double x0, x1, y0, y1;              /* data range; log10 of y on a log scale */
  double left, right, top, bottom;    /* plot area in widget pixels */
  gboolean log_y;                     /* a log scale: y ≤ 0 falls below the plot area */
} LbPlotFrame;

/* The widget's state, shared by the files that implement it. */
struct _LbPlot
{
  GtkWidget parent_instance;

  char *title;
  char *x_label;
  double x_max;
  double y_min;
  double y_max;
  GPtrArray *series;   /* LbPlotLine* */
  GArray *markers;     /* LbPlotMarker */
  char *band_caption;  /* what the bands show, in the legend; NULL: nothing said */
  gboolean log_scale;
  double smoothing;    /* the EMA weight, 0 for raw values */
  GtkWidget *menu;     /* the context menu, a popover child, once opened */

  gboolean hovering;
  double pointer_x;
  char *readout;
  char *description;   /* the accessible description last set */
  guint description_source;  /* a pending update of it */
  int legend_rows;     /* rows the last drawing gave the legend below the title (0: beside it) */

  /* Everything but the hover read-out, as last drawn: reused until the data, the size or the
   * style change, so a frame that only moves the pointer costs nothing to redraw. */
  GskRenderNode *cache;
  int cache_width;
  int cache_height;
};

extern GParamSpec *lb_plot_properties[];
enum
{
  LB_PLOT_PROP_0,
  LB_PLOT_PROP_LOG_SCALE,
  LB_PLOT_PROP_SMOOTHING,
  LB_PLOT_N_PROPS
};

/* The data changed: redraw now, describe now or within 250 ms. */
void   lb_plot_data_changed      (LbPlot            *self,
                                  gboolean           describe_now);
/* Something that is not data changed how the chart looks: redraw. */
void   lb_plot_look_changed      (LbPlot            *self);

/* ---- lb-plot-options.c ---- */

/* Continues LINE's smoothed copy over its points from index FIRST on. */
void   lb_plot_line_smooth_from  (LbPlotLine        *line,
                                  guint              first);
/* Remakes LINE's smoothed copy from scratch with WEIGHT, or drops it when WEIGHT is 0. */
void   lb_plot_line_resmooth     (LbPlotLine        *line,
                                  double             weight);

/* ---- lb-plot-axes.c ---- */

double lb_plot_frame_px          (const LbPlotFrame *f,
                                  double             x);
double lb_plot_frame_py          (const LbPlotFrame *f,
                                  double             y);
/* The range of the shown @lines (GPtrArray of LbPlotLine) and their bands, x from 0 to at least
 * @x_max, y fixed when @y_min < @y_max (on a log scale only when @y_min > 0), on a
 * @width×@height widget whose legend takes @legend_rows rows below the title. */
void   lb_plot_frame_compute     (LbPlotFrame       *f,
                                  GPtrArray         *lines,
                                  double             x_max,
                                  double             y_min,
                                  double             y_max,
                                  gboolean           log_y,
                                  int                legend_rows,
                                  int                width,
                                  int                height);
/* Rows the legend takes below the title: 0 when it fits beside it, else as many as leave the
 * plot 70 % of the height (what still does not fit is left out). */
int    lb_plot_legend_rows       (GPtrArray         *lines,
                                  const char        *title,
                                  const char        *band_caption,
                                  PangoLayout       *layout,
                                  int                width,
                                  int                height);
/* Horizontal grid lines with the y tick labels (powers of ten, and their 2× and 5× over a
 * short range, on a log scale). */
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
/* The title (may be NULL) and the legend of @lines along the top, hidden ones dimmed, and
 * @band_caption (may be NULL) after them with a shaded swatch: what a band shows. */
void   lb_plot_draw_legend       (cairo_t           *cr,
                                  const LbPlotFrame *f,
                                  PangoLayout       *layout,
                                  const GdkRGBA     *fg,
                                  const char        *title,
                                  GPtrArray         *lines,
                                  const char        *band_caption,
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
/* The bands of the shown lines that have one, translucent in their colour. */
void   lb_plot_draw_bands        (cairo_t           *cr,
                                  const LbPlotFrame *f,
                                  GPtrArray         *lines);
/* The shown lines: faint ones first, bold ones (with dots while they are few) on top; a
 * smoothed line over its raw points, which are drawn fainter. */
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

/* ---- lb-plot-readout.c ---- */

/* The hover read-out for the pointer at @pointer_x: the x of the bold point nearest it and
 * every shown bold series' value there (smoothed and raw while smoothing); NULL when there is
 * no point. */
char  *lb_plot_readout_text      (GPtrArray         *lines,
                                  const char        *x_label,
                                  const LbPlotFrame *f,
                                  double             pointer_x);

/* ---- lb-plot.c, for lb-plot-export.c and lb-plot-menu.c ---- */

/* The chart as the widget draws it but for the read-out, on @cr at @width × @height in
 * @fg, with @layout's font. */
void   lb_plot_render            (LbPlot            *self,
                                  cairo_t           *cr,
                                  PangoLayout       *layout,
                                  const GdkRGBA     *fg,
                                  int                width,
                                  int                height);
GPtrArray  *lb_plot_get_lines    (LbPlot            *self);
const char *lb_plot_get_title    (LbPlot            *self);
const char *lb_plot_get_x_label  (LbPlot            *self);

/* ---- lb-plot-menu.c ---- */

/* Installs the chart's actions (plot.export, plot.log-scale, plot.toggle-series, …), its
 * context menu's key bindings; and, per chart, the click that opens it. */
void   lb_plot_menu_class_init   (GtkWidgetClass    *widget_class);
void   lb_plot_menu_init         (LbPlot            *self);

/* ---- lb-plot-export.c ---- */

typedef enum
{
  LB_PLOT_EXPORT_PNG,
  LB_PLOT_EXPORT_SVG,
  LB_PLOT_EXPORT_PDF,
  LB_PLOT_EXPORT_CSV,
} LbPlotExportFormat;

/* Writes the chart to PATH (a temporary name, then renamed over it): PNG at twice the size,
 * SVG and PDF as vectors, dark on white like a figure; CSV the plotted points, one row per
 * point of every series: series, x, y, band's low and high, smoothed value. */
gboolean lb_plot_export_to_file  (LbPlot            *self,
                                  LbPlotExportFormat format,
                                  const char        *path,
                                  GError           **error);
/* "png", "svg", "pdf", "csv"; FALSE for another name. */
gboolean lb_plot_export_format_from_string (const char         *name,
                                            LbPlotExportFormat *format);
/* Asks where to save, then exports; errors are shown in a dialog. */
void   lb_plot_export_ask        (LbPlot            *self,
                                  LbPlotExportFormat format);

G_END_DECLS
