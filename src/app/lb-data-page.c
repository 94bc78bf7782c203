/* lb-data-page.c — the Data page: open a dataset, see how it paired up, browse images and masks.
 * SPDX-License-Identifier: GPL-3.0-or-later */

#include "lb-config.h"

#include <stdlib.h>

#include "lb-data-page.h"
#include "lb-error.h"
#include "lb-latency-probe.h"
#include "lb-mask-view.h"
#include "lb-split.h"
#include "lb-system.h"
#include "lb-thumbnail.h"
#include "lb-window.h"

/* Thumbnails are made at this size (pixels), then scaled by the grid's pictures. */
#define THUMBNAIL_SIZE 112


struct _LbDataPage
{
  AdwBin parent_instance;

  GSettings *settings;
  LbDataset *dataset;
  char **folders;            /* one, or several opened together; NULL for the demo set */
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
  LbLatencyProbe *latency;   /* from opening a dataset to the last thumbnail */
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

const char *const *
lb_data_page_get_folders (LbDataPage *self)
{
  g_return_val_if_fail (LB_IS_DATA_PAGE (self), NULL);

  return (const char *const *) self->folders;
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

/* Loading problems stay a little longer than the usual toast: they say what to do. */
static void
lb_data_page_toast (LbDataPage *self,
                    const char *text)
{
  AdwToast *toast = adw_toast_new (text);

  adw_toast_set_timeout (toast, 8);
  lb_window_toast_take (GTK_WIDGET (self), toast);
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
}

static void
lb_data_page_zoom_out (LbDataPage *self)
{
  lb_mask_view_set_zoom (self->large_view, lb_mask_view_get_zoom (self->large_view) / 1.5);
}

static void
lb_data_page_zoom_fit (LbDataPage *self)
{
  lb_mask_view_reset_view (self->large_view);
}

static void
lb_data_page_grid_activate (GtkGridView *grid,
                            guint        position,
                            LbDataPage  *self)
{
  gtk_single_selection_set_selected (self->selection, position);
  gtk_widget_grab_focus (GTK_WIDGET (self->large_view));
}

/* ---- the grid's cells: a thumbnail and the pair's name ---- */

static void
thumbnail_cell_setup (GtkSignalListItemFactory *factory,
                      GtkListItem              *list_item,
                      gpointer                  user_data)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  GtkWidget *picture = gtk_picture_new ();
  GtkWidget *label = gtk_label_new (NULL);

  gtk_widget_add_css_class (box, "thumbnail-cell");
  gtk_widget_set_size_request (picture, 112, 112);
  gtk_picture_set_can_shrink (GTK_PICTURE (picture), TRUE);
  gtk_widget_add_css_class (picture, "thumbnail");
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_MIDDLE);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 14);
  gtk_widget_add_css_class (label, "caption");
  gtk_box_append (GTK_BOX (box), picture);
  gtk_box_append (GTK_BOX (box), label);
  gtk_list_item_set_child (list_item, box);
}

static void
thumbnail_cell_bind (GtkSignalListItemFactory *factory,
                     GtkListItem              *list_item,
                     gpointer                  user_data)
{
  LbThumbnail *item = gtk_list_item_get_item (list_item);
  GtkWidget *picture = gtk_widget_get_first_child (gtk_list_item_get_child (list_item));
  GtkWidget *label = gtk_widget_get_next_sibling (picture);

  gtk_picture_set_paintable (GTK_PICTURE (picture),
                             GDK_PAINTABLE (lb_thumbnail_get_texture (item)));
  gtk_picture_set_alternative_text (GTK_PICTURE (picture), lb_thumbnail_get_name (item));
  gtk_label_set_text (GTK_LABEL (label), lb_thumbnail_get_name (item));
}

static void
thumbnail_cell_unbind (GtkSignalListItemFactory *factory,
                       GtkListItem              *list_item,
                       gpointer                  user_data)
{
  GtkWidget *picture = gtk_widget_get_first_child (gtk_list_item_get_child (list_item));

  gtk_picture_set_paintable (GTK_PICTURE (picture), NULL);
}

/* ---- thumbnails, made in a worker thread ---- */

/* Thumbnails reach the grid in chunks, so that on a large set the first screenful shows at
 * once and the rest fills in while the user looks. The grid's items are added with them: one
 * change of 700 items at once kept the main loop busy for tens of milliseconds (the grid and
 * the accessibility tree follow every change). */
