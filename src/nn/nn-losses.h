/* nn-losses.h — segmentation losses computed from logits, value and gradient in one call.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Shapes: N images of H×W pixels each (HW = H·W), logits z and masks y in {0,1}, both N×HW
 * floats, image by image, rows in order.  Conventions (../docs in losses.md and
 * losses-beyond.md): Tversky α weights false positives, β false negatives.
 *
 * Notation: p = σ(z), q = 1 − p = σ(−z), both computed from z (never 1 − p, which is 0 in
 * floating point once z > 37); TP = Σ p·y, FP = Σ p·(1 − y), FN = Σ q·y, TN = Σ q·(1 − y),
 * sums in double over the pixels of the reduction unit (the whole batch, or one image).
 *
 * The poster's seven:
 *   BCE           mean[softplus(z) − y·z]
 *   Dice          1 − (2·TP + s) / (Σp + Σy + s)
 *   Dice-BCE      BCE + Dice (weights 1 and 1; the poster's sign error is not reproduced)
 *   Jaccard       1 − (TP + s) / (Σp + Σy − TP + s)
 *   Focal         mean[−α_t · (1 − p_t)^γ · log p_t],  p_t = p if y = 1 else q
 *   Tversky       1 − TI,  TI = (TP + s) / (TP + α·FP + β·FN + s)
 *   Focal-Tversky (1 − TI)^γ, or (1 − TI)^(1/γ)
 *
 * Beyond the poster (losses-beyond.md; each cited where it is computed, in nn-losses*.c):
 *   Weighted BCE      mean[w·y·softplus(−z) + (1 − y)·softplus(z)]  (PyTorch's pos_weight w)
 *   TopK BCE          the mean of the k % largest per-pixel BCE values, floor (k·M/100) of the
 *                     M pixels (at least one); the gradient flows through those only (Wu et
 *                     al. 2016, as Ma's SegLoss).  Pixels tied with the last one kept share
 *                     its slots equally, so the gradient does not depend on their order.
 *   Generalized Dice  1 − (2·Σ_c w_c·Σp_c·y_c + s) / (Σ_c w_c·Σ(p_c + y_c) + s) over the two
 *                     classes c ∈ {lung (p, y), background (q, 1 − y)}, w_c = 1/(Σy_c)²; an
 *                     empty class takes the other's weight (MONAI's guard) (Sudre et al. 2017)
 *   Lovász hinge      Σ_i relu(e_(i))·g_i, errors e = 1 − z·(2y − 1) sorted in decreasing
 *                     order, g the gradient of the Lovász extension of the Jaccard loss at
 *                     that order (Berman et al. 2018); ties in order of pixel index (a stable
 *                     sort, as torch.sort (stable=True))
 *   Log-Cosh Dice     log cosh (Dice loss) (Jadon 2020)
 *   Unified Focal     λ·L_maF + (1 − λ)·L_maFT, the asymmetric form (Yeung et al. 2022):
 *                       L_maF  = mean[−δ·y·log p − (1 − δ)·(1 − y)·p^γ·log q]
 *                       L_maFT = ½·(1 − mTI_bg) + ½·(1 − mTI_fg)^(1 − γ),
 *                       mTI_fg = (TP + s) / (TP + δ·FN + (1 − δ)·FP + s),
 *                       mTI_bg = (TN + s) / (TN + δ·FP + (1 − δ)·FN + s)
 *                     (background suppressed in the focal part, foreground enhanced in the
 *                     Tversky part; δ weights false negatives of each class; λ on the focal
 *                     part as in the paper and losses-beyond.md — the authors' code puts it
 *                     on the Tversky part, the same at the default λ = 0.5)
 *   Combo             a·mean[β·y·softplus(−z) + (1 − β)·(1 − y)·softplus(z)]
 *                       − (1 − a)·(2·TP + s) / (Σp + Σy + s)
 *                     (Taghanaki et al. 2019, with the sign of their paper: minus the Dice
 *                     coefficient, so the value lies in [−(1 − a), ∞))
 *   clDice            (1 − a)·Dice + a·clDice (Shit et al. 2021), clDice = 1 − 2·Tprec·Tsens /
 *                     (Tprec + Tsens), Tprec = (Σ S(p)·y + s) / (Σ S(p) + s), Tsens =
 *                     (Σ S(y)·p + s) / (Σ S(y) + s), S the soft skeleton of k iterations of
 *                     soft erosion (min over the 3×1 and 1×3 crosses) and dilation (max over
 *                     3×3), both ignoring pixels outside the image; needs H and W
 *   Boundary          mean[φ_G·p], φ_G the truth's signed distance map (Kervadec et al. 2019)
 *   Hausdorff-DT      mean[(p − y)²·(d_G^α + d_P^α)], d_G, d_P the distances to the contours
 *                     of the truth and of p > 0.5, d_P recomputed on every call and constant
 *                     in the gradient (Karimi & Salcudean 2020)
 *                     Both in pixels, as nn-loss-distance.h defines them; the truth's maps
 *                     come in NnLossInput or are computed from the masks on each call.
 *                     Both papers add them to a region loss; alone, from a random start,
 *                     neither learns test-learn.c's shapes (held-out IoU 0 after 1500 steps:
 *                     the prediction empties), while Dice + either does at once.
 *
 * A loss may have a second term: L = L_primary + w(epoch)·L_plus (a compound loss, e.g. Dice
 * + BCE, or a region loss + a boundary loss), w from a schedule (nn_loss_schedule_weight ()).
 * A weight on the primary term as well would only rescale the whole loss, which Adam ignores.
 *
 * "mean" is over every pixel of the reduction unit; since every image has HW pixels, the
 * per-image mean averaged over images is the same number as the batch mean, so the reduction
 * only changes the set-based parts (everything but BCE, Weighted BCE and Focal; for Unified
 * Focal and Combo only their Tversky or Dice part), TopK BCE (the k % of each image or of the
 * batch) and the Lovász hinge.  With per-image reduction an image with an empty mask
 * contributes a Dice near 1 as soon as it predicts anything, which is the main practical
 * difference.
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
 * Where a loss is not differentiable (the hinge of the Lovász hinge, the minima and maxima of
 * the soft skeleton, relu at 0), the gradient is the one PyTorch's autograd takes: relu'(0) = 0;
 * a pooling window passes its gradient to its first extreme pixel in row order; the minimum of
 * the two erosions passes half to each when they tie.  (TopK's ties: above.)
 *
 * Presets (losses.md), the values nn_loss_config_preset () writes:
 *
 *   preset       Focal α / γ             Tversky α / β   Focal-Tversky γ          smooth s
 *   Poster       0.8 scalar / 2          0.5 / 0.5       1, (1 − TI)^γ            1e-6
 *   Literature   0.25 class-balanced / 2 0.3 / 0.7       4/3, (1 − TI)^(1/γ)      1
 *
 * For these seven both presets reduce over the whole batch (NN_REDUCE_BATCH), as the poster's
 * code does.  The smooth default is therefore 1e-6 (Poster) or 1 (Literature) for Dice,
 * Dice-BCE, Jaccard, Tversky and Focal-Tversky; BCE and Focal have no s.  With the Poster
 * preset Tversky and Focal-Tversky are Dice (with s doubled, see nn_loss_equivalent_config ()).
 *
 * The losses beyond the poster take their papers' (or their authors' code's) values under
 * both presets:
 *
 *   loss              defaults                          source
 *   Weighted BCE      w = 1                             losses-beyond.md (PyTorch's default)
 *   TopK BCE          k = 10 %                          Ma's SegLoss TopKLoss (k = 10)
 *   Generalized Dice  s = 0                             Sudre et al. 2017 (no smoothing)
 *   Lovász hinge      per image                         Berman et al. 2018, per_image=True
 *   Log-Cosh Dice     s = 1                             Jadon 2020, its code's smooth
 *   Unified Focal     λ = 0.5, δ = 0.6, γ = 0.5,        Yeung et al. 2022; per image and
 *                     s = 1e-7, per image               K.epsilon () as their code
 *   Combo             a = 0.5, β = 0.5, s = 1           Taghanaki et al. 2019 and their code
 *   clDice            a = 0.5, k = 3, s = 1             Shit et al. 2021, soft_dice_cldice
 *   Boundary          (no settings)                     Kervadec et al. 2019
 *   Hausdorff-DT      α = 2                             Karimi & Salcudean 2020
 *
 * Every preset other than Lovász hinge and Unified Focal reduces over the batch.  TopK BCE with k
 * below the share of lung pixels can settle where every logit is 0 (every pixel's BCE log 2):
 * on test-learn.c's shapes (~12 % lung) k = 10 % does, 12 % learns. */
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
  NN_LOSS_WEIGHTED_BCE,
  NN_LOSS_TOPK_BCE,
  NN_LOSS_GENERALIZED_DICE,
  NN_LOSS_LOVASZ_HINGE,
  NN_LOSS_LOG_COSH_DICE,
  NN_LOSS_UNIFIED_FOCAL,
  NN_LOSS_COMBO,
  NN_LOSS_CLDICE,
  NN_LOSS_BOUNDARY,
  NN_LOSS_HAUSDORFF_DT,
  NN_LOSS_COUNT
} NnLossKind;

