/* lb-sweep.c — a sweep's grid, its cells' results, and each loss at its best cell.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "lb-sweep.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "lb-csv.h"
#include "lb-error.h"
#include "lb-loss-catalogue.h"

/* ---- the grid ---- */

static gboolean
parse_number (const char *text, double *value)
{
  char *end = NULL;
  g_autofree char *trimmed = g_strstrip (g_strdup (text));
  *value = g_ascii_strtod (trimmed, &end);
  return *trimmed != '\0' && end != NULL && *end == '\0' && isfinite (*value);
}

static int
by_value (gconstpointer a, gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return x < y ? -1 : x > y;
}

char *
lb_sweep_axis_parse (const char *text, LbSweepAxis *axis)
{
  memset (axis, 0, sizeof *axis);
  const char *equals = strchr (text, '=');
  if (equals == NULL)
    return g_strdup_printf ("“%s” is not a grid: write NAME=V1,V2,… or NAME=FROM:TO:STEP, "
                            "e.g. lr=1e-4,3e-4,1e-3 or alpha=0.3:0.7:0.1.", text);
  g_autofree char *key = g_strstrip (g_strndup (text, equals - text));
  axis->param = lb_sweep_param_from_key (key);
  if (axis->param == LB_SWEEP_UNKNOWN)
    {
      g_autoptr (GString) keys = g_string_new ("lr, augment");
      for (int p = 0; p < LB_LOSS_N_PARAMS; p++)
        g_string_append_printf (keys, ", %s", lb_loss_param_info (p)->key);
      return g_strdup_printf ("“%s” is not a setting a sweep can vary: use %s.", key, keys->str);
    }

  double values[LB_SWEEP_MAX_VALUES + 1];
  guint n = 0;
  g_auto (GStrv) range = g_strsplit (equals + 1, ":", -1);
  if (g_strv_length (range) == 3)
    {
      double from, to, step;
      if (!parse_number (range[0], &from) || !parse_number (range[1], &to)
          || !parse_number (range[2], &step) || !(step > 0) || to < from)
        return g_strdup_printf ("“%s”: a range is FROM:TO:STEP with FROM ≤ TO and a positive "
                                "STEP, e.g. alpha=0.3:0.7:0.1.", text);
      /* Counted once, so that 0.3 + 4 × 0.1 still ends the range despite rounding. */
      double steps = floor ((to - from) / step + 1e-9);
      if (steps + 1 > LB_SWEEP_MAX_VALUES)
        return g_strdup_printf ("“%s” gives %.0f values; a sweep takes at most %d per setting.",
                                text, steps + 1, LB_SWEEP_MAX_VALUES);
      for (int i = 0; i <= (int) steps; i++)
        {
          /* 0.30000000000000004 is 0.3 to anyone who wrote 0.1 as the step. */
          char rounded[G_ASCII_DTOSTR_BUF_SIZE];
          g_ascii_formatd (rounded, sizeof rounded, "%.12g", from + i * step);
          values[n++] = g_ascii_strtod (rounded, NULL);
        }
    }
  else if (g_strv_length (range) == 1)
    {
      g_auto (GStrv) list = g_strsplit (equals + 1, ",", -1);
      for (char **v = list; *v; v++)
        {
          if (n == LB_SWEEP_MAX_VALUES)
            return g_strdup_printf ("“%s”: a sweep takes at most %d values per setting.", text,
                                    LB_SWEEP_MAX_VALUES);
          if (!parse_number (*v, &values[n]))
            return g_strdup_printf ("“%s” in “%s” is not a number.", g_strstrip (*v), text);
          n++;
        }
    }
  else
    return g_strdup_printf ("“%s”: write NAME=V1,V2,… or NAME=FROM:TO:STEP.", text);

  qsort (values, n, sizeof *values, by_value);
  for (guint i = 0; i < n; i++)
    if (axis->n_values == 0 || values[i] != axis->values[axis->n_values - 1])
      axis->values[axis->n_values++] = values[i];
  if (axis->param == LB_SWEEP_LEARNING_RATE
      && !(axis->values[0] > 0 && axis->values[axis->n_values - 1] <= 1))
    return g_strdup_printf ("“%s”: a learning rate must be above 0 and at most 1.", text);
  if (axis->param == LB_SWEEP_AUGMENT && axis->values[0] < 0)
    return g_strdup_printf ("“%s”: augmentation is scaled by 0 (none) or more, e.g. "
                            "augment=0,0.5,1 for none, half and the full ranges.", text);
  return NULL;
}

