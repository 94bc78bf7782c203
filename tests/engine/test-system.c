/* test-system.c — worker threads run below the window when the GUI asks, and only then.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <pthread.h>

#include "lb-run-async.h"
#include "lb-system.h"
#include "nn-threads.h"

#define MAX_SEEN 8

typedef struct
{
  pthread_mutex_t lock;
  char *seen[MAX_SEEN];   /* the priority of each pool thread that ran a share */
  char *runner;           /* the priority of the run's own thread */
} Seen;

static void
record_share (void *ctx, int tid, int nthreads)
{
  Seen *seen = ctx;
  char *priority = lb_system_describe_thread_priority ();
  pthread_mutex_lock (&seen->lock);
  if (tid < MAX_SEEN && seen->seen[tid] == NULL)
    seen->seen[tid] = priority;
  else
    g_free (priority);
  pthread_mutex_unlock (&seen->lock);
}

/* On the worker: what a trainer does, start the numeric core's pool and run regions on it. */
static gboolean
run_regions (GObject *object, GCancellable *cancellable, GError **error)
{
  Seen *seen = g_object_get_data (object, "seen");
  seen->runner = lb_system_describe_thread_priority ();
  nn_set_threads (2);
  for (int i = 0; i < 200; i++)
    nn_parallel (record_share, seen, 2);
  return TRUE;
}

static void
run_done (GObject *source, GAsyncResult *result, gpointer data)
{
  g_assert_true (lb_run_finish (source, result, NULL));
  g_main_loop_quit (data);
}

static void
run_on_worker (Seen *seen)
{
  g_autoptr (GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr (GObject) object = g_object_new (G_TYPE_OBJECT, NULL);
  g_object_set_data (object, "seen", seen);
  lb_run_in_thread_async (object, run_on_worker, run_regions, NULL, NULL, run_done, loop);
  g_main_loop_run (loop);
}

static gboolean
is_background (const char *priority)
{
  return g_strcmp0 (priority, "idle") == 0 || g_strcmp0 (priority, "nice 19") == 0;
}

static void
seen_clear (Seen *seen)
{
  g_free (seen->runner);
  for (int i = 0; i < MAX_SEEN; i++)
    g_free (seen->seen[i]);
}

static void
test_background_workers (void)
{
  /* The test's own thread stands for the window: it must keep its priority (whatever the
   * test was started with, e.g. under nice). */
  g_autofree char *before = lb_system_describe_thread_priority ();

  lb_system_set_worker_priority (LB_WORKER_PRIORITY_BACKGROUND);
  Seen seen = { .lock = PTHREAD_MUTEX_INITIALIZER };
  run_on_worker (&seen);

  g_test_message ("run thread: %s; pool threads: %s, %s", seen.runner, seen.seen[0],
                  seen.seen[1]);
  g_assert_true (is_background (seen.runner));
  /* Share 0 runs on the run's thread, share 1 on a pool thread it started. */
  g_assert_true (is_background (seen.seen[0]));
  g_assert_nonnull (seen.seen[1]);
  g_assert_true (is_background (seen.seen[1]));

  g_autofree char *after = lb_system_describe_thread_priority ();
  g_assert_cmpstr (after, ==, before);
  seen_clear (&seen);
}

/* The CLI never asks: its workers compete as equals. Runs in a child, since a thread that
 * was lowered cannot be raised again and GTask reuses its threads. */
static void
test_normal_workers (void)
{
  if (g_test_subprocess ())
    {
      g_autofree char *own = lb_system_describe_thread_priority ();
      Seen seen = { .lock = PTHREAD_MUTEX_INITIALIZER };
      run_on_worker (&seen);
      g_assert_cmpstr (seen.runner, ==, own);
      g_assert_cmpstr (seen.seen[1], ==, own);
      seen_clear (&seen);
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_setenv ("LOSSBENCH_WORKER_PRIORITY", "", TRUE);
  g_test_add_func ("/system/normal-workers", test_normal_workers);
  g_test_add_func ("/system/background-workers", test_background_workers);
  return g_test_run ();
}
