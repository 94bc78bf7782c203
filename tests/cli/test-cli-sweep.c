/* test-cli-sweep.c — lossbench-cli sweep on the demo set, end to end: every cell trained and
 * paired, one cell chosen per loss from the validation images, the files written; a kill in the
 * middle that resume makes good; and a choice that does not move when the test masks are noise.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <signal.h>
#include <string.h>

#include <gdk-pixbuf/gdk-pixbuf.h>

#include "cli-run.h"
#include "lb-csv.h"
#include "lb-experiment-open.h"
#include "lb-run-store.h"
#include "lb-sweep-heatmap.h"
#include "lb-test-util.h"

/* Counts the elements of an XML document; fails the test if it does not parse. */
static void
count_element (GMarkupParseContext *context, const char *name, const char **attribute_names,
               const char **attribute_values, gpointer data, GError **error)
{
  (*(guint *) data)++;
}

/* lossbench-cli plot EXP --what heatmap as SVG, PNG and PDF: the SVG parses, the PDF opens,
 * and the PNG holds the scale's brightest colour inside the best cell on validation. */
static void
check_heatmap_files (const char *root, const char *exp)
{
  const char *names[] = { "heatmap.svg", "heatmap.png", "heatmap.pdf" };
  char *paths[G_N_ELEMENTS (names)];
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      paths[i] = g_build_filename (root, names[i], NULL);
      g_auto (Run) plot = { 0 };
      run_cli (&plot, "plot", exp, "--what", "heatmap", "--out", paths[i], NULL);
      if (plot.status != 0)
        g_error ("plot %s: exit %d, “%s”", names[i], plot.status, plot.err);
    }

  g_autofree char *svg = NULL;
  g_assert_true (g_file_get_contents (paths[0], &svg, NULL, NULL));
  guint elements = 0;
  const GMarkupParser parser = { count_element, NULL, NULL, NULL, NULL };
  g_autoptr (GMarkupParseContext) context = g_markup_parse_context_new (&parser, 0, &elements,
                                                                        NULL);
  g_autoptr (GError) error = NULL;
  g_assert_true (g_markup_parse_context_parse (context, svg, -1, &error)
                 && g_markup_parse_context_end_parse (context, &error));
  g_assert_no_error (error);
  g_assert_nonnull (strstr (svg, "<svg"));
  g_assert_cmpuint (elements, >, 20);

  const char *pdfinfo[] = { "pdfinfo", paths[2], NULL };
  g_autoptr (GSubprocess) info = g_subprocess_newv (pdfinfo, G_SUBPROCESS_FLAGS_STDOUT_PIPE,
                                                    &error);
  g_assert_no_error (error);  /* pdfinfo is poppler-utils' */
  g_autofree char *info_out = NULL;
  g_assert_true (g_subprocess_communicate_utf8 (info, NULL, NULL, &info_out, NULL, &error));
  g_assert_true (g_subprocess_get_successful (info));
  g_assert_nonnull (strstr (info_out, "Pages:"));

  /* The figure as the library lays it out: the PNG is twice its size in points. */
  g_autoptr (LbExperiment) experiment = lb_experiment_open (exp, &error);
  g_assert_no_error (error);
  const LbExperimentConfig *config = lb_experiment_get_config (experiment);
  g_autoptr (LbSweepResults) results = lb_sweep_summarize (experiment, LB_METRIC_IOU, &error);
  g_assert_no_error (error);
  g_autoptr (LbSweepHeatmap) heatmap = lb_sweep_heatmap_new (results, config);
  int width, height;
  lb_sweep_heatmap_get_size (heatmap, &width, &height);
  g_autoptr (GdkPixbuf) png = gdk_pixbuf_new_from_file (paths[1], &error);
  g_assert_no_error (error);
  g_assert_cmpint (gdk_pixbuf_get_width (png), ==, 2 * width);
  g_assert_cmpint (gdk_pixbuf_get_height (png), ==, 2 * height);

  guint best = G_MAXUINT;  /* cells are in the experiment's order: the index is the cell's */
  for (guint c = 0; c < results->cells->len; c++)
    {
      const LbSweepCell *cell = &g_array_index (results->cells, LbSweepCell, c);
      if (cell->val.n > 0 && (best == G_MAXUINT || cell->val.mean > g_array_index (
                                results->cells, LbSweepCell, best).val.mean))
        best = c;
    }
  g_assert_cmpuint (best, !=, G_MAXUINT);
  cairo_rectangle_t area;
  g_assert_true (lb_sweep_heatmap_get_cell_area (heatmap, best, LB_SWEEP_HEATMAP_VALIDATION,
                                                 &area));
  int x = (int) (2 * (area.x + 8)), y = (int) (2 * (area.y + 8));
  const guint8 *pixel = gdk_pixbuf_read_pixels (png) + y * gdk_pixbuf_get_rowstride (png)
                        + x * gdk_pixbuf_get_n_channels (png);
  g_assert_cmpint (pixel[0], ==, 0xfd);  /* viridis' brightest: the best */
  g_assert_cmpint (pixel[1], ==, 0xe7);
  g_assert_cmpint (pixel[2], ==, 0x25);
  guint at_cell;
  LbSweepHeatmapSplit split;
  g_assert_true (lb_sweep_heatmap_cell_at (heatmap, area.x + 8, area.y + 8, &at_cell, &split));
  g_assert_cmpuint (at_cell, ==, best);
  g_assert_cmpint (split, ==, LB_SWEEP_HEATMAP_VALIDATION);
  g_autofree char *tooltip = lb_sweep_heatmap_describe_cell (heatmap, at_cell, split);
  g_assert_nonnull (strstr (tooltip, "Chosen for"));

  /* A comparison has no cells to draw; a figure name without a format is refused. */
  g_auto (Run) wrong = { 0 };
  g_autofree char *no_format = g_build_filename (root, "heatmap", NULL);
  run_cli (&wrong, "plot", exp, "--out", no_format, NULL);
  g_assert_cmpint (wrong.status, ==, 2);
  g_assert_nonnull (strstr (wrong.err, "does not end in .png, .svg or .pdf"));
  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    g_free (paths[i]);
}

