/* nn-tconv.c — 2×2 stride-2 transposed convolution with bias: one GEMM to 2×2 blocks, then scatter.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Shapes (legend in nn-layers.h): x N×H×W×CI (pixel stride ldx), y N×2H×2W×CO (ldy),
 * w CI×2×2×CO, b CO; P = N·H·W input pixels.
 *
 * With stride equal to the kernel the output blocks do not overlap: input pixel (i, j) alone
 * makes output pixels (2i+a, 2j+b). So
 *   forward         blk[P, 4·CO] = x[P, CI] · w[CI, 4·CO], scattered (+ b) into y
 *   weight gradient dw[CI, 4·CO] = xᵀ · blk(dy)      blk(dy) gathers each pixel's 2×2 block
 *   input gradient  dx[P, CI]    = blk(dy) · wᵀ
 * The gather/scatter is a copy of CO floats per tap; nothing accumulates.
 *
 * Here are two implementations that differ only in whose SGEMM they call: OpenBLAS's
 * (nn_tconv2x2_portable) and, in x86-64 builds, the project's AVX-512 one
 * (nn_tconv2x2_gemm_avx512, nn-gemm.h); then the layer functions, which run the
 * implementation they are handed (nn-kernels.h). */
#include "nn-conv-common.h"
#include "nn-gemm.h"
#include "nn-kernels.h"
#include "nn-threads.h"

#include <string.h>

typedef struct
{
  float *y, *dx, *dw;
  const float *x, *w, *b, *dy;
  int ldy, ldx, lddx, lddy;
  int n, h, wd, ci, co;
  const NnWorkspace *ws;
  NnSgemm *gemm;
} TconvCtx;

/* The output pixel index of tap (a, b) of input pixel m. */
static inline size_t
out_pixel (long m, int h, int wd, int a, int b)
{
  long hw = (long) h * wd;
  long img = m / hw;
  int rem = (int) (m - img * hw);
  int i = rem / wd, j = rem % wd;
  return ((size_t) img * 2 * h + 2 * i + a) * (size_t) (2 * wd) + 2 * j + b;
}

static void
tconv_forward_part (void *p, int tid, int nt)
{
  const TconvCtx *c = p;
  long m0, m1;
  nn_split ((long) c->n * c->h * c->wd, tid, nt, &m0, &m1);
  int k = 4 * c->co;
  float *blk = c->ws->col + (size_t) tid * c->ws->col_floats;
  long rows = (long) (c->ws->col_floats / k);
  for (long m = m0; m < m1; m += rows)
    {
      long r = m1 - m < rows ? m1 - m : rows;
      c->gemm (false, false, (int) r, k, c->ci, c->x + (size_t) m * c->ldx, c->ldx, c->w, k,
               false, blk, k, nn_pack_slice (c->ws, tid));
      for (long q = 0; q < r; q++)
        for (int tap = 0; tap < 4; tap++)
          {
            const float *src = blk + (size_t) q * k + (size_t) tap * c->co;
            float *dst = c->y + out_pixel (m + q, c->h, c->wd, tap >> 1, tap & 1) * c->ldy;
            for (int o = 0; o < c->co; o++)
              dst[o] = src[o] + c->b[o];
          }
    }
}

static void
forward_with (NnSgemm *gemm, int threads, float *y, int ldy, const float *x, int ldx,
              const float *w, const float *b, int n, int h, int wd, int ci, int co,
              const NnWorkspace *ws)
{
  TconvCtx c = { .y = y, .ldy = ldy, .x = x, .ldx = ldx, .w = w, .b = b, .n = n, .h = h,
                 .wd = wd, .ci = ci, .co = co, .ws = ws, .gemm = gemm };
  nn_parallel (tconv_forward_part, &c, threads);
}

