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
 *                          PyTorch layout), per-image.csv (test set: counts, overlap and
 *                          boundary metrics, lb-metric.h), masks/NAME.png,
 *                          failed.txt (why, when the run failed),
 *                          external/SET/per-image.csv and masks/ (each external test set)
 *   summary.csv, history.csv, per-image.csv, comparisons.csv   the exports, written when the queue is done
 *   external/SET/summary.csv, per-image.csv, comparisons.csv   the same on each external set
 * Every file is written to a temporary name and renamed. A run is done when its
 * per-image.csv exists; an interrupted run resumes from its last completed epoch. */
#pragma once

#include <gio/gio.h>

#include "lb-bootstrap.h"
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
  LB_RUN_ELSEWHERE,   /* another process holds its claim (lb-run-claim.h): another node, a
                       * Slurm task, another window; holder says who */
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
  double test_value[LB_METRIC_COUNT];  /* every metric's mean over the test images (missed
                                        * ones included, lb-metric.h); NaN where not measured */
  int test_missed;         /* test images missed; −1 when not measured */
  char *holder;            /* who trains it, when ELSEWHERE: "node07 (Slurm job 81, task 3)" */
  gint64 heartbeat;        /* the holder's last sign of life, Unix seconds (ELSEWHERE) */
} LbRunInfo;

void lb_run_info_clear (LbRunInfo *info);

/* One metric of one loss over its finished seeds and the test images. */
typedef struct
{
  double ci_low;           /* the 95 % interval of the mean from the two-level bootstrap over */
  double ci_high;          /* seeds and images (lb-bootstrap.h), inside the metric's range;
                            * NaN with one seed */
  double seed_spread;      /* std (n − 1) of the seeds' means: LbSummary.std, by another name */
  double image_spread;     /* std of the images around their seed's mean, pooled over seeds */
} LbMetricInterval;

/* One loss over the seeds that finished. Indexed by LbMetric (an NnMetric is one); a metric
 * the runs did not measure (boundary metrics of runs written by earlier versions, mm without
 * a pixel spacing) is NaN. */
typedef struct
{
  guint loss_index;
  int n_runs;
  int n_collapsed;                    /* runs that ended predicting one class everywhere; −1
                                       * when unknown (summarised from a per-image.csv) */
  LbSummary metric[LB_METRIC_COUNT];  /* over runs, each run's test mean (Student-t interval) */
  LbMetricInterval interval[LB_METRIC_COUNT];
  double poster_stepped_iou;          /* the poster's table, NaN where it has no value */
  double poster_accuracy;
  int n_missed;                       /* missed test images, summed over the runs (each is in
                                       * the means at its failure value); −1 when not measured */
  double missed_per_run;              /* n_missed / n_runs; NaN when not measured */
} LbLossSummary;

typedef enum
{
  LB_VERDICT_IDENTICAL,            /* the same IoU on every test image of every seed */
  LB_VERDICT_UNDECIDABLE,          /* fewer than LB_BOOTSTRAP_MIN_SEEDS seeds in common */
  LB_VERDICT_NOT_DISTINGUISHABLE,  /* not told apart from seed and image noise */
  LB_VERDICT_DIFFERENT,            /* Holm-adjusted bootstrap p < 0.05 */
} LbVerdict;

const char *lb_verdict_to_string (LbVerdict verdict);  /* "different", "cannot decide", … */

/* Two losses compared on a per-image test metric (the summary's, IoU by default), paired by
 * seed and image, over the seeds both finished: the two-level bootstrap of lb-bootstrap.h,
 * Holm-adjusted over every pair. The difference is a − b in the metric's own direction: for
 * a lower-is-better metric (HD95) a negative difference favours a. */
typedef struct
{
  guint a, b;                  /* loss indices */
  LbMetric metric;             /* what is compared */
  guint n_pairs;               /* pairs in the comparison, for Holm */
  LbBootstrap bootstrap;       /* of metric(a) − metric(b): mean, 95 % interval, spreads, p */
  double p_holm;               /* the bootstrap p, Holm-adjusted over every pair */
  LbVerdict verdict;
  gboolean significant;        /* verdict == LB_VERDICT_DIFFERENT */
  double detectable_difference;  /* with 80 % power at Holm's first-step level, 0.05 / pairs;
                                  * NaN below LB_BOOTSTRAP_MIN_SEEDS seeds */
  /* A secondary view, kept to compare with earlier exports: the paired Wilcoxon test on
   * per-image IoU averaged over the seeds. It never sees seed-to-seed noise, so it overstates
   * how sure a difference is. */
  LbWilcoxon test;
  double wilcoxon_p_holm;
  guint better;                /* a or b: the one whose mean is better on the metric (a on a
                                * tie); whether that is beyond noise is the verdict's to say */
} LbPairComparison;

