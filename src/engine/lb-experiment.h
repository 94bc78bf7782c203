/* lb-experiment.h — losses × seeds, trained one after another, paired, stored on disk.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Paired: for a given seed every loss starts from the same initial weights, uses the same
 * split and sees the same batch order, so a difference between two losses is the loss, not
 * luck, and a paired test can say whether it is real.
 *
 * The experiment folder (design.md):
 *   config.json            everything needed to run it again (see lb-experiment-config.h)
 *   split.tsv              name<TAB>subset, shared by every run
 *   runs/LOSS-sSEED/       history.csv, checkpoint.safetensors, weights.safetensors (best,
 *                          PyTorch layout), per-image.csv (test set), masks/NAME.png,
 *                          failed.txt (why, when the run failed)
 *   summary.csv, history.csv, per-image.csv, comparisons.csv   the exports, written when the queue is done
 * Every file is written to a temporary name and renamed. A run is done when its
 * per-image.csv exists; an interrupted run resumes from its last completed epoch. */
#pragma once

#include <gio/gio.h>

#include "lb-experiment-config.h"
#include "lb-stats.h"
#include "lb-trainer.h"

G_BEGIN_DECLS

typedef enum
{
  LB_RUN_PENDING,
  LB_RUN_RUNNING,
  LB_RUN_DONE,
  LB_RUN_INTERRUPTED, /* stopped or killed; resumes from its last completed epoch */
  LB_RUN_FAILED,      /* diverged, or could not be saved: the message says why */
} LbRunState;

const char *lb_run_state_to_label (LbRunState state);  /* "Waiting", "Training", … */

typedef struct
{
  guint loss_index;        /* into the configuration's losses */
  guint64 seed;
  char *name;              /* "focal-tversky-s2": the folder under runs/ */
  LbRunState state;
  char *message;           /* why it failed, or a warning (a collapsed run) */
  int epochs_done;
  int best_epoch;
  gboolean collapsed;      /* its last epoch predicted one class everywhere */
  NnMetrics test_mean;     /* on the test split, mean over images (done runs) */
  NnMetrics test_pooled;
} LbRunInfo;

void lb_run_info_clear (LbRunInfo *info);

/* One loss over the seeds that finished. */
typedef struct
{
  guint loss_index;
  int n_runs;
  int n_collapsed;                    /* runs that ended predicting one class everywhere */
  LbSummary metric[NN_METRIC_COUNT];  /* over runs, each run's test mean */
  double poster_stepped_iou;          /* the poster's table, NaN where it has no value */
  double poster_accuracy;
} LbLossSummary;

/* Two losses compared on per-image test IoU (averaged over seeds), paired by image. */
typedef struct
{
  guint a, b;              /* loss indices */
  LbWilcoxon test;
  double p_holm;           /* Holm-corrected over every pair */
  gboolean significant;    /* p_holm < 0.05 */
} LbPairComparison;

typedef struct
{
  GArray *losses;          /* LbLossSummary, in configuration order (losses with runs only) */
  GArray *pairs;           /* LbPairComparison */
  guint n_test_images;
} LbExperimentSummary;

void lb_experiment_summary_free (LbExperimentSummary *summary);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LbExperimentSummary, lb_experiment_summary_free)

#define LB_TYPE_EXPERIMENT (lb_experiment_get_type ())
G_DECLARE_FINAL_TYPE (LbExperiment, lb_experiment, LB, EXPERIMENT, GObject)

/* Creates FOLDER (which must be empty or absent) with its config.json. To continue an
 * experiment that is there already, open it. */
LbExperiment *lb_experiment_new (const LbExperimentConfig *config,
                                 const char *folder,
                                 GError **error);
/* Reads FOLDER's config.json and the state of its runs. A damaged or hand-edited config
 * gives LB_ERROR_CORRUPT with what is wrong, never a crash. */
LbExperiment *lb_experiment_open (const char *folder, GError **error);

const char *lb_experiment_get_folder (LbExperiment *self);
const LbExperimentConfig *lb_experiment_get_config (LbExperiment *self);
/* "Dice-BCE", or "Tversky (α 0.3, β 0.7)" when two losses of one kind are compared. */
char *lb_experiment_dup_loss_label (LbExperiment *self, guint loss_index);

guint lb_experiment_get_n_runs (LbExperiment *self);
/* A copy (clear it with lb_run_info_clear), safe on any thread. Runs are ordered seed by
 * seed, each seed running every loss. */
void lb_experiment_get_run (LbExperiment *self, guint index, LbRunInfo *info);
/* The run's per-epoch history (LbEpochRecord), from its folder; empty before it starts. */
GArray *lb_experiment_load_history (LbExperiment *self, guint index, GError **error);
/* A done run's test results, in test-split order: names, sources (char*) and NnConfusion. */
gboolean lb_experiment_load_per_image (LbExperiment *self,
                                       guint index,
                                       GPtrArray **names,
                                       GPtrArray **sources,
                                       GArray **confusions,
                                       GError **error);
gboolean lb_experiment_is_complete (LbExperiment *self);

/* Trains every run that is not done, in the calling thread: loads the data, makes or reloads
 * the split, resumes interrupted runs. A run that fails is marked so and the queue goes on.
 * "run-started" / "run-finished" (with the run index) and "progress" (the current trainer's,
 * after every batch) are emitted in this thread. FALSE with LB_ERROR_CANCELLED when stopped. */
gboolean lb_experiment_run (LbExperiment *self, GCancellable *cancellable, GError **error);

/* The same on a worker thread; signals arrive in the caller's main context, "progress"
 * coalesced. */
void lb_experiment_run_async (LbExperiment *self,
                              GCancellable *cancellable,
                              GAsyncReadyCallback callback,
                              gpointer user_data);
gboolean lb_experiment_run_finish (LbExperiment *self, GAsyncResult *result, GError **error);

/* The trainer of the run under way (a new reference), or NULL: read its snapshot from the
 * experiment's "progress" handler. Do not connect to the trainer's own "progress": inside an
 * experiment it is emitted on the worker thread. */
LbTrainer *lb_experiment_dup_current_trainer (LbExperiment *self);

/* Summary of the runs that are done (needs no data loaded). */
LbExperimentSummary *lb_experiment_summarize (LbExperiment *self, GError **error);
/* "Focal-Tversky vs Dice-BCE: no significant difference (p = 0.41, Holm-corrected)". */
char *lb_experiment_describe_pair (LbExperiment *self, const LbPairComparison *pair);

/* The CSV files (RFC 4180, '.' decimals): one row per loss with mean, std and 95 % CI of
 * every metric over seeds and the poster's values; every run's history in long format (run,
 * loss, seed, epoch, metric, value); every test image's metrics per run; one row per pair of
 * losses with the paired test. Any path may be NULL. */
gboolean lb_experiment_export_csv (LbExperiment *self,
                                   const char *summary_path,
                                   const char *history_path,
                                   const char *per_image_path,
                                   const char *comparisons_path,
                                   GError **error);

G_END_DECLS