static gboolean
reads (NnLossKind kind, int param)
{
  return LB_SWEEP_PARAM_IS_TRAINING (param) || lb_loss_reads (kind, param);
}

char *
lb_sweep_plan_expand (LbExperimentConfig *config, const LbSweepAxis *axes, guint n_axes)
{
  if (n_axes == 0 || n_axes > LB_SWEEP_MAX_AXES)
    return g_strdup_printf ("A sweep varies one or %d settings (--grid).", LB_SWEEP_MAX_AXES);
  for (guint a = 0; a < n_axes; a++)
    {
      gboolean read = FALSE;
      for (guint l = 0; l < config->n_losses && !read; l++)
        read = reads (config->losses[l].kind, axes[a].param);
      if (!read)
        return g_strdup_printf ("None of the losses chosen reads %s: sweep a setting they have.",
                                lb_sweep_param_to_key (axes[a].param));
      for (guint b = 0; b < a; b++)
        if (axes[b].param == axes[a].param)
          return g_strdup_printf ("%s is swept twice: give it one --grid.",
                                  lb_sweep_param_to_key (axes[a].param));
    }

  guint n_cells = 0;
  for (guint l = 0; l < config->n_losses; l++)
    {
      guint cells = 1;
      for (guint a = 0; a < n_axes; a++)
        if (reads (config->losses[l].kind, axes[a].param))
          cells *= axes[a].n_values;
      n_cells += cells;
    }
  if (n_cells > LB_EXPERIMENT_MAX_LOSSES)
    return g_strdup_printf ("This grid has %u cells; a sweep takes at most %d. Give fewer "
                            "values or losses.", n_cells, LB_EXPERIMENT_MAX_LOSSES);

  /* Augmentation swept as a factor of its ranges: the standard ones unless some were set. */
  for (guint a = 0; a < n_axes; a++)
    if (axes[a].param == LB_SWEEP_AUGMENT && !config->train.augment.enabled)
      lb_augment_options_preset (&config->train.augment, LB_AUGMENT_STANDARD);

  NnLossConfig swept[LB_EXPERIMENT_MAX_LOSSES];
  guint n_swept = config->n_losses;
  memcpy (swept, config->losses, n_swept * sizeof *swept);
  LbSweepPlan *plan = &config->sweep;
  memset (plan, 0, sizeof *plan);
  plan->n_axes = n_axes;
  memcpy (plan->axes, axes, n_axes * sizeof *axes);
  plan->n_swept = n_swept;

  guint cell = 0;
  for (guint k = 0; k < n_swept; k++)
    {
      /* An odometer over the axes this loss reads, the last axis turning fastest. */
      int index[LB_SWEEP_MAX_AXES];
      for (guint a = 0; a < n_axes; a++)
        index[a] = reads (swept[k].kind, axes[a].param) ? 0 : -1;
      for (;;)
        {
          NnLossConfig *loss = &config->losses[cell];
          *loss = swept[k];
          plan->cell_loss[cell] = k;
          for (guint a = 0; a < n_axes; a++)
            {
              plan->cell_value[cell][a] = (gint8) index[a];
              if (index[a] >= 0 && !LB_SWEEP_PARAM_IS_TRAINING (axes[a].param))
                lb_loss_param_set (&loss->primary, axes[a].param, axes[a].values[index[a]]);
            }
          cell++;
          int a = (int) n_axes - 1;
          while (a >= 0 && (index[a] < 0 || ++index[a] == (int) axes[a].n_values))
            {
              if (index[a] >= 0)
                index[a] = 0;
              a--;
            }
          if (a < 0)
            break;
        }
    }
  config->n_losses = cell;
  return NULL;
}

