/* lb-data-page.c — the Data page: open a dataset, see how it paired up, browse images and masks.
 * SPDX-License-Identifier: GPL-3.0-or-later */

#include "lb-config.h"

#include <stdlib.h>

#include "lb-data-page.h"
#include "lb-error.h"
#include "lb-mask-view.h"
#include "lb-split.h"
#include "lb-thumbnail.h"
#include "lb-window.h"

/* Thumbnails are made at this size (pixels), then scaled by the grid's pictures. */
#define THUMBNAIL_SIZE 112


struct _LbDataPage
{
  AdwBin parent_instance;

  GSettings *settings;
  LbDataset *dataset;
  char *folder;              /* NULL for the demo set */
  GListStore *thumbnails;    /* LbThumbnail */
  GtkSingleSelection *selection;
  GCancellable *load_cancellable;
  GCancellable *thumbnail_cancellable;
  gboolean busy;
  gboolean thumbnails_ready;

  /* Template children. */
  GtkStack *stack;
  AdwStatusPage *loading_state;
  GtkProgressBar *loading_progress;
  GtkButton *cancel_button;
  GtkLabel *title_label;
  GtkLabel *summary_label;
  GtkListBox *rejected_list;
  AdwExpanderRow *rejected_row;
  GtkGridView *grid;
  GtkLabel *pair_label;
  GtkButton *previous_button;
  GtkButton *next_button;
  LbMaskView *large_view;
  GtkAdjustment *opacity_adjustment;
  GtkToggleButton *contour_button;
  GtkAdjustment *window_adjustment;
  GtkAdjustment *level_adjustment;
  GtkButton *zoom_in_button;
  GtkButton *zoom_out_button;
  GtkButton *zoom_fit_button;
  GList *rejected_rows;      /* rows added to rejected_row, to remove on the next dataset */
};

G_DEFINE_FINAL_TYPE (LbDataPage, lb_data_page, ADW_TYPE_BIN)

enum
{
  PROP_0,
  PROP_DATASET,
  PROP_BUSY,
  PROP_THUMBNAILS_READY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

void
lb_demo_set_shape (guint *count,
                   guint *size)
{
  const char *spec = g_getenv ("LOSSBENCH_DEMO");
  guint c = 96;
  guint s = 256;

  if (spec != NULL)
    {
      char *end = NULL;
      guint64 a = g_ascii_strtoull (spec, &end, 10);

      if (end != NULL && *end == 'x')
        {
          guint64 b = g_ascii_strtoull (end + 1, NULL, 10);

          if (a >= 10 && a <= 2000 && b >= 16 && b <= 1024)
            {
              c = (guint) a;
              s = (guint) b;
            }
        }
    }
  *count = c;
  *size = s;
}

LbDataset *
lb_data_page_get_dataset (LbDataPage *self)
{
  g_return_val_if_fail (LB_IS_DATA_PAGE (self), NULL);

  return self->dataset;
}

const char *
lb_data_page_get_folder (LbDataPage *self)
{
  g_return_val_if_fail (LB_IS_DATA_PAGE (self), NULL);

  return self->folder;
}

gboolean
lb_data_page_get_busy (LbDataPage *self)
{
  g_return_val_if_fail (LB_IS_DATA_PAGE (self), FALSE);

  return self->busy;
}

static void
lb_data_page_set_busy (LbDataPage *self,
                       gboolean    busy)
{
  if (self->busy == busy)
    return;
  self->busy = busy;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

static void
lb_data_page_toast (LbDataPage *self,
                    const char *text)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  AdwToast *toast = adw_toast_new (text);

  adw_toast_set_timeout (toast, 8);
  if (LB_IS_WINDOW (root))
    lb_window_add_toast (LB_WINDOW (root), toast);
  else
    g_object_unref (g_object_ref_sink (toast));
}

/* ---- the large view ---- */

static void
lb_data_page_show_pair (LbDataPage *self,
                        guint       index)
{
  guint size;
  gsize plane;
  g_autofree guint8 *mask = NULL;
  const float *masks;
  g_autofree char *label = NULL;
  g_autofree char *description = NULL;

  if (self->dataset == NULL || index >= lb_dataset_get_n_pairs (self->dataset))
    {
      lb_mask_view_clear (self->large_view);
      gtk_label_set_text (self->pair_label, "");
      return;
    }

  size = lb_dataset_get_size (self->dataset);
  plane = (gsize) size * size;
  masks = lb_dataset_get_masks (self->dataset) + plane * index;
  mask = g_malloc (plane);
  for (gsize k = 0; k < plane; k++)
    mask[k] = masks[k] > 0.5f;
  lb_mask_view_set_pair (self->large_view, lb_dataset_get_image_u8 (self->dataset, index), mask,
                         NULL, size);

  label = g_strdup_printf ("%s · %s · %u of %u", lb_dataset_get_name (self->dataset, index),
                           lb_dataset_get_source (self->dataset, index), index + 1,
                           lb_dataset_get_n_pairs (self->dataset));
  gtk_label_set_text (self->pair_label, label);
  gtk_widget_set_sensitive (GTK_WIDGET (self->previous_button), index > 0);
  gtk_widget_set_sensitive (GTK_WIDGET (self->next_button),
                            index + 1 < lb_dataset_get_n_pairs (self->dataset));
  description = g_strdup_printf ("%s with its lung mask", lb_dataset_get_name (self->dataset, index));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->large_view),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description, -1);
}

