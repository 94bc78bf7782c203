/* lb-train-monitor.c — a training run as it goes: its loss, status, charts, predictions on
 * validation.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The trainer hands over only what is new since the last look (lb_trainer_get_progress_since):
 * the batches and epochs this view has not seen, the previews' figures already computed. Nothing
 * here grows with the length of the run but the epoch curves. */

#include "lb-config.h"

#include <math.h>

#include "lb-loss-catalogue.h"
#include "lb-mask-view.h"
#include "lb-plot.h"
#include "lb-preview-chooser.h"
#include "lb-push-window.h"
#include "lb-train-monitor.h"

/* How often the status line may change while batches go by: a person reads it at this pace,
 * and every change is also a message to screen readers. */
#define STATUS_INTERVAL_US (G_USEC_PER_SEC / 4)

struct _LbTrainMonitor
{
  AdwBin parent_instance;

  /* What the monitor has of the run so far. */
  guint batches_seen;
  GArray *epochs;               /* LbEpochRecord */
  guint last_preview_serial;   /* of the previews on show; 0: none yet */
  LbTrainer *trainer;           /* the run shown, for the images it predicts */
  gint64 status_shown;          /* when the status line was last written, µs */
  /* The latest previews, for the window of where each loss pushes, and that window. */
  LbTrainerSnapshot *preview_snapshot;
  LbDataset *preview_dataset;
  LbPushWindow *push_window;    /* weak */

  /* Template children. */
  GtkLabel *loss_label;
  GtkLabel *status_label;
  GtkRevealer *collapse_revealer;
  GtkLabel *collapse_label;
  GtkProgressBar *progress_bar;
  LbPlot *loss_plot;
  LbPlot *iou_plot;
  LbPlot *hd95_plot;
  LbPreviewChooser *preview_chooser;
  GtkButton *push_button;
  LbMaskView *previews[LB_TRAIN_MONITOR_N_PREVIEWS];
};

G_DEFINE_FINAL_TYPE (LbTrainMonitor, lb_train_monitor, ADW_TYPE_BIN)

void
lb_train_monitor_set_status (LbTrainMonitor *self,
                             const char     *text)
{
  g_return_if_fail (LB_IS_TRAIN_MONITOR (self));

  gtk_label_set_text (self->status_label, text);
}

void
lb_train_monitor_prepare (LbTrainMonitor *self,
                          const char     *status)
{
  g_return_if_fail (LB_IS_TRAIN_MONITOR (self));

  gtk_label_set_text (self->status_label, status);
  gtk_progress_bar_set_fraction (self->progress_bar, 0);
}

/* The run's loss, as a title and, in full, its formula. */
static void
lb_train_monitor_show_loss (LbTrainMonitor     *self,
                            const NnLossConfig *loss)
{
  g_autofree char *label = lb_loss_config_label (loss);
  int length = nn_loss_formula (loss, NULL, 0);
  g_autofree char *formula = g_malloc (length + 1);

  nn_loss_formula (loss, formula, length + 1);
  gtk_label_set_text (self->loss_label, label);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->loss_label), formula);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->loss_label),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, formula, -1);
  gtk_widget_set_visible (GTK_WIDGET (self->loss_label), TRUE);
}

