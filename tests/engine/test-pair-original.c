/* test-pair-original.c — a pair at its files' own size: aspect, pixels, the mask rules the
 * loader also applies, pairs without files, files gone, a real Montgomery original.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <glib/gstdio.h>
#include <string.h>

#include "lb-error.h"
#include "lb-pair-original.h"
#include "lb-test-util.h"

#define W 60
#define H 40

/* A gradient, so that a transposed or resized image cannot pass for the original. */
static void
make_image (guint8 *pixels)
{
  for (int y = 0; y < H; y++)
    for (int x = 0; x < W; x++)
      pixels[y * W + x] = (guint8) (3 * x + 2 * y);
}

/* A lung rectangle at VALUE, a gray rim at 100 around it (thresholded away at > 127). */
static void
make_mask (guint8 *pixels, guint8 value, int x0, int x1)
{
  memset (pixels, 0, W * H);
  for (int y = 5; y < 35; y++)
    for (int x = x0 - 1; x <= x1; x++)
      pixels[y * W + x] = x == x0 - 1 || x == x1 ? (value == 1 ? 0 : 100) : value;
}

static char *
make_folder (const char *root, const char *images)
{
  g_autofree char *folder = g_build_filename (root, "set", NULL);
  g_autofree char *image_dir = g_build_filename (folder, images, NULL);
  g_mkdir_with_parents (image_dir, 0755);
  guint8 image[W * H];
  make_image (image);
  g_autofree char *image_path = g_build_filename (image_dir, "wide_0001.png", NULL);
  lb_test_write_gray_png (image_path, image, W, H);
  return g_steal_pointer (&folder);
}

static void
write_mask (const char *folder, const char *dir, guint8 value, int x0, int x1)
{
  g_autofree char *mask_dir = g_build_filename (folder, dir, NULL);
  g_mkdir_with_parents (mask_dir, 0755);
  guint8 mask[W * H];
  make_mask (mask, value, x0, x1);
  g_autofree char *path = g_build_filename (mask_dir, "wide_0001.png", NULL);
  lb_test_write_gray_png (path, mask, W, H);
}

static gsize
count_lung (const LbPairOriginal *original)
{
  gsize lung = 0;
  for (gsize k = 0; k < (gsize) original->width * original->height; k++)
    {
      g_assert_cmpuint (original->mask[k], <=, 1);
      lung += original->mask[k];
    }
  return lung;
}

static void
test_own_size (void)
{
  g_autofree char *root = lb_test_make_tmp_dir ();
  g_autofree char *folder = make_folder (root, "images");
  write_mask (folder, "masks", 255, 10, 50);
  g_autoptr (LbDataset) dataset = lb_test_load_dataset (folder, 16, FALSE);
  g_autoptr (GError) error = NULL;

  /* The dataset holds it at 16 × 16; the close look at its own 60 × 40. */
  g_assert_cmpint (lb_dataset_get_pair (dataset, 0)->width, ==, W);
  g_autoptr (LbPairOriginal) original = lb_pair_original_load (dataset, 0, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (original->from_files);
  g_assert_cmpint (original->width, ==, W);
  g_assert_cmpint (original->height, ==, H);
  guint8 image[W * H];
  make_image (image);
  g_assert_cmpmem (original->image, W * H, image, W * H);
  /* The gray rim is not lung: 40 columns × 30 rows are. */
  g_assert_cmpuint (count_lung (original), ==, 40 * 30);
  g_assert_cmpuint (original->mask[20 * W + 10], ==, 1);
  g_assert_cmpuint (original->mask[20 * W + 9], ==, 0);
  g_assert_cmpuint (original->mask[4 * W + 20], ==, 0);

  /* Stopped before it starts. */
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  g_cancellable_cancel (cancellable);
  g_assert_null (lb_pair_original_load (dataset, 0, cancellable, &error));
  g_assert_error (error, LB_ERROR, LB_ERROR_CANCELLED);
  g_clear_error (&error);

  /* The file went away after loading: the decoder's sentence, which names it. */
  g_autofree char *image_path = g_build_filename (folder, "images", "wide_0001.png", NULL);
  g_assert_cmpint (g_unlink (image_path), ==, 0);
  g_assert_null (lb_pair_original_load (dataset, 0, NULL, &error));
  g_assert_error (error, LB_ERROR, LB_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "wide_0001.png"));
  lb_test_remove_tree (root);
}

