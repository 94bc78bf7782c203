/* nn-gemm-bf16-avx512.c — the wide layers' GEMM in bf16 with FP32 sums (AVX-512 BF16).
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * vdpbf16ps multiplies pairs of bf16 values and adds both products into an FP32 lane: twice
 * the multiply-adds of an FP32 FMA per instruction. So the blocking is that of the FP32 GEMM
 * (nn-gemm-avx512.c), with two differences:
 *   - both operands are packed, rounded to bf16 (to nearest, ties to even) two steps at a
 *     time: a 32-bit word holds the values of steps p and p + 1, which is what vdpbf16ps pairs;
 *   - op(A) is packed too (one MC-row block per KC steps, reused across every panel of B), since
 *     its values must be rounded and paired before they can be broadcast.
 * C stays FP32 and is read and written as the FP32 GEMM does; an odd K gets a zero partner.
 *
 * Compiled for AVX-512 BF16 in x86-64 builds only; runs only where nn-kernels.c saw the CPU
 * flag and the network asked for bf16. */
#pragma GCC target ("avx512f,avx512vl,avx512bw,avx512dq,avx512bf16,fma")
#pragma GCC optimize ("O3")
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"

#include "nn-gemm.h"

#include <immintrin.h>
#include <stdint.h>
#include <string.h>

#define MR 6    /* rows of the register tile */
#define NR 64   /* its columns: four vectors */
#define KC 256  /* steps of op(B) per packed block: 128 pair-words per panel column */
#define KP (KC / 2)
#define NC 512  /* columns per packed block: 128 × 512 words = 256 KB */
#define MC 96   /* rows of op(A) packed at a time: 16 groups of MR */

size_t
nn_sgemm_bf16_pack_floats (void)
{
  /* 32-bit words, counted as floats: a block of op(B) and a block of op(A). */
  return (size_t) KP * NC + (size_t) KP * MC;
}

/* 16 pair-words from two runs of 16 floats: word j holds (LO[j], HI[j]) rounded to bf16, LO
 * in the low half. MASK marks the valid floats; the rest count as zero. */
static inline __m512i
pair_across (const float *lo, const float *hi, __mmask16 mask)
{
  static const uint16_t order[32] = { 0, 16, 1, 17, 2, 18, 3, 19, 4, 20, 5, 21, 6, 22, 7, 23,
                                      8, 24, 9, 25, 10, 26, 11, 27, 12, 28, 13, 29, 14, 30, 15,
                                      31 };
  __m512 l = _mm512_maskz_loadu_ps (mask, lo);
  __m512 h = hi ? _mm512_maskz_loadu_ps (mask, hi) : _mm512_setzero_ps ();
  /* cvtne2ps2bf16 puts its second operand in the low 16 halves. */
  __m512i both = (__m512i) _mm512_cvtne2ps_pbh (h, l);
  return _mm512_permutexvar_epi16 (_mm512_loadu_si512 (order), both);
}

/* The pair-words of a run of COUNT consecutive steps (SRC[0 … COUNT)), word q = (SRC[2q],
 * SRC[2q + 1]), into DST[q·STRIDE], q < ⌈COUNT/2⌉; a missing last partner is zero. STRIDE 1
 * stores whole vectors. */
static inline __attribute__ ((always_inline)) void
pair_along (uint32_t *restrict dst, long stride, const float *src, int count)
{
  for (int p = 0; p < count; p += 32)
    {
      int left = count - p < 32 ? count - p : 32;
      __mmask16 m0 = (__mmask16) (left >= 16 ? 0xffff : (1u << left) - 1);
      __mmask16 m1 = (__mmask16) (left >= 32 ? 0xffff : left > 16 ? (1u << (left - 16)) - 1 : 0);
      __m512i words = (__m512i) _mm512_cvtne2ps_pbh (_mm512_maskz_loadu_ps (m1, src + p + 16),
                                                     _mm512_maskz_loadu_ps (m0, src + p));
      int nw = (left + 1) / 2;
      if (stride == 1)
        _mm512_mask_storeu_epi32 (dst + p / 2, (__mmask16) ((1u << nw) - 1), words);
      else
        {
          uint32_t w[16];
          _mm512_storeu_si512 (w, words);
          for (int q = 0; q < nw; q++)
            dst[(long) (p / 2 + q) * stride] = w[q];
        }
    }
}

/* Steps [p0, p0 + kc) × columns [j0, j0 + nc) of op(B) into NR-wide panels of KP × NR words,
 * columns and steps past the matrix zero. */
