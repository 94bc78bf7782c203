/* lb-compare-page.c — the Compare page: losses × seeds, paired, with their spread and significance.
 * SPDX-License-Identifier: GPL-3.0-or-later */

#include "lb-config.h"

#include <math.h>

#include "lb-compare-page.h"
#include "lb-error.h"
#include "lb-latency-probe.h"
#include "lb-experiment.h"
#include "lb-experiment-open.h"
#include "lb-experiment-results.h"
#include "lb-forest-plot.h"
#include "lb-mask-view.h"
#include "lb-plot.h"
#include "lb-run-store.h"
#include "lb-system.h"
#include "lb-window.h"

/* Test images shown in the disagreement grid. */
#define N_DISAGREEMENT_ROWS 4

static const NnLossKind loss_kinds[] = {
  NN_LOSS_DICE_BCE, NN_LOSS_JACCARD, NN_LOSS_FOCAL, NN_LOSS_TVERSKY, NN_LOSS_FOCAL_TVERSKY,
};

static const NnMetric table_metrics[] = {
  NN_METRIC_IOU, NN_METRIC_DICE, NN_METRIC_ACCURACY, NN_METRIC_PRECISION, NN_METRIC_RECALL,
  NN_METRIC_STEPPED_IOU,
};

/* Short headings, so the table fits beside the controls. */
static const char *const table_headings[] = {
  "IoU", "Dice", "Accuracy", "Precision", "Recall", "Stepped",
};

struct _LbComparePage
{
  AdwBin parent_instance;

  LbDataPage *data_page;       /* not owned: a sibling in the window */
  LbExperiment *experiment;
  GCancellable *cancellable;
  gboolean running;
  gboolean has_results;
  GPtrArray *queue_rows;       /* AdwActionRow per run */
  GPtrArray *histories;        /* GArray of LbEpochRecord per run, or NULL */
  guint current_run;
  gint64 status_shown;         /* when the running status was last written, µs */
  LbLatencyProbe *latency;     /* the main loop's lateness while a comparison runs */
  GCancellable *reload_cancellable;  /* the results being read from disk */
  GSettings *settings;
  gboolean restoring;          /* settings are being applied to the controls */

  /* Template children. */
  GtkListBox *losses_list;
  GtkListBox *runs_list;
  GtkCheckButton *cmp_dice_bce;
  GtkCheckButton *cmp_jaccard;
  GtkCheckButton *cmp_focal;
  GtkCheckButton *cmp_tversky;
  GtkCheckButton *cmp_focal_tversky;
  GtkAdjustment *seeds_adjustment;
  GtkAdjustment *epochs_adjustment;
  GtkAdjustment *lr_adjustment;
  GtkToggleButton *cmp_tiny;
  GtkToggleButton *cmp_quick;
  GtkToggleButton *cmp_poster;
  GtkToggleButton *cmp_preset_poster;
  GtkToggleButton *cmp_preset_literature;
  GtkListBox *queue_list;
  GtkStack *stack;
  GtkLabel *status_label;
  GtkProgressBar *progress_bar;
  LbPlot *plot;
  GtkGrid *table;
  GtkLabel *significance_label;
  GtkLabel *pairs_heading;
  GtkLabel *design_label;
  LbForestPlot *forest_plot;
  GtkLabel *pairs_label;
  GtkGrid *disagreement_grid;
  GtkLabel *disagreement_heading;
};

G_DEFINE_FINAL_TYPE (LbComparePage, lb_compare_page, ADW_TYPE_BIN)

enum
{
  PROP_0,
  PROP_RUNNING,
  PROP_HAS_RESULTS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static GtkCheckButton *
loss_check (LbComparePage *self,
            guint          i)
{
  GtkCheckButton *checks[] = {
    self->cmp_dice_bce, self->cmp_jaccard, self->cmp_focal, self->cmp_tversky,
    self->cmp_focal_tversky,
  };

  return checks[i];
}

gboolean
lb_compare_page_get_running (LbComparePage *self)
{
  g_return_val_if_fail (LB_IS_COMPARE_PAGE (self), FALSE);

  return self->running;
}

gboolean
lb_compare_page_get_has_results (LbComparePage *self)
{
  g_return_val_if_fail (LB_IS_COMPARE_PAGE (self), FALSE);

  return self->has_results;
}

static void
lb_compare_page_set_running (LbComparePage *self,
                             gboolean       running)
{
  self->running = running;
  /* The experiment copied its configuration; controls that seem to change it would mislead. */
  gtk_widget_set_sensitive (GTK_WIDGET (self->losses_list), !running);
  gtk_widget_set_sensitive (GTK_WIDGET (self->runs_list), !running);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
}

static void
lb_compare_page_set_has_results (LbComparePage *self,
                                 gboolean       has_results)
{
  self->has_results = has_results;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HAS_RESULTS]);
}

/* Whether the experiment's data are the Data page's: the same folders, or both the demo set. */
static gboolean
lb_same_folders (const char *const *a,
                 const char *const *b)
{
  gboolean a_demo = a == NULL || a[0] == NULL;
  gboolean b_demo = b == NULL || b[0] == NULL;

  if (a_demo || b_demo)
    return a_demo && b_demo;
  return g_strv_equal (a, b);
}

static void
clear_grid (GtkGrid *grid)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (grid))) != NULL)
    gtk_grid_remove (grid, child);
}

/* ---- the settings: what to compare ---- */

static LbTrainPreset
lb_compare_page_get_model (LbComparePage *self)
{
  if (gtk_toggle_button_get_active (self->cmp_quick))
    return LB_TRAIN_PRESET_QUICK;
  if (gtk_toggle_button_get_active (self->cmp_poster))
    return LB_TRAIN_PRESET_POSTER;
  return LB_TRAIN_PRESET_TINY;
}

static GtkToggleButton *
lb_compare_page_model_button (LbComparePage *self,
                              LbTrainPreset  preset)
{
  switch (preset)
    {
    case LB_TRAIN_PRESET_QUICK:
      return self->cmp_quick;
    case LB_TRAIN_PRESET_POSTER:
      return self->cmp_poster;
    case LB_TRAIN_PRESET_TINY:
    default:
      return self->cmp_tiny;
    }
}

