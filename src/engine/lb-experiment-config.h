/* lb-experiment-config.h — what an experiment runs, and its config.json.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "lb-dataset.h"
#include "lb-metric.h"
#include "lb-trainer.h"

G_BEGIN_DECLS

#define LB_EXPERIMENT_MAX_LOSSES 16
#define LB_EXPERIMENT_MAX_SEEDS 100

typedef struct
{
  /* Data: dataset folders (combined, in order), or the demo set when there are none. */
  char **folders;            /* NULL-terminated, may be NULL */
  guint demo_count;
  guint64 demo_seed;
  LbNormalization normalization;
  char *content_sha256;      /* of the loaded pixels and names; set on the first run */

  /* The split every run shares. */
  double split_train, split_val, split_test;
  guint64 split_seed;
  gboolean stratify;

  /* Network, optimiser and callbacks; train.loss and train.seed are set per run. */
  char *preset;              /* "quick", … or "custom" (informative) */
  LbTrainConfig train;

  NnLossConfig losses[LB_EXPERIMENT_MAX_LOSSES];
  guint n_losses;
  guint64 first_seed;        /* seeds first_seed … first_seed + n_seeds − 1 */
  guint n_seeds;

  /* Test metrics: the pixel spacing of the original images (none by default: PNG carries
   * none) and NSD's tolerances (lb-metric.h); and the metric the exports rank and compare the
   * losses by (IoU by default). config.json files without them read as these defaults. */
  LbMetricOptions metrics;
  LbMetric compare_metric;
} LbExperimentConfig;

/* PRESET's network and epochs, all five losses with the poster's settings, 3 seeds, the demo
 * set (96 images), an 80/10/10 split stratified by source, no pixel spacing, compared by IoU. */
void lb_experiment_config_init (LbExperimentConfig *config, LbTrainPreset preset);
void lb_experiment_config_clear (LbExperimentConfig *config);
void lb_experiment_config_copy (LbExperimentConfig *dest, const LbExperimentConfig *src);

/* "Dice-BCE", or "Tversky #4" when two losses of one kind are compared. */
char *lb_experiment_config_dup_loss_label (const LbExperimentConfig *config, guint loss_index);

/* Whether CONFIG trains the poster's network at the poster's size and for its epochs, so that
 * the poster's own figures are a reference for its runs rather than a guide. */
gboolean lb_experiment_config_is_poster_protocol (const LbExperimentConfig *config);
/* NULL when usable, else a sentence saying what to change. */
char *lb_experiment_config_check (const LbExperimentConfig *config);

/* config.json: written atomically, read with a clear error on anything missing or wrong. */
gboolean lb_experiment_config_save (const LbExperimentConfig *config,
                                    const char *path,
                                    GError **error);
gboolean lb_experiment_config_load (LbExperimentConfig *config,
                                    const char *path,
                                    GError **error);

G_END_DECLS
