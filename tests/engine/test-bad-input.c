/* test-bad-input.c — every kind of broken file gets a clear reason, and the rest still loads.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <glib/gstdio.h>
#include <string.h>

#include "lb-dataset.h"
#include "lb-error.h"
#include "lb-image-io.h"
#include "lb-test-util.h"

typedef struct
{
  char *dir;
  gboolean root_reads_anything;
} Fixture;

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  f->dir = lb_test_make_tmp_dir ();
  f->root_reads_anything = lb_test_chmod_cannot_stop_reading (f->dir);
  lb_test_make_bad_input_folder (f->dir);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  lb_test_remove_tree (f->dir);
  g_free (f->dir);
}

static const LbFileNote *
find_note (GPtrArray *notes, const char *name, const char *file_suffix)
{
  for (guint i = 0; i < notes->len; i++)
    {
      const LbFileNote *note = g_ptr_array_index (notes, i);
      if (g_strcmp0 (note->name, name) == 0
          && (file_suffix == NULL || g_str_has_suffix (note->path, file_suffix)))
        return note;
    }
  return NULL;
}

static void
assert_rejected (const LbPairingReport *report, const char *name, const char *file_suffix,
                 int code, const char *reason_part)
{
  const LbFileNote *note = find_note (report->rejected, name, file_suffix);
  if (note == NULL)
    g_error ("%s (%s) is not among the rejected files", name, file_suffix);
  g_test_message ("%s: %s", name, note->message);
  g_assert_cmpint (note->code, ==, code);
  g_assert_nonnull (strstr (note->message, reason_part));
  /* every reason names the file, so a user knows which one to fix */
  g_autofree char *base = g_path_get_basename (note->path);
  g_assert_nonnull (strstr (note->message, base));
}

