/* lb-train-page.c — the Train page: one loss, its α, β, γ, live charts and live predictions.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Training size: the model preset fixes the image size (tiny 64², quick 128², poster 256²), and
 * the data are loaded at that size (lb_data_page_load_at_size_async: the demo set is generated
 * at it, a folder is reloaded through the dataset cache), never resampled here: the same
 * decoding and mask rule as the CLI, so a GUI run and a CLI run see the same pixels. */

#include "lb-config.h"

#include <math.h>
#include <string.h>

#include "lb-error.h"
#include "lb-formula-card.h"
#include "lb-latency-probe.h"
#include "lb-mask-view.h"
#include "lb-plot.h"
#include "lb-loss-catalogue.h"
#include "lb-split.h"
#include "lb-system.h"
#include "lb-train-page.h"
#include "lb-trainer.h"
#include "lb-window.h"

#define N_PREVIEWS 4

typedef enum
{
  PHASE_IDLE,
  PHASE_PREPARING,
  PHASE_RUNNING,
  PHASE_PAUSED,
} Phase;

static const NnLossKind loss_kinds[] = {
  NN_LOSS_DICE_BCE, NN_LOSS_JACCARD, NN_LOSS_FOCAL, NN_LOSS_TVERSKY, NN_LOSS_FOCAL_TVERSKY,
};

/* The Model row's buttons: the engine's presets (lb_train_preset_get), then "custom". */
static const LbTrainPreset model_presets[] = {
  LB_TRAIN_PRESET_TINY, LB_TRAIN_PRESET_QUICK, LB_TRAIN_PRESET_POSTER,
};
#define MODEL_CUSTOM G_N_ELEMENTS (model_presets)
#define N_MODELS (MODEL_CUSTOM + 1)

static const char *
model_name (guint model)
{
  return model == MODEL_CUSTOM ? "custom" : lb_train_preset_to_string (model_presets[model]);
}

struct _LbTrainPage
{
  AdwBin parent_instance;

  GSettings *settings;
  LbDataPage *data_page;        /* not owned: a sibling in the window */
  gboolean blocked;             /* another run (a comparison) has the cores */
  gboolean updating;            /* setting widgets from code, not from the user */
  gboolean config_ok;

  Phase phase;
  GCancellable *cancellable;
  LbDataset *train_dataset;     /* the data the trainer reads, at the model's size */
  guint *train_indices;
  guint *val_indices;
  LbTrainData train_data;
  LbTrainer *trainer;
  int epochs_done;
  int last_preview_epoch;
  /* What the page has of the run so far: progress brings only what is new (lb-trainer.h). */
  guint batches_seen;
  GArray *epochs;               /* LbEpochRecord */
  gint64 status_shown;          /* when the status line was last written, µs */

  LbLatencyProbe *latency;

  /* Template children. */
  GtkStack *stack;
  GtkCheckButton *loss_dice_bce;
  GtkCheckButton *loss_jaccard;
  GtkCheckButton *loss_focal;
  GtkCheckButton *loss_tversky;
  GtkCheckButton *loss_focal_tversky;
  GtkToggleButton *preset_poster;
  GtkToggleButton *preset_literature;
  AdwActionRow *alpha_row;
  AdwActionRow *beta_row;
  AdwActionRow *gamma_row;
  GtkAdjustment *alpha_adjustment;
  GtkAdjustment *beta_adjustment;
  GtkAdjustment *gamma_adjustment;
  LbFormulaCard *formula_card;
  GtkToggleButton *model_tiny;
  GtkToggleButton *model_quick;
  GtkToggleButton *model_poster;
  GtkToggleButton *model_custom;
  AdwActionRow *size_row;
  AdwActionRow *width_row;
  GtkAdjustment *size_adjustment;
  GtkAdjustment *width_adjustment;
  GtkAdjustment *epochs_adjustment;
  GtkAdjustment *batch_adjustment;
  GtkAdjustment *lr_adjustment;
  GtkAdjustment *seed_adjustment;
  GtkLabel *memory_label;
  GtkButton *pause_button;
  GtkLabel *status_label;
  GtkProgressBar *progress_bar;
  LbPlot *loss_plot;
  LbPlot *iou_plot;
  LbMaskView *preview0;
  LbMaskView *preview1;
  LbMaskView *preview2;
  LbMaskView *preview3;
};

G_DEFINE_FINAL_TYPE (LbTrainPage, lb_train_page, ADW_TYPE_BIN)

