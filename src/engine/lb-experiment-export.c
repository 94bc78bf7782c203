/* lb-experiment-export.c — an experiment's summary, paired comparisons and CSV exports.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "lb-experiment.h"

#include <errno.h>
#include <math.h>
#include <string.h>

#include "lb-csv.h"
#include "lb-error.h"
#include "lb-file.h"
#include "lb-per-image.h"
#include "lb-run-claim.h"

/* The poster's table (losses.md): one run per loss, stepped IoU and binary accuracy. */
static const struct
{
  NnLossKind kind;
  double stepped_iou, accuracy;
} poster_table[] = {
  { NN_LOSS_DICE_BCE, 0.9078, 0.9826 },
  { NN_LOSS_JACCARD, 0.9078, 0.9818 },
  { NN_LOSS_FOCAL, 0.9062, 0.9821 },
  { NN_LOSS_TVERSKY, 0.8953, 0.9802 },
  { NN_LOSS_FOCAL_TVERSKY, 0.9141, 0.9829 },
};

const char *
lb_verdict_to_string (LbVerdict verdict)
{
  switch (verdict)
    {
    case LB_VERDICT_IDENTICAL:
      return "identical";
    case LB_VERDICT_UNDECIDABLE:
      return "cannot decide";
    case LB_VERDICT_NOT_DISTINGUISHABLE:
      return "not distinguishable";
    case LB_VERDICT_DIFFERENT:
      return "different";
    }
  return "";
}

void
lb_experiment_summary_free (LbExperimentSummary *summary)
{
  if (summary == NULL)
    return;
  g_array_unref (summary->losses);
  g_array_unref (summary->pairs);
  if (summary->ranking != NULL)
    g_array_unref (summary->ranking);
  g_free (summary);
}

/* ---- the summary ---- */

/* One set of resamples per shape (seeds × images), drawn once for a summary: every metric and
 * every pair of that shape sees the same resamples, so the numbers do not depend on the order
 * in which they are computed. */
static const LbResamples *
resamples_for (GPtrArray *cache, int n_seeds, int n_images)
{
  for (guint i = 0; i < cache->len; i++)
    {
      const LbResamples *r = g_ptr_array_index (cache, i);
      if (r->n_seeds == n_seeds && r->n_images == n_images)
        return r;
    }
  LbResamples *r = lb_resamples_new (n_seeds, n_images, LB_BOOTSTRAP_RESAMPLES,
                                     LB_BOOTSTRAP_DEFAULT_SEED);
  g_ptr_array_add (cache, r);
  return r;
}

static int
by_seed (gconstpointer a, gconstpointer b, gpointer data)
{
  const LbPerImageRun *runs = data;
  guint64 x = runs[*(const guint *) a].seed, y = runs[*(const guint *) b].seed;
  return (x > y) - (x < y);
}

/* The indices of LOSS's finished runs, in increasing seed order. */
static GArray *
runs_of (LbPerImage *results, guint loss)
{
  GArray *indices = g_array_new (FALSE, FALSE, sizeof (guint));
  for (guint r = 0; r < results->runs->len; r++)
    if (g_array_index (results->runs, LbPerImageRun, r).loss == loss)
      g_array_append_val (indices, r);
  g_array_sort_with_data (indices, by_seed, results->runs->data);
  return indices;
}

/* METRIC per run and image: values[k · images + i] for the K-th of RUNS. */
static double *
metric_matrix (LbPerImage *results, const guint *runs, guint n_runs, LbMetric metric)
{
  guint n_images = results->names->len;
  double *values = g_new (double, MAX (1u, n_runs * n_images));
  for (guint k = 0; k < n_runs; k++)
    {
      const LbPerImageRun *run = &g_array_index (results->runs, LbPerImageRun, runs[k]);
      for (guint i = 0; i < n_images; i++)
        values[k * n_images + i] = run->metrics[i].value[metric];
    }
  return values;
}

static void
summarize_loss (LbPerImage *results, guint loss, GArray *runs, GPtrArray *cache,
                const gboolean *available, LbLossSummary *s)
{
  const LbPerImageLoss *l = &g_array_index (results->losses, LbPerImageLoss, loss);
  guint n = runs->len, n_images = results->names->len;
  *s = (LbLossSummary) { .loss_index = loss, .n_runs = n };
  for (guint k = 0; k < n; k++)
    {
      int collapsed = g_array_index (results->runs, LbPerImageRun,
                                     g_array_index (runs, guint, k)).collapsed;
      s->n_collapsed = collapsed < 0 || s->n_collapsed < 0 ? -1 : s->n_collapsed + collapsed;
    }

  /* Missed images, counted beside the means they are part of. */
  s->n_missed = 0;
  for (guint k = 0; k < n && s->n_missed >= 0; k++)
    {
      const LbPerImageRun *run = &g_array_index (results->runs, LbPerImageRun,
                                                 g_array_index (runs, guint, k));
      int missed = lb_image_metrics_count_missed (run->metrics, n_images);
      s->n_missed = missed < 0 ? -1 : s->n_missed + missed;
    }
  s->missed_per_run = s->n_missed >= 0 && n > 0 ? (double) s->n_missed / n : NAN;

  g_autofree double *run_mean = g_new (double, n);
  for (int m = 0; m < LB_METRIC_COUNT; m++)
    {
      if (!available[m])
        {
          s->metric[m] = (LbSummary) { (int) n, NAN, NAN, NAN, NAN };
          s->interval[m] = (LbMetricInterval) { NAN, NAN, NAN, NAN };
          continue;
        }
      g_autofree double *values = metric_matrix (results, (guint *) (void *) runs->data, n, m);
      for (guint k = 0; k < n; k++)
        {
          double sum = 0.0;
          for (guint i = 0; i < n_images; i++)
            sum += values[k * n_images + i];
          run_mean[k] = n_images > 0 ? sum / n_images : NAN;
        }
      lb_summary_compute (run_mean, n, &s->metric[m]);

      LbMetricInterval *interval = &s->interval[m];
      *interval = (LbMetricInterval) { NAN, NAN, NAN, NAN };
      if (n_images == 0)
        continue;
      LbBootstrap boot;
      lb_bootstrap_paired (values, NULL, n, n_images, resamples_for (cache, n, n_images), &boot);
      /* The stretched seed level can reach past the metric's range; the mean cannot. */
      double top = lb_metric_upper_bound (m);
      interval->ci_low = isnan (boot.ci_low) ? NAN : CLAMP (boot.ci_low, 0.0, top);
      interval->ci_high = isnan (boot.ci_high) ? NAN : CLAMP (boot.ci_high, 0.0, top);
      interval->seed_spread = boot.seed_spread;
      interval->image_spread = boot.image_spread;
    }

  s->poster_stepped_iou = s->poster_accuracy = NAN;
  for (guint p = 0; p < G_N_ELEMENTS (poster_table); p++)
    if (poster_table[p].kind == l->kind)
      {
        s->poster_stepped_iou = poster_table[p].stepped_iou;
        s->poster_accuracy = poster_table[p].accuracy;
      }
}

