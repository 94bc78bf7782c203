/* lb-cluster-cancel.c — cancelling an experiment's Slurm job from the window.
 * SPDX-License-Identifier: GPL-3.0-or-later */

#include <adwaita.h>

#include "lb-cluster-cancel.h"
#include "lb-slurm.h"
#include "lb-window.h"

typedef struct
{
  GtkWidget *from;
  char *job_id;
  LbClusterCancelled done;
  gpointer user_data;
} CancelRequest;

static void
cancel_request_free (CancelRequest *request)
{
  g_object_unref (request->from);
  g_free (request->job_id);
  g_free (request);
}

/* Whether any of the job's tasks may still run: scancel of an ended job succeeds silently, and
 * the user should not be told that something was cancelled. */
static gboolean
job_is_live (const char *job_id, GError **error)
{
  g_autoptr (GArray) tasks = lb_slurm_query_job (job_id, error);

  if (tasks == NULL)
    return FALSE;
  for (guint i = 0; i < tasks->len; i++)
    if (lb_slurm_state_is_queued (g_array_index (tasks, LbSlurmTask, i).state))
      return TRUE;
  return FALSE;
}

/* Returns TRUE when the job was cancelled, FALSE (without an error) when it had ended. */
static void
cancel_in_thread (GTask        *task,
                  gpointer      source,
                  gpointer      data,
                  GCancellable *cancellable)
{
  const char *job_id = data;
  GError *error = NULL;

  if (!job_is_live (job_id, &error))
    {
      if (error != NULL)
        g_task_return_error (task, error);
      else
        g_task_return_boolean (task, FALSE);
      return;
    }
  if (lb_slurm_cancel (job_id, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
cancelled (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  CancelRequest *request = user_data;
  g_autoptr (GError) error = NULL;
  gboolean was_live = g_task_propagate_boolean (G_TASK (result), &error);

  if (error != NULL)
    {
      g_autofree char *text = g_strdup_printf ("%s Cancel it on the cluster with scancel %s.",
                                               error->message, request->job_id);

      lb_window_show_error (request->from, "Cannot Cancel the Slurm Job", text);
    }
  else
    {
      g_autofree char *text = was_live
        ? g_strdup_printf ("Cancelled Slurm job %s; finished runs are kept", request->job_id)
        : g_strdup_printf ("Slurm job %s had already ended", request->job_id);

      lb_window_toast (request->from, text);
      request->done (request->from, request->user_data);
    }
  cancel_request_free (request);
}

static void
confirm_response (AdwMessageDialog *dialog,
                  const char       *response,
                  CancelRequest    *request)
{
  g_autoptr (GTask) task = NULL;

  if (g_strcmp0 (response, "cancel-job") != 0)
    {
      cancel_request_free (request);
      return;
    }
  task = g_task_new (NULL, NULL, cancelled, request);
  g_task_set_task_data (task, g_strdup (request->job_id), g_free);
  g_task_run_in_thread (task, cancel_in_thread);
}

void
lb_cluster_cancel_confirm (GtkWidget          *from,
                           const char         *job_id,
                           guint               n_left,
                           LbClusterCancelled  done,
                           gpointer            user_data)
{
  GtkRoot *root = gtk_widget_get_root (from);
  g_autofree char *body = g_strdup_printf (
    "Its %u unfinished run%s stop%s where %s; finished runs are kept. Resume continues "
    "them later, here or on the cluster.", n_left, n_left == 1 ? "" : "s",
    n_left == 1 ? "s" : "", n_left == 1 ? "it is" : "they are");
  g_autofree char *heading = g_strdup_printf ("Cancel Slurm Job %s?", job_id);
  GtkWidget *dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                              heading, body);
  CancelRequest *request = g_new0 (CancelRequest, 1);

  request->from = g_object_ref (from);
  request->job_id = g_strdup (job_id);
  request->done = done;
  request->user_data = user_data;
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "keep", "_Keep Running",
                                    "cancel-job", "_Cancel Job", NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "cancel-job",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "keep");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "keep");
  g_signal_connect (dialog, "response", G_CALLBACK (confirm_response), request);
  gtk_window_present (GTK_WINDOW (dialog));
}