static NnLossPreset
lb_compare_page_get_loss_preset (LbComparePage *self)
{
  return gtk_toggle_button_get_active (self->cmp_preset_literature) ? NN_LOSS_PRESET_LITERATURE
                                                                    : NN_LOSS_PRESET_POSTER;
}

static void
lb_compare_page_save_settings (LbComparePage *self)
{
  g_autoptr (GStrvBuilder) losses = g_strv_builder_new ();
  g_auto (GStrv) loss_names = NULL;

  if (self->restoring)
    return;
  for (guint i = 0; i < G_N_ELEMENTS (loss_kinds); i++)
    if (gtk_check_button_get_active (loss_check (self, i)))
      g_strv_builder_add (losses, nn_loss_kind_to_string (loss_kinds[i]));
  loss_names = g_strv_builder_end (losses);

  g_settings_delay (self->settings);
  g_settings_set_strv (self->settings, "compare-losses", (const char *const *) loss_names);
  g_settings_set_string (self->settings, "compare-loss-preset",
                         lb_compare_page_get_loss_preset (self) == NN_LOSS_PRESET_LITERATURE
                           ? "literature" : "poster");
  g_settings_set_string (self->settings, "compare-model",
                         lb_train_preset_to_string (lb_compare_page_get_model (self)));
  g_settings_set_int (self->settings, "compare-epochs",
                      (int) gtk_adjustment_get_value (self->epochs_adjustment));
  g_settings_set_double (self->settings, "compare-learning-rate",
                         gtk_adjustment_get_value (self->lr_adjustment));
  g_settings_set_int (self->settings, "compare-seeds",
                      (int) gtk_adjustment_get_value (self->seeds_adjustment));
  g_settings_apply (self->settings);
}

static void
lb_compare_page_restore_settings (LbComparePage *self)
{
  g_auto (GStrv) losses = g_settings_get_strv (self->settings, "compare-losses");
  g_autofree char *loss_preset = g_settings_get_string (self->settings, "compare-loss-preset");
  g_autofree char *model = g_settings_get_string (self->settings, "compare-model");
  LbTrainPreset preset = LB_TRAIN_PRESET_TINY;

  self->restoring = TRUE;
  for (guint i = 0; i < G_N_ELEMENTS (loss_kinds); i++)
    gtk_check_button_set_active (loss_check (self, i),
                                 g_strv_contains ((const char *const *) losses,
                                                  nn_loss_kind_to_string (loss_kinds[i])));
  gtk_toggle_button_set_active (g_strcmp0 (loss_preset, "literature") == 0
                                  ? self->cmp_preset_literature : self->cmp_preset_poster, TRUE);
  lb_train_preset_from_string (model, &preset);
  gtk_toggle_button_set_active (lb_compare_page_model_button (self, preset), TRUE);
  gtk_adjustment_set_value (self->epochs_adjustment,
                            g_settings_get_int (self->settings, "compare-epochs"));
  gtk_adjustment_set_value (self->lr_adjustment,
                            g_settings_get_double (self->settings, "compare-learning-rate"));
  gtk_adjustment_set_value (self->seeds_adjustment,
                            g_settings_get_int (self->settings, "compare-seeds"));
  self->restoring = FALSE;
}

/* Choosing a model also chooses its preset's epochs (tiny 5, quick 20, poster 50); the user
 * may change them afterwards. */
static void
lb_compare_page_model_toggled (GtkToggleButton *button,
                               LbComparePage   *self)
{
  LbTrainConfig train;

  if (!gtk_toggle_button_get_active (button) || self->restoring)
    return;
  lb_train_config_init (&train);
  lb_train_config_apply_preset (&train, lb_compare_page_get_model (self));
  gtk_adjustment_set_value (self->epochs_adjustment, train.epochs);
  lb_compare_page_save_settings (self);
}

/* ---- the queue ---- */

static void
lb_compare_page_update_queue (LbComparePage *self)
{
  guint n = lb_experiment_get_n_runs (self->experiment);
  const LbExperimentConfig *config = lb_experiment_get_config (self->experiment);
  guint done = 0;

  for (guint i = 0; i < n && i < self->queue_rows->len; i++)
    {
      LbRunInfo run;
      AdwActionRow *row = g_ptr_array_index (self->queue_rows, i);
      g_autofree char *subtitle = NULL;

      lb_experiment_get_run (self->experiment, i, &run);
      if (run.state == LB_RUN_DONE)
        {
          done++;
          subtitle = g_strdup_printf ("%s — test IoU %.3f%s", lb_run_state_to_label (run.state),
                                      run.test_mean.value[NN_METRIC_IOU],
                                      run.collapsed ? " — collapsed" : "");
        }
      else if (run.state == LB_RUN_RUNNING || run.state == LB_RUN_INTERRUPTED)
        {
          /* The run store has the last checkpoint; the live history may be further on. */
          GArray *live = i < self->histories->len ? g_ptr_array_index (self->histories, i) : NULL;
          int epochs = MAX (run.epochs_done, live != NULL ? (int) live->len : 0);

          subtitle = g_strdup_printf ("%s — epoch %d of %d", lb_run_state_to_label (run.state),
                                      epochs, config->train.epochs);
        }
      else if (run.state == LB_RUN_FAILED && run.message != NULL)
        subtitle = g_strdup_printf ("%s — %s", lb_run_state_to_label (run.state), run.message);
      else
        subtitle = g_strdup (lb_run_state_to_label (run.state));
      adw_action_row_set_subtitle (row, subtitle);
      lb_run_info_clear (&run);
    }
  gtk_progress_bar_set_fraction (self->progress_bar, n > 0 ? (double) done / n : 0);
}

static void
lb_compare_page_fill_queue (LbComparePage *self)
{
  guint n = lb_experiment_get_n_runs (self->experiment);

  for (guint i = 0; i < self->queue_rows->len; i++)
    gtk_list_box_remove (self->queue_list, g_ptr_array_index (self->queue_rows, i));
  g_ptr_array_set_size (self->queue_rows, 0);
  for (guint i = 0; i < n; i++)
    {
      LbRunInfo run;
      g_autofree char *loss = NULL;
      g_autofree char *title = NULL;
      GtkWidget *row = adw_action_row_new ();

      lb_experiment_get_run (self->experiment, i, &run);
      loss = lb_experiment_dup_loss_label (self->experiment, run.loss_index);
      title = g_strdup_printf ("%s, seed %" G_GUINT64_FORMAT, loss, run.seed);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      gtk_list_box_append (self->queue_list, row);
      g_ptr_array_add (self->queue_rows, row);
      lb_run_info_clear (&run);
    }
  lb_compare_page_update_queue (self);
}

