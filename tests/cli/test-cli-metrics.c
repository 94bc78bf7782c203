/* test-cli-metrics.c — --metric and --spacing on compare, export and summarize: the metric a
 * comparison is made on, its direction said, mm columns, and results of earlier versions.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <string.h>

#include "cli-run.h"
#include "lb-csv.h"
#include "lb-test-util.h"

/* 40 demo phantoms at 64², width 4, 2 epochs, two losses, two seeds. */
#define SMALL "--preset", "tiny", "--demo-count", "40", "--width", "4", "--threads", "2", \
              "--epochs", "2", "--losses", "dice-bce,jaccard", "--seeds", "2"

static void
assert_contains (const char *text, const char *fragment)
{
  if (text == NULL || strstr (text, fragment) == NULL)
    g_error ("“%s” does not say “%s”", text, fragment);
}

static char **
first_row (const char *path, char ***header, GPtrArray **keep)
{
  g_autoptr (GError) error = NULL;
  *keep = lb_csv_load (path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint ((*keep)->len, >=, 2);
  *header = g_ptr_array_index (*keep, 0);
  return g_ptr_array_index (*keep, 1);
}

static int
column (char **header, const char *name)
{
  for (int c = 0; header[c] != NULL; c++)
    if (strcmp (header[c], name) == 0)
      return c;
  return -1;
}

static void
test_compare_by_hd95 (void)
{
  g_autofree char *root = lb_test_make_tmp_dir ();
  g_autofree char *exp = g_build_filename (root, "exp", NULL);
  g_auto (Run) compare = { 0 };
  run_cli (&compare, "compare", SMALL, "--spacing", "0.5", "--metric", "hd95", "--out", exp,
           NULL);
  g_test_message ("%s", compare.out);
  g_assert_cmpint (compare.status, ==, 0);
  assert_contains (compare.out, "HD95 (px)");
  assert_contains (compare.out, "HD95 (mm)");
  assert_contains (compare.out, "Ranked and compared by test HD95 (px): lower is better.");
  assert_contains (compare.out, "Paired differences in test HD95, in px (two-level bootstrap");
  assert_contains (compare.err, "HD95 ");
  assert_contains (compare.err, " px (");   /* per run: HD95 in px, then in mm */

  /* The experiment remembers what it compares by; its exports follow. */
  g_autofree char *config = g_build_filename (exp, "config.json", NULL);
  g_autofree char *json = NULL;
  g_assert_true (g_file_get_contents (config, &json, NULL, NULL));
  assert_contains (json, "\"compare_by\" : \"hd95\"");
  assert_contains (json, "\"pixel_spacing_mm\" : [");
  g_autofree char *comparisons = g_build_filename (exp, "comparisons.csv", NULL);
  char **header;
  g_autoptr (GPtrArray) rows = NULL;
  char **row = first_row (comparisons, &header, &rows);
  g_assert_cmpstr (row[2], ==, "hd95");
  g_autofree char *summary = g_build_filename (exp, "summary.csv", NULL);
  g_autoptr (GPtrArray) summary_rows = NULL;
  first_row (summary, &header, &summary_rows);
  g_assert_cmpint (column (header, "hd95_mm_mean"), >, 0);
  g_assert_cmpint (column (header, "missed_per_run"), >, 0);

  /* export --metric overrides it; without, the experiment's. */
  const struct
  {
    const char *metric, *column;
  } exports[] = { { "iou", "iou" }, { "NSD-mm", "nsd_mm" }, { NULL, "hd95" } };
  for (guint i = 0; i < G_N_ELEMENTS (exports); i++)
    {
      g_autofree char *out = g_strdup_printf ("%s/export-%u", root, i);
      g_auto (Run) export = { 0 };
      if (exports[i].metric != NULL)
        run_cli (&export, "export", exp, "--out", out, "--metric", exports[i].metric, NULL);
      else
        run_cli (&export, "export", exp, "--out", out, NULL);
      g_assert_cmpint (export.status, ==, 0);
      g_autofree char *path = g_build_filename (out, "comparisons.csv", NULL);
      g_autoptr (GPtrArray) keep = NULL;
      char **r = first_row (path, &header, &keep);
      g_assert_cmpstr (r[2], ==, exports[i].column);
      if (i == 1)
        assert_contains (export.out, "Ranked and compared by test NSD (mm): higher is better.");
    }
  g_auto (Run) bad = { 0 };
  run_cli (&bad, "export", exp, "--metric", "hd99", NULL);
  g_assert_cmpint (bad.status, ==, 2);
  assert_contains (bad.err, "“hd99” is not a metric");

  /* summarize from the exported per-image.csv, on a boundary metric in mm. */
  g_autofree char *per_image = g_build_filename (root, "export-0", "per-image.csv", NULL);
  g_autofree char *rebuilt = g_build_filename (root, "rebuilt", NULL);
  g_auto (Run) summarize = { 0 };
  run_cli (&summarize, "summarize", "--per-image", per_image, "--out", rebuilt, "--metric",
           "assd_mm", "--detect", "0.5", NULL);
  g_assert_cmpint (summarize.status, ==, 0);
  assert_contains (summarize.out, "Ranked and compared by test ASSD (mm): lower is better.");
  assert_contains (summarize.out, "Detecting a difference of 0.50 mm ASSD");
  g_autofree char *rebuilt_comparisons = g_build_filename (rebuilt, "comparisons.csv", NULL);
  g_autoptr (GPtrArray) keep = NULL;
  row = first_row (rebuilt_comparisons, &header, &keep);
  g_assert_cmpstr (row[2], ==, "assd_mm");
  lb_test_remove_tree (root);
}

static void
test_refused (void)
{
  /* mm needs a spacing. */
  g_auto (Run) no_spacing = { 0 };
  run_cli (&no_spacing, "compare", "--metric", "hd95_mm", "--out", "/tmp/x", NULL);
  g_assert_cmpint (no_spacing.status, ==, 2);
  assert_contains (no_spacing.err, "needs the pixel spacing");
  g_auto (Run) bad_spacing = { 0 };
  run_cli (&bad_spacing, "train", "--spacing", "0.5x", "--out", "/tmp/x", NULL);
  g_assert_cmpint (bad_spacing.status, ==, 2);
  assert_contains (bad_spacing.err, "is not a pixel spacing");

  /* The published study was tested before boundary metrics: IoU works, HD95 is refused with a
   * sentence, not a crash. */
  g_autofree char *root = lb_test_make_tmp_dir ();
  g_autofree char *per_image = g_build_filename (g_getenv ("LB_SOURCE_DIR"), "docs", "results",
                                                 "quick-688", "per-image.csv", NULL);
  g_auto (Run) old = { 0 };
  run_cli (&old, "summarize", "--per-image", per_image, "--out", root, "--metric", "hd95", NULL);
  g_assert_cmpint (old.status, ==, 1);
  assert_contains (old.err, "HD95 (px) is not in these results");
  g_auto (Run) dice = { 0 };
  run_cli (&dice, "summarize", "--per-image", per_image, "--out", root, "--metric", "dice",
           "--quiet", NULL);
  g_assert_cmpint (dice.status, ==, 0);
  g_autofree char *comparisons = g_build_filename (root, "comparisons.csv", NULL);
  char **header;
  g_autoptr (GPtrArray) keep = NULL;
  char **row = first_row (comparisons, &header, &keep);
  g_assert_cmpstr (row[2], ==, "dice");
  lb_test_remove_tree (root);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_autofree char *cache = lb_test_isolate_cache ();
  g_test_add_func ("/cli/metrics/compare-by-hd95", test_compare_by_hd95);
  g_test_add_func ("/cli/metrics/refused", test_refused);
  int status = g_test_run ();
  lb_test_remove_tree (cache);
  return status;
}
