/* test-loss-distance.c — Boundary loss and Hausdorff-DT loss against PyTorch
 * (tests/reference/distance.txt), finite differences, extremes, threads.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The PyTorch side (torch_distance.py) is written from the papers, float64 autograd, with its
 * distance maps from SciPy; the C side computes its own maps (nn-distance.h) from the masks.
 * Finite differences run on the double entry points. */
#include <float.h>
#include <glib.h>
#include <math.h>
#include <string.h>

#include "distance-fixture.h"
#include "nn-distance.h"
#include "nn-loss-distance.h"
#include "nn-threads.h"

#define RTOL 1e-4

typedef struct
{
  double value, grad;
} Worst;

static void
compare (const char *what, const char *batch, double value, const float *grad, double want,
         const double *want_grad, size_t m, Worst *worst)
{
  double gmax = 0, err = fabs (value - want);

  g_assert_true (isfinite (value));
  if (err > RTOL * fabs (want) + 1e-12)
    g_error ("%s, batch %s: value %.12g, PyTorch %.12g", what, batch, value, want);
  worst->value = MAX (worst->value, err / MAX (fabs (want), 1e-12));
  for (size_t i = 0; i < m; i++)
    gmax = MAX (gmax, fabs (want_grad[i]));
  for (size_t i = 0; i < m; i++)
    {
      double d = fabs (grad[i] - want_grad[i]);

      g_assert_true (isfinite (grad[i]));
      /* float holds no slopes below ~1e-38 (saturated pixels have ~1e-44) */
      if (d > RTOL * fabs (want_grad[i]) + 1e-6 * gmax + 1e-30)
        g_error ("%s, batch %s: d/dz[%zu] = %.9g, PyTorch %.9g", what, batch, i, grad[i],
                 want_grad[i]);
      if (fabs (want_grad[i]) > 1e-6 * gmax && fabs (want_grad[i]) > 1e-30)
        worst->grad = MAX (worst->grad, d / fabs (want_grad[i]));
    }
}

/* Four batches (mixed masks; logits at ±5 … ±100; empty and full truths with random,
 * confidently right and confidently wrong logits; anisotropic spacing) × Boundary loss and
 * Hausdorff-DT with α = 2, 1, 0.5. */
static void
test_fixture (void)
{
  DistanceFixture *fx = distance_fixture_load ();
  Worst boundary = { 0, 0 }, hdt = { 0, 0 };
  double worst_map = 0;

  g_assert_cmpuint (fx->batches->len, >=, 4);
  for (guint bi = 0; bi < fx->batches->len; bi++)
    {
      FixLossBatch *b = &g_array_index (fx->batches, FixLossBatch, bi);
      size_t m = (size_t) b->n * b->h * b->w;
      g_autofree float *sdf = g_new (float, m);
      g_autofree float *cd = g_new (float, m);
      g_autofree float *grad = g_new (float, m);
      double value;

      g_assert_cmpint (nn_signed_distance_batch (b->y, b->n, b->h, b->w, &b->spacing, sdf), ==,
                       0);
      g_assert_cmpint (nn_contour_distance_batch (b->y, b->n, b->h, b->w, &b->spacing, cd), ==,
                       0);
      for (size_t i = 0; i < m; i++)
        {
          g_assert_cmpfloat_with_epsilon (sdf[i], b->sdf[i], 1e-5);
          g_assert_cmpfloat_with_epsilon (cd[i], b->contour[i], 1e-5);
          worst_map = MAX (worst_map, MAX (fabs (sdf[i] - b->sdf[i]),
                                           fabs (cd[i] - b->contour[i])));
        }

      value = nn_boundary_loss (b->z, sdf, b->n, b->h * b->w, grad);
      compare ("boundary", b->name, value, grad, b->boundary_value, b->boundary_grad, m,
               &boundary);
      for (int k = 0; k < b->n_hdt; k++)
        {
          g_autofree char *what = g_strdup_printf ("hausdorff-dt α = %g", b->hdt[k].alpha);

          value = nn_hausdorff_dt_loss (b->z, b->y, cd, b->n, b->h, b->w, &b->spacing,
                                        b->hdt[k].alpha, grad);
          compare (what, b->name, value, grad, b->hdt[k].value, b->hdt[k].grad, m, &hdt);
        }
    }
  g_test_message ("%u batches; maps vs SciPy within %.2g; worst relative error vs PyTorch: "
                  "boundary value %.2g, gradient %.2g; Hausdorff-DT value %.2g, gradient %.2g",
                  fx->batches->len, worst_map, boundary.value, boundary.grad, hdt.value,
                  hdt.grad);
  distance_fixture_free (fx);
}

