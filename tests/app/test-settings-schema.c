/* test-settings-schema.c — the settings schema holds every loss, parameter and schedule field
 * the loss catalogue has, with the catalogue's ranges: the Train form binds one key to each.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Usage: test-settings-schema SCHEMA_DIR (the compiled schema of the build). */

#include "lb-config.h"

#include <gio/gio.h>

#include "lb-loss-catalogue.h"

static const char *schema_dir;

static GSettingsSchema *
load_schema (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GSettingsSchemaSource) source =
    g_settings_schema_source_new_from_directory (schema_dir, NULL, TRUE, &error);

  g_assert_no_error (error);
  return g_settings_schema_source_lookup (source, LB_APP_ID, FALSE);
}

static gboolean
accepts (GSettingsSchemaKey *key,
         GVariant           *value)
{
  g_autoptr (GVariant) owned = g_variant_ref_sink (value);

  return g_settings_schema_key_range_check (key, owned);
}

/* A double key whose range holds LOWER … UPPER and whose default lies in it. */
static void
check_range (GSettingsSchema *schema,
             const char      *name,
             double           lower,
             double           upper)
{
  g_autoptr (GSettingsSchemaKey) key = NULL;
  g_autoptr (GVariant) fallback = NULL;
  const GVariantType *type;
  double value;

  g_test_message ("key %s", name);
  g_assert_true (g_settings_schema_has_key (schema, name));
  key = g_settings_schema_get_key (schema, name);
  type = g_settings_schema_key_get_value_type (key);
  g_assert_true (g_variant_type_equal (type, G_VARIANT_TYPE_DOUBLE)
                 || g_variant_type_equal (type, G_VARIANT_TYPE_INT32));
  if (g_variant_type_equal (type, G_VARIANT_TYPE_DOUBLE))
    {
      g_assert_true (accepts (key, g_variant_new_double (lower)));
      g_assert_true (accepts (key, g_variant_new_double (upper)));
    }
  else
    {
      g_assert_true (accepts (key, g_variant_new_int32 ((gint32) lower)));
      g_assert_true (accepts (key, g_variant_new_int32 ((gint32) upper)));
    }
  fallback = g_settings_schema_key_get_default_value (key);
  value = g_variant_type_equal (type, G_VARIANT_TYPE_DOUBLE) ? g_variant_get_double (fallback)
                                                             : g_variant_get_int32 (fallback);
  g_assert_cmpfloat (value, >=, lower);
  g_assert_cmpfloat (value, <=, upper);
}

/* Both terms' "loss" keys take every kind of the core, the ones being added included. */
static void
test_every_loss (void)
{
  g_autoptr (GSettingsSchema) schema = load_schema ();
  static const char *const keys[] = { "loss", "plus-loss" };

  g_assert_nonnull (schema);
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      g_autoptr (GSettingsSchemaKey) key = g_settings_schema_get_key (schema, keys[i]);
      g_autoptr (GVariant) fallback = g_settings_schema_key_get_default_value (key);
      NnLossKind kind;

      for (kind = 0; kind < NN_LOSS_COUNT; kind++)
        g_assert_true (accepts (key, g_variant_new_string (nn_loss_kind_to_string (kind))));
      g_assert_true (accepts (key, g_variant_new_string ("boundary")));
      g_assert_true (accepts (key, g_variant_new_string ("hausdorff-dt")));
      g_assert_false (accepts (key, g_variant_new_string ("no-such-loss")));
      g_assert_true (nn_loss_kind_from_string (g_variant_get_string (fallback, NULL), &kind));
    }
}

/* A key for each parameter a loss reads, for each term, in the catalogue's range. */
static void
test_every_parameter (void)
{
  g_autoptr (GSettingsSchema) schema = load_schema ();
  guint n;
  const LbLossInfo *all = lb_loss_catalogue (&n);

  for (LbLossParam p = 0; p < LB_LOSS_N_PARAMS; p++)
    {
      const LbLossParamInfo *info = lb_loss_param_info (p);
      gboolean read = FALSE;
      g_autofree char *plus = g_strconcat ("plus-", info->key, NULL);

      for (guint i = 0; i < n; i++)
        read |= lb_loss_reads (all[i].kind, p);
      if (!read)
        continue;
      check_range (schema, info->key, info->lower, info->upper);
      check_range (schema, plus, info->lower, info->upper);
    }
}

static void
test_every_schedule_field (void)
{
  g_autoptr (GSettingsSchema) schema = load_schema ();
  g_autoptr (GSettingsSchemaKey) kind_key = g_settings_schema_get_key (schema, "plus-schedule");
  g_autoptr (GSettingsSchemaKey) on = g_settings_schema_get_key (schema, "plus");
  g_autoptr (GVariant) off = g_settings_schema_key_get_default_value (on);

  for (LbLossScheduleField f = 0; f < LB_LOSS_SCHEDULE_N_FIELDS; f++)
    {
      const LbLossScheduleFieldInfo *info = lb_loss_schedule_field_info (f);

      check_range (schema, info->key, info->lower, info->upper);
    }
  for (NnLossScheduleKind k = 0; k < NN_LOSS_SCHEDULE_COUNT; k++)
    g_assert_true (accepts (kind_key,
                            g_variant_new_string (nn_loss_schedule_kind_to_string (k))));
  /* A second term is something to turn on. */
  g_assert_false (g_variant_get_boolean (off));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_assert_cmpint (argc, ==, 2);
  schema_dir = argv[1];
  g_test_add_func ("/settings-schema/every-loss", test_every_loss);
  g_test_add_func ("/settings-schema/every-parameter", test_every_parameter);
  g_test_add_func ("/settings-schema/every-schedule-field", test_every_schedule_field);
  return g_test_run ();
}
