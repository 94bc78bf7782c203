/* test-unet.c — the U-Net as a whole: size, names, initialisation, gradients, batch of one, Adam.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <glib.h>
#include <math.h>
#include <string.h>

#include "nn-adam.h"
#include "nn-rng.h"
#include "nn-threads.h"
#include "nn-unet.h"

static float *
random_floats (NnRng *rng, size_t count, double scale)
{
  float *a = g_new (float, count);
  for (size_t i = 0; i < count; i++)
    a[i] = (float) (scale * (2.0 * nn_rng_uniform (rng) - 1.0));
  return a;
}

static void
test_poster_size (void)
{
  NnUNetConfig poster = { .size = 256, .base_width = 32, .depth = 4, .batch = 16 };
  g_assert_null (nn_unet_config_check (&poster));
  g_assert_cmpuint (nn_unet_param_count (&poster), ==, 7759521);
  /* losses.md: "about 24 GFLOP per 256² forward pass". */
  double gflop = nn_unet_flops_per_image (&poster) / 1e9;
  g_test_message ("poster: %.2f GFLOP per image forward, %.0f MB for training",
                  gflop, nn_unet_memory_bytes (&poster) / 1e6);
  g_assert_cmpfloat (gflop, >, 23.0);
  g_assert_cmpfloat (gflop, <, 25.0);
  /* Parameters, gradients and moments alone are 4 × 31 MB; activations at batch 16 are well
   * over a gigabyte; PyTorch needs 2.55 GB. */
  size_t bytes = nn_unet_memory_bytes (&poster);
  g_assert_cmpuint (bytes, >, 4 * 4 * 7759521 + 1000000000u);
  g_assert_cmpuint (bytes, <, 2550000000u);
  /* Per image, what the layout keeps (nn-unet.c): at level L of S² pixels and C channels the
   * input, the encoder conv1 output (not at level 0, computed again), the concatenation and its
   * gradient, which holds the decoder outputs in the forward: CIN + C + 2C + 2C; the
   * bottleneck's input and two outputs; the two gradient buffers at level 0's size. */
  double floats = 0;
  for (int l = 0, s = 256, c = 32; l < 4; l++, s /= 2, c *= 2)
    floats += (double) s * s * ((l == 0 ? 1 : c / 2) + (l == 0 ? 0 : c) + 4 * c);
  floats += 16.0 * 16 * (256 + 2 * 512) + 2.0 * 256 * 256 * 32;
  double per_image = (double) nn_unet_memory_bytes_per_image (&poster);
  g_test_message ("poster: %.1f MB per image", per_image / 1e6);
  g_assert_cmpfloat (fabs (per_image - 4 * floats), <, 1e-3 * 4 * floats);

  NnUNetConfig bad = poster;
  bad.size = 200; /* not a multiple of 16 */
  g_assert_nonnull (nn_unet_config_check (&bad));
  g_assert_null (nn_unet_new (&bad));
  g_assert_cmpuint (nn_unet_param_count (&bad), ==, 0);
  bad = poster, bad.depth = 0;
  g_assert_nonnull (nn_unet_config_check (&bad));
  bad = poster, bad.batch = 0;
  g_assert_nonnull (nn_unet_config_check (&bad));
}

