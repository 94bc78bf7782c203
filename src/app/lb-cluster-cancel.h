/* lb-cluster-cancel.h — cancelling an experiment's Slurm job from the window: a confirmation,
 * then scancel on a worker thread (it asks the cluster's controller), then a toast that says
 * what it did. Finished runs stay; the others resume later, here or on the cluster.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

typedef void (*LbClusterCancelled) (GtkWidget *from,
                                    gpointer   user_data);

/* Asks whether to cancel Slurm job JOB_ID, which holds N_LEFT unfinished runs of the
 * experiment shown by FROM; once it is cancelled (or found to have ended already), DONE is
 * called on FROM with USER_DATA. */
void lb_cluster_cancel_confirm (GtkWidget          *from,
                                const char         *job_id,
                                guint               n_left,
                                LbClusterCancelled  done,
                                gpointer            user_data);

G_END_DECLS
