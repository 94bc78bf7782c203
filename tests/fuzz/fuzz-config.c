/* fuzz-config.c — an experiment's config.json, which may come from another version or another
 * hand: every value is checked as it is read.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "fuzz-input.h"
#include "lb-experiment-config.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autofree char *path = lb_fuzz_write_input ("config.json", data, size);
  g_autoptr (GError) error = NULL;
  LbExperimentConfig config;
  gboolean loaded;

  loaded = lb_experiment_config_load (&config, path, &error);
  g_assert (loaded != (error != NULL));
  if (loaded)
    {
      /* A loaded configuration can be described and checked like one made here. */
      g_autofree char *problem = lb_experiment_config_check (&config);
      g_autofree char *size_text = lb_experiment_config_describe_size (&config);

      g_autofree char *again = g_build_filename (lb_fuzz_scratch_dir (), "again.json", NULL);
      LbExperimentConfig reread;

      for (guint l = 0; l < config.n_losses; l++)
        g_free (lb_experiment_config_dup_loss_label (&config, l));
      /* What loads, saved again, loads again. */
      g_assert (lb_experiment_config_save (&config, again, NULL));
      g_assert (lb_experiment_config_load (&reread, again, NULL));
      g_assert (reread.n_losses == config.n_losses && reread.n_seeds == config.n_seeds);
      lb_experiment_config_clear (&reread);
    }
  lb_experiment_config_clear (&config);
  return 0;
}
