/* nn-conv-common.h — what the portable and the AVX-512 convolution code share: the clock of the
 * backward times, the gradient reductions, the ReLU mask, the flipped kernel.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Compiled for the baseline ISA (nn-conv-common.c), so the AVX-512 files may call it and the
 * portable ones never depend on them. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "nn-layers.h"

static inline double
nn_now (void)
{
  struct timespec ts;
  clock_gettime (CLOCK_MONOTONIC, &ts);
  return ts.tv_sec + 1e-9 * ts.tv_nsec;
}

/* Thread TID's slice of the GEMM scratch (NULL when the workspace has none). */
static inline float *
nn_pack_slice (const NnWorkspace *ws, int tid)
{
  return ws->pack ? ws->pack + (size_t) tid * ws->pack_floats : NULL;
}

#ifdef NN_HAVE_AVX512
#include "nn-gemm.h"

/* Whether WS has the scratch the project's SGEMM needs on every thread. */
static inline bool
nn_has_gemm_scratch (const NnWorkspace *ws)
{
  return ws->pack != NULL && ws->pack_floats >= nn_sgemm_avx512_pack_floats ();
}

/* The same for its bf16 form. */
static inline bool
nn_has_bf16_gemm_scratch (const NnWorkspace *ws)
{
  return ws->pack != NULL && ws->pack_floats >= nn_sgemm_bf16_pack_floats ();
}
#endif

/* Threads for a row-split GEMM region: the mode's choice, capped by the workspace slices. */
int nn_layer_gemm_threads (const NnWorkspace *ws);

/* DW[i] += Σ_{t=1}^{NT−1} partial_t[i] over COUNT floats, in the fixed order t = 1, 2, …, so the
 * sum does not depend on timing. Thread 0 wrote DW itself. */
void nn_reduce_weight_partials (float *dw, const NnWorkspace *ws, size_t count, int nt);

/* DB[o] = Σ_t bpartial_t[o], t = 0 … NT−1, in order. */
void nn_reduce_bias_partials (float *db, const NnWorkspace *ws, int co, int nt);

/* Rows [m0, m1) of DY (P×CO): zeroed where the ReLU output Y is not positive (if RELU), and
 * added per channel into ACC (CO doubles). */
void nn_mask_bias_rows (float *dy, int lddy, const float *y, int ldy, bool relu, int co, long m0,
                        long m1, double *acc);

/* Rows [r0, r1) of the 9·CO rows of wflip[ky][kx][co][ci] = w[2−ky][2−kx][ci][co]. */
void nn_flip3x3_rows (float *wflip, const float *w, int ci, int co, long r0, long r1);
