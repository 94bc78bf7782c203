/* lb-mask-view.c — an X-ray with its lung mask or a prediction overlaid; zoom, pan, window/level,
 * and the pixel under the pointer.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The picture keeps its own aspect and size (an original of 4020 × 4892, or a square training
 * image); what is drawn is the part on screen, rendered at the screen's resolution from the
 * planes' pyramids (lb-overlay-render.c), so that zooming into an original costs what the
 * screen shows and not what the file holds. */

#include "lb-config.h"

#include <math.h>

#include "lb-mask-view-private.h"

G_DEFINE_FINAL_TYPE (LbMaskView, lb_mask_view, GTK_TYPE_WIDGET)

enum
{
  PROP_0,
  PROP_PLACEHOLDER,
  PROP_ZOOM,
  PROP_SCALE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum
{
  SIGNAL_POINTER_MOVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

GtkWidget *
lb_mask_view_new (void)
{
  return g_object_new (LB_TYPE_MASK_VIEW, NULL);
}


/* ---- the picture ---- */

/* Something drawn changed: render it again. */
static void
lb_mask_view_invalidate (LbMaskView *self)
{
  g_clear_object (&self->texture);
  /* Without an image the view is a quiet empty state, not a black hole. */
  if (self->planes.image == NULL)
    gtk_widget_add_css_class (GTK_WIDGET (self), "empty");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self), "empty");
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
lb_mask_view_drop_planes (LbMaskView *self)
{
  g_clear_pointer (&self->planes.image, lb_image_pyramid_unref);
  g_clear_pointer (&self->planes.mask, lb_image_pyramid_unref);
  g_clear_pointer (&self->planes.prediction, lb_image_pyramid_unref);
  g_clear_pointer (&self->probabilities, g_free);
  self->planes.width = self->planes.height = 0;
  self->prediction_size = 0;
}

/* Shows @planes (referenced) and takes @probabilities (@prediction_size², or NULL). */
static void
lb_mask_view_show_planes (LbMaskView            *self,
                          const LbOverlayPlanes *planes,
                          float                 *probabilities,
                          guint                  prediction_size)
{
  lb_mask_view_drop_planes (self);
  self->probabilities = probabilities;
  self->prediction_size = prediction_size;
  self->planes.width = planes->width;
  self->planes.height = planes->height;
  self->planes.image = lb_image_pyramid_ref (planes->image);
  self->planes.mask = planes->mask != NULL ? lb_image_pyramid_ref (planes->mask) : NULL;
  self->planes.prediction = planes->prediction != NULL
                            ? lb_image_pyramid_ref (planes->prediction) : NULL;
  lb_mask_view_clamp_pan (self);
  lb_mask_view_invalidate (self);
  /* The same pixel may now hold other values. */
  lb_mask_view_update_hover (self, TRUE);
  lb_mask_view_check_scale (self);
}

void
lb_mask_view_set_planes (LbMaskView            *self,
                         const LbOverlayPlanes *planes)
{
  g_return_if_fail (LB_IS_MASK_VIEW (self));
  g_return_if_fail (planes != NULL && planes->image != NULL);
  g_return_if_fail (planes->width > 0 && planes->height > 0);

  lb_mask_view_show_planes (self, planes, NULL, 0);
}

/* A 0/1 or probability plane as 0/255, for the pyramid. */
static LbImagePyramid *
binary_pyramid (const guint8 *mask,
                const float  *probabilities,
                guint         size)
{
  gsize plane = (gsize) size * size;
  guint8 *pixels = g_malloc (plane);

  for (gsize k = 0; k < plane; k++)
    pixels[k] = (mask != NULL ? mask[k] != 0 : probabilities[k] > 0.5f) ? 255 : 0;
  return lb_image_pyramid_new_take (pixels, (int) size, (int) size);
}

void
lb_mask_view_set_pair (LbMaskView   *self,
                       const guint8 *image,
                       const guint8 *mask,
                       const float  *prediction,
                       guint         size)
{
  gsize plane = (gsize) size * size;
  LbOverlayPlanes planes = { .width = (int) size, .height = (int) size };

  g_return_if_fail (LB_IS_MASK_VIEW (self));
  g_return_if_fail (image != NULL && size > 0);

  planes.image = lb_image_pyramid_new_take (g_memdup2 (image, plane), (int) size, (int) size);
  planes.mask = mask != NULL ? binary_pyramid (mask, NULL, size) : NULL;
  planes.prediction = prediction != NULL ? binary_pyramid (NULL, prediction, size) : NULL;
  lb_mask_view_show_planes (self, &planes,
                            prediction != NULL ? g_memdup2 (prediction, plane * sizeof (float))
                                               : NULL,
                            prediction != NULL ? size : 0);
  g_clear_pointer (&planes.image, lb_image_pyramid_unref);
  g_clear_pointer (&planes.mask, lb_image_pyramid_unref);
  g_clear_pointer (&planes.prediction, lb_image_pyramid_unref);
}

gboolean
lb_mask_view_get_picture_size (LbMaskView *self,
                               int        *width,
                               int        *height)
{
  g_return_val_if_fail (LB_IS_MASK_VIEW (self), FALSE);

  if (width != NULL)
    *width = self->planes.width;
  if (height != NULL)
    *height = self->planes.height;
  return self->planes.image != NULL;
}

void
lb_mask_view_clear (LbMaskView *self)
{
  g_return_if_fail (LB_IS_MASK_VIEW (self));

  lb_mask_view_drop_planes (self);
  lb_mask_view_invalidate (self);
  lb_mask_view_update_hover (self, FALSE);
  lb_mask_view_check_scale (self);
}

void
lb_mask_view_set_placeholder (LbMaskView *self,
                              const char *text)
{
  g_return_if_fail (LB_IS_MASK_VIEW (self));

  if (g_strcmp0 (self->placeholder, text) == 0)
    return;
  g_free (self->placeholder);
  self->placeholder = g_strdup (text);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PLACEHOLDER]);
}

