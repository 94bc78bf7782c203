/* nn-tconv-avx512.c — 2×2 stride-2 transposed convolution for few channels, AVX-512.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * With CI, CO ≤ 64 the GEMM of nn-tconv.c has an inner dimension of 16–64, where OpenBLAS runs
 * at a fraction of its speed, and the separate gather/scatter passes cost as much again. Here a
 * block of input pixels × the 4·CO outputs of their 2×2 blocks sits in registers: bias is
 * added and each tap's CO values are written straight to the output pixel. Compiled for
 * AVX-512, in x86-64 builds only; runs only where nn-kernels.c saw the CPU flags and chose
 * nn_tconv2x2_avx512 for a layer. Unlike the GEMMs of nn-tconv.c, these kernels run on all the
 * pool's threads whatever the thread mode.
 * Shapes as in nn-tconv.c: x N×H×W×CI, y N×2H×2W×CO, w CI×2×2×CO (rows of K = 4·CO). */
#pragma GCC target ("avx512f,avx512vl,avx512dq,fma")
#pragma GCC optimize ("O3")
/* GCC 12 warns about the unset register inside the masked-load intrinsics (a false positive). */
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"

#include "nn-conv-common.h"
#include "nn-kernels.h"
#include "nn-threads.h"

#include <immintrin.h>
#include <string.h>

static inline size_t
out_pixel (long m, int h, int wd, int tap)
{
  long hw = (long) h * wd;
  long img = m / hw;
  int rem = (int) (m - img * hw), i = rem / wd, j = rem % wd;
  return ((size_t) img * 2 * h + 2 * i + (tap >> 1)) * (size_t) (2 * wd) + 2 * j + (tap & 1);
}

/* Forward for input pixels [m0, m1): K = 4·CO outputs per pixel in NV vectors, PB pixels. */
#define DEFINE_TCONV_FORWARD(NV, PB)                                                            \
  static void tconv_fwd_##NV (float *y, int ldy, const float *x, int ldx, const float *w,      \
                              const float *bk, int h, int wd, int ci, int co, long m0, long m1) \
  {                                                                                             \
    const int k = 4 * co;                                                                       \
    float tmp[16 * NV];                                                                         \
    for (long m = m0; m < m1; m += PB)                                                          \
      {                                                                                         \
        __m512 acc[PB][NV];                                                                     \
        int np = m1 - m < PB ? (int) (m1 - m) : PB;                                             \
        _Pragma ("GCC unroll 16") for (int p = 0; p < PB; p++)                                  \
          _Pragma ("GCC unroll 8") for (int v = 0; v < NV; v++)                                 \
            acc[p][v] = _mm512_setzero_ps ();                                                   \
        const float *xb = x + (size_t) m * ldx;                                                 \
        for (int c = 0; c < ci; c++)                                                            \
          {                                                                                     \
            __m512 wv[NV];                                                                      \
            _Pragma ("GCC unroll 8") for (int v = 0; v < NV; v++)                               \
              wv[v] = _mm512_loadu_ps (w + (size_t) c * k + 16 * v);                            \
            _Pragma ("GCC unroll 16") for (int p = 0; p < PB; p++)                              \
              {                                                                                 \
                /* Past the end, read pixel 0 again: finite, and its result is not stored. */   \
                __m512 xv = _mm512_set1_ps (xb[(size_t) (p < np ? p : 0) * ldx + c]);           \
                _Pragma ("GCC unroll 8") for (int v = 0; v < NV; v++)                           \
                  acc[p][v] = _mm512_fmadd_ps (xv, wv[v], acc[p][v]);                           \
              }                                                                                 \
          }                                                                                     \
        /* Constant indices only (unrolled, with a test), so acc stays in registers. */        \
        _Pragma ("GCC unroll 16") for (int p = 0; p < PB; p++)                                  \
          {                                                                                     \
            if (p >= np)                                                                        \
              break;                                                                            \
            _Pragma ("GCC unroll 8") for (int v = 0; v < NV; v++)                               \
              _mm512_storeu_ps (tmp + 16 * v,                                                   \
                                _mm512_add_ps (acc[p][v], _mm512_loadu_ps (bk + 16 * v)));      \
            for (int t = 0; t < 4; t++)                                                         \
              memcpy (y + out_pixel (m + p, h, wd, t) * ldy, tmp + t * co,                      \
                      sizeof (float) * co);                                                     \
          }                                                                                     \
      }                                                                                         \
  }

DEFINE_TCONV_FORWARD (1, 16)
DEFINE_TCONV_FORWARD (2, 12)
DEFINE_TCONV_FORWARD (4, 6)
DEFINE_TCONV_FORWARD (8, 3)

