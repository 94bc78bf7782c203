/* lb-compare-pairs.c — the pairwise differences on the summary's metric: the design sentence,
 * a forest plot and a sentence per pair.
 * SPDX-License-Identifier: GPL-3.0-or-later */

#include "lb-compare-pairs.h"
#include "lb-forest-plot.h"

struct _LbComparePairs
{
  AdwBin parent_instance;

  /* Template children. */
  GtkLabel *pairs_heading;
  GtkLabel *design_label;
  LbForestPlot *forest_plot;
  GtkLabel *pairs_label;
};

G_DEFINE_FINAL_TYPE (LbComparePairs, lb_compare_pairs, ADW_TYPE_BIN)

static LbForestVerdict
forest_verdict (LbVerdict verdict)
{
  switch (verdict)
    {
    case LB_VERDICT_DIFFERENT:
      return LB_FOREST_DIFFERENT;
    case LB_VERDICT_UNDECIDABLE:
      return LB_FOREST_UNDECIDED;
    case LB_VERDICT_IDENTICAL:
    case LB_VERDICT_NOT_DISTINGUISHABLE:
    default:
      return LB_FOREST_NOT_DIFFERENT;
    }
}

/* The heading and the plot's axis name METRIC, and its sides say which loss a difference
 * favours: for a metric where lower is better (HD95), a negative A − B favours A. */
static void
lb_compare_pairs_set_metric (LbComparePairs *self,
                             LbMetric        metric)
{
  const char *label = lb_metric_to_label (metric);
  g_autofree char *heading = g_strdup_printf ("Differences in Test %s", label);
  g_autofree char *axis = g_strdup_printf ("Mean %s difference per test image, with its 95 %% "
                                           "interval", label);
  gboolean lower = lb_metric_lower_is_better (metric);

  gtk_label_set_text (self->pairs_heading, heading);
  lb_forest_plot_set_axis_label (self->forest_plot, axis);
  lb_forest_plot_set_sides (self->forest_plot,
                            lower ? "first loss better" : "second loss better",
                            lower ? "second loss better" : "first loss better");
}

void
lb_compare_pairs_show (LbComparePairs            *self,
                       const char *const         *labels,
                       const LbExperimentSummary *summary)
{
  g_autofree char *design = NULL;
  g_autoptr (GString) sentences = g_string_new (NULL);
  gboolean any;

  g_return_if_fail (LB_IS_COMPARE_PAIRS (self));

  lb_forest_plot_clear (self->forest_plot);
  if (summary == NULL || summary->losses->len == 0)
    {
      gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
      return;
    }
  design = lb_experiment_summary_describe_design (summary);
  any = summary->pairs->len > 0;
  lb_compare_pairs_set_metric (self, summary->metric);
  for (guint p = 0; p < summary->pairs->len; p++)
    {
      const LbPairComparison *pair = &g_array_index (summary->pairs, LbPairComparison, p);
      const char *a = labels[pair->a], *b = labels[pair->b];
      g_autofree char *label = g_strdup_printf ("%s − %s", a, b);
      g_autofree char *sentence = lb_pair_comparison_describe (a, b, pair);

      lb_forest_plot_add_row (self->forest_plot, label, pair->bootstrap.mean,
                              pair->bootstrap.ci_low, pair->bootstrap.ci_high,
                              forest_verdict (pair->verdict));
      if (sentences->len > 0)
        g_string_append_c (sentences, '\n');
      g_string_append (sentences, sentence);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->pairs_heading), any);
  gtk_widget_set_visible (GTK_WIDGET (self->forest_plot), any);
  gtk_widget_set_visible (GTK_WIDGET (self->pairs_label), any);
  gtk_label_set_text (self->pairs_label, sentences->str);
  gtk_widget_set_visible (GTK_WIDGET (self->design_label), design != NULL);
  gtk_label_set_text (self->design_label, design != NULL ? design : "");
  /* Too few seeds to decide anything: say it as a warning, not as fine print. */
  if (summary->design.n_seeds < LB_BOOTSTRAP_MIN_SEEDS)
    gtk_widget_add_css_class (GTK_WIDGET (self->design_label), "warning");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->design_label), "warning");
  gtk_widget_set_visible (GTK_WIDGET (self), any || design != NULL);
}

static void
lb_compare_pairs_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), LB_TYPE_COMPARE_PAIRS);

  G_OBJECT_CLASS (lb_compare_pairs_parent_class)->dispose (object);
}

static void
lb_compare_pairs_class_init (LbComparePairsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lb_compare_pairs_dispose;

  g_type_ensure (LB_TYPE_FOREST_PLOT);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/lossbench/Lossbench/ui/lb-compare-pairs.ui");
  gtk_widget_class_bind_template_child (widget_class, LbComparePairs, pairs_heading);
  gtk_widget_class_bind_template_child (widget_class, LbComparePairs, design_label);
  gtk_widget_class_bind_template_child (widget_class, LbComparePairs, forest_plot);
  gtk_widget_class_bind_template_child (widget_class, LbComparePairs, pairs_label);
}

static void
lb_compare_pairs_init (LbComparePairs *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  lb_compare_pairs_set_metric (self, LB_METRIC_IOU);
}
