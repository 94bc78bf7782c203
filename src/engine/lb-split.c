/* lb-split.c — a seeded train/validation/test split, saved as text so that runs share it.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "lb-split.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "lb-error.h"
#include "lb-file.h"
#include "lb-rng.h"

struct _LbSplit
{
  GObject parent_instance;
  GPtrArray *names;      /* char*, sorted */
  GArray *subsets;       /* LbSubset, parallel to names */
  GHashTable *by_name;   /* name → index + 1 */
  guint64 seed;
  double fractions[3];
  gboolean stratified;
  char *held_out;        /* the test set's source, for a held-out split */
};

G_DEFINE_FINAL_TYPE (LbSplit, lb_split, G_TYPE_OBJECT)

static void
lb_split_finalize (GObject *object)
{
  LbSplit *self = LB_SPLIT (object);
  g_clear_pointer (&self->by_name, g_hash_table_unref);
  g_clear_pointer (&self->names, g_ptr_array_unref);
  g_clear_pointer (&self->subsets, g_array_unref);
  g_free (self->held_out);
  G_OBJECT_CLASS (lb_split_parent_class)->finalize (object);
}

static void
lb_split_class_init (LbSplitClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = lb_split_finalize;
}

static void
lb_split_init (LbSplit *self)
{
  self->names = g_ptr_array_new_with_free_func (g_free);
  self->subsets = g_array_new (FALSE, FALSE, sizeof (LbSubset));
  self->by_name = g_hash_table_new (g_str_hash, g_str_equal);
}

const char *
lb_subset_to_string (LbSubset subset)
{
  switch (subset)
    {
    case LB_SUBSET_TRAIN:
      return "train";
    case LB_SUBSET_VAL:
      return "val";
    case LB_SUBSET_TEST:
      return "test";
    case LB_SUBSET_NONE:
    default:
      return "none";
    }
}

gboolean
lb_subset_from_string (const char *word,
                       LbSubset   *subset)
{
  static const LbSubset all[] = { LB_SUBSET_TRAIN, LB_SUBSET_VAL, LB_SUBSET_TEST };
  for (gsize i = 0; i < G_N_ELEMENTS (all); i++)
    if (g_strcmp0 (word, lb_subset_to_string (all[i])) == 0)
      {
        *subset = all[i];
        return TRUE;
      }
  return FALSE;
}

/* Adds one name; FALSE if it is there already. */
static gboolean
split_add (LbSplit *self, const char *name, LbSubset subset)
{
  if (g_hash_table_contains (self->by_name, name))
    return FALSE;
  char *copy = g_strdup (name);
  g_ptr_array_add (self->names, copy);
  g_array_append_val (self->subsets, subset);
  g_hash_table_insert (self->by_name, copy, GUINT_TO_POINTER (self->names->len));
  return TRUE;
}

static int
compare_indexed_names (gconstpointer a, gconstpointer b, gpointer data)
{
  const char *const *names = data;
  return strcmp (names[*(const guint *) a], names[*(const guint *) b]);
}

