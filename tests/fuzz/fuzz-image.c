/* fuzz-image.c — the image wrapper: the header checks Lossbench makes itself (size, pixel
 * limit, a file cut short) and decoding to gray through GdkPixbuf.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "fuzz-input.h"
#include "lb-image-io.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  /* The probe reads the format from the bytes, not the name. */
  g_autofree char *path = lb_fuzz_write_input ("input.png", data, size);
  g_autoptr (GError) error = NULL;
  LbImageInfo info = { 0 };
  g_autofree guint8 *pixels = NULL;

  if (!lb_image_probe (path, &info, &error))
    {
      g_assert (error != NULL);
      return 0;
    }
  g_assert (info.width > 0 && info.height > 0);
  pixels = lb_image_decode_gray (path, &info, &error);
  if (pixels != NULL)
    {
      guint8 small[16 * 16];
      volatile unsigned sum = 0;

      /* Every pixel promised is there, and it resizes. */
      for (gsize i = 0; i < (gsize) info.width * (gsize) info.height; i++)
        sum += pixels[i];
      lb_image_resize_gray (pixels, info.width, info.height, small, 16, 16);
    }
  else
    g_assert (error != NULL);
  return 0;
}
