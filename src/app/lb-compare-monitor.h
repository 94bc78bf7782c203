/* lb-compare-monitor.h — a comparison as it goes: a status line, the share of runs done, and
 * each loss's validation IoU per epoch, the mean over seeds with their range.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "lb-experiment-curves.h"

G_BEGIN_DECLS

#define LB_TYPE_COMPARE_MONITOR (lb_compare_monitor_get_type ())

G_DECLARE_FINAL_TYPE (LbCompareMonitor, lb_compare_monitor, LB, COMPARE_MONITOR, AdwBin)

void lb_compare_monitor_set_status     (LbCompareMonitor        *self,
                                        const char              *text);
/* "2026-12-01-214441: 5 losses × 3 seeds, tiny preset — finished" */
void lb_compare_monitor_describe       (LbCompareMonitor        *self,
                                        LbExperiment            *experiment);
/* "Training Dice-BCE, seed 1 (run 1 of 2): epoch 3 of 5, batch 2 of 9" for run @run of
 * @experiment: a new epoch at once, batches at a reading pace (and a screen reader's). */
void lb_compare_monitor_show_progress  (LbCompareMonitor        *self,
                                        LbExperiment            *experiment,
                                        guint                    run,
                                        const LbTrainerSnapshot *snapshot);
void lb_compare_monitor_set_runs_done  (LbCompareMonitor        *self,
                                        guint                    done,
                                        guint                    n_runs);
/* The chart, one series per loss of @experiment, from @curves. */
void lb_compare_monitor_update_chart   (LbCompareMonitor        *self,
                                        LbExperiment            *experiment,
                                        LbExperimentCurves      *curves);

G_END_DECLS
