/* lb-per-image.c — an experiment's test results in memory, from its runs or a per-image.csv.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "lb-per-image.h"

#include <math.h>
#include <string.h>

#include "lb-csv.h"
#include "lb-error.h"

static void
loss_clear (gpointer data)
{
  g_free (((LbPerImageLoss *) data)->label);
}

static void
run_clear (gpointer data)
{
  g_free (((LbPerImageRun *) data)->confusions);
  g_free (((LbPerImageRun *) data)->metrics);
}

LbPerImage *
lb_per_image_new (void)
{
  LbPerImage *results = g_new0 (LbPerImage, 1);
  results->losses = g_array_new (FALSE, TRUE, sizeof (LbPerImageLoss));
  g_array_set_clear_func (results->losses, loss_clear);
  results->runs = g_array_new (FALSE, TRUE, sizeof (LbPerImageRun));
  g_array_set_clear_func (results->runs, run_clear);
  return results;
}

void
lb_per_image_free (LbPerImage *results)
{
  if (results == NULL)
    return;
  g_array_unref (results->losses);
  g_array_unref (results->runs);
  if (results->names != NULL)
    g_ptr_array_unref (results->names);
  g_free (results);
}

static void
add_config_losses (LbPerImage *results, const LbExperimentConfig *config)
{
  for (guint l = 0; l < config->n_losses; l++)
    {
      LbPerImageLoss loss = {
        .kind = config->losses[l].kind,
        .label = lb_experiment_config_dup_loss_label (config, l),
        .has_config = TRUE,
        .config = config->losses[l],
      };
      g_array_append_val (results->losses, loss);
    }
}

/* Whether NAMES are the test images already recorded (the first run's are recorded). */
static gboolean
same_images (LbPerImage *results, GPtrArray *names)
{
  if (results->names == NULL)
    {
      results->names = g_ptr_array_ref (names);
      return TRUE;
    }
  if (names->len != results->names->len)
    return FALSE;
  for (guint i = 0; i < names->len; i++)
    if (strcmp (g_ptr_array_index (names, i), g_ptr_array_index (results->names, i)) != 0)
      return FALSE;
  return TRUE;
}

LbPerImage *
lb_per_image_new_from_experiment (LbExperiment *experiment, GError **error)
{
  return lb_per_image_new_from_experiment_set (experiment, 0, error);
}

LbPerImage *
lb_per_image_new_from_experiment_set (LbExperiment *experiment, guint set, GError **error)
{
  g_autoptr (LbPerImage) results = lb_per_image_new ();
  add_config_losses (results, lb_experiment_get_config (experiment));
  for (guint i = 0; i < lb_experiment_get_n_runs (experiment); i++)
    {
      LbRunInfo info;
      lb_experiment_get_run (experiment, i, &info);
      LbPerImageRun run = { .loss = info.loss_index, .seed = info.seed,
                            .collapsed = info.collapsed ? 1 : 0 };
      gboolean done = info.state == LB_RUN_DONE;
      lb_run_info_clear (&info);
      if (!done)
        continue;

      g_autoptr (GPtrArray) names = NULL;
      g_autoptr (GArray) confusions = NULL, metrics = NULL;
      if (!lb_experiment_load_set_results (experiment, i, set, &names, NULL, &confusions,
                                           &metrics, error))
        return NULL;
      if (!same_images (results, names))
        {
          g_set_error (error, LB_ERROR, LB_ERROR_CORRUPT,
                       "The runs of this experiment were tested on different images. Delete "
                       "the runs that do not match the split and train them again.");
          return NULL;
        }
      run.confusions = (NnConfusion *) (void *) g_array_free (g_steal_pointer (&confusions),
                                                              FALSE);
      run.metrics = (LbImageMetrics *) (void *) g_array_free (g_steal_pointer (&metrics), FALSE);
      g_array_append_val (results->runs, run);
    }
  if (results->names == NULL)
    results->names = g_ptr_array_new_with_free_func (g_free);
  return g_steal_pointer (&results);
}

LbPerImage *
lb_per_image_select (LbPerImage *results, const guint *losses, guint n_losses)
{
  LbPerImage *subset = lb_per_image_new ();
  subset->names = g_ptr_array_ref (results->names);
  for (guint k = 0; k < n_losses; k++)
    {
      LbPerImageLoss loss = g_array_index (results->losses, LbPerImageLoss, losses[k]);
      loss.label = g_strdup (loss.label);
      g_array_append_val (subset->losses, loss);
    }
  guint n_images = results->names->len;
  for (guint r = 0; r < results->runs->len; r++)
    {
      const LbPerImageRun *run = &g_array_index (results->runs, LbPerImageRun, r);
      for (guint k = 0; k < n_losses; k++)
        if (run->loss == losses[k])
          {
            LbPerImageRun copy = *run;
            copy.loss = k;
            copy.confusions = g_memdup2 (run->confusions, n_images * sizeof (NnConfusion));
            copy.metrics = g_memdup2 (run->metrics, n_images * sizeof (LbImageMetrics));
            g_array_append_val (subset->runs, copy);
          }
    }
  return subset;
}

