/* nn-losses.c — segmentation losses from logits: value and d loss / d logit in one pass pair.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every loss is built from two kinds of parts over a reduction unit (the batch or one image):
 * a pixelwise mean (BCE, Focal) and a ratio of sums (Dice, Jaccard, Tversky, Focal-Tversky).
 * Pass 1 accumulates the sums in double; pass 2 writes the gradient.  For the ratio losses
 * d loss / d p_j is c1 where y_j = 1 and c0 where y_j = 0 (linear in y_j for soft masks), and
 * d p / d z = p·q with both factors computed from z, so nothing is lost when p rounds to 1. */
#include "nn-losses.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* Float or double views of the same arrays, so one code path serves nn_loss () and
 * nn_loss_double (); the branch is perfectly predictable and the loss is cheap next to the
 * network. */
typedef struct
{
  const float *zf;
  const double *zd;
  const float *yf;
  const double *yd;
  float *gf;
  double *gd;
} LossIo;

static inline double
io_logit (const LossIo *io, size_t i)
{
  return io->zf != NULL ? (double) io->zf[i] : io->zd[i];
}

static inline double
io_mask (const LossIo *io, size_t i)
{
  return io->yf != NULL ? (double) io->yf[i] : io->yd[i];
}

static inline bool
io_has_grad (const LossIo *io)
{
  return io->gf != NULL || io->gd != NULL;
}

static inline void
io_set_grad (const LossIo *io, size_t i, double g)
{
  if (io->gf != NULL)
    io->gf[i] = (float) g;
  else
    io->gd[i] = g;
}

/* σ(z), σ(−z), softplus(z) and softplus(−z) without overflow and without 1 − p:
 * with a = |z|, e = exp(−a) ∈ (0, 1], softplus(±a) = log1p (e) + max(±a, 0). */
typedef struct
{
  double p, q, sp_pos, sp_neg;
} Logistic;

static inline Logistic
logistic (double z)
{
  double a = fabs (z);
  double e = exp (-a);
  double l = log1p (e);
  double big = 1.0 / (1.0 + e);
  double small = e / (1.0 + e);
  Logistic r;

  if (z >= 0)
    {
      r.p = big;
      r.q = small;
      r.sp_pos = z + l;
      r.sp_neg = l;
    }
  else
    {
      r.p = small;
      r.q = big;
      r.sp_pos = l;
      r.sp_neg = -z + l;
    }
  return r;
}

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

/* Which parts a kind is made of. */
typedef enum
{
  PART_NONE,
  PART_BCE,
  PART_FOCAL,
} PointPart;

typedef enum
{
  SET_NONE,
  SET_DICE,
  SET_JACCARD,
  SET_TVERSKY,
} SetPart;

static void
kind_parts (const NnLossConfig *config, PointPart *point, SetPart *set, double *power)
{
  *point = PART_NONE;
  *set = SET_NONE;
  *power = 1.0;
  switch (config->kind)
    {
    case NN_LOSS_BCE:
      *point = PART_BCE;
      break;
    case NN_LOSS_DICE:
      *set = SET_DICE;
      break;
    case NN_LOSS_DICE_BCE:
      *point = PART_BCE;
      *set = SET_DICE;
      break;
    case NN_LOSS_JACCARD:
      *set = SET_JACCARD;
      break;
    case NN_LOSS_FOCAL:
      *point = PART_FOCAL;
      break;
    case NN_LOSS_TVERSKY:
      *set = SET_TVERSKY;
      break;
    case NN_LOSS_FOCAL_TVERSKY:
      *set = SET_TVERSKY;
      *power = config->focal_tversky_power == NN_FOCAL_TVERSKY_POWER_INV_GAMMA
                 ? 1.0 / (double) config->gamma
                 : (double) config->gamma;
      break;
    case NN_LOSS_COUNT:
    default:
      *power = NAN;
      break;
    }
}

/* Focal weights for y = 1 and y = 0. */
static void
focal_alphas (const NnLossConfig *config, double *a1, double *a0)
{
  *a1 = config->alpha;
  *a0 = config->focal_alpha == NN_FOCAL_ALPHA_CLASS_BALANCED ? 1.0 - config->alpha
                                                             : config->alpha;
}

/* The loss of the M pixels from OFF on; when IO has a gradient, writes WEIGHT × its gradient
 * there (WEIGHT = 1/N for per-image reduction). */
