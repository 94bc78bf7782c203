/* test-loss-overrides.c — a compared loss's own settings over the preset's: kept exactly, only
 * for the loss they belong to, removable, and safe from another version's settings.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <math.h>

#include "lb-loss-overrides.h"

static void
test_replace_and_apply (void)
{
  NnLossConfig tversky, focal_tversky, dice;
  g_autoptr (GVariant) overrides = NULL;
  g_autoptr (GVariant) removed = NULL;
  g_autofree char *text = NULL;

  nn_loss_config_preset (&tversky, NN_LOSS_TVERSKY, NN_LOSS_PRESET_POSTER);
  tversky.alpha = 0.3f;
  tversky.beta = 0.7f;
  overrides = g_variant_ref_sink (lb_loss_overrides_replace (NULL, 0, &tversky.primary));
  text = g_variant_print (overrides, FALSE);
  /* Only what Tversky reads: not γ. */
  g_assert_cmpstr (text, ==, "{'tversky': {'alpha': 0.30000001192092896, 'beta': "
                             "0.69999998807907104}}");

  /* Applied to a fresh preset, the same floats come back; another loss is left alone. */
  nn_loss_config_preset (&tversky, NN_LOSS_TVERSKY, NN_LOSS_PRESET_POSTER);
  g_assert_true (lb_loss_overrides_apply (overrides, &tversky.primary));
  g_assert_cmpfloat (tversky.alpha, ==, 0.3f);
  g_assert_cmpfloat (tversky.beta, ==, 0.7f);
  nn_loss_config_preset (&focal_tversky, NN_LOSS_FOCAL_TVERSKY, NN_LOSS_PRESET_POSTER);
  g_assert_false (lb_loss_overrides_apply (overrides, &focal_tversky.primary));
  g_assert_cmpfloat (focal_tversky.alpha, ==, 0.5f);

  /* Replacing keeps the other losses' entries; removing drops only the one named. */
  nn_loss_config_preset (&focal_tversky, NN_LOSS_FOCAL_TVERSKY, NN_LOSS_PRESET_LITERATURE);
  g_clear_pointer (&text, g_free);
  {
    g_autoptr (GVariant) both =
      g_variant_ref_sink (lb_loss_overrides_replace (overrides, 0, &focal_tversky.primary));

    g_assert_cmpuint (g_variant_n_children (both), ==, 2);
    removed = g_variant_ref_sink (lb_loss_overrides_replace (both, NN_LOSS_TVERSKY, NULL));
  }
  nn_loss_config_preset (&tversky, NN_LOSS_TVERSKY, NN_LOSS_PRESET_POSTER);
  g_assert_false (lb_loss_overrides_apply (removed, &tversky.primary));
  nn_loss_config_preset (&focal_tversky, NN_LOSS_FOCAL_TVERSKY, NN_LOSS_PRESET_POSTER);
  g_assert_true (lb_loss_overrides_apply (removed, &focal_tversky.primary));
  /* The literature's γ, 4/3 as a float, survives the round trip exactly. */
  g_assert_cmpfloat (focal_tversky.gamma, ==, 4.0f / 3.0f);

  /* A loss without parameters has nothing to keep. */
  nn_loss_config_preset (&dice, NN_LOSS_DICE, NN_LOSS_PRESET_POSTER);
  g_clear_pointer (&text, g_free);
  text = lb_loss_term_describe (&dice.primary);
  g_assert_cmpstr (text, ==, "");
}

static void
test_other_versions (void)
{
  NnLossConfig tversky, preset;
  g_autoptr (GVariant) odd = g_variant_ref_sink (g_variant_new_parsed (
    "@a{sa{sd}} {'tversky': {'alpha': 7.5, 'beta': -1.0, 'gamma': 3.0, 'future': 1.0},"
    " 'no-such-loss': {'alpha': 0.1}}"));
  g_autoptr (GVariant) wrong_type = g_variant_ref_sink (g_variant_new_string ("tversky"));

  /* Out of range is clamped, keys Tversky does not read and unknown ones are skipped. */
  nn_loss_config_preset (&tversky, NN_LOSS_TVERSKY, NN_LOSS_PRESET_POSTER);
  nn_loss_config_preset (&preset, NN_LOSS_TVERSKY, NN_LOSS_PRESET_POSTER);
  g_assert_true (lb_loss_overrides_apply (odd, &tversky.primary));
  g_assert_cmpfloat (tversky.alpha, ==, 1.0f);
  g_assert_cmpfloat (tversky.beta, ==, 0.0f);
  g_assert_cmpfloat (tversky.gamma, ==, preset.gamma);
  g_assert_null (nn_loss_config_check (&tversky));

  g_assert_false (lb_loss_overrides_apply (wrong_type, &tversky.primary));
  g_assert_false (lb_loss_overrides_apply (NULL, &tversky.primary));
}

static void
test_describe (void)
{
  NnLossConfig loss;
  g_autofree char *focal_tversky = NULL;
  g_autofree char *topk = NULL;

  nn_loss_config_preset (&loss, NN_LOSS_FOCAL_TVERSKY, NN_LOSS_PRESET_LITERATURE);
  focal_tversky = lb_loss_term_describe (&loss.primary);
  g_assert_cmpstr (focal_tversky, ==, "α 0.3 · β 0.7 · γ 1.33");

  nn_loss_config_preset (&loss, NN_LOSS_TOPK_BCE, NN_LOSS_PRESET_POSTER);
  topk = lb_loss_term_describe (&loss.primary);
  g_assert_cmpstr (topk, ==, "k 10%");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/loss-overrides/replace-and-apply", test_replace_and_apply);
  g_test_add_func ("/loss-overrides/other-versions", test_other_versions);
  g_test_add_func ("/loss-overrides/describe", test_describe);
  return g_test_run ();
}
