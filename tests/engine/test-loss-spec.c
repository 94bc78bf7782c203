/* test-loss-spec.c — compound losses written as "dice+boundary@kervadec", their names, and
 * the truth's distance maps a trainer makes once: the same loss as maps made on each call.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <math.h>
#include <string.h>

#include "lb-loss-spec.h"
#include "lb-truth-maps.h"

static void
assert_parses (const char *spec, NnLossConfig *loss)
{
  g_autofree char *why = lb_loss_spec_parse (spec, NN_LOSS_PRESET_POSTER, loss);
  if (why != NULL)
    g_error ("“%s”: %s", spec, why);
  g_assert_null (nn_loss_config_check (loss));
}

static void
test_parse (void)
{
  NnLossConfig loss, preset;

  assert_parses (" tversky ", &loss);
  nn_loss_config_preset (&preset, NN_LOSS_TVERSKY, NN_LOSS_PRESET_POSTER);
  g_assert_true (memcmp (&loss, &preset, sizeof loss) == 0);

  assert_parses ("dice+boundary@kervadec", &loss);
  g_assert_cmpint (loss.kind, ==, NN_LOSS_DICE);
  g_assert_true (loss.has_plus);
  g_assert_cmpint (loss.plus.kind, ==, NN_LOSS_BOUNDARY);
  g_assert_cmpint (loss.plus_weight.kind, ==, NN_LOSS_SCHEDULE_KERVADEC);
  g_assert_cmpfloat (loss.plus_weight.start, ==, 0.01f);
  g_assert_cmpfloat (loss.plus_weight.step, ==, 0.01f);
  g_assert_cmpfloat (loss.plus_weight.end, ==, 0);

  assert_parses ("dice+0.1*hausdorff-dt", &loss);
  g_assert_cmpint (loss.plus.kind, ==, NN_LOSS_HAUSDORFF_DT);
  g_assert_cmpint (loss.plus_weight.kind, ==, NN_LOSS_SCHEDULE_CONSTANT);
  g_assert_cmpfloat (loss.plus_weight.start, ==, 0.1f);
  g_assert_cmpfloat (loss.plus.distance_power, ==, 2.0f);

  assert_parses ("generalized-dice+lovasz-hinge@linear:0:0.5:20", &loss);
  g_assert_cmpint (loss.plus_weight.kind, ==, NN_LOSS_SCHEDULE_LINEAR);
  g_assert_cmpfloat (loss.plus_weight.end, ==, 0.5f);
  g_assert_cmpint (loss.plus_weight.epochs, ==, 20);

  assert_parses ("dice+0.05*boundary@kervadec:0.05:0.02:0.5", &loss);
  g_assert_cmpfloat (loss.plus_weight.start, ==, 0.05f);
  g_assert_cmpfloat (loss.plus_weight.step, ==, 0.02f);
  g_assert_cmpfloat (loss.plus_weight.end, ==, 0.5f);
}

static void
test_wrong_specs (void)
{
  static const struct
  {
    const char *spec;
    const char *says;
  } cases[] = {
    { "hinge", "“hinge” is not a loss" },
    { "", "“” is not a loss" },
    { "dice+", "“” is not a loss" },
    { "dice+boundry", "“boundry” is not a loss" },
    { "dice+x*boundary", "the weight “x” is not a number" },
    { "dice+boundary@cosine", "the schedule is constant, linear or kervadec, not “cosine”" },
    { "dice+boundary@linear:0:1", "the linear schedule takes START:END:EPOCHS" },
    { "dice+boundary@linear:0:1:2.5", "a whole number" },
    { "dice+boundary@kervadec:0.1", "START:STEP or START:STEP:CAP" },
    { "dice+boundary@kervadec:a:0.1", "“a” is not a number" },
    { "dice+boundary@constant:1", "no numbers" },
  };
  NnLossConfig loss;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *why = lb_loss_spec_parse (cases[i].spec, NN_LOSS_PRESET_POSTER, &loss);
      if (why == NULL || strstr (why, cases[i].says) == NULL)
        g_error ("“%s”: “%s”, not “%s”", cases[i].spec, why ? why : "(accepted)",
                 cases[i].says);
    }
}

/* Format then parse gives the same loss; names and labels say what it is. */
static void
test_round_trip_and_names (void)
{
  static const struct
  {
    const char *spec, *formatted, *name, *label;
  } cases[] = {
    { "focal", "focal", "focal", "Focal" },
    { "dice+boundary@kervadec", "dice+boundary@kervadec", "dice+boundary",
      "Dice + Boundary (Kervadec)" },
    { "dice+0.1*hausdorff-dt", "dice+0.1*hausdorff-dt", "dice+hausdorff-dt",
      "Dice + 0.1 × Hausdorff-DT" },
    { "dice+1*bce", "dice+bce", "dice+bce", "Dice + BCE" },
    { "dice+lovasz-hinge@linear", "dice+lovasz-hinge@linear", "dice+lovasz-hinge",
      "Dice + Lovász hinge (linear ramp)" },
    { "dice+cldice@linear:0.5:1:4", "dice+cldice@linear:0.5:1:4", "dice+cldice",
      "Dice + clDice (linear ramp)" },
    { "dice+boundary@kervadec:0.01:0.01:0.3", "dice+boundary@kervadec:0.01:0.01:0.3",
      "dice+boundary", "Dice + Boundary (Kervadec)" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      NnLossConfig loss, again;
      assert_parses (cases[i].spec, &loss);
      g_autofree char *formatted = lb_loss_spec_format (&loss);
      g_autofree char *name = lb_loss_dup_name (&loss);
      g_autofree char *label = lb_loss_dup_label (&loss);
      g_assert_cmpstr (formatted, ==, cases[i].formatted);
      g_assert_cmpstr (name, ==, cases[i].name);
      g_assert_cmpstr (label, ==, cases[i].label);
      assert_parses (formatted, &again);
      g_assert_true (memcmp (&loss, &again, sizeof loss) == 0);
    }
}

/* Six 16 × 16 masks: discs of several sizes, an empty and a full one. */
#define SIZE 16
#define HW (SIZE * SIZE)
#define N 6

static void
make_masks (float *masks, float *logits)
{
  GRand *rand = g_rand_new_with_seed (41);
  for (int i = 0; i < N; i++)
    for (int r = 0; r < SIZE; r++)
      for (int c = 0; c < SIZE; c++)
        {
          double dr = r - 8 + i % 3, dc = c - 7, radius = 2 + i;
          float y = i == 4 ? 0.0f : i == 5 ? 1.0f : (float) (dr * dr + dc * dc <= radius * radius);
          masks[i * HW + r * SIZE + c] = y;
          logits[i * HW + r * SIZE + c] = (float) ((2 * y - 1) * 2 + g_rand_double_range (rand, -3, 3));
        }
  g_rand_free (rand);
}

static void
test_maps_once_equal_maps_per_call (void)
{
  static float masks[N * HW], logits[N * HW], batch_masks[3 * HW], batch_logits[3 * HW];
  static float g_given[3 * HW], g_made[3 * HW];
  /* The training set: images 5, 1, 3, 4 and 2 of the dataset, in that order. */
  const guint train[] = { 5, 1, 3, 4, 2 };
  const guint batch[] = { 3, 5, 4 };
  static const char *const specs[] = { "boundary", "hausdorff-dt", "dice+boundary@kervadec",
                                       "boundary+0.5*hausdorff-dt" };

  make_masks (masks, logits);
  for (int i = 0; i < 3; i++)
    {
      memcpy (batch_masks + i * HW, masks + batch[i] * HW, HW * sizeof (float));
      memcpy (batch_logits + i * HW, logits + batch[i] * HW, HW * sizeof (float));
    }
  for (guint s = 0; s < G_N_ELEMENTS (specs); s++)
    {
      NnLossConfig loss;
      g_autoptr (GError) error = NULL;
      assert_parses (specs[s], &loss);
      g_autoptr (LbTruthMaps) maps = lb_truth_maps_new (&loss, masks, train, G_N_ELEMENTS (train),
                                                        SIZE, &error);
      g_assert_no_error (error);
      g_assert_nonnull (maps);
      g_assert_cmpuint (lb_truth_maps_bytes (&loss, 5, SIZE), ==,
                        (s == 3 ? 2u : 1u) * 5 * HW * sizeof (float));

      NnLossInput made = { .n = 3, .height = SIZE, .width = SIZE, .epoch = 4 }, given = made;
      lb_truth_maps_gather (maps, batch, 3, &given);
      g_assert_true (given.signed_distance != NULL || given.contour_distance != NULL);
      double a = nn_loss_compute (&loss, &given, batch_logits, batch_masks, g_given);
      double b = nn_loss_compute (&loss, &made, batch_logits, batch_masks, g_made);
      g_assert_true (isfinite (a));
      g_assert_cmpfloat (a, ==, b);
      g_assert_true (memcmp (g_given, g_made, sizeof g_given) == 0);
    }

  /* A loss that reads no map makes none. */
  NnLossConfig dice;
  nn_loss_config_preset (&dice, NN_LOSS_DICE, NN_LOSS_PRESET_POSTER);
  g_assert_null (lb_truth_maps_new (&dice, masks, train, G_N_ELEMENTS (train), SIZE, NULL));
  g_assert_cmpuint (lb_truth_maps_bytes (&dice, 5, SIZE), ==, 0);
  NnLossInput untouched = { .n = 3, .height = SIZE, .width = SIZE };
  lb_truth_maps_gather (NULL, batch, 3, &untouched);
  g_assert_null (untouched.signed_distance);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/loss-spec/parse", test_parse);
  g_test_add_func ("/loss-spec/wrong", test_wrong_specs);
  g_test_add_func ("/loss-spec/round-trip-and-names", test_round_trip_and_names);
  g_test_add_func ("/loss-spec/truth-maps", test_maps_once_equal_maps_per_call);
  return g_test_run ();
}
