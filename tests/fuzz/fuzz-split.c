/* fuzz-split.c — an experiment's split.tsv, which fixes which image is train, validation or
 * test for every run.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "fuzz-input.h"
#include "lb-split.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autofree char *path = lb_fuzz_write_input ("split.tsv", data, size);
  g_autoptr (GError) error = NULL;
  g_autoptr (LbSplit) split = lb_split_load (path, &error);

  g_assert ((split != NULL) != (error != NULL));
  for (guint i = 0; split != NULL && i < lb_split_get_n_names (split); i++)
    {
      const char *name = lb_split_get_name (split, i);

      g_assert (name != NULL);
      g_assert (lb_split_lookup (split, name) == lb_split_get_subset (split, i));
    }
  return 0;
}
