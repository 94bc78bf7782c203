/* lb-curves-figure.h — an experiment's validation curves as a figure: per loss the mean of a
 * metric over its seeds by epoch, the band from the lowest to the highest seed around it, and a
 * legend. What the Compare page's chart shows, for a paper or a script.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <cairo.h>

#include "lb-experiment-curves.h"
#include "lb-figure-file.h"

G_BEGIN_DECLS

typedef struct _LbCurvesFigure LbCurvesFigure;

/* A figure titled TITLE whose y axis is Y_LABEL, from Y_MIN to Y_MAX (a metric's range, e.g. 0
 * and 1; NaN for either: from the data). */
LbCurvesFigure *lb_curves_figure_new  (const char       *title,
                                       const char       *y_label,
                                       double            y_min,
                                       double            y_max);
void            lb_curves_figure_free (LbCurvesFigure   *self);
/* A loss's curve: LABEL and its BAND (copied); a band without points is left out. */
void            lb_curves_figure_add  (LbCurvesFigure   *self,
                                       const char       *label,
                                       const LbSeedBand *band);
guint           lb_curves_figure_get_n_curves (const LbCurvesFigure *self);

/* The figure's size in points. */
void     lb_curves_figure_get_size (const LbCurvesFigure *self,
                                    int                  *width,
                                    int                  *height);
void     lb_curves_figure_draw     (const LbCurvesFigure *self,
                                    cairo_t              *cr,
                                    const LbFigureStyle  *style);
/* Writes the figure to PATH in FORMAT in the print style, to a temporary name then renamed. */
gboolean lb_curves_figure_write    (const LbCurvesFigure *self,
                                    const char           *path,
                                    LbFigureFormat        format,
                                    GError              **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LbCurvesFigure, lb_curves_figure_free)

G_END_DECLS
