/* fuzz-csv.c — the CSV reader (lb_csv_parse), which reads manifests and every results table.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <string.h>

#include "fuzz-input.h"
#include "lb-csv.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) rows = lb_csv_parse ((const char *) data, (gssize) size, &error);

  /* Either rows of fields, or a reason. */
  g_assert ((rows != NULL) != (error != NULL));
  for (guint r = 0; rows != NULL && r < rows->len; r++)
    {
      char **fields = g_ptr_array_index (rows, r);
      gsize total = 0;

      /* Every field is a string within the input's length. */
      for (char **f = fields; *f != NULL; f++)
        total += strlen (*f);
      g_assert (total <= size);
    }
  return 0;
}