enum
{
  PROP_0,
  PROP_PHASE,
  PROP_PAUSED,
  PROP_EPOCHS_DONE,
  PROP_BLOCKED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void lb_train_page_update_config (LbTrainPage *self);

static GtkCheckButton *
loss_button (LbTrainPage *self,
             guint        i)
{
  GtkCheckButton *buttons[] = {
    self->loss_dice_bce, self->loss_jaccard, self->loss_focal, self->loss_tversky,
    self->loss_focal_tversky,
  };

  return buttons[i];
}

static GtkToggleButton *
model_button (LbTrainPage *self,
              guint        i)
{
  GtkToggleButton *buttons[] = {
    self->model_tiny, self->model_quick, self->model_poster, self->model_custom,
  };

  return buttons[i];
}

static LbMaskView *
preview_view (LbTrainPage *self,
              guint        i)
{
  LbMaskView *views[] = { self->preview0, self->preview1, self->preview2, self->preview3 };

  return views[i];
}

static NnLossKind
lb_train_page_get_loss (LbTrainPage *self)
{
  for (guint i = 0; i < G_N_ELEMENTS (loss_kinds); i++)
    if (gtk_check_button_get_active (loss_button (self, i)))
      return loss_kinds[i];
  return NN_LOSS_DICE_BCE;
}

static NnLossPreset
lb_train_page_get_preset (LbTrainPage *self)
{
  return gtk_toggle_button_get_active (self->preset_literature) ? NN_LOSS_PRESET_LITERATURE
                                                                 : NN_LOSS_PRESET_POSTER;
}

static guint
lb_train_page_get_model (LbTrainPage *self)
{
  for (guint i = 0; i < N_MODELS; i++)
    if (gtk_toggle_button_get_active (model_button (self, i)))
      return i;
  return 0;
}

/* The loss as configured: the preset's conventions and smoothing, the spin buttons' α, β, γ. */
static void
lb_train_page_get_loss_config (LbTrainPage  *self,
                               NnLossConfig *config)
{
  NnLossKind kind = lb_train_page_get_loss (self);

  nn_loss_config_preset (config, kind, lb_train_page_get_preset (self));
  if (lb_loss_reads (kind, LB_LOSS_PARAM_ALPHA))
    config->alpha = gtk_adjustment_get_value (self->alpha_adjustment);
  if (lb_loss_reads (kind, LB_LOSS_PARAM_BETA))
    config->beta = gtk_adjustment_get_value (self->beta_adjustment);
  if (lb_loss_reads (kind, LB_LOSS_PARAM_GAMMA))
    config->gamma = gtk_adjustment_get_value (self->gamma_adjustment);
}

static void
lb_train_page_get_net_config (LbTrainPage  *self,
                              NnUNetConfig *net)
{
  guint model = lb_train_page_get_model (self);

  if (model != MODEL_CUSTOM)
    lb_train_preset_get (model_presets[model], net, NULL);
  else
    {
      net->depth = 4;
      net->size = (int) gtk_adjustment_get_value (self->size_adjustment);
      net->base_width = (int) gtk_adjustment_get_value (self->width_adjustment);
    }
  net->batch = (int) gtk_adjustment_get_value (self->batch_adjustment);
}

/* ---- phase and actions ---- */

static gboolean
lb_train_page_can_start (LbTrainPage *self)
{
  return self->phase == PHASE_IDLE && !self->blocked && self->config_ok && self->data_page != NULL
         && lb_data_page_get_dataset (self->data_page) != NULL
         && !lb_data_page_get_busy (self->data_page);
}

static void
lb_train_page_sync_actions (LbTrainPage *self)
{
  GtkWidget *widget = GTK_WIDGET (self);

  /* One training at a time: it already uses every core. */
  gtk_widget_action_set_enabled (widget, "train.start", lb_train_page_can_start (self));
  gtk_widget_action_set_enabled (widget, "train.pause",
                                 self->phase == PHASE_RUNNING || self->phase == PHASE_PAUSED);
  gtk_widget_action_set_enabled (widget, "train.stop", self->phase != PHASE_IDLE);
}

static void
lb_train_page_set_phase (LbTrainPage *self,
                         Phase        phase)
{
  gboolean was_paused = self->phase == PHASE_PAUSED;
  gboolean paused = phase == PHASE_PAUSED;

  self->phase = phase;
  gtk_button_set_label (self->pause_button, paused ? "Resume" : "Pause");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->pause_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  paused ? "Resume Training" : "Pause Training", -1);
  lb_train_page_sync_actions (self);
  if (paused != was_paused)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAUSED]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PHASE]);
}

gboolean
lb_train_page_get_running (LbTrainPage *self)
{
  g_return_val_if_fail (LB_IS_TRAIN_PAGE (self), FALSE);

  return self->phase != PHASE_IDLE;
}

int
lb_train_page_get_epochs_done (LbTrainPage *self)
{
  g_return_val_if_fail (LB_IS_TRAIN_PAGE (self), 0);

  return self->epochs_done;
}

void
lb_train_page_set_blocked (LbTrainPage *self,
                           gboolean     blocked)
{
  g_return_if_fail (LB_IS_TRAIN_PAGE (self));

  blocked = !!blocked;
  if (blocked == self->blocked)
    return;
  self->blocked = blocked;
  lb_train_page_sync_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BLOCKED]);
}

static void
lb_train_page_set_controls_sensitive (LbTrainPage *self,
                                      gboolean     sensitive)
{
  NnLossKind kind = lb_train_page_get_loss (self);
  gboolean custom = lb_train_page_get_model (self) == MODEL_CUSTOM;
  GtkWidget *always[] = {
    GTK_WIDGET (self->loss_dice_bce), GTK_WIDGET (self->loss_jaccard),
    GTK_WIDGET (self->loss_focal), GTK_WIDGET (self->loss_tversky),
    GTK_WIDGET (self->loss_focal_tversky), GTK_WIDGET (self->preset_poster),
    GTK_WIDGET (self->preset_literature), GTK_WIDGET (self->model_tiny),
    GTK_WIDGET (self->model_quick), GTK_WIDGET (self->model_poster),
    GTK_WIDGET (self->model_custom),
  };

  for (guint i = 0; i < G_N_ELEMENTS (always); i++)
    gtk_widget_set_sensitive (always[i], sensitive);
  /* A parameter the loss does not read is insensitive, so nobody tunes what changes nothing. */
  gtk_widget_set_sensitive (GTK_WIDGET (self->alpha_row),
                            sensitive && lb_loss_reads (kind, LB_LOSS_PARAM_ALPHA));
  gtk_widget_set_sensitive (GTK_WIDGET (self->beta_row),
                            sensitive && lb_loss_reads (kind, LB_LOSS_PARAM_BETA));
  gtk_widget_set_sensitive (GTK_WIDGET (self->gamma_row),
                            sensitive && lb_loss_reads (kind, LB_LOSS_PARAM_GAMMA));
  gtk_widget_set_sensitive (GTK_WIDGET (self->size_row), sensitive && custom);
  gtk_widget_set_sensitive (GTK_WIDGET (self->width_row), sensitive && custom);
  /* The spin buttons too: assistive technologies see a widget's own sensitivity. */
  {
    AdwActionRow *rows[] = {
      self->alpha_row, self->beta_row, self->gamma_row, self->size_row, self->width_row,
    };

    for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
      if (adw_action_row_get_activatable_widget (rows[i]) != NULL)
        gtk_widget_set_sensitive (adw_action_row_get_activatable_widget (rows[i]),
                                  gtk_widget_get_sensitive (GTK_WIDGET (rows[i])));
  }
}

