/* lb-compare-loss-settings.c — one compared loss's own α, β, γ…, in a popover on its row.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A comparison at one preset for every loss favours the losses that preset suits; a user who
 * tuned Tversky's α and β on the Train page wants to compare that Tversky. The values live in
 * the settings ("compare-loss-settings", lb-loss-overrides.h), so the form, this popover and a
 * restart all read the same ones; the popover only shows and writes them. */

#include "lb-config.h"

#include "lb-compare-loss-settings.h"
#include "lb-loss-catalogue.h"
#include "lb-loss-overrides.h"
#include "lb-spin-row.h"

struct _LbCompareLossSettings
{
  AdwBin parent_instance;

  GSettings *settings;
  NnLossKind kind;
  LbSpinRow *rows[LB_LOSS_N_PARAMS]; /* NULL for a parameter the loss does not read */
  GtkLabel *source_label;            /* whose values the rows show */
  GtkWidget *defaults_button;
  gboolean syncing;                  /* the rows are being set from the settings */
};

G_DEFINE_FINAL_TYPE (LbCompareLossSettings, lb_compare_loss_settings, ADW_TYPE_BIN)

static NnLossPreset
preset_of (GSettings *settings)
{
  g_autofree char *preset = g_settings_get_string (settings, "compare-loss-preset");

  return g_strcmp0 (preset, "literature") == 0 ? NN_LOSS_PRESET_LITERATURE
                                               : NN_LOSS_PRESET_POSTER;
}

gboolean
lb_compare_loss_settings_get (GSettings    *settings,
                              NnLossKind    kind,
                              NnLossConfig *loss)
{
  g_autoptr (GVariant) overrides = NULL;

  g_return_val_if_fail (G_IS_SETTINGS (settings), FALSE);

  nn_loss_config_preset (loss, kind, preset_of (settings));
  overrides = g_settings_get_value (settings, "compare-loss-settings");
  return lb_loss_overrides_apply (overrides, &loss->primary);
}

/* Shows the values a comparison would use now, and whose they are. */
static void
lb_compare_loss_settings_sync (LbCompareLossSettings *self)
{
  NnLossConfig loss;
  gboolean own = lb_compare_loss_settings_get (self->settings, self->kind, &loss);
  const char *preset = preset_of (self->settings) == NN_LOSS_PRESET_LITERATURE ? "Literature"
                                                                                : "Poster";
  g_autofree char *source =
    own ? g_strdup_printf ("Its own settings, in place of the %s defaults.", preset)
        : g_strdup_printf ("The %s defaults, as every loss without its own settings. "
                           "Change a value to give it its own.",
                           preset);

  self->syncing = TRUE;
  for (LbLossParam p = 0; p < LB_LOSS_N_PARAMS; p++)
    if (self->rows[p] != NULL)
      lb_spin_row_set_float (self->rows[p], (float) lb_loss_param_get (&loss.primary, p));
  self->syncing = FALSE;
  gtk_label_set_text (self->source_label, source);
  gtk_widget_set_sensitive (self->defaults_button, own);
}

/* Makes VALUES (per parameter; only those the loss reads are used) the loss's own settings. */
static void
lb_compare_loss_settings_store (LbCompareLossSettings *self,
                                const double          *values)
{
  NnLossConfig loss;
  g_autoptr (GVariant) overrides = g_settings_get_value (self->settings,
                                                         "compare-loss-settings");

  lb_compare_loss_settings_get (self->settings, self->kind, &loss);
  for (LbLossParam p = 0; p < LB_LOSS_N_PARAMS; p++)
    if (lb_loss_reads (self->kind, p))
      lb_loss_param_set (&loss.primary, p, values[p]);
  g_settings_set_value (self->settings, "compare-loss-settings",
                        lb_loss_overrides_replace (overrides, self->kind, &loss.primary));
}

static void
lb_compare_loss_settings_value_changed (LbCompareLossSettings *self)
{
  double values[LB_LOSS_N_PARAMS] = { 0 };

  if (self->syncing)
    return;
  for (LbLossParam p = 0; p < LB_LOSS_N_PARAMS; p++)
    if (self->rows[p] != NULL)
      values[p] = gtk_adjustment_get_value (lb_spin_row_get_adjustment (self->rows[p]));
  lb_compare_loss_settings_store (self, values);
}

/* The Train page's values of the same parameters, clamped to what the rows offer. */
static void
lb_compare_loss_settings_copy_from_train (LbCompareLossSettings *self)
{
  double values[LB_LOSS_N_PARAMS] = { 0 };

  for (LbLossParam p = 0; p < LB_LOSS_N_PARAMS; p++)
    if (self->rows[p] != NULL)
      {
        const LbLossParamInfo *info = lb_loss_param_info (p);

        values[p] = CLAMP (g_settings_get_double (self->settings, info->key), info->lower,
                           info->upper);
      }
  lb_compare_loss_settings_store (self, values);
}

static void
lb_compare_loss_settings_use_defaults (LbCompareLossSettings *self)
{
  g_autoptr (GVariant) overrides = g_settings_get_value (self->settings,
                                                         "compare-loss-settings");

  g_settings_set_value (self->settings, "compare-loss-settings",
                        lb_loss_overrides_replace (overrides, self->kind, NULL));
}

