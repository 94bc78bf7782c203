/* lb-cli-plot.c — `lossbench-cli plot`: an experiment's figures as PNG, SVG or PDF files, the
 * same the window exports.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <gio/gio.h>
#include <stdio.h>
#include <string.h>

#include "lb-cli-options.h"
#include "lb-cli.h"
#include "lb-curves-figure.h"
#include "lb-dataset.h"
#include "lb-experiment-curves.h"
#include "lb-experiment-open.h"
#include "lb-experiment-results.h"
#include "lb-gallery-figure.h"
#include "lb-sweep-heatmap.h"

/* The test images a gallery shows, the most disputed first: the window's number. */
#define GALLERY_ROWS 4

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

/* The experiment's images at its size, as it trained on them. */
static LbDataset *
load_dataset (const LbExperimentConfig *config, GError **error)
{
  LbDatasetOptions options;

  if (config->folders == NULL || config->folders[0] == NULL)
    return lb_dataset_new_demo (config->demo_count, config->train.net.size, config->demo_seed,
                                config->normalization, error);
  lb_dataset_options_init (&options);
  options.size = config->train.net.size;
  options.normalization = config->normalization;
  return lb_dataset_load_folders ((const char *const *) config->folders, &options, NULL, NULL,
                                  NULL, error);
}

/* The window's gallery: the test images where the losses disagree most on METRIC, each loss's
 * prediction of them and their consensus. */
static int
plot_gallery (LbExperiment *experiment, LbMetric metric, const char *path, LbFigureFormat format)
{
  const LbExperimentConfig *config = lb_experiment_get_config (experiment);
  g_autoptr (LbExperimentResults) results = lb_experiment_load_results_by (experiment, metric);
  g_autoptr (GError) error = NULL;
  g_autoptr (LbDataset) dataset = NULL;
  g_autoptr (GPtrArray) labels = g_ptr_array_new_with_free_func (g_free);
  guint size = config->train.net.size, n_losses = results->disagreement_runs->len;
  gsize plane = (gsize) size * size;
  g_autofree guint8 *truth = g_malloc (plane);
  g_autofree char *title = g_strdup_printf ("Where the losses disagree most on %s",
                                            lb_metric_to_label (metric));

  if (n_losses < 2 || results->disagreement_names->len == 0)
    {
      fprintf (stderr, "lossbench-cli: %s has no test images on which two finished losses can "
               "disagree: a gallery needs two losses with at least one finished run each.\n",
               lb_experiment_get_folder (experiment));
      return LB_EXIT_USAGE;
    }
  dataset = load_dataset (config, &error);
  if (dataset == NULL)
    {
      fprintf (stderr, "lossbench-cli: %s\n", error->message);
      return LB_EXIT_ERROR;
    }
  for (guint l = 0; l < n_losses; l++)
    g_ptr_array_add (labels, lb_experiment_dup_loss_label (experiment, l));
  g_autoptr (LbGalleryFigure) figure = lb_gallery_figure_new (
    title, size, n_losses, (const char *const *) labels->pdata);
  for (guint i = 0; i < results->disagreement_names->len && i < GALLERY_ROWS; i++)
    {
      const char *name = g_ptr_array_index (results->disagreement_names, i);
      int index = lb_dataset_find (dataset, name);
      g_autoptr (GPtrArray) predictions = g_ptr_array_new_with_free_func (g_free);
      g_autofree double *ious = g_new (double, n_losses);

      if (index < 0)
        continue;
      for (gsize k = 0; k < plane; k++)
        truth[k] = lb_dataset_get_masks (dataset)[plane * index + k] > 0.5f;
      for (guint l = 0; l < n_losses; l++)
        {
          const char *run_dir = g_ptr_array_index (results->disagreement_runs, l);

          g_ptr_array_add (predictions, lb_experiment_results_load_prediction (run_dir, name, size));
          ious[l] = lb_experiment_results_find_metric (results, run_dir, name, LB_METRIC_IOU);
        }
      lb_gallery_figure_add_row (figure, name, lb_dataset_get_image_u8 (dataset, index), truth,
                                 (const float *const *) predictions->pdata, ious);
    }
  if (lb_gallery_figure_get_n_rows (figure) == 0)
    {
      fprintf (stderr, "lossbench-cli: none of the test images is in the experiment's data "
               "any more: check that its dataset folders are where they were.\n");
      return LB_EXIT_ERROR;
    }
  if (!lb_gallery_figure_write (figure, path, format, "Sans 10", &error))
    {
      fprintf (stderr, "lossbench-cli: %s\n", error->message);
      return LB_EXIT_ERROR;
    }
  fprintf (stderr, "Wrote %s.\n", path);
  return LB_EXIT_OK;
}

