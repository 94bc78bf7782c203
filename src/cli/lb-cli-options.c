/* lb-cli-options.c — the options several subcommands share: pixel spacing, NSD's tolerances and
 * the metric to compare by.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "lb-cli-options.h"

#include <math.h>

GOptionEntry *
lb_cli_metric_entries (LbCliMetricOptions *o)
{
  o->spacing = NULL;
  o->nsd_tolerance = NAN;
  o->nsd_tolerance_mm = NAN;
  const GOptionEntry entries[] = {
    { "spacing", 0, 0, G_OPTION_ARG_STRING, &o->spacing,
      "Pixel spacing of the original images in mm, MM or ROWxCOL (e.g. 0.7 or 0.7x0.5): adds "
      "the boundary metrics in mm (default: none, pixels only)", "MM" },
    { "nsd-tolerance", 0, 0, G_OPTION_ARG_DOUBLE, &o->nsd_tolerance,
      "Surface Dice (NSD) tolerance τ in pixels (default 2)", "PX" },
    { "nsd-tolerance-mm", 0, 0, G_OPTION_ARG_DOUBLE, &o->nsd_tolerance_mm,
      "Surface Dice (NSD) tolerance τ in mm, with --spacing (default 2)", "MM" },
    { NULL },
  };
  return g_memdup2 (entries, sizeof entries);
}

void
lb_cli_metric_options_clear (LbCliMetricOptions *o)
{
  g_clear_pointer (&o->spacing, g_free);
}

char *
lb_cli_apply_metric_options (const LbCliMetricOptions *o, LbMetricOptions *options)
{
  if (o->spacing != NULL)
    {
      g_autoptr (GError) error = NULL;
      if (!lb_spacing_parse (o->spacing, &options->spacing, &error))
        return g_strdup (error->message);
      options->has_spacing = TRUE;
    }
  if (!isnan (o->nsd_tolerance))
    options->nsd_tolerance = o->nsd_tolerance;
  if (!isnan (o->nsd_tolerance_mm))
    {
      if (!options->has_spacing)
        return g_strdup ("--nsd-tolerance-mm needs the pixel spacing: give --spacing too.");
      options->nsd_tolerance_mm = o->nsd_tolerance_mm;
    }
  return lb_metric_options_check (options);
}

char *
lb_cli_parse_metric (const char *name, LbMetric *metric)
{
  if (lb_metric_from_string (name, metric))
    return NULL;
  g_autofree char *names = lb_metric_list_names ();
  return g_strdup_printf ("“%s” is not a metric: use one of %s.", name, names);
}

char *
lb_cli_metric_help (void)
{
  g_autofree char *names = lb_metric_list_names ();
  return g_strdup_printf ("The metric to compare and rank by, with its direction known (lower "
                          "is better for hd, hd95, assd): %s", names);
}
