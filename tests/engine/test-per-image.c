/* test-per-image.c — summaries and verdicts from a per-image.csv: the sentences a reader sees
 * for 1, 2 and more seeds, identical and clearly different losses, and damaged files.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "lb-csv.h"
#include "lb-error.h"
#include "lb-per-image.h"
#include "lb-test-util.h"

/* How the second loss differs from the first in the made-up results. */
typedef enum
{
  SAME,       /* the same counts: identical */
  NOISY,      /* its own noise, no systematic difference */
  BETTER,     /* 30 fewer false positives on every image of every seed */
} Second;

/* A per-image.csv as an export writes it: Dice-BCE and Jaccard, SEEDS seeds, IMAGES images. */
static char *
write_results (const char *dir, int seeds, int images, Second second)
{
  g_autoptr (GString) text = g_string_new ("run,loss,label,seed,name,source,tp,fp,fn,tn,iou\r\n");
  const char *kinds[] = { "dice-bce", "jaccard" }, *labels[] = { "Dice-BCE", "Jaccard" };
  for (int s = 1; s <= seeds; s++)
    for (int l = 0; l < 2; l++)
      for (int i = 0; i < images; i++)
        {
          int noise = l == 1 && second != SAME ? 5 : 0;
          int tp = 1000 + 13 * i + 7 * s;
          int fp = 50 + (i * s + noise * i) % 17 - (l == 1 && second == BETTER ? 30 : 0);
          int fn = 40 + (3 * i + s + noise) % 11;
          g_string_append_printf (text, "%s-s%d,%s,%s,%d,img%02d,demo,%d,%d,%d,3000,0.9\r\n",
                                  kinds[l], s, kinds[l], labels[l], s, i, tp, fp, fn);
        }
  char *path = g_build_filename (dir, "per-image.csv", NULL);
  g_assert_true (g_file_set_contents (path, text->str, -1, NULL));
  return path;
}

static LbExperimentSummary *
summarize (const char *path, LbPerImage **results)
{
  g_autoptr (GError) error = NULL;
  *results = lb_per_image_load_csv (path, NULL, &error);
  g_assert_no_error (error);
  LbExperimentSummary *summary = lb_per_image_summarize (*results, &error);
  g_assert_no_error (error);
  return summary;
}

static void
assert_contains (const char *text, const char *fragment)
{
  if (text == NULL || strstr (text, fragment) == NULL)
    g_error ("“%s” does not say “%s”", text, fragment);
}

