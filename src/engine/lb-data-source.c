/* lb-data-source.c — the dataset the window works on, shared by its pages.
 * SPDX-License-Identifier: GPL-3.0-or-later */

#include "lb-data-source.h"

#include "lb-error.h"
#include "lb-system.h"

struct _LbDataSource
{
  GObject parent_instance;

  LbDataset *dataset;
  char **folders;            /* the dataset's; NULL for the demo set */
  gboolean busy;
  char **loading_folders;    /* the load's under way; NULL while the demo set is made */
  guint loaded;
  guint total;
  GCancellable *load_cancellable;  /* the load under way, or NULL */
};

G_DEFINE_FINAL_TYPE (LbDataSource, lb_data_source, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_DATASET,
  PROP_FOLDERS,
  PROP_BUSY,
  PROP_LOADING_FOLDERS,
  PROP_LOADED,
  PROP_TOTAL,
  N_PROPS
};

enum
{
  LOAD_FAILED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

LbDataSource *
lb_data_source_new (void)
{
  return g_object_new (LB_TYPE_DATA_SOURCE, NULL);
}

void
lb_data_source_apply_to_config (LbDataSource       *self,
                                LbExperimentConfig *config)
{
  g_return_if_fail (LB_IS_DATA_SOURCE (self));
  g_return_if_fail (config != NULL);

  g_clear_pointer (&config->folders, g_strfreev);
  if (lb_data_source_get_folders (self) != NULL)
    config->folders = g_strdupv ((char **) lb_data_source_get_folders (self));
  else
    {
      guint size;

      lb_demo_set_shape (&config->demo_count, &size);
      config->demo_seed = LB_DEMO_SEED;
    }
}

void
lb_demo_set_shape (guint *count,
                   guint *size)
{
  const char *spec = g_getenv ("LOSSBENCH_DEMO");
  guint c = 96;
  guint s = 256;

  if (spec != NULL)
    {
      char *end = NULL;
      guint64 a = g_ascii_strtoull (spec, &end, 10);

      if (end != NULL && *end == 'x')
        {
          guint64 b = g_ascii_strtoull (end + 1, NULL, 10);

          if (a >= 10 && a <= 2000 && b >= 16 && b <= 1024)
            {
              c = (guint) a;
              s = (guint) b;
            }
        }
    }
  *count = c;
  *size = s;
}

char *
lb_folders_display_name (const char *const *folders)
{
  g_autoptr (GStrvBuilder) names = g_strv_builder_new ();
  g_auto (GStrv) list = NULL;

  for (guint i = 0; folders[i] != NULL; i++)
    {
      g_autofree char *name = g_filename_display_basename (folders[i]);

      g_strv_builder_add (names, name);
    }
  list = g_strv_builder_end (names);
  return g_strjoinv (" + ", list);
}

LbDataset *
lb_data_source_get_dataset (LbDataSource *self)
{
  g_return_val_if_fail (LB_IS_DATA_SOURCE (self), NULL);

  return self->dataset;
}

const char *const *
lb_data_source_get_folders (LbDataSource *self)
{
  g_return_val_if_fail (LB_IS_DATA_SOURCE (self), NULL);

  return (const char *const *) self->folders;
}

gboolean
lb_data_source_get_busy (LbDataSource *self)
{
  g_return_val_if_fail (LB_IS_DATA_SOURCE (self), FALSE);

  return self->busy;
}

const char *const *
lb_data_source_get_loading_folders (LbDataSource *self)
{
  g_return_val_if_fail (LB_IS_DATA_SOURCE (self), NULL);

  return (const char *const *) self->loading_folders;
}

guint
lb_data_source_get_loaded (LbDataSource *self)
{
  g_return_val_if_fail (LB_IS_DATA_SOURCE (self), 0);

  return self->loaded;
}

guint
lb_data_source_get_total (LbDataSource *self)
{
  g_return_val_if_fail (LB_IS_DATA_SOURCE (self), 0);

  return self->total;
}

/* ---- loading ---- */

static void
lb_data_source_begin (LbDataSource       *self,
                      const char *const  *folders)
{
  gboolean was_busy = self->busy;

  g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  self->load_cancellable = g_cancellable_new ();
  g_strfreev (self->loading_folders);
  self->loading_folders = g_strdupv ((char **) folders);
  self->loaded = 0;
  self->total = 0;
  self->busy = TRUE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING_FOLDERS]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TOTAL]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADED]);
  if (!was_busy)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

/* The load ended: with @dataset from @folders, or without one (@error says why, unless it was
 * given up). */