static double
unit_loss (const NnLossConfig *config, const LossIo *io, size_t off, size_t m, double weight)
{
  PointPart point;
  SetPart set;
  double power, a1 = 0, a0 = 0;
  double gamma = config->gamma;
  double s = config->smooth;
  double point_sum = 0, tp = 0, fp = 0, fn = 0;
  double value = 0, c1 = 0, c0 = 0, set_scale = 0;

  kind_parts (config, &point, &set, &power);
  if (point == PART_FOCAL)
    focal_alphas (config, &a1, &a0);

  for (size_t i = off; i < off + m; i++)
    {
      double y = io_mask (io, i);
      Logistic l = logistic (io_logit (io, i));

      if (point == PART_BCE)
        point_sum += y * l.sp_neg + (1.0 - y) * l.sp_pos;
      else if (point == PART_FOCAL)
        point_sum += y * a1 * focal_pow (l.q, gamma) * l.sp_neg
                     + (1.0 - y) * a0 * focal_pow (l.p, gamma) * l.sp_pos;
      if (set != SET_NONE)
        {
          tp += l.p * y;
          fp += l.p * (1.0 - y);
          fn += l.q * y;
        }
    }

  if (point != PART_NONE)
    value += point_sum / (double) m;

  if (set != SET_NONE)
    {
      /* 1 − ratio = mismatch / den with both terms sums of non-negative parts: no cancellation
       * near a perfect prediction, which (1 − TI)^(1/γ) would turn into an infinite slope. */
      double num, den, mismatch;

      if (set == SET_DICE)
        {
          num = 2.0 * tp + s;
          den = 2.0 * tp + fp + fn + s;
          mismatch = fp + fn;
        }
      else if (set == SET_JACCARD)
        {
          num = tp + s;
          den = tp + fp + fn + s;
          mismatch = fp + fn;
        }
      else
        {
          double alpha = config->alpha, beta = config->beta;

          num = tp + s;
          den = tp + alpha * fp + beta * fn + s;
          mismatch = alpha * fp + beta * fn;
        }

      if (den > 0)
        {
          double base = mismatch / den;
          double den2 = den * den;

          if (set == SET_DICE)
            {
              /* d/dp_j of 1 − (2TP + s)/(Σp + Σy + s) */
              c1 = -(2.0 * (tp + fp + fn) + s) / den2;
              c0 = num / den2;
            }
          else if (set == SET_JACCARD)
            {
              c1 = -1.0 / den;
              c0 = num / den2;
            }
          else
            {
              double alpha = config->alpha, beta = config->beta;

              c1 = -(beta * (tp + s) + alpha * fp + beta * fn) / den2;
              c0 = alpha * num / den2;
            }

          if (power == 1.0)
            {
              value += base;
              set_scale = 1.0;
            }
          else
            {
              value += pow (base, power);
              /* d base^e = e·base^(e−1); at base = 0 and e < 1 that is infinite: take 0, the
               * loss is at its minimum there. */
              set_scale = base > 0 ? power * pow (base, power - 1.0) : 0.0;
            }
        }
      /* else: 0/0 with s = 0 and everything empty: a perfect score, zero gradient. */
    }

  if (io_has_grad (io))
    {
      double point_scale = 1.0 / (double) m;

      for (size_t i = off; i < off + m; i++)
        {
          double y = io_mask (io, i);
          Logistic l = logistic (io_logit (io, i));
          double g = 0;

          if (point == PART_BCE)
            g += point_scale * (-y * l.q + (1.0 - y) * l.p);
          else if (point == PART_FOCAL)
            {
              /* d/dz [a1 q^γ sp(−z)] = −a1 q^γ (γ p sp(−z) + q); the q^(γ−1) of the chain rule
               * is folded into q^γ·p so no negative power appears for γ < 1. */
              double g1 = -a1 * focal_pow (l.q, gamma) * (gamma * l.p * l.sp_neg + l.q);
              double g0 = a0 * focal_pow (l.p, gamma) * (gamma * l.q * l.sp_pos + l.p);

              g += point_scale * (y * g1 + (1.0 - y) * g0);
            }
          if (set != SET_NONE)
            g += set_scale * (y * c1 + (1.0 - y) * c0) * l.p * l.q;
          io_set_grad (io, i, weight * g);
        }
    }

  return value;
}

static double
loss_run (const NnLossConfig *config, const LossIo *io, int n, int hw)
{
  double total = 0;

  if (n <= 0 || hw <= 0)
    return 0.0;

  if (config->reduction == NN_REDUCE_PER_IMAGE)
    {
      for (int i = 0; i < n; i++)
        total += unit_loss (config, io, (size_t) i * (size_t) hw, (size_t) hw, 1.0 / n);
      return total / n;
    }
  return unit_loss (config, io, 0, (size_t) n * (size_t) hw, 1.0);
}

double
nn_loss (const NnLossConfig *config,
         const float *logits,
         const float *masks,
         int n,
         int hw,
         float *grad)
{
  LossIo io = { .zf = logits, .yf = masks, .gf = grad };

  return loss_run (config, &io, n, hw);
}

