/* lb-csv.h — CSV files as RFC 4180 says, with '.' as decimal point under any locale.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _LbCsv LbCsv;

/* A table in memory with the given header row (NULL-terminated). Rows end in CRLF. */
LbCsv *lb_csv_new (const char *const *header);
void lb_csv_free (LbCsv *csv);

void lb_csv_add_string (LbCsv *csv, const char *value);
void lb_csv_add_int (LbCsv *csv, gint64 value);
/* SIGNIFICANT digits (1–17); NaN becomes an empty field, ±Inf "inf" / "-inf". */
void lb_csv_add_double (LbCsv *csv, double value, int significant);
void lb_csv_end_row (LbCsv *csv);

int lb_csv_get_n_rows (LbCsv *csv);  /* data rows, header not counted */
const char *lb_csv_get_text (LbCsv *csv);

/* Writes the table through a temporary file (lb_file_write_atomic). */
gboolean lb_csv_save (LbCsv *csv, const char *path, GError **error);

/* Parses CSV TEXT (CRLF or LF line ends, quoted fields) into rows, each a NULL-terminated
 * string vector; the header is row 0. NULL with LB_ERROR_CORRUPT on an unclosed quote. */
GPtrArray *lb_csv_parse (const char *text, gssize length, GError **error);
/* The same, from a file. */
GPtrArray *lb_csv_load (const char *path, GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LbCsv, lb_csv_free)

G_END_DECLS
