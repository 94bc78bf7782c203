/* test-loss-push.c — where each loss pushes: the maps are the loss kernels' own gradients for
 * the logits the trainer shows, bit for bit; what the summaries say; what the explorer's edits
 * do to a prediction, and what the losses make of them (Focal quiet on confident pixels,
 * Tversky with β > α pushing harder on misses than Dice).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <math.h>
#include <string.h>

#include "lb-dataset.h"
#include "lb-loss-push.h"
#include "lb-prediction-edit.h"
#include "lb-trainer.h"

#define SIZE 32
#define HW (SIZE * SIZE)

/* A square of lung, side SIDE, centred in a SIZE² image: mask 0/1, logits ±5. */
static void
square (int side, int shift, float *mask, float *logits)
{
  int lo = (SIZE - side) / 2;

  for (int r = 0; r < SIZE; r++)
    for (int c = 0; c < SIZE; c++)
      {
        gboolean in = r >= lo && r < lo + side && c >= lo && c < lo + side;
        gboolean shifted = r >= lo && r < lo + side && c >= lo + shift && c < lo + side + shift;

        if (mask != NULL)
          mask[r * SIZE + c] = in;
        if (logits != NULL)
          logits[r * SIZE + c] = shifted ? 5.0f : -5.0f;
      }
}

