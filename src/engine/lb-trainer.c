/* lb-trainer.c — one training run of the U-Net with one loss, on a worker thread.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "lb-trainer.h"

#include <math.h>
#include <pthread.h>
#include <string.h>
#include <time.h>

#include "lb-csv.h"
#include "lb-error.h"
#include "lb-evaluate.h"
#include "lb-history.h"
#include "lb-loss-catalogue.h"
#include "lb-loss-push.h"
#include "lb-notifier.h"
#include "lb-run-async.h"
#include "lb-rng.h"
#include "lb-safetensors.h"
#include "lb-train-batch.h"
#include "lb-system.h"
#include "lb-truth-maps.h"
#include "lb-weights.h"
#include "nn-adam.h"
#include "nn-threads.h"

void
lb_train_config_init (LbTrainConfig *config)
{
  memset (config, 0, sizeof *config);
  config->net = (NnUNetConfig) { .size = 256, .base_width = 32, .depth = 4, .batch = 16 };
  nn_loss_config_preset (&config->loss, NN_LOSS_DICE_BCE, NN_LOSS_PRESET_POSTER);
  config->epochs = 50;
  config->learning_rate = 2e-4;
  config->seed = 1;
  config->plateau_factor = 0.5;
  config->plateau_patience = 3;
  config->plateau_min_delta = 1e-4;
  config->plateau_cooldown = 2;
  config->min_learning_rate = 1e-6;
  config->early_stop_patience = 15;
  config->threads = 0;
  config->n_previews = 4;
  lb_augment_options_init (&config->augment);
}

void
lb_train_preset_get (LbTrainPreset preset, NnUNetConfig *net, int *epochs)
{
  static const struct
  {
    int size, width, epochs;
  } presets[] = {
    [LB_TRAIN_PRESET_POSTER] = { 256, 32, 50 },
    [LB_TRAIN_PRESET_QUICK] = { 128, 16, 20 },
    [LB_TRAIN_PRESET_TINY] = { 64, 8, 5 },
  };
  *net = (NnUNetConfig) { .size = presets[preset].size,
                          .base_width = presets[preset].width,
                          .depth = 4,
                          .batch = 16 };
  if (epochs != NULL)
    *epochs = presets[preset].epochs;
}

guint64
lb_train_memory_bytes (const NnUNetConfig *net, guint n_images)
{
  guint64 network = nn_unet_memory_bytes (net);
  if (network == 0)
    return 0;
  guint64 hw = (guint64) net->size * net->size;
  guint64 best_weights = (guint64) nn_unet_param_count (net) * sizeof (float);
  /* Batch images, masks, logits and their gradient. */
  guint64 batch_buffers = 4 * (guint64) net->batch * hw * sizeof (float);
  guint64 dataset = (guint64) n_images * hw * (2 * sizeof (float) + 1);
  return network + best_weights + batch_buffers + dataset;
}

void
lb_train_config_apply_preset (LbTrainConfig *config, LbTrainPreset preset)
{
  /* The precision is not the preset's to choose. */
  NnPrecision precision = config->net.precision;
  lb_train_preset_get (preset, &config->net, &config->epochs);
  config->net.precision = precision;
  config->learning_rate = 2e-4;
}

static const char *const preset_names[] = { "poster", "quick", "tiny" };

const char *
lb_train_preset_to_string (LbTrainPreset preset)
{
  return preset_names[preset];
}

gboolean
lb_train_preset_from_string (const char *name, LbTrainPreset *preset)
{
  for (guint i = 0; i < G_N_ELEMENTS (preset_names); i++)
    if (g_strcmp0 (name, preset_names[i]) == 0)
      {
        *preset = i;
        return TRUE;
      }
  return FALSE;
}

/* Keras's callbacks, as state that a checkpoint saves and restores. */
typedef struct
{
  double learning_rate;
  double best_val_loss;     /* ModelCheckpoint (save_best_only) */
  int best_epoch;
  double plateau_best;      /* ReduceLROnPlateau */
  int plateau_wait;
  int plateau_cooldown;
  double early_best;        /* EarlyStopping (min_delta 0) */
  int early_wait;
  gboolean stop_early;
} Callbacks;

struct _LbTrainer
{
  GObject parent_instance;

  LbTrainConfig config;
  LbTrainData data;
  char *run_dir;
  gsize hw;

  NnUNet *net;
  NnAdam *adam;
  float *best_params;
  float *batch_images, *batch_masks, *logits, *dlogits;
  LbTruthMaps *truth_maps;  /* the training masks' distance maps, for the losses that read them */
  NnConfusion *confusion;   /* one per image of the larger of a batch and the validation set */
  LbImageMetrics *val_metrics; /* one per validation image */
  guint *order;             /* this epoch's permutation of the training indices */
  guint *preview_indices;
  guint8 *preview_truth;
  guint *requested_previews;    /* from lb_trainer_choose_previews, until the training thread
                                 * takes them up; under the mutex */
  guint preview_serial;
  char *initial_hash;

  Callbacks callbacks;
  int completed_epochs;     /* saved, or resumed from */
  int resumed_epoch;
  gboolean finished;        /* a finished run was found in run_dir */

  /* Shared with the main thread: everything below is guarded by the mutex. */
  pthread_mutex_t mutex;  /* POSIX, not GMutex: ThreadSanitizer understands it */
  pthread_cond_t resume_cond;
  gboolean paused;
  LbTrainerState state;
  double shown_learning_rate;  /* the callbacks' values, as the worker last published them */
  int shown_best_epoch;
  int epoch, batch, n_batches;
  double eta_seconds;
  GArray *batch_losses;
  GArray *records;
  float *previews;
  float *preview_logits;        /* the same images' logits, for the maps of where losses push */
  double *preview_iou;
  double *preview_lung;
  char *message;
  gboolean message_is_collapse;  /* the message is the collapse warning of an earlier epoch */
  LbNotifier *notifier;   /* "progress", in the caller's context while running asynchronously */
};

G_DEFINE_FINAL_TYPE (LbTrainer, lb_trainer, G_TYPE_OBJECT)

enum
{
  SIGNAL_PROGRESS,
  N_SIGNALS
};
static guint signals[N_SIGNALS];

