/* lb-forest-plot.c — pairwise differences with their confidence intervals, a line at zero.
 * SPDX-License-Identifier: GPL-3.0-or-later */

#include "lb-config.h"

#include <math.h>

#include "lb-forest-plot.h"
#include "lb-plot.h"

#define ROW_HEIGHT 26.0
#define MARGIN_TOP 8.0
#define MARGIN_BOTTOM 52.0   /* tick labels, the axis title and what either side means */
#define MARGIN_RIGHT 16.0
#define LABEL_GAP 12.0

typedef struct
{
  char *label;
  double mean;
  double low;
  double high;
  LbForestVerdict verdict;
} Row;

struct _LbForestPlot
{
  GtkWidget parent_instance;

  char *axis_label;
  char *left_side;
  char *right_side;
  GArray *rows;   /* Row */
};

G_DEFINE_FINAL_TYPE (LbForestPlot, lb_forest_plot, GTK_TYPE_WIDGET)

static void
row_clear (Row *row)
{
  g_free (row->label);
}

GtkWidget *
lb_forest_plot_new (void)
{
  return g_object_new (LB_TYPE_FOREST_PLOT, NULL);
}

/* A screen reader (and the UI test) reads the rows as sentences. */
static void
lb_forest_plot_update_description (LbForestPlot *self)
{
  g_autoptr (GString) text = g_string_new (NULL);

  for (guint i = 0; i < self->rows->len; i++)
    {
      const Row *r = &g_array_index (self->rows, Row, i);
      const char *verdict = r->verdict == LB_FOREST_DIFFERENT       ? "different"
                            : r->verdict == LB_FOREST_NOT_DIFFERENT ? "not distinguishable"
                                                                    : "undecided";

      if (text->len > 0)
        g_string_append (text, "; ");
      g_string_append_printf (text, "%s: %+.4f", r->label, r->mean);
      if (isfinite (r->low) && isfinite (r->high))
        g_string_append_printf (text, " [%+.4f, %+.4f]", r->low, r->high);
      g_string_append_printf (text, ", %s", verdict);
    }
  if (self->rows->len > 0 && self->left_side != NULL && self->right_side != NULL)
    g_string_append_printf (text, "; left of zero: %s, right of zero: %s", self->left_side,
                            self->right_side);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  text->str, -1);
}

