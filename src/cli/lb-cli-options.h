/* lb-cli-options.h — the options several subcommands share: pixel spacing, NSD's tolerances and
 * the metric to compare by.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "lb-metric.h"

typedef struct
{
  char *spacing;             /* --spacing MM or ROWxCOL */
  double nsd_tolerance;      /* --nsd-tolerance PX; NaN when not given */
  double nsd_tolerance_mm;   /* --nsd-tolerance-mm MM; NaN when not given */
} LbCliMetricOptions;

/* Initialises O and returns its GOptionEntry array (free with g_free). */
GOptionEntry *lb_cli_metric_entries (LbCliMetricOptions *o);
void lb_cli_metric_options_clear (LbCliMetricOptions *o);

/* Applies what was given to OPTIONS; NULL, or a usage sentence. */
char *lb_cli_apply_metric_options (const LbCliMetricOptions *o, LbMetricOptions *options);

/* The metric NAME names; NULL, or a usage sentence listing the names. */
char *lb_cli_parse_metric (const char *name, LbMetric *metric);

/* The help of --metric. */
char *lb_cli_metric_help (void);
