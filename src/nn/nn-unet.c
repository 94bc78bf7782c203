/* nn-unet.c — the U-Net wired from nn-layers.h over one arena: no allocation after nn_unet_new.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Shapes per level L (0-based here, 1-based in names): S_L = size / 2^L, C_L = width·2^L,
 * P_L = N·S_L² pixels, every tensor NHWC.
 *   in_L   P_L × CIN_L   level input: a copy of the images (L = 0) or the pool of level L−1
 *   a_L    P_L × C_L     encoder conv1 output (after ReLU). Not kept at level 0: there the
 *                        forward writes it into g1 for conv2 to read, and the backward
 *                        computes it again into g0 when encoder conv2 needs it; conv1 has one
 *                        input channel there, so this costs 1/32 of conv2's work and saves
 *                        the largest of the encoder's tensors
 *   cat_L  P_L × 2C_L    channels [0, C_L): decoder up-sampling, [C_L, 2C_L): encoder conv2
 *                        output, which is the skip; both layers write their half in place,
 *                        so the concatenation costs no copy and no memory
 *   d1_L, d2_L  P_L × C_L  decoder conv outputs
 *   dcat_L P_L × 2C_L    gradient of cat_L: decoder conv1 writes it, then the pool's backward
 *                        adds its share into the skip half, which is encoder conv2's dy. It
 *                        takes the memory of d1_L and d2_L (laid out one after the other):
 *                        when decoder conv1's backward writes it, d2_L has served its last
 *                        purposes (decoder conv2's ReLU mask, the weight gradient of level
 *                        L−1's up-sampling) and d1_L its own (that conv's input, its ReLU mask,
 *                        read before any input gradient is written), and nothing reads either
 *                        again before the next forward. A quarter of the activations, saved.
 * Two ping-pong gradient buffers g0, g1 hold every other gradient, sized for the largest.
 * Each layer's code (nn-layers.h) is chosen once, in nn_unet_new, for its shape. */
#include "nn-unet.h"
#include "nn-arena.h"
#include "nn-adam.h"
#include "nn-conv-common.h"
#include "nn-env.h"
#include "nn-rng.h"
#include "nn-threads.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_TENSORS (10 * NN_UNET_MAX_DEPTH + 6)
#define MAX_LAYERS (6 * NN_UNET_MAX_DEPTH + 3)
#define ALIGN_FLOATS (NN_ARENA_ALIGN / sizeof (float))

typedef struct
{
  int wt;   /* tensor index of the weight; the bias is wt + 1 */
  int ci, co;
  NnConv3x3Kernels conv;        /* 3×3 layers */
  const NnTconv2x2Impl *tconv;  /* transposed layers */
} Param;

typedef struct
{
  int s, c, cin;
  Param conv1, conv2, up, dconv1, dconv2;
  float *in, *a, *cat, *d1, *d2, *dcat;
} Level;

struct NnUNet
{
  NnUNetConfig config;
  NnArena arena;
  NnWorkspace ws;
  float *params, *grads;
  size_t count;
  NnTensorInfo tensors[MAX_TENSORS];
  int ntensors;
  Level lv[NN_UNET_MAX_DEPTH];
  int cb;                     /* bottleneck width */
  Param b1p, b2p, head;
  const NnMaxpool2x2Impl *pool;
  float *bin, *b1, *b2, *g0, *g1;
  NnLayerProfile prof[MAX_LAYERS];
  int nprof;
  bool profiling;
  int last_n;
};

