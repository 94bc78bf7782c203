/* lb-heatmap-area.h — a sweep's heatmaps (lb-sweep-heatmap.h) as a widget: drawn in the
 * window's colours and font at the figure's own size, each cell's figures in its tooltip.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "lb-sweep-heatmap.h"

G_BEGIN_DECLS

#define LB_TYPE_HEATMAP_AREA (lb_heatmap_area_get_type ())

G_DECLARE_FINAL_TYPE (LbHeatmapArea, lb_heatmap_area, LB, HEATMAP_AREA, GtkWidget)

/* Shows HEATMAP, which the area then owns; NULL for none. DESCRIPTION is what a screen reader
 * reads for it: the chosen cells in words. */
void lb_heatmap_area_set_heatmap (LbHeatmapArea  *self,
                                  LbSweepHeatmap *heatmap,
                                  const char     *description);
const LbSweepHeatmap *lb_heatmap_area_get_heatmap (LbHeatmapArea *self);

G_END_DECLS
