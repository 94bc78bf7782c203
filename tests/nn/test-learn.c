/* test-learn.c — a width-4 U-Net learns a synthetic shapes set with every loss.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Shapes: 32×32 images, each a filled ellipse or rectangle of random size and place, brighter
 * than a background, under noise wide enough that a plain threshold reaches IoU ≈ 0.3 only. 96
 * training images, 32 held out. Depth 2, width 4, batch 8, Adam lr 1e-2, poster presets (the
 * papers' defaults for the losses beyond the poster's). Every loss must bring the held-out IoU
 * (per image, averaged, on p > 0.5) above its bar within MAX_STEPS: 0.9 for the poster's five,
 * 0.85 for the others and for a compound loss whose second weight follows Kervadec's schedule
 * (an epoch being N_TRAIN / BATCH steps); the test reports the step it got there.
 *
 * TopK BCE trains with k = 20 %: with its default 10 % — less than the ~12 % of pixels the
 * shapes cover — the net settles where every logit is 0 and every pixel's BCE is log 2 (held-out
 * IoU 0 to 0.13 after 1500 steps, at lr 1e-2 and 1e-3): keeping only the worst pixels, the loss
 * is smallest when no pixel is worse than a coin flip.  12 % already learns.
 *
 * The poster's five are /nn/learn/…, the others /nn/learn-beyond/…: meson runs them as two
 * tests, and only the first under ThreadSanitizer (the losses are not threaded; the network
 * is, and one set of runs exercises it). */
#include <glib.h>
#include <math.h>
#include <string.h>

#include "nn-adam.h"
#include "nn-losses.h"
#include "nn-rng.h"
#include "nn-threads.h"
#include "nn-unet.h"

#define S 32
#define HW (S * S)
#define N_TRAIN 96
#define N_VAL 32
#define BATCH 8
#define MAX_STEPS 1500
#define EVAL_EVERY 25
/* Uniform noise of this width: a per-pixel threshold at 0 scores a held-out IoU of about 0.3,
 * so the network has to learn to use each pixel's neighbourhood. */
#define NOISE 1.4

static float images[N_TRAIN + N_VAL][HW], masks[N_TRAIN + N_VAL][HW];

static void
make_shapes (void)
{
  NnRng rng;
  nn_rng_seed (&rng, 77);
  for (int i = 0; i < N_TRAIN + N_VAL; i++)
    {
      bool ellipse = nn_rng_uniform (&rng) < 0.5;
      double cy = 8 + 16 * nn_rng_uniform (&rng), cx = 8 + 16 * nn_rng_uniform (&rng);
      double ry = 3 + 6 * nn_rng_uniform (&rng), rx = 3 + 6 * nn_rng_uniform (&rng);
      for (int y = 0; y < S; y++)
        for (int x = 0; x < S; x++)
          {
            double dy = (y - cy) / ry, dx = (x - cx) / rx;
            bool in = ellipse ? dy * dy + dx * dx <= 1 : fabs (dy) <= 1 && fabs (dx) <= 1;
            masks[i][y * S + x] = in;
            images[i][y * S + x] = (float) ((in ? 0.4 : -0.4) + NOISE * (nn_rng_uniform (&rng) - 0.5));
          }
    }
}

/* Mean per-image IoU of logits > 0 (p > 0.5); an image where both are empty scores 1. */
static double
mean_iou (const float *logits, const float (*m)[HW], int n)
{
  double sum = 0;
  for (int i = 0; i < n; i++)
    {
      long inter = 0, uni = 0;
      for (int k = 0; k < HW; k++)
        {
          bool p = logits[i * HW + k] > 0.0f, t = m[i][k] > 0.5f;
          inter += p && t;
          uni += p || t;
        }
      sum += uni ? (double) inter / uni : 1.0;
    }
  return sum / n;
}

/* What thresholding the image at 0 scores: the bar a network must clear by more than luck. */
static void
test_threshold_baseline (void)
{
  static float thr[N_VAL * HW];
  for (int i = 0; i < N_VAL; i++)
    for (int k = 0; k < HW; k++)
      thr[i * HW + k] = images[N_TRAIN + i][k];
  double iou = mean_iou (thr, (const float (*)[HW]) masks[N_TRAIN], N_VAL);
  g_test_message ("threshold at 0: held-out IoU %.3f", iou);
  g_assert_cmpfloat (iou, <, 0.75);
}

typedef struct
{
  const char *name;  /* a kind, or PRIMARY+PLUS for a compound loss */
  double bar;        /* the held-out IoU to exceed */
  float top_k;       /* TopK's k when not its default */
} Case;

