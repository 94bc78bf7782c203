/* lb-experiment-open.h — creating and opening experiments on a worker thread, for a window that
 * must not wait for the disk.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "lb-experiment.h"

G_BEGIN_DECLS

/* lb_experiment_new() in a new folder of @store named after the local time
 * (YYYY-MM-DD-HHMMSS, with -2, -3, … when taken). */
void          lb_experiment_create_async  (const LbExperimentConfig *config,
                                           const char               *store,
                                           GCancellable             *cancellable,
                                           GAsyncReadyCallback       callback,
                                           gpointer                  user_data);
/* lb_experiment_open() of @folder. */
void          lb_experiment_open_async    (const char               *folder,
                                           GCancellable             *cancellable,
                                           GAsyncReadyCallback       callback,
                                           gpointer                  user_data);
/* Either one's result. */
LbExperiment *lb_experiment_open_finish   (GAsyncResult             *result,
                                           GError                  **error);

G_END_DECLS
