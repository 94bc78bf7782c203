/* nn-conv-avx512.c — direct 3×3 convolution kernels (forward and weight gradient) in AVX-512.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * This whole file is compiled for AVX-512; nothing in it runs unless nn_conv_avx512_usable ()
 * (in nn-conv.c, compiled for the baseline) saw the CPU flags. No -march=native anywhere.
 *
 * Shapes: x N×H×W×CI (pixel stride ldx), y N×H×W×CO (ldy), w 3×3×CI×CO. Per output row, the
 * three input rows it reads are copied into a zero-padded strip xp[3][W + PB + 2][CI] (one
 * pixel of zeros left, at least one right, rounded up to whole pixel blocks), so the inner
 * loops have no border tests. CO is covered by NV = ⌈CO/16⌉ vectors, the last one masked. */
#pragma GCC target ("avx512f,avx512vl,avx512dq,fma")
#pragma GCC optimize ("O3")

#include "nn-conv-avx512.h"
#include "nn-threads.h"

#include <immintrin.h>
#include <stdlib.h>
#include <string.h>

#define PB_MAX 16 /* pixel block of the forward kernel (for NV = 1) */


/* Copies input rows yy−1 … yy+1 of image IMG into the padded strip; rows outside the image are
 * not copied, and *KY0, *KY1 bound the valid ones. */
static void
fill_strip (float *xp, size_t rs, const float *x, int ldx, int img, int yy, int h, int wd, int ci,
            int *ky0, int *ky1)
{
  *ky0 = yy == 0 ? 1 : 0;
  *ky1 = yy == h - 1 ? 2 : 3;
  for (int ky = *ky0; ky < *ky1; ky++)
    {
      const float *src = x + ((size_t) img * h + yy + ky - 1) * wd * ldx;
      float *dst = xp + ky * rs;
      memset (dst, 0, sizeof (float) * ci);
      if (ldx == ci)
        memcpy (dst + ci, src, sizeof (float) * ci * wd);
      else
        for (int i = 0; i < wd; i++)
          memcpy (dst + (size_t) (i + 1) * ci, src + (size_t) i * ldx, sizeof (float) * ci);
      memset (dst + (size_t) (wd + 1) * ci, 0, sizeof (float) * (rs - (size_t) (wd + 1) * ci));
    }
}

/* One output row: PB pixels × NV vectors of accumulators per block. */
#define DEFINE_FORWARD_ROW(NV, PB)                                                              \
  static void forward_row_##NV (float *y, int ldy, const float *xp, size_t rs, int ky0, int ky1, \
                                const float *w, const float *b, int wd, int ci, int co,          \
                                bool relu, __mmask16 tail)                                      \
  {                                                                                             \
    for (int x0 = 0; x0 < wd; x0 += PB)                                                         \
      {                                                                                         \
        __m512 acc[PB][NV];                                                                     \
        _Pragma ("GCC unroll 16") for (int p = 0; p < PB; p++)                                  \
          _Pragma ("GCC unroll 4") for (int v = 0; v < NV; v++)                                 \
            acc[p][v] = _mm512_setzero_ps ();                                                   \
        for (int ky = ky0; ky < ky1; ky++)                                                      \
          for (int kx = 0; kx < 3; kx++)                                                        \
            {                                                                                   \
              const float *xr = xp + ky * rs + (size_t) (x0 + kx) * ci;                         \
              const float *wt = w + (size_t) (ky * 3 + kx) * ci * co;                           \
              for (int c = 0; c < ci; c++)                                                      \
                {                                                                               \
                  __m512 wv[NV];                                                                \
                  _Pragma ("GCC unroll 4") for (int v = 0; v < NV; v++)                         \
                    wv[v] = _mm512_maskz_loadu_ps (v == NV - 1 ? tail : 0xffff,                 \
                                                   wt + (size_t) c * co + 16 * v);              \
                  _Pragma ("GCC unroll 16") for (int p = 0; p < PB; p++)                        \
                    {                                                                           \
                      __m512 xb = _mm512_set1_ps (xr[(size_t) p * ci + c]);                     \
                      _Pragma ("GCC unroll 4") for (int v = 0; v < NV; v++)                     \
                        acc[p][v] = _mm512_fmadd_ps (xb, wv[v], acc[p][v]);                     \
                    }                                                                           \
                }                                                                               \
            }                                                                                   \
        __m512 bv[NV];                                                                          \
        _Pragma ("GCC unroll 4") for (int v = 0; v < NV; v++)                                   \
          bv[v] = b ? _mm512_maskz_loadu_ps (v == NV - 1 ? tail : 0xffff, b + 16 * v)           \
                    : _mm512_setzero_ps ();                                                     \
        _Pragma ("GCC unroll 16") for (int p = 0; p < PB; p++)                                  \
          {                                                                                     \
            if (x0 + p >= wd)                                                                   \
              break;                                                                            \
            _Pragma ("GCC unroll 4") for (int v = 0; v < NV; v++)                               \
              {                                                                                 \
                __m512 r = _mm512_add_ps (acc[p][v], bv[v]);                                    \
                if (relu)                                                                       \
                  r = _mm512_max_ps (r, _mm512_setzero_ps ());                                  \
                _mm512_mask_storeu_ps (y + (size_t) (x0 + p) * ldy + 16 * v,                    \
                                       v == NV - 1 ? tail : 0xffff, r);                         \
              }                                                                                 \
          }                                                                                     \
      }                                                                                         \
  }