/* ---- the configuration: formula card, memory, settings ---- */

static void
lb_train_page_update_memory (LbTrainPage *self)
{
  NnUNetConfig net;
  const char *problem;
  g_autoptr (GError) error = NULL;
  guint64 bytes;
  guint64 available = lb_system_available_memory ();
  g_autofree char *needed = NULL;
  g_autofree char *text = NULL;
  NnLossConfig loss;
  guint n_images = 96;

  lb_train_page_get_net_config (self, &net);
  lb_train_page_get_loss_config (self, &loss);
  problem = nn_unet_config_check (&net);
  if (problem == NULL)
    problem = nn_loss_config_check (&loss);
  if (problem != NULL)
    {
      self->config_ok = FALSE;
      gtk_label_set_text (self->memory_label, problem);
      gtk_widget_add_css_class (GTK_WIDGET (self->memory_label), "error");
      return;
    }

  if (self->data_page != NULL && lb_data_page_get_dataset (self->data_page) != NULL)
    n_images = lb_dataset_get_n_pairs (lb_data_page_get_dataset (self->data_page));
  bytes = lb_train_memory_bytes (&net, n_images);
  needed = g_format_size (bytes);
  self->config_ok = lb_system_check_memory (bytes, &error);
  if (!self->config_ok)
    text = g_strdup (error->message);
  else if (available > 0)
    {
      g_autofree char *have = g_format_size (available);

      text = g_strdup_printf ("Needs about %s of memory (%s available); %'zu parameters.", needed,
                              have, nn_unet_param_count (&net));
    }
  else
    text = g_strdup_printf ("Needs about %s of memory; %'zu parameters.", needed,
                            nn_unet_param_count (&net));
  gtk_label_set_text (self->memory_label, text);
  if (self->config_ok)
    gtk_widget_remove_css_class (GTK_WIDGET (self->memory_label), "error");
  else
    gtk_widget_add_css_class (GTK_WIDGET (self->memory_label), "error");
}

static void
lb_train_page_save_settings (LbTrainPage *self)
{
  g_settings_delay (self->settings);
  g_settings_set_string (self->settings, "loss", nn_loss_kind_to_string (lb_train_page_get_loss (self)));
  g_settings_set_string (self->settings, "loss-preset",
                         lb_train_page_get_preset (self) == NN_LOSS_PRESET_LITERATURE
                           ? "literature" : "poster");
  g_settings_set_double (self->settings, "alpha", gtk_adjustment_get_value (self->alpha_adjustment));
  g_settings_set_double (self->settings, "beta", gtk_adjustment_get_value (self->beta_adjustment));
  g_settings_set_double (self->settings, "gamma", gtk_adjustment_get_value (self->gamma_adjustment));
  g_settings_set_string (self->settings, "model-preset", model_name (lb_train_page_get_model (self)));
  g_settings_set_int (self->settings, "image-size", (int) gtk_adjustment_get_value (self->size_adjustment));
  g_settings_set_int (self->settings, "base-width", (int) gtk_adjustment_get_value (self->width_adjustment));
  g_settings_set_int (self->settings, "epochs", (int) gtk_adjustment_get_value (self->epochs_adjustment));
  g_settings_set_int (self->settings, "batch", (int) gtk_adjustment_get_value (self->batch_adjustment));
  g_settings_set_double (self->settings, "learning-rate", gtk_adjustment_get_value (self->lr_adjustment));
  g_settings_set_int (self->settings, "seed", (int) gtk_adjustment_get_value (self->seed_adjustment));
  g_settings_apply (self->settings);
}

static void
lb_train_page_update_config (LbTrainPage *self)
{
  NnLossConfig loss;

  lb_train_page_get_loss_config (self, &loss);
  lb_formula_card_set_config (self->formula_card, &loss);
  lb_train_page_update_memory (self);
  lb_train_page_set_controls_sensitive (self, self->phase == PHASE_IDLE);
  if (!self->updating)
    lb_train_page_save_settings (self);
  lb_train_page_sync_actions (self);
}

/* The loss or its preset changed: show the preset's α, β, γ for that loss. */
static void
lb_train_page_load_preset_values (LbTrainPage *self)
{
  NnLossConfig loss;

  nn_loss_config_preset (&loss, lb_train_page_get_loss (self), lb_train_page_get_preset (self));
  self->updating = TRUE;
  if (lb_loss_reads (loss.kind, LB_LOSS_PARAM_ALPHA))
    gtk_adjustment_set_value (self->alpha_adjustment, loss.alpha);
  if (lb_loss_reads (loss.kind, LB_LOSS_PARAM_BETA))
    gtk_adjustment_set_value (self->beta_adjustment, loss.beta);
  if (lb_loss_reads (loss.kind, LB_LOSS_PARAM_GAMMA))
    gtk_adjustment_set_value (self->gamma_adjustment, loss.gamma);
  self->updating = FALSE;
}

static void
lb_train_page_loss_toggled (GtkCheckButton *button,
                            LbTrainPage    *self)
{
  if (!gtk_check_button_get_active (button) || self->updating)
    return;
  lb_train_page_load_preset_values (self);
  lb_train_page_update_config (self);
}

static void
lb_train_page_preset_toggled (GtkToggleButton *button,
                              LbTrainPage     *self)
{
  if (!gtk_toggle_button_get_active (button) || self->updating)
    return;
  lb_train_page_load_preset_values (self);
  lb_train_page_update_config (self);
}

