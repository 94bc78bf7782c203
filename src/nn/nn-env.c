/* nn-env.c — the NN_* environment knobs, parsed once.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "nn-env.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

static NnEnv env;
static pthread_once_t env_once = PTHREAD_ONCE_INIT;

static void
env_read (void)
{
  const char *direct = getenv ("NN_DIRECT_CONV");
  const char *max_co = getenv ("NN_DIRECT_MAX_CO");
  const char *chunk = getenv ("NN_CHUNK_FLOATS");
  const char *own_gemm = getenv ("NN_OWN_GEMM");
  const char *winograd = getenv ("NN_WINOGRAD");

  env.direct = direct == NULL || strcmp (direct, "0") != 0;
  env.direct_max_co = max_co && atoi (max_co) >= 1 && atoi (max_co) <= 128 ? atoi (max_co) : 0;
  env.chunk_floats = chunk && atol (chunk) > 0 ? (size_t) atol (chunk) : 0;
  env.own_gemm = own_gemm == NULL || strcmp (own_gemm, "0") != 0;
  env.winograd = winograd == NULL || strcmp (winograd, "0") != 0;
}

const NnEnv *
nn_env (void)
{
  /* Networks may be built on several threads at once (a trainer and an evaluation). */
  pthread_once (&env_once, env_read);
  return &env;
}
