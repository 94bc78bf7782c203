/* lb-overlay-render.h — an X-ray with its mask or a prediction painted over it, as RGBA pixels:
 * whole and square for thumbnails, or the part a zoomed view shows at the screen's resolution.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "lb-image-pyramid.h"

G_BEGIN_DECLS

/* What the overlay paints, in one colour each: the mask alone, or a prediction against it
 * (true positives, false positives, false negatives). */
typedef struct
{
  double opacity;   /* 0 … 1 */
  gboolean contour; /* outlines only, instead of filled regions */
  double window;    /* gray levels mapped onto black … white (1 … 255) */
  double level;     /* the gray level in the middle */
} LbOverlayStyle;

void        lb_overlay_style_init       (LbOverlayStyle *style);

/* The colours of a prediction against the truth, for a key beside a figure. */
typedef enum
{
  LB_OVERLAY_FOUND,  /* lung predicted where there is lung */
  LB_OVERLAY_EXTRA,  /* lung predicted where there is none */
  LB_OVERLAY_MISSED, /* lung not predicted */
} LbOverlayKey;

/* KEY's colour, 0 … 255 RGB. */
const guint8 *lb_overlay_key_rgb        (LbOverlayKey    key);

/* Pure function, safe on any thread: @size×@size gray @image and 0/1 @mask (and @prediction,
 * probabilities, or NULL) rendered into @out_size×@out_size RGBA (non-premultiplied), area-
 * sampled when shrinking. */
GBytes     *lb_overlay_render           (const guint8         *image,
                                         const guint8         *mask,
                                         const float          *prediction,
                                         guint                 size,
                                         guint                 out_size,
                                         const LbOverlayStyle *style);

/* A picture of @width × @height pixels (its own coordinates) made of planes of any size, each
 * stretched onto it: the gray image, and 0/255 planes for the mask and the prediction
 * (thresholded at 0.5), either NULL when not shown. A training-size plane on an original's
 * size shows the original's aspect. */
typedef struct
{
  int width;
  int height;
  LbImagePyramid *image;
  LbImagePyramid *mask;
  LbImagePyramid *prediction;
} LbOverlayPlanes;

/* Pure function, safe on any thread: @out_width × @out_height RGBA pixels whose pixel (i, j)
 * shows the picture's point (@x0 + (i + ½)·@step, @y0 + (j + ½)·@step), in picture pixels.
 * Each plane is read from its pyramid level nearest the screen's resolution, bilinearly, and
 * pixel by pixel (nearest) once one of its pixels covers four screen pixels or more, so that
 * single pixels can be told apart. Contours are one screen pixel wide. */
GBytes     *lb_overlay_render_region    (const LbOverlayPlanes *planes,
                                         double                 x0,
                                         double                 y0,
                                         double                 step,
                                         int                    out_width,
                                         int                    out_height,
                                         const LbOverlayStyle  *style);

G_END_DECLS