static void
lb_data_page_update_view_description (LbDataPage *self)
{
  g_autofree char *text = NULL;

  /* Say what the view shows, so a screen reader (and the UI test) can follow the controls. */
  text = g_strdup_printf ("Overlay opacity %d %%, %s, window %.0f, level %.0f, zoom %.1f×",
                          (int) (100 * lb_mask_view_get_opacity (self->large_view) + 0.5),
                          lb_mask_view_get_contour (self->large_view) ? "contour" : "fill",
                          gtk_adjustment_get_value (self->window_adjustment),
                          gtk_adjustment_get_value (self->level_adjustment),
                          lb_mask_view_get_zoom (self->large_view));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->large_view),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, text, -1);
}

static void
lb_data_page_selection_changed (LbDataPage *self)
{
  guint selected = gtk_single_selection_get_selected (self->selection);

  lb_data_page_show_pair (self, selected);
  lb_data_page_update_view_description (self);
}

static void
lb_data_page_step (LbDataPage *self,
                   int         delta)
{
  guint selected = gtk_single_selection_get_selected (self->selection);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->thumbnails));
  int next = (int) selected + delta;

  if (selected == GTK_INVALID_LIST_POSITION || next < 0 || (guint) next >= n)
    return;
  gtk_single_selection_set_selected (self->selection, next);
  gtk_widget_activate_action (GTK_WIDGET (self->grid), "list.scroll-to-item", "u", next);
}

static void
lb_data_page_previous (LbDataPage *self)
{
  lb_data_page_step (self, -1);
}

static void
lb_data_page_next (LbDataPage *self)
{
  lb_data_page_step (self, +1);
}

static void
lb_data_page_overlay_changed (LbDataPage *self)
{
  lb_mask_view_set_opacity (self->large_view, gtk_adjustment_get_value (self->opacity_adjustment));
  lb_mask_view_set_contour (self->large_view,
                            gtk_toggle_button_get_active (self->contour_button));
  lb_mask_view_set_window_level (self->large_view,
                                 gtk_adjustment_get_value (self->window_adjustment),
                                 gtk_adjustment_get_value (self->level_adjustment));
  lb_data_page_update_view_description (self);
}

static void
lb_data_page_zoom_in (LbDataPage *self)
{
  lb_mask_view_set_zoom (self->large_view, lb_mask_view_get_zoom (self->large_view) * 1.5);
  lb_data_page_update_view_description (self);
}

