/* lb-loss-result.h — one loss's row of the results table: its figures over seeds, as text.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "lb-experiment.h"

G_BEGIN_DECLS

#define LB_TYPE_LOSS_RESULT (lb_loss_result_get_type ())

G_DECLARE_FINAL_TYPE (LbLossResult, lb_loss_result, LB, LOSS_RESULT, GObject)

/* Row @row of @summary, for the loss called @label. Its properties, each a Pango markup string
 * for one column: "loss" ("Dice-BCE ×3"), the test metrics "iou", "dice", "accuracy",
 * "precision", "recall" and "stepped" ("0.958 ± 0.004", bold where
 * lb_experiment_summary_is_best), and the poster's "poster" and "poster-accuracy" ("—" where
 * it has none). */
LbLossResult *lb_loss_result_new (const LbExperimentSummary *summary,
                                  guint                      row,
                                  const char                *label);

G_END_DECLS
