/* lb-spin-row.c — a preferences row with a spin button that keeps its value's full precision.
 * SPDX-License-Identifier: GPL-3.0-or-later */

#include "lb-config.h"

#include "lb-spin-row.h"

struct _LbSpinRow
{
  AdwActionRow parent_instance;

  GtkSpinButton *spin;
  GtkAdjustment *adjustment;
  char *zero_text;
};

G_DEFINE_FINAL_TYPE (LbSpinRow, lb_spin_row, ADW_TYPE_ACTION_ROW)

/* The text GtkSpinButton shows for VALUE (its own format, locale and all). */
static char *
format_value (LbSpinRow *self,
              double     value)
{
  if (self->zero_text != NULL && value == 0)
    return g_strdup (self->zero_text);
  return g_strdup_printf ("%0.*f", (int) gtk_spin_button_get_digits (self->spin), value);
}

/* The button reads its text back whenever it loses the focus or is activated: unless that
 * text was edited, the value is the one it shows rounded, not the rounded one. */
static int
lb_spin_row_input (GtkSpinButton *spin,
                   double        *new_value,
                   LbSpinRow     *self)
{
  double value = gtk_adjustment_get_value (self->adjustment);
  g_autofree char *shown = format_value (self, value);
  const char *text = gtk_editable_get_text (GTK_EDITABLE (spin));

  if (g_strcmp0 (text, shown) == 0)
    {
      *new_value = value;
      return TRUE;
    }
  if (self->zero_text != NULL && g_ascii_strcasecmp (text, self->zero_text) == 0)
    {
      *new_value = 0;
      return TRUE;
    }
  return FALSE;
}

static gboolean
lb_spin_row_output (GtkSpinButton *spin,
                    LbSpinRow     *self)
{
  g_autofree char *text = NULL;

  if (self->zero_text == NULL)
    return FALSE;
  text = format_value (self, gtk_adjustment_get_value (self->adjustment));
  if (g_strcmp0 (text, gtk_editable_get_text (GTK_EDITABLE (spin))) != 0)
    gtk_editable_set_text (GTK_EDITABLE (spin), text);
  return TRUE;
}

LbSpinRow *
lb_spin_row_new (double lower,
                 double upper,
                 double step,
                 int    digits)
{
  LbSpinRow *self = g_object_new (LB_TYPE_SPIN_ROW, NULL);

  gtk_adjustment_configure (self->adjustment, lower, lower, upper, step, 10 * step, 0);
  gtk_spin_button_set_digits (self->spin, digits);
  return self;
}

GtkAdjustment *
lb_spin_row_get_adjustment (LbSpinRow *self)
{
  g_return_val_if_fail (LB_IS_SPIN_ROW (self), NULL);

  return self->adjustment;
}

GtkWidget *
lb_spin_row_get_spin_button (LbSpinRow *self)
{
  g_return_val_if_fail (LB_IS_SPIN_ROW (self), NULL);

  return GTK_WIDGET (self->spin);
}

void
lb_spin_row_set_float (LbSpinRow *self,
                       float      value)
{
  char text[G_ASCII_DTOSTR_BUF_SIZE];
  double shortest = value;

  g_return_if_fail (LB_IS_SPIN_ROW (self));

  for (int digits = 1; digits <= 9; digits++)
    {
      char format[8];

      g_snprintf (format, sizeof format, "%%.%dg", digits);
      g_ascii_formatd (text, sizeof text, format, value);
      if ((float) g_ascii_strtod (text, NULL) == value)
        {
          shortest = g_ascii_strtod (text, NULL);
          break;
        }
    }
  gtk_adjustment_set_value (self->adjustment, shortest);
}

void
lb_spin_row_set_zero_text (LbSpinRow  *self,
                           const char *text)
{
  g_return_if_fail (LB_IS_SPIN_ROW (self));

  if (g_strcmp0 (self->zero_text, text) == 0)
    return;
  g_free (self->zero_text);
  self->zero_text = g_strdup (text);
  /* Typing the words needs more than digits. */
  gtk_spin_button_set_numeric (self->spin, text == NULL);
  {
    g_autofree char *shown = format_value (self, gtk_adjustment_get_value (self->adjustment));

    gtk_editable_set_text (GTK_EDITABLE (self->spin), shown);
  }
}

void
lb_spin_row_set_name (LbSpinRow  *self,
                      const char *name)
{
  g_return_if_fail (LB_IS_SPIN_ROW (self));

  /* A name given with the title's would be read after it: "α Second Term α". */
  gtk_accessible_reset_relation (GTK_ACCESSIBLE (self->spin), GTK_ACCESSIBLE_RELATION_LABELLED_BY);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->spin), GTK_ACCESSIBLE_PROPERTY_LABEL, name,
                                  -1);
}

void
lb_spin_row_set_editable (LbSpinRow *self,
                          gboolean   editable)
{
  g_return_if_fail (LB_IS_SPIN_ROW (self));

  gtk_widget_set_sensitive (GTK_WIDGET (self), editable);
  gtk_widget_set_sensitive (GTK_WIDGET (self->spin), editable);
}

static void
lb_spin_row_finalize (GObject *object)
{
  LbSpinRow *self = LB_SPIN_ROW (object);

  g_free (self->zero_text);

  G_OBJECT_CLASS (lb_spin_row_parent_class)->finalize (object);
}

static void
lb_spin_row_class_init (LbSpinRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = lb_spin_row_finalize;
}

static void
lb_spin_row_init (LbSpinRow *self)
{
  /* One Tab stop a row: its spin button, not the row around it too. */
  gtk_widget_set_focusable (GTK_WIDGET (self), FALSE);
  self->adjustment = gtk_adjustment_new (0, 0, 1, 0.1, 1, 0);
  self->spin = GTK_SPIN_BUTTON (gtk_spin_button_new (self->adjustment, 0, 0));
  gtk_widget_set_valign (GTK_WIDGET (self->spin), GTK_ALIGN_CENTER);
  gtk_spin_button_set_numeric (self->spin, TRUE);
  gtk_editable_set_width_chars (GTK_EDITABLE (self->spin), 7);
  g_signal_connect (self->spin, "input", G_CALLBACK (lb_spin_row_input), self);
  g_signal_connect (self->spin, "output", G_CALLBACK (lb_spin_row_output), self);
  adw_action_row_add_suffix (ADW_ACTION_ROW (self), GTK_WIDGET (self->spin));
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (self), GTK_WIDGET (self->spin));
}
