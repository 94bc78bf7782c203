/* lb-train-batch.h — a training batch as the trainer feeds it to the network: the images and
 * masks of the epoch's order, augmented when asked. What it holds depends on the seed, the
 * epoch and the images only — never on the loss — so every loss of a paired comparison sees
 * the same augmented batches, and a resumed run the ones it would have seen.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "lb-augment.h"
#include "lb-trainer.h"

G_BEGIN_DECLS

/* Writes the N images DATA->images[INDICES[i]] and their masks (SIZE² each) to IMAGES and
 * MASKS, each drawn through AUGMENT (lb_augment_pair) from (SEED, EPOCH, the image's index)
 * when it is enabled, copied otherwise. */
void lb_train_batch_fill (const LbTrainData      *data,
                          const LbAugmentOptions *augment,
                          guint64                 seed,
                          int                     epoch,
                          const guint            *indices,
                          int                     n,
                          guint                   size,
                          float                  *images,
                          float                  *masks);

G_END_DECLS
