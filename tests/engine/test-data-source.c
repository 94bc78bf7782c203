/* test-data-source.c — the window's data source: opening the demo set and folders, the order
 * of its notifications, failures, cancelling, and the same data at another size.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "lb-data-source.h"
#include "lb-error.h"
#include "lb-test-util.h"

/* Iterates the main context until @done is set, failing after 60 s. */
static void
wait_for (const gboolean *done)
{
  gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;

  while (!*done)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
}

typedef struct
{
  GString *log;        /* "busy=1 loading dataset …": what was notified, in order */
  gboolean ended;      /* a load ended (busy went back to FALSE) */
  gboolean failed;
  char **failed_folders;
  GError *error;
} Watch;

static void
on_notify (LbDataSource *source,
           GParamSpec   *pspec,
           Watch        *watch)
{
  const char *name = g_param_spec_get_name (pspec);

  if (g_str_equal (name, "loaded") || g_str_equal (name, "total"))
    return;
  if (g_str_equal (name, "busy"))
    {
      g_string_append_printf (watch->log, "busy=%d ", lb_data_source_get_busy (source));
      watch->ended = !lb_data_source_get_busy (source);
    }
  else if (g_str_equal (name, "dataset"))
    /* Whoever listens to "dataset" finds the source idle. */
    g_string_append_printf (watch->log, "dataset(busy=%d) ", lb_data_source_get_busy (source));
  else
    g_string_append_printf (watch->log, "%s ", name);
}

static void
on_failed (LbDataSource       *source,
           const char *const  *folders,
           const GError       *error,
           Watch              *watch)
{
  watch->failed = TRUE;
  watch->failed_folders = g_strdupv ((char **) folders);
  watch->error = g_error_copy (error);
}

static void
watch_init (Watch        *watch,
            LbDataSource *source)
{
  memset (watch, 0, sizeof *watch);
  watch->log = g_string_new (NULL);
  g_signal_connect (source, "notify", G_CALLBACK (on_notify), watch);
  g_signal_connect (source, "load-failed", G_CALLBACK (on_failed), watch);
}

static void
watch_reset (Watch *watch)
{
  g_string_truncate (watch->log, 0);
  watch->ended = FALSE;
  watch->failed = FALSE;
  g_clear_pointer (&watch->failed_folders, g_strfreev);
  g_clear_error (&watch->error);
}

static void
watch_clear (Watch        *watch,
             LbDataSource *source)
{
  g_signal_handlers_disconnect_by_data (source, watch);
  watch_reset (watch);
  g_string_free (watch->log, TRUE);
}

typedef struct
{
  gboolean done;
  LbDataset *dataset;
  GError *error;
} AtSize;

static void
at_size_ready (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  AtSize *r = user_data;

  r->dataset = lb_data_source_load_at_size_finish (LB_DATA_SOURCE (source), result, &r->error);
  r->done = TRUE;
}

static LbDataset *
load_at_size (LbDataSource  *source,
              guint          size,
              GError       **error)
{
  AtSize r = { 0 };

  lb_data_source_load_at_size_async (source, size, NULL, at_size_ready, &r);
  wait_for (&r.done);
  if (r.error != NULL)
    g_propagate_error (error, r.error);
  return r.dataset;
}

