/* lb-image-result.h — one row of the per-image results: a test image as one run predicted it.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "lb-experiment-results.h"

G_BEGIN_DECLS

#define LB_TYPE_IMAGE_RESULT (lb_image_result_get_type ())

G_DECLARE_FINAL_TYPE (LbImageResult, lb_image_result, LB, IMAGE_RESULT, GObject)

/* A copy of @row, its loss called @label. */
LbImageResult    *lb_image_result_new       (const LbImageRow *row,
                                             const char       *label);
const LbImageRow *lb_image_result_get_row   (LbImageResult    *self);
const char       *lb_image_result_get_label (LbImageResult    *self);

G_END_DECLS
