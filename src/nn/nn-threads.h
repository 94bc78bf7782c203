/* nn-threads.h — the numeric core's thread pool and its split of cores with OpenBLAS.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One pool of T threads (the caller is thread 0). Work is handed out as regions: every thread
 * runs FN (ctx, tid, nthreads) and the call returns when all have finished. Each layer divides
 * its rows by tid, so a result depends only on T, never on timing: a seed and a thread count
 * fully determine a run.
 *
 * Two ways of sharing the cores with OpenBLAS (`lossbench-cli bench --thread-mode` measures both):
 *   NN_THREADS_OWN  (default) — OpenBLAS runs single-threaded; every GEMM is split by rows over
 *                   the pool, each thread doing its own im2col, GEMM and epilogue on its rows.
 *   NN_THREADS_BLAS — each GEMM is one call on OpenBLAS's T threads; only our own loops
 *                   (elementwise, pooling, reductions) run on the pool.
 * Either way at most T threads compute at once: the pool sleeps during OpenBLAS calls in BLAS
 * mode, and OpenBLAS has no threads of its own in OWN mode.
 * Measured on the 2-core machine (shared, so ±20 %): with im2col + sgemm for every layer, OWN
 * trained the quick config 1.6× faster than BLAS (15.8 vs 9.9 img/s; 15.9 vs 12.0 images per
 * CPU-second). With the direct kernels of nn-conv-avx512.c taking the thin layers, the two are
 * within noise on tiny and quick, and OWN stays ahead on poster (1.07 vs 0.94 img/s). */
#pragma once

#define NN_MAX_THREADS 64

typedef enum
{
  NN_THREADS_OWN,
  NN_THREADS_BLAS,
} NnThreadMode;

/* Sets the number of threads (1 … NN_MAX_THREADS; values outside are clamped). The default is
 * the number of online CPUs. Waits for a running region to end. */
void nn_set_threads (int n);
int nn_get_threads (void);

void nn_set_thread_mode (NnThreadMode mode);
NnThreadMode nn_get_thread_mode (void);

/* Threads a row-split GEMM region should use: T in OWN mode, 1 in BLAS mode (where the one
 * thread's GEMMs are themselves multi-threaded by OpenBLAS). */
int nn_gemm_threads (void);

typedef void (*NnParallelFunc) (void *ctx, int tid, int nthreads);

/* Runs FN on NTHREADS threads (clamped to 1 … nn_get_threads ()) and returns how many ran it.
 * Called from inside a region it runs FN on the calling thread alone. Any thread may call it;
 * regions from different threads run one after the other, never interleaved. */
int nn_parallel (NnParallelFunc fn, void *ctx, int nthreads);

/* The half-open share [*begin, *end) of COUNT items that thread TID of NTHREADS takes. */
static inline void
nn_split (long count, int tid, int nthreads, long *begin, long *end)
{
  long q = count / nthreads, r = count % nthreads;
  *begin = tid * q + (tid < r ? tid : r);
  *end = *begin + q + (tid < r ? 1 : 0);
}
