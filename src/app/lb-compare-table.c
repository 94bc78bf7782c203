/* lb-compare-table.c — the results table, a column view over one LbLossResult per loss, best
 * first on the metric the summary is judged by.
 * SPDX-License-Identifier: GPL-3.0-or-later */

#include <string.h>

#include "lb-compare-table.h"
#include "lb-loss-result.h"
#include "lb-table-text.h"
#include "lb-window.h"

/* One cell: a label showing property %s of the row's LbLossResult, then its style classes. */
static const char cell_template[] =
  "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
  "<interface>\n"
  "  <template class=\"GtkListItem\">\n"
  "    <property name=\"activatable\">False</property>\n"
  "    <property name=\"child\">\n"
  "      <object class=\"GtkLabel\">\n"
  "        <property name=\"xalign\">0</property>\n"
  "        <property name=\"use-markup\">True</property>\n"
  "        <binding name=\"label\">\n"
  "          <lookup name=\"%s\" type=\"LbLossResult\">\n"
  "            <lookup name=\"item\">GtkListItem</lookup>\n"
  "          </lookup>\n"
  "        </binding>\n"
  "        %s\n"
  "      </object>\n"
  "    </property>\n"
  "  </template>\n"
  "</interface>\n";

struct _LbCompareTable
{
  AdwBin parent_instance;

  GtkColumnViewColumn *judged_column;
  GPtrArray *columns;           /* GtkColumnViewColumn, one per lb_loss_result column */
  GPtrArray *set_columns;       /* GtkColumnViewColumn, after the judged one: per possible
                                 * external test set, its rank and its judged metric */

  /* Template children. */
  GtkWidget *copy_button;
  GtkWidget *table_window;
  GtkColumnView *table;
  GListStore *rows;             /* LbLossResult, best first */
  GtkLabel *significance_label;
};

G_DEFINE_FINAL_TYPE (LbCompareTable, lb_compare_table, ADW_TYPE_BIN)

static void lb_compare_table_hide_set_columns (LbCompareTable *self);

/* Titles and which metric column to hide: the one the judged column already shows. */
static void
lb_compare_table_set_metric (LbCompareTable *self,
                             LbMetric        judged)
{
  gtk_column_view_column_set_title (self->judged_column, lb_metric_to_label (judged));
  for (guint c = 0; c < self->columns->len; c++)
    {
      GtkColumnViewColumn *column = g_ptr_array_index (self->columns, c);
      LbMetric metric;

      gtk_column_view_column_set_title (column, lb_loss_result_get_column_title (c, judged));
      gtk_column_view_column_set_visible (column,
                                          !lb_loss_result_get_column_metric (c, judged, &metric)
                                          || metric != judged);
    }
}

void
lb_compare_table_show (LbCompareTable            *self,
                       const char *const         *labels,
                       const char *const         *settings,
                       const LbExperimentSummary *summary,
                       LbMetric                   metric,
                       const char                *error,
                       gboolean                   poster_protocol)
{
  g_autoptr (GPtrArray) rows = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *significance = NULL;

  g_return_if_fail (LB_IS_COMPARE_TABLE (self));

  lb_compare_table_hide_set_columns (self);
  lb_compare_table_set_metric (self, metric);
  for (guint r = 0; summary != NULL && r < summary->ranking->len; r++)
    {
      guint row = g_array_index (summary->ranking, guint, r);
      const LbLossSummary *ls = &g_array_index (summary->losses, LbLossSummary, row);

      g_ptr_array_add (rows, lb_loss_result_new (summary, row, r + 1, labels[ls->loss_index],
                                                 settings ? settings[ls->loss_index] : NULL));
    }
  g_list_store_splice (self->rows, 0, g_list_model_get_n_items (G_LIST_MODEL (self->rows)),
                       rows->pdata, rows->len);
  gtk_widget_set_visible (self->table_window, rows->len > 0);
  gtk_widget_set_sensitive (self->copy_button, rows->len > 0);

  if (summary == NULL)
    significance = g_strdup (error);
  else if (summary->losses->len == 0)
    significance = g_strdup ("No run has finished yet.");
  else
    {
      /* Experiments side by side on different images have no one count (lb-run-set.h). */
      g_autofree char *images = summary->n_test_images > 0
                                  ? g_strdup_printf ("%u test images", summary->n_test_images)
                                  : g_strdup ("its experiment's test images");

      significance = g_strdup_printf ("Ranked by %s, %s. Mean ± standard deviation over "
                                      "seeds (×runs) of each run's mean on %s; bold where a "
                                      "loss is better than every other beyond seed and image "
                                      "noise on %s. Missed counts the test images, over every "
                                      "run, where exactly one of prediction and truth is "
                                      "empty: the boundary means hold them at their failure "
                                      "values. Stepped is the poster's uncapped TGS “IoU "
                                      "score”, not IoU; Poster and Poster Acc. are the "
                                      "poster's own table (its stepped IoU and accuracy), from "
                                      "one run per loss of a U-Net of width 32 at 256², 50 "
                                      "epochs, on the 704 Montgomery and Shenzhen pairs%s.",
                                      lb_metric_to_label (summary->metric),
                                      lb_metric_direction (summary->metric),
                                      images,
                                      lb_metric_to_label (summary->metric),
                                      poster_protocol
                                        ? ""
                                        : ": another model and scale than these runs, so a "
                                          "guide, not a reference");
    }
  gtk_label_set_text (self->significance_label, significance);
}

