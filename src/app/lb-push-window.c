/* lb-push-window.c — where each loss pushes, and the loss explorer.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The window holds copies of a few images with their logits; every change of image, edit or
 * losses recomputes the maps on the main thread: a handful of loss evaluations on one image,
 * milliseconds even at 256².  A finished run's logits come from its saved best weights,
 * predicted on a worker thread. */

#include "lb-config.h"

#include "lb-push-window.h"

#include <string.h>

#include "lb-loss-push.h"
#include "lb-loss-catalogue.h"
#include "lb-prediction-edit.h"
#include "lb-push-area.h"
#include "lb-push-figure.h"
#include "lb-save-dialog.h"
#include "lb-system.h"
#include "lb-weights.h"
#include "lb-window.h"

typedef struct
{
  char *name;
  guint8 *image;
  guint8 *truth;
  float *mask;   /* the truth as the losses read it, 0/1 */
  float *input;  /* the network's input (a finished run's images); NULL in training */
  float *logits; /* NULL until predicted */
} PushImage;

/* A finished run that can be shown. */
typedef struct
{
  guint run;        /* index into the experiment's runs */
  guint loss_index;
  int best_epoch;
  char *label;      /* "Dice-BCE, seed 1" */
  char *weights;    /* its weights.safetensors */
} PushRun;

struct _LbPushWindow
{
  AdwWindow parent_instance;

  AdwWindowTitle *window_title;
  AdwComboRow *run_row;
  AdwComboRow *image_row;
  AdwComboRow *edit_row;
  AdwActionRow *strength_row;
  GtkSpinButton *strength_spin;
  AdwPreferencesGroup *losses_group;
  GtkStack *stack;
  AdwStatusPage *empty_page;
  LbPushArea *area;

  GSettings *settings;
  GtkCheckButton *loss_checks[NN_LOSS_COUNT];

  GPtrArray *images; /* PushImage */
  guint size;
  char *source;
  gboolean has_own;
  NnLossConfig own_loss;
  char *own_label;
  int epoch;

  LbExperiment *experiment;
  GArray *runs;      /* PushRun */
  GCancellable *cancellable;
  gboolean filling;  /* while a row's model changes: one update at the end, not one per row */
};

G_DEFINE_FINAL_TYPE (LbPushWindow, lb_push_window, ADW_TYPE_WINDOW)

static void
push_image_free (gpointer data)
{
  PushImage *image = data;

  g_free (image->name);
  g_free (image->image);
  g_free (image->truth);
  g_free (image->mask);
  g_free (image->input);
  g_free (image->logits);
  g_free (image);
}

static PushImage *
push_image_new (const char   *name,
                const guint8 *image,
                const guint8 *truth,
                guint         size)
{
  gsize plane = (gsize) size * size;
  PushImage *self = g_new0 (PushImage, 1);

  self->name = g_strdup (name);
  self->image = g_memdup2 (image, plane);
  self->truth = g_memdup2 (truth, plane);
  self->mask = g_new (float, plane);
  for (gsize k = 0; k < plane; k++)
    self->mask[k] = truth[k] ? 1.0f : 0.0f;
  return self;
}

static void
push_run_clear (gpointer data)
{
  PushRun *run = data;

  g_free (run->label);
  g_free (run->weights);
}

/* ---- the maps ---- */

/* "as predicted", "eroded by 3 px", …: what the explorer did to the prediction. */
static char *
dup_edit_description (LbPredictionEdit edit,
                      int              strength)
{
  switch (edit)
    {
    case LB_PREDICTION_ERODE:
      return g_strdup_printf ("eroded by %d px", strength);
    case LB_PREDICTION_DILATE:
      return g_strdup_printf ("dilated by %d px", strength);
    case LB_PREDICTION_BLUR:
      return g_strdup_printf ("blurred, σ %d px", strength);
    case LB_PREDICTION_SHARPEN:
      return g_strdup_printf ("sharpened ×%d", strength);
    case LB_PREDICTION_OVERCONFIDENT:
      return g_strdup_printf ("logits ×%g", 1 + strength / 2.0);
    case LB_PREDICTION_UNDERCONFIDENT:
      return g_strdup_printf ("logits ÷%g", 1 + strength / 2.0);
    case LB_PREDICTION_AS_IS:
    case LB_PREDICTION_EDIT_COUNT:
      break;
    }
  return g_strdup ("as predicted");
}

