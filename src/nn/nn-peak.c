/* nn-peak.c — timing FMA chains on every thread of the pool, width by width.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "nn-peak.h"

#include <time.h>

#include "nn-peak-private.h"
#include "nn-threads.h"

#define CHAINS 12
#define FLOPS_SCALAR (CHAINS * 2)

/* The baseline ISA's version: as fast as the compiler makes portable C, for machines without
 * AVX2 (and as a floor beside the vector widths). */
static double
chains_scalar (long iterations)
{
  float acc[CHAINS], a = 1.0f, b = 1e-7f;
  double sum = 0;

  for (int k = 0; k < CHAINS; k++)
    acc[k] = (float) k;
  for (long i = 0; i < iterations; i++)
    for (int k = 0; k < CHAINS; k++)
      acc[k] = acc[k] * a + b;
  for (int k = 0; k < CHAINS; k++)
    sum += acc[k];
  return sum;
}

typedef double (*ChainsFunc) (long iterations);

typedef struct
{
  ChainsFunc chains;
  long iterations;
  volatile double sink[NN_MAX_THREADS];
} Job;

static void
job_thread (void *data, int tid, int nthreads)
{
  Job *job = data;

  job->sink[tid] = job->chains (job->iterations);
}

static double
now (void)
{
  struct timespec t;

  clock_gettime (CLOCK_MONOTONIC, &t);
  return t.tv_sec + t.tv_nsec * 1e-9;
}

/* GFLOP/s of CHAINS (FLOPS per iteration) on THREADS threads, the best of three tries of about
 * SECONDS / 3 each. */
static double
measure (ChainsFunc chains, int flops, int threads, double seconds)
{
  Job job = { .chains = chains, .iterations = 1 << 14 };
  double best = 0, elapsed = 0;
  int ran = 1;

  /* Calibrate: grow the count until one region takes a measurable time. */
  while (job.iterations < (1L << 40))
    {
      double t0 = now ();

      ran = nn_parallel (job_thread, &job, threads);
      elapsed = now () - t0;
      if (elapsed > 0.01)
        break;
      job.iterations *= 4;
    }
  job.iterations = (long) (job.iterations * (seconds / 3) / (elapsed > 0 ? elapsed : 1e-3));
  if (job.iterations < 1)
    job.iterations = 1;
  for (int t = 0; t < 3; t++)
    {
      double t0 = now (), rate;

      ran = nn_parallel (job_thread, &job, threads);
      elapsed = now () - t0;
      rate = (double) ran * job.iterations * flops / elapsed / 1e9;
      if (rate > best)
        best = rate;
    }
  return best;
}

int
nn_peak_measure (int threads, double seconds, NnPeak *peak)
{
  if (!(seconds > 0))
    return -1;
  *peak = (NnPeak) { .isa = "scalar" };
  peak->threads = threads < 1 ? 1 : threads > nn_get_threads () ? nn_get_threads () : threads;
  peak->gflops_scalar = measure (chains_scalar, FLOPS_SCALAR, peak->threads, seconds);
  peak->gflops = peak->gflops_scalar;
/* The vector kernels exist in x86-64 builds only (meson defines NN_HAVE_AVX512 there). */
#if defined(NN_HAVE_AVX512)
  __builtin_cpu_init ();
  if (__builtin_cpu_supports ("avx2") && __builtin_cpu_supports ("fma"))
    {
      peak->gflops_256 = measure (nn_peak_chains_256, NN_PEAK_FLOPS_256, peak->threads, seconds);
      if (peak->gflops_256 > peak->gflops)
        {
          peak->gflops = peak->gflops_256;
          peak->isa = "avx2";
        }
    }
  if (__builtin_cpu_supports ("avx512f"))
    {
      peak->gflops_512 = measure (nn_peak_chains_512, NN_PEAK_FLOPS_512, peak->threads, seconds);
      if (peak->gflops_512 > peak->gflops)
        {
          peak->gflops = peak->gflops_512;
          peak->isa = "avx512";
        }
    }
#endif
  return 0;
}
