/* lb-plot.c — a Cairo line chart: series of points, faint or bold, bands, vertical markers.
 * SPDX-License-Identifier: GPL-3.0-or-later */

#include "lb-config.h"

#include <math.h>

#include "lb-plot.h"
#include "lb-plot-series.h"

/* Adwaita's palette (blue 3, orange 3, green 4, purple 3, red 3, yellow 5): saturated enough to
 * read on both the light and the dark background. */
static const GdkRGBA palette[LB_PLOT_N_COLORS] = {
  { 0.208f, 0.518f, 0.894f, 1.f },
  { 1.000f, 0.471f, 0.000f, 1.f },
  { 0.180f, 0.761f, 0.494f, 1.f },
  { 0.569f, 0.255f, 0.675f, 1.f },
  { 0.878f, 0.106f, 0.141f, 1.f },
  { 0.898f, 0.647f, 0.039f, 1.f },
};

#define MARGIN_LEFT 52.0
#define MARGIN_RIGHT 14.0
#define MARGIN_TOP 30.0
/* Height of a legend row below the title, when the legend does not fit beside it. */
#define LEGEND_ROW 18.0
#define MARGIN_BOTTOM 30.0

typedef struct
{
  char *name;
  guint color;
  LbPlotStyle style;
  LbPlotSeries *points;
  GArray *lo;   /* double, band, or empty */
  GArray *hi;
} Series;

/* The accessible description follows the data at most this often: every update is a message on
 * the accessibility bus, and training appends a point every few milliseconds. */
#define DESCRIPTION_INTERVAL_MS 250

typedef struct
{
  double x;
  char *label;
  gboolean emphasis;
} Marker;

struct _LbPlot
{
  GtkWidget parent_instance;

  char *title;
  char *x_label;
  double x_max;
  double y_min;
  double y_max;
  GPtrArray *series;   /* Series* */
  GArray *markers;     /* Marker */

  gboolean hovering;
  double pointer_x;
  char *readout;
  char *description;   /* the accessible description last set */
  guint description_source;  /* a pending update of it */
  int legend_rows;     /* rows the last drawing gave the legend below the title (0: beside it) */

  /* Everything but the hover read-out, as last drawn: reused until the data, the size or the
   * style change, so a frame that only moves the pointer costs nothing to redraw. */
  GskRenderNode *cache;
  int cache_width;
  int cache_height;
};

G_DEFINE_FINAL_TYPE (LbPlot, lb_plot, GTK_TYPE_WIDGET)

static void
series_free (Series *s)
{
  g_free (s->name);
  lb_plot_series_free (s->points);
  g_array_unref (s->lo);
  g_array_unref (s->hi);
  g_free (s);
}

static void
marker_clear (Marker *m)
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
      Series *s = g_ptr_array_index (self->series, i);

      if (text->len > 0)
        g_string_append (text, "; ");
      guint n = lb_plot_series_get_n (s->points);

      g_string_append_printf (text, "%s: %u points", s->name, n);
      if (n > 0)
        g_string_append_printf (text, ", last %.4g", lb_plot_series_y (s->points, n - 1));
    }
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

/* The data changed: redraw now, describe soon. */
static void
lb_plot_data_changed (LbPlot *self)
{
  g_clear_pointer (&self->cache, gsk_render_node_unref);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  if (self->description_source == 0)
    self->description_source = g_timeout_add (DESCRIPTION_INTERVAL_MS, lb_plot_description_due,
                                              self);
}

/* Something that is not data changed how the chart looks. */
static void
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
  Series *s;

  g_return_val_if_fail (LB_IS_PLOT (self), 0);

  s = g_new0 (Series, 1);
  s->name = g_strdup (name);
  s->color = color % LB_PLOT_N_COLORS;
  s->style = style;
  s->points = lb_plot_series_new ();
  s->lo = g_array_new (FALSE, FALSE, sizeof (double));
  s->hi = g_array_new (FALSE, FALSE, sizeof (double));
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
  Series *s;

  g_return_if_fail (LB_IS_PLOT (self));
  g_return_if_fail (series < self->series->len);

  s = g_ptr_array_index (self->series, series);
  lb_plot_series_clear (s->points);
  lb_plot_series_append (s->points, x, y, n);
  g_array_set_size (s->lo, 0);
  g_array_set_size (s->hi, 0);
  lb_plot_data_changed (self);
}