const char *
nn_unet_config_check (const NnUNetConfig *config)
{
  if (config->depth < 1 || config->depth > NN_UNET_MAX_DEPTH)
    return "The depth must be between 1 and 8.";
  if (config->base_width < 1 || config->base_width > 4096
      || ((long) config->base_width << config->depth) > 65536)
    return "The base width must be at least 1, and width·2^depth at most 65536.";
  if (config->batch < 1)
    return "The batch must hold at least one image.";
  if (config->size < (1 << config->depth) || config->size % (1 << config->depth) != 0
      || config->size > 16384)
    return "The image size must be a multiple of 2^depth (and at most 16384).";
  if (config->precision != NN_PRECISION_FP32 && config->precision != NN_PRECISION_BF16)
    return "The precision must be fp32 or bf16.";
  if (config->precision == NN_PRECISION_BF16 && !nn_bf16_available ())
    return "bf16 needs a CPU with AVX-512 BF16 (AMD Zen 4 or later, Intel Cooper Lake or "
           "Sapphire Rapids or later), and this one has none: train in fp32.";
  return NULL;
}

const char *
nn_precision_to_string (NnPrecision precision)
{
  return precision == NN_PRECISION_BF16 ? "bf16" : "fp32";
}

bool
nn_precision_from_string (const char *name, NnPrecision *precision)
{
  if (name == NULL)
    return false;
  if (strcmp (name, "fp32") == 0)
    *precision = NN_PRECISION_FP32;
  else if (strcmp (name, "bf16") == 0)
    *precision = NN_PRECISION_BF16;
  else
    return false;
  return true;
}

static int
add_tensor (NnUNet *net, const char *name, NnTensorKind kind, int ci, int co)
{
  NnTensorInfo *t = &net->tensors[net->ntensors];
  memset (t, 0, sizeof *t);
  snprintf (t->name, sizeof t->name, "%s", name);
  t->kind = kind;
  switch (kind)
    {
    case NN_TENSOR_CONV3X3_WEIGHT:
      t->ndim = 4;
      memcpy (t->shape, (int[]) { 3, 3, ci, co }, sizeof t->shape);
      memcpy (t->torch_shape, (int[]) { co, ci, 3, 3 }, sizeof t->shape);
      t->count = (size_t) 9 * ci * co;
      break;
    case NN_TENSOR_CONV1X1_WEIGHT:
      t->ndim = 2;
      t->shape[0] = ci, t->shape[1] = co;
      memcpy (t->torch_shape, (int[]) { co, ci, 1, 1 }, sizeof t->shape);
      t->count = (size_t) ci * co;
      break;
    case NN_TENSOR_TCONV2X2_WEIGHT:
      t->ndim = 4;
      memcpy (t->shape, (int[]) { ci, 2, 2, co }, sizeof t->shape);
      memcpy (t->torch_shape, (int[]) { ci, co, 2, 2 }, sizeof t->shape);
      t->count = (size_t) 4 * ci * co;
      break;
    case NN_TENSOR_BIAS:
      t->ndim = 1;
      t->shape[0] = t->torch_shape[0] = co;
      t->count = co;
      break;
    }
  t->torch_ndim = kind == NN_TENSOR_CONV1X1_WEIGHT ? 4 : t->ndim;
  t->offset = net->count;
  net->count += t->count;
  return net->ntensors++;
}

static Param
add_layer (NnUNet *net, const char *prefix, NnTensorKind kind, int ci, int co)
{
  char name[32];
  Param p = { .ci = ci, .co = co };
  snprintf (name, sizeof name, "%s.weight", prefix);
  p.wt = add_tensor (net, name, kind, ci, co);
  snprintf (name, sizeof name, "%s.bias", prefix);
  add_tensor (net, name, NN_TENSOR_BIAS, ci, co);
  return p;
}

static void
add_profile (NnUNet *net, const char *name, double flops)
{
  NnLayerProfile *p = &net->prof[net->nprof++];
  memset (p, 0, sizeof *p);
  snprintf (p->name, sizeof p->name, "%s", name);
  p->flops = flops;
}

