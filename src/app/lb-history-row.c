/* lb-history-row.c — one experiment in the History list (what it compared, how far it got, its
 * headline result), with Open, Resume and Delete, and a check box choosing it for the runs side
 * by side (the "chosen" property).
 * SPDX-License-Identifier: GPL-3.0-or-later */

#include "lb-config.h"

#include "lb-history-row.h"

struct _LbHistoryRow
{
  AdwActionRow parent_instance;

  char *folder;

  /* Template children. */
  GtkCheckButton *choose_check;
  GtkButton *open_button;
  GtkButton *resume_button;
  GtkButton *delete_button;
};

G_DEFINE_FINAL_TYPE (LbHistoryRow, lb_history_row, ADW_TYPE_ACTION_ROW)

enum
{
  PROP_0,
  PROP_CHOSEN,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

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
lb_history_row_new (LbExperimentItem *item,
                    gboolean          chosen)
{
  LbHistoryRow *self = g_object_new (LB_TYPE_HISTORY_ROW, NULL);
  const char *folder = lb_experiment_item_get_folder (item);
  const char *title = lb_experiment_item_get_title (item);
  gboolean damaged = lb_experiment_item_get_damaged (item);
  g_autofree char *open_name = g_strdup_printf ("Open %s in Compare", title);
  g_autofree char *resume_name = g_strdup_printf ("Resume %s", title);
  g_autofree char *delete_name = g_strdup_printf ("Delete %s…", title);
  g_autofree char *choose_name = g_strdup_printf ("Choose %s for Side by Side", title);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self), lb_experiment_item_get_subtitle (item));
  lb_history_row_aim (self->open_button, folder, open_name);
  lb_history_row_aim (self->resume_button, folder, resume_name);
  lb_history_row_aim (self->delete_button, folder, delete_name);
  self->folder = g_strdup (folder);
  gtk_check_button_set_active (self->choose_check, chosen && !damaged);
  gtk_widget_set_sensitive (GTK_WIDGET (self->choose_check), !damaged);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->choose_check),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, choose_name, -1);
  gtk_widget_set_visible (GTK_WIDGET (self->open_button), !damaged);
  gtk_widget_set_visible (GTK_WIDGET (self->resume_button),
                          !damaged && !lb_experiment_item_get_complete (item));
  return GTK_WIDGET (self);
}

const char *
lb_history_row_get_folder (LbHistoryRow *self)
{
  g_return_val_if_fail (LB_IS_HISTORY_ROW (self), NULL);

  return self->folder;
}

gboolean
lb_history_row_get_chosen (LbHistoryRow *self)
{
  g_return_val_if_fail (LB_IS_HISTORY_ROW (self), FALSE);

  return gtk_check_button_get_active (self->choose_check);
}

void
lb_history_row_set_chosen (LbHistoryRow *self,
                           gboolean      chosen)
{
  g_return_if_fail (LB_IS_HISTORY_ROW (self));

  gtk_check_button_set_active (self->choose_check, chosen);
}

static void
choose_toggled (LbHistoryRow *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CHOSEN]);
}

static void
lb_history_row_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  LbHistoryRow *self = LB_HISTORY_ROW (object);

  switch (prop_id)
    {
    case PROP_CHOSEN:
      g_value_set_boolean (value, lb_history_row_get_chosen (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lb_history_row_dispose (GObject *object)
{
  g_clear_pointer (&LB_HISTORY_ROW (object)->folder, g_free);
  gtk_widget_dispose_template (GTK_WIDGET (object), LB_TYPE_HISTORY_ROW);

  G_OBJECT_CLASS (lb_history_row_parent_class)->dispose (object);
}

static void
lb_history_row_class_init (LbHistoryRowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = lb_history_row_dispose;
  object_class->get_property = lb_history_row_get_property;

  /* Whether its check box chooses it for the runs side by side. */
  properties[PROP_CHOSEN] = g_param_spec_boolean ("chosen", NULL, NULL, FALSE,
                                                  G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/lossbench/Lossbench/ui/lb-history-row.ui");
  gtk_widget_class_bind_template_child (widget_class, LbHistoryRow, choose_check);
  gtk_widget_class_bind_template_child (widget_class, LbHistoryRow, open_button);
  gtk_widget_class_bind_template_child (widget_class, LbHistoryRow, resume_button);
  gtk_widget_class_bind_template_child (widget_class, LbHistoryRow, delete_button);
}

static void
lb_history_row_init (LbHistoryRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect_swapped (self->choose_check, "toggled", G_CALLBACK (choose_toggled), self);
  /* The row does nothing itself: Tab goes from button to button. */
  gtk_widget_set_focusable (GTK_WIDGET (self), FALSE);
}
