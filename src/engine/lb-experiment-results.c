/* lb-experiment-results.c — an experiment's results, read from its folder on a worker thread.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "lb-experiment-results.h"

#include <math.h>

#include "lb-image-io.h"
#include "lb-run-async.h"
#include "lb-system.h"

void
lb_experiment_results_free (LbExperimentResults *results)
{
  if (results == NULL)
    return;
  g_ptr_array_unref (results->histories);
  g_clear_pointer (&results->summary, lb_experiment_summary_free);
  g_clear_pointer (&results->sweep, lb_sweep_results_free);
  g_free (results->summary_error);
  g_ptr_array_unref (results->disagreement_names);
  g_array_unref (results->disagreement_spread);
  g_ptr_array_unref (results->disagreement_runs);
  g_array_unref (results->image_rows);
  for (guint k = 0; k < results->n_external; k++)
    {
      g_clear_pointer (&results->external_summary[k], lb_experiment_summary_free);
      g_free (results->external_error[k]);
    }
  g_free (results);
}

static void
image_row_clear (LbImageRow *row)
{
  g_free (row->name);
  g_free (row->run_dir);
}

/* Every finished run's test images and their metrics. */
static void
load_image_rows (LbExperiment *experiment, LbExperimentResults *results)
{
  guint n_runs = lb_experiment_get_n_runs (experiment);

  for (guint i = 0; i < n_runs; i++)
    {
      g_autoptr (GPtrArray) names = NULL;
      g_autoptr (GArray) metrics = NULL;
      LbRunInfo run;

      lb_experiment_get_run (experiment, i, &run);
      if (run.state == LB_RUN_DONE
          && lb_experiment_load_test_results (experiment, i, &names, NULL, NULL, &metrics, NULL))
        for (guint k = 0; k < names->len && k < metrics->len; k++)
          {
            LbImageRow row = {
              .name = g_strdup (g_ptr_array_index (names, k)),
              .run = i,
              .loss = run.loss_index,
              .seed = run.seed,
              .run_dir = g_build_filename (lb_experiment_get_folder (experiment), "runs",
                                           run.name, NULL),
              .metrics = g_array_index (metrics, LbImageMetrics, k),
            };
            g_array_append_val (results->image_rows, row);
          }
      lb_run_info_clear (&run);
    }
}

double
lb_experiment_results_find_metric (const LbExperimentResults *results,
                                   const char *run_dir,
                                   const char *name,
                                   LbMetric metric)
{
  for (guint i = 0; i < results->image_rows->len; i++)
    {
      const LbImageRow *row = &g_array_index (results->image_rows, LbImageRow, i);
      if (g_strcmp0 (row->run_dir, run_dir) == 0 && g_strcmp0 (row->name, name) == 0)
        return row->metrics.value[metric];
    }
  return NAN;
}

const char *
lb_experiment_results_find_run_dir (const LbExperimentResults *results,
                                    guint loss,
                                    guint64 seed)
{
  for (guint i = 0; i < results->image_rows->len; i++)
    {
      const LbImageRow *row = &g_array_index (results->image_rows, LbImageRow, i);
      if (row->loss == loss && row->seed == seed)
        return row->run_dir;
    }
  return NULL;
}

static void
free_history (gpointer history)
{
  if (history != NULL)
    g_array_unref (history);
}

typedef struct
{
  char *name;
  double spread;
} Disagreement;

static int
by_spread_descending (gconstpointer a, gconstpointer b)
{
  const Disagreement *x = a, *y = b;
  return (x->spread < y->spread) - (x->spread > y->spread);
}

/* Per test image, the spread of the metric over the losses, from each loss's first finished
 * run. Every run of an experiment shares the split, so the rows line up by position. */
static void
load_disagreement (LbExperiment *experiment, LbExperimentResults *results)
{
  LbMetric metric = results->metric;
  const LbExperimentConfig *config = lb_experiment_get_config (experiment);
  guint n_runs = lb_experiment_get_n_runs (experiment);
  g_autoptr (GPtrArray) names = NULL;
  g_autofree double *lo = NULL, *hi = NULL;

  for (guint l = 0; l < config->n_losses; l++)
    {
      g_autoptr (GArray) metrics = NULL;
      g_autoptr (GPtrArray) run_names = NULL;
      gboolean found = FALSE;
      for (guint i = 0; i < n_runs && !found; i++)
        {
          LbRunInfo run;
          lb_experiment_get_run (experiment, i, &run);
          if (run.loss_index == l && run.state == LB_RUN_DONE
              && lb_experiment_load_test_results (experiment, i, &run_names, NULL, NULL,
                                                  &metrics, NULL))
            {
              found = TRUE;
              g_ptr_array_add (results->disagreement_runs,
                               g_build_filename (lb_experiment_get_folder (experiment), "runs",
                                                 run.name, NULL));
            }
          lb_run_info_clear (&run);
        }
      if (!found)
        {
          g_ptr_array_set_size (results->disagreement_runs, 0);
          return;
        }
      if (names == NULL)
        {
          names = g_ptr_array_ref (run_names);
          lo = g_new (double, names->len);
          hi = g_new (double, names->len);
          for (guint k = 0; k < names->len; k++)
            {
              lo[k] = INFINITY;
              hi[k] = -INFINITY;
            }
        }
      for (guint k = 0; k < names->len && k < metrics->len; k++)
        {
          double value = g_array_index (metrics, LbImageMetrics, k).value[metric];
          if (isnan (value))
            {
              /* A run of an earlier version without this metric: no disagreement to show. */
              g_ptr_array_set_size (results->disagreement_runs, 0);
              return;
            }
          lo[k] = MIN (lo[k], value);
          hi[k] = MAX (hi[k], value);
        }
    }
  if (names == NULL)
    return;

  g_autoptr (GArray) rows = g_array_new (FALSE, FALSE, sizeof (Disagreement));
  for (guint k = 0; k < names->len; k++)
    {
      Disagreement d = { g_ptr_array_index (names, k), hi[k] - lo[k] };
      g_array_append_val (rows, d);
    }
  g_array_sort (rows, by_spread_descending);
  for (guint k = 0; k < rows->len; k++)
    {
      const Disagreement *d = &g_array_index (rows, Disagreement, k);
      g_ptr_array_add (results->disagreement_names, g_strdup (d->name));
      g_array_append_val (results->disagreement_spread, d->spread);
    }
}