static double
iou_of (const float *logits,
        const guint8 *truth,
        gsize         plane)
{
  gsize inter = 0, uni = 0;

  for (gsize k = 0; k < plane; k++)
    {
      gboolean lung = logits[k] > 0;

      inter += lung && truth[k];
      uni += lung || truth[k];
    }
  return uni > 0 ? (double) inter / uni : 1.0;
}

static PushImage *
current_image (LbPushWindow *self)
{
  guint i = adw_combo_row_get_selected (self->image_row);

  return i < self->images->len ? g_ptr_array_index (self->images, i) : NULL;
}

static void
add_map (LbPushFigure       *figure,
         const char         *label,
         const NnLossConfig *loss,
         const float        *logits,
         const PushImage    *image,
         guint               size,
         int                 epoch)
{
  g_autofree float *gradient = g_new (float, (gsize) size * size);
  double value = lb_loss_push (loss, logits, image->mask, (int) size, epoch, gradient);

  lb_push_figure_add_loss (figure, label, value, gradient);
}

static void lb_push_window_update (LbPushWindow *self);

/* The explorer's choice, kept for the next time. */
static void
edit_changed (LbPushWindow *self)
{
  LbPredictionEdit edit = (LbPredictionEdit) adw_combo_row_get_selected (self->edit_row);

  if (edit < LB_PREDICTION_EDIT_COUNT)
    g_settings_set_string (self->settings, "push-edit", lb_prediction_edit_to_string (edit));
  g_settings_set_int (self->settings, "push-strength",
                      gtk_spin_button_get_value_as_int (self->strength_spin));
  lb_push_window_update (self);
}

static void
lb_push_window_update (LbPushWindow *self)
{
  PushImage *image = current_image (self);
  LbPredictionEdit edit = (LbPredictionEdit) adw_combo_row_get_selected (self->edit_row);
  int strength = gtk_spin_button_get_value_as_int (self->strength_spin);
  gsize plane = (gsize) self->size * self->size;

  if (self->filling)
    return;
  /* The spin button too: a screen reader reads its own state, not its row's. */
  gtk_widget_set_sensitive (GTK_WIDGET (self->strength_row), edit != LB_PREDICTION_AS_IS);
  gtk_widget_set_sensitive (GTK_WIDGET (self->strength_spin), edit != LB_PREDICTION_AS_IS);
  if (image == NULL || image->logits == NULL)
    {
      lb_push_area_set_figure (self->area, NULL);
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "push.export", FALSE);
      if (g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "loading") != 0)
        gtk_stack_set_visible_child_name (self->stack, "empty");
      return;
    }

  g_autofree float *logits = g_new (float, plane);
  lb_prediction_edit_apply (edit, strength, image->logits, (int) self->size, logits);
  g_autofree char *edited = dup_edit_description (edit, strength);
  g_autofree char *caption = g_strdup_printf ("IoU %.3f, %s", iou_of (logits, image->truth,
                                                                       plane), edited);
  g_autofree char *title = g_strdup_printf ("Where each loss pushes on %s", image->name);
  g_autoptr (LbPushFigure) figure = lb_push_figure_new (title, image->image, image->truth,
                                                        logits, self->size, caption);

  if (self->has_own)
    {
      g_autofree char *label = g_strdup_printf ("This run: %s", self->own_label);

      add_map (figure, label, &self->own_loss, logits, image, self->size, self->epoch);
    }
  for (int kind = 0; kind < NN_LOSS_COUNT; kind++)
    if (gtk_check_button_get_active (self->loss_checks[kind]))
      {
        NnLossConfig loss;

        nn_loss_config_preset (&loss, (NnLossKind) kind, NN_LOSS_PRESET_LITERATURE);
        add_map (figure, nn_loss_kind_to_label ((NnLossKind) kind), &loss, logits, image,
                 self->size, 0);
      }
  lb_push_area_set_figure (self->area, figure);
  gtk_stack_set_visible_child_name (self->stack, "maps");
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "push.export", TRUE);
}

