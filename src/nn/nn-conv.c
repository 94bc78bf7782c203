/* nn-conv.c — 3×3 same-padded and 1×1 convolutions on NHWC rows: im2col + one sgemm per chunk.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Shapes (legend in nn-layers.h): x N×H×W×CI (pixel stride ldx), y N×H×W×CO (ldy),
 * w 3×3×CI×CO, b CO; P = N·H·W rows; K = 9·CI columns of an im2col row.
 *
 *   forward         y[P, CO]  = col(x)[P, K] · w[K, CO] (+ b, ReLU)       fused per chunk
 *   weight gradient dw[K, CO] = col(x)ᵀ · dy[P, CO]                       per-thread partials
 *   input gradient  dx[P, CI] = col(dy)[P, 9·CO] · wflip[9·CO, CI]         no col2im
 *
 * The input gradient is the convolution of dy with the kernel rotated by 180° and its channel
 * axes swapped, so it is a GEMM writing dx rows directly: no scattered col2im accumulation,
 * and each thread owns its rows of dx. Rows are split into chunks that fit the thread's
 * workspace slice, so the im2col buffer stays small (a few MB) even at 256², batch 16.
 *
 * Here are two implementations of 3×3 layers that differ only in whose SGEMM they call:
 * OpenBLAS's (nn_conv3x3_portable) and, in x86-64 builds, the project's AVX-512 one
 * (nn_conv3x3_im2col_avx512, nn-gemm.h); then the 1×1 layer, and the 3×3 layer functions,
 * which run the implementations they are handed (nn-kernels.h) and know no other by name. */
#include "nn-conv-common.h"
#include "nn-gemm.h"
#include "nn-kernels.h"
#include "nn-threads.h"

#include <cblas.h>
#include <string.h>

size_t
nn_workspace_col_floats (size_t k_max)
{
  /* At least 256 rows per chunk for the widest layer (GEMM efficiency), at least 1 M floats
   * (4 MB) so thin layers get long chunks. */
  size_t floats = k_max * 256;
  return floats > (1u << 20) ? floats : (1u << 20);
}

/* Rows of an im2col chunk with K columns: the workspace's room (≥ 4 MB), or fewer when the
 * workspace asks for smaller chunks (NN_CHUNK_FLOATS; at least 64 rows, so OpenBLAS's packing
 * of the weights stays amortised). L2-sized chunks (2^18 floats) measured no better here: +1 %
 * on quick, −5 % on poster in images per CPU-second, within the noise of a shared machine. */
static long
chunk_rows (const NnWorkspace *ws, int k)
{
  long room = (long) (ws->col_floats / k), rows = (long) ws->chunk_floats / k;
  if (ws->chunk_floats == 0)
    return room;
  if (rows < 64)
    rows = 64;
  return rows < room ? rows : room;
}

/* Rows [m0, m1) of the im2col matrix of X (N×H×W×C, pixel stride LDX): row m holds the 3×3
 * neighbourhood of pixel m, taps in (ky, kx) order, C channels each, zeros outside the image. */
static void
im2col3x3 (float *col, const float *x, int ldx, int h, int wd, int c, long m0, long m1)
{
  long hw = (long) h * wd;
  for (long m = m0; m < m1; m++)
    {
      long img = m / hw;
      int rem = (int) (m - img * hw);
      int yy = rem / wd, xx = rem % wd;
      const float *base = x + (size_t) img * hw * ldx;
      float *dst = col + (size_t) (m - m0) * 9 * c;
      for (int ky = 0; ky < 3; ky++)
        {
          int sy = yy + ky - 1;
          for (int kx = 0; kx < 3; kx++, dst += c)
            {
              int sx = xx + kx - 1;
              if (sy < 0 || sy >= h || sx < 0 || sx >= wd)
                memset (dst, 0, sizeof (float) * c);
              else if (c == 1)
                dst[0] = base[((size_t) sy * wd + sx) * ldx];
              else
                memcpy (dst, base + ((size_t) sy * wd + sx) * ldx, sizeof (float) * c);
            }
        }
    }
}

