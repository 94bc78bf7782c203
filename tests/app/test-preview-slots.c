/* test-preview-slots.c — a chosen image takes the preview slot chosen longest ago.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "lb-preview-slots.h"

static void
test_oldest_slot_goes (void)
{
  const guint start[] = { 10, 11, 12, 13 };
  LbPreviewSlots slots;
  guint replaced = 0;

  lb_preview_slots_init (&slots, start, 4);
  g_assert_cmpint (lb_preview_slots_find (&slots, 12), ==, 2);
  g_assert_cmpint (lb_preview_slots_find (&slots, 99), ==, -1);

  /* The first slot is the oldest, then the second… */
  g_assert_cmpint (lb_preview_slots_choose (&slots, 20, &replaced), ==, 0);
  g_assert_cmpuint (replaced, ==, 10);
  g_assert_cmpint (lb_preview_slots_choose (&slots, 21, &replaced), ==, 1);
  g_assert_cmpuint (replaced, ==, 11);
  /* …and a slot just filled is the newest: after the other two, it goes again. */
  g_assert_cmpint (lb_preview_slots_choose (&slots, 22, &replaced), ==, 2);
  g_assert_cmpint (lb_preview_slots_choose (&slots, 23, &replaced), ==, 3);
  g_assert_cmpint (lb_preview_slots_choose (&slots, 24, &replaced), ==, 0);
  g_assert_cmpuint (replaced, ==, 20);
  const guint want[] = { 24, 21, 22, 23 };
  g_assert_cmpmem (slots.shown, sizeof want, want, sizeof want);
}

static void
test_shown_image_changes_nothing (void)
{
  const guint start[] = { 3, 4 };
  LbPreviewSlots slots;
  LbPreviewSlots before;
  guint replaced = 77;

  lb_preview_slots_init (&slots, start, 2);
  before = slots;
  g_assert_cmpint (lb_preview_slots_choose (&slots, 4, &replaced), ==, -1);
  g_assert_cmpuint (replaced, ==, 77);
  g_assert_cmpmem (&slots, sizeof slots, &before, sizeof before);

  lb_preview_slots_init (&slots, NULL, 0);
  g_assert_cmpint (lb_preview_slots_choose (&slots, 1, &replaced), ==, -1);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/preview-slots/oldest-slot-goes", test_oldest_slot_goes);
  g_test_add_func ("/preview-slots/shown-image-changes-nothing", test_shown_image_changes_nothing);
  return g_test_run ();
}
