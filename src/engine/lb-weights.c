/* lb-weights.c — a U-Net's weights as a safetensors file that PyTorch loads directly.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "lb-weights.h"

#include "lb-error.h"
#include "lb-safetensors.h"

/* PyTorch's shape of a tensor: a 1×1 convolution keeps its two trailing unit dimensions. */
static int
torch_shape (const NnTensorInfo *info, gint64 shape[LB_SAFETENSORS_MAX_DIMS])
{
  for (int d = 0; d < info->ndim; d++)
    shape[d] = info->torch_shape[d];
  if (info->kind != NN_TENSOR_CONV1X1_WEIGHT || info->ndim != 2)
    return info->ndim;
  shape[2] = shape[3] = 1;
  return 4;
}

gboolean
lb_weights_save (NnUNet *net,
                 const float *params,
                 GHashTable *metadata,
                 const char *path,
                 GError **error)
{
  int n = nn_unet_tensor_count (net);
  g_autofree LbTensorView *views = g_new0 (LbTensorView, n);
  g_autofree float *torch = g_try_new (float, nn_unet_count (net));
  if (torch == NULL)
    {
      g_autofree char *display = g_filename_display_name (path);
      g_set_error (error, LB_ERROR, LB_ERROR_TOO_LARGE,
                   "There is not enough memory to write “%s” now: close other programs and "
                   "resume.", display);
      return FALSE;
    }
  for (int i = 0; i < n; i++)
    {
      const NnTensorInfo *info = nn_unet_tensor (net, i);
      nn_tensor_to_torch (info, params + info->offset, torch + info->offset);
      views[i].name = info->name;
      views[i].n_dims = torch_shape (info, views[i].shape);
      views[i].data = torch + info->offset;
    }

  const NnUNetConfig *config = nn_unet_get_config (net);
  g_autoptr (GHashTable) meta = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_hash_table_insert (meta, g_strdup ("format"), g_strdup ("pt"));
  g_hash_table_insert (meta, g_strdup ("size"), g_strdup_printf ("%d", config->size));
  g_hash_table_insert (meta, g_strdup ("base_width"), g_strdup_printf ("%d", config->base_width));
  g_hash_table_insert (meta, g_strdup ("depth"), g_strdup_printf ("%d", config->depth));
  if (metadata != NULL)
    {
      GHashTableIter iter;
      gpointer key, value;
      g_hash_table_iter_init (&iter, metadata);
      while (g_hash_table_iter_next (&iter, &key, &value))
        g_hash_table_insert (meta, g_strdup (key), g_strdup (value));
    }
  return lb_safetensors_save (path, views, n, meta, error);
}

static gboolean
meta_int (LbSafetensors *file, const char *key, int *value)
{
  const char *text = lb_safetensors_get_metadata (file, key);
  gint64 v = 0;
  if (text == NULL || !g_ascii_string_to_signed (text, 10, 1, 1 << 20, &v, NULL))
    return FALSE;
  *value = v;
  return TRUE;
}

NnUNet *
lb_weights_load (const char *path, int batch, GError **error)
{
  g_autoptr (LbSafetensors) file = lb_safetensors_load (path, error);
  if (file == NULL)
    return NULL;
  NnUNetConfig config = { .batch = batch };
  if (!meta_int (file, "size", &config.size) || !meta_int (file, "base_width", &config.base_width)
      || !meta_int (file, "depth", &config.depth) || nn_unet_config_check (&config) != NULL)
    {
      g_set_error (error, LB_ERROR, LB_ERROR_CORRUPT,
                   "“%s” does not say which network it holds (its size, base_width and depth "
                   "are missing or wrong). Use a weights file that Lossbench wrote.", path);
      return NULL;
    }
  NnUNet *net = nn_unet_new (&config);
  if (net == NULL)
    {
      g_set_error (error, LB_ERROR, LB_ERROR_TOO_LARGE,
                   "There is not enough memory for the network of “%s”.", path);
      return NULL;
    }
  for (int i = 0; i < nn_unet_tensor_count (net); i++)
    {
      const NnTensorInfo *info = nn_unet_tensor (net, i);
      gint64 want[LB_SAFETENSORS_MAX_DIMS];
      int ndim = torch_shape (info, want);
      LbTensorView view;
      gboolean ok = lb_safetensors_lookup (file, info->name, &view) && view.n_dims == ndim;
      for (int d = 0; ok && d < ndim; d++)
        ok = view.shape[d] == want[d];
      if (!ok)
        {
          g_set_error (error, LB_ERROR, LB_ERROR_CORRUPT,
                       "“%s” has no tensor “%s” of the shape this network needs.", path,
                       info->name);
          nn_unet_free (net);
          return NULL;
        }
      nn_tensor_from_torch (info, view.data, nn_unet_params (net) + info->offset);
    }
  return net;
}
