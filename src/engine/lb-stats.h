/* lb-stats.h — spread, confidence intervals and paired tests for comparing losses.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Mean, sample standard deviation (n − 1) and the two-sided 95 % Student-t confidence
 * interval of the mean. With one value, std and the interval are NaN: one run has no spread. */
typedef struct
{
  int n;
  double mean;
  double std;
  double ci_low;
  double ci_high;
} LbSummary;

void lb_summary_compute (const double *values, int n, LbSummary *summary);

/* Sorts N values in increasing order, in place. */
void lb_sort_doubles (double *values, int n);

/* The p-quantile of Student's t distribution with DOF degrees of freedom (0 < p < 1). */
double lb_student_t_quantile (double p, int dof);

/* The p-quantile of the standard normal distribution (0 < p < 1), to double precision. */
double lb_normal_quantile (double p);

/* Cumulative distribution functions, exposed for tests. */
double lb_student_t_cdf (double t, int dof);
double lb_normal_cdf (double z);

typedef enum
{
  LB_WILCOXON_EXACT,   /* the exact null distribution: n ≤ 50 and no tied |differences| */
  LB_WILCOXON_NORMAL,  /* normal approximation with the tie correction, no continuity correction */
} LbWilcoxonMethod;

/* The paired Wilcoxon signed-rank test, two-sided. Pairs with a zero difference are dropped
 * (Wilcoxon's own convention), so n_used can be less than n. The statistic is the smaller of
 * the positive and negative rank sums; `median_difference` is the median of x − y over all
 * pairs, so a reader sees the direction and size of the effect, not only its significance. */
typedef struct
{
  int n_used;
  double statistic;
  double p_value;          /* 1 when no pair differs */
  double median_difference;
  LbWilcoxonMethod method;
} LbWilcoxon;

void lb_wilcoxon_signed_rank (const double *x, const double *y, int n, LbWilcoxon *result);

/* Holm's step-down correction of M p-values for multiple comparisons; ADJUSTED may be P. */
void lb_holm_adjust (const double *p, int m, double *adjusted);

G_END_DECLS
