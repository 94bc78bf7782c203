/* lb-run-set.c — finished runs of several experiments side by side, compared when they share
 * their test images.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "lb-run-set.h"

#include <math.h>
#include <string.h>

#include "lb-error.h"

typedef struct
{
  char tag[2];
  char *folder;
  LbStoredExperiment *entry;
  LbExperimentConfig config;
  LbPerImage *results;         /* its finished runs */
} Member;

typedef struct
{
  guint member;
  guint loss;                  /* into the member's losses */
  guint n_runs;
} Group;

struct _LbRunSet
{
  GArray *members;             /* Member */
  GArray *groups;              /* Group, member by member, loss by loss */
  GPtrArray *labels;           /* char *, per group, NULL-terminated */
  GArray *run_groups;          /* guint, per finished run, in group order */
  GPtrArray *histories;        /* GArray of LbEpochRecord, per finished run */
};

static void
member_clear (gpointer data)
{
  Member *m = data;
  g_free (m->folder);
  lb_stored_experiment_free (m->entry);
  lb_experiment_config_clear (&m->config);
  lb_per_image_free (m->results);
}

void
lb_run_set_free (LbRunSet *set)
{
  if (set == NULL)
    return;
  g_array_unref (set->members);
  g_array_unref (set->groups);
  g_ptr_array_unref (set->labels);
  g_array_unref (set->run_groups);
  g_ptr_array_unref (set->histories);
  g_free (set);
}

void
lb_run_set_comparison_free (LbRunSetComparison *comparison)
{
  if (comparison == NULL)
    return;
  g_free (comparison->pairing_note);
  lb_experiment_summary_free (comparison->summary);
  g_free (comparison);
}

/* ---- merging results that share their test images ---- */

/* Appends PART's losses to MERGED, labelled with TAG, and, where KEEP_LOSS says so (NULL: all),
 * their runs, seeds less SEED_OFFSET and images in MERGED's order (the first runs' order). */
static gboolean
merge_into (LbPerImage *merged, LbPerImage *part, const char *tag, guint64 seed_offset,
            const gboolean *keep_loss, GError **error)
{
  guint first_loss = merged->losses->len;
  for (guint l = 0; l < part->losses->len; l++)
    {
      LbPerImageLoss loss = g_array_index (part->losses, LbPerImageLoss, l);
      loss.label = g_strdup_printf ("%s (%s)", loss.label, tag);
      g_array_append_val (merged->losses, loss);
    }

  gboolean any = FALSE;
  for (guint r = 0; r < part->runs->len; r++)
    any |= keep_loss == NULL || keep_loss[g_array_index (part->runs, LbPerImageRun, r).loss];
  if (!any)
    return TRUE;

  guint n = part->names->len;
  if (merged->names == NULL)
    merged->names = g_ptr_array_ref (part->names);
  if (merged->names->len != n)
    {
      g_set_error (error, LB_ERROR, LB_ERROR_INVALID_INPUT, "Experiment %s was tested on %u "
                   "images, the others on %u: only runs tested on the same images can be "
                   "paired.", tag, n, merged->names->len);
      return FALSE;
    }
  g_autoptr (GHashTable) position = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < n; i++)
    g_hash_table_insert (position, g_ptr_array_index (merged->names, i), GUINT_TO_POINTER (i));
  g_autofree guint *to = g_new (guint, MAX (n, 1u));
  for (guint i = 0; i < n; i++)
    {
      const char *name = g_ptr_array_index (part->names, i);
      gpointer value;
      if (!g_hash_table_lookup_extended (position, name, NULL, &value))
        {
          g_set_error (error, LB_ERROR, LB_ERROR_INVALID_INPUT, "Experiment %s was tested on "
                       "“%s”, which the others were not: only runs tested on the same images "
                       "can be paired.", tag, name);
          return FALSE;
        }
      to[i] = GPOINTER_TO_UINT (value);
    }

  for (guint r = 0; r < part->runs->len; r++)
    {
      const LbPerImageRun *run = &g_array_index (part->runs, LbPerImageRun, r);
      if (keep_loss != NULL && !keep_loss[run->loss])
        continue;
      LbPerImageRun copy = { .loss = first_loss + run->loss, .seed = run->seed - seed_offset,
                             .collapsed = run->collapsed };
      copy.confusions = g_new (NnConfusion, MAX (n, 1u));
      copy.metrics = g_new (LbImageMetrics, MAX (n, 1u));
      for (guint i = 0; i < n; i++)
        {
          copy.confusions[to[i]] = run->confusions[i];
          copy.metrics[to[i]] = run->metrics[i];
        }
      g_array_append_val (merged->runs, copy);
    }
  return TRUE;
}