static void
test_three_seeds (void)
{
  g_autofree char *dir = lb_test_make_tmp_dir ();
  g_autofree char *path = write_results (dir, 3, 12, NOISY);
  g_autoptr (LbPerImage) results = NULL;
  g_autoptr (LbExperimentSummary) summary = summarize (path, &results);

  g_assert_cmpuint (results->losses->len, ==, 2);
  const LbPerImageLoss *loss = &g_array_index (results->losses, LbPerImageLoss, 1);
  g_assert_cmpstr (loss->label, ==, "Jaccard");
  g_assert_false (loss->has_config);
  g_assert_cmpuint (results->runs->len, ==, 6);
  g_assert_cmpuint (summary->n_test_images, ==, 12);

  /* The mean difference is the plain mean of the per-image IoU differences. */
  double sum = 0.0;
  for (guint r = 0; r < 6; r += 2)
    for (int i = 0; i < 12; i++)
      {
        NnMetrics a, b;
        nn_metrics_from_confusion (&g_array_index (results->runs, LbPerImageRun, r).confusions[i],
                                   &a);
        nn_metrics_from_confusion (
          &g_array_index (results->runs, LbPerImageRun, r + 1).confusions[i], &b);
        sum += a.value[NN_METRIC_IOU] - b.value[NN_METRIC_IOU];
      }
  const LbPairComparison *pair = &g_array_index (summary->pairs, LbPairComparison, 0);
  g_assert_cmpfloat_with_epsilon (pair->bootstrap.mean, sum / 36, 1e-15);
  g_assert_cmpint (pair->bootstrap.n_seeds, ==, 3);
  g_assert_cmpint (pair->bootstrap.n_resamples, ==, LB_BOOTSTRAP_RESAMPLES);
  g_assert_cmpfloat (pair->p_holm, ==, pair->bootstrap.p_value);   /* one pair */
  g_assert_true (pair->verdict == LB_VERDICT_NOT_DISTINGUISHABLE
                 || pair->verdict == LB_VERDICT_DIFFERENT);

  g_autofree char *sentence = lb_per_image_describe_pair (results, pair);
  g_test_message ("%s", sentence);
  assert_contains (sentence, "Dice-BCE vs Jaccard: ");
  assert_contains (sentence, "IoU (95 % CI ");
  assert_contains (sentence, "seed spread ");
  assert_contains (sentence, "with 3 seeds");

  /* Every loss's interval stays inside the metric's range and holds its mean. */
  for (guint l = 0; l < summary->losses->len; l++)
    {
      const LbLossSummary *s = &g_array_index (summary->losses, LbLossSummary, l);
      g_assert_cmpint (s->n_collapsed, ==, -1);   /* not in a per-image.csv */
      for (int m = 0; m < NN_METRIC_COUNT; m++)
        {
          const LbMetricInterval *iv = &s->interval[m];
          g_assert_cmpfloat (iv->ci_low, >=, 0.0);
          g_assert_cmpfloat (iv->ci_high, <=, m == NN_METRIC_STEPPED_IOU ? 1.1 : 1.0);
          g_assert_cmpfloat (iv->ci_low, <=, s->metric[m].mean);
          g_assert_cmpfloat (s->metric[m].mean, <=, iv->ci_high);
          g_assert_cmpfloat_with_epsilon (iv->seed_spread, s->metric[m].std, 1e-15);
        }
    }

  g_autofree char *design = lb_experiment_summary_describe_design (summary);
  g_test_message ("%s", design);
  assert_contains (design, "With 3 seeds and 12 test images, IoU differences below ");
  g_autofree char *detection = lb_experiment_summary_describe_detection (summary, 0.002);
  assert_contains (detection, "Detecting a difference of 0.0020 IoU on 12 test images");

  /* The files: the new columns, and the Wilcoxon test kept as a secondary view. */
  g_autofree char *summary_csv = g_build_filename (dir, "summary.csv", NULL);
  g_autofree char *comparisons_csv = g_build_filename (dir, "comparisons.csv", NULL);
  g_autoptr (GError) error = NULL;
  g_assert_true (lb_per_image_export_csv (results, summary, summary_csv, comparisons_csv,
                                          &error));
  g_assert_no_error (error);
  g_autoptr (GPtrArray) rows = lb_csv_load (comparisons_csv, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rows->len, ==, 2);
  char **header = g_ptr_array_index (rows, 0), **row = g_ptr_array_index (rows, 1);
  const char *columns[] = { "loss_a", "loss_b", "metric", "mean_difference", "ci_low", "ci_high",
                            "seed_spread", "image_spread", "seeds", "images", "resamples",
                            "p_bootstrap", "p_holm", "significant", "verdict",
                            "detectable_difference", "method", "summary",
                            "wilcoxon_pairs_used", "wilcoxon_statistic",
                            "wilcoxon_median_difference", "wilcoxon_p", "wilcoxon_p_holm",
                            "wilcoxon_method", NULL };
  g_assert_cmpstrv (header, columns);
  g_assert_cmpstr (row[2], ==, "iou");
  g_assert_cmpstr (row[8], ==, "3");
  g_assert_cmpstr (row[9], ==, "12");
  g_assert_cmpstr (row[17], ==, sentence);
  g_autoptr (GPtrArray) loss_rows = lb_csv_load (summary_csv, &error);
  g_assert_no_error (error);
  char **loss_header = g_ptr_array_index (loss_rows, 0);
  char **loss_row = g_ptr_array_index (loss_rows, 1);
  g_assert_cmpstr (loss_header[13], ==, "iou_bootstrap_ci95_low");
  g_assert_cmpstr (loss_header[16], ==, "iou_image_spread");
  g_assert_cmpstr (loss_row[2], ==, "");    /* α: settings unknown without a config */
  g_assert_cmpstr (loss_row[7], ==, "1 2 3");
  g_assert_cmpstr (loss_row[8], ==, "");    /* collapsed runs: unknown */
  lb_test_remove_tree (dir);
}

