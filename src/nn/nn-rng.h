/* nn-rng.h — the seeded pseudo-random generator (splitmix64) behind initialisation and data.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Our own generator so that a seed means the same weights on every platform and libc, and so
 * that tests/reference/make-reference.py can re-implement it bit for bit. */
#pragma once

#include <stdint.h>

typedef struct
{
  uint64_t state;
} NnRng;

void nn_rng_seed (NnRng *rng, uint64_t seed);
uint64_t nn_rng_next (NnRng *rng);
/* A uniform double in [0, 1) with 24 random bits, i.e. exactly representable as a float. */
double nn_rng_uniform (NnRng *rng);
/* Fills COUNT floats with (float) (limit · (2u − 1)), u from nn_rng_uniform: Glorot-uniform
 * when LIMIT = sqrt (6 / (fan_in + fan_out)). */
void nn_rng_fill_symmetric (NnRng *rng, float *out, long count, double limit);
