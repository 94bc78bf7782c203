/* lb-cli-progress.h — training progress on a terminal (a bar with ETA) or in a log (lines).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "lb-experiment.h"
#include "lb-per-image.h"
#include "lb-stats.h"

/* Prints EXPERIMENT's progress to stderr until detached, and turns Ctrl+C (SIGINT, SIGTERM)
 * into a cancel of CANCELLABLE that takes effect within one batch. */
void lb_cli_progress_attach (LbExperiment *experiment, GCancellable *cancellable);

/* Whether a signal asked to stop. */
gboolean lb_cli_progress_interrupted (void);

/* The summary table, the intervals and the paired verdicts on METRIC, to stdout; with DETECT
 * not NaN, also how many seeds a difference of DETECT (in METRIC) would need. */
void lb_cli_print_summary (LbExperiment *experiment, LbMetric metric, double detect);
/* The same for RESULTS, its comparisons file named COMPARISONS_FILE. */
void lb_cli_print_results (LbPerImage *results, const LbExperimentSummary *summary,
                           double detect, const char *comparisons_file);

/* TEXT padded to WIDTH characters (not bytes: "Lovász" and "±" take two). */
void lb_cli_print_padded (const char *text, int width);
/* " 0.9123 ± 0.0040" in a column of 17 after a space, for ratios; distances take two decimals. */
void lb_cli_print_mean (const LbSummary *m, gboolean distance);

/* A sweep's report on stdout: every cell on validation and test, the chosen ones marked; the
 * chosen cells compared on test with their paired verdicts; the ranking at the shared setting,
 * and whether tuning changed it; compared on METRIC. */
void lb_cli_print_sweep (LbExperiment *experiment, LbMetric metric);
