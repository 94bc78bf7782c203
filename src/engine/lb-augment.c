/* lb-augment.c — optional training-time augmentation: small rotation, shift, scale, brightness, contrast.
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
  options->horizontal_flip = FALSE;
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

  float darkest = image[0];
  double mean = 0;
  for (gsize k = 0; k < plane; k++)
    {
      darkest = MIN (darkest, image[k]);
      mean += image[k];
    }
  mean /= plane;

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
        float v = sample (image, size, sx, sy, darkest);
        out_image[y * size + x] = (float) ((v - mean) * contrast + mean + brightness);
        out_mask[y * size + x] = sample (mask, size, sx, sy, 0.0f) >= 0.5f ? 1.0f : 0.0f;
      }
}
