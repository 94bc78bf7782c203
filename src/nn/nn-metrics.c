/* nn-metrics.c — confusion counts from logits and the metrics derived from them.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Counts are integers so pooled sums over a data set are exact and the empty-mask cases are
 * decided on exact zeros, not on rounded ratios. */
#include "nn-metrics.h"

#include <stddef.h>
#include <string.h>

void
nn_confusion_from_logits (const float *logits,
                          const float *masks,
                          int n,
                          int hw,
                          NnConfusion *per_image)
{
  for (int i = 0; i < n; i++)
    {
      const float *z = logits + (size_t) i * (size_t) hw;
      const float *y = masks + (size_t) i * (size_t) hw;
      NnConfusion c = { 0, 0, 0, 0 };

      for (int j = 0; j < hw; j++)
        {
          /* σ(z) > 0.5 exactly when z > 0: no sigmoid needed, and no rounding of p near 0.5. */
          int pred = z[j] > 0.0f;
          int truth = y[j] > 0.5f;

          c.tp += pred && truth;
          c.fp += pred && !truth;
          c.fn += !pred && truth;
          c.tn += !pred && !truth;
        }
      per_image[i] = c;
    }
}

void
nn_confusion_add (NnConfusion *sum, const NnConfusion *c)
{
  sum->tp += c->tp;
  sum->fp += c->fp;
  sum->fn += c->fn;
  sum->tn += c->tn;
}

/* NUM / DEN, or the empty convention when DEN is 0: 1 if prediction and mask are both empty. */
static double
ratio_or_empty (int64_t num, int64_t den, const NnConfusion *c)
{
  if (den > 0)
    return (double) num / (double) den;
  return c->tp + c->fp + c->fn == 0 ? 1.0 : 0.0;
}

double
nn_stepped_iou (const NnConfusion *c)
{
  int64_t uni = c->tp + c->fp + c->fn;
  int64_t steps;

  /* An empty mask: 1 when nothing is predicted, else 0 (the poster's special case). */
  if (c->tp + c->fn == 0)
    return c->fp == 0 ? 1.0 : 0.0;

  /* floor ((TP/U − 0.45)·20) = floor ((20·TP − 9·U) / U), exact in integers. */
  if (20 * c->tp < 9 * uni)
    return 0.0;
  steps = (20 * c->tp - 9 * uni) / uni;
  return (double) steps / 10.0;
}

void
nn_metrics_from_confusion (const NnConfusion *c, NnMetrics *metrics)
{
  int64_t all = c->tp + c->fp + c->fn + c->tn;
  double *v = metrics->value;

  v[NN_METRIC_IOU] = ratio_or_empty (c->tp, c->tp + c->fp + c->fn, c);
  v[NN_METRIC_DICE] = ratio_or_empty (2 * c->tp, 2 * c->tp + c->fp + c->fn, c);
  v[NN_METRIC_ACCURACY] = all > 0 ? (double) (c->tp + c->tn) / (double) all : 1.0;
  v[NN_METRIC_PRECISION] = ratio_or_empty (c->tp, c->tp + c->fp, c);
  v[NN_METRIC_RECALL] = ratio_or_empty (c->tp, c->tp + c->fn, c);
  v[NN_METRIC_STEPPED_IOU] = nn_stepped_iou (c);
}

void
nn_metrics_mean (const NnMetrics *rows, int n, NnMetrics *mean)
{
  memset (mean, 0, sizeof *mean);
  if (n <= 0)
    return;
  for (int k = 0; k < NN_METRIC_COUNT; k++)
    {
      double sum = 0;

      for (int i = 0; i < n; i++)
        sum += rows[i].value[k];
      mean->value[k] = sum / n;
    }
}

void
nn_metrics_summarize (const NnConfusion *per_image,
                      int n,
                      NnMetrics *rows,
                      NnMetricsSummary *summary)
{
  memset (summary, 0, sizeof *summary);
  summary->n_images = n > 0 ? n : 0;
  for (int k = 0; k < NN_METRIC_COUNT; k++)
    {
      double sum = 0;

      for (int i = 0; i < n; i++)
        {
          NnMetrics m;

          nn_metrics_from_confusion (&per_image[i], &m);
          sum += m.value[k];
          if (rows != NULL)
            rows[i].value[k] = m.value[k];
        }
      summary->mean.value[k] = n > 0 ? sum / n : 0.0;
    }
  for (int i = 0; i < n; i++)
    nn_confusion_add (&summary->total, &per_image[i]);
  nn_metrics_from_confusion (&summary->total, &summary->pooled);
}

static const char *const metric_strings[NN_METRIC_COUNT] = {
  [NN_METRIC_IOU] = "iou",
  [NN_METRIC_DICE] = "dice",
  [NN_METRIC_ACCURACY] = "accuracy",
  [NN_METRIC_PRECISION] = "precision",
  [NN_METRIC_RECALL] = "recall",
  [NN_METRIC_STEPPED_IOU] = "stepped_iou",
};

static const char *const metric_labels[NN_METRIC_COUNT] = {
  [NN_METRIC_IOU] = "IoU",
  [NN_METRIC_DICE] = "Dice",
  [NN_METRIC_ACCURACY] = "Pixel accuracy",
  [NN_METRIC_PRECISION] = "Precision",
  [NN_METRIC_RECALL] = "Recall",
  [NN_METRIC_STEPPED_IOU] = "Stepped IoU (poster)",
};

const char *
nn_metric_to_string (NnMetric metric)
{
  return (unsigned) metric < NN_METRIC_COUNT ? metric_strings[metric] : NULL;
}

const char *
nn_metric_to_label (NnMetric metric)
{
  return (unsigned) metric < NN_METRIC_COUNT ? metric_labels[metric] : NULL;
}