/* The tensor table and profile names: depends on the configuration only. */
static void
build_tables (NnUNet *net)
{
  const NnUNetConfig *cfg = &net->config;
  char prefix[24];
  int d = cfg->depth;

  net->count = 0;
  net->ntensors = 0;
  net->nprof = 0;
  for (int l = 0; l < d; l++)
    {
      Level *lv = &net->lv[l];
      lv->s = cfg->size >> l;
      lv->c = cfg->base_width << l;
      lv->cin = l == 0 ? 1 : lv->c / 2;
      double px = (double) lv->s * lv->s;
      snprintf (prefix, sizeof prefix, "down%d.conv1", l + 1);
      lv->conv1 = add_layer (net, prefix, NN_TENSOR_CONV3X3_WEIGHT, lv->cin, lv->c);
      add_profile (net, prefix, 18.0 * lv->cin * lv->c * px);
      snprintf (prefix, sizeof prefix, "down%d.conv2", l + 1);
      lv->conv2 = add_layer (net, prefix, NN_TENSOR_CONV3X3_WEIGHT, lv->c, lv->c);
      add_profile (net, prefix, 18.0 * lv->c * lv->c * px);
      snprintf (prefix, sizeof prefix, "down%d.pool", l + 1);
      add_profile (net, prefix, 0);
    }
  net->cb = cfg->base_width << d;
  int sb = cfg->size >> d, cl = net->lv[d - 1].c;
  double pxb = (double) sb * sb;
  net->b1p = add_layer (net, "bottleneck.conv1", NN_TENSOR_CONV3X3_WEIGHT, cl, net->cb);
  add_profile (net, "bottleneck.conv1", 18.0 * cl * net->cb * pxb);
  net->b2p = add_layer (net, "bottleneck.conv2", NN_TENSOR_CONV3X3_WEIGHT, net->cb, net->cb);
  add_profile (net, "bottleneck.conv2", 18.0 * net->cb * net->cb * pxb);
  for (int l = d - 1; l >= 0; l--)
    {
      Level *lv = &net->lv[l];
      double px = (double) lv->s * lv->s;
      snprintf (prefix, sizeof prefix, "up%d.up", l + 1);
      lv->up = add_layer (net, prefix, NN_TENSOR_TCONV2X2_WEIGHT, 2 * lv->c, lv->c);
      add_profile (net, prefix, 2.0 * 2 * lv->c * lv->c * px);
      snprintf (prefix, sizeof prefix, "up%d.conv1", l + 1);
      lv->dconv1 = add_layer (net, prefix, NN_TENSOR_CONV3X3_WEIGHT, 2 * lv->c, lv->c);
      add_profile (net, prefix, 18.0 * 2 * lv->c * lv->c * px);
      snprintf (prefix, sizeof prefix, "up%d.conv2", l + 1);
      lv->dconv2 = add_layer (net, prefix, NN_TENSOR_CONV3X3_WEIGHT, lv->c, lv->c);
      add_profile (net, prefix, 18.0 * lv->c * lv->c * px);
    }
  net->head = add_layer (net, "head", NN_TENSOR_CONV1X1_WEIGHT, cfg->base_width, 1);
  add_profile (net, "head", 2.0 * cfg->base_width * (double) cfg->size * cfg->size);
}

