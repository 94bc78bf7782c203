/* lb-dataset-discover.c — recognise a dataset folder's layout and pair its images with masks.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "lb-dataset-discover.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <string.h>

#include "lb-csv.h"
#include "lb-error.h"
#include "lb-image-io.h"

const char *
lb_dataset_layout_to_string (LbDatasetLayout layout)
{
  switch (layout)
    {
    case LB_DATASET_LAYOUT_GENERIC:
      return "generic";
    case LB_DATASET_LAYOUT_KAGGLE:
      return "kaggle";
    case LB_DATASET_LAYOUT_MONTGOMERY:
      return "montgomery";
    case LB_DATASET_LAYOUT_SHENZHEN:
      return "shenzhen";
    case LB_DATASET_LAYOUT_MIXED:
      return "mixed";
    default:
      return "unknown";
    }
}

void
lb_pair_free (LbPair *pair)
{
  if (pair == NULL)
    return;
  g_free (pair->name);
  g_free (pair->source);
  g_free (pair->image_path);
  g_free (pair->mask_paths[0]);
  g_free (pair->mask_paths[1]);
  g_free (pair);
}

void
lb_file_note_free (LbFileNote *note)
{
  if (note == NULL)
    return;
  g_free (note->name);
  g_free (note->path);
  g_free (note->message);
  g_free (note);
}

void
lb_pairing_report_free (LbPairingReport *report)
{
  if (report == NULL)
    return;
  g_free (report->folder);
  g_free (report->image_dir);
  g_free (report->mask_dirs[0]);
  g_free (report->mask_dirs[1]);
  g_clear_pointer (&report->pairs, g_ptr_array_unref);
  g_clear_pointer (&report->unmatched_images, g_ptr_array_unref);
  g_clear_pointer (&report->unmatched_masks, g_ptr_array_unref);
  g_clear_pointer (&report->rejected, g_ptr_array_unref);
  g_clear_pointer (&report->warnings, g_ptr_array_unref);
  g_free (report);
}

/* Moves every element of @from to the end of @to (which frees them from now on). */
static void
move_all (GPtrArray *to, GPtrArray *from)
{
  gsize n = 0;
  gpointer *items = g_ptr_array_steal (from, &n);
  for (gsize i = 0; i < n; i++)
    g_ptr_array_add (to, items[i]);
  g_free (items);
}

static int
compare_pairs_by_name (gconstpointer a, gconstpointer b)
{
  const LbPair *x = *(const LbPair *const *) a;
  const LbPair *y = *(const LbPair *const *) b;
  return strcmp (x->name, y->name);
}

LbPairingReport *
lb_pairing_report_merge (GPtrArray  *reports,
                         GError    **error)
{
  g_return_val_if_fail (reports != NULL && reports->len > 0, NULL);

  LbPairingReport *first = g_ptr_array_index (reports, 0);
  g_autoptr(LbPairingReport) merged = g_new0 (LbPairingReport, 1);
  g_autoptr(GPtrArray) folders = g_ptr_array_new ();
  merged->layout = first->layout;
  merged->image_dir = g_strdup (first->image_dir);
  merged->mask_dirs[0] = g_strdup (first->mask_dirs[0]);
  merged->mask_dirs[1] = g_strdup (first->mask_dirs[1]);
  merged->pairs = g_ptr_array_new_with_free_func ((GDestroyNotify) lb_pair_free);
  merged->unmatched_images = g_ptr_array_new_with_free_func (g_free);
  merged->unmatched_masks = g_ptr_array_new_with_free_func (g_free);
  merged->rejected = g_ptr_array_new_with_free_func ((GDestroyNotify) lb_file_note_free);
  merged->warnings = g_ptr_array_new_with_free_func ((GDestroyNotify) lb_file_note_free);
  for (guint r = 0; r < reports->len; r++)
    {
      LbPairingReport *report = g_ptr_array_index (reports, r);
      if (report->layout != merged->layout)
        merged->layout = LB_DATASET_LAYOUT_MIXED;
      g_ptr_array_add (folders, report->folder);
      move_all (merged->pairs, report->pairs);
      move_all (merged->unmatched_images, report->unmatched_images);
      move_all (merged->unmatched_masks, report->unmatched_masks);
      move_all (merged->rejected, report->rejected);
      move_all (merged->warnings, report->warnings);
    }
  g_ptr_array_add (folders, NULL);
  merged->folder = g_strjoinv (" + ", (char **) folders->pdata);

  g_ptr_array_sort (merged->pairs, compare_pairs_by_name);
  for (guint i = 1; i < merged->pairs->len; i++)
    {
      const LbPair *a = g_ptr_array_index (merged->pairs, i - 1);
      const LbPair *b = g_ptr_array_index (merged->pairs, i);
      if (strcmp (a->name, b->name) == 0)
        {
          g_set_error (error, LB_ERROR, LB_ERROR_INVALID_INPUT,
                       "The image “%s” is in more than one of the folders (%s and %s). Open "
                       "folders that hold different images.", a->name, a->image_path,
                       b->image_path);
          g_ptr_array_unref (reports);
          return NULL;
        }
    }
  g_ptr_array_unref (reports);
  return g_steal_pointer (&merged);
}

