/* nn-peak.h — the machine's FP32 FMA peak, measured rather than looked up.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The benchmark reports its GFLOP/s as a fraction of what this machine's cores can do at all.
 * Data sheets do not say it for a VM whose CPU changes from day to day, and even on one model
 * the rate depends on the vector width (Zen 4 runs 512-bit FMAs at half rate, Zen 5 and recent
 * Intel server cores at full rate) and the clock under load. So it is measured: every thread of
 * the pool runs 12 independent FMA chains (more than the latency × throughput of any current
 * core, so the chains never wait on each other) in registers, no memory traffic, for each
 * vector width the CPU has; the fastest width is the peak. An FMA counts 2 FLOPs per lane. */
#pragma once

typedef struct
{
  double gflops;       /* the best of the widths, every thread together */
  double gflops_512;   /* zmm chains (0 when the CPU has no AVX-512) */
  double gflops_256;   /* ymm chains (0 without AVX2 and FMA) */
  double gflops_scalar;/* plain C (the compiler's scalar or baseline vector FMAs) */
  const char *isa;     /* the width that gave GFLOPS: "avx512", "avx2" or "scalar" */
  int threads;
} NnPeak;

/* Measures on THREADS threads of the pool (clamped as nn_parallel clamps), each width for about
 * SECONDS (three tries of a third each, the best kept). Returns 0, or −1 when SECONDS is not
 * positive. */
int nn_peak_measure (int threads, double seconds, NnPeak *peak);
