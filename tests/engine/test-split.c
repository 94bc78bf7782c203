/* test-split.c — seeded, reproducible, stratified splits and their text file.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "lb-error.h"
#include "lb-split.h"
#include "lb-test-util.h"

/* The poster's 704 pairs: 138 Montgomery + 566 Shenzhen. */
static char **
poster_names (char ***sources_out)
{
  guint n = 704;
  char **names = g_new0 (char *, n + 1);
  char **sources = g_new0 (char *, n + 1);
  for (guint i = 0; i < n; i++)
    {
      gboolean mc = i < 138;
      names[i] = g_strdup_printf ("%s_%04u", mc ? "MCUCXR" : "CHNCXR", i);
      sources[i] = g_strdup (mc ? "montgomery" : "shenzhen");
    }
  *sources_out = sources;
  return names;
}

static LbSplit *
make (char **names, char **sources, guint64 seed, gboolean stratify)
{
  g_autoptr(GError) error = NULL;
  LbSplit *split = lb_split_new_seeded ((const char *const *) names,
                                       (const char *const *) sources, g_strv_length (names),
                                       0.8, 0.1, 0.1, seed, stratify, &error);
  g_assert_no_error (error);
  return split;
}

static gboolean
same_split (LbSplit *a, LbSplit *b)
{
  if (lb_split_get_n_names (a) != lb_split_get_n_names (b))
    return FALSE;
  for (guint i = 0; i < lb_split_get_n_names (a); i++)
    if (strcmp (lb_split_get_name (a, i), lb_split_get_name (b, i)) != 0
        || lb_split_get_subset (a, i) != lb_split_get_subset (b, i))
      return FALSE;
  return TRUE;
}

static void
test_seeded (void)
{
  g_auto(GStrv) sources = NULL;
  g_auto(GStrv) names = poster_names (&sources);
  g_autoptr(LbSplit) a = make (names, sources, 42, FALSE);
  g_autoptr(LbSplit) b = make (names, sources, 42, FALSE);
  g_autoptr(LbSplit) c = make (names, sources, 43, FALSE);
  g_assert_true (same_split (a, b));
  g_assert_false (same_split (a, c));

  /* 80/10/10 of 704: 70 test, 70 validation (70.4 rounded), 564 training */
  g_assert_cmpuint (lb_split_count (a, LB_SUBSET_TEST), ==, 70);
  g_assert_cmpuint (lb_split_count (a, LB_SUBSET_VAL), ==, 70);
  g_assert_cmpuint (lb_split_count (a, LB_SUBSET_TRAIN), ==, 564);

  /* the order the names arrive in does not matter */
  guint n = g_strv_length (names);
  for (guint i = 0; i < n / 2; i++)
    {
      char *t = names[i];
      names[i] = names[n - 1 - i];
      names[n - 1 - i] = t;
      t = sources[i];
      sources[i] = sources[n - 1 - i];
      sources[n - 1 - i] = t;
    }
  g_autoptr(LbSplit) reversed = make (names, sources, 42, FALSE);
  g_assert_true (same_split (a, reversed));
}

static void
test_stratified (void)
{
  g_auto(GStrv) sources = NULL;
  g_auto(GStrv) names = poster_names (&sources);
  g_autoptr(LbSplit) split = make (names, sources, 7, TRUE);
  /* each source split on its own: Montgomery 138 → 14/14/110, Shenzhen 566 → 57/57/452 */
  const LbSubset subsets[] = { LB_SUBSET_TRAIN, LB_SUBSET_VAL, LB_SUBSET_TEST };
  const guint expect_mc[] = { 110, 14, 14 }, expect_ch[] = { 452, 57, 57 };
  for (gsize s = 0; s < 3; s++)
    {
      guint mc = 0, ch = 0;
      for (guint i = 0; i < lb_split_get_n_names (split); i++)
        if (lb_split_get_subset (split, i) == subsets[s])
          {
            if (g_str_has_prefix (lb_split_get_name (split, i), "MCUCXR"))
              mc++;
            else
              ch++;
          }
      g_assert_cmpuint (mc, ==, expect_mc[s]);
      g_assert_cmpuint (ch, ==, expect_ch[s]);
      /* the proportion of Montgomery in every subset stays near the whole set's 19.6 % */
      g_assert_cmpfloat (fabs ((double) mc / (mc + ch) - 138.0 / 704.0), <, 0.01);
    }
}

