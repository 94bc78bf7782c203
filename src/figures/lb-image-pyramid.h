/* lb-image-pyramid.h — an 8-bit plane and its halvings, so that drawing it at any zoom costs
 * what the screen shows.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Immutable once made, reference counted: made on a worker, drawn on the main thread. */
typedef struct _LbImagePyramid LbImagePyramid;

/* Takes @pixels (@width × @height, rows packed, freed with g_free) as level 0 and makes the
 * halvings (2 × 2 means, the last row or column on its own at an odd size) down to a few
 * pixels: a third more memory. A 4020 × 4892 plane takes about 30 ms. */
LbImagePyramid *lb_image_pyramid_new_take  (guint8         *pixels,
                                            int             width,
                                            int             height);
LbImagePyramid *lb_image_pyramid_ref       (LbImagePyramid *self);
void            lb_image_pyramid_unref     (LbImagePyramid *self);

int             lb_image_pyramid_get_width  (const LbImagePyramid *self);
int             lb_image_pyramid_get_height (const LbImagePyramid *self);
int             lb_image_pyramid_get_n_levels (const LbImagePyramid *self);
/* Level @level's pixels and size; level 0 is the plane itself. */
const guint8   *lb_image_pyramid_get_level (const LbImagePyramid *self,
                                            int                   level,
                                            int                  *width,
                                            int                  *height);
/* The coarsest level still at least as fine as the screen, when one screen pixel covers
 * @footprint level-0 pixels. */
int             lb_image_pyramid_choose_level (const LbImagePyramid *self,
                                               double                footprint);
/* Level 0's pixel at (@x, @y), which must be inside. */
guint8          lb_image_pyramid_get_pixel (const LbImagePyramid *self,
                                            int                   x,
                                            int                   y);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LbImagePyramid, lb_image_pyramid_unref)

G_END_DECLS