/* ---- finite differences ------------------------------------------------------------------ */

enum { N = 4, H = 6, W = 7, HW = H * W, M = N * HW };

/* Image 0 mixed, 1 empty, 2 full, 3 mixed; logits SCALE·U(−3, 3) or, with SCALE = 0, in
 * ±[20, 100].  Never within 1e-3 of 0, where the prediction's threshold would flip under the
 * finite-difference step. */
static void
random_batch (GRand *rand, double scale, double *z, double *y)
{
  for (int i = 0; i < M; i++)
    {
      int img = i / HW;
      double v;

      y[i] = img == 1 ? 0 : img == 2 ? 1 : (g_rand_double (rand) < 0.4 ? 1 : 0);
      do
        {
          if (scale > 0)
            v = scale * g_rand_double_range (rand, -3, 3);
          else
            v = (g_rand_boolean (rand) ? 1 : -1) * g_rand_double_range (rand, 20, 100);
        }
      while (fabs (v) < 1e-3);
      z[i] = v;
    }
}

static void
truth_maps (const double *y, const NnSpacing *sp, double *sdf, double *cd)
{
  uint8_t m[HW];

  for (int img = 0; img < N; img++)
    {
      for (int j = 0; j < HW; j++)
        m[j] = y[img * HW + j] > 0.5;
      g_assert_cmpint (nn_signed_distance (m, H, W, sp, sdf + img * HW), ==, 0);
      g_assert_cmpint (nn_contour_distance (m, H, W, sp, cd + img * HW), ==, 0);
    }
}

typedef struct
{
  int which; /* 0 boundary, 1 Hausdorff-DT */
  double alpha;
  const double *y, *sdf, *cd;
  const NnSpacing *spacing;
} LossCase;

static double
eval (const LossCase *lc, const double *z, double *grad)
{
  if (lc->which == 0)
    return nn_boundary_loss_double (z, lc->sdf, N, HW, grad);
  return nn_hausdorff_dt_loss_double (z, lc->y, lc->cd, N, H, W, lc->spacing, lc->alpha, grad);
}

static void
check_finite_differences (double scale)
{
  GRand *rand = g_rand_new_with_seed (3);
  static const NnSpacing spacings[2] = { { 1, 1 }, { 0.6, 1.4 } };
  static const double alphas[3] = { 2, 1, 0.5 };
  const double h = 1e-6;
  double worst = 0;
  int checked = 0;

  for (int si = 0; si < 2; si++)
    for (int rep = 0; rep < 2; rep++)
      {
        double z[M], y[M], sdf[M], cd[M], g[M];

        random_batch (rand, scale, z, y);
        truth_maps (y, &spacings[si], sdf, cd);
        for (int which = 0; which < 2; which++)
          for (int ai = 0; ai < (which == 0 ? 1 : 3); ai++)
            {
              LossCase lc = { which, alphas[ai], y, sdf, cd, &spacings[si] };
              double value = eval (&lc, z, g), gmax = 0;

              g_assert_true (isfinite (value));
              g_assert_cmpfloat (eval (&lc, z, NULL), ==, value);
              for (int i = 0; i < M; i++)
                gmax = MAX (gmax, fabs (g[i]));
              for (int i = 0; i < M; i++)
                {
                  double keep = z[i], up, down, fd;

                  z[i] = keep + h;
                  up = eval (&lc, z, NULL);
                  z[i] = keep - h;
                  down = eval (&lc, z, NULL);
                  z[i] = keep;
                  fd = (up - down) / (2 * h);
                  if (fabs (fd - g[i]) > 1e-5 * fabs (g[i]) + 1e-7 * gmax + 1e-9)
                    g_error ("%s α %g, spacing %g × %g, pixel %d (image %d, z = %g): gradient "
                             "%.10g, finite difference %.10g",
                             which ? "hausdorff-dt" : "boundary", lc.alpha, lc.spacing->row,
                             lc.spacing->col, i, i / HW, z[i], g[i], fd);
                  if (fabs (g[i]) > 1e-3 * gmax)
                    worst = MAX (worst, fabs (fd - g[i]) / fabs (g[i]));
                  checked++;
                }
            }
      }
  g_test_message ("%d partial derivatives, worst relative difference %.2g", checked, worst);
  g_rand_free (rand);
}

