/* lb-compare-gallery.c — the test images where the losses disagree most, each loss's
 * predicted mask read on a worker thread.
 * SPDX-License-Identifier: GPL-3.0-or-later */

#include "lb-compare-gallery.h"

#include <math.h>

#include "lb-consensus-render.h"
#include "lb-gallery-figure.h"
#include "lb-mask-view.h"
#include "lb-push-window.h"
#include "lb-save-dialog.h"
#include "lb-system.h"
#include "lb-window.h"

/* Test images shown, the most disputed first. */
#define N_ROWS 4

struct _LbCompareGallery
{
  AdwBin parent_instance;

  LbDataSource *data_source;   /* not owned: the window's */
  GCancellable *cancellable;   /* the masks being read for the last call to show */
  LbGalleryFigure *figure;     /* what the grid shows, for export; NULL while empty */
  /* What the grid shows, for the window of where each loss pushes. */
  LbExperiment *experiment;
  LbDataset *dataset;
  GPtrArray *shown_names;      /* char *, NULL-terminated (the NULL its last element) */

  /* Template children. */
  GtkLabel *title_label;
  GtkGrid *grid;
};

G_DEFINE_FINAL_TYPE (LbCompareGallery, lb_compare_gallery, ADW_TYPE_BIN)

typedef struct
{
  GPtrArray *run_dirs;      /* char *, one per loss column */
  GPtrArray *labels;        /* char *, the losses' names, one per column */
  GPtrArray *names;         /* char *, the test images to show */
  GArray *ious;             /* double, image by image, loss by loss; NaN where unknown */
  guint size;
  GPtrArray *masks;         /* float *, image by image, loss by loss; NULL if unreadable */
} MasksJob;

static void
masks_job_free (MasksJob *job)
{
  g_ptr_array_unref (job->run_dirs);
  g_ptr_array_unref (job->labels);
  g_ptr_array_unref (job->names);
  g_array_unref (job->ious);
  g_clear_pointer (&job->masks, g_ptr_array_unref);
  g_free (job);
}

static void
clear_grid (GtkGrid *grid)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (grid))) != NULL)
    gtk_grid_remove (grid, child);
}

/* Whether the experiment's data are the Data page's: the same folders, or both the demo set. */
static gboolean
same_folders (const char *const *a,
              const char *const *b)
{
  gboolean a_demo = a == NULL || a[0] == NULL;
  gboolean b_demo = b == NULL || b[0] == NULL;

  if (a_demo || b_demo)
    return a_demo && b_demo;
  return g_strv_equal (a, b);
}

/* Reads the predicted test masks (PNG, written by the experiment). */
static void
load_masks_thread (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  MasksJob *job = task_data;

  lb_system_enter_worker_thread ();

  job->masks = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < job->names->len; i++)
    for (guint l = 0; l < job->run_dirs->len; l++)
      g_ptr_array_add (job->masks, lb_experiment_results_load_prediction (
                                     g_ptr_array_index (job->run_dirs, l),
                                     g_ptr_array_index (job->names, i), job->size));
  g_task_return_boolean (task, TRUE);
}

