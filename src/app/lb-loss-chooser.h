/* lb-loss-chooser.h — a row that chooses a loss from the catalogue, grouped by family.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "nn-losses.h"

G_BEGIN_DECLS

#define LB_TYPE_LOSS_CHOOSER (lb_loss_chooser_get_type ())
G_DECLARE_FINAL_TYPE (LbLossChooser, lb_loss_chooser, LB, LOSS_CHOOSER, AdwActionRow)

/* The losses it offers: LbLossChoice items (lb_loss_choice_list_new). */
GListModel *lb_loss_chooser_get_model    (LbLossChooser *self);
/* The "selected" property: the chosen item's position in the model. */
guint       lb_loss_chooser_get_selected (LbLossChooser *self);
void        lb_loss_chooser_set_selected (LbLossChooser *self,
                                          guint          position);
NnLossKind  lb_loss_chooser_get_kind     (LbLossChooser *self);
/* The accessible name of the row and its button, NAME instead of the title ("Second Term
 * Loss" where the title says only "Loss"). */
void        lb_loss_chooser_set_name     (LbLossChooser *self,
                                          const char    *name);

G_END_DECLS