/* ---- the chart: validation IoU per loss, mean over seeds and its range ---- */

static void
history_free (gpointer data)
{
  if (data != NULL)
    g_array_unref (data);
}

static GArray *
current_history (LbComparePage *self,
                 guint          index)
{
  GArray *history = index < self->histories->len ? g_ptr_array_index (self->histories, index)
                                                  : NULL;

  return history;
}

static void
lb_compare_page_update_chart (LbComparePage *self)
{
  const LbExperimentConfig *config = lb_experiment_get_config (self->experiment);
  guint n = lb_experiment_get_n_runs (self->experiment);
  int epochs = config->train.epochs;

  lb_plot_clear (self->plot);
  lb_plot_set_x_max (self->plot, epochs);
  for (guint l = 0; l < config->n_losses; l++)
    {
      g_autofree char *label = lb_experiment_dup_loss_label (self->experiment, l);
      g_autofree double *x = g_new (double, epochs);
      g_autofree double *mean = g_new (double, epochs);
      g_autofree double *lo = g_new (double, epochs);
      g_autofree double *hi = g_new (double, epochs);
      guint series = lb_plot_add_series (self->plot, label, l, LB_PLOT_STYLE_BOLD);
      int n_points = 0;

      for (int e = 0; e < epochs; e++)
        {
          double sum = 0;
          double min = INFINITY;
          double max = -INFINITY;
          int count = 0;

          for (guint i = 0; i < n; i++)
            {
              LbRunInfo run;
              GArray *history;

              lb_experiment_get_run (self->experiment, i, &run);
              history = current_history (self, i);
              if (run.loss_index == l && history != NULL && (guint) e < history->len)
                {
                  double v = g_array_index (history, LbEpochRecord, e).val.value[NN_METRIC_IOU];

                  sum += v;
                  min = MIN (min, v);
                  max = MAX (max, v);
                  count++;
                }
              lb_run_info_clear (&run);
            }
          if (count == 0)
            break;
          x[n_points] = e + 1;
          mean[n_points] = sum / count;
          lo[n_points] = min;
          hi[n_points] = max;
          n_points++;
        }
      lb_plot_set_points (self->plot, series, x, mean, n_points);
      if (config->n_seeds > 1)
        lb_plot_set_band (self->plot, series, lo, hi);
    }
}

/* The histories read from disk replace the page's, live curves included: the next progress
 * brings the epochs after them. */
static void
lb_compare_page_take_histories (LbComparePage       *self,
                                LbExperimentResults *results)
{
  g_ptr_array_set_size (self->histories, 0);
  for (guint i = 0; i < results->histories->len; i++)
    g_ptr_array_add (self->histories, g_steal_pointer (&results->histories->pdata[i]));
}

/* ---- the results table ---- */

static GtkWidget *
table_label (const char *markup,
             float       xalign,
             gboolean    dim)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_markup (GTK_LABEL (label), markup);
  gtk_label_set_xalign (GTK_LABEL (label), xalign);
  if (dim)
    gtk_widget_add_css_class (label, "dim-label");
  gtk_widget_add_css_class (label, "numeric");
  return label;
}

/* Whether loss ROW's mean of METRIC is the column's best and the pairwise tests (on IoU) call it
 * better than every other loss. Only IoU is tested pairwise; the other columns follow IoU's
 * verdict when their best is the same loss. */
static gboolean
lb_compare_page_is_best (const LbExperimentSummary *summary,
                         guint                      row,
                         NnMetric                   metric)
{
  const LbLossSummary *ls = &g_array_index (summary->losses, LbLossSummary, row);

  if (summary->losses->len < 2)
    return FALSE;
  for (guint o = 0; o < summary->losses->len; o++)
    if (g_array_index (summary->losses, LbLossSummary, o).metric[metric].mean
        > ls->metric[metric].mean + 1e-12)
      return FALSE;
  for (guint p = 0; p < summary->pairs->len; p++)
    {
      const LbPairComparison *pair = &g_array_index (summary->pairs, LbPairComparison, p);
      double better = pair->a == ls->loss_index ? pair->bootstrap.mean
                      : pair->b == ls->loss_index ? -pair->bootstrap.mean
                                                  : NAN;

      if (isnan (better))
        continue;
      if (pair->verdict != LB_VERDICT_DIFFERENT || better <= 0)
        return FALSE;
    }
  return TRUE;
}

/* The pairwise differences: what the design can tell apart, a forest plot of each difference
 * with its interval, and a sentence per pair. */
static void
lb_compare_page_fill_pairs (LbComparePage             *self,
                            const LbExperimentSummary *summary)
{
  g_autofree char *design = lb_experiment_summary_describe_design (summary);
  g_autoptr (GString) sentences = g_string_new (NULL);
  gboolean undecidable = summary->design.n_seeds < LB_BOOTSTRAP_MIN_SEEDS;
  gboolean any = summary->pairs->len > 0;

  lb_forest_plot_clear (self->forest_plot);
  for (guint p = 0; p < summary->pairs->len; p++)
    {
      const LbPairComparison *pair = &g_array_index (summary->pairs, LbPairComparison, p);
      g_autofree char *a = lb_experiment_dup_loss_label (self->experiment, pair->a);
      g_autofree char *b = lb_experiment_dup_loss_label (self->experiment, pair->b);
      g_autofree char *label = g_strdup_printf ("%s − %s", a, b);
      g_autofree char *sentence = lb_experiment_describe_pair (self->experiment, pair);
      LbForestVerdict verdict = pair->verdict == LB_VERDICT_DIFFERENT ? LB_FOREST_DIFFERENT
                                : pair->verdict == LB_VERDICT_UNDECIDABLE ? LB_FOREST_UNDECIDED
                                                                          : LB_FOREST_NOT_DIFFERENT;

      lb_forest_plot_add_row (self->forest_plot, label, pair->bootstrap.mean,
                              pair->bootstrap.ci_low, pair->bootstrap.ci_high, verdict);
      if (sentences->len > 0)
        g_string_append_c (sentences, '\n');
      g_string_append (sentences, sentence);
    }
  lb_forest_plot_set_axis_label (self->forest_plot,
                                 "Mean IoU difference per test image, with its 95 % interval");
  gtk_widget_set_visible (GTK_WIDGET (self->pairs_heading), any);
  gtk_widget_set_visible (GTK_WIDGET (self->forest_plot), any);
  gtk_widget_set_visible (GTK_WIDGET (self->pairs_label), any);
  gtk_label_set_text (self->pairs_label, sentences->str);
  gtk_widget_set_visible (GTK_WIDGET (self->design_label), design != NULL);
  gtk_label_set_text (self->design_label, design != NULL ? design : "");
  /* Too few seeds to decide anything: say it as a warning, not as fine print. */
  if (undecidable)
    gtk_widget_add_css_class (GTK_WIDGET (self->design_label), "warning");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->design_label), "warning");
}

