/* lb-metric-chooser.c — the metric the losses are judged by, from the engine's list.
 * SPDX-License-Identifier: GPL-3.0-or-later */

#include "lb-config.h"

#include "lb-metric-chooser.h"

struct _LbMetricChooser
{
  AdwBin parent_instance;

  LbMetric chosen;             /* what was chosen, perhaps an mm form not offered now */
  gboolean has_spacing;
  GArray *offered;             /* LbMetric: the drop-down's items */
  gboolean syncing;            /* the drop-down is being set from CHOSEN */

  /* Template children. */
  GtkDropDown *dropdown;
  GtkStringList *labels;
  GtkLabel *direction_label;
};

G_DEFINE_FINAL_TYPE (LbMetricChooser, lb_metric_chooser, ADW_TYPE_BIN)

enum
{
  PROP_0,
  PROP_METRIC,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* CHOSEN as offered: itself, or its pixel form when the mm forms are not offered. */
static LbMetric
lb_metric_chooser_offered_form (LbMetricChooser *self)
{
  if (lb_metric_get_kind (self->chosen) == LB_METRIC_KIND_MM && !self->has_spacing)
    return lb_metric_in_kind (self->chosen, LB_METRIC_KIND_PIXELS);
  return self->chosen;
}

LbMetric
lb_metric_chooser_get_metric (LbMetricChooser *self)
{
  g_return_val_if_fail (LB_IS_METRIC_CHOOSER (self), LB_METRIC_IOU);

  return lb_metric_chooser_offered_form (self);
}

/* The drop-down and the direction follow CHOSEN. */
static void
lb_metric_chooser_sync (LbMetricChooser *self)
{
  LbMetric shown = lb_metric_chooser_offered_form (self);

  self->syncing = TRUE;
  for (guint i = 0; i < self->offered->len; i++)
    if (g_array_index (self->offered, LbMetric, i) == shown)
      gtk_drop_down_set_selected (self->dropdown, i);
  self->syncing = FALSE;
  gtk_label_set_text (self->direction_label, lb_metric_direction (shown));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->dropdown),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  lb_metric_direction (shown), -1);
}

void
lb_metric_chooser_set_has_spacing (LbMetricChooser *self,
                                   gboolean         has_spacing)
{
  g_autoptr (GStrvBuilder) builder = g_strv_builder_new ();
  g_auto (GStrv) labels = NULL;

  g_return_if_fail (LB_IS_METRIC_CHOOSER (self));

  has_spacing = !!has_spacing;
  if (self->offered->len > 0 && has_spacing == self->has_spacing)
    return;
  self->has_spacing = has_spacing;
  g_array_set_size (self->offered, 0);
  for (LbMetric m = 0; m < LB_METRIC_COUNT; m++)
    if (lb_metric_get_kind (m) != LB_METRIC_KIND_MM || has_spacing)
      {
        g_array_append_val (self->offered, m);
        g_strv_builder_add (builder, lb_metric_to_label (m));
      }
  labels = g_strv_builder_end (builder);
  self->syncing = TRUE;
  gtk_string_list_splice (self->labels, 0,
                          g_list_model_get_n_items (G_LIST_MODEL (self->labels)),
                          (const char *const *) labels);
  self->syncing = FALSE;
  lb_metric_chooser_sync (self);
}

static void
lb_metric_chooser_set_chosen (LbMetricChooser *self,
                              LbMetric         metric)
{
  if (metric == self->chosen)
    return;
  self->chosen = metric;
  lb_metric_chooser_sync (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_METRIC]);
}

static void
lb_metric_chooser_selected (GtkDropDown     *dropdown,
                            GParamSpec      *pspec,
                            LbMetricChooser *self)
{
  guint selected = gtk_drop_down_get_selected (dropdown);

  if (self->syncing || selected >= self->offered->len)
    return;
  lb_metric_chooser_set_chosen (self, g_array_index (self->offered, LbMetric, selected));
}

/* ---- GObject ---- */

static void
lb_metric_chooser_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  LbMetricChooser *self = LB_METRIC_CHOOSER (object);

  switch (prop_id)
    {
    case PROP_METRIC:
      g_value_set_string (value, lb_metric_to_string (self->chosen));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lb_metric_chooser_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  LbMetricChooser *self = LB_METRIC_CHOOSER (object);
  LbMetric metric;

  switch (prop_id)
    {
    case PROP_METRIC:
      /* A name this version does not know keeps the metric as it is. */
      if (lb_metric_from_string (g_value_get_string (value), &metric))
        lb_metric_chooser_set_chosen (self, metric);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lb_metric_chooser_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), LB_TYPE_METRIC_CHOOSER);

  G_OBJECT_CLASS (lb_metric_chooser_parent_class)->dispose (object);
}

static void
lb_metric_chooser_finalize (GObject *object)
{
  LbMetricChooser *self = LB_METRIC_CHOOSER (object);

  g_array_unref (self->offered);

  G_OBJECT_CLASS (lb_metric_chooser_parent_class)->finalize (object);
}

static void
lb_metric_chooser_class_init (LbMetricChooserClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = lb_metric_chooser_get_property;
  object_class->set_property = lb_metric_chooser_set_property;
  object_class->dispose = lb_metric_chooser_dispose;
  object_class->finalize = lb_metric_chooser_finalize;

  properties[PROP_METRIC] = g_param_spec_string ("metric", NULL, NULL, "iou",
                                                 G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY
                                                 | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/lossbench/Lossbench/ui/lb-metric-chooser.ui");
  gtk_widget_class_bind_template_child (widget_class, LbMetricChooser, dropdown);
  gtk_widget_class_bind_template_child (widget_class, LbMetricChooser, labels);
  gtk_widget_class_bind_template_child (widget_class, LbMetricChooser, direction_label);
  gtk_widget_class_bind_template_callback (widget_class, lb_metric_chooser_selected);
}

static void
lb_metric_chooser_init (LbMetricChooser *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->chosen = LB_METRIC_IOU;
  self->offered = g_array_new (FALSE, FALSE, sizeof (LbMetric));
  lb_metric_chooser_set_has_spacing (self, FALSE);
}
