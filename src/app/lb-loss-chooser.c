/* lb-loss-chooser.c — a row that chooses a loss from the catalogue, grouped by family.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A menu button shows the chosen loss; its popover lists every loss of the catalogue with its
 * caption, under a heading per family (GtkListBox headers: GTK 4.8's list views have no
 * sections), keyboard navigable, the chosen one ticked and focused. The list has a fixed height
 * and builds its rows once, so scrolling it never resizes the popover.
 *
 * In a scrolled form, the form's viewport must not follow the focus into the popover (GTK 4.8's
 * does, by the rows' place in the popover): see lb-train-form.c. */

#include "lb-config.h"

#include "lb-loss-catalogue.h"
#include "lb-loss-choice.h"
#include "lb-loss-chooser.h"

struct _LbLossChooser
{
  AdwActionRow parent_instance;

  GListModel *model;
  guint selected;

  /* Template children. */
  GtkMenuButton *button;
  GtkPopover *popover;
  GtkListBox *list;
};

G_DEFINE_FINAL_TYPE (LbLossChooser, lb_loss_chooser, ADW_TYPE_ACTION_ROW)

enum
{
  PROP_0,
  PROP_SELECTED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

GListModel *
lb_loss_chooser_get_model (LbLossChooser *self)
{
  g_return_val_if_fail (LB_IS_LOSS_CHOOSER (self), NULL);

  return self->model;
}

guint
lb_loss_chooser_get_selected (LbLossChooser *self)
{
  g_return_val_if_fail (LB_IS_LOSS_CHOOSER (self), 0);

  return self->selected;
}

NnLossKind
lb_loss_chooser_get_kind (LbLossChooser *self)
{
  g_autoptr (LbLossChoice) choice = NULL;

  g_return_val_if_fail (LB_IS_LOSS_CHOOSER (self), NN_LOSS_DICE_BCE);

  choice = g_list_model_get_item (self->model, self->selected);
  return lb_loss_choice_get_kind (choice);
}

/* The row, its popover's tick and what assistive technologies hear follow the choice. */
static void
lb_loss_chooser_sync (LbLossChooser *self)
{
  g_autoptr (LbLossChoice) choice = g_list_model_get_item (self->model, self->selected);
  NnLossKind kind = lb_loss_choice_get_kind (choice);
  GtkListBoxRow *row;

  gtk_menu_button_set_label (self->button, nn_loss_kind_to_label (kind));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self), lb_loss_info (kind)->caption);
  for (guint i = 0; (row = gtk_list_box_get_row_at_index (self->list, i)) != NULL; i++)
    {
      gtk_widget_set_visible (g_object_get_data (G_OBJECT (row), "tick"), i == self->selected);
      gtk_accessible_update_state (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_STATE_SELECTED,
                                   i == self->selected, -1);
    }
}

void
lb_loss_chooser_set_selected (LbLossChooser *self,
                              guint          position)
{
  g_return_if_fail (LB_IS_LOSS_CHOOSER (self));

  if (position >= g_list_model_get_n_items (self->model) || position == self->selected)
    return;
  self->selected = position;
  lb_loss_chooser_sync (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED]);
}

void
lb_loss_chooser_set_name (LbLossChooser *self,
                          const char    *name)
{
  GtkAccessible *named[] = { GTK_ACCESSIBLE (self), GTK_ACCESSIBLE (self->button) };

  g_return_if_fail (LB_IS_LOSS_CHOOSER (self));

  for (guint i = 0; i < G_N_ELEMENTS (named); i++)
    {
      gtk_accessible_reset_relation (named[i], GTK_ACCESSIBLE_RELATION_LABELLED_BY);
      gtk_accessible_update_property (named[i], GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
    }
}

static GtkWidget *
lb_loss_chooser_create_row (gpointer item,
                            gpointer user_data)
{
  LbLossChoice *choice = item;
  const char *label = nn_loss_kind_to_label (lb_loss_choice_get_kind (choice));
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *text = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *name = gtk_label_new (label);
  GtkWidget *caption = gtk_label_new (lb_loss_choice_get_caption (choice));
  GtkWidget *tick = gtk_image_new_from_icon_name ("object-select-symbolic");

  gtk_label_set_xalign (GTK_LABEL (name), 0);
  gtk_label_set_xalign (GTK_LABEL (caption), 0);
  /* Every row as wide as the others, whatever its caption. */
  gtk_label_set_wrap (GTK_LABEL (caption), TRUE);
  gtk_label_set_width_chars (GTK_LABEL (caption), 30);
  gtk_label_set_max_width_chars (GTK_LABEL (caption), 30);
  gtk_widget_add_css_class (caption, "caption");
  gtk_widget_add_css_class (caption, "dim-label");
  gtk_widget_set_hexpand (text, TRUE);
  gtk_box_append (GTK_BOX (text), name);
  gtk_box_append (GTK_BOX (text), caption);
  gtk_box_append (GTK_BOX (box), text);
  gtk_widget_set_valign (tick, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (tick), GTK_ACCESSIBLE_PROPERTY_LABEL, "Chosen",
                                  -1);
  gtk_box_append (GTK_BOX (box), tick);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  lb_loss_choice_get_caption (choice), -1);
  g_object_set_data (G_OBJECT (row), "tick", tick);
  return row;
}

