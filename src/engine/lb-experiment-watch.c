/* lb-experiment-watch.c — follows an experiment that other processes fill.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "lb-experiment-watch.h"

#define FIRST_POLL_MS 1000
#define LAST_POLL_MS 30000
/* File events come in bursts (a checkpoint, a history, a claim's heartbeat): read once. */
#define SETTLE_MS 200

struct _LbExperimentWatch
{
  GObject parent_instance;

  LbExperiment *experiment;
  GPtrArray *monitors;         /* GFileMonitor, one per run folder and runs/ */
  guint poll_source;
  guint settle_source;
  guint poll_ms;
  gboolean active;
};

G_DEFINE_FINAL_TYPE (LbExperimentWatch, lb_experiment_watch, G_TYPE_OBJECT)

enum
{
  SIGNAL_CHANGED,
  N_SIGNALS
};
static guint signals[N_SIGNALS];

static gboolean on_poll (gpointer data);

static void
stop (LbExperimentWatch *self)
{
  self->active = FALSE;
  g_clear_handle_id (&self->poll_source, g_source_remove);
  g_clear_handle_id (&self->settle_source, g_source_remove);
  for (guint i = 0; i < self->monitors->len; i++)
    g_file_monitor_cancel (g_ptr_array_index (self->monitors, i));
  g_ptr_array_set_size (self->monitors, 0);
}

static void
schedule_poll (LbExperimentWatch *self)
{
  g_clear_handle_id (&self->poll_source, g_source_remove);
  self->poll_source = g_timeout_add (self->poll_ms, on_poll, self);
}

void
lb_experiment_watch_check (LbExperimentWatch *self)
{
  g_return_if_fail (LB_IS_EXPERIMENT_WATCH (self));
  if (!self->active)
    return;
  gboolean changed = lb_experiment_reload_runs (self->experiment);
  /* Back off while nothing happens; start over when something does. */
  self->poll_ms = changed ? FIRST_POLL_MS : MIN (self->poll_ms * 2, LAST_POLL_MS);
  if (lb_experiment_is_complete (self->experiment))
    stop (self);
  else
    schedule_poll (self);
  if (changed)
    g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
}

static gboolean
on_poll (gpointer data)
{
  LbExperimentWatch *self = data;
  self->poll_source = 0;
  lb_experiment_watch_check (self);
  return G_SOURCE_REMOVE;
}

static gboolean
on_settled (gpointer data)
{
  LbExperimentWatch *self = data;
  self->settle_source = 0;
  lb_experiment_watch_check (self);
  return G_SOURCE_REMOVE;
}

static void
on_file_changed (GFileMonitor *monitor, GFile *file, GFile *other, GFileMonitorEvent event,
                 gpointer data)
{
  LbExperimentWatch *self = data;
  if (self->settle_source == 0)
    self->settle_source = g_timeout_add (SETTLE_MS, on_settled, self);
}

static void
add_monitor (LbExperimentWatch *self, const char *path)
{
  /* A run not started has no folder yet: the poll sees it start. */
  if (!g_file_test (path, G_FILE_TEST_IS_DIR))
    return;
  g_autoptr (GFile) dir = g_file_new_for_path (path);
  GFileMonitor *monitor = g_file_monitor_directory (dir, G_FILE_MONITOR_NONE, NULL, NULL);
  if (monitor == NULL)
    return;  /* the poll alone, then */
  g_signal_connect (monitor, "changed", G_CALLBACK (on_file_changed), self);
  g_ptr_array_add (self->monitors, monitor);
}

LbExperimentWatch *
lb_experiment_watch_new (LbExperiment *experiment)
{
  g_return_val_if_fail (LB_IS_EXPERIMENT (experiment), NULL);
  LbExperimentWatch *self = g_object_new (LB_TYPE_EXPERIMENT_WATCH, NULL);
  self->experiment = g_object_ref (experiment);
  self->active = !lb_experiment_is_complete (experiment);
  if (!self->active)
    return self;

  const char *folder = lb_experiment_get_folder (experiment);
  g_autofree char *runs = g_build_filename (folder, "runs", NULL);
  add_monitor (self, runs);
  for (guint i = 0; i < lb_experiment_get_n_runs (experiment); i++)
    {
      LbRunInfo run;
      lb_experiment_get_run (experiment, i, &run);
      g_autofree char *dir = g_build_filename (runs, run.name, NULL);
      if (run.state != LB_RUN_DONE)
        add_monitor (self, dir);
      lb_run_info_clear (&run);
    }
  schedule_poll (self);
  return self;
}

LbExperiment *
lb_experiment_watch_get_experiment (LbExperimentWatch *self)
{
  g_return_val_if_fail (LB_IS_EXPERIMENT_WATCH (self), NULL);
  return self->experiment;
}

gboolean
lb_experiment_watch_is_active (LbExperimentWatch *self)
{
  g_return_val_if_fail (LB_IS_EXPERIMENT_WATCH (self), FALSE);
  return self->active;
}

static void
lb_experiment_watch_dispose (GObject *object)
{
  LbExperimentWatch *self = LB_EXPERIMENT_WATCH (object);
  if (self->monitors != NULL)
    stop (self);
  g_clear_object (&self->experiment);
  G_OBJECT_CLASS (lb_experiment_watch_parent_class)->dispose (object);
}

static void
lb_experiment_watch_finalize (GObject *object)
{
  LbExperimentWatch *self = LB_EXPERIMENT_WATCH (object);
  g_clear_pointer (&self->monitors, g_ptr_array_unref);
  G_OBJECT_CLASS (lb_experiment_watch_parent_class)->finalize (object);
}

static void
lb_experiment_watch_class_init (LbExperimentWatchClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  object_class->dispose = lb_experiment_watch_dispose;
  object_class->finalize = lb_experiment_watch_finalize;
  /* A run moved on: its state, epochs or holder changed. */
  signals[SIGNAL_CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass),
                                          G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE,
                                          0);
}

static void
lb_experiment_watch_init (LbExperimentWatch *self)
{
  self->monitors = g_ptr_array_new_with_free_func (g_object_unref);
  self->poll_ms = FIRST_POLL_MS;
}
