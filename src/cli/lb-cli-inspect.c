/* lb-cli-inspect.c — `lossbench-cli inspect`: how a dataset folder's images and masks pair up.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include <stdio.h>
#include <unistd.h>

#include "lb-cli.h"
#include "lb-dataset.h"
#include "lb-error.h"

static void
print_progress (guint done, guint total, gpointer data)
{
  /* Only on a terminal: a log file should not fill with carriage returns. */
  fprintf (stderr, "\rChecking pairs: %u / %u", done, total);
  if (done == total)
    fprintf (stderr, "\n");
}

static void
print_paths (const char *title, GPtrArray *paths)
{
  printf ("%s: %u\n", title, paths->len);
  for (guint i = 0; i < paths->len; i++)
    printf ("  %s\n", (const char *) g_ptr_array_index (paths, i));
}

static void
print_notes (const char *title, GPtrArray *notes)
{
  printf ("%s: %u\n", title, notes->len);
  for (guint i = 0; i < notes->len; i++)
    {
      const LbFileNote *note = g_ptr_array_index (notes, i);
      printf ("  %s\n", note->message);
    }
}

static void
print_text (const LbPairingReport *report, const char *load_error, LbDataset *dataset,
            double seconds)
{
  static const char *const layout_help[] = {
    [LB_DATASET_LAYOUT_GENERIC] = "images/ + masks/, matched by name",
    [LB_DATASET_LAYOUT_KAGGLE] = "Kaggle Chest Xray Masks and Labels: CXR_png/ + masks/",
    [LB_DATASET_LAYOUT_MONTGOMERY] = "NLM Montgomery: CXR_png/ + ManualMask/{left,right}Mask/",
    [LB_DATASET_LAYOUT_SHENZHEN] = "NLM Shenzhen: CXR_png/ + a mask folder",
    [LB_DATASET_LAYOUT_MIXED] = "several folders of different layouts",
  };
  printf ("Folder: %s\n", report->folder);
  printf ("Layout: %s (%s)\n", lb_dataset_layout_to_string (report->layout),
          layout_help[report->layout]);
  printf ("Pairs: %u\n", report->pairs->len);
  g_auto(GStrv) sources = lb_pairing_report_dup_sources (report);
  for (int i = 0; sources[i] != NULL; i++)
    printf ("  %-12s %u\n", sources[i], lb_pairing_report_count_source (report, sources[i]));
  print_paths ("Images without a mask", report->unmatched_images);
  print_paths ("Masks without an image", report->unmatched_masks);
  print_notes ("Rejected", report->rejected);
  print_notes ("Warnings", report->warnings);
  if (dataset != NULL)
    printf ("Loaded %u pairs at %u × %u in %.2f s (%s).\n", lb_dataset_get_n_pairs (dataset),
            lb_dataset_get_size (dataset), lb_dataset_get_size (dataset), seconds,
            lb_dataset_get_from_cache (dataset) ? "from the cache" : "decoded");
  if (load_error != NULL)
    printf ("No pair can be used: %s\n", load_error);
}