static void
lb_trainer_finalize (GObject *object)
{
  LbTrainer *self = LB_TRAINER (object);

  /* The last reference may go on the worker thread: taking the lock orders every earlier
   * access from any thread before the frees below. */
  pthread_mutex_lock (&self->mutex);
  pthread_mutex_unlock (&self->mutex);

  g_clear_pointer (&self->net, nn_unet_free);
  g_clear_pointer (&self->adam, nn_adam_free);
  g_free (self->best_params);
  g_free (self->batch_images);
  g_free (self->batch_masks);
  g_free (self->logits);
  g_free (self->dlogits);
  g_clear_pointer (&self->truth_maps, lb_truth_maps_free);
  g_free (self->confusion);
  g_free (self->val_metrics);
  g_free (self->order);
  g_free (self->preview_indices);
  g_free (self->preview_truth);
  g_free (self->requested_previews);
  g_free (self->initial_hash);
  g_free (self->run_dir);
  g_array_unref (self->batch_losses);
  g_array_unref (self->records);
  g_free (self->previews);
  g_free (self->preview_logits);
  g_free (self->preview_iou);
  g_free (self->preview_lung);
  g_free (self->message);
  lb_notifier_free (self->notifier);
  pthread_mutex_destroy (&self->mutex);
  pthread_cond_destroy (&self->resume_cond);

  G_OBJECT_CLASS (lb_trainer_parent_class)->finalize (object);
}

static void
lb_trainer_class_init (LbTrainerClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = lb_trainer_finalize;

  /**
   * LbTrainer::progress:
   *
   * Something changed: read it with lb_trainer_get_snapshot().
   */
  signals[SIGNAL_PROGRESS] = g_signal_new ("progress", G_TYPE_FROM_CLASS (klass),
                                           G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                           G_TYPE_NONE, 0);
}

static void
emit_progress (gpointer owner)
{
  g_signal_emit (owner, signals[SIGNAL_PROGRESS], 0);
}

static void
lb_trainer_init (LbTrainer *self)
{
  pthread_mutex_init (&self->mutex, NULL);
  pthread_condattr_t attributes;
  pthread_condattr_init (&attributes);
  pthread_condattr_setclock (&attributes, CLOCK_MONOTONIC);
  pthread_cond_init (&self->resume_cond, &attributes);
  pthread_condattr_destroy (&attributes);
  self->batch_losses = g_array_new (FALSE, FALSE, sizeof (double));
  self->records = g_array_new (FALSE, FALSE, sizeof (LbEpochRecord));
  self->eta_seconds = NAN;
  self->notifier = lb_notifier_new (self, g_object_ref, g_object_unref, emit_progress);
}

/* ---- progress, delivered without ever blocking the worker ---- */

static void
notify_progress (LbTrainer *self)
{
  lb_notifier_notify (self->notifier);
}

static void
set_state (LbTrainer *self, LbTrainerState state, const char *message)
{
  pthread_mutex_lock (&self->mutex);
  self->state = state;
  if (message != NULL)
    {
      g_free (self->message);
      self->message = g_strdup (message);
      self->message_is_collapse = FALSE;
    }
  pthread_mutex_unlock (&self->mutex);
  notify_progress (self);
}

void
lb_trainer_snapshot_free (LbTrainerSnapshot *snapshot)
{
  if (snapshot == NULL)
    return;
  g_array_unref (snapshot->batch_losses);
  g_array_unref (snapshot->epochs_done);
  g_free (snapshot->preview_indices);
  g_free (snapshot->preview_truth);
  g_free (snapshot->previews);
  g_free (snapshot->preview_logits);
  g_free (snapshot->preview_iou);
  g_free (snapshot->preview_lung);
  g_free (snapshot->message);
  g_free (snapshot);
}

/* The tail of ALL from FIRST on (clamped), as a new array. */
static GArray *
copy_tail (GArray *all, guint first, guint element_size)
{
  guint from = MIN (first, all->len);
  GArray *tail = g_array_sized_new (FALSE, FALSE, element_size, all->len - from);
  g_array_append_vals (tail, all->data + (gsize) from * element_size, all->len - from);
  return tail;
}

LbTrainerSnapshot *
lb_trainer_get_progress_since (LbTrainer *self, guint batches_known, guint epochs_known)
{
  g_return_val_if_fail (LB_IS_TRAINER (self), NULL);
  LbTrainerSnapshot *s = g_new0 (LbTrainerSnapshot, 1);
  int n = self->config.n_previews;
  pthread_mutex_lock (&self->mutex);
  s->state = self->paused && self->state == LB_TRAINER_RUNNING ? LB_TRAINER_PAUSED : self->state;
  s->epoch = self->epoch;
  s->batch = self->batch;
  s->n_batches = self->n_batches;
  s->epochs = self->config.epochs;
  s->learning_rate = self->shown_learning_rate;
  s->eta_seconds = self->eta_seconds;
  s->first_batch = MIN (batches_known, self->batch_losses->len);
  s->batch_losses = copy_tail (self->batch_losses, batches_known, sizeof (double));
  s->first_epoch = MIN (epochs_known, self->records->len);
  s->epochs_done = copy_tail (self->records, epochs_known, sizeof (LbEpochRecord));
  s->n_batches_total = self->batch_losses->len;
  s->n_epochs_total = self->records->len;
  s->best_epoch = self->shown_best_epoch;
  s->n_previews = n;
  s->size = self->config.net.size;
  s->preview_serial = self->preview_serial;
  s->preview_indices = g_memdup2 (self->preview_indices, sizeof (guint) * MAX (n, 1));
  s->preview_truth = g_memdup2 (self->preview_truth, MAX (n, 1) * self->hw);
  if (self->previews != NULL)
    {
      s->previews = g_memdup2 (self->previews, sizeof (float) * n * self->hw);
      s->preview_logits = g_memdup2 (self->preview_logits, sizeof (float) * n * self->hw);
      s->preview_iou = g_memdup2 (self->preview_iou, sizeof (double) * n);
      s->preview_lung = g_memdup2 (self->preview_lung, sizeof (double) * n);
    }
  s->message = g_strdup (self->message);
  pthread_mutex_unlock (&self->mutex);
  return s;
}

LbTrainerSnapshot *
lb_trainer_get_snapshot (LbTrainer *self)
{
  return lb_trainer_get_progress_since (self, 0, 0);
}

/* ---- set-up ---- */

static char *
hash_floats (const float *values, gsize count)
{
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) values,
                                      count * sizeof (float));
}

/* The settings of TERM beyond the poster's α, β, γ, as " key=value" (nothing for the poster's
 * losses, so that their checkpoints keep the fingerprint they were written with). */
