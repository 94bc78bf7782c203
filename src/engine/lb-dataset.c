/* lb-dataset.c — a loaded segmentation dataset: N images and lung masks at S×S, ready to train on.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "lb-dataset.h"

#include <math.h>
#include <pthread.h>
#include <string.h>

#include "lb-dataset-cache.h"
#include "lb-error.h"
#include "lb-image-io.h"
#include "lb-notifier.h"
#include "lb-pair-original.h"
#include "lb-phantom.h"
#include "lb-system.h"

struct _LbDataset
{
  GObject parent_instance;

  LbPairingReport *report;
  guint n;
  guint size;
  LbNormalization normalization;
  guint8 *images_u8; /* N×S×S */
  float *images;     /* N×S×S, normalised */
  float *masks;      /* N×S×S, {0,1} */
  guint32 *flags;
  char **names;      /* NULL-terminated */
  char **sources;    /* NULL-terminated */
  GHashTable *index_by_name;
  gboolean from_cache;
};

G_DEFINE_FINAL_TYPE (LbDataset, lb_dataset, G_TYPE_OBJECT)

static void
lb_dataset_finalize (GObject *object)
{
  LbDataset *self = LB_DATASET (object);
  g_clear_pointer (&self->report, lb_pairing_report_free);
  g_free (self->images_u8);
  g_free (self->images);
  g_free (self->masks);
  g_free (self->flags);
  g_strfreev (self->names);
  g_strfreev (self->sources);
  g_clear_pointer (&self->index_by_name, g_hash_table_unref);
  G_OBJECT_CLASS (lb_dataset_parent_class)->finalize (object);
}

static void
lb_dataset_class_init (LbDatasetClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = lb_dataset_finalize;
}

static void
lb_dataset_init (LbDataset *self)
{
}

void
lb_dataset_options_init (LbDatasetOptions *options)
{
  g_return_if_fail (options != NULL);
  options->size = 256;
  options->normalization = LB_NORMALIZATION_POSTER;
  options->use_cache = TRUE;
  options->n_threads = 0;
}

static void
normalise_image (const guint8 *src, float *dst, gsize plane, LbNormalization normalization)
{
  if (normalization == LB_NORMALIZATION_STANDARDIZE)
    {
      double sum = 0, sum2 = 0;
      for (gsize k = 0; k < plane; k++)
        {
          sum += src[k];
          sum2 += (double) src[k] * src[k];
        }
      double mean = sum / plane;
      double var = sum2 / plane - mean * mean;
      /* A flat image has no contrast to standardise: map it to 0 rather than divide by 0. */
      double inv = var > 1e-12 ? 1.0 / sqrt (var) : 0.0;
      for (gsize k = 0; k < plane; k++)
        dst[k] = (float) ((src[k] - mean) * inv);
    }
  else
    {
      for (gsize k = 0; k < plane; k++)
        dst[k] = (src[k] - 127.0f) / 127.0f;
    }
}

/* Why nothing loads, in the words a user can act on. */
static void
set_empty_error (GError **error, const LbPairingReport *report)
{
  g_autofree char *display = g_filename_display_name (report->folder);
  guint unmatched = report->unmatched_images->len + report->unmatched_masks->len;
  if (report->rejected->len > 0 && unmatched == 0)
    g_set_error (error, LB_ERROR, LB_ERROR_EMPTY,
                 "%s holds no usable image and mask pair: %u files were left out, each for the "
                 "reason given in the report.", display, report->rejected->len);
  else
    g_set_error (error, LB_ERROR, LB_ERROR_EMPTY,
                 "%s holds no usable image and mask pair (%u images without a mask, %u masks "
                 "without an image, %u files left out). Masks must be named like their images.",
                 display, report->unmatched_images->len, report->unmatched_masks->len,
                 report->rejected->len);
}

/* Builds the dataset from the decoded set: failed pairs leave (into the report's rejected
 * list), warnings join the report, the rest becomes tensors. Takes both. */