static int
compare_string_ptrs (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

LbSplit *
lb_split_new_seeded (const char *const  *names,
                     const char *const  *sources,
                     guint               n,
                     double              train,
                     double              val,
                     double              test,
                     guint64             seed,
                     gboolean            stratify,
                     GError            **error)
{
  g_return_val_if_fail (names != NULL || n == 0, NULL);
  g_return_val_if_fail (!stratify || sources != NULL, NULL);

  if (train < 0 || val < 0 || test < 0 || fabs (train + val + test - 1.0) > 1e-6)
    {
      g_set_error (error, LB_ERROR, LB_ERROR_INVALID_INPUT,
                   "The split fractions %.3g / %.3g / %.3g must not be negative and must add "
                   "up to 1 (for example 0.8 / 0.1 / 0.1).", train, val, test);
      return NULL;
    }
  if (n == 0)
    {
      g_set_error (error, LB_ERROR, LB_ERROR_EMPTY, "There is nothing to split: no pairs.");
      return NULL;
    }

  /* Sorting first makes the split independent of the order the names arrive in. */
  g_autofree guint *order = g_new (guint, n);
  for (guint i = 0; i < n; i++)
    order[i] = i;
  g_qsort_with_data (order, (gint) n, sizeof (guint), compare_indexed_names, (gpointer) names);
  for (guint i = 1; i < n; i++)
    if (strcmp (names[order[i - 1]], names[order[i]]) == 0)
      {
        g_set_error (error, LB_ERROR, LB_ERROR_INVALID_INPUT,
                     "The name “%s” appears twice; a split needs unique names.",
                     names[order[i]]);
        return NULL;
      }

  /* Strata: one per source (sorted by name), or a single one. */
  g_autoptr(GPtrArray) strata_names = g_ptr_array_new ();
  g_autoptr(GHashTable) stratum_of = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree guint *stratum = g_new0 (guint, n);
  if (stratify)
    {
      for (guint i = 0; i < n; i++)
        {
          const char *source = sources[i] != NULL ? sources[i] : "";
          if (!g_hash_table_contains (stratum_of, source))
            {
              g_hash_table_insert (stratum_of, (gpointer) source, NULL);
              g_ptr_array_add (strata_names, (gpointer) source);
            }
        }
      g_ptr_array_sort (strata_names, compare_string_ptrs);
      for (guint s = 0; s < strata_names->len; s++)
        g_hash_table_insert (stratum_of, g_ptr_array_index (strata_names, s),
                             GUINT_TO_POINTER (s));
      for (guint i = 0; i < n; i++)
        stratum[i] = GPOINTER_TO_UINT (g_hash_table_lookup (stratum_of,
                                                            sources[i] != NULL ? sources[i] : ""));
    }
  else
    g_ptr_array_add (strata_names, (gpointer) "");

  g_autoptr(LbSplit) self = g_object_new (LB_TYPE_SPLIT, NULL);
  self->seed = seed;
  self->fractions[0] = train;
  self->fractions[1] = val;
  self->fractions[2] = test;
  self->stratified = stratify;
  g_autofree LbSubset *assigned = g_new (LbSubset, n);
  g_autofree guint *members = g_new (guint, n);
  for (guint s = 0; s < strata_names->len; s++)
    {
      guint m = 0;
      for (guint k = 0; k < n; k++)
        if (stratum[order[k]] == s)
          members[m++] = order[k];
      /* Fisher–Yates with our own generator, one stream per stratum. */
      LbRng rng;
      lb_rng_init (&rng, seed, s + 1);
      for (guint k = m; k > 1; k--)
        {
          guint j = lb_rng_below (&rng, k);
          guint t = members[k - 1];
          members[k - 1] = members[j];
          members[j] = t;
        }
      guint n_test = (guint) floor (m * test + 0.5);
      guint n_val = (guint) floor (m * val + 0.5);
      if (n_test + n_val > m)
        n_val = m - n_test;
      for (guint k = 0; k < m; k++)
        assigned[members[k]] = k < n_test ? LB_SUBSET_TEST
                               : k < n_test + n_val ? LB_SUBSET_VAL
                                                    : LB_SUBSET_TRAIN;
    }
  for (guint k = 0; k < n; k++)
    split_add (self, names[order[k]], assigned[order[k]]);
  return g_steal_pointer (&self);
}

/* Names sorted with their subsets, for a split made of parts. */
typedef struct
{
  const char *name;
  LbSubset subset;
} Assignment;

static gint
compare_assignments (gconstpointer a, gconstpointer b)
{
  return strcmp (((const Assignment *) a)->name, ((const Assignment *) b)->name);
}

LbSplit *
lb_split_new_holding_out (const char *const  *names,
                          const char *const  *sources,
                          guint               n,
                          const char         *test_source,
                          double              train,
                          double              val,
                          guint64             seed,
                          GError            **error)
{
  g_return_val_if_fail (names != NULL && sources != NULL && test_source != NULL, NULL);

  g_autoptr (GPtrArray) rest_names = g_ptr_array_new ();
  g_autoptr (GPtrArray) rest_sources = g_ptr_array_new ();
  g_autoptr (GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr (GArray) assigned = g_array_new (FALSE, FALSE, sizeof (Assignment));
  guint held = 0;

  for (guint i = 0; i < n; i++)
    {
      const char *source = sources[i] != NULL ? sources[i] : "";

      g_hash_table_add (seen, (gpointer) source);
      if (strcmp (source, test_source) == 0)
        {
          Assignment a = { names[i], LB_SUBSET_TEST };

          g_array_append_val (assigned, a);
          held++;
        }
      else
        {
          g_ptr_array_add (rest_names, (gpointer) names[i]);
          g_ptr_array_add (rest_sources, (gpointer) source);
        }
    }
  if (held == 0 || rest_names->len == 0)
    {
      g_autofree const char **known = (const char **) g_hash_table_get_keys_as_array (seen, NULL);
      g_autofree char *list = NULL;

      qsort (known, g_hash_table_size (seen), sizeof (char *), compare_string_ptrs);
      list = g_strjoinv (", ", (char **) known);
      g_set_error (error, LB_ERROR, LB_ERROR_INVALID_INPUT, held == 0
                   ? "No pair comes from the source “%s”: the sources here are %s. Hold out "
                     "one of those."
                   : "Every pair comes from “%s”: holding it out leaves nothing to train on. "
                     "Add another source's folder (the sources here: %s).",
                   test_source, list);
      return NULL;
    }
  if (!(train > 0 && val > 0))
    {
      g_set_error (error, LB_ERROR, LB_ERROR_INVALID_INPUT,
                   "The training and validation fractions must be positive.");
      return NULL;
    }

  g_autoptr (LbSplit) rest = lb_split_new_seeded ((const char *const *) rest_names->pdata,
                                                  (const char *const *) rest_sources->pdata,
                                                  rest_names->len, train / (train + val),
                                                  val / (train + val), 0, seed, TRUE, error);
  if (rest == NULL)
    return NULL;
  for (guint i = 0; i < rest->names->len; i++)
    {
      Assignment a = { g_ptr_array_index (rest->names, i),
                       g_array_index (rest->subsets, LbSubset, i) };

      g_array_append_val (assigned, a);
    }
  g_array_sort (assigned, compare_assignments);

  g_autoptr (LbSplit) self = g_object_new (LB_TYPE_SPLIT, NULL);
  self->seed = seed;
  self->fractions[0] = train / (train + val);
  self->fractions[1] = val / (train + val);
  self->fractions[2] = 0;
  self->stratified = TRUE;
  self->held_out = g_strdup (test_source);
  for (guint i = 0; i < assigned->len; i++)
    if (!split_add (self, g_array_index (assigned, Assignment, i).name,
                    g_array_index (assigned, Assignment, i).subset))
      {
        g_set_error (error, LB_ERROR, LB_ERROR_INVALID_INPUT,
                     "The name “%s” appears twice; a split needs unique names.",
                     g_array_index (assigned, Assignment, i).name);
        return NULL;
      }
  return g_steal_pointer (&self);
}

const char *
lb_split_get_held_out (LbSplit *self)
{
  g_return_val_if_fail (LB_IS_SPLIT (self), NULL);
  return self->held_out;
}

LbSplit *
lb_split_new_for_dataset (LbDataset  *dataset,
                          double      train,
                          double      val,
                          double      test,
                          guint64     seed,
                          gboolean    stratify,
                          GError    **error)
{
  g_return_val_if_fail (LB_IS_DATASET (dataset), NULL);
  return lb_split_new_seeded (lb_dataset_get_names (dataset), lb_dataset_get_sources (dataset),
                              lb_dataset_get_n_pairs (dataset), train, val, test, seed,
                              stratify, error);
}

gboolean
lb_split_save (LbSplit     *self,
               const char  *path,
               GError     **error)
{
  g_return_val_if_fail (LB_IS_SPLIT (self) && path != NULL, FALSE);
  g_autoptr(GString) text = g_string_new (NULL);
  char buf[3][G_ASCII_DTOSTR_BUF_SIZE];
  /* g_ascii_formatd: a "." decimal point whatever the locale; six digits say 0.8, where
   * seventeen (g_ascii_dtostr) said 0.80000000000000004 */
  g_string_append_printf (text, "# lossbench split v1 seed=%" G_GUINT64_FORMAT
                          " fractions=%s/%s/%s stratified=%s\n", self->seed,
                          g_ascii_formatd (buf[0], sizeof buf[0], "%.6g", self->fractions[0]),
                          g_ascii_formatd (buf[1], sizeof buf[1], "%.6g", self->fractions[1]),
                          g_ascii_formatd (buf[2], sizeof buf[2], "%.6g", self->fractions[2]),
                          self->stratified ? "yes" : "no");
  if (self->held_out != NULL)
    {
      /* On the comment line, before its newline. */
      g_string_truncate (text, text->len - 1);
      g_string_append_printf (text, " held-out=%s\n", self->held_out);
    }
  for (guint i = 0; i < self->names->len; i++)
    g_string_append_printf (text, "%s\t%s\n", (const char *) g_ptr_array_index (self->names, i),
                            lb_subset_to_string (g_array_index (self->subsets, LbSubset, i)));
  return lb_file_write_atomic (path, text->str, text->len, error);
}

LbSplit *
lb_split_load (const char  *path,
               GError     **error)
{
  g_return_val_if_fail (path != NULL, NULL);
  g_autofree char *display = g_filename_display_name (path);
  g_autofree char *contents = NULL;
  g_autoptr(GError) local_error = NULL;
  if (!g_file_get_contents (path, &contents, NULL, &local_error))
    {
      g_set_error (error, LB_ERROR,
                   g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT)
                     ? LB_ERROR_NOT_FOUND
                   : g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_ACCES)
                     ? LB_ERROR_PERMISSION : LB_ERROR_FAILED,
                   "The split file cannot be read: %s.", local_error->message);
      return NULL;
    }
  g_autoptr(LbSplit) self = g_object_new (LB_TYPE_SPLIT, NULL);
  g_auto(GStrv) lines = g_strsplit (contents, "\n", -1);
  for (guint l = 0; lines[l] != NULL; l++)
    {
      char *line = g_strchomp (lines[l]); /* also drops a Windows \r */
      if (line[0] == '\0')
        continue;
      if (line[0] == '#')
        {
          const char *seed = strstr (line, "seed=");
          const char *held_out = strstr (line, " held-out=");
          if (seed != NULL)
            self->seed = g_ascii_strtoull (seed + 5, NULL, 10);
          if (held_out != NULL && self->held_out == NULL)
            self->held_out = g_strdup (held_out + strlen (" held-out="));
          continue;
        }
      char *tab = strchr (line, '\t');
      LbSubset subset;
      if (tab == NULL || tab == line || !lb_subset_from_string (tab + 1, &subset))
        {
          g_set_error (error, LB_ERROR, LB_ERROR_CORRUPT,
                       "%s, line %u: expected “name<TAB>train|val|test”, found “%s”.",
                       display, l + 1, line);
          return NULL;
        }
      *tab = '\0';
      if (!split_add (self, line, subset))
        {
          g_set_error (error, LB_ERROR, LB_ERROR_CORRUPT,
                       "%s, line %u: “%s” is listed twice.", display, l + 1, line);
          return NULL;
        }
    }
  if (self->names->len == 0)
    {
      g_set_error (error, LB_ERROR, LB_ERROR_EMPTY, "%s lists no pairs.", display);
      return NULL;
    }
  return g_steal_pointer (&self);
}

