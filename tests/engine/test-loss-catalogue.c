/* test-loss-catalogue.c — the catalogue says what the numeric core does.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <math.h>
#include <string.h>

#include "lb-loss-catalogue.h"
#include "lb-trainer.h"

#define HW 64

static void
make_batch (float *logits, float *masks)
{
  for (int i = 0; i < 2 * HW; i++)
    {
      logits[i] = (float) sin (0.7 * i) * 3;
      masks[i] = (i % HW) < HW / 3 ? 1 : 0;
    }
}

/* Every kind has exactly one entry, and its parameter list matches the core: a parameter the
 * catalogue says a loss reads changes its value, one it does not read leaves it unchanged. */
static void
test_params_match_the_core (void)
{
  float logits[2 * HW], masks[2 * HW];
  guint n;
  const LbLossInfo *all = lb_loss_catalogue (&n);

  make_batch (logits, masks);
  g_assert_cmpuint (n, ==, NN_LOSS_COUNT);
  for (NnLossKind kind = 0; kind < NN_LOSS_COUNT; kind++)
    {
      guint found = 0;

      for (guint i = 0; i < n; i++)
        found += all[i].kind == kind;
      g_assert_cmpuint (found, ==, 1);
      g_assert_true (lb_loss_info (kind)->kind == kind);
      g_assert_cmpstr (lb_loss_info (kind)->summary, !=, "");
      g_assert_nonnull (lb_loss_info (kind)->caption);
      g_assert_cmpstr (lb_loss_info (kind)->caption, !=, "");

      for (LbLossParam p = 0; p < LB_LOSS_N_PARAMS; p++)
        {
          NnLossConfig config;
          nn_loss_config_preset (&config, kind, NN_LOSS_PRESET_LITERATURE);
          double before = nn_loss (&config, logits, masks, 2, HW, NULL);
          double value = lb_loss_param_get (&config.primary, p);
          const LbLossParamInfo *info = lb_loss_param_info (p);
          double moved = value + 2 * info->step <= info->upper ? value + 2 * info->step
                                                               : value - 2 * info->step;

          g_assert_nonnull (info->caption);
          lb_loss_param_set (&config.primary, p, moved);
          g_assert_cmpfloat_with_epsilon (lb_loss_param_get (&config.primary, p), moved, 1e-6);
          double after = nn_loss (&config, logits, masks, 2, HW, NULL);
          if (lb_loss_reads (kind, p))
            g_assert_cmpfloat (fabs (after - before), >, 1e-9);
          else
            g_assert_cmpfloat (after, ==, before);
          /* The preset's value lies in the range the controls offer. */
          if (lb_loss_reads (kind, p))
            {
              g_assert_cmpfloat (value, >=, info->lower);
              g_assert_cmpfloat (value, <=, info->upper);
            }
        }
    }
}

static void
test_poster_five_in_order (void)
{
  NnLossKind kinds[8];
  const NnLossKind expected[] = { NN_LOSS_DICE_BCE, NN_LOSS_JACCARD, NN_LOSS_FOCAL,
                                  NN_LOSS_TVERSKY, NN_LOSS_FOCAL_TVERSKY };

  g_assert_cmpuint (lb_loss_catalogue_poster (kinds, G_N_ELEMENTS (kinds)), ==, 5);
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    g_assert_cmpint (kinds[i], ==, expected[i]);
  g_assert_cmpuint (lb_loss_catalogue_poster (kinds, 2), ==, 2);
}