static LbDataset *
dataset_new_from_decoded (LbPairingReport  *report_in,
                          LbDecodedSet     *set_in,
                          LbNormalization   normalization,
                          gboolean          from_cache,
                          LbPairingReport **empty_report,
                          GError          **error)
{
  g_autoptr(LbPairingReport) report = report_in;
  g_autoptr(LbDecodedSet) set = set_in;
  gsize plane = (gsize) set->size * set->size;

  guint kept = 0;
  for (guint i = 0; i < set->n; i++)
    if (set->codes[i] == 0)
      kept++;

  for (guint i = 0; i < set->n; i++)
    {
      LbPair *pair = g_ptr_array_index (report->pairs, i);
      pair->width = (int) set->widths[i];
      pair->height = (int) set->heights[i];
    }
  for (guint i = 0; i < set->n; i++)
    if (set->codes[i] == 0 && set->messages[i] != NULL)
      {
        const LbPair *pair = g_ptr_array_index (report->pairs, i);
        lb_pairing_report_add_warning (report, pair->name, set->paths[i], LB_ERROR_INVALID_INPUT,
                                       set->messages[i]);
      }
  /* Backwards, so that removing a pair does not shift the ones still to visit. */
  for (guint i = set->n; i-- > 0;)
    if (set->codes[i] != 0)
      lb_pairing_report_reject_pair (report, i, set->paths[i], set->codes[i], set->messages[i]);

  if (kept == 0)
    {
      set_empty_error (error, report);
      if (empty_report != NULL)
        *empty_report = g_steal_pointer (&report);
      return NULL;
    }

  /* The tensors grow with the dataset: a failed allocation is a sentence, not an abort. */
  g_autofree float *images = g_try_malloc (sizeof (float) * plane * kept);
  g_autofree float *masks = g_try_malloc (sizeof (float) * plane * kept);
  if (images == NULL || masks == NULL)
    {
      g_set_error (error, LB_ERROR, LB_ERROR_TOO_LARGE,
                   "There is not enough memory for %u images at %u × %u (%.1f MB). Close other "
                   "programs and try again, or choose a smaller image size.", kept, set->size,
                   set->size, 2.0 * sizeof (float) * plane * kept / 1e6);
      return NULL;
    }
  LbDataset *self = g_object_new (LB_TYPE_DATASET, NULL);
  self->n = kept;
  self->size = set->size;
  self->normalization = normalization;
  self->from_cache = from_cache;
  /* When every pair decoded, the 8-bit pixels are already in order: keep that buffer rather
   * than copy it (on a cache hit, allocating the tensors is most of the time). */
  gboolean keep_u8 = kept == set->n;
  self->images_u8 = keep_u8 ? g_steal_pointer (&set->images) : g_malloc (plane * kept);
  self->images = g_steal_pointer (&images);
  self->masks = g_steal_pointer (&masks);
  self->flags = g_new0 (guint32, kept);
  self->names = g_new0 (char *, kept + 1);
  self->sources = g_new0 (char *, kept + 1);
  self->index_by_name = g_hash_table_new (g_str_hash, g_str_equal);
  guint j = 0;
  for (guint i = 0; i < set->n; i++)
    {
      if (set->codes[i] != 0)
        continue;
      const LbPair *pair = g_ptr_array_index (report->pairs, j);
      if (!keep_u8)
        memcpy (self->images_u8 + plane * j, set->images + plane * i, plane);
      normalise_image (self->images_u8 + plane * j, self->images + plane * j, plane,
                       normalization);
      const guint8 *m = set->masks + plane * i;
      float *mf = self->masks + plane * j;
      for (gsize k = 0; k < plane; k++)
        mf[k] = m[k] ? 1.0f : 0.0f;
      self->flags[j] = set->flags[i];
      self->names[j] = g_strdup (pair->name);
      self->sources[j] = g_strdup (pair->source);
      g_hash_table_insert (self->index_by_name, self->names[j], GUINT_TO_POINTER (j + 1));
      j++;
    }
  g_assert (j == kept && report->pairs->len == kept);
  self->report = g_steal_pointer (&report);
  return self;
}

/* --- decoding one pair --------------------------------------------------------------------- */