void
lb_plot_append_points (LbPlot       *self,
                       guint         series,
                       const double *x,
                       const double *y,
                       guint         n)
{
  Series *s;

  g_return_if_fail (LB_IS_PLOT (self));
  g_return_if_fail (series < self->series->len);

  if (n == 0)
    return;
  s = g_ptr_array_index (self->series, series);
  g_return_if_fail (s->lo->len == 0);
  lb_plot_series_append (s->points, x, y, n);
  lb_plot_data_changed (self);
}

guint
lb_plot_get_n_points (LbPlot *self,
                      guint   series)
{
  g_return_val_if_fail (LB_IS_PLOT (self), 0);
  g_return_val_if_fail (series < self->series->len, 0);

  return lb_plot_series_get_n (((Series *) g_ptr_array_index (self->series, series))->points);
}

void
lb_plot_set_band (LbPlot       *self,
                  guint         series,
                  const double *lo,
                  const double *hi)
{
  Series *s;

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
  Marker m = { x, g_strdup (label), emphasis };

  g_return_if_fail (LB_IS_PLOT (self));

  g_array_append_val (self->markers, m);
  lb_plot_look_changed (self);
}

/* ---- scales ---- */

typedef struct
{
  double x0, x1, y0, y1;      /* data range */
  double left, right, top, bottom;  /* plot area in widget pixels */
} Frame;

static double
frame_px (const Frame *f, double x)
{
  return f->left + (x - f->x0) / (f->x1 - f->x0) * (f->right - f->left);
}

static double
frame_py (const Frame *f, double y)
{
  return f->bottom - (y - f->y0) / (f->y1 - f->y0) * (f->bottom - f->top);
}

double
lb_plot_nice_step (double range,
                   int    target)
{
  double raw = range / MAX (target, 1);
  double mag = pow (10, floor (log10 (raw)));
  double r = raw / mag;

  if (r < 1.5)
    return mag;
  if (r < 3)
    return 2 * mag;
  if (r < 7)
    return 5 * mag;
  return 10 * mag;
}

static void
lb_plot_compute_frame (LbPlot *self,
                       int     width,
                       int     height,
                       Frame  *f)
{
  double lo = INFINITY;
  double hi = -INFINITY;
  double x_hi = self->x_max;

  for (guint i = 0; i < self->series->len; i++)
    {
      Series *s = g_ptr_array_index (self->series, i);
      double s_lo;
      double s_hi;
      double s_x;

      if (lb_plot_series_get_n (s->points) == 0)
        continue;
      if (lb_plot_series_get_range (s->points, &s_lo, &s_hi, &s_x))
        {
          lo = MIN (lo, s_lo);
          hi = MAX (hi, s_hi);
        }
      x_hi = MAX (x_hi, s_x);
      /* Bands are per epoch: few points. */
      for (guint k = 0; k < s->lo->len; k++)
        if (isfinite (lb_plot_series_y (s->points, k)))
          {
            lo = MIN (lo, g_array_index (s->lo, double, k));
            hi = MAX (hi, g_array_index (s->hi, double, k));
          }
    }

  if (self->y_min < self->y_max)
    {
      lo = self->y_min;
      hi = self->y_max;
    }
  else if (!isfinite (lo))
    {
      lo = 0;
      hi = 1;
    }
  else
    {
      double pad = (hi - lo) * 0.08;

      if (pad <= 0)
        pad = fabs (hi) * 0.1 + 0.05;
      lo = lo - pad;
      hi = hi + pad;
      /* Losses and metrics here are never negative: keep 0 as the floor when it is near. */
      if (lo < 0 && hi > 0 && lo > -pad * 1.5)
        lo = 0;
    }

  f->x0 = 0;
  f->x1 = MAX (x_hi, 1);
  f->y0 = lo;
  f->y1 = hi;
  f->left = MARGIN_LEFT;
  f->right = MAX (width - MARGIN_RIGHT, f->left + 1);
  f->top = MARGIN_TOP + self->legend_rows * LEGEND_ROW;
  f->bottom = MAX (height - MARGIN_BOTTOM, f->top + 1);
}

static void
set_color (cairo_t       *cr,
           const GdkRGBA *c,
           double         alpha)
{
  cairo_set_source_rgba (cr, c->red, c->green, c->blue, c->alpha * alpha);
}

static void
draw_text (cairo_t     *cr,
           PangoLayout *layout,
           const char  *text,
           double       x,
           double       y,
           double       xalign,
           double       yalign)
{
  int w;
  int h;

  pango_layout_set_text (layout, text, -1);
  pango_layout_get_pixel_size (layout, &w, &h);
  cairo_move_to (cr, x - xalign * w, y - yalign * h);
  pango_cairo_show_layout (cr, layout);
}

