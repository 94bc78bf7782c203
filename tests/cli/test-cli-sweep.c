/* test-cli-sweep.c — lossbench-cli sweep on the demo set, end to end: every cell trained and
 * paired, one cell chosen per loss from the validation images, the files written.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <string.h>

#include "cli-run.h"
#include "lb-csv.h"
#include "lb-test-util.h"

static void
test_demo_sweep (void)
{
  g_autofree char *root = lb_test_make_tmp_dir ();
  g_autofree char *out = g_build_filename (root, "sweep", NULL);
  g_auto (Run) run = { 0 };
  run_cli (&run, "sweep", "--preset", "tiny", "--demo-count", "24", "--epochs", "2",
           "--losses", "dice-bce,tversky", "--grid", "lr=1e-4,1e-3", "--grid", "alpha=0.3,0.7",
           "--seeds", "2", "--threads", "2", "--out", out, NULL);
  if (run.status != 0)
    g_error ("sweep: exit %d, “%s”", run.status, run.err);

  g_assert_nonnull (strstr (run.out, "Each loss at its cell best on validation IoU"));
  g_assert_nonnull (strstr (run.out, "Tuning each loss"));

  /* Dice-BCE reads no α: 2 cells; Tversky 2 × 2. */
  g_autofree char *cells_path = g_build_filename (out, "sweep.csv", NULL);
  g_autoptr (GPtrArray) rows = lb_csv_load (cells_path, NULL);
  g_assert_nonnull (rows);
  g_assert_cmpuint (rows->len, ==, 1 + 6);
  char **header = g_ptr_array_index (rows, 0);
  guint n_columns = g_strv_length (header);
  guint tuned = 0, shared = 0;
  for (guint r = 1; r < rows->len; r++)
    {
      char **row = g_ptr_array_index (rows, r);
      g_assert_cmpstr (row[5], ==, "2");  /* runs */
      tuned += strcmp (row[n_columns - 2], "1") == 0;
      shared += strcmp (row[n_columns - 1], "1") == 0;
    }
  g_assert_cmpuint (tuned, ==, 2);
  g_assert_cmpuint (shared, ==, 2);

  const char *files[] = { "tuned-summary.csv", "tuned-comparisons.csv", "shared-summary.csv",
                          "shared-comparisons.csv", "runs/tversky-lr0.001-alpha0.7-s2" };
  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autofree char *path = g_build_filename (out, files[i], NULL);
      g_assert_true (g_file_test (path, G_FILE_TEST_EXISTS));
    }
  lb_test_remove_tree (root);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/cli/sweep/demo", test_demo_sweep);
  return g_test_run ();
}
