/* lb-plot-series.h — one chart series, kept reduced so that drawing it costs the same at batch
 * 10 and batch 100 000.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The points are kept in full (for the read-out and the accessible description) and, beside
 * them, as at most LB_PLOT_SERIES_MAX_BUCKETS buckets of 2^level consecutive points, each with
 * its first, last, lowest and highest value. When an append would pass the limit, neighbouring
 * buckets merge and the level goes up: appending stays O(1) amortised, and a chart draws at
 * most that many buckets, then merges those that fall into the same pixel column. x must not
 * decrease from one point to the next (epochs, batches): the buckets and the read-out's binary
 * search rely on it. GLib only, no GTK, so it is tested on its own. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define LB_PLOT_SERIES_MAX_BUCKETS 2048

typedef struct
{
  double x_first, y_first;   /* the bucket's first finite point */
  double x_last, y_last;     /* and its last */
  double y_min, y_max;
  guint count;               /* points, finite or not */
  guint finite;              /* finite points: 0 makes the bucket a gap */
  gboolean gap_after;        /* a NaN point after the last finite one: lift the pen */
} LbPlotBucket;

typedef struct _LbPlotSeries LbPlotSeries;

LbPlotSeries *lb_plot_series_new     (void);
void          lb_plot_series_free    (LbPlotSeries *self);
void          lb_plot_series_clear   (LbPlotSeries *self);
/* Appends N points (NaN y leaves a gap). */
void          lb_plot_series_append  (LbPlotSeries *self,
                                      const double *x,
                                      const double *y,
                                      guint         n);
guint         lb_plot_series_get_n   (const LbPlotSeries *self);
double        lb_plot_series_x       (const LbPlotSeries *self,
                                      guint               i);
double        lb_plot_series_y       (const LbPlotSeries *self,
                                      guint               i);
/* The buckets, in order of x. */
const LbPlotBucket *lb_plot_series_get_buckets (const LbPlotSeries *self,
                                                guint              *n_buckets);
/* The range of the finite y values and the largest x; FALSE when there are none. */
gboolean      lb_plot_series_get_range (const LbPlotSeries *self,
                                        double             *y_min,
                                        double             *y_max,
                                        double             *x_max);
/* The index of the point whose x is nearest X (the first of equals), or -1 when empty. */
int           lb_plot_series_nearest (const LbPlotSeries *self,
                                      double              x);
/* Incremented by every change: what was drawn from an older version is stale. */
guint64       lb_plot_series_get_version (const LbPlotSeries *self);

G_END_DECLS
