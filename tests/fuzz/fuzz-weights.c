/* fuzz-weights.c — a weights file as `predict`, `inspect` and the window open it: a
 * safetensors file whose metadata says which U-Net it holds, and whose tensors must fit it.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "fuzz-input.h"
#include "lb-weights.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autofree char *path = lb_fuzz_write_input ("weights.safetensors", data, size);
  g_autoptr (GError) error = NULL;
  NnUNet *net = lb_weights_load (path, 1, &error);

  g_assert ((net != NULL) != (error != NULL));
  if (net != NULL)
    nn_unet_free (net);
  return 0;
}
