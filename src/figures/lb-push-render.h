/* lb-push-render.h — a loss's gradient map over its X-ray, in two colours: one where the loss
 * pushes the pixel toward lung, the other toward background, clear where it does not push.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  LB_PUSH_TOWARD_LUNG,        /* d loss / d logit < 0: descent raises the logit */
  LB_PUSH_TOWARD_BACKGROUND,  /* > 0: descent lowers it */
} LbPushDirection;

/* DIRECTION's colour, 0 … 255 RGB: orange and purple, a diverging pair that the common
 * colour-vision deficiencies still tell apart, and unlike the overlays' green, red and blue. */
const guint8 *lb_push_direction_rgb (LbPushDirection direction);

/* Pure function, safe on any thread: SIZE × SIZE RGBA (opaque) of the gray IMAGE with
 * GRADIENT painted over it, a pixel's opacity √(|g| / SCALE) (at most 0.9): the square root
 * lets a push a hundredth of the largest still show.  SCALE ≤ 0 paints nothing. */
GBytes *lb_push_render (const guint8 *image,
                        const float  *gradient,
                        float         scale,
                        guint         size);

G_END_DECLS