double
nn_loss_double (const NnLossConfig *config,
                const double *logits,
                const double *masks,
                int n,
                int hw,
                double *grad)
{
  LossIo io = { .zd = logits, .yd = masks, .gd = grad };

  return loss_run (config, &io, n, hw);
}

void
nn_loss_config_preset (NnLossConfig *config, NnLossKind kind, NnLossPreset preset)
{
  bool poster = preset == NN_LOSS_PRESET_POSTER;
  float smooth = poster ? 1e-6f : 1.0f;

  memset (config, 0, sizeof *config);
  config->kind = kind;
  config->reduction = NN_REDUCE_BATCH;
  config->focal_alpha = poster ? NN_FOCAL_ALPHA_SCALAR : NN_FOCAL_ALPHA_CLASS_BALANCED;
  config->focal_tversky_power =
    poster ? NN_FOCAL_TVERSKY_POWER_GAMMA : NN_FOCAL_TVERSKY_POWER_INV_GAMMA;

  switch (kind)
    {
    case NN_LOSS_DICE:
    case NN_LOSS_DICE_BCE:
    case NN_LOSS_JACCARD:
      config->smooth = smooth;
      break;
    case NN_LOSS_FOCAL:
      config->alpha = poster ? 0.8f : 0.25f;
      config->gamma = 2.0f;
      break;
    case NN_LOSS_FOCAL_TVERSKY:
      config->gamma = poster ? 1.0f : 4.0f / 3.0f;
      /* The Tversky index inside takes the Tversky values. */
      /* fall through */
    case NN_LOSS_TVERSKY:
      config->alpha = poster ? 0.5f : 0.3f;
      config->beta = poster ? 0.5f : 0.7f;
      config->smooth = smooth;
      break;
    case NN_LOSS_BCE:
    case NN_LOSS_COUNT:
    default:
      break;
    }
}

const char *
nn_loss_config_check (const NnLossConfig *config)
{
  NnLossKind kind = config->kind;

  if ((unsigned) kind >= NN_LOSS_COUNT)
    return "Choose one of the seven losses.";
  if (config->reduction != NN_REDUCE_BATCH && config->reduction != NN_REDUCE_PER_IMAGE)
    return "Choose a reduction: over the batch or per image.";

  if (kind == NN_LOSS_DICE || kind == NN_LOSS_DICE_BCE || kind == NN_LOSS_JACCARD
      || kind == NN_LOSS_TVERSKY || kind == NN_LOSS_FOCAL_TVERSKY)
    {
      if (!isfinite (config->smooth) || config->smooth < 0)
        return "Set the smooth term s to 0 or a positive number.";
    }

  if (kind == NN_LOSS_TVERSKY || kind == NN_LOSS_FOCAL_TVERSKY)
    {
      if (!isfinite (config->alpha) || !isfinite (config->beta) || config->alpha < 0
          || config->beta < 0)
        return "Set Tversky α and β to 0 or positive numbers.";
      if (config->alpha == 0 && config->beta == 0)
        return "Make Tversky α or β positive: with both at 0 the loss is always 0.";
    }

  if (kind == NN_LOSS_FOCAL_TVERSKY)
    {
      if (config->focal_tversky_power != NN_FOCAL_TVERSKY_POWER_GAMMA
          && config->focal_tversky_power != NN_FOCAL_TVERSKY_POWER_INV_GAMMA)
        return "Choose the Focal-Tversky exponent: γ or 1/γ.";
      if (!isfinite (config->gamma) || config->gamma <= 0)
        return "Set the Focal-Tversky γ to a positive number.";
    }

  if (kind == NN_LOSS_FOCAL)
    {
      if (!isfinite (config->gamma) || config->gamma < 0)
        return "Set the Focal γ to 0 or a positive number.";
      if (config->focal_alpha == NN_FOCAL_ALPHA_SCALAR)
        {
          if (!isfinite (config->alpha) || config->alpha <= 0)
            return "Set the Focal α to a positive number.";
        }
      else if (config->focal_alpha == NN_FOCAL_ALPHA_CLASS_BALANCED)
        {
          if (!isfinite (config->alpha) || config->alpha < 0 || config->alpha > 1)
            return "Set the class-balanced Focal α between 0 and 1.";
        }
      else
        return "Choose the Focal α: scalar or class-balanced.";
    }

  return NULL;
}