/* B NULL (the input gradient, never with RELU): the GEMM's output is final. */
static void
bias_activation (float *y, int ldy, long rows, int co, const float *b, bool relu)
{
  if (b == NULL)
    return;
  for (long r = 0; r < rows; r++)
    {
      float *row = y + (size_t) r * ldy;
      if (relu)
        for (int o = 0; o < co; o++)
          {
            float v = row[o] + b[o];
            row[o] = v > 0.0f ? v : 0.0f;
          }
      else
        for (int o = 0; o < co; o++)
          row[o] += b[o];
    }
}

typedef struct
{
  float *y, *dx, *dw, *dy;
  const float *x, *w, *b, *yc, *dyc;
  int ldy, ldx, lddx, lddy;
  int n, h, wd, ci, co;
  long p;
  bool relu;
  const NnWorkspace *ws;
  NnSgemm *gemm;
} ConvCtx;

static void
conv3x3_forward_part (void *p, int tid, int nt)
{
  const ConvCtx *c = p;
  long m0, m1;
  nn_split (c->p, tid, nt, &m0, &m1);
  int k = 9 * c->ci;
  float *col = c->ws->col + (size_t) tid * c->ws->col_floats;
  long rows = chunk_rows (c->ws, k);
  for (long m = m0; m < m1; m += rows)
    {
      long r = m1 - m < rows ? m1 - m : rows;
      im2col3x3 (col, c->x, c->ldx, c->h, c->wd, c->ci, m, m + r);
      c->gemm (false, false, (int) r, c->co, k, col, k, c->w, c->co, false,
               c->y + (size_t) m * c->ldy, c->ldy, nn_pack_slice (c->ws, tid));
      bias_activation (c->y + (size_t) m * c->ldy, c->ldy, r, c->co, c->b, c->relu);
    }
}

static void
forward_with (NnSgemm *gemm, int threads, float *y, int ldy, const float *x, int ldx,
              const float *w, const float *b, int n, int h, int wd, int ci, int co, bool relu,
              const NnWorkspace *ws)
{
  ConvCtx c = { .y = y, .ldy = ldy, .x = x, .ldx = ldx, .w = w, .b = b, .n = n, .h = h,
                .wd = wd, .ci = ci, .co = co, .p = (long) n * h * wd, .relu = relu, .ws = ws,
                .gemm = gemm };
  nn_parallel (conv3x3_forward_part, &c, threads);
}

static void
conv3x3_wgrad_part (void *p, int tid, int nt)
{
  const ConvCtx *c = p;
  long m0, m1;
  nn_split (c->p, tid, nt, &m0, &m1);
  int k = 9 * c->ci;
  float *col = c->ws->col + (size_t) tid * c->ws->col_floats;
  float *dwt = tid == 0 ? c->dw : c->ws->wpartial + (size_t) (tid - 1) * c->ws->w_floats;
  long rows = chunk_rows (c->ws, k);
  if (m0 >= m1)
    memset (dwt, 0, sizeof (float) * k * c->co);
  for (long m = m0; m < m1; m += rows)
    {
      long r = m1 - m < rows ? m1 - m : rows;
      im2col3x3 (col, c->x, c->ldx, c->h, c->wd, c->ci, m, m + r);
      c->gemm (true, false, k, c->co, (int) r, col, k, c->dyc + (size_t) m * c->lddy, c->lddy,
               m > m0, dwt, c->co, nn_pack_slice (c->ws, tid));
    }
}

static int
wgrad_with (NnSgemm *gemm, int threads, float *dw, const float *dy, int lddy, const float *x,
            int ldx, int n, int h, int wd, int ci, int co, const NnWorkspace *ws)
{
  ConvCtx c = { .dw = dw, .dyc = dy, .lddy = lddy, .x = x, .ldx = ldx, .n = n, .h = h,
                .wd = wd, .ci = ci, .co = co, .p = (long) n * h * wd, .ws = ws, .gemm = gemm };
  return nn_parallel (conv3x3_wgrad_part, &c, threads);
}

