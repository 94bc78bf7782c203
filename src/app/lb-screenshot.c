/* lb-screenshot.c — render a widget (the main window, a chart) to a PNG from inside the app.
 * SPDX-License-Identifier: GPL-3.0-or-later */

#include "lb-config.h"

#include "lb-screenshot.h"

/* The widget is snapshotted as it is now, with the renderer of its own surface, so the PNG is
 * exactly what is on screen (window decorations included), without a compositor or an
 * external screenshot tool. Call it from the main loop once the widget has been drawn. */
gboolean
lb_screenshot_widget_to_png (GtkWidget   *widget,
                             const char  *path,
                             GError     **error)
{
  g_autoptr (GdkPaintable) paintable = NULL;
  g_autoptr (GskRenderNode) node = NULL;
  g_autoptr (GdkTexture) texture = NULL;
  GtkSnapshot *snapshot;
  GtkNative *native;
  GskRenderer *renderer;
  int width;
  int height;

  g_return_val_if_fail (GTK_IS_WIDGET (widget), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  native = gtk_widget_get_native (widget);
  if (native == NULL || !gtk_widget_get_mapped (widget))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_INITIALIZED,
                   "The window is not on screen yet, so there is nothing to capture.");
      return FALSE;
    }

  paintable = gtk_widget_paintable_new (widget);
  width = gdk_paintable_get_intrinsic_width (paintable);
  height = gdk_paintable_get_intrinsic_height (paintable);
  if (width <= 0 || height <= 0)
    {
      width = gtk_widget_get_width (widget);
      height = gtk_widget_get_height (widget);
    }
  if (width <= 0 || height <= 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_INITIALIZED,
                   "The window has no size yet, so there is nothing to capture.");
      return FALSE;
    }

  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (snapshot);
  if (node == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   "The window drew nothing, so there is nothing to capture.");
      return FALSE;
    }

  renderer = gtk_native_get_renderer (native);
  texture = gsk_renderer_render_texture (renderer, node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  if (texture == NULL || !gdk_texture_save_to_png (texture, path))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   "Could not write the screenshot to “%s”. Check that its folder exists and is writable.",
                   path);
      return FALSE;
    }

  return TRUE;
}
