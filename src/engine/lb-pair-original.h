/* lb-pair-original.h — one pair of a dataset at its files' own size, for a close look, and the
 * mask rules the loader and the close look share.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "lb-dataset.h"
#include "lb-image-io.h"

G_BEGIN_DECLS

/* The pair's mask at its file's own size (@info receives it): the left and right lungs merged
 * (Montgomery), a file of 0 and 1 read as 0 and 255, anything else left as it is, so that the
 * caller thresholds at > 127 after resizing (the loader) or at once (the close look).
 * @flags receives LB_PAIR_FLAG_ZERO_ONE_MASK or LB_PAIR_FLAG_NON_BINARY_MASK and @remark (may be
 * NULL) the sentence saying so. On failure returns NULL with @error set (LB_ERROR) and
 * @failed_path pointing at the file concerned (one of the pair's mask paths). */
guint8 *lb_pair_decode_mask (const LbPair  *pair,
                             LbImageInfo   *info,
                             LbPairFlags   *flags,
                             char         **remark,
                             const char   **failed_path,
                             GError       **error);

typedef struct
{
  int width;           /* the image file's size: what the pixel coordinates are in */
  int height;
  guint8 *image;       /* width × height 8-bit gray, decoded as the loader decodes */
  guint8 *mask;        /* width × height, 1 = lung: the mask file(s) at full size, thresholded
                        * as the loader thresholds, scaled onto the image if its size differs */
  gboolean from_files; /* FALSE for a pair that has no files (the demo set): then these are
                        * the dataset's own pixels at the training size */
} LbPairOriginal;

void lb_pair_original_free (LbPairOriginal *original);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LbPairOriginal, lb_pair_original_free)

/* Decodes pair @index of @dataset from its files at their own size (about a second for a
 * 4020 × 4892 Montgomery original): on a worker thread. Fails with the decoder's LB_ERROR
 * sentence when a file has changed or gone since the dataset was loaded, or with
 * LB_ERROR_CANCELLED when @cancellable fires between the files. */
LbPairOriginal *lb_pair_original_load (LbDataset     *dataset,
                                       guint          index,
                                       GCancellable  *cancellable,
                                       GError       **error);

G_END_DECLS