/* OpenBLAS threads itself in one thread mode (nn-threads.h), so it gets the mode's threads. */
static void
blas_forward (float *y, int ldy, const float *x, int ldx, const float *w, const float *b, int n,
              int h, int wd, int ci, int co, bool relu, const NnWorkspace *ws)
{
  forward_with (nn_sgemm_blas, nn_layer_gemm_threads (ws), y, ldy, x, ldx, w, b, n, h, wd, ci,
                co, relu, ws);
}

static int
blas_wgrad (float *dw, const float *dy, int lddy, const float *x, int ldx, int n, int h, int wd,
            int ci, int co, const NnWorkspace *ws)
{
  return wgrad_with (nn_sgemm_blas, nn_layer_gemm_threads (ws), dw, dy, lddy, x, ldx, n, h, wd,
                     ci, co, ws);
}

/* Every shape; the backward is composed by nn_conv3x3_backward. */
const NnConv3x3Impl nn_conv3x3_portable = {
  .fits = NULL,
  .forward = blas_forward,
  .wgrad = blas_wgrad,
  .backward = NULL,
};

#ifdef NN_HAVE_AVX512
/* The project's SGEMM runs on one thread per call: the pool's threads split the rows. */
static void
own_forward (float *y, int ldy, const float *x, int ldx, const float *w, const float *b, int n,
             int h, int wd, int ci, int co, bool relu, const NnWorkspace *ws)
{
  forward_with (nn_sgemm_avx512, ws->threads, y, ldy, x, ldx, w, b, n, h, wd, ci, co, relu, ws);
}

static int
own_wgrad (float *dw, const float *dy, int lddy, const float *x, int ldx, int n, int h, int wd,
           int ci, int co, const NnWorkspace *ws)
{
  return wgrad_with (nn_sgemm_avx512, ws->threads, dw, dy, lddy, x, ldx, n, h, wd, ci, co, ws);
}

/* Any shape, with a workspace that has GEMM scratch (ws->pack). */
static bool
own_fits (const NnWorkspace *ws, int wd, int ci, int co)
{
  (void) wd, (void) ci, (void) co;
  return nn_has_gemm_scratch (ws);
}

const NnConv3x3Impl nn_conv3x3_im2col_avx512 = {
  .fits = own_fits,
  .forward = own_forward,
  .wgrad = own_wgrad,
  .backward = NULL,
};

/* The same with the GEMM in bf16 (FP32 sums): forward, input and weight gradient alike. */
static void
bf16_forward (float *y, int ldy, const float *x, int ldx, const float *w, const float *b, int n,
              int h, int wd, int ci, int co, bool relu, const NnWorkspace *ws)
{
  forward_with (nn_sgemm_bf16_avx512, ws->threads, y, ldy, x, ldx, w, b, n, h, wd, ci, co, relu,
                ws);
}

static int
bf16_wgrad (float *dw, const float *dy, int lddy, const float *x, int ldx, int n, int h, int wd,
            int ci, int co, const NnWorkspace *ws)
{
  return wgrad_with (nn_sgemm_bf16_avx512, ws->threads, dw, dy, lddy, x, ldx, n, h, wd, ci, co,
                     ws);
}

static bool
bf16_fits (const NnWorkspace *ws, int wd, int ci, int co)
{
  (void) wd, (void) ci, (void) co;
  return nn_has_bf16_gemm_scratch (ws);
}

const NnConv3x3Impl nn_conv3x3_im2col_bf16 = {
  .fits = bf16_fits,
  .forward = bf16_forward,
  .wgrad = bf16_wgrad,
  .backward = NULL,
};
#endif

/* ---- the 3×3 layer functions ---- */

void
nn_conv3x3_forward (float *y, int ldy, const float *x, int ldx, const float *w, const float *b,
                    int n, int h, int wd, int ci, int co, bool relu, const NnConv3x3Kernels *k,
                    NnWorkspace *ws)
{
  k->forward->forward (y, ldy, x, ldx, w, b, n, h, wd, ci, co, relu, ws);
}

