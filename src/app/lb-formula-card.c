/* lb-formula-card.c — a loss's formula with its current values, the conventions, and warnings.
 * SPDX-License-Identifier: GPL-3.0-or-later */

#include "lb-config.h"

#include "lb-formula-card.h"
#include "lb-loss-catalogue.h"

struct _LbFormulaCard
{
  AdwBin parent_instance;

  GSettings *settings;

  /* Template children. */
  GtkToggleButton *fold_button;
  GtkLabel *title_label;
  GtkLabel *formula_label;
  GtkLabel *convention_label;
  GtkBox *warning_box;
  GtkLabel *warning_label;
};

G_DEFINE_FINAL_TYPE (LbFormulaCard, lb_formula_card, ADW_TYPE_BIN)

/* Each term's convention, the second's after the first's when it has one of its own. */
static char *
conventions (const NnLossConfig *config)
{
  const char *first = lb_loss_convention (config);
  NnLossConfig plus = { .primary = config->plus };
  const char *second;

  if (!config->has_plus)
    return g_strdup (first);
  second = lb_loss_convention (&plus);
  if (second[0] == '\0' || g_strcmp0 (first, second) == 0)
    return g_strdup (first);
  if (first[0] == '\0')
    return g_strdup_printf ("Second term: %s", second);
  return g_strdup_printf ("%s Second term: %s", first, second);
}

void
lb_formula_card_set_config (LbFormulaCard      *self,
                            const NnLossConfig *config)
{
  const char *problem;
  g_autofree char *title = NULL;
  g_autofree char *formula = NULL;
  g_autofree char *convention = NULL;
  g_autofree char *warning = NULL;
  int length;

  g_return_if_fail (LB_IS_FORMULA_CARD (self));
  g_return_if_fail (config != NULL);

  title = lb_loss_config_label (config);
  gtk_label_set_text (self->title_label, title);
  /* A compound's formula holds both terms' and the schedule's: as long as it needs. */
  length = nn_loss_formula (config, NULL, 0);
  formula = g_malloc (length + 1);
  nn_loss_formula (config, formula, length + 1);
  gtk_label_set_text (self->formula_label, formula);
  convention = conventions (config);
  gtk_label_set_text (self->convention_label, convention);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->convention_label), convention);
  gtk_widget_set_visible (GTK_WIDGET (self->convention_label), convention[0] != '\0');

  problem = nn_loss_config_check (config);
  warning = problem != NULL ? g_strdup (problem) : lb_loss_equivalence_warning (config);
  gtk_widget_set_visible (GTK_WIDGET (self->warning_box), warning != NULL);
  gtk_label_set_text (self->warning_label, warning != NULL ? warning : "");
  if (problem != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (self->warning_box), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->warning_box), "error");
}

/* The arrow points where the formula goes: up to fold it, down to show it. */
static void
folded (LbFormulaCard *self)
{
  gtk_button_set_icon_name (GTK_BUTTON (self->fold_button),
                            gtk_toggle_button_get_active (self->fold_button) ? "pan-up-symbolic"
                                                                              : "pan-down-symbolic");
}

static void
lb_formula_card_dispose (GObject *object)
{
  g_clear_object (&LB_FORMULA_CARD (object)->settings);
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
  gtk_widget_class_bind_template_child (widget_class, LbFormulaCard, fold_button);
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
  self->settings = g_settings_new (LB_APP_ID);
  g_signal_connect_swapped (self->fold_button, "notify::active", G_CALLBACK (folded), self);
  g_settings_bind (self->settings, "formula-expanded", self->fold_button, "active",
                   G_SETTINGS_BIND_DEFAULT);
}
