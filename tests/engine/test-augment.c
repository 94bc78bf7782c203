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
  return lb_dataset_new_demo (2, S, 3, LB_NORMALIZATION_POSTER, NULL);
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
  options.max_brightness = options.max_contrast = options.max_gamma = 0;
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
  options.max_brightness = options.max_contrast = options.max_gamma = 0;
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

/* Gamma alone: the mask untouched, the image's darkest and brightest values kept, its order
 * kept, the values between them moved; over many draws both ways. */
static void
test_gamma (void)
{
  g_autoptr(LbDataset) data = demo ();
  const float *in_mask = lb_dataset_get_masks (data);
  const float *in_image = lb_dataset_get_images (data);
  LbAugmentOptions options;
  float image[PLANE], mask[PLANE];
  float lo = in_image[0], hi = in_image[0];
  guint darker = 0, lighter = 0;

  lb_augment_options_init (&options);
  options.enabled = TRUE;
  options.max_rotation = options.max_shift = options.max_scale = 0;
  options.max_brightness = options.max_contrast = 0;
  options.max_gamma = 0.3;
  for (int k = 0; k < PLANE; k++)
    {
      lo = MIN (lo, in_image[k]);
      hi = MAX (hi, in_image[k]);
    }
  for (guint64 counter = 0; counter < 16; counter++)
    {
      double moved = 0;

      lb_augment_pair (&options, 3, counter, in_image, in_mask, S, image, mask);
      g_assert_cmpmem (mask, sizeof mask, in_mask, sizeof mask);
      for (int k = 0; k < PLANE; k++)
        {
          if (in_image[k] == lo || in_image[k] == hi)
            g_assert_cmpfloat (fabsf (image[k] - in_image[k]), <, 1e-4f);
          for (int j = k + 1; j < MIN (PLANE, k + 40); j++)
            if (in_image[j] > in_image[k] + 1e-4f)
              g_assert_cmpfloat (image[j], >=, image[k]);
          moved += image[k] - in_image[k];
        }
      darker += moved < 0;
      lighter += moved > 0;
    }
  g_assert_cmpuint (darker, >, 0);
  g_assert_cmpuint (lighter, >, 0);
}

static void
test_presets (void)
{
  LbAugmentOptions options;
  LbAugmentPreset preset;

  for (int p = 0; p < LB_AUGMENT_PRESET_COUNT; p++)
    {
      g_assert_true (lb_augment_preset_from_string (lb_augment_preset_to_string (p), &preset));
      g_assert_cmpint (preset, ==, p);
      lb_augment_options_preset (&options, p);
      g_assert_null (lb_augment_options_check (&options));
      g_assert_false (options.horizontal_flip);
      g_assert_cmpint (options.enabled, ==, p != LB_AUGMENT_NONE);
    }
  g_assert_false (lb_augment_preset_from_string ("heavy", &preset));
  lb_augment_options_preset (&options, LB_AUGMENT_LIGHT);
  g_autofree char *text = lb_augment_options_describe (&options);
  g_assert_cmpstr (text, ==, "rotation ±5°, shift ±5 %, scale ±5 %, brightness ±0.05, "
                             "contrast ±5 %, γ ±0.05");
  options.max_rotation = 90;
  g_assert_nonnull (strstr (lb_augment_options_check (&options), "rotation"));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/augment/gamma", test_gamma);
  g_test_add_func ("/augment/presets", test_presets);
  g_test_add_func ("/augment/off-by-default", test_off_by_default);
  g_test_add_func ("/augment/no-flip-unless-asked", test_no_flip_unless_asked);
  g_test_add_func ("/augment/geometry-and-intensity", test_geometry_and_intensity);
  return g_test_run ();
}