static void
lb_train_page_model_toggled (GtkToggleButton *button,
                             LbTrainPage     *self)
{
  guint model;

  if (!gtk_toggle_button_get_active (button) || self->updating)
    return;
  model = lb_train_page_get_model (self);
  if (model != MODEL_CUSTOM)
    {
      NnUNetConfig net;

      lb_train_preset_get (model_presets[model], &net, NULL);
      self->updating = TRUE;
      gtk_adjustment_set_value (self->size_adjustment, net.size);
      gtk_adjustment_set_value (self->width_adjustment, net.base_width);
      self->updating = FALSE;
    }
  lb_train_page_update_config (self);
}

static void
lb_train_page_value_changed (LbTrainPage *self)
{
  if (self->updating)
    return;
  lb_train_page_update_config (self);
}

static void
lb_train_page_restore_settings (LbTrainPage *self)
{
  g_autofree char *loss = g_settings_get_string (self->settings, "loss");
  g_autofree char *preset = g_settings_get_string (self->settings, "loss-preset");
  g_autofree char *model = g_settings_get_string (self->settings, "model-preset");
  NnLossKind kind = NN_LOSS_DICE_BCE;

  self->updating = TRUE;
  nn_loss_kind_from_string (loss, &kind);
  for (guint i = 0; i < G_N_ELEMENTS (loss_kinds); i++)
    if (loss_kinds[i] == kind)
      gtk_check_button_set_active (loss_button (self, i), TRUE);
  gtk_toggle_button_set_active (g_strcmp0 (preset, "literature") == 0 ? self->preset_literature
                                                                     : self->preset_poster, TRUE);
  for (guint i = 0; i < N_MODELS; i++)
    if (g_strcmp0 (model, model_name (i)) == 0)
      gtk_toggle_button_set_active (model_button (self, i), TRUE);
  gtk_adjustment_set_value (self->alpha_adjustment, g_settings_get_double (self->settings, "alpha"));
  gtk_adjustment_set_value (self->beta_adjustment, g_settings_get_double (self->settings, "beta"));
  gtk_adjustment_set_value (self->gamma_adjustment, g_settings_get_double (self->settings, "gamma"));
  gtk_adjustment_set_value (self->size_adjustment, g_settings_get_int (self->settings, "image-size"));
  gtk_adjustment_set_value (self->width_adjustment, g_settings_get_int (self->settings, "base-width"));
  gtk_adjustment_set_value (self->epochs_adjustment, g_settings_get_int (self->settings, "epochs"));
  gtk_adjustment_set_value (self->batch_adjustment, g_settings_get_int (self->settings, "batch"));
  gtk_adjustment_set_value (self->lr_adjustment, g_settings_get_double (self->settings, "learning-rate"));
  gtk_adjustment_set_value (self->seed_adjustment, g_settings_get_int (self->settings, "seed"));
  self->updating = FALSE;
}

/* ---- the main loop's lateness, measured while training ---- */

static void
lb_train_page_latency_stop (LbTrainPage *self)
{
  g_autofree char *detail = g_strdup_printf ("epochs=%d", self->epochs_done);

  lb_latency_probe_stop (self->latency, detail);
}

/* ---- progress ---- */

static void
lb_train_page_update_previews (LbTrainPage             *self,
                               const LbTrainerSnapshot *snap)
{
  gsize plane = (gsize) snap->size * snap->size;

  /* Thresholds and figures come from the trainer's thread: here, only what to show. */
  for (int i = 0; i < N_PREVIEWS; i++)
    {
      LbMaskView *view = preview_view (self, i);
      guint index;
      g_autofree char *description = NULL;

      /* A small validation set has fewer images than preview slots: hide the rest. */
      gtk_widget_set_visible (gtk_widget_get_parent (GTK_WIDGET (view)), i < snap->n_previews);
      if (i >= snap->n_previews)
        {
          lb_mask_view_clear (view);
          continue;
        }
      index = snap->preview_indices[i];
      lb_mask_view_set_pair (view, lb_dataset_get_image_u8 (self->train_dataset, index),
                             snap->preview_truth + plane * i, snap->previews + plane * i,
                             snap->size);
      description = g_strdup_printf ("%s after epoch %u: %.1f %% predicted lung, IoU %.3f",
                                     lb_dataset_get_name (self->train_dataset, index),
                                     snap->n_epochs_total, 100.0 * snap->preview_lung[i],
                                     snap->preview_iou[i]);
      gtk_accessible_update_property (GTK_ACCESSIBLE (view), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                      description, -1);
      gtk_widget_set_tooltip_text (GTK_WIDGET (view), description);
    }
}

/* Appends what the snapshot brings: the new batches, and the epoch curves and markers when an
 * epoch ended. Nothing here grows with the length of the run but the epoch curves. */