static void
decode_pair (LbPair *pair, guint size, LbDecodedSet *set, guint i)
{
  gsize plane = (gsize) size * size;
  guint8 *image = set->images + plane * i;
  guint8 *mask = set->masks + plane * i;
  g_autoptr(GError) error = NULL;

  if (!lb_pair_check_headers (pair, &set->codes[i], &set->paths[i], &set->messages[i]))
    return;
  set->widths[i] = (guint32) pair->width;
  set->heights[i] = (guint32) pair->height;

  if (!lb_image_load_gray (pair->image_path, (int) size, (int) size, image, NULL, &error))
    {
      set->codes[i] = error->code;
      set->paths[i] = g_strdup (pair->image_path);
      set->messages[i] = g_strdup (error->message);
      return;
    }

  /* Masks are merged and checked at their own resolution, then resized and thresholded. */
  LbImageInfo info = { 0 };
  LbPairFlags mask_flags;
  const char *failed_path;
  g_autofree guint8 *merged = lb_pair_decode_mask (pair, &info, &mask_flags, &set->messages[i],
                                                   &failed_path, &error);
  if (merged == NULL)
    {
      set->codes[i] = error->code;
      set->paths[i] = g_strdup (failed_path);
      set->messages[i] = g_strdup (error->message);
      return;
    }
  set->flags[i] |= mask_flags;
  g_autofree char *display = g_filename_display_name (pair->mask_paths[0]);

  lb_image_resize_gray (merged, info.width, info.height, mask, (int) size, (int) size);
  gsize lung = 0;
  for (gsize k = 0; k < plane; k++)
    {
      mask[k] = mask[k] > 127 ? 1 : 0;
      lung += mask[k];
    }
  if (lung == 0)
    {
      set->flags[i] |= LB_PAIR_FLAG_EMPTY_MASK;
      g_autofree char *previous = g_steal_pointer (&set->messages[i]);
      set->messages[i] = g_strdup_printf (
        "%s%s%s: the mask is empty (no lung at %u × %u); the pair was kept and flagged.",
        previous != NULL ? previous : "", previous != NULL ? " " : "", display, size, size);
    }
  if (set->messages[i] != NULL)
    set->paths[i] = g_strdup (pair->mask_paths[0]);
}

typedef struct
{
  const LbPairingReport *report;
  LbDecodedSet *set;
  GCancellable *cancellable;
  gint next;
  gint done;
} DecodeJob;

static gpointer
decode_worker (gpointer data)
{
  /* Below the window: see lb-system.h. */
  lb_system_enter_worker_thread ();
  DecodeJob *job = data;
  for (;;)
    {
      if (g_cancellable_is_cancelled (job->cancellable))
        break;
      guint i = (guint) g_atomic_int_add (&job->next, 1);
      if (i >= job->set->n)
        break;
      decode_pair (g_ptr_array_index (job->report->pairs, i), job->set->size, job->set, i);
      g_atomic_int_inc (&job->done);
    }
  return NULL;
}

/* Decodes every pair, on @n_threads threads including the caller's, which alone reports
 * progress (so @progress needs no locking). */
static LbDecodedSet *
decode_all (const LbPairingReport *report, guint size, guint n_threads,
            GCancellable *cancellable, LbProgressFunc progress, gpointer progress_data)
{
  DecodeJob job = {
    .report = report,
    .set = lb_decoded_set_new (report->pairs->len, size),
    .cancellable = cancellable,
  };
  guint n = report->pairs->len;
  if (n_threads == 0)
    n_threads = g_get_num_processors ();
  n_threads = CLAMP (n_threads, 1, MAX (1, n));

  g_autoptr(GPtrArray) threads = g_ptr_array_new ();
  for (guint t = 1; t < n_threads; t++)
    g_ptr_array_add (threads, g_thread_new ("lb-decode", decode_worker, &job));

  for (;;)
    {
      if (g_cancellable_is_cancelled (cancellable))
        break;
      guint i = (guint) g_atomic_int_add (&job.next, 1);
      if (i >= n)
        break;
      decode_pair (g_ptr_array_index (report->pairs, i), size, job.set, i);
      g_atomic_int_inc (&job.done);
      if (progress != NULL)
        progress ((guint) g_atomic_int_get (&job.done), n, progress_data);
    }
  for (guint t = 0; t < threads->len; t++)
    g_thread_join (g_ptr_array_index (threads, t));
  if (progress != NULL && !g_cancellable_is_cancelled (cancellable))
    progress (n, n, progress_data);
  return job.set;
}

