/* lb-per-image-browser.c — the per-image results: a GtkColumnView over one item per test image
 * and run, sorted by any column, filtered by name and loss; the activated row's image is shown
 * with every loss's prediction by the gallery below it.
 * SPDX-License-Identifier: GPL-3.0-or-later */

#include "lb-per-image-browser.h"

#include <math.h>

#include "lb-compare-gallery.h"
#include "lb-image-result.h"

/* The columns: the image, the loss and the seed, then one per metric. */
enum
{
  COLUMN_IMAGE = -3,
  COLUMN_LOSS = -2,
  COLUMN_SEED = -1,
};

static const int columns[] = {
  COLUMN_IMAGE,  COLUMN_LOSS,      COLUMN_SEED,    LB_METRIC_IOU,
  LB_METRIC_DICE, LB_METRIC_HD95,  LB_METRIC_ASSD, LB_METRIC_NSD,
  LB_METRIC_BOUNDARY_IOU,
};

struct _LbPerImageBrowser
{
  AdwBin parent_instance;

  LbExperiment *experiment;
  GListStore *rows;          /* LbImageResult */
  GtkCustomFilter *filter;
  GtkSingleSelection *selection;
  GtkStringList *loss_names; /* "All Losses", then the experiment's labels */

  /* Template children. */
  GtkSearchEntry *search;
  GtkDropDown *loss_filter;
  GtkLabel *count_label;
  GtkColumnView *view;
  LbCompareGallery *detail;
};

G_DEFINE_FINAL_TYPE (LbPerImageBrowser, lb_per_image_browser, ADW_TYPE_BIN)

/* ---- cells ---- */

static char *
cell_text (LbImageResult *item,
           int            column)
{
  const LbImageRow *row = lb_image_result_get_row (item);

  switch (column)
    {
    case COLUMN_IMAGE:
      return g_strdup (row->name);
    case COLUMN_LOSS:
      return g_strdup (lb_image_result_get_label (item));
    case COLUMN_SEED:
      return g_strdup_printf ("%" G_GUINT64_FORMAT, row->seed);
    default:
      if (isnan (row->metrics.value[column]))
        return g_strdup ("—");
      return lb_metric_format (column, row->metrics.value[column]);
    }
}

static void
setup_cell (GtkSignalListItemFactory *factory,
            GtkListItem              *list_item,
            gpointer                  user_data)
{
  int column = GPOINTER_TO_INT (user_data);
  GtkWidget *label = gtk_label_new (NULL);

  /* Numbers line up on the right, in figures of one width. */
  gtk_label_set_xalign (GTK_LABEL (label), column >= 0 ? 1 : 0);
  if (column >= 0)
    gtk_widget_add_css_class (label, "numeric");
  if (column == COLUMN_IMAGE || column == COLUMN_LOSS)
    {
      /* Room for a typical name before it is shortened (the full text is in the tooltip). */
      gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_MIDDLE);
      gtk_label_set_width_chars (GTK_LABEL (label), column == COLUMN_IMAGE ? 14 : 12);
    }
  gtk_list_item_set_child (list_item, label);
}

static void
bind_cell (GtkSignalListItemFactory *factory,
           GtkListItem              *list_item,
           gpointer                  user_data)
{
  g_autofree char *text = cell_text (gtk_list_item_get_item (list_item),
                                     GPOINTER_TO_INT (user_data));
  GtkWidget *label = gtk_list_item_get_child (list_item);

  gtk_label_set_text (GTK_LABEL (label), text);
  gtk_widget_set_tooltip_text (label, text);
}

/* ---- sorting and filtering ---- */

static int
compare_rows (gconstpointer a,
              gconstpointer b,
              gpointer      user_data)
{
  int column = GPOINTER_TO_INT (user_data);
  const LbImageRow *x = lb_image_result_get_row ((LbImageResult *) a);
  const LbImageRow *y = lb_image_result_get_row ((LbImageResult *) b);

  switch (column)
    {
    case COLUMN_IMAGE:
      return g_utf8_collate (x->name, y->name);
    case COLUMN_LOSS:
      return (x->loss > y->loss) - (x->loss < y->loss);
    case COLUMN_SEED:
      return (x->seed > y->seed) - (x->seed < y->seed);
    default:
      {
        double u = x->metrics.value[column], v = y->metrics.value[column];

        /* An unmeasured value sorts after every measured one. */
        if (isnan (u) || isnan (v))
          return isnan (u) - isnan (v);
        return (u > v) - (u < v);
      }
    }
}