void
lb_forest_plot_set_axis_label (LbForestPlot *self,
                               const char   *label)
{
  g_return_if_fail (LB_IS_FOREST_PLOT (self));

  g_free (self->axis_label);
  self->axis_label = g_strdup (label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
lb_forest_plot_set_sides (LbForestPlot *self,
                          const char   *left,
                          const char   *right)
{
  g_return_if_fail (LB_IS_FOREST_PLOT (self));

  g_free (self->left_side);
  g_free (self->right_side);
  self->left_side = g_strdup (left);
  self->right_side = g_strdup (right);
  lb_forest_plot_update_description (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* Decimals that tell ticks STEP apart: 0.0005 → 4, 0.5 → 1, 5 → 0. */
static int
tick_decimals (double step)
{
  int decimals = 0;

  while (decimals < 6 && step * pow (10, decimals) < 0.999)
    decimals++;
  return decimals;
}

void
lb_forest_plot_clear (LbForestPlot *self)
{
  g_return_if_fail (LB_IS_FOREST_PLOT (self));

  g_array_set_size (self->rows, 0);
  lb_forest_plot_update_description (self);
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

void
lb_forest_plot_add_row (LbForestPlot    *self,
                        const char      *label,
                        double           mean,
                        double           low,
                        double           high,
                        LbForestVerdict  verdict)
{
  Row row = { g_strdup (label), mean, low, high, verdict };

  g_return_if_fail (LB_IS_FOREST_PLOT (self));

  g_array_append_val (self->rows, row);
  lb_forest_plot_update_description (self);
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

guint
lb_forest_plot_get_n_rows (LbForestPlot *self)
{
  g_return_val_if_fail (LB_IS_FOREST_PLOT (self), 0);

  return self->rows->len;
}

/* The x range: every interval and 0, padded, symmetric enough that 0 is never at an edge. */
static void
lb_forest_plot_range (LbForestPlot *self,
                      double       *lo,
                      double       *hi)
{
  double extent = 0;

  for (guint i = 0; i < self->rows->len; i++)
    {
      const Row *r = &g_array_index (self->rows, Row, i);

      extent = MAX (extent, fabs (r->mean));
      if (isfinite (r->low))
        extent = MAX (extent, fabs (r->low));
      if (isfinite (r->high))
        extent = MAX (extent, fabs (r->high));
    }
  if (!(extent > 0) || !isfinite (extent))
    extent = 0.01;
  *lo = -extent * 1.1;
  *hi = extent * 1.1;
}

static void
lb_forest_plot_snapshot (GtkWidget   *widget,
                         GtkSnapshot *snapshot)
{
  LbForestPlot *self = LB_FOREST_PLOT (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  g_autoptr (PangoLayout) layout = gtk_widget_create_pango_layout (widget, NULL);
  GdkRGBA fg;
  GdkRGBA accent = { 0.21f, 0.52f, 0.89f, 1 };
  cairo_t *cr;
  double label_width = 0;
  double left;
  double right;
  double lo;
  double hi;
  double step;
  double bottom;

  if (width <= 0 || height <= 0 || self->rows->len == 0)
    return;
  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &fg);
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  gtk_style_context_lookup_color (gtk_widget_get_style_context (widget), "accent_color", &accent);
  G_GNUC_END_IGNORE_DEPRECATIONS

  for (guint i = 0; i < self->rows->len; i++)
    {
      int w;

      pango_layout_set_text (layout, g_array_index (self->rows, Row, i).label, -1);
      pango_layout_get_pixel_size (layout, &w, NULL);
      label_width = MAX (label_width, w);
    }
  left = MIN (label_width + LABEL_GAP, width * 0.45);
  right = MAX (width - MARGIN_RIGHT, left + 1);
  bottom = MARGIN_TOP + self->rows->len * ROW_HEIGHT;
  lb_forest_plot_range (self, &lo, &hi);
#define PX(v) (left + ((v) - lo) / (hi - lo) * (right - left))

  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  cairo_set_line_width (cr, 1);

  /* Ticks along the bottom, the zero line across every row. */
  step = lb_plot_nice_step (hi - lo, MAX (2, (int) ((right - left) / 70)));
  for (double v = ceil (lo / step) * step; v <= hi + step * 1e-6; v += step)
    {
      char buf[32];
      double x = round (PX (v)) + 0.5;
      int w;

      cairo_set_source_rgba (cr, fg.red, fg.green, fg.blue, 0.25);
      cairo_move_to (cr, x, bottom);
      cairo_line_to (cr, x, bottom + 4);
      cairo_stroke (cr);
      g_snprintf (buf, sizeof buf, "%+.*f", tick_decimals (step),
                  fabs (v) < step * 1e-6 ? 0.0 : v);
      pango_layout_set_text (layout, buf, -1);
      pango_layout_get_pixel_size (layout, &w, NULL);
      cairo_set_source_rgba (cr, fg.red, fg.green, fg.blue, 0.6);
      cairo_move_to (cr, x - w / 2.0, bottom + 5);
      pango_cairo_show_layout (cr, layout);
    }
  {
    static const double dash[] = { 4, 3 };
    double x = round (PX (0)) + 0.5;

    cairo_set_source_rgba (cr, fg.red, fg.green, fg.blue, 0.5);
    cairo_set_dash (cr, dash, 2, 0);
    cairo_move_to (cr, x, MARGIN_TOP - 4);
    cairo_line_to (cr, x, bottom);
    cairo_stroke (cr);
    cairo_set_dash (cr, NULL, 0, 0);
  }
  if (self->axis_label != NULL)
    {
      int w;

      pango_layout_set_text (layout, self->axis_label, -1);
      pango_layout_get_pixel_size (layout, &w, NULL);
      cairo_set_source_rgba (cr, fg.red, fg.green, fg.blue, 0.6);
      cairo_move_to (cr, (left + right - w) / 2, bottom + 18);
      pango_cairo_show_layout (cr, layout);
    }
  /* Which way is better, at the two ends: the same distance from zero reads differently for
   * IoU and for HD95. */
  if (self->left_side != NULL && self->right_side != NULL)
    {
      g_autofree char *left_text = g_strdup_printf ("← %s", self->left_side);
      g_autofree char *right_text = g_strdup_printf ("%s →", self->right_side);
      int w;

      cairo_set_source_rgba (cr, fg.red, fg.green, fg.blue, 0.6);
      pango_layout_set_text (layout, left_text, -1);
      cairo_move_to (cr, left, bottom + 34);
      pango_cairo_show_layout (cr, layout);
      pango_layout_set_text (layout, right_text, -1);
      pango_layout_get_pixel_size (layout, &w, NULL);
      cairo_move_to (cr, right - w, bottom + 34);
      pango_cairo_show_layout (cr, layout);
    }

  for (guint i = 0; i < self->rows->len; i++)
    {
      const Row *r = &g_array_index (self->rows, Row, i);
      double y = MARGIN_TOP + (i + 0.5) * ROW_HEIGHT;
      gboolean different = r->verdict == LB_FOREST_DIFFERENT;
      const GdkRGBA *c = different ? &accent : &fg;
      double alpha = different ? 1 : 0.7;
      int h;

      pango_layout_set_text (layout, r->label, -1);
      pango_layout_get_pixel_size (layout, NULL, &h);
      cairo_set_source_rgba (cr, fg.red, fg.green, fg.blue, different ? 0.95 : 0.7);
      cairo_move_to (cr, 0, y - h / 2.0);
      pango_cairo_show_layout (cr, layout);
      /* The text leaves a current point: start the marks on a path of their own. */
      cairo_new_path (cr);

      cairo_set_source_rgba (cr, c->red, c->green, c->blue, alpha);
      cairo_set_line_width (cr, different ? 2.5 : 1.5);
      if (isfinite (r->low) && isfinite (r->high))
        {
          cairo_move_to (cr, PX (r->low), y);
          cairo_line_to (cr, PX (r->high), y);
          cairo_move_to (cr, PX (r->low), y - 4);
          cairo_line_to (cr, PX (r->low), y + 4);
          cairo_move_to (cr, PX (r->high), y - 4);
          cairo_line_to (cr, PX (r->high), y + 4);
          cairo_stroke (cr);
        }
      if (isfinite (r->mean))
        {
          cairo_arc (cr, PX (r->mean), y, 4, 0, 2 * G_PI);
          /* Undecided (too few seeds): hollow, a point estimate without a verdict. */
          if (r->verdict == LB_FOREST_UNDECIDED)
            {
              cairo_set_line_width (cr, 1.5);
              cairo_stroke (cr);
            }
          else
            cairo_fill (cr);
        }
    }
#undef PX
  cairo_destroy (cr);
}

static void
lb_forest_plot_measure (GtkWidget      *widget,
                        GtkOrientation  orientation,
                        int             for_size,
                        int            *minimum,
                        int            *natural,
                        int            *minimum_baseline,
                        int            *natural_baseline)
{
  LbForestPlot *self = LB_FOREST_PLOT (widget);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = 240;
      *natural = 480;
    }
  else
    *minimum = *natural = self->rows->len == 0
                            ? 0 : (int) (MARGIN_TOP + self->rows->len * ROW_HEIGHT + MARGIN_BOTTOM);
}

static void
lb_forest_plot_css_changed (GtkWidget         *widget,
                            GtkCssStyleChange *change)
{
  GTK_WIDGET_CLASS (lb_forest_plot_parent_class)->css_changed (widget, change);
  gtk_widget_queue_draw (widget);
}

static void
lb_forest_plot_finalize (GObject *object)
{
  LbForestPlot *self = LB_FOREST_PLOT (object);

  g_free (self->axis_label);
  g_free (self->left_side);
  g_free (self->right_side);
  g_array_unref (self->rows);

  G_OBJECT_CLASS (lb_forest_plot_parent_class)->finalize (object);
}

static void
lb_forest_plot_class_init (LbForestPlotClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = lb_forest_plot_finalize;
  widget_class->snapshot = lb_forest_plot_snapshot;
  widget_class->measure = lb_forest_plot_measure;
  widget_class->css_changed = lb_forest_plot_css_changed;

  gtk_widget_class_set_css_name (widget_class, "forestplot");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
lb_forest_plot_init (LbForestPlot *self)
{
  self->rows = g_array_new (FALSE, FALSE, sizeof (Row));
  g_array_set_clear_func (self->rows, (GDestroyNotify) row_clear);
}
