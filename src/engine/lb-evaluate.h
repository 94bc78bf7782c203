/* lb-evaluate.h — a network's loss and per-image confusion counts on a subset of a dataset.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "lb-dataset.h"
#include "lb-metric.h"
#include "nn-losses.h"
#include "nn-metrics.h"
#include "nn-unet.h"

G_BEGIN_DECLS

/* Runs NET over the N images IMAGES[INDICES[i]] (S×S each, S the network's size) in batches of
 * the network's batch size. PER_IMAGE (N counts) receives each image's confusion; LOSS (may be
 * NULL) the mean loss under LOSS_CONFIG, weighted by batch size; PROBABILITIES (may be NULL)
 * N×S×S probabilities of lung. Returns FALSE when a logit or the loss is NaN or infinite. */
gboolean lb_evaluate (NnUNet *net,
                      const float *images,
                      const float *masks,
                      const guint *indices,
                      guint n,
                      const NnLossConfig *loss_config,
                      NnConfusion *per_image,
                      double *loss,
                      float *probabilities);

/* lb_evaluate, and every metric of each image: METRICS (may be NULL; N rows) receives the
 * overlap and boundary metrics under OPTIONS (NULL: the defaults), in mm too when SPACINGS is
 * not NULL — one effective spacing per image of the dataset, indexed like IMAGES, not like
 * INDICES. Returns FALSE as lb_evaluate does, or when memory runs out. */
gboolean lb_evaluate_metrics (NnUNet *net,
                              const float *images,
                              const float *masks,
                              const guint *indices,
                              guint n,
                              const NnLossConfig *loss_config,
                              const LbMetricOptions *options,
                              const NnSpacing *spacings,
                              NnConfusion *per_image,
                              LbImageMetrics *metrics,
                              double *loss,
                              float *probabilities);

/* One effective pixel spacing per image of DATASET, in mm: ORIGINAL, the spacing of the
 * original images, times original size / loaded size per axis (lb_spacing_effective), from the
 * sizes the dataset's report holds. Free with g_free. */
NnSpacing *lb_spacings_for_dataset (LbDataset *dataset, const NnSpacing *original);

/* Whether counts pooled over a validation set show a collapsed network: one class predicted on
 * (almost) every pixel — at least 99.9 % lung, or at most 0.1 % — while the masks hold both
 * classes (at least 1 % of each). Saturated networks keep a handful of pixels of the other
 * class, so "every pixel" alone missed them. PREDICTED_LUNG (may be NULL) receives the fraction
 * of pixels predicted lung. */
gboolean lb_is_collapsed (const NnConfusion *total,
                          double            *predicted_lung);

G_END_DECLS
