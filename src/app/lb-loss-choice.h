/* lb-loss-choice.h — one loss as a chooser lists it, and the list of them grouped by family.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "nn-losses.h"

G_BEGIN_DECLS

#define LB_TYPE_LOSS_CHOICE (lb_loss_choice_get_type ())

G_DECLARE_FINAL_TYPE (LbLossChoice, lb_loss_choice, LB, LOSS_CHOICE, GObject)

/* Every loss of the catalogue, family by family in NnLossFamily's order and within a family in
 * the catalogue's: items whose "name" is the kind's string ("generalized-dice", what settings
 * store), "label" its display name and "caption" the catalogue's. */
GListModel *lb_loss_choice_list_new      (void);

NnLossKind  lb_loss_choice_get_kind      (LbLossChoice *self);
const char *lb_loss_choice_get_name      (LbLossChoice *self);
const char *lb_loss_choice_get_caption   (LbLossChoice *self);
/* The position of KIND in LIST, GTK_INVALID_LIST_POSITION when it is not there. */
guint       lb_loss_choice_list_find     (GListModel   *list,
                                          NnLossKind    kind);

G_END_DECLS
