/* lb-compare-page.c — the Compare page: losses × seeds, paired, with their spread and significance.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The page holds the experiment and its histories, runs it, and hands both to its views: the
 * form (lb-compare-setup.c), the queue (lb-compare-queue.c), the status and chart
 * (lb-compare-monitor.c), and the results read from disk by the metric chosen
 * (lb-compare-results.c: the table, the pairwise differences, the gallery and the per-image
 * browser). It owns the compare.* actions. */

#include "lb-config.h"

#include "lb-cluster-cancel.h"
#include "lb-compare-export.h"
#include "lb-compare-monitor.h"
#include "lb-compare-page.h"
#include "lb-compare-queue.h"
#include "lb-compare-results.h"
#include "lb-compare-setup.h"
#include "lb-error.h"
#include "lb-experiment-curves.h"
#include "lb-experiment-open.h"
#include "lb-experiment-watch.h"
#include "lb-latency-probe.h"
#include "lb-run-store.h"
#include "lb-slurm-job.h"
#include "lb-window.h"

struct _LbComparePage
{
  AdwBin parent_instance;

  LbDataSource *data_source;   /* not owned: the window's */
  LbExperiment *experiment;
  LbExperimentCurves *curves;  /* the experiment's histories, from disk and live */
  LbExperimentWatch *watch;    /* while others (Slurm tasks, other processes) fill it */
  LbSlurmOptions slurm;        /* the comparison being made goes to Slurm, when submit */
  gboolean submit;
  char *slurm_job_id;          /* the job of the experiment on show, which Stop cancels */
  GCancellable *cancellable;   /* the comparison under way */
  gboolean running;
  gboolean has_results;
  gboolean results_complete;   /* the results on show hold every run done so far */
  gboolean can_train;          /* the window's say: data loaded, nothing else training */
  guint current_run;
  LbLatencyProbe *latency;     /* the main loop's lateness while a comparison runs */

  /* Template children. */
  LbCompareSetup *setup;
  LbCompareQueue *queue;
  GtkStack *stack;
  LbCompareMonitor *monitor;
  LbCompareResults *results;
};

G_DEFINE_FINAL_TYPE (LbComparePage, lb_compare_page, ADW_TYPE_BIN)

enum
{
  PROP_0,
  PROP_RUNNING,
  PROP_HAS_RESULTS,
  PROP_RESULTS_COMPLETE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void lb_compare_page_show (LbComparePage *self);
static void lb_compare_page_update_queue (LbComparePage *self);

/* ---- state, and the actions that follow it ---- */

/* Stop cancels the Slurm job of an experiment on show that is not training here. */
static gboolean
lb_compare_page_can_cancel_job (LbComparePage *self)
{
  return !self->running && self->slurm_job_id != NULL && self->experiment != NULL
         && !lb_experiment_is_complete (self->experiment);
}

static void
lb_compare_page_sync_actions (LbComparePage *self)
{
  GtkWidget *widget = GTK_WIDGET (self);

  gtk_widget_action_set_enabled (widget, "compare.run", self->can_train && !self->running);
  gtk_widget_action_set_enabled (widget, "compare.resume", self->can_train && !self->running);
  gtk_widget_action_set_enabled (widget, "compare.stop",
                                 self->running || lb_compare_page_can_cancel_job (self));
  gtk_widget_action_set_enabled (widget, "compare.export", self->has_results);
}

gboolean
lb_compare_page_get_running (LbComparePage *self)
{
  g_return_val_if_fail (LB_IS_COMPARE_PAGE (self), FALSE);

  return self->running;
}

gboolean
lb_compare_page_get_has_results (LbComparePage *self)
{
  g_return_val_if_fail (LB_IS_COMPARE_PAGE (self), FALSE);

  return self->has_results;
}

void
lb_compare_page_set_can_train (LbComparePage *self,
                               gboolean       can_train)
{
  g_return_if_fail (LB_IS_COMPARE_PAGE (self));

  self->can_train = can_train;
  lb_compare_page_sync_actions (self);
}

static void
lb_compare_page_set_running (LbComparePage *self,
                             gboolean       running)
{
  self->running = running;
  lb_compare_setup_set_editable (self->setup, !running);
  lb_compare_page_sync_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
}

static void
lb_compare_page_set_has_results (LbComparePage *self,
                                 gboolean       has_results)
{
  self->has_results = has_results;
  lb_compare_page_sync_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HAS_RESULTS]);
}

