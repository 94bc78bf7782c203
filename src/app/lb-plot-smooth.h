/* lb-plot-smooth.h — the exponential moving average a chart draws over a noisy series.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * TensorBoard's smoothing, which its users know from its slider: s_k = w·s_(k−1) + (1 − w)·y_k
 * from s_0 = 0, divided by 1 − w^k so that the first points are not pulled toward 0 (the
 * bias of starting from 0). w = 0 draws the raw values, w near 1 a nearly flat line. NaN
 * points stay gaps and do not move the average. GLib only, no GTK. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The slider's range: 0 (off) to 0.99. */
#define LB_PLOT_SMOOTHING_MAX 0.99

typedef struct
{
  double weight; /* w in [0, LB_PLOT_SMOOTHING_MAX] */
  double last;   /* the biased average */
  guint count;   /* finite points seen */
} LbPlotEma;

void   lb_plot_ema_init (LbPlotEma *ema,
                         double     weight);
/* The smoothed value at Y, the next point of the series (NaN for NaN). */
double lb_plot_ema_push (LbPlotEma *ema,
                         double     y);

G_END_DECLS
