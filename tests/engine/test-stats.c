/* test-stats.c — lb-stats against SciPy's values (tests/reference/stats.txt) and by hand.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <math.h>
#include <stdlib.h>

#include "lb-stats.h"

static char **
reference_lines (void)
{
  g_autofree char *path = g_build_filename (g_getenv ("LB_SOURCE_DIR"), "tests", "reference",
                                            "stats.txt", NULL);
  g_autofree char *text = NULL;
  g_autoptr (GError) error = NULL;
  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);
  return g_strsplit (text, "\n", -1);
}

static void
assert_close (double got, double want, double rel)
{
  if (fabs (got - want) > rel * MAX (1.0, fabs (want)))
    g_error ("got %.17g, want %.17g", got, want);
}

static void
test_student_t (void)
{
  g_auto (GStrv) lines = reference_lines ();
  int checked = 0;
  for (char **l = lines; *l; l++)
    {
      g_auto (GStrv) f = g_strsplit (*l, " ", -1);
      if (g_strcmp0 (f[0], "tquantile") == 0)
        {
          /* SciPy's own quantiles are good to about 1e-9 (its CDF at them is off by up to
           * 4e-10), so check ours against SciPy loosely and against our CDF tightly. */
          double p = g_ascii_strtod (f[2], NULL);
          double t = lb_student_t_quantile (p, atoi (f[1]));
          assert_close (t, g_ascii_strtod (f[3], NULL), 1e-8);
          assert_close (lb_student_t_cdf (t, atoi (f[1])), p, 1e-13);
          checked++;
        }
      else if (g_strcmp0 (f[0], "tcdf") == 0)
        {
          assert_close (lb_student_t_cdf (g_ascii_strtod (f[2], NULL), atoi (f[1])),
                        g_ascii_strtod (f[3], NULL), 1e-11);
          checked++;
        }
    }
  g_assert_cmpint (checked, ==, 63);
}

static void
test_summary (void)
{
  /* Three seeds, as a comparison has by default: t(0.975, 2) = 4.302652729… */
  const double iou[] = { 0.91, 0.93, 0.95 };
  LbSummary s;
  lb_summary_compute (iou, 3, &s);
  assert_close (s.mean, 0.93, 1e-15);
  assert_close (s.std, 0.02, 1e-12);
  assert_close (s.ci_high - s.mean, 4.302652729749464 * 0.02 / sqrt (3.0), 1e-9);
  assert_close (s.mean - s.ci_low, s.ci_high - s.mean, 1e-12);

  lb_summary_compute (iou, 1, &s);
  g_assert_cmpfloat (s.mean, ==, 0.91);
  g_assert_true (isnan (s.std) && isnan (s.ci_low) && isnan (s.ci_high));
}

static void
test_wilcoxon (void)
{
  g_auto (GStrv) lines = reference_lines ();
  int exact = 0, normal = 0;
  for (char **l = lines; *l; l++)
    {
      g_auto (GStrv) f = g_strsplit (*l, " ", -1);
      if (g_strcmp0 (f[0], "wilcoxon") != 0)
        continue;
      int n = atoi (f[1]);
      g_autofree double *x = g_new (double, n);
      g_autofree double *y = g_new (double, n);
      for (int i = 0; i < n; i++)
        {
          x[i] = g_ascii_strtod (f[4 + i], NULL);
          y[i] = g_ascii_strtod (f[4 + n + i], NULL);
        }
      LbWilcoxon w;
      lb_wilcoxon_signed_rank (x, y, n, &w);
      assert_close (w.statistic, g_ascii_strtod (f[2], NULL), 1e-12);
      assert_close (w.p_value, g_ascii_strtod (f[3], NULL), 1e-9);
      if (w.method == LB_WILCOXON_EXACT)
        exact++;
      else
        normal++;
    }
  g_assert_cmpint (exact, ==, 4);
  g_assert_cmpint (normal, ==, 3);
}

static void
test_wilcoxon_identical_runs (void)
{
  /* Two losses that are the same loss (Tversky α = β = 0.5 and Dice) give identical
   * per-image IoU: no pair differs, so nothing is significant. */
  const double a[] = { 0.9, 0.8, 0.95, 0.7 };
  LbWilcoxon w;
  lb_wilcoxon_signed_rank (a, a, 4, &w);
  g_assert_cmpint (w.n_used, ==, 0);
  g_assert_cmpfloat (w.p_value, ==, 1.0);
  g_assert_cmpfloat (w.median_difference, ==, 0.0);
}

static void
test_wilcoxon_direction (void)
{
  /* Every image better by a distinct amount: the smallest possible statistic. */
  double x[10], y[10];
  for (int i = 0; i < 10; i++)
    {
      y[i] = 0.80 + 0.01 * i;
      x[i] = y[i] + 0.001 * (i + 1);
    }
  LbWilcoxon w;
  lb_wilcoxon_signed_rank (x, y, 10, &w);
  g_assert_cmpfloat (w.statistic, ==, 0.0);
  assert_close (w.p_value, 2.0 / 1024.0, 1e-12);
  g_assert_cmpfloat (w.median_difference, >, 0.0);
}

static void
test_holm (void)
{
  g_auto (GStrv) lines = reference_lines ();
  int checked = 0;
  for (char **l = lines; *l; l++)
    {
      g_auto (GStrv) f = g_strsplit (*l, " ", -1);
      if (g_strcmp0 (f[0], "holm") != 0)
        continue;
      int m = atoi (f[1]);
      double p[8], adjusted[8];
      for (int i = 0; i < m; i++)
        p[i] = g_ascii_strtod (f[2 + i], NULL);
      lb_holm_adjust (p, m, adjusted);
      for (int i = 0; i < m; i++)
        assert_close (adjusted[i], g_ascii_strtod (f[2 + m + i], NULL), 1e-15);
      checked++;
    }
  g_assert_cmpint (checked, ==, 3);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/stats/student-t", test_student_t);
  g_test_add_func ("/stats/summary", test_summary);
  g_test_add_func ("/stats/wilcoxon/scipy", test_wilcoxon);
  g_test_add_func ("/stats/wilcoxon/identical", test_wilcoxon_identical_runs);
  g_test_add_func ("/stats/wilcoxon/direction", test_wilcoxon_direction);
  g_test_add_func ("/stats/holm", test_holm);
  return g_test_run ();
}