/* The warning names the loss it is and the parameters that would make it differ. */
static void
test_equivalence_warnings (void)
{
  static const struct
  {
    NnLossKind kind;
    NnLossPreset preset;
    const char *is, *change;
  } cases[] = {
    { NN_LOSS_TVERSKY, NN_LOSS_PRESET_POSTER, "Tversky is Dice", "Change α or β " },
    { NN_LOSS_FOCAL_TVERSKY, NN_LOSS_PRESET_POSTER, "Focal-Tversky is Dice", "Change γ, α or β " },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      NnLossConfig config;
      nn_loss_config_preset (&config, cases[i].kind, cases[i].preset);
      g_autofree char *warning = lb_loss_equivalence_warning (&config);
      g_assert_nonnull (warning);
      g_assert_nonnull (strstr (warning, cases[i].is));
      g_assert_nonnull (strstr (warning, cases[i].change));
    }

  NnLossConfig focal;
  nn_loss_config_preset (&focal, NN_LOSS_FOCAL, NN_LOSS_PRESET_POSTER);
  focal.gamma = 0;
  g_autofree char *focal_warning = lb_loss_equivalence_warning (&focal);
  g_assert_nonnull (strstr (focal_warning, "Focal is 0.8 × BCE"));
  g_assert_nonnull (strstr (focal_warning, "Change γ "));

  /* A compound loss: named with both terms, and what to change says which term. */
  static const struct
  {
    NnLossKind first, second;
    double weight;
    const char *is, *change;
  } compounds[] = {
    { NN_LOSS_BCE, NN_LOSS_DICE, 1, "BCE + w·Dice is Dice-BCE:",
      "the second term's loss or weight" },
    { NN_LOSS_BCE, NN_LOSS_TVERSKY, 0, "BCE + w·Tversky is BCE:",
      "the second term's loss or weight" },
    { NN_LOSS_DICE, NN_LOSS_DICE, 1, "Dice + w·Dice is 2 × Dice:", "the second term's loss" },
    { NN_LOSS_GENERALIZED_DICE, NN_LOSS_TVERSKY, 1,
      "Generalized Dice + w·Tversky is Generalized Dice + w·Dice:",
      "Change the second term's α or β to" },
    { NN_LOSS_FOCAL_TVERSKY, NN_LOSS_TVERSKY, 0.5, "Focal-Tversky + w·Tversky is 1.5 × Dice:",
      "the second term's loss or weight" },
    { NN_LOSS_FOCAL_TVERSKY, NN_LOSS_JACCARD, 0.5,
      "Focal-Tversky + w·Jaccard is Dice + w·Jaccard:",
      "Change the first term's γ, α or β to" },
  };
  for (guint i = 0; i < G_N_ELEMENTS (compounds); i++)
    {
      NnLossConfig config;
      NnLossSchedule weight;
      nn_loss_config_preset (&config, compounds[i].first, NN_LOSS_PRESET_POSTER);
      nn_loss_schedule_preset (&weight, NN_LOSS_SCHEDULE_CONSTANT);
      weight.start = (float) compounds[i].weight;
      nn_loss_config_set_plus (&config, compounds[i].second, NN_LOSS_PRESET_POSTER, &weight);
      g_autofree char *warning = lb_loss_equivalence_warning (&config);
      g_assert_nonnull (warning);
      g_assert_nonnull (strstr (warning, compounds[i].is));
      g_assert_nonnull (strstr (warning, compounds[i].change));
    }
  /* A growing weight is no constant multiple: Dice + w·Dice is then itself. */
  {
    NnLossConfig config;
    NnLossSchedule weight;
    nn_loss_config_preset (&config, NN_LOSS_DICE, NN_LOSS_PRESET_POSTER);
    nn_loss_schedule_preset (&weight, NN_LOSS_SCHEDULE_KERVADEC);
    nn_loss_config_set_plus (&config, NN_LOSS_GENERALIZED_DICE, NN_LOSS_PRESET_POSTER, &weight);
    g_autofree char *none = lb_loss_equivalence_warning (&config);
    g_assert_null (none);
  }

  /* Under the Literature preset every loss is itself, except the two the papers define that
   * way: Weighted BCE at PyTorch's default w = 1 is BCE, and Log-Cosh Dice is close to a
   * squared Dice, which is said, not hidden. */
  for (NnLossKind kind = 0; kind < NN_LOSS_COUNT; kind++)
    {
      NnLossConfig config;
      nn_loss_config_preset (&config, kind, NN_LOSS_PRESET_LITERATURE);
      g_autofree char *warning = lb_loss_equivalence_warning (&config);
      if (kind == NN_LOSS_WEIGHTED_BCE)
        g_assert_nonnull (strstr (warning, "Weighted BCE is BCE"));
      else if (kind == NN_LOSS_LOG_COSH_DICE || kind == NN_LOSS_COMBO)
        g_assert_nonnull (warning);
      else
        g_assert_null (warning);
    }
}