/* Carves every buffer out of ARENA (a measuring arena on the dry run). */
static void
layout (NnUNet *net, NnArena *a)
{
  const NnUNetConfig *cfg = &net->config;
  int d = cfg->depth, nb = cfg->batch;
  size_t k_max = 0, w_max = 0, g_max = 0, wino_max = 0;
  int c_max = 1;

  net->params = nn_arena_floats (a, net->count);
  net->grads = nn_arena_floats (a, net->count);
  for (int l = 0; l < d; l++)
    {
      Level *lv = &net->lv[l];
      size_t p = (size_t) nb * lv->s * lv->s;
      lv->in = nn_arena_floats (a, p * lv->cin);
      lv->a = l > 0 ? nn_arena_floats (a, p * lv->c) : NULL;
      lv->cat = nn_arena_floats (a, p * 2 * lv->c);
      /* d2 starts on the arena's alignment, as every other buffer does. */
      size_t d2_offset = (p * lv->c + ALIGN_FLOATS - 1) / ALIGN_FLOATS * ALIGN_FLOATS;
      lv->dcat = nn_arena_floats (a, d2_offset + p * lv->c);
      lv->d1 = lv->dcat;
      /* NULL while measuring: no arithmetic on a null pointer. */
      lv->d2 = lv->dcat != NULL ? lv->dcat + d2_offset : NULL;
      /* g0/g1 hold dy of d2, d1, a (P·C) and the pool-output gradient (P/4 · C). */
      if (p * lv->c > g_max)
        g_max = p * lv->c;
    }
  size_t pb = (size_t) nb * (cfg->size >> d) * (cfg->size >> d);
  net->bin = nn_arena_floats (a, pb * net->lv[d - 1].c);
  net->b1 = nn_arena_floats (a, pb * net->cb);
  net->b2 = nn_arena_floats (a, pb * net->cb);
  if (pb * net->cb > g_max)
    g_max = pb * net->cb;
  net->g0 = nn_arena_floats (a, g_max);
  net->g1 = nn_arena_floats (a, g_max);
  /* Level 0's conv1 output lives in g1 during the forward (see the top of this file). */
  net->lv[0].a = net->g1;

  for (int t = 0; t < net->ntensors; t++)
    {
      const NnTensorInfo *ti = &net->tensors[t];
      if (ti->kind == NN_TENSOR_BIAS)
        continue;
      int ci = ti->kind == NN_TENSOR_CONV3X3_WEIGHT ? ti->shape[2] : ti->shape[0];
      int co = ti->kind == NN_TENSOR_CONV3X3_WEIGHT ? ti->shape[3]
               : ti->kind == NN_TENSOR_TCONV2X2_WEIGHT ? ti->shape[3] : ti->shape[1];
      size_t k = ti->kind == NN_TENSOR_CONV3X3_WEIGHT ? 9 * (size_t) (ci > co ? ci : co)
                 : ti->kind == NN_TENSOR_TCONV2X2_WEIGHT ? 4 * (size_t) co : 0;
      if (k > k_max)
        k_max = k;
      if (ti->kind == NN_TENSOR_CONV3X3_WEIGHT && nn_workspace_winograd_floats (ci, co) > wino_max)
        wino_max = nn_workspace_winograd_floats (ci, co);
      if (ti->count > w_max)
        w_max = ti->count;
      if (co > c_max)
        c_max = co;
    }
  NnWorkspace *ws = &net->ws;
  ws->threads = nn_get_threads ();
  ws->col_floats = nn_workspace_col_floats (k_max);
  ws->col = nn_arena_floats (a, ws->col_floats * ws->threads);
  ws->w_floats = w_max;
  ws->wpartial = nn_arena_floats (a, w_max * (ws->threads - 1));
  ws->wflip = nn_arena_floats (a, w_max);
  ws->max_channels = c_max;
  ws->bpartial = nn_arena_doubles (a, (size_t) c_max * ws->threads);
  ws->chunk_floats = nn_env ()->chunk_floats;
  ws->pack_floats = nn_workspace_pack_floats ();
  ws->pack = ws->pack_floats ? nn_arena_floats (a, ws->pack_floats * ws->threads) : NULL;
  ws->wino_floats = wino_max;
  ws->wino = wino_max ? nn_arena_floats (a, wino_max) : NULL;
}

/* A 3×3 layer run at width S, from SET. */
static void
choose_conv (Param *p, NnKernelSet set, const NnWorkspace *ws, int s)
{
  p->conv = nn_conv3x3_choose (set, ws, s, p->ci, p->co);
}

/* Every layer's code, for its shape and the workspace, so that no call re-checks the CPU. The
 * widths are those nn_unet_forward runs each layer at. */