/* Reads the results again; until they arrive, those on show may lack the newest runs. */
static void
lb_compare_page_reload (LbComparePage *self)
{
  if (self->results_complete)
    {
      self->results_complete = FALSE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RESULTS_COMPLETE]);
    }
  lb_compare_results_reload (self->results);
}

/* Another process moved a run on: what the page shows follows. */
static void
lb_compare_page_watch_changed (LbExperimentWatch *watch,
                               LbComparePage     *self)
{
  if (lb_experiment_watch_get_experiment (watch) != self->experiment)
    return;
  lb_compare_page_update_queue (self);
  lb_compare_page_reload (self);
  lb_compare_page_set_has_results (self, lb_experiment_count_done (self->experiment) > 0);
  if (!self->running)
    lb_compare_monitor_describe (self->monitor, self->experiment);
}

/* The Slurm job the experiment on show was last submitted as, if any. */
static void
lb_compare_page_load_job (LbComparePage *self)
{
  g_autoptr (LbSlurmJob) job = NULL;

  g_clear_pointer (&self->slurm_job_id, g_free);
  if (self->experiment != NULL)
    job = lb_slurm_job_load (lb_experiment_get_folder (self->experiment), NULL);
  if (job != NULL)
    self->slurm_job_id = g_steal_pointer (&job->job_id);
  lb_compare_page_sync_actions (self);
}

/* Follows the experiment on show while it is not finished: another process may be filling
 * it, or may start to. */
static void
lb_compare_page_follow (LbComparePage *self)
{
  if (self->watch != NULL && lb_experiment_watch_get_experiment (self->watch) == self->experiment
      && lb_experiment_watch_is_active (self->watch))
    return;
  g_clear_object (&self->watch);
  if (self->experiment == NULL || lb_experiment_is_complete (self->experiment))
    return;
  self->watch = lb_experiment_watch_new (self->experiment);
  g_signal_connect_object (self->watch, "changed", G_CALLBACK (lb_compare_page_watch_changed),
                           self, 0);
}

/* The experiment on show, and a fresh record of its histories. */
static void
lb_compare_page_set_experiment (LbComparePage *self,
                                LbExperiment  *experiment)
{
  g_clear_object (&self->watch);
  g_clear_object (&self->experiment);
  g_clear_object (&self->curves);
  g_clear_pointer (&self->slurm_job_id, g_free);
  self->experiment = experiment;
  self->curves = lb_experiment_curves_new_for_experiment (experiment);
  lb_compare_results_set_experiment (self->results, experiment);
}

gboolean
lb_compare_page_release_experiment (LbComparePage *self,
                                    const char    *folder,
                                    GError       **error)
{
  g_return_val_if_fail (LB_IS_COMPARE_PAGE (self), FALSE);

  if (self->experiment == NULL || !lb_experiment_is_in (self->experiment, folder))
    return TRUE;
  if (self->running)
    {
      g_set_error (error, LB_ERROR, LB_ERROR_FAILED,
                   "This experiment is running on the Compare page. Stop it there first.");
      return FALSE;
    }
  g_clear_object (&self->watch);
  g_clear_object (&self->experiment);
  g_clear_object (&self->curves);
  g_clear_pointer (&self->slurm_job_id, g_free);
  lb_compare_results_set_experiment (self->results, NULL);
  gtk_stack_set_visible_child_name (self->stack, "empty");
  lb_compare_page_set_has_results (self, FALSE);
  return TRUE;
}

/* The queue's states and the share of runs done. */
static void
lb_compare_page_update_queue (LbComparePage *self)
{
  guint done = lb_compare_queue_update (self->queue, self->experiment, self->curves);

  lb_compare_monitor_set_runs_done (self->monitor, done,
                                    lb_experiment_get_n_runs (self->experiment));
}

/* ---- results read from disk ---- */

/* The histories read from disk replace the live ones: the next progress brings the epochs
 * after them. */
static void
lb_compare_page_results_loaded (LbCompareResults          *view,
                                const LbExperimentResults *results,
                                LbComparePage             *self)
{
  guint shown = 0;
  gboolean complete;

  lb_experiment_curves_set_histories (self->curves, results->histories);
  lb_compare_monitor_update_chart (self->monitor, self->experiment, self->curves);
  lb_compare_page_update_queue (self);
  for (guint l = 0; results->summary != NULL && l < results->summary->losses->len; l++)
    shown += g_array_index (results->summary->losses, LbLossSummary, l).n_runs;
  complete = shown == lb_experiment_count_done (self->experiment);
  if (complete != self->results_complete)
    {
      self->results_complete = complete;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RESULTS_COMPLETE]);
    }
}

