/* nn-losses.c — segmentation losses from logits: value and d loss / d logit in one pass pair.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Most losses are built from two kinds of parts over a reduction unit (the batch or one image):
 * a pixelwise mean (BCE, Weighted BCE, Focal, the focal part of Unified Focal, the BCE part of
 * Combo) and a function of ratios of sums (Dice, Jaccard, Tversky, Focal-Tversky, Generalized
 * Dice, Log-Cosh Dice, the Tversky part of Unified Focal, the Dice part of Combo and clDice).
 * Pass 1 accumulates the sums in double; pass 2 writes the gradient.  For the ratio parts
 * d loss / d p_j is c1 where y_j = 1 and c0 where y_j = 0 (linear in y_j for soft masks), and
 * d p / d z = p·q with both factors computed from z, so nothing is lost when p rounds to 1.
 * TopK BCE and the Lovász hinge rank pixels (nn-losses-ranked.c); clDice skeletonises
 * (nn-losses-cldice.c).  A compound loss adds its second term's gradient, times its weight,
 * to the first's in a double buffer. */
#include "nn-losses-private.h"

#include "nn-loss-distance.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* x^γ for x ∈ [0, 1]; γ = 2 (both presets) is a multiply, which more than halves Focal's
 * cost on a 16 × 256² batch. */
static inline double
focal_pow (double x, double gamma)
{
  if (gamma == 2.0)
    return x * x;
  if (gamma == 0.0)
    return 1.0;
  return pow (x, gamma);
}

/* ---- recipes: which parts a term is made of ---------------------------------------------- */

typedef enum
{
  SET_NONE,
  SET_DICE,
  SET_JACCARD,
  SET_TVERSKY,
  SET_GENERALIZED_DICE,
  SET_UNIFIED, /* the two asymmetric Tversky indices of Unified Focal */
} SetPart;

/* What is done with the set part's base b (1 − ratio). */
typedef enum
{
  OUTER_IDENTITY,
  OUTER_POWER,       /* b^power */
  OUTER_LOG_COSH,    /* log cosh b */
  OUTER_COEFFICIENT, /* b − 1 = −ratio: Combo's "− Dice coefficient" */
} Outer;

typedef struct
{
  /* Pixelwise part, POINT_COEF × mean[y·a1·q^g1·softplus(−z) + (1 − y)·a0·p^g0·softplus(z)]:
   * BCE has a1 = a0 = 1, g1 = g0 = 0; Focal a1, a0 from α and g1 = g0 = γ. */
  double point_coef;
  double a1, g1, a0, g0;
  /* Set part, SET_COEF × outer (base). */
  double set_coef;
  SetPart set;
  Outer outer;
  double power;       /* OUTER_POWER's exponent; SET_UNIFIED's foreground exponent 1 − γ */
  double alpha, beta; /* Tversky: weights of FP and FN; SET_UNIFIED: 1 − δ and δ */
  double s;
} Recipe;

/* Focal weights for y = 1 and y = 0. */
static void
focal_alphas (const NnLossTerm *t, double *a1, double *a0)
{
  *a1 = t->alpha;
  *a0 = t->focal_alpha == NN_FOCAL_ALPHA_CLASS_BALANCED ? 1.0 - t->alpha : t->alpha;
}

static void
recipe_point (Recipe *r, double coef, double a1, double g1, double a0, double g0)
{
  r->point_coef = coef;
  r->a1 = a1;
  r->g1 = g1;
  r->a0 = a0;
  r->g0 = g0;
}

/* False for the kinds that are not made of these parts (TopK BCE, Lovász hinge). */
static bool
recipe_for (const NnLossTerm *t, Recipe *r)
{
  memset (r, 0, sizeof *r);
  r->s = t->smooth;
  r->outer = OUTER_IDENTITY;
  switch (t->kind)
    {
    case NN_LOSS_BCE:
      recipe_point (r, 1, 1, 0, 1, 0);
      break;
    case NN_LOSS_DICE:
      r->set_coef = 1;
      r->set = SET_DICE;
      break;
    case NN_LOSS_DICE_BCE:
      recipe_point (r, 1, 1, 0, 1, 0);
      r->set_coef = 1;
      r->set = SET_DICE;
      break;
    case NN_LOSS_JACCARD:
      r->set_coef = 1;
      r->set = SET_JACCARD;
      break;
    case NN_LOSS_FOCAL:
      {
        double a1, a0;
        focal_alphas (t, &a1, &a0);
        recipe_point (r, 1, a1, t->gamma, a0, t->gamma);
      }
      break;
    case NN_LOSS_FOCAL_TVERSKY:
      r->power = t->focal_tversky_power == NN_FOCAL_TVERSKY_POWER_INV_GAMMA
                   ? 1.0 / (double) t->gamma
                   : (double) t->gamma;
      r->outer = r->power == 1.0 ? OUTER_IDENTITY : OUTER_POWER;
      /* fall through */
    case NN_LOSS_TVERSKY:
      r->set_coef = 1;
      r->set = SET_TVERSKY;
      r->alpha = t->alpha;
      r->beta = t->beta;
      break;
    case NN_LOSS_WEIGHTED_BCE:
      /* PyTorch's BCEWithLogitsLoss (pos_weight = w). */
      recipe_point (r, 1, t->pos_weight, 0, 1, 0);
      break;
    case NN_LOSS_GENERALIZED_DICE:
      r->set_coef = 1;
      r->set = SET_GENERALIZED_DICE;
      break;
    case NN_LOSS_LOG_COSH_DICE:
      r->set_coef = 1;
      r->set = SET_DICE;
      r->outer = OUTER_LOG_COSH;
      break;
    case NN_LOSS_UNIFIED_FOCAL:
      /* Yeung, Sala, Schönlieb & Rundo 2022, eqs. for L_maF and L_maFT: the focal modulation
       * only on background pixels (p^γ = (1 − p_bg)^γ), δ on lung pixels and 1 − δ on
       * background; the foreground Tversky term raised to 1 − γ. */
      recipe_point (r, t->lambda, t->delta, 0, 1.0 - t->delta, t->gamma);
      r->set_coef = 1.0 - t->lambda;
      r->set = SET_UNIFIED;
      r->power = 1.0 - t->gamma;
      r->alpha = 1.0 - t->delta;
      r->beta = t->delta;
      break;
    case NN_LOSS_COMBO:
      /* Taghanaki et al. 2019, eq. 2: a·(β-weighted BCE) − (1 − a)·(Dice coefficient). */
      recipe_point (r, t->alpha, t->beta, 0, 1.0 - t->beta, 0);
      r->set_coef = 1.0 - t->alpha;
      r->set = SET_DICE;
      r->outer = OUTER_COEFFICIENT;
      break;
    case NN_LOSS_CLDICE:
      /* (1 − a)·Dice here; a·clDice in nn-losses-cldice.c. */
      r->set_coef = 1.0 - t->alpha;
      r->set = SET_DICE;
      break;
    case NN_LOSS_TOPK_BCE:
    case NN_LOSS_LOVASZ_HINGE:
    case NN_LOSS_COUNT:
    default:
      return false;
    }
  if (r->set_coef == 0)
    r->set = SET_NONE;
  return true;
}

typedef struct
{
  double tp, fp, fn, tn, y1, y0; /* y1 = Σy, y0 = Σ(1 − y) */
} SetSums;

/* A Tversky-type base b = (αF + βN) / (T + αF + βN + s) = 1 − (T + s) / den and its derivatives
 * with respect to p_j: when p_j adds to T (dT = 1, dN = −1) and when it adds to F (dF = 1). */