int
lb_cli_inspect (int argc, char **argv)
{
  gboolean json = FALSE;
  gboolean headers_only = FALSE;
  gboolean no_cache = FALSE;
  int size = 256;
  g_auto(GStrv) rest = NULL;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, "Print the report as JSON", NULL },
    { "size", 's', 0, G_OPTION_ARG_INT, &size,
      "Decode every pair at S×S to check it (default 256)", "S" },
    { "headers-only", 0, 0, G_OPTION_ARG_NONE, &headers_only,
      "Check file headers only; do not decode (faster, finds fewer problems)", NULL },
    { "no-cache", 0, 0, G_OPTION_ARG_NONE, &no_cache,
      "Neither read nor write the decoded-dataset cache", NULL },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &rest, NULL, "FOLDER" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("FOLDER");
  g_option_context_set_summary (context,
    "Report how the images and masks of a dataset folder pair up: pairs by source, images\n"
    "without a mask, masks without an image, and every file left out with its reason.\n"
    "Recognised layouts: images/ + masks/ (optional manifest.csv with a source column),\n"
    "Kaggle CXR_png/ + masks/, NLM Montgomery CXR_png/ + ManualMask/, NLM Shenzhen.");
  g_option_context_add_main_entries (context, entries, NULL);
  g_autoptr(GError) error = NULL;
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      fprintf (stderr, "lossbench-cli inspect: %s\n", error->message);
      return LB_EXIT_USAGE;
    }
  if (rest == NULL || rest[0] == NULL || rest[1] != NULL)
    {
      fprintf (stderr, "lossbench-cli inspect: give exactly one dataset folder.\n"
                       "Run “lossbench-cli inspect --help” for the options.\n");
      return LB_EXIT_USAGE;
    }
  if (size < 8 || size > 4096)
    {
      fprintf (stderr, "lossbench-cli inspect: --size must be between 8 and 4096.\n");
      return LB_EXIT_USAGE;
    }

  gint64 start = g_get_monotonic_time ();
  /* When decoding, the loader checks the headers itself (and not at all on a cache hit). */
  LbPairingReport *discovered = headers_only ? lb_dataset_discover (rest[0], &error)
                                             : lb_dataset_discover_unchecked (rest[0], &error);
  if (discovered == NULL)
    {
      fprintf (stderr, "lossbench-cli inspect: %s\n", error->message);
      return LB_EXIT_ERROR;
    }

  /* Decoding finds what headers cannot: damaged pixel data, masks that are not binary or are
   * empty. The decoded pairs go to the cache, so a later training run starts at once. */
  g_autoptr(LbPairingReport) own_report = NULL;
  g_autoptr(LbDataset) dataset = NULL;
  g_autofree char *load_error = NULL;
  const LbPairingReport *report;
  if (headers_only || discovered->pairs->len == 0)
    {
      own_report = discovered;
      report = own_report;
      if (report->pairs->len == 0)
        load_error = g_strdup ("no image has a matching mask (masks must be named like their "
                               "images).");
    }
  else
    {
      LbDatasetOptions options;
      lb_dataset_options_init (&options);
      options.size = (guint) size;
      options.use_cache = !no_cache;
      dataset = lb_dataset_load_report (discovered, &options, NULL,
                                        isatty (STDERR_FILENO) && !json ? print_progress : NULL,
                                        NULL, &own_report, &error);
      if (dataset == NULL)
        {
          if (own_report == NULL)
            {
              fprintf (stderr, "lossbench-cli inspect: %s\n", error->message);
              return LB_EXIT_ERROR;
            }
          /* Nothing decoded: the report says why, file by file. */
          load_error = g_strdup (error->message);
          report = own_report;
        }
      else
        report = lb_dataset_get_report (dataset);
    }

  double seconds = (g_get_monotonic_time () - start) / 1e6;
  if (json)
    {
      g_autoptr(JsonNode) root = lb_pairing_report_to_json (report);
      JsonObject *object = json_node_get_object (root);
      json_object_set_boolean_member (object, "decoded", dataset != NULL);
      if (dataset != NULL)
        {
          json_object_set_int_member (object, "size", size);
          json_object_set_boolean_member (object, "from_cache",
                                          lb_dataset_get_from_cache (dataset));
          json_object_set_double_member (object, "load_seconds", seconds);
        }
      if (load_error != NULL)
        json_object_set_string_member (object, "error", load_error);
      g_autoptr(JsonGenerator) generator = json_generator_new ();
      json_generator_set_pretty (generator, TRUE);
      json_generator_set_root (generator, root);
      g_autofree char *text = json_generator_to_data (generator, NULL);
      printf ("%s\n", text);
    }
  else
    print_text (report, dataset == NULL && !headers_only ? load_error : NULL, dataset, seconds);

  if (load_error != NULL)
    {
      fprintf (stderr, "lossbench-cli inspect: %s\n", load_error);
      return LB_EXIT_ERROR;
    }
  return LB_EXIT_OK;
}
