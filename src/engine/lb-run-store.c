/* lb-run-store.c — where experiments live, and the list of them the History page shows.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "lb-run-store.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <math.h>

#include "lb-data-source.h"
#include "lb-error.h"
#include "lb-experiment.h"
#include "lb-loss-spec.h"
#include "lb-slurm-job.h"
#include "lb-slurm.h"

char *
lb_run_store_default_root (void)
{
  return g_build_filename (g_get_user_data_dir (), "lossbench", "experiments", NULL);
}

char *
lb_run_store_new_folder (const char *root, const char *what)
{
  g_autoptr (GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *stamp = g_date_time_format (now, "%Y-%m-%d %H.%M");
  g_autofree char *base = g_strdup_printf ("%s %s", stamp, what);
  g_strdelimit (base, "/", '-');
  char *folder = g_build_filename (root, base, NULL);
  for (int n = 2; g_file_test (folder, G_FILE_TEST_EXISTS); n++)
    {
      g_free (folder);
      g_autofree char *numbered = g_strdup_printf ("%s (%d)", base, n);
      folder = g_build_filename (root, numbered, NULL);
    }
  return folder;
}

void
lb_stored_experiment_free (LbStoredExperiment *entry)
{
  if (entry == NULL)
    return;
  g_free (entry->folder);
  g_free (entry->title);
  g_clear_pointer (&entry->modified, g_date_time_unref);
  g_free (entry->error);
  g_free (entry->dataset);
  g_free (entry->preset);
  g_free (entry->protocol);
  g_strfreev (entry->losses);
  g_free (entry);
}

static GDateTime *
newest_change (const char *folder)
{
  /* The config is written first and rewritten when data is first loaded; the newest of it
   * and the run folders' histories tells when the experiment last moved. */
  g_autofree char *config = g_build_filename (folder, "config.json", NULL);
  GStatBuf st;
  gint64 newest = g_stat (config, &st) == 0 ? st.st_mtime : 0;
  g_autofree char *runs = g_build_filename (folder, "runs", NULL);
  g_autoptr (GDir) dir = g_dir_open (runs, 0, NULL);
  for (const char *name; dir && (name = g_dir_read_name (dir));)
    {
      g_autofree char *history = g_build_filename (runs, name, "history.csv", NULL);
      if (g_stat (history, &st) == 0)
        newest = MAX (newest, (gint64) st.st_mtime);
    }
  return g_date_time_new_from_unix_local (newest);
}

