/* lb-plot-export.c — an LbPlot as a figure (PNG, SVG, PDF through Cairo's own surfaces) or as
 * the data it plots (CSV).
 * SPDX-License-Identifier: GPL-3.0-or-later */

#include "lb-config.h"

#include <math.h>

#include "lb-csv.h"
#include "lb-figure-file.h"
#include "lb-plot-private.h"
#include "lb-save-dialog.h"
#include "lb-window.h"

/* A figure is drawn at least this large, whatever the widget's size on screen. */
#define MIN_WIDTH 560
#define MIN_HEIGHT 340

static const char *const format_names[] = { "png", "svg", "pdf", "csv" };
G_STATIC_ASSERT ((int) LB_PLOT_EXPORT_PNG == (int) LB_FIGURE_PNG);
G_STATIC_ASSERT ((int) LB_PLOT_EXPORT_SVG == (int) LB_FIGURE_SVG);
G_STATIC_ASSERT ((int) LB_PLOT_EXPORT_PDF == (int) LB_FIGURE_PDF);

gboolean
lb_plot_export_format_from_string (const char         *name,
                                   LbPlotExportFormat *format)
{
  LbFigureFormat figure;

  if (g_strcmp0 (name, "csv") == 0)
    {
      *format = LB_PLOT_EXPORT_CSV;
      return TRUE;
    }
  if (!lb_figure_format_from_string (name, &figure))
    return FALSE;
  *format = (LbPlotExportFormat) figure;
  return TRUE;
}

/* Every point of every series, with its band and smoothed value where it has them. */
static gboolean
write_csv (LbPlot     *self,
           const char *path,
           GError    **error)
{
  const char *x_label = lb_plot_get_x_label (self);
  const char *const header[] = { "series", x_label != NULL ? x_label : "x", "value", "band_low",
                                 "band_high", "smoothed", NULL };
  g_autoptr (LbCsv) csv = lb_csv_new (header);
  GPtrArray *lines = lb_plot_get_lines (self);

  for (guint i = 0; i < lines->len; i++)
    {
      LbPlotLine *s = g_ptr_array_index (lines, i);
      guint n = lb_plot_series_get_n (s->points);
      gboolean band = s->lo->len == n;

      for (guint k = 0; k < n; k++)
        {
          lb_csv_add_string (csv, s->name);
          lb_csv_add_double (csv, lb_plot_series_x (s->points, k), 10);
          lb_csv_add_double (csv, lb_plot_series_y (s->points, k), 10);
          lb_csv_add_double (csv, band ? g_array_index (s->lo, double, k) : NAN, 10);
          lb_csv_add_double (csv, band ? g_array_index (s->hi, double, k) : NAN, 10);
          lb_csv_add_double (csv, s->smoothed != NULL ? lb_plot_series_y (s->smoothed, k) : NAN,
                             10);
          lb_csv_end_row (csv);
        }
    }
  return lb_csv_save (csv, path, error);
}

/* Draws the chart on CR (WIDTH × HEIGHT in points): black text and axes on the white page. */
static void
draw_figure (cairo_t  *cr,
             int       width,
             int       height,
             gpointer  data)
{
  static const GdkRGBA ink = { 0, 0, 0, 1 };
  LbPlot *self = data;
  PangoLayout *layout = pango_cairo_create_layout (cr);
  PangoContext *context = pango_layout_get_context (layout);

  /* The window's font, at the screen's 96 dpi so a point of the figure is a pixel of it. */
  pango_context_set_font_description (
    context, pango_context_get_font_description (gtk_widget_get_pango_context (GTK_WIDGET (self))));
  pango_cairo_context_set_resolution (context, 96);
  pango_layout_context_changed (layout);
  lb_plot_render (self, cr, layout, &ink, width, height);
  g_object_unref (layout);
}

gboolean
lb_plot_export_to_file (LbPlot             *self,
                        LbPlotExportFormat  format,
                        const char         *path,
                        GError            **error)
{
  g_return_val_if_fail (LB_IS_PLOT (self), FALSE);

  if (format == LB_PLOT_EXPORT_CSV)
    return write_csv (self, path, error);

  /* The figure's formats are in LbFigureFormat's order. */
  return lb_figure_file_write (path, (LbFigureFormat) format,
                               MAX (gtk_widget_get_width (GTK_WIDGET (self)), MIN_WIDTH),
                               MAX (gtk_widget_get_height (GTK_WIDGET (self)), MIN_HEIGHT),
                               draw_figure, self, error);
}

typedef struct
{
  LbPlot *plot;
  LbPlotExportFormat format;
} ExportRequest;

static void
export_request_free (gpointer data)
{
  ExportRequest *request = data;

  g_object_unref (request->plot);
  g_free (request);
}

static void
export_chosen (const char *path,
               gpointer    data)
{
  ExportRequest *request = data;
  g_autoptr (GError) error = NULL;

  if (!lb_plot_export_to_file (request->plot, request->format, path, &error))
    lb_window_show_error (GTK_WIDGET (request->plot), "Could Not Export the Chart",
                          error->message);
}

void
lb_plot_export_ask (LbPlot            *self,
                    LbPlotExportFormat format)
{
  const char *title = lb_plot_get_title (self);
  g_autofree char *name = lb_figure_file_name (title != NULL ? title : "chart",
                                               format_names[format]);
  ExportRequest *request = g_new0 (ExportRequest, 1);

  request->plot = g_object_ref (self);
  request->format = format;
  lb_save_dialog_ask (GTK_WIDGET (self),
                      format == LB_PLOT_EXPORT_CSV ? "Export Chart Data" : "Export Chart",
                      "_Export", name, export_chosen, request, export_request_free);
}
