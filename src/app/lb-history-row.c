/* lb-history-row.c — one experiment in the History list (what it compared, how far it got, its
 * headline result), with Open, Resume and Delete.
 * SPDX-License-Identifier: GPL-3.0-or-later */

#include "lb-config.h"

#include "lb-history-row.h"

struct _LbHistoryRow
{
  AdwActionRow parent_instance;

  /* Template children. */
  GtkButton *open_button;
  GtkButton *resume_button;
  GtkButton *delete_button;
};

G_DEFINE_FINAL_TYPE (LbHistoryRow, lb_history_row, ADW_TYPE_ACTION_ROW)

/* The button acts on @folder and says so to a screen reader (and to the UI test). */
static void
lb_history_row_aim (GtkButton  *button,
                    const char *folder,
                    const char *accessible)
{
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", folder);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  accessible, -1);
}

GtkWidget *
lb_history_row_new (LbExperimentItem *item)
{
  LbHistoryRow *self = g_object_new (LB_TYPE_HISTORY_ROW, NULL);
  const char *folder = lb_experiment_item_get_folder (item);
  const char *title = lb_experiment_item_get_title (item);
  gboolean damaged = lb_experiment_item_get_damaged (item);
  g_autofree char *open_name = g_strdup_printf ("Open %s in Compare", title);
  g_autofree char *resume_name = g_strdup_printf ("Resume %s", title);
  g_autofree char *delete_name = g_strdup_printf ("Delete %s…", title);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self), lb_experiment_item_get_subtitle (item));
  lb_history_row_aim (self->open_button, folder, open_name);
  lb_history_row_aim (self->resume_button, folder, resume_name);
  lb_history_row_aim (self->delete_button, folder, delete_name);
  gtk_widget_set_visible (GTK_WIDGET (self->open_button), !damaged);
  gtk_widget_set_visible (GTK_WIDGET (self->resume_button),
                          !damaged && !lb_experiment_item_get_complete (item));
  return GTK_WIDGET (self);
}

static void
lb_history_row_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), LB_TYPE_HISTORY_ROW);

  G_OBJECT_CLASS (lb_history_row_parent_class)->dispose (object);
}

static void
lb_history_row_class_init (LbHistoryRowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = lb_history_row_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/lossbench/Lossbench/ui/lb-history-row.ui");
  gtk_widget_class_bind_template_child (widget_class, LbHistoryRow, open_button);
  gtk_widget_class_bind_template_child (widget_class, LbHistoryRow, resume_button);
  gtk_widget_class_bind_template_child (widget_class, LbHistoryRow, delete_button);
}

static void
lb_history_row_init (LbHistoryRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  /* The row does nothing itself: Tab goes from button to button. */
  gtk_widget_set_focusable (GTK_WIDGET (self), FALSE);
}
