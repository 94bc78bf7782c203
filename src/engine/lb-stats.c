/* lb-stats.c — spread, confidence intervals and paired tests for comparing losses.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Written from the textbook definitions; the tests compare every function with SciPy. */
#include "lb-stats.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

void
lb_summary_compute (const double *values, int n, LbSummary *summary)
{
  summary->n = n;
  summary->mean = summary->std = summary->ci_low = summary->ci_high = NAN;
  if (n <= 0)
    return;

  double sum = 0.0;
  for (int i = 0; i < n; i++)
    sum += values[i];
  summary->mean = sum / n;
  if (n == 1)
    return;

  double squares = 0.0;
  for (int i = 0; i < n; i++)
    squares += (values[i] - summary->mean) * (values[i] - summary->mean);
  summary->std = sqrt (squares / (n - 1));

  double half_width = lb_student_t_quantile (0.975, n - 1) * summary->std / sqrt (n);
  summary->ci_low = summary->mean - half_width;
  summary->ci_high = summary->mean + half_width;
}

/* The continued fraction of the regularised incomplete beta function, evaluated with the
 * modified Lentz method; converges quickly for x < (a + 1) / (a + b + 2). */
static double
incomplete_beta_fraction (double a, double b, double x)
{
  const double tiny = 1e-300;
  double c = 1.0;
  double d = 1.0 - (a + b) * x / (a + 1.0);
  if (fabs (d) < tiny)
    d = tiny;
  d = 1.0 / d;
  double f = d;

  for (int m = 1; m <= 300; m++)
    {
      double m2 = 2.0 * m;
      double even = m * (b - m) * x / ((a + m2 - 1.0) * (a + m2));
      d = 1.0 + even * d;
      c = 1.0 + even / c;
      if (fabs (d) < tiny)
        d = tiny;
      if (fabs (c) < tiny)
        c = tiny;
      d = 1.0 / d;
      f *= d * c;

      double odd = -(a + m) * (a + b + m) * x / ((a + m2) * (a + m2 + 1.0));
      d = 1.0 + odd * d;
      c = 1.0 + odd / c;
      if (fabs (d) < tiny)
        d = tiny;
      if (fabs (c) < tiny)
        c = tiny;
      d = 1.0 / d;
      double step = d * c;
      f *= step;
      if (fabs (step - 1.0) < 1e-15)
        break;
    }
  return f;
}

/* I_x(a, b), the regularised incomplete beta function. */
static double
regularized_incomplete_beta (double a, double b, double x)
{
  if (x <= 0.0)
    return 0.0;
  if (x >= 1.0)
    return 1.0;
  double log_front = lgamma (a + b) - lgamma (a) - lgamma (b) + a * log (x) + b * log1p (-x);
  if (x < (a + 1.0) / (a + b + 2.0))
    return exp (log_front) * incomplete_beta_fraction (a, b, x) / a;
  return 1.0 - exp (log_front) * incomplete_beta_fraction (b, a, 1.0 - x) / b;
}

/* P(T > |t|): computed directly, so a small tail keeps its digits. */
static double
student_t_upper_tail (double t, int dof)
{
  double nu = dof;
  return 0.5 * regularized_incomplete_beta (nu / 2.0, 0.5, nu / (nu + t * t));
}

double
lb_student_t_cdf (double t, int dof)
{
  double tail = student_t_upper_tail (t, dof);
  return t >= 0.0 ? 1.0 - tail : tail;
}

double
lb_normal_cdf (double z)
{
  return 0.5 * erfc (-z / M_SQRT2);
}

/* The density of Student's t, for Newton's steps. */
static double
student_t_density (double t, int dof)
{
  double nu = dof;
  double log_front = lgamma ((nu + 1.0) / 2.0) - lgamma (nu / 2.0) - 0.5 * log (nu * M_PI);
  return exp (log_front - (nu + 1.0) / 2.0 * log1p (t * t / nu));
}

