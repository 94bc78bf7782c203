/* lb-trainer.h — one training run of the U-Net with one loss, on a worker thread.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The poster's protocol: Adam, seeded shuffled batches, and per epoch the train loss, the
 * validation loss and every metric; weights with the best validation loss are kept;
 * ReduceLROnPlateau and EarlyStopping as Keras does them. A NaN/Inf guard stops a run that
 * diverges and keeps everything before it. With a run folder, every completed epoch is saved
 * (atomically), so a run killed at any moment resumes from its last epoch and ends with the
 * same weights as a run that was never interrupted (same seed, same thread count). */
#pragma once

#include <gio/gio.h>

#include "lb-augment.h"
#include "nn-distance.h"
#include "nn-losses.h"
#include "nn-metrics.h"
#include "nn-unet.h"

G_BEGIN_DECLS

typedef struct
{
  NnUNetConfig net;        /* size, base width, depth, batch */
  NnLossConfig loss;
  int epochs;
  double learning_rate;
  guint64 seed;            /* initial weights and batch order */

  /* ReduceLROnPlateau on the validation loss (Keras semantics). */
  double plateau_factor;   /* 0.5; 1 turns it off */
  int plateau_patience;    /* 3 epochs */
  double plateau_min_delta;/* 1e-4 */
  int plateau_cooldown;    /* 2 epochs */
  double min_learning_rate;/* 1e-6 */
  int early_stop_patience; /* 15 epochs; 0 turns it off */

  int threads;             /* 0: every core */
  int n_previews;          /* validation images predicted after each epoch, for overlays */
  /* Training batches drawn through lb-augment when enabled (off by default, as the poster
   * trained): the same for every loss of a seed (lb-train-batch.h). */
  LbAugmentOptions augment;
} LbTrainConfig;

/* The most epochs a run may have (config.json and the options say so too). */
#define LB_TRAIN_MAX_EPOCHS 100000

/* The poster's protocol (256², width 32, depth 4, batch 16, 50 epochs, Adam 2e-4, its
 * callbacks, Dice-BCE), every core, 4 previews. */
void lb_train_config_init (LbTrainConfig *config);

typedef enum
{
  LB_TRAIN_PRESET_POSTER,  /* 256², width 32, 50 epochs */
  LB_TRAIN_PRESET_QUICK,   /* 128², width 16, 20 epochs */
  LB_TRAIN_PRESET_TINY,    /* 64², width 8, 5 epochs */
} LbTrainPreset;

/* Sets size, width, depth 4, batch 16, epochs and Adam 2e-4; leaves the rest. */
void lb_train_config_apply_preset (LbTrainConfig *config, LbTrainPreset preset);
const char *lb_train_preset_to_string (LbTrainPreset preset);  /* "poster", "quick", "tiny" */
/* The preset's network (size, base width, depth, batch) and epochs: the one table of them. */
void lb_train_preset_get (LbTrainPreset preset, NnUNetConfig *net, int *epochs);
gboolean lb_train_preset_from_string (const char *name, LbTrainPreset *preset);

/* The memory a whole run of NET needs: the network with Adam's moments (nn_unet_memory_bytes),
 * the kept best weights, the trainer's batch buffers, and N_IMAGES images and masks at the
 * training size as the experiment holds them (a float image, a float mask and a byte mask per
 * pixel). 0 when NET cannot be built. */
guint64 lb_train_memory_bytes (const NnUNetConfig *net, guint n_images);

/* What the trainer reads: N×S×S images and masks, and which indices train and validate. */
typedef struct
{
  const float *images;
  const float *masks;
  const guint *train;
  guint n_train;
  const guint *val;
  guint n_val;
  /* One effective pixel spacing in mm per image (lb-metric.h), or NULL: without it the
   * validation HD95 is measured in pixels only. */
  const NnSpacing *spacings;
} LbTrainData;

typedef struct
{
  int epoch;               /* 1-based */
  double train_loss;       /* mean over the epoch's batches */
  double val_loss;
  NnMetrics train;         /* on the training batches as they were seen (as Keras reports) */
  NnMetrics val;           /* mean over validation images */
  double learning_rate;    /* used during this epoch */
  double seconds;
  gboolean best;           /* the best validation loss so far */
  gboolean collapsed;      /* one class predicted on almost every validation pixel
                            * (lb_is_collapsed) */
  /* Boundary metrics on the validation images, at p > 0.5 (lb-metric.h): the mean HD95, a
   * missed image (exactly one of prediction and truth empty) counting as the image diagonal;
   * NaN in a history written before they were measured, and in mm without a pixel spacing. */
  double val_hd95;
  double val_hd95_mm;
  int val_missed;          /* validation images missed; −1 when not measured */
} LbEpochRecord;

typedef enum
{
  LB_TRAINER_IDLE,
  LB_TRAINER_RUNNING,
  LB_TRAINER_PAUSED,
  LB_TRAINER_FINISHED,     /* all epochs, or stopped early by EarlyStopping */
  LB_TRAINER_CANCELLED,
  LB_TRAINER_FAILED,       /* diverged (NaN/Inf) or could not save */
} LbTrainerState;

/* A copy of the trainer's progress, safe to read on any thread. A full snapshot holds every
 * batch and epoch so far; one taken with lb_trainer_get_progress_since() holds only what came
 * after what the reader already has, so its cost does not grow with the length of the run. */
