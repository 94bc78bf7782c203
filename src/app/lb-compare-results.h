/* lb-compare-results.h — what the Compare page shows of an experiment's finished runs: the
 * metric they are judged by, the results table, the pairwise differences, the gallery and the
 * per-image browser, read from the experiment's folder on a worker thread.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "lb-data-source.h"
#include "lb-experiment-results.h"

G_BEGIN_DECLS

#define LB_TYPE_COMPARE_RESULTS (lb_compare_results_get_type ())

G_DECLARE_FINAL_TYPE (LbCompareResults, lb_compare_results, LB, COMPARE_RESULTS, AdwBin)

/* Where the gallery and the browser find the images (the open dataset, when it is the
 * experiment's). */
void     lb_compare_results_set_data_source (LbCompareResults *self,
                                             LbDataSource     *data_source);
/* Shows @experiment's results from now on, or none; what was read of another is dropped, and
 * the mm metrics are offered when its images have a pixel spacing. */
void     lb_compare_results_set_experiment  (LbCompareResults *self,
                                             LbExperiment     *experiment);
/* Reads what the experiment's folder holds now, by the metric chosen, and shows it. The
 * "loaded" signal (a const LbExperimentResults *) comes first, for the page's other views; a
 * reading overtaken by another, or by another metric, is dropped. */
void     lb_compare_results_reload          (LbCompareResults *self);
/* The metric the results are judged by (the "Judge by" chooser's, bound to compare-metric). */
LbMetric lb_compare_results_get_metric      (LbCompareResults *self);

G_END_DECLS
