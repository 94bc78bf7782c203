/* lb-pair-picture.c — what the large view draws of a pair: at once the training-size pixels on
 * the original's aspect, then the original itself, decoded on a worker.
 * SPDX-License-Identifier: GPL-3.0-or-later */

#include "lb-config.h"

#include "lb-pair-original.h"
#include "lb-pair-picture.h"
#include "lb-system.h"

void
lb_overlay_planes_clear (LbOverlayPlanes *planes)
{
  g_clear_pointer (&planes->image, lb_image_pyramid_unref);
  g_clear_pointer (&planes->mask, lb_image_pyramid_unref);
  g_clear_pointer (&planes->prediction, lb_image_pyramid_unref);
  planes->width = planes->height = 0;
}

/* A 0/1 mask as the 0/255 plane the renderer thresholds; takes @mask. */
static LbImagePyramid *
mask_pyramid_take (guint8 *mask,
                   int     width,
                   int     height)
{
  gsize n = (gsize) width * height;

  for (gsize k = 0; k < n; k++)
    mask[k] = mask[k] ? 255 : 0;
  return lb_image_pyramid_new_take (mask, width, height);
}

void
lb_pair_picture_preview (LbDataset       *dataset,
                         guint            index,
                         LbOverlayPlanes *planes)
{
  const LbPair *pair = lb_dataset_get_pair (dataset, index);
  int size = (int) lb_dataset_get_size (dataset);
  gsize plane = (gsize) size * size;
  const float *masks = lb_dataset_get_masks (dataset) + plane * index;
  guint8 *mask = g_malloc (plane);

  for (gsize k = 0; k < plane; k++)
    mask[k] = masks[k] > 0.5f;
  planes->image = lb_image_pyramid_new_take (g_memdup2 (lb_dataset_get_image_u8 (dataset, index),
                                                        plane), size, size);
  planes->mask = mask_pyramid_take (mask, size, size);
  planes->prediction = NULL;
  /* A cached load may not know the header's size: then the training size is all there is. */
  planes->width = pair->width > 0 ? pair->width : size;
  planes->height = pair->height > 0 ? pair->height : size;
}

gboolean
lb_pair_picture_has_original (LbDataset *dataset,
                              guint      index)
{
  const LbPair *pair = lb_dataset_get_pair (dataset, index);

  return pair->image_path != NULL && pair->mask_paths[0] != NULL;
}

typedef struct
{
  LbDataset *dataset;
  guint index;
} LoadRequest;

static void
load_request_free (gpointer data)
{
  LoadRequest *request = data;

  g_object_unref (request->dataset);
  g_free (request);
}

static void
planes_free (gpointer data)
{
  lb_overlay_planes_clear (data);
  g_free (data);
}

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  LoadRequest *request = task_data;
  GError *error = NULL;
  LbPairOriginal *original;
  LbOverlayPlanes *planes;

  lb_system_enter_worker_thread ();

  original = lb_pair_original_load (request->dataset, request->index, cancellable, &error);
  if (original == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  planes = g_new0 (LbOverlayPlanes, 1);
  planes->width = original->width;
  planes->height = original->height;
  planes->image = lb_image_pyramid_new_take (g_steal_pointer (&original->image), original->width,
                                             original->height);
  planes->mask = mask_pyramid_take (g_steal_pointer (&original->mask), original->width,
                                    original->height);
  lb_pair_original_free (original);
  g_task_return_pointer (task, planes, planes_free);
}

void
lb_pair_picture_load_async (LbDataset           *dataset,
                            guint                index,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr (GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  LoadRequest *request = g_new0 (LoadRequest, 1);

  request->dataset = g_object_ref (dataset);
  request->index = index;
  g_task_set_source_tag (task, lb_pair_picture_load_async);
  g_task_set_task_data (task, request, load_request_free);
  g_task_run_in_thread (task, load_thread);
}

gboolean
lb_pair_picture_load_finish (GAsyncResult     *result,
                             LbOverlayPlanes  *planes,
                             GError          **error)
{
  LbOverlayPlanes *loaded;

  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);

  loaded = g_task_propagate_pointer (G_TASK (result), error);
  if (loaded == NULL)
    return FALSE;
  *planes = *loaded;
  g_free (loaded);
  return TRUE;
}
