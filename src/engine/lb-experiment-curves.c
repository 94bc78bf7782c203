/* lb-experiment-curves.c — every run's per-epoch history and its mean and range over seeds.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "lb-experiment-curves.h"

#include <math.h>

struct _LbExperimentCurves
{
  GObject parent_instance;

  guint n_losses;
  guint *run_loss;        /* n_runs: each run's loss index */
  GPtrArray *histories;   /* n_runs: GArray of LbEpochRecord, or NULL */
};

G_DEFINE_FINAL_TYPE (LbExperimentCurves, lb_experiment_curves, G_TYPE_OBJECT)

void
lb_seed_band_free (LbSeedBand *band)
{
  if (band == NULL)
    return;
  g_free (band->epoch);
  g_free (band->mean);
  g_free (band->low);
  g_free (band->high);
  g_free (band->n_runs);
  g_free (band);
}

static void
free_history (gpointer history)
{
  if (history != NULL)
    g_array_unref (history);
}

static void
lb_experiment_curves_finalize (GObject *object)
{
  LbExperimentCurves *self = LB_EXPERIMENT_CURVES (object);

  g_free (self->run_loss);
  g_ptr_array_unref (self->histories);
  G_OBJECT_CLASS (lb_experiment_curves_parent_class)->finalize (object);
}

static void
lb_experiment_curves_class_init (LbExperimentCurvesClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = lb_experiment_curves_finalize;
}

static void
lb_experiment_curves_init (LbExperimentCurves *self)
{
  self->histories = g_ptr_array_new_with_free_func (free_history);
}

LbExperimentCurves *
lb_experiment_curves_new (guint n_losses, guint n_runs, const guint *run_loss)
{
  LbExperimentCurves *self = g_object_new (LB_TYPE_EXPERIMENT_CURVES, NULL);

  self->n_losses = n_losses;
  self->run_loss = g_memdup2 (run_loss, sizeof (guint) * n_runs);
  g_ptr_array_set_size (self->histories, n_runs);
  return self;
}

LbExperimentCurves *
lb_experiment_curves_new_for_experiment (LbExperiment *experiment)
{
  g_return_val_if_fail (LB_IS_EXPERIMENT (experiment), NULL);

  guint n_runs = lb_experiment_get_n_runs (experiment);
  g_autofree guint *run_loss = g_new0 (guint, MAX (n_runs, 1));
  for (guint i = 0; i < n_runs; i++)
    {
      LbRunInfo run;
      lb_experiment_get_run (experiment, i, &run);
      run_loss[i] = run.loss_index;
      lb_run_info_clear (&run);
    }
  return lb_experiment_curves_new (lb_experiment_get_config (experiment)->n_losses, n_runs,
                                   run_loss);
}

guint
lb_experiment_curves_get_n_losses (LbExperimentCurves *self)
{
  g_return_val_if_fail (LB_IS_EXPERIMENT_CURVES (self), 0);
  return self->n_losses;
}

guint
lb_experiment_curves_get_n_runs (LbExperimentCurves *self)
{
  g_return_val_if_fail (LB_IS_EXPERIMENT_CURVES (self), 0);
  return self->histories->len;
}

guint
lb_experiment_curves_get_n_epochs (LbExperimentCurves *self, guint run)
{
  g_return_val_if_fail (LB_IS_EXPERIMENT_CURVES (self), 0);

  GArray *history = run < self->histories->len ? g_ptr_array_index (self->histories, run) : NULL;
  return history != NULL ? history->len : 0;
}

void
lb_experiment_curves_set_histories (LbExperimentCurves *self, GPtrArray *histories)
{
  g_return_if_fail (LB_IS_EXPERIMENT_CURVES (self));

  for (guint i = 0; i < self->histories->len; i++)
    {
      GArray *history = histories != NULL && i < histories->len
                          ? g_ptr_array_index (histories, i) : NULL;
      free_history (self->histories->pdata[i]);
      self->histories->pdata[i] = history != NULL ? g_array_ref (history) : NULL;
    }
}

void
lb_experiment_curves_add_epochs (LbExperimentCurves *self,
                                 guint run,
                                 guint first_epoch,
                                 const LbEpochRecord *records,
                                 guint n_records)
{
  g_return_if_fail (LB_IS_EXPERIMENT_CURVES (self));
  g_return_if_fail (run < self->histories->len);

  GArray *old = g_ptr_array_index (self->histories, run);
  GArray *history = g_array_new (FALSE, FALSE, sizeof (LbEpochRecord));
  if (old != NULL)
    g_array_append_vals (history, old->data, MIN (old->len, first_epoch));
  g_array_append_vals (history, records, n_records);
  free_history (old);
  self->histories->pdata[run] = history;
}

LbSeedBand *
lb_experiment_curves_dup_validation_band (LbExperimentCurves *self, guint loss, NnMetric metric)
{
  g_return_val_if_fail (LB_IS_EXPERIMENT_CURVES (self), NULL);
  g_return_val_if_fail (metric < NN_METRIC_COUNT, NULL);

  if (loss >= self->n_losses)
    return NULL;
  guint longest = 0;
  for (guint i = 0; i < self->histories->len; i++)
    if (self->run_loss[i] == loss)
      longest = MAX (longest, lb_experiment_curves_get_n_epochs (self, i));

  LbSeedBand *band = g_new0 (LbSeedBand, 1);
  band->epoch = g_new (double, longest);
  band->mean = g_new (double, longest);
  band->low = g_new (double, longest);
  band->high = g_new (double, longest);
  band->n_runs = g_new (guint, longest);
  for (guint e = 0; e < longest; e++)
    {
      double sum = 0, low = INFINITY, high = -INFINITY;
      guint count = 0;
      for (guint i = 0; i < self->histories->len; i++)
        {
          GArray *history = g_ptr_array_index (self->histories, i);
          if (self->run_loss[i] != loss || history == NULL || e >= history->len)
            continue;
          double v = g_array_index (history, LbEpochRecord, e).val.value[metric];
          sum += v;
          low = MIN (low, v);
          high = MAX (high, v);
          count++;
        }
      band->epoch[e] = e + 1;
      band->mean[e] = sum / count;
      band->low[e] = low;
      band->high[e] = high;
      band->n_runs[e] = count;
      band->n_points++;
    }
  return band;
}