static void
lb_compare_page_fill_table (LbComparePage             *self,
                            const LbExperimentResults *results)
{
  const LbExperimentSummary *summary = results->summary;
  g_autoptr (GString) significance = g_string_new (NULL);
  int column = 1;

  clear_grid (self->table);
  if (summary == NULL || summary->losses->len == 0)
    {
      gtk_label_set_text (self->significance_label,
                          summary == NULL ? results->summary_error : "No run has finished yet.");
      gtk_widget_set_visible (GTK_WIDGET (self->pairs_heading), FALSE);
      gtk_widget_set_visible (GTK_WIDGET (self->design_label), FALSE);
      gtk_widget_set_visible (GTK_WIDGET (self->forest_plot), FALSE);
      gtk_widget_set_visible (GTK_WIDGET (self->pairs_label), FALSE);
      return;
    }

  gtk_grid_attach (self->table, table_label ("<b>Loss</b>", 0, FALSE), 0, 0, 1, 1);
  for (guint m = 0; m < G_N_ELEMENTS (table_metrics); m++)
    {
      g_autofree char *head = g_markup_printf_escaped ("<b>%s</b>", table_headings[m]);

      gtk_grid_attach (self->table, table_label (head, 1, FALSE), column++, 0, 1, 1);
    }
  gtk_grid_attach (self->table, table_label ("<b>Poster</b>", 1, TRUE), column++, 0, 1, 1);
  gtk_grid_attach (self->table, table_label ("<b>Poster Acc.</b>", 1, TRUE), column, 0, 1, 1);

  for (guint r = 0; r < summary->losses->len; r++)
    {
      const LbLossSummary *ls = &g_array_index (summary->losses, LbLossSummary, r);
      g_autofree char *name = lb_experiment_dup_loss_label (self->experiment, ls->loss_index);
      g_autofree char *name_markup = g_markup_printf_escaped ("%s <span alpha=\"60%%\">×%d</span>",
                                                              name, ls->n_runs);

      column = 1;
      gtk_grid_attach (self->table, table_label (name_markup, 0, FALSE), 0, r + 1, 1, 1);
      for (guint m = 0; m < G_N_ELEMENTS (table_metrics); m++)
        {
          const LbSummary *s = &ls->metric[table_metrics[m]];
          gboolean best;
          g_autofree char *cell = NULL;

          /* Bold: the best mean of the column, only where it is really better than every
           * other loss (lb_loss_is_best): a bold figure is a claim. */
          best = lb_compare_page_is_best (summary, r, table_metrics[m]);
          if (s->n > 1)
            cell = g_strdup_printf (best ? "<b>%.3f ± %.3f</b>" : "%.3f ± %.3f", s->mean, s->std);
          else
            cell = g_strdup_printf (best ? "<b>%.3f</b>" : "%.3f", s->mean);
          gtk_grid_attach (self->table, table_label (cell, 1, FALSE), column++, r + 1, 1, 1);
        }
      {
        g_autofree char *p1 = isfinite (ls->poster_stepped_iou)
                                ? g_strdup_printf ("%.4f", ls->poster_stepped_iou) : g_strdup ("—");
        g_autofree char *p2 = isfinite (ls->poster_accuracy)
                                ? g_strdup_printf ("%.4f", ls->poster_accuracy) : g_strdup ("—");

        gtk_grid_attach (self->table, table_label (p1, 1, TRUE), column++, r + 1, 1, 1);
        gtk_grid_attach (self->table, table_label (p2, 1, TRUE), column, r + 1, 1, 1);
      }
    }

  g_string_append_printf (significance,
                          "Mean ± standard deviation over seeds (×runs) of each run's mean on %u "
                          "test images; bold where a loss is better than every other beyond "
                          "seed and image noise. Stepped is the poster's uncapped TGS "
                          "“IoU score”, not IoU; Poster and Poster Acc. are the poster's table "
                          "(its stepped IoU and accuracy).",
                          summary->n_test_images);
  lb_compare_page_fill_pairs (self, summary);
  gtk_label_set_text (self->significance_label, significance->str);
}

/* ---- the test images where the losses disagree most ---- */

typedef struct
{
  char *folder;
  GPtrArray *run_dirs;      /* char*, one per loss column */
  GPtrArray *names;         /* char*, test images to show */
  guint size;
} MasksJob;

static void
masks_job_free (MasksJob *job)
{
  g_free (job->folder);
  g_ptr_array_unref (job->run_dirs);
  g_ptr_array_unref (job->names);
  g_free (job);
}

/* Reads the predicted test masks (PNG, written by the experiment) in a worker thread. */
static void
load_masks_thread (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  MasksJob *job = task_data;
  GPtrArray *masks = g_ptr_array_new_with_free_func (g_free);
  gsize plane = (gsize) job->size * job->size;

  lb_system_enter_worker_thread ();

  for (guint i = 0; i < job->names->len; i++)
    for (guint l = 0; l < job->run_dirs->len; l++)
      {
        g_autofree char *file = g_strconcat (g_ptr_array_index (job->names, i), ".png", NULL);
        g_autofree char *path = g_build_filename (g_ptr_array_index (job->run_dirs, l), "masks",
                                                  file, NULL);
        g_autoptr (GdkPixbuf) pixbuf = gdk_pixbuf_new_from_file (path, NULL);
        float *mask = NULL;

        if (pixbuf != NULL && (guint) gdk_pixbuf_get_width (pixbuf) == job->size
            && (guint) gdk_pixbuf_get_height (pixbuf) == job->size)
          {
            const guint8 *pixels = gdk_pixbuf_read_pixels (pixbuf);
            int stride = gdk_pixbuf_get_rowstride (pixbuf);
            int channels = gdk_pixbuf_get_n_channels (pixbuf);

            mask = g_new (float, plane);
            for (guint y = 0; y < job->size; y++)
              for (guint x = 0; x < job->size; x++)
                mask[(gsize) y * job->size + x] = pixels[y * stride + x * channels] / 255.0f;
          }
        g_ptr_array_add (masks, mask);
      }
  g_task_return_pointer (task, masks, (GDestroyNotify) g_ptr_array_unref);
}