static void
dy_mask_bias_part (void *p, int tid, int nt)
{
  const ConvCtx *c = p;
  long m0, m1;
  nn_split (c->p, tid, nt, &m0, &m1);
  double *acc = c->ws->bpartial + (size_t) tid * c->ws->max_channels;
  for (int o = 0; o < c->co; o++)
    acc[o] = 0;
  nn_mask_bias_rows (c->dy, c->lddy, c->yc, c->ldy, c->relu, c->co, m0, m1, acc);
}

static void
flip_part (void *p, int tid, int nt)
{
  const ConvCtx *c = p;
  long r0, r1;
  nn_split (9L * c->co, tid, nt, &r0, &r1);
  nn_flip3x3_rows (c->ws->wflip, c->w, c->ci, c->co, r0, r1);
}

void
nn_conv3x3_backward (float *dx, int lddx, float *dw, float *db, float *dy, int lddy,
                     const float *x, int ldx, const float *y, int ldy, const float *w,
                     int n, int h, int wd, int ci, int co, bool relu,
                     const NnConv3x3Kernels *k, NnWorkspace *ws, NnBackwardTimes *times)
{
  /* An implementation's own backward fuses the input gradient with its forward kernel, so it
   * serves only layers whose input gradient it runs too. */
  if (k->forward->backward && (dx == NULL || k->igrad == k->forward))
    {
      k->forward->backward (dx, lddx, dw, db, dy, lddy, x, ldx, y, ldy, w, n, h, wd, ci, co, relu,
                            ws, times);
      return;
    }
  ConvCtx c = { .dx = dx, .lddx = lddx, .dw = dw, .dy = dy, .lddy = lddy, .x = x, .ldx = ldx,
                .yc = y, .ldy = ldy, .w = w, .n = n, .h = h, .wd = wd, .ci = ci, .co = co,
                .p = (long) n * h * wd, .relu = relu, .ws = ws };
  double t0 = nn_now ();
  int nb = nn_parallel (dy_mask_bias_part, &c, ws->threads);
  nn_reduce_bias_partials (db, ws, co, nb);
  int nt = k->forward->wgrad (dw, dy, lddy, x, ldx, n, h, wd, ci, co, ws);
  nn_reduce_weight_partials (dw, ws, (size_t) 9 * ci * co, nt);
  double t1 = nn_now ();
  if (dx)
    {
      nn_parallel (flip_part, &c, ws->threads);
      /* The input gradient is a convolution of dy with CI output channels. */
      k->igrad->forward (dx, lddx, dy, lddy, ws->wflip, NULL, n, h, wd, co, ci, false, ws);
    }
  if (times)
    {
      times->wgrad += t1 - t0;
      times->igrad += nn_now () - t1;
    }
}

/* ---- 1×1 ---- */

static void
conv1x1_forward_part (void *p, int tid, int nt)
{
  const ConvCtx *c = p;
  long m0, m1;
  nn_split (c->p, tid, nt, &m0, &m1);
  if (m0 >= m1)
    return;
  if (c->co == 1)
    {
      /* One output channel (the U-Net's head): a matrix-vector product, which OpenBLAS runs
       * at memory speed, while sgemm with N = 1 does not. */
      float *y = c->y + (size_t) m0 * c->ldy;
      for (long m = m0; m < m1; m++)
        y[(size_t) (m - m0) * c->ldy] = c->b[0];
      cblas_sgemv (CblasRowMajor, CblasNoTrans, (int) (m1 - m0), c->ci, 1.0f,
                   c->x + (size_t) m0 * c->ldx, c->ldx, c->w, 1, 1.0f, y, c->ldy);
      return;
    }
  cblas_sgemm (CblasRowMajor, CblasNoTrans, CblasNoTrans, (int) (m1 - m0), c->co, c->ci, 1.0f,
               c->x + (size_t) m0 * c->ldx, c->ldx, c->w, c->co, 0.0f,
               c->y + (size_t) m0 * c->ldy, c->ldy);
  bias_activation (c->y + (size_t) m0 * c->ldy, c->ldy, m1 - m0, c->co, c->b, false);
}

