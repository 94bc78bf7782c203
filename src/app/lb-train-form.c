/* lb-train-form.c — the Train page's settings: the loss, a second term, the model and the
 * schedule, remembered.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The form knows nothing of any loss or model: each term's chooser and parameter rows come
 * from the loss catalogue through LbLossTermRows, the second term's weight schedule through
 * LbLossScheduleRows; the presets' networks and the memory a run needs from the trainer
 * (lb_train_preset_get, lb_train_memory_bytes). Every control is bound to its GSettings key. */

#include "lb-config.h"

#include "lb-focus-scroll.h"
#include "lb-formula-card.h"
#include "lb-loss-schedule-rows.h"
#include "lb-loss-term-rows.h"
#include "lb-augment-rows.h"
#include "lb-precision-row.h"
#include "lb-settings-bind.h"
#include "lb-system.h"
#include "lb-train-form.h"

/* The Model row's buttons, in the order of the template: the engine's presets, then custom. */
static const LbTrainPreset model_presets[] = {
  LB_TRAIN_PRESET_TINY, LB_TRAIN_PRESET_QUICK, LB_TRAIN_PRESET_POSTER,
};
#define MODEL_CUSTOM G_N_ELEMENTS (model_presets)
#define N_MODELS (MODEL_CUSTOM + 1)
static const char *const model_button_ids[N_MODELS] = {
  "model_tiny", "model_quick", "model_poster", "model_custom",
};

/* Before a dataset is open, the memory line counts the demo set's 96 pairs. */
#define DEFAULT_N_IMAGES 96

struct _LbTrainForm
{
  AdwBin parent_instance;

  GSettings *settings;
  GPtrArray *keys;              /* the keys bound to a control, each once (static strings) */
  gboolean updating;            /* controls set from code or from the settings, not the user */
  gboolean locked;
  gboolean valid;
  guint n_images;

  /* Built from the catalogue. */
  LbLossTermRows *main_term;
  LbLossTermRows *plus_term;
  LbLossScheduleRows *plus_schedule;

  /* Template children. */
  GtkViewport *viewport;
  GtkListBox *loss_list;
  LbLossChooser *loss_row;
  AdwExpanderRow *plus_row;
  GtkSwitch *plus_switch;
  LbLossChooser *plus_loss_row;
  GtkToggleButton *preset_poster;
  GtkToggleButton *preset_literature;
  GtkToggleButton *model_buttons[N_MODELS];
  AdwActionRow *size_row;
  AdwActionRow *width_row;
  GtkAdjustment *size_adjustment;
  GtkAdjustment *width_adjustment;
  GtkAdjustment *epochs_adjustment;
  GtkAdjustment *batch_adjustment;
  GtkAdjustment *lr_adjustment;
  GtkAdjustment *seed_adjustment;
  AdwActionRow *precision_row;
  GtkSwitch *precision_switch;
  LbAugmentRows *augment_rows;
  GtkLabel *memory_label;
  LbFormulaCard *formula_card;
};

G_DEFINE_FINAL_TYPE (LbTrainForm, lb_train_form, ADW_TYPE_BIN)

