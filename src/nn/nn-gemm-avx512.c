/* nn-gemm-avx512.c — the project's single-threaded SGEMM for the wide layers, in AVX-512.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Why not OpenBLAS for these: Debian's picks its kernels by CPU model when it loads, and where
 * it does not know the CPU, or the environment forces older kernels (OPENBLAS_CORETYPE=Haswell
 * on an AVX-512 machine), the wide layers run at half of what the core does. One blocked GEMM
 * with a register tile sized for AVX-512 runs them near the core's peak on every such machine.
 *
 * The scheme is the usual one (Goto's): op(B) in blocks of KC rows × NC columns, packed once per
 * block into NR-wide panels (contiguous, so a panel's rows are whole cache lines and stay in
 * L1/L2 while the rows of op(A) stream past); op(A) read in place, MR rows at a time, each value
 * broadcast; the MR × NR tile of C in 24 zmm registers across the block's KC steps, added into C
 * once per block. Only a last partial group of rows of op(A) is copied, padded with zeros.
 *
 * Compiled for AVX-512 in x86-64 builds only; runs only where nn-kernels.c saw the CPU flags
 * and chose an implementation that calls it. */
#pragma GCC target ("avx512f,avx512vl,avx512dq,fma")
#pragma GCC optimize ("O3")
/* GCC 12 warns about the unset register inside the masked-load intrinsics (a false positive). */
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"

#include "nn-gemm.h"

#include <immintrin.h>
#include <string.h>

#define MR 6   /* rows of the register tile */
#define NR 64  /* its columns: four vectors */
#define KC 256 /* rows of op(B) per packed block: a panel is KC × NR floats = 64 KB */
#define NC 512 /* columns per packed block: the block is 512 KB, inside a core's L2 */
#define MC 96  /* rows of op(A) that cycle past each panel before the next panel is taken */

size_t
nn_sgemm_avx512_pack_floats (void)
{
  return (size_t) KC * NC + (size_t) KC * MR;
}

/* C[ROWS × 16·NVEC] (+)= A · B over KC steps, the last vector masked by LAST: element (r, p)
 * of A at a[r·RS + p·CS], row p of B at b + p·NR. Always inlined, so each caller's strides
 * fold into its addressing. */
static inline __attribute__ ((always_inline)) void
tile (int kc, const float *a, long rs, long cs, const float *restrict b, float *c, int ldc,
      int rows, int nvec, __mmask16 last, bool accumulate)
{
  __m512 c00, c01, c02, c03, c10, c11, c12, c13, c20, c21, c22, c23;
  __m512 c30, c31, c32, c33, c40, c41, c42, c43, c50, c51, c52, c53;
  c00 = c01 = c02 = c03 = c10 = c11 = c12 = c13 = c20 = c21 = c22 = c23 = _mm512_setzero_ps ();
  c30 = c31 = c32 = c33 = c40 = c41 = c42 = c43 = c50 = c51 = c52 = c53 = _mm512_setzero_ps ();
  for (int p = 0; p < kc; p++)
    {
      __m512 b0 = _mm512_loadu_ps (b), b1 = _mm512_loadu_ps (b + 16);
      __m512 b2 = _mm512_loadu_ps (b + 32), b3 = _mm512_loadu_ps (b + 48);
      __m512 x;
#define ROW(R)                                                                                  \
  x = _mm512_set1_ps (a[(R) * rs]);                                                             \
  c##R##0 = _mm512_fmadd_ps (x, b0, c##R##0);                                                   \
  c##R##1 = _mm512_fmadd_ps (x, b1, c##R##1);                                                   \
  c##R##2 = _mm512_fmadd_ps (x, b2, c##R##2);                                                   \
  c##R##3 = _mm512_fmadd_ps (x, b3, c##R##3);
      ROW (0) ROW (1) ROW (2) ROW (3) ROW (4) ROW (5)
#undef ROW
      a += cs;
      b += NR;
    }
  const __m512 sums[MR][4] = { { c00, c01, c02, c03 }, { c10, c11, c12, c13 },
                               { c20, c21, c22, c23 }, { c30, c31, c32, c33 },
                               { c40, c41, c42, c43 }, { c50, c51, c52, c53 } };
  for (int r = 0; r < rows; r++)
    for (int v = 0; v < nvec; v++)
      {
        __mmask16 m = v == nvec - 1 ? last : 0xffff;
        float *dst = c + (size_t) r * ldc + 16 * v;
        __m512 s = sums[r][v];
        if (accumulate)
          s = _mm512_add_ps (s, _mm512_maskz_loadu_ps (m, dst));
        _mm512_mask_storeu_ps (dst, m, s);
      }
}