static void
lb_data_source_end (LbDataSource       *self,
                    LbDataset          *dataset,
                    const char *const  *folders,
                    const GError       *error)
{
  g_autoptr (LbDataSource) keep = g_object_ref (self);
  g_auto (GStrv) tried = g_steal_pointer (&self->loading_folders);

  g_clear_object (&self->load_cancellable);
  self->busy = FALSE;
  if (dataset != NULL)
    {
      g_set_object (&self->dataset, dataset);
      g_strfreev (self->folders);
      self->folders = g_strdupv ((char **) folders);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING_FOLDERS]);
  if (dataset != NULL)
    {
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FOLDERS]);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DATASET]);
    }
  else if (error != NULL && !g_error_matches (error, LB_ERROR, LB_ERROR_CANCELLED))
    g_signal_emit (self, signals[LOAD_FAILED], 0, tried, error);
}

static void
new_demo_thread (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  guint *shape = task_data;

  lb_system_enter_worker_thread ();

  GError *error = NULL;
  LbDataset *demo = lb_dataset_new_demo (shape[0], shape[1], LB_DEMO_SEED,
                                         LB_NORMALIZATION_POSTER, &error);

  if (demo != NULL)
    g_task_return_pointer (task, demo, g_object_unref);
  else
    g_task_return_error (task, error);
}

/* The demo set at @size (0: its own size) on a worker thread. */
static void
lb_data_source_make_demo (LbDataSource        *self,
                          guint                size,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr (GTask) task = g_task_new (self, cancellable, callback, user_data);
  guint *shape = g_new (guint, 2);

  lb_demo_set_shape (&shape[0], &shape[1]);
  if (size > 0)
    shape[1] = size;
  g_task_set_source_tag (task, lb_data_source_make_demo);
  g_task_set_task_data (task, shape, g_free);
  g_task_run_in_thread (task, new_demo_thread);
}

static void
demo_ready (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  LbDataSource *self = LB_DATA_SOURCE (source);
  g_autoptr (GError) error = NULL;
  g_autoptr (LbDataset) dataset = g_task_propagate_pointer (G_TASK (result), &error);

  /* A load begun since, or given up, has taken over. */
  if (g_task_get_cancellable (G_TASK (result)) != self->load_cancellable)
    return;
  lb_data_source_end (self, dataset, NULL, error);
}

void
lb_data_source_open_demo (LbDataSource *self)
{
  g_return_if_fail (LB_IS_DATA_SOURCE (self));

  /* Generating the phantoms takes a moment at 256²: off the main thread, like a folder. */
  lb_data_source_begin (self, NULL);
  lb_data_source_make_demo (self, 0, self->load_cancellable, demo_ready, NULL);
}

typedef struct
{
  LbDataSource *self;
  char **folders;
  GCancellable *cancellable;
} LoadData;

static void
load_data_free (LoadData *data)
{
  g_object_unref (data->self);
  g_strfreev (data->folders);
  g_object_unref (data->cancellable);
  g_free (data);
}

static void
load_progress (guint    done,
               guint    total,
               gpointer user_data)
{
  LoadData *data = user_data;
  LbDataSource *self = data->self;

  if (data->cancellable != self->load_cancellable || total == 0)
    return;
  self->loaded = done;
  self->total = total;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TOTAL]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADED]);
}

static void
folder_ready (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  LoadData *data = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (LbDataset) dataset = lb_dataset_load_finish (result, &error);

  if (data->cancellable == data->self->load_cancellable)
    lb_data_source_end (data->self, dataset, (const char *const *) data->folders, error);
  load_data_free (data);
}

void
lb_data_source_open_folders (LbDataSource       *self,
                             const char *const  *folders)
{
  LbDatasetOptions options;
  LoadData *data;

  g_return_if_fail (LB_IS_DATA_SOURCE (self));
  g_return_if_fail (folders != NULL && folders[0] != NULL);

  lb_data_source_begin (self, folders);
  lb_dataset_options_init (&options);
  data = g_new0 (LoadData, 1);
  data->self = g_object_ref (self);
  data->folders = g_strdupv ((char **) folders);
  data->cancellable = g_object_ref (self->load_cancellable);
  lb_dataset_load_folders_async (folders, &options, data->cancellable, load_progress, data,
                                 folder_ready, data);
}

void
lb_data_source_cancel (LbDataSource *self)
{
  g_return_if_fail (LB_IS_DATA_SOURCE (self));

  if (self->load_cancellable == NULL)
    return;
  g_cancellable_cancel (self->load_cancellable);
  lb_data_source_end (self, NULL, NULL, NULL);
}

