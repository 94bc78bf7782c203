/* fuzz-main.c — runs a fuzz target over files, outside libFuzzer: each argument is an input
 * file or a folder of them (a corpus); arguments starting with '-' are libFuzzer's and are left
 * alone. The regression tests replay the committed corpora this way in every build, the
 * sanitizer builds included; `-Dfuzzing=true` links libFuzzer's own main instead.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <stdio.h>

#include "fuzz-input.h"

static void
run_file (const char *path, guint *n_run)
{
  g_autofree char *data = NULL;
  gsize length = 0;
  g_autoptr (GError) error = NULL;

  if (!g_file_get_contents (path, &data, &length, &error))
    g_error ("%s", error->message);
  LLVMFuzzerTestOneInput ((const uint8_t *) data, length);
  (*n_run)++;
}

int
main (int argc, char **argv)
{
  guint n_run = 0;

  for (int i = 1; i < argc; i++)
    {
      g_autoptr (GDir) dir = NULL;
      const char *name;

      if (argv[i][0] == '-')
        continue;
      if (!g_file_test (argv[i], G_FILE_TEST_IS_DIR))
        {
          run_file (argv[i], &n_run);
          continue;
        }
      dir = g_dir_open (argv[i], 0, NULL);
      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *path = g_build_filename (argv[i], name, NULL);

          run_file (path, &n_run);
        }
    }
  if (n_run == 0)
    {
      fprintf (stderr, "no input was given: name the corpus folder or files\n");
      return 1;
    }
  printf ("%u inputs ran without a fault\n", n_run);
  return 0;
}
