/* lb-thumbnail-grid.c — the Data page's grid: every pair of a dataset as a thumbnail with its
 * name, made on a worker thread; one of them selected.
 * SPDX-License-Identifier: GPL-3.0-or-later */

#include "lb-config.h"

#include "lb-mask-view.h"
#include "lb-system.h"
#include "lb-thumbnail.h"
#include "lb-thumbnail-grid.h"

/* Thumbnails are made at this size (pixels), then scaled by the grid's pictures. */
#define THUMBNAIL_SIZE 112

/* Thumbnails reach the grid in chunks, so that on a large set the first screenful shows at
 * once and the rest fills in while the user looks. The grid's items are added with them: one
 * change of 700 items at once kept the main loop busy for tens of milliseconds (the grid and
 * the accessibility tree follow every change). */
#define THUMBNAIL_CHUNK 32

struct _LbThumbnailGrid
{
  AdwBin parent_instance;

  LbDataset *dataset;
  GCancellable *cancellable;
  gboolean thumbnails_ready;

  /* Template children. */
  GtkGridView *grid;
  GtkSingleSelection *selection;
  GListStore *thumbnails;      /* LbThumbnail; an item's position is its pair's index */
};

G_DEFINE_FINAL_TYPE (LbThumbnailGrid, lb_thumbnail_grid, ADW_TYPE_BIN)

enum
{
  PROP_0,
  PROP_THUMBNAILS_READY,
  PROP_SELECTED,
  N_PROPS
};

enum
{
  PAIR_ACTIVATED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

gboolean
lb_thumbnail_grid_get_thumbnails_ready (LbThumbnailGrid *self)
{
  g_return_val_if_fail (LB_IS_THUMBNAIL_GRID (self), FALSE);

  return self->thumbnails_ready;
}

static void
lb_thumbnail_grid_set_ready (LbThumbnailGrid *self,
                             gboolean         ready)
{
  if (self->thumbnails_ready == ready)
    return;
  self->thumbnails_ready = ready;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_THUMBNAILS_READY]);
}

guint
lb_thumbnail_grid_get_selected (LbThumbnailGrid *self)
{
  g_return_val_if_fail (LB_IS_THUMBNAIL_GRID (self), GTK_INVALID_LIST_POSITION);

  return gtk_single_selection_get_selected (self->selection);
}

void
lb_thumbnail_grid_set_selected (LbThumbnailGrid *self,
                                guint            position)
{
  g_return_if_fail (LB_IS_THUMBNAIL_GRID (self));

  /* A pair whose thumbnail has not come yet is selected when it comes. */
  if (position == gtk_single_selection_get_selected (self->selection)
      || position >= g_list_model_get_n_items (G_LIST_MODEL (self->thumbnails)))
    return;
  gtk_single_selection_set_selected (self->selection, position);
  gtk_widget_activate_action (GTK_WIDGET (self->grid), "list.scroll-to-item", "u", position);
}

GtkGridView *
lb_thumbnail_grid_get_view (LbThumbnailGrid *self)
{
  g_return_val_if_fail (LB_IS_THUMBNAIL_GRID (self), NULL);

  return self->grid;
}

static void
selection_changed (LbThumbnailGrid *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED]);
}

static void
grid_activated (LbThumbnailGrid *self,
                guint            position)
{
  gtk_single_selection_set_selected (self->selection, position);
  g_signal_emit (self, signals[PAIR_ACTIVATED], 0, position);
}

/* ---- the cells: a thumbnail and the pair's name ---- */

static void
thumbnail_cell_setup (GtkSignalListItemFactory *factory,
                      GtkListItem              *list_item,
                      gpointer                  user_data)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  GtkWidget *picture = gtk_picture_new ();
  GtkWidget *label = gtk_label_new (NULL);

  gtk_widget_add_css_class (box, "thumbnail-cell");
  gtk_widget_set_size_request (picture, THUMBNAIL_SIZE, THUMBNAIL_SIZE);
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

typedef struct
{
  LbThumbnailGrid *grid;
  LbDataset *dataset;          /* the set they were made from: the grid may have moved on */
  GCancellable *cancellable;
  guint first;                 /* index of the first thumbnail in @pixels */
  GPtrArray *pixels;           /* GBytes, RGBA */
  gboolean last;
} ThumbnailChunk;

