/* lb-data-summary.h — what the open dataset is: its name, how many pairs of which source, its
 * split, and the files left out with their reasons.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "lb-dataset.h"

G_BEGIN_DECLS

#define LB_TYPE_DATA_SUMMARY (lb_data_summary_get_type ())
G_DECLARE_FINAL_TYPE (LbDataSummary, lb_data_summary, LB, DATA_SUMMARY, GtkBox)

/* @folders: where @dataset came from, or NULL for the demo set. */
void lb_data_summary_set_dataset    (LbDataSummary      *self,
                                     LbDataset          *dataset,
                                     const char *const  *folders);
/* The seed of the split it counts ("split-seed", the training seed). */
void lb_data_summary_set_split_seed (LbDataSummary      *self,
                                     int                 seed);

G_END_DECLS