static void
lb_data_page_zoom_out (LbDataPage *self)
{
  lb_mask_view_set_zoom (self->large_view, lb_mask_view_get_zoom (self->large_view) / 1.5);
  lb_data_page_update_view_description (self);
}

static void
lb_data_page_zoom_fit (LbDataPage *self)
{
  lb_mask_view_reset_view (self->large_view);
  lb_data_page_update_view_description (self);
}

static void
lb_data_page_grid_activate (GtkGridView *grid,
                            guint        position,
                            LbDataPage  *self)
{
  gtk_single_selection_set_selected (self->selection, position);
  gtk_widget_grab_focus (GTK_WIDGET (self->large_view));
}

/* ---- thumbnails, made in a worker thread ---- */

static void
make_thumbnails_thread (GTask        *task,
                        gpointer      source_object,
                        gpointer      task_data,
                        GCancellable *cancellable)
{
  LbDataset *dataset = task_data;
  guint n = lb_dataset_get_n_pairs (dataset);
  guint size = lb_dataset_get_size (dataset);
  gsize plane = (gsize) size * size;
  const float *masks = lb_dataset_get_masks (dataset);
  g_autofree guint8 *mask = g_malloc (plane);
  GPtrArray *thumbnails = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  LbOverlayStyle style;

  lb_overlay_style_init (&style);
  style.contour = TRUE;
  style.opacity = 0.5;
  for (guint i = 0; i < n; i++)
    {
      if (g_cancellable_is_cancelled (cancellable))
        break;
      for (gsize k = 0; k < plane; k++)
        mask[k] = masks[plane * i + k] > 0.5f;
      g_ptr_array_add (thumbnails,
                       lb_overlay_render (lb_dataset_get_image_u8 (dataset, i), mask, NULL, size,
                                          MIN (size, THUMBNAIL_SIZE), &style));
    }
  g_task_return_pointer (task, thumbnails, (GDestroyNotify) g_ptr_array_unref);
}

static void
thumbnails_ready (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  LbDataPage *self = LB_DATA_PAGE (source);
  LbDataset *dataset = g_task_get_task_data (G_TASK (result));
  g_autoptr (GPtrArray) thumbnails = g_task_propagate_pointer (G_TASK (result), NULL);
  guint side;

  if (thumbnails == NULL || dataset != self->dataset)
    return;

  side = MIN (lb_dataset_get_size (dataset), THUMBNAIL_SIZE);
  for (guint i = 0; i < thumbnails->len; i++)
    {
      g_autoptr (LbThumbnail) item = g_list_model_get_item (G_LIST_MODEL (self->thumbnails), i);
      g_autoptr (GdkTexture) texture = NULL;

      if (item == NULL)
        break;
      texture = gdk_memory_texture_new (side, side, GDK_MEMORY_R8G8B8A8,
                                        g_ptr_array_index (thumbnails, i), (gsize) side * 4);
      lb_thumbnail_set_texture (item, texture);
    }
  self->thumbnails_ready = TRUE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_THUMBNAILS_READY]);
}

gboolean
lb_data_page_get_thumbnails_ready (LbDataPage *self)
{
  g_return_val_if_fail (LB_IS_DATA_PAGE (self), FALSE);

  return self->thumbnails_ready;
}

/* ---- showing a dataset ---- */