static void
lb_train_page_update_charts (LbTrainPage             *self,
                             const LbTrainerSnapshot *snap)
{
  guint n_new = snap->batch_losses->len;
  guint n_epochs;

  if (n_new > 0)
    {
      g_autofree double *bx = g_new (double, n_new);

      for (guint i = 0; i < n_new; i++)
        bx[i] = (double) (snap->first_batch + i + 1) / MAX (snap->n_batches, 1);
      lb_plot_append_points (self->loss_plot, 0, bx, (const double *) snap->batch_losses->data,
                             n_new);
      self->batches_seen = snap->first_batch + n_new;
    }
  if (snap->epochs_done->len == 0)
    return;

  g_array_set_size (self->epochs, snap->first_epoch);
  g_array_append_vals (self->epochs, snap->epochs_done->data, snap->epochs_done->len);
  n_epochs = self->epochs->len;
  {
    g_autofree double *ex = g_new (double, n_epochs);
    g_autofree double *train_loss = g_new (double, n_epochs);
    g_autofree double *val_loss = g_new (double, n_epochs);
    g_autofree double *train_iou = g_new (double, n_epochs);
    g_autofree double *val_iou = g_new (double, n_epochs);

    for (guint i = 0; i < n_epochs; i++)
      {
        const LbEpochRecord *r = &g_array_index (self->epochs, LbEpochRecord, i);

        ex[i] = r->epoch;
        train_loss[i] = r->train_loss;
        val_loss[i] = r->val_loss;
        train_iou[i] = r->train.value[NN_METRIC_IOU];
        val_iou[i] = r->val.value[NN_METRIC_IOU];
      }
    lb_plot_set_points (self->loss_plot, 1, ex, train_loss, n_epochs);
    lb_plot_set_points (self->loss_plot, 2, ex, val_loss, n_epochs);
    lb_plot_set_points (self->iou_plot, 0, ex, train_iou, n_epochs);
    lb_plot_set_points (self->iou_plot, 1, ex, val_iou, n_epochs);
  }

  lb_plot_clear_markers (self->loss_plot);
  lb_plot_clear_markers (self->iou_plot);
  for (guint i = 1; i < n_epochs; i++)
    {
      const LbEpochRecord *r = &g_array_index (self->epochs, LbEpochRecord, i);
      const LbEpochRecord *prev = &g_array_index (self->epochs, LbEpochRecord, i - 1);

      /* The epoch's rate is the one used during it: a drop shows between two epochs. */
      if (r->learning_rate < prev->learning_rate)
        {
          g_autofree char *label = g_strdup_printf ("lr %.0e", r->learning_rate);

          lb_plot_add_marker (self->loss_plot, prev->epoch + 0.5, label, FALSE);
          lb_plot_add_marker (self->iou_plot, prev->epoch + 0.5, label, FALSE);
        }
    }
  if (snap->best_epoch > 0)
    {
      lb_plot_add_marker (self->loss_plot, snap->best_epoch, "best", TRUE);
      lb_plot_add_marker (self->iou_plot, snap->best_epoch, "best", TRUE);
    }
}

/* How often the status line may change while batches go by: a person reads it at this pace,
 * and every change is also a message to screen readers. */
#define STATUS_INTERVAL_US (G_USEC_PER_SEC / 4)

static void
lb_train_page_update_status (LbTrainPage             *self,
                             const LbTrainerSnapshot *snap,
                             gboolean                 now)
{
  g_autoptr (GString) text = g_string_new (NULL);
  double fraction = 0;
  gint64 time = g_get_monotonic_time ();

  if (!now && time - self->status_shown < STATUS_INTERVAL_US)
    return;
  self->status_shown = time;
  if (snap->epochs > 0 && snap->n_batches > 0)
    {
      int done = snap->n_epochs_total;

      fraction = (done + (snap->epoch > done ? (double) snap->batch / snap->n_batches : 0))
                 / snap->epochs;
    }
  gtk_progress_bar_set_fraction (self->progress_bar, CLAMP (fraction, 0, 1));

  switch (snap->state)
    {
    case LB_TRAINER_PAUSED:
      g_string_append (text, "Paused — ");
      break;
    case LB_TRAINER_FINISHED:
      g_string_append (text, "Finished — ");
      break;
    case LB_TRAINER_CANCELLED:
      g_string_append (text, "Stopped — ");
      break;
    case LB_TRAINER_FAILED:
      g_string_append (text, "Failed — ");
      break;
    case LB_TRAINER_IDLE:
    case LB_TRAINER_RUNNING:
    default:
      break;
    }
  g_string_append_printf (text, "Epoch %d of %d, ", MAX (snap->epoch, 1), snap->epochs);
  if (snap->batch == 0)
    g_string_append (text, "starting");
  else
    g_string_append_printf (text, "batch %d of %d", snap->batch, snap->n_batches);
  if (snap->state == LB_TRAINER_RUNNING || snap->state == LB_TRAINER_PAUSED)
    {
      if (isfinite (snap->eta_seconds))
        {
          int s = (int) (snap->eta_seconds + 0.5);

          if (s >= 3600)
            g_string_append_printf (text, " — about %d h %02d min left", s / 3600, s / 60 % 60);
          else if (s >= 60)
            g_string_append_printf (text, " — about %d min %02d s left", s / 60, s % 60);
          else
            g_string_append_printf (text, " — about %d s left", s);
        }
      else
        g_string_append (text, " — estimating time left");
    }
  if (snap->best_epoch > 0 && (guint) snap->best_epoch <= self->epochs->len)
    {
      const LbEpochRecord *best = &g_array_index (self->epochs, LbEpochRecord,
                                                  snap->best_epoch - 1);

      g_string_append_printf (text, " — best val IoU %.3f (epoch %d)",
                              best->val.value[NN_METRIC_IOU], snap->best_epoch);
    }
  if (g_strcmp0 (gtk_label_get_text (self->status_label), text->str) != 0)
    gtk_label_set_text (self->status_label, text->str);
  if (g_strcmp0 (gtk_widget_get_tooltip_text (GTK_WIDGET (self->status_label)), snap->message) != 0)
    gtk_widget_set_tooltip_text (GTK_WIDGET (self->status_label), snap->message);
}

static void
lb_train_page_progress (LbTrainer   *trainer,
                        LbTrainPage *self)
{
  g_autoptr (LbTrainerSnapshot) snap = NULL;
  gboolean new_epoch;

  if (trainer != self->trainer)
    return;
  snap = lb_trainer_get_progress_since (trainer, self->batches_seen, self->epochs->len);
  new_epoch = snap->epochs_done->len > 0;
  lb_train_page_update_charts (self, snap);
  /* Every epoch, and every change of state, at once; batch counts at a reading pace. */
  lb_train_page_update_status (self, snap, new_epoch || snap->state != LB_TRAINER_RUNNING);
  if (snap->previews != NULL && (int) snap->n_epochs_total != self->last_preview_epoch)
    {
      self->last_preview_epoch = snap->n_epochs_total;
      lb_train_page_update_previews (self, snap);
    }
  if ((int) snap->n_epochs_total != self->epochs_done)
    {
      self->epochs_done = snap->n_epochs_total;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EPOCHS_DONE]);
    }
}