#define THUMBNAIL_CHUNK 32

typedef struct
{
  LbDataPage *page;
  LbDataset *dataset;          /* the set they were made from: the page may have moved on */
  GCancellable *cancellable;
  guint first;                 /* index of the first thumbnail in @pixels */
  GPtrArray *pixels;           /* GBytes, RGBA */
  gboolean last;
} ThumbnailChunk;

static void
thumbnail_chunk_free (gpointer data)
{
  ThumbnailChunk *chunk = data;

  g_object_unref (chunk->page);
  g_object_unref (chunk->dataset);
  g_object_unref (chunk->cancellable);
  g_ptr_array_unref (chunk->pixels);
  g_free (chunk);
}

static gboolean
thumbnail_chunk_apply (gpointer data)
{
  ThumbnailChunk *chunk = data;
  LbDataPage *self = chunk->page;
  g_autofree char *detail = NULL;
  g_autoptr (GPtrArray) items = NULL;
  guint side;

  if (g_cancellable_is_cancelled (chunk->cancellable) || chunk->dataset != self->dataset)
    return G_SOURCE_REMOVE;

  side = MIN (lb_dataset_get_size (chunk->dataset), THUMBNAIL_SIZE);
  items = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < chunk->pixels->len; i++)
    {
      g_autoptr (GdkTexture) texture = NULL;

      texture = gdk_memory_texture_new (side, side, GDK_MEMORY_R8G8B8A8,
                                        g_ptr_array_index (chunk->pixels, i), (gsize) side * 4);
      g_ptr_array_add (items,
                       lb_thumbnail_new (lb_dataset_get_name (chunk->dataset, chunk->first + i),
                                         texture));
    }
  g_list_store_splice (self->thumbnails, chunk->first, 0, items->pdata, items->len);
  if (chunk->last)
    {
      self->thumbnails_ready = TRUE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_THUMBNAILS_READY]);
      detail = g_strdup_printf ("pairs=%u", lb_dataset_get_n_pairs (chunk->dataset));
      lb_latency_probe_stop (self->latency, detail);
    }
  return G_SOURCE_REMOVE;
}

/* Hands @pixels, made from @first on, to the main thread: below redrawing in priority, so
 * scrolling stays smooth while thumbnails arrive. */
static void
thumbnail_chunk_send (GTask     *task,
                      guint      first,
                      GPtrArray *pixels,
                      gboolean   last)
{
  ThumbnailChunk *chunk = g_new0 (ThumbnailChunk, 1);

  chunk->page = g_object_ref (g_task_get_source_object (task));
  chunk->dataset = g_object_ref (g_task_get_task_data (task));
  chunk->cancellable = g_object_ref (g_task_get_cancellable (task));
  chunk->first = first;
  chunk->pixels = pixels;
  chunk->last = last;
  g_main_context_invoke_full (g_task_get_context (task), G_PRIORITY_DEFAULT_IDLE,
                              thumbnail_chunk_apply, chunk, thumbnail_chunk_free);
}

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
  GPtrArray *pixels = NULL;
  guint first = 0;
  LbOverlayStyle style;

  lb_system_enter_worker_thread ();

  lb_overlay_style_init (&style);
  style.contour = TRUE;
  style.opacity = 0.5;
  for (guint i = 0; i < n; i++)
    {
      if (g_cancellable_is_cancelled (cancellable))
        break;
      if (pixels == NULL)
        {
          pixels = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
          first = i;
        }
      for (gsize k = 0; k < plane; k++)
        mask[k] = masks[plane * i + k] > 0.5f;
      g_ptr_array_add (pixels, lb_overlay_render (lb_dataset_get_image_u8 (dataset, i), mask, NULL,
                                                  size, MIN (size, THUMBNAIL_SIZE), &style));
      if (pixels->len == THUMBNAIL_CHUNK || i + 1 == n)
        thumbnail_chunk_send (task, first, g_steal_pointer (&pixels), i + 1 == n);
    }
  g_clear_pointer (&pixels, g_ptr_array_unref);
  g_task_return_boolean (task, TRUE);
}

