/* lb-compare-gallery.h — the test images where the losses disagree most, with each loss's
 * predicted mask, read from the experiment's folder on a worker thread.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "lb-data-source.h"
#include "lb-experiment-results.h"

G_BEGIN_DECLS

#define LB_TYPE_COMPARE_GALLERY (lb_compare_gallery_get_type ())

G_DECLARE_FINAL_TYPE (LbCompareGallery, lb_compare_gallery, LB, COMPARE_GALLERY, AdwBin)

/* The heading above the images ("Where the Losses Disagree Most" unless set). */
void lb_compare_gallery_set_title       (LbCompareGallery *self,
                                         const char       *title);
/* Where the test images come from: the open dataset, when it is the experiment's. */
void lb_compare_gallery_set_data_source (LbCompareGallery *self,
                                         LbDataSource     *data_source);
/* The images @results ranks first by disagreement; hidden while there are none, or when the
 * open dataset is not @experiment's. Replaces whatever an earlier call was still reading. */
void lb_compare_gallery_show          (LbCompareGallery          *self,
                                       LbExperiment              *experiment,
                                       const LbExperimentResults *results);
/* The test image @name with the prediction of each loss's run in @run_dirs (one per loss of
 * @experiment, NULL for a loss without a finished run) and its @ious, side by side. */
void lb_compare_gallery_show_image    (LbCompareGallery          *self,
                                       LbExperiment              *experiment,
                                       const char *const         *run_dirs,
                                       const double              *ious,
                                       const char                *name);

G_END_DECLS
