/* test-cli-experiment.c — train, compare, resume, eval and export, as a user runs them:
 * exit codes, files, and a kill -9 in the middle of a run that resume makes good.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>

#include <gdk-pixbuf/gdk-pixbuf.h>

#include "cli-run.h"
#include "lb-csv.h"
#include "lb-safetensors.h"
#include "lb-test-util.h"

/* A small comparison: 40 demo phantoms at 64², width 4, 3 epochs. */
#define SMALL "--preset", "tiny", "--demo-count", "40", "--width", "4", "--threads", "2"

static void
test_usage (void)
{
  g_auto (Run) help = { 0 };
  run_cli (&help, "compare", "--help", NULL);
  g_assert_cmpint (help.status, ==, 0);
  g_assert_nonnull (strstr (help.out, "--losses"));

  g_auto (Run) no_out = { 0 };
  run_cli (&no_out, "compare", "--preset", "tiny", NULL);
  g_assert_cmpint (no_out.status, ==, 2);
  g_assert_nonnull (strstr (no_out.err, "--out"));

  g_auto (Run) bad_loss = { 0 };
  run_cli (&bad_loss, "compare", "--losses", "dice-bce,hinge", "--out", "/tmp/x", NULL);
  g_assert_cmpint (bad_loss.status, ==, 2);
  g_assert_nonnull (strstr (bad_loss.err, "“hinge” is not a loss"));

  g_auto (Run) bad_preset = { 0 };
  run_cli (&bad_preset, "train", "--preset", "huge", "--out", "/tmp/x", NULL);
  g_assert_cmpint (bad_preset.status, ==, 2);

  g_auto (Run) missing = { 0 };
  run_cli (&missing, "resume", "/nonexistent/experiment", NULL);
  g_assert_cmpint (missing.status, ==, 1);
  g_assert_nonnull (strstr (missing.err, "not a Lossbench experiment"));

  g_auto (Run) no_results = { 0 };
  run_cli (&no_results, "summarize", "--out", "/tmp/x", NULL);
  g_assert_cmpint (no_results.status, ==, 2);
  g_assert_nonnull (strstr (no_results.err, "--per-image FILE"));

  g_auto (Run) absent = { 0 };
  run_cli (&absent, "summarize", "--per-image", "/nonexistent/per-image.csv", "--out", "/tmp/x",
           NULL);
  g_assert_cmpint (absent.status, ==, 1);
  g_assert_nonnull (strstr (absent.err, "/nonexistent/per-image.csv"));
}

/* Counts an SVG's <image> elements (bitmaps). */
static void
count_images (GMarkupParseContext *context, const char *name, const char **attribute_names,
              const char **attribute_values, gpointer data, GError **error)
{
  if (strcmp (name, "image") == 0)
    (*(guint *) data)++;
}

/* The bitmaps of the SVG at PATH, which must parse as XML. */
static guint
svg_images (const char *path)
{
  g_autofree char *svg = NULL;
  g_autoptr (GError) error = NULL;
  guint images = 0;
  const GMarkupParser parser = { count_images, NULL, NULL, NULL, NULL };
  g_autoptr (GMarkupParseContext) context = g_markup_parse_context_new (&parser, 0, &images,
                                                                        NULL);

  g_assert_true (g_file_get_contents (path, &svg, NULL, NULL));
  g_assert_true (g_markup_parse_context_parse (context, svg, -1, &error)
                 && g_markup_parse_context_end_parse (context, &error));
  g_assert_no_error (error);
  return images;
}