static void
test_demo (void)
{
  g_autoptr (LbDataSource) source = lb_data_source_new ();
  g_autoptr (GError) error = NULL;
  g_autoptr (LbDataset) same = NULL;
  g_autoptr (LbDataset) smaller = NULL;
  Watch watch;

  g_assert_null (lb_data_source_get_dataset (source));
  g_assert_null (load_at_size (source, 32, &error));
  g_assert_error (error, LB_ERROR, LB_ERROR_EMPTY);
  g_clear_error (&error);

  watch_init (&watch, source);
  lb_data_source_open_demo (source);
  g_assert_true (lb_data_source_get_busy (source));
  g_assert_null (lb_data_source_get_loading_folders (source));
  wait_for (&watch.ended);
  /* Busy first, so a listener to it sees the new dataset already there; then the folders
   * (none, for the demo set), then the dataset. */
  g_assert_cmpstr (watch.log->str, ==,
                   "loading-folders busy=1 busy=0 loading-folders folders dataset(busy=0) ");
  g_assert_nonnull (lb_data_source_get_dataset (source));
  g_assert_null (lb_data_source_get_folders (source));
  g_assert_cmpuint (lb_dataset_get_n_pairs (lb_data_source_get_dataset (source)), ==, 12);
  g_assert_cmpuint (lb_dataset_get_size (lb_data_source_get_dataset (source)), ==, 32);
  /* An experiment on it trains on the same phantoms. */
  LbExperimentConfig config;
  lb_experiment_config_init (&config, LB_TRAIN_PRESET_TINY);
  lb_data_source_apply_to_config (source, &config);
  g_assert_null (config.folders);
  g_assert_cmpuint (config.demo_count, ==, 12);
  g_assert_cmpuint (config.demo_seed, ==, LB_DEMO_SEED);
  lb_experiment_config_clear (&config);

  /* The same size is the dataset itself; another is made again, the same phantoms. */
  same = load_at_size (source, 32, &error);
  g_assert_no_error (error);
  g_assert_true (same == lb_data_source_get_dataset (source));
  smaller = load_at_size (source, 16, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (lb_dataset_get_size (smaller), ==, 16);
  g_assert_cmpuint (lb_dataset_get_n_pairs (smaller), ==, 12);
  g_assert_cmpstr (lb_dataset_get_name (smaller, 3), ==, lb_dataset_get_name (same, 3));
  watch_clear (&watch, source);
}

static void
test_folders (void)
{
  g_autofree char *folder = lb_test_write_phantom_folder (10, 32);
  g_autofree char *missing = g_build_filename (folder, "not-there", NULL);
  const char *const folders[] = { folder, NULL };
  const char *const bad[] = { missing, NULL };
  g_autoptr (LbDataSource) source = lb_data_source_new ();
  g_autoptr (GError) error = NULL;
  g_autoptr (LbDataset) smaller = NULL;
  LbDataset *opened;
  Watch watch;

  watch_init (&watch, source);
  lb_data_source_open_folders (source, folders);
  g_assert_cmpstr (lb_data_source_get_loading_folders (source)[0], ==, folder);
  wait_for (&watch.ended);
  opened = lb_data_source_get_dataset (source);
  g_assert_nonnull (opened);
  g_assert_cmpuint (lb_dataset_get_n_pairs (opened), ==, 10);
  g_assert_cmpstr (lb_data_source_get_folders (source)[0], ==, folder);
  g_assert_null (lb_data_source_get_folders (source)[1]);
  g_assert_null (lb_data_source_get_loading_folders (source));
  LbExperimentConfig config;
  lb_experiment_config_init (&config, LB_TRAIN_PRESET_TINY);
  lb_data_source_apply_to_config (source, &config);
  g_assert_cmpstrv (config.folders, folders);
  lb_experiment_config_clear (&config);
  smaller = load_at_size (source, 16, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (lb_dataset_get_size (smaller), ==, 16);

  /* A folder that does not open: the error, with the folders tried; the dataset stays. */
  watch_reset (&watch);
  lb_data_source_open_folders (source, bad);
  wait_for (&watch.ended);
  g_assert_true (watch.failed);
  g_assert_nonnull (watch.error);
  g_assert_cmpstr (watch.failed_folders[0], ==, missing);
  g_assert_true (lb_data_source_get_dataset (source) == opened);
  g_assert_cmpstr (watch.log->str, ==, "loading-folders busy=1 busy=0 loading-folders ");

  /* Given up at once: idle again, the dataset stays, and the load's end changes nothing. */
  watch_reset (&watch);
  lb_data_source_open_demo (source);
  lb_data_source_cancel (source);
  g_assert_false (lb_data_source_get_busy (source));
  g_assert_true (watch.ended);
  for (int i = 0; i < 50; i++)
    {
      g_usleep (10000);
      while (g_main_context_iteration (NULL, FALSE))
        ;
    }
  g_assert_false (watch.failed);
  g_assert_true (lb_data_source_get_dataset (source) == opened);
  g_assert_cmpstr (lb_data_source_get_folders (source)[0], ==, folder);
  watch_clear (&watch, source);
  lb_test_remove_tree (folder);
}

static void
test_display_name (void)
{
  const char *const one[] = { "/data/cxr", NULL };
  const char *const two[] = { "/data/MontgomerySet", "/data/ChinaSet_AllFiles/", NULL };
  g_autofree char *a = lb_folders_display_name (one);
  g_autofree char *b = lb_folders_display_name (two);

  g_assert_cmpstr (a, ==, "cxr");
  g_assert_cmpstr (b, ==, "MontgomerySet + ChinaSet_AllFiles");
}

int
main (int argc, char **argv)
{
  g_autofree char *cache = lb_test_isolate_cache ();
  int status;

  g_setenv ("LOSSBENCH_DEMO", "12x32", TRUE);
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/data-source/demo", test_demo);
  g_test_add_func ("/data-source/folders", test_folders);
  g_test_add_func ("/data-source/display-name", test_display_name);
  status = g_test_run ();
  lb_test_remove_tree (cache);
  return status;
}