static void
test_tensor_table (void)
{
  NnUNetConfig cfg = { .size = 16, .base_width = 3, .depth = 2, .batch = 1 };
  NnUNet *net = nn_unet_new (&cfg);
  g_assert_nonnull (net);
  int nt = nn_unet_tensor_count (net);
  /* 2 per conv: 2 levels × 2 + bottleneck 2 + 2 levels × 3 + head = 13 layers. */
  g_assert_cmpint (nt, ==, 26);
  g_assert_cmpstr (nn_unet_tensor (net, 0)->name, ==, "down1.conv1.weight");
  g_assert_cmpstr (nn_unet_tensor (net, 8)->name, ==, "bottleneck.conv1.weight");
  g_assert_cmpstr (nn_unet_tensor (net, 12)->name, ==, "up2.up.weight");
  g_assert_cmpstr (nn_unet_tensor (net, nt - 1)->name, ==, "head.bias");
  const NnTensorInfo *up = nn_unet_tensor_by_name (net, "up1.up.weight");
  g_assert_nonnull (up);
  g_assert_cmpint (up->torch_shape[0], ==, 6);
  g_assert_cmpint (up->torch_shape[1], ==, 3);
  g_assert_null (nn_unet_tensor_by_name (net, "up3.up.weight"));
  size_t offset = 0;
  for (int t = 0; t < nt; t++)
    {
      const NnTensorInfo *ti = nn_unet_tensor (net, t);
      g_assert_cmpuint (ti->offset, ==, offset);
      size_t prod = 1, tprod = 1;
      for (int k = 0; k < ti->ndim; k++)
        prod *= ti->shape[k];
      for (int k = 0; k < ti->torch_ndim; k++)
        tprod *= ti->torch_shape[k];
      g_assert_cmpuint (prod, ==, ti->count);
      g_assert_cmpuint (tprod, ==, ti->count);
      offset += ti->count;
    }
  g_assert_cmpuint (offset, ==, nn_unet_count (net));
  g_assert_cmpuint (offset, ==, nn_unet_param_count (&cfg));

  /* The torch conversion is a permutation: a round trip is the identity and moves elements
   * where PyTorch expects them. */
  nn_unet_init (net, 7);
  const NnTensorInfo *c1 = nn_unet_tensor_by_name (net, "down2.conv1.weight"); /* 3×3×3×6 */
  const float *w = nn_unet_params (net) + c1->offset;
  float *t = g_new (float, c1->count), *back = g_new (float, c1->count);
  nn_tensor_to_torch (c1, w, t);
  nn_tensor_from_torch (c1, t, back);
  g_assert_cmpmem (back, c1->count * 4, w, c1->count * 4);
  /* torch [co=4][ci=2][ky=1][kx=0] = ours [ky=1][kx=0][ci=2][co=4] */
  g_assert_cmpfloat (t[((4 * 3 + 2) * 3 + 1) * 3 + 0], ==, w[((1 * 3 + 0) * 3 + 2) * 6 + 4]);
  /* transposed: torch [ci=5][co=1][a=1][b=0] = ours [ci=5][a=1][b=0][co=1] */
  w = nn_unet_params (net) + up->offset;
  g_free (t), g_free (back);
  t = g_new (float, up->count);
  nn_tensor_to_torch (up, w, t);
  g_assert_cmpfloat (t[((5 * 3 + 1) * 2 + 1) * 2 + 0], ==, w[((5 * 2 + 1) * 2 + 0) * 3 + 1]);
  g_free (t);
  nn_unet_free (net);
}

static void
test_init (void)
{
  NnUNetConfig cfg = { .size = 32, .base_width = 8, .depth = 3, .batch = 1 };
  NnUNet *a = nn_unet_new (&cfg), *b = nn_unet_new (&cfg);
  nn_unet_init (a, 42);
  nn_unet_init (b, 42);
  size_t n = nn_unet_count (a);
  g_assert_cmpmem (nn_unet_params (a), n * 4, nn_unet_params (b), n * 4);
  nn_unet_init (b, 43);
  g_assert_true (memcmp (nn_unet_params (a), nn_unet_params (b), n * 4) != 0);

  /* Glorot-uniform: inside ±limit, variance limit²/3; biases zero. */
  for (int t = 0; t < nn_unet_tensor_count (a); t++)
    {
      const NnTensorInfo *ti = nn_unet_tensor (a, t);
      const float *w = nn_unet_params (a) + ti->offset;
      if (ti->kind == NN_TENSOR_BIAS)
        {
          for (size_t i = 0; i < ti->count; i++)
            g_assert_cmpfloat (w[i], ==, 0.0f);
          continue;
        }
      double fans = ti->kind == NN_TENSOR_CONV3X3_WEIGHT ? 9.0 * (ti->shape[2] + ti->shape[3])
                    : ti->kind == NN_TENSOR_TCONV2X2_WEIGHT ? 4.0 * (ti->shape[0] + ti->shape[3])
                    : ti->shape[0] + ti->shape[1];
      double limit = sqrt (6.0 / fans), var = 0;
      for (size_t i = 0; i < ti->count; i++)
        {
          g_assert_cmpfloat (fabsf (w[i]), <=, limit);
          var += (double) w[i] * w[i];
        }
      var /= ti->count;
      if (ti->count >= 1000)
        g_assert_cmpfloat (fabs (var / (limit * limit / 3) - 1), <, 0.1);
    }
  nn_unet_free (a);
  nn_unet_free (b);
}

