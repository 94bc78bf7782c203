/* lb-push-window.h — where each loss pushes the network on one image, side by side for the
 * losses chosen, with the loss explorer: a training run's previews, live as it trains, or a
 * finished run's weights on the images Compare shows.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "lb-dataset.h"
#include "lb-experiment.h"

G_BEGIN_DECLS

#define LB_TYPE_PUSH_WINDOW (lb_push_window_get_type ())
G_DECLARE_FINAL_TYPE (LbPushWindow, lb_push_window, LB, PUSH_WINDOW, AdwWindow)

/* One image and the network's prediction for it, at the network's size. */
typedef struct
{
  const char *name;
  const guint8 *image; /* gray, as shown */
  const guint8 *truth; /* 0/1 */
  const float *logits;
} LbPushImage;

/* An empty window transient for PARENT, until one of the calls below. */
LbPushWindow *lb_push_window_new (GtkWindow *parent);

/* A run in training: its N images of SIZE² (copied), OWN_LOSS as it trains at EPOCH (from 0),
 * described by SOURCE ("Dice-BCE, epoch 4 of 20"). Called again whenever the previews change:
 * the chosen image, edit and losses stay. */
void lb_push_window_show_training (LbPushWindow       *self,
                                   const char         *source,
                                   const NnLossConfig *own_loss,
                                   int                 epoch,
                                   guint               size,
                                   guint               n,
                                   const LbPushImage  *images);

/* EXPERIMENT's finished runs, each predicting NAMES (images of DATASET, loaded at the
 * experiment's size) with its best weights on a worker thread once chosen. */
void lb_push_window_show_experiment (LbPushWindow      *self,
                                     LbExperiment      *experiment,
                                     LbDataset         *dataset,
                                     const char *const *names);

G_END_DECLS
