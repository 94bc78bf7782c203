/* lb-preview-slots.h — which image each preview slot shows, and which slot a newly chosen
 * image takes: the one chosen longest ago. Plain data, no widgets.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define LB_PREVIEW_SLOTS_MAX 16

typedef struct
{
  guint n;                            /* slots */
  guint shown[LB_PREVIEW_SLOTS_MAX];  /* the image in each slot */
  guint age[LB_PREVIEW_SLOTS_MAX];    /* the slots, from the one chosen longest ago */
} LbPreviewSlots;

/* N slots (at most LB_PREVIEW_SLOTS_MAX) showing SHOWN, the first the oldest. */
void  lb_preview_slots_init   (LbPreviewSlots       *slots,
                               const guint          *shown,
                               guint                 n);
/* The slot showing IMAGE, or −1. */
int   lb_preview_slots_find   (const LbPreviewSlots *slots,
                               guint                 image);
/* Puts IMAGE on show in the slot chosen longest ago, which becomes the newest; returns the
 * slot, and in REPLACED the image it showed. −1, and nothing changes, when IMAGE is on show
 * already or there are no slots. */
int   lb_preview_slots_choose (LbPreviewSlots       *slots,
                               guint                 image,
                               guint                *replaced);

G_END_DECLS
