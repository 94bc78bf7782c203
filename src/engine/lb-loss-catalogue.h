/* lb-loss-catalogue.h — what every view needs to know about the losses, in one table.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The numeric core (nn-losses.h) computes each loss; this catalogue says how to present and
 * choose it: its family, which hyperparameters it reads and their ranges, the convention a
 * reader must know, and the sentence to show when a setting turns it into another loss. The
 * CLI's help, the loss chooser and the formula card all read it, so a new loss is described
 * once, here. */
#pragma once

#include <glib.h>

#include "nn-losses.h"

G_BEGIN_DECLS

/* The hyperparameters a user sets per loss (the preset fixes the rest: reduction, smoothing,
 * the Focal α and Focal-Tversky exponent conventions). */
typedef enum
{
  LB_LOSS_PARAM_ALPHA,
  LB_LOSS_PARAM_BETA,
  LB_LOSS_PARAM_GAMMA,
  LB_LOSS_PARAM_POS_WEIGHT,
  LB_LOSS_PARAM_TOP_K,
  LB_LOSS_PARAM_LAMBDA,
  LB_LOSS_PARAM_DELTA,
  LB_LOSS_PARAM_ITERATIONS,
  LB_LOSS_PARAM_DISTANCE_POWER, /* Hausdorff-DT's α */
  LB_LOSS_N_PARAMS
} LbLossParam;

typedef struct
{
  const char *key;    /* "alpha": the CLI option, the config and settings key */
  const char *symbol; /* "α" */
  const char *unit;   /* "%" or "" */
  double lower;       /* the range a control offers */
  double upper;
  double step;
  int digits;
  const char *caption; /* a few words under its control: what it does in the losses reading it */
} LbLossParamInfo;

typedef struct
{
  NnLossKind kind;
  gboolean poster;                          /* one of the poster's five */
  const char *summary;                      /* one line: what it optimises */
  const char *meaning[LB_LOSS_N_PARAMS];    /* what each parameter it reads does; NULL: unused */
  const char *caption;                      /* a few words under its name in a chooser */
} LbLossInfo;

/* Every loss, in the order the chooser and the help list them (the poster's five first); the
 * family of each is the core's (nn_loss_kind_family). */
const LbLossInfo *lb_loss_catalogue (guint *n_losses);
const LbLossInfo *lb_loss_info (NnLossKind kind);
const LbLossParamInfo *lb_loss_param_info (LbLossParam param);

/* The poster's five, the default set of a comparison; returns how many were written. */
guint lb_loss_catalogue_poster (NnLossKind *kinds, guint max_kinds);

gboolean lb_loss_reads (NnLossKind kind, LbLossParam param);
double lb_loss_param_get (const NnLossTerm *term, LbLossParam param);
void lb_loss_param_set (NnLossTerm *term, LbLossParam param, double value);

/* The convention a reader must know to compare this loss with a paper's, for CONFIG's options
 * (which way round Tversky's α and β are, scalar or class-balanced Focal α, …); "" if none. */
const char *lb_loss_convention (const NnLossConfig *config);

/* NULL when CONFIG trains like itself; else a sentence saying which loss it is with these
 * settings and which parameter to change (nn_loss_equivalent_config), or which simpler loss
 * it approximates (nn_loss_approximation: Log-Cosh Dice ≈ Dice²/2, Combo's shifted Weighted
 * BCE + Dice). */
char *lb_loss_equivalence_warning (const NnLossConfig *config);

/* NULL when no two of the N_CONFIGS losses of CONFIGS train alike; else a sentence for each
 * group that, with their settings, are one loss: the same simplest loss
 * (nn_loss_equivalent_config) with the same parameters and reduction, whatever its scale or
 * smoothing. For the poster's five under the poster preset: "With these settings Tversky and
 * Focal-Tversky are both Dice: they train alike, so the differences between them are seed
 * noise. Change their settings, or compare only one of them." */
char *lb_loss_duplicates_warning (const NnLossConfig *configs, guint n_configs);

/* "dice-bce, jaccard, focal, tversky, focal-tversky, bce or dice": the names the CLI takes. */
char *lb_loss_catalogue_names (void);
/* The losses grouped by family, each with its summary and parameters: the CLI help's text. */
char *lb_loss_catalogue_describe (void);

/* "Dice-BCE", or for a compound loss both terms, "Dice-BCE + w·Generalized Dice": a title. */
char *lb_loss_config_label (const NnLossConfig *config);

/* The settings of a compound loss's weight schedule (NnLossSchedule), one control each, in the
 * order a form shows them. */
typedef enum
{
  LB_LOSS_SCHEDULE_START,  /* the weight at the first epoch */
  LB_LOSS_SCHEDULE_STEP,   /* Kervadec: added after every epoch */
  LB_LOSS_SCHEDULE_END,    /* Linear: the final weight; Kervadec: the cap */
  LB_LOSS_SCHEDULE_EPOCHS, /* Linear: the length of the ramp */
  LB_LOSS_SCHEDULE_N_FIELDS
} LbLossScheduleField;

typedef struct
{
  const char *key;  /* "plus-weight": the CLI option and the settings key */
  double lower;     /* the range a control offers */
  double upper;
  double step;
  int digits;
} LbLossScheduleFieldInfo;

/* What one field means in one schedule. */
typedef struct
{
  const char *title;   /* the control's name: "Final Weight"; NULL when the schedule ignores it */
  const char *caption; /* a few words under it */
  const char *zero;    /* what 0 stands for when it is not a weight ("No cap"), else NULL */
} LbLossScheduleUse;

typedef struct
{
  NnLossScheduleKind kind;
  const char *label;   /* "Linear": its name in a chooser */
  const char *caption; /* a few words under it: how the weight moves */
  LbLossScheduleUse uses[LB_LOSS_SCHEDULE_N_FIELDS];
} LbLossScheduleInfo;

/* Every schedule, in NnLossScheduleKind's order. */
const LbLossScheduleInfo *lb_loss_schedule_catalogue (guint *n_schedules);
const LbLossScheduleInfo *lb_loss_schedule_info (NnLossScheduleKind kind);
const LbLossScheduleFieldInfo *lb_loss_schedule_field_info (LbLossScheduleField field);

gboolean lb_loss_schedule_reads (NnLossScheduleKind  kind,
                                 LbLossScheduleField field);
double lb_loss_schedule_get (const NnLossSchedule *schedule, LbLossScheduleField field);
void lb_loss_schedule_set (NnLossSchedule *schedule, LbLossScheduleField field, double value);

G_END_DECLS