/* Montgomery held out: every one of its pairs tests and none trains or validates; Shenzhen's
 * 566 split 8:1 (63 validate, as 566/9 rounds); the same again from the same seed; saved and
 * loaded, the file says what was held out. An unknown or the only source is refused. */
static void
test_held_out (void)
{
  g_auto(GStrv) sources = NULL;
  g_auto(GStrv) names = poster_names (&sources);
  g_autoptr(GError) error = NULL;
  g_autoptr(LbSplit) split = lb_split_new_holding_out ((const char *const *) names,
                                                       (const char *const *) sources, 704,
                                                       "montgomery", 0.8, 0.1, 3, &error);
  g_assert_no_error (error);
  g_autoptr(LbSplit) again = lb_split_new_holding_out ((const char *const *) names,
                                                       (const char *const *) sources, 704,
                                                       "montgomery", 0.8, 0.1, 3, &error);
  guint counts[3][2] = { { 0 } };

  g_assert_true (same_split (split, again));
  g_assert_cmpstr (lb_split_get_held_out (split), ==, "montgomery");
  for (guint i = 0; i < lb_split_get_n_names (split); i++)
    counts[lb_split_get_subset (split, i)][g_str_has_prefix (lb_split_get_name (split, i),
                                                             "MCUCXR")]++;
  g_assert_cmpuint (counts[LB_SUBSET_TEST][1], ==, 138);
  g_assert_cmpuint (counts[LB_SUBSET_TEST][0], ==, 0);
  g_assert_cmpuint (counts[LB_SUBSET_TRAIN][1] + counts[LB_SUBSET_VAL][1], ==, 0);
  g_assert_cmpuint (counts[LB_SUBSET_VAL][0], ==, 63);
  g_assert_cmpuint (counts[LB_SUBSET_TRAIN][0], ==, 566 - 63);

  g_autofree char *dir = g_dir_make_tmp ("lb-split-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "split.tsv", NULL);
  g_assert_true (lb_split_save (split, path, &error));
  g_autoptr(LbSplit) loaded = lb_split_load (path, &error);
  g_assert_no_error (error);
  g_assert_true (same_split (split, loaded));
  g_assert_cmpstr (lb_split_get_held_out (loaded), ==, "montgomery");
  g_unlink (path);
  g_rmdir (dir);

  g_assert_null (lb_split_new_holding_out ((const char *const *) names,
                                           (const char *const *) sources, 704, "padchest", 0.8,
                                           0.1, 3, &error));
  g_assert_error (error, LB_ERROR, LB_ERROR_INVALID_INPUT);
  g_assert_nonnull (strstr (error->message, "the sources here are montgomery, shenzhen"));
  g_clear_error (&error);
  g_assert_null (lb_split_new_holding_out ((const char *const *) names,
                                           (const char *const *) sources, 138, "montgomery",
                                           0.8, 0.1, 3, &error));
  g_assert_nonnull (strstr (error->message, "leaves nothing to train on"));
}

static void
test_round_trip (void)
{
  g_auto(GStrv) sources = NULL;
  g_auto(GStrv) names = poster_names (&sources);
  g_autoptr(LbSplit) split = make (names, sources, 99, TRUE);
  g_autofree char *dir = lb_test_make_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "split.tsv", NULL);
  g_autoptr(GError) error = NULL;
  g_assert_true (lb_split_save (split, path, &error));
  g_assert_no_error (error);

  g_autoptr(LbSplit) loaded = lb_split_load (path, &error);
  g_assert_no_error (error);
  g_assert_true (same_split (split, loaded));
  g_assert_cmpuint (lb_split_get_seed (loaded), ==, 99);

  /* the file is what the brief says: one name<TAB>subset per line */
  g_autofree char *text = NULL;
  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  g_assert_nonnull (strstr (text, "\nCHNCXR_0138\t"));
  /* and its header gives the fractions as a person writes them */
  g_assert_true (g_str_has_prefix (text, "# lossbench split v1 seed=99 fractions=0.8/0.1/0.1 "));

  /* broken files say which line is wrong */
  g_assert_true (g_file_set_contents (path, "a\ttrain\nb\tholdout\n", -1, NULL));
  g_autoptr(LbSplit) bad = lb_split_load (path, &error);
  g_assert_null (bad);
  g_assert_error (error, LB_ERROR, LB_ERROR_CORRUPT);
  g_assert_nonnull (strstr (error->message, "line 2"));
  g_clear_error (&error);
  g_assert_true (g_file_set_contents (path, "a\ttrain\na\ttest\n", -1, NULL));
  bad = lb_split_load (path, &error);
  g_assert_error (error, LB_ERROR, LB_ERROR_CORRUPT);
  g_assert_nonnull (strstr (error->message, "twice"));
  lb_test_remove_tree (dir);
}

