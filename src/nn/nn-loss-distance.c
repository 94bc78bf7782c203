/* nn-loss-distance.c — Boundary loss and Hausdorff-DT loss from logits, value and gradient.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Both are pixelwise means with weights that do not depend on z (the distance maps), so one pass
 * gives value and gradient.  Sums are in double; the Hausdorff-DT loss keeps one partial sum per
 * image and adds them in image order, so its value does not depend on the thread count. */
#include "nn-loss-distance.h"

#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "nn-losses-private.h"
#include "nn-threads.h"

/* The shared float-or-double views of logits, masks and gradient (nn-losses-private.h), and
 * the truth's distance map beside them. */
typedef struct
{
  LossIo loss;
  const float *mf; /* the truth's map: φ_G or d_G */
  const double *md;
} Io;

static inline double
io_map (const Io *io, size_t i)
{
  return io->mf != NULL ? (double) io->mf[i] : io->md[i];
}

/* ---- Boundary loss ---------------------------------------------------------------------- */

/* The loss of the M pixels of IO; WEIGHT × its gradient goes to IO. */
static double
boundary_loss (const Io *io, size_t m, double weight)
{
  double sum = 0, inv_m;

  if (m < 1)
    return NAN;
  inv_m = 1.0 / (double) m;
  for (size_t i = 0; i < m; i++)
    {
      double phi = io_map (io, i);
      Logistic l = logistic (io_logit (&io->loss, i));

      sum += phi * l.p;
      if (io_has_grad (&io->loss))
        io_set_grad (&io->loss, i, weight * phi * l.p * l.q * inv_m);
    }
  return sum * inv_m;
}

double
nn_boundary_loss (const float *logits, const float *sdf, int n, int hw, float *grad)
{
  Io io = { .loss = { .zf = logits, .gf = grad }, .mf = sdf };

  return n < 1 || hw < 1 ? NAN : boundary_loss (&io, (size_t) n * (size_t) hw, 1.0);
}

double
nn_boundary_loss_double (const double *logits, const double *sdf, int n, int hw, double *grad)
{
  Io io = { .loss = { .zd = logits, .gd = grad }, .md = sdf };

  return n < 1 || hw < 1 ? NAN : boundary_loss (&io, (size_t) n * (size_t) hw, 1.0);
}

/* ---- Hausdorff-DT loss ------------------------------------------------------------------ */

typedef struct
{
  const Io *io;
  int n, h, w;
  const NnSpacing *spacing;
  double alpha;
  double weight;     /* the gradient's factor */
  double *per_image; /* N partial sums */
  int status[NN_MAX_THREADS];
} HdtCtx;

static inline double
power_alpha (double d, double alpha)
{
  if (alpha == 2.0)
    return d * d;
  if (alpha == 1.0)
    return d;
  return d > 0 ? pow (d, alpha) : 0.0;
}

static void
hdt_thread (void *data, int tid, int nthreads)
{
  HdtCtx *ctx = data;
  const Io *io = ctx->io;
  size_t hw = (size_t) ctx->h * (size_t) ctx->w;
  double scale = ctx->weight / ((double) ctx->n * (double) hw);
  uint8_t *pred;
  double *dp;
  long begin, end;
  bool ok;

  nn_split (ctx->n, tid, nthreads, &begin, &end);
  if (begin == end)
    return;
  pred = malloc (hw);
  dp = malloc (sizeof (double) * hw);
  ok = pred != NULL && dp != NULL;
  for (long i = begin; ok && i < end; i++)
    {
      size_t off = (size_t) i * hw;
      double sum = 0;

      /* d_P of the thresholded prediction, constant in the gradient. */
      for (size_t j = 0; j < hw; j++)
        pred[j] = io_logit (&io->loss, off + j) > 0.0;
      if (nn_contour_distance (pred, ctx->h, ctx->w, ctx->spacing, dp) != 0)
        {
          ok = false;
          break;
        }
      for (size_t j = 0; j < hw; j++)
        {
          double y = io_mask (&io->loss, off + j);
          double distances = power_alpha (io_map (io, off + j), ctx->alpha)
                             + power_alpha (dp[j], ctx->alpha);
          Logistic l = logistic (io_logit (&io->loss, off + j));
          double e = (1.0 - y) * l.p - y * l.q; /* p − y */

          sum += e * e * distances;
          if (io_has_grad (&io->loss))
            io_set_grad (&io->loss, off + j, 2.0 * e * l.p * l.q * distances * scale);
        }
      ctx->per_image[i] = sum;
    }
  free (pred);
  free (dp);
  ctx->status[tid] = ok ? 0 : -1;
}

static double
hausdorff_dt_loss (const Io *io,
                   int n,
                   int h,
                   int w,
                   const NnSpacing *spacing,
                   double alpha,
                   double weight)
{
  HdtCtx ctx = { .io = io, .n = n, .h = h, .w = w, .spacing = spacing, .alpha = alpha,
                 .weight = weight };
  double sum = 0;
  int threads;

  if (n < 1 || h < 1 || w < 1 || !(isfinite (alpha) && alpha > 0))
    return NAN;
  ctx.per_image = malloc (sizeof (double) * (size_t) n);
  if (ctx.per_image == NULL)
    return NAN;
  threads = nn_get_threads ();
  nn_parallel (hdt_thread, &ctx, n < threads ? n : threads);
  for (int t = 0; t < NN_MAX_THREADS; t++)
    if (ctx.status[t] != 0)
      {
        free (ctx.per_image);
        return NAN;
      }
  for (int i = 0; i < n; i++)
    sum += ctx.per_image[i];
  free (ctx.per_image);
  return sum / ((double) n * (double) h * (double) w);
}

double
nn_hausdorff_dt_loss (const float *logits,
                      const float *masks,
                      const float *truth_distance,
                      int n,
                      int h,
                      int w,
                      const NnSpacing *spacing,
                      double alpha,
                      float *grad)
{
  Io io = { .loss = { .zf = logits, .yf = masks, .gf = grad }, .mf = truth_distance };

  return hausdorff_dt_loss (&io, n, h, w, spacing, alpha, 1.0);
}

double
nn_hausdorff_dt_loss_double (const double *logits,
                             const double *masks,
                             const double *truth_distance,
                             int n,
                             int h,
                             int w,
                             const NnSpacing *spacing,
                             double alpha,
                             double *grad)
{
  Io io = { .loss = { .zd = logits, .yd = masks, .gd = grad }, .md = truth_distance };

  return hausdorff_dt_loss (&io, n, h, w, spacing, alpha, 1.0);
}

/* ---- as terms of nn_loss_compute () ------------------------------------------------------ */

double
nn_loss_boundary_part (const LossIo *io, const float *sdf, size_t m, double weight)
{
  Io with_map = { .loss = *io, .mf = sdf };

  return boundary_loss (&with_map, m, weight);
}

double
nn_loss_hausdorff_dt_part (const LossIo *io,
                           const float *truth_distance,
                           int n,
                           int h,
                           int w,
                           double alpha,
                           double weight)
{
  Io with_map = { .loss = *io, .mf = truth_distance };

  return hausdorff_dt_loss (&with_map, n, h, w, NULL, alpha, weight);
}