/* Rows [p0, p0 + KC) × columns [j0, j0 + NC) of op(B) into NR-wide panels, each KC × NR,
 * columns past the matrix zero. */
static void
pack_b (float *restrict dst, bool trans_b, const float *b, int ldb, int p0, int kc, int j0,
        int nc)
{
  for (int jr = 0; jr < nc; jr += NR, dst += (size_t) KC * NR)
    {
      int cols = nc - jr < NR ? nc - jr : NR;
      if (!trans_b)
        {
          __mmask64 valid = cols == 64 ? ~(__mmask64) 0 : ((__mmask64) 1 << cols) - 1;
          for (int p = 0; p < kc; p++)
            {
              const float *src = b + (size_t) (p0 + p) * ldb + j0 + jr;
              for (int v = 0; v < 4; v++)
                _mm512_storeu_ps (dst + (size_t) p * NR + 16 * v,
                                  _mm512_maskz_loadu_ps ((__mmask16) (valid >> (16 * v)),
                                                         src + 16 * v));
            }
        }
      else
        {
          /* op(B)[p][j] = B[j][p]: read each stored row once, write it down a panel column. */
          for (int j = 0; j < cols; j++)
            {
              const float *src = b + (size_t) (j0 + jr + j) * ldb + p0;
              for (int p = 0; p < kc; p++)
                dst[(size_t) p * NR + j] = src[p];
            }
          for (int p = 0; p < kc && cols < NR; p++)
            memset (dst + (size_t) p * NR + cols, 0, sizeof (float) * (NR - cols));
        }
    }
}

/* The last ROWS < MR rows of op(A) from row i0, steps [p0, p0 + kc), into DST[p][0 … MR), the
 * missing rows zero. */
static void
copy_a_tail (float *restrict dst, bool trans_a, const float *a, int lda, int i0, int rows,
             int p0, int kc)
{
  for (int p = 0; p < kc; p++)
    for (int r = 0; r < MR; r++)
      dst[(size_t) p * MR + r]
        = r >= rows ? 0.0f
          : trans_a ? a[(size_t) (p0 + p) * lda + i0 + r]
                    : a[(size_t) (i0 + r) * lda + p0 + p];
}

/* C[:, j0 … j0 + nc) (+)= op(A)[:, p0 … p0 + kc) · the packed block BPACK of op(B). */
static void
multiply_block (bool trans_a, int m, const float *a, int lda, const float *bpack, int j0, int nc,
                int p0, int kc, bool acc, float *c, int ldc, float *atail)
{
  /* Where element (r, p) of a group of rows starting at row i, step p0, lives. */
  long rs = trans_a ? 1 : lda, cs = trans_a ? lda : 1;
  for (int i0 = 0; i0 < m; i0 += MC)
    {
      int mc = m - i0 < MC ? m - i0 : MC;
      int full = mc / MR * MR;
      if (full < mc)
        copy_a_tail (atail, trans_a, a, lda, i0 + full, mc - full, p0, kc);
      for (int jr = 0; jr < nc; jr += NR)
        {
          int cols = nc - jr < NR ? nc - jr : NR, nvec = (cols + 15) / 16;
          __mmask16 last = (__mmask16) (0xffffu >> (16 * nvec - cols));
          const float *bp = bpack + (size_t) jr * KC;
          float *cj = c + (size_t) i0 * ldc + j0 + jr;
          for (int ir = 0; ir < full; ir += MR)
            tile (kc, a + (size_t) (i0 + ir) * rs + (size_t) p0 * cs, rs, cs, bp,
                  cj + (size_t) ir * ldc, ldc, MR, nvec, last, acc);
          if (full < mc)
            tile (kc, atail, 1, MR, bp, cj + (size_t) full * ldc, ldc, mc - full, nvec, last,
                  acc);
        }
    }
}

