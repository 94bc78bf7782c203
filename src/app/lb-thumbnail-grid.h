/* lb-thumbnail-grid.h — the Data page's grid: every pair of a dataset as a thumbnail with its
 * name, made on a worker thread; one of them selected.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "lb-dataset.h"

G_BEGIN_DECLS

#define LB_TYPE_THUMBNAIL_GRID (lb_thumbnail_grid_get_type ())
G_DECLARE_FINAL_TYPE (LbThumbnailGrid, lb_thumbnail_grid, LB, THUMBNAIL_GRID, AdwBin)

/* Empties the grid and makes @dataset's thumbnails (NULL: leaves it empty). */
void         lb_thumbnail_grid_set_dataset          (LbThumbnailGrid *self,
                                                     LbDataset       *dataset);
/* Whether every thumbnail is in the grid; notifies "thumbnails-ready". */
gboolean     lb_thumbnail_grid_get_thumbnails_ready (LbThumbnailGrid *self);
/* The selected pair's index ("selected"; GTK_INVALID_LIST_POSITION for none). Selecting one
 * from outside scrolls the grid to it. */
guint        lb_thumbnail_grid_get_selected         (LbThumbnailGrid *self);
void         lb_thumbnail_grid_set_selected         (LbThumbnailGrid *self,
                                                     guint            position);
/* The grid view itself (for measuring how it scrolls). */
GtkGridView *lb_thumbnail_grid_get_view             (LbThumbnailGrid *self);

G_END_DECLS
