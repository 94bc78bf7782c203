/* lb-preview-slots.c — which image each preview slot shows, and which slot a newly chosen
 * image takes.
 * SPDX-License-Identifier: GPL-3.0-or-later */

#include "lb-preview-slots.h"

#include <string.h>

void
lb_preview_slots_init (LbPreviewSlots *slots,
                       const guint    *shown,
                       guint           n)
{
  memset (slots, 0, sizeof *slots);
  slots->n = MIN (n, LB_PREVIEW_SLOTS_MAX);
  for (guint s = 0; s < slots->n; s++)
    {
      slots->shown[s] = shown[s];
      slots->age[s] = s;
    }
}

int
lb_preview_slots_find (const LbPreviewSlots *slots,
                       guint                 image)
{
  for (guint s = 0; s < slots->n; s++)
    if (slots->shown[s] == image)
      return (int) s;
  return -1;
}

int
lb_preview_slots_choose (LbPreviewSlots *slots,
                         guint           image,
                         guint          *replaced)
{
  guint slot;

  if (slots->n == 0 || lb_preview_slots_find (slots, image) >= 0)
    return -1;
  slot = slots->age[0];
  memmove (slots->age, slots->age + 1, (slots->n - 1) * sizeof slots->age[0]);
  slots->age[slots->n - 1] = slot;
  *replaced = slots->shown[slot];
  slots->shown[slot] = image;
  return (int) slot;
}
