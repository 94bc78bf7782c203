/* lb-train-page.c — the Train page: the settings form, the run, and the monitor that shows it.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The page owns the run and its phase (idle, preparing, running, paused) and offers it as the
 * actions train.start, train.pause (stateful: TRUE while paused) and train.stop; what a run is
 * made of comes from LbTrainForm, what it shows goes to LbTrainMonitor.
 *
 * Training size: the model preset fixes the image size (tiny 64², quick 128², poster 256²), and
 * the data are loaded at that size (lb_data_source_load_at_size_async: the demo set is generated
 * at it, a folder is reloaded through the dataset cache), never resampled here: the same
 * decoding and mask rule as the CLI, so a GUI run and a CLI run see the same pixels. */

#include "lb-config.h"

#include <string.h>

#include "lb-error.h"
#include "lb-latency-probe.h"
#include "lb-split.h"
#include "lb-train-form.h"
#include "lb-train-monitor.h"
#include "lb-train-page.h"
#include "lb-trainer.h"
#include "lb-window.h"

typedef enum
{
  PHASE_IDLE,
  PHASE_PREPARING,
  PHASE_RUNNING,
  PHASE_PAUSED,
} Phase;

struct _LbTrainPage
{
  AdwBin parent_instance;

  LbDataSource *data_source;    /* not owned: the window's */
  gboolean blocked;             /* another run (a comparison) has the cores */

  Phase phase;
  GCancellable *cancellable;
  LbDataset *train_dataset;     /* the data the trainer reads, at the model's size */
  guint *train_indices;
  guint *val_indices;
  LbTrainData train_data;
  LbTrainer *trainer;
  int epochs_done;

  LbLatencyProbe *latency;

  /* Template children. */
  GtkStack *stack;
  LbTrainForm *form;
  GtkButton *pause_button;
  LbTrainMonitor *monitor;
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

/* ---- phase and actions ---- */

static void
lb_train_page_sync_actions (LbTrainPage *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  gboolean have_data = self->data_source != NULL
                       && lb_data_source_get_dataset (self->data_source) != NULL
                       && !lb_data_source_get_busy (self->data_source);

  /* One training at a time: it already uses every core. */
  gtk_widget_action_set_enabled (widget, "train.start",
                                 self->phase == PHASE_IDLE && !self->blocked && have_data
                                 && lb_train_form_get_valid (self->form));
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
  /* What the run was built from stays as it was while it trains. */
  lb_train_form_set_locked (self->form, phase != PHASE_IDLE);
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

static void
lb_train_page_set_blocked (LbTrainPage *self,
                           gboolean     blocked)
{
  if (blocked == self->blocked)
    return;
  self->blocked = blocked;
  lb_train_page_sync_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BLOCKED]);
}

/* ---- the run ---- */

static void
lb_train_page_progress (LbTrainer   *trainer,
                        LbTrainPage *self)
{
  int epochs;

  if (trainer != self->trainer)
    return;
  epochs = lb_train_monitor_update (self->monitor, trainer, self->train_dataset);
  if (epochs != self->epochs_done)
    {
      self->epochs_done = epochs;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EPOCHS_DONE]);
    }
}

static void
lb_train_page_finish (LbTrainPage *self)
{
  g_autofree char *detail = g_strdup_printf ("epochs=%d", self->epochs_done);

  lb_latency_probe_stop (self->latency, detail);
  g_clear_object (&self->cancellable);
  lb_train_page_set_phase (self, PHASE_IDLE);
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

/* The trainer's state and message, without any of its history. */
static LbTrainerSnapshot *
lb_train_page_get_plan (LbTrainPage *self)
{
  return lb_trainer_get_progress_since (self->trainer, G_MAXUINT, G_MAXUINT);
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
      g_autoptr (LbTrainerSnapshot) plan = NULL;

      lb_train_page_progress (trainer, self);
      plan = lb_train_page_get_plan (self);
      if (error != NULL && !g_error_matches (error, LB_ERROR, LB_ERROR_CANCELLED))
        lb_window_show_error (GTK_WIDGET (self), "Training Stopped", error->message);
      else if (error != NULL)
        lb_window_toast (GTK_WIDGET (self), "Training stopped; the charts keep what it learned.");
      else if (plan->message != NULL)
        lb_window_show_error (GTK_WIDGET (self), "Training Finished With a Warning", plan->message);
      lb_train_page_finish (self);
    }
  g_object_unref (self);
}

/* A step of the preparation came back: whether the page still wants it. */
static gboolean
lb_train_page_still_preparing (LbTrainPage *self)
{
  if (self->phase == PHASE_PREPARING && !g_cancellable_is_cancelled (self->cancellable))
    return TRUE;
  if (self->phase == PHASE_PREPARING)
    lb_train_page_finish (self);
  return FALSE;
}

static void
lb_train_page_fail (LbTrainPage  *self,
                    const GError *error)
{
  lb_window_show_error (GTK_WIDGET (self), "Could Not Start Training", error->message);
  lb_train_page_clear_run (self);
  lb_train_page_finish (self);
}

static void
trainer_ready (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  LbTrainPage *self = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (LbTrainer) trainer = lb_trainer_new_finish (result, &error);

  if (!lb_train_page_still_preparing (self))
    {
      g_object_unref (self);
      return;
    }
  if (trainer == NULL)
    {
      lb_train_page_fail (self, error);
      g_object_unref (self);
      return;
    }

  self->trainer = g_steal_pointer (&trainer);
  lb_train_monitor_begin_run (self->monitor, self->trainer);
  self->epochs_done = 0;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EPOCHS_DONE]);
  g_signal_connect (self->trainer, "progress", G_CALLBACK (lb_train_page_progress), self);
  lb_latency_probe_start (self->latency);
  lb_train_page_set_phase (self, PHASE_RUNNING);
  lb_train_monitor_set_status (self->monitor, "Training — first batch…");
  lb_trainer_run_async (self->trainer, self->cancellable, run_done, g_object_ref (self));
  g_object_unref (self);
}

