/* test-disk-full.c — every writer of results, run out of room: the weights, a checkpoint, a
 * history, a CSV table (per-image results, summaries, exports), a predicted mask, the split,
 * the configuration and the dataset cache. Each is first written whole, then again with a
 * file-size limit (RLIMIT_FSIZE) too small for its new version, and on a tmpfs that has room
 * for the old version only (as root): the write fails with a sentence naming the file and what
 * to do, the earlier version is intact, and no scratch file is left beside it.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>
#include <sys/resource.h>

#include "lb-csv.h"
#include "lb-dataset-cache.h"
#include "lb-error.h"
#include "lb-experiment-config.h"
#include "lb-history.h"
#include "lb-image-io.h"
#include "lb-safetensors.h"
#include "lb-split.h"
#include "lb-test-util.h"
#include "lb-weights.h"

/* Writes version VERSION (0 or 1; 1 is the larger) of a file to PATH (the cache: to the path
 * of cache_key, which the test passes as PATH). */
typedef gboolean (*WriteFunc) (const char *path, int version, GError **error);

static gboolean
write_checkpoint (const char *path, int version, GError **error)
{
  gsize count = version == 0 ? 1000 : 40000;
  g_autofree float *values = g_new (float, count);
  for (gsize i = 0; i < count; i++)
    values[i] = (float) (i * (version + 1));
  LbTensorView tensor = { "params", 1, { (gint64) count }, values };
  return lb_safetensors_save (path, &tensor, 1, NULL, error);
}

static gboolean
write_weights (const char *path, int version, GError **error)
{
  NnUNetConfig config = { .size = 16, .base_width = version == 0 ? 1 : 4, .depth = 2,
                          .batch = 1 };
  NnUNet *net = nn_unet_new (&config);
  float *params = nn_unet_params (net);
  for (gsize i = 0; i < nn_unet_count (net); i++)
    params[i] = 0.001f * (float) i;
  gboolean ok = lb_weights_save (net, params, NULL, path, error);
  nn_unet_free (net);
  return ok;
}

static gboolean
write_history (const char *path, int version, GError **error)
{
  guint n = version == 0 ? 3 : 3000;
  g_autofree LbEpochRecord *records = g_new0 (LbEpochRecord, n);
  for (guint i = 0; i < n; i++)
    {
      records[i].epoch = (int) i + 1;
      records[i].train_loss = 1.0 / (i + 1);
    }
  return lb_history_save (path, records, n, error);
}

static gboolean
write_table (const char *path, int version, GError **error)
{
  const char *header[] = { "image", "iou", NULL };
  g_autoptr (LbCsv) csv = lb_csv_new (header);
  for (int r = 0; r < (version == 0 ? 2 : 20000); r++)
    {
      g_autofree char *name = g_strdup_printf ("image_%05d", r);
      lb_csv_add_string (csv, name);
      lb_csv_add_double (csv, r / 20000.0, 6);
      lb_csv_end_row (csv);
    }
  return lb_csv_save (csv, path, error);
}

static gboolean
write_mask (const char *path, int version, GError **error)
{
  int side = version == 0 ? 8 : 512;
  g_autofree guint8 *pixels = g_new (guint8, side * side);
  g_autoptr (GRand) rand = g_rand_new_with_seed (7);
  /* Noise: it does not compress, so the file is as large as its pixels. */
  for (int i = 0; i < side * side; i++)
    pixels[i] = (guint8) g_rand_int (rand);
  return lb_image_save_gray_png (path, pixels, side, side, error);
}

static gboolean
write_split (const char *path, int version, GError **error)
{
  guint n = version == 0 ? 10 : 20000;
  g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GPtrArray) sources = g_ptr_array_new ();
  for (guint i = 0; i < n; i++)
    {
      g_ptr_array_add (names, g_strdup_printf ("image_%05u", i));
      g_ptr_array_add (sources, (gpointer) "other");
    }
  g_autoptr (LbSplit) split = lb_split_new_seeded ((const char *const *) names->pdata,
                                                   (const char *const *) sources->pdata, n,
                                                   0.7, 0.15, 0.15, 1, FALSE, error);
  return split != NULL && lb_split_save (split, path, error);
}