/* The x of the bold point nearest the pointer, and the read-out text for it. */
static void
lb_plot_update_readout (LbPlot      *self,
                        const Frame *f)
{
  double data_x = f->x0 + (self->pointer_x - f->left) / (f->right - f->left) * (f->x1 - f->x0);
  double best_x = NAN;
  double best_d = INFINITY;
  g_autoptr (GString) text = NULL;

  g_clear_pointer (&self->readout, g_free);
  for (guint i = 0; i < self->series->len; i++)
    {
      Series *s = g_ptr_array_index (self->series, i);

      int k;
      double d;

      if (s->style != LB_PLOT_STYLE_BOLD)
        continue;
      k = lb_plot_series_nearest (s->points, data_x);
      if (k < 0)
        continue;
      d = fabs (lb_plot_series_x (s->points, k) - data_x);
      if (d < best_d)
        {
          best_d = d;
          best_x = lb_plot_series_x (s->points, k);
        }
    }
  if (!isfinite (best_x))
    return;

  text = g_string_new (NULL);
  g_string_append_printf (text, "%s %g", self->x_label != NULL ? self->x_label : "x", best_x);
  for (guint i = 0; i < self->series->len; i++)
    {
      Series *s = g_ptr_array_index (self->series, i);

      int k;

      if (s->style != LB_PLOT_STYLE_BOLD)
        continue;
      k = lb_plot_series_nearest (s->points, best_x);
      if (k >= 0 && lb_plot_series_x (s->points, k) == best_x)
        g_string_append_printf (text, "\n%s  %.4f", s->name, lb_plot_series_y (s->points, k));
    }
  self->readout = g_string_free (g_steal_pointer (&text), FALSE);
}

static int
lb_plot_title_width (LbPlot      *self,
                     PangoLayout *layout)
{
  PangoFontDescription *bold;
  int w = 0;

  if (self->title == NULL)
    return 0;
  bold = pango_font_description_new ();
  pango_font_description_set_weight (bold, PANGO_WEIGHT_BOLD);
  pango_layout_set_font_description (layout, bold);
  pango_layout_set_text (layout, self->title, -1);
  pango_layout_get_pixel_size (layout, &w, NULL);
  pango_layout_set_font_description (layout, NULL);
  pango_font_description_free (bold);
  return w;
}

/* An entry's width: its name, an 18 px swatch before it and 12 px before the next. */
static int
lb_plot_entry_width (Series      *s,
                     PangoLayout *layout)
{
  int w;

  pango_layout_set_text (layout, s->name, -1);
  pango_layout_get_pixel_size (layout, &w, NULL);
  return w + 18 + 12;
}

/* Rows the legend needs when laid out right to left, last series rightmost, in rows of @room. */
static int
lb_plot_legend_rows (LbPlot      *self,
                     PangoLayout *layout,
                     double       room)
{
  int rows = self->series->len > 0 ? 1 : 0;
  double used = 0;

  for (guint i = self->series->len; i-- > 0;)
    {
      int w = lb_plot_entry_width (g_ptr_array_index (self->series, i), layout);

      if (used > 0 && used + w > room)
        {
          rows++;
          used = 0;
        }
      used += w;
    }
  return rows;
}

/* The read-out for where the pointer is now, or none when it is off the plot area. */
static void
lb_plot_refresh_readout (LbPlot *self)
{
  Frame f;

  g_clear_pointer (&self->readout, g_free);
  if (!self->hovering)
    return;
  lb_plot_compute_frame (self, gtk_widget_get_width (GTK_WIDGET (self)),
                         gtk_widget_get_height (GTK_WIDGET (self)), &f);
  if (self->pointer_x >= f.left && self->pointer_x <= f.right)
    lb_plot_update_readout (self, &f);
}

/* The path of a series through its buckets: one vertical stroke from the lowest to the highest
 * value of every pixel column the buckets fall into, joined in order. Exact while there are
 * fewer buckets than columns; a min/max envelope beyond. */
