/* lb-dataset-cache.c — decoded datasets kept on disk per (folder content, S), reused when unchanged.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "lb-dataset-cache.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <string.h>

#include "lb-error.h"
#include "lb-file.h"

/* File format (all integers little-endian u32):
 *   "LBDSET01"  version  size  n  0  key (64 hex chars)  checksum (32 bytes)
 *   n × { flags  code  width  height  path_len path  message_len message }
 *   images: n × size² bytes   masks: n × size² bytes
 *   "LBDSEND1"  — a file without this trailer was cut short and is ignored.
 * The checksum is the SHA-256 of everything after it: a file damaged anywhere (a disk error,
 * another program's bytes) is never used, and is written again from the decoded images. */
#define CACHE_MAGIC   "LBDSET01"
#define CACHE_TRAILER "LBDSEND1"
#define CACHE_VERSION 3u
#define CHECKSUM_BYTES 32

static gint cache_hits;
static gint cache_misses;

guint
lb_dataset_cache_get_hit_count (void)
{
  return (guint) g_atomic_int_get (&cache_hits);
}

guint
lb_dataset_cache_get_miss_count (void)
{
  return (guint) g_atomic_int_get (&cache_misses);
}

LbDecodedSet *
lb_decoded_set_new (guint n,
                    guint size)
{
  LbDecodedSet *set = g_new0 (LbDecodedSet, 1);
  gsize plane = (gsize) size * size;
  set->n = n;
  set->size = size;
  set->images = g_malloc0 (MAX (1, plane * n));
  set->masks = g_malloc0 (MAX (1, plane * n));
  set->flags = g_new0 (guint32, MAX (1, n));
  set->widths = g_new0 (guint32, MAX (1, n));
  set->heights = g_new0 (guint32, MAX (1, n));
  set->codes = g_new0 (int, MAX (1, n));
  set->paths = g_new0 (char *, n + 1);
  set->messages = g_new0 (char *, n + 1);
  return set;
}

void
lb_decoded_set_free (LbDecodedSet *set)
{
  if (set == NULL)
    return;
  g_free (set->images);
  g_free (set->masks);
  g_free (set->flags);
  g_free (set->widths);
  g_free (set->heights);
  g_free (set->codes);
  for (guint i = 0; i < set->n; i++)
    {
      g_free (set->paths[i]);
      g_free (set->messages[i]);
    }
  g_free (set->paths);
  g_free (set->messages);
  g_free (set);
}

static void
checksum_file (GChecksum *sum, const char *path)
{
  GStatBuf st;
  g_checksum_update (sum, (const guchar *) path, -1);
  if (g_stat (path, &st) == 0)
    {
      g_autofree char *line = g_strdup_printf ("|%" G_GINT64_FORMAT "|%" G_GINT64_FORMAT ".%ld|",
                                               (gint64) st.st_size, (gint64) st.st_mtim.tv_sec,
                                               (long) st.st_mtim.tv_nsec);
      g_checksum_update (sum, (const guchar *) line, -1);
    }
  else
    g_checksum_update (sum, (const guchar *) "|missing|", -1);
}

char *
lb_dataset_cache_key (const LbPairingReport *report,
                      guint                  size)
{
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autofree char *head = g_strdup_printf ("lossbench dataset cache v%u\n%s\n%s\n%u\n",
                                           CACHE_VERSION, report->folder,
                                           lb_dataset_layout_to_string (report->layout), size);
  g_checksum_update (sum, (const guchar *) head, -1);
  for (guint i = 0; i < report->pairs->len; i++)
    {
      const LbPair *pair = g_ptr_array_index (report->pairs, i);
      g_checksum_update (sum, (const guchar *) pair->name, -1);
      checksum_file (sum, pair->image_path);
      for (int m = 0; m < 2; m++)
        if (pair->mask_paths[m] != NULL)
          checksum_file (sum, pair->mask_paths[m]);
      g_checksum_update (sum, (const guchar *) "\n", 1);
    }
  return g_strdup (g_checksum_get_string (sum));
}

