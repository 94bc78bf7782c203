/* lb-screenshot.h — render a widget (the main window, a chart) to a PNG from inside the app.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

gboolean lb_screenshot_widget_to_png (GtkWidget   *widget,
                                      const char  *path,
                                      GError     **error);

G_END_DECLS