/* ---- the losses shown ---- */

static void
loss_toggled (LbPushWindow *self)
{
  g_autoptr (GPtrArray) names = g_ptr_array_new ();

  for (int kind = 0; kind < NN_LOSS_COUNT; kind++)
    if (gtk_check_button_get_active (self->loss_checks[kind]))
      g_ptr_array_add (names, (gpointer) nn_loss_kind_to_string ((NnLossKind) kind));
  g_ptr_array_add (names, NULL);
  g_settings_set_strv (self->settings, "push-losses", (const char *const *) names->pdata);
  lb_push_window_update (self);
}

/* A row per loss, family by family, ticked as the settings say. */
static void
build_loss_rows (LbPushWindow *self)
{
  g_auto (GStrv) shown = g_settings_get_strv (self->settings, "push-losses");

  for (int family = 0; family < NN_LOSS_FAMILY_COUNT; family++)
    for (int kind = 0; kind < NN_LOSS_COUNT; kind++)
      {
        const char *label = nn_loss_kind_to_label ((NnLossKind) kind);
        GtkWidget *row, *check;

        if ((int) nn_loss_kind_family ((NnLossKind) kind) != family)
          continue;
        row = adw_action_row_new ();
        check = gtk_check_button_new ();
        gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
        gtk_check_button_set_active (GTK_CHECK_BUTTON (check),
                                     g_strv_contains ((const char *const *) shown,
                                                      nn_loss_kind_to_string ((NnLossKind) kind)));
        adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), label);
        adw_action_row_set_subtitle (ADW_ACTION_ROW (row),
                                     nn_loss_family_to_label ((NnLossFamily) family));
        adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
        /* Which also names the check button after the row, for a screen reader. */
        adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
        g_signal_connect_swapped (check, "toggled", G_CALLBACK (loss_toggled), self);
        self->loss_checks[kind] = GTK_CHECK_BUTTON (check);
        adw_preferences_group_add (self->losses_group, row);
      }
}

/* ---- the images ---- */

static gboolean
same_names (LbPushWindow      *self,
            guint              n,
            const LbPushImage *images)
{
  if (self->images->len != n)
    return FALSE;
  for (guint i = 0; i < n; i++)
    if (g_strcmp0 (((PushImage *) g_ptr_array_index (self->images, i))->name,
                   images[i].name) != 0)
      return FALSE;
  return TRUE;
}

/* Puts the images' names in the Image row, keeping the choice when the names are the same. */
static void
set_image_names (LbPushWindow *self,
                 gboolean      keep)
{
  guint selected = adw_combo_row_get_selected (self->image_row);
  g_autoptr (GtkStringList) names = gtk_string_list_new (NULL);

  if (keep)
    return;
  for (guint i = 0; i < self->images->len; i++)
    gtk_string_list_append (names, ((PushImage *) g_ptr_array_index (self->images, i))->name);
  self->filling = TRUE;
  adw_combo_row_set_model (self->image_row, G_LIST_MODEL (names));
  if (selected != GTK_INVALID_LIST_POSITION && selected < self->images->len)
    adw_combo_row_set_selected (self->image_row, selected);
  self->filling = FALSE;
}

void
lb_push_window_show_training (LbPushWindow       *self,
                              const char         *source,
                              const NnLossConfig *own_loss,
                              int                 epoch,
                              guint               size,
                              guint               n,
                              const LbPushImage  *images)
{
  gboolean keep;

  g_return_if_fail (LB_IS_PUSH_WINDOW (self));

  keep = size == self->size && same_names (self, n, images);
  g_ptr_array_set_size (self->images, 0);
  self->size = size;
  for (guint i = 0; i < n; i++)
    {
      PushImage *image = push_image_new (images[i].name, images[i].image, images[i].truth, size);

      image->logits = g_memdup2 (images[i].logits, (gsize) size * size * sizeof (float));
      g_ptr_array_add (self->images, image);
    }
  g_free (self->source);
  self->source = g_strdup (source);
  adw_window_title_set_subtitle (self->window_title, source);
  self->has_own = own_loss != NULL;
  if (own_loss != NULL)
    {
      self->own_loss = *own_loss;
      g_free (self->own_label);
      self->own_label = lb_loss_config_label (own_loss);
    }
  self->epoch = epoch;
  set_image_names (self, keep);
  lb_push_window_update (self);
}

