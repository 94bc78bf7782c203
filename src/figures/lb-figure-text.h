/* lb-figure-text.h — text and bitmaps on a figure's Cairo context, the same way in every
 * figure: a point of the figure is a pixel at 96 dpi, a line of text is cut with an ellipsis
 * where its box ends.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <cairo.h>
#include <glib.h>
#include <pango/pangocairo.h>

G_BEGIN_DECLS

/* A layout on CR in FONT (a Pango font description, "Sans 10") at 96 dpi. */
PangoLayout     *lb_figure_layout_new    (cairo_t        *cr,
                                          const char     *font);

/* TEXT in one line at (X, Y), at most WIDTH points wide, aligned in that width, bold or not,
 * in CR's current colour. */
void             lb_figure_show_text     (cairo_t        *cr,
                                          PangoLayout    *layout,
                                          const char     *text,
                                          double          x,
                                          double          y,
                                          double          width,
                                          PangoAlignment  alignment,
                                          gboolean        bold);

/* Opaque RGBA pixels (not premultiplied), WIDTH × HEIGHT, as a Cairo image to paint. */
cairo_surface_t *lb_figure_rgba_surface  (GBytes         *rgba,
                                          guint           width,
                                          guint           height);

G_END_DECLS