/* What the comparison as a whole can tell apart. */
typedef struct
{
  int n_seeds;                     /* the fewest seeds a pair has in common */
  int n_images;
  int n_pairs;
  double alpha;                    /* Holm's first-step level, 0.05 / n_pairs */
  LbVarianceComponents components; /* of the differences, averaged over the pairs that differ */
  double detectable_difference;    /* 80 % power at ALPHA; NaN below LB_BOOTSTRAP_MIN_SEEDS */
  double detectable_one_pair;      /* the same at 0.05, for one pair planned in advance */
  double detectable_floor;         /* at ALPHA with unlimited seeds: the test images' limit */
  double largest_difference;       /* the largest |mean difference| over the pairs */
  int seeds_for_largest;           /* seeds that would detect it; −1 beyond 1000 */
} LbComparisonDesign;

typedef struct
{
  GArray *losses;          /* LbLossSummary, in configuration order (losses with runs only) */
  GArray *pairs;           /* LbPairComparison */
  guint n_test_images;
  LbComparisonDesign design;
  LbMetric metric;         /* what the pairs compare and the ranking orders by */
  gboolean available[LB_METRIC_COUNT];  /* measured for every image of every finished run */
  GArray *ranking;         /* guint: positions in LOSSES, best mean on METRIC first (its
                            * direction known); ties keep configuration order */
} LbExperimentSummary;

void lb_experiment_summary_free (LbExperimentSummary *summary);
/* Fills SUMMARY->ranking from its losses' means on SUMMARY->metric. */
void lb_experiment_summary_rank (LbExperimentSummary *summary);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LbExperimentSummary, lb_experiment_summary_free)

/* Whether loss ROW (an index into SUMMARY->losses) has the best mean of METRIC, in METRIC's
 * direction (lower HD95 is better), and the pairwise tests, on SUMMARY->metric, call it better
 * than every other loss: what a table may show in bold, since a bold figure is a claim. Only
 * SUMMARY->metric is tested pairwise; another metric's best follows that verdict when it is
 * the same loss. Never with fewer than two losses, nor for a metric the runs did not measure. */
gboolean lb_experiment_summary_is_best_by (const LbExperimentSummary *summary,
                                           guint row,
                                           LbMetric metric);
/* The same for an overlap metric. */
gboolean lb_experiment_summary_is_best (const LbExperimentSummary *summary,
                                        guint row,
                                        NnMetric metric);
/* "With 3 seeds and 69 test images, IoU differences below 0.0087 cannot be told from noise (…).
 * (For another metric, its name and unit: "HD95 differences below 1.23 px …".)
 * The largest difference here, 0.0023, would need about 40 seeds." NULL without pairs. */
char *lb_experiment_summary_describe_design (const LbExperimentSummary *summary);
/* "Detecting a difference of 0.0020 IoU on 69 test images would take about 52 seeds (…)." */
char *lb_experiment_summary_describe_detection (const LbExperimentSummary *summary,
                                                double difference);

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
/* Whether FOLDER is this experiment's folder, however the path is spelled. */
gboolean lb_experiment_is_in (LbExperiment *self, const char *folder);
const LbExperimentConfig *lb_experiment_get_config (LbExperiment *self);
/* "Dice-BCE", or "Tversky (α 0.3, β 0.7)" when two losses of one kind are compared. */
char *lb_experiment_dup_loss_label (LbExperiment *self, guint loss_index);
/* Every loss's label, in configuration order (NULL-terminated). */
char **lb_experiment_dup_loss_labels (LbExperiment *self);

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
/* The same with every metric: METRICS receives LbImageMetrics (boundary metrics NaN and missed
 * −1 when the file was written before they were measured). Any output may be NULL. */
gboolean lb_experiment_load_test_results (LbExperiment *self,
                                          guint index,
                                          GPtrArray **names,
                                          GPtrArray **sources,
                                          GArray **confusions,
                                          GArray **metrics,
                                          GError **error);
/* The test sets every run is measured on: set 0 is the split's test images, sets 1 … N the
 * configuration's external sets, in order. */
guint lb_experiment_get_n_test_sets (LbExperiment *self);
/* External set SET's name ("montgomery"), NULL for set 0. */
const char *lb_experiment_get_test_set_name (LbExperiment *self, guint set);
/* For people: "Test split", "montgomery (held out)" (a source-held-out split), "jsrt". */
char *lb_experiment_dup_test_set_label (LbExperiment *self, guint set);
/* lb_experiment_load_test_results on test set SET. */
gboolean lb_experiment_load_set_results (LbExperiment *self,
                                         guint index,
                                         guint set,
                                         GPtrArray **names,
                                         GPtrArray **sources,
                                         GArray **confusions,
                                         GArray **metrics,
                                         GError **error);
gboolean lb_experiment_is_complete (LbExperiment *self);
/* How many runs are done: their results can be read and exported. */
guint lb_experiment_count_done (LbExperiment *self);