enum
{
  PROP_0,
  PROP_VALID,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char *
model_name (guint model)
{
  return model == MODEL_CUSTOM ? "custom" : lb_train_preset_to_string (model_presets[model]);
}

/* ---- what the controls say ---- */

static NnLossPreset
lb_train_form_get_preset (LbTrainForm *self)
{
  return gtk_toggle_button_get_active (self->preset_literature) ? NN_LOSS_PRESET_LITERATURE
                                                                 : NN_LOSS_PRESET_POSTER;
}

static guint
lb_train_form_get_model (LbTrainForm *self)
{
  for (guint i = 0; i < N_MODELS; i++)
    if (gtk_toggle_button_get_active (self->model_buttons[i]))
      return i;
  return 0;
}

const char *
lb_train_form_get_model_name (LbTrainForm *self)
{
  g_return_val_if_fail (LB_IS_TRAIN_FORM (self), NULL);

  return model_name (lb_train_form_get_model (self));
}

/* The loss as configured: the preset's conventions and smoothing, each term's parameters from
 * its rows, and the second term with its weight schedule when it is on. */
static void
lb_train_form_get_loss_config (LbTrainForm  *self,
                               NnLossConfig *config)
{
  NnLossPreset preset = lb_train_form_get_preset (self);
  NnLossTerm term;

  lb_loss_term_rows_get_term (self->main_term, preset, &term);
  nn_loss_config_preset (config, term.kind, preset);
  config->primary = term;
  if (adw_expander_row_get_enable_expansion (self->plus_row))
    {
      NnLossSchedule weight;

      lb_loss_term_rows_get_term (self->plus_term, preset, &term);
      lb_loss_schedule_rows_get_schedule (self->plus_schedule, &weight);
      nn_loss_config_set_plus (config, term.kind, preset, &weight);
      config->plus = term;
    }
}

void
lb_train_form_get_config (LbTrainForm   *self,
                          LbTrainConfig *config)
{
  guint model;

  g_return_if_fail (LB_IS_TRAIN_FORM (self));
  g_return_if_fail (config != NULL);

  model = lb_train_form_get_model (self);
  lb_train_config_init (config);
  if (model != MODEL_CUSTOM)
    lb_train_preset_get (model_presets[model], &config->net, NULL);
  else
    {
      config->net.size = (int) gtk_adjustment_get_value (self->size_adjustment);
      config->net.base_width = (int) gtk_adjustment_get_value (self->width_adjustment);
    }
  config->net.batch = (int) gtk_adjustment_get_value (self->batch_adjustment);
  config->net.precision = lb_precision_row_get (self->precision_switch);
  lb_augment_rows_get (self->augment_rows, &config->augment);
  lb_train_form_get_loss_config (self, &config->loss);
  config->epochs = (int) gtk_adjustment_get_value (self->epochs_adjustment);
  config->learning_rate = gtk_adjustment_get_value (self->lr_adjustment);
  config->seed = (guint64) gtk_adjustment_get_value (self->seed_adjustment);
}

gboolean
lb_train_form_get_valid (LbTrainForm *self)
{
  g_return_val_if_fail (LB_IS_TRAIN_FORM (self), FALSE);

  return self->valid;
}

/* ---- what follows from them: memory, sensitivity, formula ---- */

static void
lb_train_form_set_memory_line (LbTrainForm *self,
                               const char  *text,
                               gboolean     valid)
{
  gtk_label_set_text (self->memory_label, text);
  if (valid)
    gtk_widget_remove_css_class (GTK_WIDGET (self->memory_label), "error");
  else
    gtk_widget_add_css_class (GTK_WIDGET (self->memory_label), "error");
  if (valid != self->valid)
    {
      self->valid = valid;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VALID]);
    }
}

static void
lb_train_form_update_memory (LbTrainForm *self)
{
  LbTrainConfig config;
  const char *problem;
  g_autoptr (GError) error = NULL;
  guint64 bytes;
  guint64 available = lb_system_available_memory ();
  g_autofree char *needed = NULL;
  g_autofree char *text = NULL;

  lb_train_form_get_config (self, &config);
  problem = nn_unet_config_check (&config.net);
  if (problem == NULL)
    problem = nn_loss_config_check (&config.loss);
  if (problem != NULL)
    {
      lb_train_form_set_memory_line (self, problem, FALSE);
      return;
    }

  bytes = lb_train_memory_bytes (&config.net, self->n_images > 0 ? self->n_images
                                                                 : DEFAULT_N_IMAGES);
  needed = g_format_size (bytes);
  if (!lb_system_check_memory (bytes, &error))
    text = g_strdup (error->message);
  else if (available > 0)
    {
      g_autofree char *have = g_format_size (available);

      text = g_strdup_printf ("Needs about %s of memory (%s available); %'zu parameters.", needed,
                              have, nn_unet_param_count (&config.net));
    }
  else
    text = g_strdup_printf ("Needs about %s of memory; %'zu parameters.", needed,
                            nn_unet_param_count (&config.net));
  lb_train_form_set_memory_line (self, text, error == NULL);
}