static void
test_montgomery_merged (void)
{
  g_autofree char *root = lb_test_make_tmp_dir ();
  g_autofree char *folder = make_folder (root, "CXR_png");
  /* Left and right lung in two files: their union, at full size. */
  write_mask (folder, "ManualMask/leftMask", 255, 5, 20);
  write_mask (folder, "ManualMask/rightMask", 255, 40, 55);
  g_autoptr (LbDataset) dataset = lb_test_load_dataset (folder, 16, FALSE);
  g_autoptr (GError) error = NULL;
  g_autoptr (LbPairOriginal) original = lb_pair_original_load (dataset, 0, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (count_lung (original), ==, 2 * 15 * 30);
  g_assert_cmpuint (original->mask[20 * W + 10], ==, 1);
  g_assert_cmpuint (original->mask[20 * W + 45], ==, 1);

  LbImageInfo info = { 0 };
  LbPairFlags flags;
  const char *failed = NULL;
  g_autofree char *remark = NULL;
  g_autofree guint8 *merged = lb_pair_decode_mask (lb_dataset_get_pair (dataset, 0), &info,
                                                   &flags, &remark, &failed, &error);
  g_assert_no_error (error);
  g_assert_cmpint (info.width, ==, W);
  /* The gray rims make it not binary; the caller thresholds. */
  g_assert_cmpint (flags, ==, LB_PAIR_FLAG_NON_BINARY_MASK);
  g_assert_nonnull (strstr (remark, "thresholded at > 127"));
  g_assert_null (failed);
  g_assert_cmpuint (merged[20 * W + 4], ==, 100);
  g_assert_cmpuint (merged[20 * W + 10], ==, 255);
  g_assert_cmpuint (merged[20 * W + 45], ==, 255);
  lb_test_remove_tree (root);
}

static void
test_zero_one (void)
{
  g_autofree char *root = lb_test_make_tmp_dir ();
  g_autofree char *folder = make_folder (root, "images");
  write_mask (folder, "masks", 1, 10, 50);
  g_autoptr (LbDataset) dataset = lb_test_load_dataset (folder, 16, FALSE);
  g_autoptr (GError) error = NULL;
  g_autoptr (LbPairOriginal) original = lb_pair_original_load (dataset, 0, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (count_lung (original), ==, 40 * 30);
  g_assert_true (lb_dataset_get_flags (dataset, 0) & LB_PAIR_FLAG_ZERO_ONE_MASK);
  lb_test_remove_tree (root);
}

static void
test_demo (void)
{
  g_autoptr (LbDataset) dataset = lb_dataset_new_demo (3, 32, 7, LB_NORMALIZATION_POSTER, NULL);
  g_autoptr (GError) error = NULL;

  g_assert_null (lb_dataset_get_pair (dataset, 1)->image_path);
  g_autoptr (LbPairOriginal) original = lb_pair_original_load (dataset, 1, NULL, &error);
  g_assert_no_error (error);
  g_assert_false (original->from_files);
  g_assert_cmpint (original->width, ==, 32);
  g_assert_cmpint (original->height, ==, 32);
  g_assert_cmpmem (original->image, 32 * 32, lb_dataset_get_image_u8 (dataset, 1), 32 * 32);
  const float *mask = lb_dataset_get_masks (dataset) + 32 * 32;
  for (guint k = 0; k < 32 * 32; k++)
    g_assert_cmpuint (original->mask[k], ==, mask[k] > 0.5f);
}

static void
test_real_original (void)
{
  g_autofree char *data = lb_test_shared_data ("cxr-original");
  if (data == NULL)
    return;
  /* One pair, linked into a folder of its own: decoding all ten would only cost time. */
  g_autofree char *root = lb_test_make_tmp_dir ();
  const char *name = "MCUCXR_0258_1.png";
  for (guint i = 0; i < 2; i++)
    {
      const char *sub = i == 0 ? "images" : "masks";
      g_autofree char *dir = g_build_filename (root, sub, NULL);
      g_autofree char *target = g_build_filename (data, sub, name, NULL);
      g_autofree char *link = g_build_filename (dir, name, NULL);
      g_mkdir_with_parents (dir, 0755);
      g_assert_cmpint (symlink (target, link), ==, 0);
    }
  g_autoptr (LbDataset) dataset = lb_test_load_dataset (root, 32, FALSE);
  g_autoptr (GError) error = NULL;
  g_autoptr (LbPairOriginal) original = lb_pair_original_load (dataset, 0, NULL, &error);
  g_assert_no_error (error);
  /* Taller than wide: the training size squeezes it 22 % wider than it is. */
  g_assert_cmpint (original->width, ==, 4020);
  g_assert_cmpint (original->height, ==, 4892);
  gsize lung = count_lung (original);
  double fraction = (double) lung / (4020.0 * 4892.0);
  g_assert_cmpfloat (fraction, >, 0.1);
  g_assert_cmpfloat (fraction, <, 0.5);
  lb_test_remove_tree (root);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_autofree char *cache = lb_test_isolate_cache ();
  g_test_add_func ("/pair-original/own-size", test_own_size);
  g_test_add_func ("/pair-original/montgomery-merged", test_montgomery_merged);
  g_test_add_func ("/pair-original/zero-one", test_zero_one);
  g_test_add_func ("/pair-original/demo", test_demo);
  g_test_add_func ("/pair-original/real-original", test_real_original);
  int status = g_test_run ();
  lb_test_remove_tree (cache);
  return status;
}
