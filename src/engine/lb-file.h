/* lb-file.h — writing files so that a crash, a kill or a full disk never leaves half a file.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Writes DATA to a temporary file beside PATH, flushes it and renames it over PATH, so PATH
 * holds either its old content or the new one, never a mixture. Errors are LB_ERROR with a
 * sentence for the user (a full disk is LB_ERROR_NO_SPACE). */
gboolean lb_file_write_atomic (const char *path,
                               const void *data,
                               gsize length,
                               GError **error);

G_END_DECLS
