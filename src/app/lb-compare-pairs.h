/* lb-compare-pairs.h — the differences between losses in the test metric they are judged by,
 * pair by pair, with what the comparison as a whole can tell apart.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "lb-experiment.h"

G_BEGIN_DECLS

#define LB_TYPE_COMPARE_PAIRS (lb_compare_pairs_get_type ())

G_DECLARE_FINAL_TYPE (LbComparePairs, lb_compare_pairs, LB, COMPARE_PAIRS, AdwBin)

/* The pairs of @summary, its losses named by @labels (indexed by loss index); hidden while
 * there is nothing to compare (@summary NULL or without pairs). */
void lb_compare_pairs_show (LbComparePairs            *self,
                            const char *const         *labels,
                            const LbExperimentSummary *summary);

G_END_DECLS
