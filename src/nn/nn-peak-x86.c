/* nn-peak-x86.c — FMA chains in zmm and ymm registers, for nn-peak.c.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Compiled in x86-64 builds only, each function for its own ISA; nn-peak.c calls one only when
 * the CPU has it. Each iteration issues 12 independent FMAs, acc_k = acc_k·a + b: with a = 1
 * and b tiny the accumulators stay normal numbers (no denormals, no overflow) for any count. */
#include "nn-peak-private.h"

#include <immintrin.h>

#define CHAINS 12

__attribute__ ((target ("avx512f"))) double
nn_peak_chains_512 (long iterations)
{
  __m512 acc[CHAINS];
  __m512 a = _mm512_set1_ps (1.0f), b = _mm512_set1_ps (1e-7f);
  float out[16];
  double sum = 0;

  for (int k = 0; k < CHAINS; k++)
    acc[k] = _mm512_set1_ps ((float) k);
  for (long i = 0; i < iterations; i++)
    for (int k = 0; k < CHAINS; k++)
      acc[k] = _mm512_fmadd_ps (acc[k], a, b);
  /* The sum keeps the compiler from dropping the loop. */
  for (int k = 0; k < CHAINS; k++)
    {
      _mm512_storeu_ps (out, acc[k]);
      sum += out[0];
    }
  return sum;
}

__attribute__ ((target ("avx2,fma"))) double
nn_peak_chains_256 (long iterations)
{
  __m256 acc[CHAINS];
  __m256 a = _mm256_set1_ps (1.0f), b = _mm256_set1_ps (1e-7f);
  float out[8];
  double sum = 0;

  for (int k = 0; k < CHAINS; k++)
    acc[k] = _mm256_set1_ps ((float) k);
  for (long i = 0; i < iterations; i++)
    for (int k = 0; k < CHAINS; k++)
      acc[k] = _mm256_fmadd_ps (acc[k], a, b);
  for (int k = 0; k < CHAINS; k++)
    {
      _mm256_storeu_ps (out, acc[k]);
      sum += out[0];
    }
  return sum;
}
