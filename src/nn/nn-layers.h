/* nn-layers.h — the U-Net's layers as forward/backward pairs with every shape explicit.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Legend of shape letters (llm.c style):
 *   N  images in the batch          H, W  height and width of a layer's input
 *   C  input channels (CI), CO  output channels
 *   P  pixels, N·H·W: tensors are NHWC, a pixel's channels are contiguous
 *   ld*  floats from one pixel to the next ("pixel stride", ≥ the channel count). A stride
 *        larger than the channel count lets two layers write the halves of one tensor, which is
 *        how the U-Net concatenates a skip connection without copying.
 *
 * Weight layouts (Keras's, chosen so each convolution is one GEMM on NHWC rows; see
 * nn-unet.h for the PyTorch layout of the same numbers):
 *   conv 3×3:       w[3][3][CI][CO]   (ky, kx, ci, co),  b[CO]
 *   conv 1×1:       w[CI][CO],                            b[CO]
 *   transposed 2×2: w[CI][2][2][CO]   (ci, a, b, co),     b[CO]
 *
 * Backward functions overwrite weight and bias gradients (never accumulate), and overwrite the
 * input gradient, except max-pool, which adds into it (the U-Net's skip gradient is the sum of
 * the pool's and the decoder's). A NULL input gradient skips that computation. Where a ReLU is
 * fused, the backward masks DY in place with the stored output Y.
 *
 * Threads: every function splits its rows over the pool of nn-threads.h, using the per-thread
 * slices of one NnWorkspace; nothing is allocated. */
#pragma once

#include <stdbool.h>
#include <stddef.h>

typedef struct
{
  int threads;          /* slices below */
  float *col;           /* threads × col_floats: im2col rows, or gathered 2×2 blocks */
  size_t col_floats;
  float *wpartial;      /* (threads − 1) × w_floats: per-thread weight-gradient partial sums */
  float *wflip;         /* w_floats: a 3×3 kernel rotated by 180° with CI and CO swapped */
  size_t w_floats;
  double *bpartial;     /* threads × max_channels: per-thread bias-gradient partial sums */
  int max_channels;
  size_t chunk_floats;  /* im2col chunks of about this many floats; 0: all of col_floats */
  float *pack;          /* threads × pack_floats: the project's GEMM's packed blocks (nn-gemm.h) */
  size_t pack_floats;   /* 0 (pack NULL): the GEMM layers run OpenBLAS's */
  float *wino;          /* wino_floats: a kernel's Winograd transforms, packed for the GEMM */
  size_t wino_floats;   /* 0 (wino NULL): no layer runs Winograd's convolution */
} NnWorkspace;

/* Time spent in one backward, split by what it produces (seconds, added to). */
typedef struct
{
  double wgrad;
  double igrad;
} NnBackwardTimes;

/* The workspace floats a set of layers needs: K_MAX the widest GEMM inner row of any layer
 * (9·C of a 3×3 convolution, 9·CO of its input gradient, 4·CO of a transposed one). */
size_t nn_workspace_col_floats (size_t k_max);
/* The GEMM scratch floats per thread (pack_floats) the chosen code can use: 0 where the GEMM
 * layers run OpenBLAS's SGEMM (no AVX-512, or NN_OWN_GEMM=0). */
size_t nn_workspace_pack_floats (void);
/* The Winograd floats (wino_floats) a 3×3 layer from CI to CO channels needs, both of its
 * convolutions: 0 with NN_WINOGRAD=0 or where the project's GEMM does not run (nn-env.h). */
size_t nn_workspace_winograd_floats (int ci, int co);

/* ---- which code runs a layer ----
 * Chosen once per layer, for its shape, when the network is built (nn_unet_new), and handed to
 * every call, so no call re-checks the CPU. The portable code (im2col + sgemm, plain loops)
 * runs anywhere; x86-64 builds also have direct AVX-512 kernels, which take the thin layers
 * where the CPU has AVX-512 F, VL and DQ and the environment allows them (nn-env.h). What an
 * implementation holds is private (nn-kernels.h); callers keep and pass the pointers. */
typedef struct NnConv3x3Impl NnConv3x3Impl;
typedef struct NnTconv2x2Impl NnTconv2x2Impl;
typedef struct NnMaxpool2x2Impl NnMaxpool2x2Impl;

/* A 3×3 layer's two convolutions can land on different code: a layer from 64 to 128 channels
 * has a wide forward and a thin input gradient. */
typedef struct
{
  const NnConv3x3Impl *forward; /* forward and weight gradient: CI → CO channels */
  const NnConv3x3Impl *igrad;   /* input gradient, a convolution of dy: CO → CI channels */
} NnConv3x3Kernels;

typedef enum
{
  NN_KERNELS_BEST,     /* the fastest the build, the CPU and the environment allow */
  NN_KERNELS_PORTABLE, /* the portable code only (tests compare the two) */
  NN_KERNELS_BF16,     /* BEST, with the layers that run a GEMM running it in bf16 (FP32
                        * sums) where the CPU has AVX-512 BF16; BEST elsewhere */
} NnKernelSet;

