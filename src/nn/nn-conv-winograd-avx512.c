/* nn-conv-winograd-avx512.c — 3×3 convolution by Winograd's F(2×2, 3×3) for the wide layers,
 * in AVX-512. The default where it fits (NN_WINOGRAD=0 turns it off, nn-env.h): a quick-preset
 * comparison on the 688 pairs lands within seed noise of the direct path
 * (docs/results/precision-688).
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each 2×2 block of output pixels (a tile) comes from a 4×4 patch d of the input:
 *   y = Aᵀ [ Σ_c (G g Gᵀ) ⊙ (Bᵀ d B) ] A
 * so per tile and channel pair the 36 multiplications of the direct convolution become 16, and
 * the sum over input channels is 16 independent GEMMs, one per position ξ of the 4×4 product:
 *   M[ξ] (tiles × CO) = V[ξ] (tiles × CI) · U[ξ] (CI × CO)
 * with V = Bᵀ d B per tile and U = G g Gᵀ per kernel, run on the project's SGEMM (U packed once
 * per call, nn-gemm.h). The transforms work on 16 channels at a time, one vector each.
 * The FLOP count the benchmark reports stays that of the direct convolution, so this shows as
 * a higher rate. Its rounding differs from the direct sum's (tests/nn/test-layers.c bounds it).
 *
 * Shapes as in nn-conv.c; H and W even (any other layer runs the im2col code), CI a multiple of
 * 16, CO of 64 (fits ()). Compiled for AVX-512 in x86-64 builds only; chosen by nn-kernels.c. */
#pragma GCC target ("avx512f,avx512vl,avx512dq,fma")
#pragma GCC optimize ("O3")
/* GCC 12 warns about the unset register inside _mm512_set1_ps at O3 (a known false positive). */
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"

#include "nn-conv-common.h"
#include "nn-gemm.h"
#include "nn-kernels.h"
#include "nn-threads.h"

#include <immintrin.h>

#define XI 16 /* positions of the 4×4 transformed tile */

/* Tiles per chunk a thread's slice holds: V (16 × T × CI) and M (16 × T × CO). */
static long
chunk_tiles (const NnWorkspace *ws, int ci, int co)
{
  return (long) (ws->col_floats / ((size_t) XI * (ci + co)));
}

size_t
nn_winograd_u_floats (int ci, int co)
{
  return XI * nn_sgemm_avx512_packed_b_floats (ci, co);
}

static bool
fits (const NnWorkspace *ws, int wd, int ci, int co)
{
  return wd % 2 == 0 && ci % 16 == 0 && co % 64 == 0 && nn_has_gemm_scratch (ws)
         && ws->wino != NULL && ws->wino_floats >= nn_winograd_u_floats (ci, co)
         && chunk_tiles (ws, ci, co) >= 16;
}

/* ---- the kernel's transform: U[ξ] = G g Gᵀ, into the packed layout of each U[ξ] ---- */

typedef struct
{
  float *y;
  const float *x, *w, *b;
  int ldy, ldx, n, h, wd, ci, co;
  bool relu;
  const NnWorkspace *ws;
} WinoCtx;

static void
kernel_transform_part (void *p, int tid, int nt)
{
  const WinoCtx *c = p;
  long c0, c1;
  nn_split (c->ci, tid, nt, &c0, &c1);
  size_t ublock = nn_sgemm_avx512_packed_b_floats (c->ci, c->co);
  for (long ch = c0; ch < c1; ch++)
    for (int o = 0; o < c->co; o += 16)
      {
        __m512 g[3][3], t[4][3];
        for (int ky = 0; ky < 3; ky++)
          for (int kx = 0; kx < 3; kx++)
            g[ky][kx] = _mm512_loadu_ps (c->w + ((size_t) (ky * 3 + kx) * c->ci + ch) * c->co + o);
        const __m512 half = _mm512_set1_ps (0.5f);
        /* G g: rows g0, (g0 + g1 + g2)/2, (g0 − g1 + g2)/2, g2. */
        for (int kx = 0; kx < 3; kx++)
          {
            __m512 s = _mm512_add_ps (g[0][kx], g[2][kx]);
            t[0][kx] = g[0][kx];
            t[1][kx] = _mm512_mul_ps (half, _mm512_add_ps (s, g[1][kx]));
            t[2][kx] = _mm512_mul_ps (half, _mm512_sub_ps (s, g[1][kx]));
            t[3][kx] = g[2][kx];
          }
        size_t at = nn_sgemm_avx512_packed_b_index (c->ci, c->co, (int) ch, o);
        /* (G g) Gᵀ: the same on each row. */
        for (int i = 0; i < 4; i++)
          {
            __m512 s = _mm512_add_ps (t[i][0], t[i][2]);
            __m512 u[4] = { t[i][0], _mm512_mul_ps (half, _mm512_add_ps (s, t[i][1])),
                            _mm512_mul_ps (half, _mm512_sub_ps (s, t[i][1])), t[i][2] };
            for (int j = 0; j < 4; j++)
              _mm512_storeu_ps (c->ws->wino + (size_t) (i * 4 + j) * ublock + at, u[j]);
          }
      }
}

