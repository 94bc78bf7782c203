/* test-cli-options.c — every numeric option of compare and train checked before anything
 * starts: a value out of range, not finite or not a number stops the command with exit code 2,
 * one sentence naming the option, and no experiment folder.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <string.h>

#include "cli-run.h"
#include "lb-test-util.h"

typedef struct
{
  const char *command;
  const char *args[6];
  const char *says;
} Case;

static const Case cases[] = {
  { "compare", { "--lr", "-1" }, "--lr takes a number above 0 and at most 1, not “-1”" },
  { "compare", { "--lr", "nan" }, "--lr takes a number above 0 and at most 1, not “nan”" },
  { "compare", { "--lr", "inf" }, "--lr takes a number" },
  { "compare", { "--lr", "0" }, "--lr takes a number above 0" },
  { "compare", { "--epochs", "-1" }, "--epochs takes a whole number from 1 to 100000, not “-1”" },
  { "compare", { "--epochs", "2x" }, "not “2x”" },
  { "compare", { "--batch", "0" }, "--batch takes a whole number from 1 to 4096" },
  { "compare", { "--size", "0" }, "--size takes a whole number from 16 to 16384" },
  { "compare", { "--size", "100" }, "multiple of 2^depth" },
  { "compare", { "--width", "0" }, "--width takes a whole number from 1 to 4096" },
  { "compare", { "--width", "1000" }, "needs" },
  { "compare", { "--threads", "0" }, "--threads takes a whole number from 1 to 64" },
  { "compare", { "--precision", "fp16" }, "“fp16” is not a precision: use fp32 or bf16." },
  { "compare", { "--demo-count", "3" }, "--demo-count takes a whole number from 10" },
  { "compare", { "--split-seed", "-2" }, "--split-seed takes a whole number from 0" },
  { "compare", { "--seeds", "0" }, "--seeds takes a whole number from 1 to 100" },
  { "compare", { "--first-seed", "x" }, "--first-seed takes a whole number" },
  { "compare", { "--losses", "dice+0*boundary@linear:0:1:0" }, "whole number, at least 1" },
  { "sweep", { "--losses", "dice-bce" }, "Give one or 2 settings to sweep" },
  { "sweep", { "--grid", "speed=1,2" }, "“speed” is not a setting a sweep can vary" },
  { "sweep", { "--grid", "lr=0,1e-3" }, "a learning rate must be above 0 and at most 1" },
  { "sweep", { "--losses", "dice-bce", "--grid", "gamma=1,2" },
    "None of the losses chosen reads gamma" },
  { "train", { "--loss", "focal", "--gamma", "nan" }, "--gamma takes a number from 0 to 10" },
  { "train", { "--loss", "tversky", "--alpha", "1.5" }, "--alpha takes a number from 0 to 1" },
  { "train", { "--loss", "topk-bce", "--top-k", "0" }, "--top-k takes a number from 1 to 100" },
  { "train", { "--loss", "dice", "--smooth", "-1" }, "--smooth takes a number from 0" },
  { "train", { "--loss", "dice", "--plus", "boundary", "--plus-weight", "nan" },
    "--plus-weight takes a number" },
  { "train", { "--plus", "bce", "--plus-schedule", "linear", "--plus-epochs", "0" },
    "--plus-epochs takes a whole number from 1" },
  { "train", { "--loss", "hausdorff-dt", "--distance-power", "9" },
    "--distance-power takes a number from 0.5 to 4" },
  { "compare", { "--augment", "heavy" },
    "“heavy” is not an augmentation: use none, light or standard." },
  { "compare", { "--augment-rotation", "90" }, "--augment-rotation takes a number from 0 to 45" },
  { "sweep", { "--augment-gamma", "-0.1" }, "--augment-gamma takes a number from 0 to 0.5" },
  { "compare", { "--split-by", "hospital" }, "“hospital” is not a way to split" },
  { "compare", { "--split-by", "source" }, "Name the source to hold out with --test-source" },
  { "compare", { "--test-source", "montgomery" }, "The demo set has one source" },
};

static void
test_refused_before_anything_starts (void)
{
  g_autofree char *root = lb_test_make_tmp_dir ();
  g_autofree char *out = g_build_filename (root, "exp", NULL);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto (Run) run = { 0 };
      g_autoptr (GStrvBuilder) args = g_strv_builder_new ();

      g_strv_builder_add_many (args, cases[i].command, "--preset", "tiny", "--demo-count", "24",
                               NULL);
      /* A later --demo-count wins, so the case's own value is the one checked. */
      for (guint k = 0; k < G_N_ELEMENTS (cases[i].args) && cases[i].args[k] != NULL; k++)
        g_strv_builder_add (args, cases[i].args[k]);
      g_strv_builder_add_many (args, "--out", out, NULL);
      g_auto (GStrv) argv = g_strv_builder_end (args);
      run_cli_argv (&run, (const char *const *) argv);
      if (run.status != 2 || strstr (run.err, cases[i].says) == NULL)
        g_error ("%s %s %s: exit %d, “%s”; wanted exit 2 and “%s”", cases[i].command,
                 cases[i].args[0], cases[i].args[1], run.status, run.err, cases[i].says);
      g_assert_false (g_file_test (out, G_FILE_TEST_EXISTS));
    }
  lb_test_remove_tree (root);
}

