/* lb-train-page.h — the Train page: one loss, its α, β, γ, live charts and live predictions.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "lb-data-page.h"

G_BEGIN_DECLS

#define LB_TYPE_TRAIN_PAGE (lb_train_page_get_type ())

G_DECLARE_FINAL_TYPE (LbTrainPage, lb_train_page, LB, TRAIN_PAGE, AdwBin)

/* Where the data comes from; the page follows its "dataset". */
void     lb_train_page_set_data_page   (LbTrainPage *self,
                                        LbDataPage  *data_page);

/* What the window's actions may do now; "phase" notifies when any of it changes. */
gboolean lb_train_page_can_start       (LbTrainPage *self);
gboolean lb_train_page_can_pause       (LbTrainPage *self);
gboolean lb_train_page_can_stop        (LbTrainPage *self);
gboolean lb_train_page_get_running     (LbTrainPage *self);

void     lb_train_page_start           (LbTrainPage *self);
/* Pauses a running training, resumes a paused one. */
void     lb_train_page_toggle_pause    (LbTrainPage *self);
void     lb_train_page_stop            (LbTrainPage *self);

/* Epochs completed by the current (or last) run; notifies "epochs-done". */
int      lb_train_page_get_epochs_done (LbTrainPage *self);

G_END_DECLS
