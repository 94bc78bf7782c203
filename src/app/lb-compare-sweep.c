/* lb-compare-sweep.c — a sweep's heatmaps on the Compare page.
 * SPDX-License-Identifier: GPL-3.0-or-later */

#include "lb-config.h"

#include "lb-compare-sweep.h"
#include "lb-heatmap-area.h"
#include "lb-save-dialog.h"
#include "lb-window.h"

struct _LbCompareSweep
{
  AdwBin parent_instance;

  /* Template children. */
  LbHeatmapArea *heatmap_area;
  GtkLabel *verdict_label;
};

G_DEFINE_FINAL_TYPE (LbCompareSweep, lb_compare_sweep, ADW_TYPE_BIN)

/* "Tversky: lr 0.001, validation IoU 0.9012, test IoU 0.9050; …": the chosen cells, for a
 * screen reader. */
static char *
describe_chosen (const LbExperimentConfig *config, const LbSweepResults *results)
{
  GString *text = g_string_new ("Chosen on validation: ");
  for (guint k = 0; k < results->n_swept; k++)
    {
      if (k > 0)
        g_string_append (text, "; ");
      if (results->tuned[k] == G_MAXUINT)
        {
          g_string_append_printf (text, "%s: no cell with every seed done yet",
                                  results->swept_labels[k]);
          continue;
        }
      const LbSweepCell *cell = &g_array_index (results->cells, LbSweepCell, results->tuned[k]);
      g_autofree char *label = lb_experiment_config_dup_loss_label (config, cell->loss);
      g_autofree char *val = lb_metric_format (results->select_metric, cell->val.mean);
      g_autofree char *test = lb_metric_format (results->metric,
                                                cell->test.metric[results->metric].mean);
      g_string_append_printf (text, "%s, validation %s %s, test %s %s", label,
                              lb_metric_to_label (results->select_metric), val,
                              lb_metric_to_label (results->metric), test);
    }
  return g_string_free (text, FALSE);
}

/* What tuning each loss changed: the ranking at the shared setting beside the tuned one. */
static char *
describe_verdict (const LbExperimentConfig *config, const LbSweepResults *results)
{
  if (results->tuned_summary == NULL)
    return g_strdup ("Every loss needs a cell with every seed done before the chosen cells can "
                     "be compared.");
  g_autofree char *setting = lb_sweep_results_dup_shared_setting (results, config);
  GString *text = g_string_new (NULL);
  g_string_append_printf (text, "At the one setting best on validation for all losses (%s), "
                          "the ranking on test is ", setting);
  const LbExperimentSummary *shared = results->shared_summary;
  for (guint r = 0; r < shared->ranking->len; r++)
    {
      const LbLossSummary *s = &g_array_index (shared->losses, LbLossSummary,
                                               g_array_index (shared->ranking, guint, r));
      g_autofree char *value = lb_metric_format (shared->metric, s->metric[shared->metric].mean);
      g_string_append_printf (text, "%s%u. %s %s", r > 0 ? ", " : "", r + 1,
                              results->swept_labels[s->loss_index], value);
    }
  g_string_append_printf (text, ". Tuning each loss %s the ranking.",
                          results->ranking_changed ? "changed" : "did not change");
  return g_string_free (text, FALSE);
}

void
lb_compare_sweep_show (LbCompareSweep           *self,
                       const LbExperimentConfig *config,
                       const LbSweepResults     *results)
{
  g_return_if_fail (LB_IS_COMPARE_SWEEP (self));

  gtk_widget_set_visible (GTK_WIDGET (self), results != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sweep.export", results != NULL);
  if (results == NULL)
    {
      lb_heatmap_area_set_heatmap (self->heatmap_area, NULL, NULL);
      return;
    }
  g_autofree char *chosen = describe_chosen (config, results);
  g_autofree char *verdict = describe_verdict (config, results);
  lb_heatmap_area_set_heatmap (self->heatmap_area, lb_sweep_heatmap_new (results, config),
                               chosen);
  gtk_label_set_text (self->verdict_label, verdict);
}

/* ---- export ---- */

typedef struct
{
  LbCompareSweep *sweep;
  LbFigureFormat format;
} ExportRequest;

static void
export_request_free (gpointer data)
{
  ExportRequest *request = data;

  g_object_unref (request->sweep);
  g_free (request);
}

/* The figure is a few cells of text: written at once, in the print style. */
static void
export_chosen (const char *path,
               gpointer    data)
{
  ExportRequest *request = data;
  const LbSweepHeatmap *heatmap = lb_heatmap_area_get_heatmap (request->sweep->heatmap_area);
  g_autoptr (GError) error = NULL;

  if (heatmap != NULL && !lb_sweep_heatmap_write (heatmap, path, request->format, &error))
    lb_window_show_error (GTK_WIDGET (request->sweep), "Could Not Export the Heatmaps",
                          error->message);
}

/* sweep.export("png" | "svg" | "pdf"): asks where, then writes the heatmaps. */
static void
lb_compare_sweep_export (GtkWidget  *widget,
                         const char *action,
                         GVariant   *parameter)
{
  LbCompareSweep *self = LB_COMPARE_SWEEP (widget);
  const LbSweepHeatmap *heatmap = lb_heatmap_area_get_heatmap (self->heatmap_area);
  LbFigureFormat format;

  if (heatmap == NULL
      || !lb_figure_format_from_string (g_variant_get_string (parameter, NULL), &format))
    return;
  ExportRequest *request = g_new0 (ExportRequest, 1);
  request->format = format;
  request->sweep = g_object_ref (self);
  g_autofree char *name = lb_figure_file_name (lb_sweep_heatmap_get_title (heatmap),
                                               lb_figure_format_to_string (format));
  lb_save_dialog_ask (widget, "Export Heatmaps", "_Export", name, export_chosen, request,
                      export_request_free);
}

static void
lb_compare_sweep_class_init (LbCompareSweepClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  g_type_ensure (LB_TYPE_HEATMAP_AREA);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/lossbench/Lossbench/ui/lb-compare-sweep.ui");
  gtk_widget_class_bind_template_child (widget_class, LbCompareSweep, heatmap_area);
  gtk_widget_class_bind_template_child (widget_class, LbCompareSweep, verdict_label);
  gtk_widget_class_install_action (widget_class, "sweep.export", "s", lb_compare_sweep_export);
}

static void
lb_compare_sweep_init (LbCompareSweep *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sweep.export", FALSE);
}