static void
lb_data_page_fill_summary (LbDataPage *self)
{
  const LbPairingReport *report = lb_dataset_get_report (self->dataset);
  guint n = lb_dataset_get_n_pairs (self->dataset);
  g_autoptr (GString) text = g_string_new (NULL);
  g_auto (GStrv) sources = lb_pairing_report_dup_sources (report);
  g_autoptr (LbSplit) split = NULL;
  g_autofree char *title = NULL;
  guint n_left_out;

  if (self->folder != NULL)
    title = g_path_get_basename (self->folder);
  else
    title = g_strdup ("Demo Set (Synthetic Phantoms)");
  gtk_label_set_text (self->title_label, title);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->title_label),
                               self->folder != NULL ? self->folder : NULL);

  g_string_append_printf (text, "%u pairs at %u×%u", n, lb_dataset_get_size (self->dataset),
                          lb_dataset_get_size (self->dataset));
  if (self->folder != NULL)
    g_string_append_printf (text, ", %s layout", lb_dataset_layout_to_string (report->layout));
  g_string_append (text, " — ");
  for (guint i = 0; sources != NULL && sources[i] != NULL; i++)
    g_string_append_printf (text, "%s%s %u", i > 0 ? ", " : "", sources[i],
                            lb_pairing_report_count_source (report, sources[i]));

  split = lb_split_new_for_dataset (self->dataset, 0.8, 0.1, 0.1,
                                    (guint64) g_settings_get_int (self->settings, "seed"),
                                    TRUE, NULL);
  if (split != NULL)
    g_string_append_printf (text, "\nSplit (seed %d): %u train, %u validation, %u test",
                            g_settings_get_int (self->settings, "seed"),
                            lb_split_count (split, LB_SUBSET_TRAIN),
                            lb_split_count (split, LB_SUBSET_VAL),
                            lb_split_count (split, LB_SUBSET_TEST));
  if (report->unmatched_images->len + report->unmatched_masks->len > 0)
    g_string_append_printf (text, "\n%u images without a mask, %u masks without an image",
                            report->unmatched_images->len, report->unmatched_masks->len);
  if (report->warnings->len > 0)
    g_string_append_printf (text, "\n%u pairs kept with a remark (e.g. an empty mask)",
                            report->warnings->len);
  gtk_label_set_text (self->summary_label, text->str);

  for (GList *l = self->rejected_rows; l != NULL; l = l->next)
    adw_expander_row_remove (self->rejected_row, l->data);
  g_clear_pointer (&self->rejected_rows, g_list_free);
  n_left_out = report->rejected->len;
  for (guint i = 0; i < report->rejected->len && i < 200; i++)
    {
      LbFileNote *note = g_ptr_array_index (report->rejected, i);
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), note->name);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), note->message);
      adw_expander_row_add_row (self->rejected_row, row);
      self->rejected_rows = g_list_prepend (self->rejected_rows, row);
    }
  if (n_left_out > 0)
    {
      g_autofree char *subtitle = g_strdup_printf ("%u files could not be used; expand for the reasons",
                                                   n_left_out);

      adw_expander_row_set_subtitle (self->rejected_row, subtitle);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->rejected_list), n_left_out > 0);
}

static void
lb_data_page_set_dataset (LbDataPage *self,
                          LbDataset  *dataset,
                          const char *folder)
{
  g_autoptr (GTask) task = NULL;
  guint n;

  g_set_object (&self->dataset, dataset);
  g_free (self->folder);
  self->folder = g_strdup (folder);
  g_settings_set_string (self->settings, "last-dataset", folder != NULL ? folder : "");

  g_cancellable_cancel (self->thumbnail_cancellable);
  g_clear_object (&self->thumbnail_cancellable);
  self->thumbnails_ready = FALSE;
  g_list_store_remove_all (self->thumbnails);
  n = lb_dataset_get_n_pairs (dataset);
  {
    g_autoptr (GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);

    for (guint i = 0; i < n; i++)
      g_ptr_array_add (items, lb_thumbnail_new (i, lb_dataset_get_name (dataset, i),
                                                lb_dataset_get_source (dataset, i)));
    g_list_store_splice (self->thumbnails, 0, 0, items->pdata, items->len);
  }

  self->thumbnail_cancellable = g_cancellable_new ();
  task = g_task_new (self, self->thumbnail_cancellable, thumbnails_ready, NULL);
  g_task_set_source_tag (task, lb_data_page_set_dataset);
  g_task_set_task_data (task, g_object_ref (dataset), g_object_unref);
  g_task_run_in_thread (task, make_thumbnails_thread);

  lb_data_page_fill_summary (self);
  gtk_single_selection_set_selected (self->selection, 0);
  lb_data_page_selection_changed (self);
  gtk_stack_set_visible_child_name (self->stack, "content");
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DATASET]);
}

