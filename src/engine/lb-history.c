/* lb-history.c — a run's per-epoch history as a CSV file (one row per epoch).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "lb-history.h"

#include <math.h>

#include "lb-csv.h"
#include "lb-error.h"

enum
{
  N_FIXED_BEFORE = 3,  /* epoch, train_loss, val_loss */
  N_OLD_COLUMNS = N_FIXED_BEFORE + 2 * NN_METRIC_COUNT + 4,  /* up to "collapsed" */
  N_COLUMNS = N_OLD_COLUMNS + 3,                            /* val_hd95, val_missed, val_hd95_mm */
};

static GPtrArray *
column_names (void)
{
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (names, g_strdup ("epoch"));
  g_ptr_array_add (names, g_strdup ("train_loss"));
  g_ptr_array_add (names, g_strdup ("val_loss"));
  for (int k = 0; k < NN_METRIC_COUNT; k++)
    g_ptr_array_add (names, g_strconcat ("train_", nn_metric_to_string (k), NULL));
  for (int k = 0; k < NN_METRIC_COUNT; k++)
    g_ptr_array_add (names, g_strconcat ("val_", nn_metric_to_string (k), NULL));
  g_ptr_array_add (names, g_strdup ("learning_rate"));
  g_ptr_array_add (names, g_strdup ("seconds"));
  g_ptr_array_add (names, g_strdup ("best"));
  g_ptr_array_add (names, g_strdup ("collapsed"));
  g_ptr_array_add (names, g_strdup ("val_hd95"));
  g_ptr_array_add (names, g_strdup ("val_missed"));
  g_ptr_array_add (names, g_strdup ("val_hd95_mm"));
  g_ptr_array_add (names, NULL);
  return names;
}

gboolean
lb_history_save (const char *path, const LbEpochRecord *records, guint n_records, GError **error)
{
  g_autoptr (GPtrArray) names = column_names ();
  g_autoptr (LbCsv) csv = lb_csv_new ((const char *const *) names->pdata);
  for (guint i = 0; i < n_records; i++)
    {
      const LbEpochRecord *r = &records[i];
      lb_csv_add_int (csv, r->epoch);
      lb_csv_add_double (csv, r->train_loss, 9);
      lb_csv_add_double (csv, r->val_loss, 9);
      for (int k = 0; k < NN_METRIC_COUNT; k++)
        lb_csv_add_double (csv, r->train.value[k], 9);
      for (int k = 0; k < NN_METRIC_COUNT; k++)
        lb_csv_add_double (csv, r->val.value[k], 9);
      lb_csv_add_double (csv, r->learning_rate, 9);
      lb_csv_add_double (csv, r->seconds, 4);
      lb_csv_add_int (csv, r->best ? 1 : 0);
      lb_csv_add_int (csv, r->collapsed ? 1 : 0);
      lb_csv_add_double (csv, r->val_hd95, 9);
      if (r->val_missed >= 0)
        lb_csv_add_int (csv, r->val_missed);
      else
        lb_csv_add_string (csv, "");
      lb_csv_add_double (csv, r->val_hd95_mm, 9);
      lb_csv_end_row (csv);
    }
  return lb_csv_save (csv, path, error);
}

GArray *
lb_history_load (const char *path, GError **error)
{
  GArray *records = g_array_new (FALSE, TRUE, sizeof (LbEpochRecord));
  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    return records;

  g_autoptr (GPtrArray) rows = lb_csv_load (path, error);
  if (rows == NULL)
    {
      g_array_unref (records);
      return NULL;
    }
  g_autoptr (GPtrArray) names = column_names ();
  /* Histories of earlier versions end at "collapsed". */
  guint n_columns = rows->len > 0
                        && g_strv_length (g_ptr_array_index (rows, 0)) == N_OLD_COLUMNS
                      ? N_OLD_COLUMNS
                      : N_COLUMNS;
  for (guint r = 0; r < rows->len; r++)
    {
      char **row = g_ptr_array_index (rows, r);
      gboolean ok = g_strv_length (row) == n_columns;
      if (ok && r == 0)
        for (guint c = 0; c < n_columns && ok; c++)
          ok = g_strcmp0 (row[c], g_ptr_array_index (names, c)) == 0;
      if (!ok)
        {
          g_set_error (error, LB_ERROR, LB_ERROR_CORRUPT,
                       "“%s” is not a Lossbench history (line %u does not have its %d columns). "
                       "Delete the run folder to train it again.", path, r + 1, (int) n_columns);
          g_array_unref (records);
          return NULL;
        }
      if (r == 0)
        continue;

      LbEpochRecord record = { 0 };
      int c = 0;
      record.epoch = atoi (row[c++]);
      record.train_loss = g_ascii_strtod (row[c++], NULL);
      record.val_loss = g_ascii_strtod (row[c++], NULL);
      for (int k = 0; k < NN_METRIC_COUNT; k++)
        record.train.value[k] = g_ascii_strtod (row[c++], NULL);
      for (int k = 0; k < NN_METRIC_COUNT; k++)
        record.val.value[k] = g_ascii_strtod (row[c++], NULL);
      record.learning_rate = g_ascii_strtod (row[c++], NULL);
      record.seconds = g_ascii_strtod (row[c++], NULL);
      record.best = atoi (row[c++]) != 0;
      record.collapsed = atoi (row[c++]) != 0;
      record.val_hd95 = record.val_hd95_mm = NAN;
      record.val_missed = -1;
      if (n_columns == N_COLUMNS)
        {
          record.val_hd95 = *row[c] ? g_ascii_strtod (row[c], NULL) : NAN;
          c++;
          record.val_missed = *row[c] ? atoi (row[c]) : -1;
          c++;
          record.val_hd95_mm = *row[c] ? g_ascii_strtod (row[c], NULL) : NAN;
        }
      g_array_append_val (records, record);
    }
  return records;
}