void
nn_conv1x1_forward (float *y, int ldy, const float *x, int ldx, const float *w, const float *b,
                    long p, int ci, int co, NnWorkspace *ws)
{
  ConvCtx c = { .y = y, .ldy = ldy, .x = x, .ldx = ldx, .w = w, .b = b, .ci = ci, .co = co,
                .p = p, .ws = ws };
  nn_parallel (conv1x1_forward_part, &c, nn_layer_gemm_threads (ws));
}

static void
conv1x1_bias_part (void *p, int tid, int nt)
{
  const ConvCtx *c = p;
  long m0, m1;
  nn_split (c->p, tid, nt, &m0, &m1);
  double *acc = c->ws->bpartial + (size_t) tid * c->ws->max_channels;
  for (int o = 0; o < c->co; o++)
    acc[o] = 0;
  for (long m = m0; m < m1; m++)
    for (int o = 0; o < c->co; o++)
      acc[o] += c->dyc[(size_t) m * c->lddy + o];
}

static void
conv1x1_wgrad_part (void *p, int tid, int nt)
{
  const ConvCtx *c = p;
  long m0, m1;
  nn_split (c->p, tid, nt, &m0, &m1);
  float *dwt = tid == 0 ? c->dw : c->ws->wpartial + (size_t) (tid - 1) * c->ws->w_floats;
  if (m0 >= m1)
    {
      memset (dwt, 0, sizeof (float) * c->ci * c->co);
      return;
    }
  if (c->co == 1)
    {
      cblas_sgemv (CblasRowMajor, CblasTrans, (int) (m1 - m0), c->ci, 1.0f,
                   c->x + (size_t) m0 * c->ldx, c->ldx, c->dyc + (size_t) m0 * c->lddy, c->lddy,
                   0.0f, dwt, 1);
      return;
    }
  cblas_sgemm (CblasRowMajor, CblasTrans, CblasNoTrans, c->ci, c->co, (int) (m1 - m0), 1.0f,
               c->x + (size_t) m0 * c->ldx, c->ldx, c->dyc + (size_t) m0 * c->lddy, c->lddy,
               0.0f, dwt, c->co);
}

static void
conv1x1_igrad_part (void *p, int tid, int nt)
{
  const ConvCtx *c = p;
  long m0, m1;
  nn_split (c->p, tid, nt, &m0, &m1);
  if (m0 >= m1)
    return;
  if (c->co == 1)
    {
      for (long m = m0; m < m1; m++)
        {
          float *dxr = c->dx + (size_t) m * c->lddx;
          float g = c->dyc[(size_t) m * c->lddy];
          for (int k = 0; k < c->ci; k++)
            dxr[k] = g * c->w[k];
        }
      return;
    }
  cblas_sgemm (CblasRowMajor, CblasNoTrans, CblasTrans, (int) (m1 - m0), c->ci, c->co, 1.0f,
               c->dyc + (size_t) m0 * c->lddy, c->lddy, c->w, c->co, 0.0f,
               c->dx + (size_t) m0 * c->lddx, c->lddx);
}

void
nn_conv1x1_backward (float *dx, int lddx, float *dw, float *db, const float *dy, int lddy,
                     const float *x, int ldx, const float *w, long p, int ci, int co,
                     NnWorkspace *ws, NnBackwardTimes *times)
{
  ConvCtx c = { .dx = dx, .lddx = lddx, .dw = dw, .dyc = dy, .lddy = lddy, .x = x, .ldx = ldx,
                .w = w, .ci = ci, .co = co, .p = p, .ws = ws };
  double t0 = nn_now ();
  int nb = nn_parallel (conv1x1_bias_part, &c, ws->threads);
  nn_reduce_bias_partials (db, ws, co, nb);
  int nt = nn_parallel (conv1x1_wgrad_part, &c, nn_layer_gemm_threads (ws));
  nn_reduce_weight_partials (dw, ws, (size_t) ci * co, nt);
  double t1 = nn_now ();
  if (dx)
    nn_parallel (conv1x1_igrad_part, &c, nn_layer_gemm_threads (ws));
  if (times)
    {
      times->wgrad += t1 - t0;
      times->igrad += nn_now () - t1;
    }
}
