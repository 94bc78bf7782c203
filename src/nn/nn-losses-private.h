/* nn-losses-private.h — what the loss files share: float/double views, σ and softplus.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "nn-losses.h"

#include <math.h>

/* Float or double views of the same arrays, so one code path serves nn_loss () and
 * nn_loss_double (); the branch is perfectly predictable and the loss is cheap next to the
 * network.  With ADD the gradients add into GD (a zeroed double array: the caller's, or
 * scratch that is rounded to float at the end), so that several parts of a loss can each
 * contribute; otherwise each pixel's gradient is written once. */
typedef struct
{
  const float *zf;
  const double *zd;
  const float *yf;
  const double *yd;
  float *gf;
  double *gd;
  bool add;
} LossIo;

static inline double
io_logit (const LossIo *io, size_t i)
{
  return io->zf != NULL ? (double) io->zf[i] : io->zd[i];
}

static inline double
io_mask (const LossIo *io, size_t i)
{
  return io->yf != NULL ? (double) io->yf[i] : io->yd[i];
}

static inline bool
io_has_grad (const LossIo *io)
{
  return io->gf != NULL || io->gd != NULL;
}

static inline void
io_set_grad (const LossIo *io, size_t i, double g)
{
  if (io->add)
    io->gd[i] += g;
  else if (io->gf != NULL)
    io->gf[i] = (float) g;
  else
    io->gd[i] = g;
}

/* σ(z), σ(−z), softplus(z) and softplus(−z) without overflow and without 1 − p:
 * with a = |z|, e = exp(−a) ∈ (0, 1], softplus(±a) = log1p (e) + max(±a, 0). */
typedef struct
{
  double p, q, sp_pos, sp_neg;
} Logistic;

static inline Logistic
logistic (double z)
{
  double a = fabs (z);
  double e = exp (-a);
  double l = log1p (e);
  double big = 1.0 / (1.0 + e);
  double small = e / (1.0 + e);
  Logistic r;

  if (z >= 0)
    {
      r.p = big;
      r.q = small;
      r.sp_pos = z + l;
      r.sp_neg = l;
    }
  else
    {
      r.p = small;
      r.q = big;
      r.sp_pos = l;
      r.sp_neg = -z + l;
    }
  return r;
}

/* TopK BCE over the M pixels from OFF on (nn-losses-ranked.c): the unit's loss; WEIGHT × its
 * gradient goes to IO.  NaN when scratch memory is short. */
double nn_loss_topk_unit (const LossIo *io, size_t off, size_t m, double percent, double weight);

/* The Lovász hinge of the M pixels from OFF on, likewise. */
double nn_loss_lovasz_unit (const LossIo *io, size_t off, size_t m, double weight);

/* The clDice part of TERM (nn-losses-cldice.c) over N images of H×W, reduced as TERM says:
 * returns clDice (not yet times a) and adds WEIGHT × its gradient into IO, which must be in
 * ADD mode when it has a gradient.  NaN when scratch memory is short. */
double nn_loss_cldice_part (const NnLossTerm *term,
                            const LossIo *io,
                            int n,
                            int h,
                            int w,
                            double weight);

/* The Boundary loss mean[φ_G·p] of the M pixels of IO (nn-loss-distance.c), φ_G the truth's
 * signed distance maps SDF (M floats): the loss; WEIGHT × its gradient goes to IO. */
double nn_loss_boundary_part (const LossIo *io, const float *sdf, size_t m, double weight);

/* The Hausdorff-DT loss of N images of H×W with exponent ALPHA, TRUTH_DISTANCE the truth's
 * contour distance maps in pixels (d_P is measured in pixels too), likewise.  NaN when
 * memory runs out. */
double nn_loss_hausdorff_dt_part (const LossIo *io,
                                  const float *truth_distance,
                                  int n,
                                  int h,
                                  int w,
                                  double alpha,
                                  double weight);
