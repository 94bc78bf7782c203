/* test-metric.c — every per-image metric under one index: names and directions, the pixel
 * spacing and its effective value after resizing, the values against the nn functions and
 * hand-worked masks (pixels and mm), the empty-mask rules, and the per-image CSV columns.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <math.h>
#include <string.h>

#include "lb-csv.h"
#include "lb-error.h"
#include "lb-evaluate.h"
#include "lb-metric.h"
#include "lb-test-util.h"
#include "nn-threads.h"

#define H 32
#define W 32

static void
square (guint8 *mask, int top, int left, int side)
{
  memset (mask, 0, H * W);
  for (int r = top; r < top + side; r++)
    for (int c = left; c < left + side; c++)
      mask[r * W + c] = 255;
}

static void
test_names (void)
{
  for (int m = 0; m < LB_METRIC_COUNT; m++)
    {
      LbMetric back;
      g_assert_true (lb_metric_from_string (lb_metric_to_string (m), &back));
      g_assert_cmpint (back, ==, m);
      g_assert_true (lb_metric_from_string (lb_metric_to_label (m), &back));
      g_assert_cmpint (back, ==, m);
    }
  /* The overlap metrics are the NnMetric values, so summaries can be read with either. */
  for (int m = 0; m < NN_METRIC_COUNT; m++)
    g_assert_cmpstr (lb_metric_to_string (m), ==, nn_metric_to_string (m));

  const struct
  {
    const char *name;
    LbMetric metric;
  } names[] = {
    { "HD95", LB_METRIC_HD95 },        { "hd95-mm", LB_METRIC_HD95_MM },
    { "hd95_px", LB_METRIC_HD95 },     { "Boundary IoU", LB_METRIC_BOUNDARY_IOU },
    { "pixel_accuracy", LB_METRIC_ACCURACY }, { "surface-dice", LB_METRIC_NSD },
    { " iou ", LB_METRIC_IOU },
  };
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      LbMetric m;
      g_assert_true (lb_metric_from_string (names[i].name, &m));
      g_assert_cmpint (m, ==, names[i].metric);
    }
  LbMetric m;
  g_assert_false (lb_metric_from_string ("hd99", &m));
  g_assert_false (lb_metric_from_string ("", &m));

  /* Distances: lower is better; everything else: higher. */
  const LbMetric lower[] = { LB_METRIC_HD, LB_METRIC_HD95, LB_METRIC_ASSD, LB_METRIC_HD_MM,
                             LB_METRIC_HD95_MM, LB_METRIC_ASSD_MM };
  int n_lower = 0;
  for (int k = 0; k < LB_METRIC_COUNT; k++)
    n_lower += lb_metric_lower_is_better (k);
  g_assert_cmpint (n_lower, ==, G_N_ELEMENTS (lower));
  for (guint i = 0; i < G_N_ELEMENTS (lower); i++)
    {
      g_assert_true (lb_metric_lower_is_better (lower[i]));
      g_assert_true (lb_metric_is_better (lower[i], 1.0, 2.0));
      g_assert_cmpfloat (lb_metric_upper_bound (lower[i]), ==, INFINITY);
    }
  g_assert_true (lb_metric_is_better (LB_METRIC_NSD, 0.9, 0.8));
  g_assert_true (lb_metric_is_better (LB_METRIC_IOU, 0.9, NAN));
  g_assert_false (lb_metric_is_better (LB_METRIC_HD95, NAN, 3.0));
  g_assert_cmpstr (lb_metric_get_unit (LB_METRIC_HD95_MM), ==, "mm");
  g_assert_cmpstr (lb_metric_get_unit (LB_METRIC_NSD), ==, "");
  g_assert_cmpint (lb_metric_get_kind (LB_METRIC_NSD_MM), ==, LB_METRIC_KIND_MM);
  g_assert_cmpint (lb_metric_get_boundary (LB_METRIC_ASSD_MM), ==, NN_BOUNDARY_ASSD);
  /* The same metric in the other unit, as a view switches between them. */
  g_assert_cmpint (lb_metric_in_kind (LB_METRIC_NSD_MM, LB_METRIC_KIND_PIXELS), ==, LB_METRIC_NSD);
  g_assert_cmpint (lb_metric_in_kind (LB_METRIC_HD95, LB_METRIC_KIND_MM), ==, LB_METRIC_HD95_MM);
  g_assert_cmpint (lb_metric_in_kind (LB_METRIC_HD95, LB_METRIC_KIND_PIXELS), ==, LB_METRIC_HD95);
  g_assert_cmpint (lb_metric_in_kind (LB_METRIC_DICE, LB_METRIC_KIND_MM), ==, LB_METRIC_DICE);
  g_assert_cmpint (lb_metric_in_kind (LB_METRIC_BOUNDARY_IOU_MM, LB_METRIC_KIND_OVERLAP), ==,
                   LB_METRIC_BOUNDARY_IOU_MM);

  g_autofree char *minus = lb_metric_format_signed (LB_METRIC_HD95, -1.234);
  g_assert_cmpstr (minus, ==, "−1.23");
  g_autofree char *zero = lb_metric_format_signed (LB_METRIC_IOU, -0.00001);
  g_assert_cmpstr (zero, ==, "+0.0000");
  g_autofree char *quantity = lb_metric_dup_quantity (LB_METRIC_HD95_MM);
  g_assert_cmpstr (quantity, ==, " mm HD95");
}