static LbFileNote *
file_note_new (const char *name, const char *path, int code, const char *message)
{
  LbFileNote *note = g_new0 (LbFileNote, 1);
  note->name = g_strdup (name);
  note->path = g_strdup (path);
  note->code = code;
  note->message = g_strdup (message);
  return note;
}

static void
add_rejected (LbPairingReport *report, const char *name, const char *path, int code,
              const char *message)
{
  g_ptr_array_add (report->rejected, file_note_new (name, path, code, message));
}

void
lb_pairing_report_reject_pair (LbPairingReport *report,
                               guint            index,
                               const char      *path,
                               int              code,
                               const char      *message)
{
  g_return_if_fail (report != NULL && index < report->pairs->len);
  LbPair *pair = g_ptr_array_index (report->pairs, index);
  add_rejected (report, pair->name, path, code, message);
  g_ptr_array_remove_index (report->pairs, index);
}

void
lb_pairing_report_add_warning (LbPairingReport *report,
                               const char      *name,
                               const char      *path,
                               int              code,
                               const char      *message)
{
  g_return_if_fail (report != NULL);
  g_ptr_array_add (report->warnings, file_note_new (name, path, code, message));
}

static int
compare_strings (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

char **
lb_pairing_report_dup_sources (const LbPairingReport *report)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) sources = g_ptr_array_new ();
  for (guint i = 0; i < report->pairs->len; i++)
    {
      const LbPair *pair = g_ptr_array_index (report->pairs, i);
      if (g_hash_table_add (seen, pair->source))
        g_ptr_array_add (sources, g_strdup (pair->source));
    }
  g_ptr_array_sort (sources, compare_strings);
  g_ptr_array_add (sources, NULL);
  return (char **) g_ptr_array_free (g_steal_pointer (&sources), FALSE);
}

guint
lb_pairing_report_count_source (const LbPairingReport *report,
                                const char            *source)
{
  guint n = 0;
  for (guint i = 0; i < report->pairs->len; i++)
    {
      const LbPair *pair = g_ptr_array_index (report->pairs, i);
      if (g_strcmp0 (pair->source, source) == 0)
        n++;
    }
  return n;
}

/* --- folder scanning ------------------------------------------------------------------------ */

/* The child directory of @dir named @name ignoring case (CXR_png vs cxr_png), or NULL. */
static char *
find_child_dir (const char *dir, const char *name)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  if (d == NULL)
    return NULL;
  const char *entry;
  while ((entry = g_dir_read_name (d)) != NULL)
    if (g_ascii_strcasecmp (entry, name) == 0)
      {
        g_autofree char *path = g_build_filename (dir, entry, NULL);
        if (g_file_test (path, G_FILE_TEST_IS_DIR))
          return g_steal_pointer (&path);
      }
  return NULL;
}

/* Another child directory whose name contains "mask" (Shenzhen's mask folder has had several
 * names in its redistributions), skipping @except. */
static char *
find_mask_like_dir (const char *dir, const char *except)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  if (d == NULL)
    return NULL;
  g_autoptr(GPtrArray) found = g_ptr_array_new_with_free_func (g_free);
  const char *entry;
  while ((entry = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *lower = g_ascii_strdown (entry, -1);
      if (strstr (lower, "mask") == NULL)
        continue;
      g_autofree char *path = g_build_filename (dir, entry, NULL);
      if (except != NULL && strcmp (path, except) == 0)
        continue;
      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        g_ptr_array_add (found, g_steal_pointer (&path));
    }
  if (found->len == 0)
    return NULL;
  g_ptr_array_sort (found, compare_strings); /* deterministic when there are several */
  return g_strdup (g_ptr_array_index (found, 0));
}

static char *
stem_of (const char *filename)
{
  const char *dot = strrchr (filename, '.');
  if (dot == NULL || dot == filename)
    return g_strdup (filename);
  return g_strndup (filename, (gsize) (dot - filename));
}

/* The mask's stem with the Kaggle/Shenzhen "_mask" suffix dropped. */
static char *
mask_stem_of (const char *filename)
{
  char *stem = stem_of (filename);
  gsize len = strlen (stem);
  if (len > 5 && g_ascii_strcasecmp (stem + len - 5, "_mask") == 0)
    stem[len - 5] = '\0';
  return stem;
}

