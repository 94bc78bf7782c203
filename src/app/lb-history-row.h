/* lb-history-row.h — one experiment in the History list, with Open, Resume and Delete.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "lb-experiment-item.h"

G_BEGIN_DECLS

#define LB_TYPE_HISTORY_ROW (lb_history_row_get_type ())
G_DECLARE_FINAL_TYPE (LbHistoryRow, lb_history_row, LB, HISTORY_ROW, AdwActionRow)

/* A row for @item, for gtk_list_box_bind_model. */
GtkWidget *lb_history_row_new (LbExperimentItem *item);

G_END_DECLS