static bool
tversky_base (double t, double f, double nn, double alpha, double beta, double s, double *b,
              double *db_t, double *db_f)
{
  double num = t + s, den = t + alpha * f + beta * nn + s;

  if (!(den > 0))
    return false;
  *b = (alpha * f + beta * nn) / den;
  *db_t = -(beta * num + alpha * f + beta * nn) / (den * den);
  *db_f = alpha * num / (den * den);
  return true;
}

/* The set part's value and its derivatives C1, C0 with respect to p_j where y_j = 1 and 0. */
static void
set_eval (const Recipe *r, const SetSums *u, double *value, double *c1, double *c0)
{
  double s = r->s, tp = u->tp, fp = u->fp, fn = u->fn;
  double base = 0, b1 = 0, b0 = 0, ratio = 1, f, df;
  bool defined = true;

  *value = *c1 = *c0 = 0;
  switch (r->set)
    {
    case SET_DICE:
      {
        /* 1 − (2TP + s)/(Σp + Σy + s), Σp + Σy = 2TP + FP + FN */
        double num = 2.0 * tp + s, den = 2.0 * tp + fp + fn + s;

        defined = den > 0;
        if (defined)
          {
            base = (fp + fn) / den;
            ratio = num / den;
            b1 = -(2.0 * (tp + fp + fn) + s) / (den * den);
            b0 = num / (den * den);
          }
      }
      break;
    case SET_JACCARD:
      {
        double num = tp + s, den = tp + fp + fn + s;

        defined = den > 0;
        if (defined)
          {
            base = (fp + fn) / den;
            b1 = -1.0 / den;
            b0 = num / (den * den);
          }
      }
      break;
    case SET_TVERSKY:
      defined = tversky_base (tp, fp, fn, r->alpha, r->beta, s, &base, &b1, &b0);
      break;
    case SET_GENERALIZED_DICE:
      {
        /* Sudre, Li, Vercauteren, Ourselin & Cardoso 2017, eq. 2, over the two classes lung
         * (p, y) and background (q, 1 − y), w_c = 1/(Σy_c)²; an empty class takes the other's
         * weight (MONAI's GeneralizedDiceLoss: an infinite weight becomes the largest finite
         * one).  1 − ratio = W·(FP + FN)/den: the background's FP and FN are the lung's FN
         * and FP. */
        double w1 = u->y1 > 0 ? 1.0 / (u->y1 * u->y1) : 0;
        double w0 = u->y0 > 0 ? 1.0 / (u->y0 * u->y0) : 0;
        double wsum, mismatch, den, dden;

        if (!(u->y1 > 0))
          w1 = w0;
        if (!(u->y0 > 0))
          w0 = w1;
        wsum = w1 + w0;
        mismatch = wsum * (fp + fn);
        den = w1 * (2.0 * tp + fp + fn) + w0 * (2.0 * u->tn + fp + fn) + s;
        defined = den > 0;
        if (defined)
          {
            /* d den / d p_j = w1 − w0 for either class of pixel */
            dden = w1 - w0;
            base = mismatch / den;
            b1 = (-wsum * den - mismatch * dden) / (den * den);
            b0 = (wsum * den - mismatch * dden) / (den * den);
          }
      }
      break;
    case SET_UNIFIED:
      {
        /* ½(1 − mTI_bg) + ½(1 − mTI_fg)^e.  Lung: T = TP, F = FP (weight 1 − δ), N = FN
         * (weight δ).  Background, with p_bg = q and y_bg = 1 − y: T = TN, its false
         * positives are the lung's FN (weight 1 − δ), its false negatives the lung's FP
         * (weight δ); a lung pixel's p adds to FN's complement (dFN = −1), a background
         * pixel's to FP and takes from TN. */
        double e = r->power, bf = 0, bf_t = 0, bf_f = 0, bb = 0, fe = 0, dfe = 0;
        double alpha = r->alpha, beta = r->beta;
        double num_b = u->tn + s, den_b = u->tn + alpha * fn + beta * fp + s;

        if (tversky_base (tp, fp, fn, alpha, beta, s, &bf, &bf_t, &bf_f))
          {
            if (e == 1.0)
              {
                fe = bf;
                dfe = 1.0;
              }
            else
              {
                fe = pow (bf, e);
                dfe = bf > 0 ? e * pow (bf, e - 1.0) : 0.0;
              }
          }
        if (den_b > 0)
          {
            bb = (alpha * fn + beta * fp) / den_b;
            /* lung pixel: dFN = −1 → d den_b = −α;  background pixel: dTN = −1, dFP = 1 */
            *c1 += 0.5 * (-alpha * num_b / (den_b * den_b));
            *c0 += 0.5 * ((beta * num_b + alpha * fn + beta * fp) / (den_b * den_b));
          }
        *value = 0.5 * bb + 0.5 * fe;
        *c1 += 0.5 * dfe * bf_t;
        *c0 += 0.5 * dfe * bf_f;
      }
      return;
    case SET_NONE:
    default:
      return;
    }

  /* else: 0/0 with s = 0 and everything empty: a perfect score, zero gradient. */
  if (!defined)
    {
      *value = r->outer == OUTER_COEFFICIENT ? -1.0 : 0.0;
      return;
    }

  switch (r->outer)
    {
    case OUTER_POWER:
      f = pow (base, r->power);
      /* d base^e = e·base^(e−1); at base = 0 and e < 1 that is infinite: take 0, the loss is
       * at its minimum there. */
      df = base > 0 ? r->power * pow (base, r->power - 1.0) : 0.0;
      break;
    case OUTER_LOG_COSH:
      /* Jadon 2020: log cosh of the Dice loss; base ∈ [0, 1], so cosh cannot overflow. */
      f = log (cosh (base));
      df = tanh (base);
      break;
    case OUTER_COEFFICIENT:
      f = -ratio;
      df = 1.0;
      break;
    case OUTER_IDENTITY:
    default:
      f = base;
      df = 1.0;
      break;
    }
  *value = f;
  *c1 = df * b1;
  *c0 = df * b0;
}

/* The recipe's loss over the M pixels from OFF on; WEIGHT × its gradient goes to IO (WEIGHT =
 * 1/N for per-image reduction, times a compound term's weight). */
static double
unit_loss (const Recipe *r, const LossIo *io, size_t off, size_t m, double weight)
{
  bool point = r->point_coef != 0, set = r->set != SET_NONE;
  double point_sum = 0, value = 0, c1 = 0, c0 = 0;
  SetSums u = { 0 };

  for (size_t i = off; i < off + m; i++)
    {
      double y = io_mask (io, i);
      Logistic l = logistic (io_logit (io, i));

      if (point)
        point_sum += y * r->a1 * focal_pow (l.q, r->g1) * l.sp_neg
                     + (1.0 - y) * r->a0 * focal_pow (l.p, r->g0) * l.sp_pos;
      if (set)
        {
          u.tp += l.p * y;
          u.fp += l.p * (1.0 - y);
          u.fn += l.q * y;
          u.tn += l.q * (1.0 - y);
          u.y1 += y;
          u.y0 += 1.0 - y;
        }
    }

  if (point)
    value += r->point_coef * (point_sum / (double) m);
  if (set)
    {
      double v;

      set_eval (r, &u, &v, &c1, &c0);
      value += r->set_coef * v;
      c1 *= r->set_coef;
      c0 *= r->set_coef;
    }

  if (io_has_grad (io))
    {
      double point_scale = r->point_coef / (double) m;

      for (size_t i = off; i < off + m; i++)
        {
          double y = io_mask (io, i);
          Logistic l = logistic (io_logit (io, i));
          double g = 0;

          if (point)
            {
              /* d/dz [a1 q^γ sp(−z)] = −a1 q^γ (γ p sp(−z) + q); the q^(γ−1) of the chain rule
               * is folded into q^γ·p so no negative power appears for γ < 1. */
              double g1 = -r->a1 * focal_pow (l.q, r->g1) * (r->g1 * l.p * l.sp_neg + l.q);
              double g0 = r->a0 * focal_pow (l.p, r->g0) * (r->g0 * l.q * l.sp_pos + l.p);

              g += point_scale * (y * g1 + (1.0 - y) * g0);
            }
          if (set)
            g += (y * c1 + (1.0 - y) * c0) * l.p * l.q;
          io_set_grad (io, i, weight * g);
        }
    }

  return value;
}

