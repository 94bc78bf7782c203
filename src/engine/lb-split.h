/* lb-split.h — a seeded train/validation/test split, saved as text so that runs share it.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "lb-dataset.h"

G_BEGIN_DECLS

typedef enum
{
  LB_SUBSET_TRAIN,
  LB_SUBSET_VAL,
  LB_SUBSET_TEST,
  LB_SUBSET_NONE = -1, /* a name the split does not hold */
} LbSubset;

/* "train", "val", "test" — the words of the split file. */
const char *lb_subset_to_string (LbSubset subset);
gboolean lb_subset_from_string (const char *word,
                                LbSubset   *subset);

#define LB_TYPE_SPLIT (lb_split_get_type ())
G_DECLARE_FINAL_TYPE (LbSplit, lb_split, LB, SPLIT, GObject)

/* Splits @n names at random, reproducibly: the same names (in any order), fractions, seed and
 * stratification give the same split on every machine. Fractions are ≥ 0 and sum to 1
 * (0.8/0.1/0.1 in the poster). With @stratify, each source (@sources[i] labels @names[i]) is
 * split on its own, so every subset keeps the sources' proportions (to rounding within each
 * source); without it, @sources may be NULL. Validation and test counts are rounded to the
 * nearest whole pair; training takes the rest. */
LbSplit *lb_split_new_seeded (const char *const  *names,
                              const char *const  *sources,
                              guint               n,
                              double              train,
                              double              val,
                              double              test,
                              guint64             seed,
                              gboolean            stratify,
                              GError            **error);

/* A source held out: every pair of TEST_SOURCE (@sources[i] labels @names[i]) is the test
 * set — an external test, another hospital's images — and the other sources' pairs are split
 * into training and validation as lb_split_new_seeded does (stratified by source), in the
 * proportion TRAIN : VAL. Fails with a sentence when no pair comes from TEST_SOURCE (naming the
 * sources there are) or when it is the only source. */
LbSplit *lb_split_new_holding_out (const char *const  *names,
                                   const char *const  *sources,
                                   guint               n,
                                   const char         *test_source,
                                   double              train,
                                   double              val,
                                   guint64             seed,
                                   GError            **error);
/* The source a held-out split tests on; NULL for a random split. */
const char *lb_split_get_held_out (LbSplit *self);

/* The same over a dataset's pairs and their source labels. */
LbSplit *lb_split_new_for_dataset (LbDataset  *dataset,
                                   double      train,
                                   double      val,
                                   double      test,
                                   guint64     seed,
                                   gboolean    stratify,
                                   GError    **error);

/* The file: a comment line ("# lossbench split …" with seed and fractions), then one
 * `name<TAB>subset` line per pair, sorted by name. Written atomically. */
gboolean lb_split_save (LbSplit     *self,
                        const char  *path,
                        GError     **error);
LbSplit *lb_split_load (const char  *path,
                        GError     **error);

guint lb_split_get_n_names (LbSplit *self);
const char *lb_split_get_name (LbSplit *self,
                               guint    index);
LbSubset lb_split_get_subset (LbSplit *self,
                              guint    index);
LbSubset lb_split_lookup (LbSplit    *self,
                          const char *name);
guint lb_split_count (LbSplit  *self,
                      LbSubset  subset);
/* The seed it was made with (0 for a loaded file that did not say). */
guint64 lb_split_get_seed (LbSplit *self);

/* Indices into @dataset of the pairs in @subset, ascending; @n_out receives the count. Fails
 * (LB_ERROR_INVALID_INPUT) if the split names a pair the dataset does not have, or the dataset
 * has a pair the split does not name: runs compared on different data are not comparable. */
guint *lb_split_get_dataset_indices (LbSplit    *self,
                                     LbDataset  *dataset,
                                     LbSubset    subset,
                                     guint      *n_out,
                                     GError    **error);

G_END_DECLS