static void
thumbnail_chunk_free (gpointer data)
{
  ThumbnailChunk *chunk = data;

  g_object_unref (chunk->grid);
  g_object_unref (chunk->dataset);
  g_object_unref (chunk->cancellable);
  g_ptr_array_unref (chunk->pixels);
  g_free (chunk);
}

static gboolean
thumbnail_chunk_apply (gpointer data)
{
  ThumbnailChunk *chunk = data;
  LbThumbnailGrid *self = chunk->grid;
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
    lb_thumbnail_grid_set_ready (self, TRUE);
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

  chunk->grid = g_object_ref (g_task_get_source_object (task));
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

void
lb_thumbnail_grid_set_dataset (LbThumbnailGrid *self,
                               LbDataset       *dataset)
{
  g_autoptr (GTask) task = NULL;

  g_return_if_fail (LB_IS_THUMBNAIL_GRID (self));

  g_set_object (&self->dataset, dataset);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  lb_thumbnail_grid_set_ready (self, FALSE);
  /* The grid fills as the thumbnails come (thumbnail_chunk_apply). */
  g_list_store_remove_all (self->thumbnails);
  if (dataset == NULL)
    return;

  self->cancellable = g_cancellable_new ();
  task = g_task_new (self, self->cancellable, NULL, NULL);
  g_task_set_source_tag (task, lb_thumbnail_grid_set_dataset);
  g_task_set_task_data (task, g_object_ref (dataset), g_object_unref);
  g_task_run_in_thread (task, make_thumbnails_thread);
}

/* ---- GObject ---- */

static void
lb_thumbnail_grid_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  LbThumbnailGrid *self = LB_THUMBNAIL_GRID (object);

  switch (prop_id)
    {
    case PROP_THUMBNAILS_READY:
      g_value_set_boolean (value, self->thumbnails_ready);
      break;
    case PROP_SELECTED:
      g_value_set_uint (value, lb_thumbnail_grid_get_selected (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lb_thumbnail_grid_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  LbThumbnailGrid *self = LB_THUMBNAIL_GRID (object);

  switch (prop_id)
    {
    case PROP_SELECTED:
      lb_thumbnail_grid_set_selected (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lb_thumbnail_grid_dispose (GObject *object)
{
  LbThumbnailGrid *self = LB_THUMBNAIL_GRID (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  /* The view goes first, then the models it shows. */
  adw_bin_set_child (ADW_BIN (object), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (object), LB_TYPE_THUMBNAIL_GRID);

  G_OBJECT_CLASS (lb_thumbnail_grid_parent_class)->dispose (object);
}

static void
lb_thumbnail_grid_finalize (GObject *object)
{
  g_clear_object (&LB_THUMBNAIL_GRID (object)->dataset);

  G_OBJECT_CLASS (lb_thumbnail_grid_parent_class)->finalize (object);
}

static void
lb_thumbnail_grid_class_init (LbThumbnailGridClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = lb_thumbnail_grid_get_property;
  object_class->set_property = lb_thumbnail_grid_set_property;
  object_class->dispose = lb_thumbnail_grid_dispose;
  object_class->finalize = lb_thumbnail_grid_finalize;

  properties[PROP_THUMBNAILS_READY] =
    g_param_spec_boolean ("thumbnails-ready", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SELECTED] =
    g_param_spec_uint ("selected", NULL, NULL, 0, G_MAXUINT, GTK_INVALID_LIST_POSITION,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* A pair chosen with a double click or Enter (its index). */
  signals[PAIR_ACTIVATED] = g_signal_new ("pair-activated", G_TYPE_FROM_CLASS (klass),
                                          G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 1,
                                          G_TYPE_UINT);

  g_type_ensure (LB_TYPE_THUMBNAIL);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/lossbench/Lossbench/ui/lb-thumbnail-grid.ui");
  gtk_widget_class_bind_template_child (widget_class, LbThumbnailGrid, grid);
  gtk_widget_class_bind_template_child (widget_class, LbThumbnailGrid, selection);
  gtk_widget_class_bind_template_child (widget_class, LbThumbnailGrid, thumbnails);
  gtk_widget_class_bind_template_callback (widget_class, selection_changed);
  gtk_widget_class_bind_template_callback (widget_class, grid_activated);
  gtk_widget_class_bind_template_callback (widget_class, thumbnail_cell_setup);
  gtk_widget_class_bind_template_callback (widget_class, thumbnail_cell_bind);
  gtk_widget_class_bind_template_callback (widget_class, thumbnail_cell_unbind);
}

static void
lb_thumbnail_grid_init (LbThumbnailGrid *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