/* The Compare page's chart: each loss's validation METRIC (an overlap metric) by epoch, its
 * mean over seeds and their range. */
static int
plot_curves (LbExperiment *experiment, LbMetric metric, const char *path, LbFigureFormat format)
{
  const LbExperimentConfig *config = lb_experiment_get_config (experiment);
  g_autoptr (LbExperimentResults) results = lb_experiment_load_results (experiment);
  g_autoptr (LbExperimentCurves) curves = lb_experiment_curves_new_for_experiment (experiment);
  g_autofree char *title = g_strdup_printf ("Validation %s by loss, mean and range over seeds",
                                            lb_metric_to_label (metric));
  g_autoptr (LbCurvesFigure) figure = NULL;
  g_autoptr (GError) error = NULL;

  figure = lb_curves_figure_new (title, lb_metric_get_name (metric), 0, 1);
  lb_experiment_curves_set_histories (curves, results->histories);
  for (guint l = 0; l < config->n_losses; l++)
    {
      g_autoptr (LbSeedBand) band = lb_experiment_curves_dup_validation_band (curves, l,
                                                                              (NnMetric) metric);
      g_autofree char *label = lb_experiment_dup_loss_label (experiment, l);

      if (band != NULL)
        lb_curves_figure_add (figure, label, band);
    }
  if (lb_curves_figure_get_n_curves (figure) == 0)
    {
      fprintf (stderr, "lossbench-cli: no run of %s has finished an epoch yet: resume it, then "
               "draw its curves.\n", lb_experiment_get_folder (experiment));
      return LB_EXIT_ERROR;
    }
  if (!lb_curves_figure_write (figure, path, format, &error))
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
      "The figure: heatmap (a sweep's cells on validation and test; the default for a sweep), "
      "gallery (the test images where the losses disagree most; the default otherwise) or "
      "curves (each loss's validation metric by epoch over its seeds)",
      "FIGURE" },
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
    "one setting best for all losses dashed.\n"
    "gallery: the test images where the losses disagree most on the metric, each loss's\n"
    "prediction over the truth with its IoU, and how many losses call each pixel lung.\n"
    "curves: each loss's validation overlap metric (IoU, Dice, accuracy, …) by\n"
    "epoch, the mean over its seeds and the band from the lowest to the highest.\n\n"
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
  else if (what != NULL && strcmp (what, "heatmap") != 0 && strcmp (what, "gallery") != 0
           && strcmp (what, "curves") != 0)
    why = g_strdup_printf ("“%s” is not a figure lossbench-cli draws: use heatmap, gallery or "
                           "curves.", what);
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
  if (g_strcmp0 (what, "curves") == 0)
    {
      /* Validation epochs record the overlap metrics only. */
      if (metric_name == NULL && metric >= (LbMetric) NN_METRIC_COUNT)
        metric = LB_METRIC_IOU;
      if (metric >= (LbMetric) NN_METRIC_COUNT)
        {
          fprintf (stderr, "lossbench-cli: the validation curves hold the overlap metrics (IoU, "
                   "Dice, accuracy, precision, recall, stepped IoU) epoch by epoch; %s is "
                   "measured on the test images "
                   "only: choose one of those with --metric.\n", lb_metric_to_label (metric));
          return LB_EXIT_USAGE;
        }
      return plot_curves (experiment, metric, out, format);
    }
  if (g_strcmp0 (what, "gallery") == 0
      || (what == NULL && lb_experiment_get_config (experiment)->sweep.n_axes == 0))
    return plot_gallery (experiment, metric, out, format);
  return plot_heatmap (experiment, metric, out, format);
}
