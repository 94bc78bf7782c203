/* test-metrics.c — confusion counts and metrics on p > 0.5, hand-computed cases.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <glib.h>
#include <math.h>
#include <string.h>

#include "nn-metrics.h"

#define EPS 1e-12

static NnConfusion
confusion (int64_t tp, int64_t fp, int64_t fn, int64_t tn)
{
  NnConfusion c = { tp, fp, fn, tn };
  return c;
}

static NnMetrics
metrics_of (int64_t tp, int64_t fp, int64_t fn, int64_t tn)
{
  NnConfusion c = confusion (tp, fp, fn, tn);
  NnMetrics m;

  nn_metrics_from_confusion (&c, &m);
  return m;
}

/* Prediction is z > 0 (p > 0.5): z = 0 exactly is background; mask is y > 0.5. */
static void
test_confusion_from_logits (void)
{
  /* two images of 6 pixels */
  const float z[12] = { 3, 0, -1, 0.001f, -100, 100, /* image 0 */
                        -5, -5, -5, -5, -5, -5 };    /* image 1: nothing predicted */
  const float y[12] = { 1, 1, 0, 0, 1, 0,
                        0, 0, 0, 0, 0, 0 };
  NnConfusion c[2];

  nn_confusion_from_logits (z, y, 2, 6, c);
  g_assert_cmpint (c[0].tp, ==, 1); /* z = 3 on lung */
  g_assert_cmpint (c[0].fn, ==, 2); /* z = 0 and z = −100 on lung */
  g_assert_cmpint (c[0].fp, ==, 2); /* z = 0.001 and z = 100 off lung */
  g_assert_cmpint (c[0].tn, ==, 1);
  g_assert_cmpint (c[1].tp + c[1].fp + c[1].fn, ==, 0);
  g_assert_cmpint (c[1].tn, ==, 6);
}

static void
test_hand_computed (void)
{
  /* TP 6, FP 2, FN 4, TN 88: IoU 6/12, Dice 12/18, accuracy 94/100, precision 6/8,
   * recall 6/10; stepped: (20·6 − 9·12)/12 = 1 → 0.1. */
  NnMetrics m = metrics_of (6, 2, 4, 88);

  g_assert_cmpfloat_with_epsilon (m.value[NN_METRIC_IOU], 0.5, EPS);
  g_assert_cmpfloat_with_epsilon (m.value[NN_METRIC_DICE], 2.0 / 3, EPS);
  g_assert_cmpfloat_with_epsilon (m.value[NN_METRIC_ACCURACY], 0.94, EPS);
  g_assert_cmpfloat_with_epsilon (m.value[NN_METRIC_PRECISION], 0.75, EPS);
  g_assert_cmpfloat_with_epsilon (m.value[NN_METRIC_RECALL], 0.6, EPS);
  g_assert_cmpfloat_with_epsilon (m.value[NN_METRIC_STEPPED_IOU], 0.1, EPS);

  /* Dice = 2·IoU/(1 + IoU) for any count. */
  m = metrics_of (37, 11, 5, 1000);
  g_assert_cmpfloat_with_epsilon (m.value[NN_METRIC_DICE],
                                  2 * m.value[NN_METRIC_IOU] / (1 + m.value[NN_METRIC_IOU]), EPS);
}

/* Both empty: everything 1, stepped IoU 1 (not 1.1). */
static void
test_empty_empty (void)
{
  NnMetrics m = metrics_of (0, 0, 0, 64);

  for (int k = 0; k < NN_METRIC_COUNT; k++)
    g_assert_cmpfloat (m.value[k], ==, 1.0);
}

/* Empty mask, non-empty prediction: IoU, Dice, precision, recall and stepped IoU all 0;
 * accuracy counts pixels. */
static void
test_empty_mask_with_prediction (void)
{
  NnMetrics m = metrics_of (0, 3, 0, 61);

  g_assert_cmpfloat (m.value[NN_METRIC_IOU], ==, 0);
  g_assert_cmpfloat (m.value[NN_METRIC_DICE], ==, 0);
  g_assert_cmpfloat (m.value[NN_METRIC_PRECISION], ==, 0);
  g_assert_cmpfloat (m.value[NN_METRIC_RECALL], ==, 0); /* undefined: not both empty → 0 */
  g_assert_cmpfloat (m.value[NN_METRIC_STEPPED_IOU], ==, 0);
  g_assert_cmpfloat_with_epsilon (m.value[NN_METRIC_ACCURACY], 61.0 / 64, EPS);
}