static void
pack_b (uint32_t *restrict dst, bool trans_b, const float *b, int ldb, int p0, int kc, int j0,
        int nc)
{
  int pairs = (kc + 1) / 2;
  for (int jr = 0; jr < nc; jr += NR, dst += (size_t) KP * NR)
    {
      int cols = nc - jr < NR ? nc - jr : NR;
      if (!trans_b)
        for (int q = 0; q < pairs; q++)
          {
            const float *lo = b + (size_t) (p0 + 2 * q) * ldb + j0 + jr;
            const float *hi = 2 * q + 1 < kc ? lo + ldb : NULL;
            for (int v = 0; v < 4; v++)
              {
                int left = cols - 16 * v;
                __mmask16 m = (__mmask16) (left >= 16 ? 0xffff : left > 0 ? (1u << left) - 1 : 0);
                _mm512_storeu_si512 (dst + (size_t) q * NR + 16 * v,
                                     pair_across (lo + 16 * v, hi ? hi + 16 * v : NULL, m));
              }
          }
      else
        {
          /* op(B)[p][j] = B[j][p]: a stored row's consecutive steps are already pairs. */
          for (int j = 0; j < cols; j++)
            pair_along (dst + j, NR, b + (size_t) (j0 + jr + j) * ldb + p0, kc);
          for (int q = 0; q < pairs && cols < NR; q++)
            memset (dst + (size_t) q * NR + cols, 0, sizeof (uint32_t) * (NR - cols));
        }
    }
}

/* Rows [i0, i0 + mc) × steps [p0, p0 + kc) of op(A) into groups of MR rows, KP × MR words
 * each, rows past mc zero. Word (r, q) pairs steps 2q, 2q + 1 of the group's row r; where it
 * lies is whatever is cheaper to write: for A itself each row's words in a run of KP (its
 * steps are consecutive floats), for A stored K×M each step's MR words together (a step is a
 * stored row). The tile's two calls read the two layouts. */
