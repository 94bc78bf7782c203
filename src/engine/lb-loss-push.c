/* lb-loss-push.c — a loss's gradient on one image, and where it lies.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The map is the trainer's own gradient restricted to one image: the same kernel, the same
 * float logits, so what the window shows is what the network would be told.  For a loss
 * reduced over the batch the one image is the batch; its push inside a real batch differs by
 * the other images' share of the sums (TP, FP, FN), not in where it points. */

#include "lb-config.h"

#include "lb-loss-push.h"

#include <math.h>

#include "nn-distance.h"

double
lb_loss_push (const NnLossConfig *loss,
              const float        *logits,
              const float        *mask,
              int                 size,
              int                 epoch,
              float              *gradient)
{
  NnLossInput input = { .n = 1, .height = size, .width = size, .epoch = epoch };

  return nn_loss_compute (loss, &input, logits, mask, gradient);
}

void
lb_loss_push_logits (NnUNet      *net,
                     const float *image,
                     float       *logits)
{
  nn_unet_forward (net, image, 1, logits);
}

gboolean
lb_loss_push_summarize (const float       *gradient,
                        const float       *mask,
                        int                size,
                        LbLossPushSummary *summary)
{
  gsize hw = (gsize) size * size;
  g_autofree float *distance = g_try_new (float, hw);
  double total = 0, lung = 0, near = 0;
  gsize band = 0, contour = 0;
  float scale = 0;

  if (distance == NULL || nn_contour_distance_batch (mask, 1, size, size, NULL, distance) != 0)
    return FALSE;
  for (gsize k = 0; k < hw; k++)
    {
      double g = fabs ((double) gradient[k]);
      /* An empty or a full mask has no contour: its distances are all 0. */
      gboolean in_band = distance[k] > 0 && distance[k] <= LB_LOSS_PUSH_CONTOUR_BAND;

      scale = MAX (scale, (float) g);
      total += g;
      lung += gradient[k] < 0 ? g : 0;
      near += in_band ? g : 0;
      band += in_band;
      contour += distance[k] > 0;
    }
  summary->scale = scale;
  summary->toward_lung = total > 0 ? lung / total : 0;
  summary->near_contour = total > 0 && contour > 0 ? near / total : NAN;
  summary->contour_area = (double) band / hw;
  return TRUE;
}
