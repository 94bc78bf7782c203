/* lb-run-async.c — a long synchronous run (a trainer's, an experiment's) on a worker thread.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "lb-run-async.h"

#include <pthread.h>

#include "lb-system.h"

static pthread_mutex_t handoff = PTHREAD_MUTEX_INITIALIZER;

void
lb_run_handoff (void)
{
  pthread_mutex_lock (&handoff);
  pthread_mutex_unlock (&handoff);
}

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
  lb_run_handoff ();
  RunAsync *r = data;
  g_autoptr (GError) error = NULL;
  gboolean ran = r->run (G_OBJECT (source), cancellable, &error);
  lb_run_handoff ();
  if (ran)
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, g_steal_pointer (&error));
}

/* The inner task's data may be freed on the worker, after run_ended has read it. */
static void
run_async_free (gpointer data)
{
  lb_run_handoff ();
  g_free (data);
}

/* Back in the caller's context: the inner task is done, the outer one returns. */
static void
run_ended (GObject *source, GAsyncResult *result, gpointer data)
{
  GTask *outer = data;
  lb_run_handoff ();
  RunAsync *r = g_task_get_task_data (G_TASK (result));
  if (r->ended != NULL)
    r->ended (source);
  lb_run_handoff ();

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
  g_task_set_task_data (inner, r, run_async_free);
  g_task_set_check_cancellable (inner, FALSE);
  lb_run_handoff ();
  g_task_run_in_thread (inner, run_thread);
}

gboolean
lb_run_finish (GObject *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}