static char *
duplicates_of (const NnLossKind *kinds, guint n, NnLossPreset preset)
{
  NnLossConfig configs[8];

  g_assert_cmpuint (n, <=, G_N_ELEMENTS (configs));
  for (guint i = 0; i < n; i++)
    nn_loss_config_preset (&configs[i], kinds[i], preset);
  return lb_loss_duplicates_warning (configs, n);
}

/* Two chosen losses that are one loss under the chosen preset are named together. */
static void
test_duplicates (void)
{
  NnLossKind poster[5];
  guint n = lb_loss_catalogue_poster (poster, G_N_ELEMENTS (poster));

  /* The poster's Tversky and Focal-Tversky are both Dice; the Literature's are not. */
  g_autofree char *five = duplicates_of (poster, n, NN_LOSS_PRESET_POSTER);
  g_assert_cmpstr (five, ==, "With these settings Tversky and Focal-Tversky are both Dice: they "
                             "train alike, so the differences between them are seed noise. "
                             "Change their settings, or compare only one of them.");
  g_autofree char *literature = duplicates_of (poster, n, NN_LOSS_PRESET_LITERATURE);
  g_assert_null (literature);

  /* Dice itself, chosen beside the poster's Tversky. */
  const NnLossKind with_dice[] = { NN_LOSS_DICE_BCE, NN_LOSS_TVERSKY, NN_LOSS_DICE };
  g_autofree char *dice = duplicates_of (with_dice, G_N_ELEMENTS (with_dice),
                                         NN_LOSS_PRESET_POSTER);
  g_assert_nonnull (strstr (dice, "Tversky is Dice, which is compared too: the two train alike"));
  g_assert_null (strstr (dice, "Dice-BCE"));

  /* Two groups, each said once: Weighted BCE at w = 1 is BCE under either preset. */
  const NnLossKind two[] = { NN_LOSS_BCE, NN_LOSS_TVERSKY, NN_LOSS_WEIGHTED_BCE,
                             NN_LOSS_FOCAL_TVERSKY };
  g_autofree char *both = duplicates_of (two, G_N_ELEMENTS (two), NN_LOSS_PRESET_POSTER);
  g_assert_nonnull (strstr (both, "Weighted BCE is BCE, which is compared too"));
  g_assert_nonnull (strstr (both, "Tversky and Focal-Tversky are both Dice"));

  /* Different settings of one kind are different losses. */
  NnLossConfig tverskys[2];
  nn_loss_config_preset (&tverskys[0], NN_LOSS_TVERSKY, NN_LOSS_PRESET_LITERATURE);
  nn_loss_config_preset (&tverskys[1], NN_LOSS_TVERSKY, NN_LOSS_PRESET_LITERATURE);
  tverskys[1].alpha = 0.7f;
  tverskys[1].beta = 0.3f;
  g_assert_null (lb_loss_duplicates_warning (tverskys, 2));
  g_assert_null (lb_loss_duplicates_warning (tverskys, 1));
  g_assert_null (lb_loss_duplicates_warning (NULL, 0));
}

static void
test_help_lists_every_loss (void)
{
  g_autofree char *names = lb_loss_catalogue_names ();
  g_autofree char *described = lb_loss_catalogue_describe ();

  for (NnLossKind kind = 0; kind < NN_LOSS_COUNT; kind++)
    {
      NnLossKind parsed;
      g_assert_nonnull (strstr (names, nn_loss_kind_to_string (kind)));
      g_assert_nonnull (strstr (described, nn_loss_kind_to_string (kind)));
      g_assert_true (nn_loss_kind_from_string (nn_loss_kind_to_string (kind), &parsed));
    }
  g_assert_nonnull (strstr (described, "--beta"));
}

