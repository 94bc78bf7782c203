/* lb-score.c — every metric for masks made by any tool, against the truths, and two tools'
 * masks compared on the same truths.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "lb-score.h"

#include <math.h>
#include <string.h>

#include "lb-csv.h"
#include "lb-error.h"
#include "lb-image-io.h"
#include "nn-threads.h"

static void
set_free (LbScoreSet *set)
{
  if (set == NULL)
    return;
  g_free (set->label);
  g_free (set->folder);
  lb_pairing_report_free (set->report);
  g_strfreev (set->names);
  g_strfreev (set->pred_files);
  g_strfreev (set->truth_files);
  g_free (set->widths);
  g_free (set->heights);
  g_free (set->confusions);
  g_free (set->metrics);
  g_free (set);
}

void
lb_score_free (LbScore *score)
{
  if (score == NULL)
    return;
  g_free (score->truth_folder);
  g_ptr_array_unref (score->sets);
  g_free (score);
}

/* ---- decoding and measuring one pair ---- */

typedef struct
{
  int code;            /* 0, or the LbError that left the pair out */
  char *path;          /* the file concerned */
  char *message;
  NnConfusion confusion;
  LbImageMetrics metrics;
} PairResult;

/* NULL when MASK holds at most one value besides 0, else why it is not a mask (newly
 * allocated). */
static char *
binary_problem (const guint8 *mask, gsize n, const char *path, const char *what)
{
  gsize count[256] = { 0 };
  for (gsize k = 0; k < n; k++)
    count[mask[k]]++;
  int distinct = 0;
  g_autoptr (GString) values = g_string_new (NULL);
  for (int v = 1; v < 256; v++)
    if (count[v] > 0 && ++distinct <= 4)
      g_string_append_printf (values, ", %d", v);
  if (distinct <= 1)
    return NULL;
  g_autofree char *display = g_filename_display_name (path);
  return g_strdup_printf ("%s: the %s mask is not binary: besides 0 it holds %d values (%s%s); "
                          "it was left out. Save it with 0 for background and one value (1 or "
                          "255) for lung: threshold a probability map first.", display, what,
                          distinct, values->str + 2, distinct > 4 ? ", …" : "");
}

static void
score_pair (const LbPair *pair, const LbMetricOptions *options, PairResult *result)
{
  g_autoptr (GError) error = NULL;
  LbImageInfo pred_info = { 0 }, truth_info = { 0 };
  g_autofree guint8 *pred = lb_image_decode_gray (pair->image_path, &pred_info, &error);
  g_autofree guint8 *truth = pred ? lb_image_decode_gray (pair->mask_paths[0], &truth_info,
                                                          &error)
                                  : NULL;
  if (truth == NULL)
    {
      result->code = error->code;
      result->path = g_strdup (pred == NULL ? pair->image_path : pair->mask_paths[0]);
      result->message = g_strdup (error->message);
      return;
    }
  if (pred_info.width != truth_info.width || pred_info.height != truth_info.height)
    {
      /* The headers agreed (discovery checks them); the decoded pixels did not. */
      g_autofree char *display = g_filename_display_name (pair->image_path);
      result->code = LB_ERROR_INVALID_INPUT;
      result->path = g_strdup (pair->image_path);
      result->message = g_strdup_printf ("%s: the prediction decodes to %d × %d pixels but its "
                                         "truth mask to %d × %d; it was left out.", display,
                                         pred_info.width, pred_info.height, truth_info.width,
                                         truth_info.height);
      return;
    }
  gsize n = (gsize) pred_info.width * pred_info.height;
  char *why = binary_problem (pred, n, pair->image_path, "predicted");
  const char *path = pair->image_path;
  if (why == NULL)
    {
      why = binary_problem (truth, n, pair->mask_paths[0], "truth");
      path = pair->mask_paths[0];
    }
  if (why != NULL)
    {
      result->code = LB_ERROR_INVALID_INPUT;
      result->path = g_strdup (path);
      result->message = why;
      return;
    }
  /* Scored at their own size: the spacing given is every mask's as it is. */
  if (!lb_image_metrics_measure (pred, truth, pred_info.height, pred_info.width, options,
                                 options->has_spacing ? &options->spacing : NULL,
                                 &result->confusion, &result->metrics))
    {
      result->code = LB_ERROR_TOO_LARGE;
      result->path = g_strdup (pair->image_path);
      result->message = g_strdup_printf ("%s: there is not enough memory to measure it; it was "
                                         "left out.", pair->name);
    }
}

