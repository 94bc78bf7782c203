/* test-discover.c — the Kaggle, NLM Montgomery, NLM Shenzhen and generic layouts, manifest
 * sources, and several folders opened as one dataset.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <glib/gstdio.h>
#include <string.h>

#include "lb-dataset.h"
#include "lb-error.h"
#include "lb-phantom.h"
#include "lb-test-util.h"

enum { S = 48 };

static void
mkdirs (const char *root, const char *sub)
{
  g_autofree char *path = g_build_filename (root, sub, NULL);
  g_assert_cmpint (g_mkdir_with_parents (path, 0755), ==, 0);
}

static void
put (const char *root, const char *rel, const guint8 *pixels)
{
  g_autofree char *path = g_build_filename (root, rel, NULL);
  lb_test_write_gray_png (path, pixels, S, S);
}

static void
test_kaggle (void)
{
  /* as the Kaggle download unpacks: a wrapper folder around the dataset */
  g_autofree char *top = lb_test_make_tmp_dir ();
  g_autofree char *dir = g_build_filename (top, "Lung Segmentation", NULL);
  mkdirs (dir, "CXR_png");
  mkdirs (dir, "masks");
  guint8 image[S * S], mask[S * S];
  lb_phantom_generate (1, 0, S, image, mask);
  put (dir, "CXR_png/MCUCXR_0001_0.png", image);
  put (dir, "masks/MCUCXR_0001_0.png", mask);          /* Montgomery: same name */
  put (dir, "CXR_png/CHNCXR_0001_0.png", image);
  put (dir, "masks/CHNCXR_0001_0_mask.png", mask);     /* Shenzhen: _mask suffix */
  put (dir, "CXR_png/CHNCXR_0002_1.png", image);       /* no mask: reported, not an error */

  for (int round = 0; round < 2; round++)
    {
      /* the dataset folder itself, or the folder around it */
      g_autoptr(LbDataset) dataset = lb_test_load_dataset (round == 0 ? dir : top, S, FALSE);
      const LbPairingReport *report = lb_dataset_get_report (dataset);
      g_assert_true (g_str_has_suffix (report->folder, "Lung Segmentation"));
      g_assert_cmpint (report->layout, ==, LB_DATASET_LAYOUT_KAGGLE);
      g_assert_cmpuint (lb_dataset_get_n_pairs (dataset), ==, 2);
      g_assert_cmpuint (lb_pairing_report_count_source (report, "montgomery"), ==, 1);
      g_assert_cmpuint (lb_pairing_report_count_source (report, "shenzhen"), ==, 1);
      g_assert_cmpuint (report->unmatched_images->len, ==, 1);
      g_assert_true (g_str_has_suffix (g_ptr_array_index (report->unmatched_images, 0),
                                       "CHNCXR_0002_1.png"));
      g_assert_cmpuint (report->rejected->len, ==, 0);
    }

  /* two datasets side by side: which one is meant is unclear, so no guess */
  g_autofree char *second = g_build_filename (top, "copy", NULL);
  mkdirs (second, "images");
  mkdirs (second, "masks");
  g_autoptr(GError) error = NULL;
  g_autoptr(LbPairingReport) none = lb_dataset_discover (top, &error);
  g_assert_null (none);
  g_assert_error (error, LB_ERROR, LB_ERROR_INVALID_INPUT);
  lb_test_remove_tree (top);
}

