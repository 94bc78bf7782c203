/* lb-thumbnail.h — one item of the Data page's grid: a pair's name and its thumbnail texture.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define LB_TYPE_THUMBNAIL (lb_thumbnail_get_type ())
G_DECLARE_FINAL_TYPE (LbThumbnail, lb_thumbnail, LB, THUMBNAIL, GObject)

LbThumbnail *lb_thumbnail_new         (guint         index,
                                       const char   *name,
                                       const char   *source);
guint        lb_thumbnail_get_index   (LbThumbnail  *self);
const char  *lb_thumbnail_get_name    (LbThumbnail  *self);
/* Made by the Data page's worker thread; items join the grid with it. */
GdkTexture  *lb_thumbnail_get_texture (LbThumbnail  *self);
void         lb_thumbnail_set_texture (LbThumbnail  *self,
                                       GdkTexture   *texture);

G_END_DECLS
