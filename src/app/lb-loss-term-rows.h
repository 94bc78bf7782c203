/* lb-loss-term-rows.h — one loss term's rows: its family-grouped chooser and its parameters.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "lb-loss-chooser.h"
#include "nn-losses.h"

G_BEGIN_DECLS

#define LB_TYPE_LOSS_TERM_ROWS (lb_loss_term_rows_get_type ())
G_DECLARE_FINAL_TYPE (LbLossTermRows, lb_loss_term_rows, LB, LOSS_TERM_ROWS, GObject)

/* Puts ROW where the term's rows go (after the chooser, in the order they come). */
typedef void (*LbLossTermAddRow) (gpointer   container,
                                  GtkWidget *row);

/* Binds CHOOSER (it lists every loss of the catalogue) and makes a row for each parameter of
 * the catalogue with ADD_ROW; every value is bound to SETTINGS under PREFIX:
 * PREFIX + "loss" and PREFIX + each parameter's key ("" for the main term, "plus-" for a
 * second term). NAME_PREFIX goes before each control's accessible name ("Second Term α"). */
LbLossTermRows *lb_loss_term_rows_new          (GSettings        *settings,
                                                const char       *prefix,
                                                const char       *name_prefix,
                                                LbLossChooser    *chooser,
                                                LbLossTermAddRow  add_row,
                                                gpointer          container);

NnLossKind      lb_loss_term_rows_get_kind     (LbLossTermRows   *self);
/* PRESET's settings for the chosen loss, with the rows' values of the parameters it reads. */
void            lb_loss_term_rows_get_term     (LbLossTermRows   *self,
                                                NnLossPreset      preset,
                                                NnLossTerm       *term);
/* Sets the rows to PRESET's values for the chosen loss. */
void            lb_loss_term_rows_apply_preset (LbLossTermRows   *self,
                                                NnLossPreset      preset);
void            lb_loss_term_rows_set_editable (LbLossTermRows   *self,
                                                gboolean          editable);
/* The settings keys the rows are bound to. */
const char *const *lb_loss_term_rows_get_keys  (LbLossTermRows   *self,
                                                guint            *n_keys);

G_END_DECLS
