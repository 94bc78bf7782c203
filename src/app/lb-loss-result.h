/* lb-loss-result.h — one loss's row of the results table: its figures over seeds, as text.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "lb-experiment.h"

G_BEGIN_DECLS

#define LB_TYPE_LOSS_RESULT (lb_loss_result_get_type ())

G_DECLARE_FINAL_TYPE (LbLossResult, lb_loss_result, LB, LOSS_RESULT, GObject)

/* The table's columns after "rank", "loss" and "judged", in its order, by property name:
 * "iou", "dice", "hd95", "assd", "nsd", "boundary-iou", "missed", "precision", "recall",
 * "accuracy", "stepped", "poster", "poster-accuracy". */
guint        lb_loss_result_get_n_columns      (void);
const char  *lb_loss_result_get_column_name    (guint     column);
/* Its title in a summary judged by JUDGED: "IoU", "HD95 (px)", "Stepped", "Missed". */
const char  *lb_loss_result_get_column_title   (guint     column,
                                                LbMetric  judged);
/* The metric COLUMN shows in a summary judged by JUDGED (the boundary columns in mm when
 * JUDGED is an mm metric, in pixels otherwise); FALSE for a column of no metric. */
gboolean     lb_loss_result_get_column_metric  (guint     column,
                                                LbMetric  judged,
                                                LbMetric *metric);
/* Whether COLUMN is the poster's, shown dim beside ours. */
gboolean     lb_loss_result_get_column_dim     (guint     column);

/* Row @row of @summary, ranked @rank (1 is the best on the summary's metric), for the loss
 * called @label and trained with @settings ("α 0.3 · β 0.7"; NULL or "" for none). Its
 * properties, each a Pango markup string for one column: "rank", "loss" ("Dice-BCE ×3", the
 * settings on a second, smaller line), "judged" (the summary's metric), and the columns above:
 * a metric reads
 * "0.958 ± 0.004" (mean ± std over seeds; bold where lb_experiment_summary_is_best_by),
 * "missed" the test images missed over every run, and the poster's two their values; "—"
 * where there is none. */
LbLossResult *lb_loss_result_new (const LbExperimentSummary *summary,
                                  guint                      row,
                                  guint                      rank,
                                  const char                *label,
                                  const char                *settings);

/* The loss's figures on one more test set (an external one), judged by SUMMARY's metric: its
 * rank there and that metric ("—" both where the loss has no finished run there; bold where
 * it is better there than every other beyond noise). Sets are numbered in the order added. */
void          lb_loss_result_add_test_set      (LbLossResult              *self,
                                                const LbExperimentSummary *summary);
/* Test set SET's rank cell (RANK) or metric cell, Pango markup; "" for a set not added. */
const char   *lb_loss_result_get_test_set_cell (LbLossResult              *self,
                                                guint                      set,
                                                gboolean                   rank);

G_END_DECLS