/* Loading ended: with a new dataset (set next, which shows it), or without one (back to what
 * was shown before). Not busy any more before the dataset is announced, so whoever listens
 * may use it at once. */
static void
lb_data_page_loading_done (LbDataPage *self,
                           gboolean    have_new)
{
  lb_data_page_set_busy (self, FALSE);
  g_clear_object (&self->load_cancellable);
  if (!have_new)
    gtk_stack_set_visible_child_name (self->stack, self->dataset != NULL ? "content" : "empty");
}

static void
lb_data_page_begin_loading (LbDataPage *self,
                            const char *title)
{
  g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  self->load_cancellable = g_cancellable_new ();
  adw_status_page_set_title (self->loading_state, title);
  gtk_progress_bar_set_fraction (self->loading_progress, 0);
  gtk_progress_bar_set_text (self->loading_progress, NULL);
  gtk_stack_set_visible_child_name (self->stack, "loading");
  lb_data_page_set_busy (self, TRUE);
}

static void
new_demo_thread (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  guint *shape = task_data;

  g_task_return_pointer (task, lb_dataset_new_demo (shape[0], shape[1], LB_DEMO_SEED,
                                                    LB_NORMALIZATION_POSTER),
                         g_object_unref);
}

static void
demo_ready (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  LbDataPage *self = LB_DATA_PAGE (source);
  g_autoptr (LbDataset) dataset = g_task_propagate_pointer (G_TASK (result), NULL);

  if (g_task_get_cancellable (G_TASK (result)) != self->load_cancellable)
    return;
  lb_data_page_loading_done (self, dataset != NULL);
  if (dataset != NULL)
    lb_data_page_set_dataset (self, dataset, NULL);
}

static void
lb_data_page_start_demo (LbDataPage          *self,
                         guint                size,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr (GTask) task = g_task_new (self, cancellable, callback, user_data);
  guint *shape = g_new (guint, 2);

  lb_demo_set_shape (&shape[0], &shape[1]);
  if (size > 0)
    shape[1] = size;
  g_task_set_source_tag (task, lb_data_page_start_demo);
  g_task_set_task_data (task, shape, g_free);
  g_task_run_in_thread (task, new_demo_thread);
}

void
lb_data_page_open_demo (LbDataPage *self)
{
  g_return_if_fail (LB_IS_DATA_PAGE (self));

  /* Generating the phantoms takes a moment at 256²: off the main thread, like a folder. */
  lb_data_page_begin_loading (self, "Making the Demo Set…");
  gtk_progress_bar_pulse (self->loading_progress);
  lb_data_page_start_demo (self, 0, self->load_cancellable, demo_ready, NULL);
}

typedef struct
{
  LbDataPage *self;
  char *folder;
  GCancellable *cancellable;
} LoadData;

static void
load_data_free (LoadData *data)
{
  g_object_unref (data->self);
  g_free (data->folder);
  g_object_unref (data->cancellable);
  g_free (data);
}

static void
load_progress (guint    done,
               guint    total,
               gpointer user_data)
{
  LoadData *data = user_data;
  LbDataPage *self = data->self;
  g_autofree char *text = NULL;

  if (data->cancellable != self->load_cancellable || total == 0)
    return;
  text = g_strdup_printf ("%u of %u pairs", done, total);
  gtk_progress_bar_set_fraction (self->loading_progress, (double) done / total);
  gtk_progress_bar_set_text (self->loading_progress, text);
}