static void
pack_a (uint32_t *restrict dst, bool trans_a, const float *a, int lda, int i0, int mc, int p0,
        int kc)
{
  int pairs = (kc + 1) / 2, groups = (mc + MR - 1) / MR;
  if (!trans_a)
    {
      for (int i = 0; i < mc; i++)
        pair_along (dst + (size_t) i * KP, 1, a + (size_t) (i0 + i) * lda + p0, kc);
      memset (dst + (size_t) mc * KP, 0, sizeof (uint32_t) * (size_t) (groups * MR - mc) * KP);
      return;
    }
  /* A stored K×M: steps 2q and 2q + 1 are two stored rows, paired 48 columns at a time (three
   * vectors, eight groups); each group's MR words are moved to the front of a vector and
   * stored together. Rows past mc come out zero. */
  const __m512i iota = _mm512_setr_epi32 (0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
  for (int q = 0; q < pairs; q++)
    {
      const float *lo = a + (size_t) (p0 + 2 * q) * lda + i0;
      const float *hi = 2 * q + 1 < kc ? lo + lda : NULL;
      for (int i = 0; i < mc; i += 48)
        {
          __m512i v[3];
          for (int t = 0; t < 3; t++)
            {
              int left = mc - i - 16 * t;
              __mmask16 m = (__mmask16) (left >= 16 ? 0xffff : left > 0 ? (1u << left) - 1 : 0);
              v[t] = pair_across (lo + i + 16 * t, hi ? hi + i + 16 * t : NULL, m);
            }
          for (int g = 0; g < 8 && i + MR * g < mc; g++)
            {
              int first = MR * g, upper = first + MR > 32;
              __m512i idx = _mm512_add_epi32 (iota, _mm512_set1_epi32 (first - 16 * upper));
              __m512i words = _mm512_permutex2var_epi32 (v[upper], idx, v[upper + 1]);
              _mm512_mask_storeu_epi32 (dst + (size_t) ((i + first) / MR) * KP * MR
                                          + (size_t) q * MR,
                                        (__mmask16) ((1u << MR) - 1), words);
            }
        }
    }
}

/* C[ROWS × 16·NVEC] (+)= the packed group A (word (r, q) at a[r·RS + q·CS]) · the packed panel
 * B over PAIRS pair-steps, the last vector masked by LAST. Always inlined, so each caller's
 * strides fold into its addressing. */
static inline __attribute__ ((always_inline)) void
tile (int pairs, const uint32_t *restrict a, long rs, long cs, const uint32_t *restrict b,
      float *c, int ldc, int rows, int nvec, __mmask16 last, bool accumulate)
{
  __m512 c00, c01, c02, c03, c10, c11, c12, c13, c20, c21, c22, c23;
  __m512 c30, c31, c32, c33, c40, c41, c42, c43, c50, c51, c52, c53;
  c00 = c01 = c02 = c03 = c10 = c11 = c12 = c13 = c20 = c21 = c22 = c23 = _mm512_setzero_ps ();
  c30 = c31 = c32 = c33 = c40 = c41 = c42 = c43 = c50 = c51 = c52 = c53 = _mm512_setzero_ps ();
  for (int q = 0; q < pairs; q++)
    {
      __m512bh b0 = (__m512bh) _mm512_loadu_si512 (b), b1 = (__m512bh) _mm512_loadu_si512 (b + 16);
      __m512bh b2 = (__m512bh) _mm512_loadu_si512 (b + 32);
      __m512bh b3 = (__m512bh) _mm512_loadu_si512 (b + 48);
      __m512bh x;
#define ROW(R)                                                                                  \
  x = (__m512bh) _mm512_set1_epi32 ((int) a[(R) * rs]);                                        \
  c##R##0 = _mm512_dpbf16_ps (c##R##0, x, b0);                                                  \
  c##R##1 = _mm512_dpbf16_ps (c##R##1, x, b1);                                                  \
  c##R##2 = _mm512_dpbf16_ps (c##R##2, x, b2);                                                  \
  c##R##3 = _mm512_dpbf16_ps (c##R##3, x, b3);
      ROW (0) ROW (1) ROW (2) ROW (3) ROW (4) ROW (5)
#undef ROW
      a += cs;
      b += NR;
    }
  /* Constant indices only, so the sums stay in registers (a runtime bound would spill them). */
  const __m512 sums[MR][4] = { { c00, c01, c02, c03 }, { c10, c11, c12, c13 },
                               { c20, c21, c22, c23 }, { c30, c31, c32, c33 },
                               { c40, c41, c42, c43 }, { c50, c51, c52, c53 } };
#define STORE(R, V)                                                                             \
  if ((R) < rows && (V) < nvec)                                                                 \
    {                                                                                           \
      __mmask16 m = (V) == nvec - 1 ? last : 0xffff;                                            \
      float *dst = c + (size_t) (R) * ldc + 16 * (V);                                           \
      __m512 s = sums[R][V];                                                                    \
      if (accumulate)                                                                           \
        s = _mm512_add_ps (s, _mm512_maskz_loadu_ps (m, dst));                                  \
      _mm512_mask_storeu_ps (dst, m, s);                                                        \
    }
#define STORE_ROW(R) STORE (R, 0) STORE (R, 1) STORE (R, 2) STORE (R, 3)
  STORE_ROW (0) STORE_ROW (1) STORE_ROW (2) STORE_ROW (3) STORE_ROW (4) STORE_ROW (5)
#undef STORE_ROW
#undef STORE
}

void
nn_sgemm_bf16_avx512 (bool trans_a, bool trans_b, int m, int n, int k, const float *a, int lda,
                      const float *b, int ldb, bool accumulate, float *c, int ldc, float *pack)
{
  if (m <= 0 || n <= 0)
    return;
  if (k <= 0)
    {
      if (!accumulate)
        for (int i = 0; i < m; i++)
          memset (c + (size_t) i * ldc, 0, sizeof (float) * n);
      return;
    }
  uint32_t *bpack = (uint32_t *) pack, *apack = bpack + (size_t) KP * NC;
  for (int j0 = 0; j0 < n; j0 += NC)
    {
      int nc = n - j0 < NC ? n - j0 : NC;
      for (int p0 = 0; p0 < k; p0 += KC)
        {
          int kc = k - p0 < KC ? k - p0 : KC, pairs = (kc + 1) / 2;
          bool acc = accumulate || p0 > 0;
          pack_b (bpack, trans_b, b, ldb, p0, kc, j0, nc);
          for (int i0 = 0; i0 < m; i0 += MC)
            {
              int mc = m - i0 < MC ? m - i0 : MC;
              pack_a (apack, trans_a, a, lda, i0, mc, p0, kc);
              for (int jr = 0; jr < nc; jr += NR)
                {
                  int cols = nc - jr < NR ? nc - jr : NR, nvec = (cols + 15) / 16;
                  __mmask16 last = (__mmask16) (0xffffu >> (16 * nvec - cols));
                  const uint32_t *bp = bpack + (size_t) jr * KP;
                  float *cj = c + (size_t) i0 * ldc + j0 + jr;
                  for (int ir = 0; ir < mc; ir += MR)
                    {
                      const uint32_t *ag = apack + (size_t) (ir / MR) * KP * MR;
                      float *ci = cj + (size_t) ir * ldc;
                      int rows = mc - ir < MR ? mc - ir : MR;
                      if (trans_a)
                        tile (pairs, ag, 1, MR, bp, ci, ldc, rows, nvec, last, acc);
                      else
                        tile (pairs, ag, KP, 1, bp, ci, ldc, rows, nvec, last, acc);
                    }
                }
            }
        }
    }
}
