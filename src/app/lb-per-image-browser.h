/* lb-per-image-browser.h — every test image of every finished run, with every metric, in a
 * sortable, filterable table; a row opens that image with each loss's prediction side by side.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "lb-data-source.h"
#include "lb-experiment-results.h"

G_BEGIN_DECLS

#define LB_TYPE_PER_IMAGE_BROWSER (lb_per_image_browser_get_type ())

G_DECLARE_FINAL_TYPE (LbPerImageBrowser, lb_per_image_browser, LB, PER_IMAGE_BROWSER, AdwBin)

/* Where the images come from (the open dataset, when it is the experiment's). */
void lb_per_image_browser_set_data_source (LbPerImageBrowser         *self,
                                           LbDataSource              *data_source);
/* The rows of @results (copied); hidden while there are none. */
void lb_per_image_browser_show            (LbPerImageBrowser         *self,
                                           LbExperiment              *experiment,
                                           const LbExperimentResults *results);
/* Empties it, e.g. when its experiment is closed or deleted. */
void lb_per_image_browser_clear           (LbPerImageBrowser         *self);

G_END_DECLS
