/* nn-pool.c — 2×2 stride-2 max-pooling on NHWC tensors.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Shapes (legend in nn-layers.h): x N×H×W×C (pixel stride ldx), y N×(H/2)×(W/2)×C (ldy).
 * The backward recomputes each window's argmax from x instead of storing indices: it costs one
 * more read of x and saves an index tensor the size of y. Ties go to the first maximum in
 * row-major order, as in PyTorch; after a ReLU ties are zeros, whose gradient the ReLU drops.
 *
 * Here are the portable implementation (nn_maxpool2x2_portable) and the layer functions, which
 * run the implementation they are handed (nn-kernels.h). */
#include "nn-kernels.h"
#include "nn-threads.h"

#include <stdbool.h>

typedef struct
{
  float *y, *dx;
  const float *x, *dy;
  int ldy, ldx, lddx, lddy;
  int n, h, wd, c;
} PoolCtx;

static void
pool_forward_part (void *p, int tid, int nt)
{
  const PoolCtx *c = p;
  int oh = c->h / 2, ow = c->wd / 2;
  long q0, q1;
  nn_split ((long) c->n * oh * ow, tid, nt, &q0, &q1);
  for (long q = q0; q < q1; q++)
    {
      long img = q / ((long) oh * ow);
      int rem = (int) (q - img * oh * ow), i = rem / ow, j = rem % ow;
      const float *restrict r0 = c->x + (((size_t) img * c->h + 2 * i) * c->wd + 2 * j) * c->ldx;
      const float *restrict r1 = r0 + (size_t) c->wd * c->ldx;
      float *restrict dst = c->y + (size_t) q * c->ldy;
      const int nc = c->c, ldx = c->ldx;
      for (int ch = 0; ch < nc; ch++)
        {
          float m = r0[ch];
          float v = r0[ldx + ch];
          m = v > m ? v : m;
          v = r1[ch];
          m = v > m ? v : m;
          v = r1[ldx + ch];
          dst[ch] = v > m ? v : m;
        }
    }
}

static void
portable_forward (float *y, int ldy, const float *x, int ldx, int n, int h, int wd, int c)
{
  PoolCtx ctx = { .y = y, .ldy = ldy, .x = x, .ldx = ldx, .n = n, .h = h, .wd = wd, .c = c };
  nn_parallel (pool_forward_part, &ctx, nn_get_threads ());
}

static void
pool_backward_part (void *p, int tid, int nt)
{
  const PoolCtx *c = p;
  int oh = c->h / 2, ow = c->wd / 2;
  long q0, q1;
  nn_split ((long) c->n * oh * ow, tid, nt, &q0, &q1);
  for (long q = q0; q < q1; q++)
    {
      long img = q / ((long) oh * ow);
      int rem = (int) (q - img * oh * ow), i = rem / ow, j = rem % ow;
      size_t px = ((size_t) img * c->h + 2 * i) * c->wd + 2 * j;
      size_t pxs[4] = { px, px + 1, px + c->wd, px + c->wd + 1 };
      const float *restrict g = c->dy + (size_t) q * c->lddy;
      const int nc = c->c; /* a local: with -fno-strict-aliasing the stores could change c->c */
      const float *restrict x0 = c->x + pxs[0] * c->ldx, *restrict x1 = c->x + pxs[1] * c->ldx;
      const float *restrict x2 = c->x + pxs[2] * c->ldx, *restrict x3 = c->x + pxs[3] * c->ldx;
      float *restrict d0 = c->dx + pxs[0] * c->lddx, *restrict d1 = c->dx + pxs[1] * c->lddx;
      float *restrict d2 = c->dx + pxs[2] * c->lddx, *restrict d3 = c->dx + pxs[3] * c->lddx;
      /* Selects only, so that GCC vectorises it over channels: the gradient goes to the first
       * position holding the maximum, and what is left passes on to the next. */
      for (int ch = 0; ch < nc; ch++)
        {
          float a = x0[ch], b = x1[ch], e = x2[ch], f = x3[ch], v = g[ch];
          float mab = a > b ? a : b, mef = e > f ? e : f, m = mab > mef ? mab : mef;
          float ga = a == m ? v : 0.0f, rest = a == m ? 0.0f : v;
          float gb = b == m ? rest : 0.0f;
          rest = b == m ? 0.0f : rest;
          float ge = e == m ? rest : 0.0f;
          rest = e == m ? 0.0f : rest;
          d0[ch] += ga;
          d1[ch] += gb;
          d2[ch] += ge;
          d3[ch] += rest;
        }
    }
}

static void
portable_backward (float *dx, int lddx, const float *dy, int lddy, const float *x, int ldx, int n,
                   int h, int wd, int c)
{
  PoolCtx ctx = { .dx = dx, .lddx = lddx, .dy = dy, .lddy = lddy, .x = x, .ldx = ldx, .n = n,
                  .h = h, .wd = wd, .c = c };
  nn_parallel (pool_backward_part, &ctx, nn_get_threads ());
}

const NnMaxpool2x2Impl nn_maxpool2x2_portable = {
  .forward = portable_forward,
  .backward = portable_backward,
};

/* ---- the layer functions ---- */

void
nn_maxpool2x2_forward (float *y, int ldy, const float *x, int ldx, int n, int h, int wd, int c,
                       const NnMaxpool2x2Impl *k)
{
  k->forward (y, ldy, x, ldx, n, h, wd, c);
}

void
nn_maxpool2x2_backward (float *dx, int lddx, const float *dy, int lddy, const float *x, int ldx,
                        int n, int h, int wd, int c, const NnMaxpool2x2Impl *k)
{
  k->backward (dx, lddx, dy, lddy, x, ldx, n, h, wd, c);
}
