/* lb-train-page.h — the Train page: the settings form, the run, and the monitor that shows it.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The page's actions: train.start, train.pause (stateful, TRUE while paused: activating it
 * pauses or resumes) and train.stop, each enabled when it can act; Ctrl+Return starts while the
 * page is on show. "phase" notifies when the run is prepared, runs, pauses or ends. */
#pragma once

#include <adwaita.h>

#include "lb-data-source.h"

G_BEGIN_DECLS

#define LB_TYPE_TRAIN_PAGE (lb_train_page_get_type ())

G_DECLARE_FINAL_TYPE (LbTrainPage, lb_train_page, LB, TRAIN_PAGE, AdwBin)

/* Where the data comes from; the page follows its "dataset" and "busy". While the property
 * "blocked" is TRUE (another run, a comparison, has the cores), train.start waits. */
void     lb_train_page_set_data_source (LbTrainPage  *self,
                                        LbDataSource *data_source);

/* Lets go of the run in FOLDER before it is deleted (the charts stay); FALSE with ERROR set
 * while it trains. */
gboolean lb_train_page_release_experiment (LbTrainPage *self,
                                           const char  *folder,
                                           GError     **error);
/* Whether a run is being prepared, trains or is paused; notifies "running". */
gboolean lb_train_page_get_running     (LbTrainPage *self);
/* Epochs completed by the current (or last) run; notifies "epochs-done". */
int      lb_train_page_get_epochs_done (LbTrainPage *self);
/* The window of where each loss pushes on the run's previews (lb_train_monitor_show_push). */
GtkWindow *lb_train_page_show_push     (LbTrainPage *self);

G_END_DECLS
