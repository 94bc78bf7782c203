/* lb-cli-progress.h — training progress on a terminal (a bar with ETA) or in a log (lines).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "lb-experiment.h"

/* Prints EXPERIMENT's progress to stderr until detached, and turns Ctrl+C (SIGINT, SIGTERM)
 * into a cancel of CANCELLABLE that takes effect within one batch. */
void lb_cli_progress_attach (LbExperiment *experiment, GCancellable *cancellable);

/* Whether a signal asked to stop. */
gboolean lb_cli_progress_interrupted (void);

/* The summary table and the paired tests, to stdout. */
void lb_cli_print_summary (LbExperiment *experiment);
