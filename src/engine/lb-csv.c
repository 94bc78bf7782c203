/* lb-csv.c — CSV files as RFC 4180 says, with '.' as decimal point under any locale.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "lb-csv.h"

#include <math.h>
#include <string.h>

#include "lb-error.h"
#include "lb-file.h"

struct _LbCsv
{
  GString *text;
  int n_columns;
  int column;   /* fields written in the current row */
  int n_rows;
};

static void
add_field (LbCsv *csv, const char *value)
{
  if (csv->column > 0)
    g_string_append_c (csv->text, ',');
  csv->column++;

  if (value[strcspn (value, ",\"\r\n")] == '\0')
    {
      g_string_append (csv->text, value);
      return;
    }
  g_string_append_c (csv->text, '"');
  for (const char *c = value; *c; c++)
    {
      if (*c == '"')
        g_string_append_c (csv->text, '"');
      g_string_append_c (csv->text, *c);
    }
  g_string_append_c (csv->text, '"');
}

static void
end_row (LbCsv *csv)
{
  g_string_append (csv->text, "\r\n");
  csv->column = 0;
}

LbCsv *
lb_csv_new (const char *const *header)
{
  LbCsv *csv = g_new0 (LbCsv, 1);
  csv->text = g_string_new (NULL);
  for (; *header; header++)
    {
      add_field (csv, *header);
      csv->n_columns++;
    }
  end_row (csv);
  return csv;
}

void
lb_csv_free (LbCsv *csv)
{
  if (csv == NULL)
    return;
  g_string_free (csv->text, TRUE);
  g_free (csv);
}

void
lb_csv_add_string (LbCsv *csv, const char *value)
{
  add_field (csv, value ? value : "");
}

void
lb_csv_add_int (LbCsv *csv, gint64 value)
{
  char buffer[32];
  g_snprintf (buffer, sizeof buffer, "%" G_GINT64_FORMAT, value);
  add_field (csv, buffer);
}

void
lb_csv_add_double (LbCsv *csv, double value, int significant)
{
  if (isnan (value))
    {
      add_field (csv, "");
      return;
    }
  if (isinf (value))
    {
      add_field (csv, value > 0 ? "inf" : "-inf");
      return;
    }
  char format[16], buffer[G_ASCII_DTOSTR_BUF_SIZE];
  g_snprintf (format, sizeof format, "%%.%dg", CLAMP (significant, 1, 17));
  /* g_ascii_formatd ignores the locale: always '.', never ','. */
  add_field (csv, g_ascii_formatd (buffer, sizeof buffer, format, value));
}

void
lb_csv_end_row (LbCsv *csv)
{
  g_return_if_fail (csv->column == csv->n_columns);
  end_row (csv);
  csv->n_rows++;
}

int
lb_csv_get_n_rows (LbCsv *csv)
{
  return csv->n_rows;
}

const char *
lb_csv_get_text (LbCsv *csv)
{
  return csv->text->str;
}

gboolean
lb_csv_save (LbCsv *csv, const char *path, GError **error)
{
  return lb_file_write_atomic (path, csv->text->str, csv->text->len, error);
}

GPtrArray *
lb_csv_parse (const char *text, gssize length, GError **error)
{
  if (length < 0)
    length = strlen (text);
  const char *end = text + length;
  g_autoptr (GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  g_autoptr (GPtrArray) fields = g_ptr_array_new ();
  g_autoptr (GString) field = g_string_new (NULL);
  int line = 1;

  const char *c = text;
  while (c < end)
    {
      if (*c == '"' && field->len == 0)
        {
          /* A quoted field: runs to the closing quote; "" stands for one quote. */
          int opened_on = line;
          c++;
          for (;;)
            {
              if (c >= end)
                {
                  g_ptr_array_set_free_func (fields, g_free);
                  g_set_error (error, LB_ERROR, LB_ERROR_CORRUPT,
                               "The CSV file has a quoted field opened on line %d that is never "
                               "closed.", opened_on);
                  return NULL;
                }
              if (*c == '"')
                {
                  if (c + 1 < end && c[1] == '"')
                    {
                      g_string_append_c (field, '"');
                      c += 2;
                      continue;
                    }
                  c++;
                  break;
                }
              if (*c == '\n')
                line++;
              g_string_append_c (field, *c++);
            }
          continue;
        }
      if (*c == ',')
        {
          g_ptr_array_add (fields, g_strdup (field->str));
          g_string_truncate (field, 0);
          c++;
          continue;
        }
      if (*c == '\r' || *c == '\n')
        {
          g_ptr_array_add (fields, g_strdup (field->str));
          g_string_truncate (field, 0);
          g_ptr_array_add (fields, NULL);
          g_ptr_array_add (rows, g_ptr_array_free (g_steal_pointer (&fields), FALSE));
          fields = g_ptr_array_new ();
          c += (*c == '\r' && c + 1 < end && c[1] == '\n') ? 2 : 1;
          line++;
          continue;
        }
      g_string_append_c (field, *c++);
    }
  /* A last row without its line end. */
  if (field->len > 0 || fields->len > 0)
    {
      g_ptr_array_add (fields, g_strdup (field->str));
      g_ptr_array_add (fields, NULL);
      g_ptr_array_add (rows, g_ptr_array_free (g_steal_pointer (&fields), FALSE));
    }
  return g_steal_pointer (&rows);
}

GPtrArray *
lb_csv_load (const char *path, GError **error)
{
  g_autofree char *text = NULL;
  gsize length = 0;
  g_autoptr (GError) local = NULL;
  if (!g_file_get_contents (path, &text, &length, &local))
    {
      g_autofree char *display = g_filename_display_name (path);
      g_set_error (error, LB_ERROR,
                   g_error_matches (local, G_FILE_ERROR, G_FILE_ERROR_NOENT) ? LB_ERROR_NOT_FOUND
                                                                              : LB_ERROR_FAILED,
                   "“%s” could not be read: %s", display, local->message);
      return NULL;
    }
  return lb_csv_parse (text, length, error);
}