gboolean
lb_compare_page_get_results_complete (LbComparePage *self)
{
  g_return_val_if_fail (LB_IS_COMPARE_PAGE (self), FALSE);

  return self->results_complete;
}

/* ---- running ---- */

static void
lb_compare_page_progress (LbExperiment  *experiment,
                          LbComparePage *self)
{
  g_autoptr (LbTrainer) trainer = NULL;
  g_autoptr (LbTrainerSnapshot) snap = NULL;

  if (experiment != self->experiment)
    return;
  trainer = lb_experiment_dup_current_trainer (experiment);
  if (trainer == NULL)
    return;
  /* Only the epochs the page does not have yet; no batches. */
  snap = lb_trainer_get_progress_since (trainer, G_MAXUINT,
                                        lb_experiment_curves_get_n_epochs (self->curves,
                                                                           self->current_run));
  lb_compare_monitor_show_progress (self->monitor, experiment, self->current_run, snap);
  /* The running run's curve, from its live snapshot. */
  if (snap->epochs_done->len > 0)
    {
      lb_experiment_curves_add_epochs (self->curves, self->current_run, snap->first_epoch,
                                       (const LbEpochRecord *) snap->epochs_done->data,
                                       snap->epochs_done->len);
      lb_compare_monitor_update_chart (self->monitor, self->experiment, self->curves);
      lb_compare_page_update_queue (self);
    }
}

static void
lb_compare_page_run_started (LbExperiment  *experiment,
                             guint          index,
                             LbComparePage *self)
{
  self->current_run = index;
  lb_compare_page_update_queue (self);
}

static void
lb_compare_page_run_finished (LbExperiment  *experiment,
                              guint          index,
                              LbComparePage *self)
{
  lb_compare_page_update_queue (self);
  lb_compare_page_reload (self);
  lb_compare_page_set_has_results (self, TRUE);
}

static void
run_done (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  LbComparePage *self = user_data;
  LbExperiment *experiment = LB_EXPERIMENT (source);
  g_autoptr (GError) error = NULL;

  lb_experiment_run_finish (experiment, result, &error);
  if (experiment == self->experiment)
    {
      g_autofree char *detail = g_strdup_printf ("runs=%u", lb_experiment_get_n_runs (experiment));

      lb_latency_probe_stop (self->latency, detail);
      g_clear_object (&self->cancellable);
      lb_compare_page_set_running (self, FALSE);
      lb_compare_page_show (self);
      if (error != NULL && g_error_matches (error, LB_ERROR, LB_ERROR_CANCELLED))
        {
          AdwToast *toast = adw_toast_new ("Comparison stopped; finished runs are kept.");

          /* The toast lives in the window, outside the page: a window action. */
          adw_toast_set_button_label (toast, "_Resume");
          adw_toast_set_action_name (toast, "win.resume-comparison");
          lb_window_toast_take (GTK_WIDGET (self), toast);
        }
      else if (error != NULL)
        lb_window_show_error (GTK_WIDGET (self), "Comparison Stopped", error->message);
    }
  g_object_unref (self);
}

/* Everything the page shows of the experiment, read again from disk. */
static void
lb_compare_page_show (LbComparePage *self)
{
  gtk_stack_set_visible_child_name (self->stack, "results");
  lb_compare_queue_set_experiment (self->queue, self->experiment);
  lb_compare_page_update_queue (self);
  lb_compare_page_reload (self);
  /* Something to export once a run is done. */
  lb_compare_page_set_has_results (self, lb_experiment_count_done (self->experiment) > 0);
  if (!self->running)
    lb_compare_monitor_describe (self->monitor, self->experiment);
  lb_compare_page_load_job (self);
  lb_compare_page_follow (self);
}

static void
lb_compare_page_run (LbComparePage *self)
{
  self->cancellable = g_cancellable_new ();
  lb_compare_page_set_running (self, TRUE);
  g_signal_connect_object (self->experiment, "progress", G_CALLBACK (lb_compare_page_progress),
                           self, 0);
  g_signal_connect_object (self->experiment, "run-started",
                           G_CALLBACK (lb_compare_page_run_started), self, 0);
  g_signal_connect_object (self->experiment, "run-finished",
                           G_CALLBACK (lb_compare_page_run_finished), self, 0);
  lb_compare_page_show (self);
  lb_compare_monitor_set_status (self->monitor, "Loading the data…");
  lb_latency_probe_start (self->latency);
  lb_experiment_run_async (self->experiment, self->cancellable, run_done, g_object_ref (self));
}

