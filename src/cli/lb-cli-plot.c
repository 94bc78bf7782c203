/* lb-cli-plot.c — `lossbench-cli plot`: an experiment's figures as PNG, SVG or PDF files, the
 * same the window exports.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <gio/gio.h>
#include <stdio.h>
#include <string.h>

#include "lb-cli-options.h"
#include "lb-cli.h"
#include "lb-experiment-open.h"
#include "lb-sweep-heatmap.h"

/* The format named by PATH's extension; FALSE with a sentence for another. */
static char *
format_of (const char *path, LbFigureFormat *format)
{
  const char *dot = strrchr (path, '.');
  g_autofree char *extension = dot ? g_ascii_strdown (dot + 1, -1) : NULL;
  if (extension != NULL && lb_figure_format_from_string (extension, format))
    return NULL;
  return g_strdup_printf ("“%s” does not end in .png, .svg or .pdf: name the figure file with "
                          "the format it is to be written in.", path);
}

static int
plot_heatmap (LbExperiment *experiment, LbMetric metric, const char *path, LbFigureFormat format)
{
  g_autoptr (GError) error = NULL;
  const LbExperimentConfig *config = lb_experiment_get_config (experiment);
  if (config->sweep.n_axes == 0)
    {
      fprintf (stderr, "lossbench-cli: %s is a comparison, not a sweep: a heatmap needs the "
               "cells of lossbench-cli sweep.\n", lb_experiment_get_folder (experiment));
      return LB_EXIT_USAGE;
    }
  g_autoptr (LbSweepResults) results = lb_sweep_summarize (experiment, metric, &error);
  if (results == NULL)
    {
      fprintf (stderr, "lossbench-cli: %s\n", error->message);
      return LB_EXIT_ERROR;
    }
  g_autoptr (LbSweepHeatmap) heatmap = lb_sweep_heatmap_new (results, config);
  if (!lb_sweep_heatmap_write (heatmap, path, format, &error))
    {
      fprintf (stderr, "lossbench-cli: %s\n", error->message);
      return LB_EXIT_ERROR;
    }
  fprintf (stderr, "Wrote %s.\n", path);
  return LB_EXIT_OK;
}

int
lb_cli_plot (int argc, char **argv)
{
  g_autofree char *out = NULL, *metric_name = NULL, *what = NULL;
  g_autofree char *metric_names = lb_cli_metric_help ();
  g_autofree char *metric_help = g_strdup_printf ("%s (default: the experiment's)",
                                                  metric_names);
  const GOptionEntry entries[] = {
    { "what", 'w', 0, G_OPTION_ARG_STRING, &what,
      "The figure: heatmap (a sweep's cells on validation and test; the default)", "FIGURE" },
    { "metric", 'm', 0, G_OPTION_ARG_STRING, &metric_name, metric_help, "NAME" },
    { "out", 'o', 0, G_OPTION_ARG_FILENAME, &out,
      "The figure file; .png, .svg or .pdf says the format (required)", "FILE" },
    { NULL },
  };
  g_autoptr (GOptionContext) context = g_option_context_new ("EXPERIMENT — draw a figure");
  g_option_context_set_summary (context,
    "Draws one of the experiment's figures as the window exports it: black on white, a PNG at\n"
    "twice its size in points.\n"
    "heatmap: for a sweep, each loss's cells on the grid, the mean validation metric (what the\n"
    "choice reads) beside the mean test metric, the cell chosen for each loss outlined and the\n"
    "one setting best for all losses dashed.\n\n"
    "Example: lossbench-cli plot EXP --what heatmap --metric iou --out heatmap.svg");
  g_option_context_add_main_entries (context, entries, NULL);
  g_autoptr (GError) error = NULL;
  g_autofree char *why = NULL;
  if (!g_option_context_parse (context, &argc, &argv, &error))
    why = g_strdup (error->message);
  else if (argc != 2)
    why = g_strdup ("Name the experiment folder to draw.");
  else if (out == NULL)
    why = g_strdup ("Name the figure file with --out FILE.png, .svg or .pdf.");
  else if (what != NULL && strcmp (what, "heatmap") != 0)
    why = g_strdup_printf ("“%s” is not a figure lossbench-cli draws: use heatmap.", what);
  LbFigureFormat format = LB_FIGURE_PNG;
  if (why == NULL)
    why = format_of (out, &format);
  if (why != NULL)
    {
      fprintf (stderr, "lossbench-cli: %s\n\n", why);
      g_autofree char *help = g_option_context_get_help (context, TRUE, NULL);
      fputs (help, stderr);
      return LB_EXIT_USAGE;
    }

  g_autoptr (LbExperiment) experiment = lb_experiment_open (argv[1], &error);
  if (experiment == NULL)
    {
      fprintf (stderr, "lossbench-cli: %s\n", error->message);
      return LB_EXIT_ERROR;
    }
  LbMetric metric = lb_experiment_get_config (experiment)->compare_metric;
  g_autofree char *bad_metric = metric_name ? lb_cli_parse_metric (metric_name, &metric) : NULL;
  if (bad_metric != NULL)
    {
      fprintf (stderr, "lossbench-cli: %s\n", bad_metric);
      return LB_EXIT_USAGE;
    }
  return plot_heatmap (experiment, metric, out, format);
}
