/* nn-blas.c — OpenBLAS kernel detection against the CPU's own feature flags.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "nn-blas.h"

#include <cblas.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdlib.h>
#include <strings.h>
#include <unistd.h>

const char *
nn_blas_core (void)
{
  const char *name = openblas_get_corename ();
  return name ? name : "unknown";
}

#if defined(__x86_64__) && defined(__GNUC__)
static bool
core_in (const char *core, const char *const *names)
{
  for (; *names; names++)
    if (strcasecmp (core, *names) == 0)
      return true;
  return false;
}
#endif

const char *
nn_blas_better_coretype (void)
{
#if defined(__x86_64__) && defined(__GNUC__)
  static const char *const avx512_cores[] = { "SkylakeX", "Cooperlake", "SapphireRapids", NULL };
  static const char *const avx2_cores[] = { "Haswell", "Zen", "SkylakeX", "Cooperlake",
                                            "SapphireRapids", NULL };
  const char *core = nn_blas_core ();

  __builtin_cpu_init ();
  if (__builtin_cpu_supports ("avx512f") && __builtin_cpu_supports ("avx512dq")
      && __builtin_cpu_supports ("avx512bw") && __builtin_cpu_supports ("avx512vl"))
    return core_in (core, avx512_cores) ? NULL : "SkylakeX";
  if (__builtin_cpu_supports ("avx2") && __builtin_cpu_supports ("fma"))
    return core_in (core, avx2_cores) ? NULL : "Haswell";
#endif
  return NULL;
}

void
nn_blas_reexec_if_needed (char **argv)
{
  const char *better = nn_blas_better_coretype ();
  if (better == NULL || getenv ("OPENBLAS_CORETYPE") != NULL)
    return;
  /* Set even if exec fails, so that a child or a second attempt does not loop. */
  setenv ("OPENBLAS_CORETYPE", better, 1);
  execv ("/proc/self/exe", argv);
}