static void
lb_plot_trace (cairo_t            *cr,
               const Frame        *f,
               const LbPlotSeries *points)
{
  guint n;
  const LbPlotBucket *b = lb_plot_series_get_buckets (points, &n);
  gboolean pen_down = FALSE;
  gboolean have_column = FALSE;
  double column = 0;
  LbPlotBucket acc = { 0 };

  for (guint i = 0; i <= n; i++)
    {
      double px = i < n && b[i].finite > 0 ? floor (frame_px (f, b[i].x_first)) : 0;

      /* Close the column being gathered when this bucket starts another, or the line breaks. */
      if (have_column && (i == n || b[i].finite == 0 || px != column || acc.gap_after))
        {
          double x0 = frame_px (f, acc.x_first);
          double x1 = frame_px (f, acc.x_last);

          if (pen_down)
            cairo_line_to (cr, x0, frame_py (f, acc.y_first));
          else
            cairo_move_to (cr, x0, frame_py (f, acc.y_first));
          if (acc.y_min < acc.y_max)
            {
              cairo_line_to (cr, (x0 + x1) / 2, frame_py (f, acc.y_min));
              cairo_line_to (cr, (x0 + x1) / 2, frame_py (f, acc.y_max));
            }
          cairo_line_to (cr, x1, frame_py (f, acc.y_last));
          pen_down = !acc.gap_after;
          have_column = FALSE;
        }
      if (i == n)
        break;
      if (b[i].finite == 0)
        {
          pen_down = FALSE;
          continue;
        }
      if (!have_column)
        {
          acc = b[i];
          column = px;
          have_column = TRUE;
        }
      else
        {
          acc.x_last = b[i].x_last;
          acc.y_last = b[i].y_last;
          acc.y_min = MIN (acc.y_min, b[i].y_min);
          acc.y_max = MAX (acc.y_max, b[i].y_max);
          acc.gap_after = b[i].gap_after;
        }
    }
}