typedef struct
{
  LbTrainerState state;
  int epoch;               /* the epoch in progress (1-based), or the last one */
  int batch;               /* batches done in that epoch */
  int n_batches;           /* per epoch */
  int epochs;
  double learning_rate;
  double eta_seconds;      /* NaN until one epoch is done */
  guint first_batch;       /* index of batch_losses[0] among all the run's batches */
  GArray *batch_losses;    /* double, the training batches from first_batch on */
  guint first_epoch;       /* index of epochs_done[0] among all the run's epochs */
  GArray *epochs_done;     /* LbEpochRecord, the epochs from first_epoch on */
  guint n_batches_total;   /* first_batch + batch_losses->len */
  guint n_epochs_total;    /* first_epoch + epochs_done->len */
  int best_epoch;          /* 0 before the first epoch */
  /* n_previews × S × S: the probability of lung of the images shown, after the last epoch or
   * since they were chosen (lb_trainer_choose_previews); NULL before the first epoch. Every
   * snapshot holds them, a few images' worth. PREVIEW_SERIAL changes whenever they do. */
  int n_previews;
  int size;
  guint preview_serial;
  guint *preview_indices;        /* into the data's images */
  guint8 *preview_truth;         /* n_previews × S × S, the true masks as 0/1 */
  float *previews;
  float *preview_logits;         /* n_previews × S × S: their logits, from which PREVIEWS are
                                  * σ (z); what the maps of where each loss pushes start from */
  double *preview_iou;           /* n_previews, with the previews: IoU at p > 0.5 */
  double *preview_lung;          /* n_previews, with the previews: fraction predicted lung */
  char *message;           /* why it failed, or a warning such as a collapse */
} LbTrainerSnapshot;

void lb_trainer_snapshot_free (LbTrainerSnapshot *snapshot);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LbTrainerSnapshot, lb_trainer_snapshot_free)

#define LB_TYPE_TRAINER (lb_trainer_get_type ())
G_DECLARE_FINAL_TYPE (LbTrainer, lb_trainer, LB, TRAINER, GObject)

/* DATA's arrays must outlive the trainer. RUN_DIR may be NULL (nothing saved); otherwise it
 * receives history.csv, checkpoint.safetensors (each epoch) and weights.safetensors (the best
 * weights, at the end), and a run found there is resumed. Fails on a configuration the
 * network refuses or that needs more memory than the machine has. */
LbTrainer *lb_trainer_new (const LbTrainConfig *config,
                           const LbTrainData *data,
                           const char *run_dir,
                           GError **error);

/* lb_trainer_new() on a worker thread: initialising and hashing the weights of a large network
 * takes a moment that a window must not wait for. */
void       lb_trainer_new_async  (const LbTrainConfig  *config,
                                  const LbTrainData    *data,
                                  const char           *run_dir,
                                  GCancellable         *cancellable,
                                  GAsyncReadyCallback   callback,
                                  gpointer              user_data);
LbTrainer *lb_trainer_new_finish (GAsyncResult         *result,
                                  GError              **error);

/* Trains in the calling thread until done, cancelled or failed. The "progress" signal is
 * emitted in this thread after every batch. FALSE with LB_ERROR_CANCELLED or
 * LB_ERROR_DIVERGED (…) when it did not finish; what was saved stays. */
gboolean lb_trainer_run (LbTrainer *self, GCancellable *cancellable, GError **error);

/* Trains on a worker thread. "progress" is emitted in the caller's thread-default main
 * context, coalesced: at most one emission is pending, so a slow handler never slows the
 * worker. */
void lb_trainer_run_async (LbTrainer *self,
                           GCancellable *cancellable,
                           GAsyncReadyCallback callback,
                           gpointer user_data);
gboolean lb_trainer_run_finish (LbTrainer *self, GAsyncResult *result, GError **error);

/* Shows the validation images INDICES (N_PREVIEWS of them, indices into the data) from
 * now on: the training thread predicts them between two batches, or at once while paused,
 * without changing what the run learns. Ignored once the run has ended. */
void lb_trainer_choose_previews (LbTrainer *self, const guint *indices, int n_previews);
/* The validation images of the run (indices into the data), N_VAL of them. */
const guint *lb_trainer_get_validation (LbTrainer *self, guint *n_val);

/* Pause and resume act between two batches; cancel through the GCancellable. */
void lb_trainer_pause (LbTrainer *self);
void lb_trainer_resume (LbTrainer *self);

LbTrainerSnapshot *lb_trainer_get_snapshot (LbTrainer *self);
/* Progress after the first BATCHES_KNOWN batches and EPOCHS_KNOWN epochs, which the reader
 * already holds (counts larger than the run's are taken as the run's). */
LbTrainerSnapshot *lb_trainer_get_progress_since (LbTrainer *self,
                                                  guint      batches_known,
                                                  guint      epochs_known);
/* The network: after the run it holds the best weights (by validation loss). */
NnUNet *lb_trainer_get_network (LbTrainer *self);
/* What the run trains: the configuration it was made with, the previews limited to what the
 * validation set and the batch hold. */
const LbTrainConfig *lb_trainer_get_config (LbTrainer *self);
/* The epoch a resumed run continued after (0 for a fresh run). */
int lb_trainer_get_resumed_epoch (LbTrainer *self);
/* A hash (hex SHA-256) of the initial weights: equal across the losses of a paired run. */
const char *lb_trainer_get_initial_weights_hash (LbTrainer *self);

G_END_DECLS
