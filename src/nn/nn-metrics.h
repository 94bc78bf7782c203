/* nn-metrics.h — segmentation metrics on p > 0.5: per-image rows, pooled values, means.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A prediction is foreground where p = σ(z) > 0.5, i.e. where the logit z > 0 (z = 0 is
 * background); a mask pixel is foreground where y > 0.5.  Everything starts from a confusion
 * count per image (NnConfusion, 32 bytes), which the engine keeps per image: NnMetrics rows for
 * the CSV and paired tests (Wilcoxon) come from it, pooled values from the summed counts.
 *
 * Let A = predicted foreground, B = mask foreground.
 *   IoU        |A∩B| / |A∪B|            1 when A and B are both empty
 *   Dice       2|A∩B| / (|A| + |B|)     1 when A and B are both empty
 *   accuracy   (TP + TN) / pixels       (Keras "binary accuracy")
 *   precision  TP / (TP + FP)           when nothing is predicted: 1 if B is empty too, else 0
 *   recall     TP / (TP + FN)           when B is empty: 1 if nothing is predicted, else 0
 *   stepped    the poster's uncapped TGS-salt step score, see below
 * An undefined ratio takes the IoU's empty convention: 1 only when both A and B are empty.  So
 * a net that predicts nothing scores precision 0 on an image with lung, not a flattering 1.
 *
 * Stepped IoU (the poster's "IoU score"; not IoU): floor (max (0, (IoU − 0.45)·20)) / 10 per
 * image, uncapped, so a perfect non-empty image scores 1.1 (the TGS original counted thresholds
 * 0.5 … 0.95 and tops out at 1.0); an image with an empty mask scores 1 if nothing is predicted,
 * else 0 (so empty/empty scores 1, not 1.1).  The step is computed exactly from the counts,
 * floor ((20·TP − 9·|A∪B|) / |A∪B|), so IoU = 0.6 scores 0.3.  The poster evaluates it in
 * float64, where (0.6 − 0.45)·20 = 2.9999999999999996: at IoU exactly 0.5, 0.6, 0.7, 0.75,
 * 0.8, 0.85, 0.9 and 0.95 its code scores one step (0.1) less.  Only exact boundary ratios
 * differ, which are rare on 256² masks. */
#pragma once

#include <stdint.h>

typedef struct
{
  int64_t tp; /* predicted and in the mask */
  int64_t fp; /* predicted, not in the mask */
  int64_t fn; /* in the mask, not predicted */
  int64_t tn; /* neither */
} NnConfusion;

typedef enum
{
  NN_METRIC_IOU,
  NN_METRIC_DICE,
  NN_METRIC_ACCURACY,
  NN_METRIC_PRECISION,
  NN_METRIC_RECALL,
  NN_METRIC_STEPPED_IOU,
  NN_METRIC_COUNT
} NnMetric;

typedef struct
{
  double value[NN_METRIC_COUNT]; /* indexed by NnMetric */
} NnMetrics;

typedef struct
{
  int n_images;
  NnConfusion total;  /* the sum of the per-image counts */
  NnMetrics mean;     /* the mean over images of the per-image metrics */
  NnMetrics pooled;   /* the metrics of TOTAL; its stepped IoU is the step of the pooled IoU */
} NnMetricsSummary;

/* One confusion count per image: N images of HW pixels, logits and masks N×HW.
 * PER_IMAGE holds N counts. */
void nn_confusion_from_logits (const float *logits,
                               const float *masks,
                               int n,
                               int hw,
                               NnConfusion *per_image);

/* SUM += C. */
void nn_confusion_add (NnConfusion *sum, const NnConfusion *c);

/* The metrics of one count (one image, or a pooled sum).  Every value is in [0, 1], except
 * the stepped IoU in [0, 1.1]; never NaN. */
void nn_metrics_from_confusion (const NnConfusion *c, NnMetrics *metrics);

/* The stepped IoU of one count, as in the header comment. */
double nn_stepped_iou (const NnConfusion *c);

/* The mean of N rows (0s when N is 0). */
void nn_metrics_mean (const NnMetrics *rows, int n, NnMetrics *mean);

/* Mean and pooled metrics of N per-image counts; ROWS (may be NULL) receives the N per-image
 * metric rows. */
void nn_metrics_summarize (const NnConfusion *per_image,
                           int n,
                           NnMetrics *rows,
                           NnMetricsSummary *summary);

/* "iou", "dice", "accuracy", "precision", "recall", "stepped_iou" (CSV column names). */
const char *nn_metric_to_string (NnMetric metric);
/* "IoU", "Dice", "Pixel accuracy", "Precision", "Recall", "Stepped IoU (poster)". */
const char *nn_metric_to_label (NnMetric metric);