/* ---- running ---- */

static void
lb_train_page_finish (LbTrainPage *self)
{
  lb_train_page_latency_stop (self);
  g_clear_object (&self->cancellable);
  lb_train_page_set_phase (self, PHASE_IDLE);
  lb_train_page_set_controls_sensitive (self, TRUE);
}

static void
run_done (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  LbTrainPage *self = user_data;
  LbTrainer *trainer = LB_TRAINER (source);
  g_autoptr (GError) error = NULL;

  lb_trainer_run_finish (trainer, result, &error);
  if (trainer == self->trainer)
    {
      g_autoptr (LbTrainerSnapshot) snap = NULL;

      lb_train_page_progress (trainer, self);
      snap = lb_trainer_get_progress_since (trainer, self->batches_seen, self->epochs->len);
      if (error != NULL && !g_error_matches (error, LB_ERROR, LB_ERROR_CANCELLED))
        lb_window_show_error (GTK_WIDGET (self), "Training Stopped", error->message);
      else if (error != NULL)
        lb_window_toast (GTK_WIDGET (self), "Training stopped; the charts keep what it learned.");
      else if (snap->message != NULL)
        lb_window_show_error (GTK_WIDGET (self), "Training Finished With a Warning", snap->message);
      lb_train_page_finish (self);
    }
  g_object_unref (self);
}

static void
lb_train_page_clear_run (LbTrainPage *self)
{
  if (self->trainer != NULL)
    g_signal_handlers_disconnect_by_data (self->trainer, self);
  g_clear_object (&self->trainer);
  g_clear_pointer (&self->train_indices, g_free);
  g_clear_pointer (&self->val_indices, g_free);
  g_clear_object (&self->train_dataset);
  memset (&self->train_data, 0, sizeof self->train_data);
}

static void
lb_train_page_reset_charts (LbTrainPage *self,
                            int          epochs)
{
  lb_plot_clear (self->loss_plot);
  lb_plot_add_series (self->loss_plot, "train (batch)", 0, LB_PLOT_STYLE_FAINT);
  lb_plot_add_series (self->loss_plot, "train", 0, LB_PLOT_STYLE_BOLD);
  lb_plot_add_series (self->loss_plot, "validation", 1, LB_PLOT_STYLE_BOLD);
  lb_plot_set_x_max (self->loss_plot, epochs);
  lb_plot_clear (self->iou_plot);
  lb_plot_add_series (self->iou_plot, "train", 0, LB_PLOT_STYLE_BOLD);
  lb_plot_add_series (self->iou_plot, "validation", 1, LB_PLOT_STYLE_BOLD);
  lb_plot_set_x_max (self->iou_plot, epochs);
  for (guint i = 0; i < N_PREVIEWS; i++)
    {
      lb_mask_view_clear (preview_view (self, i));
      gtk_widget_set_visible (gtk_widget_get_parent (GTK_WIDGET (preview_view (self, i))), TRUE);
    }
}

static void
trainer_ready (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  LbTrainPage *self = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (LbTrainer) trainer = lb_trainer_new_finish (result, &error);

  if (self->phase != PHASE_PREPARING || g_cancellable_is_cancelled (self->cancellable))
    {
      if (self->phase == PHASE_PREPARING)
        lb_train_page_finish (self);
      g_object_unref (self);
      return;
    }
  if (trainer == NULL)
    {
      lb_window_show_error (GTK_WIDGET (self), "Could Not Start Training", error->message);
      lb_train_page_clear_run (self);
      lb_train_page_finish (self);
      g_object_unref (self);
      return;
    }

  self->trainer = g_steal_pointer (&trainer);
  {
    g_autoptr (LbTrainerSnapshot) plan = lb_trainer_get_progress_since (self->trainer, G_MAXUINT,
                                                                        G_MAXUINT);

    lb_train_page_reset_charts (self, plan->epochs);
  }
  self->epochs_done = 0;
  self->last_preview_epoch = 0;
  self->batches_seen = 0;
  g_array_set_size (self->epochs, 0);
  self->status_shown = 0;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EPOCHS_DONE]);
  g_signal_connect (self->trainer, "progress", G_CALLBACK (lb_train_page_progress), self);
  lb_latency_probe_start (self->latency);
  lb_train_page_set_phase (self, PHASE_RUNNING);
  gtk_label_set_text (self->status_label, "Training — first batch…");
  lb_trainer_run_async (self->trainer, self->cancellable, run_done, g_object_ref (self));
  g_object_unref (self);
}

