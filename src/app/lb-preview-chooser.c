/* lb-preview-chooser.c — which validation images the live predictions show.
 * SPDX-License-Identifier: GPL-3.0-or-later */

#include "lb-preview-chooser.h"

#include "lb-preview-slots.h"

struct _LbPreviewChooser
{
  GtkWidget parent_instance;

  GtkWidget *button;            /* GtkMenuButton */
  GtkListBox *list;
  GPtrArray *checks;            /* GtkCheckButton, one per image */
  GArray *indices;              /* guint, the image of each check */
  LbPreviewSlots slots;
  gboolean updating;            /* the checks are being set to match SHOWN */
};

G_DEFINE_FINAL_TYPE (LbPreviewChooser, lb_preview_chooser, GTK_TYPE_WIDGET)

enum
{
  SIGNAL_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* The check of image INDEX, or −1. */
static int
find_check (LbPreviewChooser *self,
            guint             index)
{
  for (guint i = 0; i < self->indices->len; i++)
    if (g_array_index (self->indices, guint, i) == index)
      return (int) i;
  return -1;
}

static void
set_checked (LbPreviewChooser *self,
             int               check,
             gboolean          active)
{
  if (check < 0)
    return;
  self->updating = TRUE;
  gtk_check_button_set_active (g_ptr_array_index (self->checks, check), active);
  self->updating = FALSE;
}

static void
lb_preview_chooser_toggled (GtkCheckButton   *check,
                            LbPreviewChooser *self)
{
  guint position;
  guint index;
  guint replaced;

  if (self->updating || !g_ptr_array_find (self->checks, check, &position))
    return;
  index = g_array_index (self->indices, guint, position);
  if (!gtk_check_button_get_active (check))
    {
      /* As many images stay on show as there are slots: choose another to replace this. */
      set_checked (self, (int) position, lb_preview_slots_find (&self->slots, index) >= 0);
      return;
    }
  if (lb_preview_slots_choose (&self->slots, index, &replaced) < 0)
    return;
  set_checked (self, find_check (self, replaced), FALSE);
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
}

void
lb_preview_chooser_set_images (LbPreviewChooser  *self,
                               const char *const *names,
                               const guint       *indices,
                               guint              n,
                               const guint       *shown,
                               guint              n_shown)
{
  GtkWidget *child;

  g_return_if_fail (LB_IS_PREVIEW_CHOOSER (self));

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list))) != NULL)
    gtk_list_box_remove (self->list, child);
  g_ptr_array_set_size (self->checks, 0);
  g_array_set_size (self->indices, 0);
  g_array_append_vals (self->indices, indices, n);
  lb_preview_slots_init (&self->slots, shown, n_shown);

  for (guint i = 0; i < n; i++)
    {
      GtkWidget *check = gtk_check_button_new_with_label (names[i]);

      gtk_widget_set_margin_start (check, 6);
      gtk_widget_set_margin_end (check, 6);
      gtk_check_button_set_active (GTK_CHECK_BUTTON (check),
                                   lb_preview_slots_find (&self->slots, indices[i]) >= 0);
      g_signal_connect_object (check, "toggled", G_CALLBACK (lb_preview_chooser_toggled), self,
                               0);
      gtk_list_box_append (self->list, check);
      g_ptr_array_add (self->checks, check);
    }
  gtk_widget_set_sensitive (self->button, n > 0);
}

const guint *
lb_preview_chooser_get_shown (LbPreviewChooser *self,
                              guint            *n_shown)
{
  g_return_val_if_fail (LB_IS_PREVIEW_CHOOSER (self), NULL);

  *n_shown = self->slots.n;
  return self->slots.shown;
}

static void
lb_preview_chooser_dispose (GObject *object)
{
  LbPreviewChooser *self = LB_PREVIEW_CHOOSER (object);

  g_clear_pointer (&self->button, gtk_widget_unparent);

  G_OBJECT_CLASS (lb_preview_chooser_parent_class)->dispose (object);
}

static void
lb_preview_chooser_finalize (GObject *object)
{
  LbPreviewChooser *self = LB_PREVIEW_CHOOSER (object);

  g_ptr_array_unref (self->checks);
  g_array_unref (self->indices);

  G_OBJECT_CLASS (lb_preview_chooser_parent_class)->finalize (object);
}

static void
lb_preview_chooser_class_init (LbPreviewChooserClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lb_preview_chooser_dispose;
  object_class->finalize = lb_preview_chooser_finalize;

  signals[SIGNAL_CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                          0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
lb_preview_chooser_init (LbPreviewChooser *self)
{
  GtkWidget *popover = gtk_popover_new ();
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *caption = gtk_label_new ("Choosing an image shows it in place of the one chosen "
                                      "longest ago, from the next batch on.");

  self->checks = g_ptr_array_new ();
  self->indices = g_array_new (FALSE, FALSE, sizeof (guint));

  self->list = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_list_box_set_selection_mode (self->list, GTK_SELECTION_NONE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->list), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  "Validation Images", -1);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scrolled), 320);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scrolled), TRUE);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), GTK_WIDGET (self->list));
  gtk_label_set_wrap (GTK_LABEL (caption), TRUE);
  gtk_label_set_max_width_chars (GTK_LABEL (caption), 32);
  gtk_label_set_xalign (GTK_LABEL (caption), 0);
  gtk_widget_add_css_class (caption, "dim-label");
  gtk_widget_add_css_class (caption, "caption");
  gtk_box_append (GTK_BOX (box), caption);
  gtk_box_append (GTK_BOX (box), scrolled);
  gtk_popover_set_child (GTK_POPOVER (popover), box);

  self->button = gtk_menu_button_new ();
  gtk_menu_button_set_label (GTK_MENU_BUTTON (self->button), "Images…");
  gtk_menu_button_set_popover (GTK_MENU_BUTTON (self->button), popover);
  gtk_widget_add_css_class (self->button, "flat");
  gtk_widget_add_css_class (self->button, "inline-button");
  gtk_widget_set_tooltip_text (self->button, "Choose the validation images shown");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  "Choose Validation Images", -1);
  gtk_widget_set_sensitive (self->button, FALSE);
  gtk_widget_set_parent (self->button, GTK_WIDGET (self));
}
