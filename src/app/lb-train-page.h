/* lb-train-page.h — the Train page: one loss, its parameters, live charts (empty state for now).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define LB_TYPE_TRAIN_PAGE (lb_train_page_get_type ())

G_DECLARE_FINAL_TYPE (LbTrainPage, lb_train_page, LB, TRAIN_PAGE, AdwBin)

G_END_DECLS
