/* nn-peak-private.h — the FMA chain kernels nn-peak.c times.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* Lanes × chains × 2 FLOPs per iteration: 16 × 12 × 2 for zmm, 8 × 12 × 2 for ymm. */
#define NN_PEAK_FLOPS_512 (16 * 12 * 2)
#define NN_PEAK_FLOPS_256 (8 * 12 * 2)

/* Run ITERATIONS of 12 independent FMA chains; the return value only keeps the work alive. */
double nn_peak_chains_512 (long iterations);
double nn_peak_chains_256 (long iterations);
