/* lb-safetensors.c — weights in the safetensors format, readable from Python.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "lb-safetensors.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "lb-error.h"
#include "lb-file.h"

/* A header larger than this is not a weights file of ours, whatever it claims. */
#define MAX_HEADER_BYTES (64 * 1024 * 1024)

G_STATIC_ASSERT (G_BYTE_ORDER == G_LITTLE_ENDIAN);  /* the format stores little-endian data */

static gint64
element_count (const LbTensorView *t)
{
  gint64 count = 1;
  for (int d = 0; d < t->n_dims; d++)
    count *= t->shape[d];
  return count;
}

gboolean
lb_safetensors_save (const char *path,
                     const LbTensorView *tensors,
                     int n_tensors,
                     GHashTable *metadata,
                     GError **error)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  json_builder_begin_object (builder);
  if (metadata != NULL && g_hash_table_size (metadata) > 0)
    {
      json_builder_set_member_name (builder, "__metadata__");
      json_builder_begin_object (builder);
      GHashTableIter iter;
      gpointer key, value;
      g_hash_table_iter_init (&iter, metadata);
      while (g_hash_table_iter_next (&iter, &key, &value))
        {
          json_builder_set_member_name (builder, key);
          json_builder_add_string_value (builder, value);
        }
      json_builder_end_object (builder);
    }

  gint64 offset = 0;
  for (int i = 0; i < n_tensors; i++)
    {
      gint64 bytes = element_count (&tensors[i]) * (gint64) sizeof (float);
      json_builder_set_member_name (builder, tensors[i].name);
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "dtype");
      json_builder_add_string_value (builder, "F32");
      json_builder_set_member_name (builder, "shape");
      json_builder_begin_array (builder);
      for (int d = 0; d < tensors[i].n_dims; d++)
        json_builder_add_int_value (builder, tensors[i].shape[d]);
      json_builder_end_array (builder);
      json_builder_set_member_name (builder, "data_offsets");
      json_builder_begin_array (builder);
      json_builder_add_int_value (builder, offset);
      json_builder_add_int_value (builder, offset + bytes);
      json_builder_end_array (builder);
      json_builder_end_object (builder);
      offset += bytes;
    }
  json_builder_end_object (builder);

  g_autoptr (JsonGenerator) generator = json_generator_new ();
  g_autoptr (JsonNode) root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  g_autoptr (GString) header = g_string_new (NULL);
  json_generator_to_gstring (generator, header);
  /* Pad with spaces so the data starts 8-byte aligned, as the format recommends. */
  while ((header->len + 8) % 8 != 0)
    g_string_append_c (header, ' ');

  /* Written from the tensors where they are: a checkpoint is never held twice in memory. */
  guint64 header_length = GUINT64_TO_LE (header->len);
  g_autofree const void **pieces = g_new (const void *, n_tensors + 2);
  g_autofree gsize *lengths = g_new (gsize, n_tensors + 2);
  pieces[0] = &header_length;
  lengths[0] = 8;
  pieces[1] = header->str;
  lengths[1] = header->len;
  for (int i = 0; i < n_tensors; i++)
    {
      pieces[i + 2] = tensors[i].data;
      lengths[i + 2] = (gsize) element_count (&tensors[i]) * sizeof (float);
    }
  return lb_file_write_atomic_pieces (path, pieces, lengths, (guint) n_tensors + 2, error);
}

struct _LbSafetensors
{
  GMappedFile *mapped;
  const guint8 *data;  /* where the tensor bytes start: in MAPPED, or in ALIGNED */
  guint8 *aligned;     /* a copy of them, when they do not start on a float's alignment */
  GHashTable *tensors; /* name → LbTensorView* */
  GHashTable *metadata;
};

void
lb_safetensors_free (LbSafetensors *file)
{
  if (file == NULL)
    return;
  g_clear_pointer (&file->tensors, g_hash_table_unref);
  g_clear_pointer (&file->metadata, g_hash_table_unref);
  g_clear_pointer (&file->mapped, g_mapped_file_unref);
  g_free (file->aligned);
  g_free (file);
}

static void
tensor_view_free (gpointer data)
{
  LbTensorView *view = data;
  g_free ((char *) view->name);
  g_free (view);
}

static gboolean
corrupt (GError **error, const char *display, const char *what)
{
  g_set_error (error, LB_ERROR, LB_ERROR_CORRUPT,
               "“%s” is not a usable weights file: %s. Train the run again or restore the file.",
               display, what);
  return FALSE;
}