/* CO ∈ {4, 8, 16, 32} (whole vectors of K = 4·CO) and CI ≤ 64. */
static bool
fits (const NnWorkspace *ws, int ci, int co)
{
  (void) ws;
  return co % 4 == 0 && (co == 4 || co == 8 || co == 16 || co == 32) && ci <= 64;
}

/* Forward for input pixels [m0, m1). */
static void
forward_rows (float *y, int ldy, const float *x, int ldx, const float *w, const float *b, int h,
              int wd, int ci, int co, long m0, long m1)
{
  float bk[128]; /* the bias repeated for each tap, K = 4·CO ≤ 128 */
  for (int t = 0; t < 4; t++)
    memcpy (bk + t * co, b, sizeof (float) * co);
  switch (co)
    {
    case 4: tconv_fwd_1 (y, ldy, x, ldx, w, bk, h, wd, ci, co, m0, m1); break;
    case 8: tconv_fwd_2 (y, ldy, x, ldx, w, bk, h, wd, ci, co, m0, m1); break;
    case 16: tconv_fwd_4 (y, ldy, x, ldx, w, bk, h, wd, ci, co, m0, m1); break;
    default: tconv_fwd_8 (y, ldy, x, ldx, w, bk, h, wd, ci, co, m0, m1); break;
    }
}

/* Input gradient for input pixels [m0, m1): dx[p][0 … CI) = Σ_{t, o} dy[out(p, t)][o] ·
 * wt[t·CO + o][0 … CI), with wt = wᵀ (K × CI), CI in NV vectors (the last one masked). */
#define DEFINE_TCONV_IGRAD(NV, PB)                                                              \
  static void tconv_igrad_##NV (float *dx, int lddx, const float *dy, int lddy,               \
                                const float *wt, int h, int wd, int ci, int co, long m0,       \
                                long m1)                                                        \
  {                                                                                             \
    __mmask16 tail = (__mmask16) (0xffffu >> (16 * NV - ci));                                   \
    for (long m = m0; m < m1; m += PB)                                                          \
      {                                                                                         \
        __m512 acc[PB][NV];                                                                     \
        const float *d[PB][4];                                                                  \
        int np = m1 - m < PB ? (int) (m1 - m) : PB;                                             \
        for (int p = 0; p < PB; p++)                                                            \
          for (int t = 0; t < 4; t++)                                                           \
            d[p][t] = dy + out_pixel (m + (p < np ? p : 0), h, wd, t) * lddy;                   \
        _Pragma ("GCC unroll 16") for (int p = 0; p < PB; p++)                                  \
          _Pragma ("GCC unroll 4") for (int v = 0; v < NV; v++)                                 \
            acc[p][v] = _mm512_setzero_ps ();                                                   \
        for (int t = 0; t < 4; t++)                                                             \
          for (int o = 0; o < co; o++)                                                          \
            {                                                                                   \
              __m512 wv[NV];                                                                    \
              _Pragma ("GCC unroll 4") for (int v = 0; v < NV; v++)                             \
                wv[v] = _mm512_maskz_loadu_ps (v == NV - 1 ? tail : 0xffff,                     \
                                               wt + (size_t) (t * co + o) * ci + 16 * v);       \
              _Pragma ("GCC unroll 16") for (int p = 0; p < PB; p++)                            \
                {                                                                               \
                  __m512 g = _mm512_set1_ps (d[p][t][o]);                                       \
                  _Pragma ("GCC unroll 4") for (int v = 0; v < NV; v++)                         \
                    acc[p][v] = _mm512_fmadd_ps (g, wv[v], acc[p][v]);                          \
                }                                                                               \
            }                                                                                   \
        /* Constant indices only (unrolled, with a test), so acc stays in registers. */        \
        _Pragma ("GCC unroll 16") for (int p = 0; p < PB; p++)                                  \
          {                                                                                     \
            if (p >= np)                                                                        \
              break;                                                                            \
            _Pragma ("GCC unroll 4") for (int v = 0; v < NV; v++)                               \
              _mm512_mask_storeu_ps (dx + (size_t) (m + p) * lddx + 16 * v,                     \
                                     v == NV - 1 ? tail : 0xffff, acc[p][v]);                   \
          }                                                                                     \
      }                                                                                         \
  }

DEFINE_TCONV_IGRAD (1, 16)
DEFINE_TCONV_IGRAD (2, 12)
DEFINE_TCONV_IGRAD (3, 8)
DEFINE_TCONV_IGRAD (4, 6)

