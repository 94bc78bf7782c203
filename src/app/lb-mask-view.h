/* lb-mask-view.h — an X-ray with its lung mask or a prediction overlaid; zoom, pan, window/level,
 * and the pixel under the pointer.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "lb-overlay-render.h"

G_BEGIN_DECLS

#define LB_TYPE_MASK_VIEW (lb_mask_view_get_type ())
G_DECLARE_FINAL_TYPE (LbMaskView, lb_mask_view, LB, MASK_VIEW, GtkWidget)

/* What the picture holds at one of its pixels. */
typedef struct
{
  int x;             /* in the picture's own pixels (the original's, for an original) */
  int y;
  int image;         /* gray level, 0 … 255 */
  int mask;          /* 1 lung, 0 not; −1 without a mask */
  double prediction; /* the probability of lung; NaN without a prediction */
} LbMaskViewPixel;

GtkWidget  *lb_mask_view_new            (void);
/* A square picture of @size² pixels. Copies the pixels. @mask holds 0/1, @prediction
 * probabilities; either may be NULL. */
void        lb_mask_view_set_pair       (LbMaskView   *self,
                                         const guint8 *image,
                                         const guint8 *mask,
                                         const float  *prediction,
                                         guint         size);
/* A picture of any size and aspect (planes->width × planes->height), its planes made on a
 * worker; takes references to them. Zoom and pan stay, so that a sharper picture of the same
 * size can replace a preview without a jump. */
void        lb_mask_view_set_planes     (LbMaskView            *self,
                                         const LbOverlayPlanes *planes);
/* The picture's size, FALSE when the view is empty. */
gboolean    lb_mask_view_get_picture_size (LbMaskView *self,
                                           int        *width,
                                           int        *height);
void        lb_mask_view_clear          (LbMaskView   *self);
/* What the empty view says, e.g. when its image will come; NULL for nothing. */
void        lb_mask_view_set_placeholder (LbMaskView  *self,
                                          const char  *text);

double      lb_mask_view_get_opacity    (LbMaskView *self);
void        lb_mask_view_set_opacity    (LbMaskView *self,
                                         double      opacity);
gboolean    lb_mask_view_get_contour    (LbMaskView *self);
void        lb_mask_view_set_contour    (LbMaskView *self,
                                         gboolean    contour);
void        lb_mask_view_set_window_level (LbMaskView *self,
                                           double      window,
                                           double      level);
/* Scroll to zoom (about the pointer) and drag to pan, for the large view. */
void        lb_mask_view_set_interactive (LbMaskView *self,
                                          gboolean    interactive);
double      lb_mask_view_get_zoom       (LbMaskView *self);
/* About the middle of the view; 1 fits the whole picture. */
void        lb_mask_view_set_zoom       (LbMaskView *self,
                                         double      zoom);
void        lb_mask_view_reset_view     (LbMaskView *self);
/* "scale": widget pixels per picture pixel as drawn (the zoom times the fit), 0 when empty;
 * notified when the zoom, the picture or the view's size change it. */
double      lb_mask_view_get_scale      (LbMaskView *self);

/* The picture's pixel under the pointer, FALSE when the pointer is not over the picture.
 * "pointer-moved" says when it changes: the pointer moved to another pixel or left, or the
 * picture, zoom or pan changed under it. */
gboolean    lb_mask_view_get_pointer_pixel (LbMaskView      *self,
                                            LbMaskViewPixel *pixel);

/* The whole picture as shown (overlay, opacity, contour, window and level) at its own
 * resolution, written to PATH as a PNG on a worker (lb-mask-view-export.c). */
void        lb_mask_view_export_png_async  (LbMaskView          *self,
                                            const char          *path,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
gboolean    lb_mask_view_export_png_finish (LbMaskView          *self,
                                            GAsyncResult        *result,
                                            GError             **error);

G_END_DECLS
