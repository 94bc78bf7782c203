/* nn-pool-avx512.h — 2×2 max-pool kernels in AVX-512 (see nn-pool-avx512.c).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

void nn_maxpool2x2_avx512_forward_rows (float *y, int ldy, const float *x, int ldx, int n, int h,
                                        int wd, int c, long q0, long q1);
void nn_maxpool2x2_avx512_backward_rows (float *dx, int lddx, const float *dy, int lddy,
                                         const float *x, int ldx, int n, int h, int wd, int c,
                                         long q0, long q1);
