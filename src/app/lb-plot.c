/* lb-plot.c — a Cairo line chart: series of points, faint or bold, bands, vertical markers.
 * SPDX-License-Identifier: GPL-3.0-or-later */

#include "lb-config.h"

#include <math.h>

#include "lb-plot-private.h"

/* The accessible description follows appended points at most this often: every update is a
 * message on the accessibility bus, and training appends a point every few milliseconds. A
 * series replaced as a whole (an epoch's news, a summary) is described at once. */
#define DESCRIPTION_INTERVAL_MS 250

G_DEFINE_FINAL_TYPE (LbPlot, lb_plot, GTK_TYPE_WIDGET)

GParamSpec *lb_plot_properties[LB_PLOT_N_PROPS];

static void
line_free (LbPlotLine *s)
{
  g_free (s->name);
  lb_plot_series_free (s->points);
  g_clear_pointer (&s->smoothed, lb_plot_series_free);
  g_array_unref (s->lo);
  g_array_unref (s->hi);
  g_free (s);
}

static void
marker_clear (LbPlotMarker *m)
{
  g_free (m->label);
}

GtkWidget *
lb_plot_new (void)
{
  return g_object_new (LB_TYPE_PLOT, NULL);
}

static void lb_plot_refresh_readout (LbPlot *self);

static void
lb_plot_update_description (LbPlot *self)
{
  g_autoptr (GString) text = g_string_new (NULL);

  /* What a screen reader (and the UI test) can know of a chart: its series and their sizes. */
  for (guint i = 0; i < self->series->len; i++)
    {
      LbPlotLine *s = g_ptr_array_index (self->series, i);

      if (text->len > 0)
        g_string_append (text, "; ");
      guint n = lb_plot_series_get_n (s->points);

      g_string_append_printf (text, "%s: %u points", s->name, n);
      if (n > 0)
        g_string_append_printf (text, ", last %.4g", lb_plot_series_y (s->points, n - 1));
    }
  /* How it is drawn, when not as usual. */
  if (self->log_scale)
    g_string_append (text, "; log scale");
  if (self->smoothing > 0)
    g_string_append_printf (text, "; smoothed %.2f", self->smoothing);
  for (guint i = 0; i < self->series->len; i++)
    if (((LbPlotLine *) g_ptr_array_index (self->series, i))->hidden)
      g_string_append_printf (text, "; %s hidden",
                              ((LbPlotLine *) g_ptr_array_index (self->series, i))->name);
  /* And the values under the pointer, as the hover read-out shows them. */
  lb_plot_refresh_readout (self);
  if (self->readout != NULL)
    {
      g_auto (GStrv) lines = g_strsplit (self->readout, "\n", -1);
      g_autofree char *joined = g_strjoinv (", ", lines);

      g_string_append_printf (text, "; under the pointer: %s", joined);
    }
  if (g_strcmp0 (text->str, self->description) == 0)
    return;
  g_free (self->description);
  self->description = g_strdup (text->str);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, text->str, -1);
}

static gboolean
lb_plot_description_due (gpointer data)
{
  LbPlot *self = data;

  self->description_source = 0;
  lb_plot_update_description (self);
  return G_SOURCE_REMOVE;
}

void
lb_plot_data_changed (LbPlot   *self,
                      gboolean  describe_now)
{
  g_clear_pointer (&self->cache, gsk_render_node_unref);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  if (describe_now)
    {
      g_clear_handle_id (&self->description_source, g_source_remove);
      lb_plot_update_description (self);
    }
  else if (self->description_source == 0)
    self->description_source = g_timeout_add (DESCRIPTION_INTERVAL_MS, lb_plot_description_due,
                                              self);
}