static void
append_extra_settings (GString *s, const NnLossTerm *term)
{
  char value[G_ASCII_DTOSTR_BUF_SIZE];
  for (LbLossParam p = LB_LOSS_PARAM_GAMMA + 1; p < LB_LOSS_N_PARAMS; p++)
    if (lb_loss_reads (term->kind, p))
      g_string_append_printf (s, "%s=%s ", lb_loss_param_info (p)->key,
                              g_ascii_dtostr (value, sizeof value, lb_loss_param_get (term, p)));
}

static void
append_plus (GString *s, const NnLossConfig *loss)
{
  char a[G_ASCII_DTOSTR_BUF_SIZE], b[G_ASCII_DTOSTR_BUF_SIZE], g[G_ASCII_DTOSTR_BUF_SIZE];
  char sm[G_ASCII_DTOSTR_BUF_SIZE];
  const NnLossTerm *t = &loss->plus;
  const NnLossSchedule *w = &loss->plus_weight;
  if (!loss->has_plus)
    return;
  g_string_append_printf (s, "plus=%s alpha=%s beta=%s gamma=%s smooth=%s reduction=%d "
                          "focal_alpha=%d ft_power=%d ", nn_loss_kind_to_string (t->kind),
                          g_ascii_dtostr (a, sizeof a, t->alpha),
                          g_ascii_dtostr (b, sizeof b, t->beta),
                          g_ascii_dtostr (g, sizeof g, t->gamma),
                          g_ascii_dtostr (sm, sizeof sm, t->smooth), t->reduction,
                          t->focal_alpha, t->focal_tversky_power);
  append_extra_settings (s, t);
  g_string_append_printf (s, "weight=%s start=%s end=%s step=%s epochs=%d ",
                          nn_loss_schedule_kind_to_string (w->kind),
                          g_ascii_dtostr (a, sizeof a, w->start),
                          g_ascii_dtostr (b, sizeof b, w->end),
                          g_ascii_dtostr (g, sizeof g, w->step), w->epochs);
}

/* What must match for a run folder's checkpoint to continue this run. */
static char *
config_fingerprint (const LbTrainConfig *c, guint n_train, guint n_val)
{
  g_autoptr (GString) s = g_string_new (NULL);
  char a[G_ASCII_DTOSTR_BUF_SIZE], b[G_ASCII_DTOSTR_BUF_SIZE], g[G_ASCII_DTOSTR_BUF_SIZE];
  char sm[G_ASCII_DTOSTR_BUF_SIZE], lr[G_ASCII_DTOSTR_BUF_SIZE];
  g_string_append_printf (s, "size=%d width=%d depth=%d batch=%d ", c->net.size,
                          c->net.base_width, c->net.depth, c->net.batch);
  g_string_append_printf (s, "loss=%s alpha=%s beta=%s gamma=%s smooth=%s reduction=%d "
                          "focal_alpha=%d ft_power=%d ",
                          nn_loss_kind_to_string (c->loss.kind),
                          g_ascii_dtostr (a, sizeof a, c->loss.alpha),
                          g_ascii_dtostr (b, sizeof b, c->loss.beta),
                          g_ascii_dtostr (g, sizeof g, c->loss.gamma),
                          g_ascii_dtostr (sm, sizeof sm, c->loss.smooth), c->loss.reduction,
                          c->loss.focal_alpha, c->loss.focal_tversky_power);
  append_extra_settings (s, &c->loss.primary);
  append_plus (s, &c->loss);
  g_string_append_printf (s, "lr=%s seed=%" G_GUINT64_FORMAT " train=%u val=%u",
                          g_ascii_dtostr (lr, sizeof lr, c->learning_rate), c->seed, n_train,
                          n_val);
  /* Only when on, so that a run without it keeps the fingerprint it was written with. */
  if (c->augment.enabled)
    {
      const double ranges[] = { c->augment.max_rotation, c->augment.max_shift,
                                c->augment.max_scale, c->augment.max_brightness,
                                c->augment.max_contrast, c->augment.max_gamma };
      g_string_append (s, " augment=");
      for (guint i = 0; i < G_N_ELEMENTS (ranges); i++)
        g_string_append_printf (s, "%s%s", i > 0 ? "," : "",
                                g_ascii_dtostr (a, sizeof a, ranges[i]));
      g_string_append (s, c->augment.horizontal_flip ? ",flip" : "");
    }
  return g_string_free (g_steal_pointer (&s), FALSE);
}

static gboolean resume_from_checkpoint (LbTrainer *self, GError **error);

static void update_previews (LbTrainer *self);
static void set_preview_images (LbTrainer *self, const guint *indices);
static void take_preview_request (LbTrainer *self);