char *
lb_dataset_cache_path_for_key (const char *key)
{
  g_autofree char *name = g_strconcat (key, ".lbds", NULL);
  return g_build_filename (g_get_user_cache_dir (), "lossbench", "datasets", name, NULL);
}

/* A bounds-checked reader over the mapped file. */
typedef struct
{
  const guint8 *data;
  gsize len;
  gsize pos;
  gboolean ok;
} Reader;

static guint32
read_u32 (Reader *r)
{
  if (!r->ok || r->len - r->pos < 4)
    {
      r->ok = FALSE;
      return 0;
    }
  const guint8 *p = r->data + r->pos;
  r->pos += 4;
  return (guint32) p[0] | ((guint32) p[1] << 8) | ((guint32) p[2] << 16) | ((guint32) p[3] << 24);
}

static const guint8 *
read_bytes (Reader *r, gsize n)
{
  if (!r->ok || r->len - r->pos < n)
    {
      r->ok = FALSE;
      return NULL;
    }
  const guint8 *p = r->data + r->pos;
  r->pos += n;
  return p;
}

static char *
read_string (Reader *r)
{
  guint32 len = read_u32 (r);
  if (len == G_MAXUINT32)
    return NULL;
  const guint8 *p = read_bytes (r, len);
  return p != NULL ? g_strndup ((const char *) p, len) : NULL;
}

