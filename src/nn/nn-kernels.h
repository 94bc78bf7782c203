/* nn-kernels.h — the implementations a layer can run, each a table of whole-layer functions.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every implementation file fills one table per layer kind and knows no other implementation;
 * nn-kernels.c alone knows them all and picks one per layer and shape when a network is built
 * (nn_conv3x3_choose … in nn-layers.h). The layer functions of nn-layers.h call through the
 * table they are handed, so a call costs one indirect jump and no CPU or environment check.
 * Shapes and arguments are those of the matching functions in nn-layers.h. */
#pragma once

#include <stdbool.h>

#include "nn-layers.h"

struct NnConv3x3Impl
{
  /* Whether it can run a layer WD pixels wide from CI to CO channels within WS's slices;
   * NULL: any shape. */
  bool (*fits) (const NnWorkspace *ws, int wd, int ci, int co);
  /* B may be NULL, with RELU false: the input gradient is this convolution of dy with the
   * flipped kernel and no bias. */
  void (*forward) (float *y, int ldy, const float *x, int ldx, const float *w, const float *b,
                   int n, int h, int wd, int ci, int co, bool relu, const NnWorkspace *ws);
  /* dw (3×3×CI×CO) = Σ over pixels of x(p + tap)·dy(p). Returns the threads that wrote
   * partials (thread 0 into DW, thread t > 0 into ws->wpartial slice t − 1), for
   * nn_reduce_weight_partials. */
  int (*wgrad) (float *dw, const float *dy, int lddy, const float *x, int ldx, int n, int h,
                int wd, int ci, int co, const NnWorkspace *ws);
  /* The whole backward in fewer regions, for a layer whose input gradient also runs here (or
   * has none); NULL: nn_conv3x3_backward composes it from the two convolutions' parts. */
  void (*backward) (float *dx, int lddx, float *dw, float *db, float *dy, int lddy,
                    const float *x, int ldx, const float *y, int ldy, const float *w, int n,
                    int h, int wd, int ci, int co, bool relu, const NnWorkspace *ws,
                    NnBackwardTimes *times);
};

struct NnTconv2x2Impl
{
  /* Whether it serves CI → CO channels within WS's slices; NULL: any. */
  bool (*fits) (const NnWorkspace *ws, int ci, int co);
  void (*forward) (float *y, int ldy, const float *x, int ldx, const float *w, const float *b,
                   int n, int h, int wd, int ci, int co, const NnWorkspace *ws);
  void (*backward) (float *dx, int lddx, float *dw, float *db, const float *dy, int lddy,
                    const float *x, int ldx, const float *w, int n, int h, int wd, int ci,
                    int co, const NnWorkspace *ws, NnBackwardTimes *times);
};

struct NnMaxpool2x2Impl
{
  void (*forward) (float *y, int ldy, const float *x, int ldx, int n, int h, int wd, int c);
  void (*backward) (float *dx, int lddx, const float *dy, int lddy, const float *x, int ldx,
                    int n, int h, int wd, int c);
};

/* In every build: nn-conv.c, nn-tconv.c, nn-pool.c. */
extern const NnConv3x3Impl nn_conv3x3_portable;
extern const NnTconv2x2Impl nn_tconv2x2_portable;
extern const NnMaxpool2x2Impl nn_maxpool2x2_portable;

#ifdef NN_HAVE_AVX512
/* In x86-64 builds only (src/nn/meson.build): nn-conv-avx512.c, nn-tconv-avx512.c,
 * nn-pool-avx512.c, compiled for AVX-512 whatever the build machine. Chosen only on a CPU that
 * has it. */
extern const NnConv3x3Impl nn_conv3x3_avx512;
extern const NnTconv2x2Impl nn_tconv2x2_avx512;
extern const NnMaxpool2x2Impl nn_maxpool2x2_avx512;
/* The portable code's GEMM layers with the project's AVX-512 SGEMM instead of OpenBLAS's
 * (nn-conv.c, nn-tconv.c; nn-gemm-avx512.c), for the layers too wide for the direct kernels. */
extern const NnConv3x3Impl nn_conv3x3_im2col_avx512;
extern const NnTconv2x2Impl nn_tconv2x2_gemm_avx512;
/* Those GEMM layers in bf16 with FP32 sums (nn-gemm-bf16-avx512.c), for a CPU with AVX-512
 * BF16 and a network trained in bf16 (NN_KERNELS_BF16). */
extern const NnConv3x3Impl nn_conv3x3_im2col_bf16;
extern const NnTconv2x2Impl nn_tconv2x2_gemm_bf16;
/* Winograd's forward with the weight gradient on the bf16 GEMM, for those layers of a bf16
 * network that Winograd's takes. */
extern const NnConv3x3Impl nn_conv3x3_winograd_bf16;
/* Winograd's F(2×2, 3×3) on that SGEMM (nn-conv-winograd-avx512.c), on unless NN_WINOGRAD=0; and
 * the transforms of a CI × CO kernel it keeps in ws->wino. */
extern const NnConv3x3Impl nn_conv3x3_winograd_avx512;
size_t nn_winograd_u_floats (int ci, int co);
#endif
