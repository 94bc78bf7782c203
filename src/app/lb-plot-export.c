/* lb-plot-export.c — an LbPlot as a figure (PNG, SVG, PDF through Cairo's own surfaces) or as
 * the data it plots (CSV).
 * SPDX-License-Identifier: GPL-3.0-or-later */

#include "lb-config.h"

#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <errno.h>
#include <glib/gstdio.h>
#include <math.h>

#include "lb-csv.h"
#include "lb-error.h"
#include "lb-plot-private.h"
#include "lb-save-dialog.h"
#include "lb-window.h"

/* A figure is drawn at least this large, whatever the widget's size on screen. */
#define MIN_WIDTH 560
#define MIN_HEIGHT 340

static const char *const format_names[] = { "png", "svg", "pdf", "csv" };

gboolean
lb_plot_export_format_from_string (const char         *name,
                                   LbPlotExportFormat *format)
{
  for (guint i = 0; i < G_N_ELEMENTS (format_names); i++)
    if (g_strcmp0 (name, format_names[i]) == 0)
      {
        *format = i;
        return TRUE;
      }
  return FALSE;
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

/* Draws the chart on SURFACE (WIDTH × HEIGHT in points): white, with black text and axes. */
static void
draw_figure (LbPlot          *self,
             cairo_surface_t *surface,
             int              width,
             int              height)
{
  static const GdkRGBA ink = { 0, 0, 0, 1 };
  cairo_t *cr = cairo_create (surface);
  PangoLayout *layout = pango_cairo_create_layout (cr);
  PangoContext *context = pango_layout_get_context (layout);

  /* The window's font, at the screen's 96 dpi so a point of the figure is a pixel of it. */
  pango_context_set_font_description (
    context, pango_context_get_font_description (gtk_widget_get_pango_context (GTK_WIDGET (self))));
  pango_cairo_context_set_resolution (context, 96);
  pango_layout_context_changed (layout);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  lb_plot_render (self, cr, layout, &ink, width, height);
  g_object_unref (layout);
  cairo_destroy (cr);
}

static gboolean
write_figure (LbPlot             *self,
              LbPlotExportFormat  format,
              const char         *path,
              GError            **error)
{
  int width = MAX (gtk_widget_get_width (GTK_WIDGET (self)), MIN_WIDTH);
  int height = MAX (gtk_widget_get_height (GTK_WIDGET (self)), MIN_HEIGHT);
  cairo_surface_t *surface;
  cairo_status_t status;

  switch (format)
    {
    case LB_PLOT_EXPORT_PNG:
      /* Twice the pixels, for a sharp figure on a slide or a high-density screen. */
      surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 2 * width, 2 * height);
      cairo_surface_set_device_scale (surface, 2, 2);
      draw_figure (self, surface, width, height);
      status = cairo_surface_write_to_png (surface, path);
      break;
    case LB_PLOT_EXPORT_SVG:
      surface = cairo_svg_surface_create (path, width, height);
      draw_figure (self, surface, width, height);
      cairo_surface_finish (surface);
      status = cairo_surface_status (surface);
      break;
    case LB_PLOT_EXPORT_PDF:
    case LB_PLOT_EXPORT_CSV:
    default:
      surface = cairo_pdf_surface_create (path, width, height);
      draw_figure (self, surface, width, height);
      cairo_surface_finish (surface);
      status = cairo_surface_status (surface);
      break;
    }
  cairo_surface_destroy (surface);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, LB_ERROR, LB_ERROR_FAILED, "Could not write %s: %s. Check that the folder "
                   "is writable and the disk has room.", path, cairo_status_to_string (status));
      return FALSE;
    }
  return TRUE;
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

  /* Cairo writes in place: write beside the file, then rename over it, so that a failed
   * export leaves the previous figure whole. */
  g_autofree char *temporary = g_strdup_printf ("%s.partial", path);
  if (!write_figure (self, format, temporary, error))
    {
      g_unlink (temporary);
      return FALSE;
    }
  if (g_rename (temporary, path) != 0)
    {
      int saved = errno;
      g_unlink (temporary);
      g_set_error (error, LB_ERROR, LB_ERROR_FAILED, "Could not write %s: %s. Check that the folder "
                   "is writable.", path, g_strerror (saved));
      return FALSE;
    }
  return TRUE;
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

/* "Validation IoU by Loss" → "validation-iou-by-loss.png". */
static char *
suggested_name (LbPlot            *self,
                LbPlotExportFormat format)
{
  const char *title = lb_plot_get_title (self);
  g_autofree char *lower = g_utf8_strdown (title != NULL ? title : "chart", -1);
  GString *name = g_string_new (NULL);

  for (const char *c = lower; *c != '\0'; c++)
    if (g_ascii_isalnum (*c))
      g_string_append_c (name, *c);
    else if (name->len > 0 && name->str[name->len - 1] != '-')
      g_string_append_c (name, '-');
  while (name->len > 0 && name->str[name->len - 1] == '-')
    g_string_truncate (name, name->len - 1);
  g_string_append_printf (name, ".%s", format_names[format]);
  return g_string_free (name, FALSE);
}

void
lb_plot_export_ask (LbPlot            *self,
                    LbPlotExportFormat format)
{
  g_autofree char *name = suggested_name (self, format);
  ExportRequest *request = g_new0 (ExportRequest, 1);

  request->plot = g_object_ref (self);
  request->format = format;
  lb_save_dialog_ask (GTK_WIDGET (self),
                      format == LB_PLOT_EXPORT_CSV ? "Export Chart Data" : "Export Chart",
                      "_Export", name, export_chosen, request, export_request_free);
}
