/* nn-unet.h — the poster's 2D U-Net: configuration, memory, weights, forward and backward.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Architecture (losses.md): 1 input channel; DEPTH encoder levels of two 3×3 conv + ReLU
 * (widths W, 2W, 4W, … ) each followed by a 2×2 max-pool; a bottleneck of two 3×3 conv + ReLU at
 * width W·2^DEPTH; DEPTH decoder levels, each a 2×2 stride-2 transposed conv (no activation),
 * concatenation [up, skip] and two 3×3 conv + ReLU; a 1×1 conv to one logit channel. Depth 4,
 * width 32 is the poster's network: 7,759,521 parameters.
 *
 * Named tensors, in this order in the flat parameter array (L = 1 … DEPTH):
 *   downL.conv1.{weight,bias}  downL.conv2.{weight,bias}
 *   bottleneck.conv1.{weight,bias}  bottleneck.conv2.{weight,bias}
 *   for L = DEPTH … 1:  upL.up.{weight,bias}  upL.conv1.{weight,bias}  upL.conv2.{weight,bias}
 *   head.{weight,bias}
 * upL works at the resolution of downL; upL.up maps width W·2^L to W·2^(L−1).
 *
 * Weight layout in the flat array (NnTensorInfo.shape) is Keras's; PyTorch's
 * (NnTensorInfo.torch_shape, what bench/torch_unet.py's UNet state_dict holds) differs:
 *   3×3 conv   ours [3][3][CI][CO]   torch [CO][CI][3][3]
 *   1×1 conv   ours [CI][CO]         torch [CO][CI][1][1]
 *   transposed ours [CI][2][2][CO]   torch [CI][CO][2][2]
 *   bias       [CO] in both.
 * nn_tensor_to_torch / nn_tensor_from_torch convert one tensor, so a safetensors file written in
 * torch layout loads into that module with load_state_dict. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define NN_UNET_MAX_DEPTH 8

typedef enum
{
  NN_PRECISION_FP32, /* every layer in FP32: the default, and what the PyTorch fixtures test */
  NN_PRECISION_BF16, /* the layers that run a GEMM multiply in bf16 with FP32 sums; weights,
                      * activations, gradients, Adam and the loss stay FP32 (NN_KERNELS_BF16) */
} NnPrecision;

/* "fp32" or "bf16"; and back (FALSE for any other name). */
const char *nn_precision_to_string (NnPrecision precision);
bool nn_precision_from_string (const char *name, NnPrecision *precision);

typedef struct
{
  int size;        /* input height = width, a multiple of 2^depth */
  int base_width;  /* channels of the first level */
  int depth;       /* encoder levels (4 in the poster) */
  int batch;       /* the most images one forward takes */
  NnPrecision precision;
} NnUNetConfig;

typedef struct NnUNet NnUNet;

typedef enum
{
  NN_TENSOR_CONV3X3_WEIGHT,
  NN_TENSOR_CONV1X1_WEIGHT,
  NN_TENSOR_TCONV2X2_WEIGHT,
  NN_TENSOR_BIAS,
} NnTensorKind;

typedef struct
{
  char name[32];        /* "down1.conv1.weight" */
  NnTensorKind kind;
  int ndim;
  int shape[4];         /* our layout */
  int torch_ndim;
  int torch_shape[4];   /* PyTorch's layout */
  size_t offset;        /* into nn_unet_params () / nn_unet_grads (), in floats */
  size_t count;
} NnTensorInfo;

/* NULL when CONFIG is usable, else a sentence saying why not. */
const char *nn_unet_config_check (const NnUNetConfig *config);
size_t nn_unet_param_count (const NnUNetConfig *config);
/* Forward FLOPs of one image (2 per multiply-add, convolutions only). */
double nn_unet_flops_per_image (const NnUNetConfig *config);
/* Bytes a training run of CONFIG allocates: the network's arena (parameters, gradients,
 * activations, gradient buffers, the per-thread workspace for nn_get_threads () threads) plus
 * the Adam moments of nn_adam_new. Pages are touched as used, so peak RSS is a little lower. */
size_t nn_unet_memory_bytes (const NnUNetConfig *config);
/* What each image of the batch adds to it: the activations and gradients it needs, the part of
 * the memory that grows with the batch. */
size_t nn_unet_memory_bytes_per_image (const NnUNetConfig *config);

/* NULL when CONFIG is invalid or the memory is not there. Sized for the thread count at this
 * moment; with more threads later the network uses only as many as it has workspace for. */
NnUNet *nn_unet_new (const NnUNetConfig *config);
void nn_unet_free (NnUNet *net);
const NnUNetConfig *nn_unet_get_config (const NnUNet *net);

/* Glorot-uniform kernels (limit √(6 / (fan_in + fan_out)), fans as Keras computes them) and zero
 * biases, drawn from splitmix64 (nn-rng.h) seeded with SEED, tensor by tensor in the order above,
 * each in our layout. */
void nn_unet_init (NnUNet *net, uint64_t seed);

float *nn_unet_params (NnUNet *net);
float *nn_unet_grads (NnUNet *net);
size_t nn_unet_count (const NnUNet *net);
int nn_unet_tensor_count (const NnUNet *net);
const NnTensorInfo *nn_unet_tensor (const NnUNet *net, int index);
/* Finds a tensor by name; NULL when there is none. */
const NnTensorInfo *nn_unet_tensor_by_name (const NnUNet *net, const char *name);
/* SRC and DST hold INFO->count floats (not the whole array). */
void nn_tensor_to_torch (const NnTensorInfo *info, const float *src, float *dst);
void nn_tensor_from_torch (const NnTensorInfo *info, const float *src, float *dst);

/* IMAGES: N×SIZE×SIZE floats, LOGITS: N×SIZE×SIZE floats; 1 ≤ N ≤ batch. Keeps the activations
 * nn_unet_backward needs. */
void nn_unet_forward (NnUNet *net, const float *images, int n, float *logits);
/* DLOGITS: d loss / d logit for the N images of the last forward (N×SIZE×SIZE). Overwrites
 * the gradients (nn_unet_grads), never accumulates. */
void nn_unet_backward (NnUNet *net, const float *dlogits, int n);

/* ---- per-layer profile (wall-clock seconds, summed over calls while enabled) ---- */
typedef struct
{
  char name[32];        /* "down1.conv1", "down1.pool", "up2.up", "head" */
  double forward;
  double wgrad;         /* weight and bias gradients (and the ReLU mask) */
  double igrad;         /* input gradient */
  double flops;         /* forward FLOPs for one image */
} NnLayerProfile;

void nn_unet_set_profiling (NnUNet *net, bool enabled);
void nn_unet_profile_reset (NnUNet *net);
/* The layers in forward order; returns their number. */
int nn_unet_profile (const NnUNet *net, const NnLayerProfile **layers);
