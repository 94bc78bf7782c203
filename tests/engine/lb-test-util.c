/* lb-test-util.c — helpers the engine and CLI tests share: temporary folders, real data, broken files.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "lb-test-util.h"

#include <errno.h>
#include <fcntl.h>
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "lb-image-io.h"
#include "lb-phantom.h"

char *
lb_test_shared_data (const char *name)
{
  const char *root = g_getenv ("LB_SHARED_DATA");
  if (root == NULL)
    {
      g_test_skip ("LB_SHARED_DATA is not set: run through meson test to use ../shared/data");
      return NULL;
    }
  char *path = g_build_filename (root, name, NULL);
  if (!g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_autofree char *message = g_strdup_printf ("%s is not there: real data absent, skipped",
                                                  path);
      g_test_skip (message);
      g_free (path);
      return NULL;
    }
  return path;
}

char *
lb_test_make_tmp_dir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("lossbench-test-XXXXXX", &error);
  g_assert_no_error (error);
  return dir;
}

char *
lb_test_isolate_cache (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("lossbench-test-cache-XXXXXX", &error);
  g_assert_no_error (error);
  g_setenv ("XDG_CACHE_HOME", dir, TRUE);
  return dir;
}

void
lb_test_remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  if (dir != NULL)
    {
      const char *name;
      while ((name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);
          g_chmod (child, 0700);
          if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
            lb_test_remove_tree (child);
          else
            g_unlink (child);
        }
    }
  g_rmdir (path);
}

char *
lb_test_write_phantom_folder (guint count, guint size)
{
  char *dir = lb_test_make_tmp_dir ();
  g_autoptr(GError) error = NULL;
  g_assert_true (lb_phantom_write_set (dir, count, size, 5, &error));
  g_assert_no_error (error);
  return dir;
}

void
lb_test_write_gray_png (const char   *path,
                        const guint8 *pixels,
                        int           width,
                        int           height)
{
  g_autoptr(GError) error = NULL;
  lb_image_save_gray_png (path, pixels, width, height, &error);
  g_assert_no_error (error);
}

/* CRC-32 as PNG defines it, written here again so that the test does not trust the encoder. */
static guint32
png_crc (const guint8 *data, gsize len)
{
  guint32 crc = 0xffffffffu;
  for (gsize i = 0; i < len; i++)
    {
      crc ^= data[i];
      for (int k = 0; k < 8; k++)
        crc = (crc & 1) ? 0xedb88320u ^ (crc >> 1) : crc >> 1;
    }
  return crc ^ 0xffffffffu;
}

static void
put_be32 (guint8 *p, guint32 v)
{
  p[0] = (guint8) (v >> 24);
  p[1] = (guint8) (v >> 16);
  p[2] = (guint8) (v >> 8);
  p[3] = (guint8) v;
}

void
lb_test_write_png_with_claimed_size (const char *path,
                                     int         claimed_width,
                                     int         claimed_height)
{
  guint8 pixels[16 * 16];
  memset (pixels, 100, sizeof pixels);
  g_autoptr(GBytes) png = lb_image_encode_png (pixels, 16, 16, 1, 8);
  gsize len = 0;
  g_autofree guint8 *data = g_memdup2 (g_bytes_get_data (png, &len), g_bytes_get_size (png));
  /* signature (8) + length (4) + "IHDR" (4) + 13 bytes of header + CRC */
  g_assert_cmpmem (data + 12, 4, "IHDR", 4);
  put_be32 (data + 16, (guint32) claimed_width);
  put_be32 (data + 20, (guint32) claimed_height);
  put_be32 (data + 29, png_crc (data + 12, 4 + 13));
  g_autoptr(GError) error = NULL;
  g_file_set_contents (path, (const char *) data, (gssize) len, &error);
  g_assert_no_error (error);
}

