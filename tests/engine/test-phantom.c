/* test-phantom.c — the synthetic demo set: deterministic, plausible, and the same in memory as on disk.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <string.h>

#include "lb-dataset.h"
#include "lb-phantom.h"
#include "lb-test-util.h"

enum { S = 128 };

static void
test_deterministic (void)
{
  guint8 a[S * S], am[S * S], b[S * S], bm[S * S];
  lb_phantom_generate (7, 3, S, a, am);
  lb_phantom_generate (7, 3, S, b, bm);
  g_assert_cmpmem (a, sizeof a, b, sizeof b);
  g_assert_cmpmem (am, sizeof am, bm, sizeof bm);
  /* another seed, or another index, is another chest */
  lb_phantom_generate (8, 3, S, b, bm);
  g_assert_true (memcmp (am, bm, sizeof am) != 0);
  lb_phantom_generate (7, 4, S, b, bm);
  g_assert_true (memcmp (am, bm, sizeof am) != 0);
}

/* Counts 4-connected components of the mask's lung. */
static int
count_components (const guint8 *mask, int size)
{
  g_autofree int *label = g_new0 (int, size * size);
  g_autofree int *stack = g_new (int, size * size);
  int n = 0;
  for (int start = 0; start < size * size; start++)
    {
      if (!mask[start] || label[start])
        continue;
      n++;
      int top = 0;
      stack[top++] = start;
      label[start] = n;
      while (top > 0)
        {
          int p = stack[--top], x = p % size, y = p / size;
          int nb[4] = { x > 0 ? p - 1 : -1, x < size - 1 ? p + 1 : -1,
                        y > 0 ? p - size : -1, y < size - 1 ? p + size : -1 };
          for (int k = 0; k < 4; k++)
            if (nb[k] >= 0 && mask[nb[k]] && !label[nb[k]])
              {
                label[nb[k]] = n;
                stack[top++] = nb[k];
              }
        }
    }
  return n;
}

static void
test_plausible (void)
{
  double min_fraction = 1, max_fraction = 0;
  guint8 image[S * S], mask[S * S];
  for (guint i = 0; i < 48; i++)
    {
      lb_phantom_generate (1, i, S, image, mask);
      double lung = 0, lung_mean = 0, body_mean = 0;
      int body_n = 0;
      for (int k = 0; k < S * S; k++)
        {
          g_assert_true (mask[k] == 0 || mask[k] == 255);
          if (mask[k])
            {
              lung++;
              lung_mean += image[k];
            }
          else if (image[k] > 60)
            {
              body_mean += image[k];
              body_n++;
            }
        }
      double fraction = lung / (S * S);
      min_fraction = MIN (min_fraction, fraction);
      max_fraction = MAX (max_fraction, fraction);
      /* two lung fields, like the real masks */
      g_assert_cmpint (count_components (mask, S), ==, 2);
      /* lungs are dark against the body on an X-ray */
      g_assert_cmpfloat (lung_mean / lung, <, body_mean / body_n - 30);
      /* the left half of the image holds one lung, the right half the other */
      double left = 0;
      for (int y = 0; y < S; y++)
        for (int x = 0; x < S / 2; x++)
          left += mask[y * S + x] != 0;
      g_assert_cmpfloat (left / lung, >, 0.3);
      g_assert_cmpfloat (left / lung, <, 0.7);
    }
  /* the real sets range 0.086…0.41; phantoms vary within a similar band */
  g_test_message ("lung fraction %.3f … %.3f", min_fraction, max_fraction);
  g_assert_cmpfloat (min_fraction, >, 0.08);
  g_assert_cmpfloat (max_fraction, <, 0.42);
  g_assert_cmpfloat (max_fraction - min_fraction, >, 0.05);
}

static void
test_memory_equals_disk (void)
{
  g_autofree char *dir = lb_test_make_tmp_dir ();
  g_autoptr(GError) error = NULL;
  g_assert_true (lb_phantom_write_set (dir, 8, 64, 11, &error));
  g_assert_no_error (error);

  g_autoptr(LbDataset) memory = lb_dataset_new_demo (8, 64, 11, LB_NORMALIZATION_POSTER, NULL);
  LbDatasetOptions options;
  lb_dataset_options_init (&options);
  options.size = 64;
  g_autoptr(LbDataset) disk = lb_dataset_load (dir, &options, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (lb_dataset_get_n_pairs (disk), ==, 8);
  gsize bytes = sizeof (float) * 8 * 64 * 64;
  g_assert_cmpmem (lb_dataset_get_images (memory), bytes, lb_dataset_get_images (disk), bytes);
  g_assert_cmpmem (lb_dataset_get_masks (memory), bytes, lb_dataset_get_masks (disk), bytes);
  for (guint i = 0; i < 8; i++)
    {
      g_assert_cmpstr (lb_dataset_get_name (memory, i), ==, lb_dataset_get_name (disk, i));
      /* the manifest written with the set labels the source */
      g_assert_cmpstr (lb_dataset_get_source (disk, i), ==, "phantom");
    }
  lb_test_remove_tree (dir);
}

int
main (int argc, char **argv)
{
  g_autofree char *cache = lb_test_isolate_cache ();
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/phantom/deterministic", test_deterministic);
  g_test_add_func ("/phantom/plausible", test_plausible);
  g_test_add_func ("/phantom/memory-equals-disk", test_memory_equals_disk);
  int status = g_test_run ();
  lb_test_remove_tree (cache);
  return status;
}
