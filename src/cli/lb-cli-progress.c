/* lb-cli-progress.c — training progress on a terminal (a bar with ETA) or in a log (lines).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "lb-cli-progress.h"

#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <unistd.h>

static volatile sig_atomic_t interrupted;

static void
on_signal (int signum)
{
  interrupted = 1;
}

gboolean
lb_cli_progress_interrupted (void)
{
  return interrupted != 0;
}

typedef struct
{
  GCancellable *cancellable;
  gboolean terminal;
  guint run;
  int last_epoch_printed;
  gint64 last_draw;
} Progress;

static void
format_duration (char *buffer, gsize size, double seconds)
{
  if (!isfinite (seconds))
    g_strlcpy (buffer, "--", size);
  else if (seconds >= 3600)
    g_snprintf (buffer, size, "%dh%02dm", (int) (seconds / 3600), (int) fmod (seconds / 60, 60));
  else
    g_snprintf (buffer, size, "%dm%02ds", (int) (seconds / 60), (int) fmod (seconds, 60));
}

static void
on_run_started (LbExperiment *experiment, guint index, gpointer data)
{
  Progress *p = data;
  p->run = index;
  p->last_epoch_printed = 0;
  LbRunInfo run;
  lb_experiment_get_run (experiment, index, &run);
  fprintf (stderr, "%sRun %u of %u: %s%s\n", p->terminal ? "\r\033[K" : "", index + 1,
           lb_experiment_get_n_runs (experiment), run.name,
           run.epochs_done > 0 ? " (resuming)" : "");
  lb_run_info_clear (&run);
}

static void
on_run_finished (LbExperiment *experiment, guint index, gpointer data)
{
  Progress *p = data;
  LbRunInfo run;
  lb_experiment_get_run (experiment, index, &run);
  if (p->terminal)
    fprintf (stderr, "\r\033[K");
  if (run.state == LB_RUN_DONE)
    {
      fprintf (stderr, "  test IoU %.4f, Dice %.4f, accuracy %.4f", run.test_mean.value[NN_METRIC_IOU],
               run.test_mean.value[NN_METRIC_DICE], run.test_mean.value[NN_METRIC_ACCURACY]);
      if (!isnan (run.test_value[LB_METRIC_HD95]))
        fprintf (stderr, ", HD95 %.2f px", run.test_value[LB_METRIC_HD95]);
      if (!isnan (run.test_value[LB_METRIC_HD95_MM]))
        fprintf (stderr, " (%.2f mm)", run.test_value[LB_METRIC_HD95_MM]);
      if (run.test_missed > 0)
        fprintf (stderr, ", %d image%s missed", run.test_missed, run.test_missed == 1 ? "" : "s");
      fprintf (stderr, " (best epoch %d of %d)\n", run.best_epoch, run.epochs_done);
    }
  else if (run.message != NULL)
    fprintf (stderr, "  %s: %s\n", lb_run_state_to_label (run.state), run.message);
  lb_run_info_clear (&run);
}

static void
on_progress (LbExperiment *experiment, gpointer data)
{
  Progress *p = data;
  if (interrupted && !g_cancellable_is_cancelled (p->cancellable))
    g_cancellable_cancel (p->cancellable);

  g_autoptr (LbTrainer) trainer = lb_experiment_dup_current_trainer (experiment);
  if (trainer == NULL)
    return;
  g_autoptr (LbTrainerSnapshot) s = lb_trainer_get_snapshot (trainer);
  char eta[32];
  format_duration (eta, sizeof eta, s->eta_seconds);

  int done = s->epochs_done->len;
  if (done > p->last_epoch_printed)
    {
      const LbEpochRecord *r = &g_array_index (s->epochs_done, LbEpochRecord, done - 1);
      char hd95[32] = "";
      if (!isnan (r->val_hd95))
        g_snprintf (hd95, sizeof hd95, "  val HD95 %.1f px", r->val_hd95);
      fprintf (stderr,
               "%s  epoch %3d/%d  train loss %.4f  val loss %.4f  val IoU %.4f%s  lr %.2g  %.1f s%s%s\n",
               p->terminal ? "\r\033[K" : "", r->epoch, s->epochs, r->train_loss, r->val_loss,
               r->val.value[NN_METRIC_IOU], hd95, r->learning_rate, r->seconds,
               r->best ? "  *best" : "", r->collapsed ? "  COLLAPSED" : "");
      p->last_epoch_printed = done;
    }
  if (!p->terminal)
    return;

  /* Redraw the bar at most 10 times a second. */
  gint64 now = g_get_monotonic_time ();
  if (now - p->last_draw < 100 * G_TIME_SPAN_MILLISECOND && s->batch != s->n_batches)
    return;
  p->last_draw = now;
  const int width = 24;
  int filled = s->n_batches > 0 ? width * s->batch / s->n_batches : 0;
  char bar[64];
  for (int i = 0; i < width; i++)
    bar[i] = i < filled ? '#' : '.';
  bar[width] = '\0';
  double loss = s->batch_losses->len ? g_array_index (s->batch_losses, double,
                                                      s->batch_losses->len - 1)
                                     : NAN;
  fprintf (stderr, "\r\033[K  epoch %d/%d [%s] batch %d/%d  loss %.4f  ETA %s", s->epoch,
           s->epochs, bar, s->batch, s->n_batches, loss, eta);
  fflush (stderr);
}

