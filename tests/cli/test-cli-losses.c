/* test-cli-losses.c — every loss of the catalogue reachable from train, its settings saved in
 * config.json and read back, a compound loss with a schedule, and the errors of wrong settings.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <json-glib/json-glib.h>
#include <string.h>

#include "cli-run.h"
#include "lb-experiment-results.h"
#include "lb-loss-catalogue.h"
#include "lb-test-util.h"

/* 24 demo phantoms at 64², width 4, one epoch: enough to write every file. */
#define SMALL "--preset", "tiny", "--demo-count", "24", "--width", "4", "--threads", "2", \
              "--epochs", "1"

/* The first loss of EXP's config.json. */
static JsonObject *
first_loss (JsonParser *parser, const char *exp)
{
  g_autofree char *path = g_build_filename (exp, "config.json", NULL);
  g_autoptr (GError) error = NULL;

  g_assert_true (json_parser_load_from_file (parser, path, &error));
  g_assert_no_error (error);
  JsonObject *root = json_node_get_object (json_parser_get_root (parser));
  return json_array_get_object_element (json_object_get_array_member (root, "losses"), 0);
}

static void
test_help_names_every_loss (void)
{
  g_auto (Run) help = { 0 };
  guint n;
  const LbLossInfo *all = lb_loss_catalogue (&n);

  run_cli (&help, "train", "--help", NULL);
  g_assert_cmpint (help.status, ==, 0);
  for (guint i = 0; i < n; i++)
    g_assert_nonnull (strstr (help.out, nn_loss_kind_to_string (all[i].kind)));
  for (LbLossParam p = 0; p < LB_LOSS_N_PARAMS; p++)
    {
      g_autofree char *option = g_strdup_printf ("--%s=", lb_loss_param_info (p)->key);
      g_assert_nonnull (strstr (help.out, option));
    }
}

/* A setting beyond the poster's α, β, γ reaches the run and survives a resume. */
static void
test_weighted_bce_settings_round_trip (void)
{
  g_autofree char *root = lb_test_make_tmp_dir ();
  g_autofree char *exp = g_build_filename (root, "wbce", NULL);
  g_auto (Run) train = { 0 };
  run_cli (&train, "train", SMALL, "--loss", "weighted-bce", "--pos-weight", "3", "--out", exp,
           NULL);
  g_assert_cmpint (train.status, ==, 0);

  g_autoptr (JsonParser) parser = json_parser_new ();
  JsonObject *loss = first_loss (parser, exp);
  g_assert_cmpstr (json_object_get_string_member (loss, "kind"), ==, "weighted-bce");
  g_assert_cmpfloat (json_object_get_double_member (loss, "pos_weight"), ==, 3.0);
  /* Only the losses that read a setting carry it. */
  g_assert_false (json_object_has_member (loss, "top_k"));

  g_auto (Run) resume = { 0 };
  run_cli (&resume, "resume", exp, NULL);
  g_assert_cmpint (resume.status, ==, 0);
  lb_test_remove_tree (root);
}

static void
test_compound_with_schedule (void)
{
  g_autofree char *root = lb_test_make_tmp_dir ();
  g_autofree char *exp = g_build_filename (root, "dice-lovasz", NULL);
  g_auto (Run) train = { 0 };
  run_cli (&train, "train", SMALL, "--loss", "dice", "--plus", "lovasz-hinge", "--plus-schedule",
           "kervadec", "--plus-step", "0.02", "--out", exp, NULL);
  g_assert_cmpint (train.status, ==, 0);

  g_autoptr (JsonParser) parser = json_parser_new ();
  JsonObject *loss = first_loss (parser, exp);
  JsonObject *plus = json_object_get_object_member (loss, "plus");
  JsonObject *weight = json_object_get_object_member (loss, "plus_weight");
  g_assert_cmpstr (json_object_get_string_member (plus, "kind"), ==, "lovasz-hinge");
  g_assert_cmpstr (json_object_get_string_member (weight, "schedule"), ==, "kervadec");
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (weight, "start"), 0.01, 1e-6);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (weight, "step"), 0.02, 1e-6);

  g_auto (Run) resume = { 0 };
  run_cli (&resume, "resume", exp, NULL);
  g_assert_cmpint (resume.status, ==, 0);
  lb_test_remove_tree (root);
}

/* A comparison of a loss, a compound with a schedule and a boundary loss: one folder each,
 * the compound's settings in config.json and its label in the summary. */
