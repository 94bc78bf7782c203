/* lb-compare-sweep.h — a sweep's cells on the Compare page: the heatmaps of the mean
 * validation and test metric per cell, the chosen cells marked, what tuning changed, and the
 * heatmaps as a figure (PNG, SVG, PDF).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "lb-sweep.h"

G_BEGIN_DECLS

#define LB_TYPE_COMPARE_SWEEP (lb_compare_sweep_get_type ())

G_DECLARE_FINAL_TYPE (LbCompareSweep, lb_compare_sweep, LB, COMPARE_SWEEP, AdwBin)

/* Shows RESULTS of the sweep CONFIG describes; hidden for NULL (a comparison). */
void lb_compare_sweep_show (LbCompareSweep           *self,
                            const LbExperimentConfig *config,
                            const LbSweepResults     *results);

G_END_DECLS