LbDataset *
lb_dataset_load_report (LbPairingReport         *report_in,
                        const LbDatasetOptions  *options,
                        GCancellable            *cancellable,
                        LbProgressFunc           progress,
                        gpointer                 progress_data,
                        LbPairingReport        **empty_report,
                        GError                 **error)
{
  g_autoptr(LbPairingReport) report = report_in;
  LbDatasetOptions defaults;
  lb_dataset_options_init (&defaults);
  if (options == NULL)
    options = &defaults;
  g_return_val_if_fail (options->size >= 8 && options->size <= 4096, NULL);

  if (report->pairs->len == 0)
    {
      set_empty_error (error, report);
      if (empty_report != NULL)
        *empty_report = g_steal_pointer (&report);
      return NULL;
    }

  g_autofree char *key = lb_dataset_cache_key (report, options->size);
  LbDecodedSet *set = NULL;
  gboolean from_cache = FALSE;
  if (options->use_cache)
    set = lb_dataset_cache_read (key, report->pairs->len, options->size);
  if (set != NULL)
    {
      from_cache = TRUE;
      if (progress != NULL)
        progress (set->n, set->n, progress_data);
    }
  else
    {
      set = decode_all (report, options->size, options->n_threads, cancellable, progress,
                        progress_data);
      if (g_cancellable_is_cancelled (cancellable))
        {
          lb_decoded_set_free (set);
          g_set_error (error, LB_ERROR, LB_ERROR_CANCELLED, "Loading the dataset was stopped.");
          return NULL;
        }
      if (options->use_cache)
        {
          /* A cache that cannot be written costs time next launch, never the data. */
          g_autoptr(GError) cache_error = NULL;
          if (!lb_dataset_cache_write (key, set, &cache_error))
            g_warning ("%s", cache_error->message);
        }
    }
  return dataset_new_from_decoded (g_steal_pointer (&report), set, options->normalization,
                                   from_cache, empty_report, error);
}

LbDataset *
lb_dataset_load (const char              *folder,
                 const LbDatasetOptions  *options,
                 GCancellable            *cancellable,
                 LbProgressFunc           progress,
                 gpointer                 progress_data,
                 GError                 **error)
{
  g_return_val_if_fail (folder != NULL, NULL);
  /* Headers are checked while decoding, in parallel, and not at all on a cache hit. */
  LbPairingReport *report = lb_dataset_discover_unchecked (folder, error);
  if (report == NULL)
    return NULL;
  return lb_dataset_load_report (report, options, cancellable, progress, progress_data, NULL,
                                 error);
}

LbDataset *
lb_dataset_load_folders (const char *const      *folders,
                         const LbDatasetOptions  *options,
                         GCancellable            *cancellable,
                         LbProgressFunc           progress,
                         gpointer                 progress_data,
                         GError                 **error)
{
  g_return_val_if_fail (folders != NULL && folders[0] != NULL, NULL);
  if (folders[1] == NULL)
    return lb_dataset_load (folders[0], options, cancellable, progress, progress_data, error);

  g_autoptr(GPtrArray) reports = g_ptr_array_new_with_free_func (
    (GDestroyNotify) lb_pairing_report_free);
  for (guint i = 0; folders[i] != NULL; i++)
    {
      LbPairingReport *report = lb_dataset_discover_unchecked (folders[i], error);
      if (report == NULL)
        return NULL;
      g_ptr_array_add (reports, report);
    }
  LbPairingReport *merged = lb_pairing_report_merge (g_steal_pointer (&reports), error);
  if (merged == NULL)
    return NULL;
  return lb_dataset_load_report (merged, options, cancellable, progress, progress_data, NULL,
                                 error);
}

/* --- asynchronous loading ---------------------------------------------------------------- */

typedef struct
{
  gatomicrefcount ref;
  char **folders;
  LbDatasetOptions options;
  GTask *task;            /* owned until returned */
  GMainContext *context;
  LbProgressFunc progress;
  gpointer progress_data;
  LbNotifier *notifier;   /* progress, coalesced into the caller's context */
  pthread_mutex_t lock;   /* guards done, total and finished */
  guint done;
  guint total;
  gboolean finished;      /* the task returned: report nothing more */
  LbDataset *result;
  GError *error;
} AsyncLoad;

static AsyncLoad *
async_load_ref (AsyncLoad *load)
{
  g_atomic_ref_count_inc (&load->ref);
  return load;
}

static void
async_load_unref (AsyncLoad *load)
{
  if (!g_atomic_ref_count_dec (&load->ref))
    return;
  g_strfreev (load->folders);
  g_clear_object (&load->task);
  g_main_context_unref (load->context);
  lb_notifier_free (load->notifier);
  pthread_mutex_destroy (&load->lock);
  g_clear_object (&load->result);
  g_clear_error (&load->error);
  g_free (load);
}

/* In the caller's context: the latest numbers, unless the result was already returned. */
static void
async_progress_report (gpointer data)
{
  AsyncLoad *load = data;
  pthread_mutex_lock (&load->lock);
  guint done = load->done, total = load->total;
  gboolean finished = load->finished;
  pthread_mutex_unlock (&load->lock);
  if (!finished)
    load->progress (done, total, load->progress_data);
}

