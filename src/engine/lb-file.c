/* lb-file.c — writing files so that a crash, a kill or a full disk never leaves half a file.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "lb-file.h"

#include "lb-error.h"

gboolean
lb_file_write_atomic (const char *path, const void *data, gsize length, GError **error)
{
  g_autoptr (GError) local = NULL;

  /* CONSISTENT: temporary file + fsync + rename; the old file survives any failure. */
  if (g_file_set_contents_full (path, data, length, G_FILE_SET_CONTENTS_CONSISTENT, 0644,
                                &local))
    return TRUE;

  g_autofree char *display = g_filename_display_name (path);
  if (g_error_matches (local, G_FILE_ERROR, G_FILE_ERROR_NOSPC))
    g_set_error (error, LB_ERROR, LB_ERROR_NO_SPACE,
                 "The disk is full: “%s” could not be written. Free some space and try again; "
                 "the earlier version of the file is unchanged.", display);
  else if (g_error_matches (local, G_FILE_ERROR, G_FILE_ERROR_ACCES)
           || g_error_matches (local, G_FILE_ERROR, G_FILE_ERROR_PERM)
           || g_error_matches (local, G_FILE_ERROR, G_FILE_ERROR_ROFS))
    g_set_error (error, LB_ERROR, LB_ERROR_PERMISSION,
                 "“%s” could not be written: %s. Choose a folder you can write to.", display,
                 local->message);
  else if (g_error_matches (local, G_FILE_ERROR, G_FILE_ERROR_NOENT))
    g_set_error (error, LB_ERROR, LB_ERROR_NOT_FOUND,
                 "“%s” could not be written: its folder does not exist.", display);
  else
    g_set_error (error, LB_ERROR, LB_ERROR_FAILED, "“%s” could not be written: %s.", display,
                 local->message);
  return FALSE;
}