/* Runs without images keep a names array all the same, as lb_per_image_new_from_experiment's. */
static LbPerImage *
merged_finish (LbPerImage *merged)
{
  if (merged->names == NULL)
    merged->names = g_ptr_array_new_with_free_func (g_free);
  return merged;
}

LbPerImage *
lb_run_set_merge (LbPerImage *const *parts,
                  guint n_parts,
                  const char *const *tags,
                  const guint64 *seed_offsets,
                  GError **error)
{
  g_return_val_if_fail (parts != NULL && tags != NULL, NULL);

  g_autoptr (LbPerImage) merged = lb_per_image_new ();
  for (guint p = 0; p < n_parts; p++)
    if (!merge_into (merged, parts[p], tags[p], seed_offsets ? seed_offsets[p] : 0, NULL, error))
      return NULL;
  return merged_finish (g_steal_pointer (&merged));
}

/* ---- loading ---- */

/* The history of the run of LOSS and SEED, or an empty one when it cannot be read: a curve
 * missing is no reason to hide the results. */
static GArray *
history_of (LbExperiment *experiment, guint loss, guint64 seed)
{
  for (guint i = 0; i < lb_experiment_get_n_runs (experiment); i++)
    {
      LbRunInfo info;
      lb_experiment_get_run (experiment, i, &info);
      gboolean match = info.loss_index == loss && info.seed == seed;
      lb_run_info_clear (&info);
      if (!match)
        continue;
      GArray *history = lb_experiment_load_history (experiment, i, NULL);
      if (history != NULL)
        return history;
      break;
    }
  return g_array_new (FALSE, FALSE, sizeof (LbEpochRecord));
}

static gboolean
load_member (LbRunSet *set, guint index, const char *folder, GError **error)
{
  g_autoptr (GError) local = NULL;
  g_autoptr (LbExperiment) experiment = lb_experiment_open (folder, &local);
  g_autoptr (LbPerImage) results = experiment ? lb_per_image_new_from_experiment (experiment,
                                                                                  &local)
                                              : NULL;
  if (results == NULL)
    {
      g_autofree char *name = g_path_get_basename (folder);
      g_set_error (error, LB_ERROR, local->code, "Experiment “%s” cannot be shown: %s", name,
                   local->message);
      return FALSE;
    }

  Member m = { .tag = { (char) ('A' + index), '\0' }, .folder = g_strdup (folder),
               .entry = lb_stored_experiment_read (folder) };
  lb_experiment_config_copy (&m.config, lb_experiment_get_config (experiment));
  m.results = g_steal_pointer (&results);
  g_array_append_val (set->members, m);

  for (guint l = 0; l < m.results->losses->len; l++)
    {
      const LbPerImageLoss *loss = &g_array_index (m.results->losses, LbPerImageLoss, l);
      Group g = { .member = index, .loss = l };
      guint group = set->groups->len;
      for (guint r = 0; r < m.results->runs->len; r++)
        {
          const LbPerImageRun *run = &g_array_index (m.results->runs, LbPerImageRun, r);
          if (run->loss != l)
            continue;
          g.n_runs++;
          g_array_append_val (set->run_groups, group);
          g_ptr_array_add (set->histories, history_of (experiment, l, run->seed));
        }
      g_array_append_val (set->groups, g);
      g_ptr_array_add (set->labels, g_strdup_printf ("%s (%s)", loss->label, m.tag));
    }
  return TRUE;
}