static void
choose_kernels (NnUNet *net)
{
  const NnWorkspace *ws = &net->ws;
  int d = net->config.depth;
  NnKernelSet set = net->config.precision == NN_PRECISION_BF16 ? NN_KERNELS_BF16
                                                               : NN_KERNELS_BEST;

  for (int l = 0; l < d; l++)
    {
      Level *lv = &net->lv[l];
      choose_conv (&lv->conv1, set, ws, lv->s);
      choose_conv (&lv->conv2, set, ws, lv->s);
      lv->up.tconv = nn_tconv2x2_choose (set, ws, lv->up.ci, lv->up.co);
      choose_conv (&lv->dconv1, set, ws, lv->s);
      choose_conv (&lv->dconv2, set, ws, lv->s);
    }
  choose_conv (&net->b1p, set, ws, net->config.size >> d);
  choose_conv (&net->b2p, set, ws, net->config.size >> d);
  net->pool = nn_maxpool2x2_choose (set);
}

static NnUNet *
plan (const NnUNetConfig *config)
{
  if (nn_unet_config_check (config))
    return NULL;
  NnUNet *net = calloc (1, sizeof *net);
  if (net == NULL)
    return NULL;
  net->config = *config;
  build_tables (net);
  return net;
}

size_t
nn_unet_param_count (const NnUNetConfig *config)
{
  NnUNet *net = plan (config);
  if (net == NULL)
    return 0;
  size_t count = net->count;
  free (net);
  return count;
}

double
nn_unet_flops_per_image (const NnUNetConfig *config)
{
  NnUNet *net = plan (config);
  if (net == NULL)
    return 0;
  double flops = 0;
  for (int i = 0; i < net->nprof; i++)
    flops += net->prof[i].flops;
  free (net);
  return flops;
}

size_t
nn_unet_memory_bytes (const NnUNetConfig *config)
{
  NnUNet *net = plan (config);
  if (net == NULL)
    return 0;
  NnArena a;
  nn_arena_measure (&a);
  layout (net, &a);
  size_t bytes = sizeof (NnUNet) + a.used + nn_adam_memory_bytes (net->count);
  free (net);
  return bytes;
}

size_t
nn_unet_memory_bytes_per_image (const NnUNetConfig *config)
{
  NnUNetConfig one = *config, two = *config;
  one.batch = 1;
  two.batch = 2;
  size_t a = nn_unet_memory_bytes (&one), b = nn_unet_memory_bytes (&two);
  return b > a ? b - a : 0;
}

NnUNet *
nn_unet_new (const NnUNetConfig *config)
{
  NnUNet *net = plan (config);
  if (net == NULL)
    return NULL;
  NnArena a;
  nn_arena_measure (&a);
  layout (net, &a);
  if (nn_arena_alloc (&net->arena, a.used) != 0)
    {
      free (net);
      return NULL;
    }
  layout (net, &net->arena);
  choose_kernels (net);
  memset (net->params, 0, net->count * sizeof (float));
  memset (net->grads, 0, net->count * sizeof (float));
  return net;
}

void
nn_unet_free (NnUNet *net)
{
  if (net == NULL)
    return;
  nn_arena_release (&net->arena);
  free (net);
}

const NnUNetConfig *
nn_unet_get_config (const NnUNet *net)
{
  return &net->config;
}

void
nn_unet_init (NnUNet *net, uint64_t seed)
{
  NnRng rng;
  nn_rng_seed (&rng, seed);
  for (int t = 0; t < net->ntensors; t++)
    {
      const NnTensorInfo *ti = &net->tensors[t];
      float *dst = net->params + ti->offset;
      double fan_in, fan_out;
      switch (ti->kind)
        {
        case NN_TENSOR_CONV3X3_WEIGHT:
          fan_in = 9.0 * ti->shape[2], fan_out = 9.0 * ti->shape[3];
          break;
        case NN_TENSOR_CONV1X1_WEIGHT:
          fan_in = ti->shape[0], fan_out = ti->shape[1];
          break;
        case NN_TENSOR_TCONV2X2_WEIGHT:
          /* Keras's Conv2DTranspose kernel is (2, 2, CO, CI): its fan_in is 4·CO. */
          fan_in = 4.0 * ti->shape[3], fan_out = 4.0 * ti->shape[0];
          break;
        case NN_TENSOR_BIAS:
        default:
          memset (dst, 0, ti->count * sizeof (float));
          continue;
        }
      nn_rng_fill_symmetric (&rng, dst, (long) ti->count, sqrt (6.0 / (fan_in + fan_out)));
    }
}

