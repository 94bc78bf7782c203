/* nn-gemm.c — OpenBLAS's SGEMM behind the NnSgemm signature.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "nn-gemm.h"

#include <cblas.h>

void
nn_sgemm_blas (bool trans_a, bool trans_b, int m, int n, int k, const float *a, int lda,
               const float *b, int ldb, bool accumulate, float *c, int ldc, float *pack)
{
  (void) pack;
  cblas_sgemm (CblasRowMajor, trans_a ? CblasTrans : CblasNoTrans,
               trans_b ? CblasTrans : CblasNoTrans, m, n, k, 1.0f, a, lda, b, ldb,
               accumulate ? 1.0f : 0.0f, c, ldc);
}