void
lb_cli_progress_attach (LbExperiment *experiment, GCancellable *cancellable)
{
  Progress *p = g_new0 (Progress, 1);
  p->cancellable = g_object_ref (cancellable);
  p->terminal = isatty (STDERR_FILENO);
  g_object_set_data_full (G_OBJECT (experiment), "lb-cli-progress", p, g_free);
  g_signal_connect (experiment, "run-started", G_CALLBACK (on_run_started), p);
  g_signal_connect (experiment, "run-finished", G_CALLBACK (on_run_finished), p);
  g_signal_connect (experiment, "progress", G_CALLBACK (on_progress), p);

  struct sigaction action = { 0 };
  action.sa_handler = on_signal;
  sigemptyset (&action.sa_mask);
  sigaction (SIGINT, &action, NULL);
  sigaction (SIGTERM, &action, NULL);
}

/* The label of a loss of RESULTS. */
static const char *
label_of (LbPerImage *results, guint loss)
{
  return g_array_index (results->losses, LbPerImageLoss, loss).label;
}

void
lb_cli_print_padded (const char *text, int width)
{
  int pad = width - (int) g_utf8_strlen (text, -1);
  printf ("%s%*s", text, MAX (pad, 0), "");
}

/* The width of the loss column: the longest label, at least 16. */
static int
label_width (LbPerImage *results)
{
  int width = 16;
  for (guint i = 0; i < results->losses->len; i++)
    width = MAX (width, (int) g_utf8_strlen (label_of (results, i), -1));
  return width;
}

void
lb_cli_print_mean (const LbSummary *m, gboolean distance)
{
  g_autofree char *text = NULL;
  if (isnan (m->mean))
    text = g_strdup ("—");
  else if (isnan (m->std))
    text = g_strdup_printf (distance ? "%.2f" : "%.4f", m->mean);
  else
    text = g_strdup_printf (distance ? "%.2f ± %.2f" : "%.4f ± %.4f", m->mean, m->std);
  printf (" ");
  lb_cli_print_padded (text, 17);
}