/* C = 0, or left alone when accumulating: the product of an empty K. */
static void
clear_unless (bool accumulate, int m, int n, float *c, int ldc)
{
  if (!accumulate)
    for (int i = 0; i < m; i++)
      memset (c + (size_t) i * ldc, 0, sizeof (float) * n);
}

void
nn_sgemm_avx512 (bool trans_a, bool trans_b, int m, int n, int k, const float *a, int lda,
                 const float *b, int ldb, bool accumulate, float *c, int ldc, float *pack)
{
  if (m <= 0 || n <= 0)
    return;
  if (k <= 0)
    {
      clear_unless (accumulate, m, n, c, ldc);
      return;
    }
  float *bpack = pack, *atail = pack + (size_t) KC * NC;
  for (int j0 = 0; j0 < n; j0 += NC)
    {
      int nc = n - j0 < NC ? n - j0 : NC;
      for (int p0 = 0; p0 < k; p0 += KC)
        {
          int kc = k - p0 < KC ? k - p0 : KC;
          pack_b (bpack, trans_b, b, ldb, p0, kc, j0, nc);
          multiply_block (trans_a, m, a, lda, bpack, j0, nc, p0, kc, accumulate || p0 > 0, c,
                          ldc, atail);
        }
    }
}

/* ---- op(B) packed once, for a B that many products share ----
 * The blocks of nn_sgemm_avx512 one after the other: column blocks of NC outside, blocks of
 * KC rows inside, each ⌈nc/NR⌉ panels of KC × NR. */

size_t
nn_sgemm_avx512_packed_b_floats (int k, int n)
{
  return (size_t) ((k + KC - 1) / KC) * ((n + NR - 1) / NR) * KC * NR;
}

size_t
nn_sgemm_avx512_packed_b_index (int k, int n, int p, int j)
{
  int kblocks = (k + KC - 1) / KC;
  int j0 = j / NC * NC, nc = n - j0 < NC ? n - j0 : NC, panels = (nc + NR - 1) / NR;
  int p0 = p / KC * KC;
  return (size_t) kblocks * (j0 / NR) * KC * NR + (size_t) (p0 / KC) * panels * KC * NR
         + (size_t) ((j - j0) / NR) * KC * NR + (size_t) (p - p0) * NR + (j % NR);
}

void
nn_sgemm_avx512_pack_b (bool trans_b, int k, int n, const float *b, int ldb, float *packed)
{
  for (int j0 = 0; j0 < n; j0 += NC)
    {
      int nc = n - j0 < NC ? n - j0 : NC;
      for (int p0 = 0; p0 < k; p0 += KC, packed += (size_t) ((nc + NR - 1) / NR) * KC * NR)
        pack_b (packed, trans_b, b, ldb, p0, k - p0 < KC ? k - p0 : KC, j0, nc);
    }
}

void
nn_sgemm_avx512_packed (bool trans_a, int m, int n, int k, const float *a, int lda,
                        const float *packed_b, bool accumulate, float *c, int ldc, float *pack)
{
  if (m <= 0 || n <= 0)
    return;
  if (k <= 0)
    {
      clear_unless (accumulate, m, n, c, ldc);
      return;
    }
  int kblocks = (k + KC - 1) / KC;
  for (int j0 = 0; j0 < n; j0 += NC)
    {
      int nc = n - j0 < NC ? n - j0 : NC, panels = (nc + NR - 1) / NR;
      /* The column blocks before j0 are whole: NC / NR panels each. */
      const float *block = packed_b + (size_t) kblocks * (j0 / NR) * KC * NR;
      for (int p0 = 0; p0 < k; p0 += KC, block += (size_t) panels * KC * NR)
        multiply_block (trans_a, m, a, lda, block, j0, nc, p0, k - p0 < KC ? k - p0 : KC,
                        accumulate || p0 > 0, c, ldc, pack + (size_t) KC * NC);
    }
}