/* Whether NN_KERNELS_BF16 runs anything in bf16 here: the build, the CPU (AVX-512 BF16) and
 * the environment (the project's GEMM) allow it. */
bool nn_bf16_available (void);

/* For a 3×3 layer WD pixels wide from CI to CO channels, run within WS: the direct kernels
 * serve CO ≤ 64 (or NN_DIRECT_MAX_CO, up to 128) if WS's slices hold their padded row strip;
 * wider layers run im2col with the project's SGEMM if WS has its scratch (pack), else
 * OpenBLAS's. With NN_KERNELS_BF16 on a CPU that has it, CO ≥ 64 runs that SGEMM in bf16. */
NnConv3x3Kernels nn_conv3x3_choose (NnKernelSet set, const NnWorkspace *ws, int wd, int ci,
                                    int co);
/* The direct kernel serves CO ∈ {4, 8, 16, 32} with CI ≤ 64; the others run a GEMM, the
 * project's if WS has its scratch (in bf16 with NN_KERNELS_BF16, where the CPU has it). */
const NnTconv2x2Impl *nn_tconv2x2_choose (NnKernelSet set, const NnWorkspace *ws, int ci,
                                          int co);
/* The direct kernel serves any channel count. */
const NnMaxpool2x2Impl *nn_maxpool2x2_choose (NnKernelSet set);

/* ---- 3×3 convolution, stride 1, zero padding 1 ("same"), optional fused ReLU ---- */
/* K from nn_conv3x3_choose (…, WS, WD, CI, CO) for this WS and these shapes. */
void nn_conv3x3_forward (float *y, int ldy,              /* N×H×W×CO */
                         const float *x, int ldx,        /* N×H×W×CI */
                         const float *w, const float *b, /* 3×3×CI×CO, CO */
                         int n, int h, int wd, int ci, int co, bool relu,
                         const NnConv3x3Kernels *k, NnWorkspace *ws);
void nn_conv3x3_backward (float *dx, int lddx,           /* N×H×W×CI, may be NULL */
                          float *dw, float *db,          /* 3×3×CI×CO, CO */
                          float *dy, int lddy,           /* N×H×W×CO, masked in place if relu */
                          const float *x, int ldx,       /* forward input */
                          const float *y, int ldy,       /* forward output (for the ReLU mask) */
                          const float *w,
                          int n, int h, int wd, int ci, int co, bool relu,
                          const NnConv3x3Kernels *k, NnWorkspace *ws, NnBackwardTimes *times);

/* ---- 1×1 convolution (a per-pixel linear layer) ---- */
void nn_conv1x1_forward (float *y, int ldy, const float *x, int ldx,
                         const float *w, const float *b, /* CI×CO, CO */
                         long p, int ci, int co, NnWorkspace *ws);
void nn_conv1x1_backward (float *dx, int lddx, float *dw, float *db,
                          const float *dy, int lddy, const float *x, int ldx, const float *w,
                          long p, int ci, int co, NnWorkspace *ws, NnBackwardTimes *times);

/* ---- 2×2 transposed convolution, stride 2: N×H×W×CI → N×2H×2W×CO ---- */
/* K from nn_tconv2x2_choose (…, CI, CO). */
void nn_tconv2x2_forward (float *y, int ldy, const float *x, int ldx,
                          const float *w, const float *b, /* CI×2×2×CO, CO */
                          int n, int h, int wd, int ci, int co, const NnTconv2x2Impl *k,
                          NnWorkspace *ws);
void nn_tconv2x2_backward (float *dx, int lddx, float *dw, float *db,
                           const float *dy, int lddy, const float *x, int ldx, const float *w,
                           int n, int h, int wd, int ci, int co, const NnTconv2x2Impl *k,
                           NnWorkspace *ws, NnBackwardTimes *times);

/* ---- 2×2 max-pool, stride 2: N×H×W×C → N×(H/2)×(W/2)×C (H, W even) ---- */
void nn_maxpool2x2_forward (float *y, int ldy, const float *x, int ldx,
                            int n, int h, int wd, int c, const NnMaxpool2x2Impl *k);
/* Adds DY to DX at each window's first maximum (row-major order, as PyTorch picks on ties). */
void nn_maxpool2x2_backward (float *dx, int lddx, const float *dy, int lddy,
                             const float *x, int ldx, int n, int h, int wd, int c,
                             const NnMaxpool2x2Impl *k);

/* ---- elementwise on COUNT floats ---- */
void nn_relu_forward (float *y, const float *x, long count);
void nn_relu_backward (float *dx, const float *dy, const float *y, long count);
void nn_sigmoid_forward (float *y, const float *x, long count);
void nn_sigmoid_backward (float *dx, const float *dy, const float *y, long count);

/* ---- channel concatenation: P×CA and P×CB → P×(CA+CB), A's channels first ---- */
void nn_concat_forward (float *y, const float *a, const float *b, long p, int ca, int cb);
void nn_concat_backward (float *da, float *db, const float *dy, long p, int ca, int cb);
