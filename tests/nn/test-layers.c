/* test-layers.c — every layer's forward against a naive loop, its backward against finite differences.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Shapes are small and deliberately awkward: odd sizes (borders), pixel strides larger than the
 * channel count (the U-Net's in-place concatenation), workspaces so small that every GEMM runs
 * in several chunks, and two threads. The finite differences perturb float inputs by ±EPS and
 * sum the probe loss L = Σ g·y in double, so rounding of the float outputs, not of the sum,
 * sets the tolerance. ReLU and max-pool have kinks: the fused ReLU is checked against the
 * unfused one instead, and pool inputs are spaced far wider than EPS. */
#include <glib.h>
#include <math.h>
#include <string.h>

#include "nn-layers.h"
#include "nn-rng.h"
#include "nn-threads.h"

#define EPS 1e-2f

static NnRng rng;

static float *
random_floats (size_t count, double scale)
{
  float *a = g_new (float, count);
  for (size_t i = 0; i < count; i++)
    a[i] = (float) (scale * (2.0 * nn_rng_uniform (&rng) - 1.0));
  return a;
}

/* A workspace with room for only ROWS rows of the widest GEMM, so the layers must chunk. */
static NnWorkspace *
workspace_new (size_t k_max, size_t rows, size_t w_floats, int max_channels)
{
  NnWorkspace *ws = g_new0 (NnWorkspace, 1);
  ws->threads = nn_get_threads ();
  ws->col_floats = k_max * rows;
  ws->col = g_new (float, ws->col_floats * ws->threads);
  ws->w_floats = w_floats;
  ws->wpartial = g_new (float, w_floats * (ws->threads > 1 ? ws->threads - 1 : 1));
  ws->wflip = g_new (float, w_floats);
  ws->max_channels = max_channels;
  ws->bpartial = g_new (double, (size_t) max_channels * ws->threads);
  ws->pack_floats = nn_workspace_pack_floats ();
  ws->pack = ws->pack_floats ? g_new (float, ws->pack_floats * ws->threads) : NULL;
  return ws;
}

static void
workspace_free (NnWorkspace *ws)
{
  g_free (ws->col);
  g_free (ws->wpartial);
  g_free (ws->wflip);
  g_free (ws->bpartial);
  g_free (ws->pack);
  g_free (ws->wino);
  g_free (ws);
}

/* Σ g·y over P pixels of C channels with pixel stride LD, in double. */
static double
probe (const float *y, int ld, const float *g, long p, int c)
{
  double s = 0;
  for (long i = 0; i < p; i++)
    for (int k = 0; k < c; k++)
      s += (double) g[i * c + k] * y[i * ld + k];
  return s;
}

typedef double (*LossFunc) (void *ctx);

/* Compares GRAD[i] with the central difference of LOSS in VALUES[i], for every i < COUNT. */
static void
check_fd (const char *what, LossFunc loss, void *ctx, float *values, const float *grad,
          size_t count, double tol)
{
  double worst = 0;
  for (size_t i = 0; i < count; i++)
    {
      float keep = values[i];
      values[i] = keep + EPS;
      double up = loss (ctx);
      values[i] = keep - EPS;
      double down = loss (ctx);
      values[i] = keep;
      double fd = (up - down) / (2.0 * EPS);
      double err = fabs (fd - grad[i]) / fmax (1.0, fabs (fd));
      if (err > worst)
        worst = err;
      if (err > tol)
        g_error ("%s[%zu]: analytic %.6g, finite difference %.6g", what, i, grad[i], fd);
    }
  g_test_message ("%s: worst relative error %.2e over %zu values", what, worst, count);
}

static void
assert_close (const char *what, const float *a, const float *b, size_t count, double tol)
{
  for (size_t i = 0; i < count; i++)
    if (fabs (a[i] - b[i]) > tol * fmax (1.0, fabs (b[i])))
      g_error ("%s[%zu]: %.8g, expected %.8g", what, i, a[i], b[i]);
}

/* bf16 rounds every product's inputs (8 significant bits), so its results are compared as a
 * whole: the RMS of the error at most BF16_RMS of the reference's RMS (measured: 2.1e-3), and
 * no element off by more than BF16_MAX of that RMS (measured: under 1.4e-2). An FP32 result
 * passes, a result with the wrong pairing or a missing block does not. */
#define BF16_RMS 1e-2
#define BF16_MAX 5e-2

static void
assert_bf16_close (const char *what, const float *a, const float *b, size_t count)
{
  double err = 0, ref = 0, worst = 0;
  for (size_t i = 0; i < count; i++)
    {
      double d = (double) a[i] - b[i];
      err += d * d, ref += (double) b[i] * b[i];
      worst = fmax (worst, fabs (d));
    }
  double rms = sqrt (ref / count), rel = sqrt (err / count) / rms;
  g_test_message ("%s: error RMS %.2e, worst %.2e of the reference's RMS", what, rel,
                  worst / rms);
  if (!(rel <= BF16_RMS && worst <= BF16_MAX * rms))
    g_error ("%s: error RMS %.3g and worst %.3g of the reference's RMS (allowed %g, %g)", what,
             rel, worst / rms, BF16_RMS, BF16_MAX);
}

/* ---- 3×3 convolution ---- */

/* Which code a case runs: the portable code, the best there is, or each of a 3×3 layer's two
 * convolutions on different code, as layers with more than 64 (or 128) channels on one side
 * get it. */
typedef enum
{
  RUN_PORTABLE,
  RUN_BEST,
  RUN_DIRECT_FORWARD, /* direct forward and weight gradient, im2col input gradient */
  RUN_DIRECT_IGRAD,   /* im2col forward and weight gradient, direct input gradient */
} RunKind;

/* Whether this build and CPU have direct kernels at all (otherwise BEST is the portable code). */
static bool
direct_kernels_here (void)
{
  NnWorkspace ws = { .threads = 1, .col_floats = 1u << 20 };
  return nn_conv3x3_choose (NN_KERNELS_BEST, &ws, 8, 8, 8).forward
         != nn_conv3x3_choose (NN_KERNELS_PORTABLE, &ws, 8, 8, 8).forward;
}

typedef struct
{
  int n, h, w, ci, co, ldx, ldy;
  bool relu;
  float *x, *wt, *b, *y, *g;
  NnWorkspace *ws;
  NnConv3x3Kernels conv;
  const NnTconv2x2Impl *tconv;
  const NnMaxpool2x2Impl *pool;
} ConvCase;

