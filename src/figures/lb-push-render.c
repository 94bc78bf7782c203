/* lb-push-render.c — a gradient map painted over its X-ray.
 * SPDX-License-Identifier: GPL-3.0-or-later */

#include "lb-config.h"

#include "lb-push-render.h"

#include <math.h>

/* GNOME's orange 4 and purple 3. */
static const guint8 direction_rgb[][3] = {
  { 230, 97, 0 },
  { 145, 65, 172 },
};

#define MAX_OPACITY 0.9

const guint8 *
lb_push_direction_rgb (LbPushDirection direction)
{
  g_return_val_if_fail (direction <= LB_PUSH_TOWARD_BACKGROUND, direction_rgb[0]);
  return direction_rgb[direction];
}

GBytes *
lb_push_render (const guint8 *image,
                const float  *gradient,
                float         scale,
                guint         size)
{
  gsize plane = (gsize) size * size;
  guint8 *rgba = g_malloc (plane * 4);

  for (gsize k = 0; k < plane; k++)
    {
      double g = gradient[k];
      double a = scale > 0 ? MAX_OPACITY * sqrt (MIN (1.0, fabs (g) / scale)) : 0;
      const guint8 *rgb = direction_rgb[g < 0 ? LB_PUSH_TOWARD_LUNG : LB_PUSH_TOWARD_BACKGROUND];
      guint8 *px = rgba + 4 * k;

      for (int c = 0; c < 3; c++)
        px[c] = (guint8) lround (image[k] * (1 - a) + rgb[c] * a);
      px[3] = 255;
    }
  return g_bytes_new_take (rgba, plane * 4);
}
