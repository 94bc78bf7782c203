/* lb-latency-probe.h — how late the main loop runs while work goes on in the background.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A 10 ms timer records how much later than due it fires: the main loop was busy, or waited for
 * a core, that long. With LOSSBENCH_LATENCY_LOG set, every measurement appends
 * "phase=PHASE worst_lateness_ms=X p50_ms=X p99_ms=X ticks=N busy_max_ms=X
 * woken_late_max_ms=X DETAIL" to that file, for the UI test (which fails only on a blocking
 * call) and bench/ui-latency.sh (which reports them); the last two say which of the two it was
 * (lb-main-loop-watch.h). */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

typedef struct _LbLatencyProbe LbLatencyProbe;

LbLatencyProbe *lb_latency_probe_new        (const char     *phase);
void            lb_latency_probe_free       (LbLatencyProbe *probe);
/* Starts (again) from zero. */
void            lb_latency_probe_start      (LbLatencyProbe *probe);
/* The same once @widget is on screen: after the first frame of its window has been painted,
 * so that building and showing the window at startup is not counted as the work's. */
void            lb_latency_probe_start_when_shown (LbLatencyProbe *probe,
                                                   GtkWidget      *widget);
/* Stops and logs, with @detail (e.g. "epochs=3") on the line; does nothing if not running. */
void            lb_latency_probe_stop       (LbLatencyProbe *probe,
                                             const char     *detail);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LbLatencyProbe, lb_latency_probe_free)

G_END_DECLS
