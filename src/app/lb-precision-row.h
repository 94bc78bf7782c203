/* lb-precision-row.h — the "bf16 Mixed Precision" row of the Train and Compare forms.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "nn-unet.h"

G_BEGIN_DECLS

/* Binds SWITCH (ROW's) to the boolean KEY where this CPU runs bf16 (nn_bf16_available); where
 * it does not, the switch stays off and insensitive and ROW's subtitle says why. */
void        lb_precision_row_setup (AdwActionRow *row,
                                    GtkSwitch    *toggle,
                                    GSettings    *settings,
                                    const char   *key);

/* Whether the user may change ROW: EDITABLE, where this CPU runs bf16 at all. */
void        lb_precision_row_set_editable (AdwActionRow *row,
                                           GtkSwitch    *toggle,
                                           gboolean      editable);

/* What SWITCH asks for. */
NnPrecision lb_precision_row_get   (GtkSwitch    *toggle);

G_END_DECLS
