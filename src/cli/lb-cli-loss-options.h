/* lb-cli-loss-options.h — the options that choose and set a loss, for train (and any command
 * that trains one loss): one per hyperparameter of the loss catalogue, and a compound form.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "lb-loss-catalogue.h"

typedef struct
{
  /* Numbers as text, NULL when not given, checked by lb_cli_loss_options_apply. */
  char *loss;                          /* --loss NAME */
  char *params[LB_LOSS_N_PARAMS];      /* --alpha, --beta, … */
  char *smooth;
  char *reduction;
  char *focal_alpha;
  char *focal_tversky_power;
  char *plus;                          /* --plus NAME: a second loss */
  char *plus_weight;                   /* its weight at epoch 0 */
  char *plus_schedule;                 /* constant, linear or kervadec */
  char *plus_end;
  char *plus_step;
  char *plus_epochs;
  char *help[LB_LOSS_N_PARAMS];
  char *loss_help;
} LbCliLossOptions;

/* Sets every value to "not given" and returns the entries that fill OPTIONS (free with
 * g_free; they point into OPTIONS, which must outlive the parse). */
GOptionEntry *lb_cli_loss_options_init (LbCliLossOptions *options);
void lb_cli_loss_options_clear (LbCliLossOptions *options);

/* Fills LOSS from the options over PRESET's values. NULL on success, else the sentence to
 * print (an unknown name, a setting the chosen loss does not read, an unknown schedule). */
char *lb_cli_loss_options_apply (const LbCliLossOptions *options,
                                 NnLossPreset            preset,
                                 NnLossConfig           *loss);
