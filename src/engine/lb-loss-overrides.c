/* lb-loss-overrides.c — each compared loss's own α, β, γ…, over the preset's.
 * SPDX-License-Identifier: GPL-3.0-or-later */

#include "lb-loss-overrides.h"

#include <math.h>
#include <string.h>

#include "lb-loss-catalogue.h"

gboolean
lb_loss_overrides_apply (GVariant   *overrides,
                         NnLossTerm *term)
{
  g_autoptr (GVariant) own = NULL;

  g_return_val_if_fail (term != NULL, FALSE);

  if (overrides == NULL || !g_variant_is_of_type (overrides, LB_LOSS_OVERRIDES_TYPE))
    return FALSE;
  own = g_variant_lookup_value (overrides, nn_loss_kind_to_string (term->kind),
                                G_VARIANT_TYPE ("a{sd}"));
  if (own == NULL)
    return FALSE;
  for (LbLossParam p = 0; p < LB_LOSS_N_PARAMS; p++)
    {
      const LbLossParamInfo *info = lb_loss_param_info (p);
      double value;

      if (lb_loss_reads (term->kind, p) && g_variant_lookup (own, info->key, "d", &value)
          && isfinite (value))
        lb_loss_param_set (term, p, CLAMP (value, info->lower, info->upper));
    }
  return TRUE;
}

GVariant *
lb_loss_overrides_replace (GVariant         *overrides,
                           NnLossKind        kind,
                           const NnLossTerm *term)
{
  const char *name = nn_loss_kind_to_string (term != NULL ? term->kind : kind);
  GVariantBuilder dict;

  g_variant_builder_init (&dict, LB_LOSS_OVERRIDES_TYPE);
  if (overrides != NULL && g_variant_is_of_type (overrides, LB_LOSS_OVERRIDES_TYPE))
    {
      GVariantIter iter;
      const char *other;
      GVariant *values;

      g_variant_iter_init (&iter, overrides);
      while (g_variant_iter_next (&iter, "{&s@a{sd}}", &other, &values))
        {
          if (g_strcmp0 (other, name) != 0)
            g_variant_builder_add (&dict, "{s@a{sd}}", other, values);
          g_variant_unref (values);
        }
    }
  if (term != NULL)
    {
      GVariantBuilder values;

      g_variant_builder_init (&values, G_VARIANT_TYPE ("a{sd}"));
      for (LbLossParam p = 0; p < LB_LOSS_N_PARAMS; p++)
        if (lb_loss_reads (term->kind, p))
          g_variant_builder_add (&values, "{sd}", lb_loss_param_info (p)->key,
                                 lb_loss_param_get (term, p));
      g_variant_builder_add (&dict, "{sa{sd}}", name, &values);
    }
  return g_variant_builder_end (&dict);
}

/* VALUE with DIGITS decimals, without trailing zeros: 0.30 → "0.3", 2.00 → "2". */
static void
append_number (GString *text,
               double   value,
               int      digits)
{
  g_autofree char *number = g_strdup_printf ("%.*f", digits, value);
  char *end = number + strlen (number);

  if (strchr (number, '.') != NULL)
    {
      while (end[-1] == '0')
        *--end = '\0';
      if (end[-1] == '.')
        *--end = '\0';
    }
  g_string_append (text, number);
}

char *
lb_loss_term_describe (const NnLossTerm *term)
{
  GString *text = g_string_new (NULL);

  g_return_val_if_fail (term != NULL, g_string_free (text, FALSE));

  for (LbLossParam p = 0; p < LB_LOSS_N_PARAMS; p++)
    {
      const LbLossParamInfo *info = lb_loss_param_info (p);

      if (!lb_loss_reads (term->kind, p))
        continue;
      g_string_append_printf (text, "%s%s ", text->len > 0 ? " · " : "", info->symbol);
      append_number (text, lb_loss_param_get (term, p), info->digits);
      g_string_append (text, info->unit);
    }
  return g_string_free (text, FALSE);
}