static void
conv3x3_naive (const ConvCase *c, float *y)
{
  for (int img = 0; img < c->n; img++)
    for (int yy = 0; yy < c->h; yy++)
      for (int xx = 0; xx < c->w; xx++)
        for (int o = 0; o < c->co; o++)
          {
            double s = c->b[o];
            for (int ky = 0; ky < 3; ky++)
              for (int kx = 0; kx < 3; kx++)
                {
                  int sy = yy + ky - 1, sx = xx + kx - 1;
                  if (sy < 0 || sy >= c->h || sx < 0 || sx >= c->w)
                    continue;
                  for (int i = 0; i < c->ci; i++)
                    s += (double) c->x[(((size_t) img * c->h + sy) * c->w + sx) * c->ldx + i]
                         * c->wt[((ky * 3 + kx) * c->ci + i) * c->co + o];
                }
            if (c->relu && s < 0)
              s = 0;
            y[(((size_t) img * c->h + yy) * c->w + xx) * c->co + o] = (float) s;
          }
}

static double
conv3x3_loss (void *p)
{
  ConvCase *c = p;
  nn_conv3x3_forward (c->y, c->ldy, c->x, c->ldx, c->wt, c->b, c->n, c->h, c->w, c->ci, c->co,
                      c->relu, &c->conv, c->ws);
  return probe (c->y, c->ldy, c->g, (long) c->n * c->h * c->w, c->co);
}

static void
conv3x3_case (int ci, int co, RunKind run)
{
  bool direct = run != RUN_PORTABLE;
  ConvCase c = { .n = 2, .h = 5, .w = 6, .ci = ci, .co = co, .ldx = ci + 2, .ldy = co + 3 };
  long p = (long) c.n * c.h * c.w;
  c.x = random_floats (p * c.ldx, 1.0);
  c.wt = random_floats (9 * c.ci * c.co, 0.5);
  c.b = random_floats (c.co, 0.5);
  c.y = random_floats (p * c.ldy, 1.0);
  c.g = random_floats (p * c.co, 1.0);
  /* im2col: room for 7 rows only, so it must chunk; direct: room for its padded row strip. */
  int kmax = 9 * (ci > co ? ci : co);
  c.ws = workspace_new (kmax, direct ? 3 * (c.w + 18) * (ci > co ? ci : co) / kmax + 1 : 7,
                        9 * ci * co, co);
  NnConv3x3Kernels best = nn_conv3x3_choose (NN_KERNELS_BEST, c.ws, c.w, ci, co);
  NnConv3x3Kernels portable = nn_conv3x3_choose (NN_KERNELS_PORTABLE, c.ws, c.w, ci, co);
  switch (run)
    {
    case RUN_PORTABLE:
      c.conv = portable;
      break;
    case RUN_BEST:
      c.conv = best;
      break;
    case RUN_DIRECT_FORWARD:
      c.conv = (NnConv3x3Kernels) { .forward = best.forward, .igrad = portable.igrad };
      break;
    case RUN_DIRECT_IGRAD:
      c.conv = (NnConv3x3Kernels) { .forward = portable.forward, .igrad = best.igrad };
      break;
    }

  /* Forward, with and without ReLU, against the naive loop. */
  float *ref = g_new (float, p * c.co), *got = g_new (float, p * c.co);
  for (int relu = 0; relu < 2; relu++)
    {
      c.relu = relu;
      conv3x3_loss (&c);
      conv3x3_naive (&c, ref);
      for (long i = 0; i < p; i++)
        memcpy (got + i * c.co, c.y + i * c.ldy, sizeof (float) * c.co);
      assert_close ("conv3x3 forward", got, ref, p * c.co, 1e-5);
    }

  /* Backward without ReLU against finite differences, dy with a stride too. */
  c.relu = false;
  conv3x3_loss (&c);
  int lddy = co + 2, lddx = ci + 1;
  float *dy = g_new0 (float, p * lddy), *dx = g_new0 (float, p * lddx);
  float *dw = g_new (float, 9 * c.ci * c.co), *db = g_new (float, c.co);
  for (long i = 0; i < p; i++)
    memcpy (dy + i * lddy, c.g + i * c.co, sizeof (float) * c.co);
  nn_conv3x3_backward (dx, lddx, dw, db, dy, lddy, c.x, c.ldx, c.y, c.ldy, c.wt, c.n, c.h, c.w,
                       c.ci, c.co, false, &c.conv, c.ws, NULL);
  float *dxc = g_new (float, p * c.ldx);
  for (long i = 0; i < p; i++)
    for (int k = 0; k < c.ldx; k++)
      dxc[i * c.ldx + k] = k < c.ci ? dx[i * lddx + k] : 0.0f; /* padding channels: no effect */
  check_fd ("conv3x3 dx", conv3x3_loss, &c, c.x, dxc, p * c.ldx, 2e-3);
  check_fd ("conv3x3 dw", conv3x3_loss, &c, c.wt, dw, 9 * c.ci * c.co, 2e-3);
  check_fd ("conv3x3 db", conv3x3_loss, &c, c.b, db, c.co, 2e-3);

  /* Fused ReLU = ReLU backward, then the linear backward. */
  c.relu = true;
  conv3x3_loss (&c);
  float *y = g_new (float, p * c.co), *gm = g_new (float, p * c.co);
  for (long i = 0; i < p; i++)
    memcpy (y + i * c.co, c.y + i * c.ldy, sizeof (float) * c.co);
  nn_relu_backward (gm, c.g, y, p * c.co);
  float *dx2 = g_new0 (float, p * lddx), *dw2 = g_new (float, 9 * c.ci * c.co);
  float *db2 = g_new (float, c.co);
  for (long i = 0; i < p; i++)
    memcpy (dy + i * lddy, gm + i * c.co, sizeof (float) * c.co);
  nn_conv3x3_backward (dx2, lddx, dw2, db2, dy, lddy, c.x, c.ldx, c.y, c.ldy, c.wt, c.n, c.h,
                       c.w, c.ci, c.co, false, &c.conv, c.ws, NULL);
  for (long i = 0; i < p; i++)
    memcpy (dy + i * lddy, c.g + i * c.co, sizeof (float) * c.co);
  nn_conv3x3_backward (dx, lddx, dw, db, dy, lddy, c.x, c.ldx, c.y, c.ldy, c.wt, c.n, c.h, c.w,
                       c.ci, c.co, true, &c.conv, c.ws, NULL);
  assert_close ("fused relu dx", dx, dx2, p * lddx, 1e-6);
  assert_close ("fused relu dw", dw, dw2, 9 * c.ci * c.co, 1e-6);
  assert_close ("fused relu db", db, db2, c.co, 1e-6);

  /* A NULL dx skips the input gradient and leaves the weight gradient alone. */
  for (long i = 0; i < p; i++)
    memcpy (dy + i * lddy, gm + i * c.co, sizeof (float) * c.co);
  nn_conv3x3_backward (NULL, 0, dw, db, dy, lddy, c.x, c.ldx, c.y, c.ldy, c.wt, c.n, c.h, c.w,
                       c.ci, c.co, false, &c.conv, c.ws, NULL);
  assert_close ("dw without dx", dw, dw2, 9 * c.ci * c.co, 1e-6);

  g_free (ref), g_free (got), g_free (dy), g_free (dx), g_free (dw), g_free (db), g_free (dxc);
  g_free (y), g_free (gm), g_free (dx2), g_free (dw2), g_free (db2);
  g_free (c.x), g_free (c.wt), g_free (c.b), g_free (c.y), g_free (c.g);
  workspace_free (c.ws);
}

