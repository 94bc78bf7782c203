/* lb-pair-viewer.c — one pair of a dataset large: the image with its mask overlaid, the
 * overlay's controls, and the way to the previous and the next pair.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The pair shows at once at the training size, on the original's aspect; its files are then
 * decoded at their own size on a worker (lb-pair-picture.c), one at a time: flipping through
 * pairs cancels what is no longer shown and decodes only the last one asked for. */

#include "lb-config.h"

#include <math.h>

#include "lb-error.h"
#include "lb-mask-view.h"
#include "lb-pair-picture.h"
#include "lb-pair-viewer.h"
#include "lb-save-dialog.h"
#include "lb-window.h"

/* A decode that takes longer than this shows a spinner. */
#define SPINNER_DELAY_MS 1000

struct _LbPairViewer
{
  GtkBox parent_instance;

  LbDataset *dataset;
  guint position;

  GCancellable *loading;     /* the original being decoded, or NULL */
  gboolean reload;           /* another pair was asked for meanwhile: decode it next */
  guint spinner_source;
  char *picture_text;        /* what the size badge says, for the view's description */

  /* Template children. */
  GtkLabel *pair_label;
  LbMaskView *large_view;
  GtkSpinner *loading_spinner;
  GtkLabel *size_label;
  GtkLabel *pixel_label;
  GtkLabel *window_level_label;
  GtkLabel *zoom_label;
  GtkAdjustment *opacity_adjustment;
  GtkToggleButton *contour_button;
  GtkAdjustment *window_adjustment;
  GtkAdjustment *level_adjustment;
};

G_DEFINE_FINAL_TYPE (LbPairViewer, lb_pair_viewer, GTK_TYPE_BOX)

enum
{
  PROP_0,
  PROP_POSITION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* A label's text and, for a screen reader, the same in words. */
static void
set_read_out (GtkLabel   *label,
              const char *text,
              const char *spoken)
{
  gtk_label_set_text (label, text);
  gtk_accessible_update_property (GTK_ACCESSIBLE (label), GTK_ACCESSIBLE_PROPERTY_LABEL, spoken,
                                  -1);
}

static void
update_view_description (LbPairViewer *self)
{
  g_autofree char *text = NULL;
  g_autofree char *window_level = NULL;
  g_autofree char *window_level_spoken = NULL;
  double window = gtk_adjustment_get_value (self->window_adjustment);
  double level = gtk_adjustment_get_value (self->level_adjustment);

  /* Say what the view shows, so a screen reader (and the UI test) can follow the controls. */
  text = g_strdup_printf ("Overlay opacity %d %%, %s, window %.0f, level %.0f, zoom %.1f×%s%s",
                          (int) (100 * lb_mask_view_get_opacity (self->large_view) + 0.5),
                          lb_mask_view_get_contour (self->large_view) ? "contour" : "fill",
                          window, level, lb_mask_view_get_zoom (self->large_view),
                          self->picture_text != NULL ? ", " : "",
                          self->picture_text != NULL ? self->picture_text : "");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->large_view),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, text, -1);
  window_level = g_strdup_printf ("W %.0f L %.0f", window, level);
  window_level_spoken = g_strdup_printf ("Window %.0f, level %.0f", window, level);
  set_read_out (self->window_level_label, window_level, window_level_spoken);
}

/* The zoom as image viewers give it: 100 % is one of the picture's pixels per screen pixel. */
static void
update_zoom_read_out (LbPairViewer *self)
{
  double percent = 100 * lb_mask_view_get_scale (self->large_view);
  g_autofree char *text = NULL;
  g_autofree char *spoken = NULL;

  if (percent <= 0)
    {
      set_read_out (self->zoom_label, "", "Zoom: no image");
      return;
    }
  text = g_strdup_printf ("Zoom %.*f %%", percent < 10 ? 1 : 0, percent);
  spoken = g_strdup_printf ("Zoom %.*f %% of the image's pixels", percent < 10 ? 1 : 0, percent);
  set_read_out (self->zoom_label, text, spoken);
}

static void
zoom_changed (LbPairViewer *self)
{
  update_view_description (self);
}

static void
pointer_moved (LbPairViewer *self)
{
  LbMaskViewPixel pixel;
  g_autoptr (GString) text = NULL;
  g_autoptr (GString) spoken = NULL;

  if (!lb_mask_view_get_pointer_pixel (self->large_view, &pixel))
    {
      set_read_out (self->pixel_label, "Point at the image to read its pixels",
                    "Pixel read-out: point at the image");
      gtk_widget_add_css_class (GTK_WIDGET (self->pixel_label), "dim-label");
      return;
    }
  text = g_string_new (NULL);
  g_string_printf (text, "x %d, y %d — image %d", pixel.x, pixel.y, pixel.image);
  if (pixel.mask >= 0)
    g_string_append_printf (text, ", mask %d", pixel.mask);
  if (!isnan (pixel.prediction))
    g_string_append_printf (text, ", prediction %.2f", pixel.prediction);
  spoken = g_string_new ("Pixel ");
  g_string_append (spoken, text->str);
  gtk_widget_remove_css_class (GTK_WIDGET (self->pixel_label), "dim-label");
  set_read_out (self->pixel_label, text->str, spoken->str);
}

