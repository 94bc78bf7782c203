/* lb-loss-spec.h — one loss of a comparison written as a short text, and its names.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A comparison lists its losses in one line (`compare --losses dice,dice+boundary@kervadec`),
 * so a compound loss needs a form that fits in a list entry:
 *
 *   KIND                      one loss at the preset's settings
 *   KIND+[W*]PLUS[@SCHEDULE]  KIND plus PLUS with weight W (default 1), constant unless a
 *                             schedule follows:
 *     @linear[:START:END:EPOCHS]      from START (default 0) to END (1) over EPOCHS (10)
 *     @kervadec[:START:STEP[:CAP]]    START (0.01) + STEP (0.01) per epoch, at most CAP
 *                                     (none); "W*" sets START too
 *
 * e.g. "dice+boundary@kervadec" (Kervadec et al.'s schedule), "dice+0.1*hausdorff-dt",
 * "generalized-dice+lovasz-hinge@linear:0:0.5:20".  Both terms take the preset's settings. */
#pragma once

#include <glib.h>

#include "nn-losses.h"

G_BEGIN_DECLS

/* Fills LOSS from SPEC over PRESET's settings. NULL on success, else a sentence saying what in
 * SPEC is wrong and what the form is. */
char *lb_loss_spec_parse (const char *spec, NnLossPreset preset, NnLossConfig *loss);

/* The spec of LOSS's kinds and weight, e.g. "dice+boundary@kervadec" (its other settings are
 * the config's). */
char *lb_loss_spec_format (const NnLossConfig *loss);

/* A name for files and folders: the kinds joined by '+', e.g. "dice+boundary". */
char *lb_loss_dup_name (const NnLossConfig *loss);

/* A name for people: "Dice", "Dice + Boundary (Kervadec)", "Dice + 0.1 × Hausdorff-DT". */
char *lb_loss_dup_label (const NnLossConfig *loss);

G_END_DECLS
