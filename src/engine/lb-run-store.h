/* lb-run-store.h — where experiments live, and the list of them the History page shows.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* $XDG_DATA_HOME/lossbench/experiments (newly allocated; not created). */
char *lb_run_store_default_root (void);

/* A new, unused folder under ROOT named after the time and WHAT ("2026-11-27 14.05 quick"). */
char *lb_run_store_new_folder (const char *root, const char *what);

typedef struct
{
  char *folder;
  char *title;         /* "Quick: 5 losses × 3 seeds" */
  GDateTime *modified; /* the last time a run saved anything */
  guint n_runs;
  guint n_done;
  guint n_failed;
  guint n_interrupted; /* could be resumed */
  guint n_elsewhere;   /* being trained by other processes: Slurm tasks, another window */
  gboolean queued;     /* not complete, and its Slurm job (slurm/job.json) still has tasks
                        * waiting or running, as squeue says where it can be asked */
  char *error;         /* why it cannot be opened (damaged config.json), else NULL; then
                        * nothing below is known */

  /* What it compared. */
  char *dataset;       /* the folders' names ("CXR_png + ChinaSet"), or "demo set (96 images)" */
  char *preset;        /* as configured: "quick", …, "custom" */
  char *protocol;      /* how it trained and tested beyond the preset: "augmented ·
                        * montgomery held out · external hospital-b"; NULL when plainly */
  gboolean sweep;      /* a sweep: LOSSES are the swept losses, not its cells */
  char **losses;       /* the losses' labels in configuration order, NULL-terminated */
  guint n_seeds;
  gboolean complete;   /* no run left to train (each is done or failed) */

  /* The headline result, once complete: the loss with the highest mean test IoU over its
   * finished runs (each run's mean over the test images, as the Compare table gives it).
   * Highest is not "better": whether the difference is beyond noise is the comparison's to
   * say. best_loss −1 (and best_iou NaN) before, when no run finished, and for a sweep (its
   * best cell on test would be a choice made on test). */
  int best_loss;       /* into losses */
  double best_iou;
  guint best_runs;     /* how many runs that mean is over */
} LbStoredExperiment;

/* The entry of the experiment in FOLDER (its error set when it cannot be opened). Reads its
 * config and run states: on a worker thread. */
LbStoredExperiment *lb_stored_experiment_read (const char *folder);
void lb_stored_experiment_free (LbStoredExperiment *entry);

/* Two lines for a list: what it compared, then how far it got and its headline:
 *   "Dice-BCE, Focal-Tversky × 3 seeds · quick preset · demo set (96 images)"
 *   "Finished (6 of 6 runs) — highest mean test IoU: Focal-Tversky, 0.9123 over 3 runs"
 * A damaged experiment gives its error. */
char *lb_stored_experiment_describe (const LbStoredExperiment *entry);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LbStoredExperiment, lb_stored_experiment_free)

/* The experiments under ROOT (folders holding a config.json), newest first; an absent ROOT is
 * an empty list. A damaged experiment is listed with its error, not skipped. Reads every
 * config and run state: on a worker thread. */
GPtrArray *lb_run_store_list (const char *root, GError **error);

/* Deletes FOLDER and everything in it, refusing anything that is not an experiment (a
 * folder without config.json), so a wrong path cannot wipe unrelated files. */
gboolean lb_run_store_delete (const char *folder, GError **error);

G_END_DECLS