/* ---- a finished run's prediction ---- */

typedef struct
{
  char *weights;
  guint size;
  guint n;
  float *inputs;  /* n × size² */
  float *logits;  /* n × size², the result */
} PredictJob;

static void
predict_job_free (PredictJob *job)
{
  g_free (job->weights);
  g_free (job->inputs);
  g_free (job->logits);
  g_free (job);
}

static void
predict_thread (GTask        *task,
                gpointer      source,
                gpointer      data,
                GCancellable *cancellable)
{
  PredictJob *job = data;
  gsize plane = (gsize) job->size * job->size;
  g_autoptr (GError) error = NULL;
  NnUNet *net;

  lb_system_enter_worker_thread ();
  net = lb_weights_load (job->weights, 1, &error);
  if (net == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if ((guint) nn_unet_get_config (net)->size != job->size)
    {
      nn_unet_free (net);
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                               "The run’s weights are for another image size than the "
                               "experiment’s.");
      return;
    }
  job->logits = g_new (float, job->n * plane);
  for (guint i = 0; i < job->n && !g_cancellable_is_cancelled (cancellable); i++)
    lb_loss_push_logits (net, job->inputs + i * plane, job->logits + i * plane);
  nn_unet_free (net);
  g_task_return_boolean (task, TRUE);
}

static void
predict_done (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  LbPushWindow *self = LB_PUSH_WINDOW (source);
  PredictJob *job = g_task_get_task_data (G_TASK (result));
  gsize plane = (gsize) self->size * self->size;
  g_autoptr (GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_autofree char *text = NULL;

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      text = g_strdup_printf ("%s Train the run again from Compare, or choose another run.",
                              error->message);
      adw_status_page_set_title (self->empty_page, "Could Not Read the Run’s Weights");
      adw_status_page_set_description (self->empty_page, text);
      gtk_stack_set_visible_child_name (self->stack, "empty");
      return;
    }
  if (g_task_get_cancellable (G_TASK (result)) != self->cancellable
      || job->n != self->images->len)
    return;
  for (guint i = 0; i < job->n; i++)
    {
      PushImage *image = g_ptr_array_index (self->images, i);

      g_free (image->logits);
      image->logits = g_memdup2 (job->logits + i * plane, plane * sizeof (float));
    }
  gtk_stack_set_visible_child_name (self->stack, "maps");
  lb_push_window_update (self);
}

static void
run_chosen (LbPushWindow *self)
{
  guint r = adw_combo_row_get_selected (self->run_row);
  gsize plane = (gsize) self->size * self->size;
  const PushRun *run;
  PredictJob *job;
  g_autoptr (GTask) task = NULL;

  if (self->filling || self->experiment == NULL || r >= self->runs->len)
    return;
  run = &g_array_index (self->runs, PushRun, r);
  self->has_own = TRUE;
  self->own_loss = lb_experiment_get_config (self->experiment)->losses[run->loss_index];
  g_free (self->own_label);
  self->own_label = lb_experiment_dup_loss_label (self->experiment, run->loss_index);
  self->epoch = MAX (0, run->best_epoch - 1);
  g_free (self->source);
  self->source = g_strdup_printf ("%s: its best weights (epoch %d)", run->label, run->best_epoch);
  adw_window_title_set_subtitle (self->window_title, self->source);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  job = g_new0 (PredictJob, 1);
  job->weights = g_strdup (run->weights);
  job->size = self->size;
  job->n = self->images->len;
  job->inputs = g_new (float, job->n * plane);
  for (guint i = 0; i < job->n; i++)
    memcpy (job->inputs + i * plane, ((PushImage *) g_ptr_array_index (self->images, i))->input,
            plane * sizeof (float));
  gtk_stack_set_visible_child_name (self->stack, "loading");
  task = g_task_new (self, self->cancellable, predict_done, NULL);
  g_task_set_task_data (task, job, (GDestroyNotify) predict_job_free);
  g_task_run_in_thread (task, predict_thread);
}