/* Everything but the read-out: grid, axes, markers, series, title and legend. */
static void
lb_plot_draw_base (LbPlot        *self,
                   cairo_t       *cr,
                   const Frame   *f,
                   PangoLayout   *layout,
                   const GdkRGBA *fg_color)
{
  GdkRGBA fg = *fg_color;
  double step;
  double legend_x;
  double legend_y;
  double legend_left;

  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);

  /* Grid and y ticks. */
  step = lb_plot_nice_step (f->y1 - f->y0, MAX (2, (int) ((f->bottom - f->top) / 40)));
  cairo_set_line_width (cr, 1);
  for (double v = ceil (f->y0 / step) * step; v <= f->y1 + step * 1e-6; v += step)
    {
      char buf[32];
      double y = round (frame_py (f, v)) + 0.5;

      set_color (cr, &fg, 0.10);
      cairo_move_to (cr, f->left, y);
      cairo_line_to (cr, f->right, y);
      cairo_stroke (cr);
      g_snprintf (buf, sizeof buf, "%.*f", step < 0.01 ? 3 : step < 0.1 ? 2 : step < 1 ? 1 : 0,
                  fabs (v) < step * 1e-6 ? 0.0 : v);
      set_color (cr, &fg, 0.6);
      draw_text (cr, layout, buf, f->left - 6, y, 1, 0.5);
    }

  step = MAX (1, lb_plot_nice_step (f->x1 - f->x0, MAX (2, (int) ((f->right - f->left) / 60))));
  for (double v = 0; v <= f->x1 + 1e-9; v += step)
    {
      char buf[32];
      double x = round (frame_px (f, v)) + 0.5;
      int w;
      int h;

      set_color (cr, &fg, 0.25);
      cairo_move_to (cr, x, f->bottom);
      cairo_line_to (cr, x, f->bottom + 4);
      cairo_stroke (cr);
      g_snprintf (buf, sizeof buf, "%g", v);
      pango_layout_set_text (layout, buf, -1);
      pango_layout_get_pixel_size (layout, &w, &h);
      set_color (cr, &fg, 0.6);
      draw_text (cr, layout, buf, x, f->bottom + 5, 0.5, 0);
    }
  set_color (cr, &fg, 0.35);
  cairo_move_to (cr, f->left, round (f->bottom) + 0.5);
  cairo_line_to (cr, f->right, round (f->bottom) + 0.5);
  cairo_stroke (cr);
  /* The axis title sits left of the first tick, under the y labels, where the tick labels
   * never are. */
  if (self->x_label != NULL)
    {
      set_color (cr, &fg, 0.6);
      draw_text (cr, layout, self->x_label, f->left - 6, f->bottom + 8, 1, 0);
    }

  /* Markers: best epoch (emphasised) and learning-rate drops. */
  for (guint i = 0; i < self->markers->len; i++)
    {
      Marker *m = &g_array_index (self->markers, Marker, i);
      double x = round (frame_px (f, m->x)) + 0.5;
      static const double dash[] = { 4, 3 };

      set_color (cr, m->emphasis ? &palette[2] : &fg, m->emphasis ? 0.9 : 0.45);
      cairo_set_dash (cr, dash, m->emphasis ? 0 : 2, 0);
      cairo_move_to (cr, x, f->top);
      cairo_line_to (cr, x, f->bottom);
      cairo_stroke (cr);
      cairo_set_dash (cr, NULL, 0, 0);
      if (m->label != NULL)
        draw_text (cr, layout, m->label, x + 3, f->top + 2 + (m->emphasis ? 0 : 16), 0, 0);
    }

  /* Bands, then faint series, then bold ones on top. */
  cairo_save (cr);
  cairo_rectangle (cr, f->left, f->top - 4, f->right - f->left, f->bottom - f->top + 8);
  cairo_clip (cr);
  for (guint i = 0; i < self->series->len; i++)
    {
      Series *s = g_ptr_array_index (self->series, i);
      guint n = lb_plot_series_get_n (s->points);

      if (s->lo->len != n || n < 2)
        continue;
      for (guint k = 0; k < n; k++)
        {
          double x = frame_px (f, lb_plot_series_x (s->points, k));
          double y = frame_py (f, g_array_index (s->hi, double, k));

          if (k == 0)
            cairo_move_to (cr, x, y);
          else
            cairo_line_to (cr, x, y);
        }
      for (guint k = n; k-- > 0;)
        cairo_line_to (cr, frame_px (f, lb_plot_series_x (s->points, k)),
                       frame_py (f, g_array_index (s->lo, double, k)));
      cairo_close_path (cr);
      set_color (cr, &palette[s->color], 0.18);
      cairo_fill (cr);
    }
  for (int pass = 0; pass < 2; pass++)
    for (guint i = 0; i < self->series->len; i++)
      {
        Series *s = g_ptr_array_index (self->series, i);
        gboolean bold = s->style == LB_PLOT_STYLE_BOLD;

        if (bold != (pass == 1))
          continue;
        cairo_set_line_width (cr, bold ? 2 : 1);
        lb_plot_trace (cr, f, s->points);
        set_color (cr, &palette[s->color], bold ? 1 : 0.35);
        cairo_stroke (cr);
        if (bold && lb_plot_series_get_n (s->points) < 80)
          for (guint k = 0; k < lb_plot_series_get_n (s->points); k++)
            {
              double y = lb_plot_series_y (s->points, k);

              if (!isfinite (y))
                continue;
              cairo_arc (cr, frame_px (f, lb_plot_series_x (s->points, k)), frame_py (f, y),
                         2.5, 0, 2 * G_PI);
              cairo_fill (cr);
            }
      }
  cairo_restore (cr);

  /* Title and legend along the top. */
  set_color (cr, &fg, 0.9);
  if (self->title != NULL)
    {
      PangoFontDescription *bold = pango_font_description_new ();

      pango_font_description_set_weight (bold, PANGO_WEIGHT_BOLD);
      pango_layout_set_font_description (layout, bold);
      draw_text (cr, layout, self->title, f->left, 4, 0, 0);
      pango_layout_set_font_description (layout, NULL);
      pango_font_description_free (bold);
    }
  legend_x = f->right;
  legend_y = self->legend_rows > 0 ? 4 + LEGEND_ROW : 4;
  legend_left = self->legend_rows > 0 ? f->left : f->left + lb_plot_title_width (self, layout) + 12;
  for (guint i = self->series->len; i-- > 0;)
    {
      Series *s = g_ptr_array_index (self->series, i);
      int w;
      int h;

      pango_layout_set_text (layout, s->name, -1);
      pango_layout_get_pixel_size (layout, &w, &h);
      /* The row is full: the next row, right-aligned again, if there is one. */
      if (legend_x - w - 18 < legend_left && legend_x < f->right)
        {
          if (legend_y >= 4 + self->legend_rows * LEGEND_ROW)
            break;
          legend_x = f->right;
          legend_y += LEGEND_ROW;
        }
      legend_x -= w;
      set_color (cr, &fg, 0.75);
      cairo_move_to (cr, legend_x, legend_y);
      pango_cairo_show_layout (cr, layout);
      legend_x -= 18;
      set_color (cr, &palette[s->color], s->style == LB_PLOT_STYLE_BOLD ? 1 : 0.4);
      cairo_set_line_width (cr, s->style == LB_PLOT_STYLE_BOLD ? 3 : 1.5);
      cairo_move_to (cr, legend_x, legend_y + h / 2.0);
      cairo_line_to (cr, legend_x + 14, legend_y + h / 2.0);
      cairo_stroke (cr);
      legend_x -= 12;
    }

}

