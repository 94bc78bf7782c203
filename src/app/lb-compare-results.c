/* lb-compare-results.c — an experiment's results on the Compare page, judged by one metric.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The metric chooser (lb-metric-chooser.c, bound to compare-metric) says what the results are
 * read by: the engine ranks, tests and exports on it, and the views below only show that. */

#include "lb-config.h"

#include "lb-compare-gallery.h"
#include "lb-compare-pairs.h"
#include "lb-compare-results.h"
#include "lb-compare-sweep.h"
#include "lb-compare-table.h"
#include "lb-loss-overrides.h"
#include "lb-metric-chooser.h"
#include "lb-per-image-browser.h"

struct _LbCompareResults
{
  AdwBin parent_instance;

  LbExperiment *experiment;
  GCancellable *cancellable;   /* the results being read from disk */
  GSettings *settings;

  /* Template children. */
  LbMetricChooser *metric_chooser;
  LbCompareSweep *sweep;
  LbCompareTable *table;
  LbComparePairs *pairs;
  LbCompareGallery *gallery;
  LbPerImageBrowser *per_image;
};

G_DEFINE_FINAL_TYPE (LbCompareResults, lb_compare_results, ADW_TYPE_BIN)

enum
{
  SIGNAL_LOADED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

LbMetric
lb_compare_results_get_metric (LbCompareResults *self)
{
  g_return_val_if_fail (LB_IS_COMPARE_RESULTS (self), LB_METRIC_IOU);

  return lb_metric_chooser_get_metric (self->metric_chooser);
}

void
lb_compare_results_set_data_source (LbCompareResults *self,
                                    LbDataSource     *data_source)
{
  g_return_if_fail (LB_IS_COMPARE_RESULTS (self));

  lb_compare_gallery_set_data_source (self->gallery, data_source);
  lb_per_image_browser_set_data_source (self->per_image, data_source);
}

void
lb_compare_results_set_experiment (LbCompareResults *self,
                                   LbExperiment     *experiment)
{
  g_return_if_fail (LB_IS_COMPARE_RESULTS (self));

  g_cancellable_cancel (self->cancellable);
  g_set_object (&self->experiment, experiment);
  lb_per_image_browser_clear (self->per_image);
  /* The mm forms only where the images have a spacing. */
  if (experiment != NULL)
    lb_metric_chooser_set_has_spacing (self->metric_chooser,
                                       lb_experiment_get_config (experiment)->metrics.has_spacing);
}

/* A sweep's table and pairs: each loss at its chosen cell, compared on test. */
static void
show_tuned (LbCompareResults *self, const LbExperimentResults *results, gboolean poster)
{
  const LbSweepResults *sweep = results->sweep;
  const LbExperimentConfig *config = lb_experiment_get_config (self->experiment);
  g_auto (GStrv) labels = g_new0 (char *, sweep->n_swept + 1);
  g_auto (GStrv) settings = g_new0 (char *, sweep->n_swept + 1);

  for (guint k = 0; k < sweep->n_swept && sweep->tuned_summary != NULL; k++)
    {
      labels[k] = lb_experiment_config_dup_loss_label (config, sweep->tuned[k]);
      settings[k] = lb_loss_term_describe (&config->losses[sweep->tuned[k]].primary);
    }
  lb_compare_table_show (self->table, (const char *const *) labels,
                         (const char *const *) settings, sweep->tuned_summary, results->metric,
                         sweep->tuned_summary == NULL
                         ? "Every loss needs a cell with every seed done before the chosen "
                           "cells can be compared."
                         : NULL,
                         poster);
  lb_compare_pairs_show (self->pairs, (const char *const *) labels, sweep->tuned_summary);
}

/* The external test sets' columns beside the table's. */
static void
show_test_sets (LbCompareResults    *self,
                LbExperimentResults *results)
{
  const char *names[LB_EXPERIMENT_MAX_EXTERNAL];

  for (guint k = 0; k < results->n_external; k++)
    names[k] = lb_experiment_get_test_set_name (self->experiment, k + 1);
  lb_compare_table_show_test_sets (self->table, names, results->external_summary,
                                   (const char *const *) results->external_error,
                                   results->n_external);
}

static void
results_ready (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  LbCompareResults *self = user_data;
  g_autoptr (LbExperimentResults) results = lb_experiment_load_results_finish (LB_EXPERIMENT (source),
                                                                              result, NULL);

  /* A newer reload, another experiment or another metric has taken over. */
  if (results != NULL && LB_EXPERIMENT (source) == self->experiment
      && results->metric == lb_compare_results_get_metric (self))
    {
      const LbExperimentConfig *config = lb_experiment_get_config (self->experiment);
      g_auto (GStrv) labels = lb_experiment_dup_loss_labels (self->experiment);
      g_auto (GStrv) settings = g_new0 (char *, config->n_losses + 1);
      gboolean poster = lb_experiment_config_is_poster_protocol (config);

      /* Two Tversky runs differ by their α and β: the table says them. */
      for (guint l = 0; l < config->n_losses; l++)
        settings[l] = lb_loss_term_describe (&config->losses[l].primary);

      g_signal_emit (self, signals[SIGNAL_LOADED], 0, results);
      lb_compare_sweep_show (self->sweep, config, results->sweep);
      if (results->sweep != NULL)
        show_tuned (self, results, poster);
      else
        {
          lb_compare_table_show (self->table, (const char *const *) labels,
                                 (const char *const *) settings, results->summary,
                                 results->metric, results->summary_error, poster);
          lb_compare_pairs_show (self->pairs, (const char *const *) labels, results->summary);
          show_test_sets (self, results);
        }
      lb_compare_gallery_show (self->gallery, self->experiment, results);
      lb_per_image_browser_show (self->per_image, self->experiment, results);
    }
  g_object_unref (self);
}

void
lb_compare_results_reload (LbCompareResults *self)
{
  g_return_if_fail (LB_IS_COMPARE_RESULTS (self));

  if (self->experiment == NULL)
    return;
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  lb_experiment_load_results_by_async (self->experiment, lb_compare_results_get_metric (self),
                                       self->cancellable, results_ready, g_object_ref (self));
}

/* ---- GObject ---- */

static void
lb_compare_results_dispose (GObject *object)
{
  LbCompareResults *self = LB_COMPARE_RESULTS (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->settings);
  gtk_widget_dispose_template (GTK_WIDGET (object), LB_TYPE_COMPARE_RESULTS);

  G_OBJECT_CLASS (lb_compare_results_parent_class)->dispose (object);
}

static void
lb_compare_results_finalize (GObject *object)
{
  LbCompareResults *self = LB_COMPARE_RESULTS (object);

  g_clear_object (&self->experiment);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (lb_compare_results_parent_class)->finalize (object);
}

static void
lb_compare_results_class_init (LbCompareResultsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lb_compare_results_dispose;
  object_class->finalize = lb_compare_results_finalize;

  signals[SIGNAL_LOADED] = g_signal_new ("loaded", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                         0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_POINTER);

  g_type_ensure (LB_TYPE_METRIC_CHOOSER);
  g_type_ensure (LB_TYPE_COMPARE_SWEEP);
  g_type_ensure (LB_TYPE_COMPARE_TABLE);
  g_type_ensure (LB_TYPE_COMPARE_PAIRS);
  g_type_ensure (LB_TYPE_COMPARE_GALLERY);
  g_type_ensure (LB_TYPE_PER_IMAGE_BROWSER);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/lossbench/Lossbench/ui/lb-compare-results.ui");
  gtk_widget_class_bind_template_child (widget_class, LbCompareResults, metric_chooser);
  gtk_widget_class_bind_template_child (widget_class, LbCompareResults, sweep);
  gtk_widget_class_bind_template_child (widget_class, LbCompareResults, table);
  gtk_widget_class_bind_template_child (widget_class, LbCompareResults, pairs);
  gtk_widget_class_bind_template_child (widget_class, LbCompareResults, gallery);
  gtk_widget_class_bind_template_child (widget_class, LbCompareResults, per_image);
}

static void
lb_compare_results_init (LbCompareResults *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = g_settings_new (LB_APP_ID);
  g_settings_bind (self->settings, "compare-metric", self->metric_chooser, "metric",
                   G_SETTINGS_BIND_DEFAULT);
  /* Another metric chosen: the same runs, ranked, tested and drawn on it. */
  g_signal_connect_object (self->metric_chooser, "notify::metric",
                           G_CALLBACK (lb_compare_results_reload), self, G_CONNECT_SWAPPED);
}
