/* test-cli-external.c — compare --external: every run's kept weights measured on folders it
 * never trained on, the numbers `eval` gives for the same weights and folder, summaries and
 * paired comparisons per set; folders refused before anything is made, an external set that
 * holds a training image refused by its pixels.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <glib/gstdio.h>
#include <string.h>

#include "cli-run.h"
#include "lb-csv.h"
#include "lb-test-util.h"

#define SMALL "--preset", "tiny", "--epochs", "2", "--width", "4", "--threads", "2"

static char *
demo_folder (const char *root, const char *name, const char *count, const char *seed)
{
  char *folder = g_build_filename (root, name, NULL);
  g_auto (Run) demo = { 0 };
  run_cli (&demo, "demo-data", "--out", folder, "--count", count, "--size", "64", "--seed",
           seed, NULL);
  g_assert_cmpint (demo.status, ==, 0);
  return folder;
}

static GPtrArray *
load_csv (const char *first, ...) G_GNUC_NULL_TERMINATED;

static GPtrArray *
load_csv (const char *first, ...)
{
  va_list args;
  va_start (args, first);
  g_autofree char *path = g_build_filename_valist (first, &args);
  va_end (args);
  g_autoptr (GError) error = NULL;
  GPtrArray *table = lb_csv_load (path, &error);
  g_assert_no_error (error);
  return table;
}

/* Two external sets, one named after a clash ("other", "other-2"): each run's rows on each set
 * are, to the last digit written, those of `eval` on its weights.safetensors and that folder. */
static void
test_external_equals_eval (void)
{
  g_autofree char *root = lb_test_make_tmp_dir ();
  g_autofree char *train = demo_folder (root, "train", "40", "1");
  g_autofree char *first = demo_folder (root, "other", "12", "7");
  g_autofree char *parent = g_build_filename (root, "b", NULL);
  g_mkdir (parent, 0755);
  g_autofree char *second = demo_folder (parent, "other", "10", "9");
  g_autofree char *exp = g_build_filename (root, "exp", NULL);

  g_auto (Run) compare = { 0 };
  run_cli (&compare, "compare", SMALL, "--data", train, "--external", first, "--external",
           second, "--losses", "dice-bce,jaccard", "--seeds", "2", "--out", exp, NULL);
  g_assert_cmpint (compare.status, ==, 0);
  g_assert_nonnull (strstr (compare.out, "External test set “other” (12 images"));
  g_assert_nonnull (strstr (compare.out, "External test set “other-2” (10 images"));
  g_assert_nonnull (strstr (compare.out, "The ranking by IoU on “other-2” is"));

  const char *sets[] = { "other", "other-2" };
  const char *folders[] = { first, second };
  const guint images[] = { 12, 10 };
  const char *runs[] = { "dice-bce-s1", "jaccard-s1", "dice-bce-s2", "jaccard-s2" };
  for (guint s = 0; s < G_N_ELEMENTS (sets); s++)
    {
      for (guint r = 0; r < G_N_ELEMENTS (runs); r++)
        {
          g_autofree char *weights = g_build_filename (exp, "runs", runs[r], "weights.safetensors",
                                                       NULL);
          g_autofree char *eval_csv = g_build_filename (root, "eval.csv", NULL);
          g_auto (Run) eval = { 0 };
          run_cli (&eval, "eval", "--weights", weights, "--data", folders[s], "--threads", "2",
                   "--out", eval_csv, NULL);
          g_assert_cmpint (eval.status, ==, 0);
          g_autoptr (GPtrArray) expected = load_csv (eval_csv, NULL);
          g_autoptr (GPtrArray) got = load_csv (exp, "runs", runs[r], "external", sets[s],
                                                "per-image.csv", NULL);
          g_assert_cmpuint (got->len, ==, images[s] + 1);
          g_assert_cmpuint (got->len, ==, expected->len);
          for (guint row = 0; row < got->len; row++)
            {
              char **a = g_ptr_array_index (got, row), **b = g_ptr_array_index (expected, row);
              g_assert_cmpuint (g_strv_length (a), ==, g_strv_length (b));
              for (guint c = 0; a[c]; c++)
                g_assert_cmpstr (a[c], ==, b[c]);
            }
          g_autofree char *mask = g_strdup_printf ("phantom_0001.png");
          g_autofree char *mask_path = g_build_filename (exp, "runs", runs[r], "external",
                                                         sets[s], "masks", mask, NULL);
          g_assert_true (g_file_test (mask_path, G_FILE_TEST_IS_REGULAR));
        }

      /* The set's summary (a row per loss), its paired comparison, every run's rows. */
      g_autoptr (GPtrArray) summary = load_csv (exp, "external", sets[s], "summary.csv", NULL);
      g_autoptr (GPtrArray) comparisons = load_csv (exp, "external", sets[s], "comparisons.csv",
                                                    NULL);
      g_autoptr (GPtrArray) per_image = load_csv (exp, "external", sets[s], "per-image.csv",
                                                  NULL);
      g_assert_cmpuint (summary->len, ==, 1 + 2);
      g_assert_cmpuint (comparisons->len, ==, 1 + 1);
      g_assert_cmpuint (per_image->len, ==, 1 + 4 * images[s]);
    }

  /* export writes the same files into its folder. */
  g_autofree char *out = g_build_filename (root, "csv", NULL);
  g_auto (Run) export = { 0 };
  run_cli (&export, "export", exp, "--out", out, "--quiet", NULL);
  g_assert_cmpint (export.status, ==, 0);
  g_autofree char *made = g_build_filename (exp, "external", "other-2", "summary.csv", NULL);
  g_autofree char *exported = g_build_filename (out, "external", "other-2", "summary.csv", NULL);
  g_autofree char *made_text = NULL, *exported_text = NULL;
  g_assert_true (g_file_get_contents (made, &made_text, NULL, NULL));
  g_assert_true (g_file_get_contents (exported, &exported_text, NULL, NULL));
  g_assert_cmpstr (made_text, ==, exported_text);

  lb_test_remove_tree (root);
}

