/* lb-run-set.h — finished runs of several experiments side by side: their curves, their results
 * and, when they were tested on the same images, the paired comparison of their losses.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each experiment gets a letter (A, B, …) and each of its losses becomes a group, "Dice-BCE (A)",
 * holding that loss's finished runs. Groups from experiments tested on the same images (the same
 * data, by content hash, and the same test split) are compared as the losses of one experiment
 * are (lb-experiment.h): paired by image, and by seed when the experiments share their seeds;
 * with different seeds, the k-th seed of one is matched with the k-th of another, so seed noise
 * counts in full. Groups tested on different images are summarised but never tested against
 * each other, and the result says why. */
#pragma once

#include "lb-per-image.h"
#include "lb-run-store.h"

G_BEGIN_DECLS

#define LB_RUN_SET_MAX_EXPERIMENTS 26

typedef enum
{
  LB_RUN_SET_SINGLE,            /* the groups come from one experiment: paired as it is */
  LB_RUN_SET_PAIRED,            /* the same test images and seeds: paired by seed and image */
  LB_RUN_SET_PAIRED_BY_IMAGE,   /* the same test images, other seeds: matched in order */
  LB_RUN_SET_UNPAIRED,          /* different test images or data: no test between them */
} LbRunSetPairing;

typedef struct _LbRunSet LbRunSet;

/* The experiments in FOLDERS (at least one, at most LB_RUN_SET_MAX_EXPERIMENTS), in that order,
 * with their finished runs' results and histories. Fails, saying which and why, when one
 * cannot be opened or its results cannot be read. Reads files: on a worker thread. */
LbRunSet *lb_run_set_load (const char *const *folders, GError **error);
void      lb_run_set_free (LbRunSet *set);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LbRunSet, lb_run_set_free)

guint        lb_run_set_get_n_experiments (const LbRunSet *set);
/* "A", "B", … */
const char  *lb_run_set_get_tag (const LbRunSet *set, guint experiment);
const char  *lb_run_set_get_folder (const LbRunSet *set, guint experiment);
const LbExperimentConfig *lb_run_set_get_config (const LbRunSet *set, guint experiment);
/* What the History page says of it: title and the two-line description. */
const LbStoredExperiment *lb_run_set_get_entry (const LbRunSet *set, guint experiment);

guint        lb_run_set_get_n_groups (const LbRunSet *set);
/* "Dice-BCE (A)" */
const char  *lb_run_set_get_group_label (const LbRunSet *set, guint group);
guint        lb_run_set_get_group_experiment (const LbRunSet *set, guint group);
/* The loss and its settings, as its experiment trained it. */
const NnLossConfig *lb_run_set_get_group_loss (const LbRunSet *set, guint group);
/* Its finished runs. */
guint        lb_run_set_get_group_n_runs (const LbRunSet *set, guint group);
/* Every group's label, indexed by group: what a table or a sentence names them by. */
const char *const *lb_run_set_get_labels (const LbRunSet *set);

/* The finished runs of every group, in group order: RUN_GROUP[i] is run i's group, HISTORIES
 * (GArray of LbEpochRecord per run, never NULL) its epochs. For lb_experiment_curves_new. */
guint        lb_run_set_get_n_runs (const LbRunSet *set);
const guint *lb_run_set_get_run_groups (const LbRunSet *set);
GPtrArray   *lb_run_set_get_histories (const LbRunSet *set);
/* The longest training planned among the experiments, in epochs. */
int          lb_run_set_get_max_epochs (const LbRunSet *set);

typedef struct
{
  LbRunSetPairing pairing;
  /* One or two sentences on how the groups are compared: "Paired by seed and image: A and B
   * were tested on the same 69 images with seeds 1–3." */
  char *pairing_note;
  /* The groups' summaries (loss_index is the group) and, unless unpaired, their pairs. With
   * different test images n_test_images is 0, as no one count describes them. */
  LbExperimentSummary *summary;
} LbRunSetComparison;

void lb_run_set_comparison_free (LbRunSetComparison *comparison);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LbRunSetComparison, lb_run_set_comparison_free)

/* The groups where INCLUDED[group] is TRUE (all of them when INCLUDED is NULL) compared on
 * METRIC. Fails when a group's runs lack the metric. Runs the bootstrap: on a worker thread. */
LbRunSetComparison *lb_run_set_compare (const LbRunSet *set,
                                        const gboolean *included,
                                        LbMetric metric,
                                        GError **error);

/* The merge underneath, on results already in memory: PARTS[p]'s losses become groups, labelled
 * "LABEL (TAGS[p])", their runs reordered to PARTS[0]'s image order, and each run's seed less
 * SEED_OFFSETS[p] (NULL: none), so that seeds match across parts. Every part must hold the same
 * test images; NULL with an error otherwise. */
LbPerImage *lb_run_set_merge (LbPerImage *const *parts,
                              guint n_parts,
                              const char *const *tags,
                              const guint64 *seed_offsets,
                              GError **error);

G_END_DECLS
