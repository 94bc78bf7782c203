/* lb-plot-smooth.c — a debiased exponential moving average.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "lb-plot-smooth.h"

#include <math.h>

void
lb_plot_ema_init (LbPlotEma *ema,
                  double     weight)
{
  ema->weight = CLAMP (weight, 0.0, LB_PLOT_SMOOTHING_MAX);
  ema->last = 0;
  ema->count = 0;
}

double
lb_plot_ema_push (LbPlotEma *ema,
                  double     y)
{
  if (!isfinite (y))
    return NAN;
  if (ema->weight == 0)
    return y;
  ema->last = ema->weight * ema->last + (1 - ema->weight) * y;
  ema->count++;
  return ema->last / (1 - pow (ema->weight, ema->count));
}
