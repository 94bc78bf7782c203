/* lb-run-async.c — a long synchronous run (a trainer's, an experiment's) on a worker thread.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "lb-run-async.h"

#include "lb-system.h"

typedef struct
{
  LbRunFunc run;
  LbRunEndedFunc ended;
  GTask *outer;   /* what the caller waits for; returned after @ended */
} RunAsync;

static void
run_thread (GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
  /* Below the window: see lb-system.h. */
  lb_system_enter_worker_thread ();
  RunAsync *r = data;
  g_autoptr (GError) error = NULL;
  if (r->run (G_OBJECT (source), cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, g_steal_pointer (&error));
}

/* Back in the caller's context: the inner task is done, the outer one returns. */
static void
run_ended (GObject *source, GAsyncResult *result, gpointer data)
{
  GTask *outer = data;
  RunAsync *r = g_task_get_task_data (G_TASK (result));
  if (r->ended != NULL)
    r->ended (source);

  GError *error = NULL;
  if (g_task_propagate_boolean (G_TASK (result), &error))
    g_task_return_boolean (outer, TRUE);
  else
    g_task_return_error (outer, error);
  g_object_unref (outer);
}

void
lb_run_in_thread_async (GObject             *self,
                        gpointer             source_tag,
                        LbRunFunc            run,
                        LbRunEndedFunc       ended,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_return_if_fail (G_IS_OBJECT (self) && run != NULL);
  GTask *outer = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (outer, source_tag);
  g_task_set_check_cancellable (outer, FALSE);

  RunAsync *r = g_new0 (RunAsync, 1);
  r->run = run;
  r->ended = ended;
  g_autoptr (GTask) inner = g_task_new (self, cancellable, run_ended, outer);
  g_task_set_task_data (inner, r, g_free);
  g_task_set_check_cancellable (inner, FALSE);
  g_task_run_in_thread (inner, run_thread);
}

gboolean
lb_run_finish (GObject *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}