/* ---- handing a comparison to Slurm ---- */

/* sbatch on a worker thread: it asks the cluster's controller, which may take a while. */
static void
submit_in_thread (GTask        *task,
                  gpointer      source,
                  gpointer      data,
                  GCancellable *cancellable)
{
  LbComparePage *self = source;
  g_auto (GStrv) command = lb_slurm_dup_cli_command ();
  GError *error = NULL;
  g_autofree char *why = lb_slurm_options_check (&self->slurm);
  LbSlurmJob *job = NULL;

  if (why != NULL)
    error = g_error_new_literal (LB_ERROR, LB_ERROR_INVALID_INPUT, why);
  else
    job = lb_slurm_job_submit (data, &self->slurm, (const char *const *) command, &error);
  if (job != NULL)
    g_task_return_pointer (task, job, (GDestroyNotify) lb_slurm_job_free);
  else
    g_task_return_error (task, error);
}

static void
submitted (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  LbComparePage *self = LB_COMPARE_PAGE (source);
  g_autoptr (GError) error = NULL;
  g_autoptr (LbSlurmJob) job = g_task_propagate_pointer (G_TASK (result), &error);

  lb_slurm_options_clear (&self->slurm);
  lb_compare_page_set_running (self, FALSE);
  if (self->experiment != NULL)
    lb_compare_page_show (self);
  if (job == NULL)
    {
      g_autofree char *text = g_strdup_printf ("%s The experiment is kept: run it here with "
                                               "Resume, or submit it with lossbench-cli resume "
                                               "EXP --submit slurm.", error->message);

      lb_window_show_error (GTK_WIDGET (self), "Cannot Submit to Slurm", text);
    }
  else
    {
      g_autofree char *text = g_strdup_printf ("Submitted Slurm job %s: %u tasks, followed "
                                               "here as they run", job->job_id, job->tasks->len);
      g_autofree char *warning = self->experiment != NULL
                                   ? lb_slurm_dup_sharing_warning (self->experiment) : NULL;

      lb_window_toast (GTK_WIDGET (self), text);
      if (warning != NULL)
        lb_window_show_error (GTK_WIDGET (self), "The Nodes May Not See the Experiment",
                              warning);
    }
}

static void
lb_compare_page_submit (LbComparePage *self)
{
  g_autoptr (GTask) task = g_task_new (self, NULL, submitted, NULL);

  lb_compare_monitor_set_status (self->monitor, "Submitting to Slurm…");
  g_task_set_task_data (task, g_object_ref (self->experiment), g_object_unref);
  g_task_run_in_thread (task, submit_in_thread);
}

static void
experiment_created (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  LbComparePage *self = user_data;
  g_autoptr (GError) error = NULL;
  LbExperiment *experiment = lb_experiment_open_finish (result, &error);

  if (experiment == NULL)
    {
      lb_slurm_options_clear (&self->slurm);
      lb_compare_page_set_running (self, FALSE);
      lb_window_show_error (GTK_WIDGET (self), "Cannot Create the Experiment", error->message);
    }
  else if (self->submit)
    {
      lb_compare_page_set_experiment (self, experiment);
      lb_compare_page_submit (self);
    }
  else
    {
      lb_compare_page_set_experiment (self, experiment);
      lb_compare_page_run (self);
    }
  g_object_unref (self);
}