/* ---- terms, compounds and the entry points ----------------------------------------------- */

static unsigned
term_truth_maps (const NnLossTerm *t)
{
  if (t->kind == NN_LOSS_BOUNDARY)
    return NN_LOSS_MAP_SIGNED_DISTANCE;
  if (t->kind == NN_LOSS_HAUSDORFF_DT)
    return NN_LOSS_MAP_CONTOUR_DISTANCE;
  return 0;
}

unsigned
nn_loss_truth_maps (const NnLossConfig *config)
{
  return term_truth_maps (&config->primary)
         | (config->has_plus ? term_truth_maps (&config->plus) : 0);
}

static bool
term_needs_shape (const NnLossTerm *t)
{
  return (t->kind == NN_LOSS_CLDICE && t->alpha != 0) || term_truth_maps (t) != 0;
}

static bool
config_needs_shape (const NnLossConfig *config)
{
  return term_needs_shape (&config->primary)
         || (config->has_plus && term_needs_shape (&config->plus));
}

/* Whether a term writes its gradient in more than one part. */
static bool
term_adds (const NnLossTerm *t)
{
  return t->kind == NN_LOSS_CLDICE;
}

/* The truth's distance maps of one evaluation: the caller's, or computed here. */
typedef struct
{
  const float *signed_distance;
  const float *contour_distance;
  float *owned[2];
} TruthMaps;

static void
truth_maps_clear (TruthMaps *maps)
{
  free (maps->owned[0]);
  free (maps->owned[1]);
}

/* The map MAKE computes from the masks of IO, as float masks (y > 0.5 is the mask). */
static float *
truth_map_make (const LossIo *io,
                int n,
                int h,
                int w,
                int (*make) (const float *, int, int, int, const NnSpacing *, float *))
{
  size_t m = (size_t) n * (size_t) h * (size_t) w;
  float *map = malloc (m * sizeof *map), *masks = NULL;
  const float *y = io->yf;
  int status;

  if (map == NULL)
    return NULL;
  if (y == NULL)
    {
      masks = malloc (m * sizeof *masks);
      if (masks == NULL)
        {
          free (map);
          return NULL;
        }
      for (size_t i = 0; i < m; i++)
        masks[i] = (float) io->yd[i];
      y = masks;
    }
  status = make (y, n, h, w, NULL, map);
  free (masks);
  if (status != 0)
    {
      free (map);
      return NULL;
    }
  return map;
}

/* Fills MAPS with the maps CONFIG reads, from IN or the masks; false when memory runs out. */
static bool
truth_maps_init (TruthMaps *maps, const NnLossConfig *config, const NnLossInput *in,
                 const LossIo *io)
{
  unsigned needs = nn_loss_truth_maps (config);

  memset (maps, 0, sizeof *maps);
  maps->signed_distance = in->signed_distance;
  maps->contour_distance = in->contour_distance;
  if ((needs & NN_LOSS_MAP_SIGNED_DISTANCE) && maps->signed_distance == NULL)
    maps->signed_distance = maps->owned[0]
      = truth_map_make (io, in->n, in->height, in->width, nn_signed_distance_batch);
  if ((needs & NN_LOSS_MAP_CONTOUR_DISTANCE) && maps->contour_distance == NULL)
    maps->contour_distance = maps->owned[1]
      = truth_map_make (io, in->n, in->height, in->width, nn_contour_distance_batch);
  return !((needs & NN_LOSS_MAP_SIGNED_DISTANCE) && maps->signed_distance == NULL)
         && !((needs & NN_LOSS_MAP_CONTOUR_DISTANCE) && maps->contour_distance == NULL);
}

/* TERM's loss over N images of H×W, times SCALE; SCALE × its gradient goes to IO. */
static double
term_run (const NnLossTerm *t,
          const LossIo *io,
          const TruthMaps *maps,
          int n,
          int h,
          int w,
          double scale)
{
  size_t hw = (size_t) h * (size_t) w, units = 1, unit_size = (size_t) n * hw;
  double total = 0, weight = scale;
  Recipe r;
  bool recipe = recipe_for (t, &r);

  /* Both are means over every pixel, whatever the reduction. */
  if (t->kind == NN_LOSS_BOUNDARY)
    return scale * nn_loss_boundary_part (io, maps->signed_distance, (size_t) n * hw, scale);
  if (t->kind == NN_LOSS_HAUSDORFF_DT)
    return scale * nn_loss_hausdorff_dt_part (io, maps->contour_distance, n, h, w,
                                              t->distance_power, scale);

  if (t->reduction == NN_REDUCE_PER_IMAGE)
    {
      units = (size_t) n;
      unit_size = hw;
      weight = scale / n;
    }

  for (size_t u = 0; u < units; u++)
    {
      size_t off = u * unit_size;

      if (recipe)
        total += unit_loss (&r, io, off, unit_size, weight);
      else if (t->kind == NN_LOSS_TOPK_BCE)
        total += nn_loss_topk_unit (io, off, unit_size, t->top_k, weight);
      else if (t->kind == NN_LOSS_LOVASZ_HINGE)
        total += nn_loss_lovasz_unit (io, off, unit_size, weight);
      else
        return NAN;
    }
  total /= (double) units;

  if (t->kind == NN_LOSS_CLDICE && t->alpha != 0)
    total += t->alpha * nn_loss_cldice_part (t, io, n, h, w, scale * t->alpha);
  return scale * total;
}

static double
loss_run (const NnLossConfig *config, const NnLossInput *in, LossIo io)
{
  int n = in->n, h = in->height, w = in->width;
  size_t m;
  double value, *scratch = NULL;
  float *out = NULL;
  bool adds = term_adds (&config->primary) || config->has_plus;
  TruthMaps maps;

  if (n <= 0 || h <= 0 || w <= 0)
    return 0.0;
  m = (size_t) n * (size_t) h * (size_t) w;
  if (!truth_maps_init (&maps, config, in, &io))
    {
      truth_maps_clear (&maps);
      return NAN;
    }

  if (adds && io_has_grad (&io))
    {
      if (io.gd != NULL)
        memset (io.gd, 0, m * sizeof *io.gd);
      else
        {
          scratch = calloc (m, sizeof *scratch);
          if (scratch == NULL)
            {
              truth_maps_clear (&maps);
              return NAN;
            }
          out = io.gf;
          io.gf = NULL;
          io.gd = scratch;
        }
      io.add = true;
    }

  value = term_run (&config->primary, &io, &maps, n, h, w, 1.0);
  if (config->has_plus)
    {
      double weight = nn_loss_schedule_weight (&config->plus_weight, in->epoch);

      /* A zero weight skips the term: nothing to add, and nothing to compute. */
      if (weight != 0)
        value += term_run (&config->plus, &io, &maps, n, h, w, weight);
    }

  if (scratch != NULL)
    {
      for (size_t i = 0; i < m; i++)
        out[i] = (float) scratch[i];
      free (scratch);
    }
  truth_maps_clear (&maps);
  return value;
}