static gboolean
write_config (const char *path, int version, GError **error)
{
  LbExperimentConfig config;
  lb_experiment_config_init (&config, LB_TRAIN_PRESET_TINY);
  /* The larger version names many data folders. */
  g_strfreev (config.folders);
  config.folders = g_new0 (char *, version == 0 ? 2 : 400);
  for (int f = 0; f < (version == 0 ? 1 : 399); f++)
    config.folders[f] = g_strdup_printf ("/data/hospital-%03d/chest-x-rays", f);
  gboolean ok = lb_experiment_config_save (&config, path, error);
  lb_experiment_config_clear (&config);
  return ok;
}

static const char *cache_key;

static gboolean
write_cache (const char *path, int version, GError **error)
{
  guint n = version == 0 ? 1 : 64;
  g_autoptr (LbDecodedSet) set = lb_decoded_set_new (n, 64);
  for (gsize i = 0; i < (gsize) n * 64 * 64; i++)
    set->images[i] = (guint8) (i * 31 + version);
  return lb_dataset_cache_write (cache_key, set, error);
}

/* Whether DIR holds a file whose name has NEEDLE in it. */
static gboolean
dir_holds (const char *dir, const char *needle)
{
  g_autoptr (GDir) listing = g_dir_open (dir, 0, NULL);
  const char *name;
  while (listing != NULL && (name = g_dir_read_name (listing)) != NULL)
    if (strstr (name, needle) != NULL)
      return TRUE;
  return FALSE;
}

/* PATH is written whole by WRITE, then fails under a limit of half its larger version. */
static void
check_writer (const char *path, WriteFunc write)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *before = NULL, *after = NULL;
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *base = g_path_get_basename (path);
  gsize before_len = 0, after_len = 0;
  GStatBuf st;
  struct rlimit saved, limited;

  /* The larger version's size, then the earlier version in place. */
  g_assert_true (write (path, 1, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_true (write (path, 0, &error));
  g_assert_true (g_file_get_contents (path, &before, &before_len, NULL));
  g_assert_cmpint ((gint64) before_len * 2, <, st.st_size);

  g_assert_cmpint (getrlimit (RLIMIT_FSIZE, &saved), ==, 0);
  limited = saved;
  limited.rlim_cur = (rlim_t) st.st_size / 2;
  g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &limited), ==, 0);
  gboolean ok = write (path, 1, &error);
  g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &saved), ==, 0);

  g_assert_false (ok);
  g_assert_error (error, LB_ERROR, LB_ERROR_NO_SPACE);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, base));
  g_assert_nonnull (strstr (error->message, "ulimit -f"));
  g_assert_nonnull (strstr (error->message, "earlier version of the file is unchanged"));
  g_assert_true (g_file_get_contents (path, &after, &after_len, NULL));
  g_assert_cmpmem (before, before_len, after, after_len);
  g_assert_false (dir_holds (dir, ".lbtmp+"));
}

/* Runs mount(8) or umount(8) with ARGV; whether it worked. */
static gboolean
run_mount (const char *const *argv)
{
  int status = 0;
  return g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH
                       | G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL,
                       NULL, NULL, &status, NULL)
         && g_spawn_check_wait_status (status, NULL);
}

/* The same on a filesystem that fills up: PATH's folder becomes a tmpfs (as root) with room for
 * the earlier version and half the new one. FALSE when no tmpfs can be mounted here. */