LbTrainer *
lb_trainer_new (const LbTrainConfig *config,
                const LbTrainData *data,
                const char *run_dir,
                GError **error)
{
  const char *why = nn_unet_config_check (&config->net);
  if (why != NULL)
    {
      g_set_error (error, LB_ERROR, LB_ERROR_INVALID_INPUT, "This network cannot be built: %s",
                   why);
      return NULL;
    }
  if (data->n_train == 0 || data->n_val == 0)
    {
      g_set_error (error, LB_ERROR, LB_ERROR_EMPTY,
                   "Training needs at least one training and one validation image; this split "
                   "has %u and %u. Use a larger dataset or other split fractions.",
                   data->n_train, data->n_val);
      return NULL;
    }
  if (config->epochs < 1)
    {
      g_set_error (error, LB_ERROR, LB_ERROR_INVALID_INPUT, "Train for at least one epoch.");
      return NULL;
    }

  nn_set_threads (config->threads > 0 ? config->threads : (int) g_get_num_processors ());
  if (!lb_system_check_memory (lb_train_memory_bytes (&config->net, 0), error))
    return NULL;

  g_autoptr (LbTrainer) self = g_object_new (LB_TYPE_TRAINER, NULL);
  self->config = *config;
  self->config.n_previews = CLAMP (config->n_previews, 0, MIN ((int) data->n_val,
                                                               config->net.batch));
  self->data = *data;
  self->run_dir = g_strdup (run_dir);
  self->hw = (gsize) config->net.size * config->net.size;
  self->callbacks.learning_rate = self->shown_learning_rate = config->learning_rate;
  self->callbacks.best_val_loss = INFINITY;
  self->callbacks.plateau_best = INFINITY;
  self->callbacks.early_best = INFINITY;

  self->net = nn_unet_new (&config->net);
  self->adam = self->net ? nn_adam_new (nn_unet_count (self->net)) : NULL;
  if (self->adam == NULL)
    {
      g_set_error (error, LB_ERROR, LB_ERROR_TOO_LARGE,
                   "There is not enough memory for this network now. Close other programs and "
                   "resume, or choose a smaller batch, image size or width.");
      return NULL;
    }
  nn_unet_init (self->net, config->seed);
  gsize count = nn_unet_count (self->net);
  self->initial_hash = hash_floats (nn_unet_params (self->net), count);
  gsize batch_floats = (gsize) config->net.batch * self->hw;
  /* The buffers that grow with the network and the batch: a failed allocation is a sentence,
   * not an abort (tests/cli/test-cli-fail-alloc.c). */
  self->best_params = g_try_malloc (count * sizeof (float));
  self->batch_images = g_try_new (float, batch_floats);
  self->batch_masks = g_try_new (float, batch_floats);
  self->logits = g_try_new (float, batch_floats);
  self->dlogits = g_try_new (float, batch_floats);
  if (self->best_params == NULL || self->batch_images == NULL || self->batch_masks == NULL
      || self->logits == NULL || self->dlogits == NULL)
    {
      g_set_error (error, LB_ERROR, LB_ERROR_TOO_LARGE,
                   "There is not enough memory to train this network now. Close other programs "
                   "and resume, or choose a smaller batch, image size or width.");
      return NULL;
    }
  memcpy (self->best_params, nn_unet_params (self->net), count * sizeof (float));
  GError *maps_error = NULL;
  self->truth_maps = lb_truth_maps_new (&config->loss, data->masks, data->train, data->n_train,
                                        config->net.size, &maps_error);
  if (maps_error != NULL)
    {
      g_propagate_error (error, maps_error);
      return NULL;
    }
  self->confusion = g_new (NnConfusion, MAX ((guint) config->net.batch, data->n_val));
  self->val_metrics = g_new (LbImageMetrics, data->n_val);
  self->order = g_new (guint, data->n_train);
  self->n_batches = (data->n_train + config->net.batch - 1) / config->net.batch;

  /* A handful of validation images, spread over the set, until the user chooses others. */
  self->preview_indices = g_new (guint, MAX (1, self->config.n_previews));
  self->preview_truth = g_new (guint8, MAX (1, self->config.n_previews) * self->hw);
  g_autofree guint *spread = g_new (guint, MAX (1, self->config.n_previews));
  for (int i = 0; i < self->config.n_previews; i++)
    spread[i] = data->val[(gsize) i * data->n_val / self->config.n_previews];
  set_preview_images (self, spread);

  if (run_dir != NULL)
    {
      if (g_mkdir_with_parents (run_dir, 0755) != 0)
        {
          g_set_error (error, LB_ERROR, LB_ERROR_PERMISSION,
                       "The run folder “%s” could not be created: %s.", run_dir,
                       g_strerror (errno));
          return NULL;
        }
      if (!resume_from_checkpoint (self, error))
        return NULL;
    }
  return g_steal_pointer (&self);
}

typedef struct
{
  LbTrainConfig config;
  LbTrainData data;
  char *run_dir;
} NewJob;

static void
new_job_free (NewJob *job)
{
  lb_run_handoff ();
  g_free (job->run_dir);
  g_free (job);
}

static void
new_thread (GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
  NewJob *job = data;
  GError *error = NULL;
  lb_run_handoff ();
  lb_system_enter_worker_thread ();
  LbTrainer *trainer = lb_trainer_new (&job->config, &job->data, job->run_dir, &error);
  lb_run_handoff ();
  if (trainer != NULL)
    g_task_return_pointer (task, trainer, g_object_unref);
  else
    g_task_return_error (task, error);
}

void
lb_trainer_new_async (const LbTrainConfig *config,
                      const LbTrainData *data,
                      const char *run_dir,
                      GCancellable *cancellable,
                      GAsyncReadyCallback callback,
                      gpointer user_data)
{
  NewJob *job = g_new0 (NewJob, 1);
  job->config = *config;
  job->data = *data;
  job->run_dir = g_strdup (run_dir);
  g_autoptr (GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, lb_trainer_new_async);
  g_task_set_task_data (task, job, (GDestroyNotify) new_job_free);
  lb_run_handoff ();
  g_task_run_in_thread (task, new_thread);
}

LbTrainer *
lb_trainer_new_finish (GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  lb_run_handoff ();
  LbTrainer *trainer = g_task_propagate_pointer (G_TASK (result), error);
  lb_run_handoff ();
  return trainer;
}

/* ---- checkpoints ---- */

static char *
dtostr (double value)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];
  return g_strdup (g_ascii_dtostr (buffer, sizeof buffer, value));
}

static gboolean
save_checkpoint (LbTrainer *self, GError **error)
{
  gsize count = nn_unet_count (self->net);
  const Callbacks *c = &self->callbacks;
  g_autoptr (GHashTable) meta = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  g_hash_table_insert (meta, "fingerprint",
                       config_fingerprint (&self->config, self->data.n_train, self->data.n_val));
  g_hash_table_insert (meta, "epoch", g_strdup_printf ("%d", self->completed_epochs));
  g_hash_table_insert (meta, "finished", g_strdup (self->finished ? "true" : "false"));
  g_hash_table_insert (meta, "adam_t", g_strdup_printf ("%" G_GINT64_FORMAT, self->adam->t));
  g_hash_table_insert (meta, "learning_rate", dtostr (c->learning_rate));
  g_hash_table_insert (meta, "best_val_loss", dtostr (c->best_val_loss));
  g_hash_table_insert (meta, "best_epoch", g_strdup_printf ("%d", c->best_epoch));
  g_hash_table_insert (meta, "plateau_best", dtostr (c->plateau_best));
  g_hash_table_insert (meta, "plateau_wait", g_strdup_printf ("%d", c->plateau_wait));
  g_hash_table_insert (meta, "plateau_cooldown", g_strdup_printf ("%d", c->plateau_cooldown));
  g_hash_table_insert (meta, "early_best", dtostr (c->early_best));
  g_hash_table_insert (meta, "early_wait", g_strdup_printf ("%d", c->early_wait));
  g_hash_table_insert (meta, "stop_early", g_strdup (c->stop_early ? "true" : "false"));
  g_hash_table_insert (meta, "initial_weights_sha256", g_strdup (self->initial_hash));

  g_autofree float *losses = g_new (float, MAX (1u, self->batch_losses->len));
  for (guint i = 0; i < self->batch_losses->len; i++)
    losses[i] = g_array_index (self->batch_losses, double, i);

  LbTensorView tensors[] = {
    { "params", 1, { (gint64) count }, nn_unet_params (self->net) },
    { "best", 1, { (gint64) count }, self->best_params },
    { "adam.m", 1, { (gint64) count }, self->adam->m },
    { "adam.v", 1, { (gint64) count }, self->adam->v },
    { "batch_losses", 1, { self->batch_losses->len }, losses },
  };
  /* The history goes first: on a kill between the two it is one epoch ahead of the
   * checkpoint, and resume trains that epoch again, to the same numbers. (The other order
   * would lose the epoch's record for good.) */
  g_autofree char *history = g_build_filename (self->run_dir, "history.csv", NULL);
  if (!lb_history_save (history, (const LbEpochRecord *) (void *) self->records->data,
                        self->records->len, error))
    return FALSE;
  g_autofree char *path = g_build_filename (self->run_dir, "checkpoint.safetensors", NULL);
  return lb_safetensors_save (path, tensors, G_N_ELEMENTS (tensors), meta, error);
}

