/* lb-main-loop-watch.c — the main loop's own work and its waits for a core, between polls.
 * SPDX-License-Identifier: GPL-3.0-or-later */

#include "lb-main-loop-watch.h"

#include <time.h>

/* Main thread only: the poll function runs in the default context's iteration. */
static GPollFunc system_poll;
static gint64 returned_at;     /* when the last poll returned, µs; 0 before the first */
static gint64 returned_cpu_at; /* the thread's CPU time then, µs */

/* CPU time this thread has run: unlike the clock, it does not advance while the thread waits
 * for a core, so a dispatch's share of it is the work alone. */
static gint64
thread_cpu_time (void)
{
  struct timespec t;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &t);
  return (gint64) t.tv_sec * G_USEC_PER_SEC + t.tv_nsec / 1000;
}
static GSList *watchers; /* LbMainLoopWatch *, not owned */

static void
note_busy (double ms)
{
  for (GSList *l = watchers; l != NULL; l = l->next)
    {
      LbMainLoopWatch *w = l->data;
      w->busy_max_ms = MAX (w->busy_max_ms, ms);
    }
}

static void
note_woken_late (double ms)
{
  for (GSList *l = watchers; l != NULL; l = l->next)
    {
      LbMainLoopWatch *w = l->data;
      w->woken_late_max_ms = MAX (w->woken_late_max_ms, ms);
    }
}

static gint
watched_poll (GPollFD *fds,
              guint    n_fds,
              gint     timeout_ms)
{
  gint64 called_at = g_get_monotonic_time ();
  gint result;

  if (returned_at != 0)
    note_busy ((thread_cpu_time () - returned_cpu_at) / 1000.0);
  result = system_poll (fds, n_fds, timeout_ms);
  returned_at = g_get_monotonic_time ();
  returned_cpu_at = thread_cpu_time ();
  /* Woken by its timeout (nothing was ready), but later than asked. */
  if (result == 0 && timeout_ms >= 0)
    note_woken_late ((returned_at - called_at) / 1000.0 - timeout_ms);
  return result;
}

void
lb_main_loop_watch_install (void)
{
  if (system_poll != NULL)
    return;
  system_poll = g_main_context_get_poll_func (NULL);
  g_main_context_set_poll_func (NULL, watched_poll);
}

void
lb_main_loop_watch_add (LbMainLoopWatch *figures)
{
  *figures = (LbMainLoopWatch) { 0 };
  if (g_slist_find (watchers, figures) == NULL)
    watchers = g_slist_prepend (watchers, figures);
}

void
lb_main_loop_watch_remove (LbMainLoopWatch *figures)
{
  watchers = g_slist_remove (watchers, figures);
}