double
nn_loss_compute (const NnLossConfig *config,
                 const NnLossInput *input,
                 const float *logits,
                 const float *masks,
                 float *grad)
{
  LossIo io = { .zf = logits, .yf = masks, .gf = grad };

  return loss_run (config, input, io);
}

double
nn_loss_compute_double (const NnLossConfig *config,
                        const NnLossInput *input,
                        const double *logits,
                        const double *masks,
                        double *grad)
{
  LossIo io = { .zd = logits, .yd = masks, .gd = grad };

  return loss_run (config, input, io);
}

/* NN_LOSS_INPUT for nn_loss (): square images when the loss needs the shape. */
static bool
square_input (const NnLossConfig *config, int n, int hw, NnLossInput *in)
{
  memset (in, 0, sizeof *in);
  in->n = n;
  in->height = 1;
  in->width = hw;
  if (config_needs_shape (config) && hw > 0)
    {
      int side = (int) lround (sqrt ((double) hw));

      if ((long) side * side != hw)
        return false;
      in->height = in->width = side;
    }
  return true;
}

double
nn_loss (const NnLossConfig *config,
         const float *logits,
         const float *masks,
         int n,
         int hw,
         float *grad)
{
  NnLossInput in;

  if (!square_input (config, n, hw, &in))
    return NAN;
  return nn_loss_compute (config, &in, logits, masks, grad);
}

double
nn_loss_double (const NnLossConfig *config,
                const double *logits,
                const double *masks,
                int n,
                int hw,
                double *grad)
{
  NnLossInput in;

  if (!square_input (config, n, hw, &in))
    return NAN;
  return nn_loss_compute_double (config, &in, logits, masks, grad);
}

/* ---- schedules ---------------------------------------------------------------------------- */

double
nn_loss_schedule_weight (const NnLossSchedule *schedule, int epoch)
{
  double e = epoch > 0 ? (double) epoch : 0.0;

  switch (schedule->kind)
    {
    case NN_LOSS_SCHEDULE_LINEAR:
      if (schedule->epochs <= 0 || e >= schedule->epochs)
        return schedule->end;
      return schedule->start + ((double) schedule->end - schedule->start) * (e / schedule->epochs);
    case NN_LOSS_SCHEDULE_KERVADEC:
      {
        double w = schedule->start + schedule->step * e;

        return schedule->end > 0 && w > schedule->end ? (double) schedule->end : w;
      }
    case NN_LOSS_SCHEDULE_CONSTANT:
    case NN_LOSS_SCHEDULE_COUNT:
    default:
      return schedule->start;
    }
}

void
nn_loss_schedule_preset (NnLossSchedule *schedule, NnLossScheduleKind kind)
{
  memset (schedule, 0, sizeof *schedule);
  schedule->kind = kind;
  switch (kind)
    {
    case NN_LOSS_SCHEDULE_LINEAR:
      schedule->start = 0;
      schedule->end = 1;
      schedule->epochs = 10;
      break;
    case NN_LOSS_SCHEDULE_KERVADEC:
      /* Kervadec et al. 2019 (MIDL), their isles.make: GDL weight 1, boundary weight 0.01,
       * AddWeightLoss to_add [0, 0.01] after every epoch, uncapped. */
      schedule->start = 0.01f;
      schedule->step = 0.01f;
      schedule->end = 0;
      break;
    case NN_LOSS_SCHEDULE_CONSTANT:
    case NN_LOSS_SCHEDULE_COUNT:
    default:
      schedule->start = 1;
      break;
    }
}

/* Whether SCHEDULE gives the same weight at every epoch, and which. */
static bool
schedule_constant (const NnLossSchedule *schedule, double *weight)
{
  *weight = schedule->start;
  switch (schedule->kind)
    {
    case NN_LOSS_SCHEDULE_CONSTANT:
      return true;
    case NN_LOSS_SCHEDULE_LINEAR:
      if (schedule->epochs <= 0)
        {
          *weight = schedule->end;
          return true;
        }
      return schedule->start == schedule->end;
    case NN_LOSS_SCHEDULE_KERVADEC:
      if (schedule->end > 0 && schedule->end <= schedule->start)
        {
          *weight = schedule->end;
          return true;
        }
      return schedule->step == 0;
    case NN_LOSS_SCHEDULE_COUNT:
    default:
      return false;
    }
}

/* ---- presets ------------------------------------------------------------------------------ */

void
nn_loss_term_preset (NnLossTerm *term, NnLossKind kind, NnLossPreset preset)
{
  bool poster = preset == NN_LOSS_PRESET_POSTER;
  float smooth = poster ? 1e-6f : 1.0f;

  memset (term, 0, sizeof *term);
  term->kind = kind;
  term->reduction = NN_REDUCE_BATCH;
  term->focal_alpha = poster ? NN_FOCAL_ALPHA_SCALAR : NN_FOCAL_ALPHA_CLASS_BALANCED;
  term->focal_tversky_power =
    poster ? NN_FOCAL_TVERSKY_POWER_GAMMA : NN_FOCAL_TVERSKY_POWER_INV_GAMMA;

  switch (kind)
    {
    case NN_LOSS_DICE:
    case NN_LOSS_DICE_BCE:
    case NN_LOSS_JACCARD:
      term->smooth = smooth;
      break;
    case NN_LOSS_FOCAL:
      term->alpha = poster ? 0.8f : 0.25f;
      term->gamma = 2.0f;
      break;
    case NN_LOSS_FOCAL_TVERSKY:
      term->gamma = poster ? 1.0f : 4.0f / 3.0f;
      /* The Tversky index inside takes the Tversky values. */
      /* fall through */
    case NN_LOSS_TVERSKY:
      term->alpha = poster ? 0.5f : 0.3f;
      term->beta = poster ? 0.5f : 0.7f;
      term->smooth = smooth;
      break;
    case NN_LOSS_WEIGHTED_BCE:
      term->pos_weight = 1.0f;
      break;
    case NN_LOSS_TOPK_BCE:
      term->top_k = 10.0f;
      break;
    case NN_LOSS_GENERALIZED_DICE:
      term->smooth = 0.0f;
      break;
    case NN_LOSS_LOVASZ_HINGE:
      term->reduction = NN_REDUCE_PER_IMAGE;
      break;
    case NN_LOSS_LOG_COSH_DICE:
      term->smooth = 1.0f;
      break;
    case NN_LOSS_UNIFIED_FOCAL:
      term->lambda = 0.5f;
      term->delta = 0.6f;
      term->gamma = 0.5f;
      term->smooth = 1e-7f;
      term->reduction = NN_REDUCE_PER_IMAGE;
      break;
    case NN_LOSS_COMBO:
      term->alpha = 0.5f;
      term->beta = 0.5f;
      term->smooth = 1.0f;
      break;
    case NN_LOSS_CLDICE:
      term->alpha = 0.5f;
      term->iterations = 3;
      term->smooth = 1.0f;
      break;
    case NN_LOSS_HAUSDORFF_DT:
      term->distance_power = (float) NN_HAUSDORFF_DT_ALPHA;
      break;
    case NN_LOSS_BOUNDARY:
    case NN_LOSS_BCE:
    case NN_LOSS_COUNT:
    default:
      break;
    }
}

