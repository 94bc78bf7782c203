/* lb-experiment-config.h — what an experiment runs, and its config.json.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "lb-dataset.h"
#include "lb-metric.h"
#include "lb-trainer.h"

G_BEGIN_DECLS

#define LB_EXPERIMENT_MAX_LOSSES 128
#define LB_EXPERIMENT_MAX_SEEDS 100

/* ---- sweeps ----
 * A sweep is an experiment whose losses are the cells of a grid: each loss the user swept, at
 * every combination of the grid's values that it reads (Dice-BCE has no α, so an α axis gives
 * it one cell per learning rate). The cells run paired like any experiment's losses: for a
 * seed, the same split, initial weights and batches in every cell. lb-sweep.h builds the
 * plan and reads the results. */
#define LB_SWEEP_MAX_AXES 2
#define LB_SWEEP_MAX_VALUES 16
#define LB_SWEEP_LEARNING_RATE (-1) /* the axis varies Adam's learning rate */
#define LB_SWEEP_AUGMENT (-2)       /* the axis scales the augmentation's ranges: 0 is none, 1
                                     * the ranges configured (the standard ones unless set) */
/* Whether PARAM is a setting of the training, read by every loss (not an LbLossParam). */
#define LB_SWEEP_PARAM_IS_TRAINING(param) ((param) < 0)

typedef struct
{
  int param;                          /* LB_SWEEP_LEARNING_RATE, LB_SWEEP_AUGMENT or an LbLossParam */
  guint n_values;
  double values[LB_SWEEP_MAX_VALUES]; /* increasing */
} LbSweepAxis;

typedef struct
{
  guint n_axes;                       /* 0: not a sweep */
  LbSweepAxis axes[LB_SWEEP_MAX_AXES];
  guint n_swept;                      /* the losses swept */
  /* Per experiment loss (a cell): the swept loss it belongs to, and per axis the index of its
   * value, −1 where that loss does not read the axis' parameter. */
  guint cell_loss[LB_EXPERIMENT_MAX_LOSSES];
  gint8 cell_value[LB_EXPERIMENT_MAX_LOSSES][LB_SWEEP_MAX_AXES];
} LbSweepPlan;

/* ---- external test sets ----
 * Folders of pairs from elsewhere (another hospital's), never trained or validated on: after
 * training, every run's kept weights are measured on each, as on the split's test images
 * (lb-experiment.h). */
#define LB_EXPERIMENT_MAX_EXTERNAL 8

typedef struct
{
  char *name;                /* "montgomery": its folder under external/ and its label */
  char *folder;
  char *content_sha256;      /* of its loaded pixels and names; set on the first run */
} LbExternalSet;

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
  /* A source held out as the test set (lb_split_new_holding_out): "montgomery"; NULL for a
   * random split. */
  char *test_source;

  /* External test sets, measured after training; config.json without them has none. */
  LbExternalSet external[LB_EXPERIMENT_MAX_EXTERNAL];
  guint n_external;

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

  /* When it is a sweep (n_axes > 0): which cell each loss is. config.json without it reads
   * as no sweep. */
  LbSweepPlan sweep;
} LbExperimentConfig;

/* PRESET's network and epochs, all five losses with the poster's settings, 3 seeds, the demo
 * set (96 images), an 80/10/10 split stratified by source, no pixel spacing, compared by IoU. */
void lb_experiment_config_init (LbExperimentConfig *config, LbTrainPreset preset);
void lb_experiment_config_clear (LbExperimentConfig *config);
void lb_experiment_config_copy (LbExperimentConfig *dest, const LbExperimentConfig *src);

/* "Dice-BCE", or "Tversky #4" when two losses of one kind are compared; a sweep's cell adds
 * its values: "Focal (lr 0.0003, α 0.5)". */
char *lb_experiment_config_dup_loss_label (const LbExperimentConfig *config, guint loss_index);
/* The label of swept loss SWEPT without the values of a cell: "Focal". */
char *lb_experiment_config_dup_swept_label (const LbExperimentConfig *config, guint swept);
/* The learning rate the runs of LOSS_INDEX train with: its cell's in a sweep with a
 * learning-rate axis, else train.learning_rate. */
/* "5 losses × 3 seeds", or for a sweep "2 losses over lr (3 values), 6 cells × 1 seed". */
char *lb_experiment_config_describe_size (const LbExperimentConfig *config);
double lb_experiment_config_get_learning_rate (const LbExperimentConfig *config,
                                               guint loss_index);
/* The augmentation the runs of LOSS_INDEX train with: in a sweep with an augmentation axis,
 * train.augment's ranges times its cell's value (off at 0); else train.augment. */
void lb_experiment_config_get_augment (const LbExperimentConfig *config,
                                       guint loss_index,
                                       LbAugmentOptions *augment);
/* The name of PARAM (LB_SWEEP_LEARNING_RATE, LB_SWEEP_AUGMENT or an LbLossParam) in options
 * and files: "lr", "augment", "alpha"; and its symbol in labels: "lr", "aug", "α". */
const char *lb_sweep_param_to_key (int param);
const char *lb_sweep_param_to_symbol (int param);
/* The PARAM whose key is KEY ("lr" or "learning-rate" too), or LB_SWEEP_UNKNOWN. */
#define LB_SWEEP_UNKNOWN (-100)
int lb_sweep_param_from_key (const char *key);

/* Whether CONFIG trains the poster's network at the poster's size and for its epochs, so that
 * the poster's own figures are a reference for its runs rather than a guide. */
gboolean lb_experiment_config_is_poster_protocol (const LbExperimentConfig *config);
/* Adds FOLDER as an external test set named after it ("montgomery" for …/Montgomery, "set-2"
 * after a clash); NULL, or a sentence saying why it cannot be one (given twice, one of the
 * training folders, too many). lb-external-sets.c. */
char *lb_experiment_config_add_external (LbExperimentConfig *config, const char *folder);
/* NULL when CONFIG's external sets are usable (names valid and distinct, none a training
 * folder), else a sentence. */
char *lb_experiment_config_check_external (const LbExperimentConfig *config);

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
