/* lb-consensus-render.c — the losses' agreement per pixel.
 * SPDX-License-Identifier: GPL-3.0-or-later */

#include "lb-config.h"

#include "lb-consensus-render.h"

#include <math.h>

#define OPACITY 0.6

/* Cividis at 0 and 1: dark blue and yellow. */
static const double ramp_from[3] = { 0, 34, 78 };
static const double ramp_to[3] = { 254, 232, 56 };

void
lb_consensus_rgb (guint   k,
                  guint   n,
                  guint8  rgb[3])
{
  double t = n > 1 ? (double) (CLAMP (k, 1, n) - 1) / (n - 1) : 1.0;

  for (int c = 0; c < 3; c++)
    rgb[c] = (guint8) lround (ramp_from[c] + t * (ramp_to[c] - ramp_from[c]));
}

/* Whether pixel (X, Y) of TRUTH is lung with a background pixel beside it: the contour. */
static gboolean
on_contour (const guint8 *truth,
            guint         size,
            guint         x,
            guint         y)
{
  gsize k = (gsize) y * size + x;

  if (!truth[k])
    return FALSE;
  return (x > 0 && !truth[k - 1]) || (x + 1 < size && !truth[k + 1])
         || (y > 0 && !truth[k - size]) || (y + 1 < size && !truth[k + size]);
}

GBytes *
lb_consensus_render (const guint8       *image,
                     const guint8       *truth,
                     const float *const *predictions,
                     guint               n_predictions,
                     guint               size,
                     guint8             *counts)
{
  gsize plane = (gsize) size * size;
  guint8 *rgba = g_malloc (plane * 4);
  guint n = 0;

  for (guint l = 0; l < n_predictions; l++)
    n += predictions[l] != NULL;
  for (guint y = 0; y < size; y++)
    for (guint x = 0; x < size; x++)
      {
        gsize o = (gsize) y * size + x;
        guint k = 0;
        guint8 *px = rgba + 4 * o;

        for (guint l = 0; l < n_predictions; l++)
          k += predictions[l] != NULL && predictions[l][o] > 0.5f;
        if (counts != NULL)
          counts[o] = (guint8) MIN (k, 255);
        if (on_contour (truth, size, x, y))
          px[0] = px[1] = px[2] = 255;
        else if (k == 0)
          px[0] = px[1] = px[2] = image[o];
        else
          {
            guint8 rgb[3];

            lb_consensus_rgb (k, n, rgb);
            for (int c = 0; c < 3; c++)
              px[c] = (guint8) lround (image[o] * (1 - OPACITY) + rgb[c] * OPACITY);
          }
        px[3] = 255;
      }
  return g_bytes_new_take (rgba, plane * 4);
}

double
lb_consensus_split_share (const guint8 *counts,
                          gsize         plane,
                          guint         n)
{
  gsize disputed = 0;

  for (gsize k = 0; k < plane; k++)
    disputed += counts[k] > 0 && counts[k] < n;
  return plane > 0 ? (double) disputed / plane : 0;
}
