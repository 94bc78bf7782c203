/* lb-latency-measure.h — a scripted session for bench/ui-latency.sh: how late the main loop runs
 * while the app loads, trains, compares and scrolls.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * lossbench --measure-latency=SPEC, SPEC being comma-separated KEY=VALUE:
 *   preset=tiny|quick|poster   the Train page's model (default tiny)
 *   epochs=N                   epochs to train before stopping (default 3)
 *   compare-epochs=N           epochs of each run of a Dice-BCE vs Jaccard comparison, one
 *                              seed, tiny model (default 2; 0 leaves the comparison out)
 *   data=DIR[:DIR…]            folders to open as one dataset (default: the demo set)
 *
 * Each phase is measured by the page's own LbLatencyProbe, which appends its line to
 * LOSSBENCH_LATENCY_LOG: load (opening the data and making every thumbnail), train, compare,
 * and scroll (the Data grid from top to bottom, one 48 px step a frame). Then the app quits. */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

typedef struct _LbLatencyMeasure LbLatencyMeasure;

/* Parses SPEC; NULL with a sentence in ERROR when it is malformed. */
LbLatencyMeasure *lb_latency_measure_new     (const char        *spec,
                                              GError           **error);
void              lb_latency_measure_free    (LbLatencyMeasure  *self);
/* Writes the settings the pages read when they are built: call before the window exists. */
void              lb_latency_measure_prepare (LbLatencyMeasure  *self);
/* Runs the session in @window, then quits @app. Takes @self. */
void              lb_latency_measure_run     (LbLatencyMeasure  *self,
                                              GApplication      *app,
                                              GtkWindow         *window);

G_END_DECLS