/* "Weight of false positives": the catalogue's meaning for this loss, as a caption. */
static char *
caption_of (const char *meaning)
{
  char *caption = g_strdup (meaning);

  caption[0] = g_ascii_toupper (caption[0]);
  return caption;
}

static GtkWidget *
lb_compare_loss_settings_build_popover (LbCompareLossSettings *self)
{
  const LbLossInfo *info = lb_loss_info (self->kind);
  const char *label = nn_loss_kind_to_label (self->kind);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *title = gtk_label_new (label);
  GtkWidget *list = gtk_list_box_new ();
  GtkWidget *buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *copy = gtk_button_new_with_mnemonic ("_Copy From Train Page");
  GtkWidget *popover = gtk_popover_new ();

  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_widget_set_margin_start (box, 6);
  gtk_widget_set_margin_end (box, 6);
  gtk_widget_add_css_class (title, "heading");
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_box_append (GTK_BOX (box), title);

  self->source_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->source_label, 0);
  gtk_label_set_wrap (self->source_label, TRUE);
  gtk_label_set_max_width_chars (self->source_label, 40);
  gtk_widget_add_css_class (GTK_WIDGET (self->source_label), "caption");
  gtk_widget_add_css_class (GTK_WIDGET (self->source_label), "dim-label");
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->source_label));

  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  gtk_widget_set_size_request (list, 320, -1);
  for (LbLossParam p = 0; p < LB_LOSS_N_PARAMS; p++)
    {
      const LbLossParamInfo *param = lb_loss_param_info (p);
      g_autofree char *caption = NULL;
      g_autofree char *name = NULL;
      LbSpinRow *row;

      if (!lb_loss_reads (self->kind, p))
        continue;
      row = lb_spin_row_new (param->lower, param->upper, param->step, param->digits);
      caption = caption_of (info->meaning[p]);
      /* "Tversky α": the popover's buttons are named apart from the Train page's. */
      name = g_strdup_printf ("%s %s", label, param->symbol);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), param->symbol);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), caption);
      lb_spin_row_set_name (row, name);
      gtk_list_box_append (GTK_LIST_BOX (list), GTK_WIDGET (row));
      self->rows[p] = row;
      g_signal_connect_object (lb_spin_row_get_adjustment (row), "value-changed",
                               G_CALLBACK (lb_compare_loss_settings_value_changed), self,
                               G_CONNECT_SWAPPED);
    }
  gtk_box_append (GTK_BOX (box), list);

  self->defaults_button = gtk_button_new_with_mnemonic ("Use _Defaults");
  gtk_box_set_homogeneous (GTK_BOX (buttons), TRUE);
  gtk_box_append (GTK_BOX (buttons), copy);
  gtk_box_append (GTK_BOX (buttons), self->defaults_button);
  gtk_box_append (GTK_BOX (box), buttons);
  g_signal_connect_object (copy, "clicked",
                           G_CALLBACK (lb_compare_loss_settings_copy_from_train), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->defaults_button, "clicked",
                           G_CALLBACK (lb_compare_loss_settings_use_defaults), self,
                           G_CONNECT_SWAPPED);

  gtk_popover_set_child (GTK_POPOVER (popover), box);
  return popover;
}

GtkWidget *
lb_compare_loss_settings_new (GSettings  *settings,
                              NnLossKind  kind)
{
  LbCompareLossSettings *self;
  const char *label = nn_loss_kind_to_label (kind);
  g_autofree char *name = g_strdup_printf ("%s Settings", label);
  g_autofree char *tooltip = g_strdup_printf ("%s’s own settings", label);
  GtkWidget *button = gtk_menu_button_new ();

  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  self = g_object_new (LB_TYPE_COMPARE_LOSS_SETTINGS, NULL);
  self->settings = g_object_ref (settings);
  self->kind = kind;

  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (button), "emblem-system-symbolic");
  gtk_menu_button_set_popover (GTK_MENU_BUTTON (button),
                               lb_compare_loss_settings_build_popover (self));
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (button, tooltip);
  gtk_widget_add_css_class (button, "flat");
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, name,
                                  -1);
  adw_bin_set_child (ADW_BIN (self), button);

  g_signal_connect_object (settings, "changed::compare-loss-settings",
                           G_CALLBACK (lb_compare_loss_settings_sync), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (settings, "changed::compare-loss-preset",
                           G_CALLBACK (lb_compare_loss_settings_sync), self, G_CONNECT_SWAPPED);
  lb_compare_loss_settings_sync (self);
  return GTK_WIDGET (self);
}

static void
lb_compare_loss_settings_dispose (GObject *object)
{
  LbCompareLossSettings *self = LB_COMPARE_LOSS_SETTINGS (object);

  g_clear_object (&self->settings);
  G_OBJECT_CLASS (lb_compare_loss_settings_parent_class)->dispose (object);
}

static void
lb_compare_loss_settings_class_init (LbCompareLossSettingsClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = lb_compare_loss_settings_dispose;
}

static void
lb_compare_loss_settings_init (LbCompareLossSettings *self)
{
}
