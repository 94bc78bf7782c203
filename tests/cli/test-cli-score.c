/* test-cli-score.c — lossbench-cli score on generated folders of masks: every bad input with its
 * reason, every CSV row against the numeric core, mm, and two tools compared.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <json-glib/json-glib.h>
#include <math.h>
#include <string.h>

#include "cli-run.h"
#include "lb-csv.h"
#include "lb-test-util.h"
#include "nn-boundary-metrics.h"

#define S 32

typedef struct
{
  int top, left, side;   /* side 0: empty */
} Square;

static void
draw (guint8 *mask, int size, Square q, guint8 value)
{
  memset (mask, 0, (gsize) size * size);
  for (int r = q.top; r < q.top + q.side; r++)
    for (int c = q.left; c < q.left + q.side; c++)
      mask[r * size + c] = value;
}

static void
write_square (const char *dir, const char *file, Square q, guint8 value)
{
  guint8 mask[S * S];
  draw (mask, S, q, value);
  g_autofree char *path = g_build_filename (dir, file, NULL);
  lb_test_write_gray_png (path, mask, S, S);
}

/* The images both tools predict, and their squares. */
static const struct
{
  const char *name, *truth_file;
  Square truth, a, b;
} cases[] = {
  { "a", "a.png", { 8, 8, 10 }, { 8, 11, 10 }, { 8, 9, 10 } },
  { "b", "b.png", { 4, 4, 16 }, { 4, 4, 16 }, { 4, 6, 16 } },
  { "c", "c_mask.png", { 10, 10, 8 }, { 12, 10, 8 }, { 11, 10, 8 } },  /* "_mask" dropped */
  { "g", "g.png", { 0, 0, 0 }, { 5, 5, 4 }, { 0, 0, 0 } },             /* A: missed */
  { "h", "h.png", { 6, 6, 12 }, { 6, 6, 12 }, { 6, 6, 12 } },          /* A: a 0/1 mask */
};

typedef struct
{
  char *root, *truth, *pred_a, *pred_b;
} Folders;

static void
make_folders (Folders *f)
{
  f->root = lb_test_make_tmp_dir ();
  f->truth = g_build_filename (f->root, "truth", NULL);
  f->pred_a = g_build_filename (f->root, "toolA", NULL);
  f->pred_b = g_build_filename (f->root, "toolB", NULL);
  g_mkdir_with_parents (f->truth, 0755);
  g_mkdir_with_parents (f->pred_a, 0755);
  g_mkdir_with_parents (f->pred_b, 0755);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *file = g_strconcat (cases[i].name, ".png", NULL);
      write_square (f->truth, cases[i].truth_file, cases[i].truth, 255);
      write_square (f->pred_a, file, cases[i].a, strcmp (cases[i].name, "h") == 0 ? 1 : 255);
      write_square (f->pred_b, file, cases[i].b, 255);
    }
  /* The bad inputs, all in tool A's folder or against it. */
  write_square (f->truth, "d.png", (Square) { 3, 3, 9 }, 255);     /* no prediction */
  write_square (f->pred_a, "z.png", (Square) { 3, 3, 9 }, 255);    /* no truth */
  write_square (f->truth, "e.png", (Square) { 3, 3, 9 }, 255);     /* predicted at 24 × 24 */
  guint8 small[24 * 24];
  draw (small, 24, (Square) { 3, 3, 9 }, 255);
  g_autofree char *e = g_build_filename (f->pred_a, "e.png", NULL);
  lb_test_write_gray_png (e, small, 24, 24);
  write_square (f->truth, "f.png", (Square) { 3, 3, 9 }, 255);     /* a probability map */
  guint8 grey[S * S];
  draw (grey, S, (Square) { 3, 3, 9 }, 200);
  for (int k = 0; k < 40; k++)
    grey[k] = 100;
  g_autofree char *fp = g_build_filename (f->pred_a, "f.png", NULL);
  lb_test_write_gray_png (fp, grey, S, S);
  g_autofree char *notes = g_build_filename (f->pred_a, "notes.txt", NULL);
  g_assert_true (g_file_set_contents (notes, "made by tool A", -1, NULL));
}