static void
test_montgomery (void)
{
  g_autofree char *dir = lb_test_make_tmp_dir ();
  mkdirs (dir, "CXR_png");
  mkdirs (dir, "ManualMask/leftMask");
  mkdirs (dir, "ManualMask/rightMask");
  guint8 image[S * S], mask[S * S], left[S * S], right[S * S];
  lb_phantom_generate (1, 3, S, image, mask);
  /* split the lungs at the midline: the loader must merge them back into the whole mask */
  for (int y = 0; y < S; y++)
    for (int x = 0; x < S; x++)
      {
        left[y * S + x] = x < S / 2 ? mask[y * S + x] : 0;
        right[y * S + x] = x >= S / 2 ? mask[y * S + x] : 0;
      }
  put (dir, "CXR_png/MCUCXR_0001_0.png", image);
  put (dir, "ManualMask/leftMask/MCUCXR_0001_0.png", left);
  put (dir, "ManualMask/rightMask/MCUCXR_0001_0.png", right);
  put (dir, "CXR_png/MCUCXR_0002_0.png", image);
  put (dir, "ManualMask/leftMask/MCUCXR_0002_0.png", left); /* right one missing */

  g_autoptr(LbDataset) dataset = lb_test_load_dataset (dir, S, FALSE);
  const LbPairingReport *report = lb_dataset_get_report (dataset);
  g_assert_cmpint (report->layout, ==, LB_DATASET_LAYOUT_MONTGOMERY);
  g_assert_cmpuint (lb_dataset_get_n_pairs (dataset), ==, 1);
  g_assert_cmpstr (lb_dataset_get_source (dataset, 0), ==, "montgomery");
  const float *merged = lb_dataset_get_masks (dataset);
  for (int k = 0; k < S * S; k++)
    g_assert_cmpfloat (merged[k], ==, mask[k] ? 1.0f : 0.0f);
  g_assert_cmpuint (report->rejected->len, ==, 1);
  const LbFileNote *note = g_ptr_array_index (report->rejected, 0);
  g_assert_cmpstr (note->name, ==, "MCUCXR_0002_0");
  g_assert_nonnull (strstr (note->message, "no right lung mask"));
  lb_test_remove_tree (dir);
}

static void
test_shenzhen (void)
{
  g_autofree char *dir = lb_test_make_tmp_dir ();
  mkdirs (dir, "CXR_png");
  mkdirs (dir, "mask");
  guint8 image[S * S], mask[S * S];
  lb_phantom_generate (1, 4, S, image, mask);
  put (dir, "CXR_png/CHNCXR_0001_0.png", image);
  put (dir, "mask/CHNCXR_0001_0_mask.png", mask);
  put (dir, "mask/CHNCXR_0009_0_mask.png", mask); /* mask without image */

  g_autoptr(LbDataset) dataset = lb_test_load_dataset (dir, S, FALSE);
  const LbPairingReport *report = lb_dataset_get_report (dataset);
  g_assert_cmpint (report->layout, ==, LB_DATASET_LAYOUT_SHENZHEN);
  g_assert_cmpuint (lb_dataset_get_n_pairs (dataset), ==, 1);
  g_assert_cmpstr (lb_dataset_get_source (dataset, 0), ==, "shenzhen");
  g_assert_cmpuint (report->unmatched_masks->len, ==, 1);
  lb_test_remove_tree (dir);
}

