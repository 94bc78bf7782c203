/* lb-experiment-export.c — an experiment's summary, paired tests and CSV exports.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "lb-experiment.h"

#include <math.h>

#include "lb-csv.h"
#include "lb-error.h"

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

void
lb_experiment_summary_free (LbExperimentSummary *summary)
{
  if (summary == NULL)
    return;
  g_array_unref (summary->losses);
  g_array_unref (summary->pairs);
  g_free (summary);
}

/* Per-image test IoU of LOSS, averaged over its done seeds; NULL when it has none. */
static double *
mean_iou_per_image (LbExperiment *self, guint loss, guint *n_images, GError **error)
{
  g_autofree double *sum = NULL;
  int runs = 0;
  for (guint i = 0; i < lb_experiment_get_n_runs (self); i++)
    {
      LbRunInfo run;
      lb_experiment_get_run (self, i, &run);
      gboolean use = run.loss_index == loss && run.state == LB_RUN_DONE;
      lb_run_info_clear (&run);
      if (!use)
        continue;
      g_autoptr (GArray) confusions = NULL;
      if (!lb_experiment_load_per_image (self, i, NULL, NULL, &confusions, error))
        return NULL;
      if (sum == NULL)
        {
          *n_images = confusions->len;
          sum = g_new0 (double, MAX (1u, *n_images));
        }
      if (confusions->len != *n_images)
        {
          g_set_error (error, LB_ERROR, LB_ERROR_CORRUPT,
                       "The runs of this experiment were tested on different images. Delete "
                       "the runs that do not match the split and train them again.");
          return NULL;
        }
      for (guint k = 0; k < *n_images; k++)
        {
          NnMetrics m;
          nn_metrics_from_confusion (&g_array_index (confusions, NnConfusion, k), &m);
          sum[k] += m.value[NN_METRIC_IOU];
        }
      runs++;
    }
  for (guint k = 0; sum != NULL && k < *n_images; k++)
    sum[k] /= runs;
  return g_steal_pointer (&sum);
}

LbExperimentSummary *
lb_experiment_summarize (LbExperiment *self, GError **error)
{
  const LbExperimentConfig *config = lb_experiment_get_config (self);
  g_autoptr (LbExperimentSummary) summary = g_new0 (LbExperimentSummary, 1);
  summary->losses = g_array_new (FALSE, TRUE, sizeof (LbLossSummary));
  summary->pairs = g_array_new (FALSE, TRUE, sizeof (LbPairComparison));

  for (guint l = 0; l < config->n_losses; l++)
    {
      /* values[k][r]: metric k of the loss's r-th done run. */
      guint n_runs = lb_experiment_get_n_runs (self);
      g_autofree double *values = g_new (double, NN_METRIC_COUNT * MAX (1u, n_runs));
      int done = 0, collapsed = 0;
      for (guint i = 0; i < n_runs; i++)
        {
          LbRunInfo run;
          lb_experiment_get_run (self, i, &run);
          if (run.loss_index == l && run.state == LB_RUN_DONE)
            {
              for (int k = 0; k < NN_METRIC_COUNT; k++)
                values[k * n_runs + done] = run.test_mean.value[k];
              done++;
              collapsed += run.collapsed;
            }
          lb_run_info_clear (&run);
        }
      if (done == 0)
        continue;

      LbLossSummary s = { .loss_index = l, .n_runs = done, .n_collapsed = collapsed };
      for (int k = 0; k < NN_METRIC_COUNT; k++)
        lb_summary_compute (values + k * n_runs, done, &s.metric[k]);
      s.poster_stepped_iou = s.poster_accuracy = NAN;
      for (guint p = 0; p < G_N_ELEMENTS (poster_table); p++)
        if (poster_table[p].kind == config->losses[l].kind)
          {
            s.poster_stepped_iou = poster_table[p].stepped_iou;
            s.poster_accuracy = poster_table[p].accuracy;
          }
      g_array_append_val (summary->losses, s);
    }

  /* Paired Wilcoxon tests on per-image IoU between every two losses, Holm-corrected. */
  guint n = summary->losses->len;
  g_autofree double **iou = g_new0 (double *, MAX (1u, n));
  for (guint a = 0; a < n; a++)
    {
      guint loss = g_array_index (summary->losses, LbLossSummary, a).loss_index;
      iou[a] = mean_iou_per_image (self, loss, &summary->n_test_images, error);
      if (iou[a] == NULL)
        {
          for (guint f = 0; f < a; f++)
            g_free (iou[f]);
          return NULL;
        }
    }
  for (guint a = 0; a < n; a++)
    for (guint b = a + 1; b < n; b++)
      {
        LbPairComparison pair = {
          .a = g_array_index (summary->losses, LbLossSummary, a).loss_index,
          .b = g_array_index (summary->losses, LbLossSummary, b).loss_index,
        };
        lb_wilcoxon_signed_rank (iou[a], iou[b], summary->n_test_images, &pair.test);
        g_array_append_val (summary->pairs, pair);
      }
  for (guint a = 0; a < n; a++)
    g_free (iou[a]);

  guint m = summary->pairs->len;
  g_autofree double *p = g_new (double, MAX (1u, m));
  for (guint i = 0; i < m; i++)
    p[i] = g_array_index (summary->pairs, LbPairComparison, i).test.p_value;
  lb_holm_adjust (p, m, p);
  for (guint i = 0; i < m; i++)
    {
      LbPairComparison *pair = &g_array_index (summary->pairs, LbPairComparison, i);
      pair->p_holm = p[i];
      pair->significant = p[i] < 0.05;
    }
  return g_steal_pointer (&summary);
}