void
lb_train_monitor_begin (LbTrainMonitor      *self,
                        const LbTrainConfig *config)
{
  g_return_if_fail (LB_IS_TRAIN_MONITOR (self));
  g_return_if_fail (config != NULL);

  self->batches_seen = 0;
  g_array_set_size (self->epochs, 0);
  self->last_preview_serial = 0;
  g_clear_object (&self->trainer);
  g_clear_pointer (&self->preview_snapshot, lb_trainer_snapshot_free);
  g_clear_object (&self->preview_dataset);
  gtk_widget_set_sensitive (GTK_WIDGET (self->push_button), FALSE);
  lb_preview_chooser_set_images (self->preview_chooser, NULL, NULL, 0, NULL, 0);
  self->status_shown = 0;
  gtk_revealer_set_reveal_child (self->collapse_revealer, FALSE);

  lb_plot_clear (self->loss_plot);
  lb_plot_add_series (self->loss_plot, "train (batch)", 0, LB_PLOT_STYLE_FAINT);
  lb_plot_add_series (self->loss_plot, "train", 0, LB_PLOT_STYLE_BOLD);
  lb_plot_add_series (self->loss_plot, "validation", 1, LB_PLOT_STYLE_BOLD);
  lb_plot_set_x_max (self->loss_plot, config->epochs);
  lb_plot_clear (self->iou_plot);
  lb_plot_add_series (self->iou_plot, "train", 0, LB_PLOT_STYLE_BOLD);
  lb_plot_add_series (self->iou_plot, "validation", 1, LB_PLOT_STYLE_BOLD);
  lb_plot_set_x_max (self->iou_plot, config->epochs);
  /* Measured on validation images only; the validation colour, as on the other charts. */
  lb_plot_clear (self->hd95_plot);
  lb_plot_add_series (self->hd95_plot, "validation", 1, LB_PLOT_STYLE_BOLD);
  lb_plot_set_x_max (self->hd95_plot, config->epochs);
  for (guint i = 0; i < LB_TRAIN_MONITOR_N_PREVIEWS; i++)
    {
      lb_mask_view_clear (self->previews[i]);
      gtk_widget_set_visible (gtk_widget_get_parent (GTK_WIDGET (self->previews[i])), TRUE);
    }
}

/* The validation images by name, those the trainer shows ticked. */
static void
lb_train_monitor_offer_previews (LbTrainMonitor *self,
                                 LbDataset      *dataset)
{
  g_autoptr (LbTrainerSnapshot) plan = lb_trainer_get_progress_since (self->trainer, G_MAXUINT,
                                                                      G_MAXUINT);
  guint n_val = 0;
  const guint *val = lb_trainer_get_validation (self->trainer, &n_val);
  g_autofree const char **names = g_new0 (const char *, MAX (n_val, 1));
  guint n_pairs = lb_dataset_get_n_pairs (dataset);

  for (guint i = 0; i < n_val; i++)
    {
      /* The previews draw the page's copy of the images: the same set, in the same order. */
      if (val[i] >= n_pairs)
        return;
      names[i] = lb_dataset_get_name (dataset, val[i]);
    }
  lb_preview_chooser_set_images (self->preview_chooser, names, val, n_val,
                                 plan->preview_indices, plan->n_previews);
}

void
lb_train_monitor_begin_run (LbTrainMonitor *self,
                            LbTrainer      *trainer,
                            LbDataset      *dataset)
{
  const LbTrainConfig *config;

  g_return_if_fail (LB_IS_TRAIN_MONITOR (self));
  g_return_if_fail (LB_IS_TRAINER (trainer));
  g_return_if_fail (LB_IS_DATASET (dataset));

  config = lb_trainer_get_config (trainer);
  lb_train_monitor_begin (self, config);
  self->trainer = g_object_ref (trainer);
  lb_train_monitor_show_loss (self, &config->loss);
  lb_train_monitor_offer_previews (self, dataset);
}

static void
lb_train_monitor_previews_chosen (LbTrainMonitor *self)
{
  guint n_shown = 0;
  const guint *shown = lb_preview_chooser_get_shown (self->preview_chooser, &n_shown);

  if (self->trainer != NULL)
    lb_trainer_choose_previews (self->trainer, shown, (int) n_shown);
}

static void
lb_train_monitor_update_previews (LbTrainMonitor          *self,
                                  const LbTrainerSnapshot *snap,
                                  LbDataset               *dataset)
{
  gsize plane = (gsize) snap->size * snap->size;

  /* Thresholds and figures come from the trainer's thread: here, only what to show. */
  for (int i = 0; i < LB_TRAIN_MONITOR_N_PREVIEWS; i++)
    {
      LbMaskView *view = self->previews[i];
      guint index;
      g_autofree char *description = NULL;

      /* A small validation set has fewer images than preview slots: hide the rest. */
      gtk_widget_set_visible (gtk_widget_get_parent (GTK_WIDGET (view)), i < snap->n_previews);
      if (i >= snap->n_previews)
        {
          lb_mask_view_clear (view);
          continue;
        }
      index = snap->preview_indices[i];
      lb_mask_view_set_pair (view, lb_dataset_get_image_u8 (dataset, index),
                             snap->preview_truth + plane * i, snap->previews + plane * i,
                             snap->size);
      description = g_strdup_printf ("%s after epoch %u: %.1f %% predicted lung, IoU %.3f",
                                     lb_dataset_get_name (dataset, index), snap->n_epochs_total,
                                     100.0 * snap->preview_lung[i], snap->preview_iou[i]);
      gtk_accessible_update_property (GTK_ACCESSIBLE (view), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                      description, -1);
      gtk_widget_set_tooltip_text (GTK_WIDGET (view), description);
    }
}