/* The four families of Ma's survey, as losses-beyond.md sorts the kinds. */
typedef enum
{
  NN_LOSS_FAMILY_DISTRIBUTION, /* BCE, Weighted BCE, TopK BCE, Focal */
  NN_LOSS_FAMILY_REGION,       /* Dice, Jaccard, Tversky, Focal-Tversky, Generalized Dice,
                                  Lovász hinge, Log-Cosh Dice, Unified Focal */
  NN_LOSS_FAMILY_BOUNDARY,     /* Boundary, Hausdorff-DT, clDice (topology) */
  NN_LOSS_FAMILY_COMPOUND,     /* Dice-BCE, Combo */
  NN_LOSS_FAMILY_COUNT
} NnLossFamily;

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

/* The settings of one loss term.  A field a kind does not use is 0 in its preset and ignored. */
#define NN_LOSS_TERM_MEMBERS                                                                     \
  NnLossKind kind;                                                                               \
  float alpha;      /* Focal: α; Tversky, Focal-Tversky: weight of false positives; Combo: a,  \
                       the weight of its BCE part; clDice: a, the weight of clDice */           \
  float beta;       /* Tversky, Focal-Tversky: weight of false negatives; Combo: β, the weight \
                       of lung pixels in its BCE (1 − β for background) */                      \
  float gamma;      /* Focal, Focal-Tversky, Unified Focal */                                    \
  float smooth;     /* s in Dice, Jaccard, Tversky and every other ratio */                      \
  NnReduction reduction;                                                                         \
  NnFocalAlpha focal_alpha;                                                                      \
  NnFocalTverskyPower focal_tversky_power;                                                       \
  float pos_weight; /* Weighted BCE: w, the weight of lung pixels */                             \
  float top_k;      /* TopK BCE: the percentage of pixels kept, in (0, 100] */                   \
  float lambda;     /* Unified Focal: weight of the focal part, 1 − λ of the Tversky part */     \
  float delta;      /* Unified Focal: weight of false negatives (and of lung pixels) */          \
  int iterations;   /* clDice: soft-skeleton iterations k */                                   \
  float distance_power; /* Hausdorff-DT: α, the exponent on the contour distances */