/* Losses A and B over the seeds both finished, paired by seed and image, on METRIC. */
static void
compare_pair (LbPerImage *results, LbMetric metric, guint a, guint b, GArray *runs_a,
              GArray *runs_b, GPtrArray *cache, LbPairComparison *pair)
{
  guint n_images = results->names->len;
  g_autoptr (GArray) common_a = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr (GArray) common_b = g_array_new (FALSE, FALSE, sizeof (guint));
  for (guint i = 0; i < runs_a->len; i++)
    for (guint j = 0; j < runs_b->len; j++)
      {
        guint ra = g_array_index (runs_a, guint, i), rb = g_array_index (runs_b, guint, j);
        if (g_array_index (results->runs, LbPerImageRun, ra).seed
            == g_array_index (results->runs, LbPerImageRun, rb).seed)
          {
            g_array_append_val (common_a, ra);
            g_array_append_val (common_b, rb);
          }
      }
  guint n = common_a->len;
  *pair = (LbPairComparison) { .a = a, .b = b, .metric = metric, .better = a };
  pair->bootstrap.mean = pair->bootstrap.ci_low = pair->bootstrap.ci_high = NAN;
  pair->bootstrap.p_value = pair->bootstrap.seed_spread = pair->bootstrap.image_spread = NAN;
  pair->bootstrap.components = (LbVarianceComponents) { NAN, NAN, NAN };
  pair->bootstrap.n_images = n_images;
  pair->test.p_value = 1.0;
  if (n == 0 || n_images == 0)
    return;

  g_autofree double *iou_a = metric_matrix (results, (guint *) (void *) common_a->data, n,
                                            metric);
  g_autofree double *iou_b = metric_matrix (results, (guint *) (void *) common_b->data, n,
                                            metric);
  lb_bootstrap_paired (iou_a, iou_b, n, n_images, resamples_for (cache, n, n_images),
                       &pair->bootstrap);
  /* a − b: positive favours a when higher is better, negative when lower is. */
  double mean = pair->bootstrap.mean;
  if (!isnan (mean) && mean != 0.0)
    pair->better = (mean > 0.0) != lb_metric_lower_is_better (metric) ? a : b;

  /* The secondary view: Wilcoxon on each image's metric averaged over the seeds. */
  g_autofree double *mean_a = g_new0 (double, n_images);
  g_autofree double *mean_b = g_new0 (double, n_images);
  for (guint k = 0; k < n; k++)
    for (guint i = 0; i < n_images; i++)
      {
        mean_a[i] += iou_a[k * n_images + i] / n;
        mean_b[i] += iou_b[k * n_images + i] / n;
      }
  lb_wilcoxon_signed_rank (mean_a, mean_b, n_images, &pair->test);
}

static gboolean
components_known (const LbVarianceComponents *c)
{
  return !isnan (c->seed) && !isnan (c->image) && !isnan (c->residual);
}

/* The pairs' decisions: Holm over every pair, then what the design can and cannot tell. */
static void
decide (LbExperimentSummary *summary)
{
  guint m = summary->pairs->len;
  LbComparisonDesign *design = &summary->design;
  *design = (LbComparisonDesign) {
    .n_images = summary->n_test_images, .n_pairs = m, .alpha = m > 0 ? 0.05 / m : 0.05,
    .components = { NAN, NAN, NAN }, .detectable_difference = NAN,
    .detectable_one_pair = NAN, .detectable_floor = NAN,
    .largest_difference = 0.0, .seeds_for_largest = -1,
  };
  if (m == 0)
    return;

  g_autofree double *p = g_new (double, m);
  g_autofree double *wilcoxon = g_new (double, m);
  for (guint i = 0; i < m; i++)
    {
      const LbPairComparison *pair = &g_array_index (summary->pairs, LbPairComparison, i);
      p[i] = isnan (pair->bootstrap.p_value) ? 1.0 : pair->bootstrap.p_value;
      wilcoxon[i] = pair->test.p_value;
    }
  lb_holm_adjust (p, m, p);
  lb_holm_adjust (wilcoxon, m, wilcoxon);

  design->n_seeds = G_MAXINT;
  LbVarianceComponents sum = { 0, 0, 0 };
  int pooled = 0;
  for (guint i = 0; i < m; i++)
    {
      LbPairComparison *pair = &g_array_index (summary->pairs, LbPairComparison, i);
      const LbBootstrap *boot = &pair->bootstrap;
      pair->n_pairs = m;
      pair->p_holm = p[i];
      pair->wilcoxon_p_holm = wilcoxon[i];
      if (boot->n_seeds == 0)
        pair->verdict = LB_VERDICT_UNDECIDABLE;
      else if (boot->identical)
        pair->verdict = LB_VERDICT_IDENTICAL;
      else if (boot->n_seeds < LB_BOOTSTRAP_MIN_SEEDS)
        pair->verdict = LB_VERDICT_UNDECIDABLE;
      else
        pair->verdict = p[i] < 0.05 ? LB_VERDICT_DIFFERENT : LB_VERDICT_NOT_DISTINGUISHABLE;
      pair->significant = pair->verdict == LB_VERDICT_DIFFERENT;
      pair->detectable_difference = NAN;
      if (pair->verdict != LB_VERDICT_IDENTICAL && boot->n_seeds >= LB_BOOTSTRAP_MIN_SEEDS
          && components_known (&boot->components))
        pair->detectable_difference = lb_bootstrap_detectable_difference (
          &boot->components, boot->n_seeds, boot->n_images, design->alpha, 0.8);

      design->n_seeds = MIN (design->n_seeds, boot->n_seeds);
      if (!isnan (boot->mean))
        design->largest_difference = MAX (design->largest_difference, fabs (boot->mean));
      if (pair->verdict != LB_VERDICT_IDENTICAL && components_known (&boot->components))
        {
          sum.seed += boot->components.seed;
          sum.image += boot->components.image;
          sum.residual += boot->components.residual;
          pooled++;
        }
    }

  if (pooled == 0)
    return;
  design->components = (LbVarianceComponents) { sum.seed / pooled, sum.image / pooled,
                                                sum.residual / pooled };
  if (design->n_seeds >= LB_BOOTSTRAP_MIN_SEEDS)
    {
      design->detectable_difference = lb_bootstrap_detectable_difference (
        &design->components, design->n_seeds, design->n_images, design->alpha, 0.8);
      design->detectable_one_pair = lb_bootstrap_detectable_difference (
        &design->components, design->n_seeds, design->n_images, 0.05, 0.8);
    }
  design->detectable_floor = lb_bootstrap_detectable_floor (&design->components,
                                                            design->n_images, design->alpha, 0.8);
  if (design->largest_difference > 0.0)
    design->seeds_for_largest = lb_bootstrap_seeds_needed (
      &design->components, design->largest_difference, design->n_images, design->alpha, 0.8,
      1000);
}