static void
dataset_ready (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  LbTrainPage *self = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (LbDataset) dataset = NULL;
  g_autoptr (LbSplit) split = NULL;
  LbTrainConfig config;
  guint n_train = 0;
  guint n_val = 0;

  dataset = lb_data_page_load_at_size_finish (LB_DATA_PAGE (source), result, &error);
  if (self->phase != PHASE_PREPARING || g_cancellable_is_cancelled (self->cancellable))
    {
      if (self->phase == PHASE_PREPARING)
        lb_train_page_finish (self);
      g_object_unref (self);
      return;
    }
  if (dataset == NULL)
    goto fail;

  lb_train_page_clear_run (self);
  self->train_dataset = g_object_ref (dataset);
  lb_train_config_init (&config);
  lb_train_page_get_net_config (self, &config.net);
  lb_train_page_get_loss_config (self, &config.loss);
  config.epochs = (int) gtk_adjustment_get_value (self->epochs_adjustment);
  config.learning_rate = gtk_adjustment_get_value (self->lr_adjustment);
  config.seed = (guint64) gtk_adjustment_get_value (self->seed_adjustment);
  config.n_previews = N_PREVIEWS;

  split = lb_split_new_for_dataset (dataset, 0.8, 0.1, 0.1, config.seed, TRUE, &error);
  if (split == NULL)
    goto fail;
  self->train_indices = lb_split_get_dataset_indices (split, dataset, LB_SUBSET_TRAIN, &n_train,
                                                      &error);
  if (self->train_indices == NULL)
    goto fail;
  self->val_indices = lb_split_get_dataset_indices (split, dataset, LB_SUBSET_VAL, &n_val, &error);
  if (self->val_indices == NULL)
    goto fail;
  if (n_train == 0 || n_val == 0)
    {
      g_set_error (&error, LB_ERROR, LB_ERROR_EMPTY,
                   "The dataset has too few pairs for a training and a validation set. "
                   "Open a folder with at least ten pairs.");
      goto fail;
    }
  self->train_data.images = lb_dataset_get_images (dataset);
  self->train_data.masks = lb_dataset_get_masks (dataset);
  self->train_data.train = self->train_indices;
  self->train_data.n_train = n_train;
  self->train_data.val = self->val_indices;
  self->train_data.n_val = n_val;

  /* Initialising the weights takes a moment for a large network: on a worker thread. */
  gtk_label_set_text (self->status_label, "Initialising the network…");
  lb_trainer_new_async (&config, &self->train_data, NULL, self->cancellable, trainer_ready,
                        self);
  return;

fail:
  lb_window_show_error (GTK_WIDGET (self), "Could Not Start Training", error->message);
  lb_train_page_clear_run (self);
  lb_train_page_finish (self);
  g_object_unref (self);
}

static void
lb_train_page_start (LbTrainPage *self)
{
  NnUNetConfig net;
  g_autofree char *text = NULL;

  lb_train_page_get_net_config (self, &net);
  self->cancellable = g_cancellable_new ();
  lb_train_page_set_controls_sensitive (self, FALSE);
  lb_train_page_set_phase (self, PHASE_PREPARING);
  text = g_strdup_printf ("Preparing the images at %d×%d…", net.size, net.size);
  gtk_label_set_text (self->status_label, text);
  gtk_progress_bar_set_fraction (self->progress_bar, 0);
  lb_data_page_load_at_size_async (self->data_page, net.size, self->cancellable, dataset_ready,
                                   g_object_ref (self));
}

static void
lb_train_page_set_paused (LbTrainPage *self,
                          gboolean     paused)
{
  if (self->trainer == NULL)
    return;
  if (paused && self->phase == PHASE_RUNNING)
    {
      lb_trainer_pause (self->trainer);
      lb_train_page_set_phase (self, PHASE_PAUSED);
      gtk_label_set_text (self->status_label, "Pausing after this batch…");
    }
  else if (!paused && self->phase == PHASE_PAUSED)
    {
      lb_trainer_resume (self->trainer);
      lb_train_page_set_phase (self, PHASE_RUNNING);
    }
}

static void
lb_train_page_stop (LbTrainPage *self)
{
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  if (self->phase == PHASE_PAUSED && self->trainer != NULL)
    lb_trainer_resume (self->trainer);
  if (self->phase == PHASE_PAUSED || self->phase == PHASE_RUNNING)
    gtk_label_set_text (self->status_label, "Stopping after this batch…");
}

static void
lb_train_page_start_action (GtkWidget  *widget,
                            const char *action_name,
                            GVariant   *parameter)
{
  lb_train_page_start (LB_TRAIN_PAGE (widget));
}

static void
lb_train_page_stop_action (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *parameter)
{
  lb_train_page_stop (LB_TRAIN_PAGE (widget));
}

/* ---- the dataset ---- */

static void
lb_train_page_dataset_changed (LbTrainPage *self)
{
  gboolean have = lb_data_page_get_dataset (self->data_page) != NULL;

  gtk_stack_set_visible_child_name (self->stack, have ? "content" : "empty");
  lb_train_page_update_memory (self);
  lb_train_page_sync_actions (self);
}