/* compare.run: a new experiment from the form's choices, on the Data page's data. */
static void
lb_compare_page_run_action (GtkWidget  *widget,
                            const char *action_name,
                            GVariant   *parameter)
{
  LbComparePage *self = LB_COMPARE_PAGE (widget);
  LbExperimentConfig config;
  g_autofree char *store = lb_run_store_default_root ();
  g_autofree char *problem = NULL;

  if (self->running || self->data_source == NULL
      || lb_data_source_get_dataset (self->data_source) == NULL)
    return;

  problem = lb_compare_setup_get_config (self->setup, &config);
  /* Ranked and exported by the chosen metric, in pixels unless the images have a spacing. */
  config.compare_metric = lb_compare_results_get_metric (self->results);
  if (!config.metrics.has_spacing)
    config.compare_metric = lb_metric_in_kind (config.compare_metric, LB_METRIC_KIND_PIXELS);
  /* The data on the Data page: its folder, or the same demo phantoms. */
  lb_data_source_apply_to_config (self->data_source, &config);

  if (problem == NULL)
    problem = lb_experiment_config_check (&config);
  if (problem != NULL)
    {
      lb_window_show_error (GTK_WIDGET (self), "Cannot Run This Comparison", problem);
      lb_experiment_config_clear (&config);
      return;
    }

  /* On a cluster, each task trains with as many threads as it has CPUs. */
  self->submit = lb_compare_setup_get_slurm (self->setup, &self->slurm);
  if (self->submit)
    config.train.threads = self->slurm.cpus_per_task;

  /* Its folder and configuration are written on a worker thread; the controls lock now. */
  lb_compare_page_set_running (self, TRUE);
  lb_compare_monitor_set_status (self->monitor, "Creating the experiment…");
  lb_experiment_create_async (&config, store, NULL, experiment_created, g_object_ref (self));
  lb_experiment_config_clear (&config);
}

/* The job is gone: its tasks stop after their batch and free their runs, which the watch
 * shows. */
static void
lb_compare_page_job_cancelled (GtkWidget *widget,
                               gpointer   experiment)
{
  LbComparePage *self = LB_COMPARE_PAGE (widget);

  if (experiment != self->experiment)
    return;
  g_clear_pointer (&self->slurm_job_id, g_free);
  lb_compare_page_sync_actions (self);
}

/* compare.stop: the comparison training here, after its batch; or, for an experiment the
 * cluster trains, its Slurm job, once the user confirms. */
static void
lb_compare_page_stop_action (GtkWidget  *widget,
                             const char *action_name,
                             GVariant   *parameter)
{
  LbComparePage *self = LB_COMPARE_PAGE (widget);

  if (self->cancellable != NULL)
    {
      g_cancellable_cancel (self->cancellable);
      lb_compare_monitor_set_status (self->monitor, "Stopping after this batch…");
    }
  else if (lb_compare_page_can_cancel_job (self))
    lb_cluster_cancel_confirm (widget, self->slurm_job_id,
                               lb_experiment_get_n_runs (self->experiment)
                               - lb_experiment_count_done (self->experiment),
                               lb_compare_page_job_cancelled, self->experiment);
}

static void
lb_compare_page_resume_action (GtkWidget  *widget,
                               const char *action_name,
                               GVariant   *parameter)
{
  LbComparePage *self = LB_COMPARE_PAGE (widget);

  if (self->running || self->experiment == NULL || lb_experiment_is_complete (self->experiment))
    return;
  lb_compare_page_run (self);
}

static void
lb_compare_page_export_action (GtkWidget  *widget,
                               const char *action_name,
                               GVariant   *parameter)
{
  LbComparePage *self = LB_COMPARE_PAGE (widget);

  if (self->experiment != NULL)
    lb_compare_export_csv (widget, self->experiment,
                           lb_compare_results_get_metric (self->results));
}

/* ---- opening an experiment of the run store ---- */

typedef struct
{
  LbComparePage *self;
  gboolean resume;
} OpenRequest;

static void
experiment_opened (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  OpenRequest *request = user_data;
  LbComparePage *self = request->self;
  g_autoptr (GError) error = NULL;
  LbExperiment *experiment = lb_experiment_open_finish (result, &error);

  if (experiment == NULL)
    lb_window_show_error (GTK_WIDGET (self), "Cannot Open the Experiment", error->message);
  else if (self->running)
    {
      g_object_unref (experiment);
      lb_window_toast (GTK_WIDGET (self), "A comparison is running; stop it before opening another.");
    }
  else
    {
      lb_compare_page_set_experiment (self, experiment);
      if (request->resume && !lb_experiment_is_complete (experiment))
        lb_compare_page_run (self);
      else
        lb_compare_page_show (self);
    }
  g_object_unref (self);
  g_free (request);
}

void
lb_compare_page_open (LbComparePage *self,
                      const char    *folder,
                      gboolean       resume)
{
  OpenRequest *request;

  g_return_if_fail (LB_IS_COMPARE_PAGE (self));

  if (self->running)
    {
      lb_window_toast (GTK_WIDGET (self), "A comparison is running; stop it before opening another.");
      return;
    }
  request = g_new0 (OpenRequest, 1);
  request->self = g_object_ref (self);
  request->resume = resume;
  lb_experiment_open_async (folder, NULL, experiment_opened, request);
}