/* Why METRIC cannot be compared on: a sentence for the user. */
static void
set_unavailable_error (LbPerImage *results, LbMetric metric, GError **error)
{
  gboolean any_boundary = lb_per_image_has_metric (results, LB_METRIC_HD);
  if (lb_metric_get_kind (metric) == LB_METRIC_KIND_MM && any_boundary)
    g_set_error (error, LB_ERROR, LB_ERROR_INVALID_INPUT,
                 "%s is not measured: the images carry no pixel spacing. Give it in mm when "
                 "the experiment is created (--spacing), or compare by %s in pixels.",
                 lb_metric_to_label (metric), lb_metric_get_name (metric));
  else
    g_set_error (error, LB_ERROR, LB_ERROR_INVALID_INPUT,
                 "%s is not in these results: their runs were tested before Lossbench measured "
                 "boundary metrics. Compare them by an overlap metric (IoU, Dice, pixel "
                 "accuracy, precision, recall), or train the runs again.",
                 lb_metric_to_label (metric));
}

/* Positions in LOSSES, best mean on METRIC first; a stable sort keeps configuration order on
 * ties. */
static int
by_mean (gconstpointer a, gconstpointer b, gpointer data)
{
  const LbExperimentSummary *summary = data;
  const LbLossSummary *x = &g_array_index (summary->losses, LbLossSummary, *(const guint *) a);
  const LbLossSummary *y = &g_array_index (summary->losses, LbLossSummary, *(const guint *) b);
  double u = x->metric[summary->metric].mean, v = y->metric[summary->metric].mean;
  if (lb_metric_is_better (summary->metric, u, v))
    return -1;
  if (lb_metric_is_better (summary->metric, v, u))
    return 1;
  return (*(const guint *) a > *(const guint *) b) - (*(const guint *) a < *(const guint *) b);
}

void
lb_experiment_summary_rank (LbExperimentSummary *summary)
{
  g_array_set_size (summary->ranking, 0);
  for (guint i = 0; i < summary->losses->len; i++)
    g_array_append_val (summary->ranking, i);
  g_array_sort_with_data (summary->ranking, by_mean, summary);
}

LbExperimentSummary *
lb_per_image_summarize (LbPerImage *results, GError **error)
{
  return lb_per_image_summarize_by (results, LB_METRIC_IOU, error);
}

/* The losses' summaries and ranking, and with PAIRS every pair compared and decided. */
static LbExperimentSummary *
summarize (LbPerImage *results, LbMetric metric, gboolean pairs, GError **error)
{
  g_return_val_if_fail ((unsigned) metric < LB_METRIC_COUNT, NULL);
  g_autoptr (LbExperimentSummary) summary = g_new0 (LbExperimentSummary, 1);
  summary->losses = g_array_new (FALSE, TRUE, sizeof (LbLossSummary));
  summary->pairs = g_array_new (FALSE, TRUE, sizeof (LbPairComparison));
  summary->ranking = g_array_new (FALSE, FALSE, sizeof (guint));
  summary->n_test_images = results->names->len;
  summary->metric = metric;
  for (int m = 0; m < LB_METRIC_COUNT; m++)
    summary->available[m] = lb_per_image_has_metric (results, m);
  if (results->runs->len > 0 && !summary->available[metric])
    {
      set_unavailable_error (results, metric, error);
      return NULL;
    }
  g_autoptr (GPtrArray) cache = g_ptr_array_new_with_free_func ((GDestroyNotify)
                                                                lb_resamples_free);

  guint n_losses = results->losses->len;
  g_autoptr (GPtrArray) runs = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  for (guint l = 0; l < n_losses; l++)
    {
      g_ptr_array_add (runs, runs_of (results, l));
      GArray *loss_runs = g_ptr_array_index (runs, l);
      if (loss_runs->len == 0)
        continue;
      LbLossSummary s;
      summarize_loss (results, l, loss_runs, cache, summary->available, &s);
      g_array_append_val (summary->losses, s);
    }
  lb_experiment_summary_rank (summary);

  for (guint i = 0; pairs && i < summary->losses->len; i++)
    for (guint j = i + 1; j < summary->losses->len; j++)
      {
        guint a = g_array_index (summary->losses, LbLossSummary, i).loss_index;
        guint b = g_array_index (summary->losses, LbLossSummary, j).loss_index;
        LbPairComparison pair;
        compare_pair (results, metric, a, b, g_ptr_array_index (runs, a),
                      g_ptr_array_index (runs, b), cache, &pair);
        g_array_append_val (summary->pairs, pair);
      }
  if (pairs)
    decide (summary);
  return g_steal_pointer (&summary);
}