/* The spin button too: assistive technologies see a widget's own sensitivity. */
static void
row_set_sensitive (AdwActionRow *row,
                   gboolean      sensitive)
{
  gtk_widget_set_sensitive (GTK_WIDGET (row), sensitive);
  gtk_widget_set_sensitive (adw_action_row_get_activatable_widget (row), sensitive);
}

static void
lb_train_form_update_sensitive (LbTrainForm *self)
{
  gboolean editable = !self->locked;
  gboolean custom = lb_train_form_get_model (self) == MODEL_CUSTOM;

  lb_loss_term_rows_set_editable (self->main_term, editable);
  lb_loss_term_rows_set_editable (self->plus_term, editable);
  lb_loss_schedule_rows_set_editable (self->plus_schedule, editable);
  /* Its switch too: whether the run has a second term is part of what it was built from. */
  gtk_widget_set_sensitive (GTK_WIDGET (self->plus_row), editable);
  gtk_widget_set_sensitive (GTK_WIDGET (self->preset_poster), editable);
  gtk_widget_set_sensitive (GTK_WIDGET (self->preset_literature), editable);
  for (guint i = 0; i < N_MODELS; i++)
    gtk_widget_set_sensitive (GTK_WIDGET (self->model_buttons[i]), editable);
  row_set_sensitive (self->size_row, editable && custom);
  row_set_sensitive (self->width_row, editable && custom);
  lb_precision_row_set_editable (self->precision_row, self->precision_switch, editable);
  lb_augment_rows_set_editable (self->augment_rows, editable);
}

static void
lb_train_form_update (LbTrainForm *self)
{
  NnLossConfig loss;

  lb_train_form_get_loss_config (self, &loss);
  lb_formula_card_set_config (self->formula_card, &loss);
  lb_train_form_update_memory (self);
  lb_train_form_update_sensitive (self);
}

void
lb_train_form_set_n_images (LbTrainForm *self,
                            guint        n_images)
{
  g_return_if_fail (LB_IS_TRAIN_FORM (self));

  self->n_images = n_images;
  lb_train_form_update_memory (self);
}

void
lb_train_form_set_dataset (LbTrainForm *self,
                           LbDataset   *dataset)
{
  g_return_if_fail (LB_IS_TRAIN_FORM (self));

  lb_augment_rows_set_dataset (self->augment_rows, dataset);
}

void
lb_train_form_set_locked (LbTrainForm *self,
                          gboolean     locked)
{
  g_return_if_fail (LB_IS_TRAIN_FORM (self));

  self->locked = locked;
  lb_train_form_update_sensitive (self);
}

/* ---- the user's changes ---- */

/* A loss was chosen: its rows show the preset's values for it. */
static void
lb_train_form_loss_chosen (LbTrainForm    *self,
                           LbLossTermRows *term)
{
  if (self->updating)
    return;
  self->updating = TRUE;
  lb_loss_term_rows_apply_preset (term, lb_train_form_get_preset (self));
  self->updating = FALSE;
  lb_train_form_update (self);
}

/* Another preset: both terms show its values. */
static void
lb_train_form_preset_toggled (LbTrainForm     *self,
                              GtkToggleButton *button)
{
  if (!gtk_toggle_button_get_active (button) || self->updating)
    return;
  self->updating = TRUE;
  lb_loss_term_rows_apply_preset (self->main_term, lb_train_form_get_preset (self));
  lb_loss_term_rows_apply_preset (self->plus_term, lb_train_form_get_preset (self));
  self->updating = FALSE;
  lb_train_form_update (self);
}

/* A preset's model shows its size, width and epochs (tiny 5, quick 20, poster 50), as on the
 * Compare page; the user may change the epochs afterwards. Custom keeps the last ones. */
static void
lb_train_form_model_toggled (LbTrainForm     *self,
                             GtkToggleButton *button)
{
  guint model;

  if (!gtk_toggle_button_get_active (button) || self->updating)
    return;
  model = lb_train_form_get_model (self);
  if (model != MODEL_CUSTOM)
    {
      NnUNetConfig net;
      int epochs;

      lb_train_preset_get (model_presets[model], &net, &epochs);
      self->updating = TRUE;
      gtk_adjustment_set_value (self->size_adjustment, net.size);
      gtk_adjustment_set_value (self->width_adjustment, net.base_width);
      gtk_adjustment_set_value (self->epochs_adjustment, epochs);
      self->updating = FALSE;
    }
  lb_train_form_update (self);
}

