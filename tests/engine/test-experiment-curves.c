/* test-experiment-curves.c — the mean and range over seeds of each loss's validation curve,
 * checked against figures worked out by hand, live epochs merged into histories from disk.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <math.h>

#include "lb-experiment-curves.h"

/* A history whose validation IoU takes VALUES in turn and Dice is 1 − IoU. */
static GArray *
history_of (const double *values, guint n)
{
  GArray *history = g_array_new (FALSE, TRUE, sizeof (LbEpochRecord));
  for (guint e = 0; e < n; e++)
    {
      LbEpochRecord record = { .epoch = (int) e + 1 };
      record.val.value[NN_METRIC_IOU] = values[e];
      record.val.value[NN_METRIC_DICE] = 1.0 - values[e];
      g_array_append_val (history, record);
    }
  return history;
}

static void
unref_history (gpointer history)
{
  if (history != NULL)
    g_array_unref (history);
}

static void
assert_point (const LbSeedBand *band, guint e, double mean, double low, double high, guint n)
{
  g_assert_cmpfloat (band->epoch[e], ==, e + 1);
  g_assert_cmpfloat_with_epsilon (band->mean[e], mean, 1e-12);
  g_assert_cmpfloat_with_epsilon (band->low[e], low, 1e-12);
  g_assert_cmpfloat_with_epsilon (band->high[e], high, 1e-12);
  g_assert_cmpuint (band->n_runs[e], ==, n);
}

/* Two losses × three seeds, run by run as an experiment orders them (seed by seed, each seed
 * every loss). Loss 0's seeds stopped at 3, 2 and 4 epochs; loss 1 has one run not started,
 * one started with no epoch yet and one of a single epoch. */
static LbExperimentCurves *
make_curves (void)
{
  static const guint run_loss[] = { 0, 1, 0, 1, 0, 1 };
  static const double run0[] = { 0.2, 0.5, 0.7 };
  static const double run2[] = { 0.4, 0.6 };
  static const double run4[] = { 0.3, 0.8, 0.9, 0.95 };
  static const double run5[] = { 0.1 };
  LbExperimentCurves *curves = lb_experiment_curves_new (2, G_N_ELEMENTS (run_loss), run_loss);
  g_autoptr (GPtrArray) histories = g_ptr_array_new_with_free_func (unref_history);

  g_ptr_array_add (histories, history_of (run0, G_N_ELEMENTS (run0)));
  g_ptr_array_add (histories, NULL);
  g_ptr_array_add (histories, history_of (run2, G_N_ELEMENTS (run2)));
  g_ptr_array_add (histories, history_of (NULL, 0));
  g_ptr_array_add (histories, history_of (run4, G_N_ELEMENTS (run4)));
  g_ptr_array_add (histories, history_of (run5, G_N_ELEMENTS (run5)));
  /* The model holds references of its own: the caller's go with HISTORIES. */
  lb_experiment_curves_set_histories (curves, histories);
  return curves;
}