/* Row ROW's consensus map: how many of the losses call each pixel lung. */
static GtkWidget *
consensus_tile (const MasksJob *job,
                guint           row,
                const char     *name,
                const guint8   *image,
                const guint8   *truth)
{
  gsize plane = (gsize) job->size * job->size;
  const float *const *predictions = (const float *const *) job->masks->pdata
                                    + (gsize) row * job->run_dirs->len;
  g_autofree guint8 *counts = g_malloc (plane);
  g_autoptr (GBytes) rgba = lb_consensus_render (image, truth, predictions, job->run_dirs->len,
                                                 job->size, counts);
  g_autoptr (GdkTexture) texture = gdk_memory_texture_new ((int) job->size, (int) job->size,
                                                           GDK_MEMORY_R8G8B8A8, rgba,
                                                           4 * job->size);
  guint n = 0;
  GtkWidget *tile = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *picture = gtk_picture_new_for_paintable (GDK_PAINTABLE (texture));
  g_autofree char *split = NULL;
  g_autofree char *accessible = NULL;
  GtkWidget *caption;

  for (guint l = 0; l < job->run_dirs->len; l++)
    n += predictions[l] != NULL;
  split = g_strdup_printf ("split on %.1f %%",
                           100.0 * lb_consensus_split_share (counts, plane, n));
  accessible = g_strdup_printf ("%s, consensus of %u losses: %s of the pixels", name, n, split);
  gtk_widget_set_size_request (picture, 72, 120);
  gtk_picture_set_can_shrink (GTK_PICTURE (picture), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (picture), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  accessible, -1);
  gtk_widget_set_tooltip_text (picture, "How many losses call each pixel lung: dark blue one, "
                                        "yellow all; the true contour in white");
  caption = gtk_label_new (split);
  gtk_widget_add_css_class (caption, "caption");
  gtk_widget_add_css_class (caption, "numeric");
  gtk_box_append (GTK_BOX (tile), picture);
  gtk_box_append (GTK_BOX (tile), caption);
  return tile;
}

static void
lb_compare_gallery_fill (LbCompareGallery *self,
                         const MasksJob   *job,
                         LbDataset        *dataset)
{
  gsize plane = (gsize) job->size * job->size;
  g_autofree guint8 *truth = g_malloc (plane);

  clear_grid (self->grid);
  g_clear_pointer (&self->figure, lb_gallery_figure_unref);
  self->figure = lb_gallery_figure_new (gtk_label_get_text (self->title_label), job->size,
                                        job->labels->len,
                                        (const char *const *) job->labels->pdata);
  /* Column 0 names the image of each row; the losses follow. */
  for (guint l = 0; l < job->labels->len; l++)
    {
      GtkWidget *head = gtk_label_new (g_ptr_array_index (job->labels, l));

      gtk_widget_add_css_class (head, "caption-heading");
      gtk_label_set_ellipsize (GTK_LABEL (head), PANGO_ELLIPSIZE_END);
      gtk_widget_set_tooltip_text (head, g_ptr_array_index (job->labels, l));
      gtk_grid_attach (self->grid, head, l + 1, 0, 1, 1);
    }
  if (job->run_dirs->len >= 2)
    {
      GtkWidget *head = gtk_label_new ("Consensus");

      gtk_widget_add_css_class (head, "caption-heading");
      gtk_widget_set_tooltip_text (head, "How many of the losses call each pixel lung");
      gtk_grid_attach (self->grid, head, job->run_dirs->len + 1, 0, 1, 1);
    }
  for (guint i = 0; i < job->names->len; i++)
    {
      const char *name = g_ptr_array_index (job->names, i);
      int index = lb_dataset_find (dataset, name);

      GtkWidget *row_head;

      if (index < 0)
        continue;
      row_head = gtk_label_new (name);
      gtk_label_set_ellipsize (GTK_LABEL (row_head), PANGO_ELLIPSIZE_MIDDLE);
      gtk_label_set_xalign (GTK_LABEL (row_head), 0);
      gtk_widget_set_tooltip_text (row_head, name);
      gtk_widget_add_css_class (row_head, "caption");
      gtk_grid_attach (self->grid, row_head, 0, i + 1, 1, 1);
      for (gsize k = 0; k < plane; k++)
        truth[k] = lb_dataset_get_masks (dataset)[plane * index + k] > 0.5f;
      lb_gallery_figure_add_row (
        self->figure, name, lb_dataset_get_image_u8 (dataset, index), truth,
        (const float *const *) job->masks->pdata + (gsize) i * job->run_dirs->len,
        &g_array_index (job->ious, double, (gsize) i * job->run_dirs->len));
      for (guint l = 0; l < job->run_dirs->len; l++)
        {
          float *prediction = g_ptr_array_index (job->masks, i * job->run_dirs->len + l);
          double iou = g_array_index (job->ious, double, i * job->run_dirs->len + l);
          GtkWidget *tile = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
          GtkWidget *view = lb_mask_view_new ();
          g_autofree char *score = isnan (iou) ? g_strdup ("") : g_strdup_printf ("IoU %.3f", iou);
          GtkWidget *caption = gtk_label_new (score);
          g_autofree char *accessible = g_strdup_printf ("%s, %s%s%s", name,
                                                         (char *) g_ptr_array_index (job->labels, l),
                                                         *score ? ", " : "", score);

          gtk_widget_set_size_request (view, 72, 120);
          lb_mask_view_set_pair (LB_MASK_VIEW (view), lb_dataset_get_image_u8 (dataset, index),
                                 truth, prediction, job->size);
          gtk_accessible_update_property (GTK_ACCESSIBLE (view), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                          accessible, -1);
          gtk_widget_set_tooltip_text (view, accessible);
          gtk_widget_add_css_class (caption, "caption");
          gtk_widget_add_css_class (caption, "numeric");
          gtk_box_append (GTK_BOX (tile), view);
          gtk_box_append (GTK_BOX (tile), caption);
          gtk_grid_attach (self->grid, tile, l + 1, i + 1, 1, 1);
        }
      if (job->run_dirs->len >= 2)
        gtk_grid_attach (self->grid, consensus_tile (job, i, name,
                                                     lb_dataset_get_image_u8 (dataset, index),
                                                     truth),
                         job->run_dirs->len + 1, i + 1, 1, 1);
    }
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "gallery.export",
                                 lb_gallery_figure_get_n_rows (self->figure) > 0);
  g_set_object (&self->dataset, dataset);
  for (guint i = 0; i < job->names->len; i++)
    if (lb_dataset_find (dataset, g_ptr_array_index (job->names, i)) >= 0)
      g_ptr_array_insert (self->shown_names, (int) self->shown_names->len - 1,
                          g_strdup (g_ptr_array_index (job->names, i)));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "gallery.push",
                                 self->shown_names->len > 1);
}