/* What the picture is: "4020 × 4892 px, original", while loading, or why not. */
static void
set_picture_text (LbPairViewer *self,
                  const char   *text,
                  const char   *tooltip)
{
  g_free (self->picture_text);
  self->picture_text = g_strdup (text);
  gtk_label_set_text (self->size_label, text != NULL ? text : "");
  gtk_widget_set_visible (gtk_widget_get_parent (GTK_WIDGET (self->size_label)), text != NULL);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->size_label), tooltip);
  update_view_description (self);
}

/* ---- the original, decoded on a worker ---- */

static void lb_pair_viewer_load_original (LbPairViewer *self);

static void
stop_spinner (LbPairViewer *self)
{
  g_clear_handle_id (&self->spinner_source, g_source_remove);
  gtk_spinner_stop (self->loading_spinner);
  gtk_widget_set_visible (GTK_WIDGET (self->loading_spinner), FALSE);
}

static gboolean
spinner_due (gpointer user_data)
{
  LbPairViewer *self = user_data;

  self->spinner_source = 0;
  gtk_widget_set_visible (GTK_WIDGET (self->loading_spinner), TRUE);
  gtk_spinner_start (self->loading_spinner);
  return G_SOURCE_REMOVE;
}

typedef struct
{
  LbPairViewer *self;
  LbDataset *dataset;
  guint position;
} LoadContext;

static void
original_loaded (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  LoadContext *context = user_data;
  g_autoptr (LbPairViewer) self = context->self;
  g_autoptr (LbDataset) dataset = context->dataset;
  guint position = context->position;
  LbOverlayPlanes planes = { 0 };
  g_autoptr (GError) error = NULL;
  gboolean loaded = lb_pair_picture_load_finish (result, &planes, &error);
  gboolean current = dataset == self->dataset && position == self->position;

  g_free (context);
  g_clear_object (&self->loading);
  if (self->reload)
    {
      /* Another pair was asked for while this one decoded: that one now. */
      self->reload = FALSE;
      lb_pair_viewer_load_original (self);
    }
  if (!current)
    {
      lb_overlay_planes_clear (&planes);
      return;
    }
  stop_spinner (self);
  if (loaded)
    {
      g_autofree char *text = g_strdup_printf ("%d × %d px, original", planes.width,
                                               planes.height);

      lb_mask_view_set_planes (self->large_view, &planes);
      lb_overlay_planes_clear (&planes);
      set_picture_text (self, text, NULL);
    }
  else if (!g_error_matches (error, LB_ERROR, LB_ERROR_CANCELLED))
    {
      guint size = lb_dataset_get_size (dataset);
      g_autofree char *text = g_strdup_printf ("%u × %u px, training size: the original could "
                                               "not be read", size, size);

      set_picture_text (self, text, error->message);
    }
}

/* Decodes the pair on show, unless a decode is under way: that one is stopped, and this one
 * starts when it has. */
static void
lb_pair_viewer_load_original (LbPairViewer *self)
{
  LoadContext *context;

  if (self->loading != NULL)
    {
      g_cancellable_cancel (self->loading);
      self->reload = TRUE;
      return;
    }
  if (self->dataset == NULL || self->position >= lb_dataset_get_n_pairs (self->dataset)
      || !lb_pair_picture_has_original (self->dataset, self->position))
    return;
  context = g_new0 (LoadContext, 1);
  context->self = g_object_ref (self);
  context->dataset = g_object_ref (self->dataset);
  context->position = self->position;
  self->loading = g_cancellable_new ();
  lb_pair_picture_load_async (self->dataset, self->position, self->loading, original_loaded,
                              context);
}