LbExperimentSummary *
lb_per_image_summarize_by (LbPerImage *results, LbMetric metric, GError **error)
{
  return summarize (results, metric, TRUE, error);
}

LbExperimentSummary *
lb_per_image_summarize_cells (LbPerImage *results, LbMetric metric, GError **error)
{
  return summarize (results, metric, FALSE, error);
}

LbExperimentSummary *
lb_experiment_summarize (LbExperiment *self, GError **error)
{
  return lb_experiment_summarize_by (self, LB_METRIC_IOU, error);
}

LbExperimentSummary *
lb_experiment_summarize_by (LbExperiment *self, LbMetric metric, GError **error)
{
  return lb_experiment_summarize_set_by (self, 0, metric, error);
}

LbExperimentSummary *
lb_experiment_summarize_set_by (LbExperiment *self, guint set, LbMetric metric, GError **error)
{
  g_autoptr (LbPerImage) results = lb_per_image_new_from_experiment_set (self, set, error);
  if (results == NULL)
    return NULL;
  if (lb_experiment_get_config (self)->sweep.n_axes > 0)
    return lb_per_image_summarize_cells (results, metric, error);
  return lb_per_image_summarize_by (results, metric, error);
}

/* ---- the sentences ---- */

/* VALUE with DECIMALS, '.' as decimal point. */
static void
format_fixed (char *buffer, gsize size, double value, int decimals)
{
  char format[16];
  g_snprintf (format, sizeof format, "%%.%df", decimals);
  g_ascii_formatd (buffer, size, format, value);
}

/* VALUE of METRIC with its sign: "+0.0023" or "−0.0005", with a real minus sign. */
static void
format_signed (char *buffer, gsize size, double value, LbMetric metric)
{
  g_autofree char *text = lb_metric_format_signed (metric, value);
  g_strlcpy (buffer, text, size);
}

static void
format_p (char *buffer, gsize size, double p)
{
  g_ascii_formatd (buffer, size, p < 0.001 ? "%.1e" : "%.3f", p);
}

char *
lb_pair_comparison_describe (const char *a, const char *b, const LbPairComparison *pair)
{
  const LbBootstrap *boot = &pair->bootstrap;
  LbMetric metric = pair->metric;
  int decimals = lb_metric_decimals (metric);
  const char *needed = "at least 3 seeds are needed to separate a difference from seed-to-seed "
                       "noise";
  const char *unit = lb_metric_unit_suffix (metric);
  char value[64], low[64], high[64], spread[G_ASCII_DTOSTR_BUF_SIZE];
  char p[G_ASCII_DTOSTR_BUF_SIZE], p_holm[G_ASCII_DTOSTR_BUF_SIZE];
  format_signed (value, sizeof value, boot->mean, metric);
  format_signed (low, sizeof low, boot->ci_low, metric);
  format_signed (high, sizeof high, boot->ci_high, metric);
  format_fixed (spread, sizeof spread, boot->seed_spread, decimals);
  format_p (p, sizeof p, boot->p_value);
  format_p (p_holm, sizeof p_holm, pair->p_holm);
  g_autofree char *quantity = lb_metric_dup_quantity (metric);
  g_autofree char *mean = g_strconcat (value, quantity, NULL);
  /* For a distance, which way is better is worth saying: "B is better (lower HD95)". */
  g_autofree char *better_note = lb_metric_lower_is_better (metric)
                                   ? g_strdup_printf (" (lower %s)", lb_metric_get_name (metric))
                                   : g_strdup ("");

  switch (pair->verdict)
    {
    case LB_VERDICT_IDENTICAL:
      return g_strdup_printf ("%s vs %s: identical on every test image of every seed", a, b);
    case LB_VERDICT_UNDECIDABLE:
      if (boot->n_seeds == 0)
        return g_strdup_printf ("%s vs %s: cannot decide: no seed finished for both losses; %s",
                                a, b, needed);
      return g_strdup_printf ("%s vs %s: %s, cannot decide: %d seed%s; %s", a, b, mean,
                              boot->n_seeds, boot->n_seeds == 1 ? "" : "s", needed);
    case LB_VERDICT_NOT_DISTINGUISHABLE:
      if ((boot->ci_low > 0.0 || boot->ci_high < 0.0) && pair->n_pairs > 1)
        return g_strdup_printf ("%s vs %s: %s (95 %% CI %s to %s%s; seed spread %s%s): not "
                                "distinguishable from seed noise with %d seeds once %u pairs "
                                "are compared (p = %s, Holm-adjusted p = %s)", a, b, mean, low,
                                high, unit, spread, unit, boot->n_seeds, pair->n_pairs, p,
                                p_holm);
      return g_strdup_printf ("%s vs %s: %s (95 %% CI %s to %s%s; seed spread %s%s): not "
                              "distinguishable from seed noise with %d seeds (%s = %s)", a, b,
                              mean, low, high, unit, spread, unit, boot->n_seeds,
                              pair->n_pairs > 1 ? "Holm-adjusted p" : "p", p_holm);
    case LB_VERDICT_DIFFERENT:
      return g_strdup_printf ("%s vs %s: %s (95 %% CI %s to %s%s; seed spread %s%s): %s is "
                              "better%s, beyond seed noise with %d seeds (%s = %s)", a, b, mean,
                              low, high, unit, spread, unit, pair->better == pair->a ? a : b,
                              better_note, boot->n_seeds,
                              pair->n_pairs > 1 ? "Holm-adjusted p" : "p", p_holm);
    }
  return g_strdup ("");
}

char *
lb_per_image_describe_pair (LbPerImage *results, const LbPairComparison *pair)
{
  return lb_pair_comparison_describe (
    g_array_index (results->losses, LbPerImageLoss, pair->a).label,
    g_array_index (results->losses, LbPerImageLoss, pair->b).label, pair);
}

char *
lb_experiment_describe_pair (LbExperiment *self, const LbPairComparison *pair)
{
  g_autofree char *a = lb_experiment_dup_loss_label (self, pair->a);
  g_autofree char *b = lb_experiment_dup_loss_label (self, pair->b);
  return lb_pair_comparison_describe (a, b, pair);
}