static gboolean
meta_int (LbSafetensors *file, const char *key, gint64 *value)
{
  const char *text = lb_safetensors_get_metadata (file, key);
  return text != NULL && g_ascii_string_to_signed (text, 10, G_MININT64, G_MAXINT64, value, NULL);
}

static gboolean
meta_double (LbSafetensors *file, const char *key, double *value)
{
  const char *text = lb_safetensors_get_metadata (file, key);
  char *end = NULL;
  if (text == NULL)
    return FALSE;
  *value = g_ascii_strtod (text, &end);
  return end != text && *end == '\0';
}

static gboolean
copy_tensor (LbSafetensors *file, const char *name, float *dst, gsize count)
{
  LbTensorView view;
  if (!lb_safetensors_lookup (file, name, &view) || view.n_dims != 1
      || (gsize) view.shape[0] != count)
    return FALSE;
  memcpy (dst, view.data, count * sizeof (float));
  return TRUE;
}

static gboolean
resume_from_checkpoint (LbTrainer *self, GError **error)
{
  g_autofree char *path = g_build_filename (self->run_dir, "checkpoint.safetensors", NULL);
  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    return TRUE;

  g_autoptr (LbSafetensors) file = lb_safetensors_load (path, error);
  if (file == NULL)
    return FALSE;

  g_autofree char *fingerprint = config_fingerprint (&self->config, self->data.n_train,
                                                     self->data.n_val);
  if (g_strcmp0 (lb_safetensors_get_metadata (file, "fingerprint"), fingerprint) != 0)
    {
      g_set_error (error, LB_ERROR, LB_ERROR_INVALID_INPUT,
                   "The run folder “%s” holds a run with other settings. Choose an empty folder "
                   "or the settings of that run.", self->run_dir);
      return FALSE;
    }

  gsize count = nn_unet_count (self->net);
  Callbacks *c = &self->callbacks;
  gint64 epoch = 0, adam_t = 0, best_epoch = 0, plateau_wait = 0, plateau_cooldown = 0;
  gint64 early_wait = 0;
  g_autoptr (GArray) records = NULL;
  g_autofree char *history = g_build_filename (self->run_dir, "history.csv", NULL);
  LbTensorView losses;
  if (!meta_int (file, "epoch", &epoch) || !meta_int (file, "adam_t", &adam_t)
      || !meta_int (file, "best_epoch", &best_epoch)
      || !meta_int (file, "plateau_wait", &plateau_wait)
      || !meta_int (file, "plateau_cooldown", &plateau_cooldown)
      || !meta_int (file, "early_wait", &early_wait)
      || !meta_double (file, "learning_rate", &c->learning_rate)
      || !meta_double (file, "best_val_loss", &c->best_val_loss)
      || !meta_double (file, "plateau_best", &c->plateau_best)
      || !meta_double (file, "early_best", &c->early_best)
      || !copy_tensor (file, "params", nn_unet_params (self->net), count)
      || !copy_tensor (file, "best", self->best_params, count)
      || !copy_tensor (file, "adam.m", self->adam->m, count)
      || !copy_tensor (file, "adam.v", self->adam->v, count)
      || !lb_safetensors_lookup (file, "batch_losses", &losses))
    {
      g_set_error (error, LB_ERROR, LB_ERROR_CORRUPT,
                   "The checkpoint “%s” is incomplete. Delete it to train this run from the "
                   "start.", path);
      return FALSE;
    }
  /* Values no run writes (a damaged or foreign file): refused before they size anything. */
  if (epoch < 0 || epoch > LB_TRAIN_MAX_EPOCHS || adam_t < 0 || best_epoch < 0
      || best_epoch > epoch || plateau_wait < 0 || plateau_cooldown < 0 || early_wait < 0
      || !isfinite (c->learning_rate) || c->learning_rate <= 0)
    {
      g_set_error (error, LB_ERROR, LB_ERROR_CORRUPT,
                   "The checkpoint “%s” holds values no run writes (a negative epoch or "
                   "step, a best epoch after its last, a learning rate that is no number). "
                   "Delete it to train this run from the start.", path);
      return FALSE;
    }
  records = lb_history_load (history, error);
  if (records == NULL)
    return FALSE;
  /* A kill between writing the history and the checkpoint leaves the history one epoch
   * ahead (save_checkpoint): that epoch is trained again. Shorter, it lost epochs (a folder
   * written by a version that saved the checkpoint first, killed between the two). */
  if (records->len == (guint) epoch + 1)
    g_array_set_size (records, (guint) epoch);
  if (records->len != (guint) epoch)
    {
      g_set_error (error, LB_ERROR, LB_ERROR_CORRUPT,
                   "The history of “%s” has %u epochs but its checkpoint %d. Delete the run "
                   "folder to train it again.", self->run_dir, records->len, (int) epoch);
      return FALSE;
    }

  self->adam->t = adam_t;
  c->best_epoch = best_epoch;
  c->plateau_wait = plateau_wait;
  c->plateau_cooldown = plateau_cooldown;
  c->early_wait = early_wait;
  c->stop_early = g_strcmp0 (lb_safetensors_get_metadata (file, "stop_early"), "true") == 0;
  self->finished = g_strcmp0 (lb_safetensors_get_metadata (file, "finished"), "true") == 0;
  self->completed_epochs = self->resumed_epoch = epoch;
  self->shown_learning_rate = c->learning_rate;
  self->shown_best_epoch = c->best_epoch;
  g_array_set_size (self->batch_losses, 0);
  for (gint64 i = 0; i < losses.shape[0]; i++)
    {
      double value = losses.data[i];
      g_array_append_val (self->batch_losses, value);
    }
  g_array_set_size (self->records, 0);
  g_array_append_vals (self->records, records->data, records->len);
  self->epoch = epoch;
  return TRUE;
}

