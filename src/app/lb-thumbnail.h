/* lb-thumbnail.h — one item of the Data page's grid: a pair's name and its thumbnail texture.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define LB_TYPE_THUMBNAIL (lb_thumbnail_get_type ())
G_DECLARE_FINAL_TYPE (LbThumbnail, lb_thumbnail, LB, THUMBNAIL, GObject)

/* Items join the grid with their thumbnail made (by the Data page's worker thread). */
/* The item's position in the grid is the pair's index in the dataset. */
LbThumbnail *lb_thumbnail_new         (const char   *name,
                                       GdkTexture   *texture);
const char  *lb_thumbnail_get_name    (LbThumbnail  *self);
GdkTexture  *lb_thumbnail_get_texture (LbThumbnail  *self);

G_END_DECLS