/* Lung in the mask, nothing predicted: precision is undefined and scores 0, not 1. */
static void
test_no_prediction (void)
{
  NnMetrics m = metrics_of (0, 0, 5, 59);

  g_assert_cmpfloat (m.value[NN_METRIC_IOU], ==, 0);
  g_assert_cmpfloat (m.value[NN_METRIC_DICE], ==, 0);
  g_assert_cmpfloat (m.value[NN_METRIC_PRECISION], ==, 0);
  g_assert_cmpfloat (m.value[NN_METRIC_RECALL], ==, 0);
  g_assert_cmpfloat (m.value[NN_METRIC_STEPPED_IOU], ==, 0);
  g_assert_cmpfloat_with_epsilon (m.value[NN_METRIC_ACCURACY], 59.0 / 64, EPS);
}

static void
test_all_ones (void)
{
  /* Mask and prediction cover the whole image: a perfect, non-empty image. */
  NnMetrics m = metrics_of (64, 0, 0, 0);

  g_assert_cmpfloat (m.value[NN_METRIC_IOU], ==, 1);
  g_assert_cmpfloat (m.value[NN_METRIC_ACCURACY], ==, 1);
  g_assert_cmpfloat (m.value[NN_METRIC_STEPPED_IOU], ==, 1.1);
}

/* floor (max (0, (IoU − 0.45)·20)) / 10, exactly at and around each step. */
static void
test_stepped_iou (void)
{
  static const struct
  {
    int64_t tp, uni;
    double want;
  } cases[] = {
    { 0, 10, 0.0 },     /* IoU 0 */
    { 9, 20, 0.0 },     /* 0.45: (0)·20 = 0 */
    { 49, 100, 0.0 },   /* 0.49 */
    { 1, 2, 0.1 },      /* 0.5 exactly: one step (the poster's float64 code says 0) */
    { 54, 100, 0.1 },   /* 0.54 */
    { 11, 20, 0.2 },    /* 0.55 */
    { 3, 5, 0.3 },      /* 0.6 exactly (float64 code: 0.2) */
    { 599, 1000, 0.2 }, /* just under 0.6 */
    { 7, 10, 0.5 },     /* 0.7 */
    { 3, 4, 0.6 },      /* 0.75 */
    { 9, 10, 0.9 },     /* 0.9 */
    { 19, 20, 1.0 },    /* 0.95 */
    { 99, 100, 1.0 },   /* 0.99: still below the last step */
    { 20, 20, 1.1 },    /* perfect: 1.1, uncapped like the poster's code */
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      /* Split the non-overlap between FP and FN: the step depends only on IoU. */
      int64_t rest = cases[i].uni - cases[i].tp;
      NnConfusion c = confusion (cases[i].tp, rest / 2, rest - rest / 2, 100);

      if (cases[i].tp == 0)
        c = confusion (0, 4, 6, 100); /* non-empty mask, IoU 0 */
      g_assert_cmpfloat (nn_stepped_iou (&c), ==, cases[i].want);
    }

  /* Empty mask: 1 when nothing is predicted, else 0, whatever TN is. */
  {
    NnConfusion c = confusion (0, 0, 0, 10);
    g_assert_cmpfloat (nn_stepped_iou (&c), ==, 1.0);
    c = confusion (0, 1, 0, 9);
    g_assert_cmpfloat (nn_stepped_iou (&c), ==, 0.0);
  }
}

/* A perfect prediction from logits scores exactly 1.1 stepped IoU. */
static void
test_perfect_image_from_logits (void)
{
  const float z[6] = { 4, 4, -4, -4, 9, -1 };
  const float y[6] = { 1, 1, 0, 0, 1, 0 };
  NnConfusion c;
  NnMetrics m;

  nn_confusion_from_logits (z, y, 1, 6, &c);
  nn_metrics_from_confusion (&c, &m);
  g_assert_cmpfloat (m.value[NN_METRIC_STEPPED_IOU], ==, 1.1);
  g_assert_cmpfloat (m.value[NN_METRIC_IOU], ==, 1.0);
  g_assert_cmpfloat (m.value[NN_METRIC_DICE], ==, 1.0);
}