/* Input gradient for input pixels [m0, m1); WT is wᵀ, K×CI. */
static void
igrad_rows (float *dx, int lddx, const float *dy, int lddy, const float *wt, int h, int wd,
            int ci, int co, long m0, long m1)
{
  switch ((ci + 15) / 16)
    {
    case 1: tconv_igrad_1 (dx, lddx, dy, lddy, wt, h, wd, ci, co, m0, m1); break;
    case 2: tconv_igrad_2 (dx, lddx, dy, lddy, wt, h, wd, ci, co, m0, m1); break;
    case 3: tconv_igrad_3 (dx, lddx, dy, lddy, wt, h, wd, ci, co, m0, m1); break;
    default: tconv_igrad_4 (dx, lddx, dy, lddy, wt, h, wd, ci, co, m0, m1); break;
    }
}

/* Weight gradient of one chunk of gathered blocks blk[R][K]: dwt[c][0 … K) += Σ_p x[p][c] ·
 * blk[p][0 … K) for input channels [c0, c0 + CB). */
#define DEFINE_TCONV_WGRAD(NV, CB)                                                              \
  static void tconv_wgrad_##NV##_##CB (float *dwt, const float *blk, const float *x, int ldx,  \
                                       long r, int k, int c0)                                   \
  {                                                                                             \
    __m512 acc[CB][NV];                                                                         \
    _Pragma ("GCC unroll 8") for (int c = 0; c < CB; c++)                                       \
      _Pragma ("GCC unroll 8") for (int v = 0; v < NV; v++)                                     \
        acc[c][v] = _mm512_setzero_ps ();                                                       \
    for (long p = 0; p < r; p++)                                                                \
      {                                                                                         \
        __m512 g[NV];                                                                           \
        _Pragma ("GCC unroll 8") for (int v = 0; v < NV; v++)                                   \
          g[v] = _mm512_loadu_ps (blk + (size_t) p * k + 16 * v);                               \
        const float *xs = x + (size_t) p * ldx + c0;                                            \
        _Pragma ("GCC unroll 8") for (int c = 0; c < CB; c++)                                   \
          {                                                                                     \
            __m512 xv = _mm512_set1_ps (xs[c]);                                                 \
            _Pragma ("GCC unroll 8") for (int v = 0; v < NV; v++)                               \
              acc[c][v] = _mm512_fmadd_ps (xv, g[v], acc[c][v]);                                \
          }                                                                                     \
      }                                                                                         \
    _Pragma ("GCC unroll 8") for (int c = 0; c < CB; c++)                                       \
      _Pragma ("GCC unroll 8") for (int v = 0; v < NV; v++)                                     \
        {                                                                                       \
          float *dst = dwt + (size_t) (c0 + c) * k + 16 * v;                                    \
          _mm512_storeu_ps (dst, _mm512_add_ps (_mm512_loadu_ps (dst), acc[c][v]));             \
        }                                                                                       \
  }

DEFINE_TCONV_WGRAD (1, 8)
DEFINE_TCONV_WGRAD (2, 8)
DEFINE_TCONV_WGRAD (4, 4)
DEFINE_TCONV_WGRAD (8, 3)
DEFINE_TCONV_WGRAD (1, 1)
DEFINE_TCONV_WGRAD (2, 1)
DEFINE_TCONV_WGRAD (4, 1)
DEFINE_TCONV_WGRAD (8, 1)

/* This thread's weight gradient (overwrites DWT, CI×K) and bias sums (overwrites BACC, CO) for
 * input pixels [m0, m1), gathering 2×2 blocks of dy into BLK (BLK_FLOATS floats). */
static void
wgrad_rows (float *dwt, double *bacc, float *blk, size_t blk_floats, const float *dy, int lddy,
            const float *x, int ldx, int h, int wd, int ci, int co, long m0, long m1)
{
  int k = 4 * co, nv = k / 16;
  static const int cbs[9] = { 0, 8, 8, 0, 4, 0, 0, 0, 3 };
  int cb = cbs[nv];
  long rows = (long) (blk_floats / k);
  if (rows > 256)
    rows = 256; /* a chunk of blocks stays in L1/L2 across the channel passes */
  memset (dwt, 0, sizeof (float) * ci * k);
  for (int o = 0; o < co; o++)
    bacc[o] = 0;
  for (long m = m0; m < m1; m += rows)
    {
      long r = m1 - m < rows ? m1 - m : rows;
      float bsum[128] = { 0 };
      for (long p = 0; p < r; p++)
        for (int t = 0; t < 4; t++)
          {
            const float *src = dy + out_pixel (m + p, h, wd, t) * lddy;
            float *dst = blk + (size_t) p * k + t * co;
            for (int o = 0; o < co; o++)
              {
                dst[o] = src[o];
                bsum[o] += src[o];
              }
          }
      for (int o = 0; o < co; o++)
        bacc[o] += bsum[o];
      const float *xm = x + (size_t) m * ldx;
      int c0 = 0;
#define CASE(NV, CB)                                                                            \
  case NV:                                                                                      \
    tconv_wgrad_##NV##_##CB (dwt, blk, xm, ldx, r, k, c0);                                      \
    break;
      for (; c0 + cb <= ci; c0 += cb)
        switch (nv)
          {
            CASE (1, 8) CASE (2, 8) CASE (4, 4)
          default:
            tconv_wgrad_8_3 (dwt, blk, xm, ldx, r, k, c0);
            break;
          }
      for (; c0 < ci; c0++)
        switch (nv)
          {
            CASE (1, 1) CASE (2, 1) CASE (4, 1)
          default:
            tconv_wgrad_8_1 (dwt, blk, xm, ldx, r, k, c0);
            break;
          }
#undef CASE
    }
}

