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
#include "lb-mask-view.h"

#define MAX_ZOOM 64

/* Where the rendered texture belongs: anything else and it is rendered again. */
typedef struct
{
  double x, y, width, height; /* in widget pixels */
  double origin_x, origin_y;  /* the picture's top-left, in widget pixels */
  double scale;               /* widget pixels per picture pixel */
  int device_scale;
} TextureKey;

struct _LbMaskView
{
  GtkWidget parent_instance;

  LbOverlayPlanes planes;  /* planes.image NULL: empty */
  float *probabilities;    /* the prediction as given, for the read-out */
  guint prediction_size;

  LbOverlayStyle style;
  GdkTexture *texture;     /* the visible part, dropped when anything changes */
  TextureKey texture_key;

  char *placeholder;       /* shown, dimmed, while there is no image */
  gboolean interactive;
  double zoom;             /* 1 = fit */
  double pan_x;            /* offset of the picture's centre, in widget pixels */
  double pan_y;
  double drag_start_x;
  double drag_start_y;

  gboolean pointer_inside; /* over the widget, at pointer_x, pointer_y */
  double pointer_x;
  double pointer_y;
  gboolean hover_valid;    /* over the picture, at pixel hover_x, hover_y */
  int hover_x;
  int hover_y;
  guint hover_source;      /* an update of the hovered pixel after a new allocation */
};

G_DEFINE_FINAL_TYPE (LbMaskView, lb_mask_view, GTK_TYPE_WIDGET)