/* ---- per chunk of tiles: V = Bᵀ d B, the 16 GEMMs, y = Aᵀ M A ---- */

/* Tile Q of the layer: image, and the top-left output pixel (2·ty, 2·tx). */
static void
tile_origin (const WinoCtx *c, long q, long *img, int *yy, int *xx)
{
  long per_image = (long) (c->h / 2) * (c->wd / 2);
  *img = q / per_image;
  int r = (int) (q - *img * per_image);
  *yy = 2 * (r / (c->wd / 2));
  *xx = 2 * (r % (c->wd / 2));
}

static void
input_transform (const WinoCtx *c, float *v, long t, long q0, long nq)
{
  const __m512 zero = _mm512_setzero_ps ();
  for (long q = 0; q < nq; q++)
    {
      long img;
      int yy, xx;
      tile_origin (c, q0 + q, &img, &yy, &xx);
      const float *px[4][4];
      for (int i = 0; i < 4; i++)
        for (int j = 0; j < 4; j++)
          {
            int sy = yy - 1 + i, sx = xx - 1 + j;
            px[i][j] = sy < 0 || sy >= c->h || sx < 0 || sx >= c->wd
                         ? NULL
                         : c->x + (((size_t) img * c->h + sy) * c->wd + sx) * c->ldx;
          }
      for (int ch = 0; ch < c->ci; ch += 16)
        {
          __m512 d[4][4], r[4][4];
          for (int i = 0; i < 4; i++)
            for (int j = 0; j < 4; j++)
              d[i][j] = px[i][j] ? _mm512_loadu_ps (px[i][j] + ch) : zero;
          /* Bᵀ d: rows d0 − d2, d1 + d2, d2 − d1, d1 − d3. */
          for (int j = 0; j < 4; j++)
            {
              r[0][j] = _mm512_sub_ps (d[0][j], d[2][j]);
              r[1][j] = _mm512_add_ps (d[1][j], d[2][j]);
              r[2][j] = _mm512_sub_ps (d[2][j], d[1][j]);
              r[3][j] = _mm512_sub_ps (d[1][j], d[3][j]);
            }
          /* (Bᵀ d) B: the same on each row. */
          for (int i = 0; i < 4; i++)
            {
              __m512 e[4] = { _mm512_sub_ps (r[i][0], r[i][2]), _mm512_add_ps (r[i][1], r[i][2]),
                              _mm512_sub_ps (r[i][2], r[i][1]), _mm512_sub_ps (r[i][1], r[i][3]) };
              for (int j = 0; j < 4; j++)
                _mm512_storeu_ps (v + ((size_t) (i * 4 + j) * t + q) * c->ci + ch, e[j]);
            }
        }
    }
}

static void
output_transform (const WinoCtx *c, const float *m, long t, long q0, long nq)
{
  for (long q = 0; q < nq; q++)
    {
      long img;
      int yy, xx;
      tile_origin (c, q0 + q, &img, &yy, &xx);
      float *y0 = c->y + (((size_t) img * c->h + yy) * c->wd + xx) * c->ldy;
      float *y1 = y0 + (size_t) c->wd * c->ldy;
      for (int o = 0; o < c->co; o += 16)
        {
          __m512 s[2][4];
          for (int j = 0; j < 4; j++)
            {
              __m512 a0 = _mm512_loadu_ps (m + ((size_t) (0 * 4 + j) * t + q) * c->co + o);
              __m512 a1 = _mm512_loadu_ps (m + ((size_t) (1 * 4 + j) * t + q) * c->co + o);
              __m512 a2 = _mm512_loadu_ps (m + ((size_t) (2 * 4 + j) * t + q) * c->co + o);
              __m512 a3 = _mm512_loadu_ps (m + ((size_t) (3 * 4 + j) * t + q) * c->co + o);
              /* Aᵀ m: rows m0 + m1 + m2, m1 − m2 − m3. */
              s[0][j] = _mm512_add_ps (_mm512_add_ps (a0, a1), a2);
              s[1][j] = _mm512_sub_ps (_mm512_sub_ps (a1, a2), a3);
            }
          __m512 bv = c->b ? _mm512_loadu_ps (c->b + o) : _mm512_setzero_ps ();
          float *rows[2] = { y0, y1 };
          for (int i = 0; i < 2; i++)
            {
              __m512 e0 = _mm512_add_ps (_mm512_add_ps (s[i][0], s[i][1]), s[i][2]);
              __m512 e1 = _mm512_sub_ps (_mm512_sub_ps (s[i][1], s[i][2]), s[i][3]);
              e0 = _mm512_add_ps (e0, bv);
              e1 = _mm512_add_ps (e1, bv);
              if (c->relu)
                {
                  e0 = _mm512_max_ps (e0, _mm512_setzero_ps ());
                  e1 = _mm512_max_ps (e1, _mm512_setzero_ps ());
                }
              _mm512_storeu_ps (rows[i] + o, e0);
              _mm512_storeu_ps (rows[i] + c->ldy + o, e1);
            }
        }
    }
}