typedef struct
{
  LbComparePage *self;
  MasksJob *job;
  GPtrArray *masks;
} MasksResult;

static void
lb_compare_page_show_disagreement (LbComparePage *self,
                                   MasksJob      *job,
                                   GPtrArray     *masks,
                                   LbDataset     *dataset)
{
  const LbExperimentConfig *config = lb_experiment_get_config (self->experiment);
  gsize plane = (gsize) job->size * job->size;
  g_autofree guint8 *truth = g_malloc (plane);

  clear_grid (self->disagreement_grid);
  for (guint l = 0; l < config->n_losses; l++)
    {
      g_autofree char *label = lb_experiment_dup_loss_label (self->experiment, l);
      GtkWidget *head = gtk_label_new (label);

      gtk_widget_add_css_class (head, "caption-heading");
      gtk_label_set_ellipsize (GTK_LABEL (head), PANGO_ELLIPSIZE_END);
      gtk_grid_attach (self->disagreement_grid, head, l, 0, 1, 1);
    }
  for (guint i = 0; i < job->names->len; i++)
    {
      const char *name = g_ptr_array_index (job->names, i);
      int index = lb_dataset_find (dataset, name);

      if (index < 0)
        continue;
      for (gsize k = 0; k < plane; k++)
        truth[k] = lb_dataset_get_masks (dataset)[plane * index + k] > 0.5f;
      for (guint l = 0; l < job->run_dirs->len; l++)
        {
          float *prediction = g_ptr_array_index (masks, i * job->run_dirs->len + l);
          GtkWidget *view = lb_mask_view_new ();
          g_autofree char *loss = lb_experiment_dup_loss_label (self->experiment, l);
          g_autofree char *accessible = g_strdup_printf ("%s, %s", name, loss);

          gtk_widget_set_size_request (view, 72, 120);
          lb_mask_view_set_pair (LB_MASK_VIEW (view), lb_dataset_get_image_u8 (dataset, index),
                                 truth, prediction, job->size);
          gtk_accessible_update_property (GTK_ACCESSIBLE (view), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                          accessible, -1);
          gtk_widget_set_tooltip_text (view, accessible);
          gtk_grid_attach (self->disagreement_grid, view, l, i + 1, 1, 1);
        }
    }
}

static void
disagreement_dataset_ready (GObject      *source,
                            GAsyncResult *result,
                            gpointer      user_data)
{
  MasksResult *r = user_data;
  g_autoptr (LbDataset) dataset = lb_data_page_load_at_size_finish (LB_DATA_PAGE (source), result,
                                                                    NULL);

  if (dataset != NULL && r->self->experiment != NULL
      && lb_dataset_get_size (dataset) == r->job->size)
    lb_compare_page_show_disagreement (r->self, r->job, r->masks, dataset);
  g_object_unref (r->self);
  masks_job_free (r->job);
  g_ptr_array_unref (r->masks);
  g_free (r);
}

static void
masks_ready (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  LbComparePage *self = LB_COMPARE_PAGE (source);
  GPtrArray *masks = g_task_propagate_pointer (G_TASK (result), NULL);
  MasksResult *r;

  if (masks == NULL || self->data_page == NULL)
    return;
  r = g_new0 (MasksResult, 1);
  r->self = g_object_ref (self);
  r->job = g_task_get_task_data (G_TASK (result));
  /* The task owns its data: take a copy of what the next step needs. */
  {
    MasksJob *copy = g_new0 (MasksJob, 1);

    copy->folder = g_strdup (r->job->folder);
    copy->run_dirs = g_ptr_array_ref (r->job->run_dirs);
    copy->names = g_ptr_array_ref (r->job->names);
    copy->size = r->job->size;
    r->job = copy;
  }
  r->masks = masks;
  lb_data_page_load_at_size_async (self->data_page, r->job->size, NULL,
                                   disagreement_dataset_ready, r);
}

/* The test images where the losses disagree most (lb-experiment-results.h), with each loss's
 * predicted mask, read on a worker thread. */
static void
lb_compare_page_fill_disagreement (LbComparePage             *self,
                                   const LbExperimentResults *results)
{
  const LbExperimentConfig *config = lb_experiment_get_config (self->experiment);
  GTask *task;
  MasksJob *job;
  gboolean matches_data;

  clear_grid (self->disagreement_grid);
  /* The test images themselves come from the open dataset: only when it is the same data. */
  matches_data = self->data_page != NULL && lb_data_page_get_dataset (self->data_page) != NULL
                 && lb_same_folders ((const char *const *) config->folders,
                                     lb_data_page_get_folders (self->data_page));
  gtk_widget_set_visible (GTK_WIDGET (self->disagreement_heading), FALSE);
  if (!matches_data || results->disagreement_names->len == 0
      || results->disagreement_runs->len == 0)
    return;

  job = g_new0 (MasksJob, 1);
  job->folder = g_strdup (lb_experiment_get_folder (self->experiment));
  job->run_dirs = g_ptr_array_new_with_free_func (g_free);
  for (guint l = 0; l < results->disagreement_runs->len; l++)
    g_ptr_array_add (job->run_dirs, g_strdup (g_ptr_array_index (results->disagreement_runs, l)));
  job->names = g_ptr_array_new_with_free_func (g_free);
  job->size = config->train.net.size;
  for (guint k = 0; k < results->disagreement_names->len && k < N_DISAGREEMENT_ROWS; k++)
    g_ptr_array_add (job->names, g_strdup (g_ptr_array_index (results->disagreement_names, k)));
  gtk_widget_set_visible (GTK_WIDGET (self->disagreement_heading), TRUE);

  task = g_task_new (self, NULL, masks_ready, NULL);
  g_task_set_task_data (task, job, (GDestroyNotify) masks_job_free);
  g_task_run_in_thread (task, load_masks_thread);
  g_object_unref (task);
}

