/* lb-sweep-setup.h — the Compare page's sweep settings: whether to sweep, and one or two
 * settings (the learning rate or a loss parameter) with their values, bound to GSettings.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "lb-experiment-config.h"

G_BEGIN_DECLS

#define LB_TYPE_SWEEP_SETUP (lb_sweep_setup_get_type ())

G_DECLARE_FINAL_TYPE (LbSweepSetup, lb_sweep_setup, LB, SWEEP_SETUP, AdwBin)

/* With the sweep on, makes CONFIG (its losses chosen) a sweep of them over the chosen settings
 * (lb_sweep_plan_expand). NULL, or a sentence for the user: values that do not parse, a
 * setting no chosen loss reads, too many cells. */
char *lb_sweep_setup_apply (LbSweepSetup       *self,
                            LbExperimentConfig *config);

/* Off while a comparison runs, as the rest of the form. */
void lb_sweep_setup_set_editable (LbSweepSetup *self,
                                  gboolean      editable);

G_END_DECLS
