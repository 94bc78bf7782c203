/* lb-compare-table.h — the results on the test images: one row per loss, mean ± spread over
 * seeds of each metric, the poster's values beside them, and what the figures mean.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "lb-experiment-results.h"

G_BEGIN_DECLS

#define LB_TYPE_COMPARE_TABLE (lb_compare_table_get_type ())

G_DECLARE_FINAL_TYPE (LbCompareTable, lb_compare_table, LB, COMPARE_TABLE, AdwBin)

/* @summary's losses, named by @labels (indexed by loss_index) with their @settings under the
 * name (lb_loss_term_describe; NULL for none), ranked by @metric; or @error,
 * why there is no summary, when it is NULL. @poster_protocol: whether the runs train the
 * poster's network at its size and length (lb_experiment_config_is_poster_protocol); if not,
 * the poster's columns are called a guide. */
void lb_compare_table_show (LbCompareTable            *self,
                            const char *const         *labels,
                            const char *const         *settings,
                            const LbExperimentSummary *summary,
                            LbMetric                   metric,
                            const char                *error,
                            gboolean                   poster_protocol);

/* After lb_compare_table_show: per external test set, a column of each loss's rank there and
 * one of its mean on the judged metric; SUMMARIES[k] NULL where set NAMES[k] has none yet
 * (ERRORS[k] says why, or NULL). Shown again without, the columns go. */
void lb_compare_table_show_test_sets (LbCompareTable             *self,
                                      const char *const          *names,
                                      LbExperimentSummary *const *summaries,
                                      const char *const          *errors,
                                      guint                       n_sets);

G_END_DECLS
