/* test-sweep-plan.c — a sweep's grid: parsing, expansion into cells, config.json round trip.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <glib/gstdio.h>
#include <math.h>

#include "lb-augment.h"
#include "lb-error.h"
#include "lb-loss-catalogue.h"
#include "lb-sweep.h"

static void
test_parse (void)
{
  LbSweepAxis axis;
  g_assert_null (lb_sweep_axis_parse ("lr=1e-3,1e-4,3e-4,1e-4", &axis));
  g_assert_cmpint (axis.param, ==, LB_SWEEP_LEARNING_RATE);
  g_assert_cmpuint (axis.n_values, ==, 3);
  g_assert_cmpfloat (axis.values[0], ==, 1e-4);
  g_assert_cmpfloat (axis.values[2], ==, 1e-3);

  /* Both ends in, the rounding of 0.3 + k × 0.1 undone. */
  g_assert_null (lb_sweep_axis_parse ("alpha=0.3:0.7:0.1", &axis));
  g_assert_cmpint (axis.param, ==, LB_LOSS_PARAM_ALPHA);
  g_assert_cmpuint (axis.n_values, ==, 5);
  g_assert_cmpfloat (axis.values[1], ==, 0.4);
  g_assert_cmpfloat (axis.values[4], ==, 0.7);

  const char *bad[] = { "lr", "speed=1,2", "lr=0,1e-3", "lr=1e-3,x", "alpha=0.7:0.3:0.1",
                        "alpha=0:1:0.01", "alpha=0:1:0" };
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree char *why = lb_sweep_axis_parse (bad[i], &axis);
      g_assert_nonnull (why);
    }
}

static void
make_sweep (LbExperimentConfig *config)
{
  lb_experiment_config_init (config, LB_TRAIN_PRESET_TINY);
  config->n_losses = 2;
  nn_loss_config_preset (&config->losses[0], NN_LOSS_DICE_BCE, NN_LOSS_PRESET_POSTER);
  nn_loss_config_preset (&config->losses[1], NN_LOSS_TVERSKY, NN_LOSS_PRESET_LITERATURE);
  LbSweepAxis axes[2];
  g_assert_null (lb_sweep_axis_parse ("lr=1e-4,1e-3", &axes[0]));
  g_assert_null (lb_sweep_axis_parse ("alpha=0.3,0.5,0.7", &axes[1]));
  g_autofree char *why = lb_sweep_plan_expand (config, axes, 2);
  g_assert_null (why);
}

static void
test_expand (void)
{
  LbExperimentConfig config;
  make_sweep (&config);
  /* Dice-BCE reads no α: one cell per learning rate; Tversky 2 × 3. */
  g_assert_cmpuint (config.n_losses, ==, 2 + 6);
  g_assert_cmpuint (config.sweep.n_swept, ==, 2);
  g_assert_cmpint (config.sweep.cell_value[0][1], ==, -1);
  g_assert_cmpfloat (lb_experiment_config_get_learning_rate (&config, 1), ==, 1e-3);
  g_assert_cmpuint (config.sweep.cell_loss[2], ==, 1);
  g_assert_cmpfloat_with_epsilon (config.losses[3].alpha, 0.5, 1e-6);
  g_assert_cmpfloat (lb_experiment_config_get_learning_rate (&config, 3), ==, 1e-4);
  g_autofree char *label = lb_experiment_config_dup_loss_label (&config, 3);
  g_assert_cmpstr (label, ==, "Tversky (lr 0.0001, α 0.5)");
  g_autofree char *swept = lb_experiment_config_dup_swept_label (&config, 1);
  g_assert_cmpstr (swept, ==, "Tversky");
  g_autofree char *why = lb_experiment_config_check (&config);
  g_assert_null (why);

  /* An axis no loss reads is refused. */
  LbExperimentConfig dice;
  lb_experiment_config_init (&dice, LB_TRAIN_PRESET_TINY);
  dice.n_losses = 1;
  nn_loss_config_preset (&dice.losses[0], NN_LOSS_DICE_BCE, NN_LOSS_PRESET_POSTER);
  LbSweepAxis gamma;
  g_assert_null (lb_sweep_axis_parse ("gamma=1,2", &gamma));
  g_autofree char *refused = lb_sweep_plan_expand (&dice, &gamma, 1);
  g_assert_nonnull (refused);
  lb_experiment_config_clear (&dice);
  lb_experiment_config_clear (&config);
}

