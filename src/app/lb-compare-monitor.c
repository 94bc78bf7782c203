/* lb-compare-monitor.c — a comparison as it goes: status line, progress bar and chart.
 * SPDX-License-Identifier: GPL-3.0-or-later */

#include "lb-compare-monitor.h"
#include "lb-plot.h"

struct _LbCompareMonitor
{
  AdwBin parent_instance;

  gint64 status_shown;         /* when the progress was last written, µs */

  /* Template children. */
  GtkLabel *status_label;
  GtkProgressBar *progress_bar;
  LbPlot *plot;
};

G_DEFINE_FINAL_TYPE (LbCompareMonitor, lb_compare_monitor, ADW_TYPE_BIN)

void
lb_compare_monitor_set_status (LbCompareMonitor *self,
                               const char       *text)
{
  g_return_if_fail (LB_IS_COMPARE_MONITOR (self));

  gtk_label_set_text (self->status_label, text);
}

void
lb_compare_monitor_describe (LbCompareMonitor *self,
                             LbExperiment     *experiment)
{
  const LbExperimentConfig *config = lb_experiment_get_config (experiment);
  g_autofree char *base = g_path_get_basename (lb_experiment_get_folder (experiment));
  g_autofree char *size = lb_experiment_config_describe_size (config);
  guint n = lb_experiment_get_n_runs (experiment), elsewhere = 0;
  g_autofree char *holder = NULL;
  g_autofree char *state = NULL;
  g_autofree char *text = NULL;

  for (guint i = 0; i < n; i++)
    {
      LbRunInfo run;

      lb_experiment_get_run (experiment, i, &run);
      if (run.state == LB_RUN_ELSEWHERE)
        {
          elsewhere++;
          if (holder == NULL)
            holder = g_steal_pointer (&run.holder);
        }
      lb_run_info_clear (&run);
    }
  if (lb_experiment_is_complete (experiment))
    state = g_strdup ("finished");
  else if (elsewhere > 0)
    state = g_strdup_printf ("%u of %u runs done, %u training elsewhere%s%s; followed as they "
                             "go", lb_experiment_count_done (experiment), n, elsewhere,
                             elsewhere > 1 ? ", the first on " : " on ", holder);
  else
    state = g_strdup ("not finished; resume it from History");
  text = g_strdup_printf ("%s: %s, %s preset — %s", base, size, config->preset, state);

  lb_compare_monitor_set_status (self, text);
}

void
lb_compare_monitor_show_progress (LbCompareMonitor        *self,
                                  LbExperiment            *experiment,
                                  guint                    run,
                                  const LbTrainerSnapshot *snapshot)
{
  g_autofree char *loss = NULL;
  g_autofree char *text = NULL;
  LbRunInfo info;

  g_return_if_fail (LB_IS_COMPARE_MONITOR (self));

  if (snapshot->epochs_done->len == 0
      && g_get_monotonic_time () - self->status_shown <= G_USEC_PER_SEC / 4)
    return;
  lb_experiment_get_run (experiment, run, &info);
  loss = lb_experiment_dup_loss_label (experiment, info.loss_index);
  text = g_strdup_printf ("Training %s, seed %" G_GUINT64_FORMAT " (run %u of %u): epoch %d of %d, batch %d of %d",
                          loss, info.seed, run + 1, lb_experiment_get_n_runs (experiment),
                          MAX (snapshot->epoch, 1), snapshot->epochs, snapshot->batch,
                          snapshot->n_batches);
  lb_compare_monitor_set_status (self, text);
  self->status_shown = g_get_monotonic_time ();
  lb_run_info_clear (&info);
}

void
lb_compare_monitor_set_runs_done (LbCompareMonitor *self,
                                  guint             done,
                                  guint             n_runs)
{
  g_return_if_fail (LB_IS_COMPARE_MONITOR (self));

  gtk_progress_bar_set_fraction (self->progress_bar, n_runs > 0 ? (double) done / n_runs : 0);
}

void
lb_compare_monitor_update_chart (LbCompareMonitor   *self,
                                 LbExperiment       *experiment,
                                 LbExperimentCurves *curves)
{
  const LbExperimentConfig *config = lb_experiment_get_config (experiment);

  g_return_if_fail (LB_IS_COMPARE_MONITOR (self));

  lb_plot_clear (self->plot);
  lb_plot_set_x_max (self->plot, config->train.epochs);
  lb_plot_set_band_caption (self->plot, config->n_seeds > 1 ? "lowest to highest seed" : NULL);
  for (guint l = 0; l < config->n_losses; l++)
    {
      g_autofree char *label = lb_experiment_dup_loss_label (experiment, l);
      g_autoptr (LbSeedBand) band = lb_experiment_curves_dup_validation_band (curves, l,
                                                                              NN_METRIC_IOU);
      guint series = lb_plot_add_series (self->plot, label, l, LB_PLOT_STYLE_BOLD);

      if (band == NULL)
        continue;
      lb_plot_set_points (self->plot, series, band->epoch, band->mean, band->n_points);
      /* One seed has no spread to show. */
      if (config->n_seeds > 1)
        lb_plot_set_band (self->plot, series, band->low, band->high);
    }
}

static void
lb_compare_monitor_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), LB_TYPE_COMPARE_MONITOR);

  G_OBJECT_CLASS (lb_compare_monitor_parent_class)->dispose (object);
}

static void
lb_compare_monitor_class_init (LbCompareMonitorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lb_compare_monitor_dispose;

  g_type_ensure (LB_TYPE_PLOT);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/lossbench/Lossbench/ui/lb-compare-monitor.ui");
  gtk_widget_class_bind_template_child (widget_class, LbCompareMonitor, status_label);
  gtk_widget_class_bind_template_child (widget_class, LbCompareMonitor, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, LbCompareMonitor, plot);
}

static void
lb_compare_monitor_init (LbCompareMonitor *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  lb_plot_set_title (self->plot, "Validation IoU by Loss");
  lb_plot_set_x_label (self->plot, "epoch");
  lb_plot_set_y_range (self->plot, 0, 1);
}
