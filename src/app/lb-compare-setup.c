/* lb-compare-setup.c — the Compare page's form, bound to GSettings.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The losses are every loss of the catalogue, one expander row per family (the core's
 * nn_loss_kind_family), so a loss added to the catalogue appears here as it is. */

#include "lb-config.h"

#include "lb-compare-loss-settings.h"
#include "lb-compare-setup.h"
#include "lb-loss-catalogue.h"
#include "lb-loss-overrides.h"
#include "lb-augment-rows.h"
#include "lb-cluster-row.h"
#include "lb-external-sets-row.h"
#include "lb-precision-row.h"
#include "lb-settings-bind.h"
#include "lb-sweep-setup.h"

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
  GArray *kinds;               /* NnLossKind: the losses offered, in the catalogue's order */
  GPtrArray *checks;           /* GtkCheckButton, one per kind (the rows own them) */
  GPtrArray *rows;             /* AdwActionRow, one per kind (the families own them) */
  GPtrArray *families;         /* AdwExpanderRow, one per family that has a loss (the list
                                * owns them) */
  GArray *family_of;           /* guint: per kind, its row in FAMILIES */
  gboolean binding;            /* the controls are being set from the settings */

  /* Template children. */
  GtkListBox *losses_list;
  GtkLabel *duplicates_label;
  GtkListBox *runs_list;
  LbSweepSetup *sweep_setup;
  GtkAdjustment *seeds_adjustment;
  AdwActionRow *precision_row;
  GtkSwitch *precision_switch;
  LbAugmentRows *augment_rows;
  LbExternalSetsRow *external_row;
  LbClusterRow *cluster_row;
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

static gboolean
lb_compare_setup_is_chosen (LbCompareSetup *self,
                            guint           i)
{
  return gtk_check_button_get_active (g_ptr_array_index (self->checks, i));
}

static gboolean
lb_compare_setup_is_kind_chosen (LbCompareSetup *self,
                                 NnLossKind      kind)
{
  for (guint i = 0; i < self->kinds->len; i++)
    if (g_array_index (self->kinds, NnLossKind, i) == kind)
      return lb_compare_setup_is_chosen (self, i);
  return FALSE;
}

GStrv
lb_compare_setup_dup_losses (LbCompareSetup *self)
{
  g_autoptr (GStrvBuilder) losses = g_strv_builder_new ();
  guint n_losses;
  const LbLossInfo *catalogue = lb_loss_catalogue (&n_losses);

  g_return_val_if_fail (LB_IS_COMPARE_SETUP (self), NULL);

  for (guint i = 0; i < n_losses; i++)
    if (lb_compare_setup_is_kind_chosen (self, catalogue[i].kind))
      g_strv_builder_add (losses, nn_loss_kind_to_string (catalogue[i].kind));
  return g_strv_builder_end (losses);
}

void
lb_compare_setup_set_losses (LbCompareSetup    *self,
                             const char *const *losses)
{
  g_return_if_fail (LB_IS_COMPARE_SETUP (self));

  /* One notification for the whole set, not one per check. */
  g_object_freeze_notify (G_OBJECT (self));
  for (guint i = 0; i < self->kinds->len; i++)
    {
      NnLossKind kind = g_array_index (self->kinds, NnLossKind, i);

      gtk_check_button_set_active (g_ptr_array_index (self->checks, i),
                                   losses != NULL
                                   && g_strv_contains (losses, nn_loss_kind_to_string (kind)));
    }
  g_object_thaw_notify (G_OBJECT (self));
}

void
lb_compare_setup_set_editable (LbCompareSetup *self,
                               gboolean        editable)
{
  g_return_if_fail (LB_IS_COMPARE_SETUP (self));

  gtk_widget_set_sensitive (GTK_WIDGET (self->losses_list), editable);
  gtk_widget_set_sensitive (GTK_WIDGET (self->runs_list), editable);
  lb_sweep_setup_set_editable (self->sweep_setup, editable);
  lb_external_sets_row_set_editable (self->external_row, editable);
  lb_cluster_row_set_editable (self->cluster_row, editable);
}