void
nn_loss_config_preset (NnLossConfig *config, NnLossKind kind, NnLossPreset preset)
{
  memset (config, 0, sizeof *config);
  nn_loss_term_preset (&config->primary, kind, preset);
}

void
nn_loss_config_set_plus (NnLossConfig *config,
                         NnLossKind kind,
                         NnLossPreset preset,
                         const NnLossSchedule *weight)
{
  config->has_plus = true;
  nn_loss_term_preset (&config->plus, kind, preset);
  config->plus_weight = *weight;
}

/* ---- checks ------------------------------------------------------------------------------- */

static bool
in_unit (float x)
{
  return isfinite (x) && x >= 0 && x <= 1;
}

static const char *
term_check (const NnLossTerm *t)
{
  NnLossKind kind = t->kind;

  if ((unsigned) kind >= NN_LOSS_COUNT)
    return "Choose one of the losses Lossbench offers.";
  if (t->reduction != NN_REDUCE_BATCH && t->reduction != NN_REDUCE_PER_IMAGE)
    return "Choose a reduction: over the batch or per image.";

  if (kind == NN_LOSS_DICE || kind == NN_LOSS_DICE_BCE || kind == NN_LOSS_JACCARD
      || kind == NN_LOSS_TVERSKY || kind == NN_LOSS_FOCAL_TVERSKY
      || kind == NN_LOSS_GENERALIZED_DICE || kind == NN_LOSS_LOG_COSH_DICE
      || kind == NN_LOSS_UNIFIED_FOCAL || kind == NN_LOSS_COMBO)
    {
      if (!isfinite (t->smooth) || t->smooth < 0)
        return "Set the smooth term s to 0 or a positive number.";
    }

  if (kind == NN_LOSS_TVERSKY || kind == NN_LOSS_FOCAL_TVERSKY)
    {
      if (!isfinite (t->alpha) || !isfinite (t->beta) || t->alpha < 0 || t->beta < 0)
        return "Set Tversky α and β to 0 or positive numbers.";
      if (t->alpha == 0 && t->beta == 0)
        return "Make Tversky α or β positive: with both at 0 the loss is always 0.";
    }

  if (kind == NN_LOSS_FOCAL_TVERSKY)
    {
      if (t->focal_tversky_power != NN_FOCAL_TVERSKY_POWER_GAMMA
          && t->focal_tversky_power != NN_FOCAL_TVERSKY_POWER_INV_GAMMA)
        return "Choose the Focal-Tversky exponent: γ or 1/γ.";
      if (!isfinite (t->gamma) || t->gamma <= 0)
        return "Set the Focal-Tversky γ to a positive number.";
    }

  if (kind == NN_LOSS_FOCAL)
    {
      if (!isfinite (t->gamma) || t->gamma < 0)
        return "Set the Focal γ to 0 or a positive number.";
      if (t->focal_alpha == NN_FOCAL_ALPHA_SCALAR)
        {
          if (!isfinite (t->alpha) || t->alpha <= 0)
            return "Set the Focal α to a positive number.";
        }
      else if (t->focal_alpha == NN_FOCAL_ALPHA_CLASS_BALANCED)
        {
          if (!in_unit (t->alpha))
            return "Set the class-balanced Focal α between 0 and 1.";
        }
      else
        return "Choose the Focal α: scalar or class-balanced.";
    }

  switch (kind)
    {
    case NN_LOSS_WEIGHTED_BCE:
      if (!isfinite (t->pos_weight) || t->pos_weight <= 0)
        return "Set the Weighted BCE weight w of lung pixels to a positive number.";
      break;
    case NN_LOSS_TOPK_BCE:
      if (!isfinite (t->top_k) || t->top_k <= 0 || t->top_k > 100)
        return "Set the TopK percentage k above 0 and at most 100.";
      break;
    case NN_LOSS_UNIFIED_FOCAL:
      if (!in_unit (t->lambda))
        return "Set the Unified Focal λ between 0 and 1.";
      if (!in_unit (t->delta))
        return "Set the Unified Focal δ between 0 and 1.";
      if (!isfinite (t->gamma) || t->gamma < 0 || t->gamma >= 1)
        return "Set the Unified Focal γ to at least 0 and less than 1: at 1 its foreground "
               "Tversky term is constant.";
      break;
    case NN_LOSS_COMBO:
      if (!in_unit (t->alpha))
        return "Set the Combo weight a between 0 and 1.";
      if (!in_unit (t->beta))
        return "Set the Combo β between 0 and 1.";
      break;
    case NN_LOSS_CLDICE:
      if (!in_unit (t->alpha))
        return "Set the clDice weight a between 0 and 1.";
      if (t->iterations < 0 || t->iterations > 100)
        return "Set the clDice skeleton iterations k between 0 and 100.";
      if (!isfinite (t->smooth) || t->smooth <= 0)
        return "Set the clDice smooth term s to a positive number: with s = 0 an empty "
               "skeleton divides by zero.";
      break;
    case NN_LOSS_HAUSDORFF_DT:
      if (!isfinite (t->distance_power) || t->distance_power <= 0 || t->distance_power > 10)
        return "Set the Hausdorff-DT exponent α above 0 and at most 10 (the paper's is 2).";
      break;
    default:
      break;
    }
  return NULL;
}

static const char *
schedule_check (const NnLossSchedule *s)
{
  if ((unsigned) s->kind >= NN_LOSS_SCHEDULE_COUNT)
    return "Choose the second loss's weight schedule: constant, linear or Kervadec.";
  if (!isfinite (s->start) || s->start < 0)
    return "Set the second loss's weight to 0 or a positive number.";
  if (s->kind == NN_LOSS_SCHEDULE_LINEAR)
    {
      if (!isfinite (s->end) || s->end < 0)
        return "Set the final weight of the linear ramp to 0 or a positive number.";
      if (s->epochs < 1)
        return "Make the linear ramp of the second loss's weight last at least one epoch.";
    }
  if (s->kind == NN_LOSS_SCHEDULE_KERVADEC)
    {
      if (!isfinite (s->step) || s->step < 0)
        return "Set the weight's increase per epoch to 0 or a positive number.";
      if (!isfinite (s->end) || s->end < 0)
        return "Set the weight's cap to a positive number, or to 0 for no cap.";
    }
  return NULL;
}

const char *
nn_loss_config_check (const NnLossConfig *config)
{
  const char *why = term_check (&config->primary);

  if (why == NULL && config->has_plus)
    {
      why = term_check (&config->plus);
      if (why == NULL)
        why = schedule_check (&config->plus_weight);
    }
  return why;
}

/* ---- equivalences ------------------------------------------------------------------------- */