static void
test_bad_input_load (Fixture *f, gconstpointer data)
{
  LbDatasetOptions options;
  lb_dataset_options_init (&options);
  options.size = 32;
  g_autoptr(GError) error = NULL;
  guint decodes_before = lb_image_get_decode_count ();
  g_autoptr(LbDataset) dataset = lb_dataset_load (f->dir, &options, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (dataset);
  const LbPairingReport *report = lb_dataset_get_report (dataset);

  assert_rejected (report, "truncated", "truncated.png", LB_ERROR_CORRUPT,
                   "cut short (truncated PNG)");
  assert_rejected (report, "zero", "zero.png", LB_ERROR_CORRUPT, "empty (0 bytes)");
  assert_rejected (report, "text", "text.png", LB_ERROR_CORRUPT, "holds text");
  assert_rejected (report, "sizes", "sizes.png", LB_ERROR_INVALID_INPUT,
                   "48 × 48 pixels but its image is 64 × 64");
  assert_rejected (report, "huge", "huge.png", LB_ERROR_INVALID_INPUT, "60000 × 60000");
  assert_rejected (report, "damaged", "damaged.png", LB_ERROR_CORRUPT, "could not be decoded");
  assert_rejected (report, "dup", "dup.png", LB_ERROR_INVALID_INPUT, "share the name");
  assert_rejected (report, "dup", "dup.jpg", LB_ERROR_INVALID_INPUT, "share the name");
  assert_rejected (report, "notes", "notes.txt", LB_ERROR_INVALID_INPUT, "not an image file");
  if (!f->root_reads_anything)
    assert_rejected (report, "locked", "locked.png", LB_ERROR_PERMISSION, "ermission");

  g_assert_cmpuint (report->unmatched_images->len, ==, 1);
  g_assert_true (g_str_has_suffix (g_ptr_array_index (report->unmatched_images, 0),
                                   "lonely.png"));
  g_assert_cmpuint (report->unmatched_masks->len, ==, 1);
  g_assert_true (g_str_has_suffix (g_ptr_array_index (report->unmatched_masks, 0),
                                   "orphan.png"));

  /* Nothing else is lost: the good pairs, the warned ones and the 16-bit one load. */
  const char *kept[] = { "good_1", "good_2", "good_3", "gray", "empty", "deep" };
  for (gsize i = 0; i < G_N_ELEMENTS (kept); i++)
    g_assert_cmpint (lb_dataset_find (dataset, kept[i]), >=, 0);
  guint expected = G_N_ELEMENTS (kept) + (f->root_reads_anything ? 1 : 0);
  g_assert_cmpuint (lb_dataset_get_n_pairs (dataset), ==, expected);

  /* The 60000² header was refused from the header: it was never handed to the decoder. The
   * decoder ran for the pairs that passed the header checks: the kept pairs plus "damaged"
   * (two files each). */
  guint decodes = lb_image_get_decode_count () - decodes_before;
  g_assert_cmpuint (decodes, <=, 2 * (expected + 1));
}

static void
test_bad_input_warnings (Fixture *f, gconstpointer data)
{
  LbDatasetOptions options;
  lb_dataset_options_init (&options);
  options.size = 64;
  options.use_cache = FALSE;
  g_autoptr(GError) error = NULL;
  g_autoptr(LbDataset) dataset = lb_dataset_load (f->dir, &options, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  const LbPairingReport *report = lb_dataset_get_report (dataset);
  gsize plane = 64 * 64;

  /* Not binary: thresholded, reported as a warning; the lung is where the 200s were. */
  int gray = lb_dataset_find (dataset, "gray");
  int good = lb_dataset_find (dataset, "good_1");
  g_assert_true (lb_dataset_get_flags (dataset, (guint) gray) & LB_PAIR_FLAG_NON_BINARY_MASK);
  const LbFileNote *note = find_note (report->warnings, "gray", NULL);
  g_assert_nonnull (note);
  g_assert_nonnull (strstr (note->message, "not binary"));
  const float *masks = lb_dataset_get_masks (dataset);
  g_assert_cmpmem (masks + plane * gray, plane * sizeof (float),
                   masks + plane * good, plane * sizeof (float));

  /* Empty: kept, flagged, said. */
  int empty = lb_dataset_find (dataset, "empty");
  g_assert_true (lb_dataset_get_flags (dataset, (guint) empty) & LB_PAIR_FLAG_EMPTY_MASK);
  note = find_note (report->warnings, "empty", NULL);
  g_assert_nonnull (note);
  g_assert_nonnull (strstr (note->message, "empty"));
  for (gsize k = 0; k < plane; k++)
    g_assert_cmpfloat (masks[plane * empty + k], ==, 0.0f);
  g_assert_false (lb_dataset_get_flags (dataset, (guint) good) & LB_PAIR_FLAG_EMPTY_MASK);

  /* 16-bit: GdkPixbuf keeps the high byte; values stored as v × 257 come back as v. */
  int deep = lb_dataset_find (dataset, "deep");
  g_assert_cmpmem (lb_dataset_get_image_u8 (dataset, (guint) deep), plane,
                   lb_dataset_get_image_u8 (dataset, (guint) good), plane);
}

static void
test_bad_input_unreadable (Fixture *f, gconstpointer data)
{
  if (f->root_reads_anything)
    {
      g_test_skip ("running as root: permissions 000 do not stop reading, so an unreadable "
                   "file cannot be made here");
      return;
    }
  g_autofree char *path = g_build_filename (f->dir, "images", "locked.png", NULL);
  g_autoptr(GError) error = NULL;
  g_assert_false (lb_image_probe (path, NULL, &error));
  g_assert_error (error, LB_ERROR, LB_ERROR_PERMISSION);
}

static void
test_no_pairs (void)
{
  g_autofree char *dir = lb_test_make_tmp_dir ();
  g_autofree char *images = g_build_filename (dir, "images", NULL);
  g_autofree char *masks = g_build_filename (dir, "masks", NULL);
  g_mkdir (images, 0755);
  g_mkdir (masks, 0755);
  guint8 pixels[16 * 16] = { 0 };
  g_autofree char *a = g_build_filename (images, "a.png", NULL);
  g_autofree char *b = g_build_filename (masks, "b.png", NULL);
  lb_test_write_gray_png (a, pixels, 16, 16);
  lb_test_write_gray_png (b, pixels, 16, 16);

  g_autoptr(GError) error = NULL;
  g_autoptr(LbPairingReport) report = lb_dataset_discover (dir, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (report->pairs->len, ==, 0);
  g_assert_cmpuint (report->unmatched_images->len, ==, 1);
  g_assert_cmpuint (report->unmatched_masks->len, ==, 1);

  g_autoptr(LbDataset) dataset = lb_dataset_load (dir, NULL, NULL, NULL, NULL, &error);
  g_assert_null (dataset);
  g_assert_error (error, LB_ERROR, LB_ERROR_EMPTY);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "no usable image and mask pair"));
  lb_test_remove_tree (dir);
}

static void
test_missing_folder (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LbPairingReport) report = lb_dataset_discover ("/nonexistent/lossbench/data", &error);
  g_assert_null (report);
  g_assert_error (error, LB_ERROR, LB_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "does not exist"));

  /* A folder in no known layout says which layouts it should have. */
  g_autofree char *dir = lb_test_make_tmp_dir ();
  g_clear_error (&error);
  report = lb_dataset_discover (dir, &error);
  g_assert_null (report);
  g_assert_error (error, LB_ERROR, LB_ERROR_INVALID_INPUT);
  g_assert_nonnull (strstr (error->message, "images/ and masks/"));
  lb_test_remove_tree (dir);
}

int
main (int argc, char **argv)
{
  g_autofree char *cache = lb_test_isolate_cache ();
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/bad-input/load", Fixture, NULL, fixture_set_up, test_bad_input_load,
              fixture_tear_down);
  g_test_add ("/bad-input/warnings", Fixture, NULL, fixture_set_up, test_bad_input_warnings,
              fixture_tear_down);
  g_test_add ("/bad-input/unreadable", Fixture, NULL, fixture_set_up, test_bad_input_unreadable,
              fixture_tear_down);
  g_test_add_func ("/bad-input/no-pairs", test_no_pairs);
  g_test_add_func ("/bad-input/missing-folder", test_missing_folder);
  int status = g_test_run ();
  lb_test_remove_tree (cache);
  return status;
}