/* Runs on the worker: keep the latest numbers; the notifier wakes the caller's context only if
 * it has not been woken yet — thousands of files must not mean thousands of idles. */
static void
async_progress (guint done, guint total, gpointer data)
{
  AsyncLoad *load = data;
  pthread_mutex_lock (&load->lock);
  load->done = done;
  load->total = total;
  pthread_mutex_unlock (&load->lock);
  lb_notifier_notify (load->notifier);
}

static gboolean
async_return_idle (gpointer data)
{
  AsyncLoad *load = data;
  /* The last progress report first, then the result; later idles see `finished`. */
  if (load->progress != NULL && load->error == NULL)
    load->progress (load->total, load->total, load->progress_data);
  pthread_mutex_lock (&load->lock);
  load->finished = TRUE;
  pthread_mutex_unlock (&load->lock);
  GTask *task = g_steal_pointer (&load->task);
  if (load->error != NULL)
    g_task_return_error (task, g_steal_pointer (&load->error));
  else
    g_task_return_pointer (task, g_steal_pointer (&load->result), g_object_unref);
  g_object_unref (task);
  return G_SOURCE_REMOVE;
}

static gpointer
async_load_thread (gpointer data)
{
  /* Below the window: see lb-system.h. */
  lb_system_enter_worker_thread ();
  AsyncLoad *load = data;
  GCancellable *cancellable = g_task_get_cancellable (load->task);
  load->result = lb_dataset_load_folders ((const char *const *) load->folders, &load->options,
                                          cancellable,
                                          load->progress != NULL ? async_progress : NULL, load,
                                          &load->error);
  if (load->result != NULL)
    load->total = lb_dataset_get_n_pairs (load->result);
  g_autoptr(GSource) source = g_idle_source_new ();
  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, async_return_idle, load, (GDestroyNotify) async_load_unref);
  g_source_attach (source, load->context);
  return NULL;
}

void
lb_dataset_load_async (const char              *folder,
                       const LbDatasetOptions  *options,
                       GCancellable            *cancellable,
                       LbProgressFunc           progress,
                       gpointer                 progress_data,
                       GAsyncReadyCallback      callback,
                       gpointer                 user_data)
{
  g_return_if_fail (folder != NULL);
  const char *const folders[] = { folder, NULL };
  lb_dataset_load_folders_async (folders, options, cancellable, progress, progress_data,
                                 callback, user_data);
}

void
lb_dataset_load_folders_async (const char *const      *folders,
                               const LbDatasetOptions  *options,
                               GCancellable            *cancellable,
                               LbProgressFunc           progress,
                               gpointer                 progress_data,
                               GAsyncReadyCallback      callback,
                               gpointer                 user_data)
{
  g_return_if_fail (folders != NULL && folders[0] != NULL);
  AsyncLoad *load = g_new0 (AsyncLoad, 1);
  g_atomic_ref_count_init (&load->ref);
  load->folders = g_strdupv ((char **) folders);
  if (options != NULL)
    load->options = *options;
  else
    lb_dataset_options_init (&load->options);
  load->task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (load->task, lb_dataset_load_folders_async);
  /* Report cancellation in our own domain, like every other engine error. */
  g_task_set_check_cancellable (load->task, FALSE);
  load->context = g_main_context_ref_thread_default ();
  load->progress = progress;
  load->progress_data = progress_data;
  pthread_mutex_init (&load->lock, NULL);
  load->notifier = lb_notifier_new (load, (gpointer (*) (gpointer)) async_load_ref,
                                    (GDestroyNotify) async_load_unref, async_progress_report);
  lb_notifier_attach (load->notifier, load->context);
  /* Our own thread rather than g_task_run_in_thread: the result must be returned from the
   * caller's context after the last progress idle, which GTask's pool cannot order. */
  g_thread_unref (g_thread_new ("lb-dataset-load", async_load_thread, load));
}