/* The whole run: the network, and per image its float image, float mask and byte mask. */
static void
test_run_memory (void)
{
  NnUNetConfig net;
  lb_train_preset_get (LB_TRAIN_PRESET_QUICK, &net, NULL);

  guint64 none = lb_train_memory_bytes (&net, 0);
  g_assert_cmpuint (none, >, nn_unet_memory_bytes (&net));
  g_assert_cmpuint (lb_train_memory_bytes (&net, 688) - none, ==, 688ull * 128 * 128 * 9);

  net.size = 7;  /* not a multiple of 2^depth */
  g_assert_cmpuint (lb_train_memory_bytes (&net, 10), ==, 0);
}

/* Each schedule's entry names exactly the fields nn_loss_schedule_weight () reads, and its
 * preset lies in the ranges the controls offer. */
static void
test_schedules_match_the_core (void)
{
  static const int epochs[] = { 0, 1, 3, 9, 12, 40, 200 };
  guint n;
  const LbLossScheduleInfo *all = lb_loss_schedule_catalogue (&n);

  g_assert_cmpuint (n, ==, NN_LOSS_SCHEDULE_COUNT);
  for (NnLossScheduleKind kind = 0; kind < NN_LOSS_SCHEDULE_COUNT; kind++)
    {
      g_assert_true (all[kind].kind == kind);
      g_assert_true (lb_loss_schedule_info (kind) == &all[kind]);
      g_assert_cmpstr (all[kind].label, !=, "");
      g_assert_cmpstr (all[kind].caption, !=, "");
      g_assert_true (lb_loss_schedule_reads (kind, LB_LOSS_SCHEDULE_START));
      for (LbLossScheduleField f = 0; f < LB_LOSS_SCHEDULE_N_FIELDS; f++)
        {
          const LbLossScheduleFieldInfo *info = lb_loss_schedule_field_info (f);
          NnLossSchedule schedule;
          nn_loss_schedule_preset (&schedule, kind);
          NnLossSchedule moved = schedule;
          double value = lb_loss_schedule_get (&schedule, f);
          gboolean changed = FALSE;

          g_assert_true (g_str_has_prefix (info->key, "plus-"));
          lb_loss_schedule_set (&moved, f, value + 2 * info->step);
          g_assert_cmpfloat_with_epsilon (lb_loss_schedule_get (&moved, f),
                                          value + 2 * info->step, 1e-6);
          for (guint e = 0; e < G_N_ELEMENTS (epochs); e++)
            changed |= nn_loss_schedule_weight (&moved, epochs[e])
                       != nn_loss_schedule_weight (&schedule, epochs[e]);
          g_assert_cmpint (changed, ==, lb_loss_schedule_reads (kind, f));
          if (lb_loss_schedule_reads (kind, f))
            {
              g_assert_nonnull (all[kind].uses[f].caption);
              g_assert_cmpfloat (value, >=, info->lower);
              g_assert_cmpfloat (value, <=, info->upper);
            }
        }
    }
}

static void
test_config_label (void)
{
  NnLossConfig config;
  NnLossSchedule weight;

  nn_loss_config_preset (&config, NN_LOSS_DICE_BCE, NN_LOSS_PRESET_POSTER);
  g_autofree char *single = lb_loss_config_label (&config);
  g_assert_cmpstr (single, ==, "Dice-BCE");
  nn_loss_schedule_preset (&weight, NN_LOSS_SCHEDULE_KERVADEC);
  nn_loss_config_set_plus (&config, NN_LOSS_GENERALIZED_DICE, NN_LOSS_PRESET_POSTER, &weight);
  g_autofree char *compound = lb_loss_config_label (&config);
  g_assert_cmpstr (compound, ==, "Dice-BCE + w·Generalized Dice");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/loss-catalogue/params-match-the-core", test_params_match_the_core);
  g_test_add_func ("/loss-catalogue/poster-five", test_poster_five_in_order);
  g_test_add_func ("/loss-catalogue/equivalence-warnings", test_equivalence_warnings);
  g_test_add_func ("/loss-catalogue/duplicates", test_duplicates);
  g_test_add_func ("/loss-catalogue/help", test_help_lists_every_loss);
  g_test_add_func ("/loss-catalogue/run-memory", test_run_memory);
  g_test_add_func ("/loss-catalogue/schedules", test_schedules_match_the_core);
  g_test_add_func ("/loss-catalogue/config-label", test_config_label);
  return g_test_run ();
}