/* Without direct kernels BEST is the portable code, which the portable tests check already
 * (a 3×3 one with a workspace small enough to make it chunk). */
static bool
skip_without_direct_kernels (void)
{
  if (direct_kernels_here ())
    return false;
  g_test_skip ("no direct kernels here");
  return true;
}

static void
test_conv3x3 (gconstpointer run)
{
  if (GPOINTER_TO_INT (run) != RUN_PORTABLE && skip_without_direct_kernels ())
    return;
  /* 4 … 100 output channels: one to seven vectors of the direct kernels, with a masked tail
   * where CO is not a multiple of 16; one input channel has its own weight-gradient kernel,
   * and eight output channels with an even CI their own forward (input gradient: CI = 8). */
  static const int shapes[][2] = { { 3, 4 }, { 18, 20 }, { 5, 40 }, { 2, 64 }, { 20, 3 },
                                   { 1, 8 }, { 1, 20 }, { 3, 100 }, { 8, 8 }, { 8, 16 },
                                   { 6, 8 } };
  for (gsize i = 0; i < G_N_ELEMENTS (shapes); i++)
    conv3x3_case (shapes[i][0], shapes[i][1], GPOINTER_TO_INT (run));
}

/* A layer too wide for the direct kernels, on the project's GEMM (BEST with GEMM scratch):
 * its forward against the naive loop, its backward against the portable code's (OpenBLAS's
 * GEMM, which the finite differences above check); finite differences over some 10⁵ weights
 * would take minutes. The workspace holds 64 of the 96 rows, so every GEMM runs in chunks (and
 * Winograd's, 16 or more of the 24 tiles a chunk). */
static void
wide_conv3x3_case (int ci, int co, NnKernelSet set)
{
  ConvCase c = { .n = 2, .h = 6, .w = 8, .ci = ci, .co = co, .ldx = ci + 2, .ldy = co + 3,
                 .relu = true };
  long p = (long) c.n * c.h * c.w;
  c.x = random_floats (p * c.ldx, 1.0);
  c.wt = random_floats (9 * c.ci * c.co, 0.5);
  c.b = random_floats (c.co, 0.5);
  c.y = random_floats (p * c.ldy, 1.0);
  c.g = random_floats (p * c.co, 1.0);
  c.ws = workspace_new (9 * (ci > co ? ci : co), 64, 9 * ci * co, co);
  NnConv3x3Kernels im2col = nn_conv3x3_choose (NN_KERNELS_BEST, c.ws, c.w, ci, co);
  c.ws->wino_floats = nn_workspace_winograd_floats (ci, co);
  c.ws->wino = c.ws->wino_floats ? g_new (float, c.ws->wino_floats) : NULL;
  NnConv3x3Kernels best = nn_conv3x3_choose (set, c.ws, c.w, ci, co);
  NnConv3x3Kernels portable = nn_conv3x3_choose (NN_KERNELS_PORTABLE, c.ws, c.w, ci, co);
  g_assert_true (best.forward != portable.forward || best.igrad != portable.igrad);
  bool bf16 = set == NN_KERNELS_BF16;
  /* In bf16 the wide side runs the bf16 GEMM; in FP32, with its transforms' room, Winograd's
   * takes the forward where CI and CO fit it. */
  if (bf16)
    g_assert_true (best.forward != im2col.forward || best.igrad != im2col.igrad);
  else if (c.ws->wino_floats > 0 && ci % 16 == 0 && co % 64 == 0)
    g_assert_true (best.forward != im2col.forward);

  float *ref = g_new (float, p * co), *got = g_new (float, p * co);
  c.conv = best;
  conv3x3_loss (&c);
  conv3x3_naive (&c, ref);
  for (long i = 0; i < p; i++)
    memcpy (got + i * co, c.y + i * c.ldy, sizeof (float) * co);
  if (bf16)
    assert_bf16_close ("bf16 conv3x3 forward", got, ref, p * co);
  else
    assert_close ("wide conv3x3 forward", got, ref, p * co, 1e-4);

  /* Both backwards from the portable forward's output: its ReLU mask, taken from a bf16
   * forward, would differ wherever y is within rounding of zero, and move whole values of dy. */
  float *dx[2], *dw[2], *db[2];
  c.conv = portable;
  conv3x3_loss (&c);
  for (int run = 0; run < 2; run++)
    {
      c.conv = run == 0 ? best : portable;
      float *dy = g_new (float, p * co);
      memcpy (dy, c.g, sizeof (float) * p * co);
      dx[run] = g_new0 (float, p * ci), dw[run] = g_new (float, 9 * ci * co);
      db[run] = g_new (float, co);
      nn_conv3x3_backward (dx[run], ci, dw[run], db[run], dy, co, c.x, c.ldx, c.y, c.ldy, c.wt,
                           c.n, c.h, c.w, ci, co, true, &c.conv, c.ws, NULL);
      g_free (dy);
    }
  if (bf16)
    {
      assert_bf16_close ("bf16 conv3x3 dx", dx[0], dx[1], p * ci);
      assert_bf16_close ("bf16 conv3x3 dw", dw[0], dw[1], 9 * ci * co);
    }
  else
    {
      assert_close ("wide conv3x3 dx", dx[0], dx[1], p * ci, 1e-4);
      assert_close ("wide conv3x3 dw", dw[0], dw[1], 9 * ci * co, 1e-4);
    }
  /* The bias gradient is an FP32 sum of dy in both. */
  assert_close ("wide conv3x3 db", db[0], db[1], co, 1e-5);
  for (int run = 0; run < 2; run++)
    g_free (dx[run]), g_free (dw[run]), g_free (db[run]);
  g_free (ref), g_free (got);
  g_free (c.x), g_free (c.wt), g_free (c.b), g_free (c.y), g_free (c.g);
  workspace_free (c.ws);
}