/* Every parameter's gradient of L = Σ g·logits against a central difference. The network has
 * ReLUs, so a perturbation can flip one and make that difference meaningless; such crossings
 * are rare at EPS 1e-3 and bounded below, while a wiring error breaks whole tensors. */
static void
test_gradients (void)
{
  NnUNetConfig cfg = { .size = 8, .base_width = 2, .depth = 2, .batch = 2 };
  NnUNet *net = nn_unet_new (&cfg);
  NnRng rng;
  nn_rng_seed (&rng, 5);
  nn_unet_init (net, 11);
  size_t count = nn_unet_count (net), pix = 2 * 8 * 8;
  float *params = nn_unet_params (net);
  /* Non-zero biases so that the bias paths matter. */
  for (int t = 0; t < nn_unet_tensor_count (net); t++)
    if (nn_unet_tensor (net, t)->kind == NN_TENSOR_BIAS)
      for (size_t i = 0; i < nn_unet_tensor (net, t)->count; i++)
        params[nn_unet_tensor (net, t)->offset + i] = 0.1f * (float) (2 * nn_rng_uniform (&rng) - 1);
  float *images = random_floats (&rng, pix, 1.0), *g = random_floats (&rng, pix, 1.0);
  float *logits = g_new (float, pix);
  nn_unet_forward (net, images, 2, logits);
  nn_unet_backward (net, g, 2);
  float *grad = g_memdup2 (nn_unet_grads (net), count * 4);

  const float eps = 1e-3f;
  int bad = 0;
  for (size_t i = 0; i < count; i++)
    {
      double l[2];
      float keep = params[i];
      for (int s = 0; s < 2; s++)
        {
          params[i] = keep + (s ? -eps : eps);
          nn_unet_forward (net, images, 2, logits);
          l[s] = 0;
          for (size_t k = 0; k < pix; k++)
            l[s] += (double) g[k] * logits[k];
        }
      params[i] = keep;
      double fd = (l[0] - l[1]) / (2 * eps);
      if (fabs (fd - grad[i]) > 2e-2 * fmax (0.1, fabs (fd)))
        {
          bad++;
          g_test_message ("param %zu: analytic %g, finite difference %g", i, grad[i], fd);
        }
    }
  g_test_message ("%d of %zu gradients off", bad, count);
  g_assert_cmpint (bad, <=, (int) (count / 100));
  g_free (images), g_free (g), g_free (logits), g_free (grad);
  nn_unet_free (net);
}

/* A batch of one gives the first image's logits; gradients add up over images; the same step
 * twice is bit-identical. */