typedef struct
{
  const LbPairingReport *report;
  const LbMetricOptions *options;
  PairResult *results;
  gint next;
} ScoreJob;

static void
score_thread (void *data, int tid, int nthreads)
{
  ScoreJob *job = data;
  /* Masks differ in size: hand them out one at a time. */
  for (;;)
    {
      guint i = (guint) g_atomic_int_add (&job->next, 1);
      if (i >= job->report->pairs->len)
        break;
      score_pair (g_ptr_array_index (job->report->pairs, i), job->options, &job->results[i]);
    }
}

static LbScoreSet *
score_folder (const char *truth_folder, const char *folder, const LbMetricOptions *options,
              GError **error)
{
  LbPairingReport *report = lb_dataset_discover_mask_pairs (folder, truth_folder, error);
  if (report == NULL)
    return NULL;
  LbScoreSet *set = g_new0 (LbScoreSet, 1);
  set->folder = g_strdup (folder);
  set->report = report;

  guint n = report->pairs->len;
  g_autofree PairResult *results = g_new0 (PairResult, MAX (1u, n));
  ScoreJob job = { report, options, results, 0 };
  if (n > 0)
    nn_parallel (score_thread, &job, MIN ((int) n, nn_get_threads ()));

  guint kept = 0;
  for (guint i = 0; i < n; i++)
    kept += results[i].code == 0;
  set->n_images = kept;
  set->names = g_new0 (char *, kept + 1);
  set->pred_files = g_new0 (char *, kept + 1);
  set->truth_files = g_new0 (char *, kept + 1);
  set->widths = g_new0 (int, MAX (1u, kept));
  set->heights = g_new0 (int, MAX (1u, kept));
  set->confusions = g_new0 (NnConfusion, MAX (1u, kept));
  set->metrics = g_new0 (LbImageMetrics, MAX (1u, kept));
  guint j = 0;
  for (guint i = 0; i < n; i++)
    {
      const LbPair *pair = g_ptr_array_index (report->pairs, i);
      if (results[i].code != 0)
        continue;
      set->names[j] = g_strdup (pair->name);
      set->pred_files[j] = g_path_get_basename (pair->image_path);
      set->truth_files[j] = g_path_get_basename (pair->mask_paths[0]);
      set->widths[j] = pair->width;
      set->heights[j] = pair->height;
      set->confusions[j] = results[i].confusion;
      set->metrics[j] = results[i].metrics;
      j++;
    }
  /* Backwards, so that removing a pair does not shift the ones still to visit. */
  for (guint i = n; i-- > 0;)
    if (results[i].code != 0)
      lb_pairing_report_reject_pair (report, i, results[i].path, results[i].code,
                                     results[i].message);
  for (guint i = 0; i < n; i++)
    {
      g_free (results[i].path);
      g_free (results[i].message);
    }
  return set;
}

LbScore *
lb_score_new (const char *truth_folder,
              const char *const *pred_folders,
              const LbMetricOptions *options,
              GError **error)
{
  g_return_val_if_fail (truth_folder != NULL && pred_folders != NULL && pred_folders[0] != NULL,
                        NULL);
  g_autofree char *why = lb_metric_options_check (options);
  if (why != NULL)
    {
      g_set_error_literal (error, LB_ERROR, LB_ERROR_INVALID_INPUT, why);
      return NULL;
    }
  g_autoptr (LbScore) score = g_new0 (LbScore, 1);
  score->truth_folder = g_strdup (truth_folder);
  score->options = *options;
  score->sets = g_ptr_array_new_with_free_func ((GDestroyNotify) set_free);
  for (const char *const *folder = pred_folders; *folder != NULL; folder++)
    {
      LbScoreSet *set = score_folder (truth_folder, *folder, options, error);
      if (set == NULL)
        return NULL;
      g_ptr_array_add (score->sets, set);
    }

  /* Labels: the folders' names, or their paths where two names are the same. */
  for (guint i = 0; i < score->sets->len; i++)
    {
      LbScoreSet *set = g_ptr_array_index (score->sets, i);
      g_autofree char *trimmed = g_strdup (set->folder);
      gsize len = strlen (trimmed);
      while (len > 1 && trimmed[len - 1] == G_DIR_SEPARATOR)
        trimmed[--len] = '\0';
      set->label = g_path_get_basename (trimmed);
    }
  for (guint i = 0; i < score->sets->len; i++)
    for (guint j = 0; j < score->sets->len; j++)
      {
        LbScoreSet *a = g_ptr_array_index (score->sets, i), *b = g_ptr_array_index (score->sets, j);
        if (i != j && strcmp (a->label, b->label) == 0 && strcmp (a->label, a->folder) != 0)
          {
            g_free (a->label);
            a->label = g_strdup (a->folder);
          }
      }
  return g_steal_pointer (&score);
}