/* The SHA-256 of the N_PIECES pieces BYTES[i] (LENGTHS[i] bytes each), one after another. */
static void
checksum_pieces (const guint8 *const *bytes, const gsize *lengths, guint n_pieces,
                 guint8 out[CHECKSUM_BYTES])
{
  g_autoptr (GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
  gsize out_len = CHECKSUM_BYTES;

  for (guint i = 0; i < n_pieces; i++)
    {
      /* GChecksum takes a gssize: feed huge planes in parts. */
      for (gsize done = 0; done < lengths[i];)
        {
          gsize part = MIN (lengths[i] - done, (gsize) G_MAXINT32);
          g_checksum_update (sum, bytes[i] + done, (gssize) part);
          done += part;
        }
    }
  g_checksum_get_digest (sum, out, &out_len);
}

static void
checksum_bytes (const guint8 *data, gsize len, guint8 out[CHECKSUM_BYTES])
{
  checksum_pieces (&data, &len, 1, out);
}

static LbDecodedSet *
parse_cache (const guint8 *data, gsize len, const char *key, guint n_pairs, guint size)
{
  Reader r = { data, len, 0, TRUE };
  const guint8 *magic = read_bytes (&r, 8);
  if (magic == NULL || memcmp (magic, CACHE_MAGIC, 8) != 0)
    return NULL;
  guint32 version = read_u32 (&r);
  guint32 file_size = read_u32 (&r);
  guint32 n = read_u32 (&r);
  (void) read_u32 (&r);
  const guint8 *file_key = read_bytes (&r, 64);
  const guint8 *checksum = read_bytes (&r, CHECKSUM_BYTES);
  if (!r.ok || version != CACHE_VERSION || file_size != size || n != n_pairs
      || memcmp (file_key, key, 64) != 0)
    return NULL;
  guint8 computed[CHECKSUM_BYTES];
  checksum_bytes (data + r.pos, len - r.pos, computed);
  if (memcmp (computed, checksum, CHECKSUM_BYTES) != 0)
    return NULL;

  g_autoptr(LbDecodedSet) set = lb_decoded_set_new (n, size);
  for (guint i = 0; i < n && r.ok; i++)
    {
      set->flags[i] = read_u32 (&r);
      set->codes[i] = (int) read_u32 (&r);
      set->widths[i] = read_u32 (&r);
      set->heights[i] = read_u32 (&r);
      set->paths[i] = read_string (&r);
      set->messages[i] = read_string (&r);
    }
  gsize plane = (gsize) size * size * n;
  const guint8 *images = read_bytes (&r, plane);
  const guint8 *masks = read_bytes (&r, plane);
  const guint8 *trailer = read_bytes (&r, 8);
  if (!r.ok || memcmp (trailer, CACHE_TRAILER, 8) != 0 || r.pos != len)
    return NULL;
  memcpy (set->images, images, plane);
  memcpy (set->masks, masks, plane);
  return g_steal_pointer (&set);
}

LbDecodedSet *
lb_dataset_cache_read (const char *key,
                       guint       n_pairs,
                       guint       size)
{
  g_return_val_if_fail (key != NULL && strlen (key) == 64, NULL);
  g_autofree char *path = lb_dataset_cache_path_for_key (key);
  g_autoptr(GMappedFile) mapped = g_mapped_file_new (path, FALSE, NULL);
  LbDecodedSet *set = NULL;
  if (mapped != NULL)
    set = parse_cache ((const guint8 *) g_mapped_file_get_contents (mapped),
                       g_mapped_file_get_length (mapped), key, n_pairs, size);
  if (set != NULL)
    g_atomic_int_inc (&cache_hits);
  else
    g_atomic_int_inc (&cache_misses);
  return set;
}

static void
put_u32 (GByteArray *out, guint32 v)
{
  guint8 b[4] = { (guint8) v, (guint8) (v >> 8), (guint8) (v >> 16), (guint8) (v >> 24) };
  g_byte_array_append (out, b, 4);
}

static void
put_string (GByteArray *out, const char *s)
{
  if (s == NULL)
    {
      put_u32 (out, G_MAXUINT32);
      return;
    }
  gsize len = strlen (s);
  put_u32 (out, (guint32) len);
  g_byte_array_append (out, (const guint8 *) s, (guint) len);
}

gboolean
lb_dataset_cache_write (const char          *key,
                        const LbDecodedSet  *set,
                        GError             **error)
{
  g_return_val_if_fail (key != NULL && strlen (key) == 64 && set != NULL, FALSE);
  g_autofree char *path = lb_dataset_cache_path_for_key (key);
  g_autofree char *dir = g_path_get_dirname (path);
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      g_set_error (error, LB_ERROR, LB_ERROR_PERMISSION,
                   "The cache folder %s cannot be created.", dir);
      return FALSE;
    }

  g_autoptr(GByteArray) head = g_byte_array_new ();
  g_byte_array_append (head, (const guint8 *) CACHE_MAGIC, 8);
  put_u32 (head, CACHE_VERSION);
  put_u32 (head, set->size);
  put_u32 (head, set->n);
  put_u32 (head, 0);
  g_byte_array_append (head, (const guint8 *) key, 64);
  g_autoptr(GByteArray) entries = g_byte_array_new ();
  for (guint i = 0; i < set->n; i++)
    {
      put_u32 (entries, set->flags[i]);
      put_u32 (entries, (guint32) set->codes[i]);
      put_u32 (entries, set->widths[i]);
      put_u32 (entries, set->heights[i]);
      put_string (entries, set->paths[i]);
      put_string (entries, set->messages[i]);
    }
  gsize plane = (gsize) set->size * set->size * set->n;
  const guint8 *pieces[] = { entries->data, set->images, set->masks,
                             (const guint8 *) CACHE_TRAILER };
  const gsize lengths[] = { entries->len, plane, plane, 8 };
  guint8 checksum[CHECKSUM_BYTES];
  checksum_pieces (pieces, lengths, G_N_ELEMENTS (pieces), checksum);
  g_byte_array_append (head, checksum, CHECKSUM_BYTES);

  /* Through a scratch file renamed into place: a reader never sees half a cache, and a write
   * that fails or is killed leaves the previous one. The cache folder is swept of what killed
   * writers left. */
  lb_file_sweep_scratch (dir, 24 * 60 * 60);
  const void *file_pieces[] = { head->data, entries->data, set->images, set->masks,
                                CACHE_TRAILER };
  const gsize file_lengths[] = { head->len, entries->len, plane, plane, 8 };
  return lb_file_write_atomic_pieces (path, file_pieces, file_lengths,
                                      G_N_ELEMENTS (file_pieces), error);
}
