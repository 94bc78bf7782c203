/* lb-image-pyramid.c — an 8-bit plane and its halvings, so that drawing it at any zoom costs
 * what the screen shows.
 * SPDX-License-Identifier: GPL-3.0-or-later */

#include "lb-config.h"

#include <math.h>

#include "lb-image-pyramid.h"

/* Halvings stop once the level fits in this many pixels a side: no view is drawn smaller. */
#define SMALLEST_SIDE 8
#define MAX_LEVELS 16

typedef struct
{
  guint8 *pixels;
  int width;
  int height;
} Level;

struct _LbImagePyramid
{
  Level levels[MAX_LEVELS];
  int n_levels;
};

static void
halve (const Level *src,
       Level       *dst)
{
  dst->width = (src->width + 1) / 2;
  dst->height = (src->height + 1) / 2;
  dst->pixels = g_malloc ((gsize) dst->width * dst->height);
  for (int y = 0; y < dst->height; y++)
    {
      const guint8 *r0 = src->pixels + (gsize) (2 * y) * src->width;
      const guint8 *r1 = 2 * y + 1 < src->height ? r0 + src->width : r0;
      guint8 *out = dst->pixels + (gsize) y * dst->width;

      for (int x = 0; x < dst->width; x++)
        {
          int a = 2 * x;
          int b = MIN (a + 1, src->width - 1);

          out[x] = (guint8) ((r0[a] + r0[b] + r1[a] + r1[b] + 2) / 4);
        }
    }
}

static void
lb_image_pyramid_clear (gpointer data)
{
  LbImagePyramid *self = data;

  for (int i = 0; i < self->n_levels; i++)
    g_free (self->levels[i].pixels);
}

LbImagePyramid *
lb_image_pyramid_new_take (guint8 *pixels,
                           int     width,
                           int     height)
{
  LbImagePyramid *self;

  g_return_val_if_fail (pixels != NULL && width > 0 && height > 0, NULL);

  self = g_atomic_rc_box_new0 (LbImagePyramid);
  self->levels[0] = (Level) { pixels, width, height };
  self->n_levels = 1;
  while (self->n_levels < MAX_LEVELS
         && MAX (self->levels[self->n_levels - 1].width,
                 self->levels[self->n_levels - 1].height) > SMALLEST_SIDE)
    {
      halve (&self->levels[self->n_levels - 1], &self->levels[self->n_levels]);
      self->n_levels++;
    }
  return self;
}

LbImagePyramid *
lb_image_pyramid_ref (LbImagePyramid *self)
{
  return g_atomic_rc_box_acquire (self);
}

void
lb_image_pyramid_unref (LbImagePyramid *self)
{
  g_atomic_rc_box_release_full (self, lb_image_pyramid_clear);
}

int
lb_image_pyramid_get_width (const LbImagePyramid *self)
{
  return self->levels[0].width;
}

int
lb_image_pyramid_get_height (const LbImagePyramid *self)
{
  return self->levels[0].height;
}

int
lb_image_pyramid_get_n_levels (const LbImagePyramid *self)
{
  return self->n_levels;
}

const guint8 *
lb_image_pyramid_get_level (const LbImagePyramid *self,
                            int                   level,
                            int                  *width,
                            int                  *height)
{
  g_return_val_if_fail (level >= 0 && level < self->n_levels, NULL);

  *width = self->levels[level].width;
  *height = self->levels[level].height;
  return self->levels[level].pixels;
}

int
lb_image_pyramid_choose_level (const LbImagePyramid *self,
                               double                footprint)
{
  /* Level L has 2^L level-0 pixels a side: sampled bilinearly, a footprint of up to two of its
   * pixels still averages everything under the screen pixel. */
  if (!(footprint > 2))
    return 0;
  return CLAMP ((int) ceil (log2 (footprint / 2)), 0, self->n_levels - 1);
}

guint8
lb_image_pyramid_get_pixel (const LbImagePyramid *self,
                            int                   x,
                            int                   y)
{
  g_return_val_if_fail (x >= 0 && x < self->levels[0].width, 0);
  g_return_val_if_fail (y >= 0 && y < self->levels[0].height, 0);

  return self->levels[0].pixels[(gsize) y * self->levels[0].width + x];
}