/* ---- files ---- */

gboolean
lb_score_save_csv (LbScore *score, const char *path, GError **error)
{
  g_autoptr (GPtrArray) header = g_ptr_array_new ();
  const char *fixed[] = { "prediction", "name", "prediction_file", "truth_file", "width",
                          "height", "tp", "fp", "fn", "tn" };
  for (guint i = 0; i < G_N_ELEMENTS (fixed); i++)
    g_ptr_array_add (header, (gpointer) fixed[i]);
  for (int k = 0; k < NN_METRIC_COUNT; k++)
    g_ptr_array_add (header, (gpointer) lb_metric_to_string (k));
  lb_metric_add_boundary_columns (header);
  g_ptr_array_add (header, NULL);
  g_autoptr (LbCsv) csv = lb_csv_new ((const char *const *) header->pdata);
  for (guint s = 0; s < score->sets->len; s++)
    {
      const LbScoreSet *set = g_ptr_array_index (score->sets, s);
      for (guint i = 0; i < set->n_images; i++)
        {
          const NnConfusion *c = &set->confusions[i];
          lb_csv_add_string (csv, set->label);
          lb_csv_add_string (csv, set->names[i]);
          lb_csv_add_string (csv, set->pred_files[i]);
          lb_csv_add_string (csv, set->truth_files[i]);
          lb_csv_add_int (csv, set->widths[i]);
          lb_csv_add_int (csv, set->heights[i]);
          lb_csv_add_int (csv, c->tp);
          lb_csv_add_int (csv, c->fp);
          lb_csv_add_int (csv, c->fn);
          lb_csv_add_int (csv, c->tn);
          for (int k = 0; k < NN_METRIC_COUNT; k++)
            lb_csv_add_double (csv, set->metrics[i].value[k], 9);
          lb_metric_add_boundary_fields (csv, &set->metrics[i]);
          lb_csv_end_row (csv);
        }
    }
  return lb_csv_save (csv, path, error);
}

JsonNode *
lb_score_report_to_json (LbScore *score)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "truth_folder");
  json_builder_add_string_value (b, score->truth_folder);
  json_builder_set_member_name (b, "predictions");
  json_builder_begin_array (b);
  for (guint s = 0; s < score->sets->len; s++)
    {
      const LbScoreSet *set = g_ptr_array_index (score->sets, s);
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "label");
      json_builder_add_string_value (b, set->label);
      json_builder_set_member_name (b, "scored");
      json_builder_add_int_value (b, set->n_images);
      json_builder_set_member_name (b, "pairing");
      json_builder_add_value (b, lb_pairing_report_to_json (set->report));
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

void
lb_score_set_summarize (const LbScoreSet *set, LbScoreSummary *summary)
{
  memset (summary, 0, sizeof *summary);
  summary->n_images = set->n_images;
  for (int m = 0; m < LB_METRIC_COUNT; m++)
    {
      double mean = lb_image_metrics_mean (set->metrics, set->n_images, m), squares = 0.0;
      for (guint i = 0; i < set->n_images; i++)
        squares += (set->metrics[i].value[m] - mean) * (set->metrics[i].value[m] - mean);
      summary->mean[m] = mean;
      summary->std[m] = set->n_images > 1 ? sqrt (squares / (set->n_images - 1)) : NAN;
    }
  NnMetricsSummary counts;
  nn_metrics_summarize (set->confusions, set->n_images, NULL, &counts);
  summary->pooled = counts.pooled;
  summary->n_missed = lb_image_metrics_count_missed (set->metrics, set->n_images);
}

/* ---- two tools on the same truths ---- */

/* METRIC of A and B on the images both scored (both name lists are sorted). */
static guint
common_values (const LbScoreSet *a, const LbScoreSet *b, LbMetric metric, double *x, double *y)
{
  guint n = 0;
  for (guint i = 0, j = 0; i < a->n_images && j < b->n_images;)
    {
      int order = strcmp (a->names[i], b->names[j]);
      if (order == 0)
        {
          x[n] = a->metrics[i].value[metric];
          y[n] = b->metrics[j].value[metric];
          n++;
          i++;
          j++;
        }
      else if (order < 0)
        i++;
      else
        j++;
    }
  return n;
}

