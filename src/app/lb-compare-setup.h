/* lb-compare-setup.h — the form of the Compare page: which losses, how many seeds, which
 * model, epochs, learning rate and loss settings; each control bound to its setting.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "lb-slurm-job.h"

#include <adwaita.h>

#include "lb-experiment-config.h"

G_BEGIN_DECLS

#define LB_TYPE_COMPARE_SETUP (lb_compare_setup_get_type ())

G_DECLARE_FINAL_TYPE (LbCompareSetup, lb_compare_setup, LB, COMPARE_SETUP, AdwBin)

/* The chosen losses by name (nn_loss_kind_to_string), in the catalogue's order: the "losses"
 * property, which the compare-losses setting is bound to. */
GStrv lb_compare_setup_dup_losses   (LbCompareSetup           *self);
void  lb_compare_setup_set_losses   (LbCompareSetup           *self,
                                     const char *const        *losses);
/* Off while a comparison runs: it has copied the choices, so controls that seem to change
 * them would mislead. */
/* The open dataset, whose first image the augmentation preview shows (NULL: a phantom). */
void  lb_compare_setup_set_dataset  (LbCompareSetup           *self,
                                     LbDataset                *dataset);
void  lb_compare_setup_set_editable (LbCompareSetup           *self,
                                     gboolean                  editable);
/* A new configuration (clear it with lb_experiment_config_clear) of the chosen model, epochs,
 * learning rate, losses with their preset settings, and seeds; its data is the caller's.
 * Returns NULL, or a sentence for the user when more losses are chosen than one experiment
 * takes (CONFIG then holds the first of them). */
/* Whether the comparison goes to a Slurm cluster; then fills OPTIONS. */
gboolean lb_compare_setup_get_slurm (LbCompareSetup           *self,
                                     LbSlurmOptions           *options);
char *lb_compare_setup_get_config   (LbCompareSetup           *self,
                                     LbExperimentConfig       *config);

G_END_DECLS