/* The images at the model's size: split them, then build the network. */
static gboolean
lb_train_page_prepare_data (LbTrainPage   *self,
                            LbDataset     *dataset,
                            guint64        seed,
                            GError       **error)
{
  g_autoptr (LbSplit) split = NULL;
  guint n_train = 0;
  guint n_val = 0;

  split = lb_split_new_for_dataset (dataset, 0.8, 0.1, 0.1, seed, TRUE, error);
  if (split == NULL)
    return FALSE;
  self->train_indices = lb_split_get_dataset_indices (split, dataset, LB_SUBSET_TRAIN, &n_train,
                                                      error);
  if (self->train_indices == NULL)
    return FALSE;
  self->val_indices = lb_split_get_dataset_indices (split, dataset, LB_SUBSET_VAL, &n_val, error);
  if (self->val_indices == NULL)
    return FALSE;
  if (n_train == 0 || n_val == 0)
    {
      g_set_error (error, LB_ERROR, LB_ERROR_EMPTY,
                   "The dataset has too few pairs for a training and a validation set. "
                   "Open a folder with at least ten pairs.");
      return FALSE;
    }
  self->train_dataset = g_object_ref (dataset);
  self->train_data.images = lb_dataset_get_images (dataset);
  self->train_data.masks = lb_dataset_get_masks (dataset);
  self->train_data.train = self->train_indices;
  self->train_data.n_train = n_train;
  self->train_data.val = self->val_indices;
  self->train_data.n_val = n_val;
  return TRUE;
}

static void
dataset_ready (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  LbTrainPage *self = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (LbDataset) dataset = NULL;
  LbTrainConfig config;

  dataset = lb_data_source_load_at_size_finish (LB_DATA_SOURCE (source), result, &error);
  if (!lb_train_page_still_preparing (self))
    {
      g_object_unref (self);
      return;
    }

  lb_train_page_clear_run (self);
  lb_train_form_get_config (self->form, &config);
  config.n_previews = LB_TRAIN_MONITOR_N_PREVIEWS;
  if (dataset == NULL || !lb_train_page_prepare_data (self, dataset, config.seed, &error))
    {
      lb_train_page_fail (self, error);
      g_object_unref (self);
      return;
    }

  /* Initialising the weights takes a moment for a large network: on a worker thread. */
  lb_train_monitor_set_status (self->monitor, "Initialising the network…");
  lb_trainer_new_async (&config, &self->train_data, NULL, self->cancellable, trainer_ready,
                        self);
}

static void
lb_train_page_start (LbTrainPage *self)
{
  LbTrainConfig config;
  g_autofree char *text = NULL;

  lb_train_form_get_config (self->form, &config);
  lb_train_form_remember (self->form);
  self->cancellable = g_cancellable_new ();
  lb_train_page_set_phase (self, PHASE_PREPARING);
  text = g_strdup_printf ("Preparing the images at %d×%d…", config.net.size, config.net.size);
  lb_train_monitor_prepare (self->monitor, text);
  lb_data_source_load_at_size_async (self->data_source, config.net.size, self->cancellable,
                                     dataset_ready, g_object_ref (self));
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
      lb_train_monitor_set_status (self->monitor, "Pausing after this batch…");
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
    lb_train_monitor_set_status (self->monitor, "Stopping after this batch…");
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
  LbDataset *dataset = lb_data_source_get_dataset (self->data_source);

  gtk_stack_set_visible_child_name (self->stack, dataset != NULL ? "content" : "empty");
  lb_train_form_set_n_images (self->form, dataset != NULL ? lb_dataset_get_n_pairs (dataset) : 0);
  lb_train_page_sync_actions (self);
}

void
lb_train_page_set_data_source (LbTrainPage  *self,
                               LbDataSource *data_source)
{
  g_return_if_fail (LB_IS_TRAIN_PAGE (self));
  g_return_if_fail (LB_IS_DATA_SOURCE (data_source));

  self->data_source = data_source;
  g_signal_connect_object (data_source, "notify::dataset",
                           G_CALLBACK (lb_train_page_dataset_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (data_source, "notify::busy",
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
  lb_train_page_clear_run (self);
  g_clear_object (&self->cancellable);

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

  g_type_ensure (LB_TYPE_TRAIN_FORM);
  g_type_ensure (LB_TYPE_TRAIN_MONITOR);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/lossbench/Lossbench/ui/lb-train-page.ui");
  gtk_widget_class_bind_template_child (widget_class, LbTrainPage, stack);
  gtk_widget_class_bind_template_child (widget_class, LbTrainPage, form);
  gtk_widget_class_bind_template_child (widget_class, LbTrainPage, pause_button);
  gtk_widget_class_bind_template_child (widget_class, LbTrainPage, monitor);
  gtk_widget_class_bind_template_callback (widget_class, lb_train_page_sync_actions);
}

static void
lb_train_page_init (LbTrainPage *self)
{
  LbTrainConfig config;

  gtk_widget_init_template (GTK_WIDGET (self));
  self->latency = lb_latency_probe_new ("train");

  lb_train_form_get_config (self->form, &config);
  lb_train_monitor_begin (self->monitor, &config);
  lb_train_page_sync_actions (self);
}
