/* lb-history-row.h — one experiment in the History list, with Open, Resume and Delete, and a
 * check box choosing it for the runs side by side.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "lb-experiment-item.h"

G_BEGIN_DECLS

#define LB_TYPE_HISTORY_ROW (lb_history_row_get_type ())
G_DECLARE_FINAL_TYPE (LbHistoryRow, lb_history_row, LB, HISTORY_ROW, AdwActionRow)

/* A row for @item, for gtk_list_box_bind_model; its check box ticked when @chosen (never for a
 * damaged experiment). The "chosen" property follows the check box. */
GtkWidget  *lb_history_row_new        (LbExperimentItem *item,
                                       gboolean          chosen);
const char *lb_history_row_get_folder (LbHistoryRow     *self);
gboolean    lb_history_row_get_chosen (LbHistoryRow     *self);
void        lb_history_row_set_chosen (LbHistoryRow     *self,
                                       gboolean          chosen);

G_END_DECLS