static void
lb_train_form_value_changed (LbTrainForm *self)
{
  if (!self->updating)
    lb_train_form_update (self);
}

/* ---- settings ---- */

static void
lb_train_form_add_key (LbTrainForm *self,
                       const char  *key)
{
  if (!g_ptr_array_find_with_equal_func (self->keys, key, g_str_equal, NULL))
    g_ptr_array_add (self->keys, (gpointer) key);
}

static void
lb_train_form_bind (LbTrainForm *self,
                    const char  *key,
                    gpointer     object,
                    const char  *property)
{
  g_settings_bind (self->settings, key, object, property, G_SETTINGS_BIND_DEFAULT);
  lb_train_form_add_key (self, key);
}

static void
lb_train_form_bind_choice (LbTrainForm *self,
                           const char  *key,
                           gpointer     button,
                           const char  *choice)
{
  lb_settings_bind_choice (self->settings, key, button, choice);
  lb_train_form_add_key (self, key);
}

static void
lb_train_form_add_keys (LbTrainForm       *self,
                        const char *const *keys,
                        guint              n_keys)
{
  for (guint i = 0; i < n_keys; i++)
    lb_train_form_add_key (self, keys[i]);
}

void
lb_train_form_remember (LbTrainForm *self)
{
  g_return_if_fail (LB_IS_TRAIN_FORM (self));

  lb_settings_pin (self->settings, (const char *const *) self->keys->pdata, self->keys->len);
}

/* ---- rows from the catalogue ---- */

static void
append_to_list (gpointer   list,
                GtkWidget *row)
{
  gtk_list_box_append (GTK_LIST_BOX (list), row);
}

static void
append_to_expander (gpointer   expander,
                    GtkWidget *row)
{
  adw_expander_row_add_row (ADW_EXPANDER_ROW (expander), row);
}

static LbLossTermRows *
lb_train_form_add_term (LbTrainForm      *self,
                        const char       *prefix,
                        const char       *name_prefix,
                        LbLossChooser    *chooser,
                        LbLossTermAddRow  add_row,
                        gpointer          container)
{
  LbLossTermRows *term = lb_loss_term_rows_new (self->settings, prefix, name_prefix, chooser,
                                                add_row, container);
  const char *const *keys;
  guint n_keys;

  keys = lb_loss_term_rows_get_keys (term, &n_keys);
  lb_train_form_add_keys (self, keys, n_keys);
  g_signal_connect_object (term, "loss-chosen", G_CALLBACK (lb_train_form_loss_chosen), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (term, "changed", G_CALLBACK (lb_train_form_value_changed), self,
                           G_CONNECT_SWAPPED);
  return term;
}

static void
lb_train_form_add_loss_rows (LbTrainForm *self)
{
  const char *const *keys;
  guint n_keys;

  self->main_term = lb_train_form_add_term (self, "", "", self->loss_row, append_to_list,
                                            self->loss_list);
  self->plus_term = lb_train_form_add_term (self, "plus-", "Second Term ", self->plus_loss_row,
                                            append_to_expander, self->plus_row);
  self->plus_schedule = lb_loss_schedule_rows_new (self->settings, append_to_expander,
                                                   self->plus_row);
  keys = lb_loss_schedule_rows_get_keys (self->plus_schedule, &n_keys);
  lb_train_form_add_keys (self, keys, n_keys);
  g_signal_connect_object (self->plus_schedule, "changed",
                           G_CALLBACK (lb_train_form_value_changed), self, G_CONNECT_SWAPPED);
  lb_train_form_bind (self, "plus", self->plus_switch, "active");
  g_signal_connect_object (self->plus_row, "notify::enable-expansion",
                           G_CALLBACK (lb_train_form_value_changed), self, G_CONNECT_SWAPPED);
}

/* ---- GObject ---- */

static void
lb_train_form_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  LbTrainForm *self = LB_TRAIN_FORM (object);

  switch (prop_id)
    {
    case PROP_VALID:
      g_value_set_boolean (value, self->valid);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lb_train_form_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), LB_TYPE_TRAIN_FORM);

  G_OBJECT_CLASS (lb_train_form_parent_class)->dispose (object);
}