static void
folder_ready (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  LoadData *data = user_data;
  LbDataPage *self = data->self;
  g_autoptr (GError) error = NULL;
  g_autoptr (LbDataset) dataset = lb_dataset_load_finish (result, &error);

  if (data->cancellable == self->load_cancellable)
    {
      lb_data_page_loading_done (self, dataset != NULL);
      if (dataset != NULL)
        lb_data_page_set_dataset (self, dataset, data->folder);
      else if (!g_error_matches (error, LB_ERROR, LB_ERROR_CANCELLED))
        {
          g_autofree char *name = g_path_get_basename (data->folder);
          g_autofree char *text = g_strdup_printf ("Could not open “%s”: %s", name,
                                                   error->message);

          lb_data_page_toast (self, text);
        }
    }
  load_data_free (data);
}

void
lb_data_page_open_folder (LbDataPage *self,
                          const char *folder)
{
  LbDatasetOptions options;
  LoadData *data;
  g_autofree char *name = NULL;
  g_autofree char *title = NULL;

  g_return_if_fail (LB_IS_DATA_PAGE (self));
  g_return_if_fail (folder != NULL);

  name = g_path_get_basename (folder);
  title = g_strdup_printf ("Loading “%s”…", name);
  lb_data_page_begin_loading (self, title);

  lb_dataset_options_init (&options);
  data = g_new0 (LoadData, 1);
  data->self = g_object_ref (self);
  data->folder = g_strdup (folder);
  data->cancellable = g_object_ref (self->load_cancellable);
  lb_dataset_load_async (folder, &options, data->cancellable, load_progress, data, folder_ready,
                         data);
}

void
lb_data_page_open_initial (LbDataPage *self)
{
  g_autofree char *last = NULL;

  g_return_if_fail (LB_IS_DATA_PAGE (self));

  last = g_settings_get_string (self->settings, "last-dataset");
  if (last[0] != '\0' && g_file_test (last, G_FILE_TEST_IS_DIR))
    lb_data_page_open_folder (self, last);
  else
    lb_data_page_open_demo (self);
}

static void
chooser_response (GtkNativeDialog *dialog,
                  int              response,
                  gpointer         user_data)
{
  LbDataPage *self = user_data;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr (GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autofree char *path = file != NULL ? g_file_get_path (file) : NULL;

      if (path != NULL)
        lb_data_page_open_folder (self, path);
      else
        lb_data_page_toast (self, "That folder is not on a local disk; copy it to one and open it from there.");
    }
  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
  g_object_unref (self);
}

