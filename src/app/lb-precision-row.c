/* lb-precision-row.c — the "bf16 Mixed Precision" row of the Train and Compare forms.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "lb-precision-row.h"

#include "nn-layers.h"

void
lb_precision_row_setup (AdwActionRow *row,
                        GtkSwitch    *toggle,
                        GSettings    *settings,
                        const char   *key)
{
  g_return_if_fail (ADW_IS_ACTION_ROW (row));
  g_return_if_fail (GTK_IS_SWITCH (toggle));

  if (nn_bf16_available ())
    {
      g_settings_bind (settings, key, toggle, "active", G_SETTINGS_BIND_DEFAULT);
      return;
    }
  /* The saved choice stays as it is, for a machine that has the instructions. */
  gtk_switch_set_active (toggle, FALSE);
  gtk_widget_set_sensitive (GTK_WIDGET (toggle), FALSE);
  gtk_widget_set_sensitive (GTK_WIDGET (row), FALSE);
  adw_action_row_set_subtitle (row, "Needs a processor with AVX-512 BF16 (AMD Zen 4 or later, "
                                    "Intel Sapphire Rapids or later); this one trains in FP32");
}

void
lb_precision_row_set_editable (AdwActionRow *row,
                               GtkSwitch    *toggle,
                               gboolean      editable)
{
  g_return_if_fail (ADW_IS_ACTION_ROW (row));
  g_return_if_fail (GTK_IS_SWITCH (toggle));

  editable = editable && nn_bf16_available ();
  gtk_widget_set_sensitive (GTK_WIDGET (row), editable);
  gtk_widget_set_sensitive (GTK_WIDGET (toggle), editable);
}

NnPrecision
lb_precision_row_get (GtkSwitch *toggle)
{
  g_return_val_if_fail (GTK_IS_SWITCH (toggle), NN_PRECISION_FP32);

  return gtk_switch_get_active (toggle) && nn_bf16_available () ? NN_PRECISION_BF16
                                                                 : NN_PRECISION_FP32;
}
