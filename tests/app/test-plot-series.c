/* test-plot-series.c — a chart series reduced to buckets keeps every point's extremes, and the
 * read-out's binary search finds the point a linear scan finds.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <math.h>

#include "lb-plot-series.h"
#include "lb-plot-smooth.h"

/* A training-loss-like series: noisy, decreasing, with a gap of NaN now and then. */
static void
make_points (guint n, double *x, double *y)
{
  GRand *rand = g_rand_new_with_seed (7);
  for (guint i = 0; i < n; i++)
    {
      x[i] = (i + 1) / 37.0;
      y[i] = g_rand_int_range (rand, 0, 997) == 0 ? NAN
                                                  : 1.0 / (1 + i / 500.0) + g_rand_double (rand);
    }
  g_rand_free (rand);
}

/* Every bucket against the points it covers, recomputed by brute force. */
static void
check_buckets (LbPlotSeries *series, const double *x, const double *y, guint n)
{
  guint n_buckets;
  const LbPlotBucket *b = lb_plot_series_get_buckets (series, &n_buckets);
  guint first = 0;

  g_assert_cmpuint (n_buckets, <=, LB_PLOT_SERIES_MAX_BUCKETS);
  for (guint k = 0; k < n_buckets; k++)
    {
      double lo = INFINITY, hi = -INFINITY, last_x = NAN;
      guint finite = 0;
      g_assert_cmpuint (b[k].count, >, 0);
      for (guint i = first; i < first + b[k].count; i++)
        if (isfinite (y[i]))
          {
            if (finite == 0)
              {
                g_assert_cmpfloat (b[k].x_first, ==, x[i]);
                g_assert_cmpfloat (b[k].y_first, ==, y[i]);
              }
            lo = MIN (lo, y[i]);
            hi = MAX (hi, y[i]);
            finite++;
            last_x = x[i];
          }
      g_assert_cmpuint (b[k].finite, ==, finite);
      if (finite > 0)
        {
          g_assert_cmpfloat (b[k].y_min, ==, lo);
          g_assert_cmpfloat (b[k].y_max, ==, hi);
          g_assert_cmpfloat (b[k].x_last, ==, last_x);
        }
      first += b[k].count;
    }
  g_assert_cmpuint (first, ==, n);
}

static void
test_buckets (void)
{
  const guint n = 100000;
  g_autofree double *x = g_new (double, n);
  g_autofree double *y = g_new (double, n);
  make_points (n, x, y);

  LbPlotSeries *series = lb_plot_series_new ();
  /* In uneven pieces, as progress arrives: 1, 2, 3, … points at a time. */
  guint done = 0;
  for (guint piece = 1; done < n; piece++)
    {
      guint take = MIN (piece % 50 + 1, n - done);
      lb_plot_series_append (series, x + done, y + done, take);
      done += take;
      if (done < 5000 || done % 7919 == 0)
        check_buckets (series, x, y, done);
    }
  check_buckets (series, x, y, n);
  g_assert_cmpuint (lb_plot_series_get_n (series), ==, n);

  double lo, hi, x_max, want_lo = INFINITY, want_hi = -INFINITY;
  for (guint i = 0; i < n; i++)
    if (isfinite (y[i]))
      {
        want_lo = MIN (want_lo, y[i]);
        want_hi = MAX (want_hi, y[i]);
      }
  g_assert_true (lb_plot_series_get_range (series, &lo, &hi, &x_max));
  g_assert_cmpfloat (lo, ==, want_lo);
  g_assert_cmpfloat (hi, ==, want_hi);
  g_assert_cmpfloat (x_max, ==, x[n - 1]);
  lb_plot_series_free (series);
}

static void
test_nearest (void)
{
  /* Epochs, one repeated (a resumed run can repeat none, but equal x must read out the first). */
  double x[] = { 1, 2, 3, 3, 4, 7, 8 };
  double y[] = { 5, 4, 3, 2, 1, 0, -1 };
  guint n = G_N_ELEMENTS (x);
  LbPlotSeries *series = lb_plot_series_new ();
  g_assert_cmpint (lb_plot_series_nearest (series, 1), ==, -1);
  lb_plot_series_append (series, x, y, n);
  for (double q = -2; q <= 10; q += 0.125)
    {
      int want = 0;
      for (guint i = 1; i < n; i++)
        if (fabs (x[i] - q) < fabs (x[want] - q))
          want = (int) i;
      g_assert_cmpint (lb_plot_series_nearest (series, q), ==, want);
    }
  lb_plot_series_clear (series);
  g_assert_cmpuint (lb_plot_series_get_n (series), ==, 0);
  lb_plot_series_free (series);
}

/* The debiased EMA is the mean of the finite points so far weighted by w^(age): checked
 * against that sum, a constant stays constant, w = 0 is the raw series, NaN stays a gap. */
static void
test_smoothing (void)
{
  enum { N = 3000 };
  static double x[N], y[N];
  static const double weights[] = { 0, 0.3, 0.6, 0.9, 0.99 };

  make_points (N, x, y);
  for (guint k = 0; k < G_N_ELEMENTS (weights); k++)
    {
      double w = weights[k];
      LbPlotEma ema;
      lb_plot_ema_init (&ema, w);
      for (guint i = 0; i < N; i++)
        {
          double s = lb_plot_ema_push (&ema, y[i]);
          if (!isfinite (y[i]))
            {
              g_assert_true (isnan (s));
              continue;
            }
          /* Σ w^age·y / Σ w^age over the finite points up to i, ages counted in finite points;
           * terms below 1e-18 of the newest do not change a double. */
          double num = 0, den = 0, weight = 1;
          for (guint j = i + 1; j-- > 0 && weight > 1e-18;)
            if (isfinite (y[j]))
              {
                num += weight * y[j];
                den += weight;
                weight *= w;
              }
          g_assert_cmpfloat_with_epsilon (s, num / den, 1e-9);
          if (w == 0)
            g_assert_cmpfloat (s, ==, y[i]);
        }
    }

  LbPlotEma ema;
  lb_plot_ema_init (&ema, 0.95);
  for (int i = 0; i < 100; i++)
    g_assert_cmpfloat_with_epsilon (lb_plot_ema_push (&ema, 0.25), 0.25, 1e-12);
  lb_plot_ema_init (&ema, 7);
  g_assert_cmpfloat (ema.weight, ==, LB_PLOT_SMOOTHING_MAX);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/plot-series/buckets", test_buckets);
  g_test_add_func ("/plot-series/nearest", test_nearest);
  g_test_add_func ("/plot-series/smoothing", test_smoothing);
  return g_test_run ();
}
