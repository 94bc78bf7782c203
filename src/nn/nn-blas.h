/* nn-blas.h — which OpenBLAS kernels run, and whether the CPU deserves better ones.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * OpenBLAS picks its kernels from the CPU model when it loads. Debian 12's 0.3.21 does not know
 * CPUs newer than itself (e.g. 5th-generation Xeon, family 6 model 207) and falls back to its
 * SSE3 "Prescott" kernels: 5–6× slower GEMMs on an AVX-512 machine. The only remedy it offers
 * is the environment variable OPENBLAS_CORETYPE, read once when the library loads, so a program
 * must set it before it starts (or re-execute itself). */
#pragma once

/* The kernel set OpenBLAS uses ("SkylakeX", "Haswell", "Prescott", …). */
const char *nn_blas_core (void);

/* An OPENBLAS_CORETYPE value that suits this CPU better than nn_blas_core (): "SkylakeX" for
 * AVX-512 (F, DQ, BW, VL), "Haswell" for AVX2 + FMA; NULL when the current kernels already
 * use what the CPU has. Decided from the CPU's feature flags, not its model number. */
const char *nn_blas_better_coretype (void);

/* For a program's main (): when nn_blas_better_coretype () has a suggestion and the user has
 * not set OPENBLAS_CORETYPE, sets it and re-executes /proc/self/exe with ARGV (NULL-terminated),
 * so the program restarts on the faster kernels. Returns only if it did not re-execute. Call it
 * first thing, before threads or open windows exist. */
void nn_blas_reexec_if_needed (char **argv);
