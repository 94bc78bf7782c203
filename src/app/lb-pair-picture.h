/* lb-pair-picture.h — what the large view draws of a pair: at once the training-size pixels on
 * the original's aspect, then the original itself, decoded on a worker.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "lb-dataset.h"
#include "lb-overlay-render.h"

G_BEGIN_DECLS

void     lb_overlay_planes_clear        (LbOverlayPlanes *planes);

/* Pair @index's image and mask at the dataset's size, stretched onto the original's size when
 * the pair's header gave one: the right aspect at once, sharp later. Clear @planes after. */
void     lb_pair_picture_preview        (LbDataset       *dataset,
                                         guint            index,
                                         LbOverlayPlanes *planes);

/* Whether the pair has files to decode at their own size (the demo set's have none). */
gboolean lb_pair_picture_has_original   (LbDataset       *dataset,
                                         guint            index);

/* Decodes pair @index's files at their own size and makes the planes' pyramids, on a worker
 * (lb_pair_original_load). */
void     lb_pair_picture_load_async     (LbDataset           *dataset,
                                         guint                index,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data);
/* FALSE with @error (LB_ERROR) when a file could not be read; else fills @planes. */
gboolean lb_pair_picture_load_finish    (GAsyncResult     *result,
                                         LbOverlayPlanes  *planes,
                                         GError          **error);

G_END_DECLS