/* ---- the columns ---- */

/* What a column shows: the LbLossResult property it binds, or for a test set's column its
 * cell code, 2 × SET for its rank and 2 × SET + 1 for its metric (plus one: never NULL). */
#define PROPERTY_KEY "lb-property"
#define SET_CELL_KEY "lb-set-cell"

/* Every set column hidden: the table of a comparison without external sets. */
static void
lb_compare_table_hide_set_columns (LbCompareTable *self)
{
  for (guint c = 0; c < self->set_columns->len; c++)
    gtk_column_view_column_set_visible (g_ptr_array_index (self->set_columns, c), FALSE);
}

static const char *
set_cell_markup (GtkColumnViewColumn *column,
                 LbLossResult        *row)
{
  guint code = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (column), SET_CELL_KEY)) - 1;

  return lb_loss_result_get_test_set_cell (row, code / 2, code % 2 == 0);
}

static void
set_cell_setup (GtkSignalListItemFactory *factory,
                GtkListItem              *item,
                gpointer                  column)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_list_item_set_activatable (item, FALSE);
  gtk_list_item_set_child (item, label);
}

static void
set_cell_bind (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               gpointer                  column)
{
  GtkWidget *label = gtk_list_item_get_child (item);

  gtk_label_set_markup (GTK_LABEL (label), set_cell_markup (column, gtk_list_item_get_item (item)));
  /* Said with each figure: GTK 4.8 gives a column shown after the view no accessible header. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (label), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  gtk_column_view_column_get_title (column), -1);
}

/* Beside the judged column, after "#", "Loss" and it, so that a set's figures stand next to
 * the ones they are compared with: two per possible set, made once and hidden, shown as the
 * sets come. */
static void
lb_compare_table_add_set_columns (LbCompareTable *self)
{
  for (guint code = 0; code < 2 * LB_EXPERIMENT_MAX_EXTERNAL; code++)
    {
      GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
      GtkColumnViewColumn *column = gtk_column_view_column_new (NULL, factory);

      g_object_set_data (G_OBJECT (column), SET_CELL_KEY, GUINT_TO_POINTER (code + 1));
      g_signal_connect (factory, "setup", G_CALLBACK (set_cell_setup), column);
      g_signal_connect (factory, "bind", G_CALLBACK (set_cell_bind), column);
      gtk_column_view_column_set_visible (column, FALSE);
      gtk_column_view_insert_column (self->table, 3 + code, column);
      g_ptr_array_add (self->set_columns, column);
    }
}

void
lb_compare_table_show_test_sets (LbCompareTable            *self,
                                 const char *const         *names,
                                 LbExperimentSummary *const *summaries,
                                 const char *const         *errors,
                                 guint                      n_sets)
{
  guint n_rows = g_list_model_get_n_items (G_LIST_MODEL (self->rows));
  g_autoptr (GString) note = g_string_new (gtk_label_get_text (self->significance_label));

  g_return_if_fail (LB_IS_COMPARE_TABLE (self));

  lb_compare_table_hide_set_columns (self);
  n_sets = MIN (n_sets, LB_EXPERIMENT_MAX_EXTERNAL);
  if (n_sets == 0 || n_rows == 0)
    return;
  /* The rows were bound without these figures: spliced in again, they are bound with them. */
  g_autoptr (GPtrArray) rows = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint r = 0; r < n_rows; r++)
    {
      LbLossResult *row = g_list_model_get_item (G_LIST_MODEL (self->rows), r);
      for (guint k = 0; k < n_sets; k++)
        lb_loss_result_add_test_set (row, summaries[k]);
      g_ptr_array_add (rows, row);
    }
  g_list_store_splice (self->rows, 0, n_rows, rows->pdata, rows->len);
  g_string_append (note, " External test sets, never trained on:");
  for (guint k = 0; k < n_sets; k++)
    {
      const LbExperimentSummary *summary = summaries[k];
      g_autofree char *rank = g_strdup_printf ("%s #", names[k]);
      g_autofree char *value = g_strdup_printf ("%s %s", names[k],
                                                lb_metric_to_label (summary ? summary->metric
                                                                            : LB_METRIC_IOU));
      GtkColumnViewColumn *rank_column = g_ptr_array_index (self->set_columns, 2 * k);
      GtkColumnViewColumn *value_column = g_ptr_array_index (self->set_columns, 2 * k + 1);

      gtk_column_view_column_set_title (rank_column, rank);
      gtk_column_view_column_set_title (value_column, value);
      gtk_column_view_column_set_visible (rank_column, TRUE);
      gtk_column_view_column_set_visible (value_column, TRUE);
      if (summary != NULL)
        g_string_append_printf (note, "%s %s, %u images", k > 0 ? ";" : "", names[k],
                                summary->n_test_images);
      else
        g_string_append_printf (note, "%s %s, no summary yet (%s)", k > 0 ? ";" : "", names[k],
                                errors[k] ? errors[k] : "no run has finished");
    }
  g_string_append (note, " — each loss's rank and mean there, bold where it is better than "
                         "every other beyond seed and image noise on that set.");
  gtk_label_set_text (self->significance_label, note->str);
}