static void
test_compare_and_export (void)
{
  g_autofree char *root = lb_test_make_tmp_dir ();
  g_autofree char *exp = g_build_filename (root, "exp", NULL);
  g_auto (Run) compare = { 0 };
  run_cli (&compare, "compare", SMALL, "--epochs", "2", "--losses", "dice-bce,jaccard",
           "--seeds", "2", "--out", exp, NULL);
  g_assert_cmpint (compare.status, ==, 0);
  g_assert_nonnull (strstr (compare.out, "Dice-BCE"));
  g_assert_nonnull (strstr (compare.out, "Dice-BCE vs Jaccard:"));
  g_assert_nonnull (strstr (compare.err, "Run 4 of 4: jaccard-s2"));
  /* Two seeds: the verdict says it cannot decide, and why. */
  g_assert_nonnull (strstr (compare.out, "Paired differences in test IoU (two-level bootstrap"));
  g_assert_nonnull (strstr (compare.out, "cannot decide: 2 seeds; at least 3 seeds are needed "
                                         "to separate a difference from seed-to-seed noise"));
  g_assert_nonnull (strstr (compare.out, "With 2 seeds no difference can be told"));

  g_autofree char *out = g_build_filename (root, "csv", NULL);
  g_auto (Run) export = { 0 };
  run_cli (&export, "export", exp, "--out", out, "--quiet", NULL);
  g_assert_cmpint (export.status, ==, 0);
  const char *files[] = { "summary.csv", "comparisons.csv", "history.csv", "per-image.csv" };
  /* history.csv: 15 values per epoch, and the validation HD95 and missed images. */
  const guint rows[] = { 2, 1, 4 * 2 * (15 + 2), 4 * 4 };
  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autofree char *path = g_build_filename (out, files[i], NULL);
      g_autoptr (GError) error = NULL;
      g_autoptr (GPtrArray) table = lb_csv_load (path, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (table->len - 1, ==, rows[i]);
    }

  /* The gallery as a figure (a comparison's default): the four test images where the losses
   * disagree most, each loss's prediction and the images' consensus maps, as bitmaps of an SVG
   * that parses; a heatmap is refused, a comparison has no cells. */
  g_autofree char *gallery = g_build_filename (root, "gallery.svg", NULL);
  g_auto (Run) plot = { 0 };
  run_cli (&plot, "plot", exp, "--out", gallery, NULL);
  g_assert_cmpint (plot.status, ==, 0);
  g_assert_cmpuint (svg_images (gallery), ==, 4 * 2 + 4);
  /* The validation curves: an SVG that parses, a PNG twice the figure's 640 × 400 points; a
   * metric measured on the test images only is refused. */
  g_autofree char *curves_svg = g_build_filename (root, "curves.svg", NULL);
  g_autofree char *curves_png = g_build_filename (root, "curves.png", NULL);
  g_auto (Run) curves = { 0 }, curves_png_run = { 0 }, curves_hd95 = { 0 };
  run_cli (&curves, "plot", exp, "--what", "curves", "--metric", "dice", "--out", curves_svg,
           NULL);
  g_assert_cmpint (curves.status, ==, 0);
  g_assert_cmpuint (svg_images (curves_svg), ==, 0);  /* lines and text, no bitmap */
  run_cli (&curves_png_run, "plot", exp, "--what", "curves", "--out", curves_png, NULL);
  g_assert_cmpint (curves_png_run.status, ==, 0);
  {
    int width = 0, height = 0;

    g_assert_nonnull (gdk_pixbuf_get_file_info (curves_png, &width, &height));
    g_assert_cmpint (width, ==, 2 * 640);
    g_assert_cmpint (height, ==, 2 * 400);
  }
  run_cli (&curves_hd95, "plot", exp, "--what", "curves", "--metric", "hd95", "--out",
           curves_png, NULL);
  g_assert_cmpint (curves_hd95.status, ==, 2);
  g_assert_nonnull (strstr (curves_hd95.err, "is measured on the test images only"));

  g_autofree char *heatmap = g_build_filename (root, "heatmap.png", NULL);
  g_auto (Run) no_heatmap = { 0 };
  run_cli (&no_heatmap, "plot", exp, "--what", "heatmap", "--out", heatmap, NULL);
  g_assert_cmpint (no_heatmap.status, ==, 2);
  g_assert_nonnull (strstr (no_heatmap.err, "is a comparison, not a sweep"));
  g_assert_false (g_file_test (heatmap, G_FILE_TEST_EXISTS));

  /* The exported per-image.csv alone rebuilds the same comparisons, with no run folders. */
  g_autofree char *rebuilt = g_build_filename (root, "rebuilt", NULL);
  g_autofree char *exported = g_build_filename (out, "per-image.csv", NULL);
  g_autofree char *config = g_build_filename (exp, "config.json", NULL);
  g_auto (Run) summarize = { 0 };
  run_cli (&summarize, "summarize", "--per-image", exported, "--config", config, "--out",
           rebuilt, "--detect", "0.01", NULL);
  g_assert_cmpint (summarize.status, ==, 0);
  g_assert_nonnull (strstr (summarize.out, "Dice-BCE vs Jaccard:"));
  g_assert_nonnull (strstr (summarize.out, "Detecting a difference of 0.0100 IoU on 4 test "
                                           "images would take"));
  g_autofree char *want_path = g_build_filename (out, "comparisons.csv", NULL);
  g_autofree char *got_path = g_build_filename (rebuilt, "comparisons.csv", NULL);
  g_autofree char *want = NULL, *got = NULL;
  g_assert_true (g_file_get_contents (want_path, &want, NULL, NULL));
  g_assert_true (g_file_get_contents (got_path, &got, NULL, NULL));
  g_assert_cmpstr (got, ==, want);

  /* Trained weights measured again on the test split give the run's own numbers. */
  g_autofree char *weights = g_build_filename (exp, "runs", "jaccard-s1", "weights.safetensors",
                                               NULL);
  g_autofree char *split = g_build_filename (exp, "split.tsv", NULL);
  g_autofree char *demo = g_build_filename (root, "demo", NULL);
  g_auto (Run) write_demo = { 0 };
  run_cli (&write_demo, "demo-data", "--out", demo, "--count", "40", "--size", "64", NULL);
  g_assert_cmpint (write_demo.status, ==, 0);
  g_autofree char *measured = g_build_filename (root, "eval.csv", NULL);
  g_auto (Run) eval = { 0 };
  run_cli (&eval, "eval", "--weights", weights, "--data", demo, "--split", split, "--out",
           measured, NULL);
  g_assert_cmpint (eval.status, ==, 0);
  g_assert_nonnull (strstr (eval.out, "4 images"));
  g_autofree char *per_image = g_build_filename (exp, "runs", "jaccard-s1", "per-image.csv", NULL);
  g_autoptr (GPtrArray) a = lb_csv_load (per_image, NULL);
  g_autoptr (GPtrArray) b = lb_csv_load (measured, NULL);
  g_assert_cmpuint (a->len, ==, b->len);
  for (guint r = 1; r < a->len; r++)
    {
      char **x = g_ptr_array_index (a, r), **y = g_ptr_array_index (b, r);
      g_assert_cmpstr (x[0], ==, y[0]);  /* name */
      g_assert_cmpstr (x[2], ==, y[2]);  /* true positives, to the pixel */
      g_assert_cmpstr (x[3], ==, y[3]);
    }
  lb_test_remove_tree (root);
}