typedef struct
{
  NN_LOSS_TERM_MEMBERS
} NnLossTerm;

/* How the second term's weight changes with the epoch (counted from 0). */
typedef enum
{
  NN_LOSS_SCHEDULE_CONSTANT, /* w = start */
  NN_LOSS_SCHEDULE_LINEAR,   /* from start at epoch 0 to end at epoch EPOCHS, then end */
  NN_LOSS_SCHEDULE_KERVADEC, /* start + step·epoch, capped at end when end > 0 (Kervadec et
                                al. 2019: start 0.01, step 0.01; their code, AddWeightLoss,
                                has no cap, nor has losses-beyond.md) */
  NN_LOSS_SCHEDULE_COUNT
} NnLossScheduleKind;

typedef struct
{
  NnLossScheduleKind kind;
  float start; /* the weight at epoch 0 */
  float end;   /* LINEAR: the weight from epoch EPOCHS on; KERVADEC: the cap, 0 for none */
  float step;  /* KERVADEC: added after every epoch */
  int epochs;  /* LINEAR: the length of the ramp, at least 1 */
} NnLossSchedule;

/* A loss: one term, or a compound of a primary term and a weighted second term.
 *
 * The primary term's members are the config's own (config->kind, config->alpha, …, as before
 * compound losses existed) and, the same storage, config->primary as an NnLossTerm. */