/* The term-level rules of nn_loss_equivalent_config (); SAME is a copy of T when false. */
static bool
term_equivalent (const NnLossTerm *t, NnLossTerm *same, double *scale)
{
  NnLossTerm c = *t;
  double k = 1.0;
  bool changed = false;

  if (c.kind == NN_LOSS_FOCAL_TVERSKY)
    {
      /* The exponent, as the loss computes it: 1/γ is exactly 1 only for γ = 1. */
      double power = c.focal_tversky_power == NN_FOCAL_TVERSKY_POWER_INV_GAMMA
                       ? 1.0 / (double) c.gamma
                       : (double) c.gamma;
      if (power == 1.0)
        {
          c.kind = NN_LOSS_TVERSKY;
          c.gamma = 0;
          changed = true;
        }
    }

  if (c.kind == NN_LOSS_TVERSKY)
    {
      /* (TP + s)/(TP + FP/2 + FN/2 + s) = (2TP + 2s)/(2TP + FP + FN + 2s): Dice with 2s. */
      if (c.alpha == 0.5f && c.beta == 0.5f)
        {
          c.kind = NN_LOSS_DICE;
          c.smooth = 2.0f * c.smooth;
          c.alpha = c.beta = 0;
          changed = true;
        }
      else if (c.alpha == 1.0f && c.beta == 1.0f)
        {
          c.kind = NN_LOSS_JACCARD;
          c.alpha = c.beta = 0;
          changed = true;
        }
    }

  if (c.kind == NN_LOSS_FOCAL && c.gamma == 0)
    {
      bool focal = false;

      if (c.focal_alpha == NN_FOCAL_ALPHA_SCALAR && c.alpha > 0)
        {
          k = c.alpha;
          focal = true;
        }
      else if (c.focal_alpha == NN_FOCAL_ALPHA_CLASS_BALANCED && c.alpha == 0.5f)
        {
          k = 0.5;
          focal = true;
        }
      if (focal)
        {
          c.kind = NN_LOSS_BCE;
          c.alpha = c.gamma = 0;
          changed = true;
        }
    }

  switch (c.kind)
    {
    case NN_LOSS_WEIGHTED_BCE:
      if (c.pos_weight == 1.0f)
        {
          c.kind = NN_LOSS_BCE;
          c.pos_weight = 0;
          changed = true;
        }
      break;
    case NN_LOSS_TOPK_BCE:
      /* floor (M·100/100) = M: every pixel, summed in pixel order as BCE sums them. */
      if (c.top_k == 100.0f)
        {
          c.kind = NN_LOSS_BCE;
          c.top_k = 0;
          changed = true;
        }
      break;
    case NN_LOSS_COMBO:
      if (c.alpha == 1.0f && c.beta == 0.5f)
        {
          c.kind = NN_LOSS_BCE;
          c.alpha = c.beta = c.smooth = 0;
          k = 0.5;
          changed = true;
        }
      break;
    case NN_LOSS_UNIFIED_FOCAL:
      if (c.lambda == 1.0f && c.delta == 0.5f && c.gamma == 0)
        {
          c.kind = NN_LOSS_BCE;
          c.lambda = c.delta = c.gamma = c.smooth = 0;
          k = 0.5;
          changed = true;
        }
      break;
    case NN_LOSS_CLDICE:
      if (c.alpha == 0)
        {
          c.kind = NN_LOSS_DICE;
          c.iterations = 0;
          changed = true;
        }
      break;
    default:
      break;
    }

  if (!changed)
    c = *t;
  *same = c;
  *scale = k;
  return changed;
}

static bool
terms_equal (const NnLossTerm *a, const NnLossTerm *b)
{
  /* Every member is 4 bytes wide: no padding to compare. */
  return memcmp (a, b, sizeof *a) == 0;
}

bool
nn_loss_equivalent_config (const NnLossConfig *config, NnLossConfig *same_as, double *scale)
{
  NnLossConfig c = *config;
  NnLossTerm a, b;
  double k = 1.0, ka, kb, w;
  bool changed = false, sa, sb;

  sa = term_equivalent (&c.primary, &a, &ka);
  if (!c.has_plus)
    {
      if (sa)
        {
          c.primary = a;
          k = ka;
          changed = true;
        }
    }
  else
    {
      bool constant = schedule_constant (&c.plus_weight, &w), drop = false;

      sb = term_equivalent (&c.plus, &b, &kb);
      if (constant && w == 0)
        {
          c.primary = a;
          k = ka;
          drop = true;
        }
      else if (constant && terms_equal (&a, &b))
        {
          /* ka·X + w·kb·X */
          c.primary = a;
          k = ka + w * kb;
          drop = true;
        }
      else if (constant && w == 1 && ka == 1 && kb == 1
               && ((a.kind == NN_LOSS_BCE && b.kind == NN_LOSS_DICE)
                   || (a.kind == NN_LOSS_DICE && b.kind == NN_LOSS_BCE)))
        {
          const NnLossTerm *dice = a.kind == NN_LOSS_DICE ? &a : &b;
          NnLossTerm sum;

          nn_loss_term_preset (&sum, NN_LOSS_DICE_BCE, NN_LOSS_PRESET_POSTER);
          sum.smooth = dice->smooth;
          sum.reduction = dice->reduction;
          c.primary = sum;
          drop = true;
        }
      else
        {
          /* Simpler terms with the same weights; a term that simplifies only to a multiple
           * would change the weight, and stays. */
          if (sa && ka == 1)
            {
              c.primary = a;
              changed = true;
            }
          if (sb && kb == 1)
            {
              c.plus = b;
              changed = true;
            }
        }
      if (drop)
        {
          c.has_plus = false;
          memset (&c.plus, 0, sizeof c.plus);
          memset (&c.plus_weight, 0, sizeof c.plus_weight);
          changed = true;
        }
    }

  if (!changed)
    c = *config;
  if (same_as != NULL)
    *same_as = c;
  if (scale != NULL)
    *scale = k;
  return changed;
}

bool
nn_loss_equivalent (const NnLossConfig *config, NnLossKind *same_as)
{
  NnLossConfig c;
  bool r = nn_loss_equivalent_config (config, &c, NULL);

  if (same_as != NULL)
    *same_as = c.kind;
  return r;
}

/* ---- text --------------------------------------------------------------------------------- */

/* snprintf that keeps appending and keeps counting past the end of the buffer. */
typedef struct
{
  char *buf;
  size_t size;
  int len;
} Text;

__attribute__ ((format (printf, 2, 3))) static void
text_append (Text *t, const char *format, ...)
{
  va_list ap;
  size_t used = (size_t) t->len;
  int r;

  va_start (ap, format);
  if (t->buf != NULL && used < t->size)
    r = vsnprintf (t->buf + used, t->size - used, format, ap);
  else
    r = vsnprintf (NULL, 0, format, ap);
  va_end (ap);
  if (r > 0)
    t->len += r;
}

static void
text_start (Text *t, char *buf, size_t size)
{
  t->buf = buf;
  t->size = size;
  t->len = 0;
  if (buf != NULL && size > 0)
    buf[0] = '\0';
}

static void
text_tversky_index (Text *t, const NnLossTerm *c)
{
  text_append (t,
               "(TP + %g) / (TP + %g·FP + %g·FN + %g), TP = Σpy, FP = Σp(1 − y), "
               "FN = Σ(1 − p)y",
               c->smooth, c->alpha, c->beta, c->smooth);
}

static void
text_dice (Text *t, double s)
{
  text_append (t, "1 − (2·Σpy + %g) / (Σp + Σy + %g)", s, s);
}

/* Whether the reduction changes the term's value (not for the pixelwise means). */
static bool
reduction_matters (NnLossKind kind)
{
  return kind != NN_LOSS_BCE && kind != NN_LOSS_FOCAL && kind != NN_LOSS_WEIGHTED_BCE
         && kind != NN_LOSS_BOUNDARY && kind != NN_LOSS_HAUSDORFF_DT;
}

