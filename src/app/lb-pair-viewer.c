/* lb-pair-viewer.c — one pair of a dataset large: the image with its mask overlaid, the
 * overlay's controls, and the way to the previous and the next pair.
 * SPDX-License-Identifier: GPL-3.0-or-later */

#include "lb-config.h"

#include "lb-mask-view.h"
#include "lb-pair-viewer.h"

struct _LbPairViewer
{
  GtkBox parent_instance;

  LbDataset *dataset;
  guint position;

  /* Template children. */
  GtkLabel *pair_label;
  LbMaskView *large_view;
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

static void
update_view_description (LbPairViewer *self)
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
lb_pair_viewer_show (LbPairViewer *self)
{
  guint index = self->position;
  guint n = self->dataset != NULL ? lb_dataset_get_n_pairs (self->dataset) : 0;
  guint size;
  gsize plane;
  g_autofree guint8 *mask = NULL;
  const float *masks;
  g_autofree char *label = NULL;

  if (index >= n)
    {
      lb_mask_view_clear (self->large_view);
      gtk_label_set_text (self->pair_label, "");
      update_view_description (self);
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
                           lb_dataset_get_source (self->dataset, index), index + 1, n);
  gtk_label_set_text (self->pair_label, label);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "pair.previous", index > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "pair.next", index + 1 < n);
  update_view_description (self);
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

/* ---- actions: pair.previous, pair.next, pair.zoom-in, pair.zoom-out, pair.zoom-fit ---- */

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
  gtk_widget_dispose_template (GTK_WIDGET (object), LB_TYPE_PAIR_VIEWER);

  G_OBJECT_CLASS (lb_pair_viewer_parent_class)->dispose (object);
}

static void
lb_pair_viewer_finalize (GObject *object)
{
  g_clear_object (&LB_PAIR_VIEWER (object)->dataset);

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

  g_type_ensure (LB_TYPE_MASK_VIEW);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/lossbench/Lossbench/ui/lb-pair-viewer.ui");
  gtk_widget_class_bind_template_child (widget_class, LbPairViewer, pair_label);
  gtk_widget_class_bind_template_child (widget_class, LbPairViewer, large_view);
  gtk_widget_class_bind_template_child (widget_class, LbPairViewer, opacity_adjustment);
  gtk_widget_class_bind_template_child (widget_class, LbPairViewer, contour_button);
  gtk_widget_class_bind_template_child (widget_class, LbPairViewer, window_adjustment);
  gtk_widget_class_bind_template_child (widget_class, LbPairViewer, level_adjustment);
  gtk_widget_class_bind_template_callback (widget_class, overlay_changed);
  gtk_widget_class_bind_template_callback (widget_class, update_view_description);
}

static void
lb_pair_viewer_init (LbPairViewer *self)
{
  self->position = GTK_INVALID_LIST_POSITION;
  gtk_widget_init_template (GTK_WIDGET (self));
  lb_mask_view_set_interactive (self->large_view, TRUE);
}