double
lb_student_t_quantile (double p, int dof)
{
  g_return_val_if_fail (p > 0.0 && p < 1.0 && dof >= 1, NAN);
  if (p < 0.5)
    return -lb_student_t_quantile (1.0 - p, dof);
  if (p == 0.5)
    return 0.0;
  /* Closed forms where they exist; the bootstrap's small-sample correction asks for two
   * degrees of freedom (three seeds) thousands of times. */
  if (dof == 1)
    return tan (M_PI * (p - 0.5));
  if (dof == 2)
    return (2.0 * p - 1.0) / sqrt (2.0 * p * (1.0 - p));

  /* Newton's method on the upper tail (so small 1 − p keeps its digits), kept inside a
   * bracket that shrinks every step; a step that leaves the bracket bisects instead. */
  double q = 1.0 - p;
  double lo = 0.0, hi = 1.0;
  while (student_t_upper_tail (hi, dof) > q && hi < 1e300)
    {
      lo = hi;
      hi *= 2.0;
    }
  double x = lb_normal_quantile (p);
  if (!(x > lo && x < hi))
    x = 0.5 * (lo + hi);
  for (int i = 0; i < 200; i++)
    {
      double tail = student_t_upper_tail (x, dof);
      if (tail > q)
        lo = x;
      else
        hi = x;
      double next = x + (tail - q) / student_t_density (x, dof);
      if (!(next > lo && next < hi))
        next = 0.5 * (lo + hi);
      if (fabs (next - x) <= 1e-15 * fabs (next) || hi - lo <= 1e-15 * hi)
        return next;
      x = next;
    }
  return x;
}

double
lb_normal_quantile (double p)
{
  g_return_val_if_fail (p > 0.0 && p < 1.0, NAN);
  if (p > 0.5)
    return -lb_normal_quantile (1.0 - p);

  /* Acklam's rational approximation (relative error 1.2e-9), then one Halley step on the
   * exact CDF, which brings it to double precision. */
  static const double a[] = { -3.969683028665376e+01, 2.209460984245205e+02,
                              -2.759285104469687e+02, 1.383577518672690e+02,
                              -3.066479806614716e+01, 2.506628277459239e+00 };
  static const double b[] = { -5.447609879822406e+01, 1.615858368580409e+02,
                              -1.556989798598866e+02, 6.680131188771972e+01,
                              -1.328068155288572e+01 };
  static const double c[] = { -7.784894002430293e-03, -3.223964580411365e-01,
                              -2.400758277161838e+00, -2.549732539343734e+00,
                              4.374664141464968e+00, 2.938163982698783e+00 };
  static const double d[] = { 7.784695709041462e-03, 3.224671290700398e-01,
                              2.445134137142996e+00, 3.754408661907416e+00 };
  double x;
  if (p < 0.02425)
    {
      double r = sqrt (-2.0 * log (p));
      x = (((((c[0] * r + c[1]) * r + c[2]) * r + c[3]) * r + c[4]) * r + c[5])
          / ((((d[0] * r + d[1]) * r + d[2]) * r + d[3]) * r + 1.0);
    }
  else
    {
      double r = p - 0.5, r2 = r * r;
      x = (((((a[0] * r2 + a[1]) * r2 + a[2]) * r2 + a[3]) * r2 + a[4]) * r2 + a[5]) * r
          / (((((b[0] * r2 + b[1]) * r2 + b[2]) * r2 + b[3]) * r2 + b[4]) * r2 + 1.0);
    }
  double e = lb_normal_cdf (x) - p;
  double u = e * sqrt (2.0 * M_PI) * exp (0.5 * x * x);
  return x - u / (1.0 + 0.5 * x * u);
}

typedef struct
{
  double magnitude;
  int positive;
} SignedDifference;

static int
compare_magnitude (const void *a, const void *b)
{
  double x = ((const SignedDifference *) a)->magnitude;
  double y = ((const SignedDifference *) b)->magnitude;
  return (x > y) - (x < y);
}

static int
compare_double (const void *a, const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return (x > y) - (x < y);
}

void
lb_sort_doubles (double *values, int n)
{
  qsort (values, n, sizeof *values, compare_double);
}