static void
test_conv3x3_wide (void)
{
  if (nn_workspace_pack_floats () == 0)
    {
      g_test_skip ("no project GEMM here (no AVX-512, or NN_OWN_GEMM=0)");
      return;
    }
  /* Both convolutions on the GEMM (with tails of 64 columns and of 6 rows, K past 256), the
   * forward only, the input gradient only; then shapes Winograd's takes (CI a multiple of 16,
   * CO of 64), both ways and the forward only. */
  static const int shapes[][2] = { { 130, 140 }, { 20, 150 }, { 150, 20 }, { 192, 256 },
                                   { 16, 192 } };
  for (gsize i = 0; i < G_N_ELEMENTS (shapes); i++)
    wide_conv3x3_case (shapes[i][0], shapes[i][1], NN_KERNELS_BEST);
  /* Unless NN_WINOGRAD=0 (the 'layers-no-winograd' test), those run Winograd's. */
  if (nn_workspace_winograd_floats (192, 256) > 0)
    g_test_message ("wide layers of CI a multiple of 16 and CO of 64 ran Winograd's F(2×2, 3×3)");
}

/* ---- 1×1 convolution ---- */

static double
conv1x1_loss (void *p)
{
  ConvCase *c = p;
  nn_conv1x1_forward (c->y, c->ldy, c->x, c->ldx, c->wt, c->b, (long) c->n * c->h * c->w,
                      c->ci, c->co, c->ws);
  return probe (c->y, c->ldy, c->g, (long) c->n * c->h * c->w, c->co);
}

static void
test_conv1x1 (void)
{
  for (int co = 1; co <= 3; co += 2)
    {
      ConvCase c = { .n = 2, .h = 3, .w = 5, .ci = 4, .co = co, .ldx = 6, .ldy = co + 1 };
      long p = (long) c.n * c.h * c.w;
      c.x = random_floats (p * c.ldx, 1.0);
      c.wt = random_floats (c.ci * c.co, 0.5);
      c.b = random_floats (c.co, 0.5);
      c.y = random_floats (p * c.ldy, 1.0);
      c.g = random_floats (p * c.co, 1.0);
      c.ws = workspace_new (16, 4, c.ci * c.co, c.co);

      conv1x1_loss (&c);
      for (long i = 0; i < p; i++)
        for (int o = 0; o < co; o++)
          {
            double s = c.b[o];
            for (int k = 0; k < c.ci; k++)
              s += (double) c.x[i * c.ldx + k] * c.wt[k * co + o];
            g_assert_cmpfloat_with_epsilon (c.y[i * c.ldy + o], s, 1e-5);
          }
      float *dx = g_new (float, p * c.ldx), *dw = g_new (float, c.ci * co), *db = g_new (float, co);
      for (size_t i = 0; i < (size_t) p * c.ldx; i++)
        dx[i] = 0.0f; /* the padding channels stay zero: their gradient is zero */
      nn_conv1x1_backward (dx, c.ldx, dw, db, c.g, co, c.x, c.ldx, c.wt, p, c.ci, co, c.ws, NULL);
      check_fd ("conv1x1 dx", conv1x1_loss, &c, c.x, dx, p * c.ldx, 2e-3);
      check_fd ("conv1x1 dw", conv1x1_loss, &c, c.wt, dw, c.ci * co, 2e-3);
      check_fd ("conv1x1 db", conv1x1_loss, &c, c.b, db, co, 2e-3);
      g_free (dx), g_free (dw), g_free (db);
      g_free (c.x), g_free (c.wt), g_free (c.b), g_free (c.y), g_free (c.g);
      workspace_free (c.ws);
    }
}

/* ---- transposed 2×2 ---- */

static double
tconv_loss (void *p)
{
  ConvCase *c = p;
  nn_tconv2x2_forward (c->y, c->ldy, c->x, c->ldx, c->wt, c->b, c->n, c->h, c->w, c->ci, c->co,
                       c->tconv, c->ws);
  return probe (c->y, c->ldy, c->g, (long) c->n * 4 * c->h * c->w, c->co);
}

static void
tconv_case (int ci, int co, bool direct)
{
  ConvCase c = { .n = 2, .h = 3, .w = 2, .ci = ci, .co = co, .ldx = ci + 1, .ldy = co + 4,
                 .tconv = NULL };
  long p = (long) c.n * c.h * c.w, po = 4 * p;
  c.x = random_floats (p * c.ldx, 1.0);
  c.wt = random_floats (4 * c.ci * c.co, 0.5);
  c.b = random_floats (c.co, 0.5);
  c.y = random_floats (po * c.ldy, 1.0);
  c.g = random_floats (po * c.co, 1.0);
  c.ws = workspace_new (4 * co, 2, 4 * c.ci * c.co, c.co);
  c.tconv = nn_tconv2x2_choose (direct ? NN_KERNELS_BEST : NN_KERNELS_PORTABLE, c.ws, ci, co);

  tconv_loss (&c);
  for (int img = 0; img < c.n; img++)
    for (int i = 0; i < 2 * c.h; i++)
      for (int j = 0; j < 2 * c.w; j++)
        for (int o = 0; o < c.co; o++)
          {
            double s = c.b[o];
            const float *xi = c.x + (((size_t) img * c.h + i / 2) * c.w + j / 2) * c.ldx;
            for (int k = 0; k < c.ci; k++)
              s += (double) xi[k] * c.wt[((k * 2 + i % 2) * 2 + j % 2) * c.co + o];
            float got = c.y[(((size_t) img * 2 * c.h + i) * 2 * c.w + j) * c.ldy + o];
            g_assert_cmpfloat_with_epsilon (got, s, 1e-5);
          }
  int lddy = co + 1;
  float *dy = g_new0 (float, po * lddy);
  for (long i = 0; i < po; i++)
    memcpy (dy + i * lddy, c.g + i * c.co, sizeof (float) * c.co);
  float *dx = g_new0 (float, p * c.ldx), *dw = g_new (float, 4 * c.ci * c.co);
  float *db = g_new (float, c.co);
  nn_tconv2x2_backward (dx, c.ldx, dw, db, dy, lddy, c.x, c.ldx, c.wt, c.n, c.h, c.w, c.ci, c.co,
                        c.tconv, c.ws, NULL);
  for (long i = 0; i < p; i++) /* padding channels: zero gradient */
    dx[i * c.ldx + c.ldx - 1] = 0.0f;
  check_fd ("tconv dx", tconv_loss, &c, c.x, dx, p * c.ldx, 2e-3);
  check_fd ("tconv dw", tconv_loss, &c, c.wt, dw, 4 * c.ci * c.co, 2e-3);
  check_fd ("tconv db", tconv_loss, &c, c.b, db, c.co, 2e-3);
  g_free (dy), g_free (dx), g_free (dw), g_free (db);
  g_free (c.x), g_free (c.wt), g_free (c.b), g_free (c.y), g_free (c.g);
  workspace_free (c.ws);
}