/* ---- GObject ---- */

/* The augmentation preview shows the open dataset's first image. */
static void
lb_compare_page_dataset_changed (LbComparePage *self)
{
  lb_compare_setup_set_dataset (self->setup, lb_data_source_get_dataset (self->data_source));
}

void
lb_compare_page_set_data_source (LbComparePage *self,
                                 LbDataSource  *data_source)
{
  g_return_if_fail (LB_IS_COMPARE_PAGE (self));

  self->data_source = data_source;
  lb_compare_results_set_data_source (self->results, data_source);
  g_signal_connect_object (data_source, "notify::dataset",
                           G_CALLBACK (lb_compare_page_dataset_changed), self,
                           G_CONNECT_SWAPPED);
  lb_compare_page_dataset_changed (self);
}

static void
lb_compare_page_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  LbComparePage *self = LB_COMPARE_PAGE (object);

  switch (prop_id)
    {
    case PROP_RUNNING:
      g_value_set_boolean (value, self->running);
      break;
    case PROP_HAS_RESULTS:
      g_value_set_boolean (value, self->has_results);
      break;
    case PROP_RESULTS_COMPLETE:
      g_value_set_boolean (value, self->results_complete);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lb_compare_page_dispose (GObject *object)
{
  LbComparePage *self = LB_COMPARE_PAGE (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (object), LB_TYPE_COMPARE_PAGE);

  G_OBJECT_CLASS (lb_compare_page_parent_class)->dispose (object);
}

static void
lb_compare_page_finalize (GObject *object)
{
  LbComparePage *self = LB_COMPARE_PAGE (object);

  g_clear_object (&self->watch);
  g_clear_object (&self->experiment);
  g_clear_object (&self->curves);
  g_clear_object (&self->cancellable);
  lb_slurm_options_clear (&self->slurm);
  g_free (self->slurm_job_id);
  g_clear_pointer (&self->latency, lb_latency_probe_free);

  G_OBJECT_CLASS (lb_compare_page_parent_class)->finalize (object);
}

static void
lb_compare_page_class_init (LbComparePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = lb_compare_page_get_property;
  object_class->dispose = lb_compare_page_dispose;
  object_class->finalize = lb_compare_page_finalize;

  properties[PROP_RUNNING] = g_param_spec_boolean ("running", NULL, NULL, FALSE,
                                                   G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY
                                                   | G_PARAM_STATIC_STRINGS);
  properties[PROP_HAS_RESULTS] = g_param_spec_boolean ("has-results", NULL, NULL, FALSE,
                                                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY
                                                       | G_PARAM_STATIC_STRINGS);
  properties[PROP_RESULTS_COMPLETE] = g_param_spec_boolean ("results-complete", NULL, NULL,
                                                            FALSE,
                                                            G_PARAM_READABLE
                                                            | G_PARAM_EXPLICIT_NOTIFY
                                                            | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_install_action (widget_class, "compare.run", NULL, lb_compare_page_run_action);
  gtk_widget_class_install_action (widget_class, "compare.stop", NULL,
                                   lb_compare_page_stop_action);
  gtk_widget_class_install_action (widget_class, "compare.resume", NULL,
                                   lb_compare_page_resume_action);
  gtk_widget_class_install_action (widget_class, "compare.export", NULL,
                                   lb_compare_page_export_action);

  g_type_ensure (LB_TYPE_COMPARE_SETUP);
  g_type_ensure (LB_TYPE_COMPARE_QUEUE);
  g_type_ensure (LB_TYPE_COMPARE_MONITOR);
  g_type_ensure (LB_TYPE_COMPARE_RESULTS);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/lossbench/Lossbench/ui/lb-compare-page.ui");
  gtk_widget_class_bind_template_child (widget_class, LbComparePage, setup);
  gtk_widget_class_bind_template_child (widget_class, LbComparePage, queue);
  gtk_widget_class_bind_template_child (widget_class, LbComparePage, stack);
  gtk_widget_class_bind_template_child (widget_class, LbComparePage, monitor);
  gtk_widget_class_bind_template_child (widget_class, LbComparePage, results);
}

static void
lb_compare_page_init (LbComparePage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->latency = lb_latency_probe_new ("compare");
  g_signal_connect_object (self->results, "loaded",
                           G_CALLBACK (lb_compare_page_results_loaded), self, 0);
  lb_compare_page_sync_actions (self);
}