static void
dataset_ready (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  GTask *task = user_data;
  LbCompareGallery *self = g_task_get_source_object (task);
  const MasksJob *job = g_task_get_task_data (task);
  g_autoptr (LbDataset) dataset = lb_data_source_load_at_size_finish (LB_DATA_SOURCE (source),
                                                                      result, NULL);

  /* A later call to show has taken over. */
  if (dataset != NULL && !g_cancellable_is_cancelled (g_task_get_cancellable (task))
      && lb_dataset_get_size (dataset) == job->size)
    lb_compare_gallery_fill (self, job, dataset);
  g_object_unref (task);
}

static void
masks_ready (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  LbCompareGallery *self = LB_COMPARE_GALLERY (source);
  const MasksJob *job = g_task_get_task_data (G_TASK (result));

  if (!g_task_propagate_boolean (G_TASK (result), NULL) || self->data_source == NULL)
    return;
  /* The images themselves come from the open dataset, at the experiment's size. */
  lb_data_source_load_at_size_async (self->data_source, job->size, NULL, dataset_ready,
                                     g_object_ref (result));
}

/* Forgets what an earlier call was reading; FALSE when the open dataset is not EXPERIMENT's
 * (the test images come from it), and then the gallery stays hidden. */
static gboolean
lb_compare_gallery_restart (LbCompareGallery *self,
                            LbExperiment     *experiment)
{
  const LbExperimentConfig *config = lb_experiment_get_config (experiment);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  clear_grid (self->grid);
  g_clear_pointer (&self->figure, lb_gallery_figure_unref);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "gallery.export", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "gallery.push", FALSE);
  g_set_object (&self->experiment, experiment);
  g_clear_object (&self->dataset);
  g_ptr_array_set_size (self->shown_names, 0);
  g_ptr_array_add (self->shown_names, NULL);
  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
  return self->data_source != NULL && lb_data_source_get_dataset (self->data_source) != NULL
         && same_folders ((const char *const *) config->folders,
                          lb_data_source_get_folders (self->data_source));
}

