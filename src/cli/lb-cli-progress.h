/* lb-cli-progress.h — training progress on a terminal (a bar with ETA) or in a log (lines).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "lb-experiment.h"
#include "lb-per-image.h"

/* Prints EXPERIMENT's progress to stderr until detached, and turns Ctrl+C (SIGINT, SIGTERM)
 * into a cancel of CANCELLABLE that takes effect within one batch. */
void lb_cli_progress_attach (LbExperiment *experiment, GCancellable *cancellable);

/* Whether a signal asked to stop. */
gboolean lb_cli_progress_interrupted (void);

/* The summary table, the intervals and the paired verdicts on METRIC, to stdout; with DETECT
 * not NaN, also how many seeds a difference of DETECT (in METRIC) would need. */
void lb_cli_print_summary (LbExperiment *experiment, LbMetric metric, double detect);
void lb_cli_print_results (LbPerImage *results, const LbExperimentSummary *summary,
                           double detect);