static gboolean
row_shown (gpointer item,
           gpointer user_data)
{
  LbPerImageBrowser *self = user_data;
  const LbImageRow *row = lb_image_result_get_row (item);
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search));
  guint loss = gtk_drop_down_get_selected (self->loss_filter);
  g_autofree char *name = NULL, *needle = NULL;

  /* Item 0 of the drop-down is every loss. */
  if (loss != GTK_INVALID_LIST_POSITION && loss > 0 && row->loss != loss - 1)
    return FALSE;
  if (text == NULL || text[0] == '\0')
    return TRUE;
  name = g_utf8_casefold (row->name, -1);
  needle = g_utf8_casefold (text, -1);
  return strstr (name, needle) != NULL;
}

static void
update_count (LbPerImageBrowser *self)
{
  guint shown = g_list_model_get_n_items (G_LIST_MODEL (self->selection));
  guint all = g_list_model_get_n_items (G_LIST_MODEL (self->rows));
  g_autofree char *text = shown == all ? g_strdup_printf ("%u rows", all)
                                       : g_strdup_printf ("%u of %u rows", shown, all);

  gtk_label_set_text (self->count_label, text);
}

static void
filter_changed (LbPerImageBrowser *self)
{
  /* The drop-down's model arrives before the filter is made. */
  if (self->filter == NULL)
    return;
  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
  update_count (self);
}

/* ---- the chosen row ---- */

static void
row_activated (GtkColumnView *view,
               guint          position,
               gpointer       user_data)
{
  LbPerImageBrowser *self = user_data;
  g_autoptr (LbImageResult) item = g_list_model_get_item (G_LIST_MODEL (self->selection),
                                                          position);
  const LbImageRow *chosen;
  guint n_losses, n_rows = g_list_model_get_n_items (G_LIST_MODEL (self->rows));
  g_autofree const char **run_dirs = NULL;
  g_autofree double *ious = NULL;

  if (item == NULL || self->experiment == NULL)
    return;
  chosen = lb_image_result_get_row (item);
  n_losses = lb_experiment_get_config (self->experiment)->n_losses;
  /* Every loss's run of the same seed: the runs a paired comparison sets side by side. */
  run_dirs = g_new0 (const char *, n_losses + 1);
  ious = g_new (double, n_losses);
  for (guint l = 0; l < n_losses; l++)
    ious[l] = NAN;
  for (guint i = 0; i < n_rows; i++)
    {
      g_autoptr (LbImageResult) other = g_list_model_get_item (G_LIST_MODEL (self->rows), i);
      const LbImageRow *row = lb_image_result_get_row (other);

      if (row->seed != chosen->seed || row->loss >= n_losses)
        continue;
      if (run_dirs[row->loss] == NULL)
        run_dirs[row->loss] = row->run_dir;
      if (g_strcmp0 (row->name, chosen->name) == 0 && g_strcmp0 (row->run_dir, run_dirs[row->loss]) == 0)
        ious[row->loss] = row->metrics.value[LB_METRIC_IOU];
    }
  lb_compare_gallery_show_image (self->detail, self->experiment, run_dirs, ious, chosen->name);
}

/* ---- public ---- */

void
lb_per_image_browser_set_data_source (LbPerImageBrowser *self,
                                      LbDataSource      *data_source)
{
  g_return_if_fail (LB_IS_PER_IMAGE_BROWSER (self));

  lb_compare_gallery_set_data_source (self->detail, data_source);
}