gboolean
lb_compare_setup_get_slurm (LbCompareSetup *self,
                            LbSlurmOptions *options)
{
  g_return_val_if_fail (LB_IS_COMPARE_SETUP (self), FALSE);

  return lb_cluster_row_get_options (self->cluster_row, options);
}

void
lb_compare_setup_set_dataset (LbCompareSetup *self,
                              LbDataset      *dataset)
{
  g_return_if_fail (LB_IS_COMPARE_SETUP (self));

  lb_augment_rows_set_dataset (self->augment_rows, dataset);
}

static LbTrainPreset
lb_compare_setup_get_model (LbCompareSetup *self)
{
  for (guint i = 0; i < G_N_ELEMENTS (models); i++)
    if (gtk_toggle_button_get_active (self->model_buttons[i]))
      return models[i].preset;
  return LB_TRAIN_PRESET_TINY;
}

/* The chosen losses with their settings (each loss's own, else the chosen preset's), the first
 * MAX_LOSSES of them into LOSSES; returns how many are chosen. In the catalogue's order, the poster's five first, as
 * the CLI lists them; not the rows' order by family. */
static guint
lb_compare_setup_fill_losses (LbCompareSetup *self,
                              NnLossConfig   *losses,
                              guint           max_losses)
{
  guint n_losses;
  const LbLossInfo *catalogue = lb_loss_catalogue (&n_losses);
  guint n = 0;

  for (guint i = 0; i < n_losses; i++)
    if (lb_compare_setup_is_kind_chosen (self, catalogue[i].kind))
      {
        if (n < max_losses)
          lb_compare_loss_settings_get (self->settings, catalogue[i].kind, &losses[n]);
        n++;
      }
  return n;
}

char *
lb_compare_setup_get_config (LbCompareSetup     *self,
                             LbExperimentConfig *config)
{
  guint n_chosen;
  char *problem;

  g_return_val_if_fail (LB_IS_COMPARE_SETUP (self), NULL);

  lb_experiment_config_init (config, lb_compare_setup_get_model (self));
  config->train.epochs = (int) gtk_adjustment_get_value (self->epochs_adjustment);
  config->train.learning_rate = gtk_adjustment_get_value (self->lr_adjustment);
  config->train.net.precision = lb_precision_row_get (self->precision_switch);
  lb_augment_rows_get (self->augment_rows, &config->train.augment);
  n_chosen = lb_compare_setup_fill_losses (self, config->losses, LB_EXPERIMENT_MAX_LOSSES);
  config->n_losses = MIN (n_chosen, LB_EXPERIMENT_MAX_LOSSES);
  config->n_seeds = (guint) gtk_adjustment_get_value (self->seeds_adjustment);
  if (n_chosen > LB_EXPERIMENT_MAX_LOSSES)
    return g_strdup_printf ("%u losses are chosen; one experiment compares at most %d. "
                            "Leave some out, and compare them in another experiment.",
                            n_chosen, LB_EXPERIMENT_MAX_LOSSES);
  problem = lb_external_sets_row_apply (self->external_row, config);
  if (problem != NULL)
    return problem;
  return lb_sweep_setup_apply (self->sweep_setup, config);
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
  lb_precision_row_setup (self->precision_row, self->precision_switch, self->settings,
                          "compare-bf16");
  lb_augment_rows_bind (self->augment_rows, self->settings, "compare-augment");
  lb_external_sets_row_bind (self->external_row, self->settings, "compare-external");
  lb_cluster_row_bind (self->cluster_row, self->settings);
  self->binding = FALSE;
}

/* ---- the loss rows, from the catalogue ---- */