void
lb_data_page_choose_folder (LbDataPage *self)
{
  GtkFileChooserNative *chooser;
  GtkRoot *root;

  g_return_if_fail (LB_IS_DATA_PAGE (self));

  root = gtk_widget_get_root (GTK_WIDGET (self));
  chooser = gtk_file_chooser_native_new ("Open Dataset Folder", GTK_WINDOW (root),
                                         GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER, "_Open",
                                         "_Cancel");
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  if (self->folder != NULL)
    {
      g_autoptr (GFile) current = g_file_new_for_path (self->folder);
      g_autoptr (GFile) parent = g_file_get_parent (current);

      if (parent != NULL)
        gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (chooser), parent, NULL);
    }
  g_signal_connect (chooser, "response", G_CALLBACK (chooser_response), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
lb_data_page_cancel (LbDataPage *self)
{
  g_cancellable_cancel (self->load_cancellable);
  lb_data_page_loading_done (self, FALSE);
}

/* ---- the same data at another size, for training ---- */

static void
at_size_demo_ready (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  GTask *task = user_data;
  GError *error = NULL;
  LbDataset *dataset = g_task_propagate_pointer (G_TASK (result), &error);

  if (dataset != NULL)
    g_task_return_pointer (task, dataset, g_object_unref);
  else
    g_task_return_error (task, error);
  g_object_unref (task);
}

static void
at_size_folder_ready (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  GTask *task = user_data;
  GError *error = NULL;
  LbDataset *dataset = lb_dataset_load_finish (result, &error);

  if (dataset != NULL)
    g_task_return_pointer (task, dataset, g_object_unref);
  else
    g_task_return_error (task, error);
  g_object_unref (task);
}

void
lb_data_page_load_at_size_async (LbDataPage          *self,
                                 guint                size,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (LB_IS_DATA_PAGE (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, lb_data_page_load_at_size_async);
  if (self->dataset == NULL)
    {
      g_task_return_new_error (task, LB_ERROR, LB_ERROR_EMPTY,
                               "No dataset is open. Open a folder or the demo set on the Data page.");
      g_object_unref (task);
    }
  else if (lb_dataset_get_size (self->dataset) == size)
    {
      g_task_return_pointer (task, g_object_ref (self->dataset), g_object_unref);
      g_object_unref (task);
    }
  else if (self->folder == NULL)
    lb_data_page_start_demo (self, size, cancellable, at_size_demo_ready, task);
  else
    {
      LbDatasetOptions options;

      lb_dataset_options_init (&options);
      options.size = size;
      options.normalization = lb_dataset_get_normalization (self->dataset);
      lb_dataset_load_async (self->folder, &options, cancellable, NULL, NULL,
                             at_size_folder_ready, task);
    }
}

LbDataset *
lb_data_page_load_at_size_finish (LbDataPage    *self,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ---- GObject ---- */

static void
lb_data_page_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  LbDataPage *self = LB_DATA_PAGE (object);

  switch (prop_id)
    {
    case PROP_DATASET:
      g_value_set_object (value, self->dataset);
      break;
    case PROP_BUSY:
      g_value_set_boolean (value, self->busy);
      break;
    case PROP_THUMBNAILS_READY:
      g_value_set_boolean (value, self->thumbnails_ready);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lb_data_page_dispose (GObject *object)
{
  LbDataPage *self = LB_DATA_PAGE (object);

  g_cancellable_cancel (self->load_cancellable);
  g_cancellable_cancel (self->thumbnail_cancellable);
  g_clear_object (&self->load_cancellable);
  g_clear_object (&self->thumbnail_cancellable);
  g_clear_pointer (&self->rejected_rows, g_list_free);
  /* The bin's child is the bound template child "stack": let the bin drop it first, or
   * AdwBin would unparent it again after the template has. */
  adw_bin_set_child (ADW_BIN (object), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (object), LB_TYPE_DATA_PAGE);

  G_OBJECT_CLASS (lb_data_page_parent_class)->dispose (object);
}

static void
lb_data_page_finalize (GObject *object)
{
  LbDataPage *self = LB_DATA_PAGE (object);

  g_clear_object (&self->dataset);
  g_clear_object (&self->selection);
  g_clear_object (&self->thumbnails);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->folder, g_free);

  G_OBJECT_CLASS (lb_data_page_parent_class)->finalize (object);
}

static void
lb_data_page_class_init (LbDataPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = lb_data_page_get_property;
  object_class->dispose = lb_data_page_dispose;
  object_class->finalize = lb_data_page_finalize;

  properties[PROP_DATASET] = g_param_spec_object ("dataset", NULL, NULL, LB_TYPE_DATASET,
                                                  G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY
                                                  | G_PARAM_STATIC_STRINGS);
  properties[PROP_BUSY] = g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                                                G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY
                                                | G_PARAM_STATIC_STRINGS);
  properties[PROP_THUMBNAILS_READY] = g_param_spec_boolean ("thumbnails-ready", NULL, NULL, FALSE,
                                                           G_PARAM_READABLE
                                                           | G_PARAM_EXPLICIT_NOTIFY
                                                           | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (LB_TYPE_MASK_VIEW);
  g_type_ensure (LB_TYPE_THUMBNAIL);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/lossbench/Lossbench/ui/lb-data-page.ui");
  gtk_widget_class_bind_template_child (widget_class, LbDataPage, stack);
  gtk_widget_class_bind_template_child (widget_class, LbDataPage, loading_state);
  gtk_widget_class_bind_template_child (widget_class, LbDataPage, loading_progress);
  gtk_widget_class_bind_template_child (widget_class, LbDataPage, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, LbDataPage, title_label);
  gtk_widget_class_bind_template_child (widget_class, LbDataPage, summary_label);
  gtk_widget_class_bind_template_child (widget_class, LbDataPage, rejected_list);
  gtk_widget_class_bind_template_child (widget_class, LbDataPage, rejected_row);
  gtk_widget_class_bind_template_child (widget_class, LbDataPage, grid);
  gtk_widget_class_bind_template_child (widget_class, LbDataPage, pair_label);
  gtk_widget_class_bind_template_child (widget_class, LbDataPage, previous_button);
  gtk_widget_class_bind_template_child (widget_class, LbDataPage, next_button);
  gtk_widget_class_bind_template_child (widget_class, LbDataPage, large_view);
  gtk_widget_class_bind_template_child (widget_class, LbDataPage, opacity_adjustment);
  gtk_widget_class_bind_template_child (widget_class, LbDataPage, contour_button);
  gtk_widget_class_bind_template_child (widget_class, LbDataPage, window_adjustment);
  gtk_widget_class_bind_template_child (widget_class, LbDataPage, level_adjustment);
  gtk_widget_class_bind_template_child (widget_class, LbDataPage, zoom_in_button);
  gtk_widget_class_bind_template_child (widget_class, LbDataPage, zoom_out_button);
  gtk_widget_class_bind_template_child (widget_class, LbDataPage, zoom_fit_button);
}

static void
lb_data_page_init (LbDataPage *self)
{
  g_autoptr (GtkListItemFactory) factory = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = g_settings_new (LB_APP_ID);
  self->thumbnails = g_list_store_new (LB_TYPE_THUMBNAIL);
  self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->thumbnails)));
  factory = gtk_builder_list_item_factory_new_from_resource (
    NULL, "/io/github/lossbench/Lossbench/ui/lb-thumbnail-cell.ui");
  gtk_grid_view_set_factory (self->grid, factory);
  gtk_grid_view_set_model (self->grid, GTK_SELECTION_MODEL (self->selection));
  gtk_grid_view_set_single_click_activate (self->grid, FALSE);
  lb_mask_view_set_interactive (self->large_view, TRUE);

  g_signal_connect_swapped (self->selection, "notify::selected",
                            G_CALLBACK (lb_data_page_selection_changed), self);
  g_signal_connect (self->grid, "activate", G_CALLBACK (lb_data_page_grid_activate), self);
  g_signal_connect_swapped (self->previous_button, "clicked",
                            G_CALLBACK (lb_data_page_previous), self);
  g_signal_connect_swapped (self->next_button, "clicked", G_CALLBACK (lb_data_page_next), self);
  g_signal_connect_swapped (self->cancel_button, "clicked", G_CALLBACK (lb_data_page_cancel),
                            self);
  g_signal_connect_swapped (self->opacity_adjustment, "value-changed",
                            G_CALLBACK (lb_data_page_overlay_changed), self);
  g_signal_connect_swapped (self->window_adjustment, "value-changed",
                            G_CALLBACK (lb_data_page_overlay_changed), self);
  g_signal_connect_swapped (self->level_adjustment, "value-changed",
                            G_CALLBACK (lb_data_page_overlay_changed), self);
  g_signal_connect_swapped (self->contour_button, "toggled",
                            G_CALLBACK (lb_data_page_overlay_changed), self);
  g_signal_connect_swapped (self->zoom_in_button, "clicked", G_CALLBACK (lb_data_page_zoom_in),
                            self);
  g_signal_connect_swapped (self->zoom_out_button, "clicked", G_CALLBACK (lb_data_page_zoom_out),
                            self);
  g_signal_connect_swapped (self->zoom_fit_button, "clicked", G_CALLBACK (lb_data_page_zoom_fit),
                            self);
}
