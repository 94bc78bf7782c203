/* lb-augment-rows.h — "Augment Training Images" in the Train and Compare forms: a switch, the
 * range of each transform, and a preview of one training image drawn through them a few
 * times. Bound to GSettings.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "lb-augment.h"
#include "lb-dataset.h"

G_BEGIN_DECLS

#define LB_TYPE_AUGMENT_ROWS (lb_augment_rows_get_type ())
G_DECLARE_FINAL_TYPE (LbAugmentRows, lb_augment_rows, LB, AUGMENT_ROWS, AdwExpanderRow)

/* Binds the rows to KEY (boolean: on or off) and KEY-rotation, KEY-shift, KEY-scale,
 * KEY-brightness, KEY-contrast and KEY-gamma (doubles) of SETTINGS; once. */
void           lb_augment_rows_bind         (LbAugmentRows    *self,
                                             GSettings        *settings,
                                             const char       *key);
/* What the rows ask for. */
void           lb_augment_rows_get          (LbAugmentRows    *self,
                                             LbAugmentOptions *options);
/* Whether the user may change them (not while a run trains). */
void           lb_augment_rows_set_editable (LbAugmentRows    *self,
                                             gboolean          editable);
/* The preview shows DATASET's first image (NULL: a phantom of the demo set). */
void           lb_augment_rows_set_dataset  (LbAugmentRows    *self,
                                             LbDataset        *dataset);

G_END_DECLS
