/* lb-history.h — a run's per-epoch history as a CSV file (one row per epoch).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "lb-trainer.h"

G_BEGIN_DECLS

/* Columns: epoch, train_loss, val_loss, train_<metric>…, val_<metric>…, learning_rate,
 * seconds, best, collapsed (metric names from nn_metric_to_string), then val_hd95, val_missed,
 * val_hd95_mm (empty where not measured). */
gboolean lb_history_save (const char *path,
                          const LbEpochRecord *records,
                          guint n_records,
                          GError **error);

/* An array of LbEpochRecord; an absent file is an empty history. A history written before the
 * last three columns existed loads with val_hd95 and val_hd95_mm NaN and val_missed −1. */
GArray *lb_history_load (const char *path, GError **error);

G_END_DECLS