enum
{
  PROP_0,
  PROP_PLACEHOLDER,
  PROP_ZOOM,
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

/* ---- where the picture sits ---- */

/* The picture's top-left corner and scale in the widget; FALSE when there is nothing to place. */
static gboolean
lb_mask_view_place (LbMaskView *self,
                    double     *x,
                    double     *y,
                    double     *scale)
{
  int width = gtk_widget_get_width (GTK_WIDGET (self));
  int height = gtk_widget_get_height (GTK_WIDGET (self));
  double fit;

  if (self->planes.image == NULL || width <= 0 || height <= 0)
    return FALSE;
  fit = MIN ((double) width / self->planes.width, (double) height / self->planes.height);
  *scale = fit * self->zoom;
  *x = (width - self->planes.width * *scale) / 2 + self->pan_x;
  *y = (height - self->planes.height * *scale) / 2 + self->pan_y;
  return TRUE;
}

/* The picture may not leave a gap on a side where it is larger than the view. */
static void
lb_mask_view_clamp_pan (LbMaskView *self)
{
  double x, y, scale;
  double limit_x, limit_y;

  if (!lb_mask_view_place (self, &x, &y, &scale))
    return;
  limit_x = MAX (0, (self->planes.width * scale - gtk_widget_get_width (GTK_WIDGET (self))) / 2);
  limit_y = MAX (0, (self->planes.height * scale - gtk_widget_get_height (GTK_WIDGET (self))) / 2);
  self->pan_x = CLAMP (self->pan_x, -limit_x, limit_x);
  self->pan_y = CLAMP (self->pan_y, -limit_y, limit_y);
}

/* ---- the pixel under the pointer ---- */

/* Finds the pixel under the pointer again; says so when it is another one, or always with
 * @force (the values under it changed). */
static void
lb_mask_view_update_hover (LbMaskView *self,
                           gboolean    force)
{
  gboolean valid = FALSE;
  int px = 0, py = 0;
  double x, y, scale;

  if (self->pointer_inside && lb_mask_view_place (self, &x, &y, &scale))
    {
      double u = (self->pointer_x - x) / scale;
      double v = (self->pointer_y - y) / scale;

      valid = u >= 0 && v >= 0 && u < self->planes.width && v < self->planes.height;
      px = valid ? (int) u : 0;
      py = valid ? (int) v : 0;
    }
  if (!force && valid == self->hover_valid && px == self->hover_x && py == self->hover_y)
    return;
  self->hover_valid = valid;
  self->hover_x = px;
  self->hover_y = py;
  g_signal_emit (self, signals[SIGNAL_POINTER_MOVED], 0);
}

/* A plane's level-0 pixel at picture pixel (@x, @y): planes are stretched onto the picture. */
static guint8
plane_value (const LbImagePyramid *plane,
             const LbOverlayPlanes *planes,
             int                   x,
             int                   y)
{
  int w = lb_image_pyramid_get_width (plane);
  int h = lb_image_pyramid_get_height (plane);

  return lb_image_pyramid_get_pixel (plane, (int) ((gint64) x * w / planes->width),
                                     (int) ((gint64) y * h / planes->height));
}

gboolean
lb_mask_view_get_pointer_pixel (LbMaskView      *self,
                                LbMaskViewPixel *pixel)
{
  g_return_val_if_fail (LB_IS_MASK_VIEW (self), FALSE);
  g_return_val_if_fail (pixel != NULL, FALSE);

  if (!self->hover_valid || self->planes.image == NULL)
    return FALSE;
  pixel->x = self->hover_x;
  pixel->y = self->hover_y;
  pixel->image = plane_value (self->planes.image, &self->planes, pixel->x, pixel->y);
  pixel->mask = self->planes.mask != NULL
                ? plane_value (self->planes.mask, &self->planes, pixel->x, pixel->y) >= 128
                : -1;
  pixel->prediction = NAN;
  if (self->probabilities != NULL)
    {
      guint n = self->prediction_size;
      guint px = (guint) ((gint64) pixel->x * n / self->planes.width);
      guint py = (guint) ((gint64) pixel->y * n / self->planes.height);

      pixel->prediction = self->probabilities[(gsize) py * n + px];
    }
  return TRUE;
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

/* ---- zoom and pan ---- */

void
lb_mask_view_set_interactive (LbMaskView *self,
                              gboolean    interactive)
{
  g_return_if_fail (LB_IS_MASK_VIEW (self));

  self->interactive = interactive;
}

double
lb_mask_view_get_zoom (LbMaskView *self)
{
  g_return_val_if_fail (LB_IS_MASK_VIEW (self), 1);

  return self->zoom;
}

/* Zooms keeping the picture's point under widget point (@anchor_x, @anchor_y) where it is. */
static void
lb_mask_view_zoom_about (LbMaskView *self,
                         double      zoom,
                         double      anchor_x,
                         double      anchor_y)
{
  double cx = gtk_widget_get_width (GTK_WIDGET (self)) / 2.0;
  double cy = gtk_widget_get_height (GTK_WIDGET (self)) / 2.0;
  double ratio;

  zoom = CLAMP (zoom, 1, MAX_ZOOM);
  ratio = zoom / self->zoom;
  /* The picture's centre sits at (cx + pan): its distance to the anchor scales with the zoom. */
  self->pan_x = anchor_x - cx - (anchor_x - cx - self->pan_x) * ratio;
  self->pan_y = anchor_y - cy - (anchor_y - cy - self->pan_y) * ratio;
  if (zoom == 1)
    self->pan_x = self->pan_y = 0;
  if (zoom != self->zoom)
    {
      self->zoom = zoom;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ZOOM]);
    }
  lb_mask_view_clamp_pan (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  lb_mask_view_update_hover (self, FALSE);
}

void
lb_mask_view_set_zoom (LbMaskView *self,
                       double      zoom)
{
  g_return_if_fail (LB_IS_MASK_VIEW (self));

  lb_mask_view_zoom_about (self, zoom, gtk_widget_get_width (GTK_WIDGET (self)) / 2.0,
                           gtk_widget_get_height (GTK_WIDGET (self)) / 2.0);
}

void
lb_mask_view_reset_view (LbMaskView *self)
{
  g_return_if_fail (LB_IS_MASK_VIEW (self));

  lb_mask_view_set_zoom (self, 1);
}

static gboolean
lb_mask_view_scroll (GtkEventControllerScroll *controller,
                     double                    dx,
                     double                    dy,
                     gpointer                  user_data)
{
  LbMaskView *self = user_data;

  if (!self->interactive || self->planes.image == NULL)
    return FALSE;
  if (self->pointer_inside)
    lb_mask_view_zoom_about (self, self->zoom * pow (1.2, -dy), self->pointer_x,
                             self->pointer_y);
  else
    lb_mask_view_set_zoom (self, self->zoom * pow (1.2, -dy));
  return TRUE;
}

static void
lb_mask_view_drag_begin (GtkGestureDrag *gesture,
                         double          x,
                         double          y,
                         gpointer        user_data)
{
  LbMaskView *self = user_data;

  if (!self->interactive || self->zoom <= 1)
    {
      gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_DENIED);
      return;
    }
  self->drag_start_x = self->pan_x;
  self->drag_start_y = self->pan_y;
}

