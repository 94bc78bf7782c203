/* lb-system.h — what the machine has: memory available for a training run.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Bytes of memory available to a new allocation (MemAvailable), or 0 when unknown. */
guint64 lb_system_available_memory (void);

/* TRUE when BYTES fit in the available memory, else LB_ERROR_TOO_LARGE with a sentence
 * giving both figures and what to change. Unknown available memory counts as fitting. */
gboolean lb_system_check_memory (guint64 bytes, GError **error);

G_END_DECLS