/* The values under the pointer, with a line at the pointer. */
static void
lb_plot_draw_readout (LbPlot        *self,
                      cairo_t       *cr,
                      const Frame   *f,
                      PangoLayout   *layout,
                      const GdkRGBA *fg_color)
{
  GdkRGBA fg = *fg_color;

  lb_plot_update_readout (self, f);
  if (self->readout != NULL)
    {
      GdkRGBA bg = { 1 - fg.red, 1 - fg.green, 1 - fg.blue, 0.92f };
      int w;
      int h;
      double bx;

      set_color (cr, &fg, 0.3);
      cairo_set_line_width (cr, 1);
      cairo_move_to (cr, round (self->pointer_x) + 0.5, f->top);
      cairo_line_to (cr, round (self->pointer_x) + 0.5, f->bottom);
      cairo_stroke (cr);

      pango_layout_set_text (layout, self->readout, -1);
      pango_layout_get_pixel_size (layout, &w, &h);
      bx = self->pointer_x + 10;
      if (bx + w + 12 > f->right)
        bx = self->pointer_x - w - 22;
      set_color (cr, &bg, 1);
      cairo_rectangle (cr, bx, f->top + 4, w + 12, h + 8);
      cairo_fill_preserve (cr);
      set_color (cr, &fg, 0.3);
      cairo_stroke (cr);
      set_color (cr, &fg, 1);
      cairo_move_to (cr, bx + 6, f->top + 8);
      pango_cairo_show_layout (cr, layout);
    }
}

static void
lb_plot_snapshot (GtkWidget   *widget,
                  GtkSnapshot *snapshot)
{
  LbPlot *self = LB_PLOT (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  GdkRGBA fg;
  Frame f;
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

      /* Beside the title if it fits on that line; else on rows of its own below it, as many
       * as leave the plot 70 % of its height. What still does not fit is left out. */
      {
        double room = width - MARGIN_LEFT - MARGIN_RIGHT;
        int most = (int) (MAX (height - MARGIN_TOP - MARGIN_BOTTOM, 0) * 0.3 / LEGEND_ROW);

        self->legend_rows = lb_plot_legend_rows (self, layout,
                                                 room - lb_plot_title_width (self, layout) - 12) <= 1
                              ? 0 : MIN (lb_plot_legend_rows (self, layout, room), most);
      }
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

  if (self->hovering && self->pointer_x >= f.left && self->pointer_x <= f.right)
    {
      cairo_t *cr = gtk_snapshot_append_cairo (snapshot,
                                               &GRAPHENE_RECT_INIT (0, 0, width, height));

      lb_plot_draw_readout (self, cr, &f, layout, &fg);
      cairo_destroy (cr);
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
lb_plot_css_changed (GtkWidget         *widget,
                     GtkCssStyleChange *change)
{
  GTK_WIDGET_CLASS (lb_plot_parent_class)->css_changed (widget, change);
  lb_plot_look_changed (LB_PLOT (widget));
}

static void
lb_plot_finalize (GObject *object)
{
  LbPlot *self = LB_PLOT (object);

  g_clear_pointer (&self->title, g_free);
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
lb_plot_class_init (LbPlotClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = lb_plot_finalize;
  widget_class->snapshot = lb_plot_snapshot;
  widget_class->measure = lb_plot_measure;
  widget_class->css_changed = lb_plot_css_changed;

  gtk_widget_class_set_css_name (widget_class, "plot");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
lb_plot_init (LbPlot *self)
{
  GtkEventController *motion = gtk_event_controller_motion_new ();

  self->series = g_ptr_array_new_with_free_func ((GDestroyNotify) series_free);
  self->markers = g_array_new (FALSE, FALSE, sizeof (Marker));
  g_array_set_clear_func (self->markers, (GDestroyNotify) marker_clear);
  self->x_max = 1;

  g_signal_connect (motion, "motion", G_CALLBACK (lb_plot_motion), self);
  g_signal_connect (motion, "leave", G_CALLBACK (lb_plot_leave), self);
  gtk_widget_add_controller (GTK_WIDGET (self), motion);
}