static void
term_formula (Text *t, const NnLossTerm *c)
{
  switch (c->kind)
    {
    case NN_LOSS_BCE:
      text_append (t, "mean[softplus(z) − y·z]");
      break;
    case NN_LOSS_DICE:
      text_dice (t, c->smooth);
      break;
    case NN_LOSS_DICE_BCE:
      text_append (t, "BCE + Dice = mean[softplus(z) − y·z] + ");
      text_dice (t, c->smooth);
      break;
    case NN_LOSS_JACCARD:
      text_append (t, "1 − (Σpy + %g) / (Σp + Σy − Σpy + %g)", c->smooth, c->smooth);
      break;
    case NN_LOSS_FOCAL:
      if (c->focal_alpha == NN_FOCAL_ALPHA_CLASS_BALANCED)
        text_append (t,
                     "mean[−α_t·(1 − p_t)^%g·log p_t], α_t = %g where y = 1, %g where y = 0",
                     c->gamma, c->alpha, 1.0 - c->alpha);
      else
        text_append (t, "mean[−%g·(1 − p_t)^%g·log p_t]", c->alpha, c->gamma);
      break;
    case NN_LOSS_TVERSKY:
      text_append (t, "1 − ");
      text_tversky_index (t, c);
      break;
    case NN_LOSS_FOCAL_TVERSKY:
      if (c->focal_tversky_power == NN_FOCAL_TVERSKY_POWER_INV_GAMMA)
        text_append (t, "(1 − TI)^(1/%g) = (1 − TI)^%g, TI = ", c->gamma, 1.0 / c->gamma);
      else
        text_append (t, "(1 − TI)^%g, TI = ", c->gamma);
      text_tversky_index (t, c);
      break;
    case NN_LOSS_WEIGHTED_BCE:
      text_append (t, "mean[%g·y·softplus(−z) + (1 − y)·softplus(z)]", c->pos_weight);
      break;
    case NN_LOSS_TOPK_BCE:
      text_append (t, "mean of the %g %% largest BCE values softplus(z) − y·z, gradient on "
                   "those only", c->top_k);
      break;
    case NN_LOSS_GENERALIZED_DICE:
      text_append (t,
                   "1 − (2·Σ_c w_c·Σp_c·y_c + %g) / (Σ_c w_c·Σ(p_c + y_c) + %g), c ∈ {lung, "
                   "background}, w_c = 1/(Σy_c)², an empty class weighted as the other",
                   c->smooth, c->smooth);
      break;
    case NN_LOSS_LOVASZ_HINGE:
      text_append (t, "Σ relu(e_i)·g_i, errors e = 1 − z·(2y − 1) in decreasing order, g the "
                   "gradient of the Lovász extension of the Jaccard loss");
      break;
    case NN_LOSS_LOG_COSH_DICE:
      text_append (t, "log cosh(");
      text_dice (t, c->smooth);
      text_append (t, ")");
      break;
    case NN_LOSS_UNIFIED_FOCAL:
      text_append (t,
                   "%g·mean[−%g·y·log p − %g·(1 − y)·p^%g·log(1 − p)] + %g·[½(1 − mTI_bg) + "
                   "½(1 − mTI_fg)^%g], mTI = (TP + %g) / (TP + %g·FN + %g·FP + %g) per class",
                   c->lambda, c->delta, 1.0 - c->delta, c->gamma, 1.0 - c->lambda,
                   1.0 - c->gamma, c->smooth, c->delta, 1.0 - c->delta, c->smooth);
      break;
    case NN_LOSS_COMBO:
      text_append (t,
                   "%g·mean[%g·y·softplus(−z) + %g·(1 − y)·softplus(z)] − %g·(2·Σpy + %g) / "
                   "(Σp + Σy + %g)",
                   c->alpha, c->beta, 1.0 - c->beta, 1.0 - c->alpha, c->smooth, c->smooth);
      break;
    case NN_LOSS_CLDICE:
      text_append (t, "%g·Dice + %g·clDice, Dice = ", 1.0 - c->alpha, c->alpha);
      text_dice (t, c->smooth);
      text_append (t,
                   ", clDice = 1 − 2·Tprec·Tsens / (Tprec + Tsens), Tprec = (Σ S(p)·y + %g) / "
                   "(Σ S(p) + %g), Tsens = (Σ S(y)·p + %g) / (Σ S(y) + %g), S the soft "
                   "skeleton of %d iterations",
                   c->smooth, c->smooth, c->smooth, c->smooth, c->iterations);
      break;
    case NN_LOSS_BOUNDARY:
      text_append (t, "mean[φ_G·p], φ_G the signed distance to the truth's contour (negative "
                   "inside, in pixels)");
      break;
    case NN_LOSS_HAUSDORFF_DT:
      text_append (t, "mean[(p − y)²·(d_G^%g + d_P^%g)], d_G and d_P the distances to the "
                   "contours of the truth and of p > 0.5 (in pixels)", c->distance_power,
                   c->distance_power);
      break;
    case NN_LOSS_COUNT:
    default:
      text_append (t, "(unknown loss)");
      return;
    }

  if (!reduction_matters (c->kind))
    text_append (t, ", mean over every pixel");
  else if (c->reduction == NN_REDUCE_PER_IMAGE)
    text_append (t, ", per image, then the mean over images");
  else if (c->kind == NN_LOSS_TOPK_BCE || c->kind == NN_LOSS_LOVASZ_HINGE)
    text_append (t, ", over the whole batch as one image");
  else
    text_append (t, ", summed over the batch");
}

static void
schedule_formula (Text *t, const NnLossSchedule *s)
{
  switch (s->kind)
    {
    case NN_LOSS_SCHEDULE_LINEAR:
      text_append (t, "w from %g to %g over %d epochs, then %g", s->start, s->end, s->epochs,
                   s->end);
      break;
    case NN_LOSS_SCHEDULE_KERVADEC:
      text_append (t, "w = %g + %g·epoch", s->start, s->step);
      if (s->end > 0)
        text_append (t, ", at most %g", s->end);
      break;
    case NN_LOSS_SCHEDULE_CONSTANT:
    default:
      text_append (t, "w = %g", s->start);
      break;
    }
}

int
nn_loss_formula (const NnLossConfig *config, char *buf, size_t size)
{
  Text t;

  text_start (&t, buf, size);
  term_formula (&t, &config->primary);
  if (config->has_plus)
    {
      text_append (&t, "; plus w·[");
      term_formula (&t, &config->plus);
      text_append (&t, "], ");
      schedule_formula (&t, &config->plus_weight);
    }
  return t.len;
}

