/* lb-compare-page.h — the Compare page: losses × seeds, paired, with their spread and significance.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "lb-data-page.h"

G_BEGIN_DECLS

#define LB_TYPE_COMPARE_PAGE (lb_compare_page_get_type ())

G_DECLARE_FINAL_TYPE (LbComparePage, lb_compare_page, LB, COMPARE_PAGE, AdwBin)

void     lb_compare_page_set_data_page (LbComparePage *self,
                                        LbDataPage    *data_page);
/* Notified as "running" and "has-results". */
gboolean lb_compare_page_get_running   (LbComparePage *self);
gboolean lb_compare_page_get_has_results (LbComparePage *self);

/* A new experiment from the page's choices, in a new folder of the run store. */
void     lb_compare_page_start         (LbComparePage *self);
void     lb_compare_page_stop          (LbComparePage *self);
/* Trains what the experiment on show has not finished (after Stop, or one reopened). */
void     lb_compare_page_resume        (LbComparePage *self);
/* Shows an experiment of the run store; with @resume, trains what it has not finished. */
void     lb_compare_page_open          (LbComparePage *self,
                                        const char    *folder,
                                        gboolean       resume);
/* Asks for a folder and writes summary.csv, history.csv, per-image.csv, comparisons.csv. */
void     lb_compare_page_export        (LbComparePage *self);

G_END_DECLS