static void
test_too_few_seeds (void)
{
  for (int seeds = 1; seeds <= 2; seeds++)
    {
      g_autofree char *dir = lb_test_make_tmp_dir ();
      g_autofree char *path = write_results (dir, seeds, 10, BETTER);
      g_autoptr (LbPerImage) results = NULL;
      g_autoptr (LbExperimentSummary) summary = summarize (path, &results);
      const LbPairComparison *pair = &g_array_index (summary->pairs, LbPairComparison, 0);
      g_assert_cmpint (pair->verdict, ==, LB_VERDICT_UNDECIDABLE);
      g_assert_false (pair->significant);
      g_assert_true (isnan (pair->detectable_difference));

      g_autofree char *sentence = lb_per_image_describe_pair (results, pair);
      g_autofree char *expected = g_strdup_printf (
        "cannot decide: %d seed%s; at least 3 seeds are needed to separate a difference from "
        "seed-to-seed noise", seeds, seeds == 1 ? "" : "s");
      g_test_message ("%s", sentence);
      assert_contains (sentence, "Dice-BCE vs Jaccard: −0.0");
      assert_contains (sentence, expected);
      /* Better on average, but too few seeds to say so in bold. */
      g_assert_false (lb_experiment_summary_is_best (summary, 1, NN_METRIC_IOU));

      g_autofree char *design = lb_experiment_summary_describe_design (summary);
      g_test_message ("%s", design);
      assert_contains (design, seeds == 1 ? "With 1 seed no difference can be told"
                                          : "With 2 seeds no difference can be told");
      /* One seed has no interval; two have a wide one. */
      const LbLossSummary *s = &g_array_index (summary->losses, LbLossSummary, 0);
      g_assert_cmpint (isnan (s->interval[NN_METRIC_IOU].ci_low), ==, seeds == 1);
      lb_test_remove_tree (dir);
    }
}

static void
test_identical_and_different (void)
{
  g_autofree char *dir = lb_test_make_tmp_dir ();
  g_autofree char *path = write_results (dir, 3, 10, SAME);
  g_autoptr (LbPerImage) same = NULL;
  g_autoptr (LbExperimentSummary) summary = summarize (path, &same);
  const LbPairComparison *pair = &g_array_index (summary->pairs, LbPairComparison, 0);
  g_assert_cmpint (pair->verdict, ==, LB_VERDICT_IDENTICAL);
  g_assert_cmpfloat (pair->bootstrap.ci_low, ==, 0.0);
  g_assert_cmpfloat (pair->bootstrap.ci_high, ==, 0.0);
  g_assert_cmpfloat (pair->p_holm, ==, 1.0);
  g_autofree char *sentence = lb_per_image_describe_pair (same, pair);
  g_assert_cmpstr (sentence, ==, "Dice-BCE vs Jaccard: identical on every test image of every "
                                 "seed");
  /* Equal means: neither is the best, in any column. */
  for (guint row = 0; row < 2; row++)
    for (NnMetric m = 0; m < NN_METRIC_COUNT; m++)
      g_assert_false (lb_experiment_summary_is_best (summary, row, m));
  g_free (path);

  /* 30 fewer false positives everywhere: about +0.025 IoU, far beyond the noise. */
  path = write_results (dir, 4, 10, BETTER);
  g_autoptr (LbPerImage) better = NULL;
  g_autoptr (LbExperimentSummary) clear = summarize (path, &better);
  pair = &g_array_index (clear->pairs, LbPairComparison, 0);
  g_autofree char *verdict = lb_per_image_describe_pair (better, pair);
  g_test_message ("%s", verdict);
  g_assert_cmpint (pair->verdict, ==, LB_VERDICT_DIFFERENT);
  g_assert_true (pair->significant);
  g_assert_cmpfloat (pair->bootstrap.ci_high, <, 0.0);
  assert_contains (verdict, "Jaccard is better, beyond seed noise with 4 seeds (p = ");
  /* Bold in the table: Jaccard's IoU and precision (fewer false positives), never Dice-BCE's
   * IoU, nor its recall (the same false negatives: it is not really better there). */
  g_assert_true (lb_experiment_summary_is_best (clear, 1, NN_METRIC_IOU));
  g_assert_true (lb_experiment_summary_is_best (clear, 1, NN_METRIC_PRECISION));
  g_assert_false (lb_experiment_summary_is_best (clear, 0, NN_METRIC_IOU));
  g_assert_false (lb_experiment_summary_is_best (clear, 0, NN_METRIC_PRECISION));
  lb_test_remove_tree (dir);
}

