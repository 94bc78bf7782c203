/* lb-data-page.h — the Data page: open a dataset, see how it paired up, browse images and masks.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "lb-dataset.h"

G_BEGIN_DECLS

/* The demo set the app shows and trains on (comparisons use the same phantoms). */
#define LB_DEMO_SEED 20260501

#define LB_TYPE_DATA_PAGE (lb_data_page_get_type ())

G_DECLARE_FINAL_TYPE (LbDataPage, lb_data_page, LB, DATA_PAGE, AdwBin)

/* The dataset on show (NULL before one is open). Notifies "dataset". */
LbDataset  *lb_data_page_get_dataset        (LbDataPage  *self);
/* The folders it came from (one, or several opened together), or NULL for the demo set. */
const char *const *lb_data_page_get_folders (LbDataPage  *self);
gboolean    lb_data_page_get_busy           (LbDataPage  *self);
/* Whether every thumbnail of the grid has been made; notifies "thumbnails-ready". */
gboolean    lb_data_page_get_thumbnails_ready (LbDataPage *self);
/* The thumbnail grid (for measuring how it scrolls). */
GtkGridView *lb_data_page_get_grid          (LbDataPage  *self);

/* Opens the last folders (GSettings last-datasets) if they are all there, else the demo set. */
void        lb_data_page_open_initial       (LbDataPage  *self);
void        lb_data_page_open_demo          (LbDataPage  *self);
/* One folder, or several (e.g. Montgomery and Shenzhen) loaded as one dataset. */
void        lb_data_page_open_folders       (LbDataPage         *self,
                                             const char *const  *folders);
/* Asks for one or more folders with the platform's chooser, then opens them. */
void        lb_data_page_choose_folder      (LbDataPage  *self);

/* The same data at @size×@size, for training: the dataset itself when it already has that
 * size, else the demo set regenerated or the folder reloaded (from the cache when it can),
 * in a worker thread. */
void        lb_data_page_load_at_size_async (LbDataPage          *self,
                                             guint                size,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data);
LbDataset  *lb_data_page_load_at_size_finish (LbDataPage    *self,
                                              GAsyncResult  *result,
                                              GError       **error);

/* "cxr", or "MontgomerySet + ChinaSet_AllFiles": the folders' names for titles. */
char       *lb_folders_display_name         (const char *const *folders);

/* The demo set's size from LOSSBENCH_DEMO=COUNTxSIZE (tests use a small one), else 96×256. */
void        lb_demo_set_shape               (guint       *count,
                                             guint       *size);

G_END_DECLS
