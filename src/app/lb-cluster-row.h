/* lb-cluster-row.h — "Run on a Slurm Cluster" in the Compare form: instead of training here,
 * the runs go to Slurm as one job array, with its partition, time limit and CPUs per task.
 * Bound to GSettings; where sbatch cannot be run, it is off and says why (asked on a worker
 * thread: inside the Flatpak it takes a process on the host).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "lb-slurm-job.h"

G_BEGIN_DECLS

#define LB_TYPE_CLUSTER_ROW (lb_cluster_row_get_type ())
G_DECLARE_FINAL_TYPE (LbClusterRow, lb_cluster_row, LB, CLUSTER_ROW, AdwExpanderRow)

/* Shows and edits compare-slurm, slurm-partition, slurm-time and slurm-cpus of SETTINGS. */
void     lb_cluster_row_bind         (LbClusterRow   *self,
                                      GSettings      *settings);
/* Whether the comparison goes to Slurm; then fills OPTIONS (clear them). */
gboolean lb_cluster_row_get_options  (LbClusterRow   *self,
                                      LbSlurmOptions *options);
/* Whether the user may change it (not while a comparison runs). */
void     lb_cluster_row_set_editable (LbClusterRow   *self,
                                      gboolean        editable);

G_END_DECLS