static void
test_batch_of_one (void)
{
  NnUNetConfig cfg2 = { .size = 16, .base_width = 4, .depth = 2, .batch = 2 };
  NnUNetConfig cfg1 = cfg2;
  cfg1.batch = 1;
  NnUNet *net2 = nn_unet_new (&cfg2), *net1 = nn_unet_new (&cfg1);
  nn_unet_init (net2, 3);
  nn_unet_init (net1, 3);
  NnRng rng;
  nn_rng_seed (&rng, 9);
  size_t hw = 256, count = nn_unet_count (net2);
  float *images = random_floats (&rng, 2 * hw, 1.0), *g = random_floats (&rng, 2 * hw, 1.0);
  float *l2 = g_new (float, 2 * hw), *l1 = g_new (float, hw), *l1b = g_new (float, hw);

  nn_unet_forward (net2, images, 2, l2);
  nn_unet_backward (net2, g, 2);
  float *g_both = g_memdup2 (nn_unet_grads (net2), count * 4);
  nn_unet_forward (net2, images, 2, l2);
  nn_unet_backward (net2, g, 2);
  g_assert_cmpmem (nn_unet_grads (net2), count * 4, g_both, count * 4);

  nn_unet_forward (net2, images, 1, l1);
  nn_unet_forward (net1, images, 1, l1b);
  for (size_t i = 0; i < hw; i++)
    {
      g_assert_cmpfloat_with_epsilon (l1[i], l2[i], 1e-5 * fmax (1, fabs (l2[i])));
      g_assert_cmpfloat_with_epsilon (l1b[i], l2[i], 1e-5 * fmax (1, fabs (l2[i])));
    }
  nn_unet_backward (net1, g, 1);
  float *g_a = g_memdup2 (nn_unet_grads (net1), count * 4);
  nn_unet_forward (net1, images + hw, 1, l1b);
  for (size_t i = 0; i < hw; i++)
    g_assert_cmpfloat_with_epsilon (l1b[i], l2[hw + i], 1e-5 * fmax (1, fabs (l2[hw + i])));
  nn_unet_backward (net1, g + hw, 1);
  const float *g_b = nn_unet_grads (net1);
  double scale = 0;
  for (size_t i = 0; i < count; i++)
    scale = fmax (scale, fabs (g_both[i]));
  for (size_t i = 0; i < count; i++)
    g_assert_cmpfloat_with_epsilon (g_a[i] + g_b[i], g_both[i], 1e-5 * scale);

  g_free (images), g_free (g), g_free (l2), g_free (l1), g_free (l1b), g_free (g_both);
  g_free (g_a);
  nn_unet_free (net1);
  nn_unet_free (net2);
}

static void
test_adam (void)
{
  NnAdam *adam = nn_adam_new (3);
  float p[3] = { 1.0f, -0.5f, 0.25f };
  double ref_p[3] = { 1.0, -0.5, 0.25 }, m[3] = { 0 }, v[3] = { 0 };
  float lrs[4] = { 1e-2f, 1e-2f, 5e-3f, 1e-3f };
  for (int t = 1; t <= 4; t++)
    {
      float g[3] = { 0.3f * t, -1e-4f, (t % 2) ? 2.0f : -2.0f };
      nn_adam_step (adam, p, g, lrs[t - 1]);
      double alpha = lrs[t - 1] * sqrt (1 - pow (0.999, t)) / (1 - pow (0.9, t));
      for (int i = 0; i < 3; i++)
        {
          m[i] = 0.9 * m[i] + 0.1 * g[i];
          v[i] = 0.999 * v[i] + 0.001 * (double) g[i] * g[i];
          ref_p[i] -= alpha * m[i] / (sqrt (v[i]) + 1e-7);
          g_assert_cmpfloat_with_epsilon (p[i], ref_p[i], 1e-6);
          g_assert_cmpfloat_with_epsilon (adam->m[i], m[i], 1e-6);
          /* 1 − β2 is 0.00099999905 in float, as in Keras: v drifts by ~1e-5 relative. */
          g_assert_cmpfloat_with_epsilon (adam->v[i], v[i], 1e-4 * v[i]);
        }
    }
  g_assert_cmpint (adam->t, ==, 4);
  /* Resuming from saved state is the same as not stopping. */
  NnAdam *copy = nn_adam_new (3);
  memcpy (copy->m, adam->m, sizeof (float) * 3);
  memcpy (copy->v, adam->v, sizeof (float) * 3);
  copy->t = adam->t;
  float q[3];
  memcpy (q, p, sizeof q);
  float g[3] = { 0.1f, 0.2f, -0.3f };
  nn_adam_step (adam, p, g, 1e-3f);
  nn_adam_step (copy, q, g, 1e-3f);
  g_assert_cmpmem (p, sizeof p, q, sizeof q);
  nn_adam_reset (adam);
  g_assert_cmpint (adam->t, ==, 0);
  g_assert_cmpfloat (adam->m[1], ==, 0.0f);
  nn_adam_free (copy);
  nn_adam_free (adam);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  nn_set_threads (2);
  g_test_add_func ("/nn/unet/poster-size", test_poster_size);
  g_test_add_func ("/nn/unet/tensor-table", test_tensor_table);
  g_test_add_func ("/nn/unet/init", test_init);
  g_test_add_func ("/nn/unet/gradients", test_gradients);
  g_test_add_func ("/nn/unet/batch-of-one", test_batch_of_one);
  g_test_add_func ("/nn/adam", test_adam);
  return g_test_run ();
}