static void
expect_refused (const char *dir, const char *text, const LbExperimentConfig *config, int code,
                const char *fragment)
{
  g_autofree char *path = g_build_filename (dir, "bad.csv", NULL);
  g_assert_true (g_file_set_contents (path, text, -1, NULL));
  g_autoptr (GError) error = NULL;
  g_autoptr (LbPerImage) results = lb_per_image_load_csv (path, config, &error);
  g_assert_null (results);
  g_assert_error (error, LB_ERROR, code);
  assert_contains (error->message, fragment);
}

static void
test_damaged (void)
{
  g_autofree char *dir = lb_test_make_tmp_dir ();
  const char *head = "run,loss,label,seed,name,tp,fp,fn,tn\n";
  expect_refused (dir, "run,loss,label,seed,name,fp,fn,tn\nx,dice-bce,Dice-BCE,1,a,1,2,3\n",
                  NULL, LB_ERROR_CORRUPT, "it has no “tp” column");
  g_autofree char *bad_count = g_strconcat (head, "x,dice-bce,Dice-BCE,1,a,many,2,3,4\n", NULL);
  expect_refused (dir, bad_count, NULL, LB_ERROR_CORRUPT, "line 2: “many” is not a pixel count");
  g_autofree char *bad_loss = g_strconcat (head, "x,hinge,Hinge,1,a,1,2,3,4\n", NULL);
  expect_refused (dir, bad_loss, NULL, LB_ERROR_CORRUPT, "“hinge” is not a loss");
  expect_refused (dir, head, NULL, LB_ERROR_EMPTY, "holds no test results");
  g_autofree char *other_images = g_strconcat (head, "d1,dice-bce,Dice-BCE,1,a,1,2,3,4\n",
                                               "j1,jaccard,Jaccard,1,b,1,2,3,4\n", NULL);
  expect_refused (dir, other_images, NULL, LB_ERROR_INVALID_INPUT,
                  "the run “j1” was tested on other images than “d1”");
  g_autofree char *twice = g_strconcat (head, "d1,dice-bce,Dice-BCE,1,a,1,2,3,4\n",
                                        "d2,dice-bce,Dice-BCE,1,a,1,2,3,4\n", NULL);
  expect_refused (dir, twice, NULL, LB_ERROR_CORRUPT, "the same loss with the same seed");

  /* With a configuration, every label must be one of its losses. */
  LbExperimentConfig config;
  lb_experiment_config_init (&config, LB_TRAIN_PRESET_TINY);
  config.n_losses = 1;
  nn_loss_config_preset (&config.losses[0], NN_LOSS_FOCAL, NN_LOSS_PRESET_POSTER);
  g_autofree char *unknown = g_strconcat (head, "d1,dice-bce,Dice-BCE,1,a,1,2,3,4\n", NULL);
  expect_refused (dir, unknown, &config, LB_ERROR_INVALID_INPUT,
                  "the loss “Dice-BCE” is not one of the configuration's losses");
  lb_experiment_config_clear (&config);
  lb_test_remove_tree (dir);
}

