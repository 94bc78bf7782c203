/* lb-file.h — writing files so that a crash, a kill or a full disk never leaves half a file.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Writes DATA to a temporary file beside PATH, flushes it and renames it over PATH, so PATH
 * holds either its old content or the new one, never a mixture. Errors are LB_ERROR with a
 * sentence for the user (a full disk is LB_ERROR_NO_SPACE). The temporary file is named
 * after its writer (lb_file_dup_scratch_path), so that one a kill left is swept later. */
gboolean lb_file_write_atomic (const char *path,
                               const void *data,
                               gsize length,
                               GError **error);

/* The same with the data in N_PIECES pieces, written one after another. */
gboolean lb_file_write_atomic_pieces (const char *path,
                                      const void *const *pieces,
                                      const gsize *lengths,
                                      guint n_pieces,
                                      GError **error);

/* A name beside PATH for a file this process makes before it becomes PATH or goes:
 * "PATH.lbtmp+HOST+PID+RANDOM" ('+' is in no host name). */
char *lb_file_dup_scratch_path (const char *path);

/* Removes from DIR the scratch files (lb_file_dup_scratch_path) whose writer has ended: on this
 * host when its process is gone; made on another host, when older than STALE_SECONDS. A file
 * being written by a live process is never touched. */
void lb_file_sweep_scratch (const char *dir,
                            gint64 stale_seconds);

G_END_DECLS
