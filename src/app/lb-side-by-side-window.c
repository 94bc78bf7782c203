/* lb-side-by-side-window.c — finished runs of several experiments in one window.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The experiments are read once (lb_run_set_load, on a worker thread); every change of the
 * losses shown or of the metric compares again (lb_run_set_compare, the bootstrap, also on a
 * worker), and a comparison overtaken by a newer one is dropped. The curves need no worker: the
 * histories are in memory, and a loss left out is a hidden series. */

#include "lb-config.h"

#include "lb-compare-pairs.h"
#include "lb-compare-table.h"
#include "lb-experiment-curves.h"
#include "lb-loss-overrides.h"
#include "lb-metric-chooser.h"
#include "lb-plot.h"
#include "lb-run-set.h"
#include "lb-side-by-side-window.h"
#include "lb-system.h"

struct _LbSideBySideWindow
{
  AdwWindow parent_instance;

  char **folders;
  LbRunSet *set;                /* once read; freed in finalize, as a worker may still use it */
  gboolean *included;           /* per group */
  char **settings;              /* per group: its loss's α, β, γ as the table shows them */
  guint generation;             /* of the comparison asked for last */
  GCancellable *cancellable;

  /* Template children. */
  AdwWindowTitle *window_title;
  GtkStack *stack;
  AdwStatusPage *error_page;
  AdwPreferencesGroup *experiments_group;
  AdwPreferencesGroup *groups_group;
  GtkLabel *pairing_label;
  LbPlot *plot;
  LbMetricChooser *metric_chooser;
  LbCompareTable *table;
  LbComparePairs *pairs;
};

G_DEFINE_FINAL_TYPE (LbSideBySideWindow, lb_side_by_side_window, ADW_TYPE_WINDOW)

/* ---- comparing ---- */

typedef struct
{
  guint generation;
  gboolean *included;
  LbMetric metric;
} CompareJob;

static void
compare_job_free (gpointer data)
{
  CompareJob *job = data;

  g_free (job->included);
  g_free (job);
}

static void
compare_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  LbSideBySideWindow *self = source_object;
  CompareJob *job = task_data;
  g_autoptr (GError) error = NULL;
  LbRunSetComparison *comparison;

  lb_system_enter_worker_thread ();

  comparison = lb_run_set_compare (self->set, job->included, job->metric, &error);
  if (comparison == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, comparison, (GDestroyNotify) lb_run_set_comparison_free);
}

static gboolean
all_poster_protocol (LbSideBySideWindow *self)
{
  for (guint e = 0; e < lb_run_set_get_n_experiments (self->set); e++)
    if (!lb_experiment_config_is_poster_protocol (lb_run_set_get_config (self->set, e)))
      return FALSE;
  return TRUE;
}

static void
compare_done (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  LbSideBySideWindow *self = LB_SIDE_BY_SIDE_WINDOW (source);
  CompareJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr (GError) error = NULL;
  g_autoptr (LbRunSetComparison) comparison = g_task_propagate_pointer (G_TASK (result), &error);
  const char *const *labels = lb_run_set_get_labels (self->set);

  if (job->generation != self->generation)
    return;
  if (comparison == NULL)
    {
      lb_compare_table_show (self->table, labels, NULL, NULL, job->metric, error->message,
                             FALSE);
      lb_compare_pairs_show (self->pairs, labels, NULL);
      return;
    }
  gtk_label_set_text (self->pairing_label, comparison->pairing_note);
  /* Not paired is a limit of what can be said: a warning, not fine print. */
  if (comparison->pairing == LB_RUN_SET_UNPAIRED)
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->pairing_label), "warning");
      gtk_widget_remove_css_class (GTK_WIDGET (self->pairing_label), "dim-label");
    }
  else
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->pairing_label), "dim-label");
      gtk_widget_remove_css_class (GTK_WIDGET (self->pairing_label), "warning");
    }
  lb_compare_table_show (self->table, labels, (const char *const *) self->settings,
                         comparison->summary, job->metric, NULL, all_poster_protocol (self));
  lb_compare_pairs_show (self->pairs, labels, comparison->summary);
}

static void
lb_side_by_side_window_compare (LbSideBySideWindow *self)
{
  CompareJob *job = g_new0 (CompareJob, 1);
  guint n = lb_run_set_get_n_groups (self->set);
  GTask *task;

  job->generation = ++self->generation;
  job->included = g_memdup2 (self->included, MAX (n, 1u) * sizeof (gboolean));
  job->metric = lb_metric_chooser_get_metric (self->metric_chooser);
  task = g_task_new (self, self->cancellable, compare_done, NULL);
  g_task_set_task_data (task, job, compare_job_free);
  g_task_run_in_thread (task, compare_thread);
  g_object_unref (task);
}

/* ---- the curves ---- */

