/* lb-mask-view.c — an X-ray with its lung mask or a prediction overlaid; zoom, pan, window/level.
 * SPDX-License-Identifier: GPL-3.0-or-later */

#include "lb-config.h"

#include <math.h>
#include <string.h>

#include "lb-mask-view.h"

enum
{
  CLASS_NONE,
  CLASS_MASK,  /* mask only: lung */
  CLASS_TP,
  CLASS_FP,
  CLASS_FN,
};

/* Green for what is right, red for lung predicted where there is none, blue for lung missed:
 * three hues apart enough for the common colour-vision deficiencies when paired with contour. */
static const guint8 class_rgb[][3] = {
  { 0, 0, 0 },
  { 51, 209, 122 },
  { 51, 209, 122 },
  { 237, 51, 59 },
  { 53, 132, 228 },
};

void
lb_overlay_style_init (LbOverlayStyle *style)
{
  style->opacity = 0.45;
  style->contour = FALSE;
  style->window = 255;
  style->level = 127.5;
}

GBytes *
lb_overlay_render (const guint8         *image,
                   const guint8         *mask,
                   const float          *prediction,
                   guint                 size,
                   guint                 out_size,
                   const LbOverlayStyle *style)
{
  guint n = out_size;
  gsize plane = (gsize) n * n;
  g_autofree guint8 *gray = g_malloc (plane);
  g_autofree guint8 *cls = g_malloc0 (plane);
  guint8 *rgba = g_malloc (plane * 4);
  double lo = style->level - style->window / 2;
  double scale = 255.0 / MAX (style->window, 1);

  g_return_val_if_fail (out_size > 0 && out_size <= size, NULL);

  /* Box-average each output pixel's source block: gray by mean, labels by majority. */
  for (guint oy = 0; oy < n; oy++)
    {
      guint y0 = oy * size / n;
      guint y1 = MAX ((oy + 1) * size / n, y0 + 1);

      for (guint ox = 0; ox < n; ox++)
        {
          guint x0 = ox * size / n;
          guint x1 = MAX ((ox + 1) * size / n, x0 + 1);
          guint sum = 0;
          guint in_mask = 0;
          guint in_pred = 0;
          guint count = (y1 - y0) * (x1 - x0);

          for (guint y = y0; y < y1; y++)
            for (guint x = x0; x < x1; x++)
              {
                gsize k = (gsize) y * size + x;

                sum += image[k];
                in_mask += mask != NULL && mask[k] != 0;
                in_pred += prediction != NULL && prediction[k] > 0.5f;
              }

          gsize o = (gsize) oy * n + ox;
          gboolean m = 2 * in_mask > count;
          gboolean p = 2 * in_pred > count;
          gray[o] = (guint8) (sum / count);
          if (prediction == NULL)
            cls[o] = m ? CLASS_MASK : CLASS_NONE;
          else
            cls[o] = m && p ? CLASS_TP : p ? CLASS_FP : m ? CLASS_FN : CLASS_NONE;
        }
    }

  for (guint y = 0; y < n; y++)
    for (guint x = 0; x < n; x++)
      {
        gsize o = (gsize) y * n + x;
        double v = CLAMP ((gray[o] - lo) * scale, 0, 255);
        guint8 c = cls[o];
        guint8 *px = rgba + 4 * o;
        double a = 0;

        if (c != CLASS_NONE)
          {
            gboolean edge = x == 0 || y == 0 || x == n - 1 || y == n - 1
                            || cls[o - 1] != c || cls[o + 1] != c
                            || cls[o - n] != c || cls[o + n] != c;

            /* A contour is drawn opaque enough to see at any opacity but 0. */
            if (style->contour)
              a = edge ? MIN (1, style->opacity * 2) : 0;
            else
              a = style->opacity;
          }
        px[0] = (guint8) (v * (1 - a) + class_rgb[c][0] * a);
        px[1] = (guint8) (v * (1 - a) + class_rgb[c][1] * a);
        px[2] = (guint8) (v * (1 - a) + class_rgb[c][2] * a);
        px[3] = 255;
      }

  return g_bytes_new_take (rgba, plane * 4);
}

struct _LbMaskView
{
  GtkWidget parent_instance;

  guint size;
  guint8 *image;
  guint8 *mask;
  float *prediction;

  LbOverlayStyle style;
  GdkTexture *texture;   /* rendered lazily, dropped when anything changes */

  char *placeholder;     /* shown, dimmed, while there is no image */
  gboolean interactive;
  double zoom;           /* 1 = fit */
  double pan_x;          /* offset of the image centre, in widget pixels */
  double pan_y;
  double drag_start_x;
  double drag_start_y;
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

GtkWidget *
lb_mask_view_new (void)
{
  return g_object_new (LB_TYPE_MASK_VIEW, NULL);
}

static void
lb_mask_view_invalidate (LbMaskView *self)
{
  g_clear_object (&self->texture);
  /* Without an image the view is a quiet empty state, not a black hole. */
  if (self->image == NULL)
    gtk_widget_add_css_class (GTK_WIDGET (self), "empty");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self), "empty");
  gtk_widget_queue_draw (GTK_WIDGET (self));
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