static NnLossFamily
row_family (LbLossChooser *self,
            GtkListBoxRow *row)
{
  g_autoptr (LbLossChoice) choice = g_list_model_get_item (self->model,
                                                           gtk_list_box_row_get_index (row));

  return nn_loss_kind_family (lb_loss_choice_get_kind (choice));
}

/* A heading above the first loss of each family. */
static void
lb_loss_chooser_update_header (GtkListBoxRow *row,
                               GtkListBoxRow *before,
                               gpointer       user_data)
{
  LbLossChooser *self = user_data;
  NnLossFamily family = row_family (self, row);
  GtkWidget *header;

  if (before != NULL && row_family (self, before) == family)
    {
      gtk_list_box_row_set_header (row, NULL);
      return;
    }
  if (gtk_list_box_row_get_header (row) != NULL)
    return;
  header = gtk_label_new (nn_loss_family_to_label (family));
  gtk_label_set_xalign (GTK_LABEL (header), 0);
  gtk_widget_add_css_class (header, "loss-family");
  gtk_widget_add_css_class (header, "heading");
  gtk_widget_add_css_class (header, "dim-label");
  gtk_list_box_row_set_header (row, header);
}

static void
lb_loss_chooser_row_activated (LbLossChooser *self,
                               GtkListBoxRow *row)
{
  lb_loss_chooser_set_selected (self, gtk_list_box_row_get_index (row));
  gtk_popover_popdown (self->popover);
}

/* It opens on the chosen loss, with the keyboard focus there. */
static void
lb_loss_chooser_popover_shown (LbLossChooser *self)
{
  GtkListBoxRow *row = gtk_list_box_get_row_at_index (self->list, self->selected);

  if (row != NULL)
    gtk_widget_grab_focus (GTK_WIDGET (row));
}

static void
lb_loss_chooser_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  LbLossChooser *self = LB_LOSS_CHOOSER (object);

  switch (prop_id)
    {
    case PROP_SELECTED:
      g_value_set_uint (value, self->selected);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lb_loss_chooser_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  LbLossChooser *self = LB_LOSS_CHOOSER (object);

  switch (prop_id)
    {
    case PROP_SELECTED:
      lb_loss_chooser_set_selected (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lb_loss_chooser_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), LB_TYPE_LOSS_CHOOSER);

  G_OBJECT_CLASS (lb_loss_chooser_parent_class)->dispose (object);
}

static void
lb_loss_chooser_finalize (GObject *object)
{
  LbLossChooser *self = LB_LOSS_CHOOSER (object);

  g_clear_object (&self->model);

  G_OBJECT_CLASS (lb_loss_chooser_parent_class)->finalize (object);
}

static void
lb_loss_chooser_class_init (LbLossChooserClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = lb_loss_chooser_get_property;
  object_class->set_property = lb_loss_chooser_set_property;
  object_class->dispose = lb_loss_chooser_dispose;
  object_class->finalize = lb_loss_chooser_finalize;

  properties[PROP_SELECTED] = g_param_spec_uint ("selected", NULL, NULL, 0, G_MAXUINT, 0,
                                                 G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY
                                                 | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/lossbench/Lossbench/ui/lb-loss-chooser.ui");
  gtk_widget_class_bind_template_child (widget_class, LbLossChooser, button);
  gtk_widget_class_bind_template_child (widget_class, LbLossChooser, popover);
  gtk_widget_class_bind_template_child (widget_class, LbLossChooser, list);
  gtk_widget_class_bind_template_callback (widget_class, lb_loss_chooser_row_activated);
  gtk_widget_class_bind_template_callback (widget_class, lb_loss_chooser_popover_shown);
}

static void
lb_loss_chooser_init (LbLossChooser *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  /* One Tab stop: the button that opens the list, not the row around it too. */
  gtk_widget_set_focusable (GTK_WIDGET (self), FALSE);
  self->model = lb_loss_choice_list_new ();
  gtk_list_box_bind_model (self->list, self->model, lb_loss_chooser_create_row, self, NULL);
  gtk_list_box_set_header_func (self->list, lb_loss_chooser_update_header, self, NULL);
  lb_loss_chooser_sync (self);
}
