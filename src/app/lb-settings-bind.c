/* lb-settings-bind.c — GSettings bindings GIO does not have: a string key shown by a button group.
 * SPDX-License-Identifier: GPL-3.0-or-later */

#include "lb-config.h"

#include "lb-settings-bind.h"

static gboolean
choice_get_mapping (GValue   *value,
                    GVariant *variant,
                    gpointer  choice)
{
  g_value_set_boolean (value, g_strcmp0 (g_variant_get_string (variant, NULL), choice) == 0);
  return TRUE;
}

/* Only the button turned on writes; the one it turns off has nothing to say. */
static GVariant *
choice_set_mapping (const GValue       *value,
                    const GVariantType *type,
                    gpointer            choice)
{
  return g_value_get_boolean (value) ? g_variant_new_string (choice) : NULL;
}

void
lb_settings_bind_choice (GSettings  *settings,
                         const char *key,
                         gpointer    button,
                         const char *choice)
{
  g_return_if_fail (G_IS_SETTINGS (settings));
  g_return_if_fail (G_IS_OBJECT (button));
  g_return_if_fail (choice != NULL);

  g_settings_bind_with_mapping (settings, key, button, "active", G_SETTINGS_BIND_DEFAULT,
                                choice_get_mapping, choice_set_mapping, (gpointer) choice, NULL);
}

void
lb_settings_pin (GSettings         *settings,
                 const char *const *keys,
                 guint              n_keys)
{
  g_return_if_fail (G_IS_SETTINGS (settings));

  for (guint i = 0; i < n_keys; i++)
    {
      g_autoptr (GVariant) set = g_settings_get_user_value (settings, keys[i]);

      if (set == NULL)
        {
          g_autoptr (GVariant) value = g_settings_get_value (settings, keys[i]);

          g_settings_set_value (settings, keys[i], value);
        }
    }
}
