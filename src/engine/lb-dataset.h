/* lb-dataset.h — a loaded segmentation dataset: N images and lung masks at S×S, ready to train on.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "lb-dataset-discover.h"

G_BEGIN_DECLS

#define LB_TYPE_DATASET (lb_dataset_get_type ())
G_DECLARE_FINAL_TYPE (LbDataset, lb_dataset, LB, DATASET, GObject)

typedef enum
{
  LB_NORMALIZATION_POSTER,      /* (x − 127) / 127, as the poster did */
  LB_NORMALIZATION_STANDARDIZE, /* per image: (x − mean) / standard deviation */
} LbNormalization;

typedef struct
{
  guint size;                    /* S: images and masks become S×S (default 256) */
  LbNormalization normalization; /* default LB_NORMALIZATION_POSTER */
  gboolean use_cache;            /* read and write the XDG cache (default TRUE) */
  guint n_threads;               /* decoding threads; 0 = one per core (default) */
} LbDatasetOptions;

void lb_dataset_options_init (LbDatasetOptions *options);

/* @done of @total pairs decoded (or read from the cache). */
typedef void (*LbProgressFunc) (guint    done,
                                guint    total,
                                gpointer user_data);

/* Discovers @folder (see lb_dataset_discover) and loads it: synchronous, decoding in parallel
 * on every core. @progress is called on the calling thread. Pairs that fail to decode are
 * moved to the report's rejected list with their reason; the rest loads. Fails with
 * LB_ERROR_EMPTY when no pair is left (the message says why), LB_ERROR_CANCELLED when
 * @cancellable fires, or a discovery error. */
LbDataset *lb_dataset_load (const char              *folder,
                            const LbDatasetOptions  *options,
                            GCancellable            *cancellable,
                            LbProgressFunc           progress,
                            gpointer                 progress_data,
                            GError                 **error);

/* Several folders as one dataset (lb_pairing_report_merge): their pairs sorted by name. One
 * folder is lb_dataset_load. Fails as that does, or when a name is in two folders. */
LbDataset *lb_dataset_load_folders (const char *const      *folders,
                                    const LbDatasetOptions  *options,
                                    GCancellable            *cancellable,
                                    LbProgressFunc           progress,
                                    gpointer                 progress_data,
                                    GError                 **error);

/* The same from a report already made (takes ownership of @report; from
 * lb_dataset_discover_unchecked, or lb_dataset_discover). When nothing can be used
 * (LB_ERROR_EMPTY), @empty_report, if not NULL, receives the report with every pair's reason,
 * so that the user learns why (free with lb_pairing_report_free). */
LbDataset *lb_dataset_load_report (LbPairingReport         *report,
                                   const LbDatasetOptions  *options,
                                   GCancellable            *cancellable,
                                   LbProgressFunc           progress,
                                   gpointer                 progress_data,
                                   LbPairingReport        **empty_report,
                                   GError                 **error);

/* In a worker thread. @progress is called in the thread-default main context of the caller,
 * coalesced (at most one pending call), and never after @callback. @progress_data must stay
 * valid until @callback runs. */
void lb_dataset_load_async (const char              *folder,
                            const LbDatasetOptions  *options,
                            GCancellable            *cancellable,
                            LbProgressFunc           progress,
                            gpointer                 progress_data,
                            GAsyncReadyCallback      callback,
                            gpointer                 user_data);

/* lb_dataset_load_folders in a worker thread, as lb_dataset_load_async; finish with
 * lb_dataset_load_finish. */
void lb_dataset_load_folders_async (const char *const      *folders,
                                    const LbDatasetOptions  *options,
                                    GCancellable            *cancellable,
                                    LbProgressFunc           progress,
                                    gpointer                 progress_data,
                                    GAsyncReadyCallback      callback,
                                    gpointer                 user_data);

LbDataset *lb_dataset_load_finish (GAsyncResult  *result,
                                   GError       **error);

/* The synthetic demo set (see lb-phantom.h), in memory, no file written: the app's default.
 * NULL with LB_ERROR_TOO_LARGE when its tensors do not fit in memory. */
LbDataset *lb_dataset_new_demo (guint           count,
                                guint           size,
                                guint64         seed,
                                LbNormalization normalization,
                                GError        **error);

guint lb_dataset_get_n_pairs (LbDataset *self);
guint lb_dataset_get_size (LbDataset *self);
LbNormalization lb_dataset_get_normalization (LbDataset *self);

/* Contiguous N×S×S float tensors, row-major, owned by the dataset. Images are normalised;
 * masks are exactly 0 or 1. */
const float *lb_dataset_get_images (LbDataset *self);
const float *lb_dataset_get_masks (LbDataset *self);
/* Image @index as decoded 8-bit gray (S×S), for thumbnails and overlays. */
const guint8 *lb_dataset_get_image_u8 (LbDataset *self,
                                       guint      index);

const char *lb_dataset_get_name (LbDataset *self,
                                 guint      index);
const char *lb_dataset_get_source (LbDataset *self,
                                   guint      index);
LbPairFlags lb_dataset_get_flags (LbDataset *self,
                                  guint      index);
/* Where pair @index came from: its files and their size (the image's header). The demo set's
 * pairs have no files (image_path NULL). */
const LbPair *lb_dataset_get_pair (LbDataset *self,
                                   guint      index);
/* Index of the pair called @name, or -1. */
int lb_dataset_find (LbDataset  *self,
                     const char *name);

/* Names and sources as NULL-terminated arrays (owned by the dataset), in pair order. */
const char *const *lb_dataset_get_names (LbDataset *self);
const char *const *lb_dataset_get_sources (LbDataset *self);

/* How the folder paired up, including what the decoder rejected or warned about. */
const LbPairingReport *lb_dataset_get_report (LbDataset *self);

/* Whether the pixels came from the cache rather than from decoding. */
gboolean lb_dataset_get_from_cache (LbDataset *self);

G_END_DECLS