typedef struct
{
  GHashTable *by_stem;   /* stem → path, for stems held by exactly one file */
  GHashTable *ambiguous; /* stems held by several files: already rejected */
} FileIndex;

static void
file_index_clear (FileIndex *index)
{
  g_clear_pointer (&index->by_stem, g_hash_table_unref);
  g_clear_pointer (&index->ambiguous, g_hash_table_unref);
}

static gboolean
file_index_is_ambiguous (const FileIndex *index, const char *stem)
{
  return index->ambiguous != NULL && g_hash_table_contains (index->ambiguous, stem);
}

/* Lists the image files of @dir by stem. Files of no image type, and stems held by several
 * files (a.png and a.jpg: which one is meant?), go to the rejected list. */
static void
index_dir (LbPairingReport *report,
           const char      *dir,
           gboolean         is_mask,
           const char      *what,
           FileIndex       *index)
{
  index->by_stem = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  index->ambiguous = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) groups = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                        (GDestroyNotify) g_ptr_array_unref);
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) d = g_dir_open (dir, 0, &error);
  if (d == NULL)
    {
      g_autofree char *display = g_filename_display_name (dir);
      g_autofree char *message = g_strdup_printf (
        "%s: the %s folder cannot be read (%s).", display, what, error->message);
      add_rejected (report, "", dir, LB_ERROR_PERMISSION, message);
      return;
    }
  const char *entry;
  while ((entry = g_dir_read_name (d)) != NULL)
    {
      if (entry[0] == '.')
        continue; /* .DS_Store, editor backups: not the user's data */
      g_autofree char *path = g_build_filename (dir, entry, NULL);
      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        continue;
      if (!lb_image_has_image_extension (entry))
        {
          g_autofree char *display = g_filename_display_name (path);
          g_autofree char *message = g_strdup_printf (
            "%s: not an image file (by its name); it was left out. Only images belong in the "
            "%s folder.", display, what);
          g_autofree char *stem = stem_of (entry);
          add_rejected (report, stem, path, LB_ERROR_INVALID_INPUT, message);
          continue;
        }
      char *stem = is_mask ? mask_stem_of (entry) : stem_of (entry);
      GPtrArray *group = g_hash_table_lookup (groups, stem);
      if (group == NULL)
        {
          group = g_ptr_array_new_with_free_func (g_free);
          g_hash_table_insert (groups, stem, group);
        }
      else
        g_free (stem);
      g_ptr_array_add (group, g_steal_pointer (&path));
    }

  GHashTableIter iter;
  gpointer key, value;
  g_hash_table_iter_init (&iter, groups);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      GPtrArray *group = value;
      if (group->len == 1)
        {
          g_hash_table_insert (index->by_stem, g_strdup (key),
                               g_strdup (g_ptr_array_index (group, 0)));
          continue;
        }
      g_ptr_array_sort (group, compare_strings);
      g_hash_table_add (index->ambiguous, g_strdup (key));
      g_autoptr(GString) names = g_string_new (NULL);
      for (guint i = 0; i < group->len; i++)
        {
          g_autofree char *base = g_path_get_basename (g_ptr_array_index (group, i));
          g_string_append_printf (names, "%s%s", i > 0 ? ", " : "", base);
        }
      for (guint i = 0; i < group->len; i++)
        {
          const char *path = g_ptr_array_index (group, i);
          g_autofree char *display = g_filename_display_name (path);
          g_autofree char *message = g_strdup_printf (
            "%s: several %s files share the name “%s” (%s), so it is unclear which one is "
            "meant; all were left out. Keep one of them.",
            display, what, (const char *) key, names->str);
          add_rejected (report, key, path, LB_ERROR_INVALID_INPUT, message);
        }
    }
}

/* --- manifest.csv ------------------------------------------------------------------------- */