static void
lb_side_by_side_window_draw_curves (LbSideBySideWindow *self)
{
  LbRunSet *set = self->set;
  guint n_groups = lb_run_set_get_n_groups (set);
  g_autoptr (LbExperimentCurves) curves = lb_experiment_curves_new (
    n_groups, lb_run_set_get_n_runs (set), lb_run_set_get_run_groups (set));
  gboolean any_band = FALSE;

  lb_experiment_curves_set_histories (curves, lb_run_set_get_histories (set));
  lb_plot_clear (self->plot);
  lb_plot_set_x_max (self->plot, lb_run_set_get_max_epochs (set));
  for (guint g = 0; g < n_groups; g++)
    {
      g_autoptr (LbSeedBand) band = lb_experiment_curves_dup_validation_band (curves, g,
                                                                              NN_METRIC_IOU);
      guint series = lb_plot_add_series (self->plot, lb_run_set_get_group_label (set, g),
                                         g % LB_PLOT_N_COLORS, LB_PLOT_STYLE_BOLD);

      lb_plot_set_series_visible (self->plot, series, self->included[g]);
      if (band == NULL || band->n_points == 0)
        continue;
      lb_plot_set_points (self->plot, series, band->epoch, band->mean, band->n_points);
      if (lb_run_set_get_group_n_runs (set, g) > 1)
        {
          lb_plot_set_band (self->plot, series, band->low, band->high);
          any_band = TRUE;
        }
    }
  lb_plot_set_band_caption (self->plot, any_band ? "lowest to highest seed" : NULL);
}

/* ---- the rows ---- */

static void
group_toggled (GtkCheckButton     *check,
               LbSideBySideWindow *self)
{
  guint g = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (check), "group"));

  self->included[g] = gtk_check_button_get_active (check);
  lb_plot_set_series_visible (self->plot, g, self->included[g]);
  lb_side_by_side_window_compare (self);
}

/* GROUP's settings (two Tversky losses differ by them), how many of its runs finished, and its
 * experiment's preset and data: "α 0.3 · β 0.7 · 3 finished runs · tiny preset · demo set". */
static char *
describe_group (LbSideBySideWindow *self, guint group)
{
  LbRunSet *set = self->set;
  guint runs = lb_run_set_get_group_n_runs (set, group);
  guint experiment = lb_run_set_get_group_experiment (set, group);
  const LbStoredExperiment *entry = lb_run_set_get_entry (set, experiment);
  GString *text = g_string_new (self->settings[group]);

  if (text->len > 0)
    g_string_append (text, " · ");
  if (runs == 0)
    g_string_append (text, "no finished run: nothing to show");
  else
    g_string_append_printf (text, "%u finished run%s · %s preset · %s", runs,
                            runs == 1 ? "" : "s", entry->preset ? entry->preset : "custom",
                            entry->dataset ? entry->dataset : "");
  return g_string_free (text, FALSE);
}

static void
lb_side_by_side_window_fill (LbSideBySideWindow *self)
{
  LbRunSet *set = self->set;
  guint n_experiments = lb_run_set_get_n_experiments (set);
  guint n_groups = lb_run_set_get_n_groups (set);
  g_autofree char *subtitle = g_strdup_printf ("%u experiments, %u losses", n_experiments,
                                               n_groups);
  gboolean spacing = TRUE;

  adw_window_title_set_subtitle (self->window_title, subtitle);
  for (guint e = 0; e < n_experiments; e++)
    {
      const LbStoredExperiment *entry = lb_run_set_get_entry (set, e);
      g_autofree char *name = g_path_get_basename (lb_run_set_get_folder (set, e));
      g_autofree char *title = g_strdup_printf ("%s — %s", lb_run_set_get_tag (set, e), name);
      g_autofree char *description = lb_stored_experiment_describe (entry);
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), description);
      adw_preferences_group_add (self->experiments_group, row);
      spacing &= lb_run_set_get_config (set, e)->metrics.has_spacing;
    }
  lb_metric_chooser_set_has_spacing (self->metric_chooser, spacing);

  self->included = g_new0 (gboolean, MAX (n_groups, 1u));
  self->settings = g_new0 (char *, n_groups + 1);
  for (guint g = 0; g < n_groups; g++)
    self->settings[g] = lb_loss_term_describe (&lb_run_set_get_group_loss (set, g)->primary);
  for (guint g = 0; g < n_groups; g++)
    {
      const char *label = lb_run_set_get_group_label (set, g);
      g_autofree char *subtitle_text = describe_group (self, g);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *check = gtk_check_button_new ();
      gboolean has_runs = lb_run_set_get_group_n_runs (set, g) > 0;

      self->included[g] = has_runs;
      gtk_check_button_set_active (GTK_CHECK_BUTTON (check), has_runs);
      gtk_widget_set_sensitive (check, has_runs);
      gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
      g_object_set_data (G_OBJECT (check), "group", GUINT_TO_POINTER (g));
      g_signal_connect (check, "toggled", G_CALLBACK (group_toggled), self);

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), label);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle_text);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
      /* The row's title names the check box, for a screen reader too. */
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
      adw_preferences_group_add (self->groups_group, row);
    }
  lb_side_by_side_window_draw_curves (self);
  lb_side_by_side_window_compare (self);
  gtk_stack_set_visible_child_name (self->stack, "results");
}

