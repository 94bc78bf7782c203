/* lb-dataset-cache.h — decoded datasets kept on disk per (folder content, S), reused when unchanged.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "lb-dataset-discover.h"

G_BEGIN_DECLS

/* What decoding a pairing report at S×S produced: 8-bit images and {0,1} masks in report
 * order, and per pair either a failure (code != 0: the pair is rejected with message) or
 * flags and an optional warning. The cache stores exactly this, so a cache hit rebuilds the
 * same dataset, warnings and rejections included, without decoding anything. */
typedef struct
{
  guint n;
  guint size;
  guint8 *images;  /* n × size × size, gray 0…255 */
  guint8 *masks;   /* n × size × size, 0 or 1 */
  guint32 *flags;  /* LbPairFlags */
  guint32 *widths; /* the original image size, from its header */
  guint32 *heights;
  int *codes;      /* 0, or the LbError code that made the pair unusable */
  char **paths;    /* the file a failure or warning is about (NULL when none) */
  char **messages; /* failure reason or warning sentence (NULL when none) */
} LbDecodedSet;

LbDecodedSet *lb_decoded_set_new (guint n,
                                  guint size);
void lb_decoded_set_free (LbDecodedSet *set);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LbDecodedSet, lb_decoded_set_free)

/* A SHA-256 (hex) over the folder, its layout, S, and every paired file's path, size and
 * modification time: changing, adding, removing or renaming any paired file changes the key.
 * Normalisation is not part of it: the cache holds the 8-bit pixels, normalised on load. */
char *lb_dataset_cache_key (const LbPairingReport *report,
                            guint                  size);

/* $XDG_CACHE_HOME/lossbench/datasets/KEY.lbds */
char *lb_dataset_cache_path_for_key (const char *key);

/* Returns the cached set for @key if a complete, matching file is there (n must equal
 * @n_pairs), else NULL. Counts a hit or a miss. */
LbDecodedSet *lb_dataset_cache_read (const char *key,
                                     guint       n_pairs,
                                     guint       size);

/* Writes atomically (temporary name, then rename). */
gboolean lb_dataset_cache_write (const char          *key,
                                 const LbDecodedSet  *set,
                                 GError             **error);

/* Process-wide counters, for tests and for the user ("loaded from cache"). */
guint lb_dataset_cache_get_hit_count (void);
guint lb_dataset_cache_get_miss_count (void);

G_END_DECLS
