/* lb-formula-card.h — a loss's formula with its current α, β, γ, the convention, and warnings.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "nn-losses.h"

G_BEGIN_DECLS

#define LB_TYPE_FORMULA_CARD (lb_formula_card_get_type ())
G_DECLARE_FINAL_TYPE (LbFormulaCard, lb_formula_card, LB, FORMULA_CARD, AdwBin)

void        lb_formula_card_set_config  (LbFormulaCard      *self,
                                         const NnLossConfig *config);

G_END_DECLS