static void
lb_train_monitor_update_markers (LbTrainMonitor *self,
                                 int             best_epoch)
{
  LbPlot *plots[] = { self->loss_plot, self->iou_plot, self->hd95_plot };

  for (guint p = 0; p < G_N_ELEMENTS (plots); p++)
    lb_plot_clear_markers (plots[p]);
  for (guint i = 1; i < self->epochs->len; i++)
    {
      const LbEpochRecord *r = &g_array_index (self->epochs, LbEpochRecord, i);
      const LbEpochRecord *prev = &g_array_index (self->epochs, LbEpochRecord, i - 1);

      /* The epoch's rate is the one used during it: a drop shows between two epochs. */
      if (r->learning_rate < prev->learning_rate)
        {
          g_autofree char *label = g_strdup_printf ("lr %.0e", r->learning_rate);

          for (guint p = 0; p < G_N_ELEMENTS (plots); p++)
            lb_plot_add_marker (plots[p], prev->epoch + 0.5, label, FALSE);
        }
    }
  if (best_epoch > 0)
    for (guint p = 0; p < G_N_ELEMENTS (plots); p++)
      lb_plot_add_marker (plots[p], best_epoch, "best", TRUE);
}

/* Whether the last epoch predicted one class everywhere, in the page at once with what to do;
 * an epoch that recovers takes it away. */
static void
lb_train_monitor_update_collapse (LbTrainMonitor *self)
{
  const LbEpochRecord *last;
  g_autofree char *text = NULL;

  if (self->epochs->len == 0)
    return;
  last = &g_array_index (self->epochs, LbEpochRecord, self->epochs->len - 1);
  if (last->collapsed)
    {
      gboolean lung = last->val.value[NN_METRIC_RECALL] > 0.5;

      text = g_strdup_printf ("After epoch %d every pixel is predicted %s: the run has "
                              "collapsed, and its numbers are not a result. It may recover in "
                              "the next epochs; if not, try the poster’s settings or a lower "
                              "learning rate.", last->epoch, lung ? "lung" : "background");
      gtk_label_set_text (self->collapse_label, text);
    }
  gtk_revealer_set_reveal_child (self->collapse_revealer, last->collapsed);
}

/* Appends what the snapshot brings: the new batches, and the epoch curves and markers when an
 * epoch ended. */
static void
lb_train_monitor_update_charts (LbTrainMonitor          *self,
                                const LbTrainerSnapshot *snap)
{
  guint n_new = snap->batch_losses->len;
  guint n_epochs;

  if (n_new > 0)
    {
      g_autofree double *bx = g_new (double, n_new);

      for (guint i = 0; i < n_new; i++)
        bx[i] = (double) (snap->first_batch + i + 1) / MAX (snap->n_batches, 1);
      lb_plot_append_points (self->loss_plot, 0, bx, (const double *) snap->batch_losses->data,
                             n_new);
      self->batches_seen = snap->first_batch + n_new;
    }
  if (snap->epochs_done->len == 0)
    return;

  g_array_set_size (self->epochs, snap->first_epoch);
  g_array_append_vals (self->epochs, snap->epochs_done->data, snap->epochs_done->len);
  n_epochs = self->epochs->len;
  {
    g_autofree double *ex = g_new (double, n_epochs);
    g_autofree double *train_loss = g_new (double, n_epochs);
    g_autofree double *val_loss = g_new (double, n_epochs);
    g_autofree double *train_iou = g_new (double, n_epochs);
    g_autofree double *val_iou = g_new (double, n_epochs);
    g_autofree double *val_hd95 = g_new (double, n_epochs);

    for (guint i = 0; i < n_epochs; i++)
      {
        const LbEpochRecord *r = &g_array_index (self->epochs, LbEpochRecord, i);

        ex[i] = r->epoch;
        train_loss[i] = r->train_loss;
        val_loss[i] = r->val_loss;
        train_iou[i] = r->train.value[NN_METRIC_IOU];
        val_iou[i] = r->val.value[NN_METRIC_IOU];
        val_hd95[i] = r->val_hd95;
      }
    lb_plot_set_points (self->loss_plot, 1, ex, train_loss, n_epochs);
    lb_plot_set_points (self->loss_plot, 2, ex, val_loss, n_epochs);
    lb_plot_set_points (self->iou_plot, 0, ex, train_iou, n_epochs);
    lb_plot_set_points (self->iou_plot, 1, ex, val_iou, n_epochs);
    lb_plot_set_points (self->hd95_plot, 0, ex, val_hd95, n_epochs);
  }
  lb_train_monitor_update_markers (self, snap->best_epoch);
  lb_train_monitor_update_collapse (self);
}