/* Augmentation as a setting: a factor of its ranges, every loss reads it, 0 is off; the
 * standard ranges when none were set; too strong a factor is refused. */
static void
test_augment_axis (void)
{
  LbExperimentConfig config;
  LbSweepAxis axis;
  LbAugmentOptions standard, cell;

  lb_experiment_config_init (&config, LB_TRAIN_PRESET_TINY);
  config.n_losses = 2;
  nn_loss_config_preset (&config.losses[0], NN_LOSS_DICE_BCE, NN_LOSS_PRESET_POSTER);
  nn_loss_config_preset (&config.losses[1], NN_LOSS_JACCARD, NN_LOSS_PRESET_POSTER);
  g_assert_null (lb_sweep_axis_parse ("augment=0,0.5,1", &axis));
  g_assert_cmpint (axis.param, ==, LB_SWEEP_AUGMENT);
  g_autofree char *negative = lb_sweep_axis_parse ("augment=-1,1", &axis);
  g_assert_nonnull (strstr (negative, "0 (none) or more"));
  g_assert_null (lb_sweep_axis_parse ("augment=0,0.5,1", &axis));
  g_assert_null (lb_sweep_plan_expand (&config, &axis, 1));
  g_assert_cmpuint (config.n_losses, ==, 2 * 3);

  lb_augment_options_preset (&standard, LB_AUGMENT_STANDARD);
  lb_experiment_config_get_augment (&config, 0, &cell);
  g_assert_false (cell.enabled);
  lb_experiment_config_get_augment (&config, 4, &cell);
  g_assert_true (cell.enabled);
  g_assert_cmpfloat_with_epsilon (cell.max_rotation, standard.max_rotation / 2, 1e-12);
  g_assert_cmpfloat_with_epsilon (cell.max_shift, standard.max_shift / 2, 1e-12);
  lb_experiment_config_get_augment (&config, 5, &cell);
  g_assert_cmpfloat (cell.max_gamma, ==, standard.max_gamma);
  g_autofree char *label = lb_experiment_config_dup_loss_label (&config, 4);
  g_assert_cmpstr (label, ==, "Jaccard (aug 0.5)");
  g_autofree char *usable = lb_experiment_config_check (&config);
  g_assert_cmpstr (usable, ==, NULL);

  /* 10 × the standard ranges turns the image by ±100°: refused before anything runs. */
  config.sweep.axes[0].values[2] = 10;
  g_autofree char *strong = lb_experiment_config_check (&config);
  g_assert_nonnull (strstr (strong, "too strong"));
  lb_experiment_config_clear (&config);
}

static void
test_round_trip (void)
{
  LbExperimentConfig config, back;
  make_sweep (&config);
  g_autofree char *dir = g_dir_make_tmp ("lb-sweep-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "config.json", NULL);
  g_assert_true (lb_experiment_config_save (&config, path, NULL));
  g_autoptr (GError) error = NULL;
  g_assert_true (lb_experiment_config_load (&back, path, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (back.n_losses, ==, config.n_losses);
  g_assert_true (memcmp (&back.sweep, &config.sweep, sizeof back.sweep) == 0);

  /* A cell whose loss does not hold its value is damage, said as such. */
  back.losses[3].alpha = 0.9f;
  g_assert_true (lb_experiment_config_save (&back, path, NULL));
  LbExperimentConfig damaged;
  g_assert_false (lb_experiment_config_load (&damaged, path, &error));
  g_assert_error (error, LB_ERROR, LB_ERROR_CORRUPT);
  g_assert_nonnull (strstr (error->message, "does not hold its alpha"));
  g_unlink (path);
  g_rmdir (dir);
  lb_experiment_config_clear (&back);
  lb_experiment_config_clear (&config);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/engine/sweep/parse", test_parse);
  g_test_add_func ("/engine/sweep/expand", test_expand);
  g_test_add_func ("/engine/sweep/round-trip", test_round_trip);
  g_test_add_func ("/engine/sweep/augment-axis", test_augment_axis);
  return g_test_run ();
}