/* Each family's row says which of its losses are chosen, so a closed row still tells. */
static void
lb_compare_setup_update_families (LbCompareSetup *self)
{
  for (guint f = 0; f < self->families->len; f++)
    {
      g_autoptr (GString) chosen = g_string_new (NULL);

      for (guint i = 0; i < self->kinds->len; i++)
        if (g_array_index (self->family_of, guint, i) == f && lb_compare_setup_is_chosen (self, i))
          g_string_append_printf (chosen, "%s%s", chosen->len > 0 ? ", " : "",
                                  nn_loss_kind_to_label (g_array_index (self->kinds, NnLossKind,
                                                                        i)));
      adw_expander_row_set_subtitle (g_ptr_array_index (self->families, f),
                                     chosen->len > 0 ? chosen->str : "None chosen");
    }
}

/* A loss with its own settings says them where its caption was: a shut popover still tells. */
static void
lb_compare_setup_update_subtitles (LbCompareSetup *self)
{
  for (guint i = 0; i < self->kinds->len; i++)
    {
      NnLossKind kind = g_array_index (self->kinds, NnLossKind, i);
      NnLossConfig loss;
      g_autofree char *values = NULL;
      g_autofree char *subtitle = NULL;

      if (lb_compare_loss_settings_get (self->settings, kind, &loss))
        {
          values = lb_loss_term_describe (&loss.primary);
          subtitle = g_strdup_printf ("Own settings: %s", values);
        }
      adw_action_row_set_subtitle (g_ptr_array_index (self->rows, i),
                                   subtitle != NULL ? subtitle : lb_loss_info (kind)->caption);
    }
}

/* Chosen losses that, with their settings, are one loss: the catalogue says which. */
static void
lb_compare_setup_update_duplicates (LbCompareSetup *self)
{
  g_autofree NnLossConfig *losses = g_new0 (NnLossConfig, MAX (self->kinds->len, 1));
  guint n = lb_compare_setup_fill_losses (self, losses, self->kinds->len);
  g_autofree char *warning = lb_loss_duplicates_warning (losses, n);

  gtk_label_set_text (self->duplicates_label, warning != NULL ? warning : "");
  gtk_widget_set_visible (GTK_WIDGET (self->duplicates_label), warning != NULL);
}

static void
lb_compare_setup_loss_toggled (LbCompareSetup *self)
{
  lb_compare_setup_update_families (self);
  lb_compare_setup_update_duplicates (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOSSES]);
}

static void
lb_compare_setup_loss_settings_changed (LbCompareSetup *self)
{
  lb_compare_setup_update_subtitles (self);
  lb_compare_setup_update_duplicates (self);
}

static void
lb_compare_setup_add_loss_row (LbCompareSetup   *self,
                               AdwExpanderRow   *family,
                               const LbLossInfo *info)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *check = gtk_check_button_new ();
  const char *label = nn_loss_kind_to_label (info->kind);

  gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
  /* Named by the row's title, which it activates; described by the caption. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (check),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, info->caption, -1);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), label);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), info->caption);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
  for (LbLossParam p = 0; p < LB_LOSS_N_PARAMS; p++)
    if (lb_loss_reads (info->kind, p))
      {
        adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                   lb_compare_loss_settings_new (self->settings, info->kind));
        break;
      }
  /* One Tab stop a loss: its check button. */
  gtk_widget_set_focusable (row, FALSE);
  adw_expander_row_add_row (family, row);
  g_array_append_val (self->kinds, info->kind);
  g_ptr_array_add (self->checks, check);
  g_ptr_array_add (self->rows, row);
  g_signal_connect_object (check, "toggled", G_CALLBACK (lb_compare_setup_loss_toggled),
                           self, G_CONNECT_SWAPPED);
}

