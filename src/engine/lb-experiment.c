/* lb-experiment.c — losses × seeds, trained one after another, paired, stored on disk.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "lb-experiment.h"
#include "lb-sweep.h"

#include <math.h>
#include <pthread.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "lb-csv.h"
#include "lb-error.h"
#include "lb-evaluate.h"
#include "lb-file.h"
#include "lb-history.h"
#include "lb-image-io.h"
#include "lb-loss-spec.h"
#include "lb-notifier.h"
#include "lb-run-async.h"
#include "lb-run-claim.h"
#include "lb-split.h"

/* Every pair of the data the runs train on, all folders combined; or, as an external test set
 * (train and val empty, test every pair), one folder's pairs the runs are measured on. */
typedef struct _Data Data;
struct _Data
{
  guint n;
  gsize hw;
  float *images;
  float *masks;
  GPtrArray *names;    /* char*, NULL-terminated */
  GPtrArray *sources;
  guint *train, *val, *test;
  guint n_train, n_val, n_test;
  NnSpacing *spacings; /* per image, effective (lb-metric.h); NULL without a pixel spacing */
  Data *external[LB_EXPERIMENT_MAX_EXTERNAL];  /* in the configuration's order */
};

static void
data_free (Data *d)
{
  if (d == NULL)
    return;
  g_free (d->images);
  g_free (d->masks);
  g_ptr_array_unref (d->names);
  g_ptr_array_unref (d->sources);
  g_free (d->train);
  g_free (d->val);
  g_free (d->test);
  g_free (d->spacings);
  for (guint i = 0; i < G_N_ELEMENTS (d->external); i++)
    data_free (d->external[i]);
  g_free (d);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC (Data, data_free)

struct _LbExperiment
{
  GObject parent_instance;

  char *folder;
  LbExperimentConfig config;

  /* Guards runs and current. POSIX, not GMutex: ThreadSanitizer understands it. */
  pthread_mutex_t mutex;
  GArray *runs;            /* LbRunInfo */
  LbTrainer *current;
  int training;            /* the run this process trains, −1 */
  gint64 stale_seconds;

  GMainContext *signal_context;  /* while running asynchronously */
  LbNotifier *notifier;          /* "progress", coalesced */
};

G_DEFINE_FINAL_TYPE (LbExperiment, lb_experiment, G_TYPE_OBJECT)

enum
{
  SIGNAL_RUN_STARTED,
  SIGNAL_RUN_FINISHED,
  SIGNAL_PROGRESS,
  N_SIGNALS
};
static guint signals[N_SIGNALS];

const char *
lb_run_state_to_label (LbRunState state)
{
  switch (state)
    {
    case LB_RUN_PENDING:
      return "Waiting";
    case LB_RUN_RUNNING:
      return "Training";
    case LB_RUN_DONE:
      return "Done";
    case LB_RUN_INTERRUPTED:
      return "Interrupted";
    case LB_RUN_FAILED:
      return "Failed";
    case LB_RUN_ELSEWHERE:
      return "Training elsewhere";
    }
  return "";
}

void
lb_run_info_clear (LbRunInfo *info)
{
  g_clear_pointer (&info->name, g_free);
  g_clear_pointer (&info->message, g_free);
  g_clear_pointer (&info->holder, g_free);
}

static void
lb_experiment_finalize (GObject *object)
{
  LbExperiment *self = LB_EXPERIMENT (object);

  /* The last reference may go on the worker thread: taking the lock orders every earlier
   * access from any thread before the frees below. */
  pthread_mutex_lock (&self->mutex);
  pthread_mutex_unlock (&self->mutex);
  for (guint i = 0; i < self->runs->len; i++)
    lb_run_info_clear (&g_array_index (self->runs, LbRunInfo, i));
  g_array_unref (self->runs);
  g_clear_object (&self->current);
  lb_notifier_free (self->notifier);
  lb_experiment_config_clear (&self->config);
  g_free (self->folder);
  pthread_mutex_destroy (&self->mutex);
  G_OBJECT_CLASS (lb_experiment_parent_class)->finalize (object);
}

static void
lb_experiment_class_init (LbExperimentClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = lb_experiment_finalize;
  GType type = G_TYPE_FROM_CLASS (klass);
  signals[SIGNAL_RUN_STARTED] = g_signal_new ("run-started", type, G_SIGNAL_RUN_LAST, 0, NULL,
                                              NULL, NULL, G_TYPE_NONE, 1, G_TYPE_UINT);
  signals[SIGNAL_RUN_FINISHED] = g_signal_new ("run-finished", type, G_SIGNAL_RUN_LAST, 0, NULL,
                                               NULL, NULL, G_TYPE_NONE, 1, G_TYPE_UINT);
  signals[SIGNAL_PROGRESS] = g_signal_new ("progress", type, G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                                           NULL, G_TYPE_NONE, 0);
}

static void
emit_progress (gpointer owner)
{
  g_signal_emit (owner, signals[SIGNAL_PROGRESS], 0);
}

static void
lb_experiment_init (LbExperiment *self)
{
  pthread_mutex_init (&self->mutex, NULL);
  self->runs = g_array_new (FALSE, TRUE, sizeof (LbRunInfo));
  self->training = -1;
  self->stale_seconds = LB_RUN_CLAIM_STALE_SECONDS;
  self->notifier = lb_notifier_new (self, g_object_ref, g_object_unref, emit_progress);
}

/* ---- signals, delivered in the right thread ----
 *
 * "progress" is coalesced by the notifier; "run-started" and "run-finished" carry an index and
 * are each delivered, in order, in the context that started the run. */

typedef struct
{
  LbExperiment *self;
  guint signal;
  guint index;
} Emission;

static gboolean
emit_idle (gpointer data)
{
  Emission *e = data;
  g_signal_emit (e->self, signals[e->signal], 0, e->index);
  return G_SOURCE_REMOVE;
}

static void
emission_free (gpointer data)
{
  Emission *e = data;
  g_object_unref (e->self);
  g_free (e);
}

static void
emit (LbExperiment *self, guint signal, guint index)
{
  pthread_mutex_lock (&self->mutex);
  GMainContext *context = self->signal_context ? g_main_context_ref (self->signal_context) : NULL;
  pthread_mutex_unlock (&self->mutex);

  if (context == NULL)
    {
      g_signal_emit (self, signals[signal], 0, index);
      return;
    }
  Emission *e = g_new (Emission, 1);
  *e = (Emission) { g_object_ref (self), signal, index };
  GSource *source = g_idle_source_new ();
  g_source_set_callback (source, emit_idle, e, emission_free);
  g_source_attach (source, context);
  g_source_unref (source);
  g_main_context_unref (context);
}

/* ---- runs and their state on disk ---- */

static char *
run_dir (LbExperiment *self, const LbRunInfo *run)
{
  return g_build_filename (self->folder, "runs", run->name, NULL);
}

static char *
run_file (LbExperiment *self, const LbRunInfo *run, const char *file)
{
  return g_build_filename (self->folder, "runs", run->name, file, NULL);
}

/* Reads a run's per-image.csv; any of the outputs may be NULL. Its first six columns have
 * been name, source, tp, fp, fn, tn in every version; the boundary metrics are found by name
 * (absent in files of earlier versions). */
static gboolean
read_per_image (const char *path,
                GPtrArray **names,
                GPtrArray **sources,
                GArray **confusions,
                GArray **metrics,
                GError **error)
{
  g_autoptr (GPtrArray) rows = lb_csv_load (path, error);
  if (rows == NULL)
    return FALSE;
  g_autoptr (GPtrArray) n = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GPtrArray) s = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GArray) c = g_array_new (FALSE, FALSE, sizeof (NnConfusion));
  g_autoptr (GArray) m = g_array_new (FALSE, FALSE, sizeof (LbImageMetrics));
  LbMetricColumns columns;
  lb_metric_columns_find (&columns, g_ptr_array_index (rows, 0));
  for (guint r = 1; r < rows->len; r++)
    {
      char **row = g_ptr_array_index (rows, r);
      if (g_strv_length (row) < 6)
        {
          g_set_error (error, LB_ERROR, LB_ERROR_CORRUPT,
                       "“%s” is damaged (line %u is short). Delete the run folder to train the "
                       "run again.", path, r + 1);
          return FALSE;
        }
      NnConfusion k = { g_ascii_strtoll (row[2], NULL, 10), g_ascii_strtoll (row[3], NULL, 10),
                        g_ascii_strtoll (row[4], NULL, 10), g_ascii_strtoll (row[5], NULL, 10) };
      LbImageMetrics values;
      lb_image_metrics_set_overlap (&values, &k);
      if (!lb_metric_columns_read (&columns, row, path, r + 1, &values, error))
        return FALSE;
      g_ptr_array_add (n, g_strdup (row[0]));
      g_ptr_array_add (s, g_strdup (row[1]));
      g_array_append_val (c, k);
      g_array_append_val (m, values);
    }
  if (names)
    *names = g_steal_pointer (&n);
  if (sources)
    *sources = g_steal_pointer (&s);
  if (confusions)
    *confusions = g_steal_pointer (&c);
  if (metrics)
    *metrics = g_steal_pointer (&m);
  return TRUE;
}

