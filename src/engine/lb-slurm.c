/* lb-slurm.c — talking to a Slurm cluster through its own commands: sbatch, squeue, scancel.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "lb-slurm.h"

#include <stdlib.h>
#include <string.h>

#include "lb-error.h"

/* In a Flatpak sandbox Slurm's commands live on the host. */
static gboolean
in_flatpak (void)
{
  return g_file_test ("/.flatpak-info", G_FILE_TEST_EXISTS);
}

gboolean
lb_slurm_is_available (char **why)
{
  if (in_flatpak ())
    {
      const char *argv[] = { "flatpak-spawn", "--host", "sh", "-c", "command -v sbatch", NULL };
      int status = 0;
      if (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH
                        | G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL,
                        NULL, NULL, &status, NULL)
          && g_spawn_check_wait_status (status, NULL))
        return TRUE;
      if (why)
        *why = g_strdup ("sbatch is not on the host's PATH: this computer is not a Slurm "
                         "cluster's login node.");
      return FALSE;
    }
  g_autofree char *sbatch = g_find_program_in_path ("sbatch");
  if (sbatch != NULL)
    return TRUE;
  if (why)
    *why = g_strdup ("sbatch is not on the PATH: run this on the cluster's login node, or load "
                     "Slurm's module first.");
  return FALSE;
}

gboolean
lb_slurm_run (const char *const *argv, char **out, GError **error)
{
  g_autoptr (GPtrArray) full = g_ptr_array_new ();
  if (in_flatpak ())
    {
      g_ptr_array_add (full, (gpointer) "flatpak-spawn");
      g_ptr_array_add (full, (gpointer) "--host");
    }
  for (const char *const *a = argv; *a; a++)
    g_ptr_array_add (full, (gpointer) *a);
  g_ptr_array_add (full, NULL);

  g_autofree char *stdout_text = NULL, *stderr_text = NULL;
  g_autoptr (GError) local = NULL;
  int status = 0;
  if (!g_spawn_sync (NULL, (char **) full->pdata, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                     &stdout_text, &stderr_text, &status, &local))
    {
      g_set_error (error, LB_ERROR, LB_ERROR_FAILED, "%s could not be run: %s. Is Slurm "
                   "installed here?", argv[0], local->message);
      return FALSE;
    }
  if (!g_spawn_check_wait_status (status, NULL))
    {
      g_strstrip (stderr_text);
      g_set_error (error, LB_ERROR, LB_ERROR_FAILED, "%s failed: %s", argv[0],
                   *stderr_text ? stderr_text : "it gave no reason");
      return FALSE;
    }
  if (out)
    *out = g_steal_pointer (&stdout_text);
  return TRUE;
}

char *
lb_slurm_submit (const char *script, const char *const *extra_args, GError **error)
{
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  g_ptr_array_add (argv, (gpointer) "sbatch");
  g_ptr_array_add (argv, (gpointer) "--parsable");
  for (const char *const *a = extra_args; a && *a; a++)
    g_ptr_array_add (argv, (gpointer) *a);
  g_ptr_array_add (argv, (gpointer) script);
  g_ptr_array_add (argv, NULL);

  g_autofree char *out = NULL;
  if (!lb_slurm_run ((const char *const *) argv->pdata, &out, error))
    return NULL;
  /* "81" or, on a federation, "81;cluster". */
  g_strstrip (out);
  char *semicolon = strchr (out, ';');
  if (semicolon)
    *semicolon = '\0';
  if (*out == '\0' || strspn (out, "0123456789") != strlen (out))
    {
      g_set_error (error, LB_ERROR, LB_ERROR_FAILED,
                   "sbatch answered “%s”, not a job id: was the job submitted? Check with "
                   "squeue before submitting again.", out);
      return NULL;
    }
  return g_steal_pointer (&out);
}

gboolean
lb_slurm_cancel (const char *job_id, GError **error)
{
  const char *argv[] = { "scancel", job_id, NULL };
  return lb_slurm_run (argv, NULL, error);
}

static void
task_clear (gpointer data)
{
  LbSlurmTask *t = data;
  g_free (t->state);
  g_free (t->reason);
  g_free (t->node);
}

GArray *
lb_slurm_query_job (const char *job_id, GError **error)
{
  /* -r: one line per array task; -t all: finished tasks too, while the controller keeps
   * them (MinJobAge). */
  const char *argv[] = { "squeue", "--noheader", "--array", "--states=all", "--jobs", job_id,
                         "--format=%i|%T|%r|%N", NULL };
  g_autoptr (GError) local = NULL;
  g_autofree char *out = NULL;
  GArray *tasks = g_array_new (FALSE, TRUE, sizeof (LbSlurmTask));
  g_array_set_clear_func (tasks, task_clear);

  if (!lb_slurm_run (argv, &out, &local))
    {
      /* A job the controller has forgotten is not an error: it is no longer queued. */
      if (strstr (local->message, "Invalid job id") != NULL)
        return tasks;
      g_array_unref (tasks);
      g_propagate_error (error, g_steal_pointer (&local));
      return NULL;
    }
  g_auto (GStrv) lines = g_strsplit (out, "\n", -1);
  for (char **line = lines; *line; line++)
    {
      g_auto (GStrv) f = g_strsplit (*line, "|", 4);
      if (g_strv_length (f) < 4)
        continue;
      LbSlurmTask t = { .task = -1 };
      const char *underscore = strchr (f[0], '_');
      if (underscore != NULL)
        t.task = atoi (underscore + 1);
      t.state = g_strdup (f[1]);
      t.reason = strcmp (f[2], "None") == 0 || f[2][0] == '\0' ? NULL : g_strdup (f[2]);
      t.node = f[3][0] != '\0' && strcmp (f[3], "(null)") != 0 ? g_strdup (f[3]) : NULL;
      g_array_append_val (tasks, t);
    }
  return tasks;
}

const LbSlurmTask *
lb_slurm_find_task (GArray *tasks, int task)
{
  for (guint i = 0; tasks && i < tasks->len; i++)
    if (g_array_index (tasks, LbSlurmTask, i).task == task)
      return &g_array_index (tasks, LbSlurmTask, i);
  return NULL;
}

gboolean
lb_slurm_state_is_running (const char *state)
{
  const char *running[] = { "RUNNING", "COMPLETING", "CONFIGURING", "SUSPENDED", "STOPPED",
                            "RESIZING", "SIGNALING", "STAGE_OUT", NULL };
  return state != NULL && g_strv_contains (running, state);
}

gboolean
lb_slurm_state_is_queued (const char *state)
{
  const char *waiting[] = { "PENDING", "REQUEUED", "REQUEUE_FED", "REQUEUE_HOLD", "RESV_DEL_HOLD",
                            NULL };
  return lb_slurm_state_is_running (state) || (state != NULL && g_strv_contains (waiting, state));
}

gboolean
lb_slurm_get_current_task (char **job_id, int *task)
{
  const char *job = g_getenv ("SLURM_ARRAY_JOB_ID");
  const char *index = g_getenv ("SLURM_ARRAY_TASK_ID");
  if (job == NULL || index == NULL)
    return FALSE;
  *job_id = g_strdup (job);
  *task = atoi (index);
  return TRUE;
}
