/* lb-metric.h — every per-image test metric under one index: the overlap metrics (from the
 * confusion counts) and the boundary metrics in pixels and, with a pixel spacing, in mm.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The first LB_METRIC_* values are the NnMetric values (nn-metrics.h), so an array indexed by
 * LbMetric can be read with an NnMetric.  The boundary metrics are those of
 * nn-boundary-metrics.h (../shared/docs losses-beyond.md), measured twice per image: in pixels
 * (spacing 1 × 1, NSD at τ = nsd_tolerance pixels, default 2) and, when the images carry a
 * pixel spacing, in mm (NSD at τ = nsd_tolerance_mm, default 2 mm).  Boundary IoU's band is
 * 2 % of the image diagonal in either unit.
 *
 * Pixel spacing after resizing.  Images are resized to the training size S × S per axis (the
 * aspect is not kept, lb-image-io.h), so a pixel of the resized image covers
 *     row spacing    = original row spacing    × original height / S
 *     column spacing = original column spacing × original width  / S
 * of the original: lb_spacing_effective ().  Every image has its own, since the originals differ
 * in size (Montgomery 4020 × 4892, Shenzhen about 3000 × 3000).  The spacing a user gives
 * (--spacing) is the original one, in mm, for every image of the dataset; a DICOM reader can
 * later give one per image.
 *
 * Missed images, failure-honest (losses-beyond.md): an image with exactly one of prediction and
 * truth empty is *missed*; it scores HD = HD95 = ASSD = the image diagonal (in the unit: at the
 * training size in pixels, e.g. 128·√2 = 181 px, or the original image's extent in mm) and
 * NSD = boundary IoU = 0, and every mean over images keeps it at those values.  Both empty
 * scores 0 and 1.  Summaries count the missed images beside the means. */
#pragma once

#include <glib.h>

#include "lb-csv.h"
#include "nn-boundary-metrics.h"
#include "nn-metrics.h"

G_BEGIN_DECLS

typedef enum
{
  LB_METRIC_IOU = NN_METRIC_IOU,
  LB_METRIC_DICE = NN_METRIC_DICE,
  LB_METRIC_ACCURACY = NN_METRIC_ACCURACY,
  LB_METRIC_PRECISION = NN_METRIC_PRECISION,
  LB_METRIC_RECALL = NN_METRIC_RECALL,
  LB_METRIC_STEPPED_IOU = NN_METRIC_STEPPED_IOU,
  /* In pixels. */
  LB_METRIC_HD = NN_METRIC_COUNT,
  LB_METRIC_HD95,
  LB_METRIC_ASSD,
  LB_METRIC_NSD,
  LB_METRIC_BOUNDARY_IOU,
  /* In mm, with the pixel spacing. */
  LB_METRIC_HD_MM,
  LB_METRIC_HD95_MM,
  LB_METRIC_ASSD_MM,
  LB_METRIC_NSD_MM,
  LB_METRIC_BOUNDARY_IOU_MM,
  LB_METRIC_COUNT
} LbMetric;

#define LB_METRIC_FIRST_BOUNDARY LB_METRIC_HD
#define LB_METRIC_FIRST_MM LB_METRIC_HD_MM

typedef enum
{
  LB_METRIC_KIND_OVERLAP,  /* from the confusion counts: always there */
  LB_METRIC_KIND_PIXELS,   /* a boundary metric in pixels */
  LB_METRIC_KIND_MM,       /* a boundary metric in mm: only with a pixel spacing */
} LbMetricKind;

/* CSV column names: "iou" … "stepped_iou", "hd", "hd95", "assd", "nsd", "boundary_iou",
 * "hd_mm" … "boundary_iou_mm". */
const char *lb_metric_to_string (LbMetric metric);
/* "IoU", "Dice", "Pixel accuracy", …, "HD95 (px)", "NSD (mm)", "Boundary IoU (px)". */
const char *lb_metric_to_label (LbMetric metric);
/* The label without its unit: "IoU", "HD95", "NSD". */
const char *lb_metric_get_name (LbMetric metric);
/* "px" or "mm" for the distances (HD, HD95, ASSD), "" for the ratios. */
const char *lb_metric_get_unit (LbMetric metric);
LbMetricKind lb_metric_get_kind (LbMetric metric);
/* HD, HD95, ASSD (either unit): lower is better; every other metric: higher. */
gboolean lb_metric_lower_is_better (LbMetric metric);
/* "lower is better" or "higher is better". */
const char *lb_metric_direction (LbMetric metric);
/* 1 for the ratios, 1.1 for the stepped IoU, +inf for the distances (their least is 0). */
double lb_metric_upper_bound (LbMetric metric);
/* The boundary metric behind a boundary LbMetric (either unit). */
NnBoundaryMetric lb_metric_get_boundary (LbMetric metric);
/* The same boundary metric in the unit of KIND (HD95 ↔ HD95 (mm)); an overlap metric, or
 * KIND LB_METRIC_KIND_OVERLAP, gives METRIC back. */
LbMetric lb_metric_in_kind (LbMetric metric, LbMetricKind kind);
/* Whether A is better than B on METRIC (NaN is never better). */
gboolean lb_metric_is_better (LbMetric metric, double a, double b);