LbMetric
lb_sweep_selection_metric (LbMetric metric)
{
  if (lb_metric_get_kind (metric) == LB_METRIC_KIND_OVERLAP || metric == LB_METRIC_HD95
      || metric == LB_METRIC_HD95_MM)
    return metric;
  return LB_METRIC_IOU;
}

/* ---- results ---- */

void
lb_sweep_results_free (LbSweepResults *results)
{
  if (results == NULL)
    return;
  g_array_unref (results->cells);
  g_strfreev (results->swept_labels);
  g_free (results->tuned);
  lb_per_image_free (results->tuned_results);
  lb_per_image_free (results->shared_results);
  lb_experiment_summary_free (results->tuned_summary);
  lb_experiment_summary_free (results->shared_summary);
  g_free (results);
}

/* METRIC of a validation epoch; NaN where that epoch did not measure it. */
static double
validation_value (const LbEpochRecord *r, LbMetric metric)
{
  if (lb_metric_get_kind (metric) == LB_METRIC_KIND_OVERLAP)
    return r->val.value[metric];
  return metric == LB_METRIC_HD95 ? r->val_hd95 : metric == LB_METRIC_HD95_MM ? r->val_hd95_mm
                                                                             : NAN;
}

/* The validation value of a finished run at its kept epoch (the last one marked best). */
static double
run_validation_value (LbExperiment *experiment, guint run, LbMetric metric)
{
  g_autoptr (GArray) history = lb_experiment_load_history (experiment, run, NULL);
  double value = NAN;
  for (guint e = 0; history != NULL && e < history->len; e++)
    {
      const LbEpochRecord *r = &g_array_index (history, LbEpochRecord, e);
      if (r->best)
        value = validation_value (r, metric);
    }
  return value;
}

/* The cells' validation summaries, from the finished runs' histories. */
static void
summarize_validation (LbSweepResults *results, LbExperiment *experiment)
{
  const LbExperimentConfig *config = lb_experiment_get_config (experiment);
  guint n_cells = config->n_losses;
  g_autofree double *values = g_new (double, (gsize) n_cells * config->n_seeds);
  g_autofree int *n = g_new0 (int, n_cells);
  for (guint i = 0; i < lb_experiment_get_n_runs (experiment); i++)
    {
      LbRunInfo run;
      lb_experiment_get_run (experiment, i, &run);
      if (run.state == LB_RUN_DONE)
        {
          double v = run_validation_value (experiment, i, results->select_metric);
          if (!isnan (v))
            values[(gsize) run.loss_index * config->n_seeds + n[run.loss_index]++] = v;
        }
      lb_run_info_clear (&run);
    }
  for (guint c = 0; c < n_cells; c++)
    {
      LbSweepCell *cell = &g_array_index (results->cells, LbSweepCell, c);
      lb_summary_compute (values + (gsize) c * config->n_seeds, n[c], &cell->val);
    }
}

/* Each cell's test summary, its runs alone (no pairs to compare). */
static gboolean
summarize_test (LbSweepResults *results, LbPerImage *all, GError **error)
{
  for (guint c = 0; c < results->cells->len; c++)
    {
      LbSweepCell *cell = &g_array_index (results->cells, LbSweepCell, c);
      g_autoptr (LbPerImage) one = lb_per_image_select (all, &cell->loss, 1);
      cell->n_runs = (int) one->runs->len;
      if (cell->n_runs == 0)
        continue;
      g_autoptr (LbExperimentSummary) s = lb_per_image_summarize_cells (one, results->metric,
                                                                        error);
      if (s == NULL)
        return FALSE;
      cell->test = g_array_index (s->losses, LbLossSummary, 0);
      cell->test.loss_index = cell->loss;
    }
  return TRUE;
}

/* Whether the cell may be chosen: every seed done, the validation value known. */
static gboolean
complete (const LbSweepCell *cell, guint n_seeds)
{
  return cell->n_runs == (int) n_seeds && cell->val.n == (int) n_seeds;
}

