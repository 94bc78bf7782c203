/* nn-losses.h — segmentation losses computed from logits, value and gradient in one call.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Shapes: N images of HW pixels each, logits z and masks y in {0,1}, both N×HW floats.
 * Conventions (../docs in losses.md): Tversky α weights false positives, β false negatives. */
#pragma once

#include <stdbool.h>
#include <stddef.h>

typedef enum
{
  NN_LOSS_BCE,
  NN_LOSS_DICE,
  NN_LOSS_DICE_BCE,
  NN_LOSS_JACCARD,
  NN_LOSS_FOCAL,
  NN_LOSS_TVERSKY,
  NN_LOSS_FOCAL_TVERSKY,
  NN_LOSS_COUNT
} NnLossKind;

typedef enum
{
  NN_REDUCE_BATCH,      /* sums over every pixel of the batch (the poster's flattening) */
  NN_REDUCE_PER_IMAGE,  /* the loss per image, then the mean over images */
} NnReduction;

typedef enum
{
  NN_FOCAL_ALPHA_SCALAR,         /* every pixel × α (the poster's); only rescales the loss */
  NN_FOCAL_ALPHA_CLASS_BALANCED, /* α for y = 1, 1 − α for y = 0 (Lin et al. 2017) */
} NnFocalAlpha;

typedef enum
{
  NN_FOCAL_TVERSKY_POWER_GAMMA,     /* (1 − TI)^γ (the poster's) */
  NN_FOCAL_TVERSKY_POWER_INV_GAMMA, /* (1 − TI)^(1/γ) (Abraham & Khan 2019) */
} NnFocalTverskyPower;

typedef enum
{
  NN_LOSS_PRESET_POSTER,
  NN_LOSS_PRESET_LITERATURE,
} NnLossPreset;

typedef struct
{
  NnLossKind kind;
  float alpha;   /* Focal: α; Tversky, Focal-Tversky: weight of false positives */
  float beta;    /* Tversky, Focal-Tversky: weight of false negatives */
  float gamma;   /* Focal, Focal-Tversky */
  float smooth;  /* s in Dice, Jaccard, Tversky */
  NnReduction reduction;
  NnFocalAlpha focal_alpha;
  NnFocalTverskyPower focal_tversky_power;
} NnLossConfig;

/* Fills every field for KIND from a preset table of losses.md. */
void nn_loss_config_preset (NnLossConfig *config, NnLossKind kind, NnLossPreset preset);

/* The loss of N images of HW pixels. When GRAD is not NULL it receives d loss / d logit
 * (N×HW). Finite for any logit in [-100, 100] and for empty or full masks. */
double nn_loss (const NnLossConfig *config,
                const float *logits,
                const float *masks,
                int n,
                int hw,
                float *grad);

/* "dice-bce", "jaccard", "focal", "tversky", "focal-tversky", "bce", "dice". */
const char *nn_loss_kind_to_string (NnLossKind kind);
/* The display name: "Dice-BCE", "Focal-Tversky", … */
const char *nn_loss_kind_to_label (NnLossKind kind);
/* Returns false when NAME is none of the strings above. */
bool nn_loss_kind_from_string (const char *name, NnLossKind *kind);