/* "80 % power at the 5 % level, Holm over 10 pairs" */
static char *
power_terms (const LbComparisonDesign *design)
{
  if (design->n_pairs > 1)
    return g_strdup_printf ("80 %% power at the 5 %% level, Holm over %d pairs",
                            design->n_pairs);
  return g_strdup ("80 % power at the 5 % level");
}

/* How many seeds DIFFERENCE needs, as a phrase: "about 12 seeds", or why no number will do. */
static char *
seeds_phrase (const LbComparisonDesign *design, LbMetric metric, double difference)
{
  int seeds = lb_bootstrap_seeds_needed (&design->components, difference, design->n_images,
                                         design->alpha, 0.8, 1000);
  if (seeds >= 0)
    return g_strdup_printf ("about %d seeds", seeds);
  if (difference > design->detectable_floor)
    return g_strdup ("more than 1000 seeds");
  char floor[G_ASCII_DTOSTR_BUF_SIZE];
  format_fixed (floor, sizeof floor, design->detectable_floor, lb_metric_decimals (metric));
  return g_strdup_printf ("more test images, not more seeds: on %d test images no number of "
                          "seeds detects less than %s%s, because the images themselves "
                          "disagree about which loss is better", design->n_images, floor,
                          lb_metric_unit_suffix (metric));
}

/* The largest difference a ratio metric can show; a detectable difference beyond it means that
 * none is. The distances have no such limit. */
static double
largest_possible (LbMetric metric)
{
  return lb_metric_lower_is_better (metric) ? INFINITY : 1.0;
}

gboolean
lb_experiment_summary_is_best_by (const LbExperimentSummary *summary, guint row, LbMetric metric)
{
  g_return_val_if_fail (summary != NULL && row < summary->losses->len, FALSE);
  g_return_val_if_fail ((unsigned) metric < LB_METRIC_COUNT, FALSE);

  const LbLossSummary *ls = &g_array_index (summary->losses, LbLossSummary, row);
  if (summary->losses->len < 2 || isnan (ls->metric[metric].mean))
    return FALSE;
  /* Better than this one by more than rounding, in the metric's direction. */
  double sign = lb_metric_lower_is_better (metric) ? -1.0 : 1.0;
  for (guint o = 0; o < summary->losses->len; o++)
    if (sign * g_array_index (summary->losses, LbLossSummary, o).metric[metric].mean
        > sign * ls->metric[metric].mean + 1e-12)
      return FALSE;
  /* Better than every other loss means tested against every other: results summarised side
   * by side without pairs (lb-run-set.h) claim nothing. */
  guint tested = 0;
  for (guint p = 0; p < summary->pairs->len; p++)
    {
      const LbPairComparison *pair = &g_array_index (summary->pairs, LbPairComparison, p);
      if (pair->a != ls->loss_index && pair->b != ls->loss_index)
        continue;
      if (pair->verdict != LB_VERDICT_DIFFERENT || pair->better != ls->loss_index)
        return FALSE;
      tested++;
    }
  return tested + 1 >= summary->losses->len;
}

gboolean
lb_experiment_summary_is_best (const LbExperimentSummary *summary, guint row, NnMetric metric)
{
  g_return_val_if_fail (metric < NN_METRIC_COUNT, FALSE);

  return lb_experiment_summary_is_best_by (summary, row, (LbMetric) metric);
}

char *
lb_experiment_summary_describe_design (const LbExperimentSummary *summary)
{
  const LbComparisonDesign *design = &summary->design;
  LbMetric metric = summary->metric;
  int decimals = lb_metric_decimals (metric);
  const char *unit = lb_metric_unit_suffix (metric), *name = lb_metric_get_name (metric);
  if (design->n_pairs == 0)
    return NULL;
  char largest[G_ASCII_DTOSTR_BUF_SIZE], detectable[G_ASCII_DTOSTR_BUF_SIZE];
  char one_pair[G_ASCII_DTOSTR_BUF_SIZE];
  format_fixed (largest, sizeof largest, design->largest_difference, decimals);
  format_fixed (detectable, sizeof detectable, design->detectable_difference, decimals);
  format_fixed (one_pair, sizeof one_pair, design->detectable_one_pair, decimals);
  g_autofree char *quantity = lb_metric_dup_quantity (metric);
  g_autofree char *terms = power_terms (design);
  gboolean known = components_known (&design->components) && design->largest_difference > 0.0;
  g_autofree char *seeds = known ? seeds_phrase (design, metric, design->largest_difference)
                                 : NULL;

  if (design->n_seeds < LB_BOOTSTRAP_MIN_SEEDS)
    {
      g_autofree char *head = g_strdup_printf (
        "With %d seed%s no difference can be told from seed-to-seed noise: at least 3 seeds are "
        "needed.", design->n_seeds, design->n_seeds == 1 ? "" : "s");
      if (!known)
        return g_steal_pointer (&head);
      return g_strdup_printf ("%s Judging by the spread of these two, the largest difference "
                              "here, %s%s, would need %s (%s).", head, largest, quantity, seeds,
                              terms);
    }
  gboolean all_identical = TRUE;
  for (guint i = 0; i < summary->pairs->len; i++)
    all_identical &= g_array_index (summary->pairs, LbPairComparison, i).verdict
                     == LB_VERDICT_IDENTICAL;
  if (all_identical)
    return g_strdup_printf ("With %d seeds and %d test images, every pair of losses is "
                            "identical.", design->n_seeds, design->n_images);
  if (isnan (design->detectable_difference))
    return g_strdup_printf ("With %d seeds and %d test image%s the noise cannot be measured.",
                            design->n_seeds, design->n_images, design->n_images == 1 ? "" : "s");
  g_autoptr (GString) text = g_string_new (NULL);
  double limit = largest_possible (metric);
  if (design->detectable_difference >= limit)
    g_string_append_printf (text, "With %d seeds and %d test images, no %s difference can be "
                            "told from noise: the runs vary too much (%s", design->n_seeds,
                            design->n_images, name, terms);
  else
    g_string_append_printf (text, "With %d seeds and %d test images, %s differences below %s%s "
                            "cannot be told from noise (%s", design->n_seeds, design->n_images,
                            name, detectable, unit, terms);
  if (design->n_pairs > 1 && design->detectable_one_pair < limit)
    g_string_append_printf (text, "; %s%s for a single pair planned in advance", one_pair, unit);
  g_string_append (text, ").");
  if (!known)
    return g_string_free (g_steal_pointer (&text), FALSE);
  if (design->largest_difference >= design->detectable_difference)
    g_string_append_printf (text, " The largest difference here, %s%s, is within their reach.",
                            largest, unit);
  else
    g_string_append_printf (text, " The largest difference here, %s%s, would need %s.", largest,
                            unit, seeds);
  return g_string_free (g_steal_pointer (&text), FALSE);
}