typedef struct
{
  union
  {
    NnLossTerm primary;
    struct
    {
      NN_LOSS_TERM_MEMBERS
    };
  };
  bool has_plus;              /* whether the loss has a second term */
  NnLossTerm plus;            /* the second term, when HAS_PLUS */
  NnLossSchedule plus_weight; /* its weight */
} NnLossConfig;

/* What one evaluation is about, besides the logits and the masks. */
typedef struct
{
  int n;           /* images */
  int height;      /* rows of each image */
  int width;       /* columns of each image */
  int epoch;       /* the training epoch, from 0: where the second term's schedule is read */
  /* The truth's distance maps in pixels (nn-distance.h), N×H×W floats laid out as the logits,
   * for the kinds that read them (nn_loss_truth_maps ()); NULL: computed from the masks on
   * this call (a trainer computes them once per mask and passes them). */
  const float *signed_distance;  /* φ_G: Boundary */
  const float *contour_distance; /* d_G: Hausdorff-DT */
} NnLossInput;

/* Which of NnLossInput's maps a loss reads. */
typedef enum
{
  NN_LOSS_MAP_SIGNED_DISTANCE = 1 << 0,
  NN_LOSS_MAP_CONTOUR_DISTANCE = 1 << 1,
} NnLossTruthMap;

/* Fills every field for KIND from a preset table of losses.md (the kinds beyond the poster:
 * their papers' values, above).  Numeric fields KIND does not use are 0 (e.g. alpha, beta,
 * gamma and smooth of BCE); the two enum fields always hold the preset's choice; reduction is
 * NN_REDUCE_BATCH except for Lovász hinge and Unified Focal.  No second term. */
void nn_loss_config_preset (NnLossConfig *config, NnLossKind kind, NnLossPreset preset);

/* The same for one term, e.g. CONFIG->plus. */
void nn_loss_term_preset (NnLossTerm *term, NnLossKind kind, NnLossPreset preset);

/* Gives CONFIG the second term KIND (its preset values) with weight schedule WEIGHT. */
void nn_loss_config_set_plus (NnLossConfig *config,
                              NnLossKind kind,
                              NnLossPreset preset,
                              const NnLossSchedule *weight);

/* NULL when CONFIG is usable, else an English sentence saying which value to change (for
 * the GUI and the CLI).  nn_loss () on a rejected configuration may return NaN. */
const char *nn_loss_config_check (const NnLossConfig *config);

/* The loss of N images of HW pixels. When GRAD is not NULL it receives d loss / d logit
 * (N×HW). Finite for any logit in [-100, 100] and for empty or full masks.
 *
 * This is nn_loss_compute () at epoch 0 with square images (clDice, Boundary and Hausdorff-DT
 * need the shape and give NaN when HW is not a square), the truth's maps computed here. */
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

/* The loss of INPUT->n images of INPUT->height × INPUT->width pixels at epoch INPUT->epoch:
 * what a trainer calls.  GRAD as in nn_loss ().  TopK BCE, Lovász hinge, clDice, Boundary and
 * Hausdorff-DT (when their maps are not given) and compound losses allocate scratch memory
 * (one to three doubles per pixel; clDice 2k + 12 per pixel of one image) and return NaN when
 * they cannot. */
double nn_loss_compute (const NnLossConfig *config,
                        const NnLossInput *input,
                        const float *logits,
                        const float *masks,
                        float *grad);

/* The same in double; INPUT->aux stays float. */
double nn_loss_compute_double (const NnLossConfig *config,
                               const NnLossInput *input,
                               const double *logits,
                               const double *masks,
                               double *grad);

/* The NnLossTruthMap flags of the maps CONFIG reads (0 for most kinds). */
unsigned nn_loss_truth_maps (const NnLossConfig *config);

/* The second term's weight at EPOCH (from 0; a negative epoch counts as 0).  A pure function:
 * the trainer calls it to log the weight, nn_loss_compute () to apply it. */
double nn_loss_schedule_weight (const NnLossSchedule *schedule, int epoch);

/* KIND's defaults: constant 1; linear from 0 to 1 over 10 epochs; Kervadec from 0.01, +0.01
 * per epoch, no cap. */
void nn_loss_schedule_preset (NnLossSchedule *schedule, NnLossScheduleKind kind);

