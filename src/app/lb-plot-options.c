/* lb-plot-options.c — how an LbPlot shows its data: log scale, smoothing, which series, what
 * the bands mean; and what its menu and export read of it.
 * SPDX-License-Identifier: GPL-3.0-or-later */

#include "lb-config.h"

#include "lb-plot-private.h"

void
lb_plot_line_smooth_from (LbPlotLine *s,
                  guint       first)
{
  guint n = lb_plot_series_get_n (s->points);

  for (guint k = first; k < n; k++)
    {
      double x = lb_plot_series_x (s->points, k);
      double y = lb_plot_ema_push (&s->ema, lb_plot_series_y (s->points, k));

      lb_plot_series_append (s->smoothed, &x, &y, 1);
    }
}

void
lb_plot_line_resmooth (LbPlotLine *s,
               double      weight)
{
  g_clear_pointer (&s->smoothed, lb_plot_series_free);
  if (weight <= 0)
    return;
  s->smoothed = lb_plot_series_new ();
  lb_plot_ema_init (&s->ema, weight);
  lb_plot_line_smooth_from (s, 0);
}

void
lb_plot_set_band_caption (LbPlot     *self,
                          const char *caption)
{
  g_return_if_fail (LB_IS_PLOT (self));

  if (g_strcmp0 (caption, self->band_caption) == 0)
    return;
  g_free (self->band_caption);
  self->band_caption = g_strdup (caption);
  lb_plot_look_changed (self);
}

void
lb_plot_set_log_scale (LbPlot   *self,
                       gboolean  log_scale)
{
  g_return_if_fail (LB_IS_PLOT (self));

  log_scale = !!log_scale;
  if (self->log_scale == log_scale)
    return;
  self->log_scale = log_scale;
  lb_plot_data_changed (self, TRUE);
  g_object_notify_by_pspec (G_OBJECT (self), lb_plot_properties[LB_PLOT_PROP_LOG_SCALE]);
}

gboolean
lb_plot_get_log_scale (LbPlot *self)
{
  g_return_val_if_fail (LB_IS_PLOT (self), FALSE);
  return self->log_scale;
}

void
lb_plot_set_smoothing (LbPlot *self,
                       double  smoothing)
{
  g_return_if_fail (LB_IS_PLOT (self));

  smoothing = CLAMP (smoothing, 0.0, LB_PLOT_SMOOTHING_MAX);
  if (self->smoothing == smoothing)
    return;
  self->smoothing = smoothing;
  for (guint i = 0; i < self->series->len; i++)
    lb_plot_line_resmooth (g_ptr_array_index (self->series, i), smoothing);
  lb_plot_data_changed (self, TRUE);
  g_object_notify_by_pspec (G_OBJECT (self), lb_plot_properties[LB_PLOT_PROP_SMOOTHING]);
}

double
lb_plot_get_smoothing (LbPlot *self)
{
  g_return_val_if_fail (LB_IS_PLOT (self), 0);
  return self->smoothing;
}

guint
lb_plot_get_n_series (LbPlot *self)
{
  g_return_val_if_fail (LB_IS_PLOT (self), 0);
  return self->series->len;
}

const char *
lb_plot_get_series_name (LbPlot *self,
                         guint   series)
{
  g_return_val_if_fail (LB_IS_PLOT (self), NULL);
  g_return_val_if_fail (series < self->series->len, NULL);
  return ((LbPlotLine *) g_ptr_array_index (self->series, series))->name;
}

void
lb_plot_set_series_visible (LbPlot   *self,
                            guint     series,
                            gboolean  visible)
{
  LbPlotLine *s;

  g_return_if_fail (LB_IS_PLOT (self));
  g_return_if_fail (series < self->series->len);

  s = g_ptr_array_index (self->series, series);
  if (s->hidden == !visible)
    return;
  s->hidden = !visible;
  lb_plot_data_changed (self, TRUE);
}

gboolean
lb_plot_get_series_visible (LbPlot *self,
                            guint   series)
{
  g_return_val_if_fail (LB_IS_PLOT (self), FALSE);
  g_return_val_if_fail (series < self->series->len, FALSE);
  return !((LbPlotLine *) g_ptr_array_index (self->series, series))->hidden;
}

GPtrArray *
lb_plot_get_lines (LbPlot *self)
{
  return self->series;
}

const char *
lb_plot_get_title (LbPlot *self)
{
  return self->title;
}

const char *
lb_plot_get_x_label (LbPlot *self)
{
  return self->x_label;
}

