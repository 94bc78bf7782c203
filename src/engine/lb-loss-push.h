/* lb-loss-push.h — where a loss pushes the network on one image: d loss / d logit at every
 * pixel, the loss kernels' own gradient (nn_loss_compute), and two numbers that say where it
 * lies.  A negative gradient raises the logit under gradient descent (toward lung), a positive
 * one lowers it (toward background).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "nn-losses.h"
#include "nn-unet.h"

G_BEGIN_DECLS

/* The push of LOSS on one SIZE × SIZE image: its value, and GRADIENT (SIZE², may be NULL)
 * d loss / d logit for LOGITS and the 0/1 MASK at training epoch EPOCH (from 0, where a
 * second term's schedule is read).  Exactly nn_loss_compute () on that one image, the truth's
 * distance maps computed from MASK.  NaN when the loss cannot be computed (memory). */
double lb_loss_push (const NnLossConfig *loss,
                     const float        *logits,
                     const float        *mask,
                     int                 size,
                     int                 epoch,
                     float              *gradient);

/* NET's logits for IMAGE (one S × S image, S the network's size) into LOGITS (S²): what the
 * maps of a saved run's weights start from. */
void   lb_loss_push_logits (NnUNet      *net,
                            const float *image,
                            float       *logits);

/* Where a gradient map's weight lies. */
typedef struct
{
  float scale;          /* the largest |d loss / d logit|: the map's full scale; 0 for none */
  double toward_lung;   /* the share of Σ|g| on pixels pushed toward lung (g < 0), 0 … 1 */
  double near_contour;  /* the share of Σ|g| within LB_LOSS_PUSH_CONTOUR_BAND pixels of the
                           truth's contour, 0 … 1 (NaN for a map that is zero everywhere) */
  double contour_area;  /* the share of the image's pixels in that band, for comparison */
} LbLossPushSummary;

/* The band around the truth's contour that near_contour counts, in pixels. */
#define LB_LOSS_PUSH_CONTOUR_BAND 3.0

/* Summarises GRADIENT (SIZE²) against the 0/1 MASK.  FALSE when memory runs out. */
gboolean lb_loss_push_summarize (const float       *gradient,
                                 const float       *mask,
                                 int                size,
                                 LbLossPushSummary *summary);

G_END_DECLS