static void
test_tconv (gconstpointer direct)
{
  if (GPOINTER_TO_INT (direct) && skip_without_direct_kernels ())
    return;
  /* 3 output channels: GEMM only; 4 … 32: the AVX-512 kernel's four vector counts; 65 input
   * or 40 output channels: the project's GEMM, where there is one (BEST). */
  static const int shapes[][2] = { { 5, 3 }, { 5, 4 }, { 16, 8 }, { 3, 16 }, { 64, 32 },
                                   { 65, 40 }, { 70, 20 } };
  for (gsize i = 0; i < G_N_ELEMENTS (shapes); i++)
    tconv_case (shapes[i][0], shapes[i][1], GPOINTER_TO_INT (direct));
}

/* ---- bf16 ---- */

/* A wide transposed convolution in bf16 against the portable FP32 code, forward and backward. */
static void
bf16_tconv_case (int ci, int co)
{
  int n = 2, h = 3, w = 4, ldx = ci + 1, ldy = co + 2;
  long p = (long) n * h * w, po = 4 * p;
  float *x = random_floats (p * ldx, 1.0), *wt = random_floats (4 * ci * co, 0.5);
  float *b = random_floats (co, 0.5), *g = random_floats (po * co, 1.0);
  NnWorkspace *ws = workspace_new (4 * co, 8, 4 * ci * co, co);
  const NnTconv2x2Impl *impl[2] = { nn_tconv2x2_choose (NN_KERNELS_BF16, ws, ci, co),
                                    nn_tconv2x2_choose (NN_KERNELS_PORTABLE, ws, ci, co) };
  g_assert_true (impl[0] != impl[1]);
  g_assert_true (impl[0] != nn_tconv2x2_choose (NN_KERNELS_BEST, ws, ci, co));
  float *y[2], *dx[2], *dw[2], *db[2];
  for (int run = 0; run < 2; run++)
    {
      y[run] = g_new0 (float, po * ldy);
      nn_tconv2x2_forward (y[run], ldy, x, ldx, wt, b, n, h, w, ci, co, impl[run], ws);
      dx[run] = g_new0 (float, p * ldx), dw[run] = g_new (float, 4 * ci * co);
      db[run] = g_new (float, co);
      nn_tconv2x2_backward (dx[run], ldx, dw[run], db[run], g, co, x, ldx, wt, n, h, w, ci, co,
                            impl[run], ws, NULL);
    }
  assert_bf16_close ("bf16 tconv forward", y[0], y[1], po * ldy);
  assert_bf16_close ("bf16 tconv dx", dx[0], dx[1], p * ldx);
  assert_bf16_close ("bf16 tconv dw", dw[0], dw[1], 4 * ci * co);
  assert_close ("bf16 tconv db", db[0], db[1], co, 1e-5);
  for (int run = 0; run < 2; run++)
    g_free (y[run]), g_free (dx[run]), g_free (dw[run]), g_free (db[run]);
  g_free (x), g_free (wt), g_free (b), g_free (g);
  workspace_free (ws);
}

/* The layers that run a GEMM, in bf16 (NN_KERNELS_BF16): within the documented tolerance of
 * FP32 (BF16_RMS, BF16_MAX), the backward against the portable code's, which the finite
 * differences check. Finite differences of the bf16 layer itself would measure its rounding
 * steps (the inputs move by whole bf16 units), not its gradient. */
static void
test_bf16 (void)
{
  if (!nn_bf16_available ())
    {
      g_test_skip ("no AVX-512 BF16 here (or no project GEMM)");
      return;
    }
  static const int shapes[][2] = { { 130, 140 }, { 20, 150 }, { 150, 20 }, { 192, 256 } };
  for (gsize i = 0; i < G_N_ELEMENTS (shapes); i++)
    wide_conv3x3_case (shapes[i][0], shapes[i][1], NN_KERNELS_BF16);
  static const int tshapes[][2] = { { 65, 40 }, { 256, 128 } };
  for (gsize i = 0; i < G_N_ELEMENTS (tshapes); i++)
    bf16_tconv_case (tshapes[i][0], tshapes[i][1]);
}

/* ---- max-pool ---- */

static double
pool_loss (void *p)
{
  ConvCase *c = p;
  nn_maxpool2x2_forward (c->y, c->ldy, c->x, c->ldx, c->n, c->h, c->w, c->ci, c->pool);
  return probe (c->y, c->ldy, c->g, (long) c->n * c->h / 2 * c->w / 2, c->ci);
}

