/* nn-rng.c — splitmix64 (Steele, Lea, Flood 2014): 64-bit state, passes BigCrush, trivially portable.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "nn-rng.h"

void
nn_rng_seed (NnRng *rng, uint64_t seed)
{
  rng->state = seed;
}

uint64_t
nn_rng_next (NnRng *rng)
{
  uint64_t z = (rng->state += UINT64_C (0x9e3779b97f4a7c15));
  z = (z ^ (z >> 30)) * UINT64_C (0xbf58476d1ce4e5b9);
  z = (z ^ (z >> 27)) * UINT64_C (0x94d049bb133111eb);
  return z ^ (z >> 31);
}

double
nn_rng_uniform (NnRng *rng)
{
  return (double) (nn_rng_next (rng) >> 40) * 0x1p-24;
}

void
nn_rng_fill_symmetric (NnRng *rng, float *out, long count, double limit)
{
  for (long i = 0; i < count; i++)
    out[i] = (float) (limit * (2.0 * nn_rng_uniform (rng) - 1.0));
}