/* ---- reading results, off the main thread ---- */

static void
results_ready (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  LbComparePage *self = user_data;
  g_autoptr (LbExperimentResults) results = lb_experiment_load_results_finish (LB_EXPERIMENT (source),
                                                                              result, NULL);

  /* A newer reload, or another experiment, has taken over. */
  if (results != NULL && LB_EXPERIMENT (source) == self->experiment)
    {
      lb_compare_page_take_histories (self, results);
      lb_compare_page_update_chart (self);
      lb_compare_page_update_queue (self);
      lb_compare_page_fill_table (self, results);
      lb_compare_page_fill_disagreement (self, results);
    }
  g_object_unref (self);
}

/* Reads what the experiment's folder holds now and shows it when it is read. */
static void
lb_compare_page_reload (LbComparePage *self)
{
  g_cancellable_cancel (self->reload_cancellable);
  g_clear_object (&self->reload_cancellable);
  self->reload_cancellable = g_cancellable_new ();
  lb_experiment_load_results_async (self->experiment, self->reload_cancellable, results_ready,
                                    g_object_ref (self));
}

/* ---- running ---- */

static void lb_compare_page_show (LbComparePage *self);

static void
lb_compare_page_progress (LbExperiment  *experiment,
                          LbComparePage *self)
{
  g_autoptr (LbTrainer) trainer = NULL;
  g_autoptr (LbTrainerSnapshot) snap = NULL;
  g_autofree char *loss = NULL;
  g_autofree char *text = NULL;
  LbRunInfo run;

  if (experiment != self->experiment)
    return;
  trainer = lb_experiment_dup_current_trainer (experiment);
  if (trainer == NULL)
    return;
  {
    GArray *known = self->current_run < self->histories->len
                      ? g_ptr_array_index (self->histories, self->current_run) : NULL;

    /* Only the epochs the page does not have yet; no batches. */
    snap = lb_trainer_get_progress_since (trainer, G_MAXUINT, known != NULL ? known->len : 0);
  }
  lb_experiment_get_run (experiment, self->current_run, &run);
  loss = lb_experiment_dup_loss_label (experiment, run.loss_index);
  text = g_strdup_printf ("Training %s, seed %" G_GUINT64_FORMAT " (run %u of %u): epoch %d of %d, batch %d of %d",
                          loss, run.seed, self->current_run + 1,
                          lb_experiment_get_n_runs (experiment), MAX (snap->epoch, 1),
                          snap->epochs, snap->batch, snap->n_batches);
  /* Batch counts at a reading pace (and a screen reader's); a new epoch at once. */
  if (snap->epochs_done->len > 0 || g_get_monotonic_time () - self->status_shown > G_USEC_PER_SEC / 4)
    {
      gtk_label_set_text (self->status_label, text);
      self->status_shown = g_get_monotonic_time ();
    }
  lb_run_info_clear (&run);

  /* The running run's curve, from its live snapshot. */
  if (self->current_run < self->histories->len && snap->epochs_done->len > 0)
    {
      GArray *old = g_ptr_array_index (self->histories, self->current_run);
      GArray *history = g_array_new (FALSE, FALSE, sizeof (LbEpochRecord));

      if (old != NULL)
        g_array_append_vals (history, old->data, MIN (old->len, snap->first_epoch));
      g_array_append_vals (history, snap->epochs_done->data, snap->epochs_done->len);
      self->histories->pdata[self->current_run] = history;
      g_clear_pointer (&old, g_array_unref);
      lb_compare_page_update_chart (self);
      lb_compare_page_update_queue (self);
    }
}

static void
lb_compare_page_run_started (LbExperiment  *experiment,
                             guint          index,
                             LbComparePage *self)
{
  self->current_run = index;
  lb_compare_page_update_queue (self);
}

static void
lb_compare_page_run_finished (LbExperiment  *experiment,
                              guint          index,
                              LbComparePage *self)
{
  lb_compare_page_update_queue (self);
  lb_compare_page_reload (self);
  lb_compare_page_set_has_results (self, TRUE);
}

static void
run_done (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  LbComparePage *self = user_data;
  LbExperiment *experiment = LB_EXPERIMENT (source);
  g_autoptr (GError) error = NULL;

  lb_experiment_run_finish (experiment, result, &error);
  if (experiment == self->experiment)
    {
      g_autofree char *detail = g_strdup_printf ("runs=%u", lb_experiment_get_n_runs (experiment));

      lb_latency_probe_stop (self->latency, detail);
      g_clear_object (&self->cancellable);
      lb_compare_page_set_running (self, FALSE);
      lb_compare_page_show (self);
      if (error != NULL && g_error_matches (error, LB_ERROR, LB_ERROR_CANCELLED))
        {
          AdwToast *toast = adw_toast_new ("Comparison stopped; finished runs are kept.");

          adw_toast_set_button_label (toast, "_Resume");
          adw_toast_set_action_name (toast, "win.resume-comparison");
          lb_window_toast_take (GTK_WIDGET (self), toast);
        }
      else if (error != NULL)
        lb_window_show_error (GTK_WIDGET (self), "Comparison Stopped", error->message);
    }
  g_object_unref (self);
}

/* Everything the page shows of the experiment, read again from disk. */
static void
lb_compare_page_show (LbComparePage *self)
{
  const LbExperimentConfig *config = lb_experiment_get_config (self->experiment);
  g_autofree char *text = NULL;
  g_autofree char *base = g_path_get_basename (lb_experiment_get_folder (self->experiment));

  gtk_stack_set_visible_child_name (self->stack, "results");
  lb_compare_page_fill_queue (self);
  lb_compare_page_reload (self);
  /* Something to export once a run is done. */
  {
    gboolean any_done = FALSE;

    for (guint i = 0; i < lb_experiment_get_n_runs (self->experiment) && !any_done; i++)
      {
        LbRunInfo run;

        lb_experiment_get_run (self->experiment, i, &run);
        any_done = run.state == LB_RUN_DONE;
        lb_run_info_clear (&run);
      }
    lb_compare_page_set_has_results (self, any_done);
  }
  if (!self->running)
    {
      text = g_strdup_printf ("%s: %u losses × %u seeds, %s preset — %s", base, config->n_losses,
                              config->n_seeds, config->preset,
                              lb_experiment_is_complete (self->experiment) ? "finished"
                                                                           : "not finished; resume it from History");
      gtk_label_set_text (self->status_label, text);
    }
}