/* ---- the layer, split over the pool ---- */

typedef struct
{
  float *y, *dx, *dw;
  const float *x, *w, *b, *dy;
  int ldy, ldx, lddx, lddy;
  int n, h, wd, ci, co;
  const NnWorkspace *ws;
} TconvCtx;

static void
forward_part (void *p, int tid, int nt)
{
  const TconvCtx *c = p;
  long m0, m1;
  nn_split ((long) c->n * c->h * c->wd, tid, nt, &m0, &m1);
  forward_rows (c->y, c->ldy, c->x, c->ldx, c->w, c->b, c->h, c->wd, c->ci, c->co, m0, m1);
}

static void
direct_forward (float *y, int ldy, const float *x, int ldx, const float *w, const float *b,
                int n, int h, int wd, int ci, int co, const NnWorkspace *ws)
{
  TconvCtx c = { .y = y, .ldy = ldy, .x = x, .ldx = ldx, .w = w, .b = b, .n = n, .h = h,
                 .wd = wd, .ci = ci, .co = co, .ws = ws };
  nn_parallel (forward_part, &c, ws->threads);
}

static void
wgrad_part (void *p, int tid, int nt)
{
  const TconvCtx *c = p;
  long m0, m1;
  nn_split ((long) c->n * c->h * c->wd, tid, nt, &m0, &m1);
  float *blk = c->ws->col + (size_t) tid * c->ws->col_floats;
  float *dwt = tid == 0 ? c->dw : c->ws->wpartial + (size_t) (tid - 1) * c->ws->w_floats;
  double *acc = c->ws->bpartial + (size_t) tid * c->ws->max_channels;
  wgrad_rows (dwt, acc, blk, c->ws->col_floats, c->dy, c->lddy, c->x, c->ldx, c->h, c->wd, c->ci,
              c->co, m0, m1);
}

/* wt[k][ci] = w[ci][k], rows of K = 4·CO split over the threads: the input gradient's kernel
 * reads a row of CI weights per dy value. */
static void
transpose_part (void *p, int tid, int nt)
{
  const TconvCtx *c = p;
  long r0, r1;
  int k = 4 * c->co;
  nn_split (k, tid, nt, &r0, &r1);
  for (long r = r0; r < r1; r++)
    for (int i = 0; i < c->ci; i++)
      c->ws->wflip[(size_t) r * c->ci + i] = c->w[(size_t) i * k + r];
}

static void
igrad_part (void *p, int tid, int nt)
{
  const TconvCtx *c = p;
  long m0, m1;
  nn_split ((long) c->n * c->h * c->wd, tid, nt, &m0, &m1);
  igrad_rows (c->dx, c->lddx, c->dy, c->lddy, c->ws->wflip, c->h, c->wd, c->ci, c->co, m0, m1);
}

static void
direct_backward (float *dx, int lddx, float *dw, float *db, const float *dy, int lddy,
                 const float *x, int ldx, const float *w, int n, int h, int wd, int ci, int co,
                 const NnWorkspace *ws, NnBackwardTimes *times)
{
  TconvCtx c = { .dx = dx, .lddx = lddx, .dw = dw, .dy = dy, .lddy = lddy, .x = x, .ldx = ldx,
                 .w = w, .n = n, .h = h, .wd = wd, .ci = ci, .co = co, .ws = ws };
  double t0 = nn_now ();
  /* Bias partials are per thread of this region, so it must not exceed the bias slices. */
  int nt = nn_parallel (wgrad_part, &c, ws->threads);
  nn_reduce_weight_partials (dw, ws, (size_t) ci * 4 * co, nt);
  nn_reduce_bias_partials (db, ws, co, nt);
  double t1 = nn_now ();
  if (dx)
    {
      nn_parallel (transpose_part, &c, ws->threads);
      nn_parallel (igrad_part, &c, ws->threads);
    }
  if (times)
    {
      times->wgrad += t1 - t0;
      times->igrad += nn_now () - t1;
    }
}

/* For the layers fits () takes (nn-kernels.h). */
const NnTconv2x2Impl nn_tconv2x2_avx512 = {
  .fits = fits,
  .forward = direct_forward,
  .backward = direct_backward,
};
