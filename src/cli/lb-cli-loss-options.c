/* lb-cli-loss-options.c — --loss and its settings, read from the loss catalogue.
 * SPDX-License-Identifier: GPL-3.0-or-later */

#include "lb-cli-loss-options.h"

#include "lb-cli-number.h"

#include <string.h>

enum
{
  N_FIXED_ENTRIES = 13, /* --loss, --smooth, three conventions, six compound ones, the end */
};

GOptionEntry *
lb_cli_loss_options_init (LbCliLossOptions *o)
{
  GOptionEntry *entries = g_new0 (GOptionEntry, LB_LOSS_N_PARAMS + N_FIXED_ENTRIES);
  guint n = 0;
  g_autofree char *names = lb_loss_catalogue_names ();

  memset (o, 0, sizeof *o);
  o->loss_help = g_strdup_printf ("%s (default dice-bce)", names);
  entries[n++] = (GOptionEntry) { "loss", 'l', 0, G_OPTION_ARG_STRING, &o->loss, o->loss_help,
                                  "NAME" };
  for (LbLossParam p = 0; p < LB_LOSS_N_PARAMS; p++)
    {
      const LbLossParamInfo *info = lb_loss_param_info (p);

      o->help[p] = g_strdup_printf ("%s%s%s, for the losses that read it (below)", info->symbol,
                                    info->unit[0] != '\0' ? " in " : "", info->unit);
      entries[n++] = (GOptionEntry) { info->key, 0, 0, G_OPTION_ARG_STRING, &o->params[p],
                                      o->help[p], "X" };
    }
  entries[n++] = (GOptionEntry) { "smooth", 0, 0, G_OPTION_ARG_STRING, &o->smooth,
                                  "Smoothing s of the overlap losses", "S" };
  entries[n++] = (GOptionEntry) { "reduction", 0, 0, G_OPTION_ARG_STRING, &o->reduction,
                                  "batch (sums over the batch, the poster's) or per-image",
                                  "HOW" };
  entries[n++] = (GOptionEntry) { "focal-alpha", 0, 0, G_OPTION_ARG_STRING, &o->focal_alpha,
                                  "scalar (the poster's) or class-balanced (Lin et al.)", "HOW" };
  entries[n++] = (GOptionEntry) { "focal-tversky-power", 0, 0, G_OPTION_ARG_STRING,
                                  &o->focal_tversky_power,
                                  "gamma: (1 − TI)^γ (the poster's) or inverse: (1 − TI)^(1/γ) "
                                  "(Abraham & Khan)", "HOW" };
  entries[n++] = (GOptionEntry) { "plus", 0, 0, G_OPTION_ARG_STRING, &o->plus,
                                  "A second loss added to the first, with its preset settings",
                                  "NAME" };
  entries[n++] = (GOptionEntry) { "plus-weight", 0, 0, G_OPTION_ARG_STRING, &o->plus_weight,
                                  "The second loss's weight at the first epoch (default: the "
                                  "schedule's)", "W" };
  entries[n++] = (GOptionEntry) { "plus-schedule", 0, 0, G_OPTION_ARG_STRING, &o->plus_schedule,
                                  "constant (default), linear (to --plus-end over "
                                  "--plus-epochs) or kervadec (+--plus-step per epoch, from "
                                  "0.01 by 0.01)", "HOW" };
  entries[n++] = (GOptionEntry) { "plus-end", 0, 0, G_OPTION_ARG_STRING, &o->plus_end,
                                  "linear: the final weight; kervadec: a cap (0: none)", "W" };
  entries[n++] = (GOptionEntry) { "plus-step", 0, 0, G_OPTION_ARG_STRING, &o->plus_step,
                                  "kervadec: added to the weight after every epoch", "W" };
  entries[n++] = (GOptionEntry) { "plus-epochs", 0, 0, G_OPTION_ARG_STRING, &o->plus_epochs,
                                  "linear: the epochs of the ramp", "N" };
  g_assert (n < LB_LOSS_N_PARAMS + N_FIXED_ENTRIES);
  return entries;
}

void
lb_cli_loss_options_clear (LbCliLossOptions *o)
{
  g_free (o->loss);
  g_free (o->reduction);
  g_free (o->focal_alpha);
  g_free (o->focal_tversky_power);
  g_free (o->plus);
  g_free (o->plus_schedule);
  g_free (o->smooth);
  g_free (o->plus_weight);
  g_free (o->plus_end);
  g_free (o->plus_step);
  g_free (o->plus_epochs);
  for (LbLossParam p = 0; p < LB_LOSS_N_PARAMS; p++)
    {
      g_free (o->params[p]);
      g_free (o->help[p]);
    }
  g_free (o->loss_help);
  memset (o, 0, sizeof *o);
}

/* The names of the losses that read PARAM, for the error that says where it belongs. */
static char *
losses_reading (LbLossParam param)
{
  guint n_losses;
  const LbLossInfo *all = lb_loss_catalogue (&n_losses);
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < n_losses; i++)
    if (lb_loss_reads (all[i].kind, param))
      g_string_append_printf (text, "%s%s", text->len > 0 ? ", " : "",
                              nn_loss_kind_to_string (all[i].kind));
  return g_string_free (text, FALSE);
}