static char *
read_run_file (const char *exp, const char *run, const char *file)
{
  g_autofree char *path = g_build_filename (exp, "runs", run, file, NULL);
  char *text = NULL;
  if (!g_file_get_contents (path, &text, NULL, NULL))
    g_error ("%s is missing", path);
  return text;
}

/* Augmentation as a swept setting: the cell at factor 0 trains as a comparison without
 * augmentation, the cell at 1 as one with --augment standard, to the last digit of every test
 * image's metrics. */
static void
test_augment_sweep (void)
{
  g_autofree char *root = lb_test_make_tmp_dir ();
  g_autofree char *sweep = g_build_filename (root, "sweep", NULL);
  g_autofree char *plain = g_build_filename (root, "plain", NULL);
  g_autofree char *augmented = g_build_filename (root, "augmented", NULL);
#define AUGMENT_SMALL "--preset", "tiny", "--demo-count", "24", "--epochs", "2", "--width", "4", \
                      "--losses", "dice-bce", "--seeds", "1", "--threads", "2"
  g_auto (Run) swept = { 0 };
  run_cli (&swept, "sweep", AUGMENT_SMALL, "--grid", "augment=0,1", "--out", sweep, NULL);
  if (swept.status != 0)
    g_error ("sweep: exit %d, “%s”", swept.status, swept.err);
  g_assert_nonnull (strstr (swept.err, "times each cell's factor"));
  g_auto (Run) off = { 0 };
  run_cli (&off, "compare", AUGMENT_SMALL, "--out", plain, NULL);
  g_assert_cmpint (off.status, ==, 0);
  g_auto (Run) on = { 0 };
  run_cli (&on, "compare", AUGMENT_SMALL, "--augment", "standard", "--out", augmented, NULL);
  g_assert_cmpint (on.status, ==, 0);
#undef AUGMENT_SMALL

  g_autofree char *cell_off = read_run_file (sweep, "dice-bce-augment0-s1", "per-image.csv");
  g_autofree char *cell_on = read_run_file (sweep, "dice-bce-augment1-s1", "per-image.csv");
  g_autofree char *run_off = read_run_file (plain, "dice-bce-s1", "per-image.csv");
  g_autofree char *run_on = read_run_file (augmented, "dice-bce-s1", "per-image.csv");
  g_assert_cmpstr (cell_off, ==, run_off);
  g_assert_cmpstr (cell_on, ==, run_on);
  g_assert_cmpstr (cell_off, !=, cell_on);

  /* Too strong a factor is refused before anything is made. */
  g_autofree char *strong = g_build_filename (root, "strong", NULL);
  g_auto (Run) refused = { 0 };
  run_cli (&refused, "sweep", "--preset", "tiny", "--losses", "dice-bce", "--grid",
           "augment=1,10", "--out", strong, NULL);
  g_assert_cmpint (refused.status, ==, 2);
  g_assert_nonnull (strstr (refused.err, "too strong"));
  g_assert_false (g_file_test (strong, G_FILE_TEST_EXISTS));
  lb_test_remove_tree (root);
}

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
  /* The cells are not compared pair by pair: the sweep's comparisons are its own. */
  g_autofree char *all_pairs = g_build_filename (out, "comparisons.csv", NULL);
  g_assert_false (g_file_test (all_pairs, G_FILE_TEST_EXISTS));
  g_assert_null (strstr (run.out, "Dice-BCE (lr 0.001) vs"));

  /* History names it a sweep of its losses, and names no best cell: that would be chosen on
   * test. */
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) stored = lb_run_store_list (root, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (stored->len, ==, 1);
  const LbStoredExperiment *entry = g_ptr_array_index (stored, 0);
  g_assert_cmpstr (entry->title, ==, "Tiny: sweep of 2 losses over lr (2 values) and α (2 values), "
                                     "6 cells × 2 seeds");
  g_autofree char *described = lb_stored_experiment_describe (entry);
  g_assert_true (g_str_has_prefix (described, "Sweep of Dice-BCE, Tversky × 2 seeds"));
  g_assert_null (strstr (described, "highest mean test"));
  g_assert_cmpint (entry->best_loss, ==, -1);

  check_heatmap_files (root, out);
  lb_test_remove_tree (root);
}

