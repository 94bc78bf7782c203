/* lb-sweep-setup.c — the sweep's settings on the Compare page.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The settings offered are the learning rate and every parameter of the loss catalogue, so a
 * parameter added there can be swept here. The values are the CLI's --grid text. */

#include "lb-config.h"

#include "lb-loss-catalogue.h"
#include "lb-sweep-setup.h"
#include "lb-sweep.h"

struct _LbSweepSetup
{
  AdwBin parent_instance;

  GSettings *settings;
  GPtrArray *keys;        /* char *: per position of the first row's list, its key */

  /* Template children. */
  GtkSwitch *sweep_switch;
  AdwComboRow *first_row;
  AdwEntryRow *first_values_row;
  AdwComboRow *second_row;
  AdwEntryRow *second_values_row;
};

G_DEFINE_FINAL_TYPE (LbSweepSetup, lb_sweep_setup, ADW_TYPE_BIN)

/* The key at POSITION of ROW's list; the second row's first entry is "none": "". */
static const char *
key_at (LbSweepSetup *self, AdwComboRow *row)
{
  guint position = adw_combo_row_get_selected (row);
  if (row == self->second_row)
    {
      if (position == 0 || position == GTK_INVALID_LIST_POSITION)
        return "";
      position--;
    }
  return position < self->keys->len ? g_ptr_array_index (self->keys, position) : "lr";
}

static void
select_key (LbSweepSetup *self, AdwComboRow *row, const char *key)
{
  guint offset = row == self->second_row ? 1 : 0;
  for (guint i = 0; i < self->keys->len; i++)
    if (g_strcmp0 (g_ptr_array_index (self->keys, i), key) == 0)
      {
        adw_combo_row_set_selected (row, i + offset);
        return;
      }
  adw_combo_row_set_selected (row, 0);
}

char *
lb_sweep_setup_apply (LbSweepSetup       *self,
                      LbExperimentConfig *config)
{
  g_return_val_if_fail (LB_IS_SWEEP_SETUP (self), NULL);

  if (!gtk_switch_get_active (self->sweep_switch))
    return NULL;
  LbSweepAxis axes[LB_SWEEP_MAX_AXES];
  guint n_axes = 0;
  struct
  {
    AdwComboRow *row;
    AdwEntryRow *values;
  } rows[] = { { self->first_row, self->first_values_row },
               { self->second_row, self->second_values_row } };
  for (guint a = 0; a < G_N_ELEMENTS (rows); a++)
    {
      const char *key = key_at (self, rows[a].row);
      if (*key == '\0')
        continue;
      g_autofree char *text = g_strdup_printf ("%s=%s", key,
                                               gtk_editable_get_text (GTK_EDITABLE (rows[a].values)));
      char *why = lb_sweep_axis_parse (text, &axes[n_axes]);
      if (why != NULL)
        return why;
      n_axes++;
    }
  if (n_axes == 2 && axes[0].param == axes[1].param)
    return g_strdup ("The sweep's two settings are the same one: choose another second setting, "
                     "or none.");
  return lb_sweep_plan_expand (config, axes, n_axes);
}

void
lb_sweep_setup_set_editable (LbSweepSetup *self,
                             gboolean      editable)
{
  g_return_if_fail (LB_IS_SWEEP_SETUP (self));

  gtk_widget_set_sensitive (GTK_WIDGET (self), editable);
}

/* ---- the settings ---- */

static void
store_keys (LbSweepSetup *self)
{
  g_settings_set_string (self->settings, "compare-sweep-first", key_at (self, self->first_row));
  g_settings_set_string (self->settings, "compare-sweep-second",
                         key_at (self, self->second_row));
}

/* The second setting's values mean nothing without one. */
static void
update_second_values (LbSweepSetup *self)
{
  gtk_widget_set_sensitive (GTK_WIDGET (self->second_values_row),
                            *key_at (self, self->second_row) != '\0');
}

