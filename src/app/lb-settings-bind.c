/* lb-settings-bind.c — GSettings bindings GIO does not have: a string key shown by a button group
 * or a list's selection.
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

typedef struct
{
  GListModel *model;
  char *property;
} SelectedMapping;

static void
selected_mapping_free (gpointer data)
{
  SelectedMapping *mapping = data;

  g_object_unref (mapping->model);
  g_free (mapping->property);
  g_free (mapping);
}

static char *
item_string (SelectedMapping *mapping,
             guint            position)
{
  g_autoptr (GObject) item = g_list_model_get_item (mapping->model, position);
  char *text = NULL;

  if (item != NULL)
    g_object_get (item, mapping->property, &text, NULL);
  return text;
}

static gboolean
selected_get_mapping (GValue   *value,
                      GVariant *variant,
                      gpointer  data)
{
  SelectedMapping *mapping = data;
  const char *wanted = g_variant_get_string (variant, NULL);
  guint n = g_list_model_get_n_items (mapping->model);

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *text = item_string (mapping, i);

      if (g_strcmp0 (text, wanted) == 0)
        {
          g_value_set_uint (value, i);
          return TRUE;
        }
    }
  return FALSE;
}

static GVariant *
selected_set_mapping (const GValue       *value,
                      const GVariantType *type,
                      gpointer            data)
{
  g_autofree char *text = item_string (data, g_value_get_uint (value));

  /* Nothing selected (GTK_INVALID_LIST_POSITION) has nothing to write. */
  return text != NULL ? g_variant_new_string (text) : NULL;
}

void
lb_settings_bind_selected (GSettings  *settings,
                           const char *key,
                           gpointer    object,
                           GListModel *model,
                           const char *item_property)
{
  SelectedMapping *mapping;

  g_return_if_fail (G_IS_SETTINGS (settings));
  g_return_if_fail (G_IS_OBJECT (object));
  g_return_if_fail (G_IS_LIST_MODEL (model));
  g_return_if_fail (item_property != NULL);

  mapping = g_new0 (SelectedMapping, 1);
  mapping->model = g_object_ref (model);
  mapping->property = g_strdup (item_property);
  g_settings_bind_with_mapping (settings, key, object, "selected", G_SETTINGS_BIND_DEFAULT,
                                selected_get_mapping, selected_set_mapping, mapping,
                                selected_mapping_free);
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
