/* lb-safetensors.h — weights in the safetensors format, readable from Python.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The format: an 8-byte little-endian header length N, N bytes of JSON naming each tensor's
 * dtype, shape and byte range, then the raw data. Lossbench writes and reads float32 only. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define LB_SAFETENSORS_MAX_DIMS 4

typedef struct
{
  const char *name;
  int n_dims;
  gint64 shape[LB_SAFETENSORS_MAX_DIMS];
  const float *data;  /* shape[0] × … × shape[n_dims − 1] floats, row-major */
} LbTensorView;

/* Writes N_TENSORS tensors and optional METADATA (string → string) to PATH atomically. */
gboolean lb_safetensors_save (const char *path,
                              const LbTensorView *tensors,
                              int n_tensors,
                              GHashTable *metadata,
                              GError **error);

typedef struct _LbSafetensors LbSafetensors;

/* Maps PATH and checks every entry; errors are LB_ERROR_CORRUPT with what is wrong. */
LbSafetensors *lb_safetensors_load (const char *path, GError **error);
void lb_safetensors_free (LbSafetensors *file);

int lb_safetensors_get_n_tensors (LbSafetensors *file);
/* TRUE and fills VIEW (valid while FILE lives) when NAME is there. */
gboolean lb_safetensors_lookup (LbSafetensors *file, const char *name, LbTensorView *view);
const char *lb_safetensors_get_metadata (LbSafetensors *file, const char *key);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LbSafetensors, lb_safetensors_free)

G_END_DECLS