static void
lb_compare_setup_add_loss_rows (LbCompareSetup *self)
{
  guint n_losses;
  const LbLossInfo *losses = lb_loss_catalogue (&n_losses);

  for (NnLossFamily family = 0; family < NN_LOSS_FAMILY_COUNT; family++)
    {
      AdwExpanderRow *expander = NULL;
      guint row = 0;

      for (guint i = 0; i < n_losses; i++)
        {
          if (nn_loss_kind_family (losses[i].kind) != family)
            continue;
          if (expander == NULL)
            {
              const char *title = nn_loss_family_to_label (family);

              expander = ADW_EXPANDER_ROW (adw_expander_row_new ());
              adw_preferences_row_set_title (ADW_PREFERENCES_ROW (expander), title);
              gtk_accessible_update_property (GTK_ACCESSIBLE (expander),
                                              GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
              gtk_list_box_append (self->losses_list, GTK_WIDGET (expander));
              row = self->families->len;
              g_ptr_array_add (self->families, expander);
            }
          lb_compare_setup_add_loss_row (self, expander, &losses[i]);
          g_array_append_val (self->family_of, row);
        }
    }
  lb_compare_setup_update_families (self);
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
lb_compare_setup_finalize (GObject *object)
{
  LbCompareSetup *self = LB_COMPARE_SETUP (object);

  g_array_unref (self->kinds);
  g_array_unref (self->family_of);
  g_ptr_array_unref (self->checks);
  g_ptr_array_unref (self->rows);
  g_ptr_array_unref (self->families);

  G_OBJECT_CLASS (lb_compare_setup_parent_class)->finalize (object);
}

static void
lb_compare_setup_class_init (LbCompareSetupClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  g_type_ensure (LB_TYPE_SWEEP_SETUP);
  g_type_ensure (LB_TYPE_AUGMENT_ROWS);
  g_type_ensure (LB_TYPE_EXTERNAL_SETS_ROW);
  g_type_ensure (LB_TYPE_CLUSTER_ROW);
  object_class->get_property = lb_compare_setup_get_property;
  object_class->set_property = lb_compare_setup_set_property;
  object_class->dispose = lb_compare_setup_dispose;
  object_class->finalize = lb_compare_setup_finalize;

  properties[PROP_LOSSES] = g_param_spec_boxed ("losses", NULL, NULL, G_TYPE_STRV,
                                                G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY
                                                | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/lossbench/Lossbench/ui/lb-compare-setup.ui");
  gtk_widget_class_bind_template_child (widget_class, LbCompareSetup, losses_list);
  gtk_widget_class_bind_template_child (widget_class, LbCompareSetup, duplicates_label);
  gtk_widget_class_bind_template_child (widget_class, LbCompareSetup, runs_list);
  gtk_widget_class_bind_template_child (widget_class, LbCompareSetup, sweep_setup);
  gtk_widget_class_bind_template_child (widget_class, LbCompareSetup, seeds_adjustment);
  gtk_widget_class_bind_template_child (widget_class, LbCompareSetup, precision_row);
  gtk_widget_class_bind_template_child_full (widget_class, "cmp_precision_switch", FALSE,
                                             G_STRUCT_OFFSET (LbCompareSetup, precision_switch));
  gtk_widget_class_bind_template_child (widget_class, LbCompareSetup, augment_rows);
  gtk_widget_class_bind_template_child (widget_class, LbCompareSetup, external_row);
  gtk_widget_class_bind_template_child (widget_class, LbCompareSetup, cluster_row);
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

  self->kinds = g_array_new (FALSE, FALSE, sizeof (NnLossKind));
  self->checks = g_ptr_array_new ();
  self->families = g_ptr_array_new ();
  self->family_of = g_array_new (FALSE, FALSE, sizeof (guint));
  self->rows = g_ptr_array_new ();
  /* Before the rows: each loss's settings button reads its values from it. */
  self->settings = g_settings_new (LB_APP_ID);
  lb_compare_setup_add_loss_rows (self);
  lb_compare_setup_bind_settings (self);
  g_signal_connect_object (self->settings, "changed::compare-loss-settings",
                           G_CALLBACK (lb_compare_setup_loss_settings_changed), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings, "changed::compare-loss-preset",
                           G_CALLBACK (lb_compare_setup_loss_settings_changed), self,
                           G_CONNECT_SWAPPED);
  lb_compare_setup_loss_settings_changed (self);
}
