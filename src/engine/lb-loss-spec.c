/* lb-loss-spec.c — parsing and writing "dice+boundary@kervadec".
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "lb-loss-spec.h"

#include <math.h>
#include <string.h>

#define FORM "KIND, or KIND+[W*]PLUS[@constant|@linear[:START:END:EPOCHS]|@kervadec[:START:STEP[:CAP]]]"

static gboolean
parse_number (const char *text, double *value)
{
  char *end = NULL;

  if (text == NULL || *text == '\0')
    return FALSE;
  *value = g_ascii_strtod (text, &end);
  return end != NULL && *end == '\0' && isfinite (*value);
}

/* The numbers after the schedule's name, in the order the header lists them. */
static char *
parse_schedule_numbers (char **fields, const char *spec, NnLossSchedule *schedule)
{
  guint n = fields[0] != NULL ? g_strv_length (fields) : 0;
  double v[3];
  guint most = schedule->kind == NN_LOSS_SCHEDULE_LINEAR     ? 3
               : schedule->kind == NN_LOSS_SCHEDULE_KERVADEC ? 3
                                                             : 0;
  guint least = schedule->kind == NN_LOSS_SCHEDULE_KERVADEC ? 2 : most;

  if (n == 0)
    return NULL;
  if (n > most || n < least)
    return g_strdup_printf ("“%s”: the %s schedule takes %s.", spec,
                            nn_loss_schedule_kind_to_string (schedule->kind),
                            schedule->kind == NN_LOSS_SCHEDULE_LINEAR ? "START:END:EPOCHS"
                            : schedule->kind == NN_LOSS_SCHEDULE_KERVADEC
                              ? "START:STEP or START:STEP:CAP"
                              : "no numbers (give the weight as W*PLUS)");
  for (guint i = 0; i < n; i++)
    if (!parse_number (fields[i], &v[i]))
      return g_strdup_printf ("“%s”: “%s” is not a number.", spec, fields[i]);
  schedule->start = (float) v[0];
  if (schedule->kind == NN_LOSS_SCHEDULE_LINEAR)
    {
      if (v[2] != floor (v[2]) || v[2] < 1 || v[2] > 100000)
        return g_strdup_printf ("“%s”: the ramp's epochs are a whole number, at least 1.", spec);
      schedule->end = (float) v[1];
      schedule->epochs = (int) v[2];
    }
  else
    {
      schedule->step = (float) v[1];
      if (n == 3)
        schedule->end = (float) v[2];
    }
  return NULL;
}

char *
lb_loss_spec_parse (const char *spec, NnLossPreset preset, NnLossConfig *loss)
{
  g_autofree char *text = g_strstrip (g_strdup (spec != NULL ? spec : ""));
  char *plus = strchr (text, '+'), *at, *star;
  NnLossKind kind, plus_kind;
  NnLossScheduleKind schedule_kind = NN_LOSS_SCHEDULE_CONSTANT;
  NnLossSchedule schedule;
  double weight = NAN;
  g_auto (GStrv) fields = NULL;

  if (plus != NULL)
    *plus++ = '\0';
  if (!nn_loss_kind_from_string (text, &kind))
    return g_strdup_printf ("“%s” is not a loss (the form is %s).", text, FORM);
  nn_loss_config_preset (loss, kind, preset);
  if (plus == NULL)
    return NULL;

  at = strchr (plus, '@');
  if (at != NULL)
    *at++ = '\0';
  star = strchr (plus, '*');
  if (star != NULL)
    {
      *star = '\0';
      if (!parse_number (plus, &weight))
        return g_strdup_printf ("“%s”: the weight “%s” is not a number.", spec, plus);
      plus = star + 1;
    }
  if (!nn_loss_kind_from_string (plus, &plus_kind))
    return g_strdup_printf ("“%s”: “%s” is not a loss (the form is %s).", spec, plus, FORM);
  if (at != NULL)
    {
      fields = g_strsplit (at, ":", -1);
      if (!nn_loss_schedule_kind_from_string (fields[0], &schedule_kind))
        return g_strdup_printf ("“%s”: the schedule is constant, linear or kervadec, not “%s”.",
                                spec, fields[0]);
    }
  nn_loss_schedule_preset (&schedule, schedule_kind);
  if (fields != NULL)
    {
      char *why = parse_schedule_numbers (fields + 1, spec, &schedule);
      if (why != NULL)
        return why;
    }
  if (!isnan (weight))
    schedule.start = (float) weight;
  nn_loss_config_set_plus (loss, plus_kind, preset, &schedule);
  return NULL;
}

char *
lb_loss_spec_format (const NnLossConfig *loss)
{
  const NnLossSchedule *s = &loss->plus_weight;
  NnLossSchedule defaults;
  GString *text = g_string_new (nn_loss_kind_to_string (loss->kind));

  if (!loss->has_plus)
    return g_string_free (text, FALSE);
  nn_loss_schedule_preset (&defaults, s->kind);
  g_string_append_c (text, '+');
  if (s->kind == NN_LOSS_SCHEDULE_CONSTANT && s->start != 1.0f)
    g_string_append_printf (text, "%g*", s->start);
  g_string_append (text, nn_loss_kind_to_string (loss->plus.kind));
  if (s->kind == NN_LOSS_SCHEDULE_LINEAR)
    {
      g_string_append (text, "@linear");
      if (s->start != defaults.start || s->end != defaults.end || s->epochs != defaults.epochs)
        g_string_append_printf (text, ":%g:%g:%d", s->start, s->end, s->epochs);
    }
  else if (s->kind == NN_LOSS_SCHEDULE_KERVADEC)
    {
      g_string_append (text, "@kervadec");
      if (s->start != defaults.start || s->step != defaults.step || s->end != defaults.end)
        g_string_append_printf (text, ":%g:%g", s->start, s->step);
      if (s->end > 0)
        g_string_append_printf (text, ":%g", s->end);
    }
  return g_string_free (text, FALSE);
}

char *
lb_loss_dup_name (const NnLossConfig *loss)
{
  if (!loss->has_plus)
    return g_strdup (nn_loss_kind_to_string (loss->kind));
  return g_strconcat (nn_loss_kind_to_string (loss->kind), "+",
                      nn_loss_kind_to_string (loss->plus.kind), NULL);
}

char *
lb_loss_dup_label (const NnLossConfig *loss)
{
  const NnLossSchedule *s = &loss->plus_weight;
  const char *primary = nn_loss_kind_to_label (loss->kind);
  const char *plus = loss->has_plus ? nn_loss_kind_to_label (loss->plus.kind) : NULL;

  if (!loss->has_plus)
    return g_strdup (primary);
  switch (s->kind)
    {
    case NN_LOSS_SCHEDULE_LINEAR:
      return g_strdup_printf ("%s + %s (linear ramp)", primary, plus);
    case NN_LOSS_SCHEDULE_KERVADEC:
      return g_strdup_printf ("%s + %s (Kervadec)", primary, plus);
    case NN_LOSS_SCHEDULE_CONSTANT:
    case NN_LOSS_SCHEDULE_COUNT:
    default:
      return s->start == 1.0f ? g_strdup_printf ("%s + %s", primary, plus)
                              : g_strdup_printf ("%s + %g × %s", primary, s->start, plus);
    }
}