float *
nn_unet_params (NnUNet *net)
{
  return net->params;
}

float *
nn_unet_grads (NnUNet *net)
{
  return net->grads;
}

size_t
nn_unet_count (const NnUNet *net)
{
  return net->count;
}

int
nn_unet_tensor_count (const NnUNet *net)
{
  return net->ntensors;
}

const NnTensorInfo *
nn_unet_tensor (const NnUNet *net, int index)
{
  return index >= 0 && index < net->ntensors ? &net->tensors[index] : NULL;
}

const NnTensorInfo *
nn_unet_tensor_by_name (const NnUNet *net, const char *name)
{
  for (int t = 0; t < net->ntensors; t++)
    if (strcmp (net->tensors[t].name, name) == 0)
      return &net->tensors[t];
  return NULL;
}

/* Index of our element for each torch element; TO_TORCH picks the direction. */
static void
convert (const NnTensorInfo *t, const float *src, float *dst, bool to_torch)
{
  switch (t->kind)
    {
    case NN_TENSOR_CONV3X3_WEIGHT:
      {
        int ci = t->shape[2], co = t->shape[3];
        for (int o = 0; o < co; o++)
          for (int i = 0; i < ci; i++)
            for (int k = 0; k < 9; k++)
              {
                size_t tt = ((size_t) o * ci + i) * 9 + k, ours = ((size_t) k * ci + i) * co + o;
                if (to_torch)
                  dst[tt] = src[ours];
                else
                  dst[ours] = src[tt];
              }
      }
      break;
    case NN_TENSOR_CONV1X1_WEIGHT:
      {
        int ci = t->shape[0], co = t->shape[1];
        for (int o = 0; o < co; o++)
          for (int i = 0; i < ci; i++)
            {
              size_t tt = (size_t) o * ci + i, ours = (size_t) i * co + o;
              if (to_torch)
                dst[tt] = src[ours];
              else
                dst[ours] = src[tt];
            }
      }
      break;
    case NN_TENSOR_TCONV2X2_WEIGHT:
      {
        int ci = t->shape[0], co = t->shape[3];
        for (int i = 0; i < ci; i++)
          for (int o = 0; o < co; o++)
            for (int k = 0; k < 4; k++)
              {
                size_t tt = ((size_t) i * co + o) * 4 + k, ours = ((size_t) i * 4 + k) * co + o;
                if (to_torch)
                  dst[tt] = src[ours];
                else
                  dst[ours] = src[tt];
              }
      }
      break;
    case NN_TENSOR_BIAS:
    default:
      memcpy (dst, src, t->count * sizeof (float));
      break;
    }
}

void
nn_tensor_to_torch (const NnTensorInfo *info, const float *src, float *dst)
{
  convert (info, src, dst, true);
}

void
nn_tensor_from_torch (const NnTensorInfo *info, const float *src, float *dst)
{
  convert (info, src, dst, false);
}

/* ---- forward / backward ---- */

#define W(net, p) ((net)->params + (net)->tensors[(p).wt].offset)
#define B(net, p) ((net)->params + (net)->tensors[(p).wt + 1].offset)
#define DW(net, p) ((net)->grads + (net)->tensors[(p).wt].offset)
#define DB(net, p) ((net)->grads + (net)->tensors[(p).wt + 1].offset)

static inline double
tick (const NnUNet *net)
{
  return net->profiling ? nn_now () : 0;
}

static inline void
tock_forward (NnUNet *net, int layer, double t0)
{
  if (net->profiling)
    net->prof[layer].forward += nn_now () - t0;
}

static void
conv_fwd (NnUNet *net, int layer, float *y, int ldy, const float *x, int ldx, Param p,
          int n, int s)
{
  double t0 = tick (net);
  nn_conv3x3_forward (y, ldy, x, ldx, W (net, p), B (net, p), n, s, s, p.ci, p.co, true, &p.conv,
                      &net->ws);
  tock_forward (net, layer, t0);
}