/* json-glib warns on a member of the wrong type; a file from elsewhere may have any. */
static JsonArray *
array_member (JsonObject *object, const char *name)
{
  JsonNode *node = json_object_get_member (object, name);
  return node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

static gboolean
int_element (JsonArray *array, guint index, gint64 *value)
{
  JsonNode *node = json_array_get_element (array, index);
  if (node == NULL || json_node_get_value_type (node) != G_TYPE_INT64)
    return FALSE;
  *value = json_node_get_int (node);
  return TRUE;
}

static gboolean
read_entry (LbSafetensors *file,
            const char *name,
            JsonNode *node,
            gsize data_size,
            const char *display,
            GError **error)
{
  if (!JSON_NODE_HOLDS_OBJECT (node))
    return corrupt (error, display, "an entry of its header is not an object");
  JsonObject *entry = json_node_get_object (node);
  if (g_strcmp0 (json_object_get_string_member_with_default (entry, "dtype", ""), "F32") != 0)
    return corrupt (error, display, "a tensor is not float32");
  JsonArray *shape = array_member (entry, "shape");
  JsonArray *offsets = array_member (entry, "data_offsets");
  if (shape == NULL || offsets == NULL || json_array_get_length (offsets) != 2
      || json_array_get_length (shape) > LB_SAFETENSORS_MAX_DIMS)
    return corrupt (error, display, "a tensor has no valid shape or byte range");

  g_autofree LbTensorView *view = g_new0 (LbTensorView, 1);
  view->n_dims = json_array_get_length (shape);
  gint64 count = 1;
  for (int d = 0; d < view->n_dims; d++)
    {
      if (!int_element (shape, d, &view->shape[d]) || view->shape[d] < 0
          || view->shape[d] > G_MAXINT32)
        return corrupt (error, display, "a tensor has a dimension that is not a valid size");
      /* A shape that holds more floats than the file is wrong, and must not overflow. */
      if (view->shape[d] > 0 && count > (gint64) (data_size / 4) / view->shape[d])
        return corrupt (error, display, "a tensor's shape holds more values than the file");
      count *= view->shape[d];
    }
  gint64 begin = 0, end = 0;
  if (!int_element (offsets, 0, &begin) || !int_element (offsets, 1, &end) || begin < 0
      || end < begin || (guint64) end > data_size || end - begin != count * 4 || begin % 4 != 0)
    return corrupt (error, display, "a tensor's bytes lie outside the file (truncated?)");

  view->data = (const float *) (file->data + begin);
  view->name = g_strdup (name);
  LbTensorView *owned = g_steal_pointer (&view);
  g_hash_table_insert (file->tensors, (char *) owned->name, owned);
  return TRUE;
}

LbSafetensors *
lb_safetensors_load (const char *path, GError **error)
{
  g_autofree char *display = g_filename_display_name (path);
  g_autoptr (GError) local = NULL;
  g_autoptr (GMappedFile) mapped = g_mapped_file_new (path, FALSE, &local);
  if (mapped == NULL)
    {
      g_set_error (error, LB_ERROR,
                   g_error_matches (local, G_FILE_ERROR, G_FILE_ERROR_NOENT) ? LB_ERROR_NOT_FOUND
                                                                              : LB_ERROR_FAILED,
                   "“%s” could not be read: %s", display, local->message);
      return NULL;
    }

  gsize size = g_mapped_file_get_length (mapped);
  const guint8 *bytes = (const guint8 *) g_mapped_file_get_contents (mapped);
  guint64 header_length = 0;
  if (size < 8)
    return corrupt (error, display, "it is shorter than its 8-byte header length"), NULL;
  memcpy (&header_length, bytes, 8);
  header_length = GUINT64_FROM_LE (header_length);
  if (header_length > MAX_HEADER_BYTES || header_length > size - 8)
    return corrupt (error, display, "its header length is larger than the file"), NULL;

  g_autoptr (JsonParser) parser = json_parser_new ();
  if (!json_parser_load_from_data (parser, (const char *) bytes + 8, header_length, NULL))
    return corrupt (error, display, "its header is not valid JSON"), NULL;
  JsonNode *root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return corrupt (error, display, "its header is not a JSON object"), NULL;

  g_autoptr (LbSafetensors) file = g_new0 (LbSafetensors, 1);
  file->mapped = g_steal_pointer (&mapped);
  file->data = bytes + 8 + header_length;
  gsize data_size = size - 8 - header_length;
  /* The format allows a header of any length; Lossbench pads its own to 8 bytes, as the
   * format recommends. Tensor bytes off a float's alignment are read from an aligned copy. */
  if ((guintptr) file->data % G_ALIGNOF (float) != 0)
    file->data = file->aligned = g_memdup2 (file->data, data_size);
  file->tensors = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, tensor_view_free);
  file->metadata = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  JsonObject *object = json_node_get_object (root);
  g_autoptr (GList) members = json_object_get_members (object);
  for (GList *m = members; m; m = m->next)
    {
      const char *name = m->data;
      JsonNode *node = json_object_get_member (object, name);
      if (strcmp (name, "__metadata__") == 0)
        {
          if (!JSON_NODE_HOLDS_OBJECT (node))
            return corrupt (error, display, "its metadata is not an object"), NULL;
          JsonObject *meta = json_node_get_object (node);
          g_autoptr (GList) keys = json_object_get_members (meta);
          for (GList *k = keys; k; k = k->next)
            {
              const char *value = json_object_get_string_member_with_default (meta, k->data, NULL);
              if (value != NULL)
                g_hash_table_insert (file->metadata, g_strdup (k->data), g_strdup (value));
            }
          continue;
        }
      if (!read_entry (file, name, node, data_size, display, error))
        return NULL;
    }
  return g_steal_pointer (&file);
}

int
lb_safetensors_get_n_tensors (LbSafetensors *file)
{
  return g_hash_table_size (file->tensors);
}

gboolean
lb_safetensors_lookup (LbSafetensors *file, const char *name, LbTensorView *view)
{
  LbTensorView *found = g_hash_table_lookup (file->tensors, name);
  if (found == NULL)
    return FALSE;
  *view = *found;
  return TRUE;
}

const char *
lb_safetensors_get_metadata (LbSafetensors *file, const char *key)
{
  return g_hash_table_lookup (file->metadata, key);
}
