/* lb-plot-menu.c — an LbPlot's actions and the context menu that offers them: export, log
 * scale, smoothing and the series shown.
 * SPDX-License-Identifier: GPL-3.0-or-later */

#include "lb-config.h"

#include <stdio.h>

#include "lb-plot-private.h"

static void
export_activated (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  LbPlotExportFormat format;

  if (lb_plot_export_format_from_string (g_variant_get_string (parameter, NULL), &format))
    lb_plot_export_ask (LB_PLOT (widget), format);
}

static void
show_all_activated (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  LbPlot *self = LB_PLOT (widget);

  for (guint i = 0; i < lb_plot_get_n_series (self); i++)
    lb_plot_set_series_visible (self, i, TRUE);
}

/* series.show-N: a check item per series, made afresh each time the menu opens. */
static void
series_toggled (GSimpleAction *action,
                GVariant      *state,
                gpointer       user_data)
{
  LbPlot *self = user_data;
  guint index;

  if (sscanf (g_action_get_name (G_ACTION (action)), "show-%u", &index) == 1
      && index < lb_plot_get_n_series (self))
    lb_plot_set_series_visible (self, index, g_variant_get_boolean (state));
  g_simple_action_set_state (action, state);
}

static GMenuModel *
build_menu (LbPlot *self)
{
  g_autoptr (GMenu) menu = g_menu_new ();
  g_autoptr (GMenu) export = g_menu_new ();
  g_autoptr (GMenu) view = g_menu_new ();
  g_autoptr (GMenu) series = g_menu_new ();
  g_autoptr (GMenuItem) smoothing = g_menu_item_new (NULL, NULL);
  g_autoptr (GSimpleActionGroup) group = g_simple_action_group_new ();

  g_menu_append (export, "Export as _PNG…", "plot.export::png");
  g_menu_append (export, "Export as _SVG…", "plot.export::svg");
  g_menu_append (export, "Export as P_DF…", "plot.export::pdf");
  g_menu_append (export, "Export _Data as CSV…", "plot.export::csv");
  g_menu_append_section (menu, NULL, G_MENU_MODEL (export));

  g_menu_append (view, "_Log Scale", "plot.log-scale");
  g_menu_item_set_attribute (smoothing, "custom", "s", "smoothing");
  g_menu_append_item (view, smoothing);
  g_menu_append_section (menu, NULL, G_MENU_MODEL (view));

  for (guint i = 0; i < lb_plot_get_n_series (self); i++)
    {
      g_autofree char *name = g_strdup_printf ("show-%u", i);
      g_autofree char *detailed = g_strdup_printf ("series.%s", name);
      GSimpleAction *action = g_simple_action_new_stateful (
        name, NULL, g_variant_new_boolean (lb_plot_get_series_visible (self, i)));

      g_signal_connect_object (action, "change-state", G_CALLBACK (series_toggled), self, 0);
      g_action_map_add_action (G_ACTION_MAP (group), G_ACTION (action));
      g_object_unref (action);
      g_menu_append (series, lb_plot_get_series_name (self, i), detailed);
    }
  if (lb_plot_get_n_series (self) > 1)
    g_menu_append (series, "Show _All", "plot.show-all");
  if (lb_plot_get_n_series (self) > 0)
    g_menu_append_section (menu, "Series", G_MENU_MODEL (series));
  gtk_widget_insert_action_group (GTK_WIDGET (self), "series", G_ACTION_GROUP (group));
  return G_MENU_MODEL (g_steal_pointer (&menu));
}

/* The smoothing slider inside the menu, bound both ways to the chart's property. */
static GtkWidget *
smoothing_row (LbPlot *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *label = gtk_label_new ("Smoothing");
  GtkWidget *scale = gtk_scale_new_with_range (GTK_ORIENTATION_HORIZONTAL, 0,
                                               LB_PLOT_SMOOTHING_MAX, 0.01);

  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_scale_set_digits (GTK_SCALE (scale), 2);
  gtk_scale_set_draw_value (GTK_SCALE (scale), TRUE);
  gtk_scale_set_value_pos (GTK_SCALE (scale), GTK_POS_RIGHT);
  gtk_widget_set_hexpand (scale, TRUE);
  gtk_widget_set_size_request (scale, 160, -1);
  gtk_widget_set_tooltip_text (scale, "A moving average of the lines; the raw values stay faint");
  gtk_accessible_update_property (GTK_ACCESSIBLE (scale), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  "Smoothing", -1);
  g_object_bind_property (self, "smoothing", gtk_range_get_adjustment (GTK_RANGE (scale)),
                          "value", G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), scale);
  return box;
}

/* Opens the menu pointing at (X, Y), in widget coordinates. */
static void
popup_at (LbPlot *self,
          double  x,
          double  y)
{
  g_autoptr (GMenuModel) model = build_menu (self);

  if (self->menu == NULL)
    {
      self->menu = gtk_popover_menu_new_from_model (model);
      gtk_widget_set_parent (self->menu, GTK_WIDGET (self));
      gtk_popover_set_has_arrow (GTK_POPOVER (self->menu), FALSE);
      gtk_widget_set_halign (self->menu, GTK_ALIGN_START);
    }
  else
    gtk_popover_menu_set_menu_model (GTK_POPOVER_MENU (self->menu), model);
  gtk_popover_menu_add_child (GTK_POPOVER_MENU (self->menu), smoothing_row (self), "smoothing");
  gtk_popover_set_pointing_to (GTK_POPOVER (self->menu), &(GdkRectangle){ (int) x, (int) y, 1, 1 });
  gtk_popover_popup (GTK_POPOVER (self->menu));
}

static void
menu_activated (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  popup_at (LB_PLOT (widget), gtk_widget_get_width (widget) / 2.0,
            gtk_widget_get_height (widget) / 2.0);
}

static void
secondary_pressed (GtkGestureClick *gesture,
                   int              n_press,
                   double           x,
                   double           y,
                   gpointer         user_data)
{
  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
  popup_at (LB_PLOT (user_data), x, y);
}

static void
long_pressed (GtkGestureLongPress *gesture,
              double               x,
              double               y,
              gpointer             user_data)
{
  popup_at (LB_PLOT (user_data), x, y);
}

void
lb_plot_menu_class_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "plot.export", "s", export_activated);
  gtk_widget_class_install_action (widget_class, "plot.show-all", NULL, show_all_activated);
  gtk_widget_class_install_action (widget_class, "plot.menu", NULL, menu_activated);
  gtk_widget_class_install_property_action (widget_class, "plot.log-scale", "log-scale");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F10, GDK_SHIFT_MASK, "plot.menu",
                                       NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Menu, 0, "plot.menu", NULL);
}

void
lb_plot_menu_init (LbPlot *self)
{
  GtkGesture *click = gtk_gesture_click_new ();
  GtkGesture *press = gtk_gesture_long_press_new ();

  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), GDK_BUTTON_SECONDARY);
  g_signal_connect (click, "pressed", G_CALLBACK (secondary_pressed), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));
  gtk_gesture_single_set_touch_only (GTK_GESTURE_SINGLE (press), TRUE);
  g_signal_connect (press, "pressed", G_CALLBACK (long_pressed), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (press));
  /* Focusable, so that the keyboard reaches the menu, and a screen reader the description. */
  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
}
