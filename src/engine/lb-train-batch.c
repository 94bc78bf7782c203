/* lb-train-batch.c — a training batch, augmented or not.
 * SPDX-License-Identifier: GPL-3.0-or-later */

#include "lb-config.h"

#include "lb-train-batch.h"

#include <string.h>

void
lb_train_batch_fill (const LbTrainData      *data,
                     const LbAugmentOptions *augment,
                     guint64                 seed,
                     int                     epoch,
                     const guint            *indices,
                     int                     n,
                     guint                   size,
                     float                  *images,
                     float                  *masks)
{
  gsize hw = (gsize) size * size;

  for (int i = 0; i < n; i++)
    {
      const float *image = data->images + indices[i] * hw;
      const float *mask = data->masks + indices[i] * hw;

      if (augment != NULL && augment->enabled)
        /* One transform per (epoch, image): the counter holds both. */
        lb_augment_pair (augment, seed, (guint64) epoch << 32 | indices[i], image, mask, size,
                         images + i * hw, masks + i * hw);
      else
        {
          memcpy (images + i * hw, image, hw * sizeof (float));
          memcpy (masks + i * hw, mask, hw * sizeof (float));
        }
    }
}
