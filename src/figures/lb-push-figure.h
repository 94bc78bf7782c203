/* lb-push-figure.h — where each loss pushes, as a figure: one image's prediction over its truth,
 * then per loss its value and its gradient map (lb-push-render.h) with where the push lies.
 * Drawn for the window (its colours and font, as many columns as fit) and written as PNG, SVG
 * or PDF.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <cairo.h>

#include "lb-figure-file.h"
#include "lb-loss-push.h"

G_BEGIN_DECLS

typedef struct _LbPushFigure LbPushFigure;

/* A figure titled TITLE of one SIZE × SIZE image: gray IMAGE, 0/1 TRUTH and the prediction's
 * LOGITS (as the maps see it, after any edit), PREDICTION_CAPTION under it ("IoU 0.912,
 * eroded by 3 px"); all copied. */
LbPushFigure *lb_push_figure_new      (const char   *title,
                                       const guint8 *image,
                                       const guint8 *truth,
                                       const float  *logits,
                                       guint         size,
                                       const char   *prediction_caption);
LbPushFigure *lb_push_figure_ref      (LbPushFigure *self);
void          lb_push_figure_unref    (LbPushFigure *self);

/* A loss's panel: its LABEL, VALUE and GRADIENT (SIZE², copied), summarised here. */
void          lb_push_figure_add_loss (LbPushFigure *self,
                                       const char   *label,
                                       double        value,
                                       const float  *gradient);

const char   *lb_push_figure_get_title    (const LbPushFigure *self);
guint         lb_push_figure_get_n_losses (const LbPushFigure *self);
/* The summary of loss L's map. */
const LbLossPushSummary *lb_push_figure_get_summary (const LbPushFigure *self,
                                                     guint               l);

/* The most panels a row of WIDTH points holds (at least 1). */
int  lb_push_figure_columns_for_width (int width);
/* The size in points of the figure drawn in COLUMNS panels a row. */
void lb_push_figure_get_size (const LbPushFigure *self,
                              int                 columns,
                              int                *width,
                              int                *height);
void lb_push_figure_draw     (const LbPushFigure  *self,
                              cairo_t             *cr,
                              int                  columns,
                              const LbFigureStyle *style);

/* What a screen reader says: the prediction's caption, then per loss its value and where it
 * pushes ("Dice: loss 0.0812, 58 % toward lung, 71 % near the edge"). */
char *lb_push_figure_describe (const LbPushFigure *self);

/* Writes the figure to PATH in FORMAT in the print style, at most four panels a row, to a
 * temporary name then renamed.  Safe on any thread. */
gboolean lb_push_figure_write (const LbPushFigure *self,
                               const char         *path,
                               LbFigureFormat      format,
                               GError            **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LbPushFigure, lb_push_figure_unref)

G_END_DECLS