void
lb_train_page_set_data_page (LbTrainPage *self,
                             LbDataPage  *data_page)
{
  g_return_if_fail (LB_IS_TRAIN_PAGE (self));
  g_return_if_fail (LB_IS_DATA_PAGE (data_page));

  self->data_page = data_page;
  g_signal_connect_object (data_page, "notify::dataset",
                           G_CALLBACK (lb_train_page_dataset_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (data_page, "notify::busy",
                           G_CALLBACK (lb_train_page_dataset_changed), self, G_CONNECT_SWAPPED);
  lb_train_page_dataset_changed (self);
}

/* ---- GObject ---- */

static void
lb_train_page_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  LbTrainPage *self = LB_TRAIN_PAGE (object);

  switch (prop_id)
    {
    case PROP_PHASE:
      g_value_set_int (value, self->phase);
      break;
    case PROP_PAUSED:
      g_value_set_boolean (value, self->phase == PHASE_PAUSED);
      break;
    case PROP_EPOCHS_DONE:
      g_value_set_int (value, self->epochs_done);
      break;
    case PROP_BLOCKED:
      g_value_set_boolean (value, self->blocked);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lb_train_page_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  LbTrainPage *self = LB_TRAIN_PAGE (object);

  switch (prop_id)
    {
    case PROP_PAUSED:
      lb_train_page_set_paused (self, g_value_get_boolean (value));
      break;
    case PROP_BLOCKED:
      lb_train_page_set_blocked (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lb_train_page_dispose (GObject *object)
{
  LbTrainPage *self = LB_TRAIN_PAGE (object);

  /* The trainer's thread holds its own reference and ours (run_done); cancel so it ends. */
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  if (self->trainer != NULL)
    lb_trainer_resume (self->trainer);
  /* The page is going: its timer must not fire on it. */
  if (self->latency != NULL)
    lb_latency_probe_stop (self->latency, NULL);
  /* The bin's child is the bound template child "stack": let the bin drop it first, or
   * AdwBin would unparent it again after the template has. */
  adw_bin_set_child (ADW_BIN (object), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (object), LB_TYPE_TRAIN_PAGE);

  G_OBJECT_CLASS (lb_train_page_parent_class)->dispose (object);
}

static void
lb_train_page_finalize (GObject *object)
{
  LbTrainPage *self = LB_TRAIN_PAGE (object);

  g_clear_pointer (&self->latency, lb_latency_probe_free);
  g_clear_pointer (&self->epochs, g_array_unref);
  lb_train_page_clear_run (self);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (lb_train_page_parent_class)->finalize (object);
}

static void
lb_train_page_class_init (LbTrainPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = lb_train_page_get_property;
  object_class->set_property = lb_train_page_set_property;
  object_class->dispose = lb_train_page_dispose;
  object_class->finalize = lb_train_page_finalize;

  properties[PROP_PHASE] = g_param_spec_int ("phase", NULL, NULL, PHASE_IDLE, PHASE_PAUSED,
                                             PHASE_IDLE,
                                             G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY
                                             | G_PARAM_STATIC_STRINGS);
  properties[PROP_PAUSED] = g_param_spec_boolean ("paused", NULL, NULL, FALSE,
                                                  G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY
                                                  | G_PARAM_STATIC_STRINGS);
  properties[PROP_EPOCHS_DONE] = g_param_spec_int ("epochs-done", NULL, NULL, 0, G_MAXINT, 0,
                                                   G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY
                                                   | G_PARAM_STATIC_STRINGS);
  properties[PROP_BLOCKED] = g_param_spec_boolean ("blocked", NULL, NULL, FALSE,
                                                   G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY
                                                   | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_install_action (widget_class, "train.start", NULL,
                                   lb_train_page_start_action);
  /* Stateful: activating it pauses a running run and resumes a paused one. */
  gtk_widget_class_install_property_action (widget_class, "train.pause", "paused");
  gtk_widget_class_install_action (widget_class, "train.stop", NULL, lb_train_page_stop_action);

  g_type_ensure (LB_TYPE_FORMULA_CARD);
  g_type_ensure (LB_TYPE_PLOT);
  g_type_ensure (LB_TYPE_MASK_VIEW);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/lossbench/Lossbench/ui/lb-train-page.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, LbTrainPage, name)
  BIND (stack);
  BIND (loss_dice_bce);
  BIND (loss_jaccard);
  BIND (loss_focal);
  BIND (loss_tversky);
  BIND (loss_focal_tversky);
  BIND (preset_poster);
  BIND (preset_literature);
  BIND (alpha_row);
  BIND (beta_row);
  BIND (gamma_row);
  BIND (alpha_adjustment);
  BIND (beta_adjustment);
  BIND (gamma_adjustment);
  BIND (formula_card);
  BIND (model_tiny);
  BIND (model_quick);
  BIND (model_poster);
  BIND (model_custom);
  BIND (size_row);
  BIND (width_row);
  BIND (size_adjustment);
  BIND (width_adjustment);
  BIND (epochs_adjustment);
  BIND (batch_adjustment);
  BIND (lr_adjustment);
  BIND (seed_adjustment);
  BIND (memory_label);
  BIND (pause_button);
  BIND (status_label);
  BIND (progress_bar);
  BIND (loss_plot);
  BIND (iou_plot);
  BIND (preview0);
  BIND (preview1);
  BIND (preview2);
  BIND (preview3);
#undef BIND
}

static void
lb_train_page_init (LbTrainPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->latency = lb_latency_probe_new ("train");
  self->epochs = g_array_new (FALSE, FALSE, sizeof (LbEpochRecord));

  GtkAdjustment *adjustments[] = {
    self->alpha_adjustment, self->beta_adjustment, self->gamma_adjustment,
    self->size_adjustment, self->width_adjustment, self->epochs_adjustment,
    self->batch_adjustment, self->lr_adjustment, self->seed_adjustment,
  };

  self->settings = g_settings_new (LB_APP_ID);
  lb_plot_set_title (self->loss_plot, "Loss");
  lb_plot_set_x_label (self->loss_plot, "epoch");
  lb_plot_set_title (self->iou_plot, "IoU");
  lb_plot_set_x_label (self->iou_plot, "epoch");
  lb_plot_set_y_range (self->iou_plot, 0, 1);

  lb_train_page_restore_settings (self);
  lb_train_page_reset_charts (self, (int) gtk_adjustment_get_value (self->epochs_adjustment));

  for (guint i = 0; i < G_N_ELEMENTS (loss_kinds); i++)
    g_signal_connect (loss_button (self, i), "toggled", G_CALLBACK (lb_train_page_loss_toggled),
                      self);
  g_signal_connect (self->preset_poster, "toggled", G_CALLBACK (lb_train_page_preset_toggled),
                    self);
  g_signal_connect (self->preset_literature, "toggled",
                    G_CALLBACK (lb_train_page_preset_toggled), self);
  for (guint i = 0; i < N_MODELS; i++)
    g_signal_connect (model_button (self, i), "toggled", G_CALLBACK (lb_train_page_model_toggled),
                      self);
  for (guint i = 0; i < G_N_ELEMENTS (adjustments); i++)
    g_signal_connect_swapped (adjustments[i], "value-changed",
                              G_CALLBACK (lb_train_page_value_changed), self);

  self->updating = TRUE;
  lb_train_page_update_config (self);
  self->updating = FALSE;
  lb_train_page_sync_actions (self);
}