static void
test_spacing (void)
{
  NnSpacing s;
  g_autoptr (GError) error = NULL;
  g_assert_true (lb_spacing_parse ("0.7", &s, &error));
  g_assert_cmpfloat (s.row, ==, 0.7);
  g_assert_cmpfloat (s.col, ==, 0.7);
  g_assert_true (lb_spacing_parse ("0.7x0.5", &s, &error));
  g_assert_cmpfloat (s.row, ==, 0.7);
  g_assert_cmpfloat (s.col, ==, 0.5);
  g_assert_true (lb_spacing_parse ("0.25×2", &s, &error));
  g_assert_cmpfloat (s.col, ==, 2.0);
  g_autofree char *text = lb_spacing_to_string (&(NnSpacing) { 0.7, 0.5 });
  g_assert_cmpstr (text, ==, "0.7x0.5");
  const char *bad[] = { "", "x", "0", "-1", "1x2x3", "abc", "0.5x", "nan" };
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_assert_false (lb_spacing_parse (bad[i], &s, &error));
      g_assert_error (error, LB_ERROR, LB_ERROR_INVALID_INPUT);
      g_assert_nonnull (strstr (error->message, "ROWxCOL"));
      g_clear_error (&error);
    }

  /* Resized per axis: a row of the result spans original height / S rows of the original. */
  NnSpacing e = lb_spacing_effective (&(NnSpacing) { 0.1, 0.2 }, 1000, 500, 100, 100);
  g_assert_cmpfloat_with_epsilon (e.row, 0.1 * 500 / 100, 1e-15);
  g_assert_cmpfloat_with_epsilon (e.col, 0.2 * 1000 / 100, 1e-15);
  NnSpacing same = lb_spacing_effective (&(NnSpacing) { 0.3, 0.3 }, 0, 0, 64, 64);
  g_assert_cmpfloat (same.row, ==, 0.3);

  LbMetricOptions o;
  lb_metric_options_init (&o);
  g_assert_null (lb_metric_options_check (&o));
  g_assert_false (o.has_spacing);
  g_assert_cmpfloat (o.nsd_tolerance, ==, 2.0);
  o.has_spacing = TRUE;
  o.spacing.col = 0;
  g_autofree char *why = lb_metric_options_check (&o);
  g_assert_nonnull (why);
}

/* A dataset of 40 × 20 images (wider than tall), loaded at 16 × 16: every image's effective
 * spacing is the original times 20 / 16 between rows and 40 / 16 between columns. */
static void
test_dataset_spacing (void)
{
  g_autofree char *dir = lb_test_make_tmp_dir ();
  g_autofree char *images = g_build_filename (dir, "images", NULL);
  g_autofree char *masks = g_build_filename (dir, "masks", NULL);
  g_mkdir_with_parents (images, 0755);
  g_mkdir_with_parents (masks, 0755);
  guint8 pixels[20 * 40];
  for (int k = 0; k < 20 * 40; k++)
    pixels[k] = (k % 40) > 10 && (k % 40) < 30 && k / 40 > 4 && k / 40 < 15 ? 255 : 0;
  for (int i = 0; i < 3; i++)
    {
      g_autofree char *name = g_strdup_printf ("case%d.png", i);
      g_autofree char *ip = g_build_filename (images, name, NULL);
      g_autofree char *mp = g_build_filename (masks, name, NULL);
      lb_test_write_gray_png (ip, pixels, 40, 20);
      lb_test_write_gray_png (mp, pixels, 40, 20);
    }
  g_autoptr (LbDataset) dataset = lb_test_load_dataset (dir, 16, FALSE);
  g_autofree NnSpacing *spacings = lb_spacings_for_dataset (dataset, &(NnSpacing) { 0.3, 0.2 });
  for (guint i = 0; i < lb_dataset_get_n_pairs (dataset); i++)
    {
      g_assert_cmpfloat_with_epsilon (spacings[i].row, 0.3 * 20 / 16, 1e-12);
      g_assert_cmpfloat_with_epsilon (spacings[i].col, 0.2 * 40 / 16, 1e-12);
    }
  lb_test_remove_tree (dir);
}