guint
lb_split_get_n_names (LbSplit *self)
{
  g_return_val_if_fail (LB_IS_SPLIT (self), 0);
  return self->names->len;
}

const char *
lb_split_get_name (LbSplit *self,
                   guint    index)
{
  g_return_val_if_fail (LB_IS_SPLIT (self) && index < self->names->len, NULL);
  return g_ptr_array_index (self->names, index);
}

LbSubset
lb_split_get_subset (LbSplit *self,
                     guint    index)
{
  g_return_val_if_fail (LB_IS_SPLIT (self) && index < self->names->len, LB_SUBSET_NONE);
  return g_array_index (self->subsets, LbSubset, index);
}

LbSubset
lb_split_lookup (LbSplit    *self,
                 const char *name)
{
  g_return_val_if_fail (LB_IS_SPLIT (self) && name != NULL, LB_SUBSET_NONE);
  guint i = GPOINTER_TO_UINT (g_hash_table_lookup (self->by_name, name));
  return i == 0 ? LB_SUBSET_NONE : g_array_index (self->subsets, LbSubset, i - 1);
}

guint
lb_split_count (LbSplit  *self,
                LbSubset  subset)
{
  g_return_val_if_fail (LB_IS_SPLIT (self), 0);
  guint count = 0;
  for (guint i = 0; i < self->subsets->len; i++)
    count += g_array_index (self->subsets, LbSubset, i) == subset;
  return count;
}