static void
test_dataset_indices (void)
{
  g_autoptr(LbDataset) dataset = lb_dataset_new_demo (20, 16, 1, LB_NORMALIZATION_POSTER, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(LbSplit) split = lb_split_new_for_dataset (dataset, 0.6, 0.2, 0.2, 5, FALSE,
                                                       &error);
  g_assert_no_error (error);
  gboolean seen[20] = { FALSE };
  guint total = 0;
  const LbSubset subsets[] = { LB_SUBSET_TRAIN, LB_SUBSET_VAL, LB_SUBSET_TEST };
  const guint expected[] = { 12, 4, 4 };
  for (gsize s = 0; s < 3; s++)
    {
      guint n = 0;
      g_autofree guint *indices = lb_split_get_dataset_indices (split, dataset, subsets[s], &n,
                                                                &error);
      g_assert_no_error (error);
      g_assert_cmpuint (n, ==, expected[s]);
      for (guint k = 0; k < n; k++)
        {
          g_assert_false (seen[indices[k]]);
          seen[indices[k]] = TRUE;
          g_assert_cmpint (lb_split_lookup (split, lb_dataset_get_name (dataset, indices[k])),
                           ==, subsets[s]);
        }
      total += n;
    }
  g_assert_cmpuint (total, ==, 20);

  /* a split made for other data is refused, not silently half-used */
  g_autoptr(LbDataset) other = lb_dataset_new_demo (25, 16, 1, LB_NORMALIZATION_POSTER, NULL);
  guint n = 0;
  g_autofree guint *none = lb_split_get_dataset_indices (split, other, LB_SUBSET_TRAIN, &n,
                                                         &error);
  g_assert_null (none);
  g_assert_error (error, LB_ERROR, LB_ERROR_INVALID_INPUT);
}

static void
test_bad_fractions (void)
{
  const char *names[] = { "a", "b", "c" };
  g_autoptr(GError) error = NULL;
  g_autoptr(LbSplit) split = lb_split_new_seeded (names, NULL, 3, 0.8, 0.3, 0.1, 1, FALSE,
                                                  &error);
  g_assert_null (split);
  g_assert_error (error, LB_ERROR, LB_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  const char *dups[] = { "a", "b", "a" };
  split = lb_split_new_seeded (dups, NULL, 3, 0.8, 0.1, 0.1, 1, FALSE, &error);
  g_assert_null (split);
  g_assert_error (error, LB_ERROR, LB_ERROR_INVALID_INPUT);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/split/seeded", test_seeded);
  g_test_add_func ("/split/stratified", test_stratified);
  g_test_add_func ("/split/round-trip", test_round_trip);
  g_test_add_func ("/split/held-out", test_held_out);
  g_test_add_func ("/split/dataset-indices", test_dataset_indices);
  g_test_add_func ("/split/bad-fractions", test_bad_fractions);
  return g_test_run ();
}