static void
folders_clear (Folders *f)
{
  lb_test_remove_tree (f->root);
  g_free (f->root);
  g_free (f->truth);
  g_free (f->pred_a);
  g_free (f->pred_b);
}

static int
column (char **header, const char *name)
{
  for (int c = 0; header[c] != NULL; c++)
    if (strcmp (header[c], name) == 0)
      return c;
  g_error ("no column “%s”", name);
  return -1;
}

static void
assert_contains (const char *text, const char *fragment)
{
  if (text == NULL || strstr (text, fragment) == NULL)
    g_error ("“%s” does not say “%s”", text, fragment);
}

static double
field_number (char **row, int c)
{
  g_assert_true (*row[c] != '\0');
  return g_ascii_strtod (row[c], NULL);
}

/* Every row of the CSV against counts and boundary metrics computed here from the squares. */
static void
test_one_tool (void)
{
  Folders f;
  make_folders (&f);
  g_autofree char *csv = g_build_filename (f.root, "scores.csv", NULL);
  g_autofree char *report = g_build_filename (f.root, "report.json", NULL);
  g_auto (Run) run = { 0 };
  run_cli (&run, "score", "--pred", f.pred_a, "--truth", f.truth, "--spacing", "0.5", "--out",
           csv, "--report", report, NULL);
  g_test_message ("%s", run.out);
  g_assert_cmpint (run.status, ==, 0);

  /* The pairing report: each bad input with its reason, the rest scored. */
  assert_contains (run.out, "toolA (");
  assert_contains (run.out, "5 images scored; left out:");
  assert_contains (run.out, "d.png: no prediction of the same name in ");
  assert_contains (run.out, "z.png: no truth mask of the same name in ");
  assert_contains (run.out, "e.png: the prediction is 24 × 24 pixels but its truth mask is "
                            "32 × 32");
  assert_contains (run.out, "f.png: the predicted mask is not binary: besides 0 it holds 2 "
                            "values (100, 200)");
  assert_contains (run.out, "notes.txt: not an image file");
  assert_contains (run.out, "1 missed");
  assert_contains (run.out, "HD95 (mm)");

  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) rows = lb_csv_load (csv, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rows->len, ==, 1 + G_N_ELEMENTS (cases));
  char **h = g_ptr_array_index (rows, 0);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      char **row = g_ptr_array_index (rows, i + 1);
      g_assert_cmpstr (row[column (h, "prediction")], ==, "toolA");
      g_assert_cmpstr (row[column (h, "name")], ==, cases[i].name);
      g_assert_cmpstr (row[column (h, "truth_file")], ==, cases[i].truth_file);
      g_assert_cmpstr (row[column (h, "width")], ==, "32");

      guint8 pred[S * S], truth[S * S];
      draw (pred, S, cases[i].a, 1);
      draw (truth, S, cases[i].truth, 1);
      gint64 tp = 0, fp = 0, fn = 0, tn = 0;
      for (int k = 0; k < S * S; k++)
        {
          tp += pred[k] && truth[k];
          fp += pred[k] && !truth[k];
          fn += !pred[k] && truth[k];
          tn += !pred[k] && !truth[k];
        }
      g_assert_cmpint (g_ascii_strtoll (row[column (h, "tp")], NULL, 10), ==, tp);
      g_assert_cmpint (g_ascii_strtoll (row[column (h, "fp")], NULL, 10), ==, fp);
      g_assert_cmpint (g_ascii_strtoll (row[column (h, "fn")], NULL, 10), ==, fn);
      g_assert_cmpint (g_ascii_strtoll (row[column (h, "tn")], NULL, 10), ==, tn);
      double iou = tp + fp + fn > 0 ? (double) tp / (tp + fp + fn) : 1.0;
      g_assert_cmpfloat_with_epsilon (field_number (row, column (h, "iou")), iou, 1e-8);

      NnBoundaryOptions o;
      NnBoundaryMetrics px, mm;
      nn_boundary_options_default (&o);
      g_assert_cmpint (nn_boundary_metrics (pred, truth, S, S, &o, &px), ==, 0);
      o.spacing = (NnSpacing) { 0.5, 0.5 };   /* τ stays 2, now in mm */
      g_assert_cmpint (nn_boundary_metrics (pred, truth, S, S, &o, &mm), ==, 0);
      for (int k = 0; k < NN_BOUNDARY_METRIC_COUNT; k++)
        {
          const char *name = nn_boundary_metric_to_string (k);
          g_autofree char *mm_name = g_strconcat (name, "_mm", NULL);
          g_assert_cmpfloat_with_epsilon (field_number (row, column (h, name)), px.value[k],
                                          1e-8 * (1 + px.value[k]));
          g_assert_cmpfloat_with_epsilon (field_number (row, column (h, mm_name)), mm.value[k],
                                          1e-8 * (1 + mm.value[k]));
        }
      g_assert_cmpstr (row[column (h, "missed")], ==, px.missed ? "1" : "0");
    }
  /* g: lung predicted on an empty truth — missed, at the diagonal (32√2 px, 16√2 mm). */
  char **g = g_ptr_array_index (rows, 4);
  g_assert_cmpstr (g[column (h, "missed")], ==, "1");
  g_assert_cmpfloat_with_epsilon (field_number (g, column (h, "hd95")), hypot (S, S), 1e-6);
  g_assert_cmpfloat_with_epsilon (field_number (g, column (h, "hd95_mm")), hypot (16, 16), 1e-6);
  g_assert_cmpfloat (field_number (g, column (h, "nsd")), ==, 0.0);
  /* a: the square 3 px off; at 0.5 mm, 1.5 mm. */
  char **a = g_ptr_array_index (rows, 1);
  g_assert_cmpfloat (field_number (a, column (h, "hd")), ==, 3.0);
  g_assert_cmpfloat (field_number (a, column (h, "hd_mm")), ==, 1.5);

  /* The same reasons in the JSON report. */
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_assert_true (json_parser_load_from_file (parser, report, &error));
  JsonObject *top = json_node_get_object (json_parser_get_root (parser));
  JsonObject *tool = json_array_get_object_element (json_object_get_array_member (top,
                                                                                  "predictions"),
                                                    0);
  g_assert_cmpint (json_object_get_int_member (tool, "scored"), ==, 5);
  JsonObject *pairing = json_object_get_object_member (tool, "pairing");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (pairing, "rejected")),
                    ==, 3);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (pairing,
                                                                         "unmatched_images")),
                    ==, 1);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (pairing,
                                                                         "unmatched_masks")),
                    ==, 1);
  folders_clear (&f);
}

