/* nn-boundary-metrics.h — boundary metrics per image: HD, HD95, ASSD, NSD, boundary IoU.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Definitions of ../docs losses-beyond.md, on A = the prediction (logit z > 0, i.e. p > 0.5)
 * and B = the truth (y > 0.5), as in nn-metrics.h.
 *
 *   edge pixels ∂A   pixels of A not in its erosion by the 3×3 cross, outside the image
 *                    counting as background: SciPy's binary_erosion with its default
 *                    structure (connectivity 1) and border_value 0, as MONAI uses it
 *   d(a, B)          for a ∈ ∂A the Euclidean distance (with the spacing) to the nearest b ∈ ∂B:
 *                    the distance transform of ∂B read at ∂A (nn-distance.h)
 *   HD               max (max_a d(a, B), max_b d(b, A))
 *   HD95             max (P95 {d(a, B)}, P95 {d(b, A)}): the 95th percentile of each direction
 *                    apart, NumPy's default ("linear") percentile, then the larger — MONAI's
 *                    compute_hausdorff_distance (percentile = 95).  medpy's hd95 pools both
 *                    directions before taking one percentile, which gives other numbers.
 *   ASSD             (Σ_a d(a, B) + Σ_b d(b, A)) / (|∂A| + |∂B|)  (MONAI's symmetric ASD)
 *   NSD at τ         (#{a: d(a, B) ≤ τ} + #{b: d(b, A) ≤ τ}) / (|∂A| + |∂B|)  (surface Dice)
 *   boundary IoU     |A_d ∩ B_d| / |A_d ∪ B_d| with X_d = the pixels of X within distance d of
 *                    X's contour: x ∈ X whose distance to the nearest pixel outside X (the image's
 *                    outside included) is at most d (Cheng et al., "Boundary IoU", CVPR 2021).
 *                    Euclidean, with the spacing; the authors' boundary-iou-api erodes d times
 *                    with a 3×3 square instead (chessboard distance, d rounded to whole pixels),
 *                    a band up to √2 wider along diagonals.  d defaults to 2 % of the image
 *                    diagonal; a d below the larger spacing is raised to it, so that every edge
 *                    pixel is in the band.
 *
 * Distances, τ and d are in the unit of the spacing: pixels for 1 × 1, millimetres for a
 * spacing in mm.  For both units, call twice.  HD, HD95 and ASSD: lower is better; NSD and
 * boundary IoU: higher is better.
 *
 * Empty masks, failure-honest (losses-beyond.md), never NaN:
 *   both empty         HD = HD95 = ASSD = 0, NSD = boundary IoU = 1
 *   exactly one empty  HD = HD95 = ASSD = the image diagonal (nn_image_diagonal ()), NSD =
 *                      boundary IoU = 0, and the image is *missed*; a mean over images keeps it
 *                      (MONAI gives NaN or inf there, and its mean silently skips the image). */
#pragma once

#include <stdbool.h>
#include <stdint.h>

#include "nn-distance.h"

typedef enum
{
  NN_BOUNDARY_HD,
  NN_BOUNDARY_HD95,
  NN_BOUNDARY_ASSD,
  NN_BOUNDARY_NSD,
  NN_BOUNDARY_IOU,
  NN_BOUNDARY_METRIC_COUNT
} NnBoundaryMetric;

typedef enum
{
  NN_SURFACE_BOTH,          /* prediction and truth both hold foreground: measured */
  NN_SURFACE_NEITHER,       /* both empty: a perfect score by convention */
  NN_SURFACE_NO_PREDICTION, /* lung in the truth, nothing predicted: missed */
  NN_SURFACE_NO_TRUTH,      /* lung predicted on an empty truth: missed */
} NnSurfaceCase;

typedef struct
{
  double value[NN_BOUNDARY_METRIC_COUNT]; /* indexed by NnBoundaryMetric */
  NnSurfaceCase surface_case;
  bool missed;              /* exactly one of prediction and truth is empty */
  int64_t pred_edge_pixels; /* |∂A| */
  int64_t truth_edge_pixels; /* |∂B| */
} NnBoundaryMetrics;

typedef struct
{
  NnSpacing spacing;    /* {1, 1}: pixels */
  double nsd_tolerance; /* τ, in the spacing's unit */
  double biou_width;    /* d, in the spacing's unit; 0 (or below): 2 % of the image diagonal */
} NnBoundaryOptions;

typedef struct
{
  int n_images;
  int n_missed; /* images with exactly one of prediction and truth empty */
  double mean[NN_BOUNDARY_METRIC_COUNT]; /* over all images, the missed ones included */
} NnBoundarySummary;

/* Pixels, τ = 2 px, d = 2 % of the diagonal. */
void nn_boundary_options_default (NnBoundaryOptions *options);

/* NULL when OPTIONS is usable, else an English sentence saying which value to change. */
const char *nn_boundary_options_check (const NnBoundaryOptions *options);

/* EDGES (H×W) receives 1 on the edge pixels of MASK (nonzero = foreground), 0 elsewhere;
 * returns their number. */
int64_t nn_mask_edges (const uint8_t *mask, int h, int w, uint8_t *edges);

/* The metrics of one image, PRED and TRUTH uint8 masks (nonzero = foreground), H×W.  OPTIONS
 * NULL means the defaults.  Returns 0, or −1 when the options are rejected or memory runs out
 * (OUT is then untouched). */
int nn_boundary_metrics (const uint8_t *pred,
                         const uint8_t *truth,
                         int h,
                         int w,
                         const NnBoundaryOptions *options,
                         NnBoundaryMetrics *out);

/* The metrics of N images from logits (z > 0) and float masks (y > 0.5), N×H×W each, threaded
 * over images.  PER_IMAGE holds N rows.  Returns 0 or −1 as above. */
int nn_boundary_metrics_from_logits (const float *logits,
                                     const float *masks,
                                     int n,
                                     int h,
                                     int w,
                                     const NnBoundaryOptions *options,
                                     NnBoundaryMetrics *per_image);

/* Means over N rows and the number of missed images (0s when N is 0). */
void nn_boundary_summarize (const NnBoundaryMetrics *rows, int n, NnBoundarySummary *summary);

/* "hd", "hd95", "assd", "nsd", "boundary_iou" (CSV column names). */
const char *nn_boundary_metric_to_string (NnBoundaryMetric metric);
/* "HD", "HD95", "ASSD", "NSD", "Boundary IoU". */
const char *nn_boundary_metric_to_label (NnBoundaryMetric metric);
/* True for HD, HD95 and ASSD (distances), false for NSD and boundary IoU. */
bool nn_boundary_metric_lower_is_better (NnBoundaryMetric metric);