/* ---- boundary metrics ---- */

/* One row of a per-image.csv with boundary columns. */
typedef struct
{
  int tp, fp, fn, tn;
  double boundary[NN_BOUNDARY_METRIC_COUNT];  /* hd, hd95, assd, nsd, boundary_iou (px) */
  int missed;
} Row;

typedef void (*FillRow) (int loss, int seed, int image, Row *row);

/* A per-image.csv as this version exports it: Dice-BCE and Jaccard, SEEDS seeds, IMAGES images,
 * the boundary columns in pixels, the mm columns empty (no spacing). */
static char *
write_boundary_results (const char *dir, int seeds, int images, FillRow fill)
{
  g_autoptr (GString) text = g_string_new ("run,loss,label,seed,name,source,tp,fp,fn,tn,iou,"
                                           "hd,hd95,assd,nsd,boundary_iou,missed,hd_mm,hd95_mm,"
                                           "assd_mm,nsd_mm,boundary_iou_mm\r\n");
  const char *kinds[] = { "dice-bce", "jaccard" }, *labels[] = { "Dice-BCE", "Jaccard" };
  for (int sd = 1; sd <= seeds; sd++)
    for (int l = 0; l < 2; l++)
      for (int i = 0; i < images; i++)
        {
          Row row;
          fill (l, sd, i, &row);
          g_string_append_printf (text, "%s-s%d,%s,%s,%d,img%02d,demo,%d,%d,%d,%d,0.5", kinds[l],
                                  sd, kinds[l], labels[l], sd, i, row.tp, row.fp, row.fn,
                                  row.tn);
          for (int k = 0; k < NN_BOUNDARY_METRIC_COUNT; k++)
            {
              char number[G_ASCII_DTOSTR_BUF_SIZE];
              g_string_append_printf (text, ",%s",
                                      g_ascii_formatd (number, sizeof number, "%.9g",
                                                       row.boundary[k]));
            }
          g_string_append_printf (text, ",%d,,,,,\r\n", row.missed);
        }
  char *path = g_build_filename (dir, "per-image.csv", NULL);
  g_assert_true (g_file_set_contents (path, text->str, -1, NULL));
  return path;
}

/* Jaccard's errors are a thin rim all around (more false positives: lower IoU, but every edge
 * within a pixel or two: lower HD95); Dice-BCE's are a few pixels far away (higher IoU, larger
 * HD95). */
static void
fill_rim_or_blob (int loss, int seed, int image, Row *row)
{
  double wobble = ((image * 7 + seed * 3) % 5) * 0.1;
  *row = (Row) { .tp = 1000 + 10 * image, .fp = loss == 1 ? 120 + (image + seed) % 7 : 20 + image % 3,
                 .fn = 30 + (image * seed) % 5, .tn = 3000, .missed = 0 };
  double hd95 = loss == 1 ? 1.5 + wobble : 9.0 + 2 * wobble + (image % 4);
  double values[] = { hd95 + 1.0, hd95, hd95 / 3, loss == 1 ? 0.97 : 0.80, 0.8 };
  memcpy (row->boundary, values, sizeof values);
}