static void
learn (gconstpointer data)
{
  const Case *lc = data;
  const char *name = lc->name;
  g_auto (GStrv) parts = g_strsplit (name, "+", 2);
  NnLossKind kind;
  g_assert_true (nn_loss_kind_from_string (parts[0], &kind));
  NnLossConfig loss;
  nn_loss_config_preset (&loss, kind, NN_LOSS_PRESET_POSTER);
  if (parts[1] != NULL)
    {
      NnLossKind plus;
      NnLossSchedule weight;
      g_assert_true (nn_loss_kind_from_string (parts[1], &plus));
      nn_loss_schedule_preset (&weight, NN_LOSS_SCHEDULE_KERVADEC);
      nn_loss_config_set_plus (&loss, plus, NN_LOSS_PRESET_POSTER, &weight);
    }
  if (lc->top_k > 0)
    loss.top_k = lc->top_k;
  g_assert_null (nn_loss_config_check (&loss));

  NnUNetConfig cfg = { .size = S, .base_width = 4, .depth = 2, .batch = N_VAL };
  NnUNet *net = nn_unet_new (&cfg);
  g_assert_nonnull (net);
  nn_unet_init (net, 1);
  NnAdam *adam = nn_adam_new (nn_unet_count (net));
  NnRng order;
  nn_rng_seed (&order, 3);
  static float batch_x[BATCH][HW], batch_y[BATCH][HW], logits[N_VAL * HW], dlogits[BATCH * HW];

  int reached = -1;
  nn_unet_forward (net, images[N_TRAIN], N_VAL, logits);
  double iou = mean_iou (logits, (const float (*)[HW]) masks[N_TRAIN], N_VAL);
  g_assert_cmpfloat (iou, <, lc->bar); /* it has to learn it */
  for (int step = 1; step <= MAX_STEPS && reached < 0; step++)
    {
      for (int b = 0; b < BATCH; b++)
        {
          int i = (int) (nn_rng_uniform (&order) * N_TRAIN);
          memcpy (batch_x[b], images[i], sizeof batch_x[b]);
          memcpy (batch_y[b], masks[i], sizeof batch_y[b]);
        }
      nn_unet_forward (net, &batch_x[0][0], BATCH, logits);
      NnLossInput in = { .n = BATCH, .height = S, .width = S,
                         .epoch = (step - 1) / (N_TRAIN / BATCH) };
      double value = nn_loss_compute (&loss, &in, logits, &batch_y[0][0], dlogits);
      g_assert_true (isfinite (value));
      nn_unet_backward (net, dlogits, BATCH);
      nn_adam_step (adam, nn_unet_params (net), nn_unet_grads (net), 1e-2f);
      if (step % EVAL_EVERY == 0)
        {
          nn_unet_forward (net, images[N_TRAIN], N_VAL, logits);
          iou = mean_iou (logits, (const float (*)[HW]) masks[N_TRAIN], N_VAL);
          if (iou > lc->bar)
            reached = step;
        }
    }
  g_test_message ("%s: held-out IoU %.3f at step %d", name, iou, reached);
  if (reached < 0)
    g_error ("%s: held-out IoU %.3f after %d steps, not above %.2f", name, iou, MAX_STEPS,
             lc->bar);
  nn_adam_free (adam);
  nn_unet_free (net);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  nn_set_threads (2);
  make_shapes ();
  g_test_add_func ("/nn/learn/threshold-baseline", test_threshold_baseline);
  static const Case losses[] = {
    { "dice-bce", 0.9 },       { "jaccard", 0.9 },         { "focal", 0.9 },
    { "tversky", 0.9 },        { "focal-tversky", 0.9 },   { "weighted-bce", 0.85 },
    { "topk-bce", 0.85, 20 },  { "generalized-dice", 0.85 }, { "lovasz-hinge", 0.85 },
    { "log-cosh-dice", 0.85 }, { "unified-focal", 0.85 },  { "combo", 0.85 },
    { "cldice", 0.85 },        { "dice+lovasz-hinge", 0.85 },
    { "dice+boundary", 0.85 }, { "dice+hausdorff-dt", 0.85 },
  };
  for (gsize i = 0; i < G_N_ELEMENTS (losses); i++)
    {
      g_autofree char *path = g_strdup_printf ("/nn/learn%s/%s", i < 5 ? "" : "-beyond",
                                               losses[i].name);
      g_test_add_data_func (path, &losses[i], learn);
    }
  return g_test_run ();
}
