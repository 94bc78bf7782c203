/* nn-pointwise.c — ReLU, sigmoid and channel concatenation: layers without weights.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Shapes: COUNT floats for the elementwise layers; P pixels × (CA + CB) channels for the
 * concatenation. Inside the U-Net the ReLU is fused into the convolutions and the concatenation
 * is done by layout (two layers write the halves of one tensor); these standalone versions are
 * what the tests check those fused paths against, and what callers use for probabilities. */
#include "nn-layers.h"
#include "nn-threads.h"

#include <math.h>
#include <string.h>

typedef struct
{
  float *out;
  const float *a, *b;
  long count;
  int kind;
} PointCtx;

enum { RELU_F, RELU_B, SIGMOID_F, SIGMOID_B };

static void
point_part (void *p, int tid, int nt)
{
  const PointCtx *c = p;
  long i0, i1;
  nn_split (c->count, tid, nt, &i0, &i1);
  switch (c->kind)
    {
    case RELU_F:
      for (long i = i0; i < i1; i++)
        c->out[i] = c->a[i] > 0.0f ? c->a[i] : 0.0f;
      break;
    case RELU_B: /* a = dy, b = y */
      for (long i = i0; i < i1; i++)
        c->out[i] = c->b[i] > 0.0f ? c->a[i] : 0.0f;
      break;
    case SIGMOID_F:
      for (long i = i0; i < i1; i++)
        {
          /* Never exp of a large positive number: no overflow for any logit. */
          float z = c->a[i];
          if (z >= 0.0f)
            c->out[i] = 1.0f / (1.0f + expf (-z));
          else
            {
              float e = expf (z);
              c->out[i] = e / (1.0f + e);
            }
        }
      break;
    case SIGMOID_B: /* a = dy, b = y */
      for (long i = i0; i < i1; i++)
        c->out[i] = c->a[i] * c->b[i] * (1.0f - c->b[i]);
      break;
    }
}

static void
run (int kind, float *out, const float *a, const float *b, long count)
{
  PointCtx c = { out, a, b, count, kind };
  /* Below ~64 K floats a wake-up of the pool costs more than the loop. */
  nn_parallel (point_part, &c, count < 65536 ? 1 : nn_get_threads ());
}

void
nn_relu_forward (float *y, const float *x, long count)
{
  run (RELU_F, y, x, NULL, count);
}

void
nn_relu_backward (float *dx, const float *dy, const float *y, long count)
{
  run (RELU_B, dx, dy, y, count);
}

void
nn_sigmoid_forward (float *y, const float *x, long count)
{
  run (SIGMOID_F, y, x, NULL, count);
}

void
nn_sigmoid_backward (float *dx, const float *dy, const float *y, long count)
{
  run (SIGMOID_B, dx, dy, y, count);
}

void
nn_concat_forward (float *y, const float *a, const float *b, long p, int ca, int cb)
{
  for (long i = 0; i < p; i++)
    {
      memcpy (y + (size_t) i * (ca + cb), a + (size_t) i * ca, sizeof (float) * ca);
      memcpy (y + (size_t) i * (ca + cb) + ca, b + (size_t) i * cb, sizeof (float) * cb);
    }
}

void
nn_concat_backward (float *da, float *db, const float *dy, long p, int ca, int cb)
{
  for (long i = 0; i < p; i++)
    {
      if (da)
        memcpy (da + (size_t) i * ca, dy + (size_t) i * (ca + cb), sizeof (float) * ca);
      if (db)
        memcpy (db + (size_t) i * cb, dy + (size_t) i * (ca + cb) + ca, sizeof (float) * cb);
    }
}
