/* test-trainer.c — the trainer: learning, Keras's callbacks, resume, NaN guard, threads.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "lb-dataset.h"
#include "lb-error.h"
#include "lb-evaluate.h"
#include "lb-history.h"
#include "lb-safetensors.h"
#include "lb-test-util.h"
#include "lb-train-batch.h"
#include "lb-trainer.h"

/* A small demo set at 32², split 24 train / 8 validation. */
typedef struct
{
  LbDataset *dataset;
  float *images;  /* a writable copy, so a test can poison it */
  guint train[24];
  guint val[8];
  LbTrainData data;
  char *dir;
} Fixture;

static void
fixture_set_up (Fixture *f, gconstpointer unused)
{
  f->dataset = lb_dataset_new_demo (32, 32, 7, LB_NORMALIZATION_POSTER, NULL);
  gsize floats = (gsize) 32 * 32 * 32;
  f->images = g_memdup2 (lb_dataset_get_images (f->dataset), floats * sizeof (float));
  for (guint i = 0; i < 24; i++)
    f->train[i] = i;
  for (guint i = 0; i < 8; i++)
    f->val[i] = 24 + i;
  f->data = (LbTrainData) { f->images, lb_dataset_get_masks (f->dataset), f->train, 24, f->val, 8 };
  f->dir = g_dir_make_tmp ("lb-trainer-XXXXXX", NULL);
}

static void
fixture_tear_down (Fixture *f, gconstpointer unused)
{
  lb_test_remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->images);
  g_object_unref (f->dataset);
}

static LbTrainConfig
tiny_config (int epochs)
{
  LbTrainConfig config;
  lb_train_config_init (&config);
  config.net = (NnUNetConfig) { .size = 32, .base_width = 4, .depth = 2, .batch = 8 };
  config.epochs = epochs;
  config.learning_rate = 3e-3;
  config.seed = 11;
  config.threads = 2;
  config.n_previews = 2;
  return config;
}

