/* lb-push-area.c — the maps of where each loss pushes, drawn in the window's colours and font.
 * SPDX-License-Identifier: GPL-3.0-or-later */

#include "lb-config.h"

#include "lb-push-area.h"

#include "lb-widget-style.h"

struct _LbPushArea
{
  GtkWidget parent_instance;

  LbPushFigure *figure;
};

G_DEFINE_FINAL_TYPE (LbPushArea, lb_push_area, GTK_TYPE_WIDGET)

void
lb_push_area_set_figure (LbPushArea   *self,
                         LbPushFigure *figure)
{
  g_return_if_fail (LB_IS_PUSH_AREA (self));

  g_clear_pointer (&self->figure, lb_push_figure_unref);
  if (figure != NULL)
    self->figure = lb_push_figure_ref (figure);
  g_autofree char *description = figure != NULL ? lb_push_figure_describe (figure) : NULL;
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  description != NULL ? description : "", -1);
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

const LbPushFigure *
lb_push_area_get_figure (LbPushArea *self)
{
  g_return_val_if_fail (LB_IS_PUSH_AREA (self), NULL);

  return self->figure;
}

static GtkSizeRequestMode
lb_push_area_get_request_mode (GtkWidget *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

/* As narrow as one column; as tall as the panels need at the width given. */
static void
lb_push_area_measure (GtkWidget      *widget,
                      GtkOrientation  orientation,
                      int             for_size,
                      int            *minimum,
                      int            *natural,
                      int            *minimum_baseline,
                      int            *natural_baseline)
{
  LbPushArea *self = LB_PUSH_AREA (widget);
  int width = 0, height = 0, widest = 0, unused;

  *minimum = *natural = 0;
  if (self->figure == NULL)
    return;
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      lb_push_figure_get_size (self->figure, 1, &width, &unused);
      lb_push_figure_get_size (self->figure, G_MAXINT, &widest, &unused);
      *minimum = width;
      *natural = widest;
      return;
    }
  lb_push_figure_get_size (self->figure,
                           for_size < 0 ? 1 : lb_push_figure_columns_for_width (for_size),
                           &width, &height);
  *minimum = *natural = height;
}

static void
lb_push_area_snapshot (GtkWidget   *widget,
                       GtkSnapshot *snapshot)
{
  LbPushArea *self = LB_PUSH_AREA (widget);
  int columns, width, height;
  LbFigureStyle style;
  g_autofree char *font = NULL;

  if (self->figure == NULL)
    return;
  columns = lb_push_figure_columns_for_width (gtk_widget_get_width (widget));
  lb_push_figure_get_size (self->figure, columns, &width, &height);
  lb_widget_figure_style (widget, &style, &font);
  cairo_t *cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  lb_push_figure_draw (self->figure, cr, columns, &style);
  cairo_destroy (cr);
}

static void
lb_push_area_finalize (GObject *object)
{
  LbPushArea *self = LB_PUSH_AREA (object);

  g_clear_pointer (&self->figure, lb_push_figure_unref);
  G_OBJECT_CLASS (lb_push_area_parent_class)->finalize (object);
}

static void
lb_push_area_class_init (LbPushAreaClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = lb_push_area_finalize;
  widget_class->get_request_mode = lb_push_area_get_request_mode;
  widget_class->measure = lb_push_area_measure;
  widget_class->snapshot = lb_push_area_snapshot;
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
lb_push_area_init (LbPushArea *self)
{
  gtk_widget_set_halign (GTK_WIDGET (self), GTK_ALIGN_START);
  gtk_widget_set_valign (GTK_WIDGET (self), GTK_ALIGN_START);
}
