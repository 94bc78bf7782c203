/* lb-compare-export.c — an experiment's CSV files, into a folder the user chooses.
 * SPDX-License-Identifier: GPL-3.0-or-later */

#include "lb-compare-export.h"
#include "lb-sweep.h"
#include "lb-window.h"

typedef struct
{
  GtkWidget *from;
  LbExperiment *experiment;
  LbMetric metric;
} ExportRequest;

static void
export_request_free (ExportRequest *request)
{
  g_object_unref (request->from);
  g_object_unref (request->experiment);
  g_free (request);
}

static void
export_to (GtkWidget    *from,
           LbExperiment *experiment,
           LbMetric      metric,
           const char   *dir)
{
  g_autofree char *summary = g_build_filename (dir, "summary.csv", NULL);
  g_autofree char *history = g_build_filename (dir, "history.csv", NULL);
  g_autofree char *per_image = g_build_filename (dir, "per-image.csv", NULL);
  g_autofree char *comparisons = g_build_filename (dir, "comparisons.csv", NULL);
  g_autoptr (GError) error = NULL;

  gboolean sweep = lb_experiment_get_config (experiment)->sweep.n_axes > 0;

  guint n_external = lb_experiment_get_n_test_sets (experiment) - 1;

  if (lb_experiment_export_csv_by (experiment, metric, summary, history, per_image, comparisons,
                                   &error)
      && lb_experiment_export_external_csv (experiment, metric, dir, &error)
      && (!sweep || lb_sweep_export_folder (experiment, metric, dir, &error)))
    {
      g_autofree char *text = g_strdup_printf (sweep ? "Exported the sweep's cells, tuned and "
                                                       "shared comparisons by %s, history and "
                                                       "per-image CSV to %s%s"
                                                     : "Exported summary, history, per-image "
                                                       "and comparisons by %s CSV to %s%s",
                                               lb_metric_to_label (metric), dir,
                                               n_external > 0 ? ", with each external test "
                                                                "set's in external/"
                                                              : "");

      lb_window_toast (from, text);
    }
  else
    lb_window_show_error (from, "Export Failed", error->message);
}

static void
export_response (GtkNativeDialog *dialog,
                 int              response,
                 gpointer         user_data)
{
  ExportRequest *request = user_data;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr (GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autofree char *dir = file != NULL ? g_file_get_path (file) : NULL;

      if (dir == NULL)
        lb_window_toast (request->from, "Choose a folder on a local disk to export to.");
      else
        export_to (request->from, request->experiment, request->metric, dir);
    }
  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
  export_request_free (request);
}

void
lb_compare_export_csv (GtkWidget    *from,
                       LbExperiment *experiment,
                       LbMetric      metric)
{
  GtkFileChooserNative *chooser;
  const char *start = g_getenv ("LOSSBENCH_EXPORT_DIR");
  g_autoptr (GFile) folder = NULL;
  ExportRequest *request;

  g_return_if_fail (GTK_IS_WIDGET (from));
  g_return_if_fail (LB_IS_EXPERIMENT (experiment));

  chooser = gtk_file_chooser_native_new ("Export CSV Files",
                                         GTK_WINDOW (gtk_widget_get_root (from)),
                                         GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER, "_Export",
                                         "_Cancel");
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  folder = g_file_new_for_path (start != NULL && start[0] != '\0'
                                  ? start : lb_experiment_get_folder (experiment));
  gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (chooser), folder, NULL);
  request = g_new0 (ExportRequest, 1);
  request->from = g_object_ref (from);
  request->experiment = g_object_ref (experiment);
  request->metric = metric;
  g_signal_connect (chooser, "response", G_CALLBACK (export_response), request);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}