/* Whether this machine runs bf16: what nn-kernels.c checks (the environment aside). */
static gboolean
cpu_has_bf16 (void)
{
#if defined(__x86_64__)
  __builtin_cpu_init ();
  return __builtin_cpu_supports ("avx512f") && __builtin_cpu_supports ("avx512vl")
         && __builtin_cpu_supports ("avx512dq") && __builtin_cpu_supports ("avx512bw")
         && __builtin_cpu_supports ("avx512bf16") && g_strcmp0 (g_getenv ("NN_OWN_GEMM"), "0")
         && g_strcmp0 (g_getenv ("NN_DIRECT_CONV"), "0");
#else
  return FALSE;
#endif
}

/* --precision bf16 trains, and says so in config.json, where the CPU has AVX-512 BF16; else
 * it is refused before anything starts, with the reason. */
static void
test_bf16_where_the_cpu_has_it (void)
{
  g_autofree char *root = lb_test_make_tmp_dir ();
  g_autofree char *out = g_build_filename (root, "exp", NULL);
  g_auto (Run) run = { 0 };

  run_cli (&run, "train", "--preset", "tiny", "--demo-count", "24", "--epochs", "1",
           "--precision", "bf16", "--out", out, NULL);
  if (cpu_has_bf16 ())
    {
      g_autofree char *path = g_build_filename (out, "config.json", NULL);
      g_autofree char *config = NULL;
      g_assert_cmpint (run.status, ==, 0);
      g_assert_true (g_file_get_contents (path, &config, NULL, NULL));
      g_assert_nonnull (strstr (config, "\"precision\" : \"bf16\""));
    }
  else
    {
      g_assert_cmpint (run.status, ==, 2);
      g_assert_nonnull (strstr (run.err, "bf16 needs a CPU with AVX-512 BF16"));
      g_assert_false (g_file_test (out, G_FILE_TEST_EXISTS));
      g_test_message ("no AVX-512 BF16 here: --precision bf16 is refused");
    }
  lb_test_remove_tree (root);
}

/* --augment and a range of its own: config.json records the ranges trained with; without the
 * option it holds none (the images as they are). */
static void
test_augment_in_config (void)
{
  g_autofree char *root = lb_test_make_tmp_dir ();
  g_autofree char *out = g_build_filename (root, "exp", NULL);
  g_autofree char *plain = g_build_filename (root, "plain", NULL);
  g_autofree char *path = g_build_filename (out, "config.json", NULL);
  g_autofree char *plain_path = g_build_filename (plain, "config.json", NULL);
  g_autofree char *config = NULL, *plain_config = NULL;
  g_auto (Run) run = { 0 }, plain_run = { 0 };

  run_cli (&run, "train", "--preset", "tiny", "--demo-count", "24", "--epochs", "1",
           "--augment", "light", "--augment-rotation", "7.5", "--out", out, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_true (g_file_get_contents (path, &config, NULL, NULL));
  g_assert_nonnull (strstr (config, "\"augment\" : {"));
  g_assert_nonnull (strstr (config, "\"rotation\" : 7.5"));
  g_assert_nonnull (strstr (config, "\"gamma\" : 0.05"));
  g_assert_nonnull (strstr (config, "\"horizontal_flip\" : false"));
  run_cli (&plain_run, "train", "--preset", "tiny", "--demo-count", "24", "--epochs", "1",
           "--out", plain, NULL);
  g_assert_cmpint (plain_run.status, ==, 0);
  g_assert_true (g_file_get_contents (plain_path, &plain_config, NULL, NULL));
  g_assert_null (strstr (plain_config, "augment"));
  lb_test_remove_tree (root);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/cli/options/refused-before-anything-starts",
                   test_refused_before_anything_starts);
  g_test_add_func ("/cli/options/bf16", test_bf16_where_the_cpu_has_it);
  g_test_add_func ("/cli/options/augment-in-config", test_augment_in_config);
  return g_test_run ();
}
