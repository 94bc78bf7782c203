/* nn-kernels.c — each layer's implementation, chosen once per shape from the build, the CPU
 * and the environment.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * On an AVX-512 CPU the direct kernels beat im2col + sgemm on few channels (nn-conv-avx512.c
 * says why), up to 64 output channels; past that, im2col with the project's SGEMM
 * (nn-gemm-avx512.c), which runs near the core's peak whichever kernels OpenBLAS picked. At
 * 128 channels the two are even at 16² (quick's fourth level) and the GEMM is 5 % faster over
 * the poster's network (256², where 128-channel layers run at 64²). */
#include "nn-kernels.h"

#include "nn-gemm.h"

#ifdef NN_HAVE_AVX512
#include "nn-env.h"

#include <pthread.h>

typedef struct
{
  bool avx512;   /* the CPU runs the AVX-512 kernels and NN_DIRECT_CONV allows them */
  int max_co;    /* the widest 3×3 convolution (output channels) they take */
  bool own_gemm; /* the GEMM layers use the project's SGEMM: AVX-512 and NN_OWN_GEMM allow it */
  bool winograd; /* the wide 3×3 layers run Winograd's on it, unless NN_WINOGRAD=0 */
  bool bf16;     /* its bf16 form runs here: AVX-512 BF16 (and BW, for the pairing) */
} Policy;

/* In bf16 the GEMM does twice the work per instruction, and overtakes the FP32 direct kernels
 * from 64 output channels on (poster: 5.8 img/s with 64-channel layers in bf16, 5.0 without;
 * at 16 and 32 channels the GEMM's 64-column tile is mostly padding). */
#define BF16_DIRECT_MAX_CO 32

static Policy policy;
static pthread_once_t policy_once = PTHREAD_ONCE_INIT;

static void
policy_decide (void)
{
  const NnEnv *env = nn_env ();

  policy.max_co = env->direct_max_co > 0 ? env->direct_max_co : 64;
  __builtin_cpu_init ();
  policy.avx512 = env->direct && __builtin_cpu_supports ("avx512f")
                  && __builtin_cpu_supports ("avx512vl") && __builtin_cpu_supports ("avx512dq");
  policy.own_gemm = policy.avx512 && env->own_gemm;
  policy.winograd = policy.own_gemm && env->winograd;
  policy.bf16 = policy.own_gemm && __builtin_cpu_supports ("avx512bw")
                && __builtin_cpu_supports ("avx512bf16");
}

/* Decided once: every network built in this process gets the same code for the same shape. */
static const Policy *
get_policy (void)
{
  pthread_once (&policy_once, policy_decide);
  return &policy;
}
#endif

/* One direction of a 3×3 layer: WD pixels wide, CI → CO channels. */
static const NnConv3x3Impl *
conv3x3_impl (NnKernelSet set, const NnWorkspace *ws, int wd, int ci, int co)
{
#ifdef NN_HAVE_AVX512
  const Policy *p = get_policy ();
  bool best = set == NN_KERNELS_BEST || set == NN_KERNELS_BF16;
  bool bf16 = set == NN_KERNELS_BF16 && p->bf16 && nn_conv3x3_im2col_bf16.fits (ws, wd, ci, co);
  int max_co = bf16 && p->max_co > BF16_DIRECT_MAX_CO ? BF16_DIRECT_MAX_CO : p->max_co;
  if (best && p->avx512 && co <= max_co && nn_conv3x3_avx512.fits (ws, wd, ci, co))
    return &nn_conv3x3_avx512;
  if (bf16 && p->winograd && nn_conv3x3_winograd_bf16.fits (ws, wd, ci, co))
    return &nn_conv3x3_winograd_bf16;
  if (bf16)
    return &nn_conv3x3_im2col_bf16;
  if (best && p->winograd && nn_conv3x3_winograd_avx512.fits (ws, wd, ci, co))
    return &nn_conv3x3_winograd_avx512;
  if (best && p->own_gemm && nn_conv3x3_im2col_avx512.fits (ws, wd, ci, co))
    return &nn_conv3x3_im2col_avx512;
#endif
  (void) set, (void) ws, (void) wd, (void) ci, (void) co;
  return &nn_conv3x3_portable;
}

NnConv3x3Kernels
nn_conv3x3_choose (NnKernelSet set, const NnWorkspace *ws, int wd, int ci, int co)
{
  /* The input gradient convolves dy's CO channels into CI. */
  return (NnConv3x3Kernels) { .forward = conv3x3_impl (set, ws, wd, ci, co),
                              .igrad = conv3x3_impl (set, ws, wd, co, ci) };
}

const NnTconv2x2Impl *
nn_tconv2x2_choose (NnKernelSet set, const NnWorkspace *ws, int ci, int co)
{
#ifdef NN_HAVE_AVX512
  /* NN_DIRECT_MAX_CO is about 3×3 layers only. */
  const Policy *p = get_policy ();
  bool best = set == NN_KERNELS_BEST || set == NN_KERNELS_BF16;
  if (best && p->avx512 && nn_tconv2x2_avx512.fits (ws, ci, co))
    return &nn_tconv2x2_avx512;
  if (set == NN_KERNELS_BF16 && p->bf16 && nn_tconv2x2_gemm_bf16.fits (ws, ci, co))
    return &nn_tconv2x2_gemm_bf16;
  if (best && p->own_gemm && nn_tconv2x2_gemm_avx512.fits (ws, ci, co))
    return &nn_tconv2x2_gemm_avx512;
#endif
  (void) set, (void) ws, (void) ci, (void) co;
  return &nn_tconv2x2_portable;
}

size_t
nn_workspace_winograd_floats (int ci, int co)
{
#ifdef NN_HAVE_AVX512
  if (get_policy ()->winograd)
    {
      size_t f = nn_winograd_u_floats (ci, co), b = nn_winograd_u_floats (co, ci);
      return f > b ? f : b;
    }
#endif
  (void) ci, (void) co;
  return 0;
}

size_t
nn_workspace_pack_floats (void)
{
#ifdef NN_HAVE_AVX512
  const Policy *p = get_policy ();
  size_t fp32 = nn_sgemm_avx512_pack_floats ();
  size_t bf16 = p->bf16 ? nn_sgemm_bf16_pack_floats () : 0;
  if (p->own_gemm)
    return fp32 > bf16 ? fp32 : bf16;
#endif
  return 0;
}

bool
nn_bf16_available (void)
{
#ifdef NN_HAVE_AVX512
  return get_policy ()->bf16;
#else
  return false;
#endif
}

const NnMaxpool2x2Impl *
nn_maxpool2x2_choose (NnKernelSet set)
{
#ifdef NN_HAVE_AVX512
  if (set != NN_KERNELS_PORTABLE && get_policy ()->avx512)
    return &nn_maxpool2x2_avx512;
#endif
  (void) set;
  return &nn_maxpool2x2_portable;
}