LbRunSet *
lb_run_set_load (const char *const *folders, GError **error)
{
  g_return_val_if_fail (folders != NULL, NULL);

  guint n = g_strv_length ((char **) folders);
  if (n == 0 || n > LB_RUN_SET_MAX_EXPERIMENTS)
    {
      g_set_error (error, LB_ERROR, LB_ERROR_INVALID_INPUT, "Choose between 1 and %d "
                   "experiments to show side by side (%u were chosen).",
                   LB_RUN_SET_MAX_EXPERIMENTS, n);
      return NULL;
    }
  g_autoptr (LbRunSet) set = g_new0 (LbRunSet, 1);
  set->members = g_array_new (FALSE, TRUE, sizeof (Member));
  g_array_set_clear_func (set->members, member_clear);
  set->groups = g_array_new (FALSE, TRUE, sizeof (Group));
  set->labels = g_ptr_array_new_with_free_func (g_free);
  set->run_groups = g_array_new (FALSE, FALSE, sizeof (guint));
  set->histories = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  for (guint i = 0; i < n; i++)
    if (!load_member (set, i, folders[i], error))
      return NULL;
  g_ptr_array_add (set->labels, NULL);
  return g_steal_pointer (&set);
}

/* ---- what is in it ---- */

static const Member *
member (const LbRunSet *set, guint index)
{
  return &g_array_index (set->members, Member, index);
}

static const Group *
group (const LbRunSet *set, guint index)
{
  return &g_array_index (set->groups, Group, index);
}

guint
lb_run_set_get_n_experiments (const LbRunSet *set)
{
  return set->members->len;
}

const char *
lb_run_set_get_tag (const LbRunSet *set, guint experiment)
{
  g_return_val_if_fail (experiment < set->members->len, NULL);
  return member (set, experiment)->tag;
}

const char *
lb_run_set_get_folder (const LbRunSet *set, guint experiment)
{
  g_return_val_if_fail (experiment < set->members->len, NULL);
  return member (set, experiment)->folder;
}

const LbExperimentConfig *
lb_run_set_get_config (const LbRunSet *set, guint experiment)
{
  g_return_val_if_fail (experiment < set->members->len, NULL);
  return &member (set, experiment)->config;
}

const LbStoredExperiment *
lb_run_set_get_entry (const LbRunSet *set, guint experiment)
{
  g_return_val_if_fail (experiment < set->members->len, NULL);
  return member (set, experiment)->entry;
}

guint
lb_run_set_get_n_groups (const LbRunSet *set)
{
  return set->groups->len;
}

const char *
lb_run_set_get_group_label (const LbRunSet *set, guint index)
{
  g_return_val_if_fail (index < set->groups->len, NULL);
  return g_ptr_array_index (set->labels, index);
}

guint
lb_run_set_get_group_experiment (const LbRunSet *set, guint index)
{
  g_return_val_if_fail (index < set->groups->len, 0);
  return group (set, index)->member;
}

const NnLossConfig *
lb_run_set_get_group_loss (const LbRunSet *set, guint index)
{
  g_return_val_if_fail (index < set->groups->len, NULL);
  const Group *g = group (set, index);
  return &member (set, g->member)->config.losses[g->loss];
}

guint
lb_run_set_get_group_n_runs (const LbRunSet *set, guint index)
{
  g_return_val_if_fail (index < set->groups->len, 0);
  return group (set, index)->n_runs;
}

const char *const *
lb_run_set_get_labels (const LbRunSet *set)
{
  return (const char *const *) set->labels->pdata;
}

guint
lb_run_set_get_n_runs (const LbRunSet *set)
{
  return set->run_groups->len;
}

const guint *
lb_run_set_get_run_groups (const LbRunSet *set)
{
  return (const guint *) (const void *) set->run_groups->data;
}

GPtrArray *
lb_run_set_get_histories (const LbRunSet *set)
{
  return set->histories;
}

int
lb_run_set_get_max_epochs (const LbRunSet *set)
{
  int epochs = 0;
  for (guint m = 0; m < set->members->len; m++)
    epochs = MAX (epochs, member (set, m)->config.train.epochs);
  return epochs;
}

/* ---- comparing ---- */

/* Whether members A and B were tested on the same images: the same loaded data and the same
 * test names (in any order). */
static gboolean
same_test_images (const Member *a, const Member *b)
{
  if (a->config.content_sha256 == NULL || b->config.content_sha256 == NULL
      || strcmp (a->config.content_sha256, b->config.content_sha256) != 0)
    return FALSE;
  GPtrArray *x = a->results->names, *y = b->results->names;
  if (x->len != y->len)
    return FALSE;
  g_autoptr (GHashTable) names = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < x->len; i++)
    g_hash_table_add (names, g_ptr_array_index (x, i));
  for (guint i = 0; i < y->len; i++)
    if (!g_hash_table_contains (names, g_ptr_array_index (y, i)))
      return FALSE;
  return TRUE;
}

