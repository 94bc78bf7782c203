/* lb-formula-card.c — a loss's formula with its current α, β, γ, the convention, and warnings.
 * SPDX-License-Identifier: GPL-3.0-or-later */

#include "lb-config.h"

#include "lb-formula-card.h"
#include "lb-loss-catalogue.h"

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

void
lb_formula_card_set_config (LbFormulaCard      *self,
                            const NnLossConfig *config)
{
  char formula[512];
  const char *problem;
  g_autofree char *warning = NULL;

  g_return_if_fail (LB_IS_FORMULA_CARD (self));
  g_return_if_fail (config != NULL);

  gtk_label_set_text (self->title_label, nn_loss_kind_to_label (config->kind));
  nn_loss_formula (config, formula, sizeof formula);
  gtk_label_set_text (self->formula_label, formula);
  gtk_label_set_text (self->convention_label, lb_loss_convention (config));

  problem = nn_loss_config_check (config);
  warning = problem != NULL ? g_strdup (problem) : lb_loss_equivalence_warning (config);
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