/* name → source from @folder/manifest.csv, or NULL when there is none (or no source column). */
static GHashTable *
read_manifest (LbPairingReport *report, const char *folder)
{
  g_autofree char *path = g_build_filename (folder, "manifest.csv", NULL);
  g_autofree char *contents = NULL;
  gsize length = 0;
  g_autoptr(GError) error = NULL;
  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    return NULL;
  if (!g_file_get_contents (path, &contents, &length, &error))
    {
      g_autofree char *message = g_strdup_printf (
        "manifest.csv cannot be read (%s); sources are guessed from the names.", error->message);
      lb_pairing_report_add_warning (report, "", path, LB_ERROR_PERMISSION, message);
      return NULL;
    }
  /* lb_csv's parser, so a manifest is read by the same RFC 4180 rules as every CSV we write. */
  g_autoptr(GPtrArray) rows = lb_csv_parse (contents, (gssize) length, &error);
  if (rows == NULL)
    {
      g_autofree char *message = g_strdup_printf (
        "manifest.csv: %s Sources are guessed from the names until it is fixed.",
        error->message);
      lb_pairing_report_add_warning (report, "", path, LB_ERROR_CORRUPT, message);
      return NULL;
    }
  if (rows->len == 0)
    return NULL;
  char **header = g_ptr_array_index (rows, 0);
  int name_col = -1, source_col = -1;
  for (int i = 0; header[i] != NULL; i++)
    {
      g_autofree char *col = g_strstrip (g_ascii_strdown (header[i], -1));
      if (name_col < 0 && (strcmp (col, "name") == 0 || strcmp (col, "stem") == 0
                           || strcmp (col, "image") == 0 || strcmp (col, "file") == 0))
        name_col = i;
      else if (strcmp (col, "source") == 0)
        source_col = i;
    }
  if (source_col < 0)
    return NULL;
  if (name_col < 0)
    name_col = 0;
  GHashTable *sources = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  for (guint r = 1; r < rows->len; r++)
    {
      char **fields = g_ptr_array_index (rows, r);
      /* A blank line is a row of one empty field: too short, or with an empty source. */
      if (g_strv_length (fields) <= (guint) MAX (name_col, source_col))
        continue;
      const char *name = fields[name_col];
      const char *source = fields[source_col];
      g_autofree char *base = g_path_get_basename (name);
      g_autofree char *stem = lb_image_has_image_extension (base) ? stem_of (base)
                                                                  : g_strdup (base);
      if (source[0] != '\0')
        g_hash_table_replace (sources, g_steal_pointer (&stem), g_strstrip (g_strdup (source)));
    }
  return sources;
}

/* NLM names say where a case comes from: MCUCXR_ is Montgomery County, CHNCXR_ Shenzhen. */
static const char *
guess_source (LbDatasetLayout layout, const char *name)
{
  if (g_str_has_prefix (name, "MCUCXR"))
    return "montgomery";
  if (g_str_has_prefix (name, "CHNCXR"))
    return "shenzhen";
  if (layout == LB_DATASET_LAYOUT_MONTGOMERY)
    return "montgomery";
  if (layout == LB_DATASET_LAYOUT_SHENZHEN)
    return "shenzhen";
  return "other";
}

/* --- pairing ------------------------------------------------------------------------------ */

gboolean
lb_pair_check_headers (LbPair  *pair,
                       int     *code,
                       char   **path,
                       char   **message)
{
  LbImageInfo image_info = { 0 };
  g_autoptr(GError) error = NULL;
  if (!lb_image_probe (pair->image_path, &image_info, &error))
    {
      *code = error->code;
      *path = g_strdup (pair->image_path);
      *message = g_strdup (error->message);
      return FALSE;
    }
  for (int m = 0; m < 2 && pair->mask_paths[m] != NULL; m++)
    {
      LbImageInfo mask_info = { 0 };
      if (!lb_image_probe (pair->mask_paths[m], &mask_info, &error))
        {
          *code = error->code;
          *path = g_strdup (pair->mask_paths[m]);
          *message = g_strdup (error->message);
          return FALSE;
        }
      if (mask_info.width != image_info.width || mask_info.height != image_info.height)
        {
          g_autofree char *display = g_filename_display_name (pair->mask_paths[m]);
          *code = LB_ERROR_INVALID_INPUT;
          *path = g_strdup (pair->mask_paths[m]);
          *message = g_strdup_printf (
            "%s: the mask is %d × %d pixels but its image is %d × %d, so they cannot be "
            "overlaid; the pair was left out. Export the mask at the image's size.",
            display, mask_info.width, mask_info.height, image_info.width, image_info.height);
          return FALSE;
        }
    }
  pair->width = image_info.width;
  pair->height = image_info.height;
  return TRUE;
}

/* Checks a pair's headers; on a problem, rejects it with the reason and returns FALSE. */
static gboolean
check_pair (LbPairingReport *report, LbPair *pair)
{
  int code = 0;
  g_autofree char *path = NULL;
  g_autofree char *message = NULL;
  if (lb_pair_check_headers (pair, &code, &path, &message))
    return TRUE;
  add_rejected (report, pair->name, path, code, message);
  return FALSE;
}

static int
compare_pairs (gconstpointer a, gconstpointer b)
{
  const LbPair *pa = *(const LbPair *const *) a;
  const LbPair *pb = *(const LbPair *const *) b;
  return strcmp (pa->name, pb->name);
}