/* "seeds 1–3", "seed 4" */
static char *
seeds_phrase (const LbExperimentConfig *config)
{
  if (config->n_seeds == 1)
    return g_strdup_printf ("seed %" G_GUINT64_FORMAT, config->first_seed);
  return g_strdup_printf ("seeds %" G_GUINT64_FORMAT "–%" G_GUINT64_FORMAT, config->first_seed,
                          config->first_seed + config->n_seeds - 1);
}

/* "A and B", "A, B and C" */
static char *
join_tags (const LbRunSet *set, GArray *members)
{
  GString *text = g_string_new (NULL);
  for (guint i = 0; i < members->len; i++)
    {
      if (i > 0)
        g_string_append (text, i + 1 == members->len ? " and " : ", ");
      g_string_append (text, member (set, g_array_index (members, guint, i))->tag);
    }
  return g_string_free (text, FALSE);
}

/* How MEMBERS (those with a group in the comparison) can be compared, in a sentence, and the
 * seed offsets that match their seeds. */
static LbRunSetPairing
decide_pairing (const LbRunSet *set, GArray *members, guint64 *offsets, char **note)
{
  g_autofree char *tags = join_tags (set, members);
  const Member *first = members->len > 0 ? member (set, g_array_index (members, guint, 0)) : NULL;
  for (guint m = 0; m < set->members->len; m++)
    offsets[m] = 0;
  if (members->len < 2)
    {
      *note = g_strdup (first != NULL ? "These runs come from one experiment: paired by seed and "
                                        "image, as on its Compare page."
                                      : "No run is chosen.");
      return LB_RUN_SET_SINGLE;
    }

  for (guint i = 1; i < members->len; i++)
    {
      const Member *other = member (set, g_array_index (members, guint, i));
      if (!same_test_images (first, other))
        {
          const char *why = first->config.content_sha256 == NULL
                                || other->config.content_sha256 == NULL
                              ? "cannot be shown to have been tested on the same images"
                              : "were not tested on the same images";
          *note = g_strdup_printf ("Not paired: %s and %s %s (%s: %u test images of %s; %s: "
                                   "%u of %s). Each loss's interval stands alone, and no "
                                   "difference between the experiments is tested.", first->tag,
                                   other->tag, why, first->tag, first->results->names->len,
                                   first->entry->dataset ? first->entry->dataset : "its data",
                                   other->tag, other->results->names->len,
                                   other->entry->dataset ? other->entry->dataset : "its data");
          return LB_RUN_SET_UNPAIRED;
        }
    }

  gboolean same_seeds = TRUE;
  for (guint i = 1; i < members->len; i++)
    same_seeds &= member (set, g_array_index (members, guint, i))->config.first_seed
                  == first->config.first_seed;
  guint n_images = first->results->names->len;
  if (same_seeds)
    {
      g_autofree char *seeds = seeds_phrase (&first->config);
      *note = g_strdup_printf ("Paired by seed and image: %s were tested on the same %u images, "
                               "and runs of the same seed are compared with each other (%s).",
                               tags, n_images, seeds);
      return LB_RUN_SET_PAIRED;
    }
  GString *seeds = g_string_new (NULL);
  for (guint i = 0; i < members->len; i++)
    {
      guint index = g_array_index (members, guint, i);
      const Member *m = member (set, index);
      g_autofree char *phrase = seeds_phrase (&m->config);
      /* The k-th seed of every member becomes seed k. */
      offsets[index] = m->config.first_seed - 1;
      g_string_append_printf (seeds, "%s%s %s", i > 0 ? ", " : "", m->tag, phrase);
    }
  *note = g_strdup_printf ("Paired by image: %s were tested on the same %u images, but with "
                           "other seeds (%s). Their seeds are matched in order, the first of "
                           "each with the first of the others, and seed-to-seed noise counts "
                           "in full.",
                           tags, n_images, seeds->str);
  g_string_free (seeds, TRUE);
  return LB_RUN_SET_PAIRED_BY_IMAGE;
}