static void
conv_bwd (NnUNet *net, int layer, float *dx, int lddx, float *dy, int lddy, const float *x,
          int ldx, const float *y, int ldy, Param p, int n, int s)
{
  NnBackwardTimes times = { 0, 0 };
  nn_conv3x3_backward (dx, lddx, DW (net, p), DB (net, p), dy, lddy, x, ldx, y, ldy,
                       W (net, p), n, s, s, p.ci, p.co, true, &p.conv, &net->ws, &times);
  net->prof[layer].wgrad += times.wgrad;
  net->prof[layer].igrad += times.igrad;
}

void
nn_unet_forward (NnUNet *net, const float *images, int n, float *logits)
{
  int d = net->config.depth;
  int up0 = 3 * d + 2; /* profile index of the first decoder layer */
  double t0;

  if (n < 1 || n > net->config.batch)
    {
      fprintf (stderr, "nn_unet_forward: %d images for a batch of %d\n", n, net->config.batch);
      abort ();
    }
  net->last_n = n;
  memcpy (net->lv[0].in, images, sizeof (float) * n * net->config.size * net->config.size);
  for (int l = 0; l < d; l++)
    {
      Level *lv = &net->lv[l];
      float *next = l + 1 < d ? net->lv[l + 1].in : net->bin;
      conv_fwd (net, 3 * l, lv->a, lv->c, lv->in, lv->cin, lv->conv1, n, lv->s);
      conv_fwd (net, 3 * l + 1, lv->cat + lv->c, 2 * lv->c, lv->a, lv->c, lv->conv2, n, lv->s);
      t0 = tick (net);
      nn_maxpool2x2_forward (next, lv->c, lv->cat + lv->c, 2 * lv->c, n, lv->s, lv->s, lv->c,
                             net->pool);
      tock_forward (net, 3 * l + 2, t0);
    }
  int sb = net->config.size >> d;
  conv_fwd (net, 3 * d, net->b1, net->cb, net->bin, net->lv[d - 1].c, net->b1p, n, sb);
  conv_fwd (net, 3 * d + 1, net->b2, net->cb, net->b1, net->cb, net->b2p, n, sb);
  for (int l = d - 1; l >= 0; l--)
    {
      Level *lv = &net->lv[l];
      int k = up0 + 3 * (d - 1 - l);
      const float *src = l == d - 1 ? net->b2 : net->lv[l + 1].d2;
      t0 = tick (net);
      nn_tconv2x2_forward (lv->cat, 2 * lv->c, src, 2 * lv->c, W (net, lv->up), B (net, lv->up),
                           n, lv->s / 2, lv->s / 2, 2 * lv->c, lv->c, lv->up.tconv, &net->ws);
      tock_forward (net, k, t0);
      conv_fwd (net, k + 1, lv->d1, lv->c, lv->cat, 2 * lv->c, lv->dconv1, n, lv->s);
      conv_fwd (net, k + 2, lv->d2, lv->c, lv->d1, lv->c, lv->dconv2, n, lv->s);
    }
  t0 = tick (net);
  nn_conv1x1_forward (logits, 1, net->lv[0].d2, net->lv[0].c, W (net, net->head),
                      B (net, net->head), (long) n * net->config.size * net->config.size,
                      net->lv[0].c, 1, &net->ws);
  tock_forward (net, 6 * d + 2, t0);
}