static GListModel *
settings_list (LbSweepSetup *self, gboolean with_none)
{
  GtkStringList *list = gtk_string_list_new (NULL);
  if (with_none)
    gtk_string_list_append (list, "None");
  gtk_string_list_append (list, "Learning rate");
  gtk_string_list_append (list, "Augmentation (× its ranges)");
  for (LbLossParam p = 0; p < LB_LOSS_N_PARAMS; p++)
    {
      const LbLossParamInfo *info = lb_loss_param_info (p);
      g_autofree char *label = g_strdup_printf ("%s (%s)", info->symbol, info->key);
      gtk_string_list_append (list, label);
    }
  return G_LIST_MODEL (list);
}

static void
lb_sweep_setup_dispose (GObject *object)
{
  LbSweepSetup *self = LB_SWEEP_SETUP (object);

  g_clear_object (&self->settings);
  gtk_widget_dispose_template (GTK_WIDGET (object), LB_TYPE_SWEEP_SETUP);
  G_OBJECT_CLASS (lb_sweep_setup_parent_class)->dispose (object);
}

static void
lb_sweep_setup_finalize (GObject *object)
{
  LbSweepSetup *self = LB_SWEEP_SETUP (object);

  g_ptr_array_unref (self->keys);
  G_OBJECT_CLASS (lb_sweep_setup_parent_class)->finalize (object);
}

static void
lb_sweep_setup_class_init (LbSweepSetupClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lb_sweep_setup_dispose;
  object_class->finalize = lb_sweep_setup_finalize;
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/lossbench/Lossbench/ui/lb-sweep-setup.ui");
  gtk_widget_class_bind_template_child (widget_class, LbSweepSetup, sweep_switch);
  gtk_widget_class_bind_template_child (widget_class, LbSweepSetup, first_row);
  gtk_widget_class_bind_template_child (widget_class, LbSweepSetup, first_values_row);
  gtk_widget_class_bind_template_child (widget_class, LbSweepSetup, second_row);
  gtk_widget_class_bind_template_child (widget_class, LbSweepSetup, second_values_row);
}

static void
lb_sweep_setup_init (LbSweepSetup *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->keys = g_ptr_array_new ();
  g_ptr_array_add (self->keys, (gpointer) "lr");
  g_ptr_array_add (self->keys, (gpointer) "augment");
  for (LbLossParam p = 0; p < LB_LOSS_N_PARAMS; p++)
    g_ptr_array_add (self->keys, (gpointer) lb_loss_param_info (p)->key);
  g_autoptr (GListModel) first = settings_list (self, FALSE);
  g_autoptr (GListModel) second = settings_list (self, TRUE);
  adw_combo_row_set_model (self->first_row, first);
  adw_combo_row_set_model (self->second_row, second);

  self->settings = g_settings_new (LB_APP_ID);
  g_settings_bind (self->settings, "compare-sweep", self->sweep_switch, "active",
                   G_SETTINGS_BIND_DEFAULT);
  /* The grid's rows only when there is a sweep: the form stays short without. */
  GtkWidget *grid_rows[] = { GTK_WIDGET (self->first_row), GTK_WIDGET (self->first_values_row),
                             GTK_WIDGET (self->second_row),
                             GTK_WIDGET (self->second_values_row) };
  for (guint i = 0; i < G_N_ELEMENTS (grid_rows); i++)
    g_object_bind_property (self->sweep_switch, "active", grid_rows[i], "visible",
                            G_BINDING_SYNC_CREATE);
  g_settings_bind (self->settings, "compare-sweep-first-values", self->first_values_row, "text",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "compare-sweep-second-values", self->second_values_row,
                   "text", G_SETTINGS_BIND_DEFAULT);
  g_autofree char *first_key = g_settings_get_string (self->settings, "compare-sweep-first");
  g_autofree char *second_key = g_settings_get_string (self->settings, "compare-sweep-second");
  select_key (self, self->first_row, first_key);
  select_key (self, self->second_row, second_key);
  update_second_values (self);
  g_signal_connect_object (self->first_row, "notify::selected", G_CALLBACK (store_keys), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->second_row, "notify::selected", G_CALLBACK (store_keys), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->second_row, "notify::selected",
                           G_CALLBACK (update_second_values), self, G_CONNECT_SWAPPED);
}