/* Two tools on the same truths, compared on HD95 (lower is better), paired by image. */
static void
test_two_tools (void)
{
  Folders f;
  make_folders (&f);
  g_autofree char *csv = g_build_filename (f.root, "scores.csv", NULL);
  g_autofree char *comparisons = g_build_filename (f.root, "comparisons.csv", NULL);
  g_auto (Run) run = { 0 };
  run_cli (&run, "score", "--pred", f.pred_a, "--pred", f.pred_b, "--truth", f.truth, "--metric",
           "hd95", "--out", csv, "--comparisons", comparisons, NULL);
  g_test_message ("%s", run.out);
  g_assert_cmpint (run.status, ==, 0);
  assert_contains (run.out, "Paired differences in HD95 (px) (lower is better; bootstrap over "
                            "the images both scored");
  assert_contains (run.out, "toolA vs toolB: ");

  /* The difference is the mean of the per-image differences in the scores file. */
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) rows = lb_csv_load (csv, &error);
  g_assert_no_error (error);
  char **h = g_ptr_array_index (rows, 0);
  g_autoptr (GHashTable) a = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  double sum = 0.0;
  int n = 0;
  for (guint r = 1; r < rows->len; r++)
    {
      char **row = g_ptr_array_index (rows, r);
      double value = field_number (row, column (h, "hd95"));
      if (strcmp (row[0], "toolA") == 0)
        g_hash_table_insert (a, g_strdup (row[1]), g_memdup2 (&value, sizeof value));
      else
        {
          const double *x = g_hash_table_lookup (a, row[1]);
          g_assert_nonnull (x);
          sum += *x - value;
          n++;
        }
    }
  g_assert_cmpint (n, ==, 5);
  g_autoptr (GPtrArray) table = lb_csv_load (comparisons, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (table->len, ==, 2);
  char **ch = g_ptr_array_index (table, 0), **c = g_ptr_array_index (table, 1);
  g_assert_cmpstr (c[column (ch, "prediction_a")], ==, "toolA");
  g_assert_cmpstr (c[column (ch, "metric")], ==, "hd95");
  g_assert_cmpstr (c[column (ch, "better")], ==, "lower");
  g_assert_cmpstr (c[column (ch, "images")], ==, "5");
  g_assert_cmpfloat_with_epsilon (field_number (c, column (ch, "mean_difference")), sum / n,
                                  1e-5 * fabs (sum / n));
  /* Tool A's missed image costs it the diagonal there: B has the lower mean HD95. */
  g_assert_cmpfloat (sum, >, 0.0);
  const char *summary = c[column (ch, "summary")];
  g_assert_true (strstr (summary, "toolB is better (lower HD95)") != NULL
                 || strstr (summary, "not distinguishable") != NULL);

  /* By IoU by default. */
  g_auto (Run) by_iou = { 0 };
  run_cli (&by_iou, "score", "--pred", f.pred_a, "--pred", f.pred_b, "--truth", f.truth, NULL);
  g_assert_cmpint (by_iou.status, ==, 0);
  assert_contains (by_iou.out, "Paired differences in IoU (higher is better;");
  folders_clear (&f);
}

