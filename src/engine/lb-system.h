/* lb-system.h — what the machine has (memory for a training run), and how worker threads
 * share its cores with the window.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Bytes of memory available to a new allocation (MemAvailable), or 0 when unknown. */
guint64 lb_system_available_memory (void);

/* TRUE when BYTES fit in the available memory, else LB_ERROR_TOO_LARGE with a sentence
 * giving both figures and what to change. Unknown available memory counts as fitting. */
gboolean lb_system_check_memory (guint64 bytes, GError **error);

/* How a worker thread (training, decoding, thumbnails) competes for a core. */
typedef enum
{
  LB_WORKER_PRIORITY_NORMAL,      /* as the thread that starts it: the CLI and benchmarks */
  LB_WORKER_PRIORITY_BACKGROUND,  /* below the window: SCHED_IDLE, or nice 19 where refused */
} LbWorkerPriority;

/* Chooses, for the whole process, what lb_system_enter_worker_thread() does. The GUI sets
 * BACKGROUND before it starts any worker. The environment variable LOSSBENCH_WORKER_PRIORITY
 * (normal, idle or nice) overrides it, for benchmarks that compare the policies. */
void lb_system_set_worker_priority (LbWorkerPriority priority);

/* Called first thing on every worker thread the engine or the GUI starts. With BACKGROUND it
 * lowers the calling thread, and threads it creates afterwards (the numeric core's pool, the
 * decoders) inherit that. Linux cannot raise a thread again without privilege, which is why
 * this is a process-wide choice and not a per-call one. */
void lb_system_enter_worker_thread (void);

/* What the calling thread runs as now: "normal", "idle" or "nice N" — for tests and logs. */
char *lb_system_describe_thread_priority (void);

G_END_DECLS