static void
test_band (void)
{
  g_autoptr (LbExperimentCurves) curves = make_curves ();

  g_assert_cmpuint (lb_experiment_curves_get_n_losses (curves), ==, 2);
  g_assert_cmpuint (lb_experiment_curves_get_n_runs (curves), ==, 6);
  g_assert_cmpuint (lb_experiment_curves_get_n_epochs (curves, 0), ==, 3);
  g_assert_cmpuint (lb_experiment_curves_get_n_epochs (curves, 1), ==, 0);
  g_assert_cmpuint (lb_experiment_curves_get_n_epochs (curves, 4), ==, 4);

  /* Epoch 1: (0.2 + 0.4 + 0.3) / 3 = 0.3; epoch 2: (0.5 + 0.6 + 0.8) / 3 = 0.6333…;
   * epoch 3, two seeds: (0.7 + 0.9) / 2 = 0.8; epoch 4, one seed. */
  g_autoptr (LbSeedBand) iou = lb_experiment_curves_dup_validation_band (curves, 0, NN_METRIC_IOU);
  g_assert_cmpuint (iou->n_points, ==, 4);
  assert_point (iou, 0, 0.3, 0.2, 0.4, 3);
  assert_point (iou, 1, 1.9 / 3, 0.5, 0.8, 3);
  assert_point (iou, 2, 0.8, 0.7, 0.9, 2);
  assert_point (iou, 3, 0.95, 0.95, 0.95, 1);

  /* Another metric is another field of the same records: Dice = 1 − IoU here. */
  g_autoptr (LbSeedBand) dice = lb_experiment_curves_dup_validation_band (curves, 0,
                                                                          NN_METRIC_DICE);
  g_assert_cmpuint (dice->n_points, ==, 4);
  assert_point (dice, 0, 0.7, 0.6, 0.8, 3);
  assert_point (dice, 2, 0.2, 0.1, 0.3, 2);

  /* Runs without epochs add nothing. */
  g_autoptr (LbSeedBand) other = lb_experiment_curves_dup_validation_band (curves, 1,
                                                                           NN_METRIC_IOU);
  g_assert_cmpuint (other->n_points, ==, 1);
  assert_point (other, 0, 0.1, 0.1, 0.1, 1);

  g_assert_null (lb_experiment_curves_dup_validation_band (curves, 2, NN_METRIC_IOU));
}

static void
test_live_epochs (void)
{
  g_autoptr (LbExperimentCurves) curves = make_curves ();
  static const double later[] = { 0.65, 0.75 };
  static const double first[] = { 0.3, 0.5 };
  g_autoptr (GArray) snapshot = history_of (later, G_N_ELEMENTS (later));
  g_autoptr (GArray) start = history_of (first, G_N_ELEMENTS (first));

  /* Run 2 had 0.4, 0.6 from disk; a snapshot from epoch index 1 replaces 0.6 and goes on. */
  lb_experiment_curves_add_epochs (curves, 2, 1, (const LbEpochRecord *) snapshot->data,
                                   snapshot->len);
  g_assert_cmpuint (lb_experiment_curves_get_n_epochs (curves, 2), ==, 3);
  g_autoptr (LbSeedBand) iou = lb_experiment_curves_dup_validation_band (curves, 0, NN_METRIC_IOU);
  /* Epoch 2: (0.5 + 0.65 + 0.8) / 3 = 0.65; epoch 3: (0.7 + 0.75 + 0.9) / 3 = 0.78333…. */
  assert_point (iou, 0, 0.3, 0.2, 0.4, 3);
  assert_point (iou, 1, 0.65, 0.5, 0.8, 3);
  assert_point (iou, 2, 2.35 / 3, 0.7, 0.9, 3);

  /* A run that had nothing starts its history. */
  lb_experiment_curves_add_epochs (curves, 1, 0, (const LbEpochRecord *) start->data, start->len);
  g_autoptr (LbSeedBand) other = lb_experiment_curves_dup_validation_band (curves, 1,
                                                                           NN_METRIC_IOU);
  g_assert_cmpuint (other->n_points, ==, 2);
  assert_point (other, 0, 0.2, 0.1, 0.3, 2);
  assert_point (other, 1, 0.5, 0.5, 0.5, 1);

  /* Histories read again from disk replace the live ones. */
  g_autoptr (GPtrArray) disk = g_ptr_array_new_with_free_func (unref_history);
  for (guint i = 0; i < 6; i++)
    g_ptr_array_add (disk, history_of (first, 1));
  lb_experiment_curves_set_histories (curves, disk);
  g_clear_pointer (&disk, g_ptr_array_unref);
  for (guint i = 0; i < 6; i++)
    g_assert_cmpuint (lb_experiment_curves_get_n_epochs (curves, i), ==, 1);
  g_autoptr (LbSeedBand) reread = lb_experiment_curves_dup_validation_band (curves, 0,
                                                                            NN_METRIC_IOU);
  g_assert_cmpuint (reread->n_points, ==, 1);
  assert_point (reread, 0, 0.3, 0.3, 0.3, 3);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/experiment-curves/band", test_band);
  g_test_add_func ("/experiment-curves/live-epochs", test_live_epochs);
  return g_test_run ();
}
