/* lb-loss-schedule-rows.h — the rows of a second loss term's weight schedule.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "lb-loss-term-rows.h"
#include "nn-losses.h"

G_BEGIN_DECLS

#define LB_TYPE_LOSS_SCHEDULE_ROWS (lb_loss_schedule_rows_get_type ())
G_DECLARE_FINAL_TYPE (LbLossScheduleRows, lb_loss_schedule_rows, LB, LOSS_SCHEDULE_ROWS, GObject)

/* A chooser of the catalogue's schedules, then a row per field of a schedule, added
 * with ADD_ROW; the schedule is bound to SETTINGS' "plus-schedule", each field to its key
 * ("plus-weight", …). Only the fields the chosen schedule reads are shown. Emits "changed". */
LbLossScheduleRows *lb_loss_schedule_rows_new          (GSettings          *settings,
                                                        LbLossTermAddRow    add_row,
                                                        gpointer            container);
void                lb_loss_schedule_rows_get_schedule (LbLossScheduleRows *self,
                                                        NnLossSchedule     *schedule);
void                lb_loss_schedule_rows_set_editable (LbLossScheduleRows *self,
                                                        gboolean            editable);
const char *const  *lb_loss_schedule_rows_get_keys     (LbLossScheduleRows *self,
                                                        guint              *n_keys);

G_END_DECLS