static void
write_bytes (const char *path, const void *data, gsize len)
{
  g_autoptr(GError) error = NULL;
  g_file_set_contents (path, data, (gssize) len, &error);
  g_assert_no_error (error);
}

static char *
png_bytes (const guint8 *pixels, int size, gsize *len)
{
  g_autoptr(GBytes) png = lb_image_encode_png (pixels, size, size, 1, 8);
  return g_memdup2 (g_bytes_get_data (png, len), g_bytes_get_size (png));
}

gboolean
lb_test_chmod_cannot_stop_reading (const char *folder)
{
  g_autofree char *path = g_build_filename (folder, "chmod-probe", NULL);
  write_bytes (path, "x", 1);
  g_chmod (path, 0);
  int fd = g_open (path, O_RDONLY, 0);
  gboolean readable = fd >= 0;
  if (fd >= 0)
    close (fd);
  g_chmod (path, 0600);
  g_unlink (path);
  return readable;
}

/* The cases, by stem (image in images/, mask in masks/):
 *   good_1, good_2, good_3  fine pairs (phantoms at 64²)
 *   truncated   image cut to half its bytes
 *   zero        image of 0 bytes
 *   text        a text file named text.png
 *   locked      image with permissions 000
 *   sizes       mask 48² for a 64² image
 *   gray        mask with values between 0 and 255 (kept, warned)
 *   empty       mask all 0 (kept, flagged)
 *   deep        16-bit image (kept; pixels equal to good_1's)
 *   huge        image header claiming 60000 × 60000
 *   damaged     image with its pixel data corrupted (header and end intact)
 *   dup         images/dup.png and images/dup.jpg
 *   lonely      an image without a mask
 *   orphan      a mask without an image
 *   notes.txt   a file that is not an image, in images/ */