int
nn_loss_approximation (const NnLossConfig *config, NnLossConfig *like, char *buf, size_t size)
{
  const NnLossTerm *c = &config->primary;
  NnLossConfig l = *config;
  Text t;

  text_start (&t, buf, size);
  if (!config->has_plus && c->kind == NN_LOSS_LOG_COSH_DICE)
    {
      nn_loss_config_preset (&l, NN_LOSS_DICE, NN_LOSS_PRESET_POSTER);
      l.smooth = c->smooth;
      l.reduction = c->reduction;
      text_append (&t,
                   "Log-Cosh Dice is log cosh D of the Dice loss D, about D²/2 (1 %% less at "
                   "D = 0.25): a squared Dice, whose gradient is Dice's times tanh D and fades "
                   "as the loss falls");
      if (c->reduction == NN_REDUCE_BATCH)
        text_append (&t, "; over the batch it points the way Dice's does at every step");
      text_append (&t, ".");
    }
  else if (!config->has_plus && c->kind == NN_LOSS_COMBO && c->beta > 0 && c->beta < 1
           && c->alpha > 0 && !(c->alpha == 1.0f && c->beta == 0.5f))
    {
      double a = c->alpha, beta = c->beta, k = a * (1.0 - beta), w = (1.0 - a) / k;
      NnLossSchedule weight;

      nn_loss_config_preset (&l, NN_LOSS_WEIGHTED_BCE, NN_LOSS_PRESET_POSTER);
      l.pos_weight = (float) (beta / (1.0 - beta));
      nn_loss_schedule_preset (&weight, NN_LOSS_SCHEDULE_CONSTANT);
      weight.start = (float) w;
      if (a < 1)
        {
          nn_loss_config_set_plus (&l, NN_LOSS_DICE, NN_LOSS_PRESET_POSTER, &weight);
          l.plus.smooth = c->smooth;
          l.plus.reduction = c->reduction;
        }
      if (beta == 0.5)
        text_append (&t, "Combo is %g × BCE", 0.5 * a);
      else
        text_append (&t, "Combo is %g × Weighted BCE (w = %g)", k, beta / (1.0 - beta));
      if (a < 1)
        text_append (&t, " + %g × Dice − %g: it trains like that sum, since an added constant "
                     "changes no gradient.", 1.0 - a, 1.0 - a);
      else
        text_append (&t, ".");
    }
  else if (!config->has_plus && c->kind == NN_LOSS_COMBO && c->alpha == 0)
    {
      nn_loss_config_preset (&l, NN_LOSS_DICE, NN_LOSS_PRESET_POSTER);
      l.smooth = c->smooth;
      l.reduction = c->reduction;
      text_append (&t, "Combo with a = 0 is Dice − 1: it trains exactly like Dice.");
    }
  else if (!config->has_plus && c->kind == NN_LOSS_UNIFIED_FOCAL && c->lambda == 1.0f
           && c->gamma == 0 && c->delta > 0 && c->delta < 1 && c->delta != 0.5f)
    {
      nn_loss_config_preset (&l, NN_LOSS_WEIGHTED_BCE, NN_LOSS_PRESET_POSTER);
      l.pos_weight = (float) (c->delta / (1.0 - c->delta));
      text_append (&t, "Unified Focal with λ = 1 and γ = 0 is %g × Weighted BCE (w = %g).",
                   1.0 - c->delta, c->delta / (1.0 - c->delta));
    }
  if (like != NULL)
    *like = l;
  return t.len;
}

/* ---- names -------------------------------------------------------------------------------- */

/* One row per kind: its name in files and on the command line, its label, its family. */
static const struct
{
  const char *name;
  const char *label;
  NnLossFamily family;
} kinds[NN_LOSS_COUNT] = {
  [NN_LOSS_BCE] = { "bce", "BCE", NN_LOSS_FAMILY_DISTRIBUTION },
  [NN_LOSS_DICE] = { "dice", "Dice", NN_LOSS_FAMILY_REGION },
  [NN_LOSS_DICE_BCE] = { "dice-bce", "Dice-BCE", NN_LOSS_FAMILY_COMPOUND },
  [NN_LOSS_JACCARD] = { "jaccard", "Jaccard", NN_LOSS_FAMILY_REGION },
  [NN_LOSS_FOCAL] = { "focal", "Focal", NN_LOSS_FAMILY_DISTRIBUTION },
  [NN_LOSS_TVERSKY] = { "tversky", "Tversky", NN_LOSS_FAMILY_REGION },
  [NN_LOSS_FOCAL_TVERSKY] = { "focal-tversky", "Focal-Tversky", NN_LOSS_FAMILY_REGION },
  [NN_LOSS_WEIGHTED_BCE] = { "weighted-bce", "Weighted BCE", NN_LOSS_FAMILY_DISTRIBUTION },
  [NN_LOSS_TOPK_BCE] = { "topk-bce", "TopK BCE", NN_LOSS_FAMILY_DISTRIBUTION },
  [NN_LOSS_GENERALIZED_DICE] = { "generalized-dice", "Generalized Dice", NN_LOSS_FAMILY_REGION },
  [NN_LOSS_LOVASZ_HINGE] = { "lovasz-hinge", "Lovász hinge", NN_LOSS_FAMILY_REGION },
  [NN_LOSS_LOG_COSH_DICE] = { "log-cosh-dice", "Log-Cosh Dice", NN_LOSS_FAMILY_REGION },
  [NN_LOSS_UNIFIED_FOCAL] = { "unified-focal", "Unified Focal", NN_LOSS_FAMILY_REGION },
  [NN_LOSS_COMBO] = { "combo", "Combo", NN_LOSS_FAMILY_COMPOUND },
  [NN_LOSS_CLDICE] = { "cldice", "clDice", NN_LOSS_FAMILY_BOUNDARY },
  [NN_LOSS_BOUNDARY] = { "boundary", "Boundary", NN_LOSS_FAMILY_BOUNDARY },
  [NN_LOSS_HAUSDORFF_DT] = { "hausdorff-dt", "Hausdorff-DT", NN_LOSS_FAMILY_BOUNDARY },
};

const char *
nn_loss_kind_to_string (NnLossKind kind)
{
  return (unsigned) kind < NN_LOSS_COUNT ? kinds[kind].name : NULL;
}

const char *
nn_loss_kind_to_label (NnLossKind kind)
{
  return (unsigned) kind < NN_LOSS_COUNT ? kinds[kind].label : NULL;
}

bool
nn_loss_kind_from_string (const char *name, NnLossKind *kind)
{
  if (name == NULL)
    return false;
  for (int i = 0; i < NN_LOSS_COUNT; i++)
    if (strcmp (name, kinds[i].name) == 0)
      {
        if (kind != NULL)
          *kind = (NnLossKind) i;
        return true;
      }
  return false;
}

NnLossFamily
nn_loss_kind_family (NnLossKind kind)
{
  return (unsigned) kind < NN_LOSS_COUNT ? kinds[kind].family : NN_LOSS_FAMILY_COUNT;
}

const char *
nn_loss_family_to_label (NnLossFamily family)
{
  static const char *const labels[NN_LOSS_FAMILY_COUNT] = {
    [NN_LOSS_FAMILY_DISTRIBUTION] = "Distribution-based",
    [NN_LOSS_FAMILY_REGION] = "Region-based",
    [NN_LOSS_FAMILY_BOUNDARY] = "Boundary-based",
    [NN_LOSS_FAMILY_COMPOUND] = "Compound",
  };

  return (unsigned) family < NN_LOSS_FAMILY_COUNT ? labels[family] : NULL;
}

static const char *const schedule_strings[NN_LOSS_SCHEDULE_COUNT] = {
  [NN_LOSS_SCHEDULE_CONSTANT] = "constant",
  [NN_LOSS_SCHEDULE_LINEAR] = "linear",
  [NN_LOSS_SCHEDULE_KERVADEC] = "kervadec",
};

const char *
nn_loss_schedule_kind_to_string (NnLossScheduleKind kind)
{
  return (unsigned) kind < NN_LOSS_SCHEDULE_COUNT ? schedule_strings[kind] : NULL;
}

bool
nn_loss_schedule_kind_from_string (const char *name, NnLossScheduleKind *kind)
{
  if (name == NULL)
    return false;
  for (int i = 0; i < NN_LOSS_SCHEDULE_COUNT; i++)
    if (strcmp (name, schedule_strings[i]) == 0)
      {
        if (kind != NULL)
          *kind = (NnLossScheduleKind) i;
        return true;
      }
  return false;
}
