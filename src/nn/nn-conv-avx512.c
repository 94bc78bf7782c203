/* nn-conv-avx512.c — direct 3×3 convolution kernels for thin layers, in AVX-512.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * For few output channels (≤ 64) im2col + sgemm is memory-bound: each pixel's 9·CI im2col row
 * is written and read again for only 2·CO FLOPs per value, and OpenBLAS runs thin N at a
 * fraction of its peak. These kernels convolve straight from three zero-padded input rows held
 * in cache, a block of pixels × CO channels in registers, bias and ReLU on the way out. The
 * input gradient is the same kernel on dy with the flipped weights (nn-conv-common.h); the
 * weight gradient keeps a block of (input channel × CO) sums in registers along each row.
 *
 * This whole file is compiled for AVX-512, and only in x86-64 builds; nothing in it runs unless
 * nn-kernels.c saw the CPU flags and chose nn_conv3x3_avx512 for a layer. No -march=native
 * anywhere. It calls only the baseline helpers of nn-conv-common.c, never the portable code.
 *
 * Shapes: x N×H×W×CI (pixel stride ldx), y N×H×W×CO (ldy), w 3×3×CI×CO. Per output row, the
 * three input rows it reads are copied into a zero-padded strip xp[3][W + PB + 2][CI] (one
 * pixel of zeros left, at least one right, rounded up to whole pixel blocks), so the inner
 * loops have no border tests. CO is covered by NV = ⌈CO/16⌉ ≤ 8 vectors, the last one masked. */
#pragma GCC target ("avx512f,avx512vl,avx512dq,fma")
#pragma GCC optimize ("O3")
/* GCC 12 warns about the unset register inside _mm512_set1_ps at O3 (a known false positive). */
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"

#include "nn-conv-common.h"
#include "nn-kernels.h"
#include "nn-threads.h"

#include <immintrin.h>
#include <string.h>

#define PB_MAX 16 /* pixel block of the forward kernel (for NV = 1) */


static size_t
strip_row_floats (int wd, int ci)
{
  /* Room for the last pixel block to run past the row, plus the two padding pixels. */
  return (size_t) (wd + PB_MAX + 2) * ci;
}

/* A thread's workspace slice holds the padded input strip, and CO fits the widest row kernel. */
static bool
fits (const NnWorkspace *ws, int wd, int ci, int co)
{
  return co <= 8 * 16 && 3 * strip_row_floats (wd, ci) <= ws->col_floats;
}

/* Three zero-padded input rows, each kept in slot (row mod 3) and tagged with the (image, row)
 * it holds, so that consecutive output rows copy one new input row each, not three. */
typedef struct
{
  float *slot[3];
  long tag[3];
} Strip;

static void
strip_init (Strip *st, float *buf, size_t rs)
{
  for (int k = 0; k < 3; k++)
    {
      st->slot[k] = buf + k * rs;
      st->tag[k] = -1;
    }
}

/* Points ROWS[ky] at input row yy + ky − 1 of image IMG, copying rows not yet in the strip;
 * rows outside the image are left out and *KY0, *KY1 bound the valid ones. */
