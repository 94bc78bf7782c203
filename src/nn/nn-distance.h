/* nn-distance.h — exact Euclidean distance transforms of 2D masks, and the distance maps of
 * the boundary losses.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Shapes: an image is H rows × W columns, row-major; N images are N×H×W.  A mask pixel is
 * foreground where its byte is nonzero (uint8 masks) or where y > 0.5 (float masks, as in
 * nn-metrics.h).  Pixel (r, c) sits at (r·sr, c·sc) for a spacing of sr between rows and sc
 * between columns: millimetres when the images carry a spacing, else 1 × 1 (pixels).  A NULL
 * spacing means 1 × 1.
 *
 * The transform is Felzenszwalb & Huttenlocher's ("Distance transforms of sampled functions",
 * Theory of Computing 8, 2012): separable, first along the columns (for a binary input, the
 * distance to the nearest target pixel of the same column, by two sweeps), then along every row
 * the lower envelope of the parabolas s_c²·(x − q)² + f(q).  O(H·W) time, exact: with a spacing
 * of 1 × 1 every squared distance is an integer and comes out exactly; with other spacings it is
 * exact up to the rounding of the last operations.  It computes what SciPy's
 * scipy.ndimage.distance_transform_edt (input == 0 as the targets, sampling = (sr, sc)) does,
 * except that an image without any target pixel gives +inf here (SciPy then returns numbers that
 * are no distance at all).
 *
 * Signed distance map (Kervadec et al., "Boundary loss for highly unbalanced segmentation",
 * MIDL 2019 / MedIA 2021), negative inside, positive outside:
 *   φ(x) = d(x, G)              outside the mask G: distance to the nearest mask pixel
 *   φ(x) = s_min − d(x, Ḡ)      inside: minus the distance to the nearest background pixel,
 *                               plus s_min = min(sr, sc)
 * With 1 × 1 spacing this is exactly Kervadec's one_hot2dist (dist(neg)·neg − (dist(pos) − 1)·pos):
 * the mask's inner edge pixels are 0 and the contour is taken to run through them.  His code
 * subtracts 1 whatever the spacing, which makes edge pixels positive (wrong side) once a spacing
 * is below 1 mm; subtracting the smaller spacing keeps φ ≤ 0 on every mask pixel.
 * An empty mask gives φ = 0 everywhere, as in Kervadec's code (the foreground class has no
 * contour, so the boundary loss leaves the image to the region loss it is paired with).  A full
 * mask has no contour inside the image either and also gives φ = 0 (SciPy, asked for the
 * distance to the nearest background pixel of an image without one, returns no distance; the
 * reference implementations inherit that).
 *
 * Contour distance (the d of Karimi & Salcudean's Hausdorff-DT loss, IEEE TMI 39(2), 2020):
 * the unsigned distance from each pixel to the nearest pixel of the other class (foreground
 * pixels to background, background to foreground), as the common HausdorffDTLoss computes it
 * (edt(fg) + edt(bg)).  0 everywhere for an empty or a full mask (no contour).
 *
 * Pixels outside the image are neither foreground nor background, except with
 * NN_DISTANCE_TO_BACKGROUND_OR_OUTSIDE (the band of boundary IoU, nn-boundary-metrics.h).
 * Functions returning int give 0, or −1 when an argument is invalid (H or W below 1, a spacing
 * not positive and finite) or memory runs out; the batch functions are threaded over images
 * with nn_parallel () and give the same numbers for any thread count. */
#pragma once

#include <stdint.h>

typedef struct
{
  double row; /* sr: distance between the centres of two rows (mm, or 1 for pixels) */
  double col; /* sc: distance between the centres of two columns */
} NnSpacing;

typedef enum
{
  NN_DISTANCE_TO_FOREGROUND,            /* the targets are the mask's nonzero pixels */
  NN_DISTANCE_TO_BACKGROUND,            /* … its zero pixels */
  NN_DISTANCE_TO_BACKGROUND_OR_OUTSIDE, /* … its zero pixels and every point outside the image */
} NnDistanceTo;

/* D2 (H×W) receives the squared distance from every pixel to the nearest target pixel of MASK
 * (0 on the targets themselves), +inf where there is none. */
int nn_edt_squared (const uint8_t *mask,
                    int h,
                    int w,
                    const NnSpacing *spacing,
                    NnDistanceTo to,
                    double *d2);

/* The same, as distances. */
int nn_edt (const uint8_t *mask,
            int h,
            int w,
            const NnSpacing *spacing,
            NnDistanceTo to,
            double *d);

/* SDF (H×W) receives the signed distance map φ of MASK, as in the header comment. */
int nn_signed_distance (const uint8_t *mask,
                        int h,
                        int w,
                        const NnSpacing *spacing,
                        double *sdf);

/* D (H×W) receives the contour distance of MASK, as in the header comment. */
int nn_contour_distance (const uint8_t *mask,
                         int h,
                         int w,
                         const NnSpacing *spacing,
                         double *d);

/* The maps of N float masks (y > 0.5 is foreground), threaded over images: what the engine
 * computes once per mask for nn_boundary_loss () and nn_hausdorff_dt_loss (). */
int nn_signed_distance_batch (const float *masks,
                              int n,
                              int h,
                              int w,
                              const NnSpacing *spacing,
                              float *sdf);
int nn_contour_distance_batch (const float *masks,
                               int n,
                               int h,
                               int w,
                               const NnSpacing *spacing,
                               float *d);

/* nn_edt () of N uint8 masks, threaded over images. */
int nn_edt_batch (const uint8_t *masks,
                  int n,
                  int h,
                  int w,
                  const NnSpacing *spacing,
                  NnDistanceTo to,
                  double *d);

/* sqrt ((H·sr)² + (W·sc)²): the extent of the image, longer than any distance between two of
 * its pixel centres.  What a missed image scores in HD, HD95 and ASSD. */
double nn_image_diagonal (int h, int w, const NnSpacing *spacing);
