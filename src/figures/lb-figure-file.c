/* lb-figure-file.c — a Cairo figure as PNG, SVG or PDF, written whole or not at all.
 * SPDX-License-Identifier: GPL-3.0-or-later */

#include "lb-config.h"

#include "lb-figure-file.h"

#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <errno.h>
#include <glib/gstdio.h>

#include "lb-error.h"

static const char *const format_names[] = { "png", "svg", "pdf" };

void
lb_figure_style_init_print (LbFigureStyle *style)
{
  *style = (LbFigureStyle) { { 0, 0, 0 }, { 1, 1, 1 }, "Sans 10" };
}

const char *
lb_figure_format_to_string (LbFigureFormat format)
{
  g_return_val_if_fail (format < G_N_ELEMENTS (format_names), "png");
  return format_names[format];
}

gboolean
lb_figure_format_from_string (const char     *name,
                              LbFigureFormat *format)
{
  for (guint i = 0; i < G_N_ELEMENTS (format_names); i++)
    if (g_strcmp0 (name, format_names[i]) == 0)
      {
        *format = i;
        return TRUE;
      }
  return FALSE;
}

char *
lb_figure_file_name (const char *title,
                     const char *extension)
{
  g_autofree char *lower = g_utf8_strdown (title, -1);
  GString *name = g_string_new (NULL);

  for (const char *c = lower; *c != '\0'; c++)
    if (g_ascii_isalnum (*c))
      g_string_append_c (name, *c);
    else if (name->len > 0 && name->str[name->len - 1] != '-')
      g_string_append_c (name, '-');
  while (name->len > 0 && name->str[name->len - 1] == '-')
    g_string_truncate (name, name->len - 1);
  if (name->len == 0)
    g_string_append (name, "figure");
  g_string_append_printf (name, ".%s", extension);
  return g_string_free (name, FALSE);
}

static void
draw_page (cairo_surface_t *surface,
           int              width,
           int              height,
           LbFigureDraw     draw,
           gpointer         data)
{
  cairo_t *cr = cairo_create (surface);

  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  draw (cr, width, height, data);
  cairo_destroy (cr);
}

static cairo_status_t
write_surface (const char     *path,
               LbFigureFormat  format,
               int             width,
               int             height,
               LbFigureDraw    draw,
               gpointer        data)
{
  cairo_surface_t *surface;
  cairo_status_t status;

  switch (format)
    {
    case LB_FIGURE_PNG:
      surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 2 * width, 2 * height);
      cairo_surface_set_device_scale (surface, 2, 2);
      draw_page (surface, width, height, draw, data);
      status = cairo_surface_write_to_png (surface, path);
      break;
    case LB_FIGURE_SVG:
      surface = cairo_svg_surface_create (path, width, height);
      draw_page (surface, width, height, draw, data);
      cairo_surface_finish (surface);
      status = cairo_surface_status (surface);
      break;
    case LB_FIGURE_PDF:
    default:
      surface = cairo_pdf_surface_create (path, width, height);
      draw_page (surface, width, height, draw, data);
      cairo_surface_finish (surface);
      status = cairo_surface_status (surface);
      break;
    }
  cairo_surface_destroy (surface);
  return status;
}

gboolean
lb_figure_file_write (const char     *path,
                      LbFigureFormat  format,
                      int             width,
                      int             height,
                      LbFigureDraw    draw,
                      gpointer        data,
                      GError        **error)
{
  /* Cairo writes in place: beside the file, then renamed over it. */
  g_autofree char *temporary = g_strdup_printf ("%s.partial", path);
  cairo_status_t status = write_surface (temporary, format, width, height, draw, data);

  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_unlink (temporary);
      g_set_error (error, LB_ERROR, LB_ERROR_FAILED, "Could not write %s: %s. Check that the folder "
                   "is writable and the disk has room.", path, cairo_status_to_string (status));
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
