/* test-gemm.c — the project's AVX-512 SGEMM against a double-precision product, and against
 * OpenBLAS's, on shapes that hit every edge of its blocking; its bf16 form against the double
 * product of the inputs rounded to bf16.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The blocking (nn-gemm-avx512.c) has edges at 6 rows, 16 and 64 columns, 256 steps and 512
 * columns, so the sizes sit on both sides of each. Every matrix has a row stride wider than its
 * row, with NaN in the gap of A and B (a read past a row poisons the result) and a sentinel in
 * the gap of C (a write past a row changes it). The same cases run with B packed beforehand. */
#include <float.h>
#include <glib.h>
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "nn-gemm.h"
#include "nn-layers.h"
#include "nn-rng.h"

static NnRng rng;

typedef struct
{
  int m, n, k;
  bool trans_a, trans_b, accumulate;
} Case;

/* Uniform in 0 … N − 1. */
static int
pick (int n)
{
  return (int) (nn_rng_uniform (&rng) * n);
}

/* A ROWS × COLS matrix with row stride COLS + GAP: uniform values in [−1, 1), FILL in the gap. */
static float *
matrix_new (int rows, int cols, int gap, float fill)
{
  size_t ld = (size_t) cols + gap;
  float *a = g_new (float, (size_t) rows * ld + 1);
  for (int i = 0; i < rows; i++)
    for (size_t j = 0; j < ld; j++)
      a[i * ld + j] = j < (size_t) cols ? (float) (2.0 * nn_rng_uniform (&rng) - 1.0) : fill;
  return a;
}

/* X rounded to bf16, to nearest with ties to even, as vcvtne2ps2bf16 does for the values
 * these tests make (normal numbers in [−1, 1)). */
static double
bf16 (float x)
{
  uint32_t u;
  memcpy (&u, &x, sizeof u);
  u = (u + 0x7fffu + ((u >> 16) & 1u)) & 0xffff0000u;
  memcpy (&x, &u, sizeof x);
  return x;
}

static double
exact (float x)
{
  return x;
}

/* ROUND is what the GEMM does to each input value before multiplying. */
static void
check_case_rounded (NnSgemm *gemm, const Case *t, float *pack, double (*round) (float))
{
  const float sentinel = 12345.0f;
  int ar = t->trans_a ? t->k : t->m, ac = t->trans_a ? t->m : t->k;
  int br = t->trans_b ? t->n : t->k, bc = t->trans_b ? t->k : t->n;
  int lda = ac + 3, ldb = bc + 5, ldc = t->n + 2;
  float *a = matrix_new (ar, ac, 3, NAN), *b = matrix_new (br, bc, 5, NAN);
  float *c = matrix_new (t->m, t->n, 2, sentinel);
  float *c0 = g_memdup2 (c, sizeof (float) * ((size_t) t->m * ldc + 1));

  gemm (t->trans_a, t->trans_b, t->m, t->n, t->k, a, lda, b, ldb, t->accumulate, c, ldc, pack);

  for (int i = 0; i < t->m; i++)
    {
      for (int j = 0; j < t->n; j++)
        {
          double s = t->accumulate ? c0[(size_t) i * ldc + j] : 0.0, mag = fabs (s);
          for (int p = 0; p < t->k; p++)
            {
              double x = round (t->trans_a ? a[(size_t) p * lda + i] : a[(size_t) i * lda + p]);
              double y = round (t->trans_b ? b[(size_t) j * ldb + p] : b[(size_t) p * ldb + j]);
              s += x * y;
              mag += fabs (x * y);
            }
          /* Float rounding of a sum of K products: well inside K·ε·Σ|terms|. */
          double got = c[(size_t) i * ldc + j];
          if (!(fabs (got - s) <= 2.0 * (t->k + 1) * FLT_EPSILON * mag + 1e-30))
            g_error ("%dx%dx%d (%s%s%s) C[%d][%d] = %.9g, expected %.9g", t->m, t->n, t->k,
                     t->trans_a ? "A^T" : "A", t->trans_b ? " B^T" : " B",
                     t->accumulate ? ", accumulate" : "", i, j, got, s);
        }
      for (int j = t->n; j < ldc; j++)
        g_assert_cmpfloat (c[(size_t) i * ldc + j], ==, sentinel);
    }
  g_free (a), g_free (b), g_free (c), g_free (c0);
}

static void
run_cases_rounded (NnSgemm *gemm, float *pack, double (*round) (float))
{
  static const int sizes[] = { 1, 5, 6, 7, 15, 16, 17, 63, 64, 65, 97, 255, 256, 257, 513 };
  const int ns = G_N_ELEMENTS (sizes);
  /* Every transposition and accumulation, then random shapes from the edge sizes (kept small
   * enough that the double reference stays quick). */
  for (int f = 0; f < 8; f++)
    {
      Case t = { 70, 130, 300, f & 1, f & 2, f & 4 };
      check_case_rounded (gemm, &t, pack, round);
    }
  for (int i = 0; i < 160; i++)
    {
      Case t = { sizes[pick (ns)], sizes[pick (ns)], sizes[pick (ns)], pick (2), pick (2),
                 pick (2) };
      if ((double) t.m * t.n * t.k > 2e7)
        t.k = 17;
      check_case_rounded (gemm, &t, pack, round);
    }
  /* K = 0: C is zeroed, or left alone when accumulating. */
  for (int acc = 0; acc < 2; acc++)
    {
      Case t = { 7, 9, 0, false, false, acc };
      check_case_rounded (gemm, &t, pack, round);
    }
}

