/* lb-compare-loss-settings.h — one compared loss's own α, β, γ…: a button on its row of the
 * Compare form opening a popover with its parameters.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "nn-losses.h"

G_BEGIN_DECLS

#define LB_TYPE_COMPARE_LOSS_SETTINGS (lb_compare_loss_settings_get_type ())
G_DECLARE_FINAL_TYPE (LbCompareLossSettings, lb_compare_loss_settings, LB,
                      COMPARE_LOSS_SETTINGS, AdwBin)

/* The button for KIND (a loss that reads at least one parameter), bound to SETTINGS: it shows
 * the loss's values (its own, from "compare-loss-settings", else the "compare-loss-preset"'s);
 * editing one gives the loss its own settings; "Copy From Train Page" takes the Train page's
 * values of the same parameters; "Use Defaults" drops the loss's own settings. */
GtkWidget *lb_compare_loss_settings_new (GSettings  *settings,
                                         NnLossKind  kind);

/* KIND's settings in a comparison under SETTINGS: the preset's, with its own over them; returns
 * whether it has its own. */
gboolean   lb_compare_loss_settings_get (GSettings    *settings,
                                         NnLossKind    kind,
                                         NnLossConfig *loss);

G_END_DECLS
