/* nn-gemm.h — the single-threaded row-major SGEMM the GEMM layers call: OpenBLAS's, or the
 * project's own AVX-512 one (nn-gemm-avx512.c), chosen with the layer's implementation.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The layers split rows over the pool's threads themselves, so each call runs on one thread;
 * PACK is that thread's own scratch (nn_sgemm_avx512_pack_floats () floats; unused by
 * OpenBLAS's, which packs into its own buffers). */
#pragma once

#include <stdbool.h>
#include <stddef.h>

/* C (M×N, row stride LDC) = op(A)·op(B), or C += op(A)·op(B) with ACCUMULATE. op(A) is M×K:
 * A itself (row stride LDA), or with TRANS_A the transpose of A stored K×M; op(B) is K×N: B, or
 * with TRANS_B the transpose of B stored N×K. */
typedef void NnSgemm (bool trans_a, bool trans_b, int m, int n, int k, const float *a, int lda,
                      const float *b, int ldb, bool accumulate, float *c, int ldc, float *pack);

/* cblas_sgemm. */
NnSgemm nn_sgemm_blas;

#ifdef NN_HAVE_AVX512
/* The project's, for a CPU with AVX-512 F (x86-64 builds only). */
NnSgemm nn_sgemm_avx512;
size_t nn_sgemm_avx512_pack_floats (void);

/* The same product with op(B) (K×N) packed beforehand, for a B that many products share (the
 * Winograd transforms of a kernel): PACKED holds nn_sgemm_avx512_packed_b_floats (K, N) floats
 * filled by nn_sgemm_avx512_pack_b. PACK is the thread's scratch, as above. */
size_t nn_sgemm_avx512_packed_b_floats (int k, int n);
void nn_sgemm_avx512_pack_b (bool trans_b, int k, int n, const float *b, int ldb, float *packed);
/* Where element (P, J) of op(B) lies in that packing; elements J … J + 15 follow it when J is a
 * multiple of 16 (a panel is 64 columns wide). */
size_t nn_sgemm_avx512_packed_b_index (int k, int n, int p, int j);
void nn_sgemm_avx512_packed (bool trans_a, int m, int n, int k, const float *a, int lda,
                             const float *packed_b, bool accumulate, float *c, int ldc,
                             float *pack);

/* The same product with op(A) and op(B) rounded to bf16 and FP32 sums, for a CPU with
 * AVX-512 BF16 (nn-gemm-bf16-avx512.c): the wide layers of a network trained in bf16. PACK
 * holds nn_sgemm_bf16_pack_floats () floats. */
NnSgemm nn_sgemm_bf16_avx512;
size_t nn_sgemm_bf16_pack_floats (void);
#endif