static void
test_maxpool (gconstpointer direct)
{
  if (GPOINTER_TO_INT (direct) && skip_without_direct_kernels ())
    return;
  /* 19 channels: one full vector of the AVX-512 kernel and a masked tail. */
  const NnMaxpool2x2Impl *pool = nn_maxpool2x2_choose (GPOINTER_TO_INT (direct)
                                                          ? NN_KERNELS_BEST
                                                          : NN_KERNELS_PORTABLE);
  ConvCase c = { .n = 2, .h = 4, .w = 6, .ci = 19, .ldx = 21, .ldy = 20, .pool = pool };
  long p = (long) c.n * c.h * c.w, po = p / 4;
  /* Distinct values 0.1 apart, shuffled: no window has two values within 2·EPS. */
  c.x = g_new0 (float, p * c.ldx);
  for (long i = 0; i < p; i++)
    for (int k = 0; k < c.ci; k++)
      c.x[i * c.ldx + k] = 0.1f * (float) (i * c.ci + k) - 3.0f;
  for (long i = p * c.ci - 1; i > 0; i--)
    {
      long j = (long) (nn_rng_uniform (&rng) * (i + 1));
      float *a = &c.x[(i / c.ci) * c.ldx + i % c.ci], *b = &c.x[(j / c.ci) * c.ldx + j % c.ci];
      float t = *a;
      *a = *b, *b = t;
    }
  c.y = g_new (float, po * c.ldy);
  c.g = random_floats (po * c.ci, 1.0);
  pool_loss (&c);
  for (long q = 0; q < po; q++)
    {
      long img = q / (c.h / 2 * c.w / 2);
      int i = (int) (q % (c.h / 2 * c.w / 2)) / (c.w / 2), j = (int) (q % (c.w / 2));
      for (int k = 0; k < c.ci; k++)
        {
          float m = -INFINITY;
          for (int a = 0; a < 2; a++)
            for (int b = 0; b < 2; b++)
              m = fmaxf (m, c.x[((img * c.h + 2 * i + a) * c.w + 2 * j + b) * c.ldx + k]);
          g_assert_cmpfloat (c.y[q * c.ldy + k], ==, m);
        }
    }
  float *dx = g_new0 (float, p * c.ldx);
  nn_maxpool2x2_backward (dx, c.ldx, c.g, c.ci, c.x, c.ldx, c.n, c.h, c.w, c.ci, pool);
  check_fd ("maxpool dx", pool_loss, &c, c.x, dx, p * c.ldx, 1e-3);
  /* It adds: a second call doubles the gradient. */
  float *dx2 = g_memdup2 (dx, sizeof (float) * p * c.ldx);
  nn_maxpool2x2_backward (dx2, c.ldx, c.g, c.ci, c.x, c.ldx, c.n, c.h, c.w, c.ci, pool);
  for (long i = 0; i < p * c.ldx; i++)
    g_assert_cmpfloat (dx2[i], ==, 2 * dx[i]);
  /* Ties go to the first maximum in row-major order, as in PyTorch. */
  float tx[4] = { 0, 1, 1, 0 }, ty, tg = 1, tdx[4] = { 0 };
  nn_maxpool2x2_forward (&ty, 1, tx, 1, 1, 2, 2, 1, pool);
  nn_maxpool2x2_backward (tdx, 1, &tg, 1, tx, 1, 1, 2, 2, 1, pool);
  g_assert_cmpfloat (tdx[1], ==, 1.0f);
  g_assert_cmpfloat (tdx[2], ==, 0.0f);
  g_free (dx), g_free (dx2), g_free (c.x), g_free (c.y), g_free (c.g);
}

/* ---- elementwise and concatenation ---- */

typedef struct
{
  float *x, *y, *g;
  long count;
  bool sigmoid;
} PointCase;

static double
point_loss (void *p)
{
  PointCase *c = p;
  if (c->sigmoid)
    nn_sigmoid_forward (c->y, c->x, c->count);
  else
    nn_relu_forward (c->y, c->x, c->count);
  return probe (c->y, 1, c->g, c->count, 1);
}

static void
test_pointwise (void)
{
  /* 70 000 values so the threaded path runs too. */
  PointCase c = { .count = 70000 };
  c.x = random_floats (c.count, 4.0);
  for (long i = 0; i < c.count; i++) /* keep away from ReLU's kink */
    if (fabsf (c.x[i]) < 0.05f)
      c.x[i] = 0.5f;
  c.y = g_new (float, c.count);
  c.g = random_floats (c.count, 1.0);
  float *dx = g_new (float, c.count);
  for (int s = 0; s < 2; s++)
    {
      c.sigmoid = s;
      point_loss (&c);
      if (s)
        nn_sigmoid_backward (dx, c.g, c.y, c.count);
      else
        nn_relu_backward (dx, c.g, c.y, c.count);
      check_fd (s ? "sigmoid dx" : "relu dx", point_loss, &c, c.x, dx, 300, 1e-3);
    }
  /* The sigmoid stays finite and exact at the extremes. */
  float big[4] = { -1000.0f, -100.0f, 100.0f, 1000.0f }, sb[4];
  nn_sigmoid_forward (sb, big, 4);
  g_assert_cmpfloat (sb[0], ==, 0.0f);
  g_assert_cmpfloat (sb[3], ==, 1.0f);
  g_assert_true (isfinite (sb[1]) && sb[1] >= 0.0f);

  /* Concatenation: forward, and backward as its exact inverse on the gradient. */
  long p = 7;
  int ca = 2, cb = 3;
  float *a = random_floats (p * ca, 1.0), *b = random_floats (p * cb, 1.0);
  float *y = g_new (float, p * (ca + cb)), *da = g_new (float, p * ca), *db = g_new (float, p * cb);
  nn_concat_forward (y, a, b, p, ca, cb);
  g_assert_cmpfloat (y[3 * 5 + 1], ==, a[3 * 2 + 1]);
  g_assert_cmpfloat (y[3 * 5 + 4], ==, b[3 * 3 + 2]);
  nn_concat_backward (da, db, y, p, ca, cb);
  g_assert_cmpmem (da, sizeof (float) * p * ca, a, sizeof (float) * p * ca);
  g_assert_cmpmem (db, sizeof (float) * p * cb, b, sizeof (float) * p * cb);
  g_free (a), g_free (b), g_free (y), g_free (da), g_free (db);
  g_free (dx), g_free (c.x), g_free (c.y), g_free (c.g);
}

/* ---- which code a layer gets ---- */

static bool
conv_is (NnConv3x3Kernels k, const NnConv3x3Impl *forward, const NnConv3x3Impl *igrad)
{
  return k.forward == forward && k.igrad == igrad;
}

/* The lines between the direct kernels, the project's GEMM and the portable code, per shape,
 * as they were measured (nn-kernels.c): output channels up to the limit (main () sets 128), a workspace slice that holds
 * the padded row strip, each of a 3×3 layer's two convolutions on its own; past that the
 * project's GEMM where the workspace has its scratch. Without AVX-512 (the build's or the
 * CPU's) or with NN_DIRECT_CONV=0, everything is portable. */
