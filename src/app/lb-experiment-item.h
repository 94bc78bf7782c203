/* lb-experiment-item.h — one experiment of the run store as the History page lists it: its
 * folder, its name, what it compared, how far it got and its headline result.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "lb-run-store.h"

G_BEGIN_DECLS

#define LB_TYPE_EXPERIMENT_ITEM (lb_experiment_item_get_type ())
G_DECLARE_FINAL_TYPE (LbExperimentItem, lb_experiment_item, LB, EXPERIMENT_ITEM, GObject)

/* Takes @entry (from lb_run_store_list, read on a worker). */
LbExperimentItem *lb_experiment_item_new          (LbStoredExperiment *entry);

const char       *lb_experiment_item_get_folder     (LbExperimentItem *self);
/* The folder's name: the time the experiment started. */
const char       *lb_experiment_item_get_title      (LbExperimentItem *self);
/* lb_stored_experiment_describe: what it compared on which data, how far it got and, once
 * finished, the loss with the highest mean test IoU; or why it does not open. */
const char       *lb_experiment_item_get_subtitle   (LbExperimentItem *self);
/* No run is left to train. */
gboolean          lb_experiment_item_get_complete   (LbExperimentItem *self);
/* Others may be filling it: a run trains elsewhere, or its Slurm job still waits or runs. */
gboolean          lb_experiment_item_get_followed   (LbExperimentItem *self);
/* Whether OTHER says something else of the same experiment (a newer reading of it). */
gboolean          lb_experiment_item_differs        (LbExperimentItem *self,
                                                     LbExperimentItem *other);
/* Its configuration does not read: it can only be deleted. */
gboolean          lb_experiment_item_get_damaged    (LbExperimentItem *self);

G_END_DECLS