void
nn_unet_backward (NnUNet *net, const float *dlogits, int n)
{
  int d = net->config.depth;
  int up0 = 3 * d + 2;
  NnBackwardTimes times = { 0, 0 };

  if (n != net->last_n)
    {
      fprintf (stderr, "nn_unet_backward: %d images after a forward of %d\n", n, net->last_n);
      abort ();
    }
  /* Layers whose gradient would otherwise only be written where a skip adds: none. Every
   * gradient below is overwritten by its producer before it is read. */
  nn_conv1x1_backward (net->g0, net->lv[0].c, DW (net, net->head), DB (net, net->head), dlogits,
                       1, net->lv[0].d2, net->lv[0].c, W (net, net->head),
                       (long) n * net->config.size * net->config.size, net->lv[0].c, 1,
                       &net->ws, &times);
  net->prof[6 * d + 2].wgrad += times.wgrad;
  net->prof[6 * d + 2].igrad += times.igrad;

  for (int l = 0; l < d; l++)
    {
      Level *lv = &net->lv[l];
      int k = up0 + 3 * (d - 1 - l);
      int c = lv->c;
      conv_bwd (net, k + 2, net->g1, c, net->g0, c, lv->d1, c, lv->d2, c, lv->dconv2, n, lv->s);
      conv_bwd (net, k + 1, lv->dcat, 2 * c, net->g1, c, lv->cat, 2 * c, lv->d1, c, lv->dconv1,
                n, lv->s);
      const float *src = l == d - 1 ? net->b2 : net->lv[l + 1].d2;
      NnBackwardTimes tt = { 0, 0 };
      nn_tconv2x2_backward (net->g0, 2 * c, DW (net, lv->up), DB (net, lv->up), lv->dcat, 2 * c,
                            src, 2 * c, W (net, lv->up), n, lv->s / 2, lv->s / 2, 2 * c, c,
                            lv->up.tconv, &net->ws, &tt);
      net->prof[k].wgrad += tt.wgrad;
      net->prof[k].igrad += tt.igrad;
    }
  int sb = net->config.size >> d, cl = net->lv[d - 1].c;
  conv_bwd (net, 3 * d + 1, net->g1, net->cb, net->g0, net->cb, net->b1, net->cb, net->b2,
            net->cb, net->b2p, n, sb);
  conv_bwd (net, 3 * d, net->g0, cl, net->g1, net->cb, net->bin, cl, net->b1, net->cb,
            net->b1p, n, sb);
  for (int l = d - 1; l >= 0; l--)
    {
      Level *lv = &net->lv[l];
      int c = lv->c;
      double t0 = nn_now ();
      nn_maxpool2x2_backward (lv->dcat + c, 2 * c, net->g0, c, lv->cat + c, 2 * c, n, lv->s,
                              lv->s, c, net->pool);
      net->prof[3 * l + 2].igrad += nn_now () - t0;
      /* Level 0's conv1 output again, into g0, which the pool's backward has just read. Its
       * time counts in conv2's weight gradient, which it serves, so that the profile's rate for
       * conv1's forward stays that of one forward. */
      const float *a = lv->a;
      if (l == 0)
        {
          double t1 = tick (net);
          nn_conv3x3_forward (net->g0, c, lv->in, lv->cin, W (net, lv->conv1), B (net, lv->conv1),
                              n, lv->s, lv->s, lv->cin, c, true, &lv->conv1.conv, &net->ws);
          if (net->profiling)
            net->prof[1].wgrad += nn_now () - t1;
          a = net->g0;
        }
      conv_bwd (net, 3 * l + 1, net->g1, c, lv->dcat + c, 2 * c, a, c, lv->cat + c, 2 * c,
                lv->conv2, n, lv->s);
      conv_bwd (net, 3 * l, l > 0 ? net->g0 : NULL, lv->cin, net->g1, c, lv->in, lv->cin, a, c,
                lv->conv1, n, lv->s);
    }
}

void
nn_unet_set_profiling (NnUNet *net, bool enabled)
{
  net->profiling = enabled;
}

void
nn_unet_profile_reset (NnUNet *net)
{
  for (int i = 0; i < net->nprof; i++)
    net->prof[i].forward = net->prof[i].wgrad = net->prof[i].igrad = 0;
}

int
nn_unet_profile (const NnUNet *net, const NnLayerProfile **layers)
{
  *layers = net->prof;
  return net->nprof;
}