static GBytes *
final_weights (const char *exp)
{
  g_autofree char *path = g_build_filename (exp, "runs", "dice-bce-s1", "checkpoint.safetensors",
                                            NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (LbSafetensors) file = lb_safetensors_load (path, &error);
  g_assert_no_error (error);
  LbTensorView view;
  g_assert_true (lb_safetensors_lookup (file, "params", &view));
  return g_bytes_new (view.data, view.shape[0] * sizeof (float));
}

static guint
epochs_saved (const char *exp)
{
  g_autofree char *path = g_build_filename (exp, "runs", "dice-bce-s1", "history.csv", NULL);
  g_autoptr (GPtrArray) rows = lb_csv_load (path, NULL);
  return rows ? rows->len - 1 : 0;
}

/* kill -9 while epoch 3 of 5 trains, then resume: the same final weights, bit for bit. */
static void
test_kill_and_resume (void)
{
  g_autofree char *root = lb_test_make_tmp_dir ();
  g_autofree char *straight = g_build_filename (root, "straight", NULL);
  g_autofree char *killed = g_build_filename (root, "killed", NULL);
  g_auto (Run) reference = { 0 };
  run_cli (&reference, "train", SMALL, "--epochs", "5", "--lr", "1e-3", "--out", straight, NULL);
  g_assert_cmpint (reference.status, ==, 0);

  const char *argv[] = { g_getenv ("LB_CLI"), "train", SMALL, "--epochs", "5", "--lr", "1e-3",
                         "--out", killed, NULL };
  g_autoptr (GError) error = NULL;
  g_autoptr (GSubprocess) child = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDERR_SILENCE,
                                                     &error);
  g_assert_no_error (error);
  gint64 deadline = g_get_monotonic_time () + 120 * G_TIME_SPAN_SECOND;
  while (epochs_saved (killed) < 2 && g_get_monotonic_time () < deadline)
    g_usleep (5000);
  g_assert_cmpuint (epochs_saved (killed), >=, 2);
  g_subprocess_force_exit (child);  /* SIGKILL: no handler, no clean-up */
  g_subprocess_wait (child, NULL, NULL);
  g_assert_false (g_subprocess_get_if_exited (child));
  guint at_kill = epochs_saved (killed);
  g_assert_cmpuint (at_kill, <, 5);

  g_auto (Run) resume = { 0 };
  run_cli (&resume, "resume", killed, NULL);
  g_assert_cmpint (resume.status, ==, 0);
  g_assert_nonnull (strstr (resume.err, "(resuming)"));
  g_assert_cmpuint (epochs_saved (killed), ==, 5);

  g_autoptr (GBytes) a = final_weights (straight);
  g_autoptr (GBytes) b = final_weights (killed);
  g_assert_true (g_bytes_equal (a, b));
  g_test_message ("killed after %u saved epochs; resumed to identical weights", at_kill);
  lb_test_remove_tree (root);
}