/* Every group as a loss, with the runs of the groups KEEP names, seeds less OFFSETS. */
static LbPerImage *
build (const LbRunSet *set, const gboolean *keep, const guint64 *offsets, GError **error)
{
  g_autoptr (LbPerImage) merged = lb_per_image_new ();
  guint first_group = 0;
  for (guint m = 0; m < set->members->len; m++)
    {
      const Member *part = member (set, m);
      if (!merge_into (merged, part->results, part->tag, offsets[m], keep + first_group, error))
        return NULL;
      first_group += part->results->losses->len;
    }
  return merged_finish (g_steal_pointer (&merged));
}

/* Each member's groups summarised on its own images; the summaries side by side, untested. */
static LbExperimentSummary *
summarize_apart (const LbRunSet *set, const gboolean *keep, GArray *members, LbMetric metric,
                 GError **error)
{
  g_autoptr (LbExperimentSummary) all = g_new0 (LbExperimentSummary, 1);
  all->losses = g_array_new (FALSE, TRUE, sizeof (LbLossSummary));
  all->pairs = g_array_new (FALSE, TRUE, sizeof (LbPairComparison));
  all->ranking = g_array_new (FALSE, FALSE, sizeof (guint));
  all->metric = metric;
  all->design = (LbComparisonDesign) {
    .alpha = 0.05, .components = { NAN, NAN, NAN }, .detectable_difference = NAN,
    .detectable_one_pair = NAN, .detectable_floor = NAN, .seeds_for_largest = -1,
  };
  for (int m = 0; m < LB_METRIC_COUNT; m++)
    all->available[m] = TRUE;

  guint64 offsets[LB_RUN_SET_MAX_EXPERIMENTS] = { 0 };
  g_autofree gboolean *own = g_new (gboolean, MAX (set->groups->len, 1u));
  for (guint i = 0; i < members->len; i++)
    {
      guint index = g_array_index (members, guint, i);
      for (guint g = 0; g < set->groups->len; g++)
        own[g] = keep[g] && group (set, g)->member == index;
      g_autoptr (LbPerImage) part = build (set, own, offsets, error);
      g_autoptr (LbExperimentSummary) summary = part ? lb_per_image_summarize_by (part, metric,
                                                                                  error)
                                                     : NULL;
      if (summary == NULL)
        return NULL;
      g_array_append_vals (all->losses, summary->losses->data, summary->losses->len);
      for (int m = 0; m < LB_METRIC_COUNT; m++)
        all->available[m] &= summary->available[m];
    }
  lb_experiment_summary_rank (all);
  return g_steal_pointer (&all);
}

LbRunSetComparison *
lb_run_set_compare (const LbRunSet *set,
                    const gboolean *included,
                    LbMetric metric,
                    GError **error)
{
  g_return_val_if_fail (set != NULL, NULL);
  g_return_val_if_fail ((unsigned) metric < LB_METRIC_COUNT, NULL);

  /* The groups in the comparison, and the members they come from. */
  g_autofree gboolean *keep = g_new0 (gboolean, MAX (set->groups->len, 1u));
  g_autoptr (GArray) members = g_array_new (FALSE, FALSE, sizeof (guint));
  for (guint g = 0; g < set->groups->len; g++)
    {
      keep[g] = (included == NULL || included[g]) && group (set, g)->n_runs > 0;
      guint m = group (set, g)->member;
      if (keep[g] && (members->len == 0 || g_array_index (members, guint, members->len - 1) != m))
        g_array_append_val (members, m);
    }

  g_autoptr (LbRunSetComparison) comparison = g_new0 (LbRunSetComparison, 1);
  guint64 offsets[LB_RUN_SET_MAX_EXPERIMENTS];
  comparison->pairing = decide_pairing (set, members, offsets, &comparison->pairing_note);
  if (comparison->pairing == LB_RUN_SET_UNPAIRED)
    comparison->summary = summarize_apart (set, keep, members, metric, error);
  else
    {
      g_autoptr (LbPerImage) merged = build (set, keep, offsets, error);
      comparison->summary = merged ? lb_per_image_summarize_by (merged, metric, error) : NULL;
    }
  if (comparison->summary == NULL)
    return NULL;
  return g_steal_pointer (&comparison);
}
