/* test-augment.c — augmentation is off by default, never mirrors by default, moves image and mask together.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <math.h>
#include <string.h>

#include "lb-augment.h"
#include "lb-dataset.h"

enum { S = 64, PLANE = S * S };

static LbDataset *
demo (void)
{
  return lb_dataset_new_demo (2, S, 3, LB_NORMALIZATION_POSTER);
}

static void
test_off_by_default (void)
{
  g_autoptr(LbDataset) data = demo ();
  LbAugmentOptions options;
  lb_augment_options_init (&options);
  g_assert_false (options.enabled);
  g_assert_false (options.horizontal_flip);
  float image[PLANE], mask[PLANE];
  lb_augment_pair (&options, 1, 0, lb_dataset_get_images (data), lb_dataset_get_masks (data),
                   S, image, mask);
  g_assert_cmpmem (image, sizeof image, lb_dataset_get_images (data), sizeof image);
  g_assert_cmpmem (mask, sizeof mask, lb_dataset_get_masks (data), sizeof mask);
}

static void
test_no_flip_unless_asked (void)
{
  g_autoptr(LbDataset) data = demo ();
  const float *in_mask = lb_dataset_get_masks (data);
  const float *in_image = lb_dataset_get_images (data);
  LbAugmentOptions options;
  lb_augment_options_init (&options);
  options.enabled = TRUE;
  options.max_rotation = options.max_shift = options.max_scale = 0;
  options.max_brightness = options.max_contrast = 0;
  float image[PLANE], mask[PLANE];
  /* with every range at zero the transform is the identity — and stays so: no flip */
  for (guint64 counter = 0; counter < 64; counter++)
    {
      lb_augment_pair (&options, 9, counter, in_image, in_mask, S, image, mask);
      g_assert_cmpmem (mask, sizeof mask, in_mask, sizeof mask);
      for (int k = 0; k < PLANE; k++)
        g_assert_cmpfloat (fabsf (image[k] - in_image[k]), <, 1e-5f);
    }
  /* asked for, about half the draws mirror the chest exactly */
  options.horizontal_flip = TRUE;
  guint mirrored = 0;
  for (guint64 counter = 0; counter < 64; counter++)
    {
      lb_augment_pair (&options, 9, counter, in_image, in_mask, S, image, mask);
      gboolean is_mirror = TRUE;
      for (int y = 0; y < S && is_mirror; y++)
        for (int x = 0; x < S; x++)
          if (mask[y * S + x] != in_mask[y * S + (S - 1 - x)])
            {
              is_mirror = FALSE;
              break;
            }
      mirrored += is_mirror;
    }
  g_assert_cmpuint (mirrored, >, 16);
  g_assert_cmpuint (mirrored, <, 48);
}

static void
test_geometry_and_intensity (void)
{
  g_autoptr(LbDataset) data = demo ();
  const float *in_mask = lb_dataset_get_masks (data);
  const float *in_image = lb_dataset_get_images (data);
  LbAugmentOptions options;
  lb_augment_options_init (&options);
  options.enabled = TRUE;
  options.max_brightness = options.max_contrast = 0;
  float image[PLANE], mask[PLANE], mask_as_image[PLANE], again[PLANE], dummy[PLANE];
  double area_in = 0;
  for (int k = 0; k < PLANE; k++)
    area_in += in_mask[k];
  guint changed = 0;
  for (guint64 counter = 0; counter < 20; counter++)
    {
      lb_augment_pair (&options, 4, counter, in_image, in_mask, S, image, mask);
      /* deterministic from (seed, counter) */
      lb_augment_pair (&options, 4, counter, in_image, in_mask, S, again, dummy);
      g_assert_cmpmem (image, sizeof image, again, sizeof again);
      /* the mask follows the image's geometry: warping the mask as an image gives it back */
      lb_augment_pair (&options, 4, counter, in_mask, in_mask, S, mask_as_image, dummy);
      double area = 0;
      guint disagree = 0;
      for (int k = 0; k < PLANE; k++)
        {
          g_assert_true (mask[k] == 0.0f || mask[k] == 1.0f);
          area += mask[k];
          disagree += (mask_as_image[k] >= 0.5f) != (mask[k] == 1.0f);
        }
      g_assert_cmpuint (disagree, ==, 0);
      /* small transforms: scale ±5 % changes the area by at most ~10 %, plus the frame edge */
      g_assert_cmpfloat (fabs (area / area_in - 1), <, 0.15);
      changed += memcmp (mask, in_mask, sizeof mask) != 0;
    }
  g_assert_cmpuint (changed, >=, 18);

  /* brightness and contrast alone: the mask is untouched, the image is a gain and an offset */
  options.max_rotation = options.max_shift = options.max_scale = 0;
  options.max_brightness = 0.2;
  options.max_contrast = 0.2;
  lb_augment_pair (&options, 4, 7, in_image, in_mask, S, image, mask);
  g_assert_cmpmem (mask, sizeof mask, in_mask, sizeof mask);
  /* fit out = a·in + b through two pixels, check it holds everywhere */
  int p = 0, q = 0;
  for (int k = 0; k < PLANE; k++)
    if (fabsf (in_image[k] - in_image[0]) > 0.5f)
      {
        q = k;
        break;
      }
  double a = (image[q] - image[p]) / (in_image[q] - in_image[p]);
  double b = image[p] - a * in_image[p];
  g_assert_cmpfloat (fabs (a - 1), <=, 0.2 + 1e-4);
  g_assert_cmpfloat (fabs (a - 1), >, 1e-6);
  for (int k = 0; k < PLANE; k++)
    g_assert_cmpfloat (fabs (image[k] - (a * in_image[k] + b)), <, 1e-4);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/augment/off-by-default", test_off_by_default);
  g_test_add_func ("/augment/no-flip-unless-asked", test_no_flip_unless_asked);
  g_test_add_func ("/augment/geometry-and-intensity", test_geometry_and_intensity);
  return g_test_run ();
}
