/* lb-per-image.h — an experiment's test results in memory: every finished run's per-image counts.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The summary and the comparisons are computed from these alone (lb-experiment-export.c), so
 * they can be made from an experiment's run folders or, without the runs, from the
 * per-image.csv that an export wrote: `lossbench-cli summarize --per-image FILE --out DIR`
 * rebuilds summary.csv and comparisons.csv of a published result with nothing but that file
 * (and its config.json, for the losses' settings). */
#pragma once

#include "lb-experiment.h"

G_BEGIN_DECLS

typedef struct
{
  NnLossKind kind;
  char *label;             /* "Dice-BCE", or "Tversky #4" when two losses share a kind */
  gboolean has_config;     /* whether CONFIG holds the loss's settings */
  NnLossConfig config;
} LbPerImageLoss;

typedef struct
{
  guint loss;              /* into losses */
  guint64 seed;
  int collapsed;           /* 1 or 0; −1 when unknown (read from a per-image.csv) */
  NnConfusion *confusions; /* one per test image, in the order of names */
  LbImageMetrics *metrics; /* the same images: overlap metrics from the counts, boundary ones
                            * as the file holds them (NaN, missed −1, in files of earlier
                            * versions) */
} LbPerImageRun;

typedef struct
{
  GArray *losses;          /* LbPerImageLoss: the configuration's, or those the file names */
  GPtrArray *names;        /* the test images, the same for every run */
  GArray *runs;            /* LbPerImageRun: finished runs only, in the experiment's order */
} LbPerImage;

/* No losses, no runs, no names yet. */
LbPerImage *lb_per_image_new (void);
void lb_per_image_free (LbPerImage *results);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LbPerImage, lb_per_image_free)

/* The finished runs of EXPERIMENT, read from their folders. */
LbPerImage *lb_per_image_new_from_experiment (LbExperiment *experiment, GError **error);
/* The same on test set SET (lb_experiment_get_n_test_sets): 0 is the split's test images. */
LbPerImage *lb_per_image_new_from_experiment_set (LbExperiment *experiment,
                                                  guint set,
                                                  GError **error);

/* A per-image.csv written by lb_experiment_export_csv: columns run, loss, label, seed, name,
 * tp, fp, fn, tn, and the boundary metrics when it has them (lb-metric.h; others are ignored;
 * the overlap metrics are computed again from the counts, as for runs).
 * CONFIG, when not NULL, gives the losses and their settings, and every label in the file must
 * be one of its losses; without it the losses are those the file names, settings unknown. */
LbPerImage *lb_per_image_load_csv (const char *path,
                                   const LbExperimentConfig *config,
                                   GError **error);

/* The runs of N_LOSSES of RESULTS' losses, LOSSES[k] becoming loss k (its label and
 * settings kept), the images shared: a sweep's chosen cells compared as an experiment of
 * their own. */
LbPerImage *lb_per_image_select (LbPerImage *results, const guint *losses, guint n_losses);
/* Whether every image of every run has METRIC (the overlap metrics always do). */
gboolean lb_per_image_has_metric (LbPerImage *results, LbMetric metric);

/* lb_experiment_summarize (), lb_experiment_summarize_by (), lb_experiment_describe_pair () and
 * the summary and comparisons of lb_experiment_export_csv (), for these results. */
LbExperimentSummary *lb_per_image_summarize (LbPerImage *results, GError **error);
LbExperimentSummary *lb_per_image_summarize_by (LbPerImage *results,
                                                LbMetric metric,
                                                GError **error);
/* The same without the pairs: each loss's summary and the ranking, for a sweep's cells. */
LbExperimentSummary *lb_per_image_summarize_cells (LbPerImage *results,
                                                   LbMetric metric,
                                                   GError **error);
char *lb_per_image_describe_pair (LbPerImage *results, const LbPairComparison *pair);
gboolean lb_per_image_export_csv (LbPerImage *results,
                                  const LbExperimentSummary *summary,
                                  const char *summary_path,
                                  const char *comparisons_path,
                                  GError **error);

G_END_DECLS
