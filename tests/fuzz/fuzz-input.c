/* fuzz-input.c — the fuzz targets' input files.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "fuzz-input.h"

#include <glib/gstdio.h>
#include <stdlib.h>

static char *scratch;

/* Removes what DIR holds, folders and all. */
static void
empty_folder (const char *dir)
{
  g_autoptr (GDir) listing = g_dir_open (dir, 0, NULL);
  const char *name;

  while (listing != NULL && (name = g_dir_read_name (listing)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      if (g_file_test (path, G_FILE_TEST_IS_DIR) && !g_file_test (path, G_FILE_TEST_IS_SYMLINK))
        {
          empty_folder (path);
          g_rmdir (path);
        }
      else
        g_unlink (path);
    }
}

static void
remove_scratch (void)
{
  if (scratch != NULL)
    {
      empty_folder (scratch);
      g_rmdir (scratch);
    }
}

const char *
lb_fuzz_scratch_dir (void)
{
  if (scratch == NULL)
    {
      g_autoptr (GError) error = NULL;

      scratch = g_dir_make_tmp ("lossbench-fuzz-XXXXXX", &error);
      if (scratch == NULL)
        g_error ("no scratch folder for the fuzz inputs: %s", error->message);
      atexit (remove_scratch);
    }
  return scratch;
}

char *
lb_fuzz_write_input (const char *name, const uint8_t *data, size_t size)
{
  char *path = g_build_filename (lb_fuzz_scratch_dir (), name, NULL);
  g_autoptr (GError) error = NULL;

  if (!g_file_set_contents (path, (const char *) data, (gssize) size, &error))
    g_error ("the fuzz input could not be written: %s", error->message);
  return path;
}

void
lb_fuzz_clear_scratch (void)
{
  empty_folder (lb_fuzz_scratch_dir ());
}