/* ---- training ---- */

static void
shuffle_for_epoch (LbTrainer *self, int epoch)
{
  /* Each epoch's order depends only on (seed, epoch), so a resumed run sees the same batches
   * and every loss of a paired comparison sees the same order. */
  LbRng rng;
  lb_rng_init (&rng, self->config.seed, 0x5eed0000u + (guint64) epoch);
  memcpy (self->order, self->data.train, self->data.n_train * sizeof (guint));
  for (guint i = self->data.n_train - 1; i > 0; i--)
    {
      guint j = lb_rng_below (&rng, i + 1);
      guint t = self->order[i];
      self->order[i] = self->order[j];
      self->order[j] = t;
    }
}

static gboolean
all_finite (const float *values, gsize count)
{
  float sum = 0.0f;
  for (gsize i = 0; i < count; i++)
    sum += values[i] * 0.0f;  /* stays 0 unless a value is NaN or ±Inf */
  return sum == 0.0f;
}

/* Blocks while paused; TRUE when the run should stop. */
static gboolean
wait_if_paused (LbTrainer *self, GCancellable *cancellable)
{
  pthread_mutex_lock (&self->mutex);
  while (self->paused && !g_cancellable_is_cancelled (cancellable))
    {
      if (self->requested_previews != NULL)
        {
          pthread_mutex_unlock (&self->mutex);
          take_preview_request (self);
          pthread_mutex_lock (&self->mutex);
          continue;
        }
      /* Wake now and then to notice a cancel that arrives while paused. */
      struct timespec until;
      clock_gettime (CLOCK_MONOTONIC, &until);
      until.tv_nsec += 100 * 1000 * 1000;
      until.tv_sec += until.tv_nsec / 1000000000;
      until.tv_nsec %= 1000000000;
      pthread_cond_timedwait (&self->resume_cond, &self->mutex, &until);
    }
  pthread_mutex_unlock (&self->mutex);
  return g_cancellable_is_cancelled (cancellable);
}

void
lb_trainer_pause (LbTrainer *self)
{
  pthread_mutex_lock (&self->mutex);
  self->paused = TRUE;
  pthread_mutex_unlock (&self->mutex);
  notify_progress (self);
}

void
lb_trainer_resume (LbTrainer *self)
{
  pthread_mutex_lock (&self->mutex);
  self->paused = FALSE;
  pthread_cond_broadcast (&self->resume_cond);
  pthread_mutex_unlock (&self->mutex);
  notify_progress (self);
}

/* ReduceLROnPlateau, EarlyStopping and ModelCheckpoint, in Keras's order and semantics. */
static void
apply_callbacks (LbTrainer *self, LbEpochRecord *record)
{
  Callbacks *c = &self->callbacks;
  const LbTrainConfig *cfg = &self->config;
  double current = record->val_loss;

  if (current < c->best_val_loss)
    {
      c->best_val_loss = current;
      c->best_epoch = record->epoch;
      record->best = TRUE;
      memcpy (self->best_params, nn_unet_params (self->net),
              nn_unet_count (self->net) * sizeof (float));
    }

  if (cfg->plateau_factor < 1.0)
    {
      if (c->plateau_cooldown > 0)
        {
          c->plateau_cooldown--;
          c->plateau_wait = 0;
        }
      /* Keras asks "in cooldown?" again after counting down, so the last cooldown epoch
       * already counts towards patience. */
      if (current < c->plateau_best - cfg->plateau_min_delta)
        {
          c->plateau_best = current;
          c->plateau_wait = 0;
        }
      else if (c->plateau_cooldown == 0 && ++c->plateau_wait >= cfg->plateau_patience)
        {
          if (c->learning_rate > cfg->min_learning_rate)
            {
              c->learning_rate = MAX (c->learning_rate * cfg->plateau_factor,
                                      cfg->min_learning_rate);
              c->plateau_cooldown = cfg->plateau_cooldown;
            }
          c->plateau_wait = 0;
        }
    }

  if (cfg->early_stop_patience > 0)
    {
      if (current < c->early_best)
        {
          c->early_best = current;
          c->early_wait = 0;
        }
      else if (++c->early_wait >= cfg->early_stop_patience)
        c->stop_early = TRUE;
    }
}

/* The images the previews show, and their true masks. */
static void
set_preview_images (LbTrainer *self, const guint *indices)
{
  pthread_mutex_lock (&self->mutex);
  for (int i = 0; i < self->config.n_previews; i++)
    {
      guint index = indices[i];
      self->preview_indices[i] = index;
      for (gsize k = 0; k < self->hw; k++)
        self->preview_truth[i * self->hw + k] = self->data.masks[index * self->hw + k] > 0.5f;
    }
  pthread_mutex_unlock (&self->mutex);
}

void
lb_trainer_choose_previews (LbTrainer *self, const guint *indices, int n_previews)
{
  g_return_if_fail (LB_IS_TRAINER (self));
  g_return_if_fail (n_previews == self->config.n_previews);

  for (int i = 0; i < n_previews; i++)
    {
      gboolean validation = FALSE;
      for (guint v = 0; v < self->data.n_val && !validation; v++)
        validation = self->data.val[v] == indices[i];
      g_return_if_fail (validation);
    }
  pthread_mutex_lock (&self->mutex);
  g_free (self->requested_previews);
  self->requested_previews = g_memdup2 (indices, sizeof (guint) * MAX (n_previews, 1));
  /* A paused run takes them up at once. */
  pthread_cond_broadcast (&self->resume_cond);
  pthread_mutex_unlock (&self->mutex);
}

const guint *
lb_trainer_get_validation (LbTrainer *self, guint *n_val)
{
  g_return_val_if_fail (LB_IS_TRAINER (self), NULL);

  *n_val = self->data.n_val;
  return self->data.val;
}

/* On the training thread, between batches: the images chosen since the last look, predicted
 * by the current weights (an evaluation, which leaves the training as it was). */
static void
take_preview_request (LbTrainer *self)
{
  pthread_mutex_lock (&self->mutex);
  g_autofree guint *requested = g_steal_pointer (&self->requested_previews);
  pthread_mutex_unlock (&self->mutex);
  if (requested == NULL)
    return;
  set_preview_images (self, requested);
  if (self->previews != NULL)
    update_previews (self);
  notify_progress (self);
}