char *
lb_experiment_summary_describe_detection (const LbExperimentSummary *summary, double difference)
{
  const LbComparisonDesign *design = &summary->design;
  LbMetric metric = summary->metric;
  char value[G_ASCII_DTOSTR_BUF_SIZE];
  format_fixed (value, sizeof value, fabs (difference), lb_metric_decimals (metric));
  g_autofree char *quantity = lb_metric_dup_quantity (metric);
  if (!components_known (&design->components))
    return g_strdup_printf ("How many seeds a difference of %s%s needs cannot be estimated: "
                            "it takes at least 2 seeds, and two losses that differ, to measure "
                            "seed-to-seed noise.", value, quantity);
  g_autofree char *terms = power_terms (design);
  g_autofree char *seeds = seeds_phrase (design, metric, fabs (difference));
  return g_strdup_printf ("Detecting a difference of %s%s on %d test images would take %s "
                          "(%s).", value, quantity, design->n_images, seeds, terms);
}

/* ---- CSV ---- */

static void
add_loss_columns (LbCsv *csv, LbPerImage *results, guint loss)
{
  const LbPerImageLoss *l = &g_array_index (results->losses, LbPerImageLoss, loss);
  lb_csv_add_string (csv, nn_loss_kind_to_string (l->kind));
  lb_csv_add_string (csv, l->label);
}

static gboolean
export_summary (LbPerImage *results, const LbExperimentSummary *summary, const char *path,
                GError **error)
{
  g_autoptr (GPtrArray) header = g_ptr_array_new_with_free_func (g_free);
  const char *fixed[] = { "loss", "label", "alpha", "beta", "gamma", "smooth", "runs", "seeds",
                          "collapsed_runs" };
  for (guint i = 0; i < G_N_ELEMENTS (fixed); i++)
    g_ptr_array_add (header, g_strdup (fixed[i]));
  /* The columns of the metrics the runs measured: results of earlier versions, without
   * boundary metrics, export as they did. */
  gboolean missed_known = summary->losses->len > 0;
  for (guint i = 0; i < summary->losses->len; i++)
    missed_known &= g_array_index (summary->losses, LbLossSummary, i).n_missed >= 0;
  for (int k = 0; k < LB_METRIC_COUNT; k++)
    {
      if (!summary->available[k])
        continue;
      const char *m = lb_metric_to_string (k);
      const char *columns[] = { "mean", "std", "ci95_low", "ci95_high", "bootstrap_ci95_low",
                                "bootstrap_ci95_high", "seed_spread", "image_spread" };
      for (guint c = 0; c < G_N_ELEMENTS (columns); c++)
        g_ptr_array_add (header, g_strconcat (m, "_", columns[c], NULL));
    }
  if (missed_known)
    {
      g_ptr_array_add (header, g_strdup ("missed_images"));
      g_ptr_array_add (header, g_strdup ("missed_per_run"));
    }
  g_ptr_array_add (header, g_strdup ("poster_stepped_iou"));
  g_ptr_array_add (header, g_strdup ("poster_accuracy"));
  g_ptr_array_add (header, NULL);

  g_autoptr (LbCsv) csv = lb_csv_new ((const char *const *) header->pdata);
  for (guint i = 0; i < summary->losses->len; i++)
    {
      const LbLossSummary *s = &g_array_index (summary->losses, LbLossSummary, i);
      const LbPerImageLoss *l = &g_array_index (results->losses, LbPerImageLoss, s->loss_index);
      add_loss_columns (csv, results, s->loss_index);
      lb_csv_add_double (csv, l->has_config ? l->config.alpha : NAN, 6);
      lb_csv_add_double (csv, l->has_config ? l->config.beta : NAN, 6);
      lb_csv_add_double (csv, l->has_config ? l->config.gamma : NAN, 6);
      lb_csv_add_double (csv, l->has_config ? l->config.smooth : NAN, 6);
      lb_csv_add_int (csv, s->n_runs);
      g_autoptr (GArray) runs = runs_of (results, s->loss_index);
      g_autoptr (GString) seeds = g_string_new (NULL);
      for (guint r = 0; r < runs->len; r++)
        g_string_append_printf (seeds, "%s%" G_GUINT64_FORMAT, seeds->len ? " " : "",
                                g_array_index (results->runs, LbPerImageRun,
                                               g_array_index (runs, guint, r)).seed);
      lb_csv_add_string (csv, seeds->str);
      if (s->n_collapsed >= 0)
        lb_csv_add_int (csv, s->n_collapsed);
      else
        lb_csv_add_string (csv, "");
      for (int k = 0; k < LB_METRIC_COUNT; k++)
        {
          if (!summary->available[k])
            continue;
          lb_csv_add_double (csv, s->metric[k].mean, 6);
          lb_csv_add_double (csv, s->metric[k].std, 6);
          lb_csv_add_double (csv, s->metric[k].ci_low, 6);
          lb_csv_add_double (csv, s->metric[k].ci_high, 6);
          lb_csv_add_double (csv, s->interval[k].ci_low, 6);
          lb_csv_add_double (csv, s->interval[k].ci_high, 6);
          lb_csv_add_double (csv, s->interval[k].seed_spread, 6);
          lb_csv_add_double (csv, s->interval[k].image_spread, 6);
        }
      if (missed_known)
        {
          lb_csv_add_int (csv, s->n_missed);
          lb_csv_add_double (csv, s->missed_per_run, 6);
        }
      lb_csv_add_double (csv, s->poster_stepped_iou, 6);
      lb_csv_add_double (csv, s->poster_accuracy, 6);
      lb_csv_end_row (csv);
    }
  return lb_csv_save (csv, path, error);
}