static void
lb_compare_page_run (LbComparePage *self)
{
  self->cancellable = g_cancellable_new ();
  lb_compare_page_set_running (self, TRUE);
  g_signal_connect_object (self->experiment, "progress", G_CALLBACK (lb_compare_page_progress),
                           self, 0);
  g_signal_connect_object (self->experiment, "run-started",
                           G_CALLBACK (lb_compare_page_run_started), self, 0);
  g_signal_connect_object (self->experiment, "run-finished",
                           G_CALLBACK (lb_compare_page_run_finished), self, 0);
  lb_compare_page_show (self);
  gtk_label_set_text (self->status_label, "Loading the data…");
  lb_latency_probe_start (self->latency);
  lb_experiment_run_async (self->experiment, self->cancellable, run_done, g_object_ref (self));
}

static void
experiment_created (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  LbComparePage *self = user_data;
  g_autoptr (GError) error = NULL;
  LbExperiment *experiment = lb_experiment_open_finish (result, &error);

  if (experiment == NULL)
    {
      lb_compare_page_set_running (self, FALSE);
      lb_window_show_error (GTK_WIDGET (self), "Cannot Create the Experiment", error->message);
    }
  else
    {
      g_clear_object (&self->experiment);
      self->experiment = experiment;
      lb_compare_page_run (self);
    }
  g_object_unref (self);
}

void
lb_compare_page_start (LbComparePage *self)
{
  LbExperimentConfig config;
  LbTrainPreset preset;
  NnLossPreset loss_preset;
  g_autofree char *store = lb_run_store_default_root ();
  g_autofree char *problem = NULL;
  guint demo_count;
  guint demo_size;

  g_return_if_fail (LB_IS_COMPARE_PAGE (self));

  if (self->running || self->data_page == NULL || lb_data_page_get_dataset (self->data_page) == NULL)
    return;

  preset = lb_compare_page_get_model (self);
  loss_preset = lb_compare_page_get_loss_preset (self);

  lb_experiment_config_init (&config, preset);
  config.train.epochs = (int) gtk_adjustment_get_value (self->epochs_adjustment);
  config.train.learning_rate = gtk_adjustment_get_value (self->lr_adjustment);
  config.n_losses = 0;
  for (guint i = 0; i < G_N_ELEMENTS (loss_kinds); i++)
    if (gtk_check_button_get_active (loss_check (self, i)))
      nn_loss_config_preset (&config.losses[config.n_losses++], loss_kinds[i], loss_preset);
  config.n_seeds = (guint) gtk_adjustment_get_value (self->seeds_adjustment);
  /* The data on the Data page: its folder, or the same demo phantoms. */
  if (lb_data_page_get_folders (self->data_page) != NULL)
    config.folders = g_strdupv ((char **) lb_data_page_get_folders (self->data_page));
  else
    {
      lb_demo_set_shape (&demo_count, &demo_size);
      config.demo_count = demo_count;
      config.demo_seed = LB_DEMO_SEED;
    }

  problem = lb_experiment_config_check (&config);
  if (problem != NULL)
    {
      lb_window_show_error (GTK_WIDGET (self), "Cannot Run This Comparison", problem);
      lb_experiment_config_clear (&config);
      return;
    }

  /* Its folder and configuration are written on a worker thread; the controls lock now. */
  lb_compare_page_set_running (self, TRUE);
  gtk_label_set_text (self->status_label, "Creating the experiment…");
  lb_experiment_create_async (&config, store, NULL, experiment_created, g_object_ref (self));
  lb_experiment_config_clear (&config);
}

void
lb_compare_page_stop (LbComparePage *self)
{
  g_return_if_fail (LB_IS_COMPARE_PAGE (self));

  if (self->cancellable != NULL)
    {
      g_cancellable_cancel (self->cancellable);
      gtk_label_set_text (self->status_label, "Stopping after this batch…");
    }
}

void
lb_compare_page_resume (LbComparePage *self)
{
  g_return_if_fail (LB_IS_COMPARE_PAGE (self));

  if (self->running || self->experiment == NULL || lb_experiment_is_complete (self->experiment))
    return;
  lb_compare_page_run (self);
}

typedef struct
{
  LbComparePage *self;
  gboolean resume;
} OpenRequest;

static void
experiment_opened (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  OpenRequest *request = user_data;
  LbComparePage *self = request->self;
  g_autoptr (GError) error = NULL;
  LbExperiment *experiment = lb_experiment_open_finish (result, &error);

  if (experiment == NULL)
    lb_window_show_error (GTK_WIDGET (self), "Cannot Open the Experiment", error->message);
  else if (self->running)
    {
      g_object_unref (experiment);
      lb_window_toast (GTK_WIDGET (self), "A comparison is running; stop it before opening another.");
    }
  else
    {
      g_clear_object (&self->experiment);
      self->experiment = experiment;
      if (request->resume && !lb_experiment_is_complete (experiment))
        lb_compare_page_run (self);
      else
        lb_compare_page_show (self);
    }
  g_object_unref (self);
  g_free (request);
}

void
lb_compare_page_open (LbComparePage *self,
                      const char    *folder,
                      gboolean       resume)
{
  OpenRequest *request;

  g_return_if_fail (LB_IS_COMPARE_PAGE (self));

  if (self->running)
    {
      lb_window_toast (GTK_WIDGET (self), "A comparison is running; stop it before opening another.");
      return;
    }
  request = g_new0 (OpenRequest, 1);
  request->self = g_object_ref (self);
  request->resume = resume;
  lb_experiment_open_async (folder, NULL, experiment_opened, request);
}

/* ---- export ---- */

