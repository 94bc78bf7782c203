/* test-safetensors.c — weights files: round trip, the format on disk, damaged files.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <glib/gstdio.h>
#include <string.h>

#include "lb-error.h"
#include "lb-safetensors.h"

typedef struct
{
  char *dir;
  char *path;
  float weight[2 * 3 * 3 * 3];
  float bias[2];
} Fixture;

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  f->dir = g_dir_make_tmp ("lb-st-XXXXXX", NULL);
  f->path = g_build_filename (f->dir, "weights.safetensors", NULL);
  for (gsize i = 0; i < G_N_ELEMENTS (f->weight); i++)
    f->weight[i] = (float) i * 0.25f - 3.0f;
  f->bias[0] = 1e-7f;
  f->bias[1] = -0.5f;
  LbTensorView tensors[] = {
    { "enc1.conv1.weight", 4, { 2, 1, 3, 3 }, f->weight },
    { "enc1.conv1.bias", 1, { 2 }, f->bias },
    { "enc1.conv2.weight", 4, { 1, 2, 3, 3 }, f->weight + 18 },
  };
  g_autoptr (GHashTable) meta = g_hash_table_new (g_str_hash, g_str_equal);
  g_hash_table_insert (meta, "format", "pt");
  g_hash_table_insert (meta, "loss", "focal-tversky");
  g_autoptr (GError) error = NULL;
  g_assert_true (lb_safetensors_save (f->path, tensors, 3, meta, &error));
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  g_unlink (f->path);
  g_rmdir (f->dir);
  g_free (f->path);
  g_free (f->dir);
}

static void
test_round_trip (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (LbSafetensors) file = lb_safetensors_load (f->path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (lb_safetensors_get_n_tensors (file), ==, 3);
  g_assert_cmpstr (lb_safetensors_get_metadata (file, "loss"), ==, "focal-tversky");

  LbTensorView view;
  g_assert_true (lb_safetensors_lookup (file, "enc1.conv1.weight", &view));
  g_assert_cmpint (view.n_dims, ==, 4);
  g_assert_cmpint (view.shape[0], ==, 2);
  g_assert_cmpint (view.shape[3], ==, 3);
  g_assert_cmpmem (view.data, 18 * sizeof (float), f->weight, 18 * sizeof (float));
  g_assert_true (lb_safetensors_lookup (file, "enc1.conv2.weight", &view));
  g_assert_cmpmem (view.data, 18 * sizeof (float), f->weight + 18, 18 * sizeof (float));
  g_assert_true (lb_safetensors_lookup (file, "enc1.conv1.bias", &view));
  g_assert_cmpfloat (view.data[0], ==, 1e-7f);
  g_assert_false (lb_safetensors_lookup (file, "missing", &view));
}

/* Read the file with an independent reader (Python's struct + json), as PyTorch users will. */
static void
test_python_reads_it (Fixture *f, gconstpointer data)
{
  if (!g_file_test ("/usr/bin/python3", G_FILE_TEST_IS_EXECUTABLE))
    {
      g_test_skip ("/usr/bin/python3 is not installed");
      return;
    }
  const char *script =
    "import json, struct, sys\n"
    "b = open(sys.argv[1], 'rb').read()\n"
    "n = struct.unpack('<Q', b[:8])[0]\n"
    "assert (8 + n) % 8 == 0\n"
    "h = json.loads(b[8:8 + n])\n"
    "e = h['enc1.conv1.weight']\n"
    "lo, hi = e['data_offsets']\n"
    "w = struct.unpack('<%df' % ((hi - lo) // 4), b[8 + n + lo:8 + n + hi])\n"
    "print(e['dtype'], e['shape'], w[0], w[17], h['__metadata__']['format'])\n";
  const char *argv[] = { "/usr/bin/python3", "-c", script, f->path, NULL };
  g_autofree char *out = NULL;
  int status = -1;
  g_autoptr (GError) error = NULL;
  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, NULL, &status,
                &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  g_assert_cmpstr (out, ==, "F32 [2, 1, 3, 3] -3.0 1.25 pt\n");
}

static void
expect_corrupt (const char *path, const void *bytes, gsize length)
{
  g_autoptr (GError) error = NULL;
  g_assert_true (g_file_set_contents (path, bytes, length, NULL));
  g_autoptr (LbSafetensors) file = lb_safetensors_load (path, &error);
  g_assert_null (file);
  g_assert_error (error, LB_ERROR, LB_ERROR_CORRUPT);
  g_assert_nonnull (strstr (error->message, "not a usable weights file"));
}

static void
with_header (GByteArray *out, const char *json, gsize data_bytes)
{
  guint64 n = GUINT64_TO_LE (strlen (json));
  g_byte_array_append (out, (const guint8 *) &n, 8);
  g_byte_array_append (out, (const guint8 *) json, strlen (json));
  for (gsize i = 0; i < data_bytes; i++)
    g_byte_array_append (out, (const guint8 *) "\0", 1);
}

static void
test_damaged (Fixture *f, gconstpointer data)
{
  g_autofree char *good = NULL;
  gsize length = 0;
  g_assert_true (g_file_get_contents (f->path, &good, &length, NULL));
  g_autofree char *damaged = g_build_filename (f->dir, "damaged.safetensors", NULL);

  expect_corrupt (damaged, good, 5);                    /* shorter than the length field */
  expect_corrupt (damaged, good, length - 4);           /* truncated data */
  expect_corrupt (damaged, good, length / 3);           /* truncated header */

  const char *headers[] = {
    "{not json",
    "[1, 2]",
    "{\"w\": {\"dtype\": \"F16\", \"shape\": [2], \"data_offsets\": [0, 4]}}",
    "{\"w\": {\"dtype\": \"F32\", \"shape\": [\"two\"], \"data_offsets\": [0, 8]}}",
    "{\"w\": {\"dtype\": \"F32\", \"shape\": [2], \"data_offsets\": [0, 12]}}",
    "{\"w\": {\"dtype\": \"F32\", \"shape\": [-2], \"data_offsets\": [0, 8]}}",
    "{\"w\": {\"dtype\": \"F32\", \"shape\": 2, \"data_offsets\": [0, 8]}}",
    "{\"w\": 7}",
  };
  for (gsize i = 0; i < G_N_ELEMENTS (headers); i++)
    {
      g_autoptr (GByteArray) bytes = g_byte_array_new ();
      with_header (bytes, headers[i], 8);
      expect_corrupt (damaged, bytes->data, bytes->len);
    }
  g_unlink (damaged);

  /* The good file was never touched. */
  g_autoptr (LbSafetensors) file = lb_safetensors_load (f->path, NULL);
  g_assert_nonnull (file);
}

static void
test_missing (void)
{
  g_autoptr (GError) error = NULL;
  g_assert_null (lb_safetensors_load ("/nonexistent/weights.safetensors", &error));
  g_assert_error (error, LB_ERROR, LB_ERROR_NOT_FOUND);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/safetensors/round-trip", Fixture, NULL, fixture_set_up, test_round_trip,
              fixture_tear_down);
  g_test_add ("/safetensors/python-reads-it", Fixture, NULL, fixture_set_up, test_python_reads_it,
              fixture_tear_down);
  g_test_add ("/safetensors/damaged", Fixture, NULL, fixture_set_up, test_damaged,
              fixture_tear_down);
  g_test_add_func ("/safetensors/missing", test_missing);
  return g_test_run ();
}
