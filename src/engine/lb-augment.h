/* lb-augment.h — optional training-time augmentation: small rotation, shift, scale, brightness,
 * contrast and gamma; never a mirror unless asked.
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
  double max_gamma;        /* γ − 1, ±, on the image's own range (default 0.1) */
  /* A chest is not symmetric (the heart sits on the left): mirroring makes anatomy no patient
   * has. Only for data where that does not matter; FALSE by default. */
  gboolean horizontal_flip;
} LbAugmentOptions;

void lb_augment_options_init (LbAugmentOptions *options);

/* Named sets of ranges, for a command line and the window. */
typedef enum
{
  LB_AUGMENT_NONE,      /* off */
  LB_AUGMENT_LIGHT,     /* ± 5°, 5 % shift and scale, 0.05 brightness, contrast and γ */
  LB_AUGMENT_STANDARD,  /* ± 10°, 8 % shift, 10 % scale, 0.1 brightness, contrast and γ */
  LB_AUGMENT_PRESET_COUNT
} LbAugmentPreset;

/* "none", "light", "standard"; and back (FALSE for another name). */
const char *lb_augment_preset_to_string   (LbAugmentPreset  preset);
gboolean    lb_augment_preset_from_string (const char      *name,
                                           LbAugmentPreset *preset);
/* Sets every range of OPTIONS to PRESET's, and enabled to whether it is not NONE; never a
 * flip. */
void        lb_augment_options_preset     (LbAugmentOptions *options,
                                           LbAugmentPreset   preset);
/* NULL when OPTIONS can be used, else a sentence saying which range to change. */
const char *lb_augment_options_check      (const LbAugmentOptions *options);
/* Every range times FACTOR (≥ 0); 0 turns augmentation off. */
void        lb_augment_options_scale      (LbAugmentOptions *options,
                                           double            factor);
/* "rotation ±5°, shift ±5 %, scale ±5 %, brightness ±0.05, contrast ±5 %, γ ±0.05", or "off". */
char       *lb_augment_options_describe   (const LbAugmentOptions *options);

/* Draws one random transform from (@seed, @counter) — e.g. counter = epoch × N + pair index,
 * so that paired runs of different losses see the same augmented batches — and applies it to
 * a normalised @image and its {0,1} @mask (both @size × @size), writing @out_image and
 * @out_mask. The geometry is the same for both: the image is resampled bilinearly (the frame
 * uncovered by a shift or rotation takes the image's darkest value, like the film's border),
 * the mask bilinearly then thresholded at 0.5 so it stays {0,1}. Gamma (on the image's own
 * range, its darkest to its brightest value), contrast and brightness, in that order, touch the
 * image only. With options->enabled FALSE the outputs are copies. */
void lb_augment_pair (const LbAugmentOptions *options,
                      guint64                 seed,
                      guint64                 counter,
                      const float            *image,
                      const float            *mask,
                      guint                   size,
                      float                  *out_image,
                      float                  *out_mask);

G_END_DECLS
