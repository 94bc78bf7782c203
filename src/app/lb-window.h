/* lb-window.h — the main window: header bar, view switcher over Data, Train, Compare, History.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "lb-compare-page.h"
#include "lb-data-page.h"
#include "lb-history-page.h"
#include "lb-train-page.h"

G_BEGIN_DECLS

#define LB_TYPE_WINDOW (lb_window_get_type ())

G_DECLARE_FINAL_TYPE (LbWindow, lb_window, LB, WINDOW, AdwApplicationWindow)

LbWindow *lb_window_new            (AdwApplication *application);
gboolean  lb_window_show_page      (LbWindow       *self,
                                    const char     *page_name);
void      lb_window_add_toast      (LbWindow       *self,
                                    AdwToast       *toast);
/* For the pages: a toast, or an error message with a Close button, in the window that holds
 * @from. A toast whose widget is in no window (being built or torn down) is dropped;
 * lb_window_toast_take takes @toast either way. */
void      lb_window_toast          (GtkWidget      *from,
                                    const char     *text);
void      lb_window_toast_take     (GtkWidget      *from,
                                    AdwToast       *toast);
/* Lets go of the experiment in @folder wherever the window shows it, before it is deleted;
 * FALSE with ERROR set when it is in use (running). */
gboolean  lb_window_release_experiment (GtkWidget  *from,
                                        const char *folder,
                                        GError    **error);
void      lb_window_show_error     (GtkWidget      *from,
                                    const char     *heading,
                                    const char     *body);
/* The dataset every page works on: one per window, made by it. */
LbDataSource *lb_window_get_data_source (LbWindow  *self);
LbDataPage  *lb_window_get_data_page  (LbWindow    *self);
LbTrainPage *lb_window_get_train_page (LbWindow    *self);
LbComparePage *lb_window_get_compare_page (LbWindow *self);

G_END_DECLS
