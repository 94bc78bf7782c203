/* lb-history-page.h — the History page: earlier experiments, to reopen, resume or delete.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define LB_TYPE_HISTORY_PAGE (lb_history_page_get_type ())

G_DECLARE_FINAL_TYPE (LbHistoryPage, lb_history_page, LB, HISTORY_PAGE, AdwBin)

/* Reads the run store again (in a worker thread). */
void lb_history_page_refresh (LbHistoryPage *self);

G_END_DECLS