/* Ctrl+C: exit 130 with the resume command; the folder resumes. */
static void
test_interrupt (void)
{
  g_autofree char *root = lb_test_make_tmp_dir ();
  g_autofree char *exp = g_build_filename (root, "exp", NULL);
  const char *argv[] = { g_getenv ("LB_CLI"), "compare", SMALL, "--epochs", "3", "--losses",
                         "dice-bce,focal", "--seeds", "1", "--out", exp, NULL };
  g_autoptr (GError) error = NULL;
  g_autoptr (GSubprocess) child = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDERR_PIPE,
                                                     &error);
  g_assert_no_error (error);
  gint64 deadline = g_get_monotonic_time () + 120 * G_TIME_SPAN_SECOND;
  while (epochs_saved (exp) < 1 && g_get_monotonic_time () < deadline)
    g_usleep (5000);
  g_subprocess_send_signal (child, SIGINT);
  g_autofree char *err = NULL;
  g_subprocess_communicate_utf8 (child, NULL, NULL, NULL, &err, &error);
  g_assert_true (g_subprocess_get_if_exited (child));
  g_assert_cmpint (g_subprocess_get_exit_status (child), ==, 130);
  g_assert_nonnull (strstr (err, "lossbench-cli resume"));

  g_auto (Run) resume = { 0 };
  run_cli (&resume, "resume", exp, NULL);
  g_assert_cmpint (resume.status, ==, 0);
  g_assert_nonnull (strstr (resume.out, "Dice-BCE vs Focal:"));
  lb_test_remove_tree (root);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_autofree char *cache = lb_test_isolate_cache ();
  g_test_add_func ("/cli/experiment/usage", test_usage);
  g_test_add_func ("/cli/experiment/compare-and-export", test_compare_and_export);
  g_test_add_func ("/cli/experiment/kill-and-resume", test_kill_and_resume);
  g_test_add_func ("/cli/experiment/interrupt", test_interrupt);
  int status = g_test_run ();
  lb_test_remove_tree (cache);
  return status;
}
