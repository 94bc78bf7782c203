/* lb-prediction-edit.h — the loss explorer's edits of a prediction: its logits eroded,
 * dilated, blurred, sharpened, or made more or less confident, to watch what each loss makes
 * of the change.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  LB_PREDICTION_AS_IS,          /* the prediction unchanged */
  LB_PREDICTION_ERODE,          /* the lung region shrunk by STRENGTH pixels */
  LB_PREDICTION_DILATE,         /* grown by STRENGTH pixels */
  LB_PREDICTION_BLUR,           /* probabilities blurred, σ = STRENGTH pixels */
  LB_PREDICTION_SHARPEN,        /* logits sharpened against their blur (σ 2 px), by STRENGTH */
  LB_PREDICTION_OVERCONFIDENT,  /* logits × (1 + STRENGTH / 2) */
  LB_PREDICTION_UNDERCONFIDENT, /* logits / (1 + STRENGTH / 2) */
  LB_PREDICTION_EDIT_COUNT
} LbPredictionEdit;

/* The strengths the explorer offers: 1 … 10. */
#define LB_PREDICTION_STRENGTH_MIN 1
#define LB_PREDICTION_STRENGTH_MAX 10

/* "as-is", "erode", "dilate", "blur", "sharpen", "overconfident", "underconfident". */
const char *lb_prediction_edit_to_string   (LbPredictionEdit  edit);
gboolean    lb_prediction_edit_from_string (const char       *name,
                                            LbPredictionEdit *edit);
/* "As Predicted", "Eroded", "Dilated", "Blurred", "Sharpened", "Over-Confident",
 * "Under-Confident". */
const char *lb_prediction_edit_to_label    (LbPredictionEdit  edit);

/* Writes to OUT (SIZE², not LOGITS) the SIZE × SIZE LOGITS edited by EDIT at STRENGTH (clamped
 * to the range above).  Erosion and dilation are the minimum and maximum of the logits over a
 * (2r + 1)² square, r = STRENGTH: the region z > 0 shrinks or grows by r pixels and every pixel
 * keeps a confidence the network gave somewhere near it.  Blurring smooths the probabilities
 * and returns their logits, clamped to ±16 (p within 1e-7 of 0 or 1).  Pure, any thread. */
void        lb_prediction_edit_apply       (LbPredictionEdit  edit,
                                            int               strength,
                                            const float      *logits,
                                            int               size,
                                            float            *out);

G_END_DECLS