static gboolean
export_comparisons (LbPerImage *results, const LbExperimentSummary *summary, const char *path,
                    GError **error)
{
  const char *header[] = { "loss_a", "loss_b", "metric", "mean_difference", "ci_low", "ci_high",
                           "seed_spread", "image_spread", "seeds", "images", "resamples",
                           "p_bootstrap", "p_holm", "significant", "verdict",
                           "detectable_difference", "method", "summary",
                           "wilcoxon_pairs_used", "wilcoxon_statistic",
                           "wilcoxon_median_difference", "wilcoxon_p", "wilcoxon_p_holm",
                           "wilcoxon_method", NULL };
  g_autoptr (LbCsv) csv = lb_csv_new (header);
  for (guint i = 0; i < summary->pairs->len; i++)
    {
      const LbPairComparison *pair = &g_array_index (summary->pairs, LbPairComparison, i);
      const LbBootstrap *boot = &pair->bootstrap;
      g_autofree char *sentence = lb_per_image_describe_pair (results, pair);
      lb_csv_add_string (csv, g_array_index (results->losses, LbPerImageLoss, pair->a).label);
      lb_csv_add_string (csv, g_array_index (results->losses, LbPerImageLoss, pair->b).label);
      lb_csv_add_string (csv, lb_metric_to_string (pair->metric));
      lb_csv_add_double (csv, boot->mean, 6);
      lb_csv_add_double (csv, boot->ci_low, 6);
      lb_csv_add_double (csv, boot->ci_high, 6);
      lb_csv_add_double (csv, boot->seed_spread, 6);
      lb_csv_add_double (csv, boot->image_spread, 6);
      lb_csv_add_int (csv, boot->n_seeds);
      lb_csv_add_int (csv, boot->n_images);
      lb_csv_add_int (csv, boot->n_resamples);
      lb_csv_add_double (csv, boot->p_value, 6);
      lb_csv_add_double (csv, pair->p_holm, 6);
      lb_csv_add_string (csv, pair->significant ? "yes" : "no");
      lb_csv_add_string (csv, lb_verdict_to_string (pair->verdict));
      lb_csv_add_double (csv, pair->detectable_difference, 6);
      lb_csv_add_string (csv, "two-level bootstrap, Holm");
      lb_csv_add_string (csv, sentence);
      lb_csv_add_int (csv, pair->test.n_used);
      lb_csv_add_double (csv, pair->test.statistic, 9);
      lb_csv_add_double (csv, pair->test.median_difference, 6);
      lb_csv_add_double (csv, pair->test.p_value, 6);
      lb_csv_add_double (csv, pair->wilcoxon_p_holm, 6);
      lb_csv_add_string (csv, pair->test.method == LB_WILCOXON_EXACT ? "exact" : "normal");
      lb_csv_end_row (csv);
    }
  return lb_csv_save (csv, path, error);
}

gboolean
lb_per_image_export_csv (LbPerImage *results,
                         const LbExperimentSummary *summary,
                         const char *summary_path,
                         const char *comparisons_path,
                         GError **error)
{
  if (summary_path != NULL && !export_summary (results, summary, summary_path, error))
    return FALSE;
  return comparisons_path == NULL || export_comparisons (results, summary, comparisons_path,
                                                         error);
}

/* The loss's kind and label, for the files made from the runs. */
static void
add_run_loss_columns (LbCsv *csv, LbExperiment *self, guint loss)
{
  const NnLossConfig *l = &lb_experiment_get_config (self)->losses[loss];
  g_autofree char *label = lb_experiment_dup_loss_label (self, loss);
  lb_csv_add_string (csv, nn_loss_kind_to_string (l->kind));
  lb_csv_add_string (csv, label);
}

static void
add_history_row (LbCsv *csv, LbExperiment *self, const LbRunInfo *run, int epoch,
                 const char *metric, double value)
{
  lb_csv_add_string (csv, run->name);
  add_run_loss_columns (csv, self, run->loss_index);
  lb_csv_add_int (csv, run->seed);
  lb_csv_add_int (csv, epoch);
  lb_csv_add_string (csv, metric);
  lb_csv_add_double (csv, value, 9);
  lb_csv_end_row (csv);
}

static gboolean
export_history (LbExperiment *self, const char *path, GError **error)
{
  const char *header[] = { "run", "loss", "label", "seed", "epoch", "metric", "value", NULL };
  g_autoptr (LbCsv) csv = lb_csv_new (header);
  for (guint i = 0; i < lb_experiment_get_n_runs (self); i++)
    {
      LbRunInfo run;
      lb_experiment_get_run (self, i, &run);
      g_autoptr (GArray) history = lb_experiment_load_history (self, i, error);
      if (history == NULL)
        {
          lb_run_info_clear (&run);
          return FALSE;
        }
      for (guint e = 0; e < history->len; e++)
        {
          const LbEpochRecord *r = &g_array_index (history, LbEpochRecord, e);
          add_history_row (csv, self, &run, r->epoch, "train_loss", r->train_loss);
          add_history_row (csv, self, &run, r->epoch, "val_loss", r->val_loss);
          for (int k = 0; k < NN_METRIC_COUNT; k++)
            {
              g_autofree char *train = g_strconcat ("train_", nn_metric_to_string (k), NULL);
              g_autofree char *val = g_strconcat ("val_", nn_metric_to_string (k), NULL);
              add_history_row (csv, self, &run, r->epoch, train, r->train.value[k]);
              add_history_row (csv, self, &run, r->epoch, val, r->val.value[k]);
            }
          add_history_row (csv, self, &run, r->epoch, "learning_rate", r->learning_rate);
          /* Measured since boundary metrics exist: absent from earlier histories. */
          if (!isnan (r->val_hd95))
            add_history_row (csv, self, &run, r->epoch, "val_hd95", r->val_hd95);
          if (r->val_missed >= 0)
            add_history_row (csv, self, &run, r->epoch, "val_missed", r->val_missed);
          if (!isnan (r->val_hd95_mm))
            add_history_row (csv, self, &run, r->epoch, "val_hd95_mm", r->val_hd95_mm);
        }
      lb_run_info_clear (&run);
    }
  return lb_csv_save (csv, path, error);
}