static void
strip_rows (Strip *st, const float **rows, size_t rs, const float *x, int ldx, int img, int yy,
            int h, int wd, int ci, int *ky0, int *ky1)
{
  *ky0 = yy == 0 ? 1 : 0;
  *ky1 = yy == h - 1 ? 2 : 3;
  for (int ky = *ky0; ky < *ky1; ky++)
    {
      int row = yy + ky - 1;
      long tag = (long) img * h + row;
      int k = row % 3;
      float *dst = st->slot[k];
      rows[ky] = dst;
      if (st->tag[k] == tag)
        continue;
      st->tag[k] = tag;
      const float *src = x + (size_t) tag * wd * ldx;
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
  static void forward_row_##NV (float *y, int ldy, const float *const *rows, int ky0, int ky1,   \
                                const float *w, const float *b, int wd, int ci, int co,          \
                                bool relu, __mmask16 tail)                                      \
  {                                                                                             \
    for (int x0 = 0; x0 < wd; x0 += PB)                                                         \
      {                                                                                         \
        __m512 acc[PB][NV];                                                                     \
        _Pragma ("GCC unroll 16") for (int p = 0; p < PB; p++)                                  \
          _Pragma ("GCC unroll 8") for (int v = 0; v < NV; v++)                                 \
            acc[p][v] = _mm512_setzero_ps ();                                                   \
        for (int ky = ky0; ky < ky1; ky++)                                                      \
          for (int kx = 0; kx < 3; kx++)                                                        \
            {                                                                                   \
              const float *xr = rows[ky] + (size_t) (x0 + kx) * ci;                             \
              const float *wt = w + (size_t) (ky * 3 + kx) * ci * co;                           \
              for (int c = 0; c < ci; c++)                                                      \
                {                                                                               \
                  __m512 wv[NV];                                                                \
                  _Pragma ("GCC unroll 8") for (int v = 0; v < NV; v++)                         \
                    wv[v] = _mm512_maskz_loadu_ps (v == NV - 1 ? tail : 0xffff,                 \
                                                   wt + (size_t) c * co + 16 * v);              \
                  _Pragma ("GCC unroll 16") for (int p = 0; p < PB; p++)                        \
                    {                                                                           \
                      __m512 xb = _mm512_set1_ps (xr[(size_t) p * ci + c]);                     \
                      _Pragma ("GCC unroll 8") for (int v = 0; v < NV; v++)                     \
                        acc[p][v] = _mm512_fmadd_ps (xb, wv[v], acc[p][v]);                     \
                    }                                                                           \
                }                                                                               \
            }                                                                                   \
        __m512 bv[NV];                                                                          \
        _Pragma ("GCC unroll 8") for (int v = 0; v < NV; v++)                                   \
          bv[v] = b ? _mm512_maskz_loadu_ps (v == NV - 1 ? tail : 0xffff, b + 16 * v)           \
                    : _mm512_setzero_ps ();                                                     \
        _Pragma ("GCC unroll 16") for (int p = 0; p < PB; p++)                                  \
          {                                                                                     \
            if (x0 + p >= wd)                                                                   \
              break;                                                                            \
            _Pragma ("GCC unroll 8") for (int v = 0; v < NV; v++)                               \
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
DEFINE_FORWARD_ROW (5, 4)
DEFINE_FORWARD_ROW (6, 4)
DEFINE_FORWARD_ROW (7, 3)
DEFINE_FORWARD_ROW (8, 3)

typedef struct
{
  float *y, *dw;
  const float *x, *w, *b, *dy;
  int ldy, ldx, lddy;
  int n, h, wd, ci, co;
  bool relu;
  const NnWorkspace *ws;
  /* backward only */
  float *dym, *dx;
  const float *yc;
  int lddx, nt_partials;
  double t_a;
} DirectCtx;

static void forward_rows_pair8 (const DirectCtx *c, int tid, long r0, long r1);
static bool use_pair8 (const DirectCtx *c);

static void
forward_rows (const DirectCtx *c, int tid, long r0, long r1)
{
  if (use_pair8 (c))
    {
      forward_rows_pair8 (c, tid, r0, r1);
      return;
    }
  size_t rs = strip_row_floats (c->wd, c->ci);
  Strip st;
  strip_init (&st, c->ws->col + (size_t) tid * c->ws->col_floats, rs);
  int nv = (c->co + 15) / 16;
  __mmask16 tail = (__mmask16) (0xffffu >> (16 * nv - c->co));
  for (long r = r0; r < r1; r++)
    {
      int img = (int) (r / c->h), yy = (int) (r % c->h), ky0, ky1;
      const float *rows[3];
      strip_rows (&st, rows, rs, c->x, c->ldx, img, yy, c->h, c->wd, c->ci, &ky0, &ky1);
      float *y = c->y + (size_t) r * c->wd * c->ldy;
      switch (nv)
        {
#define CASE(NV)                                                                                \
        case NV:                                                                                \
          forward_row_##NV (y, c->ldy, rows, ky0, ky1, c->w, c->b, c->wd, c->ci, c->co, c->relu, \
                            tail);                                                              \
          break;
          CASE (1) CASE (2) CASE (3) CASE (4) CASE (5) CASE (6) CASE (7)
        default:
          forward_row_8 (y, c->ldy, rows, ky0, ky1, c->w, c->b, c->wd, c->ci, c->co, c->relu, tail);
          break;
#undef CASE
        }
    }
}

/* ---- eight output channels: two input channels per vector ----
 * With CO = 8 a vector of output channels is half empty. Instead each vector holds the
 * partial sums of 8 outputs over even input channels (lanes 0–7) and over odd ones (8–15):
 * the weights of channels c and c+1 are already adjacent (w[tap][c][0…7], w[tap][c+1][0…7]),
 * and the strip stores each input value eight times, x[c]×8 then x[c+1]×8, so both factors are
 * plain loads. The halves are added once per output pixel. Needs CI even. */

#define PAIR_PB 16

static size_t
strip8_row_floats (int wd, int ci)
{
  return (size_t) (wd + PAIR_PB + 2) * ci * 8;
}

static void
strip8_rows (Strip *st, const float **rows, size_t rs, const float *x, int ldx, int img, int yy,
             int h, int wd, int ci, int *ky0, int *ky1)
{
  *ky0 = yy == 0 ? 1 : 0;
  *ky1 = yy == h - 1 ? 2 : 3;
  for (int ky = *ky0; ky < *ky1; ky++)
    {
      int row = yy + ky - 1;
      long tag = (long) img * h + row;
      int k = row % 3;
      float *dst = st->slot[k];
      rows[ky] = dst;
      if (st->tag[k] == tag)
        continue;
      st->tag[k] = tag;
      const float *src = x + (size_t) tag * wd * ldx;
      size_t px = (size_t) ci * 8; /* floats per padded pixel */
      memset (dst, 0, sizeof (float) * px);
      for (int i = 0; i < wd; i++)
        for (int c = 0; c < ci; c++)
          _mm256_storeu_ps (dst + (i + 1) * px + (size_t) c * 8,
                            _mm256_set1_ps (src[(size_t) i * ldx + c]));
      memset (dst + (wd + 1) * px, 0, sizeof (float) * (rs - (wd + 1) * px));
    }
}

static void
forward_row_pair8 (float *y, int ldy, const float *const *rows, int ky0, int ky1,
                   const float *w, const float *b, int wd, int ci, bool relu)
{
  size_t px = (size_t) ci * 8;
  __m256 bv = b ? _mm256_loadu_ps (b) : _mm256_setzero_ps ();
  for (int x0 = 0; x0 < wd; x0 += PAIR_PB)
    {
      __m512 acc[PAIR_PB];
#pragma GCC unroll 16
      for (int p = 0; p < PAIR_PB; p++)
        acc[p] = _mm512_setzero_ps ();
      for (int ky = ky0; ky < ky1; ky++)
        for (int kx = 0; kx < 3; kx++)
          {
            const float *xr = rows[ky] + (x0 + kx) * px;
            const float *wt = w + (size_t) (ky * 3 + kx) * ci * 8;
            for (int c = 0; c < ci; c += 2)
              {
                __m512 wv = _mm512_loadu_ps (wt + (size_t) c * 8);
#pragma GCC unroll 16
                for (int p = 0; p < PAIR_PB; p++)
                  acc[p] = _mm512_fmadd_ps (_mm512_loadu_ps (xr + p * px + (size_t) c * 8), wv,
                                            acc[p]);
              }
          }
#pragma GCC unroll 16
      for (int p = 0; p < PAIR_PB; p++)
        {
          if (x0 + p >= wd)
            break;
          __m256 r = _mm256_add_ps (_mm256_add_ps (_mm512_castps512_ps256 (acc[p]),
                                                   _mm512_extractf32x8_ps (acc[p], 1)),
                                    bv);
          if (relu)
            r = _mm256_max_ps (r, _mm256_setzero_ps ());
          _mm256_storeu_ps (y + (size_t) (x0 + p) * ldy, r);
        }
    }
}

static bool
use_pair8 (const DirectCtx *c)
{
  return c->co == 8 && c->ci % 2 == 0
         && 3 * strip8_row_floats (c->wd, c->ci) <= c->ws->col_floats;
}

static void
forward_rows_pair8 (const DirectCtx *c, int tid, long r0, long r1)
{
  size_t rs = strip8_row_floats (c->wd, c->ci);
  Strip st;
  strip_init (&st, c->ws->col + (size_t) tid * c->ws->col_floats, rs);
  for (long r = r0; r < r1; r++)
    {
      int img = (int) (r / c->h), yy = (int) (r % c->h), ky0, ky1;
      const float *rows[3];
      strip8_rows (&st, rows, rs, c->x, c->ldx, img, yy, c->h, c->wd, c->ci, &ky0, &ky1);
      forward_row_pair8 (c->y + (size_t) r * c->wd * c->ldy, c->ldy, rows, ky0, ky1, c->w, c->b,
                         c->wd, c->ci, c->relu);
    }
}

static void
forward_part (void *p, int tid, int nt)
{
  const DirectCtx *c = p;
  long r0, r1;
  nn_split ((long) c->n * c->h, tid, nt, &r0, &r1);
  forward_rows (c, tid, r0, r1);
}

/* y (N×H×W×CO) = conv(x (N×H×W×CI), w 3×3×CI×CO) + b, ReLU if RELU; b may be NULL (no bias). */
static void
direct_forward (float *y, int ldy, const float *x, int ldx, const float *w, const float *b,
                int n, int h, int wd, int ci, int co, bool relu, const NnWorkspace *ws)
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
      _Pragma ("GCC unroll 8") for (int v = 0; v < NV; v++)                                     \
        acc[k][v] = _mm512_setzero_ps ();                                                       \
    for (int x = 0; x < wd; x++)                                                                \
      {                                                                                         \
        __m512 d[NV];                                                                           \
        _Pragma ("GCC unroll 8") for (int v = 0; v < NV; v++)                                   \
          d[v] = _mm512_maskz_loadu_ps (v == NV - 1 ? tail : 0xffff,                            \
                                        dy + (size_t) x * lddy + 16 * v);                       \
        const float *xs = xr + (size_t) x * ci + c0;                                            \
        _Pragma ("GCC unroll 8") for (int k = 0; k < CB; k++)                                   \
          {                                                                                     \
            __m512 xb = _mm512_set1_ps (xs[k]);                                                 \
            _Pragma ("GCC unroll 8") for (int v = 0; v < NV; v++)                               \
              acc[k][v] = _mm512_fmadd_ps (xb, d[v], acc[k][v]);                                \
          }                                                                                     \
      }                                                                                         \
    _Pragma ("GCC unroll 8") for (int k = 0; k < CB; k++)                                       \
      _Pragma ("GCC unroll 8") for (int v = 0; v < NV; v++)                                     \
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
DEFINE_WGRAD_ROW (5, 4)
DEFINE_WGRAD_ROW (6, 4)
DEFINE_WGRAD_ROW (7, 3)
DEFINE_WGRAD_ROW (8, 3)
DEFINE_WGRAD_ROW (1, 1)
DEFINE_WGRAD_ROW (2, 1)
DEFINE_WGRAD_ROW (3, 1)
DEFINE_WGRAD_ROW (4, 1)
DEFINE_WGRAD_ROW (5, 1)
DEFINE_WGRAD_ROW (6, 1)
DEFINE_WGRAD_ROW (7, 1)
DEFINE_WGRAD_ROW (8, 1)

/* One input channel (the first layer): all 9 taps' sums in registers at once, so each dy
 * vector is loaded once per pixel instead of once per tap. */
#define DEFINE_WGRAD_ROW_C1(NV)                                                                 \
  static void wgrad_row_c1_##NV (float *dwt, const float *dy, int lddy,                         \
                                 const float *const *rows, int ky0, int ky1, int wd, int co,    \
                                 __mmask16 tail)                                                \
  {                                                                                             \
    __m512 acc[9][NV];                                                                          \
    _Pragma ("GCC unroll 9") for (int t = 0; t < 9; t++)                                        \
      _Pragma ("GCC unroll 2") for (int v = 0; v < NV; v++)                                     \
        acc[t][v] = _mm512_setzero_ps ();                                                       \
    /* Invalid rows (image borders) are pointed at the middle row and their sums dropped. */    \
    const float *r0 = rows[ky0 == 0 ? 0 : 1], *r1 = rows[1], *r2 = rows[ky1 == 3 ? 2 : 1];      \
    for (int x = 0; x < wd; x++)                                                                \
      {                                                                                         \
        __m512 d[NV];                                                                           \
        _Pragma ("GCC unroll 2") for (int v = 0; v < NV; v++)                                   \
          d[v] = _mm512_maskz_loadu_ps (v == NV - 1 ? tail : 0xffff,                            \
                                        dy + (size_t) x * lddy + 16 * v);                       \
        _Pragma ("GCC unroll 3") for (int kx = 0; kx < 3; kx++)                                 \
          {                                                                                     \
            __m512 a = _mm512_set1_ps (r0[x + kx]), b = _mm512_set1_ps (r1[x + kx]);            \
            __m512 e = _mm512_set1_ps (r2[x + kx]);                                             \
            _Pragma ("GCC unroll 2") for (int v = 0; v < NV; v++)                               \
              {                                                                                 \
                acc[kx][v] = _mm512_fmadd_ps (a, d[v], acc[kx][v]);                             \
                acc[3 + kx][v] = _mm512_fmadd_ps (b, d[v], acc[3 + kx][v]);                     \
                acc[6 + kx][v] = _mm512_fmadd_ps (e, d[v], acc[6 + kx][v]);                     \
              }                                                                                 \
          }                                                                                     \
      }                                                                                         \
    /* Constant indices only (unrolled, with a test), so acc stays in registers. */            \
    _Pragma ("GCC unroll 9") for (int t = 0; t < 9; t++)                                        \
      {                                                                                         \
        if (t < 3 * ky0 || t >= 3 * ky1)                                                        \
          continue;                                                                             \
        _Pragma ("GCC unroll 2") for (int v = 0; v < NV; v++)                                   \
          {                                                                                     \
            float *dst = dwt + (size_t) t * co + 16 * v;                                        \
            __mmask16 m = v == NV - 1 ? tail : 0xffff;                                          \
            _mm512_mask_storeu_ps (dst, m,                                                      \
                                   _mm512_add_ps (_mm512_maskz_loadu_ps (m, dst), acc[t][v]));  \
          }                                                                                     \
      }                                                                                         \
  }

DEFINE_WGRAD_ROW_C1 (1)
DEFINE_WGRAD_ROW_C1 (2)

static void wgrad_rows_pair8 (const DirectCtx *c, float *dwt, int tid, long r0, long r1);
static void wgrad_rows_into (const DirectCtx *c, float *dwt, int tid, long r0, long r1);

/* Thread TID's weight-gradient sum: the layer's own for thread 0, a partial for the others. */
static float *
wgrad_target (const DirectCtx *c, int tid)
{
  return tid == 0 ? c->dw : c->ws->wpartial + (size_t) (tid - 1) * c->ws->w_floats;
}

/* Thread TID's weight gradient over rows R0 … R1 − 1, from zero. */
static void
wgrad_rows (const DirectCtx *c, int tid, long r0, long r1)
{
  float *dwt = wgrad_target (c, tid);
  memset (dwt, 0, sizeof (float) * 9 * c->ci * c->co);
  wgrad_rows_into (c, dwt, tid, r0, r1);
}

/* Adds rows R0 … R1 − 1's weight gradient into DWT, row after row. */
static void
wgrad_rows_into (const DirectCtx *c, float *dwt, int tid, long r0, long r1)
{
  if (use_pair8 (c))
    {
      wgrad_rows_pair8 (c, dwt, tid, r0, r1);
      return;
    }
  size_t rs = strip_row_floats (c->wd, c->ci);
  Strip st;
  strip_init (&st, c->ws->col + (size_t) tid * c->ws->col_floats, rs);
  int nv = (c->co + 15) / 16;
  static const int cbs[9] = { 0, 8, 8, 6, 4, 4, 4, 3, 3 };
  int cb = cbs[nv];
  __mmask16 tail = (__mmask16) (0xffffu >> (16 * nv - c->co));
  for (long r = r0; r < r1; r++)
    {
      int img = (int) (r / c->h), yy = (int) (r % c->h), ky0, ky1;
      const float *rows[3];
      strip_rows (&st, rows, rs, c->x, c->ldx, img, yy, c->h, c->wd, c->ci, &ky0, &ky1);
      const float *dy = c->dy + (size_t) r * c->wd * c->lddy;
      if (c->ci == 1 && nv <= 2)
        {
          if (nv == 1)
            wgrad_row_c1_1 (dwt, dy, c->lddy, rows, ky0, ky1, c->wd, c->co, tail);
          else
            wgrad_row_c1_2 (dwt, dy, c->lddy, rows, ky0, ky1, c->wd, c->co, tail);
          continue;
        }
      for (int ky = ky0; ky < ky1; ky++)
        for (int kx = 0; kx < 3; kx++)
          {
            const float *xr = rows[ky] + (size_t) kx * c->ci;
            float *dwtap = dwt + (size_t) (ky * 3 + kx) * c->ci * c->co;
            int c0 = 0;
            for (; c0 + cb <= c->ci; c0 += cb)
              switch (nv)
                {
#define CASE(NV, CB)                                                                            \
                case NV:                                                                        \
                  wgrad_row_##NV##_##CB (dwtap, dy, c->lddy, xr, c->wd, c->ci, c->co, c0, tail); \
                  break;
                  CASE (1, 8) CASE (2, 8) CASE (3, 6) CASE (4, 4) CASE (5, 4) CASE (6, 4)
                  CASE (7, 3)
                default:
                  wgrad_row_8_3 (dwtap, dy, c->lddy, xr, c->wd, c->ci, c->co, c0, tail);
                  break;
                }
            for (; c0 < c->ci; c0++)
              switch (nv)
                {
                  CASE (1, 1) CASE (2, 1) CASE (3, 1) CASE (4, 1) CASE (5, 1) CASE (6, 1)
                  CASE (7, 1)
                default:
                  wgrad_row_8_1 (dwtap, dy, c->lddy, xr, c->wd, c->ci, c->co, c0, tail);
                  break;
#undef CASE
                }
          }
    }
}

/* Eight output channels, CI even (see the forward above): lanes 0–7 of a sum belong to input
 * channel c, lanes 8–15 to c+1, so dwt rows c and c+1 (adjacent) are one vector; dy's eight
 * values are loaded into both halves. All CI/2 ≤ 8 pair sums of one tap stay in registers. */
static void
wgrad_rows_pair8 (const DirectCtx *c, float *dwt, int tid, long r0, long r1)
{
  size_t rs = strip8_row_floats (c->wd, c->ci), px = (size_t) c->ci * 8;
  int pairs = c->ci / 2;
  Strip st;
  strip_init (&st, c->ws->col + (size_t) tid * c->ws->col_floats, rs);
  for (long r = r0; r < r1; r++)
    {
      int img = (int) (r / c->h), yy = (int) (r % c->h), ky0, ky1;
      const float *rows[3];
      strip8_rows (&st, rows, rs, c->x, c->ldx, img, yy, c->h, c->wd, c->ci, &ky0, &ky1);
      const float *dy = c->dy + (size_t) r * c->wd * c->lddy;
      for (int ky = ky0; ky < ky1; ky++)
        for (int kx = 0; kx < 3; kx++)
          {
            float *dwtap = dwt + (size_t) (ky * 3 + kx) * c->ci * 8;
            const float *xr = rows[ky] + kx * px;
            for (int p0 = 0; p0 < pairs; p0 += 8)
              {
                int np = pairs - p0 < 8 ? pairs - p0 : 8;
                __m512 acc[8];
#pragma GCC unroll 8
                for (int k = 0; k < 8; k++)
                  acc[k] = _mm512_setzero_ps ();
                for (int x = 0; x < c->wd; x++)
                  {
                    __m512 d = _mm512_broadcast_f32x8 (_mm256_loadu_ps (dy + (size_t) x * c->lddy));
                    const float *xs = xr + x * px + (size_t) p0 * 16;
#pragma GCC unroll 8
                    for (int k = 0; k < 8; k++)
                      if (k < np)
                        acc[k] = _mm512_fmadd_ps (_mm512_loadu_ps (xs + 16 * k), d, acc[k]);
                  }
                for (int k = 0; k < np; k++)
                  {
                    float *dst = dwtap + (size_t) (p0 + k) * 16;
                    _mm512_storeu_ps (dst, _mm512_add_ps (_mm512_loadu_ps (dst), acc[k]));
                  }
              }
          }
    }
}

static void
wgrad_part (void *p, int tid, int nt)
{
  const DirectCtx *c = p;
  long r0, r1;
  nn_split ((long) c->n * c->h, tid, nt, &r0, &r1);
  wgrad_rows (c, tid, r0, r1);
}

static int
direct_wgrad (float *dw, const float *dy, int lddy, const float *x, int ldx, int n, int h,
              int wd, int ci, int co, const NnWorkspace *ws)
{
  DirectCtx c = { .dw = dw, .dy = dy, .lddy = lddy, .x = x, .ldx = ldx, .n = n, .h = h,
                  .wd = wd, .ci = ci, .co = co, .ws = ws };
  return nn_parallel (wgrad_part, &c, ws->threads);
}

/* What a chunk of masked dy rows may take: well inside a core's L2, beside the strip. */
#define MASK_CHUNK_BYTES (256 * 1024)

static long
gcd (long a, long b)
{
  while (b != 0)
    {
      long t = a % b;
      a = b;
      b = t;
    }
  return a;
}

/* Region A: each thread masks and sums its own rows of dy, adds their weight gradient into its
 * partial, and flips its share of the kernel for the input gradient. */
static void
backward_a_part (void *p, int tid, int nt)
{
  const DirectCtx *c = p;
  long r0, r1, f0, f1;
  nn_split ((long) c->n * c->h, tid, nt, &r0, &r1);
  double *acc = c->ws->bpartial + (size_t) tid * c->ws->max_channels;
  for (int o = 0; o < c->co; o++)
    acc[o] = 0;
  /* Mask and weight gradient a few rows at a time, so that the masked dy is still in cache
   * when the weight gradient reads it (at 128² and 16 channels a thread's rows are 8 MB). The
   * chunks are whole 256-pixel blocks of nn_mask_bias_rows, and both sums run in the same
   * order as over all the rows at once: the result is the same to the bit. */
  float *dwt = wgrad_target (c, tid);
  memset (dwt, 0, sizeof (float) * 9 * c->ci * c->co);
  long step = 256 / gcd (c->wd, 256);
  long fit = (long) (MASK_CHUNK_BYTES / ((size_t) c->wd * c->lddy * sizeof (float)));
  long chunk = (fit > step ? fit : step) / step * step;
  for (long q0 = r0; q0 < r1; q0 += chunk)
    {
      long q1 = q0 + chunk < r1 ? q0 + chunk : r1;
      nn_mask_bias_rows (c->dym, c->lddy, c->yc, c->ldy, c->relu, c->co, q0 * c->wd,
                         q1 * c->wd, acc);
      wgrad_rows_into (c, dwt, tid, q0, q1);
    }
  if (c->dx)
    {
      nn_split (9L * c->co, tid, nt, &f0, &f1);
      nn_flip3x3_rows (c->ws->wflip, c->w, c->ci, c->co, f0, f1);
    }
}

/* Region B: the weight-gradient partials summed (a share of the elements each), and the input
 * gradient of each thread's rows, a convolution of the masked dy with the flipped kernel. */
static void
backward_b_part (void *p, int tid, int nt)
{
  const DirectCtx *c = p;
  long i0, i1, r0, r1;
  nn_split (9L * c->ci * c->co, tid, nt, &i0, &i1);
  for (int t = 1; t < c->nt_partials; t++)
    {
      const float *part = c->ws->wpartial + (size_t) (t - 1) * c->ws->w_floats;
      for (long i = i0; i < i1; i++)
        c->dw[i] += part[i];
    }
  if (c->dx == NULL)
    return;
  DirectCtx f = { .y = c->dx, .ldy = c->lddx, .x = c->dym, .ldx = c->lddy, .w = c->ws->wflip,
                  .b = NULL, .n = c->n, .h = c->h, .wd = c->wd, .ci = c->co, .co = c->ci,
                  .relu = false, .ws = c->ws };
  nn_split ((long) c->n * c->h, tid, nt, &r0, &r1);
  forward_rows (&f, tid, r0, r1);
}

/* The whole backward of nn_conv3x3_backward in two regions instead of five: (mask, bias,
 * weight gradient, flip) then (reduce, input gradient). */
static void
direct_backward (float *dx, int lddx, float *dw, float *db, float *dy, int lddy, const float *x,
                 int ldx, const float *y, int ldy, const float *w, int n, int h, int wd, int ci,
                 int co, bool relu, const NnWorkspace *ws, NnBackwardTimes *times)
{
  DirectCtx c = { .dw = dw, .dy = dy, .dym = dy, .lddy = lddy, .x = x, .ldx = ldx, .yc = y,
                  .ldy = ldy, .w = w, .dx = dx, .lddx = lddx, .n = n, .h = h, .wd = wd,
                  .ci = ci, .co = co, .relu = relu, .ws = ws };
  double t0 = nn_now ();
  c.nt_partials = nn_parallel (backward_a_part, &c, ws->threads);
  nn_reduce_bias_partials (db, ws, co, c.nt_partials);
  double t1 = nn_now ();
  nn_parallel (backward_b_part, &c, c.nt_partials);
  if (times)
    {
      /* Region B mixes the (short) reduction into the input gradient's time. */
      times->wgrad += t1 - t0;
      times->igrad += nn_now () - t1;
    }
}

/* Forward, weight gradient and backward for the layers fits () takes (nn-kernels.h). */
const NnConv3x3Impl nn_conv3x3_avx512 = {
  .fits = fits,
  .forward = direct_forward,
  .wgrad = direct_wgrad,
  .backward = direct_backward,
};
