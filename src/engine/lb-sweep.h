/* lb-sweep.h — a paired sweep over a grid of settings, and each loss at its own best cell.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A sweep is an experiment (lb-experiment.h) whose losses are the cells of a grid
 * (LbSweepPlan in lb-experiment-config.h), so it is stored, run and resumed like any other.
 * Its results add what a sweep is for:
 *   - per cell, the validation metric over seeds (at each run's kept epoch: the weights the
 *     test measures) and the test metric with its two-level bootstrap interval;
 *   - the tuned comparison: for each loss, the cell best on validation — the test split is
 *     never read to choose — then those cells compared on test with the paired tests;
 *   - the comparison at one shared setting beside it: the grid point best on validation
 *     averaged over the losses, every loss at it, so a reader sees whether tuning each loss
 *     changed the ranking.
 * The files, beside the experiment's own: sweep.csv (one row per cell), tuned-summary.csv and
 * tuned-comparisons.csv, shared-summary.csv and shared-comparisons.csv. */
#pragma once

#include "lb-experiment.h"
#include "lb-per-image.h"

G_BEGIN_DECLS

/* "lr=1e-4,3e-4,1e-3" (a list) or "alpha=0.3:0.7:0.1" (from, to, step, both ends in): the
 * learning rate or a loss setting (lb-loss-catalogue.h's keys). NULL, or a sentence naming
 * what is wrong. The values come out increasing, without repeats. */
char *lb_sweep_axis_parse (const char *text, LbSweepAxis *axis);

/* Makes CONFIG a sweep of its losses over AXES: each loss becomes one cell per combination of
 * the values of the axes it reads (the learning rate: every loss), its other settings kept.
 * NULL, or a sentence: an axis no chosen loss reads, too many cells. */
char *lb_sweep_plan_expand (LbExperimentConfig *config, const LbSweepAxis *axes, guint n_axes);

/* The validation metric a sweep chooses by for METRIC: METRIC when validation measures it (the
 * overlap metrics, HD95 in px or mm), else IoU. */
LbMetric lb_sweep_selection_metric (LbMetric metric);

typedef struct
{
  guint loss;              /* the experiment's loss index: the cell */
  guint swept;             /* the swept loss it belongs to */
  int n_runs;              /* its finished runs */
  LbSummary val;           /* the selection metric on the validation images, over its runs */
  LbLossSummary test;      /* the test metric and its interval, over its runs (n_runs 0: none) */
  gboolean tuned;          /* the cell chosen for its loss */
  gboolean shared;         /* the cell of the shared setting */
} LbSweepCell;

typedef struct
{
  LbMetric metric;          /* on test: the comparisons and rankings */
  LbMetric select_metric;   /* on validation: the choice (lb_sweep_selection_metric) */
  GArray *cells;            /* LbSweepCell, in the experiment's order */
  guint n_swept;
  char **swept_labels;      /* per swept loss: "Focal" (NULL-terminated) */
  guint *tuned;             /* per swept loss: its chosen cell, or G_MAXUINT until one of its
                             * cells has every seed done */
  int shared_value[LB_SWEEP_MAX_AXES];  /* the shared setting, −1 until there is one */
  /* The chosen cells compared on test, and the cells at the shared setting, loss k of each
   * being swept loss k: NULL until every swept loss has its cell. */
  LbPerImage *tuned_results, *shared_results;
  LbExperimentSummary *tuned_summary, *shared_summary;
  gboolean ranking_changed; /* the two summaries rank the swept losses differently */
} LbSweepResults;

void lb_sweep_results_free (LbSweepResults *results);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LbSweepResults, lb_sweep_results_free)

/* The results of the finished runs of EXPERIMENT, a sweep, on METRIC. LB_ERROR_INVALID_INPUT
 * when it is not a sweep, or a finished run lacks METRIC. */
LbSweepResults *lb_sweep_summarize (LbExperiment *experiment, LbMetric metric, GError **error);

/* "lr 0.0003, α 0.5": RESULTS' shared setting on every axis of CONFIG's plan; NULL while there
 * is none. */
char *lb_sweep_results_dup_shared_setting (const LbSweepResults *results,
                                           const LbExperimentConfig *config);

/* sweep.csv, and the tuned and shared summaries and comparisons once they exist, into
 * FOLDER; each file written to a temporary name and renamed. */
gboolean lb_sweep_export_csv (LbSweepResults *results,
                              LbExperiment *experiment,
                              const char *folder,
                              GError **error);

/* The same from EXPERIMENT's finished runs on METRIC: lb_sweep_summarize, then the files. */
gboolean lb_sweep_export_folder (LbExperiment *experiment,
                                 LbMetric metric,
                                 const char *folder,
                                 GError **error);

G_END_DECLS