static void
lb_pair_viewer_show (LbPairViewer *self)
{
  guint index = self->position;
  guint n = self->dataset != NULL ? lb_dataset_get_n_pairs (self->dataset) : 0;
  LbOverlayPlanes planes = { 0 };
  g_autofree char *label = NULL;
  g_autofree char *size = NULL;

  stop_spinner (self);
  /* What is being decoded is no longer wanted; the new pair's original comes after it. */
  if (self->loading != NULL)
    g_cancellable_cancel (self->loading);
  self->reload = FALSE;
  if (index >= n)
    {
      lb_mask_view_clear (self->large_view);
      gtk_label_set_text (self->pair_label, "");
      set_picture_text (self, NULL, NULL);
      return;
    }

  lb_pair_picture_preview (self->dataset, index, &planes);
  lb_mask_view_set_planes (self->large_view, &planes);
  if (lb_pair_picture_has_original (self->dataset, index))
    {
      size = g_strdup_printf ("%d × %d px, loading the original…", planes.width, planes.height);
      self->spinner_source = g_timeout_add (SPINNER_DELAY_MS, spinner_due, self);
      lb_pair_viewer_load_original (self);
    }
  else
    size = g_strdup_printf ("%d × %d px, generated", planes.width, planes.height);
  set_picture_text (self, size, NULL);
  lb_overlay_planes_clear (&planes);

  label = g_strdup_printf ("%s · %s · %u of %u", lb_dataset_get_name (self->dataset, index),
                           lb_dataset_get_source (self->dataset, index), index + 1, n);
  gtk_label_set_text (self->pair_label, label);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "pair.previous", index > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "pair.next", index + 1 < n);
}

guint
lb_pair_viewer_get_position (LbPairViewer *self)
{
  g_return_val_if_fail (LB_IS_PAIR_VIEWER (self), GTK_INVALID_LIST_POSITION);

  return self->position;
}

void
lb_pair_viewer_set_position (LbPairViewer *self,
                             guint         position)
{
  g_return_if_fail (LB_IS_PAIR_VIEWER (self));

  if (self->position == position)
    return;
  self->position = position;
  lb_pair_viewer_show (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_POSITION]);
}

void
lb_pair_viewer_set_dataset (LbPairViewer *self,
                            LbDataset    *dataset)
{
  g_return_if_fail (LB_IS_PAIR_VIEWER (self));

  g_set_object (&self->dataset, dataset);
  /* The first pair shows at once (the grid selects it when its thumbnail arrives). */
  self->position = GTK_INVALID_LIST_POSITION;
  lb_pair_viewer_set_position (self, dataset != NULL ? 0 : GTK_INVALID_LIST_POSITION);
}

static void
overlay_changed (LbPairViewer *self)
{
  lb_mask_view_set_opacity (self->large_view, gtk_adjustment_get_value (self->opacity_adjustment));
  lb_mask_view_set_contour (self->large_view,
                            gtk_toggle_button_get_active (self->contour_button));
  lb_mask_view_set_window_level (self->large_view,
                                 gtk_adjustment_get_value (self->window_adjustment),
                                 gtk_adjustment_get_value (self->level_adjustment));
  update_view_description (self);
}

/* ---- actions: pair.previous, pair.next, pair.zoom-in, pair.zoom-out, pair.zoom-fit,
 * pair.save-image ---- */

static void
step_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  LbPairViewer *self = LB_PAIR_VIEWER (widget);
  int delta = g_str_equal (action_name, "pair.next") ? +1 : -1;
  guint n = self->dataset != NULL ? lb_dataset_get_n_pairs (self->dataset) : 0;
  gint64 next = (gint64) self->position + delta;

  if (self->position >= n || next < 0 || next >= n)
    return;
  lb_pair_viewer_set_position (self, (guint) next);
}

static void
zoom_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  LbMaskView *view = LB_PAIR_VIEWER (widget)->large_view;

  if (g_str_equal (action_name, "pair.zoom-in"))
    lb_mask_view_set_zoom (view, lb_mask_view_get_zoom (view) * 1.5);
  else if (g_str_equal (action_name, "pair.zoom-out"))
    lb_mask_view_set_zoom (view, lb_mask_view_get_zoom (view) / 1.5);
  else
    lb_mask_view_reset_view (view);
}

/* pair.save-image: the picture as shown, at the original's resolution, for a figure. */
static void
image_saved (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autofree char *path = user_data;
  g_autoptr (GError) error = NULL;

  if (lb_mask_view_export_png_finish (LB_MASK_VIEW (source), result, &error))
    {
      g_autofree char *name = g_path_get_basename (path);
      g_autofree char *text = g_strdup_printf ("Saved %s", name);

      lb_window_toast (GTK_WIDGET (source), text);
    }
  else
    lb_window_show_error (GTK_WIDGET (source), "Could Not Save the Image", error->message);
}

static void
save_image_chosen (const char *path,
                   gpointer    user_data)
{
  LbPairViewer *self = user_data;

  lb_mask_view_export_png_async (self->large_view, path, image_saved, g_strdup (path));
}

