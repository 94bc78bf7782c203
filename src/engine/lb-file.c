/* lb-file.c — writing files so that a crash, a kill or a full disk never leaves half a file.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "lb-file.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lb-error.h"

#define SCRATCH_MARK ".lbtmp+"

char *
lb_file_dup_scratch_path (const char *path)
{
  g_autofree char *random = g_uuid_string_random ();

  return g_strdup_printf ("%s" SCRATCH_MARK "%s+%d+%.8s", path, g_get_host_name (),
                          (int) getpid (), random);
}

/* A sentence for the user about ERRNO_VALUE while writing PATH. */
static void
set_write_error (GError **error, const char *path, int errno_value)
{
  g_autofree char *display = g_filename_display_name (path);

  if (errno_value == ENOSPC || errno_value == EDQUOT)
    g_set_error (error, LB_ERROR, LB_ERROR_NO_SPACE,
                 "The disk is full: “%s” could not be written. Free some space and try again; "
                 "the earlier version of the file is unchanged.", display);
  else if (errno_value == EFBIG)
    g_set_error (error, LB_ERROR, LB_ERROR_NO_SPACE,
                 "“%s” could not be written: it is larger than this process may write (a "
                 "file-size limit, ulimit -f). Raise the limit and try again; the earlier "
                 "version of the file is unchanged.", display);
  else if (errno_value == EACCES || errno_value == EPERM || errno_value == EROFS)
    g_set_error (error, LB_ERROR, LB_ERROR_PERMISSION,
                 "“%s” could not be written: %s. Choose a folder you can write to.", display,
                 g_strerror (errno_value));
  else if (errno_value == ENOENT)
    g_set_error (error, LB_ERROR, LB_ERROR_NOT_FOUND,
                 "“%s” could not be written: its folder does not exist.", display);
  else
    g_set_error (error, LB_ERROR, LB_ERROR_FAILED, "“%s” could not be written: %s.", display,
                 g_strerror (errno_value));
}

static gboolean
write_all (int fd, const guint8 *data, gsize length)
{
  while (length > 0)
    {
      gssize n = write (fd, data, length);
      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        return FALSE;
      data += n;
      length -= (gsize) n;
    }
  return TRUE;
}

gboolean
lb_file_write_atomic (const char *path, const void *data, gsize length, GError **error)
{
  return lb_file_write_atomic_pieces (path, &data, &length, 1, error);
}

gboolean
lb_file_write_atomic_pieces (const char *path,
                             const void *const *pieces,
                             const gsize *lengths,
                             guint n_pieces,
                             GError **error)
{
  g_autofree char *scratch = lb_file_dup_scratch_path (path);
  int fd = g_open (scratch, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  gboolean written = fd >= 0;
  int saved;

  if (fd < 0)
    {
      set_write_error (error, path, errno);
      return FALSE;
    }
  for (guint i = 0; written && i < n_pieces; i++)
    written = write_all (fd, pieces[i], lengths[i]);
  /* The data reach the disk before the name does: after a crash, PATH is old or new. */
  if (!written || fsync (fd) != 0)
    {
      saved = errno;
      close (fd);
      g_unlink (scratch);
      set_write_error (error, path, saved);
      return FALSE;
    }
  if (close (fd) != 0 || g_rename (scratch, path) != 0)
    {
      saved = errno;
      g_unlink (scratch);
      set_write_error (error, path, saved);
      return FALSE;
    }
  return TRUE;
}

void
lb_file_sweep_scratch (const char *dir, gint64 stale_seconds)
{
  g_autoptr (GDir) listing = g_dir_open (dir, 0, NULL);
  const char *name;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  while (listing != NULL && (name = g_dir_read_name (listing)) != NULL)
    {
      const char *mark = strstr (name, SCRATCH_MARK);
      if (mark == NULL)
        continue;
      g_auto (GStrv) parts = g_strsplit (mark + strlen (SCRATCH_MARK), "+", 3);
      g_autofree char *path = g_build_filename (dir, name, NULL);
      gint64 pid = 0;
      gboolean ended;
      struct stat st;

      if (g_strv_length (parts) < 3
          || !g_ascii_string_to_signed (parts[1], 10, 1, G_MAXINT32, &pid, NULL))
        continue;
      if (g_strcmp0 (parts[0], g_get_host_name ()) == 0)
        ended = pid != getpid () && kill ((pid_t) pid, 0) != 0 && errno == ESRCH;
      else
        ended = g_stat (path, &st) == 0 && now - (gint64) st.st_mtime > stale_seconds;
      if (ended)
        g_unlink (path);
    }
}