static void
lb_train_form_finalize (GObject *object)
{
  LbTrainForm *self = LB_TRAIN_FORM (object);

  g_clear_object (&self->main_term);
  g_clear_object (&self->plus_term);
  g_clear_object (&self->plus_schedule);
  g_clear_pointer (&self->keys, g_ptr_array_unref);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (lb_train_form_parent_class)->finalize (object);
}

static void
lb_train_form_class_init (LbTrainFormClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = lb_train_form_get_property;
  object_class->dispose = lb_train_form_dispose;
  object_class->finalize = lb_train_form_finalize;

  properties[PROP_VALID] = g_param_spec_boolean ("valid", NULL, NULL, FALSE,
                                                 G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY
                                                 | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (LB_TYPE_AUGMENT_ROWS);
  g_type_ensure (LB_TYPE_FORMULA_CARD);
  g_type_ensure (LB_TYPE_LOSS_CHOOSER);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/lossbench/Lossbench/ui/lb-train-form.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, LbTrainForm, name)
  BIND (viewport);
  BIND (loss_list);
  BIND (loss_row);
  BIND (plus_row);
  BIND (plus_switch);
  BIND (plus_loss_row);
  BIND (preset_poster);
  BIND (preset_literature);
  BIND (size_row);
  BIND (width_row);
  BIND (size_adjustment);
  BIND (width_adjustment);
  BIND (epochs_adjustment);
  BIND (batch_adjustment);
  BIND (lr_adjustment);
  BIND (seed_adjustment);
  BIND (precision_row);
  BIND (precision_switch);
  BIND (augment_rows);
  BIND (memory_label);
  BIND (formula_card);
#undef BIND
  for (guint i = 0; i < N_MODELS; i++)
    gtk_widget_class_bind_template_child_full (widget_class, model_button_ids[i], FALSE,
                                               G_STRUCT_OFFSET (LbTrainForm, model_buttons)
                                               + i * sizeof (GtkToggleButton *));
  gtk_widget_class_bind_template_callback (widget_class, lb_train_form_preset_toggled);
  gtk_widget_class_bind_template_callback (widget_class, lb_train_form_model_toggled);
  gtk_widget_class_bind_template_callback (widget_class, lb_train_form_value_changed);
}

static void
lb_train_form_init (LbTrainForm *self)
{
  /* Whatever the template and the settings set while the form is built is not the user's. */
  self->updating = TRUE;
  gtk_widget_init_template (GTK_WIDGET (self));
  self->settings = g_settings_new (LB_APP_ID);
  lb_focus_scroll_follow (self->viewport);
  self->keys = g_ptr_array_new ();

  lb_train_form_bind_choice (self, "loss-preset", self->preset_poster, "poster");
  lb_train_form_bind_choice (self, "loss-preset", self->preset_literature, "literature");
  lb_train_form_add_loss_rows (self);
  for (guint i = 0; i < N_MODELS; i++)
    lb_train_form_bind_choice (self, "model-preset", self->model_buttons[i], model_name (i));
  lb_train_form_bind (self, "image-size", self->size_adjustment, "value");
  lb_train_form_bind (self, "base-width", self->width_adjustment, "value");
  lb_train_form_bind (self, "epochs", self->epochs_adjustment, "value");
  lb_train_form_bind (self, "batch", self->batch_adjustment, "value");
  lb_train_form_bind (self, "learning-rate", self->lr_adjustment, "value");
  lb_train_form_bind (self, "seed", self->seed_adjustment, "value");
  lb_precision_row_setup (self->precision_row, self->precision_switch, self->settings, "bf16");
  lb_augment_rows_bind (self->augment_rows, self->settings, "augment");
  lb_train_form_add_key (self, "bf16");
  self->updating = FALSE;

  lb_train_form_update (self);
}
