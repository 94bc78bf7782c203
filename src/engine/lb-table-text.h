/* lb-table-text.h — a table of text as CSV, Markdown or LaTeX, to paste into a spreadsheet,
 * a README or a paper.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  LB_TABLE_CSV,
  LB_TABLE_MARKDOWN,
  LB_TABLE_LATEX,
} LbTableFormat;

/* "csv", "markdown" or "latex". */
const char *lb_table_format_to_string (LbTableFormat format);
gboolean lb_table_format_from_string (const char *name, LbTableFormat *format);

/* N_ROWS rows of N_COLUMNS CELLS (row by row, UTF-8) under HEADER, in FORMAT:
 * CSV as RFC 4180 (CRLF, quoted where needed); Markdown a pipe table, "|" escaped; LaTeX a
 * booktabs tabular, the special characters escaped and ± × − … α β γ … written as LaTeX writes
 * them. In both, a column of figures (each cell starting with a digit, a sign or "—") is
 * aligned right, others left. */
char *lb_table_text (const char *const *header,
                     guint n_columns,
                     const char *const *cells,
                     guint n_rows,
                     LbTableFormat format);

G_END_DECLS
