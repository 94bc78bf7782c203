/* lb-consensus-render.h — how many of the compared losses predict lung at each pixel, over the
 * X-ray, with the true contour for reference: where they agree, where they split.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The colour of K of N losses predicting lung (1 ≤ K ≤ N), 0 … 255 RGB: a sequential ramp
 * from dark blue (one loss) to yellow (all of them), cividis's ends, readable with the common
 * colour-vision deficiencies. */
void    lb_consensus_rgb    (guint   k,
                             guint   n,
                             guint8  rgb[3]);

/* Pure function, safe on any thread: SIZE × SIZE RGBA (opaque) of the gray IMAGE, every pixel
 * that K ≥ 1 of the N_PREDICTIONS (probabilities, lung where p > 0.5; a NULL one is left out)
 * call lung painted in lb_consensus_rgb (K, N) at opacity 0.6, and the 0/1 TRUTH's contour in
 * white. COUNTS (SIZE², may be NULL) receives K per pixel. */
GBytes *lb_consensus_render (const guint8       *image,
                             const guint8       *truth,
                             const float *const *predictions,
                             guint               n_predictions,
                             guint               size,
                             guint8             *counts);

/* The share of the PLANE pixels of COUNTS (lb_consensus_render's) on which the N losses do not
 * agree: some, but not all, call it lung. */
double  lb_consensus_split_share (const guint8 *counts,
                                  gsize         plane,
                                  guint         n);

G_END_DECLS
