/* cli-tree.c — comparing what two runs of lossbench-cli left on disk.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "cli-tree.h"

#include <string.h>

#include "lb-csv.h"

/* FILE's bytes; for a history, with its wall-clock "seconds" column left out. */
GBytes *
cli_tree_comparable_contents (const char *path)
{
  g_autofree char *data = NULL;
  gsize length = 0;
  g_autofree char *name = g_path_get_basename (path);
  g_autoptr (GPtrArray) rows = NULL;
  GString *kept;
  int skip = -1;

  g_assert_true (g_file_get_contents (path, &data, &length, NULL));
  if (strcmp (name, "history.csv") != 0)
    return g_bytes_new_take (g_steal_pointer (&data), length);
  rows = lb_csv_parse (data, (gssize) length, NULL);
  g_assert_nonnull (rows);
  kept = g_string_new (NULL);
  for (guint r = 0; r < rows->len; r++)
    {
      char **fields = g_ptr_array_index (rows, r);

      for (int f = 0; fields[f] != NULL; f++)
        {
          if (r == 0 && strcmp (fields[f], "seconds") == 0)
            skip = f;
          if (f != skip)
            g_string_append_printf (kept, "%s,", fields[f]);
        }
      g_string_append_c (kept, '\n');
    }
  return g_string_free_to_bytes (kept);
}

/* Every file under A (RELATIVE below it) is in B with the same contents, and B has no other. */
guint
cli_tree_assert_same (const char *a, const char *b, const char *relative)
{
  g_autofree char *a_dir = g_build_filename (a, relative, NULL);
  g_autofree char *b_dir = g_build_filename (b, relative, NULL);
  g_autoptr (GDir) listing = g_dir_open (a_dir, 0, NULL);
  g_autoptr (GDir) other = g_dir_open (b_dir, 0, NULL);
  guint n_files = 0, n_other = 0;
  const char *name;

  g_assert_nonnull (listing);
  g_assert_nonnull (other);
  while ((name = g_dir_read_name (other)) != NULL)
    n_other++;
  while ((name = g_dir_read_name (listing)) != NULL)
    {
      g_autofree char *sub = g_build_filename (relative, name, NULL);
      g_autofree char *pa = g_build_filename (a, sub, NULL);
      g_autofree char *pb = g_build_filename (b, sub, NULL);

      n_other--;
      if (g_file_test (pa, G_FILE_TEST_IS_DIR))
        {
          n_files += cli_tree_assert_same (a, b, sub);
          continue;
        }
      if (!g_file_test (pb, G_FILE_TEST_EXISTS))
        g_error ("%s is missing after the kills", sub);
      g_autoptr (GBytes) ca = cli_tree_comparable_contents (pa);
      g_autoptr (GBytes) cb = cli_tree_comparable_contents (pb);
      if (!g_bytes_equal (ca, cb))
        g_error ("%s differs from the uninterrupted run's", sub);
      n_files++;
    }
  if (n_other != 0)
    g_error ("%s holds files the uninterrupted run does not", b_dir);
  return n_files;
}