static void
assert_boundary_equal (const LbImageMetrics *m, int first, const NnBoundaryMetrics *want)
{
  for (int k = 0; k < NN_BOUNDARY_METRIC_COUNT; k++)
    g_assert_cmpfloat_with_epsilon (m->value[first + k], want->value[k], 1e-12);
}

/* Two 10 × 10 squares, the prediction 3 columns right of the truth. */
static void
test_hand_made (void)
{
  guint8 pred[H * W], truth[H * W];
  square (truth, 8, 8, 10);
  square (pred, 8, 11, 10);
  LbMetricOptions o;
  lb_metric_options_init (&o);
  o.nsd_tolerance_mm = 1.0;   /* 2 px at 0.5 mm: the same tolerance as in pixels */
  NnSpacing spacing = { 0.5, 0.5 };
  NnConfusion c;
  LbImageMetrics m;
  g_assert_true (lb_image_metrics_measure (pred, truth, H, W, &o, &spacing, &c, &m));

  /* Counts and overlap: 7 columns of 10 overlap. */
  g_assert_cmpint (c.tp, ==, 70);
  g_assert_cmpint (c.fp, ==, 30);
  g_assert_cmpint (c.fn, ==, 30);
  g_assert_cmpfloat_with_epsilon (m.value[LB_METRIC_IOU], 70.0 / 130.0, 1e-15);
  g_assert_cmpfloat_with_epsilon (m.value[LB_METRIC_DICE], 140.0 / 200.0, 1e-15);

  /* Every edge pixel of one square is at most 3 px from the other's edge: the left column of
   * the prediction is 3 px right of the truth's, and so on. */
  g_assert_cmpfloat (m.value[LB_METRIC_HD], ==, 3.0);
  g_assert_cmpint (m.missed, ==, 0);

  /* The same as the numeric core gives, called directly. */
  NnBoundaryOptions b;
  nn_boundary_options_default (&b);
  NnBoundaryMetrics px, mm;
  g_assert_cmpint (nn_boundary_metrics (pred, truth, H, W, &b, &px), ==, 0);
  assert_boundary_equal (&m, LB_METRIC_FIRST_BOUNDARY, &px);
  b.spacing = spacing;
  b.nsd_tolerance = 1.0;
  g_assert_cmpint (nn_boundary_metrics (pred, truth, H, W, &b, &mm), ==, 0);
  assert_boundary_equal (&m, LB_METRIC_FIRST_MM, &mm);

  /* Isotropic 0.5 mm: distances halve; NSD at 1 mm is NSD at 2 px; the band of boundary IoU
   * (2 % of the diagonal) scales with it. */
  for (int k = 0; k < NN_BOUNDARY_METRIC_COUNT; k++)
    {
      double x = m.value[LB_METRIC_FIRST_BOUNDARY + k], y = m.value[LB_METRIC_FIRST_MM + k];
      double want = nn_boundary_metric_lower_is_better (k) ? 0.5 * x : x;
      g_assert_cmpfloat_with_epsilon (y, want, 1e-12);
    }
  g_assert_cmpfloat (m.value[LB_METRIC_HD_MM], ==, 1.5);

  /* Without a spacing the mm values are not measured. */
  g_assert_true (lb_image_metrics_measure (pred, truth, H, W, &o, NULL, NULL, &m));
  g_assert_true (isnan (m.value[LB_METRIC_HD95_MM]));
  g_assert_false (isnan (m.value[LB_METRIC_HD95]));
}