guint
lb_experiment_get_n_test_sets (LbExperiment *self)
{
  return 1 + self->config.n_external;
}

const char *
lb_experiment_get_test_set_name (LbExperiment *self, guint set)
{
  g_return_val_if_fail (set < lb_experiment_get_n_test_sets (self), NULL);
  return set == 0 ? NULL : self->config.external[set - 1].name;
}

char *
lb_experiment_dup_test_set_label (LbExperiment *self, guint set)
{
  g_return_val_if_fail (set < lb_experiment_get_n_test_sets (self), NULL);
  if (set == 0)
    return self->config.test_source
             ? g_strdup_printf ("%s (held out)", self->config.test_source)
             : g_strdup ("Test split");
  return g_strdup (self->config.external[set - 1].name);
}

gboolean
lb_experiment_load_set_results (LbExperiment *self,
                                guint index,
                                guint set,
                                GPtrArray **names,
                                GPtrArray **sources,
                                GArray **confusions,
                                GArray **metrics,
                                GError **error)
{
  g_return_val_if_fail (index < self->runs->len, FALSE);
  g_return_val_if_fail (set < lb_experiment_get_n_test_sets (self), FALSE);
  pthread_mutex_lock (&self->mutex);
  const LbRunInfo *run = &g_array_index (self->runs, LbRunInfo, index);
  g_autofree char *path = set == 0 ? run_file (self, run, "per-image.csv")
                                   : g_build_filename (self->folder, "runs", run->name,
                                                       "external",
                                                       self->config.external[set - 1].name,
                                                       "per-image.csv", NULL);
  pthread_mutex_unlock (&self->mutex);
  return read_per_image (path, names, sources, confusions, metrics, error);
}

gboolean
lb_experiment_load_test_results (LbExperiment *self,
                                 guint index,
                                 GPtrArray **names,
                                 GPtrArray **sources,
                                 GArray **confusions,
                                 GArray **metrics,
                                 GError **error)
{
  return lb_experiment_load_set_results (self, index, 0, names, sources, confusions, metrics,
                                         error);
}

gboolean
lb_experiment_load_per_image (LbExperiment *self,
                              guint index,
                              GPtrArray **names,
                              GPtrArray **sources,
                              GArray **confusions,
                              GError **error)
{
  return lb_experiment_load_test_results (self, index, names, sources, confusions, NULL, error);
}

/* The run's test means of every metric, from its per-image rows. */
static void
set_test_values (LbRunInfo *run, GArray *metrics)
{
  const LbImageMetrics *rows = (const LbImageMetrics *) (void *) metrics->data;
  for (int m = 0; m < LB_METRIC_COUNT; m++)
    run->test_value[m] = lb_image_metrics_mean (rows, metrics->len, m);
  run->test_missed = lb_image_metrics_count_missed (rows, metrics->len);
}

