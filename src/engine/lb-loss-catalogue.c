/* lb-loss-catalogue.c — the losses' families, parameters, conventions and equivalences.
 * SPDX-License-Identifier: GPL-3.0-or-later */

#include "lb-loss-catalogue.h"

#include <math.h>

static const LbLossParamInfo params[LB_LOSS_N_PARAMS] = {
  [LB_LOSS_PARAM_ALPHA] = { "alpha", "α", 0, 1, 0.05, 2,
                            "Focal: weight; Tversky: false positives" },
  [LB_LOSS_PARAM_BETA] = { "beta", "β", 0, 1, 0.05, 2, "Tversky: false negatives" },
  [LB_LOSS_PARAM_GAMMA] = { "gamma", "γ", 0, 10, 0.01, 2, "Focusing exponent" },
};

static const LbLossInfo losses[] = {
  { NN_LOSS_DICE_BCE, LB_LOSS_FAMILY_COMPOUND, TRUE,
    "binary cross-entropy plus Dice, weights 1 and 1", { NULL }, "BCE + Dice" },
  { NN_LOSS_JACCARD, LB_LOSS_FAMILY_REGION, TRUE,
    "one minus the soft IoU of the probabilities", { NULL }, "Soft IoU" },
  { NN_LOSS_FOCAL, LB_LOSS_FAMILY_DISTRIBUTION, TRUE,
    "cross-entropy that down-weights pixels already classified well",
    { [LB_LOSS_PARAM_ALPHA] = "weight of every pixel (scalar) or of lung pixels (class-balanced)",
      [LB_LOSS_PARAM_GAMMA] = "focusing: how strongly well-classified pixels are down-weighted" },
    "Down-weights easy pixels" },
  { NN_LOSS_TVERSKY, LB_LOSS_FAMILY_REGION, TRUE,
    "overlap with separate weights for false positives and false negatives",
    { [LB_LOSS_PARAM_ALPHA] = "weight of false positives",
      [LB_LOSS_PARAM_BETA] = "weight of false negatives" },
    "Weighs false positives and negatives" },
  { NN_LOSS_FOCAL_TVERSKY, LB_LOSS_FAMILY_REGION, TRUE,
    "Tversky raised to a power, to weigh the poorly segmented images more",
    { [LB_LOSS_PARAM_ALPHA] = "weight of false positives",
      [LB_LOSS_PARAM_BETA] = "weight of false negatives",
      [LB_LOSS_PARAM_GAMMA] = "the exponent on 1 − TI (or its inverse)" },
    "Tversky with an exponent" },
  { NN_LOSS_BCE, LB_LOSS_FAMILY_DISTRIBUTION, FALSE,
    "mean binary cross-entropy over the pixels", { NULL }, "Cross-entropy per pixel" },
  { NN_LOSS_DICE, LB_LOSS_FAMILY_REGION, FALSE,
    "one minus the soft Dice coefficient of the probabilities", { NULL }, "Soft Dice" },
};

G_STATIC_ASSERT (G_N_ELEMENTS (losses) == NN_LOSS_COUNT);

const LbLossInfo *
lb_loss_catalogue (guint *n_losses)
{
  if (n_losses != NULL)
    *n_losses = G_N_ELEMENTS (losses);
  return losses;
}

const LbLossInfo *
lb_loss_info (NnLossKind kind)
{
  for (guint i = 0; i < G_N_ELEMENTS (losses); i++)
    if (losses[i].kind == kind)
      return &losses[i];
  g_return_val_if_reached (&losses[0]);
}

const LbLossParamInfo *
lb_loss_param_info (LbLossParam param)
{
  g_return_val_if_fail (param < LB_LOSS_N_PARAMS, &params[0]);
  return &params[param];
}

const char *
lb_loss_family_label (LbLossFamily family)
{
  static const char *const labels[LB_LOSS_N_FAMILIES] = {
    [LB_LOSS_FAMILY_DISTRIBUTION] = "Distribution",
    [LB_LOSS_FAMILY_REGION] = "Region",
    [LB_LOSS_FAMILY_BOUNDARY] = "Boundary",
    [LB_LOSS_FAMILY_COMPOUND] = "Compound",
  };

  g_return_val_if_fail (family < LB_LOSS_N_FAMILIES, "");
  return labels[family];
}

guint
lb_loss_catalogue_poster (NnLossKind *kinds,
                          guint       max_kinds)
{
  guint n = 0;

  for (guint i = 0; i < G_N_ELEMENTS (losses) && n < max_kinds; i++)
    if (losses[i].poster)
      kinds[n++] = losses[i].kind;
  return n;
}

gboolean
lb_loss_reads (NnLossKind  kind,
               LbLossParam param)
{
  g_return_val_if_fail (param < LB_LOSS_N_PARAMS, FALSE);
  return lb_loss_info (kind)->meaning[param] != NULL;
}

double
lb_loss_param_get (const NnLossConfig *config,
                   LbLossParam         param)
{
  switch (param)
    {
    case LB_LOSS_PARAM_ALPHA:
      return config->alpha;
    case LB_LOSS_PARAM_BETA:
      return config->beta;
    case LB_LOSS_PARAM_GAMMA:
      return config->gamma;
    case LB_LOSS_N_PARAMS:
    default:
      g_return_val_if_reached (NAN);
    }
}