static void
tiles_part (void *p, int tid, int nt)
{
  const WinoCtx *c = p;
  long q0, q1;
  nn_split ((long) c->n * (c->h / 2) * (c->wd / 2), tid, nt, &q0, &q1);
  long t = chunk_tiles (c->ws, c->ci, c->co);
  float *v = c->ws->col + (size_t) tid * c->ws->col_floats, *m = v + (size_t) XI * t * c->ci;
  float *pack = nn_pack_slice (c->ws, tid);
  size_t ublock = nn_sgemm_avx512_packed_b_floats (c->ci, c->co);
  for (long q = q0; q < q1; q += t)
    {
      long nq = q1 - q < t ? q1 - q : t;
      input_transform (c, v, t, q, nq);
      for (int xi = 0; xi < XI; xi++)
        nn_sgemm_avx512_packed (false, (int) nq, c->co, c->ci, v + (size_t) xi * t * c->ci, c->ci,
                                c->ws->wino + (size_t) xi * ublock, false,
                                m + (size_t) xi * t * c->co, c->co, pack);
      output_transform (c, m, t, q, nq);
    }
}

static void
winograd_forward (float *y, int ldy, const float *x, int ldx, const float *w, const float *b,
                  int n, int h, int wd, int ci, int co, bool relu, const NnWorkspace *ws)
{
  if (h % 2 != 0 || wd % 2 != 0)
    {
      /* fits () saw the width only. */
      nn_conv3x3_im2col_avx512.forward (y, ldy, x, ldx, w, b, n, h, wd, ci, co, relu, ws);
      return;
    }
  WinoCtx c = { .y = y, .x = x, .w = w, .b = b, .ldy = ldy, .ldx = ldx, .n = n, .h = h,
                .wd = wd, .ci = ci, .co = co, .relu = relu, .ws = ws };
  nn_parallel (kernel_transform_part, &c, ws->threads);
  nn_parallel (tiles_part, &c, ws->threads);
}

/* The weight gradient stays im2col's: Winograd's pays there only with far larger tiles. */
static int
winograd_wgrad (float *dw, const float *dy, int lddy, const float *x, int ldx, int n, int h,
                int wd, int ci, int co, const NnWorkspace *ws)
{
  return nn_conv3x3_im2col_avx512.wgrad (dw, dy, lddy, x, ldx, n, h, wd, ci, co, ws);
}

const NnConv3x3Impl nn_conv3x3_winograd_avx512 = {
  .fits = fits,
  .forward = winograd_forward,
  .wgrad = winograd_wgrad,
  .backward = NULL,
};

/* In a bf16 network: the same forward (Winograd's, FP32: at these shapes it beats the bf16
 * GEMM), and the weight gradient on the bf16 GEMM. */
static int
winograd_bf16_wgrad (float *dw, const float *dy, int lddy, const float *x, int ldx, int n, int h,
                     int wd, int ci, int co, const NnWorkspace *ws)
{
  return nn_conv3x3_im2col_bf16.wgrad (dw, dy, lddy, x, ldx, n, h, wd, ci, co, ws);
}

static bool
fits_bf16 (const NnWorkspace *ws, int wd, int ci, int co)
{
  return fits (ws, wd, ci, co) && nn_conv3x3_im2col_bf16.fits (ws, wd, ci, co);
}

const NnConv3x3Impl nn_conv3x3_winograd_bf16 = {
  .fits = fits_bf16,
  .forward = winograd_forward,
  .wgrad = winograd_bf16_wgrad,
  .backward = NULL,
};