static void
test_kernel_choice (void)
{
  /* Room for the strip of a row 64 pixels wide with 256 channels; WSG the same with GEMM
   * scratch (never touched here). */
  NnWorkspace ws = { .threads = 1, .col_floats = 3 * (64 + 18) * 256 };
  static float scratch[1];
  NnWorkspace wsg = ws;
  wsg.pack_floats = nn_workspace_pack_floats ();
  wsg.pack = wsg.pack_floats ? scratch : NULL;
  const NnConv3x3Impl *portable = nn_conv3x3_choose (NN_KERNELS_PORTABLE, &ws, 64, 8, 8).forward;
  const NnConv3x3Impl *direct = nn_conv3x3_choose (NN_KERNELS_BEST, &ws, 64, 8, 8).forward;
  static const int shapes[][2] = { { 1, 8 }, { 64, 129 }, { 129, 64 }, { 200, 200 } };
  for (gsize i = 0; i < G_N_ELEMENTS (shapes); i++)
    g_assert_true (conv_is (nn_conv3x3_choose (NN_KERNELS_PORTABLE, &wsg, 64, shapes[i][0],
                                               shapes[i][1]), portable, portable));
  const NnTconv2x2Impl *tportable = nn_tconv2x2_choose (NN_KERNELS_PORTABLE, &wsg, 16, 8);
  g_assert_true (nn_tconv2x2_choose (NN_KERNELS_PORTABLE, &wsg, 64, 32) == tportable);
  g_assert_true (nn_tconv2x2_choose (NN_KERNELS_PORTABLE, &wsg, 128, 64) == tportable);
  const NnMaxpool2x2Impl *pportable = nn_maxpool2x2_choose (NN_KERNELS_PORTABLE);

  if (direct == portable)
    {
      g_test_message ("no direct kernels here: every layer runs the portable code");
      g_assert_cmpuint (wsg.pack_floats, ==, 0);
      for (gsize i = 0; i < G_N_ELEMENTS (shapes); i++)
        g_assert_true (conv_is (nn_conv3x3_choose (NN_KERNELS_BEST, &ws, 64, shapes[i][0],
                                                   shapes[i][1]), portable, portable));
      g_assert_true (nn_tconv2x2_choose (NN_KERNELS_BEST, &ws, 16, 8) == tportable);
      g_assert_true (nn_maxpool2x2_choose (NN_KERNELS_BEST) == pportable);
      return;
    }
  g_assert_true (conv_is (nn_conv3x3_choose (NN_KERNELS_BEST, &ws, 64, 1, 8), direct, direct));
  g_assert_true (conv_is (nn_conv3x3_choose (NN_KERNELS_BEST, &ws, 64, 128, 128), direct,
                          direct));
  /* Past 128 output channels the forward is a GEMM, while the input gradient (64 outputs)
   * stays direct; and the other way round. Without scratch, OpenBLAS's. */
  g_assert_true (conv_is (nn_conv3x3_choose (NN_KERNELS_BEST, &ws, 64, 64, 129), portable,
                          direct));
  g_assert_true (conv_is (nn_conv3x3_choose (NN_KERNELS_BEST, &ws, 64, 129, 64), direct,
                          portable));
  g_assert_true (conv_is (nn_conv3x3_choose (NN_KERNELS_BEST, &ws, 64, 200, 200), portable,
                          portable));
  /* A strip of 256 channels fits a row of 64 pixels, not of 65. */
  g_assert_true (conv_is (nn_conv3x3_choose (NN_KERNELS_BEST, &ws, 64, 256, 64), direct,
                          portable));
  g_assert_true (conv_is (nn_conv3x3_choose (NN_KERNELS_BEST, &ws, 65, 256, 64), portable,
                          portable));

  const NnTconv2x2Impl *tdirect = nn_tconv2x2_choose (NN_KERNELS_BEST, &ws, 16, 8);
  g_assert_true (tdirect != tportable);
  static const int tshapes[][3] = { { 5, 4, 1 }, { 64, 32, 1 }, { 5, 3, 0 }, { 16, 12, 0 },
                                    { 65, 32, 0 }, { 128, 64, 0 } };
  for (gsize i = 0; i < G_N_ELEMENTS (tshapes); i++)
    g_assert_true (nn_tconv2x2_choose (NN_KERNELS_BEST, &ws, tshapes[i][0], tshapes[i][1])
                   == (tshapes[i][2] ? tdirect : tportable));
  g_assert_true (nn_maxpool2x2_choose (NN_KERNELS_BEST) != pportable);

  /* With scratch, the layers that would run OpenBLAS run the project's GEMM, unless
   * NN_OWN_GEMM=0 (then the scratch is 0 floats and nothing changes). */
  if (wsg.pack_floats == 0)
    {
      g_test_message ("NN_OWN_GEMM=0: the GEMM layers run OpenBLAS's");
      return;
    }
  const NnConv3x3Impl *own = nn_conv3x3_choose (NN_KERNELS_BEST, &wsg, 64, 200, 200).forward;
  g_assert_true (own != portable && own != direct);
  g_assert_true (conv_is (nn_conv3x3_choose (NN_KERNELS_BEST, &wsg, 64, 200, 200), own, own));
  g_assert_true (conv_is (nn_conv3x3_choose (NN_KERNELS_BEST, &wsg, 64, 64, 129), own, direct));
  g_assert_true (conv_is (nn_conv3x3_choose (NN_KERNELS_BEST, &wsg, 64, 128, 128), direct,
                          direct));
  const NnTconv2x2Impl *town = nn_tconv2x2_choose (NN_KERNELS_BEST, &wsg, 128, 64);
  g_assert_true (town != tportable && town != tdirect);
  for (gsize i = 0; i < G_N_ELEMENTS (tshapes); i++)
    g_assert_true (nn_tconv2x2_choose (NN_KERNELS_BEST, &wsg, tshapes[i][0], tshapes[i][1])
                   == (tshapes[i][2] ? tdirect : town));

  /* bf16: from 64 output channels the bf16 GEMM, below them the FP32 direct kernels; without
   * scratch, or on a CPU without AVX-512 BF16, exactly what BEST runs. */
  for (gsize i = 0; i < G_N_ELEMENTS (shapes); i++)
    g_assert_true (conv_is (nn_conv3x3_choose (NN_KERNELS_BF16, &ws, 64, shapes[i][0],
                                               shapes[i][1]),
                            nn_conv3x3_choose (NN_KERNELS_BEST, &ws, 64, shapes[i][0],
                                               shapes[i][1]).forward,
                            nn_conv3x3_choose (NN_KERNELS_BEST, &ws, 64, shapes[i][0],
                                               shapes[i][1]).igrad));
  if (!nn_bf16_available ())
    {
      g_assert_true (conv_is (nn_conv3x3_choose (NN_KERNELS_BF16, &wsg, 64, 64, 200), own,
                              direct));
      g_test_message ("no AVX-512 BF16 here: NN_KERNELS_BF16 runs what BEST runs");
      return;
    }
  const NnConv3x3Impl *bf16 = nn_conv3x3_choose (NN_KERNELS_BF16, &wsg, 64, 200, 200).forward;
  g_assert_true (bf16 != own && bf16 != direct && bf16 != portable);
  g_assert_true (conv_is (nn_conv3x3_choose (NN_KERNELS_BF16, &wsg, 64, 32, 64), bf16, direct));
  g_assert_true (conv_is (nn_conv3x3_choose (NN_KERNELS_BF16, &wsg, 64, 32, 32), direct, direct));
  g_assert_true (conv_is (nn_conv3x3_choose (NN_KERNELS_BF16, &wsg, 64, 128, 16), direct, bf16));
  const NnTconv2x2Impl *tbf16 = nn_tconv2x2_choose (NN_KERNELS_BF16, &wsg, 128, 64);
  g_assert_true (tbf16 != town && tbf16 != tdirect && tbf16 != tportable);
  g_assert_true (nn_tconv2x2_choose (NN_KERNELS_BF16, &wsg, 64, 32) == tdirect);
}

