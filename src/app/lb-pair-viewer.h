/* lb-pair-viewer.h — one pair of a dataset large: the image with its mask overlaid, the
 * overlay's controls, and the way to the previous and the next pair.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "lb-dataset.h"

G_BEGIN_DECLS

#define LB_TYPE_PAIR_VIEWER (lb_pair_viewer_get_type ())
G_DECLARE_FINAL_TYPE (LbPairViewer, lb_pair_viewer, LB, PAIR_VIEWER, GtkBox)

/* Shows @dataset's first pair (NULL: nothing). */
void     lb_pair_viewer_set_dataset  (LbPairViewer *self,
                                      LbDataset    *dataset);
/* The pair on show ("position"; GTK_INVALID_LIST_POSITION shows none). */
guint    lb_pair_viewer_get_position (LbPairViewer *self);
void     lb_pair_viewer_set_position (LbPairViewer *self,
                                      guint         position);

G_END_DECLS
