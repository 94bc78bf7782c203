/* lb-run-async.h — a long synchronous run (a trainer's, an experiment's) on a worker thread.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* The run itself, on the worker: FALSE with @error set when it fails or is cancelled. */
typedef gboolean (*LbRunFunc) (GObject       *self,
                               GCancellable  *cancellable,
                               GError       **error);
/* In the caller's main context once the run has ended, before @callback sees the result:
 * the place to drop what the run reported progress through and to report its last state. */
typedef void (*LbRunEndedFunc) (GObject *self);

/* Runs @run on a GTask worker thread and hands its result to @callback, in the thread-default
 * main context of the caller, after @ended. The task's source object is @self and its source
 * tag @source_tag; GIO's own cancellation check is off, so a cancelled run reports the run's
 * error (which says what was kept). Finish with lb_run_finish. */
void     lb_run_in_thread_async (GObject             *self,
                                 gpointer             source_tag,
                                 LbRunFunc            run,
                                 LbRunEndedFunc       ended,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data);
gboolean lb_run_finish          (GObject       *self,
                                 GAsyncResult  *result,
                                 GError       **error);

/* GLib and GIO are not built with ThreadSanitizer, so it cannot see how a GTask hands its data
 * to a pooled thread, returns it and frees it: a thread reused from GLib's pool looks as if it
 * raced with the thread that queued the work. Calling this on both sides of every hand-off
 * (before queueing and first thing in the worker; last thing in the worker and first in the
 * callback; after the callback's last read and before a worker-side free) shows it, with a lock
 * of its own, the order GLib guarantees anyway. It costs an uncontended lock. */
void lb_run_handoff (void);

G_END_DECLS
