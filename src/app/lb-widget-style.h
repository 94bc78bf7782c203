/* lb-widget-style.h — a widget's text colour and font as the style a figure is drawn in, so
 * that figures in the window follow the theme (dark mode too).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "lb-figure-file.h"

G_BEGIN_DECLS

/* Fills STYLE with WIDGET's colour and font; FONT receives the font's description, which
 * STYLE points to: free it (g_free) once drawn. */
void lb_widget_figure_style (GtkWidget     *widget,
                             LbFigureStyle *style,
                             char         **font);

G_END_DECLS