/* ---- the overlay's style ---- */

double
lb_mask_view_get_opacity (LbMaskView *self)
{
  g_return_val_if_fail (LB_IS_MASK_VIEW (self), 0);

  return self->style.opacity;
}

void
lb_mask_view_set_opacity (LbMaskView *self,
                          double      opacity)
{
  g_return_if_fail (LB_IS_MASK_VIEW (self));

  self->style.opacity = CLAMP (opacity, 0, 1);
  lb_mask_view_invalidate (self);
}

gboolean
lb_mask_view_get_contour (LbMaskView *self)
{
  g_return_val_if_fail (LB_IS_MASK_VIEW (self), FALSE);

  return self->style.contour;
}

void
lb_mask_view_set_contour (LbMaskView *self,
                          gboolean    contour)
{
  g_return_if_fail (LB_IS_MASK_VIEW (self));

  self->style.contour = contour;
  lb_mask_view_invalidate (self);
}

void
lb_mask_view_set_window_level (LbMaskView *self,
                               double      window,
                               double      level)
{
  g_return_if_fail (LB_IS_MASK_VIEW (self));

  self->style.window = CLAMP (window, 1, 255);
  self->style.level = CLAMP (level, 0, 255);
  lb_mask_view_invalidate (self);
}


/* ---- drawing ---- */

/* The placeholder, centred and wrapped, in the widget's colour (dimmed by the CSS). */
static void
lb_mask_view_snapshot_placeholder (LbMaskView  *self,
                                   GtkSnapshot *snapshot,
                                   int          width,
                                   int          height)
{
  g_autoptr (PangoLayout) layout = NULL;
  GdkRGBA color;
  int text_height;

  if (self->placeholder == NULL || self->placeholder[0] == '\0')
    return;
  layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), self->placeholder);
  pango_layout_set_alignment (layout, PANGO_ALIGN_CENTER);
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_width (layout, MAX (width - 16, 1) * PANGO_SCALE);
  pango_layout_get_pixel_size (layout, NULL, &text_height);
  gtk_style_context_get_color (gtk_widget_get_style_context (GTK_WIDGET (self)), &color);

  gtk_snapshot_save (snapshot);
  /* Centre alignment already centres each line within the layout's width. */
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (8, (height - text_height) / 2.0));
  gtk_snapshot_append_layout (snapshot, layout, &color);
  gtk_snapshot_restore (snapshot);
}

static gboolean
texture_key_equal (const TextureKey *a,
                   const TextureKey *b)
{
  return a->x == b->x && a->y == b->y && a->width == b->width && a->height == b->height
         && a->origin_x == b->origin_x && a->origin_y == b->origin_y && a->scale == b->scale
         && a->device_scale == b->device_scale;
}