static void
test_kernel_bit_for_bit (void)
{
  g_autoptr (LbDataset) dataset = lb_dataset_new_demo (16, SIZE, 7, LB_NORMALIZATION_POSTER, NULL);
  guint train[12], val[4];
  LbTrainConfig config;
  g_autoptr (GError) error = NULL;

  for (guint i = 0; i < 12; i++)
    train[i] = i;
  for (guint i = 0; i < 4; i++)
    val[i] = 12 + i;
  LbTrainData data = { lb_dataset_get_images (dataset), lb_dataset_get_masks (dataset),
                       train, 12, val, 4 };
  lb_train_config_init (&config);
  config.net = (NnUNetConfig) { .size = SIZE, .base_width = 4, .depth = 2, .batch = 4 };
  config.epochs = 1;
  config.learning_rate = 3e-3;
  config.seed = 5;
  config.threads = 2;
  config.n_previews = 2;
  g_autoptr (LbTrainer) trainer = lb_trainer_new (&config, &data, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (lb_trainer_run (trainer, NULL, &error));
  g_autoptr (LbTrainerSnapshot) s = lb_trainer_get_snapshot (trainer);
  g_assert_nonnull (s->preview_logits);

  for (int i = 0; i < s->n_previews; i++)
    {
      const float *image = lb_dataset_get_images (dataset) + s->preview_indices[i] * HW;
      const float *mask = lb_dataset_get_masks (dataset) + s->preview_indices[i] * HW;
      const float *shown = s->preview_logits + i * HW;
      float logits[HW];

      /* One epoch: the network the run keeps is the one that drew the previews. */
      lb_loss_push_logits (lb_trainer_get_network (trainer), image, logits);
      g_assert_cmpmem (shown, sizeof logits, logits, sizeof logits);
      for (int k = 0; k < HW; k++)
        g_assert_true (s->previews[i * HW + k] == 1.0f / (1.0f + expf (-shown[k])));

      for (int kind = 0; kind < NN_LOSS_COUNT; kind++)
        {
          NnLossConfig loss;
          float map[HW], kernel[HW];
          double value, expected;

          nn_loss_config_preset (&loss, (NnLossKind) kind, NN_LOSS_PRESET_LITERATURE);
          value = lb_loss_push (&loss, shown, mask, SIZE, 0, map);
          expected = nn_loss (&loss, shown, mask, 1, HW, kernel);
          g_assert_true (isfinite (value));
          g_assert_true (memcmp (&value, &expected, sizeof value) == 0);
          g_assert_cmpmem (map, sizeof map, kernel, sizeof kernel);
        }
    }
}

static void
test_summary (void)
{
  float mask[HW], gradient[HW] = { 0 };
  LbLossPushSummary summary;
  int lo = (SIZE - 16) / 2;

  square (16, 0, mask, NULL);
  /* The square's inner edge pixel (contour distance 1) pushed toward lung with weight 3, the
   * image's corner (far from any contour) toward background with weight 1. */
  gradient[lo * SIZE + lo + 4] = -3;
  gradient[0] = 1;
  g_assert_true (lb_loss_push_summarize (gradient, mask, SIZE, &summary));
  g_assert_cmpfloat (summary.scale, ==, 3);
  g_assert_cmpfloat_with_epsilon (summary.toward_lung, 0.75, 1e-12);
  g_assert_cmpfloat_with_epsilon (summary.near_contour, 0.75, 1e-12);
  /* Within 3 px of the contour: rings of 3 on each side of a 16-pixel square (10² … 22²),
   * less the five pixels beyond each outer corner farther than 3 (at 1 and 3, 2 and 3, 3 and 3
   * pixels from it, either way round). */
  g_assert_cmpfloat_with_epsilon (summary.contour_area, (22.0 * 22 - 10 * 10 - 4 * 5) / HW,
                                  1e-12);

  /* No push: no scale, no share near the contour; an empty mask: no contour at all. */
  memset (gradient, 0, sizeof gradient);
  g_assert_true (lb_loss_push_summarize (gradient, mask, SIZE, &summary));
  g_assert_cmpfloat (summary.scale, ==, 0);
  g_assert_true (isnan (summary.near_contour));
  memset (mask, 0, sizeof mask);
  gradient[5] = -1;
  g_assert_true (lb_loss_push_summarize (gradient, mask, SIZE, &summary));
  g_assert_cmpfloat (summary.toward_lung, ==, 1);
  g_assert_true (isnan (summary.near_contour));
  g_assert_cmpfloat (summary.contour_area, ==, 0);
}

static int
count_lung (const float *logits)
{
  int n = 0;

  for (int k = 0; k < HW; k++)
    n += logits[k] > 0;
  return n;
}

static void
test_edits (void)
{
  float logits[HW], out[HW];
  double before = 0, after = 0;

  square (16, 0, NULL, logits);
  lb_prediction_edit_apply (LB_PREDICTION_ERODE, 3, logits, SIZE, out);
  g_assert_cmpint (count_lung (out), ==, 10 * 10);
  lb_prediction_edit_apply (LB_PREDICTION_DILATE, 3, logits, SIZE, out);
  g_assert_cmpint (count_lung (out), ==, 22 * 22);
  /* A logit the network gave, nowhere a new one. */
  for (int k = 0; k < HW; k++)
    g_assert_true (out[k] == 5.0f || out[k] == -5.0f);

  lb_prediction_edit_apply (LB_PREDICTION_OVERCONFIDENT, 2, logits, SIZE, out);
  for (int k = 0; k < HW; k++)
    g_assert_cmpfloat (out[k], ==, 2 * logits[k]);
  lb_prediction_edit_apply (LB_PREDICTION_UNDERCONFIDENT, 2, logits, SIZE, out);
  for (int k = 0; k < HW; k++)
    g_assert_cmpfloat (out[k], ==, logits[k] / 2);
  lb_prediction_edit_apply (LB_PREDICTION_AS_IS, 5, logits, SIZE, out);
  g_assert_cmpmem (out, sizeof out, logits, sizeof logits);

  /* Blurring moves probability across the edge and keeps its total (the square is far enough
   * from the border for a σ of 2); the edge pixels become unsure. */
  lb_prediction_edit_apply (LB_PREDICTION_BLUR, 2, logits, SIZE, out);
  for (int k = 0; k < HW; k++)
    {
      before += 1 / (1 + exp (-logits[k]));
      after += 1 / (1 + exp (-out[k]));
      g_assert_true (fabsf (out[k]) <= 16);
    }
  g_assert_cmpfloat (fabs (after - before) / before, <, 1e-3);
  g_assert_cmpfloat (fabsf (out[8 * SIZE + 16]), <, 1.0f);

  /* Sharpening steepens the edge, leaves the flat middle alone. */
  lb_prediction_edit_apply (LB_PREDICTION_SHARPEN, 2, logits, SIZE, out);
  g_assert_cmpfloat (out[16 * SIZE + 8], >, 5.0f);
  g_assert_cmpfloat (out[16 * SIZE + 7], <, -5.0f);
  g_assert_cmpfloat_with_epsilon (out[16 * SIZE + 16], 5.0f, 1e-4);

  for (int e = 0; e < LB_PREDICTION_EDIT_COUNT; e++)
    {
      LbPredictionEdit back;

      g_assert_true (lb_prediction_edit_from_string (lb_prediction_edit_to_string (e), &back));
      g_assert_cmpint (back, ==, e);
      g_assert_nonnull (lb_prediction_edit_to_label (e));
    }
  g_assert_false (lb_prediction_edit_from_string ("shrink", &(LbPredictionEdit) { 0 }));
}

/* Σ|g| over the pixels where the mask is WANT and the prediction is not (misses for 1, extra
 * lung for 0). */
static double
push_on_errors (const float *gradient, const float *mask, const float *logits, gboolean want)
{
  double sum = 0;

  for (int k = 0; k < HW; k++)
    if ((mask[k] > 0.5f) == want && (logits[k] > 0) != want)
      sum += fabs (gradient[k]);
  return sum;
}

static double
total_push (const float *gradient)
{
  double sum = 0;

  for (int k = 0; k < HW; k++)
    sum += fabs (gradient[k]);
  return sum;
}

/* The share of LOSS's Σ|g| on the pixels LOGITS gets right. */
static double
share_on_correct (const NnLossConfig *loss, const float *logits, const float *mask)
{
  float grad[HW];
  double correct = 0;

  lb_loss_push (loss, logits, mask, SIZE, 0, grad);
  for (int k = 0; k < HW; k++)
    if ((mask[k] > 0.5f) == (logits[k] > 0))
      correct += fabs (grad[k]);
  return correct / total_push (grad);
}

static void
test_what_losses_do (void)
{
  float mask[HW], logits[HW], unsure[HW], confident[HW], grad[HW];
  NnLossConfig bce, focal, dice, tversky;
  double focal_share, dice_ratio, tversky_ratio;

  nn_loss_config_preset (&bce, NN_LOSS_BCE, NN_LOSS_PRESET_LITERATURE);
  nn_loss_config_preset (&focal, NN_LOSS_FOCAL, NN_LOSS_PRESET_LITERATURE);
  nn_loss_config_preset (&dice, NN_LOSS_DICE, NN_LOSS_PRESET_LITERATURE);
  nn_loss_config_preset (&tversky, NN_LOSS_TVERSKY, NN_LOSS_PRESET_LITERATURE);
  g_assert_cmpfloat (tversky.beta, >, tversky.alpha);

  /* A prediction 3 px to the right of the truth: misses on the left, extra lung on the right. */
  square (16, 3, mask, logits);

  /* Focal down-weights the pixels it already gets right, the more the surer it is: of its push,
   * far less lands on correct pixels than of BCE's, and less again once the prediction is made
   * over-confident. */
  lb_prediction_edit_apply (LB_PREDICTION_UNDERCONFIDENT, 4, logits, SIZE, unsure);
  lb_prediction_edit_apply (LB_PREDICTION_OVERCONFIDENT, 2, unsure, SIZE, confident);
  focal_share = share_on_correct (&focal, unsure, mask);
  g_assert_cmpfloat (focal_share, <, 0.5 * share_on_correct (&bce, unsure, mask));
  g_assert_cmpfloat (share_on_correct (&focal, confident, mask), <, 0.5 * focal_share);

  /* Tversky with β > α weighs false negatives more: on misses against extra lung, it pushes
   * harder than Dice. */
  lb_loss_push (&dice, logits, mask, SIZE, 0, grad);
  dice_ratio = push_on_errors (grad, mask, logits, TRUE) / push_on_errors (grad, mask, logits,
                                                                           FALSE);
  lb_loss_push (&tversky, logits, mask, SIZE, 0, grad);
  tversky_ratio = push_on_errors (grad, mask, logits, TRUE) / push_on_errors (grad, mask, logits,
                                                                              FALSE);
  g_assert_cmpfloat (tversky_ratio, >, 1.5 * dice_ratio);
  /* Every miss is pushed toward lung, every extra pixel toward background. */
  for (int k = 0; k < HW; k++)
    if (mask[k] > 0.5f && logits[k] < 0)
      g_assert_cmpfloat (grad[k], <, 0);
    else if (mask[k] < 0.5f && logits[k] > 0)
      g_assert_cmpfloat (grad[k], >, 0);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/loss-push/kernel-bit-for-bit", test_kernel_bit_for_bit);
  g_test_add_func ("/loss-push/summary", test_summary);
  g_test_add_func ("/loss-push/edits", test_edits);
  g_test_add_func ("/loss-push/what-losses-do", test_what_losses_do);
  return g_test_run ();
}