static void
test_finite_differences (void)
{
  check_finite_differences (1.0);
}

/* Logits up to ±15, where p·q gets small. */
static void
test_finite_differences_saturated (void)
{
  check_finite_differences (5.0);
}

/* Logits ±[20, 100], slopes of e^−20 … e^−200.  An absolute finite difference cannot see
 * them next to a loss of order 1, so each check is arranged for the loss to be of the slope's
 * own size, and the step is relative to the function's scale (h = 1e-3: p, q and their
 * powers change by a factor e^(±h) per step, so the central difference is accurate to ~h²).
 *   Boundary loss: it is a sum of independent pixel terms, so pixel i is checked with a map
 *   that is φ_i at i and 0 elsewhere: L = φ_i·p(z_i)/M, at z_i = −|z| where p is as small as
 *   its slope; at +|z| (p ≈ 1, unresolvable) the slope must be the same, as p·q is even in z.
 *   Hausdorff-DT: pixel i at its large logit on the right side, every other pixel at ±100 on
 *   its right side (terms of ~e^−200), so the loss is pixel i's term (q² or p²)·weight, as
 *   small as its slope; the prediction, and so d_P, stays the truth.  Slopes under the
 *   rounding floor 8ε·|L|/h (|z| near 100) are counted, not hidden. */