DEFINE_FORWARD_ROW (1, 16)
DEFINE_FORWARD_ROW (2, 12)
DEFINE_FORWARD_ROW (3, 8)
DEFINE_FORWARD_ROW (4, 6)

typedef struct
{
  float *y, *dw;
  const float *x, *w, *b, *dy;
  int ldy, ldx, lddy;
  int n, h, wd, ci, co;
  bool relu;
  const NnWorkspace *ws;
} DirectCtx;

static size_t
strip_row_floats (int wd, int ci)
{
  /* Room for the last pixel block to run past the row, plus the two padding pixels. */
  return (size_t) (wd + PB_MAX + 2) * ci;
}

static void
forward_part (void *p, int tid, int nt)
{
  const DirectCtx *c = p;
  long r0, r1;
  nn_split ((long) c->n * c->h, tid, nt, &r0, &r1);
  size_t rs = strip_row_floats (c->wd, c->ci);
  float *xp = c->ws->col + (size_t) tid * c->ws->col_floats;
  int nv = (c->co + 15) / 16;
  __mmask16 tail = (__mmask16) (0xffffu >> (16 * nv - c->co));
  for (long r = r0; r < r1; r++)
    {
      int img = (int) (r / c->h), yy = (int) (r % c->h), ky0, ky1;
      fill_strip (xp, rs, c->x, c->ldx, img, yy, c->h, c->wd, c->ci, &ky0, &ky1);
      float *y = c->y + (size_t) r * c->wd * c->ldy;
      switch (nv)
        {
        case 1:
          forward_row_1 (y, c->ldy, xp, rs, ky0, ky1, c->w, c->b, c->wd, c->ci, c->co, c->relu, tail);
          break;
        case 2:
          forward_row_2 (y, c->ldy, xp, rs, ky0, ky1, c->w, c->b, c->wd, c->ci, c->co, c->relu, tail);
          break;
        case 3:
          forward_row_3 (y, c->ldy, xp, rs, ky0, ky1, c->w, c->b, c->wd, c->ci, c->co, c->relu, tail);
          break;
        default:
          forward_row_4 (y, c->ldy, xp, rs, ky0, ky1, c->w, c->b, c->wd, c->ci, c->co, c->relu, tail);
          break;
        }
    }
}

void
nn_conv3x3_avx512_forward (float *y, int ldy, const float *x, int ldx, const float *w,
                           const float *b, int n, int h, int wd, int ci, int co, bool relu,
                           const NnWorkspace *ws)
{
  DirectCtx c = { .y = y, .ldy = ldy, .x = x, .ldx = ldx, .w = w, .b = b, .n = n, .h = h,
                  .wd = wd, .ci = ci, .co = co, .relu = relu, .ws = ws };
  nn_parallel (forward_part, &c, ws->threads);
}

/* Weight gradient along one output row, for input channels [c0, c0 + CB) of one tap:
 * CB × NV sums in registers over the row's pixels, then added into dwt. */
#define DEFINE_WGRAD_ROW(NV, CB)                                                                \
  static void wgrad_row_##NV##_##CB (float *dwt, const float *dy, int lddy, const float *xr,    \
                                     int wd, int ci, int co, int c0, __mmask16 tail)            \
  {                                                                                             \
    __m512 acc[CB][NV];                                                                         \
    _Pragma ("GCC unroll 8") for (int k = 0; k < CB; k++)                                       \
      _Pragma ("GCC unroll 4") for (int v = 0; v < NV; v++)                                     \
        acc[k][v] = _mm512_setzero_ps ();                                                       \
    for (int x = 0; x < wd; x++)                                                                \
      {                                                                                         \
        __m512 d[NV];                                                                           \
        _Pragma ("GCC unroll 4") for (int v = 0; v < NV; v++)                                   \
          d[v] = _mm512_maskz_loadu_ps (v == NV - 1 ? tail : 0xffff,                            \
                                        dy + (size_t) x * lddy + 16 * v);                       \
        const float *xs = xr + (size_t) x * ci + c0;                                            \
        _Pragma ("GCC unroll 8") for (int k = 0; k < CB; k++)                                   \
          {                                                                                     \
            __m512 xb = _mm512_set1_ps (xs[k]);                                                 \
            _Pragma ("GCC unroll 4") for (int v = 0; v < NV; v++)                               \
              acc[k][v] = _mm512_fmadd_ps (xb, d[v], acc[k][v]);                                \
          }                                                                                     \
      }                                                                                         \
    _Pragma ("GCC unroll 8") for (int k = 0; k < CB; k++)                                       \
      _Pragma ("GCC unroll 4") for (int v = 0; v < NV; v++)                                     \
        {                                                                                       \
          float *dst = dwt + (size_t) (c0 + k) * co + 16 * v;                                   \
          __mmask16 m = v == NV - 1 ? tail : 0xffff;                                            \
          _mm512_mask_storeu_ps (dst, m,                                                        \
                                 _mm512_add_ps (_mm512_maskz_loadu_ps (m, dst), acc[k][v]));    \
        }                                                                                       \
  }

