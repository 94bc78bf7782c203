/* nn-losses-cldice.c — clDice: soft skeletons by iterated min/max pooling, value and gradient.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Shit, Paetzold, Sekuboyina et al., "clDice — a novel topology-preserving loss function for
 * tubular structure segmentation", CVPR 2021, and their soft_skel / soft_cldice code:
 *
 *   erode (x)  = min (min over the 3×1 column, min over the 1×3 row)   (the 3×3 cross)
 *   dilate (x) = max over 3×3
 *   open (x)   = dilate (erode (x))
 *   x_0 = x,  x_(j+1) = erode (x_j),  d_j = relu (x_j − open (x_j)) = relu (x_j − dilate (x_(j+1)))
 *   skel_0 = d_0,  skel_j = skel_(j−1) + relu (d_j − skel_(j−1)·d_j),  j = 1 … k;  S (x) = skel_k
 *
 * Pixels outside the image are ignored by both poolings (max_pool2d's padding).  The gradient
 * is the one autograd gives the authors' code: each pooling window passes its gradient to its
 * first extreme pixel in row order, the minimum of the two erosions half to each when they
 * tie, relu'(0) = 0.  Each image is skeletonised on its own (k + 2 erosion levels and k + 1
 * skeletons of H×W doubles, kept for the backward pass), once to sum Tprec and Tsens over the
 * reduction unit and once more, when a gradient is wanted, to push d clDice / d S(p) back to
 * the pixels. */
#include "nn-losses-private.h"

#include <stdlib.h>
#include <string.h>

typedef struct
{
  int h, w, k;
  size_t hw;
  double **level; /* k + 2 erosion levels of the prediction */
  double **skel;  /* k + 1 skeletons of the prediction */
  double *truth_a, *truth_b, *truth_skel; /* the truth's skeleton, levels rolled over */
  double *gs, *g_cur, *g_next;            /* the backward pass */
  double *block;
} Workspace;

static bool
workspace_init (Workspace *ws, int h, int w, int k)
{
  size_t hw = (size_t) h * (size_t) w;
  size_t arrays = (size_t) (k + 2) + (size_t) (k + 1) + 3 + 3;

  memset (ws, 0, sizeof *ws);
  ws->h = h;
  ws->w = w;
  ws->k = k;
  ws->hw = hw;
  ws->block = malloc (arrays * hw * sizeof (double));
  ws->level = malloc ((size_t) (2 * k + 3) * sizeof (double *));
  if (ws->block == NULL || ws->level == NULL)
    {
      free (ws->block);
      free (ws->level);
      return false;
    }
  ws->skel = ws->level + (k + 2);
  for (int j = 0; j < k + 2; j++)
    ws->level[j] = ws->block + (size_t) j * hw;
  for (int j = 0; j < k + 1; j++)
    ws->skel[j] = ws->block + (size_t) (k + 2 + j) * hw;
  ws->truth_a = ws->block + (size_t) (2 * k + 3) * hw;
  ws->truth_b = ws->truth_a + hw;
  ws->truth_skel = ws->truth_b + hw;
  ws->gs = ws->truth_skel + hw;
  ws->g_cur = ws->gs + hw;
  ws->g_next = ws->g_cur + hw;
  return true;
}

static void
workspace_clear (Workspace *ws)
{
  free (ws->block);
  free (ws->level);
}

/* The erosion at (R, C): the smaller of the column and row minima, each the first minimum in
 * scan order (−max_pool2d (−x)); A1, A2 the pixels they come from. */
static inline double
erode_at (const double *x, int h, int w, int r, int c, size_t *a1, size_t *a2)
{
  size_t i1 = (size_t) (r > 0 ? r - 1 : r) * (size_t) w + (size_t) c;
  size_t i2 = (size_t) r * (size_t) w + (size_t) (c > 0 ? c - 1 : c);
  double m1 = x[i1], m2 = x[i2];

  for (int rr = (r > 0 ? r : r + 1); rr <= r + 1 && rr < h; rr++)
    {
      size_t i = (size_t) rr * (size_t) w + (size_t) c;
      if (x[i] < m1)
        {
          m1 = x[i];
          i1 = i;
        }
    }
  for (int cc = (c > 0 ? c : c + 1); cc <= c + 1 && cc < w; cc++)
    {
      size_t i = (size_t) r * (size_t) w + (size_t) cc;
      if (x[i] < m2)
        {
          m2 = x[i];
          i2 = i;
        }
    }
  *a1 = i1;
  *a2 = i2;
  return m1 < m2 ? m1 : m2;
}

