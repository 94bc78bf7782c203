/* lb-cli-summarize.c — `lossbench-cli summarize`: summary and comparisons from per-image results.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A published result (docs/results/…) keeps its per-image.csv and config.json but not its run
 * folders; this rebuilds its summary.csv and comparisons.csv from them, with no training. */
#include <gio/gio.h>
#include <math.h>
#include <stdio.h>

#include "lb-cli-options.h"
#include "lb-cli-progress.h"
#include "lb-cli.h"
#include "lb-per-image.h"

int
lb_cli_summarize (int argc, char **argv)
{
  g_autofree char *per_image = NULL, *config_path = NULL, *out = NULL, *metric_name = NULL;
  gboolean quiet = FALSE;
  double detect = NAN;
  g_autofree char *metric_names = lb_cli_metric_help ();
  g_autofree char *metric_help = g_strdup_printf ("%s (default: the config's, else iou)",
                                                  metric_names);
  const GOptionEntry entries[] = {
    { "per-image", 'i', 0, G_OPTION_ARG_FILENAME, &per_image,
      "The per-image.csv an export wrote (required)", "FILE" },
    { "config", 'c', 0, G_OPTION_ARG_FILENAME, &config_path,
      "The experiment's config.json, for the losses' settings (default: settings left empty)",
      "FILE" },
    { "out", 'o', 0, G_OPTION_ARG_FILENAME, &out,
      "Folder for summary.csv and comparisons.csv (required)", "DIR" },
    { "detect", 0, 0, G_OPTION_ARG_DOUBLE, &detect,
      "Also say how many seeds would detect a difference of DIFF in the metric", "DIFF" },
    { "metric", 'm', 0, G_OPTION_ARG_STRING, &metric_name, metric_help, "NAME" },
    { "quiet", 'q', 0, G_OPTION_ARG_NONE, &quiet, "Do not print the summary", NULL },
    { NULL },
  };
  g_autoptr (GOptionContext) context = g_option_context_new (
    "— summary and comparisons from per-image results");
  g_option_context_set_summary (context,
    "Writes summary.csv and comparisons.csv, as export does, from an experiment's per-image\n"
    "test results alone: no run folders, no training. Whether a run collapsed is not in that\n"
    "file, so collapsed_runs is left empty.\n\n"
    "Example: lossbench-cli summarize --per-image docs/results/quick-688/per-image.csv \\\n"
    "           --config docs/results/quick-688/config.json --out docs/results/quick-688");
  g_option_context_add_main_entries (context, entries, NULL);
  g_autoptr (GError) error = NULL;
  const char *why = NULL;
  if (!g_option_context_parse (context, &argc, &argv, &error))
    why = error->message;
  else if (argc > 1)
    why = "summarize takes no arguments besides its options.";
  else if (per_image == NULL)
    why = "Name the per-image results with --per-image FILE.";
  else if (out == NULL)
    why = "Name the folder for summary.csv and comparisons.csv with --out DIR.";
  if (why != NULL)
    {
      fprintf (stderr, "lossbench-cli: %s\n\n", why);
      g_autofree char *help = g_option_context_get_help (context, TRUE, NULL);
      fputs (help, stderr);
      return LB_EXIT_USAGE;
    }

  LbExperimentConfig config = { 0 };
  if (config_path != NULL && !lb_experiment_config_load (&config, config_path, &error))
    {
      fprintf (stderr, "lossbench-cli: %s\n", error->message);
      return LB_EXIT_ERROR;
    }
  LbMetric metric = config_path != NULL ? config.compare_metric : LB_METRIC_IOU;
  g_autofree char *bad_metric = metric_name ? lb_cli_parse_metric (metric_name, &metric) : NULL;
  if (bad_metric != NULL)
    {
      lb_experiment_config_clear (&config);
      fprintf (stderr, "lossbench-cli: %s\n", bad_metric);
      return LB_EXIT_USAGE;
    }
  g_autoptr (LbPerImage) results = lb_per_image_load_csv (per_image,
                                                          config_path ? &config : NULL, &error);
  lb_experiment_config_clear (&config);
  g_autoptr (LbExperimentSummary) summary = results ? lb_per_image_summarize_by (results, metric,
                                                                                 &error)
                                                    : NULL;
  if (summary == NULL)
    {
      fprintf (stderr, "lossbench-cli: %s\n", error->message);
      return LB_EXIT_ERROR;
    }

  if (g_mkdir_with_parents (out, 0755) != 0)
    {
      fprintf (stderr, "lossbench-cli: the folder “%s” could not be created: %s.\n", out,
               g_strerror (errno));
      return LB_EXIT_ERROR;
    }
  g_autofree char *summary_path = g_build_filename (out, "summary.csv", NULL);
  g_autofree char *comparisons_path = g_build_filename (out, "comparisons.csv", NULL);
  if (!lb_per_image_export_csv (results, summary, summary_path, comparisons_path, &error))
    {
      fprintf (stderr, "lossbench-cli: %s\n", error->message);
      return LB_EXIT_ERROR;
    }
  if (!quiet)
    lb_cli_print_results (results, summary, detect, "comparisons.csv");
  fprintf (stderr, "Wrote %s and %s.\n", summary_path, comparisons_path);
  return LB_EXIT_OK;
}
