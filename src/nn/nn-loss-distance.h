/* nn-loss-distance.h — the two distance-based losses: Boundary loss and Hausdorff-DT loss.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * From logits, value and d loss / d logit in one call, like nn_loss () (nn-losses.h), but with
 * the truth's distance maps passed in: the engine computes them once per mask
 * (nn_signed_distance_batch (), nn_contour_distance_batch () in nn-distance.h) and keeps them.
 * Shapes: N images of HW = H×W pixels; logits z, masks y and maps N×HW.  p = σ(z) and
 * q = 1 − p = σ(−z), both from z.  "mean" is over all N·HW pixels, which, every image having HW
 * pixels, is also the mean of the per-image means.
 *
 * Boundary loss (Kervadec et al., "Boundary loss for highly unbalanced segmentation", MIDL 2019;
 * Medical Image Analysis 67, 2021, eq. 5 with the softmax replaced by the sigmoid of a single
 * foreground channel):
 *   L = mean[ φ_G · p ],   d L / d z = φ_G · p·q / (N·HW)
 * φ_G the signed distance map of the truth (negative inside, positive outside; 0 for an empty or
 * a full mask, nn-distance.h).  L is negative when p sits inside the truth; it is meant to be
 * added to a region loss with a small, growing weight.
 *
 * Hausdorff-DT loss (Karimi & Salcudean, "Reducing the Hausdorff distance in medical image
 * segmentation with convolutional neural networks", IEEE TMI 39(2), 2020, eq. 8):
 *   L = mean[ (p − y)² · (d_G^α + d_P^α) ],   d L / d z = 2·(p − y)·p·q·(d_G^α + d_P^α) / (N·HW)
 * d_G the contour distance of the truth (given), d_P that of the thresholded prediction
 * P = {z > 0} (p > 0.5, as the metrics threshold), recomputed here on every call and, as in the
 * paper, held constant in the gradient (it is piecewise constant in z).  p − y is evaluated as
 * (1 − y)·p − y·q, exact for y ∈ {0, 1} even where p rounds to 1.  An empty or full truth has
 * d_G = 0, an empty or full prediction d_P = 0 (no contour), so an image where neither has a
 * contour contributes 0.
 *
 * Stable (finite value and gradient) for logits in [−100, 100] and for empty and full masks.
 * The float entry points compute in double from their float inputs, exactly what the double
 * ones compute (those are for finite-difference checks and references). */
#pragma once

#include "nn-distance.h"

/* The Boundary loss of N images of HW pixels; SDF holds the truth's signed distance maps.
 * GRAD (may be NULL) receives d loss / d logit (N×HW). */
double nn_boundary_loss (const float *logits, const float *sdf, int n, int hw, float *grad);
double nn_boundary_loss_double (const double *logits,
                                const double *sdf,
                                int n,
                                int hw,
                                double *grad);

#define NN_HAUSDORFF_DT_ALPHA 2.0

/* The Hausdorff-DT loss of N images of H×W pixels: MASKS the truth y, TRUTH_DISTANCE its
 * contour distance maps d_G, SPACING (NULL: pixels) the spacing d_P is measured with, the one
 * TRUTH_DISTANCE was made with; ALPHA > 0 (NN_HAUSDORFF_DT_ALPHA is the paper's 2).  GRAD may
 * be NULL.
 * Threaded over images (the d_P transforms).  NaN when an argument is invalid or memory runs
 * out. */
double nn_hausdorff_dt_loss (const float *logits,
                             const float *masks,
                             const float *truth_distance,
                             int n,
                             int h,
                             int w,
                             const NnSpacing *spacing,
                             double alpha,
                             float *grad);
double nn_hausdorff_dt_loss_double (const double *logits,
                                    const double *masks,
                                    const double *truth_distance,
                                    int n,
                                    int h,
                                    int w,
                                    const NnSpacing *spacing,
                                    double alpha,
                                    double *grad);