static const char *
state_prefix (LbTrainerState state)
{
  switch (state)
    {
    case LB_TRAINER_PAUSED:
      return "Paused — ";
    case LB_TRAINER_FINISHED:
      return "Finished — ";
    case LB_TRAINER_CANCELLED:
      return "Stopped — ";
    case LB_TRAINER_FAILED:
      return "Failed — ";
    case LB_TRAINER_IDLE:
    case LB_TRAINER_RUNNING:
    default:
      return "";
    }
}

static void
append_time_left (GString *text,
                  double   eta_seconds)
{
  int s;

  if (!isfinite (eta_seconds))
    {
      g_string_append (text, " — estimating time left");
      return;
    }
  s = (int) (eta_seconds + 0.5);
  if (s >= 3600)
    g_string_append_printf (text, " — about %d h %02d min left", s / 3600, s / 60 % 60);
  else if (s >= 60)
    g_string_append_printf (text, " — about %d min %02d s left", s / 60, s % 60);
  else
    g_string_append_printf (text, " — about %d s left", s);
}

static void
lb_train_monitor_update_status (LbTrainMonitor          *self,
                                const LbTrainerSnapshot *snap,
                                gboolean                 now)
{
  g_autoptr (GString) text = g_string_new (NULL);
  double fraction = 0;
  gint64 time = g_get_monotonic_time ();

  if (!now && time - self->status_shown < STATUS_INTERVAL_US)
    return;
  self->status_shown = time;
  if (snap->epochs > 0 && snap->n_batches > 0)
    {
      int done = snap->n_epochs_total;

      fraction = (done + (snap->epoch > done ? (double) snap->batch / snap->n_batches : 0))
                 / snap->epochs;
    }
  gtk_progress_bar_set_fraction (self->progress_bar, CLAMP (fraction, 0, 1));

  g_string_append (text, state_prefix (snap->state));
  g_string_append_printf (text, "Epoch %d of %d, ", MAX (snap->epoch, 1), snap->epochs);
  if (snap->batch == 0)
    g_string_append (text, "starting");
  else
    g_string_append_printf (text, "batch %d of %d", snap->batch, snap->n_batches);
  if (snap->state == LB_TRAINER_RUNNING || snap->state == LB_TRAINER_PAUSED)
    append_time_left (text, snap->eta_seconds);
  if (snap->best_epoch > 0 && (guint) snap->best_epoch <= self->epochs->len)
    {
      const LbEpochRecord *best = &g_array_index (self->epochs, LbEpochRecord,
                                                  snap->best_epoch - 1);

      /* The weights kept are those of the lowest validation loss, not the highest IoU. */
      g_string_append_printf (text, " — kept epoch %d (lowest val loss), val IoU %.3f",
                              snap->best_epoch, best->val.value[NN_METRIC_IOU]);
    }
  if (g_strcmp0 (gtk_label_get_text (self->status_label), text->str) != 0)
    gtk_label_set_text (self->status_label, text->str);
  if (g_strcmp0 (gtk_widget_get_tooltip_text (GTK_WIDGET (self->status_label)), snap->message) != 0)
    gtk_widget_set_tooltip_text (GTK_WIDGET (self->status_label), snap->message);
}