/* Refused before the experiment folder is made: a training folder, a missing one, a folder
 * with no pair, the same folder twice. */
static void
test_refused (void)
{
  g_autofree char *root = lb_test_make_tmp_dir ();
  g_autofree char *train = demo_folder (root, "train", "20", "1");
  g_autofree char *other = demo_folder (root, "other", "10", "7");
  g_autofree char *missing = g_build_filename (root, "nowhere", NULL);
  g_autofree char *empty = g_build_filename (root, "empty", NULL);
  g_autofree char *empty_images = g_build_filename (empty, "images", NULL);
  g_autofree char *empty_masks = g_build_filename (empty, "masks", NULL);
  g_mkdir_with_parents (empty_images, 0755);
  g_mkdir_with_parents (empty_masks, 0755);
  g_autofree char *same_spelled = g_strconcat (train, "/", NULL);
  g_autofree char *exp = g_build_filename (root, "exp", NULL);

  const struct
  {
    const char *external[2];
    const char *said;
  } cases[] = {
    { { same_spelled, NULL }, "is a training folder: an external test set must hold images the "
                              "networks never saw" },
    { { missing, NULL }, "does not exist" },
    { { empty, NULL }, "no image there has a mask" },
    { { other, other }, "is given twice as an external test set" },
  };
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GPtrArray) args = g_ptr_array_new ();
      const char *fixed[] = { "compare", SMALL, "--data", train, "--losses", "dice-bce",
                              "--seeds", "1", "--out", exp };
      for (guint k = 0; k < G_N_ELEMENTS (fixed); k++)
        g_ptr_array_add (args, (gpointer) fixed[k]);
      for (guint k = 0; k < 2 && cases[i].external[k]; k++)
        {
          g_ptr_array_add (args, (gpointer) "--external");
          g_ptr_array_add (args, (gpointer) cases[i].external[k]);
        }
      g_ptr_array_add (args, NULL);
      g_auto (Run) run = { 0 };
      run_cli_argv (&run, (const char *const *) args->pdata);
      g_assert_cmpint (run.status, ==, 2);
      if (strstr (run.err, cases[i].said) == NULL)
        g_error ("case %u said: %s", i, run.err);
      g_assert_false (g_file_test (exp, G_FILE_TEST_EXISTS));
    }
  lb_test_remove_tree (root);
}

static void
copy_file (const char *from, const char *to)
{
  g_autoptr (GFile) a = g_file_new_for_path (from);
  g_autoptr (GFile) b = g_file_new_for_path (to);
  g_autoptr (GError) error = NULL;
  g_assert_true (g_file_copy (a, b, G_FILE_COPY_NONE, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
}

/* A training image copied into the external folder under another name is found by its pixels:
 * the run stops with the names of both, and no run trains. */
static void
test_training_image_refused (void)
{
  g_autofree char *root = lb_test_make_tmp_dir ();
  g_autofree char *train = demo_folder (root, "train", "20", "1");
  g_autofree char *other = demo_folder (root, "other", "10", "7");
  const char *kinds[] = { "images", "masks" };
  for (guint k = 0; k < G_N_ELEMENTS (kinds); k++)
    {
      g_autofree char *from = g_build_filename (train, kinds[k], "phantom_0005.png", NULL);
      g_autofree char *to = g_build_filename (other, kinds[k], "copied_0005.png", NULL);
      copy_file (from, to);
    }
  g_autofree char *manifest = g_build_filename (other, "manifest.csv", NULL);
  g_autofree char *text = NULL;
  g_assert_true (g_file_get_contents (manifest, &text, NULL, NULL));
  g_autofree char *more = g_strconcat (text, "copied_0005,phantom,1,4\n", NULL);
  g_assert_true (g_file_set_contents (manifest, more, -1, NULL));

  g_autofree char *exp = g_build_filename (root, "exp", NULL);
  g_auto (Run) run = { 0 };
  run_cli (&run, "compare", SMALL, "--data", train, "--external", other, "--losses", "dice-bce",
           "--seeds", "1", "--out", exp, NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "The image “copied_0005” of the external test set “other” "
                                     "is also in the experiment's own data (as “phantom_0005”)"));
  g_autofree char *history = g_build_filename (exp, "runs", "dice-bce-s1", "history.csv", NULL);
  g_assert_false (g_file_test (history, G_FILE_TEST_EXISTS));
  lb_test_remove_tree (root);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/cli/external/equals-eval", test_external_equals_eval);
  g_test_add_func ("/cli/external/refused", test_refused);
  g_test_add_func ("/cli/external/training-image-refused", test_training_image_refused);
  return g_test_run ();
}
