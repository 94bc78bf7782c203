/* lb-weights.h — a U-Net's weights as a safetensors file that PyTorch loads directly.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Tensors carry the names of nn-unet.h (down1.conv1.weight … head.bias) in PyTorch's layout
 * and shapes (a 1×1 head is [1][CI][1][1]), so bench/torch_unet.py's UNet takes the file with
 * load_state_dict. The metadata says which network it is: size, base_width, depth. */
#pragma once

#include <glib.h>

#include "nn-unet.h"

G_BEGIN_DECLS

/* Writes PARAMS (nn_unet_count (NET) floats in NET's layout, e.g. its best weights) with
 * METADATA (string → string, may be NULL) added to the network's own. Atomic. */
gboolean lb_weights_save (NnUNet *net,
                          const float *params,
                          GHashTable *metadata,
                          const char *path,
                          GError **error);

/* A network of BATCH images built from the file's metadata, with its weights. */
NnUNet *lb_weights_load (const char *path, int batch, GError **error);

G_END_DECLS