/* Trains every run that is not done, in the calling thread: loads the data, makes or reloads
 * the split, resumes interrupted runs. A run that fails is marked so and the queue goes on.
 * Each run is claimed first (lb-run-claim.h); one another process holds is left to it and
 * ends ELSEWHERE, the experiment incomplete, its exports not written. Once every run is done
 * the exports are written, again when they already were (a kill may have cut them short), and
 * what killed holders left in the runs' folders goes.
 * "run-started" / "run-finished" (with the run index) and "progress" (the current trainer's,
 * after every batch) are emitted in this thread. FALSE with LB_ERROR_CANCELLED when stopped. */
gboolean lb_experiment_run (LbExperiment *self, GCancellable *cancellable, GError **error);

/* Trains run INDEX alone, claimed, as lb_experiment_run would train it: what a Slurm array
 * task does. TRUE at once when it is done; LB_ERROR_BUSY when another process holds it. */
gboolean lb_experiment_run_one (LbExperiment *self,
                                guint index,
                                GCancellable *cancellable,
                                GError **error);
/* How long a claim may go without a heartbeat before it is taken over (default
 * LB_RUN_CLAIM_STALE_SECONDS). */
void lb_experiment_set_stale_seconds (LbExperiment *self, gint64 seconds);
/* Reads every run's state again from its files, as other processes or nodes change them;
 * the run this process trains, and runs done, keep theirs. Whether a run's state, epochs or
 * holder changed (a heartbeat alone is not a change). */
gboolean lb_experiment_reload_runs (LbExperiment *self);
/* Writes the exports lb_experiment_run writes when its queue is done (summary, history,
 * per-image, comparisons; the external sets' and a sweep's), from the runs done. */
gboolean lb_experiment_export_folder (LbExperiment *self, GError **error);

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

/* Summary of the runs that are done (needs no data loaded), the pairs compared on IoU;
 * lb-per-image.h does the same from an exported per-image.csv. */
LbExperimentSummary *lb_experiment_summarize (LbExperiment *self, GError **error);
/* The same with the pairs compared, and the losses ranked, by METRIC (a sweep's cells are
 * summarized, not compared: lb-sweep.h compares its chosen cells). LB_ERROR_INVALID_INPUT
 * when a finished run lacks it (runs of an earlier version, or mm without a pixel spacing). */
LbExperimentSummary *lb_experiment_summarize_by (LbExperiment *self,
                                                 LbMetric metric,
                                                 GError **error);
/* lb_experiment_summarize_by on test set SET (lb_experiment_get_n_test_sets). */
LbExperimentSummary *lb_experiment_summarize_set_by (LbExperiment *self,
                                                     guint set,
                                                     LbMetric metric,
                                                     GError **error);
/* The verdict in a sentence: "Jaccard vs Tversky: +0.0023 IoU (95 % CI −0.0006 to +0.0044; seed
 * spread 0.0006): not distinguishable from seed noise with 3 seeds (Holm-adjusted p = 0.92)". */
char *lb_experiment_describe_pair (LbExperiment *self, const LbPairComparison *pair);
/* The same, the losses named A and B. */
char *lb_pair_comparison_describe (const char *a, const char *b, const LbPairComparison *pair);

/* The CSV files (RFC 4180, '.' decimals): one row per loss with mean, std and 95 % CI of
 * every metric over seeds, their bootstrap intervals and spreads, and the poster's values;
 * every run's history in long format (run, loss, seed, epoch, metric, value); every test
 * image's metrics per run; one row per pair of losses with its bootstrap verdict and, after it,
 * the Wilcoxon test of earlier versions. Any path may be NULL. A sweep writes no
 * comparisons.csv: its cells are not compared pair by pair (lb-sweep.h has its comparisons). */
gboolean lb_experiment_export_csv (LbExperiment *self,
                                   const char *summary_path,
                                   const char *history_path,
                                   const char *per_image_path,
                                   const char *comparisons_path,
                                   GError **error);
/* The same with comparisons.csv on METRIC (lb_experiment_export_csv uses the configuration's
 * compare_by, IoU unless set). summary.csv holds the columns of every metric the runs measured
 * (the boundary ones and missed_images, missed_per_run only when they did, so files of earlier
 * versions export as they did); history.csv adds val_hd95, val_missed and val_hd95_mm for the
 * epochs that measured them; per-image.csv always holds the boundary columns, empty where not
 * measured. */
gboolean lb_experiment_export_csv_by (LbExperiment *self,
                                      LbMetric metric,
                                      const char *summary_path,
                                      const char *history_path,
                                      const char *per_image_path,
                                      const char *comparisons_path,
                                      GError **error);

/* For each external test set, DIR/external/SET/summary.csv, comparisons.csv (not for a sweep)
 * and per-image.csv, as lb_experiment_export_csv_by writes them for the split's test images.
 * Nothing without external sets. */
gboolean lb_experiment_export_external_csv (LbExperiment *self,
                                            LbMetric metric,
                                            const char *dir,
                                            GError **error);

G_END_DECLS
