/* test-run-set.c — runs of several experiments side by side: split results merged back give the
 * one experiment's comparison exactly, seeds matched in order, and real experiments paired,
 * paired by image only, or not at all, each saying so.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <math.h>
#include <string.h>

#include "lb-error.h"
#include "lb-experiment.h"
#include "lb-run-set.h"
#include "lb-test-util.h"

enum { SEEDS = 3, IMAGES = 12 };

static const char *const kinds[] = { "dice-bce", "jaccard", "tversky" };
static const char *const labels[] = { "Dice-BCE", "Jaccard", "Tversky" };

/* A per-image.csv of losses FIRST … LAST − 1 (of kinds[]), SEEDS seeds from FIRST_SEED, the
 * images in reverse order when REVERSED, and image RENAMED (−1: none) under another name.
 * Tversky has 30 fewer false positives on every image: a real difference. */
static char *
write_part (const char *dir, const char *file, int first, int last, int first_seed,
            gboolean reversed, int renamed)
{
  g_autoptr (GString) text = g_string_new ("run,loss,label,seed,name,source,tp,fp,fn,tn,iou\r\n");
  for (int s = 0; s < SEEDS; s++)
    for (int l = first; l < last; l++)
      for (int k = 0; k < IMAGES; k++)
        {
          int i = reversed ? IMAGES - 1 - k : k;
          int tp = 1000 + 13 * i + 7 * s;
          int fp = 50 + (i * (s + 1) + 5 * l * i) % 17 - (l == 2 ? 30 : 0);
          int fn = 40 + (3 * i + s + 5 * l) % 11;
          g_string_append_printf (text, "%s-s%d,%s,%s,%d,%s%02d,demo,%d,%d,%d,3000,0.9\r\n",
                                  kinds[l], first_seed + s, kinds[l], labels[l], first_seed + s,
                                  i == renamed ? "other" : "img", i, tp, fp, fn);
        }
  char *path = g_build_filename (dir, file, NULL);
  g_assert_true (g_file_set_contents (path, text->str, -1, NULL));
  return path;
}

static LbPerImage *
load (const char *path)
{
  g_autoptr (GError) error = NULL;
  LbPerImage *results = lb_per_image_load_csv (path, NULL, &error);
  g_assert_no_error (error);
  return results;
}

static void
assert_same_pairs (const LbExperimentSummary *x, const LbExperimentSummary *y)
{
  g_assert_cmpuint (x->pairs->len, ==, y->pairs->len);
  for (guint p = 0; p < x->pairs->len; p++)
    {
      const LbPairComparison *a = &g_array_index (x->pairs, LbPairComparison, p);
      const LbPairComparison *b = &g_array_index (y->pairs, LbPairComparison, p);
      g_assert_cmpuint (a->a, ==, b->a);
      g_assert_cmpuint (a->b, ==, b->b);
      g_assert_cmpint (a->bootstrap.n_seeds, ==, b->bootstrap.n_seeds);
      g_assert_cmpfloat (a->bootstrap.mean, ==, b->bootstrap.mean);
      g_assert_cmpfloat (a->bootstrap.ci_low, ==, b->bootstrap.ci_low);
      g_assert_cmpfloat (a->bootstrap.ci_high, ==, b->bootstrap.ci_high);
      g_assert_cmpfloat (a->bootstrap.p_value, ==, b->bootstrap.p_value);
      g_assert_cmpfloat (a->p_holm, ==, b->p_holm);
      g_assert_cmpint (a->verdict, ==, b->verdict);
    }
}

/* Results split into two experiments and merged back are the one experiment's, to the bit:
 * the same pairs, intervals, p-values and verdicts, whatever order the second lists its images
 * in. */
