/* nn-losses.h — segmentation losses computed from logits, value and gradient in one call.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Shapes: N images of HW pixels each, logits z and masks y in {0,1}, both N×HW floats.
 * Conventions (../docs in losses.md): Tversky α weights false positives, β false negatives.
 *
 * Notation: p = σ(z), q = 1 − p = σ(−z), both computed from z (never 1 − p, which is 0 in
 * floating point once z > 37); TP = Σ p·y, FP = Σ p·(1 − y), FN = Σ q·y, sums in double over
 * the pixels of the reduction unit (the whole batch, or one image).
 *
 *   BCE           mean[softplus(z) − y·z]
 *   Dice          1 − (2·TP + s) / (Σp + Σy + s)
 *   Dice-BCE      BCE + Dice (weights 1 and 1; the poster's sign error is not reproduced)
 *   Jaccard       1 − (TP + s) / (Σp + Σy − TP + s)
 *   Focal         mean[−α_t · (1 − p_t)^γ · log p_t],  p_t = p if y = 1 else q
 *   Tversky       1 − TI,  TI = (TP + s) / (TP + α·FP + β·FN + s)
 *   Focal-Tversky (1 − TI)^γ, or (1 − TI)^(1/γ)
 *
 * "mean" in BCE and Focal is over every pixel of the reduction unit; since every image has HW
 * pixels, the per-image mean averaged over images is the same number as the batch mean, so the
 * reduction only changes Dice, Jaccard, Tversky and Focal-Tversky (and the Dice half of
 * Dice-BCE).  With per-image reduction an image with an empty mask contributes a Dice near 1
 * as soon as it predicts anything, which is the main practical difference.
 *
 * For a soft mask y ∈ [0, 1] every per-pixel term is the linear interpolation in y of its y = 0
 * and y = 1 forms (for Focal: y·[y = 1 term] + (1 − y)·[y = 0 term]); masks are meant to be
 * exactly 0 or 1.
 *
 * 1 − ratio is evaluated as (FP + FN) / denominator (α·FP + β·FN for Tversky), never as 1 minus
 * a rounded ratio: near a perfect prediction the subtraction cancels to exactly 0, and
 * (1 − TI)^(1/γ) with 1/γ < 1 then has an infinite derivative.  Where the base is exactly 0
 * anyway (it cannot be for logits in [−100, 100]), that factor's derivative is taken as 0.
 * A ratio whose denominator is 0 (only possible with s = 0 and p underflowing to 0) counts as
 * 1, i.e. a perfect score with zero gradient.
 *
 * Presets (losses.md), the values nn_loss_config_preset () writes:
 *
 *   preset       Focal α / γ             Tversky α / β   Focal-Tversky γ          smooth s
 *   Poster       0.8 scalar / 2          0.5 / 0.5       1, (1 − TI)^γ            1e-6
 *   Literature   0.25 class-balanced / 2 0.3 / 0.7       4/3, (1 − TI)^(1/γ)      1
 *
 * Both presets reduce over the whole batch (NN_REDUCE_BATCH), as the poster's code does.  The
 * smooth default is therefore 1e-6 (Poster) or 1 (Literature) for Dice, Dice-BCE, Jaccard,
 * Tversky and Focal-Tversky; BCE and Focal have no s.  With the Poster preset Tversky and
 * Focal-Tversky are Dice (with s doubled, see nn_loss_equivalent_config ()). */
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

/* Fills every field for KIND from a preset table of losses.md.  Numeric fields KIND does not
 * use are 0 (e.g. alpha, beta, gamma and smooth of BCE); the two enum fields always hold the
 * preset's choice; reduction is NN_REDUCE_BATCH. */
void nn_loss_config_preset (NnLossConfig *config, NnLossKind kind, NnLossPreset preset);

/* NULL when CONFIG is usable, else an English sentence saying which value to change (for
 * the GUI and the CLI).  nn_loss () on a rejected configuration may return NaN. */
const char *nn_loss_config_check (const NnLossConfig *config);

/* The loss of N images of HW pixels. When GRAD is not NULL it receives d loss / d logit
 * (N×HW). Finite for any logit in [-100, 100] and for empty or full masks. */
double nn_loss (const NnLossConfig *config,
                const float *logits,
                const float *masks,
                int n,
                int hw,
                float *grad);

/* The same loss with double inputs and gradient (finite-difference checks, references).
 * Internally nn_loss () computes exactly this, in double, from its float inputs. */
double nn_loss_double (const NnLossConfig *config,
                       const double *logits,
                       const double *masks,
                       int n,
                       int hw,
                       double *grad);

/* True when CONFIG is, for every input, another (simpler) loss times a positive constant:
 *   Tversky α = β = 0.5, smooth s   = Dice, smooth 2s               (scale 1)
 *   Tversky α = β = 1               = Jaccard, same s               (scale 1)
 *   Focal-Tversky with exponent 1   = Tversky (and then as above)   (scale 1)
 *   Focal γ = 0, scalar α           = α · BCE
 *   Focal γ = 0, class-balanced 0.5 = 0.5 · BCE
 * SAME_AS (may be NULL) receives the simplest such loss, with its reduction and s, and SCALE
 * (may be NULL) the constant: loss (CONFIG) = SCALE · loss (SAME_AS).  False otherwise, and
 * then SAME_AS is a copy of CONFIG and SCALE is 1. */
bool nn_loss_equivalent_config (const NnLossConfig *config, NnLossConfig *same_as, double *scale);

/* The kind-only form of nn_loss_equivalent_config (), for a warning such as "Tversky with
 * α = β = 0.5 is Dice".  SAME_AS may be NULL. */
bool nn_loss_equivalent (const NnLossConfig *config, NnLossKind *same_as);

/* Writes the loss's formula with CONFIG's current values, in UTF-8, e.g.
 * "1 − (TP + 1) / (TP + 0.3·FP + 0.7·FN + 1), summed over the batch".  Returns what
 * snprintf () returns: the length the full text needs, whatever SIZE is. */
int nn_loss_formula (const NnLossConfig *config, char *buf, size_t size);

/* "dice-bce", "jaccard", "focal", "tversky", "focal-tversky", "bce", "dice". */
const char *nn_loss_kind_to_string (NnLossKind kind);
/* The display name: "Dice-BCE", "Focal-Tversky", … */
const char *nn_loss_kind_to_label (NnLossKind kind);
/* Returns false when NAME is none of the strings above. */
bool nn_loss_kind_from_string (const char *name, NnLossKind *kind);