/* ---- reading the experiments ---- */

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  g_autoptr (GError) error = NULL;
  LbRunSet *set;

  lb_system_enter_worker_thread ();

  set = lb_run_set_load (task_data, &error);
  if (set == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, set, (GDestroyNotify) lb_run_set_free);
}

static void
load_done (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  LbSideBySideWindow *self = LB_SIDE_BY_SIDE_WINDOW (source);
  g_autoptr (GError) error = NULL;

  self->set = g_task_propagate_pointer (G_TASK (result), &error);
  if (self->set == NULL)
    {
      g_autofree char *text = g_strdup_printf ("%s Check that the experiments are still in "
                                               "History.", error->message);

      adw_status_page_set_description (self->error_page, text);
      gtk_stack_set_visible_child_name (self->stack, "error");
      return;
    }
  lb_side_by_side_window_fill (self);
}

static void
metric_changed (LbSideBySideWindow *self)
{
  if (self->set != NULL)
    lb_side_by_side_window_compare (self);
}

/* ---- GObject ---- */

GtkWindow *
lb_side_by_side_window_new (GtkWindow         *parent,
                            const char *const *folders)
{
  LbSideBySideWindow *self;
  GTask *task;

  g_return_val_if_fail (folders != NULL, NULL);

  self = g_object_new (LB_TYPE_SIDE_BY_SIDE_WINDOW, "transient-for", parent,
                       "destroy-with-parent", TRUE, NULL);
  self->folders = g_strdupv ((char **) folders);
  task = g_task_new (self, self->cancellable, load_done, NULL);
  g_task_set_task_data (task, self->folders, NULL);
  g_task_run_in_thread (task, load_thread);
  g_object_unref (task);
  return GTK_WINDOW (self);
}

static void
lb_side_by_side_window_dispose (GObject *object)
{
  LbSideBySideWindow *self = LB_SIDE_BY_SIDE_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (object), LB_TYPE_SIDE_BY_SIDE_WINDOW);

  G_OBJECT_CLASS (lb_side_by_side_window_parent_class)->dispose (object);
}

static void
lb_side_by_side_window_finalize (GObject *object)
{
  LbSideBySideWindow *self = LB_SIDE_BY_SIDE_WINDOW (object);

  g_clear_object (&self->cancellable);
  lb_run_set_free (self->set);
  g_strfreev (self->folders);
  g_free (self->included);
  g_strfreev (self->settings);

  G_OBJECT_CLASS (lb_side_by_side_window_parent_class)->finalize (object);
}

static void
lb_side_by_side_window_class_init (LbSideBySideWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lb_side_by_side_window_dispose;
  object_class->finalize = lb_side_by_side_window_finalize;

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK,
                                       "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);

  g_type_ensure (LB_TYPE_PLOT);
  g_type_ensure (LB_TYPE_METRIC_CHOOSER);
  g_type_ensure (LB_TYPE_COMPARE_TABLE);
  g_type_ensure (LB_TYPE_COMPARE_PAIRS);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/lossbench/Lossbench/ui/"
                                               "lb-side-by-side-window.ui");
  gtk_widget_class_bind_template_child (widget_class, LbSideBySideWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, LbSideBySideWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, LbSideBySideWindow, error_page);
  gtk_widget_class_bind_template_child (widget_class, LbSideBySideWindow, experiments_group);
  gtk_widget_class_bind_template_child (widget_class, LbSideBySideWindow, groups_group);
  gtk_widget_class_bind_template_child (widget_class, LbSideBySideWindow, pairing_label);
  gtk_widget_class_bind_template_child (widget_class, LbSideBySideWindow, plot);
  gtk_widget_class_bind_template_child (widget_class, LbSideBySideWindow, metric_chooser);
  gtk_widget_class_bind_template_child (widget_class, LbSideBySideWindow, table);
  gtk_widget_class_bind_template_child (widget_class, LbSideBySideWindow, pairs);
}

static void
lb_side_by_side_window_init (LbSideBySideWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();

  lb_plot_set_title (self->plot, "Validation IoU by Loss and Experiment");
  lb_plot_set_x_label (self->plot, "epoch");
  lb_plot_set_y_range (self->plot, 0, 1);
  g_signal_connect_swapped (self->metric_chooser, "notify::metric",
                            G_CALLBACK (metric_changed), self);
}