static void
test_merge_equals_one_experiment (void)
{
  g_autofree char *dir = lb_test_make_tmp_dir ();
  g_autofree char *whole_path = write_part (dir, "whole.csv", 0, 3, 1, FALSE, -1);
  g_autofree char *a_path = write_part (dir, "a.csv", 0, 2, 1, FALSE, -1);
  g_autofree char *b_path = write_part (dir, "b.csv", 2, 3, 1, TRUE, -1);
  g_autoptr (LbPerImage) whole = load (whole_path);
  LbPerImage *parts[] = { load (a_path), load (b_path) };
  const char *tags[] = { "A", "B" };
  g_autoptr (GError) error = NULL;
  g_autoptr (LbPerImage) merged = lb_run_set_merge (parts, 2, tags, NULL, &error);
  g_assert_no_error (error);

  g_assert_cmpuint (merged->losses->len, ==, 3);
  g_assert_cmpstr (g_array_index (merged->losses, LbPerImageLoss, 0).label, ==, "Dice-BCE (A)");
  g_assert_cmpstr (g_array_index (merged->losses, LbPerImageLoss, 2).label, ==, "Tversky (B)");
  g_assert_cmpuint (merged->runs->len, ==, 3 * SEEDS);

  g_autoptr (LbExperimentSummary) reference = lb_per_image_summarize (whole, &error);
  g_assert_no_error (error);
  g_autoptr (LbExperimentSummary) summary = lb_per_image_summarize (merged, &error);
  g_assert_no_error (error);
  assert_same_pairs (reference, summary);
  for (guint l = 0; l < 3; l++)
    g_assert_cmpfloat (g_array_index (summary->losses, LbLossSummary, l).metric[LB_METRIC_IOU].mean,
                       ==,
                       g_array_index (reference->losses, LbLossSummary,
                                      l).metric[LB_METRIC_IOU].mean);
  /* Tversky's 30 fewer false positives is beyond noise, and it is named with its experiment. */
  const LbPairComparison *pair = &g_array_index (summary->pairs, LbPairComparison, 1);
  g_assert_cmpint (pair->verdict, ==, LB_VERDICT_DIFFERENT);
  g_autofree char *sentence = lb_per_image_describe_pair (merged, pair);
  g_assert_nonnull (strstr (sentence, "Tversky (B) is better"));

  lb_per_image_free (parts[0]);
  lb_per_image_free (parts[1]);
  lb_test_remove_tree (dir);
}

/* With other seeds, the offsets match the k-th seed of each: the same comparison again;
 * without them no seed is shared and nothing can be decided. */
static void
test_seeds_matched_in_order (void)
{
  g_autofree char *dir = lb_test_make_tmp_dir ();
  g_autofree char *whole_path = write_part (dir, "whole.csv", 0, 3, 1, FALSE, -1);
  g_autofree char *a_path = write_part (dir, "a.csv", 0, 2, 1, FALSE, -1);
  g_autofree char *b_path = write_part (dir, "b.csv", 2, 3, 11, FALSE, -1);
  g_autoptr (LbPerImage) whole = load (whole_path);
  LbPerImage *parts[] = { load (a_path), load (b_path) };
  const char *tags[] = { "A", "B" };
  const guint64 offsets[] = { 0, 10 };
  g_autoptr (GError) error = NULL;

  g_autoptr (LbPerImage) matched = lb_run_set_merge (parts, 2, tags, offsets, &error);
  g_assert_no_error (error);
  g_autoptr (LbExperimentSummary) reference = lb_per_image_summarize (whole, &error);
  g_autoptr (LbExperimentSummary) summary = lb_per_image_summarize (matched, &error);
  g_assert_no_error (error);
  assert_same_pairs (reference, summary);

  g_autoptr (LbPerImage) unmatched = lb_run_set_merge (parts, 2, tags, NULL, &error);
  g_assert_no_error (error);
  g_autoptr (LbExperimentSummary) apart = lb_per_image_summarize (unmatched, &error);
  g_assert_no_error (error);
  const LbPairComparison *cross = &g_array_index (apart->pairs, LbPairComparison, 1);
  g_assert_cmpint (cross->bootstrap.n_seeds, ==, 0);
  g_assert_cmpint (cross->verdict, ==, LB_VERDICT_UNDECIDABLE);

  lb_per_image_free (parts[0]);
  lb_per_image_free (parts[1]);
  lb_test_remove_tree (dir);
}

