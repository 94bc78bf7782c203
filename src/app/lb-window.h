/* lb-window.h — the main window: header bar, view switcher over Data, Train, Compare, History.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define LB_TYPE_WINDOW (lb_window_get_type ())

G_DECLARE_FINAL_TYPE (LbWindow, lb_window, LB, WINDOW, AdwApplicationWindow)

LbWindow *lb_window_new            (AdwApplication *application);
gboolean  lb_window_show_page      (LbWindow       *self,
                                    const char     *page_name);
void      lb_window_add_toast      (LbWindow       *self,
                                    AdwToast       *toast);

G_END_DECLS
