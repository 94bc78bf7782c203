/* lb-train-page.c — the Train page: the settings form, the run, and the monitor that shows it.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The page owns the run and its phase (idle, preparing, running, paused) and offers it as the
 * actions train.start, train.pause (stateful: TRUE while paused) and train.stop; what a run is
 * made of comes from LbTrainForm, what it shows goes to LbTrainMonitor.
 *
 * Every run is kept: it is an experiment of one loss and one seed in the run store, trained by
 * LbExperiment like a comparison's runs, so it has weights, a history and test results, shows
 * in History, and can be resumed, reopened in Compare, exported and compared with others.
 *
 * Training size: the model preset fixes the image size (tiny 64², quick 128², poster 256²), and
 * the data are loaded at that size (lb_data_source_load_at_size_async: the demo set is generated
 * at it, a folder is reloaded through the dataset cache), never resampled here: the same
 * decoding and mask rule as the CLI, so a GUI run and a CLI run see the same pixels. */

#include "lb-config.h"

#include "lb-error.h"
#include "lb-experiment-open.h"
#include "lb-latency-probe.h"
#include "lb-run-store.h"
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
  LbExperiment *experiment;     /* the run, as a one-run experiment of the run store */
  LbTrainer *trainer;           /* its trainer, from the first batch on */
  LbDataset *train_dataset;     /* the images the previews show, at the model's size */
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
  PROP_RUNNING,
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
  gboolean was_running = self->phase != PHASE_IDLE;

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
  if ((phase != PHASE_IDLE) != was_running)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PHASE]);
}

gboolean
lb_train_page_get_running (LbTrainPage *self)
{
  g_return_val_if_fail (LB_IS_TRAIN_PAGE (self), FALSE);

  return self->phase != PHASE_IDLE;
}

gboolean
lb_train_page_release_experiment (LbTrainPage *self,
                                  const char  *folder,
                                  GError     **error)
{
  g_return_val_if_fail (LB_IS_TRAIN_PAGE (self), FALSE);

  if (self->experiment == NULL || !lb_experiment_is_in (self->experiment, folder))
    return TRUE;
  if (self->phase != PHASE_IDLE)
    {
      g_set_error (error, LB_ERROR, LB_ERROR_FAILED,
                   "This run is training on the Train page. Stop it there first.");
      return FALSE;
    }
  /* The charts keep what the run showed; only the folder goes. */
  g_signal_handlers_disconnect_by_data (self->experiment, self);
  g_clear_object (&self->experiment);
  return TRUE;
}