static void
test_finite_differences_large (void)
{
  GRand *rand = g_rand_new_with_seed (29);
  const double h = 1e-3;
  double z[M], y[M], sdf[M], cd[M], g[M], one[M];
  double worst_b = 0, worst_h = 0, smallest = INFINITY;
  int resolved = 0, total = 0;

  for (int rep = 0; rep < 3; rep++)
    {
      NnSpacing sp = { rep == 2 ? 0.6 : 1.0, rep == 2 ? 1.4 : 1.0 };
      double value, floor_h;

      random_batch (rand, 0.0, z, y);
      truth_maps (y, &sp, sdf, cd);

      /* Boundary loss, right or wrong side, pixel by pixel */
      memset (one, 0, sizeof one);
      for (int i = 0; i < M; i++)
        {
          double keep = z[i], up, down, fd, g_pos;

          if (sdf[i] == 0)
            continue;
          one[i] = sdf[i];
          z[i] = fabs (keep);
          nn_boundary_loss_double (z, one, N, HW, g);
          g_pos = g[i];
          keep = z[i] = -fabs (keep);
          nn_boundary_loss_double (z, one, N, HW, g);
          g_assert_cmpfloat (fabs (g_pos - g[i]), <=, 1e-15 * fabs (g[i]));
          z[i] = keep + h;
          up = nn_boundary_loss_double (z, one, N, HW, NULL);
          z[i] = keep - h;
          down = nn_boundary_loss_double (z, one, N, HW, NULL);
          z[i] = keep;
          one[i] = 0;
          fd = (up - down) / (2 * h);
          if (!(fabs (fd - g[i]) <= 1e-5 * fabs (g[i])))
            g_error ("boundary, z = %g, φ = %g: gradient %.10g, finite difference %.10g", z[i],
                     sdf[i], g[i], fd);
          worst_b = MAX (worst_b, fabs (fd - g[i]) / fabs (g[i]));
          smallest = MIN (smallest, fabs (g[i]));
        }

      /* Hausdorff-DT, confidently right, one pixel at a time */
      for (int i = 0; i < M; i++)
        one[i] = (y[i] > 0.5 ? 1 : -1) * fabs (z[i]);
      for (int i = 0; i < M; i++)
        z[i] = y[i] > 0.5 ? 100 : -100;
      for (int i = 0; i < M; i++)
        {
          double keep = one[i], up, down, fd;

          z[i] = keep;
          value = nn_hausdorff_dt_loss_double (z, y, cd, N, H, W, &sp, 2.0, g);
          floor_h = 8 * DBL_EPSILON * fabs (value) / h;
          z[i] = keep + h;
          up = nn_hausdorff_dt_loss_double (z, y, cd, N, H, W, &sp, 2.0, NULL);
          z[i] = keep - h;
          down = nn_hausdorff_dt_loss_double (z, y, cd, N, H, W, &sp, 2.0, NULL);
          z[i] = y[i] > 0.5 ? 100 : -100;
          fd = (up - down) / (2 * h);
          if (g[i] == 0)
            {
              /* empty and full images: no weight, no slope, nothing moves */
              g_assert_cmpfloat (fd, ==, 0);
              continue;
            }
          total++;
          if (!(fabs (fd - g[i]) <= 1e-5 * fabs (g[i]) + floor_h))
            g_error ("hausdorff-dt, z = %g: gradient %.10g, finite difference %.10g", z[i],
                     g[i], fd);
          if (fabs (g[i]) > 1e3 * floor_h)
            {
              resolved++;
              worst_h = MAX (worst_h, fabs (fd - g[i]) / fabs (g[i]));
            }
          /* the slope always pushes towards the truth, or is 0 where the weight is */
          g_assert_cmpfloat (y[i] > 0.5 ? -g[i] : g[i], >=, 0);
        }
      memset (one, 0, sizeof one);
    }
  g_assert_cmpint (resolved, >=, total * 3 / 4);
  g_test_message ("boundary: every pixel with φ ≠ 0, slopes down to %.1e, worst relative "
                  "difference %.2g; Hausdorff-DT: %d of %d nonzero slopes above the rounding "
                  "floor, worst relative "
                  "difference %.2g", smallest, worst_b, resolved, total, worst_h);
  g_rand_free (rand);
}

/* ---- extremes ------------------------------------------------------------------------------ */

static void
test_extremes (void)
{
  static const float levels[] = { -100, -99.5f, -50, -17, 0, 17, 50, 99.5f, 100 };
  GRand *rand = g_rand_new_with_seed (17);
  float z[M], y[M], sdf[M], cd[M], g[M];

  for (int situation = 0; situation < 6; situation++)
    {
      for (int i = 0; i < M; i++)
        {
          int img = i / HW;

          y[i] = img == 1 ? 0 : img == 2 ? 1 : (float) g_rand_boolean (rand);
          switch (situation)
            {
            case 0: /* random extreme logits */
              z[i] = levels[g_rand_int_range (rand, 0, G_N_ELEMENTS (levels))];
              break;
            case 1: /* confidently right */
              z[i] = y[i] > 0 ? 100 : -100;
              break;
            case 2: /* confidently wrong */
              z[i] = y[i] > 0 ? -100 : 100;
              break;
            case 3: /* everything predicted */
              z[i] = 100;
              break;
            case 4: /* nothing predicted */
              z[i] = -100;
              break;
            default: /* exactly on the threshold: background */
              z[i] = 0;
              break;
            }
        }
      g_assert_cmpint (nn_signed_distance_batch (y, N, H, W, NULL, sdf), ==, 0);
      g_assert_cmpint (nn_contour_distance_batch (y, N, H, W, NULL, cd), ==, 0);
      for (int which = 0; which < 2; which++)
        {
          double v = which == 0 ? nn_boundary_loss (z, sdf, N, HW, g)
                                : nn_hausdorff_dt_loss (z, y, cd, N, H, W, NULL, 2.0, g);

          if (!isfinite (v))
            g_error ("situation %d, loss %d: %g", situation, which, v);
          for (int i = 0; i < M; i++)
            if (!isfinite (g[i]))
              g_error ("situation %d, loss %d: d/dz[%d] = %g", situation, which, i, g[i]);
          if (which == 1)
            g_assert_cmpfloat (v, >=, 0);
          if (which == 1 && situation == 1)
            g_assert_cmpfloat (v, <, 1e-30); /* (p − y)² ~ e^−200 */
        }
    }
  g_rand_free (rand);
}