void
lb_plot_look_changed (LbPlot *self)
{
  g_clear_pointer (&self->cache, gsk_render_node_unref);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
lb_plot_set_title (LbPlot     *self,
                   const char *title)
{
  g_return_if_fail (LB_IS_PLOT (self));

  g_free (self->title);
  self->title = g_strdup (title);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
  lb_plot_look_changed (self);
}

void
lb_plot_set_x_label (LbPlot     *self,
                     const char *label)
{
  g_return_if_fail (LB_IS_PLOT (self));

  g_free (self->x_label);
  self->x_label = g_strdup (label);
  lb_plot_look_changed (self);
}

void
lb_plot_set_x_max (LbPlot *self,
                   double  x_max)
{
  g_return_if_fail (LB_IS_PLOT (self));

  if (self->x_max == x_max)
    return;
  self->x_max = x_max;
  lb_plot_look_changed (self);
}

void
lb_plot_set_y_range (LbPlot *self,
                     double  y_min,
                     double  y_max)
{
  g_return_if_fail (LB_IS_PLOT (self));

  self->y_min = y_min;
  self->y_max = y_max;
  lb_plot_look_changed (self);
}

void
lb_plot_clear (LbPlot *self)
{
  g_return_if_fail (LB_IS_PLOT (self));

  g_ptr_array_set_size (self->series, 0);
  g_array_set_size (self->markers, 0);
  lb_plot_update_description (self);
  lb_plot_look_changed (self);
}

guint
lb_plot_add_series (LbPlot      *self,
                    const char  *name,
                    guint        color,
                    LbPlotStyle  style)
{
  LbPlotLine *s;

  g_return_val_if_fail (LB_IS_PLOT (self), 0);

  s = g_new0 (LbPlotLine, 1);
  s->name = g_strdup (name);
  s->color = color % LB_PLOT_N_COLORS;
  s->style = style;
  s->points = lb_plot_series_new ();
  s->lo = g_array_new (FALSE, FALSE, sizeof (double));
  s->hi = g_array_new (FALSE, FALSE, sizeof (double));
  lb_plot_line_resmooth (s, self->smoothing);
  g_ptr_array_add (self->series, s);
  lb_plot_update_description (self);
  lb_plot_look_changed (self);
  return self->series->len - 1;
}

void
lb_plot_set_points (LbPlot       *self,
                    guint         series,
                    const double *x,
                    const double *y,
                    guint         n)
{
  LbPlotLine *s;

  g_return_if_fail (LB_IS_PLOT (self));
  g_return_if_fail (series < self->series->len);

  s = g_ptr_array_index (self->series, series);
  lb_plot_series_clear (s->points);
  lb_plot_series_append (s->points, x, y, n);
  g_array_set_size (s->lo, 0);
  g_array_set_size (s->hi, 0);
  lb_plot_line_resmooth (s, self->smoothing);
  lb_plot_data_changed (self, TRUE);
}

void
lb_plot_append_points (LbPlot       *self,
                       guint         series,
                       const double *x,
                       const double *y,
                       guint         n)
{
  LbPlotLine *s;

  g_return_if_fail (LB_IS_PLOT (self));
  g_return_if_fail (series < self->series->len);

  if (n == 0)
    return;
  s = g_ptr_array_index (self->series, series);
  g_return_if_fail (s->lo->len == 0);
  lb_plot_series_append (s->points, x, y, n);
  if (s->smoothed != NULL)
    lb_plot_line_smooth_from (s, lb_plot_series_get_n (s->smoothed));
  lb_plot_data_changed (self, FALSE);
}

guint
lb_plot_get_n_points (LbPlot *self,
                      guint   series)
{
  g_return_val_if_fail (LB_IS_PLOT (self), 0);
  g_return_val_if_fail (series < self->series->len, 0);

  return lb_plot_series_get_n (((LbPlotLine *) g_ptr_array_index (self->series, series))->points);
}

void
lb_plot_set_band (LbPlot       *self,
                  guint         series,
                  const double *lo,
                  const double *hi)
{
  LbPlotLine *s;

  g_return_if_fail (LB_IS_PLOT (self));
  g_return_if_fail (series < self->series->len);

  s = g_ptr_array_index (self->series, series);
  g_array_set_size (s->lo, 0);
  g_array_set_size (s->hi, 0);
  g_array_append_vals (s->lo, lo, lb_plot_series_get_n (s->points));
  g_array_append_vals (s->hi, hi, lb_plot_series_get_n (s->points));
  lb_plot_look_changed (self);
}

void
lb_plot_clear_markers (LbPlot *self)
{
  g_return_if_fail (LB_IS_PLOT (self));

  if (self->markers->len == 0)
    return;
  g_array_set_size (self->markers, 0);
  lb_plot_look_changed (self);
}

void
lb_plot_add_marker (LbPlot     *self,
                    double      x,
                    const char *label,
                    gboolean    emphasis)
{
  LbPlotMarker m = { x, g_strdup (label), emphasis };

  g_return_if_fail (LB_IS_PLOT (self));

  g_array_append_val (self->markers, m);
  lb_plot_look_changed (self);
}

static void
lb_plot_compute_frame (LbPlot      *self,
                       int          width,
                       int          height,
                       LbPlotFrame *f)
{
  lb_plot_frame_compute (f, self->series, self->x_max, self->y_min, self->y_max,
                         self->log_scale, self->legend_rows, width, height);
}

/* The read-out for where the pointer is now, or none when it is off the plot area. */
static void
lb_plot_refresh_readout (LbPlot *self)
{
  LbPlotFrame f;

  g_clear_pointer (&self->readout, g_free);
  if (!self->hovering)
    return;
  lb_plot_compute_frame (self, gtk_widget_get_width (GTK_WIDGET (self)),
                         gtk_widget_get_height (GTK_WIDGET (self)), &f);
  if (self->pointer_x >= f.left && self->pointer_x <= f.right)
    self->readout = lb_plot_readout_text (self->series, self->x_label, &f, self->pointer_x);
}

/* Everything but the read-out, layer by layer, bottom up. */
static void
lb_plot_draw_base (LbPlot            *self,
                   cairo_t           *cr,
                   const LbPlotFrame *f,
                   PangoLayout       *layout,
                   const GdkRGBA     *fg)
{
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  lb_plot_draw_grid (cr, f, layout, fg);
  lb_plot_draw_x_axis (cr, f, layout, fg, self->x_label);
  lb_plot_draw_markers (cr, f, layout, fg, self->markers);
  /* The data stay inside the plot area, with room for a dot or a thick line at its edges. */
  cairo_save (cr);
  cairo_rectangle (cr, f->left, f->top - 4, f->right - f->left, f->bottom - f->top + 8);
  cairo_clip (cr);
  lb_plot_draw_bands (cr, f, self->series);
  lb_plot_draw_lines (cr, f, self->series);
  cairo_restore (cr);
  lb_plot_draw_legend (cr, f, layout, fg, self->title, self->series, self->band_caption,
                       self->legend_rows);
}

void
lb_plot_render (LbPlot        *self,
                cairo_t       *cr,
                PangoLayout   *layout,
                const GdkRGBA *fg,
                int            width,
                int            height)
{
  LbPlotFrame f;
  int rows = self->legend_rows;

  self->legend_rows = lb_plot_legend_rows (self->series, self->title, self->band_caption, layout,
                                           width, height);
  lb_plot_compute_frame (self, width, height, &f);
  lb_plot_draw_base (self, cr, &f, layout, fg);
  self->legend_rows = rows;
}

static void
lb_plot_snapshot (GtkWidget   *widget,
                  GtkSnapshot *snapshot)
{
  LbPlot *self = LB_PLOT (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  GdkRGBA fg;
  LbPlotFrame f;
  g_autoptr (PangoLayout) layout = NULL;

  if (width <= 0 || height <= 0)
    return;

  /* The theme's foreground: the chart follows light and dark mode like the text around it. */
  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &fg);
  layout = gtk_widget_create_pango_layout (widget, NULL);
  if (self->cache == NULL || self->cache_width != width || self->cache_height != height)
    {
      GtkSnapshot *base = gtk_snapshot_new ();
      cairo_t *cr;

      self->legend_rows = lb_plot_legend_rows (self->series, self->title, self->band_caption,
                                               layout, width, height);
      lb_plot_compute_frame (self, width, height, &f);
      cr = gtk_snapshot_append_cairo (base, &GRAPHENE_RECT_INIT (0, 0, width, height));
      lb_plot_draw_base (self, cr, &f, layout, &fg);
      cairo_destroy (cr);
      g_clear_pointer (&self->cache, gsk_render_node_unref);
      self->cache = gtk_snapshot_free_to_node (base);
      self->cache_width = width;
      self->cache_height = height;
    }
  else
    lb_plot_compute_frame (self, width, height, &f);
  if (self->cache != NULL)
    gtk_snapshot_append_node (snapshot, self->cache);

  /* The read-out on top, drawn afresh: it follows the pointer. */
  if (self->hovering && self->pointer_x >= f.left && self->pointer_x <= f.right)
    {
      g_free (self->readout);
      self->readout = lb_plot_readout_text (self->series, self->x_label, &f, self->pointer_x);
      if (self->readout != NULL)
        {
          cairo_t *cr = gtk_snapshot_append_cairo (snapshot,
                                                   &GRAPHENE_RECT_INIT (0, 0, width, height));

          lb_plot_draw_readout (cr, &f, layout, &fg, self->pointer_x, self->readout);
          cairo_destroy (cr);
        }
    }
}

static void
lb_plot_motion (GtkEventControllerMotion *controller,
                double                    x,
                double                    y,
                gpointer                  user_data)
{
  LbPlot *self = user_data;

  self->hovering = TRUE;
  self->pointer_x = x;
  lb_plot_update_description (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
lb_plot_leave (GtkEventControllerMotion *controller,
               gpointer                  user_data)
{
  LbPlot *self = user_data;

  self->hovering = FALSE;
  lb_plot_update_description (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
lb_plot_measure (GtkWidget      *widget,
                 GtkOrientation  orientation,
                 int             for_size,
                 int            *minimum,
                 int            *natural,
                 int            *minimum_baseline,
                 int            *natural_baseline)
{
  *minimum = orientation == GTK_ORIENTATION_HORIZONTAL ? 160 : 100;
  *natural = orientation == GTK_ORIENTATION_HORIZONTAL ? 420 : 220;
}

static void
lb_plot_size_allocate (GtkWidget *widget,
                       int        width,
                       int        height,
                       int        baseline)
{
  LbPlot *self = LB_PLOT (widget);

  /* A popover child is placed by its parent. */
  if (self->menu != NULL)
    gtk_popover_present (GTK_POPOVER (self->menu));
}

static void
lb_plot_css_changed (GtkWidget         *widget,
                     GtkCssStyleChange *change)
{
  GTK_WIDGET_CLASS (lb_plot_parent_class)->css_changed (widget, change);
  lb_plot_look_changed (LB_PLOT (widget));
}

static void
lb_plot_dispose (GObject *object)
{
  LbPlot *self = LB_PLOT (object);

  g_clear_pointer (&self->menu, gtk_widget_unparent);
  G_OBJECT_CLASS (lb_plot_parent_class)->dispose (object);
}

static void
lb_plot_finalize (GObject *object)
{
  LbPlot *self = LB_PLOT (object);

  g_clear_pointer (&self->title, g_free);
  g_clear_pointer (&self->band_caption, g_free);
  g_clear_pointer (&self->x_label, g_free);
  g_clear_pointer (&self->readout, g_free);
  g_clear_pointer (&self->description, g_free);
  g_clear_handle_id (&self->description_source, g_source_remove);
  g_clear_pointer (&self->cache, gsk_render_node_unref);
  g_ptr_array_unref (self->series);
  g_array_unref (self->markers);

  G_OBJECT_CLASS (lb_plot_parent_class)->finalize (object);
}

static void
lb_plot_get_property (GObject    *object,
                      guint       prop_id,
                      GValue     *value,
                      GParamSpec *pspec)
{
  LbPlot *self = LB_PLOT (object);

  switch (prop_id)
    {
    case LB_PLOT_PROP_LOG_SCALE:
      g_value_set_boolean (value, self->log_scale);
      break;
    case LB_PLOT_PROP_SMOOTHING:
      g_value_set_double (value, self->smoothing);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lb_plot_set_property (GObject      *object,
                      guint         prop_id,
                      const GValue *value,
                      GParamSpec   *pspec)
{
  LbPlot *self = LB_PLOT (object);

  switch (prop_id)
    {
    case LB_PLOT_PROP_LOG_SCALE:
      lb_plot_set_log_scale (self, g_value_get_boolean (value));
      break;
    case LB_PLOT_PROP_SMOOTHING:
      lb_plot_set_smoothing (self, g_value_get_double (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lb_plot_class_init (LbPlotClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lb_plot_dispose;
  object_class->finalize = lb_plot_finalize;
  object_class->get_property = lb_plot_get_property;
  object_class->set_property = lb_plot_set_property;

  lb_plot_properties[LB_PLOT_PROP_LOG_SCALE] =
    g_param_spec_boolean ("log-scale", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  lb_plot_properties[LB_PLOT_PROP_SMOOTHING] =
    g_param_spec_double ("smoothing", NULL, NULL, 0, LB_PLOT_SMOOTHING_MAX, 0,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, LB_PLOT_N_PROPS, lb_plot_properties);
  lb_plot_menu_class_init (widget_class);
  widget_class->snapshot = lb_plot_snapshot;
  widget_class->measure = lb_plot_measure;
  widget_class->size_allocate = lb_plot_size_allocate;
  widget_class->css_changed = lb_plot_css_changed;

  gtk_widget_class_set_css_name (widget_class, "plot");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
lb_plot_init (LbPlot *self)
{
  GtkEventController *motion = gtk_event_controller_motion_new ();

  self->series = g_ptr_array_new_with_free_func ((GDestroyNotify) line_free);
  self->markers = g_array_new (FALSE, FALSE, sizeof (LbPlotMarker));
  g_array_set_clear_func (self->markers, (GDestroyNotify) marker_clear);
  self->x_max = 1;

  g_signal_connect (motion, "motion", G_CALLBACK (lb_plot_motion), self);
  g_signal_connect (motion, "leave", G_CALLBACK (lb_plot_leave), self);
  gtk_widget_add_controller (GTK_WIDGET (self), motion);
  lb_plot_menu_init (self);
}