static GPtrArray *
sorted_keys (GHashTable *table)
{
  GPtrArray *keys = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer key;
  g_hash_table_iter_init (&iter, table);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_ptr_array_add (keys, key);
  g_ptr_array_sort (keys, compare_strings);
  return keys;
}

static gboolean
detect_layout (LbPairingReport *report, GError **error)
{
  const char *folder = report->folder;
  g_autofree char *display = g_filename_display_name (folder);
  g_autofree char *cxr = find_child_dir (folder, "CXR_png");
  if (cxr != NULL)
    {
      report->image_dir = g_steal_pointer (&cxr);
      g_autofree char *manual = find_child_dir (folder, "ManualMask");
      if (manual != NULL)
        {
          g_autofree char *left = find_child_dir (manual, "leftMask");
          g_autofree char *right = find_child_dir (manual, "rightMask");
          if (left != NULL && right != NULL)
            {
              report->layout = LB_DATASET_LAYOUT_MONTGOMERY;
              report->mask_dirs[0] = g_steal_pointer (&left);
              report->mask_dirs[1] = g_steal_pointer (&right);
              return TRUE;
            }
        }
      g_autofree char *masks = find_child_dir (folder, "masks");
      if (masks != NULL)
        {
          report->layout = LB_DATASET_LAYOUT_KAGGLE;
          report->mask_dirs[0] = g_steal_pointer (&masks);
          return TRUE;
        }
      g_autofree char *other = find_mask_like_dir (folder, report->image_dir);
      if (other != NULL)
        {
          report->layout = LB_DATASET_LAYOUT_SHENZHEN;
          report->mask_dirs[0] = g_steal_pointer (&other);
          return TRUE;
        }
      g_set_error (error, LB_ERROR, LB_ERROR_INVALID_INPUT,
                   "%s has a CXR_png folder but no mask folder next to it (masks/, "
                   "ManualMask/leftMask + rightMask, or a folder named like “mask”).", display);
      return FALSE;
    }

  g_autofree char *images = find_child_dir (folder, "images");
  g_autofree char *masks = find_child_dir (folder, "masks");
  if (images != NULL && masks != NULL)
    {
      report->layout = LB_DATASET_LAYOUT_GENERIC;
      report->image_dir = g_steal_pointer (&images);
      report->mask_dirs[0] = g_steal_pointer (&masks);
      return TRUE;
    }
  g_set_error (error, LB_ERROR, LB_ERROR_INVALID_INPUT,
               "%s is not a dataset folder: it should hold images/ and masks/ (matched by file "
               "name), or CXR_png/ with masks/ or ManualMask/ (the Kaggle and NLM layouts).",
               display);
  return FALSE;
}

/* The one child folder of @folder that is in a known layout, or NULL (none, or several). */
static char *
find_single_dataset_child (const char *folder)
{
  g_autoptr(GDir) d = g_dir_open (folder, 0, NULL);
  if (d == NULL)
    return NULL;
  char *found = NULL;
  const char *entry;
  while ((entry = g_dir_read_name (d)) != NULL)
    {
      if (entry[0] == '.')
        continue;
      g_autofree char *child = g_build_filename (folder, entry, NULL);
      if (!g_file_test (child, G_FILE_TEST_IS_DIR))
        continue;
      LbPairingReport probe = { .folder = child };
      gboolean ok = detect_layout (&probe, NULL);
      g_free (probe.image_dir);
      g_free (probe.mask_dirs[0]);
      g_free (probe.mask_dirs[1]);
      if (!ok)
        continue;
      if (found != NULL)
        {
          g_free (found);
          return NULL;
        }
      found = g_steal_pointer (&child);
    }
  return found;
}