static GtkColumnViewColumn *
lb_compare_table_add_column (LbCompareTable *self,
                             const char     *title,
                             const char     *property,
                             gboolean        dim)
{
  g_autofree char *ui = g_strdup_printf (cell_template, property,
                                         dim ? "<style><class name=\"dim-label\"/></style>" : "");
  gsize length = strlen (ui);
  g_autoptr (GBytes) bytes = g_bytes_new_take (g_steal_pointer (&ui), length);
  GtkListItemFactory *factory = gtk_builder_list_item_factory_new_from_bytes (NULL, bytes);
  GtkColumnViewColumn *column = gtk_column_view_column_new (title, factory);

  gtk_column_view_append_column (self->table, column);
  g_object_set_data_full (G_OBJECT (column), PROPERTY_KEY, g_strdup (property), g_free);
  g_object_unref (column);
  return column;
}

/* ---- copy ---- */

/* A cell's markup as plain text, its second line (the loss's settings) after a comma. */
static char *
plain_text (const char *markup)
{
  g_autofree char *text = NULL;
  if (!pango_parse_markup (markup, -1, 0, NULL, &text, NULL, NULL))
    text = g_strdup (markup);
  g_auto (GStrv) lines = g_strsplit (text, "\n", -1);
  return g_strjoinv (", ", lines);
}