/* The previews and their figures, computed here so that the window only draws them. */
static void
update_previews (LbTrainer *self)
{
  int n = self->config.n_previews;
  if (n == 0)
    return;
  g_autofree float *logits = g_new (float, n * self->hw);
  g_autofree float *probabilities = g_new (float, n * self->hw);
  g_autofree double *iou = g_new (double, n);
  g_autofree double *lung = g_new (double, n);
  /* One image at a time, as the maps of where each loss pushes take a saved run's. */
  for (int i = 0; i < n; i++)
    lb_loss_push_logits (self->net, self->data.images + self->preview_indices[i] * self->hw,
                         logits + i * self->hw);
  for (gsize k = 0; k < n * self->hw; k++)
    probabilities[k] = 1.0f / (1.0f + expf (-logits[k]));
  for (int i = 0; i < n; i++)
    {
      const float *p = probabilities + i * self->hw;
      const guint8 *truth = self->preview_truth + i * self->hw;
      gsize inter = 0, uni = 0, predicted = 0;
      for (gsize k = 0; k < self->hw; k++)
        {
          gboolean lung_here = p[k] > 0.5f;
          inter += lung_here && truth[k];
          uni += lung_here || truth[k];
          predicted += lung_here;
        }
      iou[i] = uni > 0 ? (double) inter / uni : 1.0;
      lung[i] = (double) predicted / self->hw;
    }
  pthread_mutex_lock (&self->mutex);
  g_free (self->previews);
  g_free (self->preview_logits);
  g_free (self->preview_iou);
  g_free (self->preview_lung);
  self->previews = g_steal_pointer (&probabilities);
  self->preview_logits = g_steal_pointer (&logits);
  self->preview_iou = g_steal_pointer (&iou);
  self->preview_lung = g_steal_pointer (&lung);
  self->preview_serial++;
  pthread_mutex_unlock (&self->mutex);
}

static gboolean
fail_diverged (LbTrainer *self, int epoch, int batch, GError **error)
{
  g_autofree char *message = g_strdup_printf (
    "Training diverged: the loss became NaN or infinite in epoch %d, batch %d. The epochs "
    "before it are kept. Try a lower learning rate, or check the images for broken values.",
    epoch, batch);
  set_state (self, LB_TRAINER_FAILED, message);
  g_set_error_literal (error, LB_ERROR, LB_ERROR_DIVERGED, message);
  return FALSE;
}

static gboolean
train_one_epoch (LbTrainer *self, int epoch, GCancellable *cancellable, GError **error)
{
  const LbTrainConfig *cfg = &self->config;
  gsize hw = self->hw;
  gsize count = nn_unet_count (self->net);
  gint64 started = g_get_monotonic_time ();
  double loss_sum = 0.0;
  guint seen = 0;
  NnMetrics metric_sum = { 0 };

  shuffle_for_epoch (self, epoch);
  pthread_mutex_lock (&self->mutex);
  self->epoch = epoch;
  self->batch = 0;
  pthread_mutex_unlock (&self->mutex);

  for (int b = 0; b < self->n_batches; b++)
    {
      if (wait_if_paused (self, cancellable))
        return FALSE;
      take_preview_request (self);

      guint first = b * cfg->net.batch;
      int n = MIN ((guint) cfg->net.batch, self->data.n_train - first);
      lb_train_batch_fill (&self->data, &cfg->augment, cfg->seed, epoch, self->order + first, n,
                           (guint) cfg->net.size, self->batch_images, self->batch_masks);

      nn_unet_forward (self->net, self->batch_images, n, self->logits);
      /* The schedule of a compound loss's second weight counts epochs from 0. */
      NnLossInput input = { .n = n, .height = cfg->net.size, .width = cfg->net.size,
                            .epoch = epoch - 1 };
      /* The masks' distance maps, computed once per image: an augmented mask is another
       * mask, whose maps the loss computes on the call. */
      if (!cfg->augment.enabled)
        lb_truth_maps_gather (self->truth_maps, self->order + first, n, &input);
      double loss = nn_loss_compute (&cfg->loss, &input, self->logits, self->batch_masks,
                                     self->dlogits);
      if (!isfinite (loss) || !all_finite (self->dlogits, n * hw))
        return fail_diverged (self, epoch, b + 1, error);
      nn_unet_backward (self->net, self->dlogits, n);
      if (!all_finite (nn_unet_grads (self->net), count))
        return fail_diverged (self, epoch, b + 1, error);
      nn_adam_step (self->adam, nn_unet_params (self->net), nn_unet_grads (self->net),
                    (float) self->callbacks.learning_rate);

      /* Training metrics on the batch as it was predicted, as Keras reports them. */
      nn_confusion_from_logits (self->logits, self->batch_masks, n, hw, self->confusion);
      for (int i = 0; i < n; i++)
        {
          NnMetrics m;
          nn_metrics_from_confusion (&self->confusion[i], &m);
          for (int k = 0; k < NN_METRIC_COUNT; k++)
            metric_sum.value[k] += m.value[k];
        }
      loss_sum += loss * n;
      seen += n;

      double elapsed = (g_get_monotonic_time () - started) / (double) G_USEC_PER_SEC;
      double per_batch = elapsed / (b + 1);
      double epoch_seconds = self->records->len > 0
                               ? g_array_index (self->records, LbEpochRecord,
                                                self->records->len - 1).seconds
                               : per_batch * self->n_batches;
      pthread_mutex_lock (&self->mutex);
      g_array_append_val (self->batch_losses, loss);
      self->batch = b + 1;
      self->eta_seconds = per_batch * (self->n_batches - b - 1)
                          + epoch_seconds * (cfg->epochs - epoch);
      pthread_mutex_unlock (&self->mutex);
      notify_progress (self);
    }

  /* Validation. */
  LbEpochRecord record = { .epoch = epoch, .learning_rate = self->callbacks.learning_rate };
  record.train_loss = loss_sum / seen;
  for (int k = 0; k < NN_METRIC_COUNT; k++)
    record.train.value[k] = metric_sum.value[k] / seen;
  /* HD95 on the validation images too, from the same forward passes: four exact distance
   * transforms per image, a small fraction of an epoch (docs/architecture.md). */
  if (!lb_evaluate_metrics (self->net, self->data.images, self->data.masks, self->data.val,
                            self->data.n_val, &cfg->loss, NULL, self->data.spacings,
                            self->confusion, self->val_metrics, &record.val_loss, NULL)
      || !isfinite (record.val_loss))
    return fail_diverged (self, epoch, self->n_batches, error);
  NnMetricsSummary summary;
  nn_metrics_summarize (self->confusion, self->data.n_val, NULL, &summary);
  record.val = summary.mean;
  record.val_hd95 = lb_image_metrics_mean (self->val_metrics, self->data.n_val, LB_METRIC_HD95);
  record.val_hd95_mm = self->data.spacings != NULL
                         ? lb_image_metrics_mean (self->val_metrics, self->data.n_val,
                                                  LB_METRIC_HD95_MM)
                         : NAN;
  record.val_missed = lb_image_metrics_count_missed (self->val_metrics, self->data.n_val);
  double predicted_lung;
  record.collapsed = lb_is_collapsed (&summary.total, &predicted_lung);
  record.seconds = (g_get_monotonic_time () - started) / (double) G_USEC_PER_SEC;

  apply_callbacks (self, &record);
  update_previews (self);

  pthread_mutex_lock (&self->mutex);
  g_array_append_val (self->records, record);
  self->shown_learning_rate = self->callbacks.learning_rate;
  self->shown_best_epoch = self->callbacks.best_epoch;
  self->eta_seconds = record.seconds * (cfg->epochs - epoch);
  /* The warning stands for the last epoch: a run that recovers is no longer collapsed. */
  if (!record.collapsed && self->message_is_collapse)
    {
      g_clear_pointer (&self->message, g_free);
      self->message_is_collapse = FALSE;
    }
  if (record.collapsed)
    {
      g_free (self->message);
      self->message_is_collapse = TRUE;
      self->message = g_strdup_printf (
        "The network predicts %s on %.2f %% of the validation pixels (epoch %d): the run has "
        "collapsed. Its numbers are not a result; try other loss settings or a lower learning "
        "rate.", predicted_lung > 0.5 ? "lung" : "background",
        100 * (predicted_lung > 0.5 ? predicted_lung : 1 - predicted_lung), epoch);
    }
  pthread_mutex_unlock (&self->mutex);

  self->completed_epochs = epoch;
  if (self->run_dir != NULL && !save_checkpoint (self, error))
    {
      set_state (self, LB_TRAINER_FAILED, (*error)->message);
      return FALSE;
    }
  notify_progress (self);
  return TRUE;
}