static double
median_of_differences (const double *x, const double *y, int n)
{
  g_autofree double *d = g_new (double, n);
  for (int i = 0; i < n; i++)
    d[i] = x[i] - y[i];
  lb_sort_doubles (d, n);
  return n % 2 ? d[n / 2] : 0.5 * (d[n / 2 - 1] + d[n / 2]);
}

/* P(W+ ≤ w) under the null hypothesis with n untied ranks: count the subsets of {1..n}
 * whose sum is at most w (each of the 2^n sign patterns is equally likely). */
static double
exact_lower_tail (int n, int w)
{
  int max_sum = n * (n + 1) / 2;
  g_autofree double *ways = g_new0 (double, max_sum + 1);
  ways[0] = 1.0;
  for (int rank = 1; rank <= n; rank++)
    for (int s = rank * (rank + 1) / 2; s >= rank; s--)
      ways[s] += ways[s - rank];

  double below = 0.0;
  for (int s = 0; s <= w && s <= max_sum; s++)
    below += ways[s];
  return below / ldexp (1.0, n);
}

void
lb_wilcoxon_signed_rank (const double *x, const double *y, int n, LbWilcoxon *result)
{
  memset (result, 0, sizeof *result);
  result->p_value = 1.0;
  result->method = LB_WILCOXON_EXACT;
  if (n <= 0)
    return;
  result->median_difference = median_of_differences (x, y, n);

  g_autofree SignedDifference *d = g_new (SignedDifference, n);
  int used = 0;
  for (int i = 0; i < n; i++)
    {
      double diff = x[i] - y[i];
      if (diff == 0.0)
        continue;
      d[used].magnitude = fabs (diff);
      d[used].positive = diff > 0.0;
      used++;
    }
  result->n_used = used;
  if (used == 0)
    return;

  qsort (d, used, sizeof *d, compare_magnitude);

  /* Average ranks over runs of tied magnitudes; the tie term corrects the variance. */
  double rank_sum_positive = 0.0, tie_term = 0.0;
  gboolean ties = FALSE;
  for (int start = 0; start < used;)
    {
      int end = start + 1;
      while (end < used && d[end].magnitude == d[start].magnitude)
        end++;
      int t = end - start;
      double average_rank = 0.5 * (start + 1 + end);
      for (int k = start; k < end; k++)
        if (d[k].positive)
          rank_sum_positive += average_rank;
      if (t > 1)
        {
          ties = TRUE;
          tie_term += (double) t * t * t - t;
        }
      start = end;
    }

  double total = used * (used + 1) / 2.0;
  double rank_sum_negative = total - rank_sum_positive;
  result->statistic = MIN (rank_sum_positive, rank_sum_negative);

  if (used <= 50 && !ties)
    {
      result->method = LB_WILCOXON_EXACT;
      double p = 2.0 * exact_lower_tail (used, (int) result->statistic);
      result->p_value = MIN (p, 1.0);
      return;
    }

  result->method = LB_WILCOXON_NORMAL;
  double mean = total / 2.0;
  double variance = used * (used + 1.0) * (2.0 * used + 1.0) / 24.0 - tie_term / 48.0;
  if (variance <= 0.0)
    return;
  double z = (result->statistic - mean) / sqrt (variance);
  result->p_value = MIN (2.0 * lb_normal_cdf (-fabs (z)), 1.0);
}

typedef struct
{
  double p;
  int index;
} IndexedP;

static int
compare_p (const void *a, const void *b)
{
  double x = ((const IndexedP *) a)->p, y = ((const IndexedP *) b)->p;
  return (x > y) - (x < y);
}

void
lb_holm_adjust (const double *p, int m, double *adjusted)
{
  if (m <= 0)
    return;
  g_autofree IndexedP *sorted = g_new (IndexedP, m);
  for (int i = 0; i < m; i++)
    sorted[i] = (IndexedP) { p[i], i };
  qsort (sorted, m, sizeof *sorted, compare_p);

  /* The k-th smallest p is multiplied by (m − k); the running maximum keeps the order. */
  double running = 0.0;
  for (int k = 0; k < m; k++)
    {
      double value = MIN (1.0, (m - k) * sorted[k].p);
      running = MAX (running, value);
      adjusted[sorted[k].index] = running;
    }
}