/* Rows [m, m + r) of blk(dy); with ACC also adds every gathered value to its channel's sum. */
static void
gather_blocks (float *blk, const TconvCtx *c, long m, long r, double *acc)
{
  int k = 4 * c->co;
  for (long q = 0; q < r; q++)
    for (int tap = 0; tap < 4; tap++)
      {
        const float *src = c->dy + out_pixel (m + q, c->h, c->wd, tap >> 1, tap & 1) * c->lddy;
        float *dst = blk + (size_t) q * k + (size_t) tap * c->co;
        memcpy (dst, src, sizeof (float) * c->co);
        if (acc)
          for (int o = 0; o < c->co; o++)
            acc[o] += src[o];
      }
}

static void
tconv_wgrad_part (void *p, int tid, int nt)
{
  const TconvCtx *c = p;
  long m0, m1;
  nn_split ((long) c->n * c->h * c->wd, tid, nt, &m0, &m1);
  int k = 4 * c->co;
  float *blk = c->ws->col + (size_t) tid * c->ws->col_floats;
  float *dwt = tid == 0 ? c->dw : c->ws->wpartial + (size_t) (tid - 1) * c->ws->w_floats;
  double *acc = c->ws->bpartial + (size_t) tid * c->ws->max_channels;
  long rows = (long) (c->ws->col_floats / k);
  for (int o = 0; o < c->co; o++)
    acc[o] = 0;
  if (m0 >= m1)
    memset (dwt, 0, sizeof (float) * c->ci * k);
  for (long m = m0; m < m1; m += rows)
    {
      long r = m1 - m < rows ? m1 - m : rows;
      gather_blocks (blk, c, m, r, acc);
      c->gemm (true, false, c->ci, k, (int) r, c->x + (size_t) m * c->ldx, c->ldx, blk, k,
               m > m0, dwt, k, nn_pack_slice (c->ws, tid));
    }
}

static void
tconv_igrad_part (void *p, int tid, int nt)
{
  const TconvCtx *c = p;
  long m0, m1;
  nn_split ((long) c->n * c->h * c->wd, tid, nt, &m0, &m1);
  int k = 4 * c->co;
  float *blk = c->ws->col + (size_t) tid * c->ws->col_floats;
  long rows = (long) (c->ws->col_floats / k);
  for (long m = m0; m < m1; m += rows)
    {
      long r = m1 - m < rows ? m1 - m : rows;
      gather_blocks (blk, c, m, r, NULL);
      c->gemm (false, true, (int) r, c->ci, k, blk, k, c->w, k, false,
               c->dx + (size_t) m * c->lddx, c->lddx, nn_pack_slice (c->ws, tid));
    }
}

static void
backward_with (NnSgemm *gemm, int threads, float *dx, int lddx, float *dw, float *db,
               const float *dy, int lddy, const float *x, int ldx, const float *w, int n, int h,
               int wd, int ci, int co, const NnWorkspace *ws, NnBackwardTimes *times)
{
  TconvCtx c = { .dx = dx, .lddx = lddx, .dw = dw, .dy = dy, .lddy = lddy, .x = x, .ldx = ldx,
                 .w = w, .n = n, .h = h, .wd = wd, .ci = ci, .co = co, .ws = ws, .gemm = gemm };
  double t0 = nn_now ();
  /* Bias partials are per thread of this region, so it must not exceed the bias slices. */
  int nt = nn_parallel (tconv_wgrad_part, &c, threads);
  nn_reduce_weight_partials (dw, ws, (size_t) ci * 4 * co, nt);
  nn_reduce_bias_partials (db, ws, co, nt);
  double t1 = nn_now ();
  if (dx)
    nn_parallel (tconv_igrad_part, &c, threads);
  if (times)
    {
      times->wgrad += t1 - t0;
      times->igrad += nn_now () - t1;
    }
}

/* OpenBLAS threads itself in one thread mode (nn-threads.h), so it gets the mode's threads. */
static void
blas_forward (float *y, int ldy, const float *x, int ldx, const float *w, const float *b, int n,
              int h, int wd, int ci, int co, const NnWorkspace *ws)
{
  forward_with (nn_sgemm_blas, nn_layer_gemm_threads (ws), y, ldy, x, ldx, w, b, n, h, wd, ci,
                co, ws);
}