char *
lb_experiment_describe_pair (LbExperiment *self, const LbPairComparison *pair)
{
  g_autofree char *a = lb_experiment_dup_loss_label (self, pair->a);
  g_autofree char *b = lb_experiment_dup_loss_label (self, pair->b);
  char p[G_ASCII_DTOSTR_BUF_SIZE];
  g_ascii_formatd (p, sizeof p, pair->p_holm < 0.001 ? "%.1e" : "%.3f", pair->p_holm);
  if (pair->test.n_used == 0)
    return g_strdup_printf ("%s vs %s: identical on every test image", a, b);
  if (!pair->significant)
    return g_strdup_printf ("%s vs %s: no significant difference (p = %s, Holm-corrected)", a,
                            b, p);
  char d[G_ASCII_DTOSTR_BUF_SIZE];
  g_ascii_formatd (d, sizeof d, "%.4f", fabs (pair->test.median_difference));
  return g_strdup_printf ("%s vs %s: %s is better (median IoU difference %s per image, p = %s, "
                          "Holm-corrected)", a, b, pair->test.median_difference > 0 ? a : b, d,
                          p);
}

/* ---- CSV ---- */

static void
add_loss_columns (LbCsv *csv, LbExperiment *self, guint loss)
{
  const NnLossConfig *l = &lb_experiment_get_config (self)->losses[loss];
  g_autofree char *label = lb_experiment_dup_loss_label (self, loss);
  lb_csv_add_string (csv, nn_loss_kind_to_string (l->kind));
  lb_csv_add_string (csv, label);
}

static gboolean
export_summary (LbExperiment *self, const LbExperimentSummary *summary, const char *path,
                GError **error)
{
  const LbExperimentConfig *config = lb_experiment_get_config (self);
  g_autoptr (GPtrArray) header = g_ptr_array_new_with_free_func (g_free);
  const char *fixed[] = { "loss", "label", "alpha", "beta", "gamma", "smooth", "runs", "seeds",
                          "collapsed_runs" };
  for (guint i = 0; i < G_N_ELEMENTS (fixed); i++)
    g_ptr_array_add (header, g_strdup (fixed[i]));
  for (int k = 0; k < NN_METRIC_COUNT; k++)
    {
      const char *m = nn_metric_to_string (k);
      g_ptr_array_add (header, g_strconcat (m, "_mean", NULL));
      g_ptr_array_add (header, g_strconcat (m, "_std", NULL));
      g_ptr_array_add (header, g_strconcat (m, "_ci95_low", NULL));
      g_ptr_array_add (header, g_strconcat (m, "_ci95_high", NULL));
    }
  g_ptr_array_add (header, g_strdup ("poster_stepped_iou"));
  g_ptr_array_add (header, g_strdup ("poster_accuracy"));
  g_ptr_array_add (header, NULL);

  g_autoptr (LbCsv) csv = lb_csv_new ((const char *const *) header->pdata);
  for (guint i = 0; i < summary->losses->len; i++)
    {
      const LbLossSummary *s = &g_array_index (summary->losses, LbLossSummary, i);
      const NnLossConfig *l = &config->losses[s->loss_index];
      add_loss_columns (csv, self, s->loss_index);
      lb_csv_add_double (csv, l->alpha, 6);
      lb_csv_add_double (csv, l->beta, 6);
      lb_csv_add_double (csv, l->gamma, 6);
      lb_csv_add_double (csv, l->smooth, 6);
      lb_csv_add_int (csv, s->n_runs);
      g_autoptr (GString) seeds = g_string_new (NULL);
      for (guint r = 0; r < lb_experiment_get_n_runs (self); r++)
        {
          LbRunInfo run;
          lb_experiment_get_run (self, r, &run);
          if (run.loss_index == s->loss_index && run.state == LB_RUN_DONE)
            g_string_append_printf (seeds, "%s%" G_GUINT64_FORMAT, seeds->len ? " " : "",
                                    run.seed);
          lb_run_info_clear (&run);
        }
      lb_csv_add_string (csv, seeds->str);
      lb_csv_add_int (csv, s->n_collapsed);
      for (int k = 0; k < NN_METRIC_COUNT; k++)
        {
          lb_csv_add_double (csv, s->metric[k].mean, 6);
          lb_csv_add_double (csv, s->metric[k].std, 6);
          lb_csv_add_double (csv, s->metric[k].ci_low, 6);
          lb_csv_add_double (csv, s->metric[k].ci_high, 6);
        }
      lb_csv_add_double (csv, s->poster_stepped_iou, 6);
      lb_csv_add_double (csv, s->poster_accuracy, 6);
      lb_csv_end_row (csv);
    }
  return lb_csv_save (csv, path, error);
}

