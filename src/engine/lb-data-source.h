/* lb-data-source.h — the dataset the window works on: a folder or the demo set, loaded on a
 * worker thread, shared by every page; the same data at another size, for training.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One per window. The Data page shows it and asks it to open; the Train and Compare pages
 * read it and load it at the size their model wants. Properties, all read-only and notified
 * explicitly: "dataset", "folders", "busy", "loading-folders", "loaded", "total". When a load
 * ends, busy, folders and dataset are all set before any of them is notified, then they are
 * notified in that order: whoever listens to "dataset" finds the source idle, and whoever
 * listens to "busy" can tell a load that brought a new dataset (the dataset changed) from one
 * that did not. A load that fails emits "load-failed" (folders, or NULL for the demo set, and
 * the error) after "busy"; one that is cancelled emits nothing more. */
#pragma once

#include <gio/gio.h>

#include "lb-dataset.h"
#include "lb-experiment-config.h"

G_BEGIN_DECLS

/* The demo set the app shows and trains on (comparisons use the same phantoms). */
#define LB_DEMO_SEED 20260501

#define LB_TYPE_DATA_SOURCE (lb_data_source_get_type ())
G_DECLARE_FINAL_TYPE (LbDataSource, lb_data_source, LB, DATA_SOURCE, GObject)

LbDataSource       *lb_data_source_new                (void);

/* The dataset open now, or NULL before the first one. */
LbDataset          *lb_data_source_get_dataset        (LbDataSource *self);
/* The folders it came from (one, or several opened together), or NULL for the demo set. */
const char *const  *lb_data_source_get_folders        (LbDataSource *self);
gboolean            lb_data_source_get_busy           (LbDataSource *self);
/* While busy: the folders being opened (NULL while the demo set is made), and how many of how
 * many pairs are decoded so far (@total stays 0 until it is known). */
const char *const  *lb_data_source_get_loading_folders (LbDataSource *self);
guint               lb_data_source_get_loaded         (LbDataSource *self);
guint               lb_data_source_get_total          (LbDataSource *self);

/* Makes the demo set (lb_demo_set_shape) on a worker thread. */
void                lb_data_source_open_demo          (LbDataSource       *self);
/* One folder, or several (e.g. Montgomery and Shenzhen) loaded as one dataset. */
void                lb_data_source_open_folders       (LbDataSource       *self,
                                                       const char *const  *folders);
/* Gives up the load under way, if any; the dataset open before stays. */
void                lb_data_source_cancel             (LbDataSource       *self);

/* The same data at @size×@size, for training: the dataset itself when it already has that
 * size, else the demo set made again or the folders loaded again (from the cache when it
 * can), on a worker thread. Fails with LB_ERROR_EMPTY when no dataset is open. */
void                lb_data_source_load_at_size_async (LbDataSource        *self,
                                                       guint                size,
                                                       GCancellable        *cancellable,
                                                       GAsyncReadyCallback  callback,
                                                       gpointer             user_data);
LbDataset          *lb_data_source_load_at_size_finish (LbDataSource  *self,
                                                        GAsyncResult  *result,
                                                        GError       **error);

/* "cxr", or "MontgomerySet + ChinaSet_AllFiles": the folders' names for titles. */
char               *lb_folders_display_name           (const char *const *folders);

/* Gives CONFIG the data open now: its folders, or the same demo phantoms (their count and
 * LB_DEMO_SEED), so that an experiment trains on what the window shows. */
void                lb_data_source_apply_to_config    (LbDataSource       *self,
                                                       LbExperimentConfig *config);

/* The demo set's size from LOSSBENCH_DEMO=COUNTxSIZE (tests use a small one), else 96×256. */
void                lb_demo_set_shape                 (guint *count,
                                                       guint *size);

G_END_DECLS