static gboolean
check_writer_on_full_disk (const char *path, WriteFunc write)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *base = g_path_get_basename (path);
  g_autofree char *before = NULL, *after = NULL;
  gsize before_len = 0, after_len = 0;
  GStatBuf st;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  g_assert_true (write (path, 1, &error));
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_true (write (path, 0, &error));
  g_assert_true (g_file_get_contents (path, &before, &before_len, NULL));
  g_unlink (path);

  gint64 room = ((gint64) before_len + st.st_size / 2 + 8191) / 4096 * 4096;
  g_autofree char *size = g_strdup_printf ("size=%" G_GINT64_FORMAT, room);
  const char *mount_argv[] = { "mount", "-t", "tmpfs", "-o", size, "tmpfs", dir, NULL };
  const char *umount_argv[] = { "umount", dir, NULL };
  if (!run_mount (mount_argv))
    return FALSE;
  g_assert_true (write (path, 0, &error));
  g_assert_no_error (error);
  gboolean ok = write (path, 1, &error);
  g_assert_false (ok);
  g_assert_error (error, LB_ERROR, LB_ERROR_NO_SPACE);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "The disk is full"));
  g_assert_nonnull (strstr (error->message, base));
  g_assert_nonnull (strstr (error->message, "Free some space and try again"));
  g_assert_true (g_file_get_contents (path, &after, &after_len, NULL));
  g_assert_cmpmem (before, before_len, after, after_len);
  g_assert_false (dir_holds (dir, ".lbtmp+"));
  g_assert_true (run_mount (umount_argv));
  return TRUE;
}

static char *tmp_dir;

typedef struct
{
  const char *name;   /* the test's and, but for the cache, the file's */
  WriteFunc write;
} Writer;

static const Writer writers[] = {
  { "weights.safetensors", write_weights },
  { "checkpoint.safetensors", write_checkpoint },
  { "history.csv", write_history },
  { "per-image.csv", write_table },
  { "mask.png", write_mask },
  { "split.tsv", write_split },
  { "config.json", write_config },
  { "cache", write_cache },
};

/* Where WRITER writes: a file of its name in DIR (a folder of the temporary one); the cache,
 * where the cache is. */
static char *
writer_path (const Writer *writer, const char *dir, char *key)
{
  if (writer->write == write_cache)
    {
      cache_key = key;
      return lb_dataset_cache_path_for_key (key);
    }
  return g_build_filename (tmp_dir, dir, writer->name, NULL);
}

static void
test_writer (gconstpointer data)
{
  g_autofree char *key = g_strnfill (64, 'a');
  g_autofree char *path = writer_path (data, "", key);

  check_writer (path, ((const Writer *) data)->write);
  cache_key = NULL;
}

static void
test_writer_on_full_disk (gconstpointer data)
{
  g_autofree char *key = g_strnfill (64, 'b');
  g_autofree char *path = writer_path (data, "small", key);

  if (!check_writer_on_full_disk (path, ((const Writer *) data)->write))
    g_test_skip ("a small tmpfs cannot be mounted here (it needs root): tested under a "
                 "file-size limit only");
  cache_key = NULL;
}

int
main (int argc, char **argv)
{
  g_autofree char *cache = lb_test_isolate_cache ();
  g_test_init (&argc, &argv, NULL);
  /* Past the limit a write fails with EFBIG instead of the process being killed. */
  signal (SIGXFSZ, SIG_IGN);
  tmp_dir = lb_test_make_tmp_dir ();
  for (guint i = 0; i < G_N_ELEMENTS (writers); i++)
    {
      g_autofree char *test = g_strdup_printf ("/disk-full/%s", writers[i].name);
      g_autofree char *full = g_strdup_printf ("/disk-full/tmpfs/%s", writers[i].name);
      g_test_add_data_func (test, &writers[i], test_writer);
      g_test_add_data_func (full, &writers[i], test_writer_on_full_disk);
    }
  int status = g_test_run ();
  lb_test_remove_tree (tmp_dir);
  lb_test_remove_tree (cache);
  return status;
}