LbDataset *
lb_dataset_load_finish (GAsyncResult  *result,
                        GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == lb_dataset_load_folders_async,
                        NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* --- the demo set -------------------------------------------------------------------------- */

LbDataset *
lb_dataset_new_demo (guint           count,
                     guint           size,
                     guint64         seed,
                     LbNormalization normalization,
                     GError        **error)
{
  g_return_val_if_fail (count > 0 && size >= 8, NULL);
  LbPairingReport *report = g_new0 (LbPairingReport, 1);
  report->folder = g_strdup ("(built-in demo set)");
  report->layout = LB_DATASET_LAYOUT_GENERIC;
  report->pairs = g_ptr_array_new_with_free_func ((GDestroyNotify) lb_pair_free);
  report->unmatched_images = g_ptr_array_new_with_free_func (g_free);
  report->unmatched_masks = g_ptr_array_new_with_free_func (g_free);
  report->rejected = g_ptr_array_new_with_free_func ((GDestroyNotify) lb_file_note_free);
  report->warnings = g_ptr_array_new_with_free_func ((GDestroyNotify) lb_file_note_free);

  LbDecodedSet *set = lb_decoded_set_new (count, size);
  gsize plane = (gsize) size * size;
  for (guint i = 0; i < count; i++)
    {
      LbPair *pair = g_new0 (LbPair, 1);
      pair->name = lb_phantom_name (i);
      pair->source = g_strdup ("phantom");
      g_ptr_array_add (report->pairs, pair);
      set->widths[i] = size;
      set->heights[i] = size;
      guint8 *mask = set->masks + plane * i;
      lb_phantom_generate (seed, i, size, set->images + plane * i, mask);
      for (gsize k = 0; k < plane; k++)
        mask[k] = mask[k] > 127 ? 1 : 0;
    }
  return dataset_new_from_decoded (report, set, normalization, FALSE, NULL, error);
}

/* --- accessors ----------------------------------------------------------------------------- */

guint
lb_dataset_get_n_pairs (LbDataset *self)
{
  g_return_val_if_fail (LB_IS_DATASET (self), 0);
  return self->n;
}

guint
lb_dataset_get_size (LbDataset *self)
{
  g_return_val_if_fail (LB_IS_DATASET (self), 0);
  return self->size;
}

LbNormalization
lb_dataset_get_normalization (LbDataset *self)
{
  g_return_val_if_fail (LB_IS_DATASET (self), LB_NORMALIZATION_POSTER);
  return self->normalization;
}

const float *
lb_dataset_get_images (LbDataset *self)
{
  g_return_val_if_fail (LB_IS_DATASET (self), NULL);
  return self->images;
}

const float *
lb_dataset_get_masks (LbDataset *self)
{
  g_return_val_if_fail (LB_IS_DATASET (self), NULL);
  return self->masks;
}

const guint8 *
lb_dataset_get_image_u8 (LbDataset *self,
                         guint      index)
{
  g_return_val_if_fail (LB_IS_DATASET (self) && index < self->n, NULL);
  return self->images_u8 + (gsize) self->size * self->size * index;
}

const char *
lb_dataset_get_name (LbDataset *self,
                     guint      index)
{
  g_return_val_if_fail (LB_IS_DATASET (self) && index < self->n, NULL);
  return self->names[index];
}

const char *
lb_dataset_get_source (LbDataset *self,
                       guint      index)
{
  g_return_val_if_fail (LB_IS_DATASET (self) && index < self->n, NULL);
  return self->sources[index];
}

LbPairFlags
lb_dataset_get_flags (LbDataset *self,
                      guint      index)
{
  g_return_val_if_fail (LB_IS_DATASET (self) && index < self->n, 0);
  return (LbPairFlags) self->flags[index];
}

int
lb_dataset_find (LbDataset  *self,
                 const char *name)
{
  g_return_val_if_fail (LB_IS_DATASET (self) && name != NULL, -1);
  return (int) GPOINTER_TO_UINT (g_hash_table_lookup (self->index_by_name, name)) - 1;
}

const char *const *
lb_dataset_get_names (LbDataset *self)
{
  g_return_val_if_fail (LB_IS_DATASET (self), NULL);
  return (const char *const *) self->names;
}

const char *const *
lb_dataset_get_sources (LbDataset *self)
{
  g_return_val_if_fail (LB_IS_DATASET (self), NULL);
  return (const char *const *) self->sources;
}

const LbPair *
lb_dataset_get_pair (LbDataset *self,
                     guint      index)
{
  g_return_val_if_fail (LB_IS_DATASET (self) && index < self->n, NULL);
  return g_ptr_array_index (self->report->pairs, index);
}

const LbPairingReport *
lb_dataset_get_report (LbDataset *self)
{
  g_return_val_if_fail (LB_IS_DATASET (self), NULL);
  return self->report;
}

gboolean
lb_dataset_get_from_cache (LbDataset *self)
{
  g_return_val_if_fail (LB_IS_DATASET (self), FALSE);
  return self->from_cache;
}
