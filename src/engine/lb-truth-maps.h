/* lb-truth-maps.h — the truth's distance maps of the training images, made once per run.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Boundary and Hausdorff-DT losses read a distance map of each truth mask (nn-losses.h,
 * NnLossInput).  The loss can make them from the masks on every call, but a mask never
 * changes during a run: the trainer makes them once, for the images it trains on, and hands
 * each batch its rows.  Only the maps the loss reads are made (none for the other losses). */
#pragma once

#include <glib.h>

#include "nn-losses.h"

G_BEGIN_DECLS

typedef struct _LbTruthMaps LbTruthMaps;

/* The maps LOSS reads (nn_loss_truth_maps) of the masks of INDICES (N of them) among MASKS,
 * each SIZE × SIZE, in pixels.  NULL when LOSS reads none; NULL with ERROR set when memory
 * runs out. */
LbTruthMaps *lb_truth_maps_new (const NnLossConfig *loss,
                                const float *masks,
                                const guint *indices,
                                guint n,
                                int size,
                                GError **error);
void lb_truth_maps_free (LbTruthMaps *maps);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LbTruthMaps, lb_truth_maps_free)

/* Fills INPUT's maps with those of the N images INDICES (dataset indices given to
 * lb_truth_maps_new), copied into the maps' own batch buffers, room for BATCH images made on
 * first use.  MAPS may be NULL (INPUT is left as it is). */
void lb_truth_maps_gather (LbTruthMaps *maps,
                           const guint *indices,
                           int n,
                           NnLossInput *input);

/* The bytes the maps of N images of SIZE × SIZE take for LOSS (0 when it reads none). */
guint64 lb_truth_maps_bytes (const NnLossConfig *loss, guint n, int size);

G_END_DECLS