static void
save_image_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  LbPairViewer *self = LB_PAIR_VIEWER (widget);
  g_autofree char *name = NULL;

  if (self->dataset == NULL || self->position >= lb_dataset_get_n_pairs (self->dataset))
    return;
  name = g_strdup_printf ("%s-overlay.png", lb_dataset_get_name (self->dataset, self->position));
  lb_save_dialog_ask (widget, "Save Image", "_Save", name, save_image_chosen,
                      g_object_ref (self), g_object_unref);
}

/* ---- GObject ---- */

static gboolean
lb_pair_viewer_grab_focus (GtkWidget *widget)
{
  /* The image, for the keyboard and the wheel to zoom and pan. */
  return gtk_widget_grab_focus (GTK_WIDGET (LB_PAIR_VIEWER (widget)->large_view));
}

static void
lb_pair_viewer_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  LbPairViewer *self = LB_PAIR_VIEWER (object);

  switch (prop_id)
    {
    case PROP_POSITION:
      g_value_set_uint (value, self->position);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lb_pair_viewer_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  LbPairViewer *self = LB_PAIR_VIEWER (object);

  switch (prop_id)
    {
    case PROP_POSITION:
      lb_pair_viewer_set_position (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lb_pair_viewer_dispose (GObject *object)
{
  LbPairViewer *self = LB_PAIR_VIEWER (object);

  g_clear_handle_id (&self->spinner_source, g_source_remove);
  if (self->loading != NULL)
    g_cancellable_cancel (self->loading);
  self->reload = FALSE;
  /* A decode that ends after this finds no pair on show, and draws nothing. */
  g_clear_object (&self->dataset);
  gtk_widget_dispose_template (GTK_WIDGET (object), LB_TYPE_PAIR_VIEWER);

  G_OBJECT_CLASS (lb_pair_viewer_parent_class)->dispose (object);
}

static void
lb_pair_viewer_finalize (GObject *object)
{
  LbPairViewer *self = LB_PAIR_VIEWER (object);

  g_clear_object (&self->dataset);
  g_clear_object (&self->loading);
  g_free (self->picture_text);

  G_OBJECT_CLASS (lb_pair_viewer_parent_class)->finalize (object);
}

static void
lb_pair_viewer_class_init (LbPairViewerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = lb_pair_viewer_get_property;
  object_class->set_property = lb_pair_viewer_set_property;
  object_class->dispose = lb_pair_viewer_dispose;
  object_class->finalize = lb_pair_viewer_finalize;
  widget_class->grab_focus = lb_pair_viewer_grab_focus;

  properties[PROP_POSITION] =
    g_param_spec_uint ("position", NULL, NULL, 0, G_MAXUINT, GTK_INVALID_LIST_POSITION,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_install_action (widget_class, "pair.previous", NULL, step_action);
  gtk_widget_class_install_action (widget_class, "pair.next", NULL, step_action);
  gtk_widget_class_install_action (widget_class, "pair.zoom-in", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "pair.zoom-out", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "pair.zoom-fit", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "pair.save-image", NULL, save_image_action);

  g_type_ensure (LB_TYPE_MASK_VIEW);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/lossbench/Lossbench/ui/lb-pair-viewer.ui");
  gtk_widget_class_bind_template_child (widget_class, LbPairViewer, pair_label);
  gtk_widget_class_bind_template_child (widget_class, LbPairViewer, large_view);
  gtk_widget_class_bind_template_child (widget_class, LbPairViewer, loading_spinner);
  gtk_widget_class_bind_template_child (widget_class, LbPairViewer, size_label);
  gtk_widget_class_bind_template_child (widget_class, LbPairViewer, pixel_label);
  gtk_widget_class_bind_template_child (widget_class, LbPairViewer, window_level_label);
  gtk_widget_class_bind_template_child (widget_class, LbPairViewer, zoom_label);
  gtk_widget_class_bind_template_child (widget_class, LbPairViewer, opacity_adjustment);
  gtk_widget_class_bind_template_child (widget_class, LbPairViewer, contour_button);
  gtk_widget_class_bind_template_child (widget_class, LbPairViewer, window_adjustment);
  gtk_widget_class_bind_template_child (widget_class, LbPairViewer, level_adjustment);
  gtk_widget_class_bind_template_callback (widget_class, overlay_changed);
  gtk_widget_class_bind_template_callback (widget_class, zoom_changed);
  gtk_widget_class_bind_template_callback (widget_class, pointer_moved);
  gtk_widget_class_bind_template_callback (widget_class, update_zoom_read_out);
}

static void
lb_pair_viewer_init (LbPairViewer *self)
{
  self->position = GTK_INVALID_LIST_POSITION;
  gtk_widget_init_template (GTK_WIDGET (self));
  lb_mask_view_set_interactive (self->large_view, TRUE);
  set_picture_text (self, NULL, NULL);
  pointer_moved (self);
}