/* The dilation at (R, C): the first maximum of the 3×3 window in row order. */
static inline double
dilate_at (const double *x, int h, int w, int r, int c, size_t *arg)
{
  int r0 = r > 0 ? r - 1 : 0, r1 = r + 1 < h ? r + 1 : h - 1;
  int c0 = c > 0 ? c - 1 : 0, c1 = c + 1 < w ? c + 1 : w - 1;
  size_t best = (size_t) r0 * (size_t) w + (size_t) c0;
  double m = x[best];

  for (int rr = r0; rr <= r1; rr++)
    for (int cc = c0; cc <= c1; cc++)
      {
        size_t i = (size_t) rr * (size_t) w + (size_t) cc;
        if (x[i] > m)
          {
            m = x[i];
            best = i;
          }
      }
  *arg = best;
  return m;
}

static void
erode (const double *x, double *out, int h, int w)
{
  size_t a1, a2;

  for (int r = 0; r < h; r++)
    for (int c = 0; c < w; c++)
      out[(size_t) r * (size_t) w + (size_t) c] = erode_at (x, h, w, r, c, &a1, &a2);
}

/* G_IN += the gradient of erode () at X given G_OUT at its output. */
static void
erode_backward (const double *x, const double *g_out, double *g_in, int h, int w)
{
  for (int r = 0; r < h; r++)
    for (int c = 0; c < w; c++)
      {
        size_t i = (size_t) r * (size_t) w + (size_t) c, a1, a2;
        double g = g_out[i];

        if (g == 0)
          continue;
        double m1, m2;
        erode_at (x, h, w, r, c, &a1, &a2);
        m1 = x[a1];
        m2 = x[a2];
        if (m1 < m2)
          g_in[a1] += g;
        else if (m2 < m1)
          g_in[a2] += g;
        else
          {
            g_in[a1] += 0.5 * g;
            g_in[a2] += 0.5 * g;
          }
      }
}

/* One skeleton step at pixel I: d_j from x_j and x_(j+1), and skel_j from skel_(j−1) (PREV,
 * NULL for j = 0). */
static inline double
skel_step (double xj, double open, const double *prev, size_t i)
{
  double v = xj - open;
  double d = v > 0 ? v : 0;

  if (prev == NULL)
    return d;
  double u = d - prev[i] * d;
  return prev[i] + (u > 0 ? u : 0);
}

/* The prediction's skeleton: WS->level[0] holds x_0; fills every level and skeleton. */
static void
skeleton_forward (Workspace *ws)
{
  int h = ws->h, w = ws->w, k = ws->k;

  for (int j = 0; j <= k; j++)
    {
      const double *xj = ws->level[j];
      const double *prev = j > 0 ? ws->skel[j - 1] : NULL;
      double *out = ws->skel[j];

      erode (xj, ws->level[j + 1], h, w);
      for (int r = 0; r < h; r++)
        for (int c = 0; c < w; c++)
          {
            size_t i = (size_t) r * (size_t) w + (size_t) c, arg;
            double open = dilate_at (ws->level[j + 1], h, w, r, c, &arg);

            out[i] = skel_step (xj[i], open, prev, i);
          }
    }
}

/* The truth's skeleton, from Y (H×W), into WS->truth_skel; no gradient, levels rolled over. */
static void
skeleton_truth (Workspace *ws, const double *y)
{
  int h = ws->h, w = ws->w, k = ws->k;
  double *cur = ws->truth_a, *next = ws->truth_b, *skel = ws->truth_skel;

  memcpy (cur, y, ws->hw * sizeof *cur);
  for (int j = 0; j <= k; j++)
    {
      double *t;

      erode (cur, next, h, w);
      for (int r = 0; r < h; r++)
        for (int c = 0; c < w; c++)
          {
            size_t i = (size_t) r * (size_t) w + (size_t) c, arg;
            double open = dilate_at (next, h, w, r, c, &arg);

            skel[i] = skel_step (cur[i], open, j > 0 ? skel : NULL, i);
          }
      t = cur;
      cur = next;
      next = t;
    }
}

/* Reverse mode through skeleton_forward (): G_SKEL = d L / d skel_k in; d L / d x_0 out (OUT,
 * written).  Walks j = k … 0; at step j, gx_(j+1) (G_NEXT) is complete once d_j and the
 * opening of step j have added to it, and goes back through its erosion into gx_j (G_CUR). */
static void
skeleton_backward (Workspace *ws, const double *g_skel, double *out)
{
  int h = ws->h, w = ws->w, k = ws->k;
  size_t hw = ws->hw;
  double *gs = ws->gs, *g_cur = ws->g_cur, *g_next = ws->g_next;

  memcpy (gs, g_skel, hw * sizeof *gs);
  memset (g_cur, 0, hw * sizeof *g_cur);
  memset (g_next, 0, hw * sizeof *g_next);
  for (int j = k; j >= 0; j--)
    {
      const double *xj = ws->level[j], *x1 = ws->level[j + 1];
      const double *prev = j > 0 ? ws->skel[j - 1] : NULL;
      double *t;

      for (int r = 0; r < h; r++)
        for (int c = 0; c < w; c++)
          {
            size_t i = (size_t) r * (size_t) w + (size_t) c, arg;
            double open = dilate_at (x1, h, w, r, c, &arg);
            double v = xj[i] - open;
            double d = v > 0 ? v : 0, gd;

            if (prev != NULL)
              {
                /* skel_j = skel_(j−1) + relu (u), u = d − skel_(j−1)·d */
                double u = d - prev[i] * d;
                double gu = u > 0 ? gs[i] : 0;

                gd = gu * (1.0 - prev[i]);
                gs[i] += gu * -d;
              }
            else
              gd = gs[i];
            if (v > 0 && gd != 0)
              {
                g_cur[i] += gd;
                g_next[arg] -= gd;
              }
          }
      erode_backward (xj, g_next, g_cur, h, w);
      t = g_next;
      g_next = g_cur;
      g_cur = t;
      memset (g_cur, 0, hw * sizeof *g_cur);
    }
  memcpy (out, g_next, hw * sizeof *out);
}