/* True when CONFIG is, for every input, another (simpler) loss times a positive constant:
 *   Tversky α = β = 0.5, smooth s   = Dice, smooth 2s               (scale 1)
 *   Tversky α = β = 1               = Jaccard, same s               (scale 1)
 *   Focal-Tversky with exponent 1   = Tversky (and then as above)   (scale 1)
 *   Focal γ = 0, scalar α           = α · BCE
 *   Focal γ = 0, class-balanced 0.5 = 0.5 · BCE
 *   Weighted BCE, w = 1             = BCE
 *   TopK BCE, k = 100 %             = BCE
 *   Combo a = 1, β = 0.5            = 0.5 · BCE
 *   Unified Focal λ = 1, δ = 0.5, γ = 0 = 0.5 · BCE
 *   clDice a = 0                    = Dice, same s and reduction
 * and, for a compound loss with a constant weight w (after simplifying both terms):
 *   w = 0                           = the primary term alone
 *   X + w·X                         = (1 + w) · X
 *   BCE + 1·Dice, Dice + 1·BCE      = Dice-BCE, with the Dice term's s and reduction
 * SAME_AS (may be NULL) receives the simplest such loss, with its reduction and s, and SCALE
 * (may be NULL) the constant: loss (CONFIG) = SCALE · loss (SAME_AS).  False otherwise, and
 * then SAME_AS is a copy of CONFIG and SCALE is 1.  Relations that hold only approximately,
 * or up to an added constant, are nn_loss_approximation ()'s. */
bool nn_loss_equivalent_config (const NnLossConfig *config, NnLossConfig *same_as, double *scale);

/* The kind-only form of nn_loss_equivalent_config (), for a warning such as "Tversky with
 * α = β = 0.5 is Dice".  SAME_AS may be NULL. */
bool nn_loss_equivalent (const NnLossConfig *config, NnLossKind *same_as);

/* A relation that is not an exact equivalence, for the formula card's warnings:
 *   Log-Cosh Dice = log cosh D ≈ D²/2 for the Dice loss D (D²/2 − D⁴/12 + …; 1 % off at
 *     D = 0.25): a squared Dice, whose gradient is Dice's times tanh D, weaker as D falls;
 *     with batch reduction the same direction as Dice's at every step
 *   Combo = a(1 − β)·Weighted BCE(w = β/(1 − β)) + (1 − a)·Dice − (1 − a): the gradient of a
 *     compound Weighted BCE + Dice, shifted by a constant (for β = 0.5: a/2·BCE + (1 − a)·Dice)
 * LIKE (may be NULL) receives the simpler loss (or compound) it resembles.  Writes an English
 * sentence to BUF as snprintf () would and returns its length; returns 0 (and writes "") when
 * there is no such relation. */
int nn_loss_approximation (const NnLossConfig *config, NnLossConfig *like, char *buf, size_t size);

/* Writes the loss's formula with CONFIG's current values, in UTF-8, e.g.
 * "1 − (TP + 1) / (TP + 0.3·FP + 0.7·FN + 1), summed over the batch".  Returns what
 * snprintf () returns: the length the full text needs, whatever SIZE is. */
int nn_loss_formula (const NnLossConfig *config, char *buf, size_t size);

/* "dice-bce", "jaccard", "focal", "tversky", "focal-tversky", "bce", "dice", "weighted-bce",
 * "topk-bce", "generalized-dice", "lovasz-hinge", "log-cosh-dice", "unified-focal", "combo",
 * "cldice", "boundary", "hausdorff-dt". */
const char *nn_loss_kind_to_string (NnLossKind kind);
/* The display name: "Dice-BCE", "Focal-Tversky", "Lovász hinge", … */
const char *nn_loss_kind_to_label (NnLossKind kind);
/* Returns false when NAME is none of the strings above. */
bool nn_loss_kind_from_string (const char *name, NnLossKind *kind);

NnLossFamily nn_loss_kind_family (NnLossKind kind);
/* "Distribution-based", "Region-based", "Boundary-based", "Compound". */
const char *nn_loss_family_to_label (NnLossFamily family);

/* "constant", "linear", "kervadec". */
const char *nn_loss_schedule_kind_to_string (NnLossScheduleKind kind);
bool nn_loss_schedule_kind_from_string (const char *name, NnLossScheduleKind *kind);
