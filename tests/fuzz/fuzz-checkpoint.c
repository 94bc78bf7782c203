/* fuzz-checkpoint.c — resuming a run from its checkpoint: the checkpoint's metadata (epoch,
 * Adam's step, the callbacks' state, the fingerprint of the settings) and tensors are read back
 * beside the run's history, as `resume` does after a kill.
 *
 * Once per process a small run is trained for two epochs; its history stays beside every input,
 * which takes the checkpoint's place. With LB_FUZZ_WRITE_SEED=PATH, that run's own checkpoint
 * is copied to PATH (tests/fuzz/make-corpus.sh makes the seed so).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <stdlib.h>

#include "fuzz-input.h"
#include "lb-dataset.h"
#include "lb-history.h"
#include "lb-trainer.h"

static LbTrainConfig config;
static LbTrainData data;
static char *run_dir;
static char *history;   /* the trained run's history.csv */
static gsize history_length;

static void
train_seed_run (void)
{
  static guint train[12], val[4];
  g_autoptr (GError) error = NULL;
  LbDataset *dataset = lb_dataset_new_demo (16, 16, 3, LB_NORMALIZATION_POSTER, &error);
  g_autofree char *seed_dir = g_build_filename (lb_fuzz_scratch_dir (), "seed", NULL);
  g_autofree char *seed_history = g_build_filename (seed_dir, "history.csv", NULL);
  g_autofree char *seed_checkpoint = g_build_filename (seed_dir, "checkpoint.safetensors",
                                                       NULL);
  const char *write_seed = g_getenv ("LB_FUZZ_WRITE_SEED");

  g_assert (dataset != NULL);
  for (guint i = 0; i < 12; i++)
    train[i] = i;
  for (guint i = 0; i < 4; i++)
    val[i] = 12 + i;
  /* The dataset lives as long as the process: DATA points into it. */
  data = (LbTrainData) { lb_dataset_get_images (dataset), lb_dataset_get_masks (dataset), train,
                         12, val, 4 };
  lb_train_config_init (&config);
  config.net = (NnUNetConfig) { .size = 16, .base_width = 1, .depth = 2, .batch = 4 };
  config.epochs = 2;
  config.seed = 5;
  config.threads = 1;
  config.n_previews = 0;

  LbTrainer *trainer = lb_trainer_new (&config, &data, seed_dir, &error);
  g_assert (trainer != NULL && lb_trainer_run (trainer, NULL, &error));
  g_object_unref (trainer);
  g_assert (g_file_get_contents (seed_history, &history, &history_length, NULL));
  if (write_seed != NULL)
    {
      g_autofree char *bytes = NULL;
      gsize length = 0;
      g_assert (g_file_get_contents (seed_checkpoint, &bytes, &length, NULL));
      g_assert (g_file_set_contents (write_seed, bytes, (gssize) length, NULL));
    }
  run_dir = g_build_filename (lb_fuzz_scratch_dir (), "run", NULL);
  g_mkdir_with_parents (run_dir, 0700);
}

int
LLVMFuzzerTestOneInput (const uint8_t *input, size_t size)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *checkpoint = NULL;
  g_autofree char *history_path = NULL;
  LbTrainer *trainer;

  if (run_dir == NULL)
    train_seed_run ();
  history_path = g_build_filename (run_dir, "history.csv", NULL);
  g_assert (g_file_set_contents (history_path, history, (gssize) history_length, NULL));
  checkpoint = g_build_filename (run_dir, "checkpoint.safetensors", NULL);
  g_assert (g_file_set_contents (checkpoint, (const char *) input, (gssize) size, NULL));

  trainer = lb_trainer_new (&config, &data, run_dir, &error);
  g_assert ((trainer != NULL) != (error != NULL));
  if (trainer != NULL)
    {
      /* What it resumed from is within the run. */
      g_assert (lb_trainer_get_resumed_epoch (trainer) >= 0
                && lb_trainer_get_resumed_epoch (trainer) <= LB_TRAIN_MAX_EPOCHS);
      g_object_unref (trainer);
    }
  return 0;
}
