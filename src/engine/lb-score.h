/* lb-score.h — every metric for masks made by any tool, against the truths, and two tools'
 * masks compared on the same truths (lossbench-cli score).
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Predictions and truths are two folders of masks paired by name, the dataset's way
 * (lb_dataset_discover_mask_pairs). Masks are scored at their own size, nothing resized, so the
 * pixel spacing a user gives is the spacing of every mask as it is. A mask is binary when it
 * holds at most one value besides 0 (0/255, 0/1, or any one label value): that value is the
 * foreground. Every file left out is in the set's pairing report with its reason: no partner,
 * a size that differs from its partner's, a mask that is not binary (a probability map or a
 * label map), an unreadable or damaged file; the rest is scored. */
#pragma once

#include "lb-dataset-discover.h"
#include "lb-experiment.h"
#include "lb-metric.h"

G_BEGIN_DECLS

typedef struct
{
  char *label;               /* the folder's name ("nnunet"), or its path when two share it */
  char *folder;              /* as given */
  LbPairingReport *report;   /* its pairing with the truths; rejected holds every file left
                              * out with its reason, unmatched_* the files without a partner */
  guint n_images;
  char **names;              /* the images scored, sorted (NULL-terminated) */
  char **pred_files;         /* their file names in the prediction folder */
  char **truth_files;        /* … and in the truth folder */
  int *widths, *heights;
  NnConfusion *confusions;
  LbImageMetrics *metrics;
} LbScoreSet;

typedef struct
{
  char *truth_folder;
  LbMetricOptions options;
  GPtrArray *sets;           /* LbScoreSet*, in the order of the prediction folders */
} LbScore;

void lb_score_free (LbScore *score);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LbScore, lb_score_free)

/* Pairs every folder of PRED_FOLDERS (NULL-terminated, at least one) with TRUTH_FOLDER and
 * scores what pairs up, decoding and measuring on nn_get_threads () threads. Fails on a folder
 * that is missing or unreadable, or on unusable OPTIONS; a folder of which nothing can be
 * scored is not a failure (its report says why). */
LbScore *lb_score_new (const char *truth_folder,
                       const char *const *pred_folders,
                       const LbMetricOptions *options,
                       GError **error);

/* The per-image CSV: prediction, name, prediction_file, truth_file, width, height, tp, fp, fn,
 * tn, the overlap metrics, hd … boundary_iou, missed, hd_mm … boundary_iou_mm (mm empty without
 * a spacing); one row per set and image. Written atomically. */
gboolean lb_score_save_csv (LbScore *score, const char *path, GError **error);

/* The pairing reports as JSON: truth_folder, and per prediction folder its label and
 * lb_pairing_report_to_json (). */
JsonNode *lb_score_report_to_json (LbScore *score);

typedef struct
{
  guint n_images;
  double mean[LB_METRIC_COUNT];  /* over the images; a missed image at its failure values */
  double std[LB_METRIC_COUNT];   /* over the images (n − 1); NaN below two */
  NnMetrics pooled;              /* the overlap metrics of the summed counts */
  int n_missed;
} LbScoreSummary;

void lb_score_set_summarize (const LbScoreSet *set, LbScoreSummary *summary);

/* Two sets compared on one metric, paired by image over the images both scored: the one-level
 * bootstrap of lb_bootstrap_paired_images (), Holm-adjusted over every pair of sets, and the
 * paired Wilcoxon test beside it. */
typedef struct
{
  guint a, b;                /* into score->sets */
  LbMetric metric;
  LbBootstrap bootstrap;     /* of metric(a) − metric(b) */
  double p_holm;
  LbWilcoxon test;
  double wilcoxon_p_holm;
  LbVerdict verdict;         /* identical, not distinguishable, different; cannot decide below
                              * two images in common */
  guint better;              /* a or b, whose mean is better on the metric (a on a tie) */
} LbScoreComparison;

/* Every pair of sets, in order (0 vs 1, 0 vs 2, …, 1 vs 2, …): an array of LbScoreComparison. */
GArray *lb_score_compare (LbScore *score, LbMetric metric);

/* "nnunet vs monai: −1.23 px HD95 (95 % CI −2.01 to −0.45 px; 120 paired images): nnunet is
 * better (lower HD95), beyond image-to-image noise (p = 0.0004)". */
char *lb_score_describe_comparison (LbScore *score, const LbScoreComparison *comparison);

/* The comparisons as CSV, written atomically. */
gboolean lb_score_save_comparisons_csv (LbScore *score,
                                        GArray *comparisons,
                                        const char *path,
                                        GError **error);

G_END_DECLS