static void
blas_backward (float *dx, int lddx, float *dw, float *db, const float *dy, int lddy,
               const float *x, int ldx, const float *w, int n, int h, int wd, int ci, int co,
               const NnWorkspace *ws, NnBackwardTimes *times)
{
  backward_with (nn_sgemm_blas, nn_layer_gemm_threads (ws), dx, lddx, dw, db, dy, lddy, x, ldx,
                 w, n, h, wd, ci, co, ws, times);
}

/* Every shape. */
const NnTconv2x2Impl nn_tconv2x2_portable = {
  .fits = NULL,
  .forward = blas_forward,
  .backward = blas_backward,
};

#ifdef NN_HAVE_AVX512
/* The project's SGEMM runs on one thread per call: the pool's threads split the rows. */
static void
own_forward (float *y, int ldy, const float *x, int ldx, const float *w, const float *b, int n,
             int h, int wd, int ci, int co, const NnWorkspace *ws)
{
  forward_with (nn_sgemm_avx512, ws->threads, y, ldy, x, ldx, w, b, n, h, wd, ci, co, ws);
}

static void
own_backward (float *dx, int lddx, float *dw, float *db, const float *dy, int lddy,
              const float *x, int ldx, const float *w, int n, int h, int wd, int ci, int co,
              const NnWorkspace *ws, NnBackwardTimes *times)
{
  backward_with (nn_sgemm_avx512, ws->threads, dx, lddx, dw, db, dy, lddy, x, ldx, w, n, h, wd,
                 ci, co, ws, times);
}

/* Any shape, with a workspace that has GEMM scratch (ws->pack). */
static bool
own_fits (const NnWorkspace *ws, int ci, int co)
{
  (void) ci, (void) co;
  return nn_has_gemm_scratch (ws);
}

const NnTconv2x2Impl nn_tconv2x2_gemm_avx512 = {
  .fits = own_fits,
  .forward = own_forward,
  .backward = own_backward,
};

/* The same with the GEMM in bf16 (FP32 sums). */
static void
bf16_forward (float *y, int ldy, const float *x, int ldx, const float *w, const float *b, int n,
              int h, int wd, int ci, int co, const NnWorkspace *ws)
{
  forward_with (nn_sgemm_bf16_avx512, ws->threads, y, ldy, x, ldx, w, b, n, h, wd, ci, co, ws);
}

static void
bf16_backward (float *dx, int lddx, float *dw, float *db, const float *dy, int lddy,
               const float *x, int ldx, const float *w, int n, int h, int wd, int ci, int co,
               const NnWorkspace *ws, NnBackwardTimes *times)
{
  backward_with (nn_sgemm_bf16_avx512, ws->threads, dx, lddx, dw, db, dy, lddy, x, ldx, w, n, h,
                 wd, ci, co, ws, times);
}

static bool
bf16_fits (const NnWorkspace *ws, int ci, int co)
{
  (void) ci, (void) co;
  return nn_has_bf16_gemm_scratch (ws);
}

const NnTconv2x2Impl nn_tconv2x2_gemm_bf16 = {
  .fits = bf16_fits,
  .forward = bf16_forward,
  .backward = bf16_backward,
};
#endif

/* ---- the layer functions ---- */

void
nn_tconv2x2_forward (float *y, int ldy, const float *x, int ldx, const float *w, const float *b,
                     int n, int h, int wd, int ci, int co, const NnTconv2x2Impl *k,
                     NnWorkspace *ws)
{
  k->forward (y, ldy, x, ldx, w, b, n, h, wd, ci, co, ws);
}

void
nn_tconv2x2_backward (float *dx, int lddx, float *dw, float *db, const float *dy, int lddy,
                      const float *x, int ldx, const float *w, int n, int h, int wd, int ci,
                      int co, const NnTconv2x2Impl *k, NnWorkspace *ws, NnBackwardTimes *times)
{
  k->backward (dx, lddx, dw, db, dy, lddy, x, ldx, w, n, h, wd, ci, co, ws, times);
}
