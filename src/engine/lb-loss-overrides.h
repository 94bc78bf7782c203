/* lb-loss-overrides.h — each compared loss's own α, β, γ…, over the preset's.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A comparison gives every loss the chosen preset's settings unless the user has given that
 * loss its own. The own settings are a dictionary, a{sa{sd}}: the loss's name
 * (nn_loss_kind_to_string) to each parameter it reads by its key (lb_loss_param_info):
 *
 *   {'tversky': {'alpha': 0.3, 'beta': 0.7}}
 *
 * which is the Compare page's settings value. A loss has either all of its parameters there or
 * none; names and keys this version does not know are skipped, values are clamped to the
 * parameter's range, so a settings file from another version cannot make a loss undefined. */
#pragma once

#include <glib.h>

#include "nn-losses.h"

G_BEGIN_DECLS

/* The dictionary's type, "a{sa{sd}}". */
#define LB_LOSS_OVERRIDES_TYPE ((const GVariantType *) "a{sa{sd}}")

/* Sets TERM's parameters to its kind's own settings in OVERRIDES; returns whether it has own
 * settings (TERM is unchanged if not). */
gboolean  lb_loss_overrides_apply   (GVariant         *overrides,
                                     NnLossTerm       *term);

/* A new dictionary (floating): OVERRIDES with TERM's kind given TERM's values of the parameters
 * it reads, or with that kind's entry removed when TERM is NULL and KIND is given. */
GVariant *lb_loss_overrides_replace (GVariant         *overrides,
                                     NnLossKind        kind,
                                     const NnLossTerm *term);

/* "α 0.3 · β 0.7": the parameters TERM's kind reads, as short as they are exact to the
 * catalogue's digits; "" for a loss without parameters. */
char     *lb_loss_term_describe     (const NnLossTerm *term);

G_END_DECLS