static LbPairingReport *
discover (const char  *folder,
          gboolean     check_headers,
          GError     **error)
{
  g_return_val_if_fail (folder != NULL, NULL);

  g_autofree char *display = g_filename_display_name (folder);
  GStatBuf st;
  if (g_stat (folder, &st) != 0)
    {
      int saved = errno;
      g_set_error (error, LB_ERROR, saved == EACCES ? LB_ERROR_PERMISSION : LB_ERROR_NOT_FOUND,
                   saved == EACCES ? "The folder %s cannot be opened: permission denied."
                                   : "The folder %s does not exist. Check the path.", display);
      return NULL;
    }
  if (!S_ISDIR (st.st_mode))
    {
      g_set_error (error, LB_ERROR, LB_ERROR_INVALID_INPUT,
                   "%s is a file, not a folder. Open the folder that holds images/ and masks/.",
                   display);
      return NULL;
    }

  g_autoptr(LbPairingReport) report = g_new0 (LbPairingReport, 1);
  report->folder = g_canonicalize_filename (folder, NULL);
  report->pairs = g_ptr_array_new_with_free_func ((GDestroyNotify) lb_pair_free);
  report->unmatched_images = g_ptr_array_new_with_free_func (g_free);
  report->unmatched_masks = g_ptr_array_new_with_free_func (g_free);
  report->rejected = g_ptr_array_new_with_free_func ((GDestroyNotify) lb_file_note_free);
  report->warnings = g_ptr_array_new_with_free_func ((GDestroyNotify) lb_file_note_free);

  g_autoptr(GDir) probe = g_dir_open (folder, 0, NULL);
  if (probe == NULL)
    {
      g_set_error (error, LB_ERROR, LB_ERROR_PERMISSION,
                   "The folder %s cannot be opened: permission denied.", display);
      return NULL;
    }
  g_autoptr(GError) layout_error = NULL;
  if (!detect_layout (report, &layout_error))
    {
      /* The downloads unpack into a wrapper folder ("Lung Segmentation/", "MontgomerySet/"):
       * if exactly one sub-folder holds a dataset, that is the one the user meant. */
      g_autofree char *inner = find_single_dataset_child (report->folder);
      if (inner == NULL)
        {
          g_propagate_error (error, g_steal_pointer (&layout_error));
          return NULL;
        }
      g_free (report->folder);
      report->folder = g_steal_pointer (&inner);
      g_clear_pointer (&report->image_dir, g_free);
      g_clear_pointer (&report->mask_dirs[0], g_free);
      g_clear_pointer (&report->mask_dirs[1], g_free);
      if (!detect_layout (report, error))
        return NULL;
    }

  FileIndex images = { 0 }, masks = { 0 }, right = { 0 };
  index_dir (report, report->image_dir, FALSE, "image", &images);
  index_dir (report, report->mask_dirs[0], TRUE, "mask", &masks);
  if (report->mask_dirs[1] != NULL)
    index_dir (report, report->mask_dirs[1], TRUE, "mask", &right);

  g_autoptr(GHashTable) manifest = read_manifest (report, report->folder);
  g_autoptr(GHashTable) used_masks = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) stems = sorted_keys (images.by_stem);
  for (guint i = 0; i < stems->len; i++)
    {
      const char *stem = g_ptr_array_index (stems, i);
      const char *image_path = g_hash_table_lookup (images.by_stem, stem);
      const char *mask_path = g_hash_table_lookup (masks.by_stem, stem);
      const char *right_path = right.by_stem != NULL ? g_hash_table_lookup (right.by_stem, stem)
                                                     : NULL;
      if (report->mask_dirs[1] != NULL && (mask_path == NULL) != (right_path == NULL))
        {
          /* One lung without the other would teach the network half a chest. */
          const char *present = mask_path != NULL ? mask_path : right_path;
          g_autofree char *display_mask = g_filename_display_name (present);
          g_autofree char *message = g_strdup_printf (
            "%s: the %s lung mask has no %s lung mask to merge with; the pair was left out.",
            display_mask, mask_path != NULL ? "left" : "right",
            mask_path != NULL ? "right" : "left");
          add_rejected (report, stem, present, LB_ERROR_INVALID_INPUT, message);
          g_hash_table_add (used_masks, (gpointer) present);
          continue;
        }
      if (mask_path == NULL)
        {
          /* Its mask is there but was rejected as ambiguous: that is the reason given. */
          if (file_index_is_ambiguous (&masks, stem) || file_index_is_ambiguous (&right, stem))
            continue;
          g_ptr_array_add (report->unmatched_images, g_strdup (image_path));
          continue;
        }
      g_hash_table_add (used_masks, (gpointer) mask_path);
      if (right_path != NULL)
        g_hash_table_add (used_masks, (gpointer) right_path);

      LbPair *pair = g_new0 (LbPair, 1);
      pair->name = g_strdup (stem);
      const char *source = manifest != NULL ? g_hash_table_lookup (manifest, stem) : NULL;
      pair->source = g_strdup (source != NULL ? source : guess_source (report->layout, stem));
      pair->image_path = g_strdup (image_path);
      pair->mask_paths[0] = g_strdup (mask_path);
      pair->mask_paths[1] = g_strdup (right_path);
      if (!check_headers || check_pair (report, pair))
        g_ptr_array_add (report->pairs, pair);
      else
        lb_pair_free (pair);
    }

  FileIndex *mask_indices[2] = { &masks, &right };
  for (int m = 0; m < 2; m++)
    {
      if (mask_indices[m]->by_stem == NULL)
        continue;
      g_autoptr(GPtrArray) mask_stems = sorted_keys (mask_indices[m]->by_stem);
      for (guint i = 0; i < mask_stems->len; i++)
        {
          const char *stem = g_ptr_array_index (mask_stems, i);
          const char *path = g_hash_table_lookup (mask_indices[m]->by_stem, stem);
          if (!g_hash_table_contains (used_masks, path)
              && !file_index_is_ambiguous (&images, stem))
            g_ptr_array_add (report->unmatched_masks, g_strdup (path));
        }
    }
  g_ptr_array_sort (report->pairs, compare_pairs);

  file_index_clear (&images);
  file_index_clear (&masks);
  file_index_clear (&right);
  return g_steal_pointer (&report);
}