void
lb_cli_print_results (LbPerImage *results, const LbExperimentSummary *summary, double detect,
                      const char *comparisons_file)
{
  LbMetric metric = summary->metric;
  gboolean boundary = summary->available[LB_METRIC_HD95];
  gboolean mm = summary->available[LB_METRIC_HD95_MM];
  int width = label_width (results);
  lb_cli_print_padded ("loss", width);
  printf (" %4s  %-17s %-17s %-17s %-17s", "runs", "IoU", "Dice", "accuracy",
          "stepped IoU");
  if (boundary)
    printf (" %-17s %-17s", "HD95 (px)", "NSD (px)");
  if (mm)
    printf (" %-17s", "HD95 (mm)");
  printf ("  %s\n", "poster (stepped, acc.)");
  for (guint i = 0; i < summary->losses->len; i++)
    {
      const LbLossSummary *s = &g_array_index (summary->losses, LbLossSummary, i);
      lb_cli_print_padded (label_of (results, s->loss_index), width);
      printf (" %4d ", s->n_runs);
      const LbMetric shown[] = { LB_METRIC_IOU, LB_METRIC_DICE, LB_METRIC_ACCURACY,
                                 LB_METRIC_STEPPED_IOU, LB_METRIC_HD95, LB_METRIC_NSD,
                                 LB_METRIC_HD95_MM };
      for (guint k = 0; k < G_N_ELEMENTS (shown); k++)
        if (summary->available[shown[k]])
          lb_cli_print_mean (&s->metric[shown[k]], lb_metric_lower_is_better (shown[k]));
      if (!isnan (s->poster_stepped_iou))
        printf ("  %.4f, %.4f", s->poster_stepped_iou, s->poster_accuracy);
      if (s->n_collapsed > 0)
        printf ("  (%d collapsed: not a result)", s->n_collapsed);
      if (s->n_missed > 0)
        printf ("  (%d test image%s missed over %d run%s)", s->n_missed,
                s->n_missed == 1 ? "" : "s", s->n_runs, s->n_runs == 1 ? "" : "s");
      printf ("\n");
    }
  if (boundary)
    printf ("A missed image (lung in only one of prediction and truth) is in the means with HD, "
            "HD95 and ASSD at the image diagonal and NSD, boundary IoU at 0.\n");

  const char *name = lb_metric_get_name (metric);
  g_autofree char *unit = g_strdup (lb_metric_unit_suffix (metric));
  g_autofree char *title = *unit ? g_strdup_printf ("%s, in%s", name, unit) : g_strdup (name);
  if (summary->losses->len > 1)
    printf ("\nRanked and compared by test %s: %s.\n", lb_metric_to_label (metric),
            lb_metric_direction (metric));
  for (guint r = 0; summary->losses->len > 1 && r < summary->ranking->len; r++)
    {
      const LbLossSummary *s = &g_array_index (summary->losses, LbLossSummary,
                                               g_array_index (summary->ranking, guint, r));
      g_autofree char *value = lb_metric_format (metric, s->metric[metric].mean);
      printf ("  %u. ", r + 1);
      lb_cli_print_padded (label_of (results, s->loss_index), width);
      printf (" %s%s\n", value, unit);
    }

  gboolean any_interval = FALSE;
  for (guint i = 0; i < summary->losses->len; i++)
    any_interval |= !isnan (g_array_index (summary->losses, LbLossSummary, i)
                              .interval[metric].ci_low);
  if (any_interval)
    {
      printf ("\nTest %s, 95 %% interval of the mean over seeds and images (two-level "
              "bootstrap):\n", title);
      for (guint i = 0; i < summary->losses->len; i++)
        {
          const LbLossSummary *s = &g_array_index (summary->losses, LbLossSummary, i);
          const LbMetricInterval *m = &s->interval[metric];
          printf ("  ");
          lb_cli_print_padded (label_of (results, s->loss_index), width);
          if (isnan (m->ci_low))
            printf (" one seed: no interval\n");
          else
            {
              g_autofree char *low = lb_metric_format (metric, m->ci_low);
              g_autofree char *high = lb_metric_format (metric, m->ci_high);
              g_autofree char *seed = lb_metric_format (metric, m->seed_spread);
              g_autofree char *image = lb_metric_format (metric, m->image_spread);
              printf (" %s … %s  (seed spread %s, image spread %s)\n", low, high, seed, image);
            }
        }
    }

  /* One loss (train) has nothing to compare with. */
  if (summary->pairs->len == 0)
    return;
  const LbComparisonDesign *design = &summary->design;
  printf ("\nPaired differences in test %s (two-level bootstrap over seeds and %d images, %d "
          "resamples", title, design->n_images, LB_BOOTSTRAP_RESAMPLES);
  if (design->n_pairs > 1)
    printf (", Holm-adjusted over %d pairs", design->n_pairs);
  printf ("):\n");
  for (guint i = 0; i < summary->pairs->len; i++)
    {
      g_autofree char *sentence = lb_per_image_describe_pair (
        results, &g_array_index (summary->pairs, LbPairComparison, i));
      printf ("  %s\n", sentence);
    }
  g_autofree char *design_sentence = lb_experiment_summary_describe_design (summary);
  if (design_sentence != NULL)
    printf ("%s\n", design_sentence);
  if (!isnan (detect))
    {
      g_autofree char *detection = lb_experiment_summary_describe_detection (summary, detect);
      printf ("%s\n", detection);
    }
  printf ("%s also holds the paired Wilcoxon tests of earlier versions (columns wilcoxon_*), on "
          "%s averaged over seeds: they ignore seed-to-seed noise.\n", comparisons_file, name);
}

/* Whether two summaries rank their losses in the same order. */
static gboolean
same_ranking (const LbExperimentSummary *a, const LbExperimentSummary *b)
{
  if (a->ranking->len != b->ranking->len)
    return FALSE;
  for (guint r = 0; r < a->ranking->len; r++)
    {
      const LbLossSummary *la = &g_array_index (a->losses, LbLossSummary,
                                                g_array_index (a->ranking, guint, r));
      const LbLossSummary *lb = &g_array_index (b->losses, LbLossSummary,
                                                g_array_index (b->ranking, guint, r));
      if (la->loss_index != lb->loss_index)
        return FALSE;
    }
  return TRUE;
}

void
lb_cli_print_summary (LbExperiment *experiment, LbMetric metric, double detect)
{
  g_autoptr (LbExperimentSummary) test = NULL;
  for (guint set = 0; set < lb_experiment_get_n_test_sets (experiment); set++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (LbPerImage) results = lb_per_image_new_from_experiment_set (experiment, set,
                                                                             &error);
      g_autoptr (LbExperimentSummary) summary = results ? lb_per_image_summarize_by (results,
                                                                                     metric,
                                                                                     &error)
                                                        : NULL;
      const char *name = lb_experiment_get_test_set_name (experiment, set);
      if (summary == NULL)
        {
          fprintf (stderr, "lossbench-cli: %s\n", error->message);
          return;
        }
      if (set == 0)
        {
          lb_cli_print_results (results, summary, detect, "comparisons.csv");
          test = g_steal_pointer (&summary);
          continue;
        }
      const LbExternalSet *e = &lb_experiment_get_config (experiment)->external[set - 1];
      g_autofree char *comparisons = g_strdup_printf ("external/%s/comparisons.csv", name);
      printf ("\nExternal test set “%s” (%u images, %s):\n", name, summary->n_test_images,
              e->folder);
      lb_cli_print_results (results, summary, detect, comparisons);
      if (summary->losses->len > 1)
        printf ("The ranking by %s on “%s” is %s the test split's.\n",
                lb_metric_to_label (metric), name,
                same_ranking (test, summary) ? "the same as" : "not");
    }
}