GtkGridView *
lb_data_page_get_grid (LbDataPage *self)
{
  g_return_val_if_fail (LB_IS_DATA_PAGE (self), NULL);

  return self->grid;
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

  if (self->folders != NULL)
    {
      g_autofree char *paths = g_strjoinv ("\n", self->folders);

      title = lb_folders_display_name ((const char *const *) self->folders);
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->title_label), paths);
    }
  else
    {
      title = g_strdup ("Demo Set (Synthetic Phantoms)");
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->title_label), NULL);
    }
  gtk_label_set_text (self->title_label, title);

  g_string_append_printf (text, "%u pairs at %u×%u", n, lb_dataset_get_size (self->dataset),
                          lb_dataset_get_size (self->dataset));
  if (self->folders != NULL && report->layout == LB_DATASET_LAYOUT_MIXED)
    g_string_append (text, ", mixed layouts");
  else if (self->folders != NULL)
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
lb_data_page_set_dataset (LbDataPage         *self,
                          LbDataset          *dataset,
                          const char *const  *folders)
{
  g_autoptr (GTask) task = NULL;
  const char *const none[] = { NULL };

  g_set_object (&self->dataset, dataset);
  g_strfreev (self->folders);
  self->folders = g_strdupv ((char **) folders);
  g_settings_set_strv (self->settings, "last-datasets", folders != NULL ? folders : none);

  g_cancellable_cancel (self->thumbnail_cancellable);
  g_clear_object (&self->thumbnail_cancellable);
  self->thumbnails_ready = FALSE;
  /* The grid fills as the thumbnails come (thumbnail_chunk_apply). */
  g_list_store_remove_all (self->thumbnails);

  self->thumbnail_cancellable = g_cancellable_new ();
  task = g_task_new (self, self->thumbnail_cancellable, NULL, NULL);
  g_task_set_source_tag (task, lb_data_page_set_dataset);
  g_task_set_task_data (task, g_object_ref (dataset), g_object_unref);
  g_task_run_in_thread (task, make_thumbnails_thread);

  lb_data_page_fill_summary (self);
  /* The first pair shows at once; the grid selects it when its thumbnail arrives. */
  lb_data_page_show_pair (self, 0);
  lb_data_page_update_view_description (self);
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
    {
      gtk_stack_set_visible_child_name (self->stack, self->dataset != NULL ? "content" : "empty");
      lb_latency_probe_stop (self->latency, "pairs=0");
    }
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
  /* Measured from here (or from when the window is up, at startup) until the last thumbnail
   * is in the grid. */
  lb_latency_probe_start_when_shown (self->latency, GTK_WIDGET (self));
}

static void
new_demo_thread (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  guint *shape = task_data;

  lb_system_enter_worker_thread ();

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
  char **folders;
  GCancellable *cancellable;
} LoadData;

static void
load_data_free (LoadData *data)
{
  g_object_unref (data->self);
  g_strfreev (data->folders);
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
        lb_data_page_set_dataset (self, dataset, (const char *const *) data->folders);
      else if (!g_error_matches (error, LB_ERROR, LB_ERROR_CANCELLED))
        {
          g_autofree char *name = lb_folders_display_name ((const char *const *) data->folders);
          g_autofree char *text = g_strdup_printf ("Could not open “%s”: %s", name,
                                                   error->message);

          lb_data_page_toast (self, text);
        }
    }
  load_data_free (data);
}

char *
lb_folders_display_name (const char *const *folders)
{
  g_autoptr (GStrvBuilder) names = g_strv_builder_new ();
  g_auto (GStrv) list = NULL;

  for (guint i = 0; folders[i] != NULL; i++)
    {
      g_autofree char *name = g_filename_display_basename (folders[i]);

      g_strv_builder_add (names, name);
    }
  list = g_strv_builder_end (names);
  return g_strjoinv (" + ", list);
}

void
lb_data_page_open_folders (LbDataPage         *self,
                           const char *const  *folders)
{
  LbDatasetOptions options;
  LoadData *data;
  g_autofree char *name = NULL;
  g_autofree char *title = NULL;

  g_return_if_fail (LB_IS_DATA_PAGE (self));
  g_return_if_fail (folders != NULL && folders[0] != NULL);

  name = lb_folders_display_name (folders);
  title = g_strdup_printf ("Loading “%s”…", name);
  lb_data_page_begin_loading (self, title);

  lb_dataset_options_init (&options);
  data = g_new0 (LoadData, 1);
  data->self = g_object_ref (self);
  data->folders = g_strdupv ((char **) folders);
  data->cancellable = g_object_ref (self->load_cancellable);
  lb_dataset_load_folders_async (folders, &options, data->cancellable, load_progress, data,
                                 folder_ready, data);
}