static gboolean
save_best_weights (LbTrainer *self, GError **error)
{
  g_autoptr (GHashTable) meta = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  g_hash_table_insert (meta, "loss", g_strdup (nn_loss_kind_to_string (self->config.loss.kind)));
  g_hash_table_insert (meta, "seed", g_strdup_printf ("%" G_GUINT64_FORMAT, self->config.seed));
  g_hash_table_insert (meta, "best_epoch", g_strdup_printf ("%d", self->callbacks.best_epoch));
  g_hash_table_insert (meta, "initial_weights_sha256", g_strdup (self->initial_hash));
  g_autofree char *path = g_build_filename (self->run_dir, "weights.safetensors", NULL);
  return lb_weights_save (self->net, self->best_params, meta, path, error);
}

gboolean
lb_trainer_run (LbTrainer *self, GCancellable *cancellable, GError **error)
{
  g_return_val_if_fail (LB_IS_TRAINER (self), FALSE);

  nn_set_threads (self->config.threads > 0 ? self->config.threads
                                           : (int) g_get_num_processors ());
  set_state (self, LB_TRAINER_RUNNING, NULL);

  for (int epoch = self->completed_epochs + 1;
       !self->finished && !self->callbacks.stop_early && epoch <= self->config.epochs; epoch++)
    {
      if (!train_one_epoch (self, epoch, cancellable, error))
        {
          if (g_cancellable_is_cancelled (cancellable))
            {
              g_clear_error (error);
              set_state (self, LB_TRAINER_CANCELLED, "Training was stopped.");
              g_set_error (error, LB_ERROR, LB_ERROR_CANCELLED,
                           "Training was stopped after %d completed epochs.",
                           self->completed_epochs);
            }
          return FALSE;
        }
    }

  /* Keep the weights with the best validation loss, as the poster's checkpoint did. */
  memcpy (nn_unet_params (self->net), self->best_params,
          nn_unet_count (self->net) * sizeof (float));
  if (self->run_dir != NULL && !self->finished)
    {
      self->finished = TRUE;
      if (!save_best_weights (self, error) || !save_checkpoint (self, error))
        {
          set_state (self, LB_TRAINER_FAILED, (*error)->message);
          return FALSE;
        }
    }
  self->finished = TRUE;
  set_state (self, LB_TRAINER_FINISHED, NULL);
  return TRUE;
}

static gboolean
run_on_worker (GObject *self, GCancellable *cancellable, GError **error)
{
  return lb_trainer_run (LB_TRAINER (self), cancellable, error);
}

static void
run_ended (GObject *object)
{
  LbTrainer *self = LB_TRAINER (object);
  lb_notifier_detach (self->notifier);
  /* The last word: whatever the state is now, listeners see it before the result. */
  g_signal_emit (self, signals[SIGNAL_PROGRESS], 0);
}

void
lb_trainer_run_async (LbTrainer *self,
                      GCancellable *cancellable,
                      GAsyncReadyCallback callback,
                      gpointer user_data)
{
  g_return_if_fail (LB_IS_TRAINER (self));
  g_autoptr (GMainContext) context = g_main_context_ref_thread_default ();
  lb_notifier_attach (self->notifier, context);
  /* Our own LB_ERROR_CANCELLED says how many epochs were kept; GIO's would not. */
  lb_run_in_thread_async (G_OBJECT (self), lb_trainer_run_async, run_on_worker, run_ended,
                          cancellable, callback, user_data);
}

gboolean
lb_trainer_run_finish (LbTrainer *self, GAsyncResult *result, GError **error)
{
  return lb_run_finish (G_OBJECT (self), result, error);
}

NnUNet *
lb_trainer_get_network (LbTrainer *self)
{
  return self->net;
}

const LbTrainConfig *
lb_trainer_get_config (LbTrainer *self)
{
  g_return_val_if_fail (LB_IS_TRAINER (self), NULL);

  return &self->config;
}

int
lb_trainer_get_resumed_epoch (LbTrainer *self)
{
  return self->resumed_epoch;
}

const char *
lb_trainer_get_initial_weights_hash (LbTrainer *self)
{
  return self->initial_hash;
}