/* ---- from a per-image.csv ---- */

typedef struct
{
  const char *path;
  GHashTable *column;   /* header name → 1 + index */
} Table;

static int
column_of (Table *t, const char *name, GError **error)
{
  int index = GPOINTER_TO_INT (g_hash_table_lookup (t->column, name)) - 1;
  if (index < 0)
    g_set_error (error, LB_ERROR, LB_ERROR_CORRUPT,
                 "“%s” is not a per-image results file: it has no “%s” column. Use the "
                 "per-image.csv that lossbench-cli export writes.", t->path, name);
  return index;
}

static gboolean
parse_count (Table *t, guint line, const char *field, gint64 *value, GError **error)
{
  char *end = NULL;
  *value = g_ascii_strtoll (field, &end, 10);
  if (end == field || *end != '\0' || *value < 0)
    {
      g_set_error (error, LB_ERROR, LB_ERROR_CORRUPT,
                   "“%s”, line %u: “%s” is not a pixel count.", t->path, line, field);
      return FALSE;
    }
  return TRUE;
}

/* The index of the loss LABEL names (KIND_NAME is its kind), added when there is no config. */
static gboolean
find_loss (LbPerImage *results, Table *t, guint line, gboolean from_config, const char *label,
           const char *kind_name, guint *index, GError **error)
{
  for (guint l = 0; l < results->losses->len; l++)
    if (strcmp (g_array_index (results->losses, LbPerImageLoss, l).label, label) == 0)
      {
        *index = l;
        return TRUE;
      }
  if (from_config)
    {
      g_set_error (error, LB_ERROR, LB_ERROR_INVALID_INPUT,
                   "“%s”, line %u: the loss “%s” is not one of the configuration's losses. "
                   "Give the config.json of the experiment that wrote this file.", t->path,
                   line, label);
      return FALSE;
    }
  NnLossKind kind;
  if (!nn_loss_kind_from_string (kind_name, &kind))
    {
      g_set_error (error, LB_ERROR, LB_ERROR_CORRUPT, "“%s”, line %u: “%s” is not a loss.",
                   t->path, line, kind_name);
      return FALSE;
    }
  LbPerImageLoss loss = { .kind = kind, .label = g_strdup (label) };
  g_array_append_val (results->losses, loss);
  *index = results->losses->len - 1;
  return TRUE;
}

/* One run being read: its rows in file order. */
typedef struct
{
  char *name;
  guint loss;
  guint64 seed;
  guint first_line;
  GPtrArray *images;
  GArray *confusions;
  GArray *metrics;
} PendingRun;

static void
pending_run_free (gpointer data)
{
  PendingRun *p = data;
  g_free (p->name);
  g_ptr_array_unref (p->images);
  g_array_unref (p->confusions);
  g_array_unref (p->metrics);
  g_free (p);
}