static void
choose_tuned (LbSweepResults *results, guint n_seeds)
{
  for (guint k = 0; k < results->n_swept; k++)
    {
      results->tuned[k] = G_MAXUINT;
      const LbSweepCell *best = NULL;
      for (guint c = 0; c < results->cells->len; c++)
        {
          const LbSweepCell *cell = &g_array_index (results->cells, LbSweepCell, c);
          if (cell->swept == k && complete (cell, n_seeds)
              && (best == NULL
                  || lb_metric_is_better (results->select_metric, cell->val.mean,
                                          best->val.mean)))
            best = cell;
        }
      if (best != NULL)
        {
          results->tuned[k] = best->loss;
          g_array_index (results->cells, LbSweepCell, best->loss).tuned = TRUE;
        }
    }
}

/* The cell of swept loss K at grid point POINT (per axis a value index), or G_MAXUINT. */
static guint
cell_at (const LbExperimentConfig *config, guint k, const int *point)
{
  const LbSweepPlan *plan = &config->sweep;
  for (guint c = 0; c < config->n_losses; c++)
    {
      if (plan->cell_loss[c] != k)
        continue;
      gboolean match = TRUE;
      for (guint a = 0; a < plan->n_axes && match; a++)
        match = plan->cell_value[c][a] < 0 || plan->cell_value[c][a] == point[a];
      if (match)
        return c;
    }
  return G_MAXUINT;
}

/* The grid point whose cells, every loss's, have the best mean validation value. */
static void
choose_shared (LbSweepResults *results, const LbExperimentConfig *config)
{
  const LbSweepPlan *plan = &config->sweep;
  int point[LB_SWEEP_MAX_AXES] = { 0 };
  double best = NAN;
  for (guint a = 0; a < LB_SWEEP_MAX_AXES; a++)
    results->shared_value[a] = -1;
  for (;;)
    {
      double sum = 0.0;
      gboolean known = TRUE;
      for (guint k = 0; k < results->n_swept && known; k++)
        {
          guint c = cell_at (config, k, point);
          const LbSweepCell *cell = &g_array_index (results->cells, LbSweepCell, c);
          known = complete (cell, config->n_seeds);
          sum += cell->val.mean;
        }
      double mean = sum / results->n_swept;
      if (known && (isnan (best) || lb_metric_is_better (results->select_metric, mean, best)))
        {
          best = mean;
          memcpy (results->shared_value, point, plan->n_axes * sizeof *point);
        }
      int a = (int) plan->n_axes - 1;
      while (a >= 0 && ++point[a] == (int) plan->axes[a].n_values)
        point[a--] = 0;
      if (a < 0)
        break;
    }
  if (isnan (best))
    return;
  for (guint k = 0; k < results->n_swept; k++)
    g_array_index (results->cells, LbSweepCell, cell_at (config, k, results->shared_value))
      .shared = TRUE;
}

/* The swept losses in the order SUMMARY ranks them (loss k of its results is swept loss k). */
static GArray *
ranked_swept (const LbExperimentSummary *summary)
{
  GArray *order = g_array_new (FALSE, FALSE, sizeof (guint));
  for (guint r = 0; r < summary->ranking->len; r++)
    {
      guint row = g_array_index (summary->ranking, guint, r);
      g_array_append_val (order, g_array_index (summary->losses, LbLossSummary, row).loss_index);
    }
  return order;
}

