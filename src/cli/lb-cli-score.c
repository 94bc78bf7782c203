/* lb-cli-score.c — `lossbench-cli score`: every metric for masks made by any tool.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <gio/gio.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "lb-cli-options.h"
#include "lb-cli.h"
#include "lb-file.h"
#include "lb-score.h"
#include "nn-threads.h"

/* Every file of SET left out, with its reason. */
static void
print_pairing (const LbScore *score, const LbScoreSet *set)
{
  const LbPairingReport *r = set->report;
  guint left_out = r->rejected->len + r->unmatched_images->len + r->unmatched_masks->len;
  printf ("%s (%s): %u image%s scored", set->label, set->folder, set->n_images,
          set->n_images == 1 ? "" : "s");
  if (left_out == 0)
    {
      printf (", nothing left out.\n");
      return;
    }
  printf ("; left out:\n");
  for (guint i = 0; i < r->rejected->len; i++)
    printf ("  %s\n", ((const LbFileNote *) g_ptr_array_index (r->rejected, i))->message);
  for (guint i = 0; i < r->unmatched_images->len; i++)
    {
      g_autofree char *display = g_filename_display_name (g_ptr_array_index (r->unmatched_images,
                                                                             i));
      printf ("  %s: no truth mask of the same name in %s; not scored.\n", display,
              score->truth_folder);
    }
  for (guint i = 0; i < r->unmatched_masks->len; i++)
    {
      g_autofree char *display = g_filename_display_name (g_ptr_array_index (r->unmatched_masks,
                                                                             i));
      printf ("  %s: no prediction of the same name in %s; not scored.\n", display,
              set->folder);
    }
}

static void
print_summary (const LbScore *score, const LbScoreSet *set)
{
  LbScoreSummary s;
  lb_score_set_summarize (set, &s);
  if (set->n_images == 0)
    return;
  printf ("\n%s: %u image%s, %d missed (lung in only one of prediction and truth)\n", set->label,
          s.n_images, s.n_images == 1 ? "" : "s", s.n_missed);
  printf ("  %-22s %-10s %-10s %s\n", "metric", "mean", "std", "pooled");
  for (int m = 0; m < LB_METRIC_COUNT; m++)
    {
      if (lb_metric_get_kind (m) == LB_METRIC_KIND_MM && !score->options.has_spacing)
        continue;
      int decimals = lb_metric_decimals (m);
      printf ("  %-22s %-10.*f ", lb_metric_to_label (m), decimals, s.mean[m]);
      if (isnan (s.std[m]))
        printf ("%-10s", "");
      else
        printf ("%-10.*f", decimals, s.std[m]);
      if (lb_metric_get_kind (m) == LB_METRIC_KIND_OVERLAP)
        printf (" %.4f", s.pooled.value[m]);
      printf ("\n");
    }
}

static gboolean
save_report (LbScore *score, const char *path, GError **error)
{
  g_autoptr (JsonNode) root = lb_score_report_to_json (score);
  g_autoptr (JsonGenerator) generator = json_generator_new ();
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  gsize length = 0;
  g_autofree char *text = json_generator_to_data (generator, &length);
  return lb_file_write_atomic (path, text, length, error);
}

