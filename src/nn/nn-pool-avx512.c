/* nn-pool-avx512.c — 2×2 max-pool rows in AVX-512, sixteen channels per vector.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * GCC does not vectorise the portable backward of nn-pool.c (four strided windows, a
 * first-maximum rule), and at 256² that loop cost more than the pool's share of memory
 * traffic. Compiled for AVX-512, in x86-64 builds only; runs only where nn-kernels.c saw the
 * CPU flags and chose nn_maxpool2x2_avx512. Shapes as in nn-pool.c; Q0 … Q1 are output pixels. */
#pragma GCC target ("avx512f,avx512vl,avx512dq,fma")
#pragma GCC optimize ("O3")
/* GCC 12 warns about the unset register inside the masked-load intrinsics (a false positive). */
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"

#include "nn-kernels.h"
#include "nn-threads.h"

#include <immintrin.h>
#include <stddef.h>

static void
forward_rows (float *y, int ldy, const float *x, int ldx, int n, int h, int wd, int c, long q0,
              long q1)
{
  int oh = h / 2, ow = wd / 2;
  (void) n;
  for (long q = q0; q < q1; q++)
    {
      long img = q / ((long) oh * ow);
      int rem = (int) (q - img * oh * ow), i = rem / ow, j = rem % ow;
      const float *r0 = x + (((size_t) img * h + 2 * i) * wd + 2 * j) * ldx;
      const float *r1 = r0 + (size_t) wd * ldx;
      float *dst = y + (size_t) q * ldy;
      for (int ch = 0; ch < c; ch += 16)
        {
          __mmask16 m = c - ch >= 16 ? 0xffff : (__mmask16) ((1u << (c - ch)) - 1);
          __m512 a = _mm512_maskz_loadu_ps (m, r0 + ch), b = _mm512_maskz_loadu_ps (m, r0 + ldx + ch);
          __m512 e = _mm512_maskz_loadu_ps (m, r1 + ch), f = _mm512_maskz_loadu_ps (m, r1 + ldx + ch);
          _mm512_mask_storeu_ps (dst + ch, m,
                                 _mm512_max_ps (_mm512_max_ps (a, b), _mm512_max_ps (e, f)));
        }
    }
}

static void
backward_rows (float *dx, int lddx, const float *dy, int lddy, const float *x, int ldx, int n,
               int h, int wd, int c, long q0, long q1)
{
  int oh = h / 2, ow = wd / 2;
  (void) n;
  for (long q = q0; q < q1; q++)
    {
      long img = q / ((long) oh * ow);
      int rem = (int) (q - img * oh * ow), i = rem / ow, j = rem % ow;
      size_t px = ((size_t) img * h + 2 * i) * wd + 2 * j;
      size_t pxs[4] = { px, px + 1, px + wd, px + wd + 1 };
      const float *g = dy + (size_t) q * lddy;
      for (int ch = 0; ch < c; ch += 16)
        {
          __mmask16 m = c - ch >= 16 ? 0xffff : (__mmask16) ((1u << (c - ch)) - 1);
          __m512 v[4];
          for (int t = 0; t < 4; t++)
            v[t] = _mm512_maskz_loadu_ps (m, x + pxs[t] * ldx + ch);
          __m512 mx = _mm512_max_ps (_mm512_max_ps (v[0], v[1]), _mm512_max_ps (v[2], v[3]));
          __m512 gv = _mm512_maskz_loadu_ps (m, g + ch);
          __mmask16 left = m; /* lanes whose gradient has not been placed yet */
          for (int t = 0; t < 4; t++)
            {
              __mmask16 k = t < 3 ? _mm512_mask_cmp_ps_mask (left, v[t], mx, _CMP_EQ_OQ) : left;
              float *d = dx + pxs[t] * lddx + ch;
              _mm512_mask_storeu_ps (d, k, _mm512_add_ps (_mm512_maskz_loadu_ps (k, d), gv));
              left &= (__mmask16) ~k;
            }
        }
    }
}

/* ---- the layer, split over the pool by output pixels ---- */

typedef struct
{
  float *y, *dx;
  const float *x, *dy;
  int ldy, ldx, lddx, lddy;
  int n, h, wd, c;
} PoolCtx;

static void
forward_part (void *p, int tid, int nt)
{
  const PoolCtx *c = p;
  long q0, q1;
  nn_split ((long) c->n * (c->h / 2) * (c->wd / 2), tid, nt, &q0, &q1);
  forward_rows (c->y, c->ldy, c->x, c->ldx, c->n, c->h, c->wd, c->c, q0, q1);
}

static void
direct_forward (float *y, int ldy, const float *x, int ldx, int n, int h, int wd, int c)
{
  PoolCtx ctx = { .y = y, .ldy = ldy, .x = x, .ldx = ldx, .n = n, .h = h, .wd = wd, .c = c };
  nn_parallel (forward_part, &ctx, nn_get_threads ());
}

static void
backward_part (void *p, int tid, int nt)
{
  const PoolCtx *c = p;
  long q0, q1;
  nn_split ((long) c->n * (c->h / 2) * (c->wd / 2), tid, nt, &q0, &q1);
  backward_rows (c->dx, c->lddx, c->dy, c->lddy, c->x, c->ldx, c->n, c->h, c->wd, c->c, q0, q1);
}

static void
direct_backward (float *dx, int lddx, const float *dy, int lddy, const float *x, int ldx, int n,
                 int h, int wd, int c)
{
  PoolCtx ctx = { .dx = dx, .lddx = lddx, .dy = dy, .lddy = lddy, .x = x, .ldx = ldx, .n = n,
                  .h = h, .wd = wd, .c = c };
  nn_parallel (backward_part, &ctx, nn_get_threads ());
}

/* Any channel count (nn-kernels.h). */
const NnMaxpool2x2Impl nn_maxpool2x2_avx512 = {
  .forward = direct_forward,
  .backward = direct_backward,
};
