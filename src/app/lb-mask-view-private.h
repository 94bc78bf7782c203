/* lb-mask-view-private.h — what the mask view's two files share: its fields, and where the
 * picture sits (lb-mask-view-navigate.c) for the drawing (lb-mask-view.c).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "lb-mask-view.h"

G_BEGIN_DECLS

#define MAX_ZOOM 64

/* Where the rendered texture belongs: anything else and it is rendered again. */
typedef struct
{
  double x, y, width, height; /* in widget pixels */
  double origin_x, origin_y;  /* the picture's top-left, in widget pixels */
  double scale;               /* widget pixels per picture pixel */
  int device_scale;
} TextureKey;

struct _LbMaskView
{
  GtkWidget parent_instance;

  LbOverlayPlanes planes;  /* planes.image NULL: empty */
  float *probabilities;    /* the prediction as given, for the read-out */
  guint prediction_size;

  LbOverlayStyle style;
  GdkTexture *texture;     /* the visible part, dropped when anything changes */
  TextureKey texture_key;

  char *placeholder;       /* shown, dimmed, while there is no image */
  gboolean interactive;
  double zoom;             /* 1 = fit */
  double pan_x;            /* offset of the picture's centre, in widget pixels */
  double pan_y;
  double drag_start_x;
  double drag_start_y;

  gboolean pointer_inside; /* over the widget, at pointer_x, pointer_y */
  double pointer_x;
  double pointer_y;
  gboolean hover_valid;    /* over the picture, at pixel hover_x, hover_y */
  int hover_x;
  int hover_y;
  guint allocated_source;  /* updates the hovered pixel and the scale after an allocation */
  double notified_scale;   /* "scale" as last notified */
};

/* The picture's top-left corner and scale in the widget; FALSE when there is nothing to place. */
gboolean lb_mask_view_place          (LbMaskView *self,
                                      double     *x,
                                      double     *y,
                                      double     *scale);
void     lb_mask_view_clamp_pan      (LbMaskView *self);
/* Notifies "scale" when it changed. */
void     lb_mask_view_check_scale    (LbMaskView *self);
/* Finds the pixel under the pointer again; emits "pointer-moved" when it is another one, or
 * always with @force (the values under it changed). */
void     lb_mask_view_update_hover   (LbMaskView *self,
                                      gboolean    force);
/* Scrolling, dragging and the pointer's motion. */
void     lb_mask_view_add_controllers (LbMaskView *self);

G_END_DECLS