static MasksJob *
masks_job_new (LbExperiment *experiment)
{
  MasksJob *job = g_new0 (MasksJob, 1);

  job->run_dirs = g_ptr_array_new_with_free_func (g_free);
  job->labels = g_ptr_array_new_with_free_func (g_free);
  job->names = g_ptr_array_new_with_free_func (g_free);
  job->ious = g_array_new (FALSE, FALSE, sizeof (double));
  job->size = lb_experiment_get_config (experiment)->train.net.size;
  return job;
}

/* Reads JOB's masks, then fills the grid. */
static void
lb_compare_gallery_start (LbCompareGallery *self,
                          MasksJob         *job)
{
  g_autoptr (GTask) task = NULL;

  gtk_widget_set_visible (GTK_WIDGET (self), TRUE);
  self->cancellable = g_cancellable_new ();
  task = g_task_new (self, self->cancellable, masks_ready, NULL);
  g_task_set_task_data (task, job, (GDestroyNotify) masks_job_free);
  g_task_run_in_thread (task, load_masks_thread);
}

void
lb_compare_gallery_show (LbCompareGallery          *self,
                         LbExperiment              *experiment,
                         const LbExperimentResults *results)
{
  MasksJob *job;

  g_return_if_fail (LB_IS_COMPARE_GALLERY (self));

  if (!lb_compare_gallery_restart (self, experiment) || results->disagreement_names->len == 0
      || results->disagreement_runs->len == 0)
    return;

  job = masks_job_new (experiment);
  for (guint l = 0; l < results->disagreement_runs->len; l++)
    {
      g_ptr_array_add (job->run_dirs, g_strdup (g_ptr_array_index (results->disagreement_runs, l)));
      g_ptr_array_add (job->labels, lb_experiment_dup_loss_label (experiment, l));
    }
  for (guint k = 0; k < results->disagreement_names->len && k < N_ROWS; k++)
    {
      const char *name = g_ptr_array_index (results->disagreement_names, k);

      g_ptr_array_add (job->names, g_strdup (name));
      for (guint l = 0; l < job->run_dirs->len; l++)
        {
          double iou = lb_experiment_results_find_metric (
            results, g_ptr_array_index (job->run_dirs, l), name, LB_METRIC_IOU);

          g_array_append_val (job->ious, iou);
        }
    }
  lb_compare_gallery_start (self, job);
}

void
lb_compare_gallery_show_image (LbCompareGallery          *self,
                               LbExperiment              *experiment,
                               const char *const         *run_dirs,
                               const double              *ious,
                               const char                *name)
{
  const LbExperimentConfig *config = lb_experiment_get_config (experiment);
  MasksJob *job;

  g_return_if_fail (LB_IS_COMPARE_GALLERY (self));

  if (!lb_compare_gallery_restart (self, experiment))
    return;
  job = masks_job_new (experiment);
  for (guint l = 0; l < config->n_losses; l++)
    {
      const char *dir = run_dirs[l];

      if (dir == NULL)
        continue;
      g_ptr_array_add (job->run_dirs, g_strdup (dir));
      g_ptr_array_add (job->labels, lb_experiment_dup_loss_label (experiment, l));
      g_array_append_val (job->ious, ious[l]);
    }
  g_ptr_array_add (job->names, g_strdup (name));
  if (job->run_dirs->len == 0)
    {
      masks_job_free (job);
      return;
    }
  lb_compare_gallery_start (self, job);
}

void
lb_compare_gallery_set_title (LbCompareGallery *self,
                              const char       *title)
{
  g_return_if_fail (LB_IS_COMPARE_GALLERY (self));

  gtk_label_set_text (self->title_label, title);
}

void
lb_compare_gallery_set_data_source (LbCompareGallery *self,
                                    LbDataSource     *data_source)
{
  g_return_if_fail (LB_IS_COMPARE_GALLERY (self));

  self->data_source = data_source;
}

/* gallery.push: the shown images, predicted by any of the experiment's finished runs, and
 * where each loss pushes on them. */
