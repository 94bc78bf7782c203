/* lb-experiment-item.h — one experiment of the run store as the History page lists it: its
 * folder, its name, what it ran and how far it got.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define LB_TYPE_EXPERIMENT_ITEM (lb_experiment_item_get_type ())
G_DECLARE_FINAL_TYPE (LbExperimentItem, lb_experiment_item, LB, EXPERIMENT_ITEM, GObject)

/* Reads the experiment in @folder (files: on a worker thread). NULL when @folder holds no
 * experiment at all; one that does not open is listed as damaged, with the reason. */
LbExperimentItem *lb_experiment_item_new_for_folder (const char       *folder);

const char       *lb_experiment_item_get_folder     (LbExperimentItem *self);
/* The folder's name: the time the experiment started. */
const char       *lb_experiment_item_get_title      (LbExperimentItem *self);
/* "Dice-BCE, Jaccard × 3 seeds, quick preset — interrupted (4 of 6 runs)", or why it does not
 * open. */
const char       *lb_experiment_item_get_subtitle   (LbExperimentItem *self);
/* Every run finished. */
gboolean          lb_experiment_item_get_complete   (LbExperimentItem *self);
/* Its configuration does not read: it can only be deleted. */
gboolean          lb_experiment_item_get_damaged    (LbExperimentItem *self);

/* Newest first (folders are named by their start time), for g_ptr_array_sort. */
int               lb_experiment_item_compare_newest (gconstpointer     a,
                                                     gconstpointer     b);

G_END_DECLS
