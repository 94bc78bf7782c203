/* nn-losses-ranked.c — the losses that rank pixels: TopK BCE and the Lovász hinge.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Both are evaluated per reduction unit (one image, or the whole batch) and need O(M) scratch:
 * TopK a copy of the per-pixel losses for a linear-time selection, Lovász a sort of the
 * errors with their pixel indices. */
#include "nn-losses-private.h"

#include <stdlib.h>

/* ---- TopK BCE --------------------------------------------------------------------------- */

static inline void
swap_doubles (double *a, double *b)
{
  double t = *a;
  *a = *b;
  *b = t;
}

static double
median3 (double a, double b, double c)
{
  if (a > b)
    swap_doubles (&a, &b);
  if (b > c)
    b = c;
  return a > b ? a : b;
}

/* The value A[K] would hold if A[0 … N) were sorted in increasing order; reorders A.
 * Quickselect with a three-way partition, so runs of equal values (saturated pixels) cost
 * one pass, not a quadratic number. */
static double
select_nth (double *a, size_t n, size_t k)
{
  size_t lo = 0, hi = n;

  while (hi - lo > 1)
    {
      double pivot = median3 (a[lo], a[lo + (hi - lo) / 2], a[hi - 1]);
      size_t lt = lo, i = lo, gt = hi;

      while (i < gt)
        {
          if (a[i] < pivot)
            swap_doubles (&a[lt++], &a[i++]);
          else if (a[i] > pivot)
            swap_doubles (&a[i], &a[--gt]);
          else
            i++;
        }
      if (k < lt)
        hi = lt;
      else if (k >= gt)
        lo = gt;
      else
        return pivot;
    }
  return a[lo];
}

/* The mean of the COUNT = floor (M·k/100) (at least 1) largest BCE values: "online
 * bootstrapping" of Wu, Shen & van den Hengel 2016, the TopK loss of Ma's SegLoss (which keeps
 * int (M·k/100) pixels, as here).  With t the COUNT-th largest value, pixels above t count
 * fully; the E pixels equal to t share the R slots left, R/E each, so the value is the
 * mean of the COUNT largest and the gradient is the average over every way of choosing which
 * tied pixels to keep. */
double
nn_loss_topk_unit (const LossIo *io, size_t off, size_t m, double percent, double weight)
{
  size_t count = (size_t) floor ((double) m * percent / 100.0);
  size_t above = 0, tied = 0;
  double *l, *work, t, share, sum = 0, scale;

  if (count < 1)
    count = 1;
  if (count > m)
    count = m;
  l = malloc (2 * m * sizeof *l);
  if (l == NULL)
    return NAN;
  work = l + m;

  for (size_t i = 0; i < m; i++)
    {
      double y = io_mask (io, off + i);
      Logistic g = logistic (io_logit (io, off + i));

      l[i] = y * g.sp_neg + (1.0 - y) * g.sp_pos;
      work[i] = l[i];
    }
  t = select_nth (work, m, m - count);

  for (size_t i = 0; i < m; i++)
    {
      above += l[i] > t;
      tied += l[i] == t;
    }
  share = (double) (count - above) / (double) tied;
  for (size_t i = 0; i < m; i++)
    if (l[i] > t)
      sum += l[i];
    else if (l[i] == t)
      sum += share * l[i];

  if (io_has_grad (io))
    {
      scale = 1.0 / (double) count;
      for (size_t i = 0; i < m; i++)
        {
          double f = l[i] > t ? 1.0 : l[i] == t ? share : 0.0;
          double g = 0;

          if (f != 0)
            {
              double y = io_mask (io, off + i);
              Logistic g1 = logistic (io_logit (io, off + i));

              g = scale * (f * (y * -g1.q + (1.0 - y) * g1.p));
            }
          io_set_grad (io, off + i, weight * g);
        }
    }

  free (l);
  return sum / (double) count;
}

/* ---- Lovász hinge ----------------------------------------------------------------------- */

typedef struct
{
  double error;
  size_t index;
} Ranked;

/* Decreasing error; equal errors in increasing pixel order (torch.sort (stable=True)). */
static int
ranked_compare (const void *pa, const void *pb)
{
  const Ranked *a = pa, *b = pb;

  if (a->error != b->error)
    return a->error > b->error ? -1 : 1;
  return a->index < b->index ? -1 : a->index > b->index;
}

/* Berman, Rannen Triki & Blaschko 2018, lovasz_hinge_flat: errors e_i = 1 − z_i·(2y_i − 1)
 * sorted in decreasing order, and g the gradient of the Lovász extension of the Jaccard loss,
 * g_k = J_k − J_(k−1), J_k = 1 − I_k / U_k, I_k = Σy − (y of the first k + 1), U_k = Σy + (1 − y
 * of the first k + 1).  The difference is computed without cancellation:
 *   g_0 = 1/U_0,   g_k = (I_(k−1)·(1 − y_k) + y_k·U_(k−1)) / (U_(k−1)·U_k),
 * both ≥ 0, and U_k ≥ 1 always (even for an empty mask, where g = (1, 0, 0, …)).  The loss is
 * Σ relu(e_(k))·g_k, its gradient −(2y − 1)·g where e > 0, 0 elsewhere (g is held constant,
 * as in the authors' code). */
double
nn_loss_lovasz_unit (const LossIo *io, size_t off, size_t m, double weight)
{
  Ranked *r = malloc (m * sizeof *r);
  double gts = 0, inter, uni, value = 0;
  bool grad = io_has_grad (io);

  if (r == NULL)
    return NAN;
  for (size_t i = 0; i < m; i++)
    {
      double y = io_mask (io, off + i);

      r[i].error = 1.0 - io_logit (io, off + i) * (2.0 * y - 1.0);
      r[i].index = i;
      gts += y;
    }
  qsort (r, m, sizeof *r, ranked_compare);

  inter = gts;
  uni = gts;
  for (size_t k = 0; k < m; k++)
    {
      size_t i = off + r[k].index;
      double y = io_mask (io, i);
      double inter_k = inter - y, uni_k = uni + (1.0 - y);
      double g = k == 0 ? 1.0 / uni_k : (inter * (1.0 - y) + y * uni) / (uni * uni_k);
      double e = r[k].error;

      if (e > 0)
        value += e * g;
      if (grad)
        io_set_grad (io, i, e > 0 ? weight * (-(2.0 * y - 1.0) * g) : 0.0);
      inter = inter_k;
      uni = uni_k;
    }

  free (r);
  return value;
}
