/* lb-grid-measure.h — how smoothly the Data page browses a large dataset, measured in the app.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Opens @folder (several, separated by ':', as one dataset), waits for every thumbnail, then scrolls the grid from top to bottom one step
 * a frame, as a fast flick would, and writes one line to @out_path:
 *   pairs=N open_s=… thumbnails_s=… frames=… frame_median_ms=… frame_p95_ms=…
 *   frame_worst_ms=… frames_over_33ms=…
 * then quits @app. For bench/grid-scroll.sh (lossbench --measure-grid=FOLDER,FILE). */
#pragma once

#include <adwaita.h>

#include "lb-window.h"

G_BEGIN_DECLS

void lb_grid_measure_run (GApplication *app,
                          LbWindow     *window,
                          const char   *folder,
                          const char   *out_path);

G_END_DECLS
