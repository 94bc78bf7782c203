/* lb-side-by-side-window.h — finished runs of several experiments in one window: their
 * validation curves overlaid, their results in one table and, when they were tested on the same
 * images, the paired differences between them (lb-run-set.h).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define LB_TYPE_SIDE_BY_SIDE_WINDOW (lb_side_by_side_window_get_type ())
G_DECLARE_FINAL_TYPE (LbSideBySideWindow, lb_side_by_side_window, LB, SIDE_BY_SIDE_WINDOW,
                      AdwWindow)

/* A window over the experiments in @folders (lettered A, B, … in that order), transient for
 * @parent; it reads them on a worker thread, showing a spinner meanwhile. */
GtkWindow *lb_side_by_side_window_new (GtkWindow         *parent,
                                       const char *const *folders);

G_END_DECLS
