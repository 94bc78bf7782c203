/* lb-compare-setup.c — the Compare page's form, bound to GSettings.
 * SPDX-License-Identifier: GPL-3.0-or-later */

#include "lb-config.h"

#include "lb-compare-setup.h"
#include "lb-loss-catalogue.h"
#include "lb-settings-bind.h"

/* The model toggles and the loss-preset toggles, with the setting's value each stands for. */
static const struct
{
  const char *name;
  LbTrainPreset preset;
} models[] = {
  { "tiny", LB_TRAIN_PRESET_TINY },
  { "quick", LB_TRAIN_PRESET_QUICK },
  { "poster", LB_TRAIN_PRESET_POSTER },
};

static const struct
{
  const char *name;
  NnLossPreset preset;
} loss_presets[] = {
  { "poster", NN_LOSS_PRESET_POSTER },
  { "literature", NN_LOSS_PRESET_LITERATURE },
};

struct _LbCompareSetup
{
  AdwBin parent_instance;

  GSettings *settings;
  NnLossKind kinds[LB_EXPERIMENT_MAX_LOSSES];  /* the losses offered, one check each */
  GtkCheckButton *checks[LB_EXPERIMENT_MAX_LOSSES];
  guint n_kinds;
  gboolean binding;            /* the controls are being set from the settings */

  /* Template children. */
  GtkListBox *losses_list;
  GtkListBox *runs_list;
  GtkAdjustment *seeds_adjustment;
  GtkAdjustment *epochs_adjustment;
  GtkAdjustment *lr_adjustment;
  GtkToggleButton *model_buttons[G_N_ELEMENTS (models)];
  GtkToggleButton *loss_preset_buttons[G_N_ELEMENTS (loss_presets)];
};

G_DEFINE_FINAL_TYPE (LbCompareSetup, lb_compare_setup, ADW_TYPE_BIN)

enum
{
  PROP_0,
  PROP_LOSSES,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

GStrv
lb_compare_setup_dup_losses (LbCompareSetup *self)
{
  g_autoptr (GStrvBuilder) losses = g_strv_builder_new ();

  g_return_val_if_fail (LB_IS_COMPARE_SETUP (self), NULL);

  for (guint i = 0; i < self->n_kinds; i++)
    if (gtk_check_button_get_active (self->checks[i]))
      g_strv_builder_add (losses, nn_loss_kind_to_string (self->kinds[i]));
  return g_strv_builder_end (losses);
}

void
lb_compare_setup_set_losses (LbCompareSetup    *self,
                             const char *const *losses)
{
  g_return_if_fail (LB_IS_COMPARE_SETUP (self));

  /* One notification for the whole set, not one per check. */
  g_object_freeze_notify (G_OBJECT (self));
  for (guint i = 0; i < self->n_kinds; i++)
    gtk_check_button_set_active (self->checks[i],
                                 losses != NULL
                                 && g_strv_contains (losses,
                                                     nn_loss_kind_to_string (self->kinds[i])));
  g_object_thaw_notify (G_OBJECT (self));
}

void
lb_compare_setup_set_editable (LbCompareSetup *self,
                               gboolean        editable)
{
  g_return_if_fail (LB_IS_COMPARE_SETUP (self));

  gtk_widget_set_sensitive (GTK_WIDGET (self->losses_list), editable);
  gtk_widget_set_sensitive (GTK_WIDGET (self->runs_list), editable);
}

static LbTrainPreset
lb_compare_setup_get_model (LbCompareSetup *self)
{
  for (guint i = 0; i < G_N_ELEMENTS (models); i++)
    if (gtk_toggle_button_get_active (self->model_buttons[i]))
      return models[i].preset;
  return LB_TRAIN_PRESET_TINY;
}

static NnLossPreset
lb_compare_setup_get_loss_preset (LbCompareSetup *self)
{
  for (guint i = 0; i < G_N_ELEMENTS (loss_presets); i++)
    if (gtk_toggle_button_get_active (self->loss_preset_buttons[i]))
      return loss_presets[i].preset;
  return NN_LOSS_PRESET_POSTER;
}

void
lb_compare_setup_get_config (LbCompareSetup     *self,
                             LbExperimentConfig *config)
{
  NnLossPreset loss_preset;

  g_return_if_fail (LB_IS_COMPARE_SETUP (self));

  loss_preset = lb_compare_setup_get_loss_preset (self);
  lb_experiment_config_init (config, lb_compare_setup_get_model (self));
  config->train.epochs = (int) gtk_adjustment_get_value (self->epochs_adjustment);
  config->train.learning_rate = gtk_adjustment_get_value (self->lr_adjustment);
  config->n_losses = 0;
  for (guint i = 0; i < self->n_kinds; i++)
    if (gtk_check_button_get_active (self->checks[i]))
      nn_loss_config_preset (&config->losses[config->n_losses++], self->kinds[i], loss_preset);
  config->n_seeds = (guint) gtk_adjustment_get_value (self->seeds_adjustment);
}

/* Choosing a model also chooses its preset's epochs (tiny 5, quick 20, poster 50); the user
 * may change them afterwards. The model read back from the settings leaves them as saved. */
static void
lb_compare_setup_model_toggled (GtkToggleButton *button,
                                LbCompareSetup  *self)
{
  NnUNetConfig net;
  int epochs;

  if (!gtk_toggle_button_get_active (button) || self->binding)
    return;
  lb_train_preset_get (lb_compare_setup_get_model (self), &net, &epochs);
  gtk_adjustment_set_value (self->epochs_adjustment, epochs);
}

/* ---- the settings ---- */

static void
lb_compare_setup_bind_settings (LbCompareSetup *self)
{
  self->binding = TRUE;
  /* Not the whole form's sensitivity: only the loss rows read this key. */
  g_settings_bind (self->settings, "compare-losses", self, "losses",
                   G_SETTINGS_BIND_DEFAULT | G_SETTINGS_BIND_NO_SENSITIVITY);
  for (guint i = 0; i < G_N_ELEMENTS (models); i++)
    lb_settings_bind_choice (self->settings, "compare-model", self->model_buttons[i],
                             models[i].name);
  for (guint i = 0; i < G_N_ELEMENTS (loss_presets); i++)
    lb_settings_bind_choice (self->settings, "compare-loss-preset", self->loss_preset_buttons[i],
                             loss_presets[i].name);
  g_settings_bind (self->settings, "compare-epochs", self->epochs_adjustment, "value",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "compare-learning-rate", self->lr_adjustment, "value",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "compare-seeds", self->seeds_adjustment, "value",
                   G_SETTINGS_BIND_DEFAULT);
  self->binding = FALSE;
}

/* ---- the loss rows, from the catalogue ---- */

static void
lb_compare_setup_loss_toggled (LbCompareSetup *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOSSES]);
}

