/* lb-compare-table.c — the results table, a column view over one LbLossResult per loss.
 * SPDX-License-Identifier: GPL-3.0-or-later */

#include "lb-compare-table.h"
#include "lb-loss-result.h"

struct _LbCompareTable
{
  AdwBin parent_instance;

  /* Template children. */
  GtkWidget *table_window;
  GListStore *rows;             /* LbLossResult, in the configuration's order */
  GtkLabel *significance_label;
};

G_DEFINE_FINAL_TYPE (LbCompareTable, lb_compare_table, ADW_TYPE_BIN)

void
lb_compare_table_show (LbCompareTable            *self,
                       LbExperiment              *experiment,
                       const LbExperimentResults *results)
{
  const LbExperimentSummary *summary = results->summary;
  g_autoptr (GPtrArray) rows = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *significance = NULL;

  g_return_if_fail (LB_IS_COMPARE_TABLE (self));

  for (guint r = 0; summary != NULL && r < summary->losses->len; r++)
    {
      const LbLossSummary *ls = &g_array_index (summary->losses, LbLossSummary, r);
      g_autofree char *name = lb_experiment_dup_loss_label (experiment, ls->loss_index);

      g_ptr_array_add (rows, lb_loss_result_new (summary, r, name));
    }
  g_list_store_splice (self->rows, 0, g_list_model_get_n_items (G_LIST_MODEL (self->rows)),
                       rows->pdata, rows->len);
  gtk_widget_set_visible (self->table_window, rows->len > 0);

  if (summary == NULL)
    significance = g_strdup (results->summary_error);
  else if (summary->losses->len == 0)
    significance = g_strdup ("No run has finished yet.");
  else
    significance = g_strdup_printf ("Mean ± standard deviation over seeds (×runs) of each run's "
                                    "mean on %u test images; bold where a loss is better than "
                                    "every other beyond seed and image noise. Stepped is the "
                                    "poster's uncapped TGS “IoU score”, not IoU; Poster and "
                                    "Poster Acc. are the poster's table (its stepped IoU and "
                                    "accuracy).", summary->n_test_images);
  gtk_label_set_text (self->significance_label, significance);
}

static void
lb_compare_table_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), LB_TYPE_COMPARE_TABLE);

  G_OBJECT_CLASS (lb_compare_table_parent_class)->dispose (object);
}

static void
lb_compare_table_class_init (LbCompareTableClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lb_compare_table_dispose;

  g_type_ensure (LB_TYPE_LOSS_RESULT);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/lossbench/Lossbench/ui/lb-compare-table.ui");
  gtk_widget_class_bind_template_child (widget_class, LbCompareTable, table_window);
  gtk_widget_class_bind_template_child (widget_class, LbCompareTable, rows);
  gtk_widget_class_bind_template_child (widget_class, LbCompareTable, significance_label);
}

static void
lb_compare_table_init (LbCompareTable *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