static gboolean
export_per_image (LbExperiment *self, guint set, const char *path, GError **error)
{
  g_autoptr (GPtrArray) header = g_ptr_array_new ();
  const char *fixed[] = { "run", "loss", "label", "seed", "name", "source", "tp", "fp", "fn",
                          "tn" };
  for (guint i = 0; i < G_N_ELEMENTS (fixed); i++)
    g_ptr_array_add (header, (gpointer) fixed[i]);
  for (int k = 0; k < NN_METRIC_COUNT; k++)
    g_ptr_array_add (header, (gpointer) nn_metric_to_string (k));
  lb_metric_add_boundary_columns (header);
  g_ptr_array_add (header, NULL);
  g_autoptr (LbCsv) csv = lb_csv_new ((const char *const *) header->pdata);

  for (guint i = 0; i < lb_experiment_get_n_runs (self); i++)
    {
      LbRunInfo run;
      lb_experiment_get_run (self, i, &run);
      g_autoptr (GPtrArray) names = NULL, sources = NULL;
      g_autoptr (GArray) confusions = NULL, metrics = NULL;
      if (run.state == LB_RUN_DONE
          && !lb_experiment_load_set_results (self, i, set, &names, &sources, &confusions,
                                              &metrics, error))
        {
          lb_run_info_clear (&run);
          return FALSE;
        }
      for (guint k = 0; confusions && k < confusions->len; k++)
        {
          const NnConfusion *c = &g_array_index (confusions, NnConfusion, k);
          NnMetrics m;
          nn_metrics_from_confusion (c, &m);
          lb_csv_add_string (csv, run.name);
          add_run_loss_columns (csv, self, run.loss_index);
          lb_csv_add_int (csv, run.seed);
          lb_csv_add_string (csv, g_ptr_array_index (names, k));
          lb_csv_add_string (csv, g_ptr_array_index (sources, k));
          lb_csv_add_int (csv, c->tp);
          lb_csv_add_int (csv, c->fp);
          lb_csv_add_int (csv, c->fn);
          lb_csv_add_int (csv, c->tn);
          for (int j = 0; j < NN_METRIC_COUNT; j++)
            lb_csv_add_double (csv, m.value[j], 9);
          lb_metric_add_boundary_fields (csv, &g_array_index (metrics, LbImageMetrics, k));
          lb_csv_end_row (csv);
        }
      lb_run_info_clear (&run);
    }
  return lb_csv_save (csv, path, error);
}

gboolean
lb_experiment_export_csv (LbExperiment *self,
                          const char *summary_path,
                          const char *history_path,
                          const char *per_image_path,
                          const char *comparisons_path,
                          GError **error)
{
  return lb_experiment_export_csv_by (self, lb_experiment_get_config (self)->compare_metric,
                                      summary_path, history_path, per_image_path,
                                      comparisons_path, error);
}

/* Test set SET's summary, per-image rows and comparisons; any path may be NULL. */
static gboolean
export_set (LbExperiment *self,
            guint set,
            LbMetric metric,
            const char *summary_path,
            const char *per_image_path,
            const char *comparisons_path,
            GError **error)
{
  /* A sweep's cells are not compared pair by pair: their number grows with the grid, and the
   * comparisons that mean something are the sweep's own (lb-sweep.h). */
  gboolean sweep = lb_experiment_get_config (self)->sweep.n_axes > 0;
  if (sweep)
    comparisons_path = NULL;
  if (summary_path != NULL || comparisons_path != NULL)
    {
      g_autoptr (LbPerImage) results = lb_per_image_new_from_experiment_set (self, set, error);
      if (results == NULL)
        return FALSE;
      g_autoptr (LbExperimentSummary) summary = sweep
        ? lb_per_image_summarize_cells (results, metric, error)
        : lb_per_image_summarize_by (results, metric, error);
      if (summary == NULL
          || !lb_per_image_export_csv (results, summary, summary_path, comparisons_path, error))
        return FALSE;
    }
  return per_image_path == NULL || export_per_image (self, set, per_image_path, error);
}

/* What an export killed before left beside PATH (NULL: nothing). */
static void
sweep_beside (const char *path)
{
  g_autofree char *dir = path != NULL ? g_path_get_dirname (path) : NULL;
  if (dir != NULL)
    lb_file_sweep_scratch (dir, LB_RUN_CLAIM_STALE_SECONDS);
}

gboolean
lb_experiment_export_csv_by (LbExperiment *self,
                             LbMetric metric,
                             const char *summary_path,
                             const char *history_path,
                             const char *per_image_path,
                             const char *comparisons_path,
                             GError **error)
{
  sweep_beside (summary_path);
  if (g_strcmp0 (history_path, summary_path) != 0)
    sweep_beside (history_path);
  if (!export_set (self, 0, metric, summary_path, per_image_path, comparisons_path, error))
    return FALSE;
  return history_path == NULL || export_history (self, history_path, error);
}

gboolean
lb_experiment_export_external_csv (LbExperiment *self,
                                   LbMetric metric,
                                   const char *dir,
                                   GError **error)
{
  for (guint set = 1; set < lb_experiment_get_n_test_sets (self); set++)
    {
      g_autofree char *set_dir = g_build_filename (dir, "external",
                                                   lb_experiment_get_test_set_name (self, set),
                                                   NULL);
      if (g_mkdir_with_parents (set_dir, 0755) != 0)
        {
          g_set_error (error, LB_ERROR, LB_ERROR_PERMISSION,
                       "The folder “%s” could not be created: %s.", set_dir, g_strerror (errno));
          return FALSE;
        }
      g_autofree char *summary = g_build_filename (set_dir, "summary.csv", NULL);
      g_autofree char *per_image = g_build_filename (set_dir, "per-image.csv", NULL);
      g_autofree char *comparisons = g_build_filename (set_dir, "comparisons.csv", NULL);
      if (!export_set (self, set, metric, summary, per_image, comparisons, error))
        return FALSE;
    }
  return TRUE;
}