static void
run_cases (NnSgemm *gemm, float *pack)
{
  run_cases_rounded (gemm, pack, exact);
}

static void
test_blas (void)
{
  run_cases (nn_sgemm_blas, NULL);
}

#ifdef NN_HAVE_AVX512
/* The project's GEMM's scratch, or NULL (the test skipped) on a CPU without AVX-512. */
static float *
own_gemm_scratch (void)
{
  __builtin_cpu_init ();
  if (!__builtin_cpu_supports ("avx512f"))
    {
      g_test_skip ("this CPU has no AVX-512");
      return NULL;
    }
  return g_new (float, nn_sgemm_avx512_pack_floats ());
}
#endif

static void
test_own (void)
{
#ifdef NN_HAVE_AVX512
  float *pack = own_gemm_scratch ();
  if (pack == NULL)
    return;
  run_cases (nn_sgemm_avx512, pack);
  g_free (pack);
#else
  g_test_skip ("not an x86-64 build: no AVX-512 GEMM");
#endif
}

#ifdef NN_HAVE_AVX512
/* nn_sgemm_avx512 by way of a B packed beforehand. */
static void
prepacked (bool trans_a, bool trans_b, int m, int n, int k, const float *a, int lda,
           const float *b, int ldb, bool accumulate, float *c, int ldc, float *pack)
{
  float *packed = g_new (float, nn_sgemm_avx512_packed_b_floats (k, n) + 1);
  nn_sgemm_avx512_pack_b (trans_b, k, n, b, ldb, packed);
  nn_sgemm_avx512_packed (trans_a, m, n, k, a, lda, packed, accumulate, c, ldc, pack);
  g_free (packed);
}
#endif

static void
test_prepacked (void)
{
#ifdef NN_HAVE_AVX512
  float *pack = own_gemm_scratch ();
  if (pack == NULL)
    return;
  run_cases (prepacked, pack);
  g_free (pack);
  /* Every element where nn_sgemm_avx512_packed_b_index says, past the blocking edges. */
  const int k = 300, n = 600;
  float *b = matrix_new (k, n, 0, 0.0f);
  float *packed = g_new (float, nn_sgemm_avx512_packed_b_floats (k, n));
  nn_sgemm_avx512_pack_b (false, k, n, b, n, packed);
  for (int p = 0; p < k; p++)
    for (int j = 0; j < n; j++)
      g_assert_cmpfloat (packed[nn_sgemm_avx512_packed_b_index (k, n, p, j)], ==,
                         b[(size_t) p * n + j]);
  g_free (b), g_free (packed);
#else
  g_test_skip ("not an x86-64 build: no AVX-512 GEMM");
#endif
}

/* The bf16 GEMM rounds its inputs and nothing else: the tolerance is that of FP32 sums, which
 * a GEMM that skipped the rounding (errors near 2⁻⁹ of each product) or paired the wrong steps
 * would miss by far. */
static void
test_bf16 (void)
{
#ifdef NN_HAVE_AVX512
  __builtin_cpu_init ();
  if (!__builtin_cpu_supports ("avx512bf16") || !__builtin_cpu_supports ("avx512bw"))
    {
      g_test_skip ("this CPU has no AVX-512 BF16");
      return;
    }
  float *pack = g_new (float, nn_sgemm_bf16_pack_floats ());
  run_cases_rounded (nn_sgemm_bf16_avx512, pack, bf16);
  g_free (pack);
#else
  g_test_skip ("not an x86-64 build: no AVX-512 GEMM");
#endif
}

/* The workspace asks for the scratch exactly where the layers may call the project's GEMM. */
static void
test_scratch (void)
{
  size_t floats = nn_workspace_pack_floats ();
#ifdef NN_HAVE_AVX512
  __builtin_cpu_init ();
  const char *own = g_getenv ("NN_OWN_GEMM"), *direct = g_getenv ("NN_DIRECT_CONV");
  bool expected = __builtin_cpu_supports ("avx512f") && __builtin_cpu_supports ("avx512vl")
                  && __builtin_cpu_supports ("avx512dq") && g_strcmp0 (own, "0") != 0
                  && g_strcmp0 (direct, "0") != 0;
  /* Room for the bf16 form too where it may run. */
  size_t fp32 = nn_sgemm_avx512_pack_floats ();
  size_t bf16 = nn_bf16_available () ? nn_sgemm_bf16_pack_floats () : 0;
  g_assert_cmpuint (floats, ==, expected ? MAX (fp32, bf16) : 0);
#else
  g_assert_cmpuint (floats, ==, 0);
#endif
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  nn_rng_seed (&rng, 11);
  g_test_add_func ("/nn/gemm/blas", test_blas);
  g_test_add_func ("/nn/gemm/avx512", test_own);
  g_test_add_func ("/nn/gemm/avx512-prepacked", test_prepacked);
  g_test_add_func ("/nn/gemm/avx512-bf16", test_bf16);
  g_test_add_func ("/nn/gemm/scratch", test_scratch);
  return g_test_run ();
}