LbExperimentResults *
lb_experiment_load_results (LbExperiment *experiment)
{
  return lb_experiment_load_results_by (experiment, LB_METRIC_IOU);
}

LbExperimentResults *
lb_experiment_load_results_by (LbExperiment *experiment, LbMetric metric)
{
  LbExperimentResults *results = g_new0 (LbExperimentResults, 1);
  guint n_runs = lb_experiment_get_n_runs (experiment);
  g_autoptr (GError) error = NULL;

  results->metric = metric;
  results->histories = g_ptr_array_new_with_free_func (free_history);
  for (guint i = 0; i < n_runs; i++)
    g_ptr_array_add (results->histories, lb_experiment_load_history (experiment, i, NULL));
  results->summary = lb_experiment_summarize_by (experiment, metric, &error);
  if (results->summary == NULL)
    results->summary_error = g_strdup (error->message);
  else if (lb_experiment_get_config (experiment)->sweep.n_axes > 0)
    {
      results->sweep = lb_sweep_summarize (experiment, metric, &error);
      if (results->sweep == NULL)
        results->summary_error = g_strdup (error->message);
    }
  results->disagreement_names = g_ptr_array_new_with_free_func (g_free);
  results->disagreement_spread = g_array_new (FALSE, FALSE, sizeof (double));
  results->disagreement_runs = g_ptr_array_new_with_free_func (g_free);
  /* A sweep's cells are not rivals: the disagreement is its chosen cells' to show (not yet). */
  if (lb_experiment_get_config (experiment)->sweep.n_axes == 0)
    load_disagreement (experiment, results);
  results->image_rows = g_array_new (FALSE, FALSE, sizeof (LbImageRow));
  g_array_set_clear_func (results->image_rows, (GDestroyNotify) image_row_clear);
  load_image_rows (experiment, results);
  results->n_external = lb_experiment_get_n_test_sets (experiment) - 1;
  for (guint k = 0; k < results->n_external; k++)
    {
      g_autoptr (GError) set_error = NULL;
      if (results->sweep != NULL)
        continue;
      results->external_summary[k] = lb_experiment_summarize_set_by (experiment, k + 1, metric,
                                                                     &set_error);
      if (results->external_summary[k] == NULL)
        results->external_error[k] = g_strdup (set_error->message);
    }
  return results;
}

static void
load_thread (GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
  lb_run_handoff ();
  lb_system_enter_worker_thread ();
  LbExperimentResults *results = lb_experiment_load_results_by (LB_EXPERIMENT (source),
                                                                GPOINTER_TO_INT (data));
  lb_run_handoff ();
  g_task_return_pointer (task, results, (GDestroyNotify) lb_experiment_results_free);
}

void
lb_experiment_load_results_async (LbExperiment *experiment,
                                  GCancellable *cancellable,
                                  GAsyncReadyCallback callback,
                                  gpointer user_data)
{
  lb_experiment_load_results_by_async (experiment, LB_METRIC_IOU, cancellable, callback,
                                       user_data);
}

void
lb_experiment_load_results_by_async (LbExperiment *experiment,
                                     LbMetric metric,
                                     GCancellable *cancellable,
                                     GAsyncReadyCallback callback,
                                     gpointer user_data)
{
  g_autoptr (GTask) task = g_task_new (experiment, cancellable, callback, user_data);
  g_task_set_source_tag (task, lb_experiment_load_results_async);
  g_task_set_task_data (task, GINT_TO_POINTER (metric), NULL);
  lb_run_handoff ();
  g_task_run_in_thread (task, load_thread);
}

LbExperimentResults *
lb_experiment_load_results_finish (LbExperiment *experiment,
                                   GAsyncResult *result,
                                   GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, experiment), NULL);
  lb_run_handoff ();
  LbExperimentResults *results = g_task_propagate_pointer (G_TASK (result), error);
  lb_run_handoff ();
  return results;
}

float *
lb_experiment_results_load_prediction (const char *run_dir,
                                       const char *name,
                                       guint       size)
{
  g_autofree char *file = g_strconcat (name, ".png", NULL);
  g_autofree char *path = g_build_filename (run_dir, "masks", file, NULL);
  LbImageInfo info;
  g_autofree guint8 *gray = lb_image_decode_gray (path, &info, NULL);
  gsize plane = (gsize) size * size;
  float *prediction;

  if (gray == NULL || (guint) info.width != size || (guint) info.height != size)
    return NULL;
  prediction = g_new (float, plane);
  for (gsize k = 0; k < plane; k++)
    prediction[k] = gray[k] / 255.0f;
  return prediction;
}