static void
test_compare_compound (void)
{
  g_autofree char *root = lb_test_make_tmp_dir ();
  g_autofree char *exp = g_build_filename (root, "exp", NULL);
  g_auto (Run) compare = { 0 };
  run_cli (&compare, "compare", SMALL, "--losses",
           "dice,dice+boundary@kervadec,dice+0.1*hausdorff-dt", "--seeds", "1", "--out", exp,
           NULL);
  g_assert_cmpint (compare.status, ==, 0);
  g_assert_nonnull (strstr (compare.out, "Dice + Boundary (Kervadec)"));
  g_assert_nonnull (strstr (compare.out, "Dice + 0.1 × Hausdorff-DT"));

  static const char *const runs[] = { "dice-s1", "dice+boundary-s1", "dice+hausdorff-dt-s1" };
  for (guint i = 0; i < G_N_ELEMENTS (runs); i++)
    {
      g_autofree char *weights = g_build_filename (exp, "runs", runs[i], "weights.safetensors",
                                                   NULL);
      g_assert_true (g_file_test (weights, G_FILE_TEST_EXISTS));
    }

  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autofree char *path = g_build_filename (exp, "config.json", NULL);
  g_assert_true (json_parser_load_from_file (parser, path, NULL));
  JsonArray *losses = json_object_get_array_member (
    json_node_get_object (json_parser_get_root (parser)), "losses");
  g_assert_cmpuint (json_array_get_length (losses), ==, 3);
  JsonObject *second = json_array_get_object_element (losses, 1);
  JsonObject *third = json_array_get_object_element (losses, 2);
  g_assert_false (json_object_has_member (json_array_get_object_element (losses, 0), "plus"));
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (second, "plus"),
                                                  "kind"), ==, "boundary");
  g_assert_cmpstr (json_object_get_string_member (
                     json_object_get_object_member (second, "plus_weight"), "schedule"), ==,
                   "kervadec");
  JsonObject *hdt = json_object_get_object_member (third, "plus");
  g_assert_cmpfloat (json_object_get_double_member (hdt, "distance_power"), ==, 2.0);

  g_autofree char *summary_path = g_build_filename (exp, "summary.csv", NULL);
  g_autofree char *summary = NULL;
  g_assert_true (g_file_get_contents (summary_path, &summary, NULL, NULL));
  g_assert_nonnull (strstr (summary, "Dice + Boundary (Kervadec)"));

  /* What the per-image browser lists: every test image of every run, with its folder. */
  g_autoptr (GError) error = NULL;
  g_autoptr (LbExperiment) experiment = lb_experiment_open (exp, &error);
  g_assert_no_error (error);
  g_autoptr (LbExperimentResults) results = lb_experiment_load_results (experiment);
  g_assert_cmpuint (results->image_rows->len % 3, ==, 0);
  g_assert_cmpuint (results->image_rows->len, >=, 3);
  for (guint l = 0; l < 3; l++)
    {
      const char *dir = lb_experiment_results_find_run_dir (results, l, 1);
      g_assert_nonnull (dir);
      g_assert_true (g_str_has_suffix (dir, runs[l]));
    }
  g_assert_null (lb_experiment_results_find_run_dir (results, 0, 2));
  const LbImageRow *row = &g_array_index (results->image_rows, LbImageRow, 0);
  g_assert_true (row->metrics.value[LB_METRIC_IOU] >= 0 && row->metrics.value[LB_METRIC_IOU] <= 1);

  g_auto (Run) wrong = { 0 };
  run_cli (&wrong, "compare", SMALL, "--losses", "dice,dice+boundry", "--out", exp, NULL);
  g_assert_cmpint (wrong.status, ==, 2);
  g_assert_nonnull (strstr (wrong.err, "“boundry” is not a loss"));
  lb_test_remove_tree (root);
}

static void
test_wrong_settings (void)
{
  static const struct
  {
    const char *args[6];
    const char *says;
  } cases[] = {
    { { "--loss", "dice", "--top-k", "5" }, "Dice has no --top-k; it is a setting of topk-bce." },
    { { "--loss", "tversky", "--iterations", "3" }, "it is a setting of cldice." },
    { { "--loss", "dice", "--plus-schedule", "linear" }, "name it with --plus NAME" },
    { { "--loss", "dice", "--plus", "hinge" }, "“hinge” is not a loss (--plus)." },
    { { "--loss", "dice", "--plus", "bce", "--plus-schedule", "cosine" },
      "--plus-schedule is constant, linear or kervadec, not “cosine”." },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto (Run) run = { 0 };
      g_autoptr (GStrvBuilder) args = g_strv_builder_new ();
      g_strv_builder_add_many (args, "train", "--preset", "tiny", "--out", "/nonexistent/x",
                               NULL);
      for (guint k = 0; k < G_N_ELEMENTS (cases[i].args) && cases[i].args[k] != NULL; k++)
        g_strv_builder_add (args, cases[i].args[k]);
      g_auto (GStrv) argv = g_strv_builder_end (args);
      run_cli_argv (&run, (const char *const *) argv);
      g_assert_cmpint (run.status, ==, 2);
      g_assert_nonnull (strstr (run.err, cases[i].says));
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/cli/losses/help", test_help_names_every_loss);
  g_test_add_func ("/cli/losses/weighted-bce-round-trip", test_weighted_bce_settings_round_trip);
  g_test_add_func ("/cli/losses/compound-with-schedule", test_compound_with_schedule);
  g_test_add_func ("/cli/losses/compare-compound", test_compare_compound);
  g_test_add_func ("/cli/losses/wrong-settings", test_wrong_settings);
  return g_test_run ();
}