/* table.copy("csv" | "markdown" | "latex"): the visible columns, as shown, to the clipboard. */
static void
lb_compare_table_copy (GtkWidget  *widget,
                       const char *action,
                       GVariant   *parameter)
{
  LbCompareTable *self = LB_COMPARE_TABLE (widget);
  LbTableFormat format;
  GListModel *columns = gtk_column_view_get_columns (self->table);
  guint n_rows = g_list_model_get_n_items (G_LIST_MODEL (self->rows));
  g_autoptr (GPtrArray) header = g_ptr_array_new ();
  g_autoptr (GPtrArray) properties = g_ptr_array_new ();  /* the visible columns */
  g_autoptr (GPtrArray) cells = g_ptr_array_new_with_free_func (g_free);

  if (n_rows == 0 || !lb_table_format_from_string (g_variant_get_string (parameter, NULL),
                                                     &format))
    return;
  for (guint c = 0; c < g_list_model_get_n_items (columns); c++)
    {
      g_autoptr (GtkColumnViewColumn) column = g_list_model_get_item (columns, c);
      if (!gtk_column_view_column_get_visible (column))
        continue;
      g_ptr_array_add (header, (gpointer) gtk_column_view_column_get_title (column));
      g_ptr_array_add (properties, column);
    }
  for (guint r = 0; r < n_rows; r++)
    {
      g_autoptr (LbLossResult) row = g_list_model_get_item (G_LIST_MODEL (self->rows), r);
      for (guint c = 0; c < properties->len; c++)
        {
          g_autofree char *markup = NULL;
          GtkColumnViewColumn *column = g_ptr_array_index (properties, c);
          const char *property = g_object_get_data (G_OBJECT (column), PROPERTY_KEY);
          if (property != NULL)
            g_object_get (row, property, &markup, NULL);
          else
            markup = g_strdup (set_cell_markup (column, row));
          g_ptr_array_add (cells, plain_text (markup != NULL ? markup : ""));
        }
    }
  g_autofree char *text = lb_table_text ((const char *const *) header->pdata, header->len,
                                         (const char *const *) cells->pdata, n_rows, format);
  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), text);
  const char *names[] = { "CSV", "Markdown", "LaTeX" };
  g_autofree char *toast = g_strdup_printf ("Copied the table as %s", names[format]);
  lb_window_toast (widget, toast);
}

static void
lb_compare_table_add_columns (LbCompareTable *self)
{
  lb_compare_table_add_column (self, "#", "rank", TRUE);
  lb_compare_table_add_column (self, "Loss", "loss", FALSE);
  self->judged_column = lb_compare_table_add_column (self, "", "judged", FALSE);
  self->set_columns = g_ptr_array_new_with_free_func (g_object_unref);
  lb_compare_table_add_set_columns (self);
  self->columns = g_ptr_array_new ();
  for (guint c = 0; c < lb_loss_result_get_n_columns (); c++)
    g_ptr_array_add (self->columns,
                     lb_compare_table_add_column (self, "", lb_loss_result_get_column_name (c),
                                                  lb_loss_result_get_column_dim (c)));
  /* The columns fill the view: narrower, GTK 4.8 draws the view as scrolled past its end. */
  gtk_column_view_column_set_expand (g_ptr_array_index (self->columns, self->columns->len - 1),
                                     TRUE);
  lb_compare_table_set_metric (self, LB_METRIC_IOU);
}

/* ---- GObject ---- */

static void
lb_compare_table_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), LB_TYPE_COMPARE_TABLE);

  G_OBJECT_CLASS (lb_compare_table_parent_class)->dispose (object);
}

static void
lb_compare_table_finalize (GObject *object)
{
  LbCompareTable *self = LB_COMPARE_TABLE (object);

  g_ptr_array_unref (self->columns);
  g_ptr_array_unref (self->set_columns);

  G_OBJECT_CLASS (lb_compare_table_parent_class)->finalize (object);
}

static void
lb_compare_table_class_init (LbCompareTableClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lb_compare_table_dispose;
  object_class->finalize = lb_compare_table_finalize;

  g_type_ensure (LB_TYPE_LOSS_RESULT);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/lossbench/Lossbench/ui/lb-compare-table.ui");
  gtk_widget_class_bind_template_child (widget_class, LbCompareTable, copy_button);
  gtk_widget_class_bind_template_child (widget_class, LbCompareTable, table_window);
  gtk_widget_class_install_action (widget_class, "table.copy", "s", lb_compare_table_copy);
  gtk_widget_class_bind_template_child (widget_class, LbCompareTable, table);
  gtk_widget_class_bind_template_child (widget_class, LbCompareTable, rows);
  gtk_widget_class_bind_template_child (widget_class, LbCompareTable, significance_label);
}

static void
lb_compare_table_init (LbCompareTable *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  lb_compare_table_add_columns (self);
}