static char *
read_file (const char *folder, const char *name)
{
  g_autofree char *path = g_build_filename (folder, name, NULL);
  char *text = NULL;
  g_autoptr (GError) error = NULL;
  if (!g_file_get_contents (path, &text, NULL, &error))
    g_error ("%s", error->message);
  return text;
}

/* Runs whose first epoch is saved. */
static guint
runs_started (const char *exp)
{
  g_autofree char *runs = g_build_filename (exp, "runs", NULL);
  g_autoptr (GDir) dir = g_dir_open (runs, 0, NULL);
  guint n = 0;
  for (const char *name; dir != NULL && (name = g_dir_read_name (dir)) != NULL;)
    {
      g_autofree char *history = g_build_filename (runs, name, "history.csv", NULL);
      n += g_file_test (history, G_FILE_TEST_EXISTS);
    }
  return n;
}

#define SWEEP_OPTIONS "--preset", "tiny", "--demo-count", "40", "--epochs", "6", "--losses", \
                      "dice-bce,jaccard", "--grid", "lr=3e-4,1e-3", "--seeds", "1", \
                      "--threads", "2"

/* kill -9 in the second run of four, then resume: sweep.csv as an uninterrupted sweep's, to the
 * digit (same machine and threads: the same weights, bit for bit). */