void
lb_loss_param_set (NnLossConfig *config,
                   LbLossParam   param,
                   double        value)
{
  switch (param)
    {
    case LB_LOSS_PARAM_ALPHA:
      config->alpha = (float) value;
      break;
    case LB_LOSS_PARAM_BETA:
      config->beta = (float) value;
      break;
    case LB_LOSS_PARAM_GAMMA:
      config->gamma = (float) value;
      break;
    case LB_LOSS_N_PARAMS:
    default:
      g_return_if_reached ();
    }
}

const char *
lb_loss_convention (const NnLossConfig *config)
{
  switch (config->kind)
    {
    case NN_LOSS_DICE_BCE:
      return "BCE + Dice with weights 1 and 1: the loss the poster meant (its code has a sign "
             "error in the BCE term, not reproduced here).";
    case NN_LOSS_JACCARD:
      return "Soft IoU computed on probabilities, from the logits.";
    case NN_LOSS_FOCAL:
      return config->focal_alpha == NN_FOCAL_ALPHA_SCALAR
               ? "Scalar α, as the poster: every pixel is multiplied by α, which only rescales "
                 "the loss. The Literature preset uses Lin et al.'s class-balanced α."
               : "Class-balanced α (Lin et al. 2017): α for lung pixels, 1 − α for background.";
    case NN_LOSS_TVERSKY:
      return "α weights false positives and β false negatives (Salehi et al. 2017, as MONAI and "
             "segmentation_models_pytorch); Abraham & Khan's code puts α on false negatives.";
    case NN_LOSS_FOCAL_TVERSKY:
      return config->focal_tversky_power == NN_FOCAL_TVERSKY_POWER_GAMMA
               ? "Exponent γ, (1 − TI)^γ, as the poster (γ = 1 is plain Tversky). α weights false "
                 "positives and β false negatives."
               : "Exponent 1/γ, (1 − TI)^(1/γ), as Abraham & Khan 2019 (γ = 4/3). α weights false "
                 "positives and β false negatives (their code swaps them).";
    case NN_LOSS_BCE:
    case NN_LOSS_DICE:
    case NN_LOSS_COUNT:
    default:
      return "";
    }
}

/* The parameters of CONFIG's loss that, changed, would make it differ from SAME_AS: those it
 * reads and SAME_AS does not, e.g. "γ" for a Focal that is BCE, "α or β" for a Tversky that is
 * Dice. The exponent comes first, as the setting that changes the loss most; Focal's α is left
 * out, since a scalar α only rescales the loss. */
static char *
parameters_to_change (const NnLossConfig *config,
                      NnLossKind          same_as)
{
  static const LbLossParam order[] = { LB_LOSS_PARAM_GAMMA, LB_LOSS_PARAM_ALPHA,
                                       LB_LOSS_PARAM_BETA };
  const char *symbols[G_N_ELEMENTS (order)];
  guint n = 0;
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (order); i++)
    if (lb_loss_reads (config->kind, order[i]) && !lb_loss_reads (same_as, order[i])
        && !(config->kind == NN_LOSS_FOCAL && order[i] == LB_LOSS_PARAM_ALPHA))
      symbols[n++] = params[order[i]].symbol;
  for (guint i = 0; i < n; i++)
    g_string_append_printf (text, "%s%s", i == 0 ? "" : i + 1 == n ? " or " : ", ", symbols[i]);
  return g_string_free (text, FALSE);
}

char *
lb_loss_equivalence_warning (const NnLossConfig *config)
{
  NnLossConfig same_as;
  double scale = 1;

  if (!nn_loss_equivalent_config (config, &same_as, &scale) || same_as.kind == config->kind)
    return NULL;

  g_autofree char *times = scale != 1 ? g_strdup_printf ("%g × ", scale) : g_strdup ("");
  g_autofree char *change = parameters_to_change (config, same_as.kind);

  return g_strdup_printf ("With these settings %s is %s%s: it trains exactly like that loss. "
                          "Change %s to compare something different.",
                          nn_loss_kind_to_label (config->kind), times,
                          nn_loss_kind_to_label (same_as.kind), change);
}

char *
lb_loss_catalogue_names (void)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (losses); i++)
    {
      if (i > 0)
        g_string_append (text, i + 1 == G_N_ELEMENTS (losses) ? " or " : ", ");
      g_string_append (text, nn_loss_kind_to_string (losses[i].kind));
    }
  return g_string_free (text, FALSE);
}

char *
lb_loss_catalogue_describe (void)
{
  GString *text = g_string_new ("Losses, by family (* one of the poster's five):\n");

  for (LbLossFamily family = 0; family < LB_LOSS_N_FAMILIES; family++)
    {
      gboolean any = FALSE;

      for (guint i = 0; i < G_N_ELEMENTS (losses); i++)
        {
          const LbLossInfo *info = &losses[i];
          g_autofree char *name = NULL;

          if (info->family != family)
            continue;
          if (!any)
            g_string_append_printf (text, "  %s\n", lb_loss_family_label (family));
          any = TRUE;
          name = g_strconcat (nn_loss_kind_to_string (info->kind), info->poster ? "*" : "", NULL);
          g_string_append_printf (text, "    %-16s%s\n", name, info->summary);
          for (LbLossParam p = 0; p < LB_LOSS_N_PARAMS; p++)
            if (info->meaning[p] != NULL)
              g_string_append_printf (text, "      --%-12s%s\n", params[p].key, info->meaning[p]);
        }
    }
  return g_string_free (text, FALSE);
}
