/* nn-tconv-avx512.h — transposed 2×2 convolution kernels in AVX-512 (see nn-tconv-avx512.c).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <stdbool.h>
#include <stddef.h>

/* CO ∈ {4, 8, 16, 32} and CI ≤ 64. */
bool nn_tconv_avx512_fits (int ci, int co);
/* Forward for input pixels [m0, m1). */
void nn_tconv_avx512_forward_rows (float *y, int ldy, const float *x, int ldx, const float *w,
                                   const float *b, int h, int wd, int ci, int co, long m0,
                                   long m1);
/* Input gradient for input pixels [m0, m1); WT is wᵀ, K×CI. */
void nn_tconv_avx512_igrad_rows (float *dx, int lddx, const float *dy, int lddy, const float *wt,
                                 int h, int wd, int ci, int co, long m0, long m1);
/* This thread's weight gradient (overwrites DWT, CI×K) and bias sums (overwrites BACC, CO) for
 * input pixels [m0, m1), gathering 2×2 blocks of dy into BLK (BLK_FLOATS floats). */
void nn_tconv_avx512_wgrad_rows (float *dwt, double *bacc, float *blk, size_t blk_floats,
                                 const float *dy, int lddy, const float *x, int ldx, int h,
                                 int wd, int ci, int co, long m0, long m1);
