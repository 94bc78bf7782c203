/* lb-loss-catalogue.c — the losses' families, parameters, conventions and equivalences.
 * SPDX-License-Identifier: GPL-3.0-or-later */

#include "lb-loss-catalogue.h"

#include <math.h>

static const LbLossParamInfo params[LB_LOSS_N_PARAMS] = {
  [LB_LOSS_PARAM_ALPHA] = { "alpha", "α", "", 0, 1, 0.05, 2,
                            "Focal: weight; Tversky: false positives" },
  [LB_LOSS_PARAM_BETA] = { "beta", "β", "", 0, 1, 0.05, 2, "Tversky: false negatives" },
  [LB_LOSS_PARAM_GAMMA] = { "gamma", "γ", "", 0, 10, 0.01, 2, "Focusing exponent" },
  [LB_LOSS_PARAM_POS_WEIGHT] = { "pos-weight", "w", "", 0.01, 100, 0.1, 2,
                                 "Weight of lung pixels" },
  [LB_LOSS_PARAM_TOP_K] = { "top-k", "k", "%", 1, 100, 1, 0, "Hardest pixels kept" },
  [LB_LOSS_PARAM_LAMBDA] = { "lambda", "λ", "", 0, 1, 0.05, 2, "Focal against Focal-Tversky" },
  [LB_LOSS_PARAM_DELTA] = { "delta", "δ", "", 0, 1, 0.05, 2, "Weight of false negatives" },
  [LB_LOSS_PARAM_ITERATIONS] = { "iterations", "k", "", 1, 50, 1, 0, "Skeleton iterations" },
  [LB_LOSS_PARAM_DISTANCE_POWER] = { "distance-power", "α", "", 0.5, 4, 0.5, 1,
                                     "Exponent on the distances" },
};