guint64
lb_split_get_seed (LbSplit *self)
{
  g_return_val_if_fail (LB_IS_SPLIT (self), 0);
  return self->seed;
}

guint *
lb_split_get_dataset_indices (LbSplit    *self,
                              LbDataset  *dataset,
                              LbSubset    subset,
                              guint      *n_out,
                              GError    **error)
{
  g_return_val_if_fail (LB_IS_SPLIT (self) && LB_IS_DATASET (dataset) && n_out != NULL, NULL);
  guint n = lb_dataset_get_n_pairs (dataset);
  for (guint i = 0; i < self->names->len; i++)
    {
      const char *name = g_ptr_array_index (self->names, i);
      if (lb_dataset_find (dataset, name) < 0)
        {
          g_set_error (error, LB_ERROR, LB_ERROR_INVALID_INPUT,
                       "The split names “%s”, which this dataset does not have: the split was "
                       "made for other data. Make a new split for this dataset.", name);
          return NULL;
        }
    }
  GArray *indices = g_array_new (FALSE, FALSE, sizeof (guint));
  for (guint i = 0; i < n; i++)
    {
      LbSubset s = lb_split_lookup (self, lb_dataset_get_name (dataset, i));
      if (s == LB_SUBSET_NONE)
        {
          g_set_error (error, LB_ERROR, LB_ERROR_INVALID_INPUT,
                       "The dataset has a pair “%s” that the split does not name: the split "
                       "was made for other data. Make a new split for this dataset.",
                       lb_dataset_get_name (dataset, i));
          g_array_free (indices, TRUE);
          return NULL;
        }
      if (s == subset)
        g_array_append_val (indices, i);
    }
  *n_out = indices->len;
  return (guint *) g_array_free (indices, FALSE);
}
