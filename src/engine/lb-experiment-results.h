/* lb-experiment-results.h — everything a view shows of an experiment's finished runs, read from
 * its folder in one go, on a worker thread.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "lb-experiment.h"
#include "lb-sweep.h"

G_BEGIN_DECLS

/* One test image of one finished run, with every metric measured on it. */
typedef struct
{
  char *name;                    /* the image */
  guint run;                     /* the experiment's run index */
  guint loss;                    /* the run's loss */
  guint64 seed;
  char *run_dir;                 /* the run's folder (its predicted masks are in masks/) */
  LbImageMetrics metrics;
} LbImageRow;

typedef struct
{
  GPtrArray *histories;          /* per run: GArray of LbEpochRecord, or NULL before its first */
  LbMetric metric;               /* what the summary compares and ranks by, and the
                                  * disagreement is measured in */
  LbExperimentSummary *summary;  /* NULL when it cannot be made: see summary_error */
  char *summary_error;
  /* For a sweep: each cell, each loss's chosen cell and their comparison (lb-sweep.h); NULL
   * for a comparison, or when it cannot be made (summary_error). */
  LbSweepResults *sweep;
  /* The test images where the losses disagree most: per image, the spread (max − min) of the
   * metric (IoU unless asked for another) over the losses (each loss's first finished run),
   * largest first. Empty until every loss has a finished run, when a run lacks the metric, and
   * for a sweep. */
  GPtrArray *disagreement_names; /* char * */
  GArray *disagreement_spread;   /* double */
  GPtrArray *disagreement_runs;  /* char *, per loss: the run folder the IoU came from */
  /* Every test image of every finished run, run by run in the experiment's order. */
  GArray *image_rows;            /* LbImageRow */
  /* The same summary on each external test set (lb_experiment_get_test_set_name (k + 1)): NULL
   * where it cannot be made (external_error[k] says why), and for a sweep. */
  guint n_external;
  LbExperimentSummary *external_summary[LB_EXPERIMENT_MAX_EXTERNAL];
  char *external_error[LB_EXPERIMENT_MAX_EXTERNAL];
} LbExperimentResults;

/* METRIC of the test image NAME in the run in RUN_DIR, or NaN when RESULTS have no such row. */
double lb_experiment_results_find_metric (const LbExperimentResults *results,
                                          const char *run_dir,
                                          const char *name,
                                          LbMetric metric);

/* The folder of the run of LOSS and SEED among RESULTS' rows, or NULL when none is done. */
const char *lb_experiment_results_find_run_dir (const LbExperimentResults *results,
                                                guint loss,
                                                guint64 seed);

/* The prediction of the test image NAME that the run in RUN_DIR saved (masks/NAME.png) as
 * probabilities (0 or 1), SIZE² floats; NULL when it is missing, unreadable or of another size.
 * Free with g_free. */
float *lb_experiment_results_load_prediction (const char *run_dir,
                                              const char *name,
                                              guint       size);

void lb_experiment_results_free (LbExperimentResults *results);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LbExperimentResults, lb_experiment_results_free)

/* Reads the histories, the summary and the disagreement of every run on disk; never fails (a
 * damaged file leaves its part empty). Safe while the experiment runs on another thread. By
 * IoU. */
LbExperimentResults *lb_experiment_load_results (LbExperiment *experiment);
/* The same, the summary and the disagreement on METRIC (lb-metric.h). */
LbExperimentResults *lb_experiment_load_results_by (LbExperiment *experiment, LbMetric metric);

void                 lb_experiment_load_results_async  (LbExperiment         *experiment,
                                                        GCancellable         *cancellable,
                                                        GAsyncReadyCallback   callback,
                                                        gpointer              user_data);
LbExperimentResults *lb_experiment_load_results_finish (LbExperiment         *experiment,
                                                        GAsyncResult         *result,
                                                        GError              **error);
/* lb_experiment_load_results_by on a worker thread; finish with
 * lb_experiment_load_results_finish. */
void                 lb_experiment_load_results_by_async (LbExperiment         *experiment,
                                                          LbMetric              metric,
                                                          GCancellable         *cancellable,
                                                          GAsyncReadyCallback   callback,
                                                          gpointer              user_data);

G_END_DECLS
