/* lb-loss-result.c — one loss's row of the results table.
 * SPDX-License-Identifier: GPL-3.0-or-later */

#include <math.h>

#include "lb-loss-result.h"

/* What a column shows besides a metric. */
typedef enum
{
  CELL_METRIC,
  CELL_MISSED,
  CELL_POSTER,
  CELL_POSTER_ACCURACY,
} CellKind;

/* The columns after the rank, the loss and the judged metric, in the table's order: the
 * overlap and boundary metrics a reader looks at first, the missed images beside them, the
 * other overlap metrics, the poster's two values. A metric is given in pixels (mm where the
 * summary is); a title NULL is the metric's label (lb_metric_to_label: "HD95 (px)"). */
static const struct
{
  const char *name;
  CellKind kind;
  LbMetric metric;
  const char *title;
} columns[] = {
  { "iou", CELL_METRIC, LB_METRIC_IOU, NULL },
  { "dice", CELL_METRIC, LB_METRIC_DICE, NULL },
  { "hd95", CELL_METRIC, LB_METRIC_HD95, NULL },
  { "assd", CELL_METRIC, LB_METRIC_ASSD, NULL },
  { "nsd", CELL_METRIC, LB_METRIC_NSD, NULL },
  { "boundary-iou", CELL_METRIC, LB_METRIC_BOUNDARY_IOU, NULL },
  { "missed", CELL_MISSED, 0, "Missed" },
  { "precision", CELL_METRIC, LB_METRIC_PRECISION, NULL },
  { "recall", CELL_METRIC, LB_METRIC_RECALL, NULL },
  { "accuracy", CELL_METRIC, LB_METRIC_ACCURACY, "Accuracy" },
  { "stepped", CELL_METRIC, LB_METRIC_STEPPED_IOU, "Stepped" },
  { "poster", CELL_POSTER, 0, "Poster" },
  { "poster-accuracy", CELL_POSTER_ACCURACY, 0, "Poster Acc." },
};

enum
{
  PROP_0,
  PROP_RANK,
  PROP_LOSS,
  PROP_JUDGED,
  PROP_FIRST_COLUMN,
  N_PROPS = PROP_FIRST_COLUMN + G_N_ELEMENTS (columns)
};

struct _LbLossResult
{
  GObject parent_instance;

  char *cells[N_PROPS];        /* by property id */
  guint loss_index;            /* the configuration's */
  GPtrArray *set_cells;        /* char *: per other test set, its rank cell and its judged cell */
};

G_DEFINE_FINAL_TYPE (LbLossResult, lb_loss_result, G_TYPE_OBJECT)

static GParamSpec *properties[N_PROPS];

guint
lb_loss_result_get_n_columns (void)
{
  return G_N_ELEMENTS (columns);
}

const char *
lb_loss_result_get_column_name (guint column)
{
  g_return_val_if_fail (column < G_N_ELEMENTS (columns), NULL);

  return columns[column].name;
}

gboolean
lb_loss_result_get_column_metric (guint     column,
                                  LbMetric  judged,
                                  LbMetric *metric)
{
  g_return_val_if_fail (column < G_N_ELEMENTS (columns), FALSE);

  if (columns[column].kind != CELL_METRIC)
    return FALSE;
  *metric = lb_metric_in_kind (columns[column].metric,
                               lb_metric_get_kind (judged) == LB_METRIC_KIND_MM
                                 ? LB_METRIC_KIND_MM : LB_METRIC_KIND_PIXELS);
  return TRUE;
}

const char *
lb_loss_result_get_column_title (guint    column,
                                 LbMetric judged)
{
  LbMetric metric = LB_METRIC_IOU;

  g_return_val_if_fail (column < G_N_ELEMENTS (columns), NULL);

  if (columns[column].title != NULL)
    return columns[column].title;
  lb_loss_result_get_column_metric (column, judged, &metric);
  return lb_metric_to_label (metric);
}

gboolean
lb_loss_result_get_column_dim (guint column)
{
  g_return_val_if_fail (column < G_N_ELEMENTS (columns), FALSE);

  return columns[column].kind == CELL_POSTER || columns[column].kind == CELL_POSTER_ACCURACY;
}

static char *
poster_value (double value)
{
  return isfinite (value) ? g_strdup_printf ("%.4f", value) : g_strdup ("—");
}

/* "0.958 ± 0.004", or "12.3 ± 1.5" for a distance: a decimal fewer than the sentences give,
 * since the spread beside it says how many are worth reading. */
