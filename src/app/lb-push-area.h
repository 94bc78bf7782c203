/* lb-push-area.h — where each loss pushes (lb-push-figure.h) in the window, in as many columns
 * as its width holds.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "lb-push-figure.h"

G_BEGIN_DECLS

#define LB_TYPE_PUSH_AREA (lb_push_area_get_type ())
G_DECLARE_FINAL_TYPE (LbPushArea, lb_push_area, LB, PUSH_AREA, GtkWidget)

/* Shows FIGURE (a reference is taken; NULL shows nothing); its description becomes the
 * area's accessible description. */
void                lb_push_area_set_figure (LbPushArea   *self,
                                             LbPushFigure *figure);
const LbPushFigure *lb_push_area_get_figure (LbPushArea   *self);

G_END_DECLS