/* Reads a run's files into RUN; call with the mutex held (GUI threads read runs). */
static void
refresh_run_from_disk (LbExperiment *self, LbRunInfo *run)
{
  g_autofree char *per_image = run_file (self, run, "per-image.csv");
  g_autofree char *failed = run_file (self, run, "failed.txt");
  g_autofree char *checkpoint = run_file (self, run, "checkpoint.safetensors");
  g_autofree char *history_path = run_file (self, run, "history.csv");

  g_autoptr (GArray) history = lb_history_load (history_path, NULL);
  run->epochs_done = history ? history->len : 0;
  run->best_epoch = 0;
  run->collapsed = FALSE;
  for (guint e = 0; history && e < history->len; e++)
    {
      LbEpochRecord *r = &g_array_index (history, LbEpochRecord, e);
      if (r->best)
        run->best_epoch = r->epoch;
      run->collapsed = r->collapsed;
    }

  g_autoptr (GArray) confusions = NULL;
  g_autoptr (GArray) metrics = NULL;
  for (int m = 0; m < LB_METRIC_COUNT; m++)
    run->test_value[m] = NAN;
  run->test_missed = -1;
  if (g_file_test (per_image, G_FILE_TEST_EXISTS)
      && read_per_image (per_image, NULL, NULL, &confusions, &metrics, NULL))
    {
      NnMetricsSummary summary;
      nn_metrics_summarize ((NnConfusion *) (void *) confusions->data, confusions->len, NULL,
                            &summary);
      run->state = LB_RUN_DONE;
      run->test_mean = summary.mean;
      run->test_pooled = summary.pooled;
      set_test_values (run, metrics);
    }
  else if (g_file_test (failed, G_FILE_TEST_EXISTS))
    {
      run->state = LB_RUN_FAILED;
      g_free (run->message);
      g_file_get_contents (failed, &run->message, NULL, NULL);
    }
  else if (g_file_test (checkpoint, G_FILE_TEST_EXISTS))
    run->state = LB_RUN_INTERRUPTED;
  else
    run->state = LB_RUN_PENDING;

  /* Held by a live claim of another process: training elsewhere. A stale claim leaves the run
   * as its files say; whoever trains it next takes the claim over. */
  g_clear_pointer (&run->holder, g_free);
  run->heartbeat = 0;
  if (run->state != LB_RUN_DONE && run->state != LB_RUN_FAILED)
    {
      g_autofree char *dir = run_dir (self, run);
      g_auto (LbRunClaimInfo) claim = { 0 };
      gint64 now = g_get_real_time () / G_USEC_PER_SEC;
      gboolean own = FALSE;
      if (lb_run_claim_read (dir, &claim, NULL))
        own = claim.pid == getpid () && g_strcmp0 (claim.host, g_get_host_name ()) == 0;
      g_autofree char *stale = claim.token && !own
                                 ? lb_run_claim_dup_stale_reason (&claim, now,
                                                                  self->stale_seconds, FALSE)
                                 : NULL;
      if (claim.token && !own && stale == NULL)
        {
          run->state = LB_RUN_ELSEWHERE;
          run->holder = lb_run_claim_dup_holder (&claim);
          run->heartbeat = claim.heartbeat;
        }
    }

  if (run->collapsed && run->message == NULL)
    run->message = g_strdup ("The run collapsed: it predicted one class on almost every "
                             "validation pixel. Its numbers are not a result.");
}

/* The folder name of loss L's runs without the seed: its kinds ("dice+boundary"); a loss
 * sharing its kinds with another gets its index ("tversky4"), so folders never clash. In a
 * sweep the index is that of the swept loss, and the cell's values follow:
 * "focal-lr0.0003-alpha0.5". */
static char *
dup_run_stem (const LbExperimentConfig *c, guint l)
{
  const LbSweepPlan *plan = &c->sweep;
  gboolean sweep = plan->n_axes > 0;
  guint group = sweep ? plan->cell_loss[l] : l;
  g_autofree char *kind = lb_loss_dup_name (&c->losses[l]);
  gboolean shared_kind = FALSE;
  for (guint o = 0; o < c->n_losses && !shared_kind; o++)
    {
      if ((sweep ? plan->cell_loss[o] : o) == group)
        continue;
      g_autofree char *other = lb_loss_dup_name (&c->losses[o]);
      shared_kind = g_strcmp0 (other, kind) == 0;
    }
  GString *stem = g_string_new (kind);
  if (shared_kind)
    g_string_append_printf (stem, "%u", group + 1);
  for (guint a = 0; a < plan->n_axes; a++)
    {
      int v = plan->cell_value[l][a];
      if (v < 0)
        continue;
      char value[G_ASCII_DTOSTR_BUF_SIZE];
      g_ascii_formatd (value, sizeof value, "%g", plan->axes[a].values[v]);
      g_string_append_printf (stem, "-%s%s", lb_sweep_param_to_key (plan->axes[a].param), value);
    }
  return g_string_free (stem, FALSE);
}

static void
build_runs (LbExperiment *self)
{
  for (guint s = 0; s < self->config.n_seeds; s++)
    for (guint l = 0; l < self->config.n_losses; l++)
      {
        LbRunInfo run = { .loss_index = l, .seed = self->config.first_seed + s };
        g_autofree char *stem = dup_run_stem (&self->config, l);
        run.name = g_strdup_printf ("%s-s%" G_GUINT64_FORMAT, stem, run.seed);
        refresh_run_from_disk (self, &run);
        g_array_append_val (self->runs, run);
      }
}

static char *
config_path (const char *folder)
{
  return g_build_filename (folder, "config.json", NULL);
}

/* Whether FOLDER holds nothing, once what a creation killed before its config.json was in
 * place left (its scratch file, lb-file.h) has gone. */
static gboolean
is_empty_but_for_leftovers (const char *folder)
{
  lb_file_sweep_scratch (folder, LB_RUN_CLAIM_STALE_SECONDS);
  g_autoptr (GDir) dir = g_dir_open (folder, 0, NULL);
  return dir == NULL || g_dir_read_name (dir) == NULL;
}

LbExperiment *
lb_experiment_new (const LbExperimentConfig *config, const char *folder, GError **error)
{
  g_autofree char *why = lb_experiment_config_check (config);
  if (why != NULL)
    {
      g_set_error_literal (error, LB_ERROR, LB_ERROR_INVALID_INPUT, why);
      return NULL;
    }
  if (g_mkdir_with_parents (folder, 0755) != 0)
    {
      g_set_error (error, LB_ERROR, LB_ERROR_PERMISSION,
                   "The experiment folder “%s” could not be created: %s.", folder,
                   g_strerror (errno));
      return NULL;
    }
  if (!is_empty_but_for_leftovers (folder))
    {
      g_set_error (error, LB_ERROR, LB_ERROR_INVALID_INPUT,
                   "The folder “%s” is not empty. Choose a new folder for the experiment, or "
                   "open the experiment that is there to continue it.", folder);
      return NULL;
    }

  g_autoptr (LbExperiment) self = g_object_new (LB_TYPE_EXPERIMENT, NULL);
  self->folder = g_strdup (folder);
  lb_experiment_config_copy (&self->config, config);
  g_autofree char *path = config_path (folder);
  if (!lb_experiment_config_save (&self->config, path, error))
    return NULL;
  build_runs (self);
  return g_steal_pointer (&self);
}