/* Montgomery and Shenzhen as NLM ships them, two folders of two layouts, opened together. */
static void
test_two_folders (void)
{
  g_autofree char *top = lb_test_make_tmp_dir ();
  g_autofree char *mont = g_build_filename (top, "MontgomerySet", NULL);
  g_autofree char *shen = g_build_filename (top, "ChinaSet_AllFiles", NULL);
  guint8 image[S * S], mask[S * S], none[S * S] = { 0 };
  lb_phantom_generate (1, 5, S, image, mask);
  mkdirs (mont, "CXR_png");
  mkdirs (mont, "ManualMask/leftMask");
  mkdirs (mont, "ManualMask/rightMask");
  put (mont, "CXR_png/MCUCXR_0001_0.png", image);
  put (mont, "ManualMask/leftMask/MCUCXR_0001_0.png", mask);
  put (mont, "ManualMask/rightMask/MCUCXR_0001_0.png", none);
  mkdirs (shen, "CXR_png");
  mkdirs (shen, "mask");
  put (shen, "CXR_png/CHNCXR_0002_1.png", image);
  put (shen, "mask/CHNCXR_0002_1_mask.png", mask);
  put (shen, "CXR_png/CHNCXR_0001_0.png", image);
  put (shen, "mask/CHNCXR_0001_0_mask.png", mask);
  put (shen, "CXR_png/CHNCXR_0003_0.png", image); /* no mask: reported */

  LbDatasetOptions options;
  lb_dataset_options_init (&options);
  options.size = S;
  options.use_cache = FALSE;
  const char *const folders[] = { shen, mont, NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(LbDataset) dataset = lb_dataset_load_folders (folders, &options, NULL, NULL, NULL,
                                                          &error);
  g_assert_no_error (error);
  const LbPairingReport *report = lb_dataset_get_report (dataset);
  g_assert_cmpint (report->layout, ==, LB_DATASET_LAYOUT_MIXED);
  g_assert_nonnull (strstr (report->folder, "ChinaSet_AllFiles + "));
  g_assert_true (g_str_has_suffix (report->folder, "MontgomerySet"));
  g_assert_cmpuint (lb_dataset_get_n_pairs (dataset), ==, 3);
  /* sorted by name across the folders, each with its own source */
  g_assert_cmpstr (lb_dataset_get_name (dataset, 0), ==, "CHNCXR_0001_0");
  g_assert_cmpstr (lb_dataset_get_name (dataset, 1), ==, "CHNCXR_0002_1");
  g_assert_cmpstr (lb_dataset_get_name (dataset, 2), ==, "MCUCXR_0001_0");
  g_assert_cmpstr (lb_dataset_get_source (dataset, 2), ==, "montgomery");
  g_assert_cmpuint (lb_pairing_report_count_source (report, "shenzhen"), ==, 2);
  g_assert_cmpuint (report->unmatched_images->len, ==, 1);
  const float *masks = lb_dataset_get_masks (dataset);
  for (int k = 0; k < S * S; k++)
    g_assert_cmpfloat (masks[2 * S * S + k], ==, mask[k] ? 1.0f : 0.0f);

  /* the same image in two folders: refused, with its name, since splits go by name */
  const char *const twice[] = { shen, shen, NULL };
  g_autoptr(GError) twice_error = NULL;
  g_autoptr(LbDataset) refused = lb_dataset_load_folders (twice, &options, NULL, NULL, NULL,
                                                          &twice_error);
  g_assert_null (refused);
  g_assert_error (twice_error, LB_ERROR, LB_ERROR_INVALID_INPUT);
  g_assert_nonnull (strstr (twice_error->message, "CHNCXR_0001_0"));

  /* a folder that is not a dataset names itself */
  g_autofree char *missing = g_build_filename (top, "nowhere", NULL);
  const char *const bad[] = { mont, missing, NULL };
  g_autoptr(GError) bad_error = NULL;
  g_autoptr(LbDataset) nothing = lb_dataset_load_folders (bad, &options, NULL, NULL, NULL,
                                                          &bad_error);
  g_assert_null (nothing);
  g_assert_nonnull (bad_error);
  g_assert_nonnull (strstr (bad_error->message, "nowhere"));
  lb_test_remove_tree (top);
}

static void
test_generic_manifest (void)
{
  g_autofree char *dir = lb_test_make_tmp_dir ();
  mkdirs (dir, "images");
  mkdirs (dir, "Masks"); /* case does not matter */
  guint8 image[S * S], mask[S * S];
  lb_phantom_generate (1, 5, S, image, mask);
  const char *names[] = { "a", "b", "c", "MCUCXR_0009_1" };
  for (gsize i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *ip = g_strdup_printf ("images/%s.png", names[i]);
      g_autofree char *mp = g_strdup_printf ("Masks/%s.png", names[i]);
      put (dir, ip, image);
      put (dir, mp, mask);
    }
  /* quoted fields, another column order, a row for a file that is not there */
  const char *manifest = "source,\"name\",note\n"
                         "hospital-A,a,\"first, quoted\"\n"
                         "hospital-B,b.png,\n"
                         "hospital-A,zzz,\n";
  g_autofree char *path = g_build_filename (dir, "manifest.csv", NULL);
  g_assert_true (g_file_set_contents (path, manifest, -1, NULL));

  g_autoptr(LbDataset) dataset = lb_test_load_dataset (dir, S, FALSE);
  g_assert_cmpuint (lb_dataset_get_n_pairs (dataset), ==, 4);
  g_assert_cmpstr (lb_dataset_get_source (dataset, (guint) lb_dataset_find (dataset, "a")), ==,
                   "hospital-A");
  g_assert_cmpstr (lb_dataset_get_source (dataset, (guint) lb_dataset_find (dataset, "b")), ==,
                   "hospital-B");
  /* not in the manifest: guessed from the NLM prefix, else "other" */
  g_assert_cmpstr (lb_dataset_get_source (dataset, (guint) lb_dataset_find (dataset, "c")), ==,
                   "other");
  g_assert_cmpstr (lb_dataset_get_source (dataset,
                                          (guint) lb_dataset_find (dataset, "MCUCXR_0009_1")),
                   ==, "montgomery");

  g_autoptr(JsonNode) json = lb_pairing_report_to_json (lb_dataset_get_report (dataset));
  JsonObject *object = json_node_get_object (json);
  g_assert_cmpint (json_object_get_int_member (object, "pairs"), ==, 4);
  JsonObject *by_source = json_object_get_object_member (object, "by_source");
  g_assert_cmpint (json_object_get_int_member (by_source, "hospital-A"), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (object, "layout"), ==, "generic");
  lb_test_remove_tree (dir);
}

static void
test_damaged_manifest (void)
{
  g_autofree char *dir = lb_test_make_tmp_dir ();
  mkdirs (dir, "images");
  mkdirs (dir, "masks");
  guint8 image[S * S], mask[S * S];
  lb_phantom_generate (1, 5, S, image, mask);
  put (dir, "images/a.png", image);
  put (dir, "masks/a.png", mask);
  /* A quote that is never closed: the manifest is set aside with a warning, not half read. */
  const char *manifest = "name,source\r\n"
                         "a,\"hospital-A\r\n";
  g_autofree char *path = g_build_filename (dir, "manifest.csv", NULL);
  g_assert_true (g_file_set_contents (path, manifest, -1, NULL));

  g_autoptr(LbDataset) dataset = lb_test_load_dataset (dir, S, FALSE);
  g_assert_cmpuint (lb_dataset_get_n_pairs (dataset), ==, 1);
  g_assert_cmpstr (lb_dataset_get_source (dataset, 0), ==, "other");
  const LbPairingReport *report = lb_dataset_get_report (dataset);
  g_assert_cmpuint (report->warnings->len, ==, 1);
  const LbFileNote *note = g_ptr_array_index (report->warnings, 0);
  g_assert_cmpint (note->code, ==, LB_ERROR_CORRUPT);
  g_assert_true (g_str_has_suffix (note->path, "manifest.csv"));
  g_assert_nonnull (strstr (note->message, "guessed from the names"));
  lb_test_remove_tree (dir);
}

int
main (int argc, char **argv)
{
  g_autofree char *cache = lb_test_isolate_cache ();
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/discover/kaggle", test_kaggle);
  g_test_add_func ("/discover/montgomery", test_montgomery);
  g_test_add_func ("/discover/shenzhen", test_shenzhen);
  g_test_add_func ("/discover/generic-manifest", test_generic_manifest);
  g_test_add_func ("/discover/damaged-manifest", test_damaged_manifest);
  g_test_add_func ("/discover/two-folders", test_two_folders);
  int status = g_test_run ();
  lb_test_remove_tree (cache);
  return status;
}