/* What sets CONFIG's runs apart from the preset's on the same data, or NULL. */
static char *
dup_protocol (const LbExperimentConfig *config)
{
  g_autoptr (GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  gboolean augment_swept = FALSE;

  for (guint a = 0; a < config->sweep.n_axes; a++)
    augment_swept |= config->sweep.axes[a].param == LB_SWEEP_AUGMENT;
  if (config->train.augment.enabled && !augment_swept)
    g_ptr_array_add (parts, g_strdup ("augmented"));
  if (config->test_source != NULL)
    g_ptr_array_add (parts, g_strdup_printf ("%s held out", config->test_source));
  for (guint k = 0; k < config->n_external; k++)
    g_ptr_array_add (parts, g_strdup_printf ("external %s", config->external[k].name));
  if (parts->len == 0)
    return NULL;
  g_ptr_array_add (parts, NULL);
  return g_strjoinv (" · ", (char **) parts->pdata);
}

/* Whether the Slurm job the experiment in FOLDER was last submitted as still has a task that
 * waits or runs. Asks squeue, so only for experiments not finished. */
static gboolean
has_queued_job (const char *folder)
{
  g_autoptr (LbSlurmJob) job = lb_slurm_job_load (folder, NULL);
  g_autoptr (GArray) tasks = NULL;

  if (job == NULL || !lb_slurm_is_available (NULL))
    return FALSE;
  tasks = lb_slurm_query_job (job->job_id, NULL);
  for (guint i = 0; tasks != NULL && i < tasks->len; i++)
    if (lb_slurm_state_is_queued (g_array_index (tasks, LbSlurmTask, i).state))
      return TRUE;
  return FALSE;
}

LbStoredExperiment *
lb_stored_experiment_read (const char *folder)
{
  LbStoredExperiment *entry = g_new0 (LbStoredExperiment, 1);
  entry->folder = g_strdup (folder);
  entry->modified = newest_change (folder);
  g_autoptr (GError) error = NULL;
  g_autoptr (LbExperiment) experiment = lb_experiment_open (folder, &error);
  if (experiment == NULL)
    {
      entry->title = g_path_get_basename (folder);
      entry->error = g_strdup (error->message);
      return entry;
    }

  const LbExperimentConfig *config = lb_experiment_get_config (experiment);
  g_autofree char *preset = g_strdup (config->preset ? config->preset : "custom");
  preset[0] = g_ascii_toupper (preset[0]);
  g_autofree char *first_loss = lb_loss_dup_label (&config->losses[0]);
  g_autofree char *size = lb_experiment_config_describe_size (config);
  entry->sweep = config->sweep.n_axes > 0;
  if (config->n_losses == 1)
    entry->title = g_strdup_printf ("%s: %s, %u seed%s", preset, first_loss, config->n_seeds,
                                    config->n_seeds == 1 ? "" : "s");
  else
    entry->title = g_strdup_printf ("%s: %s%s", preset, entry->sweep ? "sweep of " : "", size);
  entry->n_runs = lb_experiment_get_n_runs (experiment);
  double iou_sum[LB_EXPERIMENT_MAX_LOSSES] = { 0 };
  guint iou_runs[LB_EXPERIMENT_MAX_LOSSES] = { 0 };
  for (guint i = 0; i < entry->n_runs; i++)
    {
      LbRunInfo run;
      lb_experiment_get_run (experiment, i, &run);
      entry->n_done += run.state == LB_RUN_DONE;
      entry->n_failed += run.state == LB_RUN_FAILED;
      entry->n_interrupted += run.state == LB_RUN_INTERRUPTED;
      entry->n_elsewhere += run.state == LB_RUN_ELSEWHERE;
      if (run.state == LB_RUN_DONE && run.loss_index < config->n_losses)
        {
          iou_sum[run.loss_index] += run.test_mean.value[NN_METRIC_IOU];
          iou_runs[run.loss_index]++;
        }
      lb_run_info_clear (&run);
    }

  if (config->folders != NULL && config->folders[0] != NULL)
    entry->dataset = lb_folders_display_name ((const char *const *) config->folders);
  else
    entry->dataset = g_strdup_printf ("demo set (%u images)", config->demo_count);
  entry->preset = g_strdup (config->preset ? config->preset : "custom");
  entry->protocol = dup_protocol (config);
  /* A sweep's losses, not its cells: the cells are in its size. */
  guint n_labels = entry->sweep ? config->sweep.n_swept : config->n_losses;
  entry->losses = g_new0 (char *, n_labels + 1);
  for (guint l = 0; l < n_labels; l++)
    entry->losses[l] = entry->sweep ? lb_experiment_config_dup_swept_label (config, l)
                                    : lb_experiment_config_dup_loss_label (config, l);
  entry->n_seeds = config->n_seeds;
  entry->complete = lb_experiment_is_complete (experiment);
  entry->queued = !entry->complete && has_queued_job (folder);

  entry->best_loss = -1;
  entry->best_iou = NAN;
  /* A sweep's best cell on test would be chosen on test: its headline is the Compare page's,
   * where each loss is at its cell best on validation. */
  for (guint l = 0; entry->complete && !entry->sweep && l < config->n_losses; l++)
    {
      double mean = iou_runs[l] > 0 ? iou_sum[l] / iou_runs[l] : NAN;
      /* Ties keep configuration order, as the Compare page's ranking does. */
      if (!isnan (mean) && (entry->best_loss < 0 || mean > entry->best_iou))
        {
          entry->best_loss = (int) l;
          entry->best_iou = mean;
          entry->best_runs = iou_runs[l];
        }
    }
  return entry;
}

char *
lb_stored_experiment_describe (const LbStoredExperiment *entry)
{
  g_return_val_if_fail (entry != NULL, NULL);

  if (entry->error != NULL)
    return g_strdup (entry->error);

  g_autofree char *losses = g_strjoinv (", ", entry->losses);
  GString *text = g_string_new (NULL);
  g_string_printf (text, "%s%s × %u seed%s · %s preset · %s%s%s\n",
                   entry->sweep ? "Sweep of " : "", losses, entry->n_seeds,
                   entry->n_seeds == 1 ? "" : "s", entry->preset, entry->dataset,
                   entry->protocol ? " · " : "", entry->protocol ? entry->protocol : "");
  g_string_append_printf (text, "%s (%u of %u runs",
                          entry->complete ? "Finished"
                          : entry->n_elsewhere > 0 ? "Training elsewhere"
                          : entry->queued ? "Waiting in Slurm’s queue" : "Interrupted",
                          entry->n_done, entry->n_runs);
  if (entry->n_elsewhere > 0)
    g_string_append_printf (text, ", %u training", entry->n_elsewhere);
  if (entry->n_failed > 0)
    g_string_append_printf (text, ", %u failed", entry->n_failed);
  g_string_append (text, ")");
  if (entry->sweep && entry->complete)
    g_string_append (text, " — open it to see each loss at its best setting");
  if (entry->best_loss >= 0)
    {
      const char *runs = entry->best_runs == 1 ? "run" : "runs";
      if (g_strv_length (entry->losses) > 1)
        g_string_append_printf (text, " — highest mean test IoU: %s, %.4f over %u %s",
                                entry->losses[entry->best_loss], entry->best_iou,
                                entry->best_runs, runs);
      else
        g_string_append_printf (text, " — mean test IoU %.4f over %u %s", entry->best_iou,
                                entry->best_runs, runs);
    }
  return g_string_free (text, FALSE);
}

static int
newest_first (gconstpointer a, gconstpointer b)
{
  const LbStoredExperiment *x = *(LbStoredExperiment *const *) a;
  const LbStoredExperiment *y = *(LbStoredExperiment *const *) b;
  return g_date_time_compare (y->modified, x->modified);
}

GPtrArray *
lb_run_store_list (const char *root, GError **error)
{
  GPtrArray *list = g_ptr_array_new_with_free_func ((GDestroyNotify) lb_stored_experiment_free);
  g_autoptr (GError) local = NULL;
  g_autoptr (GDir) dir = g_dir_open (root, 0, &local);
  if (dir == NULL)
    {
      if (g_error_matches (local, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        return list;
      g_set_error (error, LB_ERROR, LB_ERROR_PERMISSION, "The experiments in “%s” cannot be "
                   "listed: %s.", root, local->message);
      g_ptr_array_unref (list);
      return NULL;
    }
  for (const char *name; (name = g_dir_read_name (dir));)
    {
      g_autofree char *folder = g_build_filename (root, name, NULL);
      g_autofree char *config = g_build_filename (folder, "config.json", NULL);
      if (g_file_test (config, G_FILE_TEST_IS_REGULAR))
        g_ptr_array_add (list, lb_stored_experiment_read (folder));
    }
  g_ptr_array_sort (list, newest_first);
  return list;
}

static gboolean
remove_tree (const char *path, GError **error)
{
  if (g_file_test (path, G_FILE_TEST_IS_DIR) && !g_file_test (path, G_FILE_TEST_IS_SYMLINK))
    {
      g_autoptr (GDir) dir = g_dir_open (path, 0, error);
      if (dir == NULL)
        return FALSE;
      for (const char *name; (name = g_dir_read_name (dir));)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);
          if (!remove_tree (child, error))
            return FALSE;
        }
      if (g_rmdir (path) == 0)
        return TRUE;
    }
  else if (g_unlink (path) == 0)
    return TRUE;
  int saved = errno;
  g_set_error (error, LB_ERROR, LB_ERROR_PERMISSION, "“%s” could not be deleted: %s.", path,
               g_strerror (saved));
  return FALSE;
}

gboolean
lb_run_store_delete (const char *folder, GError **error)
{
  g_autofree char *config = g_build_filename (folder, "config.json", NULL);
  if (!g_file_test (config, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, LB_ERROR, LB_ERROR_INVALID_INPUT,
                   "“%s” is not a Lossbench experiment (it has no config.json), so it was not "
                   "deleted.", folder);
      return FALSE;
    }
  return remove_tree (folder, error);
}
