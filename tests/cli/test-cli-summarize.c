/* test-cli-summarize.c — lossbench-cli summarize on the published studies (docs/results/quick-688,
 * the poster's five losses; docs/results/beyond-688, ten losses of the four families): each
 * one's per-image.csv alone gives back its committed summary.csv and comparisons (on IoU, and
 * for the second on HD95 too), so the numbers the README quotes are the numbers this code
 * computes.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <math.h>
#include <string.h>

#include "cli-run.h"
#include "lb-csv.h"
#include "lb-test-util.h"

static char *
study_file_in (const char *study,
               const char *file)
{
  return g_build_filename (g_getenv ("LB_SOURCE_DIR"), "docs", "results", study, file, NULL);
}

static char *
study_file (const char *file)
{
  return study_file_in ("quick-688", file);
}

/* Every field equal; numbers to 1e-5 relative (they are written with six digits). */
static void
assert_same_table (const char *got_path, const char *want_path)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) got = lb_csv_load (got_path, &error);
  g_assert_no_error (error);
  g_autoptr (GPtrArray) want = lb_csv_load (want_path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (got->len, ==, want->len);
  char **header = g_ptr_array_index (want, 0);
  for (guint r = 0; r < want->len; r++)
    {
      char **x = g_ptr_array_index (got, r), **y = g_ptr_array_index (want, r);
      g_assert_cmpuint (g_strv_length (x), ==, g_strv_length (y));
      for (guint c = 0; y[c] != NULL; c++)
        {
          char *end_x = NULL, *end_y = NULL;
          double a = g_ascii_strtod (x[c], &end_x), b = g_ascii_strtod (y[c], &end_y);
          gboolean numbers = r > 0 && *x[c] && *y[c] && *end_x == '\0' && *end_y == '\0';
          if (numbers ? fabs (a - b) > 1e-5 * fabs (b) + 1e-12 : strcmp (x[c], y[c]) != 0)
            g_error ("%s, line %u, column %s: “%s”, but the committed file says “%s”. "
                     "Regenerate it with lossbench-cli summarize (the study's README.md).",
                     want_path, r + 1, header[c], x[c], y[c]);
        }
    }
}

static void
test_published_study (void)
{
  g_autofree char *root = lb_test_make_tmp_dir ();
  g_autofree char *per_image = study_file ("per-image.csv");
  g_autofree char *config = study_file ("config.json");
  g_auto (Run) run = { 0 };
  run_cli (&run, "summarize", "--per-image", per_image, "--config", config, "--out", root,
           "--detect", "0.002", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_test_message ("%s", run.out);
  g_assert_nonnull (strstr (run.out, "With 3 seeds and 69 test images, IoU differences below "));
  g_assert_nonnull (strstr (run.out, "Tversky vs Focal-Tversky: identical on every test image "
                                     "of every seed"));

  const char *files[] = { "comparisons.csv", "summary.csv" };
  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autofree char *got = g_build_filename (root, files[i], NULL);
      g_autofree char *want = study_file (files[i]);
      assert_same_table (got, want);
    }
  lb_test_remove_tree (root);
}

/* Ten losses × 3 seeds: summary.csv and comparisons.csv on IoU, comparisons-hd95.csv on HD95. */
static void
test_beyond_study (void)
{
  static const struct
  {
    const char *metric;
    const char *comparisons;
  } views[] = { { "iou", "comparisons.csv" }, { "hd95", "comparisons-hd95.csv" } };
  g_autofree char *per_image = study_file_in ("beyond-688", "per-image.csv");
  g_autofree char *config = study_file_in ("beyond-688", "config.json");

  for (guint v = 0; v < G_N_ELEMENTS (views); v++)
    {
      g_autofree char *root = lb_test_make_tmp_dir ();
      g_auto (Run) run = { 0 };
      run_cli (&run, "summarize", "--per-image", per_image, "--config", config, "--out", root,
               "--metric", views[v].metric, NULL);
      g_assert_cmpint (run.status, ==, 0);
      g_test_message ("%s", run.out);
      g_autofree char *got = g_build_filename (root, "comparisons.csv", NULL);
      g_autofree char *want = study_file_in ("beyond-688", views[v].comparisons);
      assert_same_table (got, want);
      if (v == 0)
        {
          g_autofree char *got_summary = g_build_filename (root, "summary.csv", NULL);
          g_autofree char *want_summary = study_file_in ("beyond-688", "summary.csv");
          assert_same_table (got_summary, want_summary);
        }
      lb_test_remove_tree (root);
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/cli/summarize/published-study", test_published_study);
  g_test_add_func ("/cli/summarize/beyond-study", test_beyond_study);
  return g_test_run ();
}