static void
export_response (GtkNativeDialog *dialog,
                 int              response,
                 gpointer         user_data)
{
  LbComparePage *self = user_data;

  if (response == GTK_RESPONSE_ACCEPT && self->experiment != NULL)
    {
      g_autoptr (GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autofree char *dir = file != NULL ? g_file_get_path (file) : NULL;
      g_autoptr (GError) error = NULL;

      if (dir == NULL)
        lb_window_toast (GTK_WIDGET (self), "Choose a folder on a local disk to export to.");
      else
        {
          g_autofree char *summary = g_build_filename (dir, "summary.csv", NULL);
          g_autofree char *history = g_build_filename (dir, "history.csv", NULL);
          g_autofree char *per_image = g_build_filename (dir, "per-image.csv", NULL);
          g_autofree char *comparisons = g_build_filename (dir, "comparisons.csv", NULL);

          if (lb_experiment_export_csv (self->experiment, summary, history, per_image,
                                        comparisons, &error))
            {
              g_autofree char *text = g_strdup_printf ("Exported summary, history, per-image and comparisons CSV to %s",
                                                       dir);

              lb_window_toast (GTK_WIDGET (self), text);
            }
          else
            lb_window_show_error (GTK_WIDGET (self), "Export Failed", error->message);
        }
    }
  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
  g_object_unref (self);
}

void
lb_compare_page_export (LbComparePage *self)
{
  GtkFileChooserNative *chooser;
  const char *start = g_getenv ("LOSSBENCH_EXPORT_DIR");
  g_autoptr (GFile) folder = NULL;

  g_return_if_fail (LB_IS_COMPARE_PAGE (self));

  if (self->experiment == NULL)
    return;
  chooser = gtk_file_chooser_native_new ("Export CSV Files",
                                         GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                         GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER, "_Export",
                                         "_Cancel");
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  folder = g_file_new_for_path (start != NULL && start[0] != '\0'
                                  ? start : lb_experiment_get_folder (self->experiment));
  gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (chooser), folder, NULL);
  g_signal_connect (chooser, "response", G_CALLBACK (export_response), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* ---- GObject ---- */

void
lb_compare_page_set_data_page (LbComparePage *self,
                               LbDataPage    *data_page)
{
  g_return_if_fail (LB_IS_COMPARE_PAGE (self));

  self->data_page = data_page;
}

static void
lb_compare_page_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  LbComparePage *self = LB_COMPARE_PAGE (object);

  switch (prop_id)
    {
    case PROP_RUNNING:
      g_value_set_boolean (value, self->running);
      break;
    case PROP_HAS_RESULTS:
      g_value_set_boolean (value, self->has_results);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lb_compare_page_dispose (GObject *object)
{
  LbComparePage *self = LB_COMPARE_PAGE (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  adw_bin_set_child (ADW_BIN (object), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (object), LB_TYPE_COMPARE_PAGE);

  G_OBJECT_CLASS (lb_compare_page_parent_class)->dispose (object);
}

static void
lb_compare_page_finalize (GObject *object)
{
  LbComparePage *self = LB_COMPARE_PAGE (object);

  g_clear_object (&self->experiment);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->queue_rows, g_ptr_array_unref);
  g_clear_pointer (&self->histories, g_ptr_array_unref);
  g_clear_pointer (&self->latency, lb_latency_probe_free);
  g_cancellable_cancel (self->reload_cancellable);
  g_clear_object (&self->reload_cancellable);

  G_OBJECT_CLASS (lb_compare_page_parent_class)->finalize (object);
}

static void
lb_compare_page_class_init (LbComparePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = lb_compare_page_get_property;
  object_class->dispose = lb_compare_page_dispose;
  object_class->finalize = lb_compare_page_finalize;

  properties[PROP_RUNNING] = g_param_spec_boolean ("running", NULL, NULL, FALSE,
                                                   G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY
                                                   | G_PARAM_STATIC_STRINGS);
  properties[PROP_HAS_RESULTS] = g_param_spec_boolean ("has-results", NULL, NULL, FALSE,
                                                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY
                                                       | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (LB_TYPE_PLOT);
  g_type_ensure (LB_TYPE_FOREST_PLOT);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/lossbench/Lossbench/ui/lb-compare-page.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, LbComparePage, name)
  BIND (cmp_dice_bce);
  BIND (cmp_jaccard);
  BIND (cmp_focal);
  BIND (cmp_tversky);
  BIND (cmp_focal_tversky);
  BIND (losses_list);
  BIND (runs_list);
  BIND (seeds_adjustment);
  BIND (epochs_adjustment);
  BIND (lr_adjustment);
  BIND (cmp_tiny);
  BIND (cmp_quick);
  BIND (cmp_poster);
  BIND (cmp_preset_poster);
  BIND (cmp_preset_literature);
  BIND (queue_list);
  BIND (stack);
  BIND (status_label);
  BIND (progress_bar);
  BIND (plot);
  BIND (table);
  BIND (significance_label);
  BIND (pairs_heading);
  BIND (design_label);
  BIND (forest_plot);
  BIND (pairs_label);
  BIND (disagreement_grid);
  BIND (disagreement_heading);
#undef BIND
}

static void
lb_compare_page_init (LbComparePage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->queue_rows = g_ptr_array_new ();
  self->histories = g_ptr_array_new_with_free_func (history_free);
  self->latency = lb_latency_probe_new ("compare");
  self->settings = g_settings_new (LB_APP_ID);
  lb_compare_page_restore_settings (self);
  for (LbTrainPreset p = LB_TRAIN_PRESET_POSTER; p <= LB_TRAIN_PRESET_TINY; p++)
    g_signal_connect (lb_compare_page_model_button (self, p), "toggled",
                      G_CALLBACK (lb_compare_page_model_toggled), self);
  for (guint i = 0; i < G_N_ELEMENTS (loss_kinds); i++)
    g_signal_connect_swapped (loss_check (self, i), "toggled",
                              G_CALLBACK (lb_compare_page_save_settings), self);
  g_signal_connect_swapped (self->cmp_preset_literature, "toggled",
                            G_CALLBACK (lb_compare_page_save_settings), self);
  g_signal_connect_swapped (self->epochs_adjustment, "value-changed",
                            G_CALLBACK (lb_compare_page_save_settings), self);
  g_signal_connect_swapped (self->lr_adjustment, "value-changed",
                            G_CALLBACK (lb_compare_page_save_settings), self);
  g_signal_connect_swapped (self->seeds_adjustment, "value-changed",
                            G_CALLBACK (lb_compare_page_save_settings), self);
  lb_plot_set_title (self->plot, "Validation IoU by Loss");
  lb_plot_set_x_label (self->plot, "epoch");
  lb_plot_set_y_range (self->plot, 0, 1);
}
