/* lb-main-loop-watch.h — why the main loop ran late: its own work, or a wait for a core.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Wraps the default main context's poll function. Between two polls the main loop dispatches:
 * that is its own work (handlers, layout, paint), measured in the thread's CPU time so that a
 * dispatch preempted by another process does not count as longer work. Inside poll the thread sleeps until a source
 * is due; waking later than the timeout it asked for is time the kernel (or the hypervisor)
 * kept it off a core, which no code of the app can shorten. A latency probe reports the longest
 * of each, so a late tick can be told apart. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  double busy_max_ms;       /* the longest dispatch, in CPU time: the main loop's own work */
  double woken_late_max_ms; /* the longest a due wakeup waited for a core */
} LbMainLoopWatch;

/* Installs the watch on the default main context; idempotent. Main thread only. */
void lb_main_loop_watch_install (void);
/* From now on, until removed, FIGURES (zeroed here) holds the worst of each since it was added:
 * every probe has its own, so phases that overlap do not take each other's figures. */
void lb_main_loop_watch_add (LbMainLoopWatch *figures);
void lb_main_loop_watch_remove (LbMainLoopWatch *figures);

G_END_DECLS
