/* lb-data-page.h — the Data page: open a dataset, see how it paired up, browse images and masks.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A view over the window's LbDataSource: its summary (lb-data-summary.c), its thumbnails
 * (lb-thumbnail-grid.c) and one pair large (lb-pair-viewer.c). */
#pragma once

#include <adwaita.h>

#include "lb-data-source.h"
#include "lb-dataset.h"

G_BEGIN_DECLS

#define LB_TYPE_DATA_PAGE (lb_data_page_get_type ())

G_DECLARE_FINAL_TYPE (LbDataPage, lb_data_page, LB, DATA_PAGE, AdwBin)

/* The data the page shows and opens ("data-source"); the window gives it its own. */
void          lb_data_page_set_data_source   (LbDataPage   *self,
                                              LbDataSource *source);
LbDataSource *lb_data_page_get_data_source   (LbDataPage   *self);

/* The data source's, for the pages that still ask the Data page: the dataset on show (NULL
 * before one is open; notifies "dataset" once the page shows it), its folders (NULL for the
 * demo set), whether a load runs (notifies "busy"). */
LbDataset  *lb_data_page_get_dataset        (LbDataPage  *self);
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

G_END_DECLS