bool
nn_loss_equivalent_config (const NnLossConfig *config, NnLossConfig *same_as, double *scale)
{
  NnLossConfig c = *config;
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
      if (c.focal_alpha == NN_FOCAL_ALPHA_SCALAR && c.alpha > 0)
        {
          k = c.alpha;
          changed = true;
        }
      else if (c.focal_alpha == NN_FOCAL_ALPHA_CLASS_BALANCED && c.alpha == 0.5f)
        {
          k = 0.5;
          changed = true;
        }
      if (changed)
        {
          c.kind = NN_LOSS_BCE;
          c.alpha = c.gamma = 0;
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
text_tversky_index (Text *t, const NnLossConfig *c)
{
  text_append (t,
               "(TP + %g) / (TP + %g·FP + %g·FN + %g), TP = Σpy, FP = Σp(1 − y), "
               "FN = Σ(1 − p)y",
               c->smooth, c->alpha, c->beta, c->smooth);
}

int
nn_loss_formula (const NnLossConfig *config, char *buf, size_t size)
{
  Text t = { buf, size, 0 };
  const NnLossConfig *c = config;
  bool set_loss = true;

  if (buf != NULL && size > 0)
    buf[0] = '\0';

  switch (c->kind)
    {
    case NN_LOSS_BCE:
      text_append (&t, "mean[softplus(z) − y·z]");
      set_loss = false;
      break;
    case NN_LOSS_DICE:
      text_append (&t, "1 − (2·Σpy + %g) / (Σp + Σy + %g)", c->smooth, c->smooth);
      break;
    case NN_LOSS_DICE_BCE:
      text_append (&t, "BCE + Dice = mean[softplus(z) − y·z] + 1 − (2·Σpy + %g) / (Σp + Σy + %g)",
                   c->smooth, c->smooth);
      break;
    case NN_LOSS_JACCARD:
      text_append (&t, "1 − (Σpy + %g) / (Σp + Σy − Σpy + %g)", c->smooth, c->smooth);
      break;
    case NN_LOSS_FOCAL:
      set_loss = false;
      if (c->focal_alpha == NN_FOCAL_ALPHA_CLASS_BALANCED)
        text_append (&t,
                     "mean[−α_t·(1 − p_t)^%g·log p_t], α_t = %g where y = 1, %g where y = 0",
                     c->gamma, c->alpha, 1.0 - c->alpha);
      else
        text_append (&t, "mean[−%g·(1 − p_t)^%g·log p_t]", c->alpha, c->gamma);
      break;
    case NN_LOSS_TVERSKY:
      text_append (&t, "1 − ");
      text_tversky_index (&t, c);
      break;
    case NN_LOSS_FOCAL_TVERSKY:
      if (c->focal_tversky_power == NN_FOCAL_TVERSKY_POWER_INV_GAMMA)
        text_append (&t, "(1 − TI)^(1/%g) = (1 − TI)^%g, TI = ", c->gamma, 1.0 / c->gamma);
      else
        text_append (&t, "(1 − TI)^%g, TI = ", c->gamma);
      text_tversky_index (&t, c);
      break;
    case NN_LOSS_COUNT:
    default:
      text_append (&t, "(unknown loss)");
      return t.len;
    }

  if (!set_loss)
    text_append (&t, ", mean over every pixel");
  else if (c->reduction == NN_REDUCE_PER_IMAGE)
    text_append (&t, ", per image, then the mean over images");
  else
    text_append (&t, ", summed over the batch");
  return t.len;
}

static const char *const kind_strings[NN_LOSS_COUNT] = {
  [NN_LOSS_BCE] = "bce",
  [NN_LOSS_DICE] = "dice",
  [NN_LOSS_DICE_BCE] = "dice-bce",
  [NN_LOSS_JACCARD] = "jaccard",
  [NN_LOSS_FOCAL] = "focal",
  [NN_LOSS_TVERSKY] = "tversky",
  [NN_LOSS_FOCAL_TVERSKY] = "focal-tversky",
};

static const char *const kind_labels[NN_LOSS_COUNT] = {
  [NN_LOSS_BCE] = "BCE",
  [NN_LOSS_DICE] = "Dice",
  [NN_LOSS_DICE_BCE] = "Dice-BCE",
  [NN_LOSS_JACCARD] = "Jaccard",
  [NN_LOSS_FOCAL] = "Focal",
  [NN_LOSS_TVERSKY] = "Tversky",
  [NN_LOSS_FOCAL_TVERSKY] = "Focal-Tversky",
};

const char *
nn_loss_kind_to_string (NnLossKind kind)
{
  return (unsigned) kind < NN_LOSS_COUNT ? kind_strings[kind] : NULL;
}

const char *
nn_loss_kind_to_label (NnLossKind kind)
{
  return (unsigned) kind < NN_LOSS_COUNT ? kind_labels[kind] : NULL;
}

bool
nn_loss_kind_from_string (const char *name, NnLossKind *kind)
{
  if (name == NULL)
    return false;
  for (int i = 0; i < NN_LOSS_COUNT; i++)
    if (strcmp (name, kind_strings[i]) == 0)
      {
        if (kind != NULL)
          *kind = (NnLossKind) i;
        return true;
      }
  return false;
}
