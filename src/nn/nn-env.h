/* nn-env.h — the numeric core's environment knobs, read once, in one place.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * For comparison and tuning runs, not for users:
 *   NN_DIRECT_CONV=0     every layer runs the portable code (im2col + sgemm, plain loops)
 *   NN_DIRECT_MAX_CO=N   (1 … 128) the widest 3×3 convolution, in output channels, that the
 *                        direct kernels take; default in nn-kernels.c
 *   NN_CHUNK_FLOATS=N    im2col chunks of about N floats (at least 64 rows) instead of all the
 *                        room a workspace slice has
 *   NN_OWN_GEMM=0        the GEMM layers run OpenBLAS's SGEMM even where the project's AVX-512
 *                        one could (nn-gemm.h)
 *   NN_WINOGRAD=0        the wide 3×3 layers' forward and input gradient run im2col instead
 *                        of Winograd's F(2×2, 3×3) on that SGEMM (nn-conv-winograd-avx512.c),
 *                        the default where it fits since a training comparison showed it lands
 *                        within seed noise of the direct path
 * Kernels never read these: nn-kernels.c folds the first two and the last into each layer's choice of code
 * when a network is built, and nn-unet.c puts the third into the workspace. */
#pragma once

#include <stdbool.h>
#include <stddef.h>

typedef struct
{
  bool direct;          /* NN_DIRECT_CONV is not "0" */
  int direct_max_co;    /* NN_DIRECT_MAX_CO when in 1 … 128, else 0 (the default) */
  size_t chunk_floats;  /* NN_CHUNK_FLOATS when positive, else 0 (all the room) */
  bool own_gemm;        /* NN_OWN_GEMM is not "0" */
  bool winograd;        /* NN_WINOGRAD is not "0" */
} NnEnv;

/* Read on the first call, from any thread; the same values ever after. */
const NnEnv *nn_env (void);