/* Numbers of METRIC in sentences: ratios to 4 decimals, distances to 2 (0.01 px or mm). */
int lb_metric_decimals (LbMetric metric);
/* VALUE with METRIC's decimals and a sign, a real minus: "+0.0023", "−1.25". */
char *lb_metric_format_signed (LbMetric metric, double value);
/* VALUE with METRIC's decimals: "0.0023", "1.25". */
char *lb_metric_format (LbMetric metric, double value);
/* What follows a number of METRIC in a sentence: " IoU", " px HD95", " NSD (mm)". */
char *lb_metric_dup_quantity (LbMetric metric);
/* What follows a bare number of METRIC inside parentheses: " px" or " mm" for distances. */
const char *lb_metric_unit_suffix (LbMetric metric);

/* A column name, or a label, any case, '-' or ' ' for '_' ("HD95", "boundary-iou", "hd95_mm"),
 * and a few aliases ("pixel_accuracy", "surface_dice", "hd95_px"). */
gboolean lb_metric_from_string (const char *name, LbMetric *metric);
/* "iou, dice, accuracy, …": for --help. */
char *lb_metric_list_names (void);

/* ---- options ---- */

typedef struct
{
  gboolean has_spacing;
  NnSpacing spacing;          /* mm between the centres of two rows / columns of the original
                               * images; used only with has_spacing */
  double nsd_tolerance;       /* NSD's τ in pixels (2) */
  double nsd_tolerance_mm;    /* NSD's τ in mm (2) */
} LbMetricOptions;

/* No spacing, τ 2 px and 2 mm. */
void lb_metric_options_init (LbMetricOptions *options);
/* NULL when usable, else a sentence saying what to change. */
char *lb_metric_options_check (const LbMetricOptions *options);

/* "0.7" (the same in both directions) or "ROWxCOL" ("0.7x0.5", also with × or X), in mm. */
gboolean lb_spacing_parse (const char *text, NnSpacing *spacing, GError **error);
/* "0.7" or "0.7x0.5". */
char *lb_spacing_to_string (const NnSpacing *spacing);
/* The spacing of a pixel once an ORIGINAL_WIDTH × ORIGINAL_HEIGHT image is resized to
 * WIDTH × HEIGHT (see the header comment). A size of 0 is taken as unchanged. */
NnSpacing lb_spacing_effective (const NnSpacing *original,
                                int original_width,
                                int original_height,
                                int width,
                                int height);

/* ---- one image ---- */

typedef struct
{
  double value[LB_METRIC_COUNT]; /* NaN where the metric was not measured */
  int missed;                    /* 1 or 0; −1 when the boundary metrics were not measured */
} LbImageMetrics;

/* Every value NaN, missed −1. */
void lb_image_metrics_clear (LbImageMetrics *metrics);
/* The overlap values from a confusion count. */
void lb_image_metrics_set_overlap (LbImageMetrics *metrics, const NnConfusion *confusion);

/* Every metric of one image from PRED and TRUTH (H × W bytes, nonzero = foreground): overlap,
 * boundary in pixels, and in mm when SPACING is not NULL (the image's own, effective spacing).
 * CONFUSION (may be NULL) receives the counts. FALSE when the options are unusable or memory
 * runs out. */
gboolean lb_image_metrics_measure (const guint8 *pred,
                                   const guint8 *truth,
                                   int h,
                                   int w,
                                   const LbMetricOptions *options,
                                   const NnSpacing *spacing,
                                   NnConfusion *confusion,
                                   LbImageMetrics *metrics);

/* The same for N images from logits (z > 0) and float masks (y > 0.5), N × H × W, threaded over
 * images with nn_parallel (). SPACINGS holds one spacing per image, or is NULL (no mm). */
gboolean lb_image_metrics_from_logits (const float *logits,
                                       const float *masks,
                                       int n,
                                       int h,
                                       int w,
                                       const LbMetricOptions *options,
                                       const NnSpacing *spacings,
                                       LbImageMetrics *metrics);

/* The mean of METRIC over N rows (NaN when N is 0 or a row lacks it); missed images count at
 * their failure values, as the header comment says. */
double lb_image_metrics_mean (const LbImageMetrics *rows, guint n, LbMetric metric);
/* The missed images among N rows, or −1 when a row does not say. */
int lb_image_metrics_count_missed (const LbImageMetrics *rows, guint n);

/* ---- per-image CSV columns ----
 *
 * After the overlap metrics a per-image.csv holds hd, hd95, assd, nsd, boundary_iou, missed,
 * hd_mm, hd95_mm, assd_mm, nsd_mm, boundary_iou_mm (empty fields where not measured: the mm
 * columns without a spacing). Files written before these columns existed are read with the
 * boundary metrics absent. */

/* Appends those column names (static strings) to HEADER. */
void lb_metric_add_boundary_columns (GPtrArray *header);
/* Appends the fields of METRICS in that order. */
void lb_metric_add_boundary_fields (LbCsv *csv, const LbImageMetrics *metrics);

typedef struct
{
  int column[LB_METRIC_COUNT]; /* the field of each boundary metric, −1 when absent */
  int missed;
} LbMetricColumns;

/* Finds the boundary columns in HEADER (NULL-terminated). */
void lb_metric_columns_find (LbMetricColumns *columns, char *const *header);
/* Reads ROW's boundary fields into METRICS (overlap values untouched); an absent column or an
 * empty field leaves NaN (−1 for missed). FALSE, with a sentence naming PATH, LINE and the
 * column, when a field is not a number. */
gboolean lb_metric_columns_read (const LbMetricColumns *columns,
                                 char *const *row,
                                 const char *path,
                                 guint line,
                                 LbImageMetrics *metrics,
                                 GError **error);

G_END_DECLS