static void
test_kill_and_resume (void)
{
  g_autofree char *root = lb_test_make_tmp_dir ();
  g_autofree char *straight = g_build_filename (root, "straight", NULL);
  g_autofree char *killed = g_build_filename (root, "killed", NULL);
  g_auto (Run) reference = { 0 };
  run_cli (&reference, "sweep", SWEEP_OPTIONS, "--out", straight, NULL);
  g_assert_cmpint (reference.status, ==, 0);

  const char *argv[] = { g_getenv ("LB_CLI"), "sweep", SWEEP_OPTIONS, "--out", killed, NULL };
  g_autoptr (GError) error = NULL;
  g_autoptr (GSubprocess) child = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDOUT_SILENCE
                                                             | G_SUBPROCESS_FLAGS_STDERR_SILENCE,
                                                     &error);
  g_assert_no_error (error);
  gint64 deadline = g_get_monotonic_time () + 120 * G_TIME_SPAN_SECOND;
  while (runs_started (killed) < 2 && g_get_monotonic_time () < deadline)
    g_usleep (2000);
  g_subprocess_force_exit (child);  /* SIGKILL: no handler, no clean-up */
  g_subprocess_wait (child, NULL, NULL);
  g_assert_false (g_subprocess_get_if_exited (child));
  g_autofree char *cells = g_build_filename (killed, "sweep.csv", NULL);
  g_assert_false (g_file_test (cells, G_FILE_TEST_EXISTS));
  guint at_kill = runs_started (killed);
  g_assert_cmpuint (at_kill, >=, 2);

  g_auto (Run) resume = { 0 };
  run_cli (&resume, "resume", killed, NULL);
  if (resume.status != 0)
    g_error ("resume: exit %d, “%s”", resume.status, resume.err);
  g_assert_nonnull (strstr (resume.out, "Each loss at its cell best on validation IoU"));
  g_autofree char *want = read_file (straight, "sweep.csv");
  g_autofree char *got = read_file (killed, "sweep.csv");
  g_assert_cmpstr (got, ==, want);
  g_autofree char *want_tuned = read_file (straight, "tuned-comparisons.csv");
  g_autofree char *got_tuned = read_file (killed, "tuned-comparisons.csv");
  g_assert_cmpstr (got_tuned, ==, want_tuned);
  g_test_message ("killed with %u of 4 runs started; resumed to the same sweep.csv", at_kill);
  lb_test_remove_tree (root);
}

/* SOURCE's pairs copied into a new folder TARGET, the masks of the images split.tsv puts in the
 * test split replaced by noise. */
static guint
copy_with_noisy_test_masks (const char *source, const char *target, const char *split)
{
  g_autoptr (GHashTable) test = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_auto (GStrv) lines = g_strsplit (split, "\n", -1);
  for (char **line = lines; *line; line++)
    {
      g_auto (GStrv) fields = g_strsplit (*line, "\t", 2);
      if (g_strv_length (fields) == 2 && strcmp (fields[1], "test") == 0)
        g_hash_table_add (test, g_strdup (fields[0]));
    }
  g_assert_cmpuint (g_hash_table_size (test), >, 0);

  GRand *rand = g_rand_new_with_seed (7);
  const char *subfolders[] = { "images", "masks" };
  for (guint f = 0; f < G_N_ELEMENTS (subfolders); f++)
    {
      g_autofree char *from = g_build_filename (source, subfolders[f], NULL);
      g_autofree char *to = g_build_filename (target, subfolders[f], NULL);
      g_assert_cmpint (g_mkdir_with_parents (to, 0755), ==, 0);
      g_autoptr (GDir) dir = g_dir_open (from, 0, NULL);
      g_assert_nonnull (dir);
      for (const char *name; (name = g_dir_read_name (dir)) != NULL;)
        {
          g_autofree char *stem = g_strndup (name, strcspn (name, "."));
          g_autofree char *out = g_build_filename (to, name, NULL);
          if (f == 1 && g_hash_table_contains (test, stem))
            {
              guint8 noise[64 * 64];
              for (guint i = 0; i < sizeof noise; i++)
                noise[i] = g_rand_boolean (rand) ? 255 : 0;
              lb_test_write_gray_png (out, noise, 64, 64);
              continue;
            }
          g_autofree char *text = NULL;
          gsize length = 0;
          g_autofree char *in = g_build_filename (from, name, NULL);
          g_assert_true (g_file_get_contents (in, &text, &length, NULL));
          g_assert_true (g_file_set_contents (out, text, (gssize) length, NULL));
        }
    }
  g_rand_free (rand);
  return g_hash_table_size (test);
}