static gboolean
compare_chosen (LbSweepResults *results, const LbExperimentConfig *config, LbPerImage *all,
                GError **error)
{
  g_autofree guint *shared = g_new (guint, results->n_swept);
  for (guint k = 0; k < results->n_swept; k++)
    {
      if (results->tuned[k] == G_MAXUINT || results->shared_value[0] < 0)
        return TRUE;
      shared[k] = cell_at (config, k, results->shared_value);
    }
  results->tuned_results = lb_per_image_select (all, results->tuned, results->n_swept);
  results->shared_results = lb_per_image_select (all, shared, results->n_swept);
  results->tuned_summary = lb_per_image_summarize_by (results->tuned_results, results->metric,
                                                      error);
  if (results->tuned_summary == NULL)
    return FALSE;
  results->shared_summary = lb_per_image_summarize_by (results->shared_results,
                                                       results->metric, error);
  if (results->shared_summary == NULL)
    return FALSE;
  g_autoptr (GArray) a = ranked_swept (results->tuned_summary);
  g_autoptr (GArray) b = ranked_swept (results->shared_summary);
  results->ranking_changed = a->len != b->len
                             || memcmp (a->data, b->data, a->len * sizeof (guint)) != 0;
  return TRUE;
}

LbSweepResults *
lb_sweep_summarize (LbExperiment *experiment, LbMetric metric, GError **error)
{
  const LbExperimentConfig *config = lb_experiment_get_config (experiment);
  if (config->sweep.n_axes == 0)
    {
      g_set_error (error, LB_ERROR, LB_ERROR_INVALID_INPUT,
                   "“%s” is a comparison, not a sweep: it has no grid of settings.",
                   lb_experiment_get_folder (experiment));
      return NULL;
    }
  g_autoptr (LbPerImage) all = lb_per_image_new_from_experiment (experiment, error);
  if (all == NULL)
    return NULL;

  g_autoptr (LbSweepResults) results = g_new0 (LbSweepResults, 1);
  results->metric = metric;
  results->select_metric = lb_sweep_selection_metric (metric);
  results->n_swept = config->sweep.n_swept;
  results->swept_labels = g_new0 (char *, results->n_swept + 1);
  for (guint k = 0; k < results->n_swept; k++)
    results->swept_labels[k] = lb_experiment_config_dup_swept_label (config, k);
  results->tuned = g_new (guint, results->n_swept);
  results->cells = g_array_sized_new (FALSE, TRUE, sizeof (LbSweepCell), config->n_losses);
  for (guint c = 0; c < config->n_losses; c++)
    {
      LbSweepCell cell = { .loss = c, .swept = config->sweep.cell_loss[c] };
      g_array_append_val (results->cells, cell);
    }

  summarize_validation (results, experiment);
  if (!summarize_test (results, all, error))
    return NULL;
  choose_tuned (results, config->n_seeds);
  choose_shared (results, config);
  if (!compare_chosen (results, config, all, error))
    return NULL;
  return g_steal_pointer (&results);
}

char *
lb_sweep_results_dup_shared_setting (const LbSweepResults *results,
                                     const LbExperimentConfig *config)
{
  const LbSweepPlan *plan = &config->sweep;
  if (plan->n_axes == 0 || results->shared_value[0] < 0)
    return NULL;
  GString *text = g_string_new (NULL);
  for (guint a = 0; a < plan->n_axes; a++)
    {
      char value[G_ASCII_DTOSTR_BUF_SIZE];
      g_ascii_formatd (value, sizeof value, "%g", plan->axes[a].values[results->shared_value[a]]);
      g_string_append_printf (text, "%s%s %s", a > 0 ? ", " : "",
                              lb_sweep_param_to_symbol (plan->axes[a].param), value);
    }
  return g_string_free (text, FALSE);
}

/* ---- files ---- */

