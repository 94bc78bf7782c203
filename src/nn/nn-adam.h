/* nn-adam.h — Adam as Keras does it (β1 0.9, β2 0.999, ε 1e-7 added to √v), on one flat array.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Step t (1-based):  m ← m + (g − m)(1 − β1);  v ← v + (g² − v)(1 − β2);
 *                    θ ← θ − α·m / (√v + ε),  α = lr·√(1 − β2^t) / (1 − β1^t).
 * This is Keras's update (ε outside the bias correction of v); PyTorch's torch.optim.Adam puts
 * ε after correcting v, which differs while v is small. The state (m, v, t) is everything a
 * checkpoint must save for a bit-exact resume. */
#pragma once

#include <stddef.h>
#include <stdint.h>

typedef struct
{
  size_t count;    /* parameters */
  float *m;        /* first moments, COUNT floats */
  float *v;        /* second moments, COUNT floats */
  int64_t t;       /* steps taken so far */
  float beta1, beta2, epsilon;
} NnAdam;

/* The bytes nn_adam_new (count) allocates. */
size_t nn_adam_memory_bytes (size_t count);
/* Zero moments, t = 0, Keras's defaults; NULL when the memory is not there. */
NnAdam *nn_adam_new (size_t count);
void nn_adam_free (NnAdam *adam);
/* Back to zero moments and t = 0. */
void nn_adam_reset (NnAdam *adam);
/* One update of PARAMS (COUNT floats) with GRADS at learning rate LR (may change every step). */
void nn_adam_step (NnAdam *adam, float *params, const float *grads, float lr);
