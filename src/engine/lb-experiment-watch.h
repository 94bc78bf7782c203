/* lb-experiment-watch.h — follows an experiment that other processes fill: Slurm tasks on
 * other nodes, a `lossbench-cli resume` in a terminal, another window.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A GFileMonitor on each run folder says when a file changes; where monitors do not fire (NFS
 * and the other network filesystems clusters share), a poll does, every second at first and
 * less often, up to every 30 s, while nothing changes. On either, the experiment's runs are
 * read again (lb_experiment_reload_runs) and "changed" is emitted when a run moved on. The
 * watch stops by itself once every run has ended. Main thread only. */
#pragma once

#include "lb-experiment.h"

G_BEGIN_DECLS

#define LB_TYPE_EXPERIMENT_WATCH (lb_experiment_watch_get_type ())
G_DECLARE_FINAL_TYPE (LbExperimentWatch, lb_experiment_watch, LB, EXPERIMENT_WATCH, GObject)

/* Starts following EXPERIMENT (kept referenced) in the thread-default main context. */
LbExperimentWatch *lb_experiment_watch_new (LbExperiment *experiment);
LbExperiment      *lb_experiment_watch_get_experiment (LbExperimentWatch *self);
/* Whether it still follows: FALSE once every run has ended. */
gboolean           lb_experiment_watch_is_active (LbExperimentWatch *self);
/* Reads the runs again now (as a monitor or the poll would). */
void               lb_experiment_watch_check (LbExperimentWatch *self);

G_END_DECLS
