/* lb-formula-card.c — a loss's formula with its current α, β, γ, the convention, and warnings.
 * SPDX-License-Identifier: GPL-3.0-or-later */

#include "lb-config.h"

#include "lb-formula-card.h"

struct _LbFormulaCard
{
  AdwBin parent_instance;

  /* Template children. */
  GtkLabel *title_label;
  GtkLabel *formula_label;
  GtkLabel *convention_label;
  GtkBox *warning_box;
  GtkLabel *warning_label;
};

G_DEFINE_FINAL_TYPE (LbFormulaCard, lb_formula_card, ADW_TYPE_BIN)

static const char *
convention_for (const NnLossConfig *config)
{
  static const char tversky[] = "α weights false positives and β false negatives (Salehi et al. "
                                "2017, as MONAI and segmentation_models_pytorch); Abraham & Khan's "
                                "code puts α on false negatives.";

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
      return tversky;
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

void
lb_formula_card_set_config (LbFormulaCard      *self,
                            const NnLossConfig *config)
{
  char formula[512];
  const char *problem;
  g_autofree char *warning = NULL;
  NnLossConfig same_as;
  double scale = 1;

  g_return_if_fail (LB_IS_FORMULA_CARD (self));
  g_return_if_fail (config != NULL);

  gtk_label_set_text (self->title_label, nn_loss_kind_to_label (config->kind));
  nn_loss_formula (config, formula, sizeof formula);
  gtk_label_set_text (self->formula_label, formula);
  gtk_label_set_text (self->convention_label, convention_for (config));

  problem = nn_loss_config_check (config);
  if (problem != NULL)
    warning = g_strdup (problem);
  else if (nn_loss_equivalent_config (config, &same_as, &scale) && same_as.kind != config->kind)
    {
      g_autofree char *times = scale != 1 ? g_strdup_printf ("%g × ", scale) : g_strdup ("");

      warning = g_strdup_printf ("With these settings %s is %s%s: it trains exactly like "
                                 "that loss. Change %s to compare something different.",
                                 nn_loss_kind_to_label (config->kind), times,
                                 nn_loss_kind_to_label (same_as.kind),
                                 config->kind == NN_LOSS_FOCAL ? "γ"
                                 : config->kind == NN_LOSS_TVERSKY ? "α or β"
                                 : same_as.kind == NN_LOSS_TVERSKY ? "γ" : "γ, α or β");
    }
  gtk_widget_set_visible (GTK_WIDGET (self->warning_box), warning != NULL);
  gtk_label_set_text (self->warning_label, warning != NULL ? warning : "");
  if (problem != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (self->warning_box), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->warning_box), "error");
}

static void
lb_formula_card_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), LB_TYPE_FORMULA_CARD);

  G_OBJECT_CLASS (lb_formula_card_parent_class)->dispose (object);
}

static void
lb_formula_card_class_init (LbFormulaCardClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lb_formula_card_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/lossbench/Lossbench/ui/lb-formula-card.ui");
  gtk_widget_class_bind_template_child (widget_class, LbFormulaCard, title_label);
  gtk_widget_class_bind_template_child (widget_class, LbFormulaCard, formula_label);
  gtk_widget_class_bind_template_child (widget_class, LbFormulaCard, convention_label);
  gtk_widget_class_bind_template_child (widget_class, LbFormulaCard, warning_box);
  gtk_widget_class_bind_template_child (widget_class, LbFormulaCard, warning_label);
}

static void
lb_formula_card_init (LbFormulaCard *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
