/* lb-focus-scroll.c — a scrolled form that keeps the keyboard focus in view, popovers aside.
 * SPDX-License-Identifier: GPL-3.0-or-later */

#include "lb-config.h"

#include "lb-focus-scroll.h"

static void
focus_changed (GtkViewport *viewport,
               GParamSpec  *pspec,
               GtkRoot     *root)
{
  GtkWidget *content = gtk_viewport_get_child (viewport);
  GtkWidget *focus = gtk_root_get_focus (root);
  GtkAdjustment *adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (viewport));
  graphene_rect_t bounds;
  double top;
  double page;

  if (content == NULL || focus == NULL || adjustment == NULL
      || !gtk_widget_is_ancestor (focus, content)
      || gtk_widget_get_ancestor (focus, GTK_TYPE_POPOVER) != NULL
      || !gtk_widget_compute_bounds (focus, content, &bounds))
    return;
  top = gtk_adjustment_get_value (adjustment);
  page = gtk_adjustment_get_page_size (adjustment);
  if (bounds.origin.y < top)
    gtk_adjustment_set_value (adjustment, bounds.origin.y);
  else if (bounds.origin.y + bounds.size.height > top + page)
    gtk_adjustment_set_value (adjustment, bounds.origin.y + bounds.size.height - page);
}

/* The root's focus is watched while the viewport is on screen. */
static void
viewport_mapped (GtkViewport *viewport)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (viewport));

  g_signal_connect_object (root, "notify::focus-widget", G_CALLBACK (focus_changed), viewport,
                           G_CONNECT_SWAPPED);
}

static void
viewport_unmapped (GtkViewport *viewport)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (viewport));

  if (root != NULL)
    g_signal_handlers_disconnect_by_func (root, focus_changed, viewport);
}

void
lb_focus_scroll_follow (GtkViewport *viewport)
{
  g_return_if_fail (GTK_IS_VIEWPORT (viewport));

  gtk_viewport_set_scroll_to_focus (viewport, FALSE);
  g_signal_connect (viewport, "map", G_CALLBACK (viewport_mapped), NULL);
  g_signal_connect (viewport, "unmap", G_CALLBACK (viewport_unmapped), NULL);
  if (gtk_widget_get_mapped (GTK_WIDGET (viewport)))
    viewport_mapped (viewport);
}
