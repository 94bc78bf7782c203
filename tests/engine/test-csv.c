/* test-csv.c — RFC 4180 quoting, round trips, locale independence and atomic saving.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <glib/gstdio.h>
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lb-csv.h"
#include "lb-error.h"

static void
test_quoting_round_trip (void)
{
  const char *header[] = { "name", "note", "iou", NULL };
  g_autoptr (LbCsv) csv = lb_csv_new (header);
  const char *awkward[] = { "plain", "with, comma", "say \"hi\"", "two\nlines", "", NULL };
  for (int i = 0; awkward[i]; i++)
    {
      lb_csv_add_string (csv, awkward[i]);
      lb_csv_add_string (csv, awkward[4 - i]);
      lb_csv_add_double (csv, 0.125 * i, 6);
      lb_csv_end_row (csv);
    }
  g_assert_cmpint (lb_csv_get_n_rows (csv), ==, 5);
  g_assert_true (g_str_has_prefix (lb_csv_get_text (csv), "name,note,iou\r\nplain,,0\r\n"));
  g_assert_nonnull (strstr (lb_csv_get_text (csv), "\"say \"\"hi\"\"\""));

  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) rows = lb_csv_parse (lb_csv_get_text (csv), -1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (rows->len, ==, 6);
  for (int i = 0; awkward[i]; i++)
    {
      char **row = g_ptr_array_index (rows, i + 1);
      g_assert_cmpint (g_strv_length (row), ==, 3);
      g_assert_cmpstr (row[0], ==, awkward[i]);
      g_assert_cmpstr (row[1], ==, awkward[4 - i]);
      g_assert_cmpfloat (g_ascii_strtod (row[2], NULL), ==, 0.125 * i);
    }
}

static void
test_numbers (void)
{
  const char *header[] = { "x", NULL };
  g_autoptr (LbCsv) csv = lb_csv_new (header);
  const double values[] = { 0.1, 1.0 / 3.0, 1e-7, NAN, INFINITY, -2.5 };
  for (gsize i = 0; i < G_N_ELEMENTS (values); i++)
    {
      lb_csv_add_double (csv, values[i], 17);
      lb_csv_end_row (csv);
    }
  g_autoptr (GPtrArray) rows = lb_csv_parse (lb_csv_get_text (csv), -1, NULL);
  for (gsize i = 0; i < G_N_ELEMENTS (values); i++)
    {
      const char *field = ((char **) g_ptr_array_index (rows, i + 1))[0];
      if (isnan (values[i]))
        g_assert_cmpstr (field, ==, "");
      else
        g_assert_cmpfloat (g_ascii_strtod (field, NULL), ==, values[i]);
    }
}

/* Under a locale whose decimal separator is ',' the file must still say 0.5. The locale is
 * compiled into a temporary folder, so the test needs no system-wide locale set-up. */
static void
test_comma_locale (void)
{
  g_autofree char *localedef = g_find_program_in_path ("localedef");
  if (localedef == NULL || !g_file_test ("/usr/share/i18n/locales/de_DE", G_FILE_TEST_EXISTS))
    {
      g_test_skip ("localedef or the de_DE locale source is missing (Debian package locales)");
      return;
    }
  g_autofree char *dir = g_dir_make_tmp ("lb-locale-XXXXXX", NULL);
  g_autofree char *target = g_build_filename (dir, "de_DE.UTF-8", NULL);
  const char *argv[] = { localedef, "-i", "de_DE", "-f", "UTF-8", target, NULL };
  int status = -1;
  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                NULL, NULL, NULL, NULL, &status, NULL);
  g_setenv ("LOCPATH", dir, TRUE);
  g_assert_nonnull (setlocale (LC_ALL, "de_DE.UTF-8"));

  char printed[16];
  snprintf (printed, sizeof printed, "%.1f", 0.5);
  g_assert_cmpstr (printed, ==, "0,5");  /* the locale really is active */

  const char *header[] = { "iou", "accuracy", NULL };
  g_autoptr (LbCsv) csv = lb_csv_new (header);
  lb_csv_add_double (csv, 0.5, 6);
  lb_csv_add_double (csv, 0.98125, 6);
  lb_csv_end_row (csv);
  g_assert_cmpstr (lb_csv_get_text (csv), ==, "iou,accuracy\r\n0.5,0.98125\r\n");

  setlocale (LC_ALL, "C");
  g_unsetenv ("LOCPATH");
  g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", dir);
  g_assert_cmpint (system (cmd), ==, 0);
}

static void
test_unclosed_quote (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) rows = lb_csv_parse ("a,b\r\n1,\"never closed\r\n2,3\r\n", -1, &error);
  g_assert_null (rows);
  g_assert_error (error, LB_ERROR, LB_ERROR_CORRUPT);
  g_assert_nonnull (strstr (error->message, "line 2"));
}

static void
test_save_replaces_atomically (void)
{
  g_autofree char *dir = g_dir_make_tmp ("lb-csv-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "summary.csv", NULL);
  const char *header[] = { "loss", NULL };
  g_autoptr (LbCsv) first = lb_csv_new (header);
  lb_csv_add_string (first, "dice-bce");
  lb_csv_end_row (first);
  g_autoptr (GError) error = NULL;
  g_assert_true (lb_csv_save (first, path, &error));
  g_assert_no_error (error);

  /* A save into a folder that does not exist fails with a sentence and touches nothing. */
  g_autofree char *bad = g_build_filename (dir, "missing", "summary.csv", NULL);
  g_assert_false (lb_csv_save (first, bad, &error));
  g_assert_error (error, LB_ERROR, LB_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_autoptr (GPtrArray) rows = lb_csv_load (path, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (((char **) g_ptr_array_index (rows, 1))[0], ==, "dice-bce");

  /* No temporary file is left beside the result. */
  g_autoptr (GDir) listing = g_dir_open (dir, 0, NULL);
  int entries = 0;
  while (g_dir_read_name (listing))
    entries++;
  g_assert_cmpint (entries, ==, 1);
  g_unlink (path);
  g_rmdir (dir);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/csv/quoting-round-trip", test_quoting_round_trip);
  g_test_add_func ("/csv/numbers", test_numbers);
  g_test_add_func ("/csv/comma-locale", test_comma_locale);
  g_test_add_func ("/csv/unclosed-quote", test_unclosed_quote);
  g_test_add_func ("/csv/save-atomically", test_save_replaces_atomically);
  return g_test_run ();
}
