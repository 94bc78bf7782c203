/* nn-pool.c — 2×2 stride-2 max-pooling on NHWC tensors.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Shapes (legend in nn-layers.h): x N×H×W×C (pixel stride ldx), y N×(H/2)×(W/2)×C (ldy).
 * The backward recomputes each window's argmax from x instead of storing indices: it costs one
 * more read of x and saves an index tensor the size of y. Ties go to the first maximum in
 * row-major order, as in PyTorch; after a ReLU ties are zeros, whose gradient the ReLU drops. */
#include "nn-layers.h"
#include "nn-threads.h"

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
      const float *r0 = c->x + (((size_t) img * c->h + 2 * i) * c->wd + 2 * j) * c->ldx;
      const float *r1 = r0 + (size_t) c->wd * c->ldx;
      float *dst = c->y + (size_t) q * c->ldy;
      for (int ch = 0; ch < c->c; ch++)
        {
          float m = r0[ch];
          float v = r0[c->ldx + ch];
          m = v > m ? v : m;
          v = r1[ch];
          m = v > m ? v : m;
          v = r1[c->ldx + ch];
          dst[ch] = v > m ? v : m;
        }
    }
}

void
nn_maxpool2x2_forward (float *y, int ldy, const float *x, int ldx, int n, int h, int wd, int c)
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
      const float *g = c->dy + (size_t) q * c->lddy;
      for (int ch = 0; ch < c->c; ch++)
        {
          int best = 0;
          float m = c->x[pxs[0] * c->ldx + ch];
          for (int t = 1; t < 4; t++)
            {
              float v = c->x[pxs[t] * c->ldx + ch];
              if (v > m)
                {
                  m = v;
                  best = t;
                }
            }
          c->dx[pxs[best] * c->lddx + ch] += g[ch];
        }
    }
}

void
nn_maxpool2x2_backward (float *dx, int lddx, const float *dy, int lddy, const float *x, int ldx,
                        int n, int h, int wd, int c)
{
  PoolCtx ctx = { .dx = dx, .lddx = lddx, .dy = dy, .lddy = lddy, .x = x, .ldx = ldx, .n = n,
                  .h = h, .wd = wd, .c = c };
  nn_parallel (pool_backward_part, &ctx, nn_get_threads ());
}
