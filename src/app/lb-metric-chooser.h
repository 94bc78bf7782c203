/* lb-metric-chooser.h — which test metric the losses are judged by: every metric the engine
 * measures, the mm forms only when the images have a pixel spacing, and which way is better.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "lb-metric.h"

G_BEGIN_DECLS

#define LB_TYPE_METRIC_CHOOSER (lb_metric_chooser_get_type ())

G_DECLARE_FINAL_TYPE (LbMetricChooser, lb_metric_chooser, LB, METRIC_CHOOSER, AdwBin)

/* The "metric" property is the chosen metric's name (lb_metric_to_string: "iou", "hd95_mm"),
 * which a setting can be bound to. It keeps an mm form chosen earlier while none is offered;
 * this is the metric offered in its place, the pixel form. */
LbMetric lb_metric_chooser_get_metric      (LbMetricChooser *self);
/* Whether the mm forms are offered: the images on show have a pixel spacing. */
void     lb_metric_chooser_set_has_spacing (LbMetricChooser *self,
                                            gboolean         has_spacing);

G_END_DECLS