/* losses-beyond.md: both empty is perfect; exactly one empty is missed, at the diagonal. */
static void
test_empty_masks (void)
{
  guint8 empty[H * W] = { 0 }, lung[H * W];
  square (lung, 4, 4, 12);
  LbMetricOptions o;
  lb_metric_options_init (&o);
  NnSpacing spacing = { 0.5, 0.25 };
  LbImageMetrics m;

  g_assert_true (lb_image_metrics_measure (empty, lung, H, W, &o, &spacing, NULL, &m));
  g_assert_cmpint (m.missed, ==, 1);
  g_assert_cmpfloat_with_epsilon (m.value[LB_METRIC_HD95], hypot (H, W), 1e-12);
  g_assert_cmpfloat_with_epsilon (m.value[LB_METRIC_ASSD_MM], hypot (H * 0.5, W * 0.25), 1e-12);
  g_assert_cmpfloat (m.value[LB_METRIC_NSD], ==, 0.0);
  g_assert_cmpfloat (m.value[LB_METRIC_BOUNDARY_IOU_MM], ==, 0.0);
  g_assert_true (lb_image_metrics_measure (lung, empty, H, W, &o, &spacing, NULL, &m));
  g_assert_cmpint (m.missed, ==, 1);
  g_assert_cmpfloat (m.value[LB_METRIC_IOU], ==, 0.0);

  g_assert_true (lb_image_metrics_measure (empty, empty, H, W, &o, &spacing, NULL, &m));
  g_assert_cmpint (m.missed, ==, 0);
  g_assert_cmpfloat (m.value[LB_METRIC_HD], ==, 0.0);
  g_assert_cmpfloat (m.value[LB_METRIC_NSD_MM], ==, 1.0);
  g_assert_cmpfloat (m.value[LB_METRIC_IOU], ==, 1.0);

  /* A mean keeps the missed image at its failure value, and the count says how many. */
  LbImageMetrics rows[3];
  g_assert_true (lb_image_metrics_measure (lung, lung, H, W, &o, NULL, NULL, &rows[0]));
  g_assert_true (lb_image_metrics_measure (empty, lung, H, W, &o, NULL, NULL, &rows[1]));
  g_assert_true (lb_image_metrics_measure (lung, lung, H, W, &o, NULL, NULL, &rows[2]));
  g_assert_cmpfloat_with_epsilon (lb_image_metrics_mean (rows, 3, LB_METRIC_HD95),
                                  hypot (H, W) / 3, 1e-12);
  g_assert_cmpint (lb_image_metrics_count_missed (rows, 3), ==, 1);
  lb_image_metrics_clear (&rows[2]);
  g_assert_cmpint (lb_image_metrics_count_missed (rows, 3), ==, -1);
}

/* From logits, threaded over images: the same numbers as image by image. */
static void
test_from_logits (void)
{
  enum { N = 7 };
  g_autofree float *logits = g_new (float, N * H * W);
  g_autofree float *masks = g_new (float, N * H * W);
  NnSpacing spacings[N];
  guint8 pred[H * W], truth[H * W];
  for (int i = 0; i < N; i++)
    {
      square (truth, 3 + i, 5, 8 + i);
      square (pred, 4 + i, 5 + (i % 3), 7 + i);
      if (i == 3)
        memset (pred, 0, sizeof pred);   /* a missed image among them */
      for (int k = 0; k < H * W; k++)
        {
          logits[i * H * W + k] = pred[k] ? 2.5f : -3.0f;
          masks[i * H * W + k] = truth[k] ? 1.0f : 0.0f;
        }
      spacings[i] = (NnSpacing) { 0.4 + 0.1 * i, 0.3 };
    }
  LbMetricOptions o;
  lb_metric_options_init (&o);
  LbImageMetrics batch[N];
  nn_set_threads (2);
  g_assert_true (lb_image_metrics_from_logits (logits, masks, N, H, W, &o, spacings, batch));
  for (int i = 0; i < N; i++)
    {
      for (int k = 0; k < H * W; k++)
        {
          pred[k] = logits[i * H * W + k] > 0;
          truth[k] = masks[i * H * W + k] > 0.5f;
        }
      LbImageMetrics one;
      g_assert_true (lb_image_metrics_measure (pred, truth, H, W, &o, &spacings[i], NULL, &one));
      for (int k = 0; k < LB_METRIC_COUNT; k++)
        g_assert_cmpfloat (one.value[k], ==, batch[i].value[k]);
      g_assert_cmpint (one.missed, ==, batch[i].missed);
    }
  g_assert_cmpint (batch[3].missed, ==, 1);
}

