/* nn-conv-avx512.h — direct 3×3 convolution kernels for thin layers, AVX-512, chosen at run time.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * For few output channels (≤ 64) im2col + sgemm is memory-bound: each pixel's 9·CI im2col row
 * is written and read again for only 2·CO FLOPs per value, and OpenBLAS runs thin N at a
 * fraction of its peak. These kernels convolve straight from three zero-padded input rows held
 * in cache, a block of pixels × CO channels in registers, bias and ReLU on the way out. The
 * input gradient is the same kernel on dy with the flipped weights of nn-conv.c; the weight
 * gradient keeps a block of (input channel × CO) sums in registers along each row.
 *
 * Shapes as in nn-layers.h. Only call these when nn_conv_avx512_usable (co) is true. */
#pragma once

#include <stdbool.h>

#include "nn-layers.h"

/* The CPU has AVX-512 (F, VL, DQ), CO ≤ 64 (NN_DIRECT_MAX_CO, up to 128, moves the limit),
 * and NN_DIRECT_CONV is not "0". */
bool nn_conv_avx512_usable (int co);

/* Whether a thread's workspace slice holds the padded input strip of a row W pixels wide. */
bool nn_conv3x3_avx512_fits (const NnWorkspace *ws, int wd, int ci);

/* y (N×H×W×CO) = conv(x (N×H×W×CI), w 3×3×CI×CO) + b, ReLU if RELU; b may be NULL (no bias). */
void nn_conv3x3_avx512_forward (float *y, int ldy, const float *x, int ldx, const float *w,
                                const float *b, int n, int h, int wd, int ci, int co, bool relu,
                                const NnWorkspace *ws);

/* The whole backward of nn_conv3x3_backward in two regions instead of five: (mask, bias,
 * weight gradient, flip) then (reduce, input gradient). Needs CO and, with DX, CI usable. */
void nn_conv3x3_avx512_backward (float *dx, int lddx, float *dw, float *db, float *dy, int lddy,
                                 const float *x, int ldx, const float *y, int ldy, const float *w,
                                 int n, int h, int wd, int ci, int co, bool relu,
                                 const NnWorkspace *ws, NnBackwardTimes *times);

/* dw (3×3×CI×CO) = Σ over pixels of x(p + tap)·dy(p). Returns the threads that wrote partials
 * (thread 0 into DW, thread t > 0 into ws->wpartial slice t − 1), for
 * nn_reduce_weight_partials. */
int nn_conv3x3_avx512_wgrad (float *dw, const float *dy, int lddy, const float *x, int ldx,
                             int n, int h, int wd, int ci, int co, const NnWorkspace *ws);