static void
test_learns (Fixture *f, gconstpointer unused)
{
  LbTrainConfig config = tiny_config (30);
  g_autoptr (GError) error = NULL;
  g_autoptr (LbTrainer) trainer = lb_trainer_new (&config, &f->data, f->dir, &error);
  g_assert_no_error (error);
  /* What it trains is what it was given. */
  g_assert_cmpint (lb_trainer_get_config (trainer)->epochs, ==, 30);
  g_assert_cmpint (lb_trainer_get_config (trainer)->loss.kind, ==, config.loss.kind);
  g_assert_cmpint (lb_trainer_get_config (trainer)->loss.has_plus, ==, config.loss.has_plus);
  g_assert_true (lb_trainer_run (trainer, NULL, &error));
  g_assert_no_error (error);

  g_autoptr (LbTrainerSnapshot) s = lb_trainer_get_snapshot (trainer);
  g_assert_cmpint (s->state, ==, LB_TRAINER_FINISHED);
  g_assert_cmpuint (s->epochs_done->len, ==, 30);
  g_assert_cmpuint (s->batch_losses->len, ==, 30 * 3);
  g_assert_nonnull (s->previews);
  const LbEpochRecord *first = &g_array_index (s->epochs_done, LbEpochRecord, 0);
  const LbEpochRecord *last = &g_array_index (s->epochs_done, LbEpochRecord, 29);
  g_assert_cmpfloat (last->train_loss, <, 0.5 * first->train_loss);
  /* 90 Adam steps on 24 phantoms: the lungs are found (IoU ≈ 0.87 here). */
  g_assert_cmpfloat (last->val.value[NN_METRIC_IOU], >, 0.7);
  g_assert_cmpint (s->best_epoch, >=, 1);
  g_assert_true (g_array_index (s->epochs_done, LbEpochRecord, s->best_epoch - 1).best);
  for (int i = 0; i < s->n_previews * s->size * s->size; i++)
    g_assert_true (s->previews[i] >= 0.0f && s->previews[i] <= 1.0f);

  /* The files a run leaves behind. */
  g_autofree char *history_path = g_build_filename (f->dir, "history.csv", NULL);
  g_autoptr (GArray) history = lb_history_load (history_path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (history->len, ==, 30);
  g_assert_cmpfloat_with_epsilon (g_array_index (history, LbEpochRecord, 29).val_loss,
                                  last->val_loss, 1e-7);
  g_autofree char *weights_path = g_build_filename (f->dir, "weights.safetensors", NULL);
  g_autoptr (LbSafetensors) weights = lb_safetensors_load (weights_path, &error);
  g_assert_no_error (error);
  LbTensorView view;
  g_assert_true (lb_safetensors_lookup (weights, "down1.conv1.weight", &view));
  g_assert_cmpint (view.n_dims, ==, 4);
  g_assert_cmpint (view.shape[0], ==, 4);  /* PyTorch's [out][in][3][3] */
  g_assert_cmpint (view.shape[1], ==, 1);
  g_assert_cmpstr (lb_safetensors_get_metadata (weights, "initial_weights_sha256"), ==,
                   lb_trainer_get_initial_weights_hash (trainer));
}

/* With a learning rate too small to move any weight the validation loss never improves, so
 * the callbacks' schedule can be predicted exactly: Keras's ReduceLROnPlateau (patience 3,
 * cooldown 2, ×0.5) and EarlyStopping (patience 15). */
static void
test_callbacks_follow_keras (Fixture *f, gconstpointer unused)
{
  LbTrainConfig config = tiny_config (40);
  config.learning_rate = 1e-30;
  config.min_learning_rate = 1e-40;
  g_autoptr (GError) error = NULL;
  g_autoptr (LbTrainer) trainer = lb_trainer_new (&config, &f->data, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (lb_trainer_run (trainer, NULL, &error));

  g_autoptr (LbTrainerSnapshot) s = lb_trainer_get_snapshot (trainer);
  g_assert_cmpuint (s->epochs_done->len, ==, 16);  /* stopped early after 1 + 15 epochs */
  g_assert_cmpint (s->best_epoch, ==, 1);
  for (guint e = 0; e < 16; e++)
    {
      double expected = 1e-30 / (1 << (e / 4));
      double got = g_array_index (s->epochs_done, LbEpochRecord, e).learning_rate;
      if (fabs (got - expected) > 1e-12 * expected)
        g_error ("epoch %u: learning rate %g, Keras would use %g", e + 1, got, expected);
    }
}

static void
on_progress_cancel_in_epoch (LbTrainer *trainer, gpointer data)
{
  g_autoptr (LbTrainerSnapshot) s = lb_trainer_get_snapshot (trainer);
  if (s->epoch == 3 && s->batch == 1)
    g_cancellable_cancel (data);
}

/* Trains CONFIG once straight through in STRAIGHT_DIR (returned) and once in STOPPED_DIR,
 * stopped in the middle of epoch 3: its checkpoint holds epoch 2. */
static LbTrainer *
train_straight_and_stopped (Fixture             *f,
                            const LbTrainConfig *config,
                            const char          *straight_dir,
                            const char          *stopped_dir)
{
  g_autoptr (GError) error = NULL;
  LbTrainer *straight = lb_trainer_new (config, &f->data, straight_dir, &error);
  g_assert_true (lb_trainer_run (straight, NULL, &error));

  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  g_autoptr (LbTrainer) stopped = lb_trainer_new (config, &f->data, stopped_dir, &error);
  g_signal_connect (stopped, "progress", G_CALLBACK (on_progress_cancel_in_epoch), cancellable);
  g_assert_false (lb_trainer_run (stopped, cancellable, &error));
  g_assert_error (error, LB_ERROR, LB_ERROR_CANCELLED);
  return straight;
}

/* Stopped in the middle of epoch 3 and resumed: the same weights, bit for bit, as a run that
 * was never interrupted. */
static void
test_resume_is_exact (Fixture *f, gconstpointer unused)
{
  LbTrainConfig config = tiny_config (5);
  g_autofree char *straight_dir = g_build_filename (f->dir, "straight", NULL);
  g_autofree char *resumed_dir = g_build_filename (f->dir, "resumed", NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (LbTrainer) straight = train_straight_and_stopped (f, &config, straight_dir,
                                                               resumed_dir);

  g_autoptr (LbTrainer) second = lb_trainer_new (&config, &f->data, resumed_dir, &error);
  g_assert_no_error (error);
  g_assert_cmpint (lb_trainer_get_resumed_epoch (second), ==, 2);
  g_assert_true (lb_trainer_run (second, NULL, &error));

  NnUNet *a = lb_trainer_get_network (straight), *b = lb_trainer_get_network (second);
  g_assert_cmpmem (nn_unet_params (a), nn_unet_count (a) * sizeof (float), nn_unet_params (b),
                   nn_unet_count (b) * sizeof (float));
  g_autoptr (LbTrainerSnapshot) sa = lb_trainer_get_snapshot (straight);
  g_autoptr (LbTrainerSnapshot) sb = lb_trainer_get_snapshot (second);
  g_assert_cmpuint (sb->epochs_done->len, ==, 5);
  g_assert_cmpuint (sb->batch_losses->len, ==, sa->batch_losses->len);
  g_assert_cmpfloat (g_array_index (sb->epochs_done, LbEpochRecord, 4).val_loss, ==,
                     g_array_index (sa->epochs_done, LbEpochRecord, 4).val_loss);

  /* A finished run opened again has nothing left to do. */
  g_autoptr (LbTrainer) third = lb_trainer_new (&config, &f->data, resumed_dir, &error);
  g_assert_true (lb_trainer_run (third, NULL, &error));
  g_assert_cmpmem (nn_unet_params (a), nn_unet_count (a) * sizeof (float),
                   nn_unet_params (lb_trainer_get_network (third)),
                   nn_unet_count (a) * sizeof (float));

  /* Other settings in the same folder are refused, not mixed in. */
  config.learning_rate *= 2;
  g_autoptr (LbTrainer) other = lb_trainer_new (&config, &f->data, resumed_dir, &error);
  g_assert_null (other);
  g_assert_error (error, LB_ERROR, LB_ERROR_INVALID_INPUT);
}

/* Killed after writing an epoch's history and before its checkpoint (save_checkpoint writes
 * them in that order): the history is one epoch ahead; resume trains that epoch again and ends
 * as a run never interrupted. */
static void
test_resume_after_kill_between_files (Fixture *f, gconstpointer unused)
{
  LbTrainConfig config = tiny_config (5);
  g_autofree char *straight_dir = g_build_filename (f->dir, "straight", NULL);
  g_autofree char *killed_dir = g_build_filename (f->dir, "killed", NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (LbTrainer) straight = train_straight_and_stopped (f, &config, straight_dir,
                                                               killed_dir);
  /* The checkpoint says epoch 2; the history gets epoch 3, as the kill would leave it. */
  g_autofree char *straight_history = g_build_filename (straight_dir, "history.csv", NULL);
  g_autofree char *killed_history = g_build_filename (killed_dir, "history.csv", NULL);
  g_autoptr (GArray) records = lb_history_load (straight_history, &error);
  g_assert_no_error (error);
  g_assert_true (lb_history_save (killed_history, (const LbEpochRecord *) (void *) records->data,
                                  3, &error));

  g_autoptr (LbTrainer) second = lb_trainer_new (&config, &f->data, killed_dir, &error);
  g_assert_no_error (error);
  g_assert_cmpint (lb_trainer_get_resumed_epoch (second), ==, 2);
  g_assert_true (lb_trainer_run (second, NULL, &error));
  NnUNet *a = lb_trainer_get_network (straight), *b = lb_trainer_get_network (second);
  g_assert_cmpmem (nn_unet_params (a), nn_unet_count (a) * sizeof (float), nn_unet_params (b),
                   nn_unet_count (b) * sizeof (float));
  g_autoptr (GArray) after = lb_history_load (killed_history, &error);
  g_assert_cmpuint (after->len, ==, 5);
  g_assert_cmpfloat (g_array_index (after, LbEpochRecord, 2).val_loss, ==,
                     g_array_index (records, LbEpochRecord, 2).val_loss);

  /* Behind the checkpoint, epochs are lost: refused with what to do. */
  g_assert_true (lb_history_save (killed_history, (const LbEpochRecord *) (void *) records->data,
                                  1, &error));
  g_autoptr (LbTrainer) third = lb_trainer_new (&config, &f->data, killed_dir, &error);
  g_assert_null (third);
  g_assert_error (error, LB_ERROR, LB_ERROR_CORRUPT);
  g_assert_nonnull (strstr (error->message, "Delete the run folder"));
}

/* A checkpoint whose values no run writes (a negative epoch would size the history to four
 * billion records) is refused with what to do, not trusted. */
static void
test_checkpoint_out_of_range (Fixture *f, gconstpointer unused)
{
  LbTrainConfig config = tiny_config (5);
  g_autofree char *straight_dir = g_build_filename (f->dir, "straight", NULL);
  g_autofree char *stopped_dir = g_build_filename (f->dir, "stopped", NULL);
  g_autofree char *path = g_build_filename (stopped_dir, "checkpoint.safetensors", NULL);
  const char *const keys[] = { "epoch", "adam_t", "best_epoch", "learning_rate" };
  const char *const values[] = { "-1", "-5", "9", "nan" };
  g_autoptr (GError) error = NULL;
  g_autoptr (LbTrainer) straight = train_straight_and_stopped (f, &config, straight_dir,
                                                               stopped_dir);
  g_autofree char *original = NULL;
  gsize length = 0;

  g_assert_true (g_file_get_contents (path, &original, &length, NULL));
  for (guint k = 0; k < G_N_ELEMENTS (keys); k++)
    {
      g_autoptr (LbSafetensors) file = lb_safetensors_load (path, &error);
      g_autoptr (GHashTable) meta = g_hash_table_new (g_str_hash, g_str_equal);
      const char *const names[] = { "params", "best", "adam.m", "adam.v", "batch_losses" };
      const char *const meta_keys[] = { "fingerprint", "epoch", "finished", "adam_t",
                                        "learning_rate", "best_val_loss", "best_epoch",
                                        "plateau_best", "plateau_wait", "plateau_cooldown",
                                        "early_best", "early_wait", "stop_early",
                                        "initial_weights_sha256" };
      LbTensorView views[G_N_ELEMENTS (names)];

      g_assert_no_error (error);
      for (guint m = 0; m < G_N_ELEMENTS (meta_keys); m++)
        g_hash_table_insert (meta, (gpointer) meta_keys[m],
                             (gpointer) lb_safetensors_get_metadata (file, meta_keys[m]));
      g_hash_table_insert (meta, (gpointer) keys[k], (gpointer) values[k]);
      for (guint t = 0; t < G_N_ELEMENTS (names); t++)
        g_assert_true (lb_safetensors_lookup (file, names[t], &views[t]));
      g_autofree char *damaged = g_build_filename (f->dir, "damaged.safetensors", NULL);
      g_assert_true (lb_safetensors_save (damaged, views, G_N_ELEMENTS (views), meta, &error));
      g_clear_pointer (&file, lb_safetensors_free);
      g_assert_cmpint (g_rename (damaged, path), ==, 0);

      g_autoptr (LbTrainer) resumed = lb_trainer_new (&config, &f->data, stopped_dir, &error);
      g_assert_null (resumed);
      g_assert_error (error, LB_ERROR, LB_ERROR_CORRUPT);
      g_test_message ("%s %s: %s", keys[k], values[k], error->message);
      g_assert_nonnull (strstr (error->message, "Delete it to train this run from the start"));
      g_clear_error (&error);
      g_assert_true (g_file_set_contents (path, original, (gssize) length, NULL));
    }
}

/* Augmented training: stopped and resumed, the same weights as a run never interrupted; and
 * not the weights of a run on the images as they are, so the batches really were augmented.
 * A Boundary term reads the distance maps of the augmented masks, not of the originals. */
static void
test_augmented_resume_is_exact (Fixture *f, gconstpointer unused)
{
  LbTrainConfig config = tiny_config (5), plain_config;
  g_autofree char *straight_dir = g_build_filename (f->dir, "straight", NULL);
  g_autofree char *resumed_dir = g_build_filename (f->dir, "resumed", NULL);
  g_autoptr (GError) error = NULL;
  NnLossSchedule weight;

  nn_loss_schedule_preset (&weight, NN_LOSS_SCHEDULE_CONSTANT);
  nn_loss_config_set_plus (&config.loss, NN_LOSS_BOUNDARY, NN_LOSS_PRESET_POSTER, &weight);
  plain_config = config;
  lb_augment_options_preset (&config.augment, LB_AUGMENT_STANDARD);
  g_autoptr (LbTrainer) straight = train_straight_and_stopped (f, &config, straight_dir,
                                                               resumed_dir);
  g_autoptr (LbTrainer) second = lb_trainer_new (&config, &f->data, resumed_dir, &error);
  g_assert_no_error (error);
  g_assert_cmpint (lb_trainer_get_resumed_epoch (second), ==, 2);
  g_assert_true (lb_trainer_run (second, NULL, &error));
  NnUNet *a = lb_trainer_get_network (straight), *b = lb_trainer_get_network (second);
  g_assert_cmpmem (nn_unet_params (a), nn_unet_count (a) * sizeof (float), nn_unet_params (b),
                   nn_unet_count (b) * sizeof (float));

  g_autoptr (LbTrainer) plain = lb_trainer_new (&plain_config, &f->data, NULL, &error);
  g_assert_true (lb_trainer_run (plain, NULL, &error));
  g_assert_true (memcmp (nn_unet_params (a), nn_unet_params (lb_trainer_get_network (plain)),
                         nn_unet_count (a) * sizeof (float)) != 0);

  /* The same folder without augmentation is another run: refused, not mixed in. */
  g_autoptr (LbTrainer) other = lb_trainer_new (&plain_config, &f->data, resumed_dir, &error);
  g_assert_null (other);
  g_assert_error (error, LB_ERROR, LB_ERROR_INVALID_INPUT);
}

/* The batches a trainer feeds: the same for the same seed, epoch and images, whatever else;
 * another epoch draws others; never mirrored — a marker on the left of every image stays on
 * the left through every draw of the standard preset. */
static void
test_batches_paired_never_mirrored (Fixture *f, gconstpointer unused)
{
  const gsize hw = 32 * 32;
  g_autofree float *images = g_new0 (float, 8 * hw), *masks = g_new0 (float, 8 * hw);
  g_autofree float *a = g_new (float, 8 * hw), *b = g_new (float, 8 * hw);
  g_autofree float *ma = g_new (float, 8 * hw), *mb = g_new (float, 8 * hw);
  guint indices[8];
  LbAugmentOptions augment;
  LbTrainData data = { images, masks, indices, 8, indices, 8 };

  for (guint i = 0; i < 8; i++)
    {
      indices[i] = 7 - i;
      /* A bright block a fifth of the way in from the left edge, the rest dark. */
      for (int y = 12; y < 20; y++)
        for (int x = 4; x < 10; x++)
          {
            images[i * hw + y * 32 + x] = 1.0f;
            masks[i * hw + y * 32 + x] = 1.0f;
          }
    }
  lb_augment_options_preset (&augment, LB_AUGMENT_STANDARD);
  lb_train_batch_fill (&data, &augment, 11, 3, indices, 8, 32, a, ma);
  lb_train_batch_fill (&data, &augment, 11, 3, indices, 8, 32, b, mb);
  g_assert_cmpmem (a, 8 * hw * sizeof (float), b, 8 * hw * sizeof (float));
  g_assert_cmpmem (ma, 8 * hw * sizeof (float), mb, 8 * hw * sizeof (float));
  lb_train_batch_fill (&data, &augment, 11, 4, indices, 8, 32, b, mb);
  g_assert_true (memcmp (a, b, 8 * hw * sizeof (float)) != 0);
  for (int epoch = 1; epoch <= 40; epoch++)
    {
      lb_train_batch_fill (&data, &augment, 11, epoch, indices, 8, 32, a, ma);
      for (guint i = 0; i < 8; i++)
        {
          double sum = 0, moment = 0;

          for (int y = 0; y < 32; y++)
            for (int x = 0; x < 32; x++)
              {
                sum += ma[i * hw + y * 32 + x];
                moment += x * ma[i * hw + y * 32 + x];
              }
          g_assert_cmpfloat (sum, >, 0);
          g_assert_cmpfloat (moment / sum, <, 12);
        }
    }
  /* Off: the images as they are. */
  augment.enabled = FALSE;
  lb_train_batch_fill (&data, &augment, 11, 3, indices, 8, 32, a, ma);
  g_assert_cmpmem (a, hw * sizeof (float), images + 7 * hw, hw * sizeof (float));
}

static void
on_progress_poison (LbTrainer *trainer, gpointer data)
{
  Fixture *f = data;
  g_autoptr (LbTrainerSnapshot) s = lb_trainer_get_snapshot (trainer);
  if (s->epoch == 2 && s->batch == 1)
    for (guint i = 0; i < 24; i++)
      f->images[(gsize) i * 32 * 32 + 100] = NAN;
}

static void
test_nan_stops_cleanly (Fixture *f, gconstpointer unused)
{
  LbTrainConfig config = tiny_config (4);
  g_autoptr (GError) error = NULL;
  g_autoptr (LbTrainer) trainer = lb_trainer_new (&config, &f->data, f->dir, &error);
  g_signal_connect (trainer, "progress", G_CALLBACK (on_progress_poison), f);
  g_assert_false (lb_trainer_run (trainer, NULL, &error));
  g_assert_error (error, LB_ERROR, LB_ERROR_DIVERGED);
  g_assert_nonnull (strstr (error->message, "epoch 2, batch 2"));
  g_clear_error (&error);

  g_autoptr (LbTrainerSnapshot) s = lb_trainer_get_snapshot (trainer);
  g_assert_cmpint (s->state, ==, LB_TRAINER_FAILED);
  g_assert_nonnull (strstr (s->message, "epochs before it are kept"));
  g_autofree char *history_path = g_build_filename (f->dir, "history.csv", NULL);
  g_autoptr (GArray) history = lb_history_load (history_path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (history->len, ==, 1);
  g_assert_true (isfinite (g_array_index (history, LbEpochRecord, 0).val_loss));
}

static void
test_refuses_bad_configs (Fixture *f, gconstpointer unused)
{
  g_autoptr (GError) error = NULL;
  LbTrainConfig config = tiny_config (1);
  config.net.size = 30;  /* not a multiple of 2^depth */
  g_assert_null (lb_trainer_new (&config, &f->data, NULL, &error));
  g_assert_error (error, LB_ERROR, LB_ERROR_INVALID_INPUT);
  g_clear_error (&error);

  config = tiny_config (1);
  config.net = (NnUNetConfig) { .size = 4096, .base_width = 256, .depth = 4, .batch = 512 };
  g_assert_null (lb_trainer_new (&config, &f->data, NULL, &error));
  g_assert_error (error, LB_ERROR, LB_ERROR_TOO_LARGE);
  g_assert_nonnull (strstr (error->message, "smaller batch"));
  g_clear_error (&error);

  LbTrainData empty = f->data;
  empty.n_val = 0;
  config = tiny_config (1);
  g_assert_null (lb_trainer_new (&config, &empty, NULL, &error));
  g_assert_error (error, LB_ERROR, LB_ERROR_EMPTY);
}

/* ---- the worker thread: pause, resume and cancel from the main loop ---- */

typedef struct
{
  GMainLoop *loop;
  GCancellable *cancellable;
  LbTrainer *trainer;
  int phase;             /* 0 running, 1 paused, 2 resumed, 3 cancelled */
  int batches_at_pause;
  int emissions;
  gboolean finished;
  GError *error;
  GThread *main_thread;
} AsyncRun;

static int
batches_done (LbTrainer *trainer)
{
  g_autoptr (LbTrainerSnapshot) s = lb_trainer_get_snapshot (trainer);
  return s->batch_losses->len;
}

static gboolean
check_paused (gpointer data)
{
  AsyncRun *run = data;
  g_autoptr (LbTrainerSnapshot) s = lb_trainer_get_snapshot (run->trainer);
  g_assert_cmpint (s->state, ==, LB_TRAINER_PAUSED);
  /* At most the batch under way when pause was asked finishes. */
  g_assert_cmpint ((int) s->batch_losses->len, <=, run->batches_at_pause + 1);
  run->phase = 2;
  lb_trainer_resume (run->trainer);
  return G_SOURCE_REMOVE;
}

static void
on_async_progress (LbTrainer *trainer, gpointer data)
{
  AsyncRun *run = data;
  g_assert_true (g_thread_self () == run->main_thread);
  run->emissions++;
  int done = batches_done (trainer);
  if (run->phase == 0 && done >= 2)
    {
      run->phase = 1;
      run->batches_at_pause = done;
      lb_trainer_pause (trainer);
      g_timeout_add (300, check_paused, run);
    }
  else if (run->phase == 2 && done >= run->batches_at_pause + 3)
    {
      run->phase = 3;
      g_cancellable_cancel (run->cancellable);
    }
}

static void
on_async_done (GObject *source, GAsyncResult *result, gpointer data)
{
  AsyncRun *run = data;
  run->finished = TRUE;
  lb_trainer_run_finish (LB_TRAINER (source), result, &run->error);
  g_main_loop_quit (run->loop);
}

static void
test_async_pause_resume_cancel (Fixture *f, gconstpointer unused)
{
  LbTrainConfig config = tiny_config (50);
  g_autoptr (GError) error = NULL;
  AsyncRun run = { .main_thread = g_thread_self () };
  run.loop = g_main_loop_new (NULL, FALSE);
  run.cancellable = g_cancellable_new ();
  run.trainer = lb_trainer_new (&config, &f->data, f->dir, &error);
  g_assert_no_error (error);
  g_signal_connect (run.trainer, "progress", G_CALLBACK (on_async_progress), &run);

  lb_trainer_run_async (run.trainer, run.cancellable, on_async_done, &run);
  g_main_loop_run (run.loop);

  g_assert_true (run.finished);
  g_assert_cmpint (run.phase, ==, 3);
  g_assert_error (run.error, LB_ERROR, LB_ERROR_CANCELLED);
  g_autoptr (LbTrainerSnapshot) s = lb_trainer_get_snapshot (run.trainer);
  g_assert_cmpint (s->state, ==, LB_TRAINER_CANCELLED);
  g_assert_cmpint (run.emissions, >, 3);

  g_clear_error (&run.error);
  /* A progress emission may still be queued: it must not reach this stack frame later. */
  g_signal_handlers_disconnect_by_data (run.trainer, &run);
  g_object_unref (run.trainer);
  g_object_unref (run.cancellable);
  g_main_loop_unref (run.loop);
}

/* Collapse is one class on almost every pixel while the masks hold both. The counts of the
 * "saturated" case are those of a real run (Focal-Tversky with the literature settings, 688
 * pairs, epoch 2: recall 0.99998, precision 0.2416), which the earlier every-pixel rule missed. */
static void
test_collapse_rule (void)
{
  static const struct
  {
    NnConfusion counts;
    gboolean collapsed;
  } cases[] = {
    { { .tp = 240000, .fp = 760000, .fn = 0, .tn = 0 }, TRUE },         /* all lung */
    { { .tp = 241595, .fp = 758375, .fn = 5, .tn = 25 }, TRUE },         /* saturated */
    { { .tp = 0, .fp = 0, .fn = 240000, .tn = 760000 }, TRUE },          /* nothing */
    { { .tp = 500, .fp = 0, .fn = 239500, .tn = 760000 }, TRUE },        /* 0.05 % lung */
    { { .tp = 20000, .fp = 0, .fn = 220000, .tn = 760000 }, FALSE },     /* poor, not collapsed */
    { { .tp = 240000, .fp = 10000, .fn = 0, .tn = 750000 }, FALSE },     /* good */
    { { .tp = 0, .fp = 0, .fn = 0, .tn = 1000000 }, FALSE },             /* no lung to find */
    { { .tp = 0, .fp = 0, .fn = 0, .tn = 0 }, FALSE },                   /* no pixels */
  };
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      double predicted = -1;
      g_assert_cmpint (lb_is_collapsed (&cases[i].counts, &predicted), ==, cases[i].collapsed);
      g_assert_cmpfloat (predicted, >=, 0);
      g_assert_cmpfloat (predicted, <=, 1);
    }
}

/* What a window holds, built from the deltas lb_trainer_get_progress_since hands out. */
typedef struct
{
  GMainLoop *loop;
  LbTrainer *trainer;
  GArray *losses;      /* double */
  GArray *epochs;      /* LbEpochRecord */
  guint with_previews; /* snapshots that carried previews */
  guint serials;       /* preview serials seen: the previews were made anew */
  guint last_serial;
  GError *error;
} Follower;

static void
on_follow_progress (LbTrainer *trainer, gpointer data)
{
  Follower *f = data;
  g_autoptr (LbTrainerSnapshot) s = lb_trainer_get_progress_since (trainer, f->losses->len,
                                                                   f->epochs->len);
  g_assert_cmpuint (s->first_batch, ==, f->losses->len);
  g_assert_cmpuint (s->first_epoch, ==, f->epochs->len);
  g_array_append_vals (f->losses, s->batch_losses->data, s->batch_losses->len);
  g_array_append_vals (f->epochs, s->epochs_done->data, s->epochs_done->len);
  g_assert_cmpuint (s->n_batches_total, ==, f->losses->len);
  g_assert_cmpuint (s->n_epochs_total, ==, f->epochs->len);
  if (s->previews != NULL)
    {
      f->with_previews++;
      if (s->preview_serial != f->last_serial)
        f->serials++;
      f->last_serial = s->preview_serial;
      for (int i = 0; i < s->n_previews; i++)
        {
          g_assert_cmpfloat (s->preview_iou[i], >=, 0);
          g_assert_cmpfloat (s->preview_iou[i], <=, 1);
          g_assert_cmpfloat (s->preview_lung[i], >=, 0);
          g_assert_cmpfloat (s->preview_lung[i], <=, 1);
        }
    }
}

static void
on_follow_done (GObject *source, GAsyncResult *result, gpointer data)
{
  Follower *f = data;
  lb_trainer_run_finish (LB_TRAINER (source), result, &f->error);
  g_main_loop_quit (f->loop);
}

static void
on_follow_created (GObject *source, GAsyncResult *result, gpointer data)
{
  Follower *f = data;
  f->trainer = lb_trainer_new_finish (result, &f->error);
  if (f->trainer == NULL)
    {
      g_main_loop_quit (f->loop);
      return;
    }
  g_signal_connect (f->trainer, "progress", G_CALLBACK (on_follow_progress), f);
  lb_trainer_run_async (f->trainer, NULL, on_follow_done, f);
}

/* Created on a worker, run on a worker, followed by deltas: the window ends up with exactly
 * the full history, and the previews are made anew once an epoch. */
static void
test_progress_deltas (Fixture *fixture, gconstpointer unused)
{
  LbTrainConfig config = tiny_config (4);
  Follower f = { .loop = g_main_loop_new (NULL, FALSE) };
  f.losses = g_array_new (FALSE, FALSE, sizeof (double));
  f.epochs = g_array_new (FALSE, FALSE, sizeof (LbEpochRecord));

  lb_trainer_new_async (&config, &fixture->data, NULL, NULL, on_follow_created, &f);
  g_main_loop_run (f.loop);
  g_assert_no_error (f.error);

  g_autoptr (LbTrainerSnapshot) all = lb_trainer_get_snapshot (f.trainer);
  g_assert_cmpint (all->state, ==, LB_TRAINER_FINISHED);
  g_assert_cmpuint (f.losses->len, ==, all->batch_losses->len);
  g_assert_cmpuint (f.epochs->len, ==, 4);
  g_assert_cmpmem (f.losses->data, f.losses->len * sizeof (double), all->batch_losses->data,
                   all->batch_losses->len * sizeof (double));
  g_assert_cmpmem (f.epochs->data, f.epochs->len * sizeof (LbEpochRecord),
                   all->epochs_done->data, all->epochs_done->len * sizeof (LbEpochRecord));
  g_assert_cmpuint (f.serials, >=, 1);
  g_assert_cmpuint (f.serials, <=, 4);
  g_assert_cmpuint (all->preview_serial, ==, 4);

  g_signal_handlers_disconnect_by_data (f.trainer, &f);
  g_object_unref (f.trainer);
  g_array_unref (f.losses);
  g_array_unref (f.epochs);
  g_main_loop_unref (f.loop);
}

/* Other validation images chosen while paused: predicted at once by the current weights, and
 * the run learns exactly what it learns without the choice. */
typedef struct
{
  GMainLoop *loop;
  LbTrainer *trainer;
  guint chosen[2];
  int phase;            /* 0 running, 1 paused with the choice made, 2 resumed */
  guint serial_at_choice;
  GError *error;
} Chooser;

static void
on_choose_progress (LbTrainer *trainer, gpointer data)
{
  Chooser *c = data;
  g_autoptr (LbTrainerSnapshot) s = lb_trainer_get_progress_since (trainer, G_MAXUINT, G_MAXUINT);
  if (c->phase == 0 && s->n_epochs_total >= 1 && s->previews != NULL)
    {
      c->phase = 1;
      c->serial_at_choice = s->preview_serial;
      lb_trainer_pause (trainer);
      lb_trainer_choose_previews (trainer, c->chosen, 2);
    }
  else if (c->phase == 1 && s->preview_serial != c->serial_at_choice)
    {
      /* Made while paused, for the images chosen, from the weights of this moment. */
      g_assert_cmpint (s->state, ==, LB_TRAINER_PAUSED);
      g_assert_cmpuint (s->preview_indices[0], ==, c->chosen[0]);
      g_assert_cmpuint (s->preview_indices[1], ==, c->chosen[1]);
      g_assert_nonnull (s->previews);
      c->phase = 2;
      lb_trainer_resume (trainer);
    }
}

static void
on_choose_done (GObject *source, GAsyncResult *result, gpointer data)
{
  Chooser *c = data;
  lb_trainer_run_finish (LB_TRAINER (source), result, &c->error);
  g_main_loop_quit (c->loop);
}

static void
test_choose_previews (Fixture *f, gconstpointer unused)
{
  LbTrainConfig config = tiny_config (3);
  g_autoptr (GError) error = NULL;
  g_autoptr (LbTrainer) plain = lb_trainer_new (&config, &f->data, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (lb_trainer_run (plain, NULL, &error));
  g_assert_no_error (error);

  guint n_val = 0;
  const guint *val = lb_trainer_get_validation (plain, &n_val);
  g_assert_cmpuint (n_val, ==, 8);
  g_assert_cmpuint (val[0], ==, 24);
  Chooser c = { .loop = g_main_loop_new (NULL, FALSE), .chosen = { 31, 25 } };
  c.trainer = lb_trainer_new (&config, &f->data, NULL, &error);
  g_assert_no_error (error);
  g_signal_connect (c.trainer, "progress", G_CALLBACK (on_choose_progress), &c);
  lb_trainer_run_async (c.trainer, NULL, on_choose_done, &c);
  g_main_loop_run (c.loop);
  g_assert_no_error (c.error);
  g_assert_cmpint (c.phase, ==, 2);

  g_autoptr (LbTrainerSnapshot) a = lb_trainer_get_snapshot (plain);
  g_autoptr (LbTrainerSnapshot) b = lb_trainer_get_snapshot (c.trainer);
  g_assert_cmpmem (a->batch_losses->data, a->batch_losses->len * sizeof (double),
                   b->batch_losses->data, b->batch_losses->len * sizeof (double));
  g_assert_cmpuint (b->preview_indices[0], ==, 31);
  g_assert_cmpuint (b->preview_indices[1], ==, 25);
  /* The chosen images' truth is theirs. */
  const float *masks = lb_dataset_get_masks (f->dataset);
  gsize hw = (gsize) b->size * b->size;
  for (gsize k = 0; k < hw; k++)
    g_assert_cmpuint (b->preview_truth[k], ==, masks[31 * hw + k] > 0.5f);

  g_signal_handlers_disconnect_by_data (c.trainer, &c);
  g_object_unref (c.trainer);
  g_main_loop_unref (c.loop);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_set_up, fn, fixture_tear_down)
  ADD ("/trainer/learns", test_learns);
  ADD ("/trainer/callbacks-follow-keras", test_callbacks_follow_keras);
  ADD ("/trainer/resume-is-exact", test_resume_is_exact);
  ADD ("/trainer/resume-after-kill-between-files", test_resume_after_kill_between_files);
  ADD ("/trainer/checkpoint-out-of-range", test_checkpoint_out_of_range);
  ADD ("/trainer/augmented-resume-is-exact", test_augmented_resume_is_exact);
  ADD ("/trainer/batches-paired-never-mirrored", test_batches_paired_never_mirrored);
  ADD ("/trainer/nan-stops-cleanly", test_nan_stops_cleanly);
  ADD ("/trainer/refuses-bad-configs", test_refuses_bad_configs);
  ADD ("/trainer/async-pause-resume-cancel", test_async_pause_resume_cancel);
  ADD ("/trainer/progress-deltas", test_progress_deltas);
  ADD ("/trainer/choose-previews", test_choose_previews);
#undef ADD
  g_test_add_func ("/trainer/collapse-rule", test_collapse_rule);
  return g_test_run ();
}
