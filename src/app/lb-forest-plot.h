/* lb-forest-plot.h — pairwise differences with their confidence intervals, one row a pair, a
 * line at zero: which differences are larger than the noise, at a glance.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define LB_TYPE_FOREST_PLOT (lb_forest_plot_get_type ())
G_DECLARE_FINAL_TYPE (LbForestPlot, lb_forest_plot, LB, FOREST_PLOT, GtkWidget)

typedef enum
{
  LB_FOREST_UNDECIDED,      /* too few seeds to call anything: drawn hollow */
  LB_FOREST_NOT_DIFFERENT,  /* the interval holds 0 (after the multiplicity correction) */
  LB_FOREST_DIFFERENT,      /* a real difference: drawn in the accent colour */
} LbForestVerdict;

GtkWidget *lb_forest_plot_new       (void);
/* The quantity on the x axis, e.g. "IoU difference (A − B)". */
void       lb_forest_plot_set_axis_label (LbForestPlot *self,
                                          const char   *label);
/* What a difference left and right of zero means, written under the axis at either end, e.g.
 * "second loss better" and "first loss better" (NULL for none). */
void       lb_forest_plot_set_sides (LbForestPlot *self,
                                     const char   *left,
                                     const char   *right);
void       lb_forest_plot_clear     (LbForestPlot   *self);
/* A row: @label (e.g. "Dice-BCE − Jaccard"), the mean difference and its interval (NaN ends
 * draw no whisker). */
void       lb_forest_plot_add_row   (LbForestPlot    *self,
                                     const char      *label,
                                     double           mean,
                                     double           low,
                                     double           high,
                                     LbForestVerdict  verdict);
guint      lb_forest_plot_get_n_rows (LbForestPlot  *self);

G_END_DECLS