DEFINE_WGRAD_ROW (1, 8)
DEFINE_WGRAD_ROW (2, 8)
DEFINE_WGRAD_ROW (3, 6)
DEFINE_WGRAD_ROW (4, 4)
DEFINE_WGRAD_ROW (1, 1)
DEFINE_WGRAD_ROW (2, 1)
DEFINE_WGRAD_ROW (3, 1)
DEFINE_WGRAD_ROW (4, 1)

static void
wgrad_part (void *p, int tid, int nt)
{
  const DirectCtx *c = p;
  long r0, r1;
  nn_split ((long) c->n * c->h, tid, nt, &r0, &r1);
  size_t rs = strip_row_floats (c->wd, c->ci);
  float *xp = c->ws->col + (size_t) tid * c->ws->col_floats;
  float *dwt = tid == 0 ? c->dw : c->ws->wpartial + (size_t) (tid - 1) * c->ws->w_floats;
  int nv = (c->co + 15) / 16;
  static const int cbs[5] = { 0, 8, 8, 6, 4 };
  int cb = cbs[nv];
  __mmask16 tail = (__mmask16) (0xffffu >> (16 * nv - c->co));
  memset (dwt, 0, sizeof (float) * 9 * c->ci * c->co);
  for (long r = r0; r < r1; r++)
    {
      int img = (int) (r / c->h), yy = (int) (r % c->h), ky0, ky1;
      fill_strip (xp, rs, c->x, c->ldx, img, yy, c->h, c->wd, c->ci, &ky0, &ky1);
      const float *dy = c->dy + (size_t) r * c->wd * c->lddy;
      for (int ky = ky0; ky < ky1; ky++)
        for (int kx = 0; kx < 3; kx++)
          {
            const float *xr = xp + ky * rs + (size_t) kx * c->ci;
            float *dwtap = dwt + (size_t) (ky * 3 + kx) * c->ci * c->co;
            int c0 = 0;
            for (; c0 + cb <= c->ci; c0 += cb)
              switch (nv)
                {
                case 1: wgrad_row_1_8 (dwtap, dy, c->lddy, xr, c->wd, c->ci, c->co, c0, tail); break;
                case 2: wgrad_row_2_8 (dwtap, dy, c->lddy, xr, c->wd, c->ci, c->co, c0, tail); break;
                case 3: wgrad_row_3_6 (dwtap, dy, c->lddy, xr, c->wd, c->ci, c->co, c0, tail); break;
                default: wgrad_row_4_4 (dwtap, dy, c->lddy, xr, c->wd, c->ci, c->co, c0, tail); break;
                }
            for (; c0 < c->ci; c0++)
              switch (nv)
                {
                case 1: wgrad_row_1_1 (dwtap, dy, c->lddy, xr, c->wd, c->ci, c->co, c0, tail); break;
                case 2: wgrad_row_2_1 (dwtap, dy, c->lddy, xr, c->wd, c->ci, c->co, c0, tail); break;
                case 3: wgrad_row_3_1 (dwtap, dy, c->lddy, xr, c->wd, c->ci, c->co, c0, tail); break;
                default: wgrad_row_4_1 (dwtap, dy, c->lddy, xr, c->wd, c->ci, c->co, c0, tail); break;
                }
          }
    }
}

int
nn_conv3x3_avx512_wgrad (float *dw, const float *dy, int lddy, const float *x, int ldx, int n,
                         int h, int wd, int ci, int co, const NnWorkspace *ws)
{
  DirectCtx c = { .dw = dw, .dy = dy, .lddy = lddy, .x = x, .ldx = ldx, .n = n, .h = h,
                  .wd = wd, .ci = ci, .co = co, .ws = ws };
  return nn_parallel (wgrad_part, &c, ws->threads);
}
