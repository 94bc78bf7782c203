/* lb-cli-export.c — `lossbench-cli export`: an experiment's results as CSV files.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <gio/gio.h>
#include <math.h>
#include <stdio.h>

#include "lb-cli-options.h"
#include "lb-cli-progress.h"
#include "lb-cli.h"
#include "lb-experiment.h"
#include "lb-sweep.h"

int
lb_cli_export (int argc, char **argv)
{
  g_autofree char *out = NULL, *metric_name = NULL;
  gboolean quiet = FALSE;
  double detect = NAN;
  g_autofree char *metric_names = lb_cli_metric_help ();
  g_autofree char *metric_help = g_strdup_printf ("%s (default: the experiment's, set by "
                                                  "compare --metric)", metric_names);
  const GOptionEntry entries[] = {
    { "out", 'o', 0, G_OPTION_ARG_FILENAME, &out,
      "Folder for summary.csv, comparisons.csv, history.csv and per-image.csv (default: the "
      "experiment folder)", "DIR" },
    { "quiet", 'q', 0, G_OPTION_ARG_NONE, &quiet, "Do not print the summary table", NULL },
    { "detect", 0, 0, G_OPTION_ARG_DOUBLE, &detect,
      "Also say how many seeds would detect a difference of DIFF in the metric", "DIFF" },
    { "metric", 'm', 0, G_OPTION_ARG_STRING, &metric_name, metric_help, "NAME" },
    { NULL },
  };
  g_autoptr (GOptionContext) context = g_option_context_new ("EXPERIMENT — write the results as CSV");
  g_option_context_set_summary (context,
    "summary.csv: one row per loss, mean, std and 95 % CI over seeds of every test metric, its\n"
    "bootstrap interval over seeds and images, missed images, and the poster's values.\n"
    "comparisons.csv: every pair of losses, its difference in the --metric (IoU unless the\n"
    "experiment says otherwise) with a 95 % interval and whether it is larger than seed-to-seed\n"
    "noise. history.csv: every epoch of every run (long format). per-image.csv: every test\n"
    "image of every run, with its boundary metrics.");
  g_option_context_add_main_entries (context, entries, NULL);
  g_autoptr (GError) error = NULL;
  if (!g_option_context_parse (context, &argc, &argv, &error) || argc != 2)
    {
      fprintf (stderr, "lossbench-cli: %s\n\n",
               error ? error->message : "Name the experiment folder to export.");
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
  g_autofree char *why = metric_name ? lb_cli_parse_metric (metric_name, &metric) : NULL;
  if (why != NULL)
    {
      fprintf (stderr, "lossbench-cli: %s\n", why);
      return LB_EXIT_USAGE;
    }
  const char *dir = out ? out : argv[1];
  if (g_mkdir_with_parents (dir, 0755) != 0)
    {
      fprintf (stderr, "lossbench-cli: the folder “%s” could not be created: %s.\n", dir,
               g_strerror (errno));
      return LB_EXIT_ERROR;
    }
  g_autofree char *summary = g_build_filename (dir, "summary.csv", NULL);
  g_autofree char *comparisons = g_build_filename (dir, "comparisons.csv", NULL);
  g_autofree char *history = g_build_filename (dir, "history.csv", NULL);
  g_autofree char *per_image = g_build_filename (dir, "per-image.csv", NULL);
  if (!lb_experiment_export_csv_by (experiment, metric, summary, history, per_image, comparisons,
                                    &error)
      || !lb_experiment_export_external_csv (experiment, metric, dir, &error))
    {
      fprintf (stderr, "lossbench-cli: %s\n", error->message);
      return LB_EXIT_ERROR;
    }
  if (lb_experiment_get_config (experiment)->sweep.n_axes > 0)
    {
      if (!lb_sweep_export_folder (experiment, metric, dir, &error))
        {
          fprintf (stderr, "lossbench-cli: %s\n", error->message);
          return LB_EXIT_ERROR;
        }
      if (!quiet)
        lb_cli_print_sweep (experiment, metric);
      fprintf (stderr, "Wrote the sweep's files (sweep.csv, tuned-*.csv, shared-*.csv), %s, %s "
               "and %s in %s.\n", summary, history, per_image, dir);
      return LB_EXIT_OK;
    }
  if (!quiet)
    lb_cli_print_summary (experiment, metric, detect);
  fprintf (stderr, "Wrote %s, %s, %s and %s.\n", summary, comparisons, history, per_image);
  for (guint set = 1; set < lb_experiment_get_n_test_sets (experiment); set++)
    fprintf (stderr, "Wrote the same for the external test set “%s” in %s/external/%s.\n",
             lb_experiment_get_test_set_name (experiment, set), dir,
             lb_experiment_get_test_set_name (experiment, set));
  return LB_EXIT_OK;
}