void
lb_mask_view_set_pair (LbMaskView   *self,
                       const guint8 *image,
                       const guint8 *mask,
                       const float  *prediction,
                       guint         size)
{
  gsize plane = (gsize) size * size;

  g_return_if_fail (LB_IS_MASK_VIEW (self));
  g_return_if_fail (image != NULL && size > 0);

  lb_mask_view_clear (self);
  self->size = size;
  self->image = g_memdup2 (image, plane);
  self->mask = mask != NULL ? g_memdup2 (mask, plane) : NULL;
  self->prediction = prediction != NULL ? g_memdup2 (prediction, plane * sizeof (float)) : NULL;
  lb_mask_view_invalidate (self);
}

void
lb_mask_view_clear (LbMaskView *self)
{
  g_return_if_fail (LB_IS_MASK_VIEW (self));

  g_clear_pointer (&self->image, g_free);
  g_clear_pointer (&self->mask, g_free);
  g_clear_pointer (&self->prediction, g_free);
  self->size = 0;
  lb_mask_view_invalidate (self);
}

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

void
lb_mask_view_set_zoom (LbMaskView *self,
                       double      zoom)
{
  g_return_if_fail (LB_IS_MASK_VIEW (self));

  zoom = CLAMP (zoom, 1, 16);
  if (zoom == 1)
    self->pan_x = self->pan_y = 0;
  gtk_widget_queue_draw (GTK_WIDGET (self));
  if (zoom == self->zoom)
    return;
  self->zoom = zoom;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ZOOM]);
}

void
lb_mask_view_reset_view (LbMaskView *self)
{
  g_return_if_fail (LB_IS_MASK_VIEW (self));

  lb_mask_view_set_zoom (self, 1);
}

static void
lb_mask_view_snapshot (GtkWidget   *widget,
                       GtkSnapshot *snapshot)
{
  LbMaskView *self = LB_MASK_VIEW (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  double side;
  double x;
  double y;

  if (width <= 0 || height <= 0)
    return;
  if (self->image == NULL)
    {
      lb_mask_view_snapshot_placeholder (self, snapshot, width, height);
      return;
    }

  if (self->texture == NULL)
    {
      g_autoptr (GBytes) bytes = lb_overlay_render (self->image, self->mask, self->prediction,
                                                    self->size, self->size, &self->style);

      self->texture = gdk_memory_texture_new (self->size, self->size, GDK_MEMORY_R8G8B8A8,
                                              bytes, (gsize) self->size * 4);
    }

  side = MIN (width, height) * self->zoom;
  x = (width - side) / 2 + self->pan_x;
  y = (height - side) / 2 + self->pan_y;

  gtk_snapshot_push_clip (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  gtk_snapshot_append_texture (snapshot, self->texture, &GRAPHENE_RECT_INIT (x, y, side, side));
  gtk_snapshot_pop (snapshot);
}

static void
lb_mask_view_clamp_pan (LbMaskView *self)
{
  double side = MIN (gtk_widget_get_width (GTK_WIDGET (self)),
                     gtk_widget_get_height (GTK_WIDGET (self)));
  double limit = side * (self->zoom - 1) / 2;

  self->pan_x = CLAMP (self->pan_x, -limit, limit);
  self->pan_y = CLAMP (self->pan_y, -limit, limit);
}

static gboolean
lb_mask_view_scroll (GtkEventControllerScroll *controller,
                     double                    dx,
                     double                    dy,
                     gpointer                  user_data)
{
  LbMaskView *self = user_data;

  if (!self->interactive || self->image == NULL)
    return FALSE;

  lb_mask_view_set_zoom (self, self->zoom * pow (1.2, -dy));
  lb_mask_view_clamp_pan (self);
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

static void
lb_mask_view_finalize (GObject *object)
{
  LbMaskView *self = LB_MASK_VIEW (object);

  g_clear_pointer (&self->image, g_free);
  g_clear_pointer (&self->mask, g_free);
  g_clear_pointer (&self->prediction, g_free);
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
  /* 1 fits the image to the view; scrolling and the zoom buttons change it. */
  properties[PROP_ZOOM] = g_param_spec_double ("zoom", NULL, NULL, 1, 16, 1,
                                               G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY
                                               | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
  widget_class->snapshot = lb_mask_view_snapshot;
  widget_class->measure = lb_mask_view_measure;

  gtk_widget_class_set_css_name (widget_class, "maskview");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
lb_mask_view_init (LbMaskView *self)
{
  GtkEventController *scroll;
  GtkGesture *drag;

  lb_overlay_style_init (&self->style);
  self->zoom = 1;
  gtk_widget_add_css_class (GTK_WIDGET (self), "empty");
  gtk_widget_set_overflow (GTK_WIDGET (self), GTK_OVERFLOW_HIDDEN);

  scroll = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_VERTICAL);
  g_signal_connect (scroll, "scroll", G_CALLBACK (lb_mask_view_scroll), self);
  gtk_widget_add_controller (GTK_WIDGET (self), scroll);

  drag = gtk_gesture_drag_new ();
  g_signal_connect (drag, "drag-begin", G_CALLBACK (lb_mask_view_drag_begin), self);
  g_signal_connect (drag, "drag-update", G_CALLBACK (lb_mask_view_drag_update), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drag));
}