void
lb_train_monitor_show_result (LbTrainMonitor  *self,
                              const LbRunInfo *run)
{
  g_autofree char *text = NULL;

  g_return_if_fail (LB_IS_TRAIN_MONITOR (self));
  g_return_if_fail (run != NULL);

  if (run->state != LB_RUN_DONE)
    return;
  text = g_strdup_printf ("%s — test IoU %.3f, HD95 %.1f px", gtk_label_get_text (self->status_label),
                          run->test_mean.value[NN_METRIC_IOU], run->test_value[LB_METRIC_HD95]);
  gtk_label_set_text (self->status_label, text);
}

/* The previews on show, to the window of where each loss pushes (when it is open). */
static void
lb_train_monitor_feed_push (LbTrainMonitor *self)
{
  const LbTrainerSnapshot *snap = self->preview_snapshot;
  gsize plane;
  g_autofree LbPushImage *images = NULL;
  g_autofree char *loss = NULL;
  g_autofree char *source = NULL;
  const LbTrainConfig *config;

  if (self->push_window == NULL || snap == NULL || self->trainer == NULL)
    return;
  plane = (gsize) snap->size * snap->size;
  config = lb_trainer_get_config (self->trainer);
  images = g_new0 (LbPushImage, MAX (snap->n_previews, 1));
  for (int i = 0; i < snap->n_previews; i++)
    images[i] = (LbPushImage) {
      lb_dataset_get_name (self->preview_dataset, snap->preview_indices[i]),
      lb_dataset_get_image_u8 (self->preview_dataset, snap->preview_indices[i]),
      snap->preview_truth + plane * i,
      snap->preview_logits + plane * i,
    };
  loss = lb_loss_config_label (&config->loss);
  source = g_strdup_printf ("Training %s: after epoch %u of %d", loss, snap->n_epochs_total,
                            config->epochs);
  lb_push_window_show_training (self->push_window, source, &config->loss,
                                MAX (0, (int) snap->n_epochs_total - 1), (guint) snap->size,
                                (guint) snap->n_previews, images);
}

/* The button beside the previews. */
static void
lb_train_monitor_push_clicked (LbTrainMonitor *self)
{
  lb_train_monitor_show_push (self);
}

GtkWindow *
lb_train_monitor_show_push (LbTrainMonitor *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  g_return_val_if_fail (LB_IS_TRAIN_MONITOR (self), NULL);

  if (self->push_window == NULL)
    {
      self->push_window = lb_push_window_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL);
      g_object_add_weak_pointer (G_OBJECT (self->push_window), (gpointer *) &self->push_window);
      lb_train_monitor_feed_push (self);
    }
  gtk_window_present (GTK_WINDOW (self->push_window));
  return GTK_WINDOW (self->push_window);
}

guint
lb_train_monitor_update (LbTrainMonitor *self,
                         LbTrainer      *trainer,
                         LbDataset      *dataset)
{
  g_autoptr (LbTrainerSnapshot) snap = NULL;
  gboolean new_epoch;
  LbTrainerState state;
  guint n_epochs;

  g_return_val_if_fail (LB_IS_TRAIN_MONITOR (self), 0);
  g_return_val_if_fail (LB_IS_TRAINER (trainer), 0);

  snap = lb_trainer_get_progress_since (trainer, self->batches_seen, self->epochs->len);
  new_epoch = snap->epochs_done->len > 0;
  lb_train_monitor_update_charts (self, snap);
  /* Every epoch, and every change of state, at once; batch counts at a reading pace. */
  lb_train_monitor_update_status (self, snap, new_epoch || snap->state != LB_TRAINER_RUNNING);
  state = snap->state;
  n_epochs = snap->n_epochs_total;
  if (snap->previews != NULL && snap->preview_serial != self->last_preview_serial)
    {
      self->last_preview_serial = snap->preview_serial;
      lb_train_monitor_update_previews (self, snap, dataset);
      g_clear_pointer (&self->preview_snapshot, lb_trainer_snapshot_free);
      self->preview_snapshot = g_steal_pointer (&snap);
      g_set_object (&self->preview_dataset, dataset);
      lb_train_monitor_feed_push (self);
      gtk_widget_set_sensitive (GTK_WIDGET (self->push_button), TRUE);
    }
  /* Only a run that trains can predict other images. */
  gtk_widget_set_sensitive (GTK_WIDGET (self->preview_chooser),
                            state == LB_TRAINER_RUNNING || state == LB_TRAINER_PAUSED);
  return n_epochs;
}