/* The values the paper's definitions give on purpose-built inputs. */
static void
test_known_values (void)
{
  float y[M], z[M], sdf[M], cd[M], g[M];
  double sum_d2 = 0, sum_inside = 0;

  /* A mixed truth in every image. */
  for (int i = 0; i < M; i++)
    y[i] = (i % HW) % W < 2 + i / HW ? 1.0f : 0.0f;
  g_assert_cmpint (nn_signed_distance_batch (y, N, H, W, NULL, sdf), ==, 0);
  g_assert_cmpint (nn_contour_distance_batch (y, N, H, W, NULL, cd), ==, 0);
  for (int i = 0; i < M; i++)
    {
      sum_d2 += (double) cd[i] * cd[i];
      if (y[i] > 0)
        sum_inside += sdf[i];
    }

  /* Confidently wrong everywhere: the prediction is the complement, whose contour distance
   * is the truth's, so L = mean (1 · (d_G² + d_G²)). */
  for (int i = 0; i < M; i++)
    z[i] = y[i] > 0 ? -100 : 100;
  g_assert_cmpfloat_with_epsilon (nn_hausdorff_dt_loss (z, y, cd, N, H, W, NULL, 2, g),
                                  2 * sum_d2 / M, 1e-12);

  /* Confidently right: the Boundary loss reaches its minimum, the mean of φ over the inside. */
  for (int i = 0; i < M; i++)
    z[i] = y[i] > 0 ? 100 : -100;
  g_assert_cmpfloat_with_epsilon (nn_boundary_loss (z, sdf, N, HW, g), sum_inside / M, 1e-12);
  g_assert_cmpfloat (sum_inside, <, 0);

  /* Empty and full truths carry no boundary term at all (φ = 0, d_G = 0), and where the
   * prediction has no contour either, the Hausdorff-DT loss is 0 — even for a full truth that
   * is entirely missed.  That is the paper's loss; the region loss it is paired with sees it. */
  for (int i = 0; i < M; i++)
    {
      y[i] = (i / HW) % 2;
      z[i] = (i / HW) % 2 ? -100 : 100; /* full missed, empty fully predicted */
    }
  g_assert_cmpint (nn_signed_distance_batch (y, N, H, W, NULL, sdf), ==, 0);
  g_assert_cmpint (nn_contour_distance_batch (y, N, H, W, NULL, cd), ==, 0);
  for (int i = 0; i < M; i++)
    g_assert_cmpfloat (sdf[i], ==, 0);
  g_assert_cmpfloat (nn_boundary_loss (z, sdf, N, HW, g), ==, 0);
  for (int i = 0; i < M; i++)
    g_assert_cmpfloat (g[i], ==, 0);
  g_assert_cmpfloat (nn_hausdorff_dt_loss (z, y, cd, N, H, W, NULL, 2, g), ==, 0);
}

