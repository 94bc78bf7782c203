/* lb-run-item.h — one run of a comparison as its queue shows it: a title and a state line.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define LB_TYPE_RUN_ITEM (lb_run_item_get_type ())

G_DECLARE_FINAL_TYPE (LbRunItem, lb_run_item, LB, RUN_ITEM, GObject)

/* "Dice-BCE, seed 1": the "title" property. */
LbRunItem  *lb_run_item_new          (const char *title);
const char *lb_run_item_get_title    (LbRunItem  *self);
/* "Done — test IoU 0.912": the "subtitle" property, notified when it changes. */
const char *lb_run_item_get_subtitle (LbRunItem  *self);
void        lb_run_item_set_subtitle (LbRunItem  *self,
                                      const char *subtitle);

G_END_DECLS