/* ---- GObject ---- */

static void
lb_train_monitor_dispose (GObject *object)
{
  LbTrainMonitor *self = LB_TRAIN_MONITOR (object);

  g_clear_object (&self->trainer);
  g_clear_object (&self->preview_dataset);
  if (self->push_window != NULL)
    g_object_remove_weak_pointer (G_OBJECT (self->push_window), (gpointer *) &self->push_window);
  self->push_window = NULL;
  gtk_widget_dispose_template (GTK_WIDGET (object), LB_TYPE_TRAIN_MONITOR);

  G_OBJECT_CLASS (lb_train_monitor_parent_class)->dispose (object);
}

static void
lb_train_monitor_finalize (GObject *object)
{
  LbTrainMonitor *self = LB_TRAIN_MONITOR (object);

  g_clear_pointer (&self->epochs, g_array_unref);
  g_clear_pointer (&self->preview_snapshot, lb_trainer_snapshot_free);

  G_OBJECT_CLASS (lb_train_monitor_parent_class)->finalize (object);
}

static void
lb_train_monitor_class_init (LbTrainMonitorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  static const char *const preview_ids[LB_TRAIN_MONITOR_N_PREVIEWS] = {
    "preview0", "preview1", "preview2", "preview3",
  };

  object_class->dispose = lb_train_monitor_dispose;
  object_class->finalize = lb_train_monitor_finalize;

  g_type_ensure (LB_TYPE_PLOT);
  g_type_ensure (LB_TYPE_MASK_VIEW);
  g_type_ensure (LB_TYPE_PREVIEW_CHOOSER);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/lossbench/Lossbench/ui/lb-train-monitor.ui");
  gtk_widget_class_bind_template_child (widget_class, LbTrainMonitor, loss_label);
  gtk_widget_class_bind_template_child (widget_class, LbTrainMonitor, status_label);
  gtk_widget_class_bind_template_child (widget_class, LbTrainMonitor, collapse_revealer);
  gtk_widget_class_bind_template_child (widget_class, LbTrainMonitor, collapse_label);
  gtk_widget_class_bind_template_child (widget_class, LbTrainMonitor, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, LbTrainMonitor, loss_plot);
  gtk_widget_class_bind_template_child (widget_class, LbTrainMonitor, iou_plot);
  gtk_widget_class_bind_template_child (widget_class, LbTrainMonitor, hd95_plot);
  gtk_widget_class_bind_template_child (widget_class, LbTrainMonitor, preview_chooser);
  gtk_widget_class_bind_template_callback (widget_class, lb_train_monitor_previews_chosen);
  gtk_widget_class_bind_template_child (widget_class, LbTrainMonitor, push_button);
  gtk_widget_class_bind_template_callback (widget_class, lb_train_monitor_push_clicked);
  for (guint i = 0; i < LB_TRAIN_MONITOR_N_PREVIEWS; i++)
    gtk_widget_class_bind_template_child_full (widget_class, preview_ids[i], FALSE,
                                               G_STRUCT_OFFSET (LbTrainMonitor, previews)
                                               + i * sizeof (LbMaskView *));
}

static void
lb_train_monitor_init (LbTrainMonitor *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->epochs = g_array_new (FALSE, FALSE, sizeof (LbEpochRecord));

  lb_plot_set_title (self->loss_plot, "Loss");
  lb_plot_set_x_label (self->loss_plot, "epoch");
  lb_plot_set_title (self->iou_plot, "IoU");
  lb_plot_set_x_label (self->iou_plot, "epoch");
  lb_plot_set_y_range (self->iou_plot, 0, 1);
  /* The validation images' HD95, a missed lung counting as the image's diagonal. */
  lb_plot_set_title (self->hd95_plot, "HD95, px (lower is better)");
  lb_plot_set_x_label (self->hd95_plot, "epoch");
}
