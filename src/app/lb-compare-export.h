/* lb-compare-export.h — an experiment's CSV files, into a folder the user chooses.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "lb-experiment.h"

G_BEGIN_DECLS

/* Asks for a folder (starting in $LOSSBENCH_EXPORT_DIR when set, else the experiment's) and
 * writes summary.csv, history.csv, per-image.csv and comparisons.csv there, the pairs compared
 * on @metric (as lossbench-cli export --metric); says what it did in a toast, or why not in a
 * message, in the window that holds @from. */
void lb_compare_export_csv (GtkWidget    *from,
                            LbExperiment *experiment,
                            LbMetric      metric);

G_END_DECLS
