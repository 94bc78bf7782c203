/* test-dataset-cache.c — a second load is served from the cache, identical; any change invalidates
 * it, and a cache file damaged anywhere is never used but written again.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <glib/gstdio.h>
#include <string.h>

#include "lb-dataset-cache.h"
#include "lb-dataset.h"
#include "lb-image-io.h"
#include "lb-test-util.h"

static void
assert_same_tensors (LbDataset *a, LbDataset *b)
{
  guint n = lb_dataset_get_n_pairs (a);
  g_assert_cmpuint (n, ==, lb_dataset_get_n_pairs (b));
  gsize bytes = sizeof (float) * n * lb_dataset_get_size (a) * lb_dataset_get_size (a);
  g_assert_cmpmem (lb_dataset_get_images (a), bytes, lb_dataset_get_images (b), bytes);
  g_assert_cmpmem (lb_dataset_get_masks (a), bytes, lb_dataset_get_masks (b), bytes);
  for (guint i = 0; i < n; i++)
    {
      g_assert_cmpstr (lb_dataset_get_name (a, i), ==, lb_dataset_get_name (b, i));
      g_assert_cmpstr (lb_dataset_get_source (a, i), ==, lb_dataset_get_source (b, i));
      g_assert_cmpuint (lb_dataset_get_flags (a, i), ==, lb_dataset_get_flags (b, i));
    }
}

static void
test_cache (void)
{
  g_autofree char *folder = lb_test_shared_data ("cxr");
  if (folder == NULL)
    return;
  guint hits = lb_dataset_cache_get_hit_count ();
  guint misses = lb_dataset_cache_get_miss_count ();
  g_autoptr(LbDataset) first = lb_test_load_dataset (folder, 96, TRUE);
  g_assert_false (lb_dataset_get_from_cache (first));
  g_assert_cmpuint (lb_dataset_cache_get_miss_count (), ==, misses + 1);

  guint decodes = lb_image_get_decode_count ();
  g_autoptr(LbDataset) second = lb_test_load_dataset (folder, 96, TRUE);
  g_assert_true (lb_dataset_get_from_cache (second));
  g_assert_cmpuint (lb_dataset_cache_get_hit_count (), ==, hits + 1);
  g_assert_cmpuint (lb_image_get_decode_count (), ==, decodes); /* nothing decoded */
  assert_same_tensors (first, second);

  /* another size is another cache entry */
  g_autoptr(LbDataset) other = lb_test_load_dataset (folder, 48, TRUE);
  g_assert_false (lb_dataset_get_from_cache (other));
}

static void
test_cache_invalidation (void)
{
  g_autofree char *dir = lb_test_write_phantom_folder (6, 32);
  g_autoptr(LbDataset) first = lb_test_load_dataset (dir, 32, TRUE);
  g_autoptr(LbDataset) again = lb_test_load_dataset (dir, 32, TRUE);
  g_assert_true (lb_dataset_get_from_cache (again));

  /* Change one mask (new content, new size and time): the cache must not serve the old one. */
  g_autofree char *mask_path = g_build_filename (dir, "masks", "phantom_0003.png", NULL);
  guint8 full[32 * 32];
  memset (full, 255, sizeof full);
  lb_test_write_gray_png (mask_path, full, 32, 32);
  g_autoptr(LbDataset) changed = lb_test_load_dataset (dir, 32, TRUE);
  g_assert_false (lb_dataset_get_from_cache (changed));
  int i = lb_dataset_find (changed, "phantom_0003");
  const float *mask = lb_dataset_get_masks (changed) + 32 * 32 * i;
  for (int k = 0; k < 32 * 32; k++)
    g_assert_cmpfloat (mask[k], ==, 1.0f);

  /* A removed pair changes the key too. */
  g_autofree char *image_path = g_build_filename (dir, "images", "phantom_0005.png", NULL);
  g_unlink (image_path);
  g_autoptr(LbDataset) fewer = lb_test_load_dataset (dir, 32, TRUE);
  g_assert_false (lb_dataset_get_from_cache (fewer));
  g_assert_cmpuint (lb_dataset_get_n_pairs (fewer), ==, 5);

  /* A damaged cache file is ignored, not trusted. */
  g_autofree char *key = lb_dataset_cache_key (lb_dataset_get_report (fewer), 32);
  g_autofree char *cache_path = lb_dataset_cache_path_for_key (key);
  g_assert_true (g_file_test (cache_path, G_FILE_TEST_IS_REGULAR));
  g_autoptr(GError) error = NULL;
  g_assert_true (g_file_set_contents (cache_path, "LBDSET01 broken", -1, &error));
  g_autoptr(LbDataset) rebuilt = lb_test_load_dataset (dir, 32, TRUE);
  g_assert_false (lb_dataset_get_from_cache (rebuilt));
  assert_same_tensors (fewer, rebuilt);

  /* One flipped bit among the pixels, the file otherwise whole (magic, key, length, trailer):
   * the checksum refuses it, the images are decoded again and the cache written anew. */
  g_autofree char *bytes = NULL;
  gsize length = 0;
  g_assert_true (g_file_get_contents (cache_path, &bytes, &length, NULL));
  bytes[length - 8 - 32 * 32 * 5 - 100] ^= 0x10;
  g_assert_true (g_file_set_contents (cache_path, bytes, (gssize) length, NULL));
  g_autoptr(LbDataset) redecoded = lb_test_load_dataset (dir, 32, TRUE);
  g_assert_false (lb_dataset_get_from_cache (redecoded));
  assert_same_tensors (fewer, redecoded);
  g_autoptr(LbDataset) served = lb_test_load_dataset (dir, 32, TRUE);
  g_assert_true (lb_dataset_get_from_cache (served));
  assert_same_tensors (fewer, served);
  lb_test_remove_tree (dir);
}

int
main (int argc, char **argv)
{
  g_autofree char *cache = lb_test_isolate_cache ();
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/dataset-cache/second-load", test_cache);
  g_test_add_func ("/dataset-cache/invalidation", test_cache_invalidation);
  int status = g_test_run ();
  lb_test_remove_tree (cache);
  return status;
}