LbExperiment *
lb_experiment_open (const char *folder, GError **error)
{
  g_autoptr (LbExperiment) self = g_object_new (LB_TYPE_EXPERIMENT, NULL);
  self->folder = g_strdup (folder);
  g_autofree char *path = config_path (folder);
  if (!lb_experiment_config_load (&self->config, path, error))
    return NULL;
  build_runs (self);
  return g_steal_pointer (&self);
}

const char *
lb_experiment_get_folder (LbExperiment *self)
{
  return self->folder;
}

gboolean
lb_experiment_is_in (LbExperiment *self, const char *folder)
{
  g_autoptr (GFile) own = g_file_new_for_path (self->folder);
  g_autoptr (GFile) other = g_file_new_for_path (folder);
  return g_file_equal (own, other);
}

const LbExperimentConfig *
lb_experiment_get_config (LbExperiment *self)
{
  return &self->config;
}

char *
lb_experiment_dup_loss_label (LbExperiment *self, guint loss_index)
{
  return lb_experiment_config_dup_loss_label (&self->config, loss_index);
}

char **
lb_experiment_dup_loss_labels (LbExperiment *self)
{
  char **labels = g_new0 (char *, self->config.n_losses + 1);
  for (guint l = 0; l < self->config.n_losses; l++)
    labels[l] = lb_experiment_config_dup_loss_label (&self->config, l);
  return labels;
}

guint
lb_experiment_get_n_runs (LbExperiment *self)
{
  return self->runs->len;
}

void
lb_experiment_get_run (LbExperiment *self, guint index, LbRunInfo *info)
{
  g_return_if_fail (index < self->runs->len);
  pthread_mutex_lock (&self->mutex);
  *info = g_array_index (self->runs, LbRunInfo, index);
  info->name = g_strdup (info->name);
  info->message = g_strdup (info->message);
  info->holder = g_strdup (info->holder);
  pthread_mutex_unlock (&self->mutex);
}

GArray *
lb_experiment_load_history (LbExperiment *self, guint index, GError **error)
{
  g_return_val_if_fail (index < self->runs->len, NULL);
  pthread_mutex_lock (&self->mutex);
  g_autofree char *path = run_file (self, &g_array_index (self->runs, LbRunInfo, index),
                                    "history.csv");
  pthread_mutex_unlock (&self->mutex);
  return lb_history_load (path, error);
}

gboolean
lb_experiment_is_complete (LbExperiment *self)
{
  gboolean complete = TRUE;
  pthread_mutex_lock (&self->mutex);
  for (guint i = 0; i < self->runs->len; i++)
    complete &= g_array_index (self->runs, LbRunInfo, i).state == LB_RUN_DONE
                || g_array_index (self->runs, LbRunInfo, i).state == LB_RUN_FAILED;
  pthread_mutex_unlock (&self->mutex);
  return complete;
}

guint
lb_experiment_count_done (LbExperiment *self)
{
  guint done = 0;
  pthread_mutex_lock (&self->mutex);
  for (guint i = 0; i < self->runs->len; i++)
    done += g_array_index (self->runs, LbRunInfo, i).state == LB_RUN_DONE;
  pthread_mutex_unlock (&self->mutex);
  return done;
}

LbTrainer *
lb_experiment_dup_current_trainer (LbExperiment *self)
{
  pthread_mutex_lock (&self->mutex);
  LbTrainer *trainer = self->current ? g_object_ref (self->current) : NULL;
  pthread_mutex_unlock (&self->mutex);
  return trainer;
}

static void
set_run_state (LbExperiment *self, guint index, LbRunState state, const char *message)
{
  pthread_mutex_lock (&self->mutex);
  LbRunInfo *run = &g_array_index (self->runs, LbRunInfo, index);
  run->state = state;
  if (message != NULL)
    {
      g_free (run->message);
      run->message = g_strdup (message);
    }
  pthread_mutex_unlock (&self->mutex);
}

/* ---- the data every run shares ---- */

/* Each image's pixel spacing at the training size: the configuration's spacing of the original
 * images times original size / training size, per axis (lb-metric.h). */
static void
append_spacings (Data *d, LbDataset *dataset, const LbMetricOptions *metrics, guint first)
{
  if (!metrics->has_spacing)
    return;
  guint n = lb_dataset_get_n_pairs (dataset);
  g_autofree NnSpacing *spacings = lb_spacings_for_dataset (dataset, &metrics->spacing);
  d->spacings = g_renew (NnSpacing, d->spacings, first + n);
  memcpy (d->spacings + first, spacings, n * sizeof (NnSpacing));
}

/* Adds DATASET's images to D; FALSE, with a sentence, when memory runs out. */
static gboolean
append_dataset (Data *d, LbDataset *dataset, gsize *capacity, GError **error)
{
  guint n = lb_dataset_get_n_pairs (dataset);
  gsize needed = (gsize) (d->n + n) * d->hw;
  if (needed > *capacity)
    {
      gsize grown = MAX (needed, *capacity * 2);
      float *images = g_try_renew (float, d->images, grown);
      if (images != NULL)
        d->images = images;
      float *masks = images != NULL ? g_try_renew (float, d->masks, grown) : NULL;
      if (masks != NULL)
        d->masks = masks;
      if (images == NULL || masks == NULL)
        {
          g_set_error (error, LB_ERROR, LB_ERROR_TOO_LARGE,
                       "There is not enough memory for the experiment's %u images (%.1f MB). "
                       "Close other programs and resume.", d->n + n,
                       2.0 * sizeof (float) * needed / 1e6);
          return FALSE;
        }
      *capacity = grown;
    }
  memcpy (d->images + d->n * d->hw, lb_dataset_get_images (dataset), n * d->hw * sizeof (float));
  memcpy (d->masks + d->n * d->hw, lb_dataset_get_masks (dataset), n * d->hw * sizeof (float));
  for (guint i = 0; i < n; i++)
    {
      g_ptr_array_add (d->names, g_strdup (lb_dataset_get_name (dataset, i)));
      g_ptr_array_add (d->sources, g_strdup (lb_dataset_get_source (dataset, i)));
    }
  d->n += n;
  return TRUE;
}