LbPerImage *
lb_per_image_load_csv (const char *path, const LbExperimentConfig *config, GError **error)
{
  g_autoptr (GPtrArray) rows = lb_csv_load (path, error);
  if (rows == NULL)
    return NULL;
  g_autoptr (GHashTable) columns = g_hash_table_new (g_str_hash, g_str_equal);
  Table t = { path, columns };
  char **header = g_ptr_array_index (rows, 0);
  for (int c = 0; header[c] != NULL; c++)
    g_hash_table_insert (columns, header[c], GINT_TO_POINTER (c + 1));

  const char *needed[] = { "run", "loss", "label", "seed", "name", "tp", "fp", "fn", "tn" };
  int at[G_N_ELEMENTS (needed)];
  for (guint k = 0; k < G_N_ELEMENTS (needed); k++)
    if ((at[k] = column_of (&t, needed[k], error)) < 0)
      return NULL;
  int width = 0;
  for (guint k = 0; k < G_N_ELEMENTS (needed); k++)
    width = MAX (width, at[k] + 1);

  LbMetricColumns boundary;
  lb_metric_columns_find (&boundary, header);

  g_autoptr (LbPerImage) results = lb_per_image_new ();
  if (config != NULL)
    add_config_losses (results, config);

  /* Rows are grouped by run name; a run keeps one loss and one seed throughout. */
  g_autoptr (GPtrArray) pending = g_ptr_array_new_with_free_func (pending_run_free);
  g_autoptr (GHashTable) by_name = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint r = 1; r < rows->len; r++)
    {
      char **row = g_ptr_array_index (rows, r);
      guint line = r + 1;
      if (g_strv_length (row) < (guint) width)
        {
          g_set_error (error, LB_ERROR, LB_ERROR_CORRUPT,
                       "“%s” is damaged (line %u is short).", path, line);
          return NULL;
        }
      guint loss;
      if (!find_loss (results, &t, line, config != NULL, row[at[2]], row[at[1]], &loss, error))
        return NULL;
      char *end = NULL;
      guint64 seed = g_ascii_strtoull (row[at[3]], &end, 10);
      if (end == row[at[3]] || *end != '\0')
        {
          g_set_error (error, LB_ERROR, LB_ERROR_CORRUPT,
                       "“%s”, line %u: the seed “%s” is not a whole number.", path, line,
                       row[at[3]]);
          return NULL;
        }
      NnConfusion c;
      if (!parse_count (&t, line, row[at[5]], &c.tp, error)
          || !parse_count (&t, line, row[at[6]], &c.fp, error)
          || !parse_count (&t, line, row[at[7]], &c.fn, error)
          || !parse_count (&t, line, row[at[8]], &c.tn, error))
        return NULL;
      LbImageMetrics values;
      lb_image_metrics_set_overlap (&values, &c);
      if (!lb_metric_columns_read (&boundary, row, path, line, &values, error))
        return NULL;

      PendingRun *p = g_hash_table_lookup (by_name, row[at[0]]);
      if (p == NULL)
        {
          p = g_new0 (PendingRun, 1);
          *p = (PendingRun) { g_strdup (row[at[0]]), loss, seed, line,
                              g_ptr_array_new_with_free_func (g_free),
                              g_array_new (FALSE, FALSE, sizeof (NnConfusion)),
                              g_array_new (FALSE, FALSE, sizeof (LbImageMetrics)) };
          g_ptr_array_add (pending, p);
          g_hash_table_insert (by_name, p->name, p);
        }
      else if (p->loss != loss || p->seed != seed)
        {
          g_set_error (error, LB_ERROR, LB_ERROR_CORRUPT,
                       "“%s”, line %u: the run “%s” changes its loss or seed from line %u.",
                       path, line, p->name, p->first_line);
          return NULL;
        }
      g_ptr_array_add (p->images, g_strdup (row[at[4]]));
      g_array_append_val (p->confusions, c);
      g_array_append_val (p->metrics, values);
    }
  if (pending->len == 0)
    {
      g_set_error (error, LB_ERROR, LB_ERROR_EMPTY, "“%s” holds no test results.", path);
      return NULL;
    }

  for (guint k = 0; k < pending->len; k++)
    {
      PendingRun *p = g_ptr_array_index (pending, k);
      for (guint o = 0; o < k; o++)
        {
          PendingRun *q = g_ptr_array_index (pending, o);
          if (q->loss == p->loss && q->seed == p->seed)
            {
              g_set_error (error, LB_ERROR, LB_ERROR_CORRUPT,
                           "“%s”: the runs “%s” and “%s” are the same loss with the same seed.",
                           path, q->name, p->name);
              return NULL;
            }
        }
      if (!same_images (results, p->images))
        {
          PendingRun *first = g_ptr_array_index (pending, 0);
          g_set_error (error, LB_ERROR, LB_ERROR_INVALID_INPUT,
                       "“%s”: the run “%s” was tested on other images than “%s”. The runs of "
                       "one experiment share one test split: summarize one experiment at a "
                       "time.", path, p->name, first->name);
          return NULL;
        }
      LbPerImageRun run = {
        .loss = p->loss,
        .seed = p->seed,
        .collapsed = -1,
        .confusions = g_memdup2 (p->confusions->data, p->confusions->len * sizeof (NnConfusion)),
        .metrics = g_memdup2 (p->metrics->data, p->metrics->len * sizeof (LbImageMetrics)),
      };
      g_array_append_val (results->runs, run);
    }
  return g_steal_pointer (&results);
}

gboolean
lb_per_image_has_metric (LbPerImage *results, LbMetric metric)
{
  g_return_val_if_fail ((unsigned) metric < LB_METRIC_COUNT, FALSE);
  if (lb_metric_get_kind (metric) == LB_METRIC_KIND_OVERLAP)
    return TRUE;
  guint n_images = results->names->len;
  for (guint r = 0; r < results->runs->len; r++)
    {
      const LbPerImageRun *run = &g_array_index (results->runs, LbPerImageRun, r);
      for (guint i = 0; i < n_images; i++)
        if (isnan (run->metrics[i].value[metric]))
          return FALSE;
    }
  return results->runs->len > 0;
}