void
lb_data_page_open_initial (LbDataPage *self)
{
  g_auto (GStrv) last = NULL;
  gboolean all_there;

  g_return_if_fail (LB_IS_DATA_PAGE (self));

  last = g_settings_get_strv (self->settings, "last-datasets");
  all_there = last[0] != NULL;
  for (guint i = 0; last[i] != NULL; i++)
    all_there = all_there && g_file_test (last[i], G_FILE_TEST_IS_DIR);
  if (all_there)
    lb_data_page_open_folders (self, (const char *const *) last);
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
      g_autoptr (GListModel) files = gtk_file_chooser_get_files (GTK_FILE_CHOOSER (dialog));
      g_autoptr (GStrvBuilder) builder = g_strv_builder_new ();
      g_auto (GStrv) paths = NULL;
      gboolean all_local = TRUE;

      for (guint i = 0; i < g_list_model_get_n_items (files); i++)
        {
          g_autoptr (GFile) file = g_list_model_get_item (files, i);
          g_autofree char *path = g_file_get_path (file);

          all_local = all_local && path != NULL;
          if (path != NULL)
            g_strv_builder_add (builder, path);
        }
      paths = g_strv_builder_end (builder);
      if (all_local && paths[0] != NULL)
        lb_data_page_open_folders (self, (const char *const *) paths);
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
  /* Montgomery and Shenzhen come as two folders: both may be chosen, and open as one set. */
  gtk_file_chooser_set_select_multiple (GTK_FILE_CHOOSER (chooser), TRUE);
  if (self->folders != NULL)
    {
      g_autoptr (GFile) current = g_file_new_for_path (self->folders[0]);
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

/* Hands the dataset made at the new size, or why there is none, to the caller's task. */
static void
at_size_return (GTask     *task,
                LbDataset *dataset,
                GError    *error)
{
  if (dataset != NULL)
    g_task_return_pointer (task, dataset, g_object_unref);
  else
    g_task_return_error (task, error);
  g_object_unref (task);
}

static void
at_size_demo_ready (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  GError *error = NULL;
  LbDataset *dataset = g_task_propagate_pointer (G_TASK (result), &error);

  at_size_return (user_data, dataset, error);
}

static void
at_size_folder_ready (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  GError *error = NULL;
  LbDataset *dataset = lb_dataset_load_finish (result, &error);

  at_size_return (user_data, dataset, error);
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
  else if (self->folders == NULL)
    lb_data_page_start_demo (self, size, cancellable, at_size_demo_ready, task);
  else
    {
      LbDatasetOptions options;

      lb_dataset_options_init (&options);
      options.size = size;
      options.normalization = lb_dataset_get_normalization (self->dataset);
      lb_dataset_load_folders_async ((const char *const *) self->folders, &options, cancellable,
                                     NULL, NULL, at_size_folder_ready, task);
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
  lb_latency_probe_stop (self->latency, NULL);
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

  g_clear_pointer (&self->latency, lb_latency_probe_free);
  g_clear_object (&self->dataset);
  g_clear_object (&self->selection);
  g_clear_object (&self->thumbnails);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->folders, g_strfreev);

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
  self->latency = lb_latency_probe_new ("load");
  self->thumbnails = g_list_store_new (LB_TYPE_THUMBNAIL);
  self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->thumbnails)));
  /* Cells built in code: a GtkBuilder factory parses its template for every cell, which
   * blocked the main loop for tens of milliseconds when a large set first filled the grid. */
  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (thumbnail_cell_setup), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (thumbnail_cell_bind), NULL);
  g_signal_connect (factory, "unbind", G_CALLBACK (thumbnail_cell_unbind), NULL);
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
  /* Buttons, scrolling and Fit all change the zoom: the description follows any of them. */
  g_signal_connect_swapped (self->large_view, "notify::zoom",
                            G_CALLBACK (lb_data_page_update_view_description), self);
  g_signal_connect_swapped (self->zoom_in_button, "clicked", G_CALLBACK (lb_data_page_zoom_in),
                            self);
  g_signal_connect_swapped (self->zoom_out_button, "clicked", G_CALLBACK (lb_data_page_zoom_out),
                            self);
  g_signal_connect_swapped (self->zoom_fit_button, "clicked", G_CALLBACK (lb_data_page_zoom_fit),
                            self);
}
