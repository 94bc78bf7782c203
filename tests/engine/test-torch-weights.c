/* test-torch-weights.c — a trained run's weights.safetensors loads into the PyTorch U-Net of
 * bench/torch_unet.py and gives the same logits (skipped without python3-torch).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <glib/gstdio.h>

#include "lb-dataset.h"
#include "lb-test-util.h"
#include "lb-trainer.h"
#include "lb-weights.h"

static void
check_with_torch (const char *dir, NnUNet *net, const char *weights, const float *images)
{
  gsize floats = 4 * 32 * 32;
  g_autofree float *logits = g_new (float, floats);
  nn_unet_forward (net, images, 4, logits);
  g_autofree char *input_path = g_build_filename (dir, "input.f32", NULL);
  g_autofree char *logits_path = g_build_filename (dir, "logits.f32", NULL);
  g_assert_true (g_file_set_contents (input_path, (const char *) images, floats * sizeof (float),
                                      NULL));
  g_assert_true (g_file_set_contents (logits_path, (const char *) logits, floats * sizeof (float),
                                      NULL));

  g_autofree char *script = g_build_filename (g_getenv ("LB_SOURCE_DIR"), "tests", "engine",
                                              "torch-weights.py", NULL);
  const char *argv[] = { "/usr/bin/python3", script, weights, input_path, logits_path, "4", "32",
                         NULL };
  g_autofree char *out = NULL, *err = NULL;
  int status = 0;
  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, &status,
                     NULL))
    g_test_skip ("/usr/bin/python3 is not there");
  else if (WIFEXITED (status) && WEXITSTATUS (status) == 77)
    g_test_skip ("python3-torch is not installed; the PyTorch round trip was not checked");
  else
    {
      g_test_message ("%s: %s%s", weights, out, err);
      g_assert_true (g_spawn_check_wait_status (status, NULL));
    }
}

static void
test_round_trip (void)
{
  g_autofree char *dir = lb_test_make_tmp_dir ();
  g_autoptr (LbDataset) demo = lb_dataset_new_demo (20, 32, 5, LB_NORMALIZATION_POSTER, NULL);
  guint train[16], val[4];
  for (guint i = 0; i < 16; i++)
    train[i] = i;
  for (guint i = 0; i < 4; i++)
    val[i] = 16 + i;
  LbTrainData data = { lb_dataset_get_images (demo), lb_dataset_get_masks (demo), train, 16, val,
                       4 };
  LbTrainConfig config;
  lb_train_config_init (&config);
  config.net = (NnUNetConfig) { .size = 32, .base_width = 4, .depth = 2, .batch = 4 };
  config.epochs = 2;
  config.learning_rate = 3e-3;
  config.threads = 2;
  g_autoptr (GError) error = NULL;
  g_autoptr (LbTrainer) trainer = lb_trainer_new (&config, &data, dir, &error);
  g_assert_no_error (error);
  g_assert_true (lb_trainer_run (trainer, NULL, &error));

  /* The network now holds the best weights, the ones weights.safetensors has. Check those,
   * and freshly initialised weights, whose activations are all alive. */
  g_autofree char *trained = g_build_filename (dir, "weights.safetensors", NULL);
  check_with_torch (dir, lb_trainer_get_network (trainer), trained, data.images);

  NnUNet *fresh = lb_trainer_get_network (trainer);
  nn_unet_init (fresh, 99);
  g_autofree char *initial = g_build_filename (dir, "initial.safetensors", NULL);
  g_assert_true (lb_weights_save (fresh, nn_unet_params (fresh), NULL, initial, &error));
  check_with_torch (dir, fresh, initial, data.images);
  lb_test_remove_tree (dir);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_autofree char *cache = lb_test_isolate_cache ();
  g_test_add_func ("/torch-weights/round-trip", test_round_trip);
  int status = g_test_run ();
  lb_test_remove_tree (cache);
  return status;
}
