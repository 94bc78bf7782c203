/* lb-train-monitor.h — a training run as it goes: its loss, status, charts, predictions on
 * validation.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "lb-dataset.h"
#include "lb-experiment.h"
#include "lb-trainer.h"

G_BEGIN_DECLS

/* Validation images the monitor shows predictions for (LbTrainConfig.n_previews). */
#define LB_TRAIN_MONITOR_N_PREVIEWS 4

#define LB_TYPE_TRAIN_MONITOR (lb_train_monitor_get_type ())
G_DECLARE_FINAL_TYPE (LbTrainMonitor, lb_train_monitor, LB, TRAIN_MONITOR, AdwBin)

/* The status line, for what the trainer does not say ("Preparing the images…"). */
void  lb_train_monitor_set_status (LbTrainMonitor *self,
                                   const char     *text);
/* A run is being prepared: the progress goes back to 0, the last run's charts stay. */
void  lb_train_monitor_prepare    (LbTrainMonitor *self,
                                   const char     *status);
/* Empty charts and previews for a run of CONFIG's epochs. */
void  lb_train_monitor_begin      (LbTrainMonitor      *self,
                                   const LbTrainConfig *config);
/* TRAINER's run begins: empty charts, the loss it trains named above them, and DATASET's
 * validation images to choose the previews from (the run's data, in the same order). */
void  lb_train_monitor_begin_run  (LbTrainMonitor      *self,
                                   LbTrainer           *trainer,
                                   LbDataset           *dataset);
/* Shows what TRAINER did since the last call, with DATASET's images under the predictions.
 * Returns the epochs completed so far. */
guint lb_train_monitor_update     (LbTrainMonitor *self,
                                   LbTrainer      *trainer,
                                   LbDataset      *dataset);
/* The finished run's test result, after the status line's last word. */
void  lb_train_monitor_show_result (LbTrainMonitor  *self,
                                    const LbRunInfo *run);

/* Opens (or raises) the window of where each loss pushes on the previews, which then follows
 * the run; returns it. */
GtkWindow *lb_train_monitor_show_push (LbTrainMonitor *self);

G_END_DECLS
