/* lb-mask-view.h — an X-ray with its lung mask or a prediction overlaid; zoom, pan, window/level.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define LB_TYPE_MASK_VIEW (lb_mask_view_get_type ())
G_DECLARE_FINAL_TYPE (LbMaskView, lb_mask_view, LB, MASK_VIEW, GtkWidget)

/* What the overlay paints, in one colour each: the mask alone, or a prediction against it
 * (true positives, false positives, false negatives). */
typedef struct
{
  double opacity;   /* 0 … 1 */
  gboolean contour; /* outlines only, instead of filled regions */
  double window;    /* gray levels mapped onto black … white (1 … 255) */
  double level;     /* the gray level in the middle */
} LbOverlayStyle;

void        lb_overlay_style_init       (LbOverlayStyle *style);

/* Pure function, safe on any thread: @size×@size gray @image and 0/1 @mask (and @prediction,
 * probabilities, or NULL) rendered into @out_size×@out_size RGBA (non-premultiplied), area-
 * sampled when shrinking. */
GBytes     *lb_overlay_render           (const guint8         *image,
                                         const guint8         *mask,
                                         const float          *prediction,
                                         guint                 size,
                                         guint                 out_size,
                                         const LbOverlayStyle *style);

GtkWidget  *lb_mask_view_new            (void);
/* Copies the pixels. @prediction may be NULL (the mask alone is shown). */
void        lb_mask_view_set_pair       (LbMaskView   *self,
                                         const guint8 *image,
                                         const guint8 *mask,
                                         const float  *prediction,
                                         guint         size);
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
/* Scroll to zoom and drag to pan, for the large view. */
void        lb_mask_view_set_interactive (LbMaskView *self,
                                          gboolean    interactive);
double      lb_mask_view_get_zoom       (LbMaskView *self);
void        lb_mask_view_set_zoom       (LbMaskView *self,
                                         double      zoom);
void        lb_mask_view_reset_view     (LbMaskView *self);

G_END_DECLS
