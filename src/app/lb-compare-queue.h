/* lb-compare-queue.h — a comparison's runs in the order they train, each with its state.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "lb-experiment.h"
#include "lb-experiment-curves.h"

G_BEGIN_DECLS

#define LB_TYPE_COMPARE_QUEUE (lb_compare_queue_get_type ())

G_DECLARE_FINAL_TYPE (LbCompareQueue, lb_compare_queue, LB, COMPARE_QUEUE, AdwBin)

/* One item (LbRunItem) per run of @experiment; NULL empties the queue. */
void  lb_compare_queue_set_experiment (LbCompareQueue     *self,
                                       LbExperiment       *experiment);
/* Each run's state line, read again from @experiment; @curves tells how far a running run has
 * come, which may be further than its last checkpoint. Returns how many runs are done. */
guint lb_compare_queue_update         (LbCompareQueue     *self,
                                       LbExperiment       *experiment,
                                       LbExperimentCurves *curves);

G_END_DECLS