static const LbLossInfo losses[] = {
  { NN_LOSS_DICE_BCE, TRUE, "binary cross-entropy plus Dice, weights 1 and 1", { NULL },
    "BCE + Dice" },
  { NN_LOSS_JACCARD, TRUE, "one minus the soft IoU of the probabilities", { NULL }, "Soft IoU" },
  { NN_LOSS_FOCAL, TRUE, "cross-entropy that down-weights pixels already classified well",
    { [LB_LOSS_PARAM_ALPHA] = "weight of every pixel (scalar) or of lung pixels (class-balanced)",
      [LB_LOSS_PARAM_GAMMA] = "focusing: how strongly well-classified pixels are down-weighted" },
    "Down-weights easy pixels" },
  { NN_LOSS_TVERSKY, TRUE,
    "overlap with separate weights for false positives and false negatives",
    { [LB_LOSS_PARAM_ALPHA] = "weight of false positives",
      [LB_LOSS_PARAM_BETA] = "weight of false negatives" },
    "Weighs false positives and negatives" },
  { NN_LOSS_FOCAL_TVERSKY, TRUE,
    "Tversky raised to a power, to weigh the poorly segmented images more",
    { [LB_LOSS_PARAM_ALPHA] = "weight of false positives",
      [LB_LOSS_PARAM_BETA] = "weight of false negatives",
      [LB_LOSS_PARAM_GAMMA] = "the exponent on 1 − TI (or its inverse)" },
    "Tversky with an exponent" },
  { NN_LOSS_BCE, FALSE, "mean binary cross-entropy over the pixels", { NULL },
    "Cross-entropy per pixel" },
  { NN_LOSS_WEIGHTED_BCE, FALSE, "cross-entropy with lung pixels weighted by w",
    { [LB_LOSS_PARAM_POS_WEIGHT] = "weight of lung pixels against background" },
    "Cross-entropy, lung weighted" },
  { NN_LOSS_TOPK_BCE, FALSE, "cross-entropy of only the hardest k % of pixels",
    { [LB_LOSS_PARAM_TOP_K] = "the percentage of pixels kept, the hardest first" },
    "Cross-entropy of the hardest pixels" },
  { NN_LOSS_DICE, FALSE, "one minus the soft Dice coefficient of the probabilities", { NULL },
    "Soft Dice" },
  { NN_LOSS_GENERALIZED_DICE, FALSE,
    "Dice over lung and background, each weighted by its inverse squared area", { NULL },
    "Dice weighted by class size" },
  { NN_LOSS_LOVASZ_HINGE, FALSE, "a convex surrogate of the IoU, through sorted hinge errors",
    { NULL }, "A convex IoU surrogate" },
  { NN_LOSS_LOG_COSH_DICE, FALSE, "log cosh of the Dice loss: smoother near a good fit",
    { NULL }, "Smoothed Dice" },
  { NN_LOSS_CLDICE, FALSE, "Dice plus the overlap of soft skeletons, for thin structures",
    { [LB_LOSS_PARAM_ALPHA] = "a, the weight of the skeleton term against Dice",
      [LB_LOSS_PARAM_ITERATIONS] = "the soft-skeleton iterations" },
    "Dice with skeleton overlap" },
  { NN_LOSS_BOUNDARY, FALSE,
    "probabilities weighted by the signed distance to the true contour (a second term)",
    { NULL }, "Distance to the true contour" },
  { NN_LOSS_HAUSDORFF_DT, FALSE,
    "squared errors weighted by the distances to both contours (a Hausdorff surrogate)",
    { [LB_LOSS_PARAM_DISTANCE_POWER] = "α, the exponent on the contour distances" },
    "Errors far from the contours weigh more" },
  { NN_LOSS_UNIFIED_FOCAL, FALSE,
    "asymmetric Focal and Focal-Tversky together, weighted by λ",
    { [LB_LOSS_PARAM_GAMMA] = "focusing of both parts",
      [LB_LOSS_PARAM_LAMBDA] = "weight of the Focal part; 1 − λ of the Focal-Tversky part",
      [LB_LOSS_PARAM_DELTA] = "weight of false negatives and of lung pixels" },
    "Focal and Focal-Tversky together" },
  { NN_LOSS_COMBO, FALSE, "weighted cross-entropy minus the Dice coefficient",
    { [LB_LOSS_PARAM_ALPHA] = "a, the weight of the cross-entropy part against Dice",
      [LB_LOSS_PARAM_BETA] = "weight of lung pixels in the cross-entropy (1 − β for background)" },
    "Weighted cross-entropy and Dice" },
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
lb_loss_param_get (const NnLossTerm *term,
                   LbLossParam       param)
{
  switch (param)
    {
    case LB_LOSS_PARAM_ALPHA:
      return term->alpha;
    case LB_LOSS_PARAM_BETA:
      return term->beta;
    case LB_LOSS_PARAM_GAMMA:
      return term->gamma;
    case LB_LOSS_PARAM_POS_WEIGHT:
      return term->pos_weight;
    case LB_LOSS_PARAM_TOP_K:
      return term->top_k;
    case LB_LOSS_PARAM_LAMBDA:
      return term->lambda;
    case LB_LOSS_PARAM_DELTA:
      return term->delta;
    case LB_LOSS_PARAM_ITERATIONS:
      return term->iterations;
    case LB_LOSS_PARAM_DISTANCE_POWER:
      return term->distance_power;
    case LB_LOSS_N_PARAMS:
    default:
      g_return_val_if_reached (NAN);
    }
}

void
lb_loss_param_set (NnLossTerm *term,
                   LbLossParam param,
                   double      value)
{
  switch (param)
    {
    case LB_LOSS_PARAM_ALPHA:
      term->alpha = (float) value;
      break;
    case LB_LOSS_PARAM_BETA:
      term->beta = (float) value;
      break;
    case LB_LOSS_PARAM_GAMMA:
      term->gamma = (float) value;
      break;
    case LB_LOSS_PARAM_POS_WEIGHT:
      term->pos_weight = (float) value;
      break;
    case LB_LOSS_PARAM_TOP_K:
      term->top_k = (float) value;
      break;
    case LB_LOSS_PARAM_LAMBDA:
      term->lambda = (float) value;
      break;
    case LB_LOSS_PARAM_DELTA:
      term->delta = (float) value;
      break;
    case LB_LOSS_PARAM_ITERATIONS:
      term->iterations = (int) lround (value);
      break;
    case LB_LOSS_PARAM_DISTANCE_POWER:
      term->distance_power = (float) value;
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
    case NN_LOSS_COMBO:
      return "Taghanaki et al. 2019, eq. 2: minus the Dice coefficient, so the loss goes down "
             "to −(1 − a), below zero.";
    case NN_LOSS_UNIFIED_FOCAL:
      return "The asymmetric form of Yeung et al. 2022, with λ on the Focal part as in the "
             "paper (the authors' code puts it on the Focal-Tversky part).";
    case NN_LOSS_TOPK_BCE:
      return "Wu et al. 2016, as Ma's SegLoss: ties at the k % boundary share the last places.";
    case NN_LOSS_GENERALIZED_DICE:
      return "Sudre et al. 2017; a class absent from the batch takes the other's weight, as in "
             "MONAI.";
    case NN_LOSS_BOUNDARY:
      return "Kervadec et al. 2019 with a sigmoid: negative inside the truth, so the loss falls "
             "below zero. Alone it starts from no contour to follow; Kervadec adds it to a "
             "region loss with a weight from 0.01, +0.01 per epoch (--plus boundary "
             "--plus-schedule kervadec).";
    case NN_LOSS_HAUSDORFF_DT:
      return "Karimi & Salcudean 2020, eq. 8: the prediction's distance map is recomputed at "
             "every step and held constant in the gradient; distances in pixels. The paper adds "
             "it to a Dice loss (--loss dice --plus hausdorff-dt); alone it can empty the "
             "prediction.";
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
  /* The exponent first, then the others in the table's order. */
  static const LbLossParam order[] = { LB_LOSS_PARAM_GAMMA, LB_LOSS_PARAM_ALPHA,
                                       LB_LOSS_PARAM_BETA, LB_LOSS_PARAM_POS_WEIGHT,
                                       LB_LOSS_PARAM_TOP_K, LB_LOSS_PARAM_LAMBDA,
                                       LB_LOSS_PARAM_DELTA, LB_LOSS_PARAM_ITERATIONS,
                                       LB_LOSS_PARAM_DISTANCE_POWER };
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

/* Whether A and B are the same losses (the same kind of each term), whatever their values. */
static gboolean
same_losses (const NnLossConfig *a,
             const NnLossConfig *b)
{
  return a->kind == b->kind && a->has_plus == b->has_plus
         && (!a->has_plus || a->plus.kind == b->plus.kind);
}

/* What to change so that the compound CONFIG stops training like SAME_AS: the second term's
 * loss or weight when the two terms came to one loss, else the parameters of each term that
 * became a simpler loss. */
static char *
compound_changes (const NnLossConfig *config,
                  const NnLossConfig *same_as)
{
  const NnLossTerm *terms[] = { &config->primary, &config->plus };
  const NnLossKind simpler[] = { same_as->kind, same_as->plus.kind };
  static const char *const whose[] = { "the first term's", "the second term's" };
  GString *text;

  if (!same_as->has_plus)
    return g_strdup ("the second term's loss or weight");
  text = g_string_new (NULL);
  for (guint i = 0; i < G_N_ELEMENTS (terms); i++)
    if (terms[i]->kind != simpler[i])
      {
        NnLossConfig term = { .primary = *terms[i] };
        g_autofree char *change = parameters_to_change (&term, simpler[i]);

        g_string_append_printf (text, "%s%s %s", text->len > 0 ? " or " : "", whose[i], change);
      }
  return g_string_free (text, FALSE);
}

char *
lb_loss_equivalence_warning (const NnLossConfig *config)
{
  NnLossConfig same_as;
  double scale = 1;

  if (!nn_loss_equivalent_config (config, &same_as, &scale) || same_losses (&same_as, config))
    {
      /* Not the same loss, but perhaps close to a simpler one: say so, in the core's words. */
      char approximation[512];
      return nn_loss_approximation (config, NULL, approximation, sizeof approximation) > 0
               ? g_strdup (approximation)
               : NULL;
    }

  g_autofree char *times = scale != 1 ? g_strdup_printf ("%g × ", scale) : g_strdup ("");
  g_autofree char *change = config->has_plus ? compound_changes (config, &same_as)
                                             : parameters_to_change (config, same_as.kind);
  g_autofree char *label = lb_loss_config_label (config);
  g_autofree char *same_label = lb_loss_config_label (&same_as);

  return g_strdup_printf ("With these settings %s is %s%s: it trains exactly like that loss. "
                          "Change %s to compare something different.",
                          label, times, same_label, change);
}

/* Whether two simplest terms train alike: kind, reduction and every parameter the kind reads
 * (the smoothing apart, which the preset fixes and which barely moves a ratio of sums). */
static gboolean
terms_alike (const NnLossTerm *a,
             const NnLossTerm *b)
{
  if (a->kind != b->kind || a->reduction != b->reduction)
    return FALSE;
  for (LbLossParam p = 0; p < LB_LOSS_N_PARAMS; p++)
    if (lb_loss_reads (a->kind, p) && lb_loss_param_get (a, p) != lb_loss_param_get (b, p))
      return FALSE;
  if (a->kind == NN_LOSS_FOCAL && a->focal_alpha != b->focal_alpha)
    return FALSE;
  if (a->kind == NN_LOSS_FOCAL_TVERSKY && a->focal_tversky_power != b->focal_tversky_power)
    return FALSE;
  return TRUE;
}

static gboolean
losses_alike (const NnLossConfig *a,
              const NnLossConfig *b)
{
  const NnLossSchedule *u = &a->plus_weight, *v = &b->plus_weight;

  if (!terms_alike (&a->primary, &b->primary) || a->has_plus != b->has_plus)
    return FALSE;
  return !a->has_plus
         || (terms_alike (&a->plus, &b->plus) && u->kind == v->kind && u->start == v->start
             && u->end == v->end && u->step == v->step && u->epochs == v->epochs);
}

/* "A", "A and B", "A, B and C". */
static void
append_list (GString           *text,
             const char *const *items,
             guint              n)
{
  for (guint i = 0; i < n; i++)
    g_string_append_printf (text, "%s%s", i == 0 ? "" : i + 1 == n ? " and " : ", ", items[i]);
}

char *
lb_loss_duplicates_warning (const NnLossConfig *configs,
                            guint               n_configs)
{
  g_autofree NnLossConfig *simplest = g_new0 (NnLossConfig, MAX (n_configs, 1));
  g_autofree gboolean *grouped = g_new0 (gboolean, MAX (n_configs, 1));
  g_autofree const char **others = g_new0 (const char *, MAX (n_configs, 1));
  g_autoptr (GString) text = g_string_new (NULL);

  g_return_val_if_fail (configs != NULL || n_configs == 0, NULL);

  for (guint i = 0; i < n_configs; i++)
    nn_loss_equivalent_config (&configs[i], &simplest[i], NULL);
  for (guint i = 0; i < n_configs; i++)
    {
      guint n_others = 0;
      guint n_members = 0;
      gboolean itself = FALSE;   /* the simplest loss is among the chosen, as it is */
      g_autofree char *name = NULL;

      if (grouped[i])
        continue;
      for (guint j = i; j < n_configs; j++)
        {
          if (grouped[j] || !losses_alike (&simplest[i], &simplest[j]))
            continue;
          grouped[j] = TRUE;
          n_members++;
          if (configs[j].kind == simplest[j].kind && configs[j].has_plus == simplest[j].has_plus)
            itself = TRUE;
          else
            others[n_others++] = nn_loss_kind_to_label (configs[j].kind);
        }
      if (n_members < 2)
        continue;
      name = simplest[i].has_plus
               ? g_strdup_printf ("%s + %s", nn_loss_kind_to_label (simplest[i].kind),
                                  nn_loss_kind_to_label (simplest[i].plus.kind))
               : g_strdup (nn_loss_kind_to_label (simplest[i].kind));
      if (text->len > 0)
        g_string_append_c (text, ' ');
      if (n_others == 0)
        g_string_append_printf (text, "With these settings the %u %s losses train alike, so the "
                                "differences between them are seed noise.", n_members, name);
      else if (itself)
        {
          g_string_append (text, "With these settings ");
          append_list (text, others, n_others);
          g_string_append_printf (text, " %s %s, which is compared too: the %s train alike, so "
                                  "the differences between them are seed noise.",
                                  n_others == 1 ? "is" : "are", name,
                                  n_members == 2 ? "two" : n_members == 3 ? "three" : "losses");
        }
      else
        {
          g_string_append (text, "With these settings ");
          append_list (text, others, n_others);
          g_string_append_printf (text, " are %s %s: they train alike, so the differences "
                                  "between them are seed noise.",
                                  n_others == 2 ? "both" : "all", name);
        }
      g_string_append (text, " Change their settings, or compare only one of them.");
    }
  return text->len > 0 ? g_string_free (g_steal_pointer (&text), FALSE) : NULL;
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

  for (NnLossFamily family = 0; family < NN_LOSS_FAMILY_COUNT; family++)
    {
      gboolean any = FALSE;

      for (guint i = 0; i < G_N_ELEMENTS (losses); i++)
        {
          const LbLossInfo *info = &losses[i];
          g_autofree char *name = NULL;

          if (nn_loss_kind_family (info->kind) != family)
            continue;
          if (!any)
            g_string_append_printf (text, "  %s\n", nn_loss_family_to_label (family));
          any = TRUE;
          name = g_strconcat (nn_loss_kind_to_string (info->kind), info->poster ? "*" : "", NULL);
          g_string_append_printf (text, "    %-18s%s\n", name, info->summary);
          for (LbLossParam p = 0; p < LB_LOSS_N_PARAMS; p++)
            if (info->meaning[p] != NULL)
              g_string_append_printf (text, "      --%-16s%s\n", params[p].key, info->meaning[p]);
        }
    }
  return g_string_free (text, FALSE);
}

char *
lb_loss_config_label (const NnLossConfig *config)
{
  g_return_val_if_fail (config != NULL, NULL);

  if (!config->has_plus)
    return g_strdup (nn_loss_kind_to_label (config->kind));
  return g_strdup_printf ("%s + w·%s", nn_loss_kind_to_label (config->kind),
                          nn_loss_kind_to_label (config->plus.kind));
}

/* ---- the second term's weight schedules ---- */

static const LbLossScheduleFieldInfo schedule_fields[LB_LOSS_SCHEDULE_N_FIELDS] = {
  [LB_LOSS_SCHEDULE_START] = { "plus-weight", 0, 100, 0.01, 3 },
  [LB_LOSS_SCHEDULE_END] = { "plus-end", 0, 100, 0.01, 3 },
  [LB_LOSS_SCHEDULE_STEP] = { "plus-step", 0, 10, 0.005, 3 },
  [LB_LOSS_SCHEDULE_EPOCHS] = { "plus-epochs", 1, 1000, 1, 0 },
};

static const LbLossScheduleInfo schedules[] = {
  { NN_LOSS_SCHEDULE_CONSTANT, "Constant", "The same weight every epoch",
    { [LB_LOSS_SCHEDULE_START] = { "Weight", "Of the second term", NULL } } },
  { NN_LOSS_SCHEDULE_LINEAR, "Linear", "A ramp from one weight to another",
    { [LB_LOSS_SCHEDULE_START] = { "Weight", "At the first epoch", NULL },
      [LB_LOSS_SCHEDULE_END] = { "Final Weight", "From the end of the ramp on", NULL },
      [LB_LOSS_SCHEDULE_EPOCHS] = { "Ramp Epochs", "How long the ramp lasts", NULL } } },
  /* Kervadec et al. 2019: their boundary loss's weight, from 0.01 by 0.01 per epoch. */
  { NN_LOSS_SCHEDULE_KERVADEC, "Kervadec", "Grows by a step every epoch",
    { [LB_LOSS_SCHEDULE_START] = { "Weight", "At the first epoch", NULL },
      [LB_LOSS_SCHEDULE_STEP] = { "Step", "Added after every epoch", NULL },
      [LB_LOSS_SCHEDULE_END] = { "Cap", "The largest weight; 0 for none", "No cap" } } },
};

G_STATIC_ASSERT (G_N_ELEMENTS (schedules) == NN_LOSS_SCHEDULE_COUNT);

const LbLossScheduleInfo *
lb_loss_schedule_catalogue (guint *n_schedules)
{
  if (n_schedules != NULL)
    *n_schedules = G_N_ELEMENTS (schedules);
  return schedules;
}

const LbLossScheduleInfo *
lb_loss_schedule_info (NnLossScheduleKind kind)
{
  for (guint i = 0; i < G_N_ELEMENTS (schedules); i++)
    if (schedules[i].kind == kind)
      return &schedules[i];
  g_return_val_if_reached (&schedules[0]);
}

const LbLossScheduleFieldInfo *
lb_loss_schedule_field_info (LbLossScheduleField field)
{
  g_return_val_if_fail (field < LB_LOSS_SCHEDULE_N_FIELDS, &schedule_fields[0]);
  return &schedule_fields[field];
}

gboolean
lb_loss_schedule_reads (NnLossScheduleKind  kind,
                        LbLossScheduleField field)
{
  g_return_val_if_fail (field < LB_LOSS_SCHEDULE_N_FIELDS, FALSE);
  return lb_loss_schedule_info (kind)->uses[field].title != NULL;
}

double
lb_loss_schedule_get (const NnLossSchedule *schedule,
                      LbLossScheduleField   field)
{
  switch (field)
    {
    case LB_LOSS_SCHEDULE_START:
      return schedule->start;
    case LB_LOSS_SCHEDULE_END:
      return schedule->end;
    case LB_LOSS_SCHEDULE_STEP:
      return schedule->step;
    case LB_LOSS_SCHEDULE_EPOCHS:
      return schedule->epochs;
    case LB_LOSS_SCHEDULE_N_FIELDS:
    default:
      g_return_val_if_reached (NAN);
    }
}

void
lb_loss_schedule_set (NnLossSchedule      *schedule,
                      LbLossScheduleField  field,
                      double               value)
{
  switch (field)
    {
    case LB_LOSS_SCHEDULE_START:
      schedule->start = (float) value;
      break;
    case LB_LOSS_SCHEDULE_END:
      schedule->end = (float) value;
      break;
    case LB_LOSS_SCHEDULE_STEP:
      schedule->step = (float) value;
      break;
    case LB_LOSS_SCHEDULE_EPOCHS:
      schedule->epochs = (int) lround (value);
      break;
    case LB_LOSS_SCHEDULE_N_FIELDS:
    default:
      g_return_if_reached ();
    }
}