typedef struct
{
  double sp, spy, spny; /* Σ S(p), Σ S(p)·y, Σ S(p)·(1 − y) */
  double sy, syp, syq;  /* Σ S(y), Σ S(y)·p, Σ S(y)·q */
} Sums;

static void
load_image (const LossIo *io, size_t off, size_t hw, double *p, double *y)
{
  for (size_t i = 0; i < hw; i++)
    {
      p[i] = logistic (io_logit (io, off + i)).p;
      y[i] = io_mask (io, off + i);
    }
}

/* clDice of images [FIRST, LAST) as one unit; adds WEIGHT × its gradient into IO. */
static double
cldice_unit (Workspace *ws, const LossIo *io, int first, int last, double s, double weight,
             double *y, double *g_skel, double *gp)
{
  size_t hw = ws->hw;
  Sums u = { 0 };
  double tprec, tsens, nprec, nsens, sum, value, a, b;

  for (int n = first; n < last; n++)
    {
      size_t off = (size_t) n * hw;

      load_image (io, off, hw, ws->level[0], y);
      skeleton_forward (ws);
      skeleton_truth (ws, y);
      for (size_t i = 0; i < hw; i++)
        {
          double sp = ws->skel[ws->k][i], st = ws->truth_skel[i];
          double q = logistic (io_logit (io, off + i)).q;

          u.sp += sp;
          u.spy += sp * y[i];
          u.spny += sp * (1.0 - y[i]);
          u.sy += st;
          u.syp += st * ws->level[0][i];
          u.syq += st * q;
        }
    }

  /* Tprec, Tsens and 1 − each from sums of non-negative terms: no cancellation near 1. */
  tprec = (u.spy + s) / (u.sp + s);
  nprec = u.spny / (u.sp + s);
  tsens = (u.syp + s) / (u.sy + s);
  nsens = u.syq / (u.sy + s);
  sum = tprec + tsens;
  value = (tprec * nsens + tsens * nprec) / sum;

  if (!io_has_grad (io) || weight == 0)
    return value;

  /* d clDice / d Tprec and d Tsens */
  a = -2.0 * tsens * tsens / (sum * sum);
  b = -2.0 * tprec * tprec / (sum * sum);
  for (int n = first; n < last; n++)
    {
      size_t off = (size_t) n * hw;

      load_image (io, off, hw, ws->level[0], y);
      skeleton_forward (ws);
      skeleton_truth (ws, y);
      /* d Tprec / d S(p)_i = (y_i − Tprec) / (Σ S(p) + s) */
      for (size_t i = 0; i < hw; i++)
        g_skel[i] = a * (y[i] * nprec - (1.0 - y[i]) * tprec) / (u.sp + s);
      skeleton_backward (ws, g_skel, gp);
      for (size_t i = 0; i < hw; i++)
        {
          Logistic l = logistic (io_logit (io, off + i));
          /* d Tsens / d p_i = S(y)_i / (Σ S(y) + s) */
          double dp = gp[i] + b * ws->truth_skel[i] / (u.sy + s);

          io->gd[off + i] += weight * (dp * l.p * l.q);
        }
    }
  return value;
}

double
nn_loss_cldice_part (const NnLossTerm *term,
                     const LossIo *io,
                     int n,
                     int h,
                     int w,
                     double weight)
{
  Workspace ws;
  double s = term->smooth, total = 0, *extra;
  size_t hw = (size_t) h * (size_t) w;

  if (!workspace_init (&ws, h, w, term->iterations))
    return NAN;
  extra = malloc (3 * hw * sizeof *extra);
  if (extra == NULL)
    {
      workspace_clear (&ws);
      return NAN;
    }

  if (term->reduction == NN_REDUCE_PER_IMAGE)
    {
      for (int i = 0; i < n; i++)
        total += cldice_unit (&ws, io, i, i + 1, s, weight / n, extra, extra + hw,
                              extra + 2 * hw);
      total /= n;
    }
  else
    total = cldice_unit (&ws, io, 0, n, s, weight, extra, extra + hw, extra + 2 * hw);

  free (extra);
  workspace_clear (&ws);
  return total;
}
