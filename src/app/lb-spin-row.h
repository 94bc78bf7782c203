/* lb-spin-row.h — a preferences row with a spin button that keeps its value's full precision.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define LB_TYPE_SPIN_ROW (lb_spin_row_get_type ())
G_DECLARE_FINAL_TYPE (LbSpinRow, lb_spin_row, LB, SPIN_ROW, AdwActionRow)

/* A row whose spin button offers LOWER … UPPER by STEP, showing DIGITS decimals. The button
 * shows the value rounded, but the value stays what was set (γ = 4/3 stays 4/3 when the button
 * loses the focus) until the text is edited. */
LbSpinRow     *lb_spin_row_new             (double      lower,
                                            double      upper,
                                            double      step,
                                            int         digits);
/* The value: bind this to a setting. */
GtkAdjustment *lb_spin_row_get_adjustment  (LbSpinRow  *self);
GtkWidget     *lb_spin_row_get_spin_button (LbSpinRow  *self);
/* Sets a value the numeric core holds as a float to the shortest decimal that is that float
 * (0.01, not 0.009999999776), so the settings read as they were meant; 4/3 stays the float 4/3. */
void           lb_spin_row_set_float       (LbSpinRow  *self,
                                            float       value);
/* What the button shows for 0, when 0 stands for something ("No cap"); NULL for "0". */
void           lb_spin_row_set_zero_text   (LbSpinRow  *self,
                                            const char *text);
/* The button's accessible name, NAME instead of the row's title (which names it otherwise). */
void           lb_spin_row_set_name        (LbSpinRow  *self,
                                            const char *name);
/* The row and its button: assistive technologies see a widget's own sensitivity. */
void           lb_spin_row_set_editable    (LbSpinRow  *self,
                                            gboolean    editable);

G_END_DECLS