static void
test_rank_by_hd95 (void)
{
  g_autofree char *dir = lb_test_make_tmp_dir ();
  g_autofree char *path = write_boundary_results (dir, 3, 12, fill_rim_or_blob);
  g_autoptr (GError) error = NULL;
  g_autoptr (LbPerImage) results = lb_per_image_load_csv (path, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (lb_per_image_has_metric (results, LB_METRIC_HD95));
  g_assert_false (lb_per_image_has_metric (results, LB_METRIC_HD95_MM));

  /* By IoU (the default), Dice-BCE is better... */
  g_autoptr (LbExperimentSummary) by_iou = lb_per_image_summarize (results, &error);
  g_assert_no_error (error);
  g_assert_cmpint (by_iou->metric, ==, LB_METRIC_IOU);
  const LbPairComparison *pair = &g_array_index (by_iou->pairs, LbPairComparison, 0);
  g_assert_cmpint (pair->verdict, ==, LB_VERDICT_DIFFERENT);
  g_assert_cmpfloat (pair->bootstrap.mean, >, 0.0);
  g_assert_cmpuint (pair->better, ==, 0);
  g_assert_cmpuint (g_array_index (by_iou->ranking, guint, 0), ==, 0);
  g_autofree char *iou_sentence = lb_per_image_describe_pair (results, pair);
  assert_contains (iou_sentence, "Dice-BCE is better, beyond seed noise");

  /* ...by HD95, Jaccard: a negative difference, lower is better. */
  g_autoptr (LbExperimentSummary) by_hd95 = lb_per_image_summarize_by (results, LB_METRIC_HD95,
                                                                        &error);
  g_assert_no_error (error);
  pair = &g_array_index (by_hd95->pairs, LbPairComparison, 0);
  g_assert_cmpint (pair->metric, ==, LB_METRIC_HD95);
  g_assert_cmpint (pair->verdict, ==, LB_VERDICT_DIFFERENT);
  g_assert_cmpfloat (pair->bootstrap.ci_low, >, 0.0);   /* Dice-BCE − Jaccard > 0 px */
  g_assert_cmpuint (pair->better, ==, 1);
  g_assert_cmpuint (g_array_index (by_hd95->ranking, guint, 0), ==, 1);
  g_assert_cmpuint (g_array_index (by_hd95->ranking, guint, 1), ==, 0);
  /* In bold: Jaccard's HD95 (lower), never Dice-BCE's, though its IoU is higher. */
  g_assert_true (lb_experiment_summary_is_best_by (by_hd95, 1, LB_METRIC_HD95));
  g_assert_false (lb_experiment_summary_is_best_by (by_hd95, 0, LB_METRIC_HD95));
  g_assert_false (lb_experiment_summary_is_best_by (by_hd95, 0, LB_METRIC_IOU));
  g_assert_false (lb_experiment_summary_is_best_by (by_hd95, 1, LB_METRIC_HD95_MM));
  g_assert_true (lb_experiment_summary_is_best_by (by_iou, 0, LB_METRIC_IOU));
  g_assert_false (lb_experiment_summary_is_best_by (by_iou, 1, LB_METRIC_HD95));

  /* The difference is the plain mean of the per-image HD95 differences, computed here. */
  double sum = 0.0;
  for (int sd = 1; sd <= 3; sd++)
    for (int i = 0; i < 12; i++)
      {
        Row a, b;
        fill_rim_or_blob (0, sd, i, &a);
        fill_rim_or_blob (1, sd, i, &b);
        sum += a.boundary[NN_BOUNDARY_HD95] - b.boundary[NN_BOUNDARY_HD95];
      }
  g_assert_cmpfloat_with_epsilon (pair->bootstrap.mean, sum / 36, 1e-9);
  const LbLossSummary *jaccard = &g_array_index (by_hd95->losses, LbLossSummary, 1);
  g_assert_cmpfloat (jaccard->interval[LB_METRIC_HD95].ci_low, >=, 0.0);
  g_assert_true (isnan (jaccard->metric[LB_METRIC_HD95_MM].mean));

  g_autofree char *sentence = lb_per_image_describe_pair (results, pair);
  g_test_message ("%s", sentence);
  assert_contains (sentence, "Dice-BCE vs Jaccard: +");
  assert_contains (sentence, " px HD95 (95 % CI +");
  assert_contains (sentence, "Jaccard is better (lower HD95), beyond seed noise with 3 seeds");
  g_autofree char *design = lb_experiment_summary_describe_design (by_hd95);
  g_test_message ("%s", design);
  assert_contains (design, "HD95 differences below ");
  g_autofree char *detection = lb_experiment_summary_describe_detection (by_hd95, 0.5);
  assert_contains (detection, "Detecting a difference of 0.50 px HD95 on 12 test images");

  /* comparisons.csv names the metric; its header is the one every version wrote. */
  g_autofree char *comparisons_csv = g_build_filename (dir, "comparisons.csv", NULL);
  g_assert_true (lb_per_image_export_csv (results, by_hd95, NULL, comparisons_csv, &error));
  g_autoptr (GPtrArray) rows = lb_csv_load (comparisons_csv, &error);
  g_assert_no_error (error);
  char **row = g_ptr_array_index (rows, 1);
  g_assert_cmpstr (row[2], ==, "hd95");
  g_assert_cmpfloat_with_epsilon (g_ascii_strtod (row[3], NULL), sum / 36, 1e-5 * sum / 36);
  g_assert_cmpstr (row[14], ==, "different");

  /* mm was not measured (no spacing): asking for it says why. */
  g_autoptr (LbExperimentSummary) none = lb_per_image_summarize_by (results, LB_METRIC_HD95_MM,
                                                                     &error);
  g_assert_null (none);
  g_assert_error (error, LB_ERROR, LB_ERROR_INVALID_INPUT);
  assert_contains (error->message, "no pixel spacing");
  lb_test_remove_tree (dir);
}

/* Four images, one of them missed by Jaccard in seed 2: the means keep it at its failure
 * values, the summary counts it. */
static void
fill_with_missed (int loss, int seed, int image, Row *row)
{
  *row = (Row) { .tp = 500 + image, .fp = 10, .fn = 12, .tn = 3000, .missed = 0 };
  double values[] = { 4.0 + image + loss, 3.0 + image + 0.5 * loss + 0.1 * seed, 1.25 + 0.25 * image,
                      0.9 - 0.05 * loss, 0.7 + 0.01 * seed };
  memcpy (row->boundary, values, sizeof values);
  if (loss == 1 && seed == 2 && image == 3)
    {
      double diagonal = hypot (64, 64);
      double missed[] = { diagonal, diagonal, diagonal, 0.0, 0.0 };
      *row = (Row) { .tp = 0, .fp = 0, .fn = 512, .tn = 3584, .missed = 1 };
      memcpy (row->boundary, missed, sizeof missed);
    }
}

static void
test_boundary_summary (void)
{
  g_autofree char *dir = lb_test_make_tmp_dir ();
  g_autofree char *path = write_boundary_results (dir, 3, 4, fill_with_missed);
  g_autoptr (GError) error = NULL;
  g_autoptr (LbPerImage) results = lb_per_image_load_csv (path, NULL, &error);
  g_assert_no_error (error);
  g_autoptr (LbExperimentSummary) summary = lb_per_image_summarize (results, &error);
  g_assert_no_error (error);
  g_assert_true (summary->available[LB_METRIC_ASSD]);
  g_assert_false (summary->available[LB_METRIC_ASSD_MM]);

  /* Per loss: the mean over seeds of each seed's mean over images, computed here. */
  for (int l = 0; l < 2; l++)
    {
      const LbLossSummary *s = &g_array_index (summary->losses, LbLossSummary, l);
      for (int k = 0; k < NN_BOUNDARY_METRIC_COUNT; k++)
        {
          double total = 0.0;
          for (int sd = 1; sd <= 3; sd++)
            for (int i = 0; i < 4; i++)
              {
                Row row;
                fill_with_missed (l, sd, i, &row);
                total += row.boundary[k];
              }
          g_assert_cmpfloat_with_epsilon (s->metric[LB_METRIC_FIRST_BOUNDARY + k].mean,
                                          total / 12, 1e-9);
        }
      g_assert_cmpint (s->n_missed, ==, l == 1 ? 1 : 0);
      g_assert_cmpfloat_with_epsilon (s->missed_per_run, l == 1 ? 1.0 / 3 : 0.0, 1e-15);
    }

  /* summary.csv: the boundary columns and the missed images, between the overlap metrics and
   * the poster's values. */
  g_autofree char *summary_csv = g_build_filename (dir, "summary.csv", NULL);
  g_assert_true (lb_per_image_export_csv (results, summary, summary_csv, NULL, &error));
  g_autoptr (GPtrArray) rows = lb_csv_load (summary_csv, &error);
  g_assert_no_error (error);
  char **header = g_ptr_array_index (rows, 0), **jaccard = g_ptr_array_index (rows, 2);
  int hd95 = -1, missed = -1, mm = -1;
  guint n = g_strv_length (header);
  for (guint c = 0; c < n; c++)
    {
      hd95 = strcmp (header[c], "hd95_mean") == 0 ? (int) c : hd95;
      missed = strcmp (header[c], "missed_images") == 0 ? (int) c : missed;
      mm = strcmp (header[c], "hd95_mm_mean") == 0 ? (int) c : mm;
    }
  g_assert_cmpint (hd95, >, 0);
  g_assert_cmpint (mm, ==, -1);
  g_assert_cmpint (missed, ==, (int) n - 4);
  g_assert_cmpstr (header[n - 3], ==, "missed_per_run");
  g_assert_cmpstr (header[n - 1], ==, "poster_accuracy");
  g_assert_cmpstr (jaccard[missed], ==, "1");
  const LbLossSummary *s = &g_array_index (summary->losses, LbLossSummary, 1);
  /* Six significant digits, as every number of summary.csv. */
  g_assert_cmpfloat_with_epsilon (g_ascii_strtod (jaccard[hd95], NULL),
                                  s->metric[LB_METRIC_HD95].mean,
                                  1e-5 * s->metric[LB_METRIC_HD95].mean);
  lb_test_remove_tree (dir);
}

/* A per-image.csv of an earlier version: the boundary metrics are absent, not an error; the
 * files it gives are the files it gave. */
static void
test_old_format (void)
{
  g_autofree char *dir = lb_test_make_tmp_dir ();
  g_autofree char *path = write_results (dir, 3, 6, NOISY);
  g_autoptr (LbPerImage) results = NULL;
  g_autoptr (LbExperimentSummary) summary = summarize (path, &results);
  g_assert_false (lb_per_image_has_metric (results, LB_METRIC_HD95));
  g_assert_false (summary->available[LB_METRIC_HD]);
  const LbPerImageRun *run = &g_array_index (results->runs, LbPerImageRun, 0);
  g_assert_true (isnan (run->metrics[0].value[LB_METRIC_HD95]));
  g_assert_cmpint (run->metrics[0].missed, ==, -1);
  const LbLossSummary *s = &g_array_index (summary->losses, LbLossSummary, 0);
  g_assert_cmpint (s->n_missed, ==, -1);

  g_autofree char *summary_csv = g_build_filename (dir, "summary.csv", NULL);
  g_autoptr (GError) error = NULL;
  g_assert_true (lb_per_image_export_csv (results, summary, summary_csv, NULL, &error));
  g_autoptr (GPtrArray) rows = lb_csv_load (summary_csv, &error);
  char **header = g_ptr_array_index (rows, 0);
  g_assert_cmpuint (g_strv_length (header), ==, 9 + 8 * NN_METRIC_COUNT + 2);
  g_assert_cmpstr (header[9 + 8 * NN_METRIC_COUNT], ==, "poster_stepped_iou");

  g_autoptr (LbExperimentSummary) by_hd95 = lb_per_image_summarize_by (results, LB_METRIC_HD95,
                                                                        &error);
  g_assert_null (by_hd95);
  g_assert_error (error, LB_ERROR, LB_ERROR_INVALID_INPUT);
  assert_contains (error->message, "HD95 (px) is not in these results");
  lb_test_remove_tree (dir);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/per-image/three-seeds", test_three_seeds);
  g_test_add_func ("/per-image/too-few-seeds", test_too_few_seeds);
  g_test_add_func ("/per-image/identical-and-different", test_identical_and_different);
  g_test_add_func ("/per-image/damaged", test_damaged);
  g_test_add_func ("/per-image/rank-by-hd95", test_rank_by_hd95);
  g_test_add_func ("/per-image/boundary-summary", test_boundary_summary);
  g_test_add_func ("/per-image/old-format", test_old_format);
  return g_test_run ();
}
