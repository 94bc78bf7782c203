/* lb-heatmap-area.c — a sweep's heatmaps in the window.
 * SPDX-License-Identifier: GPL-3.0-or-later */

#include "lb-config.h"

#include "lb-heatmap-area.h"

#include "lb-widget-style.h"

struct _LbHeatmapArea
{
  GtkWidget parent_instance;

  LbSweepHeatmap *heatmap;
};

G_DEFINE_FINAL_TYPE (LbHeatmapArea, lb_heatmap_area, GTK_TYPE_WIDGET)

void
lb_heatmap_area_set_heatmap (LbHeatmapArea  *self,
                             LbSweepHeatmap *heatmap,
                             const char     *description)
{
  g_return_if_fail (LB_IS_HEATMAP_AREA (self));

  g_clear_pointer (&self->heatmap, lb_sweep_heatmap_free);
  self->heatmap = heatmap;
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  description != NULL ? description : "", -1);
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

const LbSweepHeatmap *
lb_heatmap_area_get_heatmap (LbHeatmapArea *self)
{
  g_return_val_if_fail (LB_IS_HEATMAP_AREA (self), NULL);

  return self->heatmap;
}

static void
lb_heatmap_area_measure (GtkWidget      *widget,
                         GtkOrientation  orientation,
                         int             for_size,
                         int            *minimum,
                         int            *natural,
                         int            *minimum_baseline,
                         int            *natural_baseline)
{
  LbHeatmapArea *self = LB_HEATMAP_AREA (widget);
  int width = 0, height = 0;

  if (self->heatmap != NULL)
    lb_sweep_heatmap_get_size (self->heatmap, &width, &height);
  *minimum = *natural = orientation == GTK_ORIENTATION_HORIZONTAL ? width : height;
}

static void
lb_heatmap_area_snapshot (GtkWidget   *widget,
                          GtkSnapshot *snapshot)
{
  LbHeatmapArea *self = LB_HEATMAP_AREA (widget);
  int width, height;
  LbFigureStyle style;
  g_autofree char *font = NULL;

  if (self->heatmap == NULL)
    return;
  lb_sweep_heatmap_get_size (self->heatmap, &width, &height);
  lb_widget_figure_style (widget, &style, &font);
  cairo_t *cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  lb_sweep_heatmap_draw (self->heatmap, cr, &style);
  cairo_destroy (cr);
}

static gboolean
lb_heatmap_area_query_tooltip (GtkWidget  *widget,
                               int         x,
                               int         y,
                               gboolean    keyboard,
                               GtkTooltip *tooltip)
{
  LbHeatmapArea *self = LB_HEATMAP_AREA (widget);
  guint cell;
  LbSweepHeatmapSplit split;

  if (self->heatmap == NULL || keyboard
      || !lb_sweep_heatmap_cell_at (self->heatmap, x, y, &cell, &split))
    return FALSE;
  g_autofree char *text = lb_sweep_heatmap_describe_cell (self->heatmap, cell, split);
  gtk_tooltip_set_text (tooltip, text);
  /* A new tooltip for each cell, not one that follows the pointer across them. */
  cairo_rectangle_t area;
  if (lb_sweep_heatmap_get_cell_area (self->heatmap, cell, split, &area))
    gtk_tooltip_set_tip_area (tooltip, &(GdkRectangle) { (int) area.x, (int) area.y,
                                                         (int) area.width,
                                                         (int) area.height });
  return TRUE;
}

static void
lb_heatmap_area_finalize (GObject *object)
{
  LbHeatmapArea *self = LB_HEATMAP_AREA (object);

  g_clear_pointer (&self->heatmap, lb_sweep_heatmap_free);
  G_OBJECT_CLASS (lb_heatmap_area_parent_class)->finalize (object);
}

static void
lb_heatmap_area_class_init (LbHeatmapAreaClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = lb_heatmap_area_finalize;
  widget_class->measure = lb_heatmap_area_measure;
  widget_class->snapshot = lb_heatmap_area_snapshot;
  widget_class->query_tooltip = lb_heatmap_area_query_tooltip;
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
lb_heatmap_area_init (LbHeatmapArea *self)
{
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
  gtk_widget_set_halign (GTK_WIDGET (self), GTK_ALIGN_START);
}
