/* lb-mask-view-export.c — what a mask view shows, as a PNG at the picture's own resolution.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The whole picture, not the part on screen: every pixel of the image (the original's, once
 * decoded) with the overlay as the view paints it (opacity, fill or contour, window and level).
 * A 4020 × 4892 original is 20 megapixels: rendered and compressed on a worker. */

#include "lb-config.h"

#include <errno.h>
#include <gdk-pixbuf/gdk-pixbuf.h>
#include <glib/gstdio.h>

#include "lb-error.h"
#include "lb-mask-view-private.h"
#include "lb-pair-picture.h"

typedef struct
{
  LbOverlayPlanes planes;    /* references to the view's pyramids */
  LbOverlayStyle style;
  char *path;
} ExportJob;

static void
export_job_free (ExportJob *job)
{
  lb_overlay_planes_clear (&job->planes);
  g_free (job->path);
  g_free (job);
}

static gboolean
write_png (const ExportJob *job,
           GError         **error)
{
  int width = job->planes.width;
  int height = job->planes.height;
  g_autoptr (GBytes) pixels = lb_overlay_render_region (&job->planes, 0, 0, 1.0, width, height,
                                                        &job->style);
  g_autoptr (GdkPixbuf) pixbuf = gdk_pixbuf_new_from_bytes (pixels, GDK_COLORSPACE_RGB, TRUE, 8,
                                                            width, height, width * 4);
  /* Beside the file, then renamed over it: a failed export leaves an earlier one whole. */
  g_autofree char *temporary = g_strdup_printf ("%s.partial", job->path);
  g_autoptr (GError) local = NULL;

  if (!gdk_pixbuf_save (pixbuf, temporary, "png", &local, NULL))
    {
      g_unlink (temporary);
      g_set_error (error, LB_ERROR, LB_ERROR_FAILED, "Could not write %s: %s. Check that the "
                   "folder is writable and the disk has room.", job->path, local->message);
      return FALSE;
    }
  if (g_rename (temporary, job->path) != 0)
    {
      int saved = errno;
      g_unlink (temporary);
      g_set_error (error, LB_ERROR, LB_ERROR_FAILED, "Could not write %s: %s. Check that the "
                   "folder is writable.", job->path, g_strerror (saved));
      return FALSE;
    }
  return TRUE;
}

static void
export_thread (GTask        *task,
               gpointer      source,
               gpointer      data,
               GCancellable *cancellable)
{
  GError *error = NULL;

  if (write_png (data, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
lb_mask_view_export_png_async (LbMaskView          *self,
                               const char          *path,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr (GTask) task = g_task_new (self, NULL, callback, user_data);
  ExportJob *job;

  g_return_if_fail (LB_IS_MASK_VIEW (self));
  g_return_if_fail (path != NULL);

  if (self->planes.image == NULL)
    {
      g_task_return_new_error (task, LB_ERROR, LB_ERROR_EMPTY,
                               "There is no image on show to save.");
      return;
    }
  job = g_new0 (ExportJob, 1);
  job->planes.width = self->planes.width;
  job->planes.height = self->planes.height;
  job->planes.image = lb_image_pyramid_ref (self->planes.image);
  job->planes.mask = self->planes.mask != NULL ? lb_image_pyramid_ref (self->planes.mask) : NULL;
  job->planes.prediction = self->planes.prediction != NULL
                             ? lb_image_pyramid_ref (self->planes.prediction)
                             : NULL;
  job->style = self->style;
  job->path = g_strdup (path);
  g_task_set_task_data (task, job, (GDestroyNotify) export_job_free);
  g_task_run_in_thread (task, export_thread);
}

gboolean
lb_mask_view_export_png_finish (LbMaskView   *self,
                                GAsyncResult *result,
                                GError      **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
