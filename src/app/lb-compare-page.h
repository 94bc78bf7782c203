/* lb-compare-page.h — the Compare page: losses × seeds, paired, with their spread and significance.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Its actions, for its own buttons and for the window to forward to:
 *   compare.run      a new experiment from the form, in a new folder of the run store
 *   compare.stop     stops the comparison after the batch under way
 *   compare.resume   trains what the experiment on show has not finished
 *   compare.export   asks for a folder and writes the experiment's CSV files there */
#pragma once

#include <adwaita.h>

#include "lb-data-source.h"

G_BEGIN_DECLS

#define LB_TYPE_COMPARE_PAGE (lb_compare_page_get_type ())

G_DECLARE_FINAL_TYPE (LbComparePage, lb_compare_page, LB, COMPARE_PAGE, AdwBin)

void     lb_compare_page_set_data_source (LbComparePage *self,
                                          LbDataSource  *data_source);
/* Whether the window lets a comparison train now: data loaded, and nothing else training.
 * compare.run and compare.resume follow it. */
void     lb_compare_page_set_can_train   (LbComparePage *self,
                                          gboolean       can_train);
/* Notified as "running" and "has-results". */
gboolean lb_compare_page_get_running     (LbComparePage *self);
gboolean lb_compare_page_get_has_results (LbComparePage *self);
/* Whether the table and charts on show were read after every run done so far finished
 * ("results-complete"): what a screenshot of a finished comparison waits for. */
gboolean lb_compare_page_get_results_complete (LbComparePage *self);

/* Shows an experiment of the run store; with @resume, trains what it has not finished. */
void     lb_compare_page_open            (LbComparePage *self,
                                          const char    *folder,
                                          gboolean       resume);
/* Closes the experiment in @folder if the page shows it (before it is deleted); FALSE, with
 * a sentence saying why, when it is running. */
gboolean lb_compare_page_release_experiment (LbComparePage *self,
                                             const char    *folder,
                                             GError       **error);

G_END_DECLS
