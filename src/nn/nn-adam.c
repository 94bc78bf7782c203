/* nn-adam.c — the Keras Adam update, elementwise over the pool's threads.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "nn-adam.h"
#include "nn-threads.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define ALIGN 64

static size_t
round_up (size_t bytes)
{
  return (bytes + ALIGN - 1) / ALIGN * ALIGN;
}

size_t
nn_adam_memory_bytes (size_t count)
{
  return round_up (sizeof (NnAdam)) + 2 * round_up (count * sizeof (float));
}

NnAdam *
nn_adam_new (size_t count)
{
  /* One block: the struct, then m, then v. */
  char *block = aligned_alloc (ALIGN, nn_adam_memory_bytes (count));
  if (block == NULL)
    return NULL;
  NnAdam *adam = (NnAdam *) block;
  adam->count = count;
  adam->m = (float *) (block + round_up (sizeof (NnAdam)));
  adam->v = (float *) (block + round_up (sizeof (NnAdam)) + round_up (count * sizeof (float)));
  adam->beta1 = 0.9f;
  adam->beta2 = 0.999f;
  adam->epsilon = 1e-7f;
  nn_adam_reset (adam);
  return adam;
}

void
nn_adam_free (NnAdam *adam)
{
  free (adam);
}

void
nn_adam_reset (NnAdam *adam)
{
  memset (adam->m, 0, adam->count * sizeof (float));
  memset (adam->v, 0, adam->count * sizeof (float));
  adam->t = 0;
}

typedef struct
{
  NnAdam *adam;
  float *params;
  const float *grads;
  float alpha, one_minus_b1, one_minus_b2;
} StepCtx;

static void
step_part (void *p, int tid, int nt)
{
  const StepCtx *c = p;
  long i0, i1;
  nn_split ((long) c->adam->count, tid, nt, &i0, &i1);
  float *m = c->adam->m, *v = c->adam->v, eps = c->adam->epsilon;
  for (long i = i0; i < i1; i++)
    {
      float g = c->grads[i];
      m[i] += (g - m[i]) * c->one_minus_b1;
      v[i] += (g * g - v[i]) * c->one_minus_b2;
      c->params[i] -= c->alpha * m[i] / (sqrtf (v[i]) + eps);
    }
}

void
nn_adam_step (NnAdam *adam, float *params, const float *grads, float lr)
{
  adam->t++;
  double b1t = pow (adam->beta1, (double) adam->t), b2t = pow (adam->beta2, (double) adam->t);
  StepCtx c = {
    .adam = adam,
    .params = params,
    .grads = grads,
    .alpha = (float) (lr * sqrt (1.0 - b2t) / (1.0 - b1t)),
    .one_minus_b1 = 1.0f - adam->beta1,
    .one_minus_b2 = 1.0f - adam->beta2,
  };
  /* Elementwise, so the result does not depend on how the threads split it. */
  nn_parallel (step_part, &c, adam->count < 65536 ? 1 : nn_get_threads ());
}