/* The column named NAME of a sweep.csv, every row. */
static GPtrArray *
column_of (const char *exp, const char *name)
{
  g_autofree char *path = g_build_filename (exp, "sweep.csv", NULL);
  g_autoptr (GPtrArray) rows = lb_csv_load (path, NULL);
  g_assert_nonnull (rows);
  char **header = g_ptr_array_index (rows, 0);
  guint c = 0;
  while (header[c] != NULL && strcmp (header[c], name) != 0)
    c++;
  g_assert_nonnull (header[c]);
  GPtrArray *column = g_ptr_array_new_with_free_func (g_free);
  for (guint r = 1; r < rows->len; r++)
    g_ptr_array_add (column, g_strdup (((char **) g_ptr_array_index (rows, r))[c]));
  return column;
}

static gboolean
columns_equal (GPtrArray *a, GPtrArray *b)
{
  if (a->len != b->len)
    return FALSE;
  for (guint i = 0; i < a->len; i++)
    if (strcmp (g_ptr_array_index (a, i), g_ptr_array_index (b, i)) != 0)
      return FALSE;
  return TRUE;
}

/* The same sweep on a copy of the data whose test masks are noise: the test numbers change,
 * the validation numbers and the chosen cells do not — the choice never read a test mask. */
static void
test_choice_ignores_test_masks (void)
{
  g_autofree char *root = lb_test_make_tmp_dir ();
  g_autofree char *clean = g_build_filename (root, "clean", NULL);
  g_autofree char *noisy = g_build_filename (root, "noisy", NULL);
  g_auto (Run) demo = { 0 };
  run_cli (&demo, "demo-data", "--out", clean, "--count", "40", "--size", "64", NULL);
  g_assert_cmpint (demo.status, ==, 0);

  g_autofree char *clean_exp = g_build_filename (root, "clean-sweep", NULL);
  g_autofree char *noisy_exp = g_build_filename (root, "noisy-sweep", NULL);
#define CHOICE_OPTIONS "--preset", "tiny", "--epochs", "2", "--losses", "dice-bce,tversky", \
                       "--grid", "lr=1e-4,1e-3", "--grid", "beta=0.5,0.7", "--seeds", "1", \
                       "--threads", "2"
  g_auto (Run) first = { 0 };
  run_cli (&first, "sweep", "--data", clean, CHOICE_OPTIONS, "--out", clean_exp, NULL);
  g_assert_cmpint (first.status, ==, 0);
  g_autofree char *split = read_file (clean_exp, "split.tsv");
  guint n_test = copy_with_noisy_test_masks (clean, noisy, split);

  g_auto (Run) second = { 0 };
  run_cli (&second, "sweep", "--data", noisy, CHOICE_OPTIONS, "--out", noisy_exp, NULL);
  g_assert_cmpint (second.status, ==, 0);
  g_autofree char *noisy_split = read_file (noisy_exp, "split.tsv");
  g_assert_cmpstr (noisy_split, ==, split);

  const char *same[] = { "label", "val_iou_mean", "tuned", "shared" };
  for (guint i = 0; i < G_N_ELEMENTS (same); i++)
    {
      g_autoptr (GPtrArray) a = column_of (clean_exp, same[i]);
      g_autoptr (GPtrArray) b = column_of (noisy_exp, same[i]);
      if (!columns_equal (a, b))
        g_error ("the column %s of sweep.csv moved when the test masks became noise", same[i]);
    }
  /* …and the noise did reach the test numbers. */
  g_autoptr (GPtrArray) a = column_of (clean_exp, "test_iou_mean");
  g_autoptr (GPtrArray) b = column_of (noisy_exp, "test_iou_mean");
  g_assert_false (columns_equal (a, b));
  g_test_message ("%u test masks made noise; validation and choice unchanged", n_test);
  lb_test_remove_tree (root);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_autofree char *cache = lb_test_isolate_cache ();
  g_test_add_func ("/cli/sweep/demo", test_demo_sweep);
  g_test_add_func ("/cli/sweep/augment", test_augment_sweep);
  g_test_add_func ("/cli/sweep/kill-and-resume", test_kill_and_resume);
  g_test_add_func ("/cli/sweep/choice-ignores-test-masks", test_choice_ignores_test_masks);
  int status = g_test_run ();
  lb_test_remove_tree (cache);
  return status;
}