static gboolean
export_cells (LbSweepResults *results, const LbExperimentConfig *config, const char *path,
              GError **error)
{
  const LbSweepPlan *plan = &config->sweep;
  const char *m = lb_metric_to_string (results->metric);
  const char *v = lb_metric_to_string (results->select_metric);
  g_autoptr (GPtrArray) header = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (header, g_strdup ("loss"));
  g_ptr_array_add (header, g_strdup ("swept_label"));
  g_ptr_array_add (header, g_strdup ("label"));
  for (guint a = 0; a < plan->n_axes; a++)
    g_ptr_array_add (header, g_strdup (lb_sweep_param_to_key (plan->axes[a].param)));
  g_ptr_array_add (header, g_strdup ("runs"));
  const char *val_columns[] = { "mean", "std" };
  for (guint c = 0; c < G_N_ELEMENTS (val_columns); c++)
    g_ptr_array_add (header, g_strdup_printf ("val_%s_%s", v, val_columns[c]));
  const char *test_columns[] = { "mean", "std", "bootstrap_ci95_low", "bootstrap_ci95_high",
                                 "seed_spread" };
  for (guint c = 0; c < G_N_ELEMENTS (test_columns); c++)
    g_ptr_array_add (header, g_strdup_printf ("test_%s_%s", m, test_columns[c]));
  g_ptr_array_add (header, g_strdup ("tuned"));
  g_ptr_array_add (header, g_strdup ("shared"));
  g_ptr_array_add (header, NULL);

  g_autoptr (LbCsv) csv = lb_csv_new ((const char *const *) header->pdata);
  for (guint c = 0; c < results->cells->len; c++)
    {
      const LbSweepCell *cell = &g_array_index (results->cells, LbSweepCell, c);
      g_autofree char *label = lb_experiment_config_dup_loss_label (config, cell->loss);
      lb_csv_add_string (csv, nn_loss_kind_to_string (config->losses[cell->loss].kind));
      lb_csv_add_string (csv, results->swept_labels[cell->swept]);
      lb_csv_add_string (csv, label);
      for (guint a = 0; a < plan->n_axes; a++)
        {
          int value = plan->cell_value[cell->loss][a];
          if (value >= 0)
            lb_csv_add_double (csv, plan->axes[a].values[value], 9);
          else
            lb_csv_add_string (csv, "");
        }
      lb_csv_add_int (csv, cell->n_runs);
      lb_csv_add_double (csv, cell->val.n > 0 ? cell->val.mean : NAN, 6);
      lb_csv_add_double (csv, cell->val.std, 6);
      gboolean tested = cell->n_runs > 0;
      lb_csv_add_double (csv, tested ? cell->test.metric[results->metric].mean : NAN, 6);
      lb_csv_add_double (csv, tested ? cell->test.metric[results->metric].std : NAN, 6);
      lb_csv_add_double (csv, tested ? cell->test.interval[results->metric].ci_low : NAN, 6);
      lb_csv_add_double (csv, tested ? cell->test.interval[results->metric].ci_high : NAN, 6);
      lb_csv_add_double (csv, tested ? cell->test.interval[results->metric].seed_spread : NAN,
                         6);
      lb_csv_add_int (csv, cell->tuned);
      lb_csv_add_int (csv, cell->shared);
      lb_csv_end_row (csv);
    }
  return lb_csv_save (csv, path, error);
}

gboolean
lb_sweep_export_csv (LbSweepResults *results,
                     LbExperiment *experiment,
                     const char *folder,
                     GError **error)
{
  g_autofree char *cells = g_build_filename (folder, "sweep.csv", NULL);
  if (!export_cells (results, lb_experiment_get_config (experiment), cells, error))
    return FALSE;
  if (results->tuned_summary == NULL)
    return TRUE;
  g_autofree char *tuned_summary = g_build_filename (folder, "tuned-summary.csv", NULL);
  g_autofree char *tuned_pairs = g_build_filename (folder, "tuned-comparisons.csv", NULL);
  g_autofree char *shared_summary = g_build_filename (folder, "shared-summary.csv", NULL);
  g_autofree char *shared_pairs = g_build_filename (folder, "shared-comparisons.csv", NULL);
  return lb_per_image_export_csv (results->tuned_results, results->tuned_summary,
                                  tuned_summary, tuned_pairs, error)
         && lb_per_image_export_csv (results->shared_results, results->shared_summary,
                                     shared_summary, shared_pairs, error);
}

gboolean
lb_sweep_export_folder (LbExperiment *experiment,
                        LbMetric metric,
                        const char *folder,
                        GError **error)
{
  g_autoptr (LbSweepResults) results = lb_sweep_summarize (experiment, metric, error);
  return results != NULL && lb_sweep_export_csv (results, experiment, folder, error);
}
