/* lb-augment.c — optional training-time augmentation: small rotation, shift, scale, brightness,
 * contrast and gamma.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "lb-augment.h"

#include <math.h>
#include <string.h>

#include "lb-rng.h"

void
lb_augment_options_init (LbAugmentOptions *options)
{
  g_return_if_fail (options != NULL);
  options->enabled = FALSE;
  options->max_rotation = 5.0;
  options->max_shift = 0.05;
  options->max_scale = 0.05;
  options->max_brightness = 0.1;
  options->max_contrast = 0.1;
  options->max_gamma = 0.1;
  options->horizontal_flip = FALSE;
}

static const char *const preset_names[LB_AUGMENT_PRESET_COUNT] = { "none", "light", "standard" };

const char *
lb_augment_preset_to_string (LbAugmentPreset preset)
{
  g_return_val_if_fail (preset < LB_AUGMENT_PRESET_COUNT, NULL);
  return preset_names[preset];
}

gboolean
lb_augment_preset_from_string (const char *name, LbAugmentPreset *preset)
{
  for (int p = 0; p < LB_AUGMENT_PRESET_COUNT; p++)
    if (g_strcmp0 (name, preset_names[p]) == 0)
      {
        *preset = (LbAugmentPreset) p;
        return TRUE;
      }
  return FALSE;
}

void
lb_augment_options_preset (LbAugmentOptions *options, LbAugmentPreset preset)
{
  /* Rotation, shift, scale, brightness, contrast, gamma. */
  static const double ranges[LB_AUGMENT_PRESET_COUNT][6] = {
    { 0, 0, 0, 0, 0, 0 },
    { 5, 0.05, 0.05, 0.05, 0.05, 0.05 },
    { 10, 0.08, 0.10, 0.10, 0.10, 0.10 },
  };
  g_return_if_fail (options != NULL && preset < LB_AUGMENT_PRESET_COUNT);
  options->enabled = preset != LB_AUGMENT_NONE;
  options->max_rotation = ranges[preset][0];
  options->max_shift = ranges[preset][1];
  options->max_scale = ranges[preset][2];
  options->max_brightness = ranges[preset][3];
  options->max_contrast = ranges[preset][4];
  options->max_gamma = ranges[preset][5];
  options->horizontal_flip = FALSE;
}

const char *
lb_augment_options_check (const LbAugmentOptions *options)
{
  if (!(options->max_rotation >= 0 && options->max_rotation <= 45))
    return "The rotation range must be between 0 and 45 degrees.";
  if (!(options->max_shift >= 0 && options->max_shift <= 0.25))
    return "The shift range must be between 0 and 0.25 of the image side.";
  if (!(options->max_scale >= 0 && options->max_scale <= 0.5))
    return "The scale range must be between 0 and 0.5.";
  if (!(options->max_brightness >= 0 && options->max_brightness <= 1))
    return "The brightness range must be between 0 and 1.";
  if (!(options->max_contrast >= 0 && options->max_contrast <= 0.5))
    return "The contrast range must be between 0 and 0.5.";
  if (!(options->max_gamma >= 0 && options->max_gamma <= 0.5))
    return "The gamma range must be between 0 and 0.5.";
  return NULL;
}

void
lb_augment_options_scale (LbAugmentOptions *options, double factor)
{
  options->max_rotation *= factor;
  options->max_shift *= factor;
  options->max_scale *= factor;
  options->max_brightness *= factor;
  options->max_contrast *= factor;
  options->max_gamma *= factor;
  options->enabled = options->enabled && factor > 0;
}

char *
lb_augment_options_describe (const LbAugmentOptions *options)
{
  if (!options->enabled)
    return g_strdup ("off");
  return g_strdup_printf ("rotation ±%g°, shift ±%g %%, scale ±%g %%, brightness ±%g, "
                          "contrast ±%g %%, γ ±%g%s", options->max_rotation,
                          100 * options->max_shift, 100 * options->max_scale,
                          options->max_brightness, 100 * options->max_contrast,
                          options->max_gamma, options->horizontal_flip ? ", mirrored" : "");
}