/* Results on other images are refused by the merge, naming the image. */
static void
test_other_images_refused (void)
{
  g_autofree char *dir = lb_test_make_tmp_dir ();
  g_autofree char *a_path = write_part (dir, "a.csv", 0, 1, 1, FALSE, -1);
  g_autofree char *b_path = write_part (dir, "b.csv", 1, 2, 1, FALSE, 4);
  LbPerImage *parts[] = { load (a_path), load (b_path) };
  const char *tags[] = { "A", "B" };
  g_autoptr (GError) error = NULL;
  g_autoptr (LbPerImage) merged = lb_run_set_merge (parts, 2, tags, NULL, &error);
  g_assert_null (merged);
  g_assert_error (error, LB_ERROR, LB_ERROR_INVALID_INPUT);
  g_assert_nonnull (strstr (error->message, "“other04”"));
  lb_per_image_free (parts[0]);
  lb_per_image_free (parts[1]);
  lb_test_remove_tree (dir);
}

/* ---- real experiments ---- */

static char *
run_experiment (const char *root, const char *name, const NnLossKind *losses, guint n_losses,
                guint64 first_seed, guint demo_count)
{
  LbExperimentConfig config;
  lb_experiment_config_init (&config, LB_TRAIN_PRESET_TINY);
  config.demo_count = demo_count;
  config.train.net = (NnUNetConfig) { .size = 32, .base_width = 4, .depth = 2, .batch = 8 };
  config.train.epochs = 2;
  config.train.learning_rate = 3e-3;
  config.train.threads = 2;
  config.n_losses = n_losses;
  for (guint l = 0; l < n_losses; l++)
    nn_loss_config_preset (&config.losses[l], losses[l], NN_LOSS_PRESET_POSTER);
  config.first_seed = first_seed;
  config.n_seeds = 2;

  char *folder = g_build_filename (root, name, NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (LbExperiment) experiment = lb_experiment_new (&config, folder, &error);
  g_assert_no_error (error);
  g_assert_true (lb_experiment_run (experiment, NULL, &error));
  g_assert_no_error (error);
  lb_experiment_config_clear (&config);
  return folder;
}

static LbRunSetComparison *
compare (const LbRunSet *set, const gboolean *included)
{
  g_autoptr (GError) error = NULL;
  LbRunSetComparison *comparison = lb_run_set_compare (set, included, LB_METRIC_IOU, &error);
  g_assert_no_error (error);
  g_test_message ("%s", comparison->pairing_note);
  return comparison;
}

static void
test_experiments (void)
{
  g_autofree char *root = lb_test_make_tmp_dir ();
  const NnLossKind two[] = { NN_LOSS_DICE_BCE, NN_LOSS_FOCAL_TVERSKY };
  const NnLossKind tversky[] = { NN_LOSS_TVERSKY }, jaccard[] = { NN_LOSS_JACCARD };
  g_autofree char *a = run_experiment (root, "a", two, 2, 1, 40);
  g_autofree char *b = run_experiment (root, "b", tversky, 1, 1, 40);
  g_autofree char *c = run_experiment (root, "c", jaccard, 1, 5, 40);
  g_autofree char *d = run_experiment (root, "d", jaccard, 1, 1, 48);
  const char *folders[] = { a, b, c, d, NULL };
  g_autoptr (GError) error = NULL;
  g_autoptr (LbRunSet) set = lb_run_set_load (folders, &error);
  g_assert_no_error (error);

  /* Five groups, named with their experiment's letter; every finished run with its curve. */
  g_assert_cmpuint (lb_run_set_get_n_experiments (set), ==, 4);
  g_assert_cmpstr (lb_run_set_get_tag (set, 3), ==, "D");
  g_assert_cmpuint (lb_run_set_get_n_groups (set), ==, 5);
  g_assert_cmpstr (lb_run_set_get_group_label (set, 1), ==, "Focal-Tversky (A)");
  g_assert_cmpstr (lb_run_set_get_labels (set)[3], ==, "Jaccard (C)");
  g_assert_null (lb_run_set_get_labels (set)[5]);
  g_assert_cmpuint (lb_run_set_get_group_experiment (set, 4), ==, 3);
  g_assert_cmpint (lb_run_set_get_group_loss (set, 2)->kind, ==, NN_LOSS_TVERSKY);
  g_assert_cmpint (lb_run_set_get_group_loss (set, 1)->kind, ==, NN_LOSS_FOCAL_TVERSKY);
  g_assert_cmpuint (lb_run_set_get_n_runs (set), ==, 10);
  g_assert_cmpint (lb_run_set_get_max_epochs (set), ==, 2);
  for (guint r = 0; r < lb_run_set_get_n_runs (set); r++)
    {
      GArray *history = g_ptr_array_index (lb_run_set_get_histories (set), r);
      g_assert_cmpuint (history->len, ==, 2);
      g_assert_cmpuint (lb_run_set_get_run_groups (set)[r], ==, r / 2);
    }
  g_assert_cmpstr (lb_run_set_get_entry (set, 0)->dataset, ==, "demo set (40 images)");

  /* All four: D's demo set has 48 images, so nothing is tested and no row claims to be best. */
  g_autoptr (LbRunSetComparison) all = compare (set, NULL);
  g_assert_cmpint (all->pairing, ==, LB_RUN_SET_UNPAIRED);
  g_assert_nonnull (strstr (all->pairing_note, "Not paired: A and D were not tested on the "
                                               "same images"));
  g_assert_cmpuint (all->summary->losses->len, ==, 5);
  g_assert_cmpuint (all->summary->pairs->len, ==, 0);
  g_assert_cmpuint (all->summary->ranking->len, ==, 5);
  for (guint row = 0; row < 5; row++)
    g_assert_false (lb_experiment_summary_is_best (all->summary, row, NN_METRIC_IOU));
  g_autofree char *design = lb_experiment_summary_describe_design (all->summary);
  g_assert_null (design);

  /* A and B: the same images and seeds, so paired by both. */
  const gboolean ab[] = { TRUE, TRUE, TRUE, FALSE, FALSE };
  g_autoptr (LbRunSetComparison) paired = compare (set, ab);
  g_assert_cmpint (paired->pairing, ==, LB_RUN_SET_PAIRED);
  g_assert_nonnull (strstr (paired->pairing_note, "Paired by seed and image: A and B"));
  g_assert_nonnull (strstr (paired->pairing_note, "seeds 1–2"));
  g_assert_cmpuint (paired->summary->pairs->len, ==, 3);
  for (guint p = 0; p < 3; p++)
    g_assert_cmpint (g_array_index (paired->summary->pairs, LbPairComparison, p).bootstrap.n_seeds,
                     ==, 2);

  /* A and C: the same images, seeds 1–2 and 5–6, matched in order. */
  const gboolean ac[] = { TRUE, FALSE, FALSE, TRUE, FALSE };
  g_autoptr (LbRunSetComparison) by_image = compare (set, ac);
  g_assert_cmpint (by_image->pairing, ==, LB_RUN_SET_PAIRED_BY_IMAGE);
  g_assert_nonnull (strstr (by_image->pairing_note, "A seeds 1–2, C seeds 5–6"));
  g_assert_cmpuint (by_image->summary->pairs->len, ==, 1);
  const LbPairComparison *pair = &g_array_index (by_image->summary->pairs, LbPairComparison, 0);
  g_assert_cmpuint (pair->a, ==, 0);
  g_assert_cmpuint (pair->b, ==, 3);
  g_assert_cmpint (pair->bootstrap.n_seeds, ==, 2);

  /* One experiment's groups alone: as on its Compare page. */
  const gboolean only_a[] = { TRUE, TRUE, FALSE, FALSE, FALSE };
  g_autoptr (LbRunSetComparison) single = compare (set, only_a);
  g_assert_cmpint (single->pairing, ==, LB_RUN_SET_SINGLE);
  g_assert_cmpuint (single->summary->pairs->len, ==, 1);

  /* A folder that is not an experiment is named in the error. */
  g_autofree char *missing = g_build_filename (root, "gone", NULL);
  const char *with_missing[] = { a, missing, NULL };
  g_autoptr (LbRunSet) none = lb_run_set_load (with_missing, &error);
  g_assert_null (none);
  g_assert_nonnull (error);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "Experiment “gone” cannot be shown: "));

  lb_test_remove_tree (root);
}

int
main (int argc, char **argv)
{
  g_autofree char *cache = lb_test_isolate_cache ();
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/run-set/merge-equals-one-experiment", test_merge_equals_one_experiment);
  g_test_add_func ("/run-set/seeds-matched-in-order", test_seeds_matched_in_order);
  g_test_add_func ("/run-set/other-images-refused", test_other_images_refused);
  g_test_add_func ("/run-set/experiments", test_experiments);
  int status = g_test_run ();
  lb_test_remove_tree (cache);
  return status;
}
