/* fuzz-safetensors.c — the safetensors reader, which reads weights and checkpoints: its header
 * length, JSON header, dtypes, shapes and offsets all come from the file.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "fuzz-input.h"
#include "lb-safetensors.h"

/* The names Lossbench's own files hold, and one that no file holds. */
static const char *const names[] = { "params", "best", "adam.m", "adam.v", "batch_losses",
                                     "enc0.conv1.weight", "head.bias", "nothing", NULL };

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autofree char *path = lb_fuzz_write_input ("input.safetensors", data, size);
  g_autoptr (GError) error = NULL;
  g_autoptr (LbSafetensors) file = lb_safetensors_load (path, &error);

  g_assert ((file != NULL) != (error != NULL));
  if (file == NULL)
    return 0;
  for (const char *const *name = names; *name != NULL; name++)
    {
      LbTensorView view;
      gint64 count = 1;
      volatile float sum = 0.f;

      if (!lb_safetensors_lookup (file, *name, &view))
        continue;
      g_assert (view.n_dims >= 0 && view.n_dims <= LB_SAFETENSORS_MAX_DIMS);
      for (int d = 0; d < view.n_dims; d++)
        count *= view.shape[d];
      /* Every element a view promises can be read. */
      for (gint64 i = 0; i < count; i++)
        sum += view.data[i];
    }
  lb_safetensors_get_metadata (file, "fingerprint");
  lb_safetensors_get_metadata (file, "epoch");
  return 0;
}
