/* lb-mask-view-navigate.c — the mask view's zoom, pan and pointer: where the picture sits in
 * the widget, and which of its pixels is under the pointer.
 * SPDX-License-Identifier: GPL-3.0-or-later */

#include "lb-config.h"

#include <math.h>

#include "lb-mask-view-private.h"

/* ---- where the picture sits ---- */

/* The picture's top-left corner and scale in the widget; FALSE when there is nothing to place. */
gboolean
lb_mask_view_place (LbMaskView *self,
                    double     *x,
                    double     *y,
                    double     *scale)
{
  int width = gtk_widget_get_width (GTK_WIDGET (self));
  int height = gtk_widget_get_height (GTK_WIDGET (self));
  double fit;

  if (self->planes.image == NULL || width <= 0 || height <= 0)
    return FALSE;
  fit = MIN ((double) width / self->planes.width, (double) height / self->planes.height);
  *scale = fit * self->zoom;
  *x = (width - self->planes.width * *scale) / 2 + self->pan_x;
  *y = (height - self->planes.height * *scale) / 2 + self->pan_y;
  return TRUE;
}

/* The picture may not leave a gap on a side where it is larger than the view. */
void
lb_mask_view_clamp_pan (LbMaskView *self)
{
  double x, y, scale;
  double limit_x, limit_y;

  if (!lb_mask_view_place (self, &x, &y, &scale))
    return;
  limit_x = MAX (0, (self->planes.width * scale - gtk_widget_get_width (GTK_WIDGET (self))) / 2);
  limit_y = MAX (0, (self->planes.height * scale - gtk_widget_get_height (GTK_WIDGET (self))) / 2);
  self->pan_x = CLAMP (self->pan_x, -limit_x, limit_x);
  self->pan_y = CLAMP (self->pan_y, -limit_y, limit_y);
}

double
lb_mask_view_get_scale (LbMaskView *self)
{
  double x, y, scale;

  g_return_val_if_fail (LB_IS_MASK_VIEW (self), 0);

  return lb_mask_view_place (self, &x, &y, &scale) ? scale : 0;
}

void
lb_mask_view_check_scale (LbMaskView *self)
{
  double scale = lb_mask_view_get_scale (self);

  if (scale == self->notified_scale)
    return;
  self->notified_scale = scale;
  g_object_notify (G_OBJECT (self), "scale");
}

/* ---- the pixel under the pointer ---- */

/* Finds the pixel under the pointer again; says so when it is another one, or always with
 * @force (the values under it changed). */
void
lb_mask_view_update_hover (LbMaskView *self,
                           gboolean    force)
{
  gboolean valid = FALSE;
  int px = 0, py = 0;
  double x, y, scale;

  if (self->pointer_inside && lb_mask_view_place (self, &x, &y, &scale))
    {
      double u = (self->pointer_x - x) / scale;
      double v = (self->pointer_y - y) / scale;

      valid = u >= 0 && v >= 0 && u < self->planes.width && v < self->planes.height;
      px = valid ? (int) u : 0;
      py = valid ? (int) v : 0;
    }
  if (!force && valid == self->hover_valid && px == self->hover_x && py == self->hover_y)
    return;
  self->hover_valid = valid;
  self->hover_x = px;
  self->hover_y = py;
  g_signal_emit_by_name (self, "pointer-moved");
}

/* A plane's level-0 pixel at picture pixel (@x, @y): planes are stretched onto the picture. */
static guint8
plane_value (const LbImagePyramid *plane,
             const LbOverlayPlanes *planes,
             int                   x,
             int                   y)
{
  int w = lb_image_pyramid_get_width (plane);
  int h = lb_image_pyramid_get_height (plane);

  return lb_image_pyramid_get_pixel (plane, (int) ((gint64) x * w / planes->width),
                                     (int) ((gint64) y * h / planes->height));
}

gboolean
lb_mask_view_get_pointer_pixel (LbMaskView      *self,
                                LbMaskViewPixel *pixel)
{
  g_return_val_if_fail (LB_IS_MASK_VIEW (self), FALSE);
  g_return_val_if_fail (pixel != NULL, FALSE);

  if (!self->hover_valid || self->planes.image == NULL)
    return FALSE;
  pixel->x = self->hover_x;
  pixel->y = self->hover_y;
  pixel->image = plane_value (self->planes.image, &self->planes, pixel->x, pixel->y);
  pixel->mask = self->planes.mask != NULL
                ? plane_value (self->planes.mask, &self->planes, pixel->x, pixel->y) >= 128
                : -1;
  pixel->prediction = NAN;
  if (self->probabilities != NULL)
    {
      guint n = self->prediction_size;
      guint px = (guint) ((gint64) pixel->x * n / self->planes.width);
      guint py = (guint) ((gint64) pixel->y * n / self->planes.height);

      pixel->prediction = self->probabilities[(gsize) py * n + px];
    }
  return TRUE;
}

/* ---- zoom and pan ---- */

void
lb_mask_view_set_interactive (LbMaskView *self,
                              gboolean    interactive)
{
  g_return_if_fail (LB_IS_MASK_VIEW (self));

  self->interactive = interactive;
}

