/* lb-plot-readout.c — the text of an LbPlot's hover read-out.
 * SPDX-License-Identifier: GPL-3.0-or-later */

#include "lb-config.h"

#include <math.h>

#include "lb-plot-private.h"

char *
lb_plot_readout_text (GPtrArray         *lines,
                      const char        *x_label,
                      const LbPlotFrame *f,
                      double             pointer_x)
{
  double data_x = f->x0 + (pointer_x - f->left) / (f->right - f->left) * (f->x1 - f->x0);
  double best_x = NAN;
  double best_d = INFINITY;
  GString *text;

  for (guint i = 0; i < lines->len; i++)
    {
      LbPlotLine *s = g_ptr_array_index (lines, i);
      int k;
      double d;

      if (s->style != LB_PLOT_STYLE_BOLD || s->hidden)
        continue;
      k = lb_plot_series_nearest (s->points, data_x);
      if (k < 0)
        continue;
      d = fabs (lb_plot_series_x (s->points, k) - data_x);
      if (d < best_d)
        {
          best_d = d;
          best_x = lb_plot_series_x (s->points, k);
        }
    }
  if (!isfinite (best_x))
    return NULL;

  text = g_string_new (NULL);
  g_string_append_printf (text, "%s %g", x_label != NULL ? x_label : "x", best_x);
  for (guint i = 0; i < lines->len; i++)
    {
      LbPlotLine *s = g_ptr_array_index (lines, i);
      int k;

      if (s->style != LB_PLOT_STYLE_BOLD || s->hidden)
        continue;
      k = lb_plot_series_nearest (s->points, best_x);
      if (k < 0 || lb_plot_series_x (s->points, k) != best_x)
        continue;
      /* Smoothed, both: the line drawn and the value measured. */
      if (s->smoothed != NULL && (guint) k < lb_plot_series_get_n (s->smoothed))
        g_string_append_printf (text, "\n%s  %.4f (raw %.4f)", s->name,
                                lb_plot_series_y (s->smoothed, k),
                                lb_plot_series_y (s->points, k));
      else
        g_string_append_printf (text, "\n%s  %.4f", s->name, lb_plot_series_y (s->points, k));
    }
  return g_string_free (text, FALSE);
}
