/* lb-cli-eval.c — `lossbench-cli eval`: trained weights measured on a dataset.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <gio/gio.h>
#include <stdio.h>
#include <string.h>

#include "lb-cli-options.h"
#include "lb-cli.h"
#include "lb-csv.h"
#include "lb-error.h"
#include "lb-evaluate.h"
#include "lb-weights.h"
#include "lb-split.h"
#include "nn-threads.h"

static int
fail (const char *message)
{
  fprintf (stderr, "lossbench-cli: %s\n", message);
  return LB_EXIT_ERROR;
}

int
lb_cli_eval (int argc, char **argv)
{
  g_autofree char *weights = NULL, *split_path = NULL, *subset_name = NULL, *out = NULL;
  g_auto (GStrv) data = NULL;
  int threads = 0;
  LbCliMetricOptions metric_options;
  g_autofree GOptionEntry *metric_entries = lb_cli_metric_entries (&metric_options);
  const GOptionEntry entries[] = {
    { "weights", 'w', 0, G_OPTION_ARG_FILENAME, &weights,
      "A run's weights.safetensors (required)", "FILE" },
    { "data", 'd', 0, G_OPTION_ARG_FILENAME_ARRAY, &data,
      "Dataset folder; repeat to combine (required)", "DIR" },
    { "split", 0, 0, G_OPTION_ARG_FILENAME, &split_path,
      "A split file (an experiment's split.tsv) to measure one subset only", "FILE" },
    { "subset", 0, 0, G_OPTION_ARG_STRING, &subset_name,
      "train, val or test (with --split; default test)", "NAME" },
    { "out", 'o', 0, G_OPTION_ARG_FILENAME, &out, "Write per-image metrics to this CSV", "FILE" },
    { "threads", 't', 0, G_OPTION_ARG_INT, &threads, "Threads (default: every core)", "N" },
    { NULL },
  };
  g_autoptr (GOptionContext) context = g_option_context_new ("— measure trained weights");
  g_option_context_set_summary (context,
    "Example: lossbench-cli eval --weights EXP/runs/dice-bce-s1/weights.safetensors \\\n"
    "           --data DIR --split EXP/split.tsv --subset test --out test.csv");
  g_option_context_add_main_entries (context, entries, NULL);
  g_option_context_add_main_entries (context, metric_entries, NULL);
  g_autoptr (GError) error = NULL;
  LbMetricOptions metrics;
  lb_metric_options_init (&metrics);
  gboolean parsed = g_option_context_parse (context, &argc, &argv, &error);
  g_autofree char *why = parsed ? lb_cli_apply_metric_options (&metric_options, &metrics) : NULL;
  lb_cli_metric_options_clear (&metric_options);
  if (!parsed || why != NULL || weights == NULL || data == NULL || argc > 1)
    {
      fprintf (stderr, "lossbench-cli: %s\n\n",
               error ? error->message : why ? why : "eval needs --weights and --data.");
      g_autofree char *help = g_option_context_get_help (context, TRUE, NULL);
      fputs (help, stderr);
      return LB_EXIT_USAGE;
    }
  LbSubset subset = LB_SUBSET_TEST;
  if (subset_name != NULL && !lb_subset_from_string (subset_name, &subset))
    {
      fprintf (stderr, "lossbench-cli: --subset is train, val or test.\n");
      return LB_EXIT_USAGE;
    }

  nn_set_threads (threads > 0 ? threads : (int) g_get_num_processors ());
  NnUNet *net = lb_weights_load (weights, 16, &error);
  if (net == NULL)
    return fail (error->message);
  int size = nn_unet_get_config (net)->size;

  g_autoptr (LbSplit) split = split_path ? lb_split_load (split_path, &error) : NULL;
  if (split_path != NULL && split == NULL)
    {
      nn_unet_free (net);
      return fail (error->message);
    }

  g_autoptr (GPtrArray) header = g_ptr_array_new ();
  const char *fixed[] = { "name", "source", "tp", "fp", "fn", "tn" };
  for (guint i = 0; i < G_N_ELEMENTS (fixed); i++)
    g_ptr_array_add (header, (gpointer) fixed[i]);
  for (int k = 0; k < NN_METRIC_COUNT; k++)
    g_ptr_array_add (header, (gpointer) lb_metric_to_string (k));
  lb_metric_add_boundary_columns (header);
  g_ptr_array_add (header, NULL);
  g_autoptr (LbCsv) csv = lb_csv_new ((const char *const *) header->pdata);
  g_autoptr (GArray) all = g_array_new (FALSE, FALSE, sizeof (NnConfusion));
  g_autoptr (GArray) all_metrics = g_array_new (FALSE, FALSE, sizeof (LbImageMetrics));
  NnLossConfig loss;
  nn_loss_config_preset (&loss, NN_LOSS_DICE_BCE, NN_LOSS_PRESET_POSTER);

  for (char **folder = data; *folder; folder++)
    {
      LbDatasetOptions options;
      lb_dataset_options_init (&options);
      options.size = size;
      g_autoptr (LbDataset) dataset = lb_dataset_load (*folder, &options, NULL, NULL, NULL, &error);
      if (dataset == NULL)
        {
          nn_unet_free (net);
          return fail (error->message);
        }
      guint n = 0;
      g_autofree guint *indices = g_new (guint, MAX (1u, lb_dataset_get_n_pairs (dataset)));
      for (guint i = 0; i < lb_dataset_get_n_pairs (dataset); i++)
        if (split == NULL || lb_split_lookup (split, lb_dataset_get_name (dataset, i)) == subset)
          indices[n++] = i;
      g_autofree NnConfusion *confusion = g_new (NnConfusion, MAX (1u, n));
      g_autofree LbImageMetrics *image_metrics = g_new (LbImageMetrics, MAX (1u, n));
      g_autofree NnSpacing *spacings = metrics.has_spacing
                                         ? lb_spacings_for_dataset (dataset, &metrics.spacing)
                                         : NULL;
      lb_evaluate_metrics (net, lb_dataset_get_images (dataset), lb_dataset_get_masks (dataset),
                           indices, n, &loss, &metrics, spacings, confusion, image_metrics, NULL,
                           NULL);
      for (guint i = 0; i < n; i++)
        {
          NnMetrics m;
          nn_metrics_from_confusion (&confusion[i], &m);
          lb_csv_add_string (csv, lb_dataset_get_name (dataset, indices[i]));
          lb_csv_add_string (csv, lb_dataset_get_source (dataset, indices[i]));
          lb_csv_add_int (csv, confusion[i].tp);
          lb_csv_add_int (csv, confusion[i].fp);
          lb_csv_add_int (csv, confusion[i].fn);
          lb_csv_add_int (csv, confusion[i].tn);
          for (int k = 0; k < NN_METRIC_COUNT; k++)
            lb_csv_add_double (csv, m.value[k], 9);
          lb_metric_add_boundary_fields (csv, &image_metrics[i]);
          lb_csv_end_row (csv);
        }
      g_array_append_vals (all, confusion, n);
      g_array_append_vals (all_metrics, image_metrics, n);
    }
  nn_unet_free (net);

  if (all->len == 0)
    return fail ("No image to measure: the split names none of the dataset's images in that "
                 "subset.");
  NnMetricsSummary summary;
  nn_metrics_summarize ((NnConfusion *) (void *) all->data, all->len, NULL, &summary);
  printf ("%u images\n%-22s %-10s %s\n", all->len, "metric", "mean", "pooled");
  for (int k = 0; k < NN_METRIC_COUNT; k++)
    printf ("%-22s %-10.4f %.4f\n", nn_metric_to_label (k), summary.mean.value[k],
            summary.pooled.value[k]);
  const LbImageMetrics *rows = (const LbImageMetrics *) (void *) all_metrics->data;
  for (int k = LB_METRIC_FIRST_BOUNDARY; k < LB_METRIC_COUNT; k++)
    if (lb_metric_get_kind (k) != LB_METRIC_KIND_MM || metrics.has_spacing)
      printf ("%-22s %-10.*f\n", lb_metric_to_label (k), lb_metric_decimals (k),
              lb_image_metrics_mean (rows, all_metrics->len, k));
  int missed = lb_image_metrics_count_missed (rows, all_metrics->len);
  printf ("%d image%s missed (lung in only one of prediction and truth): in the means with HD, "
          "HD95, ASSD at the image diagonal, NSD and boundary IoU at 0\n", missed,
          missed == 1 ? "" : "s");
  if (out != NULL && !lb_csv_save (csv, out, &error))
    return fail (error->message);
  return LB_EXIT_OK;
}