LbPairingReport *
lb_dataset_discover (const char  *folder,
                     GError     **error)
{
  g_return_val_if_fail (folder != NULL, NULL);
  return discover (folder, TRUE, error);
}

LbPairingReport *
lb_dataset_discover_unchecked (const char  *folder,
                               GError     **error)
{
  g_return_val_if_fail (folder != NULL, NULL);
  return discover (folder, FALSE, error);
}

/* --- two folders of masks ------------------------------------------------------------------ */

static gboolean
check_is_folder (const char *folder, const char *what, GError **error)
{
  g_autofree char *display = g_filename_display_name (folder);
  GStatBuf st;
  if (g_stat (folder, &st) != 0)
    {
      int saved = errno;
      g_set_error (error, LB_ERROR, saved == EACCES ? LB_ERROR_PERMISSION : LB_ERROR_NOT_FOUND,
                   saved == EACCES ? "The %s folder %s cannot be opened: permission denied."
                                   : "The %s folder %s does not exist. Check the path.",
                   what, display);
      return FALSE;
    }
  if (!S_ISDIR (st.st_mode))
    {
      g_set_error (error, LB_ERROR, LB_ERROR_INVALID_INPUT,
                   "%s is a file, not a folder. Give the folder that holds the %s masks.",
                   display, what);
      return FALSE;
    }
  g_autoptr(GDir) probe = g_dir_open (folder, 0, NULL);
  if (probe == NULL)
    {
      g_set_error (error, LB_ERROR, LB_ERROR_PERMISSION,
                   "The %s folder %s cannot be opened: permission denied.", what, display);
      return FALSE;
    }
  return TRUE;
}

/* Probes a prediction and its truth; on a problem, rejects the pair with the reason. */
static gboolean
check_mask_pair (LbPairingReport *report, LbPair *pair)
{
  LbImageInfo pred = { 0 }, truth = { 0 };
  g_autoptr(GError) error = NULL;
  const char *path = pair->image_path;
  if (lb_image_probe (pair->image_path, &pred, &error)
      && (path = pair->mask_paths[0], lb_image_probe (pair->mask_paths[0], &truth, &error)))
    {
      if (pred.width == truth.width && pred.height == truth.height)
        {
          pair->width = pred.width;
          pair->height = pred.height;
          return TRUE;
        }
      g_autofree char *display = g_filename_display_name (pair->image_path);
      g_autofree char *message = g_strdup_printf (
        "%s: the prediction is %d × %d pixels but its truth mask is %d × %d, so they cannot be "
        "compared; it was left out. Predict at the truth's size.", display, pred.width,
        pred.height, truth.width, truth.height);
      add_rejected (report, pair->name, pair->image_path, LB_ERROR_INVALID_INPUT, message);
      return FALSE;
    }
  add_rejected (report, pair->name, path, error->code, error->message);
  return FALSE;
}