static void
lb_mask_view_drag_update (GtkGestureDrag *gesture,
                          double          dx,
                          double          dy,
                          gpointer        user_data)
{
  LbMaskView *self = user_data;

  self->pan_x = self->drag_start_x + dx;
  self->pan_y = self->drag_start_y + dy;
  lb_mask_view_clamp_pan (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  lb_mask_view_update_hover (self, FALSE);
}

static void
lb_mask_view_motion (GtkEventControllerMotion *controller,
                     double                    x,
                     double                    y,
                     gpointer                  user_data)
{
  LbMaskView *self = user_data;

  self->pointer_inside = TRUE;
  self->pointer_x = x;
  self->pointer_y = y;
  lb_mask_view_update_hover (self, FALSE);
}

static void
lb_mask_view_leave (GtkEventControllerMotion *controller,
                    gpointer                  user_data)
{
  LbMaskView *self = user_data;

  self->pointer_inside = FALSE;
  lb_mask_view_update_hover (self, FALSE);
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
lb_mask_view_hover_idle (gpointer user_data)
{
  LbMaskView *self = user_data;

  self->hover_source = 0;
  lb_mask_view_update_hover (self, FALSE);
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
  /* The picture moved under the pointer; the read-out follows after the allocation, not in it
   * (it changes labels, which would resize them mid-allocation). */
  if (self->pointer_inside && self->hover_source == 0)
    self->hover_source = g_idle_add (lb_mask_view_hover_idle, self);
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

  g_clear_handle_id (&self->hover_source, g_source_remove);
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
  GtkEventController *scroll;
  GtkEventController *motion;
  GtkGesture *drag;

  lb_overlay_style_init (&self->style);
  self->zoom = 1;
  gtk_widget_add_css_class (GTK_WIDGET (self), "empty");
  gtk_widget_set_overflow (GTK_WIDGET (self), GTK_OVERFLOW_HIDDEN);

  scroll = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_VERTICAL);
  g_signal_connect (scroll, "scroll", G_CALLBACK (lb_mask_view_scroll), self);
  gtk_widget_add_controller (GTK_WIDGET (self), scroll);

  motion = gtk_event_controller_motion_new ();
  g_signal_connect (motion, "enter", G_CALLBACK (lb_mask_view_motion), self);
  g_signal_connect (motion, "motion", G_CALLBACK (lb_mask_view_motion), self);
  g_signal_connect (motion, "leave", G_CALLBACK (lb_mask_view_leave), self);
  gtk_widget_add_controller (GTK_WIDGET (self), motion);

  drag = gtk_gesture_drag_new ();
  g_signal_connect (drag, "drag-begin", G_CALLBACK (lb_mask_view_drag_begin), self);
  g_signal_connect (drag, "drag-update", G_CALLBACK (lb_mask_view_drag_update), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drag));
}