static void
lb_mask_view_snapshot (GtkWidget   *widget,
                       GtkSnapshot *snapshot)
{
  LbMaskView *self = LB_MASK_VIEW (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  TextureKey key = { 0 };

  if (width <= 0 || height <= 0)
    return;
  if (!lb_mask_view_place (self, &key.origin_x, &key.origin_y, &key.scale))
    {
      lb_mask_view_snapshot_placeholder (self, snapshot, width, height);
      return;
    }

  /* The part of the picture on screen, on whole widget pixels. */
  key.x = MAX (0, floor (key.origin_x));
  key.y = MAX (0, floor (key.origin_y));
  key.width = MIN (width, ceil (key.origin_x + self->planes.width * key.scale)) - key.x;
  key.height = MIN (height, ceil (key.origin_y + self->planes.height * key.scale)) - key.y;
  key.device_scale = gtk_widget_get_scale_factor (widget);
  if (key.width <= 0 || key.height <= 0)
    return;

  if (self->texture != NULL && !texture_key_equal (&key, &self->texture_key))
    g_clear_object (&self->texture);
  if (self->texture == NULL)
    {
      int out_width = (int) ceil (key.width * key.device_scale);
      int out_height = (int) ceil (key.height * key.device_scale);
      double step = 1 / (key.scale * key.device_scale);
      g_autoptr (GBytes) bytes = lb_overlay_render_region (&self->planes,
                                                           (key.x - key.origin_x) / key.scale,
                                                           (key.y - key.origin_y) / key.scale,
                                                           step, out_width, out_height,
                                                           &self->style);

      self->texture = gdk_memory_texture_new (out_width, out_height, GDK_MEMORY_R8G8B8A8, bytes,
                                              (gsize) out_width * 4);
      self->texture_key = key;
    }
  gtk_snapshot_append_texture (snapshot, self->texture,
                               &GRAPHENE_RECT_INIT (key.x, key.y, key.width, key.height));
}

static gboolean
lb_mask_view_allocated (gpointer user_data)
{
  LbMaskView *self = user_data;

  self->allocated_source = 0;
  lb_mask_view_update_hover (self, FALSE);
  lb_mask_view_check_scale (self);
  return G_SOURCE_REMOVE;
}

static void
lb_mask_view_size_allocate (GtkWidget *widget,
                            int        width,
                            int        height,
                            int        baseline)
{
  LbMaskView *self = LB_MASK_VIEW (widget);

  lb_mask_view_clamp_pan (self);
  /* The picture moved under the pointer and its scale changed: read-outs follow after the
   * allocation, not in it (they change labels, which would resize them mid-allocation). */
  if (self->allocated_source == 0)
    self->allocated_source = g_idle_add (lb_mask_view_allocated, self);
}

static void
lb_mask_view_measure (GtkWidget      *widget,
                      GtkOrientation  orientation,
                      int             for_size,
                      int            *minimum,
                      int            *natural,
                      int            *minimum_baseline,
                      int            *natural_baseline)
{
  *minimum = 48;
  *natural = 160;
}

/* ---- GObject ---- */

static void
lb_mask_view_finalize (GObject *object)
{
  LbMaskView *self = LB_MASK_VIEW (object);

  g_clear_handle_id (&self->allocated_source, g_source_remove);
  lb_mask_view_drop_planes (self);
  g_clear_object (&self->texture);
  g_clear_pointer (&self->placeholder, g_free);

  G_OBJECT_CLASS (lb_mask_view_parent_class)->finalize (object);
}

static void
lb_mask_view_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  LbMaskView *self = LB_MASK_VIEW (object);

  switch (prop_id)
    {
    case PROP_PLACEHOLDER:
      g_value_set_string (value, self->placeholder);
      break;
    case PROP_ZOOM:
      g_value_set_double (value, self->zoom);
      break;
    case PROP_SCALE:
      g_value_set_double (value, lb_mask_view_get_scale (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lb_mask_view_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  LbMaskView *self = LB_MASK_VIEW (object);

  switch (prop_id)
    {
    case PROP_PLACEHOLDER:
      lb_mask_view_set_placeholder (self, g_value_get_string (value));
      break;
    case PROP_ZOOM:
      lb_mask_view_set_zoom (self, g_value_get_double (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lb_mask_view_class_init (LbMaskViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = lb_mask_view_finalize;
  object_class->get_property = lb_mask_view_get_property;
  object_class->set_property = lb_mask_view_set_property;

  properties[PROP_PLACEHOLDER] = g_param_spec_string ("placeholder", NULL, NULL, NULL,
                                                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY
                                                      | G_PARAM_STATIC_STRINGS);
  /* 1 fits the picture to the view; scrolling and the zoom buttons change it. */
  properties[PROP_ZOOM] = g_param_spec_double ("zoom", NULL, NULL, 1, MAX_ZOOM, 1,
                                               G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY
                                               | G_PARAM_STATIC_STRINGS);
  /* Widget pixels per picture pixel, as drawn: the zoom times the fit; 0 when empty. */
  properties[PROP_SCALE] = g_param_spec_double ("scale", NULL, NULL, 0, G_MAXDOUBLE, 0,
                                                G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY
                                                | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
  signals[SIGNAL_POINTER_MOVED] = g_signal_new ("pointer-moved", G_TYPE_FROM_CLASS (klass),
                                                G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                                G_TYPE_NONE, 0);
  widget_class->snapshot = lb_mask_view_snapshot;
  widget_class->measure = lb_mask_view_measure;
  widget_class->size_allocate = lb_mask_view_size_allocate;

  gtk_widget_class_set_css_name (widget_class, "maskview");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
lb_mask_view_init (LbMaskView *self)
{
  lb_overlay_style_init (&self->style);
  self->zoom = 1;
  gtk_widget_add_css_class (GTK_WIDGET (self), "empty");
  gtk_widget_set_overflow (GTK_WIDGET (self), GTK_OVERFLOW_HIDDEN);
  lb_mask_view_add_controllers (self);
}