LbPairingReport *
lb_dataset_discover_mask_pairs (const char  *pred_dir,
                                const char  *truth_dir,
                                GError     **error)
{
  g_return_val_if_fail (pred_dir != NULL && truth_dir != NULL, NULL);
  if (!check_is_folder (pred_dir, "prediction", error)
      || !check_is_folder (truth_dir, "truth", error))
    return NULL;

  g_autoptr(LbPairingReport) report = g_new0 (LbPairingReport, 1);
  report->folder = g_canonicalize_filename (pred_dir, NULL);
  report->layout = LB_DATASET_LAYOUT_GENERIC;
  report->image_dir = g_strdup (report->folder);
  report->mask_dirs[0] = g_canonicalize_filename (truth_dir, NULL);
  report->pairs = g_ptr_array_new_with_free_func ((GDestroyNotify) lb_pair_free);
  report->unmatched_images = g_ptr_array_new_with_free_func (g_free);
  report->unmatched_masks = g_ptr_array_new_with_free_func (g_free);
  report->rejected = g_ptr_array_new_with_free_func ((GDestroyNotify) lb_file_note_free);
  report->warnings = g_ptr_array_new_with_free_func ((GDestroyNotify) lb_file_note_free);
  if (strcmp (report->image_dir, report->mask_dirs[0]) == 0)
    {
      g_autofree char *display = g_filename_display_name (pred_dir);
      g_set_error (error, LB_ERROR, LB_ERROR_INVALID_INPUT,
                   "The predictions and the truths are the same folder (%s): give the folder "
                   "of each.", display);
      return NULL;
    }

  FileIndex preds = { 0 }, truths = { 0 };
  index_dir (report, report->image_dir, TRUE, "prediction", &preds);
  index_dir (report, report->mask_dirs[0], TRUE, "truth", &truths);
  g_autoptr(GPtrArray) stems = sorted_keys (preds.by_stem);
  for (guint i = 0; i < stems->len; i++)
    {
      const char *stem = g_ptr_array_index (stems, i);
      const char *pred_path = g_hash_table_lookup (preds.by_stem, stem);
      const char *truth_path = g_hash_table_lookup (truths.by_stem, stem);
      if (truth_path == NULL)
        {
          if (!file_index_is_ambiguous (&truths, stem))
            g_ptr_array_add (report->unmatched_images, g_strdup (pred_path));
          continue;
        }
      LbPair *pair = g_new0 (LbPair, 1);
      pair->name = g_strdup (stem);
      pair->source = g_strdup ("other");
      pair->image_path = g_strdup (pred_path);
      pair->mask_paths[0] = g_strdup (truth_path);
      if (check_mask_pair (report, pair))
        g_ptr_array_add (report->pairs, pair);
      else
        lb_pair_free (pair);
    }
  g_autoptr(GPtrArray) truth_stems = sorted_keys (truths.by_stem);
  for (guint i = 0; i < truth_stems->len; i++)
    {
      const char *stem = g_ptr_array_index (truth_stems, i);
      if (!g_hash_table_contains (preds.by_stem, stem) && !file_index_is_ambiguous (&preds, stem))
        g_ptr_array_add (report->unmatched_masks,
                         g_strdup (g_hash_table_lookup (truths.by_stem, stem)));
    }
  g_ptr_array_sort (report->pairs, compare_pairs);
  file_index_clear (&preds);
  file_index_clear (&truths);
  return g_steal_pointer (&report);
}

/* --- JSON --------------------------------------------------------------------------------- */

static void
add_notes (JsonBuilder *b, const char *member, GPtrArray *notes, const char *text_member)
{
  json_builder_set_member_name (b, member);
  json_builder_begin_array (b);
  for (guint i = 0; i < notes->len; i++)
    {
      const LbFileNote *note = g_ptr_array_index (notes, i);
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "name");
      json_builder_add_string_value (b, note->name);
      json_builder_set_member_name (b, "path");
      json_builder_add_string_value (b, note->path);
      json_builder_set_member_name (b, text_member);
      json_builder_add_string_value (b, note->message);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
}

static void
add_paths (JsonBuilder *b, const char *member, GPtrArray *paths)
{
  json_builder_set_member_name (b, member);
  json_builder_begin_array (b);
  for (guint i = 0; i < paths->len; i++)
    json_builder_add_string_value (b, g_ptr_array_index (paths, i));
  json_builder_end_array (b);
}

JsonNode *
lb_pairing_report_to_json (const LbPairingReport *report)
{
  g_return_val_if_fail (report != NULL, NULL);
  g_autoptr(JsonBuilder) b = json_builder_new ();
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "folder");
  json_builder_add_string_value (b, report->folder);
  json_builder_set_member_name (b, "layout");
  json_builder_add_string_value (b, lb_dataset_layout_to_string (report->layout));
  json_builder_set_member_name (b, "pairs");
  json_builder_add_int_value (b, report->pairs->len);
  json_builder_set_member_name (b, "by_source");
  json_builder_begin_object (b);
  g_auto(GStrv) sources = lb_pairing_report_dup_sources (report);
  for (int i = 0; sources[i] != NULL; i++)
    {
      json_builder_set_member_name (b, sources[i]);
      json_builder_add_int_value (b, lb_pairing_report_count_source (report, sources[i]));
    }
  json_builder_end_object (b);
  json_builder_set_member_name (b, "names");
  json_builder_begin_array (b);
  for (guint i = 0; i < report->pairs->len; i++)
    json_builder_add_string_value (b, ((LbPair *) g_ptr_array_index (report->pairs, i))->name);
  json_builder_end_array (b);
  add_paths (b, "unmatched_images", report->unmatched_images);
  add_paths (b, "unmatched_masks", report->unmatched_masks);
  add_notes (b, "rejected", report->rejected, "reason");
  add_notes (b, "warnings", report->warnings, "message");
  json_builder_end_object (b);
  return json_builder_get_root (b);
}
