/* nn-conv-common.c — gradient reductions, ReLU masking and kernel flipping for every
 * convolution implementation.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "nn-conv-common.h"
#include "nn-threads.h"

int
nn_layer_gemm_threads (const NnWorkspace *ws)
{
  int nt = nn_gemm_threads ();
  return nt < ws->threads ? nt : ws->threads;
}

typedef struct
{
  float *dw;
  const NnWorkspace *ws;
  size_t count;
  int nt;
} ReduceCtx;

static void
reduce_part (void *p, int tid, int nthreads)
{
  ReduceCtx *c = p;
  long i0, i1;
  nn_split ((long) c->count, tid, nthreads, &i0, &i1);
  for (int t = 1; t < c->nt; t++)
    {
      const float *part = c->ws->wpartial + (size_t) (t - 1) * c->ws->w_floats;
      for (long i = i0; i < i1; i++)
        c->dw[i] += part[i];
    }
}

void
nn_reduce_weight_partials (float *dw, const NnWorkspace *ws, size_t count, int nt)
{
  if (nt <= 1)
    return;
  ReduceCtx c = { dw, ws, count, nt };
  nn_parallel (reduce_part, &c, nn_get_threads ());
}

void
nn_reduce_bias_partials (float *db, const NnWorkspace *ws, int co, int nt)
{
  for (int o = 0; o < co; o++)
    {
      double s = 0;
      for (int t = 0; t < nt; t++)
        s += ws->bpartial[(size_t) t * ws->max_channels + o];
      db[o] = (float) s;
    }
}

/* Sums run in float over blocks of 256 pixels (vectorised), then into double, so neither
 * precision nor speed suffers at 10⁶ pixels. */
void
nn_mask_bias_rows (float *dy, int lddy, const float *y, int ldy, bool relu, int co, long m0,
                   long m1, double *acc)
{
  for (int o0 = 0; o0 < co; o0 += 256)
    {
      int oc = co - o0 < 256 ? co - o0 : 256;
      float facc[256];
      for (long mb = m0; mb < m1; mb += 256)
        {
          long me = mb + 256 < m1 ? mb + 256 : m1;
          for (int o = 0; o < oc; o++)
            facc[o] = 0.0f;
          for (long m = mb; m < me; m++)
            {
              float *d = dy + (size_t) m * lddy + o0;
              if (relu)
                {
                  const float *yr = y + (size_t) m * ldy + o0;
                  for (int o = 0; o < oc; o++)
                    {
                      float v = yr[o] > 0.0f ? d[o] : 0.0f;
                      d[o] = v;
                      facc[o] += v;
                    }
                }
              else
                for (int o = 0; o < oc; o++)
                  facc[o] += d[o];
            }
          for (int o = 0; o < oc; o++)
            acc[o0 + o] += facc[o];
        }
    }
}

void
nn_flip3x3_rows (float *wflip, const float *w, int ci, int co, long r0, long r1)
{
  for (long r = r0; r < r1; r++)
    {
      int tap = (int) (r / co), o = (int) (r % co);
      const float *src = w + (size_t) (8 - tap) * ci * co + o;
      float *dst = wflip + (size_t) r * ci;
      for (int i = 0; i < ci; i++)
        dst[i] = src[(size_t) i * co];
    }
}