/* Mean over images differs from the pooled value; the summary keeps both and the rows. */
static void
test_summary (void)
{
  /* image 0: IoU 1/2 (TP 1, FP 1, TN 2); image 1: empty/empty; image 2: IoU 9/10. */
  NnConfusion c[3] = { confusion (1, 1, 0, 2), confusion (0, 0, 0, 4), confusion (9, 0, 1, 0) };
  NnMetrics rows[3], mean;
  NnMetricsSummary s;

  nn_metrics_summarize (c, 3, rows, &s);
  g_assert_cmpint (s.n_images, ==, 3);
  g_assert_cmpint (s.total.tp, ==, 10);
  g_assert_cmpint (s.total.fp, ==, 1);
  g_assert_cmpint (s.total.fn, ==, 1);
  g_assert_cmpint (s.total.tn, ==, 6);
  g_assert_cmpfloat_with_epsilon (rows[0].value[NN_METRIC_IOU], 0.5, EPS);
  g_assert_cmpfloat (rows[1].value[NN_METRIC_IOU], ==, 1);
  g_assert_cmpfloat_with_epsilon (rows[2].value[NN_METRIC_IOU], 0.9, EPS);
  g_assert_cmpfloat_with_epsilon (s.mean.value[NN_METRIC_IOU], (0.5 + 1 + 0.9) / 3, EPS);
  g_assert_cmpfloat_with_epsilon (s.pooled.value[NN_METRIC_IOU], 10.0 / 12, EPS);
  /* stepped: 0.5 → 0.1, empty/empty → 1, 0.9 → 0.9 */
  g_assert_cmpfloat_with_epsilon (s.mean.value[NN_METRIC_STEPPED_IOU], 2.0 / 3, EPS);
  g_assert_cmpfloat_with_epsilon (s.pooled.value[NN_METRIC_ACCURACY], 16.0 / 18, EPS);
  g_assert_cmpfloat_with_epsilon (s.pooled.value[NN_METRIC_PRECISION], 10.0 / 11, EPS);
  g_assert_cmpfloat_with_epsilon (s.mean.value[NN_METRIC_PRECISION], (0.5 + 1 + 1) / 3, EPS);
  g_assert_cmpfloat_with_epsilon (s.mean.value[NN_METRIC_RECALL], (1 + 1 + 0.9) / 3, EPS);

  nn_metrics_mean (rows, 3, &mean);
  for (int k = 0; k < NN_METRIC_COUNT; k++)
    g_assert_cmpfloat_with_epsilon (mean.value[k], s.mean.value[k], EPS);

  nn_metrics_summarize (c, 0, NULL, &s);
  g_assert_cmpint (s.n_images, ==, 0);
  g_assert_cmpfloat (s.mean.value[NN_METRIC_IOU], ==, 0);
}

static void
test_names (void)
{
  g_assert_cmpstr (nn_metric_to_string (NN_METRIC_IOU), ==, "iou");
  g_assert_cmpstr (nn_metric_to_string (NN_METRIC_STEPPED_IOU), ==, "stepped_iou");
  g_assert_cmpstr (nn_metric_to_label (NN_METRIC_ACCURACY), ==, "Pixel accuracy");
  for (int k = 0; k < NN_METRIC_COUNT; k++)
    {
      g_assert_nonnull (nn_metric_to_string (k));
      g_assert_nonnull (nn_metric_to_label (k));
    }
  g_assert_null (nn_metric_to_string (NN_METRIC_COUNT));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/metrics/confusion-from-logits", test_confusion_from_logits);
  g_test_add_func ("/metrics/hand-computed", test_hand_computed);
  g_test_add_func ("/metrics/empty-empty", test_empty_empty);
  g_test_add_func ("/metrics/empty-mask-with-prediction", test_empty_mask_with_prediction);
  g_test_add_func ("/metrics/no-prediction", test_no_prediction);
  g_test_add_func ("/metrics/all-ones", test_all_ones);
  g_test_add_func ("/metrics/stepped-iou", test_stepped_iou);
  g_test_add_func ("/metrics/perfect-image-from-logits", test_perfect_image_from_logits);
  g_test_add_func ("/metrics/summary", test_summary);
  g_test_add_func ("/metrics/names", test_names);
  return g_test_run ();
}