/* ---- the same data at another size, for training ---- */

/* Hands the dataset made at the new size, or why there is none, to the caller's task. */
static void
at_size_return (GTask     *task,
                LbDataset *dataset,
                GError    *error)
{
  if (dataset != NULL)
    g_task_return_pointer (task, dataset, g_object_unref);
  else
    g_task_return_error (task, error);
  g_object_unref (task);
}

static void
at_size_demo_ready (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  GError *error = NULL;
  LbDataset *dataset = g_task_propagate_pointer (G_TASK (result), &error);

  at_size_return (user_data, dataset, error);
}

static void
at_size_folder_ready (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  GError *error = NULL;
  LbDataset *dataset = lb_dataset_load_finish (result, &error);

  at_size_return (user_data, dataset, error);
}

void
lb_data_source_load_at_size_async (LbDataSource        *self,
                                   guint                size,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (LB_IS_DATA_SOURCE (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, lb_data_source_load_at_size_async);
  if (self->dataset == NULL)
    {
      g_task_return_new_error (task, LB_ERROR, LB_ERROR_EMPTY,
                               "No dataset is open. Open a folder or the demo set on the Data page.");
      g_object_unref (task);
    }
  else if (lb_dataset_get_size (self->dataset) == size)
    {
      g_task_return_pointer (task, g_object_ref (self->dataset), g_object_unref);
      g_object_unref (task);
    }
  else if (self->folders == NULL)
    lb_data_source_make_demo (self, size, cancellable, at_size_demo_ready, task);
  else
    {
      LbDatasetOptions options;

      lb_dataset_options_init (&options);
      options.size = size;
      options.normalization = lb_dataset_get_normalization (self->dataset);
      lb_dataset_load_folders_async ((const char *const *) self->folders, &options, cancellable,
                                     NULL, NULL, at_size_folder_ready, task);
    }
}

LbDataset *
lb_data_source_load_at_size_finish (LbDataSource  *self,
                                    GAsyncResult  *result,
                                    GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ---- GObject ---- */

static void
lb_data_source_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  LbDataSource *self = LB_DATA_SOURCE (object);

  switch (prop_id)
    {
    case PROP_DATASET:
      g_value_set_object (value, self->dataset);
      break;
    case PROP_FOLDERS:
      g_value_set_boxed (value, self->folders);
      break;
    case PROP_BUSY:
      g_value_set_boolean (value, self->busy);
      break;
    case PROP_LOADING_FOLDERS:
      g_value_set_boxed (value, self->loading_folders);
      break;
    case PROP_LOADED:
      g_value_set_uint (value, self->loaded);
      break;
    case PROP_TOTAL:
      g_value_set_uint (value, self->total);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lb_data_source_dispose (GObject *object)
{
  LbDataSource *self = LB_DATA_SOURCE (object);

  g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);

  G_OBJECT_CLASS (lb_data_source_parent_class)->dispose (object);
}

static void
lb_data_source_finalize (GObject *object)
{
  LbDataSource *self = LB_DATA_SOURCE (object);

  g_clear_object (&self->dataset);
  g_clear_pointer (&self->folders, g_strfreev);
  g_clear_pointer (&self->loading_folders, g_strfreev);

  G_OBJECT_CLASS (lb_data_source_parent_class)->finalize (object);
}

static void
lb_data_source_class_init (LbDataSourceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->get_property = lb_data_source_get_property;
  object_class->dispose = lb_data_source_dispose;
  object_class->finalize = lb_data_source_finalize;

  properties[PROP_DATASET] = g_param_spec_object ("dataset", NULL, NULL, LB_TYPE_DATASET, flags);
  properties[PROP_FOLDERS] = g_param_spec_boxed ("folders", NULL, NULL, G_TYPE_STRV, flags);
  properties[PROP_BUSY] = g_param_spec_boolean ("busy", NULL, NULL, FALSE, flags);
  properties[PROP_LOADING_FOLDERS] = g_param_spec_boxed ("loading-folders", NULL, NULL,
                                                         G_TYPE_STRV, flags);
  properties[PROP_LOADED] = g_param_spec_uint ("loaded", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties[PROP_TOTAL] = g_param_spec_uint ("total", NULL, NULL, 0, G_MAXUINT, 0, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* (folders, or NULL for the demo set; the error, whose message says what went wrong) */
  signals[LOAD_FAILED] = g_signal_new ("load-failed", G_TYPE_FROM_CLASS (klass),
                                       G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 2,
                                       G_TYPE_STRV, G_TYPE_ERROR);
}

static void
lb_data_source_init (LbDataSource *self)
{
}
