/* lb-pair-original.c — one pair of a dataset at its files' own size, for a close look, and the
 * mask rules the loader and the close look share.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "lb-pair-original.h"

#include <string.h>

#include "lb-error.h"

guint8 *
lb_pair_decode_mask (const LbPair  *pair,
                     LbImageInfo   *info,
                     LbPairFlags   *flags,
                     char         **remark,
                     const char   **failed_path,
                     GError       **error)
{
  g_return_val_if_fail (pair != NULL && pair->mask_paths[0] != NULL, NULL);
  g_return_val_if_fail (info != NULL && flags != NULL && failed_path != NULL, NULL);

  *flags = LB_PAIR_FLAG_NONE;
  if (remark != NULL)
    *remark = NULL;
  *failed_path = pair->mask_paths[0];
  g_autofree guint8 *merged = lb_image_decode_gray (pair->mask_paths[0], info, error);
  if (merged == NULL)
    return NULL;
  gsize n_pixels = (gsize) info->width * info->height;
  if (pair->mask_paths[1] != NULL)
    {
      /* The union of left and right lung comes before any resizing, as the reference sets
       * were made. */
      LbImageInfo right_info = { 0 };
      *failed_path = pair->mask_paths[1];
      g_autofree guint8 *right = lb_image_decode_gray (pair->mask_paths[1], &right_info, error);
      if (right == NULL)
        return NULL;
      if (right_info.width != info->width || right_info.height != info->height)
        {
          g_autofree char *display = g_filename_display_name (pair->mask_paths[1]);
          g_set_error (error, LB_ERROR, LB_ERROR_INVALID_INPUT,
                       "%s: the right lung mask is %d × %d but the left one is %d × %d; the pair "
                       "was left out.", display, right_info.width, right_info.height, info->width,
                       info->height);
          return NULL;
        }
      for (gsize k = 0; k < n_pixels; k++)
        merged[k] = MAX (merged[k], right[k]);
    }
  *failed_path = NULL;

  gsize n_between = 0;
  guint8 max_value = 0;
  for (gsize k = 0; k < n_pixels; k++)
    {
      guint8 v = merged[k];
      if (v != 0 && v != 255)
        n_between++;
      if (v > max_value)
        max_value = v;
    }
  g_autofree char *display = g_filename_display_name (pair->mask_paths[0]);
  if (max_value == 1)
    {
      /* 0/1 masks are common in other tools; thresholding them at 127 would erase the lung. */
      for (gsize k = 0; k < n_pixels; k++)
        merged[k] = merged[k] ? 255 : 0;
      *flags |= LB_PAIR_FLAG_ZERO_ONE_MASK;
      if (remark != NULL)
        *remark = g_strdup_printf ("%s: the mask holds 0 and 1 rather than 0 and 255; 1 was read "
                                   "as lung.", display);
    }
  else if (n_between > 0)
    {
      *flags |= LB_PAIR_FLAG_NON_BINARY_MASK;
      if (remark != NULL)
        *remark = g_strdup_printf ("%s: the mask is not binary (%.2f %% of its pixels are neither "
                                   "0 nor 255); it was thresholded at > 127.", display,
                                   100.0 * n_between / n_pixels);
    }
  return g_steal_pointer (&merged);
}

void
lb_pair_original_free (LbPairOriginal *original)
{
  if (original == NULL)
    return;
  g_free (original->image);
  g_free (original->mask);
  g_free (original);
}

/* The dataset's own pixels: a pair without files has no other size. */
static LbPairOriginal *
original_from_dataset (LbDataset *dataset,
                       guint      index)
{
  LbPairOriginal *original = g_new0 (LbPairOriginal, 1);
  guint size = lb_dataset_get_size (dataset);
  gsize plane = (gsize) size * size;
  const float *mask = lb_dataset_get_masks (dataset) + plane * index;

  original->width = (int) size;
  original->height = (int) size;
  original->image = g_memdup2 (lb_dataset_get_image_u8 (dataset, index), plane);
  original->mask = g_malloc (plane);
  for (gsize k = 0; k < plane; k++)
    original->mask[k] = mask[k] > 0.5f;
  return original;
}

static gboolean
set_cancelled (GCancellable  *cancellable,
               GError       **error)
{
  if (!g_cancellable_is_cancelled (cancellable))
    return FALSE;
  g_set_error_literal (error, LB_ERROR, LB_ERROR_CANCELLED, "Stopped before the image was read.");
  return TRUE;
}

LbPairOriginal *
lb_pair_original_load (LbDataset     *dataset,
                       guint          index,
                       GCancellable  *cancellable,
                       GError       **error)
{
  g_return_val_if_fail (LB_IS_DATASET (dataset), NULL);
  g_return_val_if_fail (index < lb_dataset_get_n_pairs (dataset), NULL);

  const LbPair *pair = lb_dataset_get_pair (dataset, index);
  if (pair == NULL || pair->image_path == NULL || pair->mask_paths[0] == NULL)
    return original_from_dataset (dataset, index);
  if (set_cancelled (cancellable, error))
    return NULL;

  LbImageInfo info = { 0 };
  g_autofree guint8 *image = lb_image_decode_gray (pair->image_path, &info, error);
  if (image == NULL || set_cancelled (cancellable, error))
    return NULL;

  LbImageInfo mask_info = { 0 };
  LbPairFlags flags;
  const char *failed_path;
  g_autofree guint8 *mask = lb_pair_decode_mask (pair, &mask_info, &flags, NULL, &failed_path,
                                                 error);
  if (mask == NULL)
    return NULL;
  gsize n_pixels = (gsize) info.width * info.height;
  if (mask_info.width != info.width || mask_info.height != info.height)
    {
      /* The loader's header checks refuse such a pair, but the files may have changed since a
       * cached load: scale the mask onto the image, as the training size does. */
      guint8 *scaled = g_malloc (n_pixels);
      lb_image_resize_gray (mask, mask_info.width, mask_info.height, scaled, info.width,
                            info.height);
      g_free (mask);
      mask = scaled;
    }
  for (gsize k = 0; k < n_pixels; k++)
    mask[k] = mask[k] > 127;

  LbPairOriginal *original = g_new0 (LbPairOriginal, 1);
  original->width = info.width;
  original->height = info.height;
  original->image = g_steal_pointer (&image);
  original->mask = g_steal_pointer (&mask);
  original->from_files = TRUE;
  return original;
}
