/* lb-widget-style.c — a figure style from a widget.
 * SPDX-License-Identifier: GPL-3.0-or-later */

#include "lb-config.h"

#include "lb-widget-style.h"

void
lb_widget_figure_style (GtkWidget     *widget,
                        LbFigureStyle *style,
                        char         **font)
{
  PangoContext *context = gtk_widget_get_pango_context (widget);
  GdkRGBA fg;

  *font = pango_font_description_to_string (pango_context_get_font_description (context));
  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &fg);
  *style = (LbFigureStyle) { { fg.red, fg.green, fg.blue }, { 0, 0, 0 }, *font };
}