double
lb_mask_view_get_zoom (LbMaskView *self)
{
  g_return_val_if_fail (LB_IS_MASK_VIEW (self), 1);

  return self->zoom;
}

/* Zooms keeping the picture's point under widget point (@anchor_x, @anchor_y) where it is. */
static void
lb_mask_view_zoom_about (LbMaskView *self,
                         double      zoom,
                         double      anchor_x,
                         double      anchor_y)
{
  double cx = gtk_widget_get_width (GTK_WIDGET (self)) / 2.0;
  double cy = gtk_widget_get_height (GTK_WIDGET (self)) / 2.0;
  double ratio;

  zoom = CLAMP (zoom, 1, MAX_ZOOM);
  ratio = zoom / self->zoom;
  /* The picture's centre sits at (cx + pan): its distance to the anchor scales with the zoom. */
  self->pan_x = anchor_x - cx - (anchor_x - cx - self->pan_x) * ratio;
  self->pan_y = anchor_y - cy - (anchor_y - cy - self->pan_y) * ratio;
  if (zoom == 1)
    self->pan_x = self->pan_y = 0;
  if (zoom != self->zoom)
    {
      self->zoom = zoom;
      g_object_notify (G_OBJECT (self), "zoom");
    }
  lb_mask_view_clamp_pan (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  lb_mask_view_update_hover (self, FALSE);
  lb_mask_view_check_scale (self);
}

void
lb_mask_view_set_zoom (LbMaskView *self,
                       double      zoom)
{
  g_return_if_fail (LB_IS_MASK_VIEW (self));

  lb_mask_view_zoom_about (self, zoom, gtk_widget_get_width (GTK_WIDGET (self)) / 2.0,
                           gtk_widget_get_height (GTK_WIDGET (self)) / 2.0);
}

void
lb_mask_view_reset_view (LbMaskView *self)
{
  g_return_if_fail (LB_IS_MASK_VIEW (self));

  lb_mask_view_set_zoom (self, 1);
}

static gboolean
lb_mask_view_scroll (GtkEventControllerScroll *controller,
                     double                    dx,
                     double                    dy,
                     gpointer                  user_data)
{
  LbMaskView *self = user_data;

  if (!self->interactive || self->planes.image == NULL)
    return FALSE;
  if (self->pointer_inside)
    lb_mask_view_zoom_about (self, self->zoom * pow (1.2, -dy), self->pointer_x,
                             self->pointer_y);
  else
    lb_mask_view_set_zoom (self, self->zoom * pow (1.2, -dy));
  return TRUE;
}

static void
lb_mask_view_drag_begin (GtkGestureDrag *gesture,
                         double          x,
                         double          y,
                         gpointer        user_data)
{
  LbMaskView *self = user_data;

  if (!self->interactive || self->zoom <= 1)
    {
      gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_DENIED);
      return;
    }
  self->drag_start_x = self->pan_x;
  self->drag_start_y = self->pan_y;
}

static void
lb_mask_view_drag_update (GtkGestureDrag *gesture,
                          double          dx,
                          double          dy,
                          gpointer        user_data)
{
  LbMaskView *self = user_data;

  self->pan_x = self->drag_start_x + dx;
  self->pan_y = self->drag_start_y + dy;
  lb_mask_view_clamp_pan (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  lb_mask_view_update_hover (self, FALSE);
}

static void
lb_mask_view_motion (GtkEventControllerMotion *controller,
                     double                    x,
                     double                    y,
                     gpointer                  user_data)
{
  LbMaskView *self = user_data;

  self->pointer_inside = TRUE;
  self->pointer_x = x;
  self->pointer_y = y;
  lb_mask_view_update_hover (self, FALSE);
}

static void
lb_mask_view_leave (GtkEventControllerMotion *controller,
                    gpointer                  user_data)
{
  LbMaskView *self = user_data;

  self->pointer_inside = FALSE;
  lb_mask_view_update_hover (self, FALSE);
}

void
lb_mask_view_add_controllers (LbMaskView *self)
{
  GtkEventController *scroll;
  GtkEventController *motion;
  GtkGesture *drag;

  scroll = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_VERTICAL);
  g_signal_connect (scroll, "scroll", G_CALLBACK (lb_mask_view_scroll), self);
  gtk_widget_add_controller (GTK_WIDGET (self), scroll);

  motion = gtk_event_controller_motion_new ();
  g_signal_connect (motion, "enter", G_CALLBACK (lb_mask_view_motion), self);
  g_signal_connect (motion, "motion", G_CALLBACK (lb_mask_view_motion), self);
  g_signal_connect (motion, "leave", G_CALLBACK (lb_mask_view_leave), self);
  gtk_widget_add_controller (GTK_WIDGET (self), motion);

  drag = gtk_gesture_drag_new ();
  g_signal_connect (drag, "drag-begin", G_CALLBACK (lb_mask_view_drag_begin), self);
  g_signal_connect (drag, "drag-update", G_CALLBACK (lb_mask_view_drag_update), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drag));
}