static char *
content_hash (const Data *d)
{
  g_autoptr (GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
  for (guint i = 0; i < d->n; i++)
    {
      const char *name = g_ptr_array_index (d->names, i);
      g_checksum_update (sum, (const guchar *) name, strlen (name) + 1);
    }
  g_checksum_update (sum, (const guchar *) d->images, d->n * d->hw * sizeof (float));
  g_checksum_update (sum, (const guchar *) d->masks, d->n * d->hw * sizeof (float));
  return g_strdup (g_checksum_get_string (sum));
}

static guint *
indices_of (LbSplit *split, const Data *d, LbSubset subset, guint *count)
{
  guint *indices = g_new (guint, MAX (1u, d->n));
  *count = 0;
  for (guint i = 0; i < d->n; i++)
    if (lb_split_lookup (split, g_ptr_array_index (d->names, i)) == subset)
      indices[(*count)++] = i;
  return indices;
}

static Data *
data_new (const LbExperimentConfig *c)
{
  Data *d = g_new0 (Data, 1);
  d->hw = (gsize) c->train.net.size * c->train.net.size;
  d->names = g_ptr_array_new_with_free_func (g_free);
  d->sources = g_ptr_array_new_with_free_func (g_free);
  return d;
}

static gboolean
append_folder (Data *d,
               const char *folder,
               const LbExperimentConfig *c,
               gsize *capacity,
               GCancellable *cancellable,
               GError **error)
{
  LbDatasetOptions options;
  lb_dataset_options_init (&options);
  options.size = c->train.net.size;
  options.normalization = c->normalization;
  g_autoptr (LbDataset) dataset = lb_dataset_load (folder, &options, cancellable, NULL, NULL,
                                                   error);
  if (dataset == NULL)
    return FALSE;
  append_spacings (d, dataset, &c->metrics, d->n);
  return append_dataset (d, dataset, capacity, error);
}

/* Whether HASH is what *RECORDED says the data were; the first time, records it in
 * config.json. */
static gboolean
check_content (LbExperiment *self, char **recorded, const char *hash, const char *what,
               GError **error)
{
  if (*recorded == NULL)
    {
      g_autofree char *cfg_path = config_path (self->folder);
      *recorded = g_strdup (hash);
      return lb_experiment_config_save (&self->config, cfg_path, error);
    }
  if (strcmp (*recorded, hash) == 0)
    return TRUE;
  g_set_error (error, LB_ERROR, LB_ERROR_INVALID_INPUT,
               "%s has changed since this experiment started (its images or masks differ). "
               "Restore the original files, or start a new experiment.", what);
  return FALSE;
}

static char *
image_checksum (const Data *d, guint i)
{
  return g_compute_checksum_for_data (G_CHECKSUM_SHA1, (const guchar *) (d->images + i * d->hw),
                                      d->hw * sizeof (float));
}

/* External set SET's pairs, each a test pair. Refused when one of its images is one of the
 * experiment's own (by its pixels, whatever its name): that would not be an external test. */
static Data *
load_external (LbExperiment *self,
               guint set,
               GHashTable *own_images,
               GCancellable *cancellable,
               GError **error)
{
  LbExternalSet *e = &self->config.external[set];
  g_autoptr (Data) d = data_new (&self->config);
  gsize capacity = 0;
  if (!append_folder (d, e->folder, &self->config, &capacity, cancellable, error))
    {
      g_prefix_error (error, "External test set “%s”: ", e->name);
      return NULL;
    }
  g_ptr_array_add (d->names, NULL);
  g_ptr_array_add (d->sources, NULL);
  for (guint i = 0; i < d->n; i++)
    {
      g_autofree char *sum = image_checksum (d, i);
      const char *own = g_hash_table_lookup (own_images, sum);
      if (own != NULL)
        {
          g_set_error (error, LB_ERROR, LB_ERROR_INVALID_INPUT,
                       "The image “%s” of the external test set “%s” is also in the "
                       "experiment's own data (as “%s”): an external test set must hold images "
                       "the networks never saw. Remove it from one of the two folders.",
                       (char *) g_ptr_array_index (d->names, i), e->name, own);
          return NULL;
        }
    }
  g_autofree char *hash = content_hash (d);
  g_autofree char *what = g_strdup_printf ("The external test set “%s”", e->name);
  if (!check_content (self, &e->content_sha256, hash, what, error))
    return NULL;
  d->test = g_new (guint, MAX (1u, d->n));
  d->n_test = d->n;
  for (guint i = 0; i < d->n; i++)
    d->test[i] = i;
  if (d->n == 0)
    {
      g_set_error (error, LB_ERROR, LB_ERROR_INVALID_INPUT,
                   "The external test set “%s” holds no image with a mask.", e->name);
      return NULL;
    }
  return g_steal_pointer (&d);
}

static gboolean
load_external_sets (LbExperiment *self, Data *d, GCancellable *cancellable, GError **error)
{
  if (self->config.n_external == 0)
    return TRUE;
  g_autoptr (GHashTable) own = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (guint i = 0; i < d->n; i++)
    g_hash_table_insert (own, image_checksum (d, i), g_ptr_array_index (d->names, i));
  for (guint s = 0; s < self->config.n_external; s++)
    if ((d->external[s] = load_external (self, s, own, cancellable, error)) == NULL)
      return FALSE;
  return TRUE;
}

static Data *
load_data (LbExperiment *self, GCancellable *cancellable, GError **error)
{
  const LbExperimentConfig *c = &self->config;
  g_autoptr (Data) d = data_new (c);
  gsize capacity = 0;

  if (c->folders == NULL || c->folders[0] == NULL)
    {
      g_autoptr (LbDataset) demo = lb_dataset_new_demo (c->demo_count, c->train.net.size,
                                                        c->demo_seed, c->normalization, error);
      if (demo == NULL)
        return NULL;
      append_spacings (d, demo, &c->metrics, d->n);
      if (!append_dataset (d, demo, &capacity, error))
        return NULL;
    }
  for (char **folder = c->folders; folder && *folder; folder++)
    if (!append_folder (d, *folder, c, &capacity, cancellable, error))
      return NULL;
  g_ptr_array_add (d->names, NULL);
  g_ptr_array_add (d->sources, NULL);

  /* Names must be unique across folders: the split and the CSVs go by name. */
  g_autoptr (GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < d->n; i++)
    if (!g_hash_table_add (seen, g_ptr_array_index (d->names, i)))
      {
        g_set_error (error, LB_ERROR, LB_ERROR_INVALID_INPUT,
                     "The image “%s” is in more than one dataset folder. Combine folders that "
                     "hold different images.", (char *) g_ptr_array_index (d->names, i));
        return NULL;
      }

  g_autofree char *hash = content_hash (d);
  if (!check_content (self, &self->config.content_sha256, hash, "The dataset", error)
      || !load_external_sets (self, d, cancellable, error))
    return NULL;

  g_autofree char *split_path = g_build_filename (self->folder, "split.tsv", NULL);
  g_autoptr (LbSplit) split = NULL;
  if (g_file_test (split_path, G_FILE_TEST_EXISTS))
    split = lb_split_load (split_path, error);
  else
    {
      split = c->test_source != NULL
                ? lb_split_new_holding_out ((const char *const *) d->names->pdata,
                                            (const char *const *) d->sources->pdata, d->n,
                                            c->test_source, c->split_train, c->split_val,
                                            c->split_seed, error)
                : lb_split_new_seeded ((const char *const *) d->names->pdata,
                                       (const char *const *) d->sources->pdata, d->n,
                                       c->split_train, c->split_val, c->split_test,
                                       c->split_seed, c->stratify, error);
      if (split != NULL && !lb_split_save (split, split_path, error))
        return NULL;
    }
  if (split == NULL)
    return NULL;
  d->train = indices_of (split, d, LB_SUBSET_TRAIN, &d->n_train);
  d->val = indices_of (split, d, LB_SUBSET_VAL, &d->n_val);
  d->test = indices_of (split, d, LB_SUBSET_TEST, &d->n_test);
  if (d->n_train + d->n_val + d->n_test != d->n || d->n_test == 0)
    {
      g_set_error (error, LB_ERROR, LB_ERROR_INVALID_INPUT,
                   "The split “%s” does not match the dataset (it names %u of its %u images "
                   "and %u for testing). Delete it to make a new split.", split_path,
                   d->n_train + d->n_val + d->n_test, d->n, d->n_test);
      return NULL;
    }
  return g_steal_pointer (&d);
}

/* ---- the test evaluation of a finished run ---- */

/* Measures NET on D's test pairs; writes DIR/masks/NAME.png and, last, DIR/per-image.csv. */
static gboolean
evaluate_into (LbExperiment *self,
               const LbRunInfo *run,
               NnUNet *net,
               const Data *d,
               const char *dir,
               NnMetricsSummary *summary,
               GError **error)
{
  int size = self->config.train.net.size;
  g_autofree NnConfusion *confusion = g_new (NnConfusion, d->n_test);
  g_autofree LbImageMetrics *metrics = g_new (LbImageMetrics, d->n_test);
  g_autofree float *probabilities = g_new (float, d->n_test * d->hw);
  if (!lb_evaluate_metrics (net, d->images, d->masks, d->test, d->n_test,
                            &self->config.losses[run->loss_index], &self->config.metrics,
                            d->spacings, confusion, metrics, NULL, probabilities))
    {
      g_set_error (error, LB_ERROR, LB_ERROR_DIVERGED,
                   "The trained network gives NaN on the test images. Train again with a lower "
                   "learning rate.");
      return FALSE;
    }

  g_autofree char *masks_dir = g_build_filename (dir, "masks", NULL);
  g_mkdir_with_parents (masks_dir, 0755);
  g_autofree guint8 *mask = g_malloc (d->hw);
  for (guint i = 0; i < d->n_test; i++)
    {
      /* Stored as the prediction that was scored: lung (255) where p > 0.5, else 0. */
      const float *p = probabilities + i * d->hw;
      for (gsize k = 0; k < d->hw; k++)
        mask[k] = p[k] > 0.5f ? 255 : 0;
      g_autofree char *file = g_strconcat (g_ptr_array_index (d->names, d->test[i]), ".png", NULL);
      g_autofree char *path = g_build_filename (masks_dir, file, NULL);
      if (!lb_image_save_gray_png (path, mask, size, size, error))
        return FALSE;
    }

  const char *header[] = { "name", "source", "tp", "fp", "fn", "tn", NULL };
  g_autoptr (GPtrArray) columns = g_ptr_array_new ();
  for (const char **h = header; *h; h++)
    g_ptr_array_add (columns, (gpointer) *h);
  for (int k = 0; k < NN_METRIC_COUNT; k++)
    g_ptr_array_add (columns, (gpointer) nn_metric_to_string (k));
  lb_metric_add_boundary_columns (columns);
  g_ptr_array_add (columns, NULL);
  g_autoptr (LbCsv) csv = lb_csv_new ((const char *const *) columns->pdata);
  g_autofree NnMetrics *rows = g_new (NnMetrics, d->n_test);
  nn_metrics_summarize (confusion, d->n_test, rows, summary);
  for (guint i = 0; i < d->n_test; i++)
    {
      lb_csv_add_string (csv, g_ptr_array_index (d->names, d->test[i]));
      lb_csv_add_string (csv, g_ptr_array_index (d->sources, d->test[i]));
      lb_csv_add_int (csv, confusion[i].tp);
      lb_csv_add_int (csv, confusion[i].fp);
      lb_csv_add_int (csv, confusion[i].fn);
      lb_csv_add_int (csv, confusion[i].tn);
      for (int k = 0; k < NN_METRIC_COUNT; k++)
        lb_csv_add_double (csv, rows[i].value[k], 9);
      lb_metric_add_boundary_fields (csv, &metrics[i]);
      lb_csv_end_row (csv);
    }
  g_autofree char *path = g_build_filename (dir, "per-image.csv", NULL);
  return lb_csv_save (csv, path, error);
}

/* The external sets first and the split's test images last: the run's own per-image.csv is
 * what marks it done, so a done run has been measured on every set. */
static gboolean
evaluate_test (LbExperiment *self, guint index, LbTrainer *trainer, const Data *d, GError **error)
{
  LbRunInfo *run = &g_array_index (self->runs, LbRunInfo, index);
  NnUNet *net = lb_trainer_get_network (trainer);
  NnMetricsSummary summary;
  for (guint s = 0; s < self->config.n_external; s++)
    {
      g_autofree char *dir = run_file (self, run, "external");
      g_autofree char *set_dir = g_build_filename (dir, self->config.external[s].name, NULL);
      if (!evaluate_into (self, run, net, d->external[s], set_dir, &summary, error))
        return FALSE;
    }
  g_autofree char *dir = run_dir (self, run);
  if (!evaluate_into (self, run, net, d, dir, &summary, error))
    return FALSE;

  /* The boundary means are read back from the file by refresh_run_from_disk, as a reopened
   * experiment reads them. */
  pthread_mutex_lock (&self->mutex);
  run->test_mean = summary.mean;
  run->test_pooled = summary.pooled;
  pthread_mutex_unlock (&self->mutex);
  return TRUE;
}

/* ---- the queue ---- */

static void
on_trainer_progress (LbTrainer *trainer, gpointer data)
{
  lb_notifier_notify (LB_EXPERIMENT (data)->notifier);
}

static gboolean
train_run (LbExperiment *self,
           guint index,
           const Data *d,
           GCancellable *cancellable,
           GError **error)
{
  LbRunInfo *run = &g_array_index (self->runs, LbRunInfo, index);
  LbTrainConfig config = self->config.train;
  config.loss = self->config.losses[run->loss_index];
  config.learning_rate = lb_experiment_config_get_learning_rate (&self->config, run->loss_index);
  lb_experiment_config_get_augment (&self->config, run->loss_index, &config.augment);
  config.seed = run->seed;
  LbTrainData data = { d->images, d->masks, d->train, d->n_train, d->val, d->n_val,
                       d->spacings };
  g_autofree char *dir = run_dir (self, run);
  g_autoptr (GError) local = NULL;

  g_autoptr (LbTrainer) trainer = lb_trainer_new (&config, &data, dir, &local);
  if (trainer != NULL)
    {
      pthread_mutex_lock (&self->mutex);
      g_set_object (&self->current, trainer);
      pthread_mutex_unlock (&self->mutex);
      set_run_state (self, index, LB_RUN_RUNNING, NULL);
      emit (self, SIGNAL_RUN_STARTED, index);
      gulong handler = g_signal_connect (trainer, "progress", G_CALLBACK (on_trainer_progress),
                                         self);
      gboolean trained = lb_trainer_run (trainer, cancellable, &local);
      g_signal_handler_disconnect (trainer, handler);
      if (trained)
        evaluate_test (self, index, trainer, d, &local);
      pthread_mutex_lock (&self->mutex);
      g_clear_object (&self->current);
      pthread_mutex_unlock (&self->mutex);
    }

  if (local == NULL)
    {
      pthread_mutex_lock (&self->mutex);
      refresh_run_from_disk (self, run);
      pthread_mutex_unlock (&self->mutex);
      emit (self, SIGNAL_RUN_FINISHED, index);
      return TRUE;
    }
  /* Stopped, or out of room, memory or leave to write: nothing is wrong with the run itself.
   * It stays interrupted, for resume to go on from its last saved epoch once there is room,
   * and the other runs wait (they would fail alike). */
  if (g_error_matches (local, LB_ERROR, LB_ERROR_CANCELLED)
      || g_error_matches (local, LB_ERROR, LB_ERROR_NO_SPACE)
      || g_error_matches (local, LB_ERROR, LB_ERROR_TOO_LARGE)
      || g_error_matches (local, LB_ERROR, LB_ERROR_PERMISSION))
    {
      set_run_state (self, index, LB_RUN_INTERRUPTED, local->message);
      emit (self, SIGNAL_RUN_FINISHED, index);
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  /* Diverged, or refused: recorded with its reason; the other runs go on. */
  g_autofree char *failed = run_file (self, run, "failed.txt");
  g_mkdir_with_parents (dir, 0755);
  lb_file_write_atomic (failed, local->message, strlen (local->message), NULL);
  set_run_state (self, index, LB_RUN_FAILED, local->message);
  emit (self, SIGNAL_RUN_FINISHED, index);
  return TRUE;
}

static void
cancel_run (gpointer claim, gpointer cancellable)
{
  g_cancellable_cancel (cancellable);
}

static void
cancel_with_parent (GCancellable *parent, gpointer cancellable)
{
  g_cancellable_cancel (cancellable);
}

/* Trains run INDEX under CLAIM: losing the claim stops the training, which is then another
 * process's to finish, and the queue goes on. */
static gboolean
train_claimed (LbExperiment *self, guint index, const Data *d, LbRunClaim *claim,
               GCancellable *cancellable, GError **error)
{
  g_autoptr (GCancellable) run_cancellable = g_cancellable_new ();
  gulong link = cancellable ? g_cancellable_connect (cancellable, G_CALLBACK (cancel_with_parent),
                                                     run_cancellable, NULL)
                            : 0;
  lb_run_claim_set_lost_func (claim, cancel_run, run_cancellable);
  pthread_mutex_lock (&self->mutex);
  self->training = (int) index;
  pthread_mutex_unlock (&self->mutex);
  g_autoptr (GError) local = NULL;
  gboolean ok = train_run (self, index, d, run_cancellable, &local);
  pthread_mutex_lock (&self->mutex);
  self->training = -1;
  pthread_mutex_unlock (&self->mutex);
  lb_run_claim_set_lost_func (claim, NULL, NULL);
  if (cancellable)
    g_cancellable_disconnect (cancellable, link);
  if (!ok && lb_run_claim_is_lost (claim)
      && (cancellable == NULL || !g_cancellable_is_cancelled (cancellable)))
    {
      pthread_mutex_lock (&self->mutex);
      refresh_run_from_disk (self, &g_array_index (self->runs, LbRunInfo, index));
      pthread_mutex_unlock (&self->mutex);
      g_message ("Another process took run %u over while this one trained it; it is left to it.",
                 index);
      return TRUE;
    }
  if (!ok)
    g_propagate_error (error, g_steal_pointer (&local));
  return ok;
}

/* What writers killed in run folder DIR left in its masks (the claim sweeps the folder). */
static void
sweep_masks (const char *dir, gint64 stale_seconds)
{
  g_autofree char *masks = g_build_filename (dir, "masks", NULL);
  lb_file_sweep_scratch (masks, stale_seconds);
}

/* Claims run INDEX and trains it; a run another process holds is left to it. */
static gboolean
claim_and_train (LbExperiment *self, guint index, const Data *d, GCancellable *cancellable,
                 GError **error)
{
  pthread_mutex_lock (&self->mutex);
  g_autofree char *dir = run_dir (self, &g_array_index (self->runs, LbRunInfo, index));
  pthread_mutex_unlock (&self->mutex);
  g_autoptr (GError) local = NULL;
  g_autoptr (LbRunClaim) claim = lb_run_claim_take (dir, self->stale_seconds, &local);
  if (claim == NULL && g_error_matches (local, LB_ERROR, LB_ERROR_BUSY))
    {
      pthread_mutex_lock (&self->mutex);
      refresh_run_from_disk (self, &g_array_index (self->runs, LbRunInfo, index));
      pthread_mutex_unlock (&self->mutex);
      emit (self, SIGNAL_RUN_FINISHED, index);
      return TRUE;
    }
  if (claim == NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  sweep_masks (dir, self->stale_seconds);
  return train_claimed (self, index, d, claim, cancellable, error);
}

gboolean
lb_experiment_run (LbExperiment *self, GCancellable *cancellable, GError **error)
{
  g_return_val_if_fail (LB_IS_EXPERIMENT (self), FALSE);

  /* A holder killed between its run's last file and letting go left its claim. */
  for (guint i = 0; i < self->runs->len; i++)
    {
      LbRunState state = g_array_index (self->runs, LbRunInfo, i).state;
      g_autofree char *dir = run_dir (self, &g_array_index (self->runs, LbRunInfo, i));
      if (state == LB_RUN_DONE || state == LB_RUN_FAILED)
        lb_run_claim_sweep_ended (dir, self->stale_seconds);
    }
  /* Every run done: the exports again, which a kill may have cut short. */
  if (lb_experiment_is_complete (self))
    return lb_experiment_export_folder (self, error);

  g_autoptr (Data) d = load_data (self, cancellable, error);
  if (d == NULL)
    return FALSE;

  for (guint i = 0; i < self->runs->len; i++)
    {
      LbRunState state = g_array_index (self->runs, LbRunInfo, i).state;
      if (state == LB_RUN_DONE || state == LB_RUN_FAILED)
        continue;
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
      if (!claim_and_train (self, i, d, cancellable, error))
        return FALSE;
    }

  /* Runs others hold finish there; whoever collects writes the exports. */
  if (!lb_experiment_is_complete (self))
    return TRUE;
  return lb_experiment_export_folder (self, error);
}

gboolean
lb_experiment_run_one (LbExperiment *self, guint index, GCancellable *cancellable,
                       GError **error)
{
  g_return_val_if_fail (LB_IS_EXPERIMENT (self), FALSE);
  g_return_val_if_fail (index < self->runs->len, FALSE);
  LbRunState state = g_array_index (self->runs, LbRunInfo, index).state;
  if (state == LB_RUN_DONE || state == LB_RUN_FAILED)
    return TRUE;

  /* Claimed before the data load, so that a task loading its data is seen as running. */
  g_autofree char *dir = run_dir (self, &g_array_index (self->runs, LbRunInfo, index));
  g_autoptr (LbRunClaim) claim = lb_run_claim_take (dir, self->stale_seconds, error);
  if (claim == NULL)
    return FALSE;
  sweep_masks (dir, self->stale_seconds);
  g_autoptr (Data) d = load_data (self, cancellable, error);
  if (d == NULL)
    return FALSE;
  return train_claimed (self, index, d, claim, cancellable, error);
}

void
lb_experiment_set_stale_seconds (LbExperiment *self, gint64 seconds)
{
  self->stale_seconds = seconds;
}

gboolean
lb_experiment_reload_runs (LbExperiment *self)
{
  gboolean changed = FALSE;
  pthread_mutex_lock (&self->mutex);
  for (guint i = 0; i < self->runs->len; i++)
    {
      LbRunInfo *run = &g_array_index (self->runs, LbRunInfo, i);
      /* A done run never changes again; the one this process trains is its own. */
      if ((int) i == self->training || run->state == LB_RUN_DONE)
        continue;
      LbRunState state = run->state;
      int epochs = run->epochs_done;
      g_autofree char *holder = g_strdup (run->holder);
      refresh_run_from_disk (self, run);
      /* A heartbeat alone is no news: what a view shows is state, epochs and holder. */
      changed |= state != run->state || epochs != run->epochs_done
                 || g_strcmp0 (holder, run->holder) != 0;
    }
  pthread_mutex_unlock (&self->mutex);
  return changed;
}

gboolean
lb_experiment_export_folder (LbExperiment *self, GError **error)
{
  /* The exports beside the runs, so a finished folder is self-explaining. */
  g_autofree char *summary = g_build_filename (self->folder, "summary.csv", NULL);
  g_autofree char *history = g_build_filename (self->folder, "history.csv", NULL);
  g_autofree char *per_image = g_build_filename (self->folder, "per-image.csv", NULL);
  g_autofree char *comparisons = g_build_filename (self->folder, "comparisons.csv", NULL);
  if (!lb_experiment_export_csv (self, summary, history, per_image, comparisons, error)
      || !lb_experiment_export_external_csv (self, self->config.compare_metric, self->folder,
                                             error))
    return FALSE;
  return self->config.sweep.n_axes == 0
         || lb_sweep_export_folder (self, self->config.compare_metric, self->folder, error);
}

static gboolean
run_on_worker (GObject *self, GCancellable *cancellable, GError **error)
{
  return lb_experiment_run (LB_EXPERIMENT (self), cancellable, error);
}

static void
run_ended (GObject *object)
{
  LbExperiment *self = LB_EXPERIMENT (object);
  pthread_mutex_lock (&self->mutex);
  g_clear_pointer (&self->signal_context, g_main_context_unref);
  pthread_mutex_unlock (&self->mutex);
  lb_notifier_detach (self->notifier);
}

void
lb_experiment_run_async (LbExperiment *self,
                         GCancellable *cancellable,
                         GAsyncReadyCallback callback,
                         gpointer user_data)
{
  pthread_mutex_lock (&self->mutex);
  self->signal_context = g_main_context_ref_thread_default ();
  lb_notifier_attach (self->notifier, self->signal_context);
  pthread_mutex_unlock (&self->mutex);
  lb_run_in_thread_async (G_OBJECT (self), lb_experiment_run_async, run_on_worker, run_ended,
                          cancellable, callback, user_data);
}

gboolean
lb_experiment_run_finish (LbExperiment *self, GAsyncResult *result, GError **error)
{
  return lb_run_finish (G_OBJECT (self), result, error);
}
