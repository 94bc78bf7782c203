/* test-experiment.c — paired comparisons on disk: files, pairing, summary, damaged configs.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "lb-augment.h"
#include "lb-csv.h"
#include "lb-error.h"
#include "lb-image-io.h"
#include "lb-experiment.h"
#include "lb-per-image.h"
#include "lb-run-store.h"
#include "lb-safetensors.h"
#include "lb-experiment-watch.h"
#include "lb-test-util.h"

#include <gdk-pixbuf/gdk-pixbuf.h>

static LbExperimentConfig
small_config (void)
{
  LbExperimentConfig config;
  lb_experiment_config_init (&config, LB_TRAIN_PRESET_TINY);
  config.demo_count = 40;
  config.train.net = (NnUNetConfig) { .size = 32, .base_width = 4, .depth = 2, .batch = 8 };
  config.train.epochs = 2;
  config.train.learning_rate = 3e-3;
  config.train.threads = 2;
  config.n_losses = 2;
  nn_loss_config_preset (&config.losses[0], NN_LOSS_DICE_BCE, NN_LOSS_PRESET_POSTER);
  nn_loss_config_preset (&config.losses[1], NN_LOSS_FOCAL_TVERSKY, NN_LOSS_PRESET_LITERATURE);
  config.n_seeds = 2;
  return config;
}

static guint
csv_rows (const char *dir, const char *file)
{
  g_autofree char *path = g_build_filename (dir, file, NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) rows = lb_csv_load (path, &error);
  g_assert_no_error (error);
  return rows->len - 1;
}

static char *
weights_hash (const char *folder, const char *run)
{
  g_autofree char *path = g_build_filename (folder, "runs", run, "weights.safetensors", NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (LbSafetensors) file = lb_safetensors_load (path, &error);
  g_assert_no_error (error);
  return g_strdup (lb_safetensors_get_metadata (file, "initial_weights_sha256"));
}

static void
test_end_to_end (void)
{
  g_autofree char *root = lb_test_make_tmp_dir ();
  g_autofree char *folder = g_build_filename (root, "exp", NULL);
  LbExperimentConfig config = small_config ();
  g_autoptr (GError) error = NULL;
  g_autoptr (LbExperiment) experiment = lb_experiment_new (&config, folder, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (lb_experiment_get_n_runs (experiment), ==, 4);
  g_assert_cmpuint (lb_experiment_count_done (experiment), ==, 0);

  int started = 0, finished = 0;
  g_signal_connect_swapped (experiment, "run-started", G_CALLBACK (g_atomic_int_inc), &started);
  g_signal_connect_swapped (experiment, "run-finished", G_CALLBACK (g_atomic_int_inc), &finished);
  g_assert_true (lb_experiment_run (experiment, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (started, ==, 4);
  g_assert_cmpint (finished, ==, 4);
  g_assert_true (lb_experiment_is_complete (experiment));
  g_assert_cmpuint (lb_experiment_count_done (experiment), ==, 4);

  /* Every run's files exist and parse. 40 pairs split 80/10/10: 4 test images. */
  const char *runs[] = { "dice-bce-s1", "focal-tversky-s1", "dice-bce-s2", "focal-tversky-s2" };
  for (guint i = 0; i < G_N_ELEMENTS (runs); i++)
    {
      g_autofree char *dir = g_build_filename (folder, "runs", runs[i], NULL);
      g_assert_cmpuint (csv_rows (dir, "history.csv"), ==, 2);
      g_assert_cmpuint (csv_rows (dir, "per-image.csv"), ==, 4);
      g_autofree char *masks = g_build_filename (dir, "masks", NULL);
      g_autoptr (GDir) listing = g_dir_open (masks, 0, &error);
      g_assert_no_error (error);
      int pngs = 0;
      for (const char *n; (n = g_dir_read_name (listing));)
        {
          g_autofree char *png = g_build_filename (masks, n, NULL);
          g_autoptr (GdkPixbuf) pixbuf = gdk_pixbuf_new_from_file (png, &error);
          g_assert_no_error (error);
          g_assert_cmpint (gdk_pixbuf_get_width (pixbuf), ==, 32);
          pngs++;
        }
      g_assert_cmpint (pngs, ==, 4);
    }

  /* Paired: for one seed both losses started from the same weights; seeds differ. */
  g_autofree char *a1 = weights_hash (folder, "dice-bce-s1");
  g_autofree char *b1 = weights_hash (folder, "focal-tversky-s1");
  g_autofree char *a2 = weights_hash (folder, "dice-bce-s2");
  g_assert_cmpstr (a1, ==, b1);
  g_assert_cmpstr (a1, !=, a2);

  /* The exports: one row per loss; one pair; history in long format (15 values per epoch, and
   * the validation HD95 and missed images). */
  g_assert_cmpuint (csv_rows (folder, "summary.csv"), ==, 2);
  g_assert_cmpuint (csv_rows (folder, "comparisons.csv"), ==, 1);
  g_assert_cmpuint (csv_rows (folder, "history.csv"), ==,
                    4 * 2 * (2 + 2 * NN_METRIC_COUNT + 1 + 2));
  g_assert_cmpuint (csv_rows (folder, "per-image.csv"), ==, 4 * 4);
  g_autofree char *summary_path = g_build_filename (folder, "summary.csv", NULL);
  g_autoptr (GPtrArray) summary_rows = lb_csv_load (summary_path, &error);
  char **row = g_ptr_array_index (summary_rows, 1);
  g_assert_cmpstr (row[0], ==, "dice-bce");
  g_assert_cmpstr (row[7], ==, "1 2");                     /* seeds */
  g_assert_cmpfloat (g_ascii_strtod (row[g_strv_length (row) - 2], NULL), ==, 0.9078);

  /* Reopened later: everything is done, the summary needs no data. */
  g_autoptr (LbExperiment) reopened = lb_experiment_open (folder, &error);
  g_assert_no_error (error);
  g_assert_true (lb_experiment_is_complete (reopened));
  g_autoptr (LbExperimentSummary) summary = lb_experiment_summarize (reopened, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (summary->losses->len, ==, 2);
  g_assert_cmpuint (summary->pairs->len, ==, 1);
  g_assert_cmpuint (summary->n_test_images, ==, 4);
  const LbLossSummary *s = &g_array_index (summary->losses, LbLossSummary, 0);
  g_assert_cmpint (s->n_runs, ==, 2);
  LbRunInfo run;
  lb_experiment_get_run (reopened, 0, &run);
  g_assert_cmpint (run.state, ==, LB_RUN_DONE);
  double other = 0;
  LbRunInfo run3;
  lb_experiment_get_run (reopened, 2, &run3);
  other = run3.test_mean.value[NN_METRIC_IOU];
  g_assert_cmpfloat_with_epsilon (s->metric[NN_METRIC_IOU].mean,
                                  (run.test_mean.value[NN_METRIC_IOU] + other) / 2, 1e-12);
  lb_run_info_clear (&run);
  lb_run_info_clear (&run3);
  g_autofree char *sentence = lb_experiment_describe_pair (
    reopened, &g_array_index (summary->pairs, LbPairComparison, 0));
  g_assert_true (g_str_has_prefix (sentence, "Dice-BCE vs Focal-Tversky: "));
  /* Two seeds are too few for a verdict, and the sentence says so, in the file too. */
  const LbPairComparison *pair = &g_array_index (summary->pairs, LbPairComparison, 0);
  g_assert_cmpint (pair->verdict, ==, LB_VERDICT_UNDECIDABLE);
  g_assert_cmpint (pair->bootstrap.n_seeds, ==, 2);
  g_assert_nonnull (strstr (sentence, "cannot decide: 2 seeds; at least 3 seeds are needed"));
  g_autofree char *comparisons_path = g_build_filename (folder, "comparisons.csv", NULL);
  g_autoptr (GPtrArray) comparison_rows = lb_csv_load (comparisons_path, &error);
  g_assert_no_error (error);
  char **comparison = g_ptr_array_index (comparison_rows, 1);
  g_assert_cmpstr (((char **) g_ptr_array_index (comparison_rows, 0))[14], ==, "verdict");
  g_assert_cmpstr (comparison[14], ==, "cannot decide");
  g_assert_cmpstr (comparison[13], ==, "no");
  g_assert_cmpstr (comparison[17], ==, sentence);

  /* The exported per-image.csv alone gives the same comparisons (lossbench-cli summarize). */
  g_autofree char *per_image_path = g_build_filename (folder, "per-image.csv", NULL);
  g_autoptr (LbPerImage) from_csv = lb_per_image_load_csv (
    per_image_path, lb_experiment_get_config (reopened), &error);
  g_assert_no_error (error);
  g_autoptr (LbExperimentSummary) again = lb_per_image_summarize (from_csv, &error);
  g_assert_no_error (error);
  g_autofree char *rebuilt = g_build_filename (root, "rebuilt-comparisons.csv", NULL);
  g_assert_true (lb_per_image_export_csv (from_csv, again, NULL, rebuilt, &error));
  g_autofree char *want = NULL, *got = NULL;
  g_assert_true (g_file_get_contents (comparisons_path, &want, NULL, NULL));
  g_assert_true (g_file_get_contents (rebuilt, &got, NULL, NULL));
  g_assert_cmpstr (got, ==, want);

  /* A second experiment in the same folder is refused: it would mix results. */
  g_assert_null (lb_experiment_new (&config, folder, &error));
  g_assert_error (error, LB_ERROR, LB_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  lb_experiment_config_clear (&config);

  /* The run store's entry: finished, and the loss with the highest mean test IoU, the mean
   * over its seeds of each run's mean over the test images. */
  g_autoptr (GPtrArray) stored = lb_run_store_list (root, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (stored->len, ==, 1);
  LbStoredExperiment *entry = g_ptr_array_index (stored, 0);
  g_assert_true (entry->complete);
  g_assert_cmpuint (entry->n_done, ==, 4);
  double means[2] = { 0, 0 };
  for (guint i = 0; i < 4; i++)
    {
      LbRunInfo info;
      lb_experiment_get_run (reopened, i, &info);
      means[info.loss_index] += info.test_mean.value[NN_METRIC_IOU] / 2;
      lb_run_info_clear (&info);
    }
  int best = means[1] > means[0] ? 1 : 0;
  g_assert_cmpint (entry->best_loss, ==, best);
  g_assert_cmpfloat_with_epsilon (entry->best_iou, means[best], 1e-12);
  g_assert_cmpuint (entry->best_runs, ==, 2);
  g_autofree char *described = lb_stored_experiment_describe (entry);
  g_autofree char *headline = g_strdup_printf ("Finished (4 of 4 runs) — highest mean test IoU: "
                                               "%s, %.4f over 2 runs", entry->losses[best],
                                               means[best]);
  g_assert_nonnull (strstr (described, headline));
  lb_test_remove_tree (root);
}

static void
expect_damaged (const char *folder, const char *json, const char *fragment)
{
  g_autofree char *path = g_build_filename (folder, "config.json", NULL);
  g_assert_true (g_file_set_contents (path, json, -1, NULL));
  g_autoptr (GError) error = NULL;
  g_autoptr (LbExperiment) experiment = lb_experiment_open (folder, &error);
  g_assert_null (experiment);
  g_assert_error (error, LB_ERROR, LB_ERROR_CORRUPT);
  if (strstr (error->message, fragment) == NULL)
    g_error ("“%s” does not mention “%s”", error->message, fragment);
}

static void
test_damaged_config (void)
{
  g_autofree char *root = lb_test_make_tmp_dir ();
  g_autofree char *folder = g_build_filename (root, "exp", NULL);
  LbExperimentConfig config = small_config ();
  g_autoptr (GError) error = NULL;
  g_autoptr (LbExperiment) experiment = lb_experiment_new (&config, folder, &error);
  g_assert_no_error (error);
  lb_experiment_config_clear (&config);

  g_autofree char *path = g_build_filename (folder, "config.json", NULL);
  g_autofree char *good = NULL;
  g_assert_true (g_file_get_contents (path, &good, NULL, NULL));

  g_autofree char *truncated = g_strndup (good, strlen (good) / 2);
  expect_damaged (folder, truncated, "not complete JSON");
  expect_damaged (folder, "", "it is empty");
  expect_damaged (folder, "[1, 2, 3]", "JSON object");

  struct
  {
    const char *from, *to, *fragment;
  } edits[] = {
    { "\"epochs\" : 2", "\"epochs\" : \"two\"", "“epochs” is not a whole number" },
    { "\"epochs\" : 2", "\"epochs\" : -4", "“epochs” is -4" },
    { "\"kind\" : \"dice-bce\"", "\"kind\" : \"hinge\"", "“hinge” is not a loss" },
    { "\"training\"", "\"trainin\"", "“training” is missing" },
    { "\"seeds\" : [", "\"seeds\" : [7, ", "consecutive" },
    { "\"reduction\" : \"batch\"", "\"reduction\" : \"sum\"", "“reduction” is “sum”" },
    { "\"base_width\" : 4", "\"base_width\" : 4.5", "not a whole number" },
    { "\"precision\" : \"fp32\"", "\"precision\" : \"fp16\"", "“precision” is “fp16”" },
  };
  for (guint i = 0; i < G_N_ELEMENTS (edits); i++)
    {
      g_assert_nonnull (strstr (good, edits[i].from));
      g_autoptr (GString) edited = g_string_new (good);
      g_string_replace (edited, edits[i].from, edits[i].to, 1);
      expect_damaged (folder, edited->str, edits[i].fragment);
    }

  /* An experiment from before bf16 names no precision: it ran in fp32. */
  g_autoptr (GString) older = g_string_new (good);
  g_assert_cmpuint (g_string_replace (older, "\"precision\" : \"fp32\",", "", 1), ==, 1);
  g_assert_true (g_file_set_contents (path, older->str, -1, NULL));
  g_autoptr (LbExperiment) old = lb_experiment_open (folder, &error);
  g_assert_no_error (error);
  g_assert_cmpint (lb_experiment_get_config (old)->train.net.precision, ==, NN_PRECISION_FP32);

  g_assert_true (g_file_set_contents (path, good, -1, NULL));
  g_autoptr (LbExperiment) again = lb_experiment_open (folder, &error);
  g_assert_no_error (error);
  lb_test_remove_tree (root);
}

/* External test sets: named after their folders, clashes numbered, kept through config.json;
 * a hand-edited name or a training folder as a set is damage. */
static void
test_external_config (void)
{
  g_autofree char *root = lb_test_make_tmp_dir ();
  g_autofree char *folder = g_build_filename (root, "exp", NULL);
  LbExperimentConfig config = small_config ();
  g_assert_null (lb_experiment_config_add_external (&config, "/data/Montgomery Set/"));
  g_assert_null (lb_experiment_config_add_external (&config, "/elsewhere/montgomery-set"));
  g_assert_null (lb_experiment_config_add_external (&config, "/data/___"));
  g_autofree char *twice = lb_experiment_config_add_external (&config, "/data/./___");
  g_assert_nonnull (strstr (twice, "given twice"));
  g_assert_cmpuint (config.n_external, ==, 3);
  g_assert_cmpstr (config.external[0].name, ==, "montgomery-set");
  g_assert_cmpstr (config.external[1].name, ==, "montgomery-set-2");
  g_assert_cmpstr (config.external[2].name, ==, "external");

  g_autoptr (GError) error = NULL;
  g_autoptr (LbExperiment) experiment = lb_experiment_new (&config, folder, &error);
  g_assert_no_error (error);
  lb_experiment_config_clear (&config);
  g_autoptr (LbExperiment) opened = lb_experiment_open (folder, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (lb_experiment_get_n_test_sets (opened), ==, 4);
  g_assert_null (lb_experiment_get_test_set_name (opened, 0));
  g_assert_cmpstr (lb_experiment_get_test_set_name (opened, 2), ==, "montgomery-set-2");
  g_assert_cmpstr (lb_experiment_get_config (opened)->external[1].folder, ==,
                   "/elsewhere/montgomery-set");
  g_autofree char *label = lb_experiment_dup_test_set_label (opened, 0);
  g_assert_cmpstr (label, ==, "Test split");

  g_autofree char *path = g_build_filename (folder, "config.json", NULL);
  g_autofree char *good = NULL;
  g_assert_true (g_file_get_contents (path, &good, NULL, NULL));
  struct
  {
    const char *from, *to, *fragment;
  } edits[] = {
    { "\"name\" : \"external\"", "\"name\" : \"Ext ernal\"", "“Ext ernal” is not usable" },
    { "\"name\" : \"external\"", "\"name\" : \"montgomery-set\"", "Two external test sets" },
    { "\"name\" : \"external\"", "\"nam\" : \"external\"", "“name” is missing" },
    { "\"folders\" : [", "\"folders\" : [\"/data/___\"", "is a training folder" },
  };
  for (guint i = 0; i < G_N_ELEMENTS (edits); i++)
    {
      g_assert_nonnull (strstr (good, edits[i].from));
      g_autoptr (GString) edited = g_string_new (good);
      g_string_replace (edited, edits[i].from, edits[i].to, 1);
      expect_damaged (folder, edited->str, edits[i].fragment);
    }
  lb_test_remove_tree (root);
}

/* The History page's list: every experiment under a root, damaged ones with their reason. */
static void
test_run_store (void)
{
  g_autofree char *root = lb_test_make_tmp_dir ();
  g_autoptr (GError) error = NULL;
  LbExperimentConfig config = small_config ();

  g_autofree char *first = lb_run_store_new_folder (root, "tiny");
  g_autoptr (LbExperiment) a = lb_experiment_new (&config, first, &error);
  g_assert_no_error (error);
  g_autofree char *second = lb_run_store_new_folder (root, "tiny");
  g_assert_cmpstr (first, !=, second);
  config.n_losses = 1;
  /* Two folders, as Montgomery and Shenzhen come: the list names both. */
  const char *folders[] = { "/data/MontgomerySet/CXR_png", "/data/ChinaSet_AllFiles", NULL };
  config.folders = g_strdupv ((char **) folders);
  /* Trained on augmented batches, Montgomery held out, tested on another hospital's too: the
   * list says so. */
  lb_augment_options_preset (&config.train.augment, LB_AUGMENT_STANDARD);
  config.test_source = g_strdup ("montgomery");
  g_assert_null (lb_experiment_config_add_external (&config, "/data/Hospital B"));
  g_autoptr (LbExperiment) b = lb_experiment_new (&config, second, &error);
  g_assert_no_error (error);
  lb_experiment_config_clear (&config);

  g_autofree char *damaged = g_build_filename (root, "damaged", NULL);
  g_autofree char *damaged_config = g_build_filename (damaged, "config.json", NULL);
  g_mkdir_with_parents (damaged, 0755);
  g_assert_true (g_file_set_contents (damaged_config, "{\"format\": 1", -1, NULL));
  g_autofree char *unrelated = g_build_filename (root, "notes", NULL);
  g_mkdir_with_parents (unrelated, 0755);

  g_autoptr (GPtrArray) list = lb_run_store_list (root, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 3);
  int titled = 0, broken = 0;
  for (guint i = 0; i < list->len; i++)
    {
      LbStoredExperiment *e = g_ptr_array_index (list, i);
      if (e->error != NULL)
        {
          broken++;
          g_assert_cmpstr (e->folder, ==, damaged);
          g_assert_nonnull (strstr (e->error, "damaged"));
          continue;
        }
      titled++;
      g_assert_cmpuint (e->n_done, ==, 0);
      g_assert_cmpstr (e->preset, ==, "tiny");
      g_assert_cmpuint (e->n_seeds, ==, 2);
      /* Nothing ran: no headline yet. */
      g_assert_false (e->complete);
      g_assert_cmpint (e->best_loss, ==, -1);
      g_assert_true (isnan (e->best_iou));
      g_autofree char *described = lb_stored_experiment_describe (e);
      if (g_strcmp0 (e->folder, first) == 0)
        {
          g_assert_cmpstr (e->title, ==, "Tiny: 2 losses × 2 seeds");
          g_assert_cmpuint (e->n_runs, ==, 4);
          g_assert_cmpstr (e->dataset, ==, "demo set (40 images)");
          g_assert_cmpuint (g_strv_length (e->losses), ==, 2);
          g_assert_cmpstr (e->losses[1], ==, "Focal-Tversky");
          g_assert_cmpstr (described, ==, "Dice-BCE, Focal-Tversky × 2 seeds · tiny preset · "
                                          "demo set (40 images)\nInterrupted (0 of 4 runs)");
        }
      else
        {
          g_assert_cmpstr (e->title, ==, "Tiny: Dice-BCE, 2 seeds");
          g_assert_cmpstr (e->dataset, ==, "CXR_png + ChinaSet_AllFiles");
          g_assert_cmpstr (described, ==, "Dice-BCE × 2 seeds · tiny preset · CXR_png + "
                                          "ChinaSet_AllFiles · augmented · montgomery held out · "
                                          "external hospital-b\nInterrupted (0 of 2 runs)");
        }
    }
  g_assert_cmpint (titled, ==, 2);
  g_assert_cmpint (broken, ==, 1);

  g_assert_false (lb_run_store_delete (unrelated, &error));
  g_assert_error (error, LB_ERROR, LB_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  g_assert_true (g_file_test (unrelated, G_FILE_TEST_IS_DIR));
  g_assert_true (lb_run_store_delete (first, &error));
  g_assert_no_error (error);
  g_assert_false (g_file_test (first, G_FILE_TEST_EXISTS));

  g_autofree char *missing = g_build_filename (root, "absent", NULL);
  g_autoptr (GPtrArray) empty = lb_run_store_list (missing, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (empty->len, ==, 0);
  lb_test_remove_tree (root);
}

typedef struct
{
  GMainLoop *loop;
  GThread *main_thread;
  int started, finished, progress;
  gboolean ok;
  GError *error;
} AsyncRun;

static void
on_run_started (LbExperiment *experiment, guint index, gpointer data)
{
  AsyncRun *run = data;
  g_assert_true (g_thread_self () == run->main_thread);
  g_assert_cmpuint (index, ==, (guint) run->started);
  run->started++;
}

static void
on_run_finished (LbExperiment *experiment, guint index, gpointer data)
{
  AsyncRun *run = data;
  g_assert_true (g_thread_self () == run->main_thread);
  LbRunInfo info;
  lb_experiment_get_run (experiment, index, &info);
  g_assert_cmpint (info.state, ==, LB_RUN_DONE);
  lb_run_info_clear (&info);
  run->finished++;
}

static void
on_async_progress (LbExperiment *experiment, gpointer data)
{
  AsyncRun *run = data;
  g_assert_true (g_thread_self () == run->main_thread);
  g_autoptr (LbTrainer) trainer = lb_experiment_dup_current_trainer (experiment);
  if (trainer != NULL)
    {
      g_autoptr (LbTrainerSnapshot) s = lb_trainer_get_snapshot (trainer);
      g_assert_cmpint (s->n_batches, ==, 4);
    }
  run->progress++;
}

static void
on_async_done (GObject *source, GAsyncResult *result, gpointer data)
{
  AsyncRun *run = data;
  run->ok = lb_experiment_run_finish (LB_EXPERIMENT (source), result, &run->error);
  g_main_loop_quit (run->loop);
}

/* On a worker thread, as the GUI runs it: every signal arrives on the main thread. */
static void
test_async (void)
{
  g_autofree char *root = lb_test_make_tmp_dir ();
  g_autofree char *folder = g_build_filename (root, "exp", NULL);
  LbExperimentConfig config = small_config ();
  config.n_seeds = 1;
  g_autoptr (GError) error = NULL;
  g_autoptr (LbExperiment) experiment = lb_experiment_new (&config, folder, &error);
  g_assert_no_error (error);
  lb_experiment_config_clear (&config);

  AsyncRun run = { .loop = g_main_loop_new (NULL, FALSE), .main_thread = g_thread_self () };
  g_signal_connect (experiment, "run-started", G_CALLBACK (on_run_started), &run);
  g_signal_connect (experiment, "run-finished", G_CALLBACK (on_run_finished), &run);
  g_signal_connect (experiment, "progress", G_CALLBACK (on_async_progress), &run);
  lb_experiment_run_async (experiment, NULL, on_async_done, &run);
  g_main_loop_run (run.loop);

  g_assert_no_error (run.error);
  g_assert_true (run.ok);
  g_assert_cmpint (run.started, ==, 2);
  g_assert_cmpint (run.finished, ==, 2);
  g_assert_cmpint (run.progress, >, 0);
  g_assert_true (lb_experiment_is_complete (experiment));
  g_main_loop_unref (run.loop);
  lb_test_remove_tree (root);
}

/* ---- boundary metrics, pixel spacing, and folders of earlier versions ---- */

static int
column_index (char **header, const char *name)
{
  for (int c = 0; header[c] != NULL; c++)
    if (strcmp (header[c], name) == 0)
      return c;
  g_error ("no column “%s”", name);
  return -1;
}

static double
number (const char *text)
{
  g_assert_true (*text != '\0');
  return g_ascii_strtod (text, NULL);
}

/* Keeps the first N_COLUMNS fields of every row of PATH: the file as an earlier version wrote
 * it. */
static void
truncate_columns (const char *path, guint n_columns)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) rows = lb_csv_load (path, &error);
  g_assert_no_error (error);
  char **header = g_ptr_array_index (rows, 0);
  g_assert_cmpuint (g_strv_length (header), >, n_columns);
  g_autoptr (GPtrArray) kept = g_ptr_array_new ();
  for (guint c = 0; c < n_columns; c++)
    g_ptr_array_add (kept, header[c]);
  g_ptr_array_add (kept, NULL);
  g_autoptr (LbCsv) csv = lb_csv_new ((const char *const *) kept->pdata);
  for (guint r = 1; r < rows->len; r++)
    {
      char **row = g_ptr_array_index (rows, r);
      for (guint c = 0; c < n_columns; c++)
        lb_csv_add_string (csv, row[c]);
      lb_csv_end_row (csv);
    }
  g_assert_true (lb_csv_save (csv, path, &error));
}

/* Two losses, one seed, a pixel spacing of 0.5 mm on the demo set (whose images are made at the
 * training size, so 0.5 mm is also the effective spacing). */
static void
test_boundary_metrics (void)
{
  g_autofree char *root = lb_test_make_tmp_dir ();
  g_autofree char *folder = g_build_filename (root, "exp", NULL);
  LbExperimentConfig config = small_config ();
  config.n_seeds = 1;
  config.metrics.has_spacing = TRUE;
  config.metrics.spacing = (NnSpacing) { 0.5, 0.5 };
  config.metrics.nsd_tolerance_mm = 1.0;   /* 2 px */
  g_autoptr (GError) error = NULL;
  g_autoptr (LbExperiment) experiment = lb_experiment_new (&config, folder, &error);
  g_assert_no_error (error);
  g_assert_true (lb_experiment_run (experiment, NULL, &error));
  g_assert_no_error (error);

  /* The truths the runs were tested on, made again, and the predicted masks each run saved. */
  g_autoptr (LbDataset) demo = lb_dataset_new_demo (config.demo_count, config.train.net.size,
                                                    config.demo_seed, config.normalization, NULL);
  int size = config.train.net.size;
  gsize hw = (gsize) size * size;
  for (guint r = 0; r < lb_experiment_get_n_runs (experiment); r++)
    {
      LbRunInfo run;
      lb_experiment_get_run (experiment, r, &run);
      g_autofree char *dir = g_build_filename (folder, "runs", run.name, NULL);
      g_autofree char *path = g_build_filename (dir, "per-image.csv", NULL);
      g_autoptr (GPtrArray) rows = lb_csv_load (path, &error);
      g_assert_no_error (error);
      char **h = g_ptr_array_index (rows, 0);
      int tp = column_index (h, "tp"), fp = column_index (h, "fp"), fn = column_index (h, "fn");
      int missed = column_index (h, "missed");
      double hd95_sum = 0.0;
      int missed_sum = 0;
      for (guint i = 1; i < rows->len; i++)
        {
          char **row = g_ptr_array_index (rows, i);
          /* Recomputed here from the saved prediction and the truth, by the numeric core. */
          g_autofree char *file = g_strconcat (row[0], ".png", NULL);
          g_autofree char *png = g_build_filename (dir, "masks", file, NULL);
          LbImageInfo info;
          g_autofree guint8 *pred = lb_image_decode_gray (png, &info, &error);
          g_assert_no_error (error);
          g_assert_cmpint (info.width, ==, size);
          int index = lb_dataset_find (demo, row[0]);
          g_assert_cmpint (index, >=, 0);
          g_autofree guint8 *truth = g_new (guint8, hw);
          for (gsize k = 0; k < hw; k++)
            truth[k] = lb_dataset_get_masks (demo)[index * hw + k] > 0.5f;
          NnBoundaryOptions options;
          nn_boundary_options_default (&options);
          NnBoundaryMetrics px, mm;
          g_assert_cmpint (nn_boundary_metrics (pred, truth, size, size, &options, &px), ==, 0);
          options.spacing = (NnSpacing) { 0.5, 0.5 };
          options.nsd_tolerance = 1.0;
          g_assert_cmpint (nn_boundary_metrics (pred, truth, size, size, &options, &mm), ==, 0);
          for (int k = 0; k < NN_BOUNDARY_METRIC_COUNT; k++)
            {
              int c_px = column_index (h, nn_boundary_metric_to_string (k));
              g_autofree char *mm_name = g_strconcat (nn_boundary_metric_to_string (k), "_mm",
                                                      NULL);
              int c_mm = column_index (h, mm_name);
              /* Nine significant digits in the file. */
              g_assert_cmpfloat_with_epsilon (number (row[c_px]), px.value[k],
                                              1e-8 * (1 + px.value[k]));
              g_assert_cmpfloat_with_epsilon (number (row[c_mm]), mm.value[k],
                                              1e-8 * (1 + mm.value[k]));
              /* At 0.5 mm the distances halve; NSD at 1 mm and boundary IoU are unchanged. */
              double scale = nn_boundary_metric_lower_is_better (k) ? 0.5 : 1.0;
              g_assert_cmpfloat_with_epsilon (number (row[c_mm]), scale * number (row[c_px]),
                                              1e-8 * (1 + number (row[c_px])));
            }
          /* Missed: exactly one of prediction (tp + fp) and truth (tp + fn) empty. */
          gint64 predicted = g_ascii_strtoll (row[tp], NULL, 10) + g_ascii_strtoll (row[fp], NULL, 10);
          gint64 lung = g_ascii_strtoll (row[tp], NULL, 10) + g_ascii_strtoll (row[fn], NULL, 10);
          g_assert_cmpstr (row[missed], ==, (predicted == 0) != (lung == 0) ? "1" : "0");
          g_assert_cmpint (px.missed, ==, (predicted == 0) != (lung == 0));
          hd95_sum += number (row[column_index (h, "hd95")]);
          missed_sum += row[missed][0] == '1';
        }
      g_assert_cmpfloat_with_epsilon (run.test_value[LB_METRIC_HD95], hd95_sum / (rows->len - 1),
                                      1e-9 * (1 + hd95_sum));
      g_assert_cmpint (run.test_missed, ==, missed_sum);

      /* Validation HD95 in every epoch, in pixels and mm. */
      g_autoptr (GArray) history = lb_experiment_load_history (experiment, r, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (history->len, ==, 2);
      for (guint e = 0; e < history->len; e++)
        {
          const LbEpochRecord *rec = &g_array_index (history, LbEpochRecord, e);
          g_assert_true (isfinite (rec->val_hd95) && rec->val_hd95 >= 0);
          g_assert_cmpfloat_with_epsilon (rec->val_hd95_mm, 0.5 * rec->val_hd95,
                                          1e-8 * (1 + rec->val_hd95));
          g_assert_cmpint (rec->val_missed, >=, 0);
        }
      lb_run_info_clear (&run);
    }

  /* The configuration keeps the spacing; the summary compares in mm. */
  g_autoptr (LbExperiment) reopened = lb_experiment_open (folder, &error);
  g_assert_no_error (error);
  const LbExperimentConfig *c = lb_experiment_get_config (reopened);
  g_assert_true (c->metrics.has_spacing);
  g_assert_cmpfloat (c->metrics.spacing.col, ==, 0.5);
  g_assert_cmpfloat (c->metrics.nsd_tolerance_mm, ==, 1.0);
  g_assert_cmpint (c->compare_metric, ==, LB_METRIC_IOU);
  g_autoptr (LbExperimentSummary) by_mm = lb_experiment_summarize_by (reopened, LB_METRIC_HD95_MM,
                                                                      &error);
  g_assert_no_error (error);
  g_assert_true (by_mm->available[LB_METRIC_HD95_MM]);
  const LbLossSummary *s = &g_array_index (by_mm->losses, LbLossSummary, 0);
  g_assert_cmpfloat_with_epsilon (s->metric[LB_METRIC_HD95_MM].mean,
                                  0.5 * s->metric[LB_METRIC_HD95].mean,
                                  1e-8 * (1 + s->metric[LB_METRIC_HD95].mean));
  g_assert_cmpint (g_array_index (by_mm->pairs, LbPairComparison, 0).metric, ==,
                   LB_METRIC_HD95_MM);
  g_autofree char *exported = g_build_filename (folder, "summary.csv", NULL);
  g_autoptr (GPtrArray) summary_rows = lb_csv_load (exported, &error);
  g_assert_no_error (error);
  column_index (g_ptr_array_index (summary_rows, 0), "hd95_mm_bootstrap_ci95_low");
  column_index (g_ptr_array_index (summary_rows, 0), "missed_images");

  /* The same folder as an earlier version left it: per-image.csv up to stepped_iou, history.csv
   * up to collapsed, config.json without the metrics. It opens, summarises and exports. */
  for (guint r = 0; r < lb_experiment_get_n_runs (reopened); r++)
    {
      LbRunInfo run;
      lb_experiment_get_run (reopened, r, &run);
      g_autofree char *per_image = g_build_filename (folder, "runs", run.name, "per-image.csv",
                                                     NULL);
      g_autofree char *history = g_build_filename (folder, "runs", run.name, "history.csv", NULL);
      truncate_columns (per_image, 6 + NN_METRIC_COUNT);
      truncate_columns (history, 3 + 2 * NN_METRIC_COUNT + 4);
      lb_run_info_clear (&run);
    }
  g_autofree char *config_path = g_build_filename (folder, "config.json", NULL);
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_assert_true (json_parser_load_from_file (parser, config_path, &error));
  JsonObject *top = json_node_get_object (json_parser_get_root (parser));
  json_object_remove_member (top, "metrics");
  json_object_remove_member (json_object_get_object_member (top, "data"), "pixel_spacing_mm");
  g_autoptr (JsonGenerator) generator = json_generator_new ();
  json_generator_set_root (generator, json_parser_get_root (parser));
  g_assert_true (json_generator_to_file (generator, config_path, &error));

  g_autoptr (LbExperiment) old = lb_experiment_open (folder, &error);
  g_assert_no_error (error);
  g_assert_true (lb_experiment_is_complete (old));
  g_assert_false (lb_experiment_get_config (old)->metrics.has_spacing);
  LbRunInfo run;
  lb_experiment_get_run (old, 0, &run);
  g_assert_cmpint (run.state, ==, LB_RUN_DONE);
  g_assert_cmpint (run.test_missed, ==, -1);
  g_assert_true (isnan (run.test_value[LB_METRIC_HD95]));
  g_assert_false (isnan (run.test_value[LB_METRIC_IOU]));
  lb_run_info_clear (&run);
  g_autoptr (GArray) old_history = lb_experiment_load_history (old, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (old_history->len, ==, 2);
  g_assert_true (isnan (g_array_index (old_history, LbEpochRecord, 0).val_hd95));
  g_autoptr (LbExperimentSummary) old_summary = lb_experiment_summarize (old, &error);
  g_assert_no_error (error);
  g_assert_false (old_summary->available[LB_METRIC_HD95]);
  g_autoptr (LbExperimentSummary) refused = lb_experiment_summarize_by (old, LB_METRIC_HD95,
                                                                        &error);
  g_assert_null (refused);
  g_assert_error (error, LB_ERROR, LB_ERROR_INVALID_INPUT);
  g_clear_error (&error);

  g_autofree char *out = g_build_filename (root, "export", NULL);
  g_mkdir_with_parents (out, 0755);
  g_autofree char *summary_path = g_build_filename (out, "summary.csv", NULL);
  g_autofree char *history_path = g_build_filename (out, "history.csv", NULL);
  g_autofree char *per_image_path = g_build_filename (out, "per-image.csv", NULL);
  g_autofree char *comparisons_path = g_build_filename (out, "comparisons.csv", NULL);
  g_assert_true (lb_experiment_export_csv (old, summary_path, history_path, per_image_path,
                                           comparisons_path, &error));
  g_assert_no_error (error);
  g_autoptr (GPtrArray) old_rows = lb_csv_load (summary_path, &error);
  g_assert_cmpuint (g_strv_length (g_ptr_array_index (old_rows, 0)), ==,
                    9 + 8 * NN_METRIC_COUNT + 2);
  g_assert_cmpuint (csv_rows (out, "history.csv"), ==, 2 * 2 * (2 + 2 * NN_METRIC_COUNT + 1));
  g_autoptr (GPtrArray) per_image_rows = lb_csv_load (per_image_path, &error);
  char **h = g_ptr_array_index (per_image_rows, 0), **first = g_ptr_array_index (per_image_rows, 1);
  g_assert_cmpstr (first[column_index (h, "hd95")], ==, "");
  g_assert_cmpstr (first[column_index (h, "missed")], ==, "");
  lb_experiment_config_clear (&config);
  lb_test_remove_tree (root);
}


/* ---- following an experiment another LbExperiment fills ---- */

typedef struct
{
  GMainLoop *loop;
  int changes;
  gboolean ran;
} WatchRun;

static void
on_watch_changed (LbExperimentWatch *watch, gpointer data)
{
  WatchRun *w = data;
  w->changes++;
  if (!lb_experiment_watch_is_active (watch) && w->ran)
    g_main_loop_quit (w->loop);
}

static void
on_other_done (GObject *source, GAsyncResult *result, gpointer data)
{
  WatchRun *w = data;
  g_autoptr (GError) error = NULL;
  g_assert_true (lb_experiment_run_finish (LB_EXPERIMENT (source), result, &error));
  w->ran = TRUE;
}

static gboolean
watch_hung (gpointer data)
{
  g_error ("the watch never saw the experiment finish");
  return G_SOURCE_REMOVE;
}

/* A second handle on the folder trains it, as another process would; the first follows its
 * runs from their files alone. */
static void
test_watch_follows_another (void)
{
  g_autofree char *root = lb_test_make_tmp_dir ();
  g_autofree char *folder = g_build_filename (root, "exp", NULL);
  LbExperimentConfig config = small_config ();
  g_autoptr (GError) error = NULL;
  g_autoptr (LbExperiment) shown = lb_experiment_new (&config, folder, &error);
  g_assert_no_error (error);
  lb_experiment_config_clear (&config);

  g_autoptr (LbExperimentWatch) watch = lb_experiment_watch_new (shown);
  g_assert_true (lb_experiment_watch_is_active (watch));
  WatchRun w = { .loop = g_main_loop_new (NULL, FALSE) };
  g_signal_connect (watch, "changed", G_CALLBACK (on_watch_changed), &w);
  g_autoptr (LbExperiment) other = lb_experiment_open (folder, &error);
  g_assert_no_error (error);
  lb_experiment_run_async (other, NULL, on_other_done, &w);
  guint hang = g_timeout_add_seconds (240, watch_hung, NULL);
  while (lb_experiment_watch_is_active (watch) || !w.ran)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (hang);

  g_assert_cmpint (w.changes, >=, 1);
  g_assert_true (lb_experiment_is_complete (shown));
  g_assert_cmpuint (lb_experiment_count_done (shown), ==, 4);
  LbRunInfo run;
  lb_experiment_get_run (shown, 3, &run);
  g_assert_cmpint (run.state, ==, LB_RUN_DONE);
  g_assert_cmpint (run.epochs_done, ==, 2);
  lb_run_info_clear (&run);
  g_main_loop_unref (w.loop);
  lb_test_remove_tree (root);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_autofree char *cache = lb_test_isolate_cache ();
  g_test_add_func ("/experiment/end-to-end", test_end_to_end);
  g_test_add_func ("/experiment/damaged-config", test_damaged_config);
  g_test_add_func ("/experiment/external-config", test_external_config);
  g_test_add_func ("/experiment/async", test_async);
  g_test_add_func ("/experiment/watch-follows-another", test_watch_follows_another);
  g_test_add_func ("/experiment/run-store", test_run_store);
  g_test_add_func ("/experiment/boundary-metrics", test_boundary_metrics);
  int status = g_test_run ();
  lb_test_remove_tree (cache);
  return status;
}