void
lb_test_make_bad_input_folder (const char *folder)
{
  const int S = 64;
  g_autofree char *images = g_build_filename (folder, "images", NULL);
  g_autofree char *masks = g_build_filename (folder, "masks", NULL);
  g_assert_cmpint (g_mkdir_with_parents (images, 0755), ==, 0);
  g_assert_cmpint (g_mkdir_with_parents (masks, 0755), ==, 0);

  guint8 image[64 * 64], mask[64 * 64], first_image[64 * 64];
#define IMG(name) g_autofree char *img_##name = g_build_filename (images, #name ".png", NULL)
#define MSK(name) g_autofree char *msk_##name = g_build_filename (masks, #name ".png", NULL)

  for (int i = 0; i < 3; i++)
    {
      lb_phantom_generate (42, (guint) i, S, image, mask);
      if (i == 0)
        memcpy (first_image, image, sizeof image);
      g_autofree char *name = g_strdup_printf ("good_%d.png", i + 1);
      g_autofree char *ip = g_build_filename (images, name, NULL);
      g_autofree char *mp = g_build_filename (masks, name, NULL);
      lb_test_write_gray_png (ip, image, S, S);
      lb_test_write_gray_png (mp, mask, S, S);
    }
  /* every bad case below pairs with this valid mask unless it is about the mask */
  lb_phantom_generate (42, 0, S, image, mask);

  IMG (truncated); MSK (truncated);
  gsize len = 0;
  g_autofree char *png = png_bytes (image, S, &len);
  write_bytes (img_truncated, png, len / 2);
  lb_test_write_gray_png (msk_truncated, mask, S, S);

  IMG (zero); MSK (zero);
  write_bytes (img_zero, "", 0);
  lb_test_write_gray_png (msk_zero, mask, S, S);

  IMG (text); MSK (text);
  const char *text = "This is not an image.\nIt is a note somebody saved as text.png.\n";
  write_bytes (img_text, text, strlen (text));
  lb_test_write_gray_png (msk_text, mask, S, S);

  IMG (locked); MSK (locked);
  lb_test_write_gray_png (img_locked, image, S, S);
  lb_test_write_gray_png (msk_locked, mask, S, S);
  g_chmod (img_locked, 0);

  IMG (sizes); MSK (sizes);
  lb_test_write_gray_png (img_sizes, image, S, S);
  guint8 small[48 * 48];
  lb_image_resize_gray (mask, S, S, small, 48, 48);
  lb_test_write_gray_png (msk_sizes, small, 48, 48);

  IMG (gray); MSK (gray);
  lb_test_write_gray_png (img_gray, image, S, S);
  guint8 soft[64 * 64];
  for (int k = 0; k < S * S; k++)
    soft[k] = (guint8) (mask[k] ? 200 : 30); /* lung 200, background 30: thresholded > 127 */
  lb_test_write_gray_png (msk_gray, soft, S, S);

  IMG (empty); MSK (empty);
  lb_test_write_gray_png (img_empty, image, S, S);
  guint8 none[64 * 64] = { 0 };
  lb_test_write_gray_png (msk_empty, none, S, S);

  IMG (deep); MSK (deep);
  guint16 deep[64 * 64];
  for (int k = 0; k < S * S; k++)
    deep[k] = (guint16) (first_image[k] * 257u); /* exactly representable at 8 bits */
  g_autoptr(GBytes) deep_png = lb_image_encode_png (deep, S, S, 1, 16);
  write_bytes (img_deep, g_bytes_get_data (deep_png, NULL), g_bytes_get_size (deep_png));
  lb_test_write_gray_png (msk_deep, mask, S, S);

  IMG (huge); MSK (huge);
  lb_test_write_png_with_claimed_size (img_huge, 60000, 60000);
  lb_test_write_gray_png (msk_huge, mask, S, S);

  IMG (damaged); MSK (damaged);
  g_autofree char *damaged = png_bytes (image, S, &len);
  /* overwrite a run in the middle of IDAT: its CRC no longer matches, the deflate stream breaks */
  for (gsize k = len / 2 - 40; k < len / 2 + 40; k++)
    damaged[k] = (char) (damaged[k] ^ 0x5a);
  write_bytes (img_damaged, damaged, len);
  lb_test_write_gray_png (msk_damaged, mask, S, S);

  IMG (dup); MSK (dup);
  lb_test_write_gray_png (img_dup, image, S, S);
  g_autofree char *img_dup_jpg = g_build_filename (images, "dup.jpg", NULL);
  write_bytes (img_dup_jpg, png, len); /* content does not matter: the name clash does */
  lb_test_write_gray_png (msk_dup, mask, S, S);

  IMG (lonely);
  lb_test_write_gray_png (img_lonely, image, S, S);
  MSK (orphan);
  lb_test_write_gray_png (msk_orphan, mask, S, S);

  g_autofree char *notes = g_build_filename (images, "notes.txt", NULL);
  write_bytes (notes, "labels pending\n", 15);
#undef IMG
#undef MSK
}

LbDataset *
lb_test_load_dataset (const char *folder, guint size, gboolean use_cache)
{
  LbDatasetOptions options;
  lb_dataset_options_init (&options);
  options.size = size;
  options.use_cache = use_cache;
  g_autoptr(GError) error = NULL;
  LbDataset *dataset = lb_dataset_load (folder, &options, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (dataset);
  return dataset;
}

void
lb_test_write_claim (const char *dir, const char *host, gint64 pid, gint64 heartbeat,
                     const char *token)
{
  g_autofree char *path = g_build_filename (dir, "claim.json", NULL);
  g_autofree char *text = g_strdup_printf (
    "{\"host\": \"%s\", \"pid\": %" G_GINT64_FORMAT ", \"slurm_job\": null, \"slurm_task\": -1, "
    "\"claimed\": %" G_GINT64_FORMAT ", \"heartbeat\": %" G_GINT64_FORMAT ", \"token\": \"%s\"}",
    host, pid, heartbeat, heartbeat, token);
  g_assert_true (g_file_set_contents (path, text, -1, NULL));
}