/* The per-image columns: written, read back, and absent from files of earlier versions. */
static void
test_csv_columns (void)
{
  guint8 pred[H * W], truth[H * W];
  square (truth, 8, 8, 10);
  square (pred, 9, 10, 11);
  LbImageMetrics m;
  g_assert_true (lb_image_metrics_measure (pred, truth, H, W, NULL, &(NnSpacing) { 0.3, 0.7 },
                                           NULL, &m));
  g_autoptr (GPtrArray) header = g_ptr_array_new ();
  g_ptr_array_add (header, (gpointer) "name");
  lb_metric_add_boundary_columns (header);
  g_ptr_array_add (header, NULL);
  g_assert_cmpuint (header->len, ==, 2 + 2 * NN_BOUNDARY_METRIC_COUNT + 1);
  g_autoptr (LbCsv) csv = lb_csv_new ((const char *const *) header->pdata);
  lb_csv_add_string (csv, "a");
  lb_metric_add_boundary_fields (csv, &m);
  lb_csv_end_row (csv);
  LbImageMetrics unmeasured;
  lb_image_metrics_clear (&unmeasured);
  lb_csv_add_string (csv, "b");
  lb_metric_add_boundary_fields (csv, &unmeasured);
  lb_csv_end_row (csv);

  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) rows = lb_csv_parse (lb_csv_get_text (csv), -1, &error);
  g_assert_no_error (error);
  char **names = g_ptr_array_index (rows, 0);
  g_assert_cmpstr (names[1], ==, "hd");
  g_assert_cmpstr (names[6], ==, "missed");
  g_assert_cmpstr (names[8], ==, "hd95_mm");
  LbMetricColumns columns;
  lb_metric_columns_find (&columns, names);
  LbImageMetrics back;
  g_assert_true (lb_metric_columns_read (&columns, g_ptr_array_index (rows, 1), "x.csv", 2,
                                         &back, &error));
  g_assert_no_error (error);
  for (int k = LB_METRIC_FIRST_BOUNDARY; k < LB_METRIC_COUNT; k++)
    g_assert_cmpfloat_with_epsilon (back.value[k], m.value[k], 1e-8 * (1 + m.value[k]));
  g_assert_cmpint (back.missed, ==, 0);
  g_assert_true (lb_metric_columns_read (&columns, g_ptr_array_index (rows, 2), "x.csv", 3,
                                         &back, &error));
  g_assert_true (isnan (back.value[LB_METRIC_HD95]));
  g_assert_cmpint (back.missed, ==, -1);

  /* A header of an earlier version: nothing found, nothing read, no error. */
  char *old_header[] = { "name", "source", "tp", "fp", "fn", "tn", "iou", NULL };
  char *old_row[] = { "a", "demo", "1", "2", "3", "4", "0.1", NULL };
  lb_metric_columns_find (&columns, old_header);
  g_assert_cmpint (columns.column[LB_METRIC_HD95], ==, -1);
  g_assert_true (lb_metric_columns_read (&columns, old_row, "old.csv", 2, &back, &error));
  g_assert_true (isnan (back.value[LB_METRIC_ASSD]));

  /* A damaged field is named. */
  char *bad_header[] = { "name", "hd95", "missed", NULL };
  char *bad_row[] = { "a", "far", "0", NULL };
  char *bad_missed[] = { "a", "1.5", "2", NULL };
  lb_metric_columns_find (&columns, bad_header);
  g_assert_false (lb_metric_columns_read (&columns, bad_row, "bad.csv", 7, &back, &error));
  g_assert_error (error, LB_ERROR, LB_ERROR_CORRUPT);
  g_assert_nonnull (strstr (error->message, "“bad.csv”, line 7: “far” is not a value of hd95"));
  g_clear_error (&error);
  g_assert_false (lb_metric_columns_read (&columns, bad_missed, "bad.csv", 8, &back, &error));
  g_assert_nonnull (strstr (error->message, "neither 0 nor 1"));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_autofree char *cache = lb_test_isolate_cache ();
  g_test_add_func ("/metric/names", test_names);
  g_test_add_func ("/metric/spacing", test_spacing);
  g_test_add_func ("/metric/dataset-spacing", test_dataset_spacing);
  g_test_add_func ("/metric/hand-made", test_hand_made);
  g_test_add_func ("/metric/empty-masks", test_empty_masks);
  g_test_add_func ("/metric/from-logits", test_from_logits);
  g_test_add_func ("/metric/csv-columns", test_csv_columns);
  int status = g_test_run ();
  lb_test_remove_tree (cache);
  return status;
}