static gboolean
export_comparisons (LbExperiment *self, const LbExperimentSummary *summary, const char *path,
                    GError **error)
{
  const char *header[] = { "loss_a", "loss_b", "test_images", "pairs_used", "statistic",
                           "median_iou_difference", "p_value", "p_holm", "significant",
                           "method", "summary", NULL };
  g_autoptr (LbCsv) csv = lb_csv_new (header);
  for (guint i = 0; i < summary->pairs->len; i++)
    {
      const LbPairComparison *pair = &g_array_index (summary->pairs, LbPairComparison, i);
      g_autofree char *a = lb_experiment_dup_loss_label (self, pair->a);
      g_autofree char *b = lb_experiment_dup_loss_label (self, pair->b);
      g_autofree char *sentence = lb_experiment_describe_pair (self, pair);
      lb_csv_add_string (csv, a);
      lb_csv_add_string (csv, b);
      lb_csv_add_int (csv, summary->n_test_images);
      lb_csv_add_int (csv, pair->test.n_used);
      lb_csv_add_double (csv, pair->test.statistic, 9);
      lb_csv_add_double (csv, pair->test.median_difference, 6);
      lb_csv_add_double (csv, pair->test.p_value, 6);
      lb_csv_add_double (csv, pair->p_holm, 6);
      lb_csv_add_string (csv, pair->significant ? "yes" : "no");
      lb_csv_add_string (csv, pair->test.method == LB_WILCOXON_EXACT ? "exact" : "normal");
      lb_csv_add_string (csv, sentence);
      lb_csv_end_row (csv);
    }
  return lb_csv_save (csv, path, error);
}

static void
add_history_row (LbCsv *csv, LbExperiment *self, const LbRunInfo *run, int epoch,
                 const char *metric, double value)
{
  lb_csv_add_string (csv, run->name);
  add_loss_columns (csv, self, run->loss_index);
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
        }
      lb_run_info_clear (&run);
    }
  return lb_csv_save (csv, path, error);
}

static gboolean
export_per_image (LbExperiment *self, const char *path, GError **error)
{
  g_autoptr (GPtrArray) header = g_ptr_array_new ();
  const char *fixed[] = { "run", "loss", "label", "seed", "name", "source", "tp", "fp", "fn",
                          "tn" };
  for (guint i = 0; i < G_N_ELEMENTS (fixed); i++)
    g_ptr_array_add (header, (gpointer) fixed[i]);
  for (int k = 0; k < NN_METRIC_COUNT; k++)
    g_ptr_array_add (header, (gpointer) nn_metric_to_string (k));
  g_ptr_array_add (header, NULL);
  g_autoptr (LbCsv) csv = lb_csv_new ((const char *const *) header->pdata);

  for (guint i = 0; i < lb_experiment_get_n_runs (self); i++)
    {
      LbRunInfo run;
      lb_experiment_get_run (self, i, &run);
      g_autoptr (GPtrArray) names = NULL, sources = NULL;
      g_autoptr (GArray) confusions = NULL;
      if (run.state == LB_RUN_DONE
          && !lb_experiment_load_per_image (self, i, &names, &sources, &confusions, error))
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
          add_loss_columns (csv, self, run.loss_index);
          lb_csv_add_int (csv, run.seed);
          lb_csv_add_string (csv, g_ptr_array_index (names, k));
          lb_csv_add_string (csv, g_ptr_array_index (sources, k));
          lb_csv_add_int (csv, c->tp);
          lb_csv_add_int (csv, c->fp);
          lb_csv_add_int (csv, c->fn);
          lb_csv_add_int (csv, c->tn);
          for (int j = 0; j < NN_METRIC_COUNT; j++)
            lb_csv_add_double (csv, m.value[j], 9);
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
  if (summary_path != NULL || comparisons_path != NULL)
    {
      g_autoptr (LbExperimentSummary) summary = lb_experiment_summarize (self, error);
      if (summary == NULL)
        return FALSE;
      if (summary_path != NULL && !export_summary (self, summary, summary_path, error))
        return FALSE;
      if (comparisons_path != NULL && !export_comparisons (self, summary, comparisons_path, error))
        return FALSE;
    }
  if (history_path != NULL && !export_history (self, history_path, error))
    return FALSE;
  if (per_image_path != NULL && !export_per_image (self, per_image_path, error))
    return FALSE;
  return TRUE;
}
