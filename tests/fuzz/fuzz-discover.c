/* fuzz-discover.c — dataset discovery on a tree of names: which layout a folder is in, how its
 * images pair with masks by name, and its manifest.csv.
 *
 * The input is text. Each line before a line "--" is a file to make, by its path in the
 * dataset folder ("CXR_png/MCUCXR_0001_0.png"), optionally followed by a space and what it
 * holds: "image" (the default, a small PNG), "mask" (a PNG of another size), "empty", "cut"
 * (a PNG cut short) or "text". What follows "--" is the folder's manifest.csv. Paths are
 * kept inside the folder: components other than [A-Za-z0-9._ -] are dropped, "." and ".."
 * are dropped, at most 3 levels and 64 files.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <glib/gstdio.h>
#include <string.h>

#include "fuzz-input.h"
#include "lb-dataset-discover.h"
#include "lb-image-io.h"

#define MAX_FILES 64
#define MAX_DEPTH 3

static GBytes *
small_png (int width, int height)
{
  g_autofree guint8 *pixels = g_malloc0 ((gsize) width * height);

  for (int i = 0; i < width * height; i++)
    pixels[i] = (guint8) (i * 37);
  return lb_image_encode_png (pixels, width, height, 1, 8);
}

/* PATH made safe: NULL when nothing is left of it. */
static char *
safe_path (const char *path)
{
  g_auto (GStrv) parts = g_strsplit (path, "/", -1);
  g_autoptr (GPtrArray) kept = g_ptr_array_new ();

  for (char **p = parts; *p != NULL && kept->len < MAX_DEPTH; p++)
    {
      g_strcanon (*p, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._ -", '\0');
      /* g_strcanon replaces; the first '\0' ends the component. */
      if (**p == '\0' || strcmp (*p, ".") == 0 || strcmp (*p, "..") == 0)
        continue;
      g_ptr_array_add (kept, *p);
    }
  if (kept->len == 0)
    return NULL;
  g_ptr_array_add (kept, NULL);
  return g_build_filenamev ((char **) kept->pdata);
}

static void
make_file (const char *folder, const char *line, GBytes *image, GBytes *mask)
{
  g_autofree char *spec = g_strdup (line);
  char *kind = strrchr (spec, ' ');
  g_autofree char *relative = NULL;
  g_autofree char *path = NULL;
  g_autofree char *parent = NULL;
  const char *data = g_bytes_get_data (image, NULL);
  gsize length = g_bytes_get_size (image);

  if (kind != NULL)
    *kind++ = '\0';
  relative = safe_path (spec);
  if (relative == NULL)
    return;
  path = g_build_filename (folder, relative, NULL);
  parent = g_path_get_dirname (path);
  if (g_mkdir_with_parents (parent, 0700) != 0 || g_file_test (path, G_FILE_TEST_IS_DIR))
    return;
  if (g_strcmp0 (kind, "mask") == 0)
    data = g_bytes_get_data (mask, &length);
  else if (g_strcmp0 (kind, "empty") == 0)
    length = 0;
  else if (g_strcmp0 (kind, "cut") == 0)
    length /= 2;
  else if (g_strcmp0 (kind, "text") == 0)
    data = "not an image\n", length = strlen (data);
  g_file_set_contents (path, data, (gssize) length, NULL);
}

int
LLVMFuzzerTestOneInput (const uint8_t *input, size_t size)
{
  static GBytes *image, *mask;
  g_autofree char *text = g_strndup ((const char *) input, size);
  g_auto (GStrv) lines = g_strsplit (text, "\n", -1);
  g_autofree char *folder = g_build_filename (lb_fuzz_scratch_dir (), "dataset", NULL);
  g_autoptr (GError) error = NULL;
  LbPairingReport *report;
  guint n_files = 0;
  char **line;

  if (image == NULL)
    {
      image = small_png (12, 10);
      mask = small_png (8, 8);
    }
  lb_fuzz_clear_scratch ();
  g_mkdir (folder, 0700);
  for (line = lines; *line != NULL && strcmp (*line, "--") != 0; line++)
    if (n_files++ < MAX_FILES)
      make_file (folder, *line, image, mask);
  if (*line != NULL)
    {
      g_autofree char *manifest = g_build_filename (folder, "manifest.csv", NULL);
      g_autofree char *rest = g_strjoinv ("\n", line + 1);

      g_file_set_contents (manifest, rest, -1, NULL);
    }

  report = lb_dataset_discover (folder, &error);
  g_assert ((report != NULL) != (error != NULL));
  if (report != NULL)
    {
      JsonNode *json = lb_pairing_report_to_json (report);

      for (guint i = 0; i < report->pairs->len; i++)
        {
          LbPair *pair = g_ptr_array_index (report->pairs, i);

          g_assert (pair->image_path != NULL && pair->mask_paths[0] != NULL);
          g_assert (pair->width > 0 && pair->height > 0);
        }
      json_node_unref (json);
      lb_pairing_report_free (report);
    }
  return 0;
}
