/* lb-sweep-heatmap.h — a sweep as heatmaps: per loss a band of its cells on the grid, coloured
 * by the mean validation metric on the left and the mean test metric on the right, the cell
 * chosen on validation outlined, the shared setting dashed. Drawn with Cairo and Pango for the
 * window (its colours and font) and written as PNG, SVG or PDF by the window and the CLI.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <cairo.h>

#include "lb-figure-file.h"
#include "lb-sweep.h"

G_BEGIN_DECLS

typedef enum
{
  LB_SWEEP_HEATMAP_VALIDATION,
  LB_SWEEP_HEATMAP_TEST,
} LbSweepHeatmapSplit;

typedef struct _LbSweepHeatmap LbSweepHeatmap;

/* A copy of what RESULTS and CONFIG (a sweep's) say of each cell; they may go afterwards. */
LbSweepHeatmap *lb_sweep_heatmap_new (const LbSweepResults     *results,
                                      const LbExperimentConfig *config);
void lb_sweep_heatmap_free (LbSweepHeatmap *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LbSweepHeatmap, lb_sweep_heatmap_free)

/* "Sweep: validation and test IoU per cell". */
const char *lb_sweep_heatmap_get_title (const LbSweepHeatmap *self);

/* The figure's size in points: it is drawn at that size, from the top left corner. */
void lb_sweep_heatmap_get_size (const LbSweepHeatmap *self, int *width, int *height);

void lb_sweep_heatmap_draw (const LbSweepHeatmap      *self,
                            cairo_t                   *cr,
                            const LbFigureStyle *style);

/* The cell (the experiment's loss index) drawn under the point X, Y, and in which heatmap;
 * FALSE where there is none. */
gboolean lb_sweep_heatmap_cell_at (const LbSweepHeatmap *self,
                                   double                x,
                                   double                y,
                                   guint                *cell,
                                   LbSweepHeatmapSplit  *split);

/* The cell's rectangle in the heatmap of SPLIT, in points; FALSE for a cell not drawn. */
gboolean lb_sweep_heatmap_get_cell_area (const LbSweepHeatmap *self,
                                         guint                 cell,
                                         LbSweepHeatmapSplit   split,
                                         cairo_rectangle_t    *area);

/* What a tooltip says of CELL in SPLIT: its label, the mean with its spread over seeds, the
 * test interval, whether it was chosen. */
char *lb_sweep_heatmap_describe_cell (const LbSweepHeatmap *self,
                                      guint                 cell,
                                      LbSweepHeatmapSplit   split);

/* Writes the figure to PATH in FORMAT, in the print style, to a temporary name then renamed. */
gboolean lb_sweep_heatmap_write (const LbSweepHeatmap *self,
                                 const char           *path,
                                 LbFigureFormat        format,
                                 GError              **error);

G_END_DECLS