void
lb_per_image_browser_clear (LbPerImageBrowser *self)
{
  g_return_if_fail (LB_IS_PER_IMAGE_BROWSER (self));

  g_list_store_remove_all (self->rows);
  g_clear_object (&self->experiment);
  gtk_widget_set_visible (GTK_WIDGET (self->detail), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
}

void
lb_per_image_browser_show (LbPerImageBrowser         *self,
                           LbExperiment              *experiment,
                           const LbExperimentResults *results)
{
  const LbExperimentConfig *config = lb_experiment_get_config (experiment);
  g_autoptr (GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr (GStrvBuilder) names = g_strv_builder_new ();
  g_auto (GStrv) labels = NULL;
  gboolean same_experiment;

  g_return_if_fail (LB_IS_PER_IMAGE_BROWSER (self));

  same_experiment = self->experiment == experiment;
  g_set_object (&self->experiment, experiment);
  g_strv_builder_add (names, "All Losses");
  for (guint l = 0; l < config->n_losses; l++)
    {
      g_autofree char *label = lb_experiment_dup_loss_label (experiment, l);
      g_strv_builder_add (names, label);
    }
  labels = g_strv_builder_end (names);
  for (guint i = 0; i < results->image_rows->len; i++)
    {
      const LbImageRow *row = &g_array_index (results->image_rows, LbImageRow, i);

      g_ptr_array_add (items, lb_image_result_new (row, labels[row->loss + 1]));
    }
  /* One splice: the view updates once, however many rows. */
  g_list_store_splice (self->rows, 0, g_list_model_get_n_items (G_LIST_MODEL (self->rows)),
                       items->pdata, items->len);
  if (!same_experiment)
    {
      gtk_string_list_splice (self->loss_names, 0,
                              g_list_model_get_n_items (G_LIST_MODEL (self->loss_names)),
                              (const char *const *) labels);
      gtk_drop_down_set_selected (self->loss_filter, 0);
      gtk_widget_set_visible (GTK_WIDGET (self->detail), FALSE);
    }
  update_count (self);
  gtk_widget_set_visible (GTK_WIDGET (self), items->len > 0);
}

/* ---- the widget ---- */

static void
add_columns (LbPerImageBrowser *self)
{
  GtkColumnViewColumn *iou = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (columns); i++)
    {
      int column = columns[i];
      GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
      GtkColumnViewColumn *view_column;
      const char *title = column == COLUMN_IMAGE  ? "Image"
                          : column == COLUMN_LOSS ? "Loss"
                          : column == COLUMN_SEED ? "Seed"
                                                  : lb_metric_to_label (column);

      g_signal_connect (factory, "setup", G_CALLBACK (setup_cell), GINT_TO_POINTER (column));
      g_signal_connect (factory, "bind", G_CALLBACK (bind_cell), GINT_TO_POINTER (column));
      view_column = gtk_column_view_column_new (title, factory);
      gtk_column_view_column_set_sorter (
        view_column,
        GTK_SORTER (gtk_custom_sorter_new (compare_rows, GINT_TO_POINTER (column), NULL)));
      gtk_column_view_column_set_resizable (view_column, TRUE);
      gtk_column_view_column_set_expand (view_column, column == COLUMN_IMAGE);
      gtk_column_view_append_column (self->view, view_column);
      if (column == LB_METRIC_IOU)
        iou = view_column;
      g_object_unref (view_column);
    }
  /* The worst images first: where a loss fails is what a reader looks for. */
  gtk_column_view_sort_by_column (self->view, iou, GTK_SORT_ASCENDING);
}

static void
lb_per_image_browser_dispose (GObject *object)
{
  LbPerImageBrowser *self = LB_PER_IMAGE_BROWSER (object);

  g_clear_object (&self->experiment);
  gtk_widget_dispose_template (GTK_WIDGET (object), LB_TYPE_PER_IMAGE_BROWSER);
  G_OBJECT_CLASS (lb_per_image_browser_parent_class)->dispose (object);
}

static void
lb_per_image_browser_finalize (GObject *object)
{
  LbPerImageBrowser *self = LB_PER_IMAGE_BROWSER (object);

  g_clear_object (&self->rows);
  g_clear_object (&self->loss_names);
  G_OBJECT_CLASS (lb_per_image_browser_parent_class)->finalize (object);
}

static void
lb_per_image_browser_class_init (LbPerImageBrowserClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lb_per_image_browser_dispose;
  object_class->finalize = lb_per_image_browser_finalize;

  g_type_ensure (LB_TYPE_COMPARE_GALLERY);
  gtk_widget_class_set_template_from_resource (
    widget_class, "/io/github/lossbench/Lossbench/ui/lb-per-image-browser.ui");
  gtk_widget_class_bind_template_child (widget_class, LbPerImageBrowser, search);
  gtk_widget_class_bind_template_child (widget_class, LbPerImageBrowser, loss_filter);
  gtk_widget_class_bind_template_child (widget_class, LbPerImageBrowser, count_label);
  gtk_widget_class_bind_template_child (widget_class, LbPerImageBrowser, view);
  gtk_widget_class_bind_template_child (widget_class, LbPerImageBrowser, detail);
  gtk_widget_class_bind_template_callback (widget_class, filter_changed);
  gtk_widget_class_bind_template_callback (widget_class, row_activated);
}

static void
lb_per_image_browser_init (LbPerImageBrowser *self)
{
  GtkFilterListModel *filtered;
  GtkSortListModel *sorted;

  gtk_widget_init_template (GTK_WIDGET (self));
  lb_compare_gallery_set_title (self->detail, "The Chosen Image, Loss by Loss");

  self->rows = g_list_store_new (LB_TYPE_IMAGE_RESULT);
  self->loss_names = gtk_string_list_new (NULL);
  gtk_drop_down_set_model (self->loss_filter, G_LIST_MODEL (self->loss_names));
  self->filter = gtk_custom_filter_new (row_shown, self, NULL);
  add_columns (self);
  filtered = gtk_filter_list_model_new (G_LIST_MODEL (g_object_ref (self->rows)),
                                        GTK_FILTER (self->filter));
  sorted = gtk_sort_list_model_new (G_LIST_MODEL (filtered),
                                    g_object_ref (gtk_column_view_get_sorter (self->view)));
  self->selection = gtk_single_selection_new (G_LIST_MODEL (sorted));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  gtk_column_view_set_model (self->view, GTK_SELECTION_MODEL (self->selection));
  g_object_unref (self->selection);
}
