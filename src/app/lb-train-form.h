/* lb-train-form.h — the Train page's settings: loss, α, β, γ, model and schedule, remembered.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "lb-dataset.h"

#include "lb-trainer.h"

G_BEGIN_DECLS

#define LB_TYPE_TRAIN_FORM (lb_train_form_get_type ())
G_DECLARE_FINAL_TYPE (LbTrainForm, lb_train_form, LB, TRAIN_FORM, AdwBin)

/* The run the form describes (lb_train_config_init, then every control's value). */
void     lb_train_form_get_config   (LbTrainForm   *self,
                                     LbTrainConfig *config);
/* The model preset chosen, "tiny", "quick", "poster", or "custom". */
const char *lb_train_form_get_model_name (LbTrainForm *self);
/* Whether the network and the loss can be built and fit in memory; notifies "valid". */
gboolean lb_train_form_get_valid    (LbTrainForm   *self);
/* How many pairs the memory estimate counts the dataset with (96, the demo set's, at first). */
/* The open dataset, whose first image the augmentation preview shows (NULL: a phantom). */
void     lb_train_form_set_dataset  (LbTrainForm   *self,
                                     LbDataset     *dataset);
void     lb_train_form_set_n_images (LbTrainForm   *self,
                                     guint          n_images);
/* While a run trains, what it was built from (loss, α, β, γ, model) cannot change. */
void     lb_train_form_set_locked   (LbTrainForm   *self,
                                     gboolean       locked);
/* Writes every key of the run the form describes, also those still at their defaults, so the
 * settings name the whole configuration of the last run. */
void     lb_train_form_remember     (LbTrainForm   *self);

G_END_DECLS