GArray *
lb_score_compare (LbScore *score, LbMetric metric)
{
  GArray *comparisons = g_array_new (FALSE, TRUE, sizeof (LbScoreComparison));
  g_autoptr (GPtrArray) cache = g_ptr_array_new_with_free_func ((GDestroyNotify)
                                                                lb_resamples_free);
  for (guint i = 0; i < score->sets->len; i++)
    for (guint j = i + 1; j < score->sets->len; j++)
      {
        const LbScoreSet *a = g_ptr_array_index (score->sets, i);
        const LbScoreSet *b = g_ptr_array_index (score->sets, j);
        guint most = MAX (1u, MIN (a->n_images, b->n_images));
        g_autofree double *x = g_new (double, most), *y = g_new (double, most);
        guint n = common_values (a, b, metric, x, y);
        LbScoreComparison c = { .a = i, .b = j, .metric = metric, .better = i };
        c.bootstrap = (LbBootstrap) { .n_seeds = 1, .n_images = (int) n, .mean = NAN,
                                      .ci_low = NAN, .ci_high = NAN, .p_value = NAN,
                                      .seed_spread = NAN, .image_spread = NAN,
                                      .components = { NAN, NAN, NAN } };
        c.test.p_value = 1.0;
        if (n > 0)
          {
            const LbResamples *resamples = NULL;
            for (guint k = 0; k < cache->len && resamples == NULL; k++)
              if (((const LbResamples *) g_ptr_array_index (cache, k))->n_images == (int) n)
                resamples = g_ptr_array_index (cache, k);
            if (resamples == NULL)
              {
                LbResamples *r = lb_resamples_new (1, (int) n, LB_BOOTSTRAP_RESAMPLES,
                                                   LB_BOOTSTRAP_DEFAULT_SEED);
                g_ptr_array_add (cache, r);
                resamples = r;
              }
            lb_bootstrap_paired_images (x, y, (int) n, resamples, &c.bootstrap);
            lb_wilcoxon_signed_rank (x, y, (int) n, &c.test);
            double mean = c.bootstrap.mean;
            if (!isnan (mean) && mean != 0.0)
              c.better = (mean > 0.0) != lb_metric_lower_is_better (metric) ? i : j;
          }
        g_array_append_val (comparisons, c);
      }

  guint m = comparisons->len;
  g_autofree double *p = g_new (double, MAX (1u, m));
  g_autofree double *w = g_new (double, MAX (1u, m));
  for (guint k = 0; k < m; k++)
    {
      const LbScoreComparison *c = &g_array_index (comparisons, LbScoreComparison, k);
      p[k] = isnan (c->bootstrap.p_value) ? 1.0 : c->bootstrap.p_value;
      w[k] = c->test.p_value;
    }
  lb_holm_adjust (p, m, p);
  lb_holm_adjust (w, m, w);
  for (guint k = 0; k < m; k++)
    {
      LbScoreComparison *c = &g_array_index (comparisons, LbScoreComparison, k);
      c->p_holm = p[k];
      c->wilcoxon_p_holm = w[k];
      if (c->bootstrap.n_images < 2)
        c->verdict = LB_VERDICT_UNDECIDABLE;
      else if (c->bootstrap.identical)
        c->verdict = LB_VERDICT_IDENTICAL;
      else
        c->verdict = p[k] < 0.05 ? LB_VERDICT_DIFFERENT : LB_VERDICT_NOT_DISTINGUISHABLE;
    }
  return comparisons;
}

static char *
format_p (double p)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];
  return g_strdup (g_ascii_formatd (buffer, sizeof buffer, p < 0.001 ? "%.1e" : "%.3f", p));
}

