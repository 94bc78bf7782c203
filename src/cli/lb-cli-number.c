/* lb-cli-number.c — strict parsing of numeric options.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "lb-cli-number.h"

#include <errno.h>
#include <math.h>

char *
lb_cli_parse_int (const char *option, const char *text, gint64 lo, gint64 hi, gint64 *value)
{
  char *end = NULL;
  gint64 v;

  if (text == NULL)
    return NULL;
  errno = 0;
  v = g_ascii_strtoll (text, &end, 10);
  if (end == text || *end != '\0' || errno != 0 || v < lo || v > hi)
    return g_strdup_printf ("--%s takes a whole number from %" G_GINT64_FORMAT " to %"
                            G_GINT64_FORMAT ", not “%s”; leave it out for its default.",
                            option, lo, hi, text);
  *value = v;
  return NULL;
}

char *
lb_cli_parse_double (const char *option, const char *text, double lo, gboolean lo_open,
                     double hi, double *value)
{
  char *end = NULL;
  double v;

  if (text == NULL)
    return NULL;
  v = g_ascii_strtod (text, &end);
  if (end == text || *end != '\0' || !isfinite (v) || v < lo || (lo_open && v == lo) || v > hi)
    return g_strdup_printf ("--%s takes a number %s %g %s %g, not “%s”; leave it out for its "
                            "default.", option, lo_open ? "above" : "from", lo,
                            lo_open ? "and at most" : "to", hi, text);
  *value = v;
  return NULL;
}
