/* fuzz-history.c — a run's history.csv, which resume reads back beside its checkpoint.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "fuzz-input.h"
#include "lb-history.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autofree char *path = lb_fuzz_write_input ("history.csv", data, size);
  g_autoptr (GError) error = NULL;
  g_autoptr (GArray) records = lb_history_load (path, &error);

  g_assert ((records != NULL) != (error != NULL));
  /* What loads is what saving it again writes. */
  if (records != NULL && records->len > 0)
    {
      g_autofree char *again = g_build_filename (lb_fuzz_scratch_dir (), "again.csv", NULL);
      g_autoptr (GArray) reread = NULL;

      g_assert (lb_history_save (again, (const LbEpochRecord *) (void *) records->data,
                                 records->len, NULL));
      reread = lb_history_load (again, NULL);
      g_assert (reread != NULL && reread->len == records->len);
    }
  return 0;
}
