/* lb-compare-table.h — the results on the test images: one row per loss, mean ± spread over
 * seeds of each metric, the poster's values beside them, and what the figures mean.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "lb-experiment-results.h"

G_BEGIN_DECLS

#define LB_TYPE_COMPARE_TABLE (lb_compare_table_get_type ())

G_DECLARE_FINAL_TYPE (LbCompareTable, lb_compare_table, LB, COMPARE_TABLE, AdwBin)

/* The summary of @results, or why there is none; @experiment names the losses. */
void lb_compare_table_show (LbCompareTable            *self,
                            LbExperiment              *experiment,
                            const LbExperimentResults *results);

G_END_DECLS