void
lb_push_window_show_experiment (LbPushWindow      *self,
                                LbExperiment      *experiment,
                                LbDataset         *dataset,
                                const char *const *names)
{
  guint size = lb_dataset_get_size (dataset);
  gsize plane = (gsize) size * size;
  g_autoptr (GtkStringList) labels = gtk_string_list_new (NULL);

  g_return_if_fail (LB_IS_PUSH_WINDOW (self));

  g_set_object (&self->experiment, experiment);
  self->size = size;
  g_ptr_array_set_size (self->images, 0);
  for (guint i = 0; names[i] != NULL; i++)
    {
      int index = lb_dataset_find (dataset, names[i]);
      g_autofree guint8 *truth = g_new (guint8, plane);
      PushImage *image;

      if (index < 0)
        continue;
      for (gsize k = 0; k < plane; k++)
        truth[k] = lb_dataset_get_masks (dataset)[plane * index + k] > 0.5f;
      image = push_image_new (names[i], lb_dataset_get_image_u8 (dataset, index), truth, size);
      image->input = g_memdup2 (lb_dataset_get_images (dataset) + plane * index,
                                plane * sizeof (float));
      g_ptr_array_add (self->images, image);
    }

  g_array_set_size (self->runs, 0);
  for (guint r = 0; r < lb_experiment_get_n_runs (experiment); r++)
    {
      LbRunInfo info;
      PushRun run = { 0 };

      lb_experiment_get_run (experiment, r, &info);
      if (info.state == LB_RUN_DONE)
        {
          g_autofree char *loss = lb_experiment_dup_loss_label (experiment, info.loss_index);

          run.run = r;
          run.loss_index = info.loss_index;
          run.best_epoch = info.best_epoch;
          run.label = g_strdup_printf ("%s, seed %" G_GUINT64_FORMAT, loss, info.seed);
          run.weights = g_build_filename (lb_experiment_get_folder (experiment), "runs",
                                          info.name, "weights.safetensors", NULL);
          g_array_append_val (self->runs, run);
          gtk_string_list_append (labels, run.label);
        }
      lb_run_info_clear (&info);
    }

  self->filling = TRUE;
  adw_combo_row_set_model (self->run_row, G_LIST_MODEL (labels));
  self->filling = FALSE;
  gtk_widget_set_visible (GTK_WIDGET (self->run_row), TRUE);
  set_image_names (self, FALSE);
  adw_status_page_set_description (self->empty_page, self->runs->len == 0
                                   ? "None of the experiment’s runs has finished."
                                   : "None of the images is in the open dataset.");
  if (self->runs->len > 0 && self->images->len > 0)
    run_chosen (self);
  else
    lb_push_window_update (self);
}

/* ---- export ---- */

typedef struct
{
  LbPushWindow *window;
  LbFigureFormat format;
} ExportRequest;

static void
export_request_free (gpointer data)
{
  ExportRequest *request = data;

  g_object_unref (request->window);
  g_free (request);
}

/* One image's maps: written at once, in the print style. */
static void
export_chosen (const char *path,
               gpointer    data)
{
  ExportRequest *request = data;
  const LbPushFigure *figure = lb_push_area_get_figure (request->window->area);
  g_autoptr (GError) error = NULL;

  if (figure != NULL && !lb_push_figure_write (figure, path, request->format, &error))
    lb_window_show_error (GTK_WIDGET (request->window), "Could Not Export the Maps",
                          error->message);
}

/* push.export("png" | "svg" | "pdf"). */
static void
lb_push_window_export (GtkWidget  *widget,
                       const char *action,
                       GVariant   *parameter)
{
  LbPushWindow *self = LB_PUSH_WINDOW (widget);
  const LbPushFigure *figure = lb_push_area_get_figure (self->area);
  LbFigureFormat format;
  ExportRequest *request;

  if (figure == NULL
      || !lb_figure_format_from_string (g_variant_get_string (parameter, NULL), &format))
    return;
  request = g_new0 (ExportRequest, 1);
  request->format = format;
  request->window = g_object_ref (self);
  g_autofree char *name = lb_figure_file_name (lb_push_figure_get_title (figure),
                                               lb_figure_format_to_string (format));
  lb_save_dialog_ask (widget, "Export Maps", "_Export", name, export_chosen, request,
                      export_request_free);
}

