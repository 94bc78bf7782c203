/* lb-cli-sweep-report.c — what lossbench-cli prints when a sweep ends: every cell on validation
 * and test, each loss at its chosen cell compared on test, the ranking at the shared setting.
 * SPDX-License-Identifier: GPL-3.0-or-later */

#include "lb-config.h"

#include <math.h>
#include <stdio.h>

#include "lb-cli-progress.h"
#include "lb-sweep.h"

/* One line per cell: its runs, validation and test means; the chosen cells starred. The test
 * column is there to read, not to choose by. */
static void
print_cells (const LbSweepResults *sweep, const LbExperimentConfig *config)
{
  guint n = sweep->cells->len;
  g_autoptr (GPtrArray) labels = g_ptr_array_new_with_free_func (g_free);
  int width = 16;
  for (guint c = 0; c < n; c++)
    {
      const LbSweepCell *cell = &g_array_index (sweep->cells, LbSweepCell, c);
      char *label = lb_experiment_config_dup_loss_label (config, cell->loss);
      width = MAX (width, (int) g_utf8_strlen (label, -1));
      g_ptr_array_add (labels, label);
    }
  gboolean val_distance = lb_metric_lower_is_better (sweep->select_metric);
  gboolean test_distance = lb_metric_lower_is_better (sweep->metric);
  g_autofree char *val_title = g_strdup_printf ("val %s", lb_metric_to_label (sweep->select_metric));
  g_autofree char *test_title = g_strdup_printf ("test %s", lb_metric_to_label (sweep->metric));

  printf ("\nEvery cell (validation at each run's kept epoch; * the cell chosen for its loss, on "
          "validation alone):\n    ");
  lb_cli_print_padded ("cell", width);
  printf (" %4s  ", "runs");
  lb_cli_print_padded (val_title, 17);
  printf (" %s\n", test_title);
  for (guint c = 0; c < n; c++)
    {
      const LbSweepCell *cell = &g_array_index (sweep->cells, LbSweepCell, c);
      printf ("  %s ", cell->tuned ? "*" : " ");
      lb_cli_print_padded (g_ptr_array_index (labels, c), width);
      printf (" %4d ", cell->n_runs);
      LbSummary none = { .mean = NAN, .std = NAN };
      lb_cli_print_mean (cell->val.n > 0 ? &cell->val : &none, val_distance);
      lb_cli_print_mean (cell->n_runs > 0 ? &cell->test.metric[sweep->metric] : &none,
                         test_distance);
      printf ("\n");
    }
}

/* A ranking of RESULTS, one loss a line. */
static void
print_ranking (const LbPerImage *results, const LbExperimentSummary *summary)
{
  for (guint r = 0; r < summary->ranking->len; r++)
    {
      const LbLossSummary *s = &g_array_index (summary->losses, LbLossSummary,
                                               g_array_index (summary->ranking, guint, r));
      const LbPerImageLoss *loss = &g_array_index (results->losses, LbPerImageLoss,
                                                   s->loss_index);
      g_autofree char *value = lb_metric_format (summary->metric,
                                                 s->metric[summary->metric].mean);
      printf ("  %u. %s  %s\n", r + 1, loss->label, value);
    }
}

void
lb_cli_print_sweep (LbExperiment *experiment, LbMetric metric)
{
  g_autoptr (GError) error = NULL;
  const LbExperimentConfig *config = lb_experiment_get_config (experiment);
  g_autoptr (LbSweepResults) sweep = lb_sweep_summarize (experiment, metric, &error);
  if (sweep == NULL)
    {
      fprintf (stderr, "lossbench-cli: %s\n", error->message);
      return;
    }
  print_cells (sweep, config);
  if (sweep->tuned_summary == NULL)
    {
      printf ("\nThe sweep cannot choose a cell for every loss yet: a loss has no cell with "
              "every seed done.\n");
      return;
    }
  printf ("\nEach loss at its cell best on validation %s, compared on test:\n\n",
          lb_metric_to_label (sweep->select_metric));
  lb_cli_print_results (sweep->tuned_results, sweep->tuned_summary, NAN,
                        "tuned-comparisons.csv");

  g_autofree char *setting = lb_sweep_results_dup_shared_setting (sweep, config);
  printf ("\nEvery loss at the one setting best on validation for all of them (%s), on test:\n",
          setting);
  print_ranking (sweep->shared_results, sweep->shared_summary);
  printf ("Tuning each loss %s the ranking; the paired tests at the shared setting are in "
          "shared-comparisons.csv.\n", sweep->ranking_changed ? "changed" : "did not change");
}