static void
lb_compare_setup_add_loss_rows (LbCompareSetup *self)
{
  self->n_kinds = lb_loss_catalogue_poster (self->kinds, G_N_ELEMENTS (self->kinds));
  for (guint i = 0; i < self->n_kinds; i++)
    {
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *check = gtk_check_button_new ();

      gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                     nn_loss_kind_to_label (self->kinds[i]));
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
      gtk_list_box_append (self->losses_list, row);
      self->checks[i] = GTK_CHECK_BUTTON (check);
      g_signal_connect_object (check, "toggled", G_CALLBACK (lb_compare_setup_loss_toggled),
                               self, G_CONNECT_SWAPPED);
    }
}

/* ---- GObject ---- */

static void
lb_compare_setup_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  LbCompareSetup *self = LB_COMPARE_SETUP (object);

  switch (prop_id)
    {
    case PROP_LOSSES:
      g_value_take_boxed (value, lb_compare_setup_dup_losses (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lb_compare_setup_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  LbCompareSetup *self = LB_COMPARE_SETUP (object);

  switch (prop_id)
    {
    case PROP_LOSSES:
      lb_compare_setup_set_losses (self, g_value_get_boxed (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lb_compare_setup_dispose (GObject *object)
{
  LbCompareSetup *self = LB_COMPARE_SETUP (object);

  g_clear_object (&self->settings);
  gtk_widget_dispose_template (GTK_WIDGET (object), LB_TYPE_COMPARE_SETUP);

  G_OBJECT_CLASS (lb_compare_setup_parent_class)->dispose (object);
}

static void
lb_compare_setup_class_init (LbCompareSetupClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = lb_compare_setup_get_property;
  object_class->set_property = lb_compare_setup_set_property;
  object_class->dispose = lb_compare_setup_dispose;

  properties[PROP_LOSSES] = g_param_spec_boxed ("losses", NULL, NULL, G_TYPE_STRV,
                                                G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY
                                                | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/lossbench/Lossbench/ui/lb-compare-setup.ui");
  gtk_widget_class_bind_template_child (widget_class, LbCompareSetup, losses_list);
  gtk_widget_class_bind_template_child (widget_class, LbCompareSetup, runs_list);
  gtk_widget_class_bind_template_child (widget_class, LbCompareSetup, seeds_adjustment);
  gtk_widget_class_bind_template_child (widget_class, LbCompareSetup, epochs_adjustment);
  gtk_widget_class_bind_template_child (widget_class, LbCompareSetup, lr_adjustment);
  gtk_widget_class_bind_template_child_full (widget_class, "cmp_tiny", FALSE,
                                             G_STRUCT_OFFSET (LbCompareSetup, model_buttons[0]));
  gtk_widget_class_bind_template_child_full (widget_class, "cmp_quick", FALSE,
                                             G_STRUCT_OFFSET (LbCompareSetup, model_buttons[1]));
  gtk_widget_class_bind_template_child_full (widget_class, "cmp_poster", FALSE,
                                             G_STRUCT_OFFSET (LbCompareSetup, model_buttons[2]));
  gtk_widget_class_bind_template_child_full (widget_class, "cmp_preset_poster", FALSE,
                                             G_STRUCT_OFFSET (LbCompareSetup,
                                                              loss_preset_buttons[0]));
  gtk_widget_class_bind_template_child_full (widget_class, "cmp_preset_literature", FALSE,
                                             G_STRUCT_OFFSET (LbCompareSetup,
                                                              loss_preset_buttons[1]));
  gtk_widget_class_bind_template_callback (widget_class, lb_compare_setup_model_toggled);
}

static void
lb_compare_setup_init (LbCompareSetup *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  lb_compare_setup_add_loss_rows (self);
  self->settings = g_settings_new (LB_APP_ID);
  lb_compare_setup_bind_settings (self);
}