/* ---- GObject ---- */

LbPushWindow *
lb_push_window_new (GtkWindow *parent)
{
  return g_object_new (LB_TYPE_PUSH_WINDOW, "transient-for", parent, "destroy-with-parent",
                       TRUE, NULL);
}

static void
lb_push_window_dispose (GObject *object)
{
  LbPushWindow *self = LB_PUSH_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (object), LB_TYPE_PUSH_WINDOW);
  g_clear_object (&self->experiment);
  G_OBJECT_CLASS (lb_push_window_parent_class)->dispose (object);
}

static void
lb_push_window_finalize (GObject *object)
{
  LbPushWindow *self = LB_PUSH_WINDOW (object);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->settings);
  g_ptr_array_unref (self->images);
  g_array_unref (self->runs);
  g_free (self->source);
  g_free (self->own_label);
  G_OBJECT_CLASS (lb_push_window_parent_class)->finalize (object);
}

static void
lb_push_window_class_init (LbPushWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lb_push_window_dispose;
  object_class->finalize = lb_push_window_finalize;
  g_type_ensure (LB_TYPE_PUSH_AREA);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/lossbench/Lossbench/ui/lb-push-window.ui");
  gtk_widget_class_bind_template_child (widget_class, LbPushWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, LbPushWindow, run_row);
  gtk_widget_class_bind_template_child (widget_class, LbPushWindow, image_row);
  gtk_widget_class_bind_template_child (widget_class, LbPushWindow, edit_row);
  gtk_widget_class_bind_template_child (widget_class, LbPushWindow, strength_row);
  gtk_widget_class_bind_template_child (widget_class, LbPushWindow, strength_spin);
  gtk_widget_class_bind_template_child (widget_class, LbPushWindow, losses_group);
  gtk_widget_class_bind_template_child (widget_class, LbPushWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, LbPushWindow, empty_page);
  gtk_widget_class_bind_template_child (widget_class, LbPushWindow, area);
  gtk_widget_class_install_action (widget_class, "push.export", "s", lb_push_window_export);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
lb_push_window_init (LbPushWindow *self)
{
  g_autoptr (GtkStringList) edits = gtk_string_list_new (NULL);

  gtk_widget_init_template (GTK_WIDGET (self));
  self->settings = g_settings_new (LB_APP_ID);
  self->images = g_ptr_array_new_with_free_func (push_image_free);
  self->runs = g_array_new (FALSE, TRUE, sizeof (PushRun));
  g_array_set_clear_func (self->runs, push_run_clear);
  self->cancellable = g_cancellable_new ();

  for (int e = 0; e < LB_PREDICTION_EDIT_COUNT; e++)
    gtk_string_list_append (edits, lb_prediction_edit_to_label ((LbPredictionEdit) e));
  adw_combo_row_set_model (self->edit_row, G_LIST_MODEL (edits));
  {
    g_autofree char *name = g_settings_get_string (self->settings, "push-edit");
    LbPredictionEdit edit = LB_PREDICTION_AS_IS;

    lb_prediction_edit_from_string (name, &edit);
    adw_combo_row_set_selected (self->edit_row, edit);
    gtk_spin_button_set_value (self->strength_spin,
                               g_settings_get_int (self->settings, "push-strength"));
  }
  build_loss_rows (self);
  g_signal_connect_swapped (self->image_row, "notify::selected",
                            G_CALLBACK (lb_push_window_update), self);
  g_signal_connect_swapped (self->edit_row, "notify::selected", G_CALLBACK (edit_changed),
                            self);
  g_signal_connect_swapped (self->strength_spin, "value-changed", G_CALLBACK (edit_changed),
                            self);
  g_signal_connect_swapped (self->run_row, "notify::selected", G_CALLBACK (run_chosen), self);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "push.export", FALSE);
  lb_push_window_update (self);
}
