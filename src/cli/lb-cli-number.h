/* lb-cli-number.h — numeric option values, read as text and checked before anything starts.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * GOption's own number types cannot tell "not given" from a value, and take "nan" and "inf" as
 * numbers. The subcommands therefore read numbers as text and parse them here: an option left
 * out means the preset's value; a given one must be a finite number in its range, or the
 * command stops with a sentence naming the option and its range, and saying that leaving it out
 * gives its default. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* NULL when TEXT is NULL (the option was not given: VALUE is left as it is) or a whole number
 * in [LO, HI] (then in VALUE); else a sentence about --OPTION. */
char *lb_cli_parse_int (const char *option, const char *text, gint64 lo, gint64 hi,
                        gint64 *value);

/* The same for a finite number in [LO, HI], or in (LO, HI] when LO_OPEN. */
char *lb_cli_parse_double (const char *option, const char *text, double lo, gboolean lo_open,
                           double hi, double *value);

G_END_DECLS
