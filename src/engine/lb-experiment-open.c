/* lb-experiment-open.c — creating and opening experiments on a worker thread.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "lb-experiment-open.h"

#include "lb-run-async.h"
#include "lb-system.h"

typedef struct
{
  gboolean create;
  LbExperimentConfig config;   /* create */
  char *path;                  /* create: the store; open: the folder */
} OpenJob;

static void
open_job_free (OpenJob *job)
{
  lb_run_handoff ();
  if (job->create)
    lb_experiment_config_clear (&job->config);
  g_free (job->path);
  g_free (job);
}

/* A folder name in STORE that is not taken yet. */
static char *
fresh_folder (const char *store)
{
  g_autoptr (GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *stamp = g_date_time_format (now, "%Y-%m-%d-%H%M%S");
  char *folder = g_build_filename (store, stamp, NULL);
  for (guint k = 2; g_file_test (folder, G_FILE_TEST_EXISTS); k++)
    {
      g_free (folder);
      folder = g_strdup_printf ("%s/%s-%u", store, stamp, k);
    }
  return folder;
}

static void
open_thread (GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
  OpenJob *job = data;
  GError *error = NULL;
  LbExperiment *experiment;

  lb_run_handoff ();
  lb_system_enter_worker_thread ();
  if (job->create)
    {
      g_autofree char *folder = fresh_folder (job->path);
      experiment = lb_experiment_new (&job->config, folder, &error);
    }
  else
    experiment = lb_experiment_open (job->path, &error);
  lb_run_handoff ();
  if (experiment != NULL)
    g_task_return_pointer (task, experiment, g_object_unref);
  else
    g_task_return_error (task, error);
}

static void
run_job (OpenJob *job, GCancellable *cancellable, GAsyncReadyCallback callback,
         gpointer user_data)
{
  g_autoptr (GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, lb_experiment_open_finish);
  g_task_set_task_data (task, job, (GDestroyNotify) open_job_free);
  lb_run_handoff ();
  g_task_run_in_thread (task, open_thread);
}

void
lb_experiment_create_async (const LbExperimentConfig *config,
                            const char *store,
                            GCancellable *cancellable,
                            GAsyncReadyCallback callback,
                            gpointer user_data)
{
  OpenJob *job = g_new0 (OpenJob, 1);
  job->create = TRUE;
  lb_experiment_config_copy (&job->config, config);
  job->path = g_strdup (store);
  run_job (job, cancellable, callback, user_data);
}

void
lb_experiment_open_async (const char *folder,
                          GCancellable *cancellable,
                          GAsyncReadyCallback callback,
                          gpointer user_data)
{
  OpenJob *job = g_new0 (OpenJob, 1);
  job->path = g_strdup (folder);
  run_job (job, cancellable, callback, user_data);
}

LbExperiment *
lb_experiment_open_finish (GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  lb_run_handoff ();
  LbExperiment *experiment = g_task_propagate_pointer (G_TASK (result), error);
  lb_run_handoff ();
  return experiment;
}