int
lb_cli_score (int argc, char **argv)
{
  g_auto (GStrv) preds = NULL;
  g_autofree char *truth = NULL, *out = NULL, *comparisons_path = NULL, *report = NULL;
  g_autofree char *metric_name = NULL;
  int threads = 0;
  LbCliMetricOptions metric_options;
  g_autofree GOptionEntry *metric_entries = lb_cli_metric_entries (&metric_options);
  g_autofree char *metric_names = lb_cli_metric_help ();
  g_autofree char *metric_help = g_strdup_printf ("%s, for comparing two --pred folders "
                                                  "(default iou)", metric_names);
  const GOptionEntry entries[] = {
    { "pred", 'p', 0, G_OPTION_ARG_FILENAME_ARRAY, &preds,
      "Folder of predicted masks (required); repeat to compare tools on the same truths",
      "DIR" },
    { "truth", 't', 0, G_OPTION_ARG_FILENAME, &truth, "Folder of truth masks (required)",
      "DIR" },
    { "out", 'o', 0, G_OPTION_ARG_FILENAME, &out, "Write every image's metrics to this CSV",
      "CSV" },
    { "metric", 'm', 0, G_OPTION_ARG_STRING, &metric_name, metric_help, "NAME" },
    { "comparisons", 0, 0, G_OPTION_ARG_FILENAME, &comparisons_path,
      "Write the paired comparisons to this CSV", "CSV" },
    { "report", 0, 0, G_OPTION_ARG_FILENAME, &report,
      "Write the pairing reports (every file left out, and why) to this JSON file", "JSON" },
    { "threads", 0, 0, G_OPTION_ARG_INT, &threads, "Threads (default: every core)", "N" },
    { NULL },
  };
  g_autoptr (GOptionContext) context = g_option_context_new (
    "— every metric for masks made by any tool");
  g_option_context_set_summary (context,
    "Scores predicted masks against truth masks, paired by file name as dataset masks are (a\n"
    "“_mask” suffix is dropped), at their own size: IoU, Dice, pixel accuracy, precision,\n"
    "recall, the poster's stepped IoU, HD, HD95, ASSD, NSD and boundary IoU, in pixels and, with\n"
    "--spacing, in mm. A mask is binary when it holds at most one value besides 0. A file without\n"
    "a partner, of another size than its partner, or not binary is left out with its reason;\n"
    "the rest is scored. With two or more --pred folders, every two are compared on --metric,\n"
    "paired by image (bootstrap over the images both scored, Holm over the pairs).\n\n"
    "Example: lossbench-cli score --pred nnunet/ --pred monai/ --truth DATA/masks \\\n"
    "           --spacing 0.7 --metric hd95 --out scores.csv");
  g_option_context_add_main_entries (context, entries, NULL);
  g_option_context_add_main_entries (context, metric_entries, NULL);
  g_autoptr (GError) error = NULL;
  LbMetricOptions options;
  lb_metric_options_init (&options);
  LbMetric metric = LB_METRIC_IOU;
  g_autofree char *why = NULL;
  if (!g_option_context_parse (context, &argc, &argv, &error))
    why = g_strdup (error->message);
  else if (argc > 1)
    why = g_strdup ("score takes no arguments besides its options.");
  else if (preds == NULL)
    why = g_strdup ("Name the folder of predicted masks with --pred DIR.");
  else if (truth == NULL)
    why = g_strdup ("Name the folder of truth masks with --truth DIR.");
  else if ((why = lb_cli_apply_metric_options (&metric_options, &options)) == NULL
           && metric_name != NULL)
    why = lb_cli_parse_metric (metric_name, &metric);
  if (why == NULL && lb_metric_get_kind (metric) == LB_METRIC_KIND_MM && !options.has_spacing)
    why = g_strdup_printf ("%s needs the pixel spacing: give --spacing MM.",
                           lb_metric_to_label (metric));
  lb_cli_metric_options_clear (&metric_options);
  if (why != NULL)
    return lb_cli_usage_error (context, why);

  nn_set_threads (threads > 0 ? threads : (int) g_get_num_processors ());
  g_autoptr (LbScore) score = lb_score_new (truth, (const char *const *) preds, &options, &error);
  if (score == NULL)
    {
      fprintf (stderr, "lossbench-cli: %s\n", error->message);
      return LB_EXIT_ERROR;
    }

  guint scored = 0;
  printf ("Truths: %s", truth);
  if (options.has_spacing)
    {
      g_autofree char *spacing = lb_spacing_to_string (&options.spacing);
      printf (" (pixel spacing %s mm)", spacing);
    }
  printf ("\n");
  for (guint s = 0; s < score->sets->len; s++)
    {
      const LbScoreSet *set = g_ptr_array_index (score->sets, s);
      print_pairing (score, set);
      scored += set->n_images;
    }
  for (guint s = 0; s < score->sets->len; s++)
    print_summary (score, g_ptr_array_index (score->sets, s));
  printf ("\nA missed image is in the means with HD, HD95 and ASSD at the image diagonal and NSD, "
          "boundary IoU at 0. NSD at τ = %g px", options.nsd_tolerance);
  if (options.has_spacing)
    printf (" and %g mm", options.nsd_tolerance_mm);
  printf ("; HD95 is the larger of the two directed 95th percentiles (MONAI's).\n");

  g_autoptr (GArray) comparisons = NULL;
  if (score->sets->len > 1)
    {
      comparisons = lb_score_compare (score, metric);
      printf ("\nPaired differences in %s (%s; bootstrap over the images both scored, %d "
              "resamples", lb_metric_to_label (metric), lb_metric_direction (metric),
              LB_BOOTSTRAP_RESAMPLES);
      if (comparisons->len > 1)
        printf (", Holm-adjusted over %u pairs", comparisons->len);
      printf ("):\n");
      for (guint k = 0; k < comparisons->len; k++)
        {
          g_autofree char *sentence = lb_score_describe_comparison (
            score, &g_array_index (comparisons, LbScoreComparison, k));
          printf ("  %s\n", sentence);
        }
      printf ("The intervals speak for new images like these; they know nothing of each tool's "
              "own training noise (one model each).\n");
    }

  if (out != NULL && !lb_score_save_csv (score, out, &error))
    {
      fprintf (stderr, "lossbench-cli: %s\n", error->message);
      return LB_EXIT_ERROR;
    }
  if (comparisons_path != NULL && comparisons != NULL
      && !lb_score_save_comparisons_csv (score, comparisons, comparisons_path, &error))
    {
      fprintf (stderr, "lossbench-cli: %s\n", error->message);
      return LB_EXIT_ERROR;
    }
  if (report != NULL && !save_report (score, report, &error))
    {
      fprintf (stderr, "lossbench-cli: %s\n", error->message);
      return LB_EXIT_ERROR;
    }
  if (out != NULL)
    fprintf (stderr, "Wrote %s.\n", out);
  if (scored == 0)
    {
      fprintf (stderr, "lossbench-cli: nothing could be scored: no prediction pairs up with a "
                       "usable truth mask (each file's reason is above). Masks must be named like "
                       "their truths.\n");
      return LB_EXIT_ERROR;
    }
  return LB_EXIT_OK;
}