static float
sample (const float *src, guint size, double x, double y, float outside)
{
  if (x < -0.5 || y < -0.5 || x > size - 0.5 || y > size - 0.5)
    return outside;
  x = CLAMP (x, 0.0, size - 1.0);
  y = CLAMP (y, 0.0, size - 1.0);
  guint x0 = (guint) x, y0 = (guint) y;
  guint x1 = MIN (x0 + 1, size - 1), y1 = MIN (y0 + 1, size - 1);
  double fx = x - x0, fy = y - y0;
  double top = src[y0 * size + x0] * (1 - fx) + src[y0 * size + x1] * fx;
  double bottom = src[y1 * size + x0] * (1 - fx) + src[y1 * size + x1] * fx;
  return (float) (top * (1 - fy) + bottom * fy);
}

void
lb_augment_pair (const LbAugmentOptions *options,
                 guint64                 seed,
                 guint64                 counter,
                 const float            *image,
                 const float            *mask,
                 guint                   size,
                 float                  *out_image,
                 float                  *out_mask)
{
  g_return_if_fail (options != NULL && image != NULL && mask != NULL && size > 0);
  g_return_if_fail (out_image != image && out_mask != mask);
  gsize plane = (gsize) size * size;
  if (!options->enabled)
    {
      memcpy (out_image, image, plane * sizeof (float));
      memcpy (out_mask, mask, plane * sizeof (float));
      return;
    }

  LbRng rng;
  lb_rng_init (&rng, seed ^ G_GUINT64_CONSTANT (0x6175676d656e74), counter + 1);
  double angle = lb_rng_range (&rng, -1, 1) * options->max_rotation * G_PI / 180.0;
  double scale = 1.0 + lb_rng_range (&rng, -1, 1) * options->max_scale;
  double shift_x = lb_rng_range (&rng, -1, 1) * options->max_shift * size;
  double shift_y = lb_rng_range (&rng, -1, 1) * options->max_shift * size;
  double brightness = lb_rng_range (&rng, -1, 1) * options->max_brightness;
  double contrast = 1.0 + lb_rng_range (&rng, -1, 1) * options->max_contrast;
  gboolean flip = options->horizontal_flip && lb_rng_uniform (&rng) < 0.5;
  /* Drawn after the others, so the transforms drawn before gamma existed stay the same. */
  double gamma = 1.0 + lb_rng_range (&rng, -1, 1) * options->max_gamma;

  float darkest = image[0], brightest = image[0];
  double mean = 0;
  for (gsize k = 0; k < plane; k++)
    {
      darkest = MIN (darkest, image[k]);
      brightest = MAX (brightest, image[k]);
      mean += image[k];
    }
  mean /= plane;
  double range = brightest > darkest ? brightest - darkest : 1.0;
  /* The mean of the gamma-corrected image, around which contrast acts. */
  if (gamma != 1.0)
    {
      double corrected = 0;
      for (gsize k = 0; k < plane; k++)
        corrected += darkest + range * pow ((image[k] - darkest) / range, gamma);
      mean = corrected / plane;
    }

  /* Inverse mapping: for each output pixel, where it comes from in the input. */
  double c = (size - 1) / 2.0;
  double cos_a = cos (angle) / scale, sin_a = sin (angle) / scale;
  for (guint y = 0; y < size; y++)
    for (guint x = 0; x < size; x++)
      {
        double dx = x - c - shift_x, dy = y - c - shift_y;
        double sx = cos_a * dx + sin_a * dy + c;
        double sy = -sin_a * dx + cos_a * dy + c;
        if (flip)
          sx = 2 * c - sx;
        double v = sample (image, size, sx, sy, darkest);
        if (gamma != 1.0)
          v = darkest + range * pow (CLAMP ((v - darkest) / range, 0.0, 1.0), gamma);
        out_image[y * size + x] = (float) ((v - mean) * contrast + mean + brightness);
        out_mask[y * size + x] = sample (mask, size, sx, sy, 0.0f) >= 0.5f ? 1.0f : 0.0f;
      }
}
