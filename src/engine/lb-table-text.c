/* lb-table-text.c — a table of text as CSV, Markdown or LaTeX.
 * SPDX-License-Identifier: GPL-3.0-or-later */

#include "lb-table-text.h"

#include <string.h>

#include "lb-csv.h"

static const char *const format_names[] = { "csv", "markdown", "latex" };

const char *
lb_table_format_to_string (LbTableFormat format)
{
  g_return_val_if_fail (format < G_N_ELEMENTS (format_names), "csv");
  return format_names[format];
}

gboolean
lb_table_format_from_string (const char *name, LbTableFormat *format)
{
  for (guint i = 0; i < G_N_ELEMENTS (format_names); i++)
    if (g_strcmp0 (name, format_names[i]) == 0)
      {
        *format = (LbTableFormat) i;
        return TRUE;
      }
  return FALSE;
}

static char *
csv_text (const char *const *header, guint n_columns, const char *const *cells, guint n_rows)
{
  g_autofree const char **names = g_new0 (const char *, n_columns + 1);
  memcpy (names, header, n_columns * sizeof *names);
  g_autoptr (LbCsv) csv = lb_csv_new (names);
  for (guint r = 0; r < n_rows; r++)
    {
      for (guint c = 0; c < n_columns; c++)
        lb_csv_add_string (csv, cells[r * n_columns + c]);
      lb_csv_end_row (csv);
    }
  return g_strdup (lb_csv_get_text (csv));
}

/* Whether every cell of COLUMN reads as a figure (a digit, a sign or "—" first): figures are
 * aligned right, words left. */
static gboolean
is_numeric_column (const char *const *cells, guint n_columns, guint n_rows, guint column)
{
  for (guint r = 0; r < n_rows; r++)
    {
      const char *cell = cells[r * n_columns + column];
      gunichar first = g_utf8_get_char (cell);
      if (!(g_unichar_isdigit (first) || first == '-' || first == '+' || first == 0x2212
            || first == 0x2014 || first == '.'))
        return FALSE;
    }
  return n_rows > 0;
}

/* A cell on one line of a pipe table. */
static void
append_markdown_cell (GString *text, const char *cell)
{
  g_string_append (text, " ");
  for (const char *c = cell; *c; c++)
    if (*c == '|')
      g_string_append (text, "\\|");
    else if (*c == '\n' || *c == '\r')
      g_string_append_c (text, ' ');
    else
      g_string_append_c (text, *c);
  g_string_append (text, " |");
}

static char *
markdown_text (const char *const *header, guint n_columns, const char *const *cells,
               guint n_rows)
{
  GString *text = g_string_new ("|");
  for (guint c = 0; c < n_columns; c++)
    append_markdown_cell (text, header[c]);
  g_string_append (text, "\n|");
  for (guint c = 0; c < n_columns; c++)
    g_string_append (text, is_numeric_column (cells, n_columns, n_rows, c) ? "---:|" : "---|");
  g_string_append_c (text, '\n');
  for (guint r = 0; r < n_rows; r++)
    {
      g_string_append_c (text, '|');
      for (guint c = 0; c < n_columns; c++)
        append_markdown_cell (text, cells[r * n_columns + c]);
      g_string_append_c (text, '\n');
    }
  return g_string_free (text, FALSE);
}

/* What LaTeX writes for the characters it reads otherwise, and for those of the results'
 * labels and figures that are not in its default input encoding's reach in math. */
static const struct
{
  gunichar c;
  const char *latex;
} latex_names[] = {
  { '\\', "\\textbackslash{}" }, { '&', "\\&" }, { '%', "\\%" }, { '$', "\\$" },
  { '#', "\\#" }, { '_', "\\_" }, { '{', "\\{" }, { '}', "\\}" },
  { '~', "\\textasciitilde{}" }, { '^', "\\textasciicircum{}" },
  { 0x00b1, "$\\pm$" }, { 0x00d7, "$\\times$" }, { 0x2212, "$-$" }, { 0x2026, "\\ldots{}" },
  { 0x2014, "---" }, { 0x2013, "--" }, { 0x00b2, "$^2$" }, { 0x00b7, "$\\cdot$" },
  { 0x03b1, "$\\alpha$" }, { 0x03b2, "$\\beta$" }, { 0x03b3, "$\\gamma$" },
  { 0x03b4, "$\\delta$" }, { 0x03bb, "$\\lambda$" }, { 0x03c4, "$\\tau$" },
};

static void
append_latex_cell (GString *text, const char *cell)
{
  for (const char *c = cell; *c; c = g_utf8_next_char (c))
    {
      gunichar u = g_utf8_get_char (c);
      const char *named = NULL;
      for (guint i = 0; i < G_N_ELEMENTS (latex_names) && named == NULL; i++)
        if (latex_names[i].c == u)
          named = latex_names[i].latex;
      if (named != NULL)
        g_string_append (text, named);
      else if (u == '\n' || u == '\r')
        g_string_append_c (text, ' ');
      else
        g_string_append_unichar (text, u);
    }
}

static void
append_latex_row (GString *text, const char *const *row, guint n_columns)
{
  for (guint c = 0; c < n_columns; c++)
    {
      if (c > 0)
        g_string_append (text, " & ");
      append_latex_cell (text, row[c]);
    }
  g_string_append (text, " \\\\\n");
}

static char *
latex_text (const char *const *header, guint n_columns, const char *const *cells, guint n_rows)
{
  GString *text = g_string_new ("\\begin{tabular}{");
  for (guint c = 0; c < n_columns; c++)
    g_string_append_c (text, is_numeric_column (cells, n_columns, n_rows, c) ? 'r' : 'l');
  g_string_append (text, "}\n\\toprule\n");
  append_latex_row (text, header, n_columns);
  g_string_append (text, "\\midrule\n");
  for (guint r = 0; r < n_rows; r++)
    append_latex_row (text, cells + r * n_columns, n_columns);
  g_string_append (text, "\\bottomrule\n\\end{tabular}\n");
  return g_string_free (text, FALSE);
}

char *
lb_table_text (const char *const *header,
               guint n_columns,
               const char *const *cells,
               guint n_rows,
               LbTableFormat format)
{
  g_return_val_if_fail (n_columns > 0, NULL);
  switch (format)
    {
    case LB_TABLE_MARKDOWN:
      return markdown_text (header, n_columns, cells, n_rows);
    case LB_TABLE_LATEX:
      return latex_text (header, n_columns, cells, n_rows);
    case LB_TABLE_CSV:
    default:
      return csv_text (header, n_columns, cells, n_rows);
    }
}