char *
lb_score_describe_comparison (LbScore *score, const LbScoreComparison *c)
{
  const LbScoreSet *a = g_ptr_array_index (score->sets, c->a);
  const LbScoreSet *b = g_ptr_array_index (score->sets, c->b);
  const LbBootstrap *boot = &c->bootstrap;
  LbMetric metric = c->metric;
  g_autofree char *mean = lb_metric_format_signed (metric, boot->mean);
  g_autofree char *low = lb_metric_format_signed (metric, boot->ci_low);
  g_autofree char *high = lb_metric_format_signed (metric, boot->ci_high);
  g_autofree char *quantity = lb_metric_dup_quantity (metric);
  g_autofree char *p = format_p (c->p_holm);
  const char *unit = lb_metric_unit_suffix (metric);
  const char *p_name = score->sets->len > 2 ? "Holm-adjusted p" : "p";
  int n = boot->n_images;
  const char *better = c->better == c->a ? a->label : b->label;
  g_autofree char *note = lb_metric_lower_is_better (metric)
                            ? g_strdup_printf (" (lower %s)", lb_metric_get_name (metric))
                            : g_strdup ("");

  switch (c->verdict)
    {
    case LB_VERDICT_IDENTICAL:
      return g_strdup_printf ("%s vs %s: identical on every one of %d images", a->label,
                              b->label, n);
    case LB_VERDICT_UNDECIDABLE:
      return g_strdup_printf ("%s vs %s: cannot decide: %d image%s scored by both; a paired "
                              "test needs at least 2", a->label, b->label, n, n == 1 ? "" : "s");
    case LB_VERDICT_NOT_DISTINGUISHABLE:
      return g_strdup_printf ("%s vs %s: %s%s (95 %% CI %s to %s%s; %d paired images): not "
                              "distinguishable from image-to-image noise (%s = %s)", a->label,
                              b->label, mean, quantity, low, high, unit, n, p_name, p);
    case LB_VERDICT_DIFFERENT:
      return g_strdup_printf ("%s vs %s: %s%s (95 %% CI %s to %s%s; %d paired images): %s is "
                              "better%s, beyond image-to-image noise (%s = %s)", a->label,
                              b->label, mean, quantity, low, high, unit, n, better, note, p_name,
                              p);
    }
  return g_strdup ("");
}

gboolean
lb_score_save_comparisons_csv (LbScore *score, GArray *comparisons, const char *path,
                               GError **error)
{
  const char *header[] = { "prediction_a", "prediction_b", "metric", "better", "mean_difference",
                           "ci_low", "ci_high", "image_spread", "images", "resamples",
                           "p_bootstrap", "p_holm", "significant", "verdict", "method",
                           "summary", "wilcoxon_pairs_used", "wilcoxon_statistic",
                           "wilcoxon_median_difference", "wilcoxon_p", "wilcoxon_p_holm",
                           "wilcoxon_method", NULL };
  g_autoptr (LbCsv) csv = lb_csv_new (header);
  for (guint k = 0; k < comparisons->len; k++)
    {
      const LbScoreComparison *c = &g_array_index (comparisons, LbScoreComparison, k);
      const LbBootstrap *boot = &c->bootstrap;
      const LbScoreSet *a = g_ptr_array_index (score->sets, c->a);
      const LbScoreSet *b = g_ptr_array_index (score->sets, c->b);
      g_autofree char *sentence = lb_score_describe_comparison (score, c);
      lb_csv_add_string (csv, a->label);
      lb_csv_add_string (csv, b->label);
      lb_csv_add_string (csv, lb_metric_to_string (c->metric));
      lb_csv_add_string (csv, lb_metric_lower_is_better (c->metric) ? "lower" : "higher");
      lb_csv_add_double (csv, boot->mean, 6);
      lb_csv_add_double (csv, boot->ci_low, 6);
      lb_csv_add_double (csv, boot->ci_high, 6);
      lb_csv_add_double (csv, boot->image_spread, 6);
      lb_csv_add_int (csv, boot->n_images);
      lb_csv_add_int (csv, boot->n_resamples);
      lb_csv_add_double (csv, boot->p_value, 6);
      lb_csv_add_double (csv, c->p_holm, 6);
      lb_csv_add_string (csv, c->verdict == LB_VERDICT_DIFFERENT ? "yes" : "no");
      lb_csv_add_string (csv, lb_verdict_to_string (c->verdict));
      lb_csv_add_string (csv, "paired bootstrap over images, Holm");
      lb_csv_add_string (csv, sentence);
      lb_csv_add_int (csv, c->test.n_used);
      lb_csv_add_double (csv, c->test.statistic, 9);
      lb_csv_add_double (csv, c->test.median_difference, 6);
      lb_csv_add_double (csv, c->test.p_value, 6);
      lb_csv_add_double (csv, c->wilcoxon_p_holm, 6);
      lb_csv_add_string (csv, c->test.method == LB_WILCOXON_EXACT ? "exact" : "normal");
      lb_csv_end_row (csv);
    }
  return lb_csv_save (csv, path, error);
}
