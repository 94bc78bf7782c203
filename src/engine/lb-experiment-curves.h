/* lb-experiment-curves.h — every run's per-epoch history, live or read from disk, and its
 * aggregation over seeds: per loss and epoch, a metric's mean and its range.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the Compare page's chart draws, computed without GTK so that it is tested on its own
 * and a script or another view can draw the same curves. A loss's curve at epoch e is the mean
 * of the metric over the runs of that loss that reached epoch e, with the lowest and highest of
 * them as its band; it ends at the first epoch that no run of the loss has reached. */
#pragma once

#include <glib-object.h>

#include "lb-experiment.h"

G_BEGIN_DECLS

typedef struct
{
  guint n_points;    /* epochs 1 … n_points */
  double *epoch;     /* 1, 2, …: the x of each point */
  double *mean;      /* over the runs that reached the epoch */
  double *low;       /* the lowest and the highest of them: the band over seeds */
  double *high;
  guint *n_runs;     /* how many runs reached the epoch */
} LbSeedBand;

void lb_seed_band_free (LbSeedBand *band);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LbSeedBand, lb_seed_band_free)

#define LB_TYPE_EXPERIMENT_CURVES (lb_experiment_curves_get_type ())
G_DECLARE_FINAL_TYPE (LbExperimentCurves, lb_experiment_curves, LB, EXPERIMENT_CURVES, GObject)

/* N_RUNS runs, run i training loss RUN_LOSS[i] (below N_LOSSES); no history yet. */
LbExperimentCurves *lb_experiment_curves_new (guint n_losses, guint n_runs, const guint *run_loss);
/* The same for EXPERIMENT's losses and runs. */
LbExperimentCurves *lb_experiment_curves_new_for_experiment (LbExperiment *experiment);

guint lb_experiment_curves_get_n_losses (LbExperimentCurves *self);
guint lb_experiment_curves_get_n_runs (LbExperimentCurves *self);
/* The epochs RUN has a record of, from disk or live: a running run's progress. */
guint lb_experiment_curves_get_n_epochs (LbExperimentCurves *self, guint run);

/* The histories read from disk (LbExperimentResults.histories: per run a GArray of
 * LbEpochRecord, or NULL), referenced. They replace every run's, the live epochs too: the next
 * progress brings the epochs after them. */
void lb_experiment_curves_set_histories (LbExperimentCurves *self, GPtrArray *histories);
/* A running run's epochs from FIRST_EPOCH (0-based) on, as lb_trainer_get_progress_since
 * gives them: the epochs before FIRST_EPOCH are kept, those from it on replaced. */
void lb_experiment_curves_add_epochs (LbExperimentCurves *self,
                                      guint run,
                                      guint first_epoch,
                                      const LbEpochRecord *records,
                                      guint n_records);

/* METRIC on the validation images, per epoch, over the runs of LOSS; NULL for no such loss. */
LbSeedBand *lb_experiment_curves_dup_validation_band (LbExperimentCurves *self,
                                                      guint loss,
                                                      NnMetric metric);

G_END_DECLS