/* Same value and gradient on 1 and 2 threads; float and double entry points agree exactly on
 * the same numbers. */
static void
test_threads_and_precision (void)
{
  GRand *rand = g_rand_new_with_seed (23);
  float z[M], y[M], cd[M], sdf[M], g1[M], g2[M];
  double zd[M], yd[M], cdd[M], sdfd[M], gd[M];
  double v1, v2, vd;

  for (int i = 0; i < M; i++)
    {
      z[i] = (float) g_rand_double_range (rand, -6, 6);
      y[i] = (i / HW) == 1 ? 0.0f : (float) g_rand_boolean (rand);
    }
  g_assert_cmpint (nn_contour_distance_batch (y, N, H, W, NULL, cd), ==, 0);
  g_assert_cmpint (nn_signed_distance_batch (y, N, H, W, NULL, sdf), ==, 0);
  nn_set_threads (1);
  v1 = nn_hausdorff_dt_loss (z, y, cd, N, H, W, NULL, 2, g1);
  nn_set_threads (2);
  v2 = nn_hausdorff_dt_loss (z, y, cd, N, H, W, NULL, 2, g2);
  g_assert_cmpfloat (v1, ==, v2);
  g_assert_cmpmem (g1, sizeof g1, g2, sizeof g2);

  for (int i = 0; i < M; i++)
    {
      zd[i] = z[i];
      yd[i] = y[i];
      cdd[i] = cd[i];
      sdfd[i] = sdf[i];
    }
  vd = nn_hausdorff_dt_loss_double (zd, yd, cdd, N, H, W, NULL, 2, gd);
  g_assert_cmpfloat (vd, ==, v2);
  for (int i = 0; i < M; i++)
    g_assert_cmpfloat ((float) gd[i], ==, g2[i]);
  v1 = nn_boundary_loss (z, sdf, N, HW, g1);
  vd = nn_boundary_loss_double (zd, sdfd, N, HW, gd);
  g_assert_cmpfloat (vd, ==, v1);
  for (int i = 0; i < M; i++)
    g_assert_cmpfloat ((float) gd[i], ==, g1[i]);
  g_rand_free (rand);
}

static void
test_bad_arguments (void)
{
  float z[4] = { 1, -1, 1, -1 }, y[4] = { 1, 0, 1, 0 }, d[4] = { 1, 1, 1, 1 }, g[4];
  NnSpacing bad = { -1, 1 };

  g_assert_true (isnan (nn_boundary_loss (z, d, 0, 4, g)));
  g_assert_true (isnan (nn_boundary_loss (z, d, 1, 0, g)));
  g_assert_true (isnan (nn_hausdorff_dt_loss (z, y, d, 1, 2, 2, NULL, 0, g)));
  g_assert_true (isnan (nn_hausdorff_dt_loss (z, y, d, 1, 2, 2, NULL, NAN, g)));
  g_assert_true (isnan (nn_hausdorff_dt_loss (z, y, d, 1, 2, 2, &bad, 2, g)));
  g_assert_true (isnan (nn_hausdorff_dt_loss (z, y, d, 0, 2, 2, NULL, 2, g)));
  g_assert_true (isfinite (nn_hausdorff_dt_loss (z, y, d, 1, 2, 2, NULL, 2, NULL)));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/loss-distance/pytorch", test_fixture);
  g_test_add_func ("/loss-distance/finite-differences", test_finite_differences);
  g_test_add_func ("/loss-distance/finite-differences-saturated",
                   test_finite_differences_saturated);
  g_test_add_func ("/loss-distance/finite-differences-large", test_finite_differences_large);
  g_test_add_func ("/loss-distance/extremes", test_extremes);
  g_test_add_func ("/loss-distance/known-values", test_known_values);
  g_test_add_func ("/loss-distance/threads-and-precision", test_threads_and_precision);
  g_test_add_func ("/loss-distance/bad-arguments", test_bad_arguments);
  return g_test_run ();
}
