/* lb-augment.h — optional training-time augmentation: small rotation, shift, scale, brightness, contrast.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  gboolean enabled;        /* off by default, as in the poster */
  double max_rotation;     /* degrees, ± (default 5) */
  double max_shift;        /* fraction of the side, ± per axis (default 0.05) */
  double max_scale;        /* relative, ± (default 0.05) */
  double max_brightness;   /* added to the normalised image, ± (default 0.1) */
  double max_contrast;     /* relative gain around the image mean, ± (default 0.1) */
  /* A chest is not symmetric (the heart sits on the left): mirroring makes anatomy no patient
   * has. Only for data where that does not matter; FALSE by default. */
  gboolean horizontal_flip;
} LbAugmentOptions;

void lb_augment_options_init (LbAugmentOptions *options);

/* Draws one random transform from (@seed, @counter) — e.g. counter = epoch × N + pair index,
 * so that paired runs of different losses see the same augmented batches — and applies it to
 * a normalised @image and its {0,1} @mask (both @size × @size), writing @out_image and
 * @out_mask. The geometry is the same for both: the image is resampled bilinearly (the frame
 * uncovered by a shift or rotation takes the image's darkest value, like the film's border),
 * the mask bilinearly then thresholded at 0.5 so it stays {0,1}. Brightness and contrast touch
 * the image only. With options->enabled FALSE the outputs are copies. */
void lb_augment_pair (const LbAugmentOptions *options,
                      guint64                 seed,
                      guint64                 counter,
                      const float            *image,
                      const float            *mask,
                      guint                   size,
                      float                  *out_image,
                      float                  *out_mask);

G_END_DECLS
