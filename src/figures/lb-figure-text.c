/* lb-figure-text.c — text and bitmaps of the figures.
 * SPDX-License-Identifier: GPL-3.0-or-later */

#include "lb-config.h"

#include "lb-figure-text.h"

PangoLayout *
lb_figure_layout_new (cairo_t    *cr,
                      const char *font)
{
  PangoLayout *layout = pango_cairo_create_layout (cr);
  PangoFontDescription *description = pango_font_description_from_string (font);

  /* At the screen's 96 dpi, so a point of the figure is a pixel of it. */
  pango_cairo_context_set_resolution (pango_layout_get_context (layout), 96);
  pango_layout_context_changed (layout);
  pango_layout_set_font_description (layout, description);
  pango_font_description_free (description);
  return layout;
}

void
lb_figure_show_text (cairo_t        *cr,
                     PangoLayout    *layout,
                     const char     *text,
                     double          x,
                     double          y,
                     double          width,
                     PangoAlignment  alignment,
                     gboolean        bold)
{
  PangoFontDescription *font = pango_font_description_copy (
    pango_layout_get_font_description (layout));

  pango_font_description_set_weight (font, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
  pango_layout_set_font_description (layout, font);
  pango_font_description_free (font);
  pango_layout_set_text (layout, text, -1);
  pango_layout_set_width (layout, (int) (width * PANGO_SCALE));
  pango_layout_set_alignment (layout, alignment);
  pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
  cairo_move_to (cr, x, y);
  pango_cairo_show_layout (cr, layout);
}

cairo_surface_t *
lb_figure_rgba_surface (GBytes *rgba,
                        guint   width,
                        guint   height)
{
  const guint8 *src = g_bytes_get_data (rgba, NULL);
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, (int) width,
                                                         (int) height);
  guint8 *dst = cairo_image_surface_get_data (surface);
  int stride = cairo_image_surface_get_stride (surface);

  cairo_surface_flush (surface);
  for (guint y = 0; y < height; y++)
    for (guint x = 0; x < width; x++)
      {
        const guint8 *p = src + 4 * ((gsize) y * width + x);

        *(guint32 *) (dst + (gsize) y * stride + 4 * x) =
          (guint32) p[0] << 16 | (guint32) p[1] << 8 | p[2];
      }
  cairo_surface_mark_dirty (surface);
  return surface;
}