/* The same layer gives the same numbers with 1 and 2 threads and in both thread modes. */
static void
test_thread_invariance (void)
{
  ConvCase c = { .n = 3, .h = 8, .w = 8, .ci = 6, .co = 5, .ldx = 6, .ldy = 5, .relu = true };
  long p = (long) c.n * c.h * c.w;
  c.x = random_floats (p * c.ldx, 1.0);
  c.wt = random_floats (9 * c.ci * c.co, 0.5);
  c.b = random_floats (c.co, 0.5);
  float *y[3], *dw[3];
  for (int run = 0; run < 3; run++)
    {
      nn_set_threads (run == 0 ? 1 : 2);
      nn_set_thread_mode (run == 2 ? NN_THREADS_BLAS : NN_THREADS_OWN);
      c.ws = workspace_new (9 * 6, 16, 9 * c.ci * c.co, c.co);
      c.conv = nn_conv3x3_choose (NN_KERNELS_BEST, c.ws, c.w, c.ci, c.co);
      y[run] = g_new (float, p * c.co);
      dw[run] = g_new (float, 9 * c.ci * c.co);
      float *dy = g_new (float, p * c.co), db[5];
      nn_conv3x3_forward (y[run], c.co, c.x, c.ldx, c.wt, c.b, c.n, c.h, c.w, c.ci, c.co, true,
                          &c.conv, c.ws);
      for (long i = 0; i < p * c.co; i++)
        dy[i] = y[run][i] - 0.25f;
      nn_conv3x3_backward (NULL, 0, dw[run], db, dy, c.co, c.x, c.ldx, y[run], c.co, c.wt, c.n,
                           c.h, c.w, c.ci, c.co, true, &c.conv, c.ws, NULL);
      g_free (dy);
      workspace_free (c.ws);
    }
  nn_set_thread_mode (NN_THREADS_OWN);
  for (int run = 1; run < 3; run++)
    {
      assert_close ("threads: y", y[run], y[0], p * c.co, 1e-5);
      assert_close ("threads: dw", dw[run], dw[0], 9 * c.ci * c.co, 1e-4);
    }
  for (int run = 0; run < 3; run++)
    g_free (y[run]), g_free (dw[run]);
  g_free (c.x), g_free (c.wt), g_free (c.b);
}

int
main (int argc, char **argv)
{
  /* --no-winograd: the wide layers run im2col where Winograd's convolution would. Set before
   * the numeric core reads its environment (once, on first use). */
  if (argc > 1 && strcmp (argv[1], "--no-winograd") == 0)
    {
      g_setenv ("NN_WINOGRAD", "0", TRUE);
      argv[1] = argv[0];
      argv++, argc--;
    }
  g_test_init (&argc, &argv, NULL);
  /* Let the direct kernels take up to 128 output channels (default 64), so that all their
   * vector counts are checked. */
  g_setenv ("NN_DIRECT_MAX_CO", "128", TRUE);
  nn_rng_seed (&rng, 20240611);
  nn_set_threads (2);
  /* Both the direct kernels (where the build and the CPU have them) and im2col + sgemm; 4 and
   * 20 output channels exercise the masked tail vector of the direct kernels. */
  g_test_add_data_func ("/nn/layers/conv3x3/im2col", GINT_TO_POINTER (RUN_PORTABLE),
                        test_conv3x3);
  g_test_add_data_func ("/nn/layers/conv3x3/direct", GINT_TO_POINTER (RUN_BEST), test_conv3x3);
  g_test_add_data_func ("/nn/layers/conv3x3/direct-forward", GINT_TO_POINTER (RUN_DIRECT_FORWARD),
                        test_conv3x3);
  g_test_add_data_func ("/nn/layers/conv3x3/direct-igrad", GINT_TO_POINTER (RUN_DIRECT_IGRAD),
                        test_conv3x3);
  g_test_add_func ("/nn/layers/conv3x3/wide", test_conv3x3_wide);
  g_test_add_func ("/nn/layers/bf16", test_bf16);
  g_test_add_func ("/nn/layers/conv1x1", test_conv1x1);
  g_test_add_data_func ("/nn/layers/tconv2x2/gemm", GINT_TO_POINTER (0), test_tconv);
  g_test_add_data_func ("/nn/layers/tconv2x2/direct", GINT_TO_POINTER (1), test_tconv);
  g_test_add_data_func ("/nn/layers/maxpool2x2/portable", GINT_TO_POINTER (0), test_maxpool);
  g_test_add_data_func ("/nn/layers/maxpool2x2/avx512", GINT_TO_POINTER (1), test_maxpool);
  g_test_add_func ("/nn/layers/pointwise", test_pointwise);
  g_test_add_func ("/nn/layers/kernel-choice", test_kernel_choice);
  g_test_add_func ("/nn/layers/thread-invariance", test_thread_invariance);
  return g_test_run ();
}