GtkWindow *
lb_train_page_show_push (LbTrainPage *self)
{
  g_return_val_if_fail (LB_IS_TRAIN_PAGE (self), NULL);

  return lb_train_monitor_show_push (self->monitor);
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
lb_train_page_progress (LbExperiment *experiment,
                        LbTrainPage  *self)
{
  g_autoptr (LbTrainer) trainer = NULL;
  int epochs;

  if (experiment != self->experiment)
    return;
  trainer = lb_experiment_dup_current_trainer (experiment);
  /* Once the run has ended the experiment lets go of its trainer: its last state is ours. */
  if (trainer == NULL && self->trainer != NULL)
    trainer = g_object_ref (self->trainer);
  if (trainer == NULL)
    return;
  if (trainer != self->trainer)
    {
      /* The run's trainer exists from its first batch on: from now on it can pause. */
      g_set_object (&self->trainer, trainer);
      lb_train_monitor_begin_run (self->monitor, trainer, self->train_dataset);
      if (self->phase == PHASE_PAUSED)
        lb_trainer_pause (trainer);
    }
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
  if (self->experiment != NULL)
    g_signal_handlers_disconnect_by_data (self->experiment, self);
  g_clear_object (&self->experiment);
  g_clear_object (&self->trainer);
  g_clear_object (&self->train_dataset);
}

/* "Kept in History" with a button that opens the run in Compare, where it can be evaluated,
 * exported and compared. */
static void
lb_train_page_toast_kept (LbTrainPage *self,
                          const char  *text)
{
  AdwToast *toast = adw_toast_new (text);

  adw_toast_set_button_label (toast, "_Open in Compare");
  adw_toast_set_action_name (toast, "win.open-experiment");
  adw_toast_set_action_target_value (toast,
                                     g_variant_new_string (lb_experiment_get_folder (self->experiment)));
  lb_window_toast_take (GTK_WIDGET (self), toast);
}

static void
run_done (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  LbTrainPage *self = user_data;
  LbExperiment *experiment = LB_EXPERIMENT (source);
  g_autoptr (GError) error = NULL;

  lb_experiment_run_finish (experiment, result, &error);
  if (experiment == self->experiment)
    {
      LbRunInfo run;

      lb_train_page_progress (experiment, self);
      lb_experiment_get_run (experiment, 0, &run);
      if (error != NULL && g_error_matches (error, LB_ERROR, LB_ERROR_CANCELLED))
        lb_train_page_toast_kept (self, "Training stopped; the run is kept in History, where it "
                                        "can be resumed.");
      else if (error != NULL)
        lb_window_show_error (GTK_WIDGET (self), "Training Stopped", error->message);
      else if (run.state == LB_RUN_FAILED)
        lb_window_show_error (GTK_WIDGET (self), "Training Failed",
                              run.message != NULL ? run.message : "The run failed.");
      else
        {
          g_autofree char *text = g_strdup_printf ("Test IoU %.3f; the run is kept in History.",
                                                   run.test_mean.value[NN_METRIC_IOU]);

          lb_train_monitor_show_result (self->monitor, &run);
          lb_train_page_toast_kept (self, text);
        }
      lb_run_info_clear (&run);
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
experiment_created (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  LbTrainPage *self = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (LbExperiment) experiment = lb_experiment_open_finish (result, &error);

  if (!lb_train_page_still_preparing (self))
    {
      g_object_unref (self);
      return;
    }
  if (experiment == NULL)
    {
      lb_train_page_fail (self, error);
      g_object_unref (self);
      return;
    }

  self->experiment = g_steal_pointer (&experiment);
  self->epochs_done = 0;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EPOCHS_DONE]);
  g_signal_connect (self->experiment, "progress", G_CALLBACK (lb_train_page_progress), self);
  lb_latency_probe_start (self->latency);
  lb_train_page_set_phase (self, PHASE_RUNNING);
  lb_train_monitor_set_status (self->monitor, "Initialising the network…");
  lb_experiment_run_async (self->experiment, self->cancellable, run_done, g_object_ref (self));
  g_object_unref (self);
}

/* The form's run as an experiment of one loss and one seed, on the Data page's data: the
 * run store keeps its weights, history and test results like any comparison's. NULL when it
 * can run, else what to change. */
static char *
lb_train_page_get_experiment_config (LbTrainPage        *self,
                                     LbExperimentConfig *config)
{
  LbTrainConfig train;
  LbTrainPreset preset;

  lb_train_form_get_config (self->form, &train);
  train.n_previews = LB_TRAIN_MONITOR_N_PREVIEWS;
  lb_experiment_config_init (config, LB_TRAIN_PRESET_QUICK);
  g_free (config->preset);
  config->preset = g_strdup (lb_train_form_get_model_name (self->form));
  if (!lb_train_preset_from_string (config->preset, &preset))
    {
      g_free (config->preset);
      config->preset = g_strdup ("custom");
    }
  config->train = train;
  config->losses[0] = train.loss;
  config->n_losses = 1;
  config->first_seed = train.seed;
  config->n_seeds = 1;
  lb_data_source_apply_to_config (self->data_source, config);
  return lb_experiment_config_check (config);
}

/* The previews show the images the run trains on, at its size; the experiment loads its own
 * copy on its worker, in the same order. */
static void
dataset_ready (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  LbTrainPage *self = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (LbDataset) dataset = NULL;
  LbExperimentConfig config;
  g_autofree char *store = lb_run_store_default_root ();

  dataset = lb_data_source_load_at_size_finish (LB_DATA_SOURCE (source), result, &error);
  if (!lb_train_page_still_preparing (self))
    {
      g_object_unref (self);
      return;
    }
  if (dataset == NULL)
    {
      lb_train_page_fail (self, error);
      g_object_unref (self);
      return;
    }
  self->train_dataset = g_steal_pointer (&dataset);
  lb_train_monitor_set_status (self->monitor, "Creating the run’s folder…");
  lb_train_page_get_experiment_config (self, &config);
  lb_experiment_create_async (&config, store, self->cancellable, experiment_created, self);
  lb_experiment_config_clear (&config);
}

static void
lb_train_page_start (LbTrainPage *self)
{
  LbExperimentConfig config;
  g_autofree char *problem = NULL;
  g_autofree char *text = NULL;

  if (self->phase != PHASE_IDLE)
    return;
  problem = lb_train_page_get_experiment_config (self, &config);
  if (problem != NULL)
    {
      lb_window_show_error (GTK_WIDGET (self), "Cannot Start This Run", problem);
      lb_experiment_config_clear (&config);
      return;
    }
  lb_train_form_remember (self->form);
  lb_train_page_clear_run (self);
  lb_train_monitor_begin (self->monitor, &config.train);
  self->cancellable = g_cancellable_new ();
  lb_train_page_set_phase (self, PHASE_PREPARING);
  text = g_strdup_printf ("Preparing the images at %d×%d…", config.train.net.size,
                          config.train.net.size);
  lb_train_monitor_prepare (self->monitor, text);
  lb_data_source_load_at_size_async (self->data_source, config.train.net.size, self->cancellable,
                                     dataset_ready, g_object_ref (self));
  lb_experiment_config_clear (&config);
}

static void
lb_train_page_set_paused (LbTrainPage *self,
                          gboolean     paused)
{
  if (paused && self->phase == PHASE_RUNNING)
    {
      /* Before its first batch the run has no trainer yet: it pauses when it has one. */
      if (self->trainer != NULL)
        lb_trainer_pause (self->trainer);
      lb_train_page_set_phase (self, PHASE_PAUSED);
      lb_train_monitor_set_status (self->monitor, "Pausing after this batch…");
    }
  else if (!paused && self->phase == PHASE_PAUSED)
    {
      if (self->trainer != NULL)
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
  lb_train_form_set_dataset (self->form, dataset);
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
    case PROP_RUNNING:
      g_value_set_boolean (value, self->phase != PHASE_IDLE);
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
  properties[PROP_RUNNING] = g_param_spec_boolean ("running", NULL, NULL, FALSE,
                                                   G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY
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