static void
test_usage (void)
{
  Folders f;
  make_folders (&f);
  g_auto (Run) no_truth = { 0 };
  run_cli (&no_truth, "score", "--pred", f.pred_a, NULL);
  g_assert_cmpint (no_truth.status, ==, 2);
  assert_contains (no_truth.err, "--truth DIR");

  g_auto (Run) mm = { 0 };
  run_cli (&mm, "score", "--pred", f.pred_a, "--truth", f.truth, "--metric", "hd95_mm", NULL);
  g_assert_cmpint (mm.status, ==, 2);
  assert_contains (mm.err, "needs the pixel spacing");

  g_auto (Run) bad_spacing = { 0 };
  run_cli (&bad_spacing, "score", "--pred", f.pred_a, "--truth", f.truth, "--spacing", "wide",
           NULL);
  g_assert_cmpint (bad_spacing.status, ==, 2);
  assert_contains (bad_spacing.err, "“wide” is not a pixel spacing");

  g_auto (Run) bad_metric = { 0 };
  run_cli (&bad_metric, "score", "--pred", f.pred_a, "--truth", f.truth, "--metric", "hd99",
           NULL);
  g_assert_cmpint (bad_metric.status, ==, 2);
  assert_contains (bad_metric.err, "“hd99” is not a metric");

  g_autofree char *absent = g_build_filename (f.root, "absent", NULL);
  g_auto (Run) missing = { 0 };
  run_cli (&missing, "score", "--pred", absent, "--truth", f.truth, NULL);
  g_assert_cmpint (missing.status, ==, 1);
  assert_contains (missing.err, "does not exist");

  /* Nothing pairs up: exit 1, with the reasons. */
  g_autofree char *lonely = g_build_filename (f.root, "lonely", NULL);
  g_mkdir_with_parents (lonely, 0755);
  write_square (lonely, "nobody.png", (Square) { 2, 2, 5 }, 255);
  g_auto (Run) none = { 0 };
  run_cli (&none, "score", "--pred", lonely, "--truth", f.truth, NULL);
  g_assert_cmpint (none.status, ==, 1);
  assert_contains (none.out, "nobody.png: no truth mask of the same name");
  assert_contains (none.err, "nothing could be scored");
  folders_clear (&f);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/cli/score/one-tool", test_one_tool);
  g_test_add_func ("/cli/score/two-tools", test_two_tools);
  g_test_add_func ("/cli/score/usage", test_usage);
  return g_test_run ();
}