static char *
apply_schedule (const LbCliLossOptions *o, NnLossPreset preset, NnLossConfig *loss)
{
  NnLossKind plus_kind;
  NnLossSchedule weight;
  NnLossScheduleKind schedule = NN_LOSS_SCHEDULE_CONSTANT;

  if (o->plus == NULL)
    {
      if (o->plus_schedule != NULL || o->plus_weight != NULL || o->plus_end != NULL
          || o->plus_step != NULL || o->plus_epochs != NULL)
        return g_strdup ("The --plus-… options set a second loss: name it with --plus NAME.");
      return NULL;
    }
  if (!nn_loss_kind_from_string (o->plus, &plus_kind))
    return g_strdup_printf ("“%s” is not a loss (--plus).", o->plus);
  if (o->plus_schedule != NULL && !nn_loss_schedule_kind_from_string (o->plus_schedule,
                                                                       &schedule))
    return g_strdup_printf ("--plus-schedule is constant, linear or kervadec, not “%s”.",
                            o->plus_schedule);
  nn_loss_schedule_preset (&weight, schedule);
  double start = weight.start, end = weight.end, step = weight.step;
  gint64 epochs = weight.epochs;
  char *why = NULL;
  if ((why = lb_cli_parse_double ("plus-weight", o->plus_weight, 0, FALSE, 1e6, &start))
      || (why = lb_cli_parse_double ("plus-end", o->plus_end, 0, FALSE, 1e6, &end))
      || (why = lb_cli_parse_double ("plus-step", o->plus_step, 0, FALSE, 1e6, &step))
      || (why = lb_cli_parse_int ("plus-epochs", o->plus_epochs, 1, 100000, &epochs)))
    return why;
  weight.start = (float) start;
  weight.end = (float) end;
  weight.step = (float) step;
  weight.epochs = (int) epochs;
  nn_loss_config_set_plus (loss, plus_kind, preset, &weight);
  return NULL;
}

char *
lb_cli_loss_options_apply (const LbCliLossOptions *o,
                           NnLossPreset            preset,
                           NnLossConfig           *loss)
{
  NnLossKind kind = NN_LOSS_DICE_BCE;

  if (o->loss != NULL && !nn_loss_kind_from_string (o->loss, &kind))
    return g_strdup_printf ("“%s” is not a loss.", o->loss);
  nn_loss_config_preset (loss, kind, preset);
  for (LbLossParam p = 0; p < LB_LOSS_N_PARAMS; p++)
    {
      const LbLossParamInfo *info = lb_loss_param_info (p);
      double value = 0;
      char *why;

      if (o->params[p] == NULL)
        continue;
      if (!lb_loss_reads (kind, p))
        {
          g_autofree char *readers = losses_reading (p);
          return g_strdup_printf ("%s has no --%s; it is a setting of %s.",
                                  nn_loss_kind_to_label (kind), info->key, readers);
        }
      /* The range the GUI's control offers, the loss's own rules after (nn_loss_config_check). */
      if ((why = lb_cli_parse_double (info->key, o->params[p], info->lower, FALSE, info->upper,
                                      &value)))
        return why;
      lb_loss_param_set (&loss->primary, p, value);
    }
  if (o->smooth != NULL)
    {
      double smooth = 0;
      char *why = lb_cli_parse_double ("smooth", o->smooth, 0, FALSE, 1e6, &smooth);
      if (why != NULL)
        return why;
      loss->smooth = (float) smooth;
    }
  if (o->reduction != NULL)
    {
      if (strcmp (o->reduction, "per-image") == 0)
        loss->reduction = NN_REDUCE_PER_IMAGE;
      else if (strcmp (o->reduction, "batch") == 0)
        loss->reduction = NN_REDUCE_BATCH;
      else
        return g_strdup_printf ("--reduction is batch or per-image, not “%s”.", o->reduction);
    }
  if (o->focal_alpha != NULL)
    {
      if (strcmp (o->focal_alpha, "class-balanced") == 0)
        loss->focal_alpha = NN_FOCAL_ALPHA_CLASS_BALANCED;
      else if (strcmp (o->focal_alpha, "scalar") == 0)
        loss->focal_alpha = NN_FOCAL_ALPHA_SCALAR;
      else
        return g_strdup_printf ("--focal-alpha is scalar or class-balanced, not “%s”.",
                                o->focal_alpha);
    }
  if (o->focal_tversky_power != NULL)
    {
      if (strcmp (o->focal_tversky_power, "inverse") == 0)
        loss->focal_tversky_power = NN_FOCAL_TVERSKY_POWER_INV_GAMMA;
      else if (strcmp (o->focal_tversky_power, "gamma") == 0)
        loss->focal_tversky_power = NN_FOCAL_TVERSKY_POWER_GAMMA;
      else
        return g_strdup_printf ("--focal-tversky-power is gamma or inverse, not “%s”.",
                                o->focal_tversky_power);
    }
  return apply_schedule (o, preset, loss);
}