static void
lb_compare_gallery_show_push (GtkWidget  *widget,
                              const char *action,
                              GVariant   *parameter)
{
  LbCompareGallery *self = LB_COMPARE_GALLERY (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  LbPushWindow *window;

  if (self->experiment == NULL || self->dataset == NULL)
    return;
  window = lb_push_window_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL);
  lb_push_window_show_experiment (window, self->experiment, self->dataset,
                                  (const char *const *) self->shown_names->pdata);
  gtk_window_present (GTK_WINDOW (window));
}

/* ---- export ---- */

typedef struct
{
  LbCompareGallery *gallery;
  LbGalleryFigure *figure;
  LbFigureFormat format;
} ExportRequest;

static void
export_request_free (gpointer data)
{
  ExportRequest *request = data;

  g_object_unref (request->gallery);
  lb_gallery_figure_unref (request->figure);
  g_free (request);
}

static void
export_written (GObject      *source,
                GAsyncResult *result,
                gpointer      data)
{
  g_autoptr (LbCompareGallery) self = data;
  g_autoptr (GError) error = NULL;

  if (!lb_gallery_figure_write_finish (result, &error))
    lb_window_show_error (GTK_WIDGET (self), "Could Not Export the Gallery", error->message);
}

static void
export_chosen (const char *path,
               gpointer    data)
{
  ExportRequest *request = data;
  PangoContext *context = gtk_widget_get_pango_context (GTK_WIDGET (request->gallery));
  g_autofree char *font = pango_font_description_to_string (
    pango_context_get_font_description (context));

  lb_gallery_figure_write_async (request->figure, path, request->format, font, export_written,
                                 g_object_ref (request->gallery));
}

/* gallery.export("png" | "svg" | "pdf"): asks where, then writes what the grid shows. */
static void
lb_compare_gallery_export (GtkWidget  *widget,
                           const char *action,
                           GVariant   *parameter)
{
  LbCompareGallery *self = LB_COMPARE_GALLERY (widget);
  LbFigureFormat format;
  ExportRequest *request;
  g_autofree char *name = NULL;

  if (self->figure == NULL
      || !lb_figure_format_from_string (g_variant_get_string (parameter, NULL), &format))
    return;
  request = g_new0 (ExportRequest, 1);
  request->format = format;
  request->gallery = g_object_ref (self);
  request->figure = lb_gallery_figure_ref (self->figure);
  name = lb_figure_file_name (gtk_label_get_text (self->title_label),
                              lb_figure_format_to_string (request->format));
  lb_save_dialog_ask (widget, "Export Gallery", "_Export", name, export_chosen, request,
                      export_request_free);
}

static void
lb_compare_gallery_dispose (GObject *object)
{
  LbCompareGallery *self = LB_COMPARE_GALLERY (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->figure, lb_gallery_figure_unref);
  g_clear_object (&self->experiment);
  g_clear_object (&self->dataset);
  g_clear_pointer (&self->shown_names, g_ptr_array_unref);
  gtk_widget_dispose_template (GTK_WIDGET (object), LB_TYPE_COMPARE_GALLERY);

  G_OBJECT_CLASS (lb_compare_gallery_parent_class)->dispose (object);
}

static void
lb_compare_gallery_class_init (LbCompareGalleryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lb_compare_gallery_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/lossbench/Lossbench/ui/lb-compare-gallery.ui");
  gtk_widget_class_bind_template_child (widget_class, LbCompareGallery, title_label);
  gtk_widget_class_bind_template_child (widget_class, LbCompareGallery, grid);
  gtk_widget_class_install_action (widget_class, "gallery.export", "s",
                                   lb_compare_gallery_export);
  gtk_widget_class_install_action (widget_class, "gallery.push", NULL,
                                   lb_compare_gallery_show_push);
}

static void
lb_compare_gallery_init (LbCompareGallery *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->shown_names = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (self->shown_names, NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "gallery.export", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "gallery.push", FALSE);
}
