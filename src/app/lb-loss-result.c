/* lb-loss-result.c — one loss's row of the results table.
 * SPDX-License-Identifier: GPL-3.0-or-later */

#include <math.h>

#include "lb-loss-result.h"

/* The columns, in the table's order: the loss, the test metrics, the poster's two values. */
enum
{
  PROP_0,
  PROP_LOSS,
  PROP_IOU,
  PROP_DICE,
  PROP_ACCURACY,
  PROP_PRECISION,
  PROP_RECALL,
  PROP_STEPPED,
  PROP_POSTER,
  PROP_POSTER_ACCURACY,
  N_PROPS
};

#define FIRST_METRIC PROP_IOU
#define N_METRICS (PROP_POSTER - PROP_IOU)

static const struct
{
  const char *name;
  NnMetric metric;
} metric_columns[N_METRICS] = {
  { "iou", NN_METRIC_IOU },
  { "dice", NN_METRIC_DICE },
  { "accuracy", NN_METRIC_ACCURACY },
  { "precision", NN_METRIC_PRECISION },
  { "recall", NN_METRIC_RECALL },
  { "stepped", NN_METRIC_STEPPED_IOU },
};

struct _LbLossResult
{
  GObject parent_instance;

  char *cells[N_PROPS];        /* by property id */
};

G_DEFINE_FINAL_TYPE (LbLossResult, lb_loss_result, G_TYPE_OBJECT)

static GParamSpec *properties[N_PROPS];

static char *
poster_value (double value)
{
  return isfinite (value) ? g_strdup_printf ("%.4f", value) : g_strdup ("—");
}

LbLossResult *
lb_loss_result_new (const LbExperimentSummary *summary,
                    guint                      row,
                    const char                *label)
{
  LbLossResult *self;
  const LbLossSummary *ls;

  g_return_val_if_fail (summary != NULL && row < summary->losses->len, NULL);

  self = g_object_new (LB_TYPE_LOSS_RESULT, NULL);
  ls = &g_array_index (summary->losses, LbLossSummary, row);
  self->cells[PROP_LOSS] = g_markup_printf_escaped ("%s <span alpha=\"60%%\">×%d</span>", label,
                                                    ls->n_runs);
  for (guint m = 0; m < N_METRICS; m++)
    {
      const LbSummary *s = &ls->metric[metric_columns[m].metric];
      /* A bold figure is a claim: only where the loss is really better than every other. */
      gboolean best = lb_experiment_summary_is_best (summary, row, metric_columns[m].metric);

      if (s->n > 1)
        self->cells[FIRST_METRIC + m] = g_strdup_printf (best ? "<b>%.3f ± %.3f</b>"
                                                              : "%.3f ± %.3f", s->mean, s->std);
      else
        self->cells[FIRST_METRIC + m] = g_strdup_printf (best ? "<b>%.3f</b>" : "%.3f", s->mean);
    }
  self->cells[PROP_POSTER] = poster_value (ls->poster_stepped_iou);
  self->cells[PROP_POSTER_ACCURACY] = poster_value (ls->poster_accuracy);
  return self;
}

static void
lb_loss_result_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  LbLossResult *self = LB_LOSS_RESULT (object);

  if (prop_id > PROP_0 && prop_id < N_PROPS)
    g_value_set_string (value, self->cells[prop_id]);
  else
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
}

static void
lb_loss_result_finalize (GObject *object)
{
  LbLossResult *self = LB_LOSS_RESULT (object);

  for (guint i = 0; i < N_PROPS; i++)
    g_free (self->cells[i]);

  G_OBJECT_CLASS (lb_loss_result_parent_class)->finalize (object);
}

static void
lb_loss_result_class_init (LbLossResultClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->get_property = lb_loss_result_get_property;
  object_class->finalize = lb_loss_result_finalize;

  properties[PROP_LOSS] = g_param_spec_string ("loss", NULL, NULL, NULL, flags);
  for (guint m = 0; m < N_METRICS; m++)
    properties[FIRST_METRIC + m] = g_param_spec_string (metric_columns[m].name, NULL, NULL, NULL,
                                                        flags);
  properties[PROP_POSTER] = g_param_spec_string ("poster", NULL, NULL, NULL, flags);
  properties[PROP_POSTER_ACCURACY] = g_param_spec_string ("poster-accuracy", NULL, NULL, NULL,
                                                          flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
lb_loss_result_init (LbLossResult *self)
{
}