static char *
metric_cell (const LbExperimentSummary *summary,
             guint                      row,
             LbMetric                   metric)
{
  const LbLossSummary *ls = &g_array_index (summary->losses, LbLossSummary, row);
  const LbSummary *s = &ls->metric[metric];
  int decimals = MAX (lb_metric_decimals (metric) - 1, 1);
  /* A bold figure is a claim: only where the loss is really better than every other. */
  gboolean best = lb_experiment_summary_is_best_by (summary, row, metric);

  if (isnan (s->mean))
    return g_strdup ("—");
  if (s->n > 1 && isfinite (s->std))
    return g_strdup_printf (best ? "<b>%.*f ± %.*f</b>" : "%.*f ± %.*f", decimals, s->mean,
                            decimals, s->std);
  return g_strdup_printf (best ? "<b>%.*f</b>" : "%.*f", decimals, s->mean);
}

static char *
column_cell (const LbExperimentSummary *summary,
             guint                      row,
             guint                      column)
{
  const LbLossSummary *ls = &g_array_index (summary->losses, LbLossSummary, row);
  LbMetric metric;

  switch (columns[column].kind)
    {
    case CELL_METRIC:
      lb_loss_result_get_column_metric (column, summary->metric, &metric);
      return metric_cell (summary, row, metric);
    case CELL_MISSED:
      return ls->n_missed >= 0 ? g_strdup_printf ("%d", ls->n_missed) : g_strdup ("—");
    case CELL_POSTER:
      return poster_value (ls->poster_stepped_iou);
    case CELL_POSTER_ACCURACY:
    default:
      return poster_value (ls->poster_accuracy);
    }
}

LbLossResult *
lb_loss_result_new (const LbExperimentSummary *summary,
                    guint                      row,
                    guint                      rank,
                    const char                *label,
                    const char                *settings)
{
  LbLossResult *self;
  const LbLossSummary *ls;

  g_return_val_if_fail (summary != NULL && row < summary->losses->len, NULL);

  self = g_object_new (LB_TYPE_LOSS_RESULT, NULL);
  ls = &g_array_index (summary->losses, LbLossSummary, row);
  self->loss_index = ls->loss_index;
  self->set_cells = g_ptr_array_new_with_free_func (g_free);
  self->cells[PROP_RANK] = g_strdup_printf ("%u", rank);
  if (settings != NULL && settings[0] != '\0')
    self->cells[PROP_LOSS] = g_markup_printf_escaped ("%s <span alpha=\"60%%\">×%d</span>\n"
                                                      "<span size=\"small\" alpha=\"60%%\">%s"
                                                      "</span>", label, ls->n_runs, settings);
  else
    self->cells[PROP_LOSS] = g_markup_printf_escaped ("%s <span alpha=\"60%%\">×%d</span>",
                                                      label, ls->n_runs);
  self->cells[PROP_JUDGED] = metric_cell (summary, row, summary->metric);
  for (guint c = 0; c < G_N_ELEMENTS (columns); c++)
    self->cells[PROP_FIRST_COLUMN + c] = column_cell (summary, row, c);
  return self;
}

void
lb_loss_result_add_test_set (LbLossResult              *self,
                             const LbExperimentSummary *summary)
{
  g_return_if_fail (LB_IS_LOSS_RESULT (self));

  for (guint r = 0; summary != NULL && r < summary->ranking->len; r++)
    {
      guint row = g_array_index (summary->ranking, guint, r);

      if (g_array_index (summary->losses, LbLossSummary, row).loss_index != self->loss_index)
        continue;
      g_ptr_array_add (self->set_cells, g_strdup_printf ("%u", r + 1));
      g_ptr_array_add (self->set_cells, metric_cell (summary, row, summary->metric));
      return;
    }
  g_ptr_array_add (self->set_cells, g_strdup ("—"));
  g_ptr_array_add (self->set_cells, g_strdup ("—"));
}

const char *
lb_loss_result_get_test_set_cell (LbLossResult *self,
                                  guint         set,
                                  gboolean      rank)
{
  g_return_val_if_fail (LB_IS_LOSS_RESULT (self), NULL);

  if (2 * set + 1 >= self->set_cells->len)
    return "";
  return g_ptr_array_index (self->set_cells, 2 * set + (rank ? 0 : 1));
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
  g_ptr_array_unref (self->set_cells);

  G_OBJECT_CLASS (lb_loss_result_parent_class)->finalize (object);
}

static void
lb_loss_result_class_init (LbLossResultClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->get_property = lb_loss_result_get_property;
  object_class->finalize = lb_loss_result_finalize;

  properties[PROP_RANK] = g_param_spec_string ("rank", NULL, NULL, NULL, flags);
  properties[PROP_LOSS] = g_param_spec_string ("loss", NULL, NULL, NULL, flags);
  properties[PROP_JUDGED] = g_param_spec_string ("judged", NULL, NULL, NULL, flags);
  for (guint c = 0; c < G_N_ELEMENTS (columns); c++)
    properties[PROP_FIRST_COLUMN + c] = g_param_spec_string (columns[c].name, NULL, NULL, NULL,
                                                             flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
lb_loss_result_init (LbLossResult *self)
{
}
