/* lb-overlay-render.c — an X-ray with its mask or a prediction painted over it, as RGBA pixels:
 * whole and square for thumbnails, or the part a zoomed view shows at the screen's resolution.
 * SPDX-License-Identifier: GPL-3.0-or-later */

#include "lb-config.h"

#include <math.h>

#include "lb-overlay-render.h"

enum
{
  CLASS_NONE,
  CLASS_MASK,  /* mask only: lung */
  CLASS_TP,
  CLASS_FP,
  CLASS_FN,
};

/* Green for what is right, red for lung predicted where there is none, blue for lung missed:
 * three hues apart enough for the common colour-vision deficiencies when paired with contour. */
static const guint8 class_rgb[][3] = {
  { 0, 0, 0 },
  { 51, 209, 122 },
  { 51, 209, 122 },
  { 237, 51, 59 },
  { 53, 132, 228 },
};

const guint8 *
lb_overlay_key_rgb (LbOverlayKey key)
{
  g_return_val_if_fail (key <= LB_OVERLAY_MISSED, class_rgb[CLASS_NONE]);
  return class_rgb[CLASS_TP + key];
}

void
lb_overlay_style_init (LbOverlayStyle *style)
{
  style->opacity = 0.45;
  style->contour = FALSE;
  style->window = 255;
  style->level = 127.5;
}

/* Window/level on the gray, then the classes painted over it, filled or outlined. With
 * @border_is_edge a class touching the border is outlined there (a whole picture); without,
 * the border is where the view cuts the picture, not where a region ends. */
static GBytes *
paint (const guint8         *gray,
       const guint8         *cls,
       int                   width,
       int                   height,
       gboolean              border_is_edge,
       const LbOverlayStyle *style)
{
  gsize plane = (gsize) width * height;
  guint8 *rgba = g_malloc (plane * 4);
  double lo = style->level - style->window / 2;
  double scale = 255.0 / MAX (style->window, 1);
  double lut[256];

  for (int v = 0; v < 256; v++)
    lut[v] = CLAMP ((v - lo) * scale, 0, 255);

  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      {
        gsize o = (gsize) y * width + x;
        double v = lut[gray[o]];
        guint8 c = cls[o];
        guint8 *px = rgba + 4 * o;
        double a = 0;

        if (c != CLASS_NONE)
          {
            gboolean edge;

            if (x == 0 || y == 0 || x == width - 1 || y == height - 1)
              edge = border_is_edge
                     || (x > 0 && cls[o - 1] != c) || (x < width - 1 && cls[o + 1] != c)
                     || (y > 0 && cls[o - width] != c) || (y < height - 1 && cls[o + width] != c);
            else
              edge = cls[o - 1] != c || cls[o + 1] != c || cls[o - width] != c
                     || cls[o + width] != c;

            /* A contour is drawn opaque enough to see at any opacity but 0. */
            if (style->contour)
              a = edge ? MIN (1, style->opacity * 2) : 0;
            else
              a = style->opacity;
          }
        px[0] = (guint8) (v * (1 - a) + class_rgb[c][0] * a);
        px[1] = (guint8) (v * (1 - a) + class_rgb[c][1] * a);
        px[2] = (guint8) (v * (1 - a) + class_rgb[c][2] * a);
        px[3] = 255;
      }
  return g_bytes_new_take (rgba, plane * 4);
}

GBytes *
lb_overlay_render (const guint8         *image,
                   const guint8         *mask,
                   const float          *prediction,
                   guint                 size,
                   guint                 out_size,
                   const LbOverlayStyle *style)
{
  guint n = out_size;
  gsize plane = (gsize) n * n;
  g_autofree guint8 *gray = g_malloc (plane);
  g_autofree guint8 *cls = g_malloc0 (plane);

  g_return_val_if_fail (out_size > 0 && out_size <= size, NULL);

  /* Box-average each output pixel's source block: gray by mean, labels by majority. */
  for (guint oy = 0; oy < n; oy++)
    {
      guint y0 = oy * size / n;
      guint y1 = MAX ((oy + 1) * size / n, y0 + 1);

      for (guint ox = 0; ox < n; ox++)
        {
          guint x0 = ox * size / n;
          guint x1 = MAX ((ox + 1) * size / n, x0 + 1);
          guint sum = 0;
          guint in_mask = 0;
          guint in_pred = 0;
          guint count = (y1 - y0) * (x1 - x0);

          for (guint y = y0; y < y1; y++)
            for (guint x = x0; x < x1; x++)
              {
                gsize k = (gsize) y * size + x;

                sum += image[k];
                in_mask += mask != NULL && mask[k] != 0;
                in_pred += prediction != NULL && prediction[k] > 0.5f;
              }

          gsize o = (gsize) oy * n + ox;
          gboolean m = 2 * in_mask > count;
          gboolean p = 2 * in_pred > count;
          gray[o] = (guint8) (sum / count);
          if (prediction == NULL)
            cls[o] = m ? CLASS_MASK : CLASS_NONE;
          else
            cls[o] = m && p ? CLASS_TP : p ? CLASS_FP : m ? CLASS_FN : CLASS_NONE;
        }
    }

  return paint (gray, cls, (int) n, (int) n, TRUE, style);
}

/* How one plane is read along one axis: for each screen pixel, the two level pixels around its
 * centre and the weight of the second (0 when read pixel by pixel). */
typedef struct
{
  int *i0;
  int *i1;
  float *w1;
} Axis;

static void
axis_init (Axis   *axis,
           int     n,
           double  origin,
           double  step,
           double  scale,
           int     level_size,
           gboolean nearest)
{
  axis->i0 = g_new (int, n);
  axis->i1 = g_new (int, n);
  axis->w1 = g_new (float, n);
  for (int i = 0; i < n; i++)
    {
      /* The screen pixel's centre in level pixels, whose centres sit at k + ½. */
      double u = (origin + (i + 0.5) * step) * scale;

      if (nearest)
        {
          axis->i0[i] = axis->i1[i] = CLAMP ((int) floor (u), 0, level_size - 1);
          axis->w1[i] = 0;
        }
      else
        {
          double t = u - 0.5;
          int k = (int) floor (t);

          axis->w1[i] = (float) (t - k);
          axis->i0[i] = CLAMP (k, 0, level_size - 1);
          axis->i1[i] = CLAMP (k + 1, 0, level_size - 1);
        }
    }
}

static void
axis_clear (Axis *axis)
{
  g_free (axis->i0);
  g_free (axis->i1);
  g_free (axis->w1);
}

/* @pyramid read at every screen pixel of the region into @out (out_width × out_height). */
static void
sample_plane (const LbImagePyramid *pyramid,
              const LbOverlayPlanes *planes,
              double                x0,
              double                y0,
              double                step,
              int                   out_width,
              int                   out_height,
              float                *out)
{
  /* Level-0 pixels under one screen pixel, along the wider-sampled axis. */
  double footprint = step * MAX ((double) lb_image_pyramid_get_width (pyramid) / planes->width,
                                 (double) lb_image_pyramid_get_height (pyramid) / planes->height);
  int level = lb_image_pyramid_choose_level (pyramid, footprint);
  gboolean nearest = footprint <= 0.25;
  int lw, lh;
  const guint8 *pixels = lb_image_pyramid_get_level (pyramid, level, &lw, &lh);
  Axis ax, ay;

  axis_init (&ax, out_width, x0, step, (double) lw / planes->width, lw, nearest);
  axis_init (&ay, out_height, y0, step, (double) lh / planes->height, lh, nearest);
  for (int j = 0; j < out_height; j++)
    {
      const guint8 *r0 = pixels + (gsize) ay.i0[j] * lw;
      const guint8 *r1 = pixels + (gsize) ay.i1[j] * lw;
      float wy = ay.w1[j];
      float *row = out + (gsize) j * out_width;

      for (int i = 0; i < out_width; i++)
        {
          float top = r0[ax.i0[i]] + ax.w1[i] * (r0[ax.i1[i]] - r0[ax.i0[i]]);
          float bottom = r1[ax.i0[i]] + ax.w1[i] * (r1[ax.i1[i]] - r1[ax.i0[i]]);

          row[i] = top + wy * (bottom - top);
        }
    }
  axis_clear (&ax);
  axis_clear (&ay);
}

GBytes *
lb_overlay_render_region (const LbOverlayPlanes *planes,
                          double                 x0,
                          double                 y0,
                          double                 step,
                          int                    out_width,
                          int                    out_height,
                          const LbOverlayStyle  *style)
{
  gsize n;
  g_autofree float *values = NULL;
  g_autofree guint8 *gray = NULL;
  g_autofree guint8 *cls = NULL;

  g_return_val_if_fail (planes != NULL && planes->image != NULL, NULL);
  g_return_val_if_fail (planes->width > 0 && planes->height > 0 && step > 0, NULL);
  g_return_val_if_fail (out_width > 0 && out_height > 0, NULL);

  n = (gsize) out_width * out_height;
  values = g_new (float, n);
  gray = g_malloc (n);
  cls = g_malloc0 (n);
  sample_plane (planes->image, planes, x0, y0, step, out_width, out_height, values);
  for (gsize k = 0; k < n; k++)
    gray[k] = (guint8) (values[k] + 0.5f);
  if (planes->mask != NULL)
    {
      sample_plane (planes->mask, planes, x0, y0, step, out_width, out_height, values);
      for (gsize k = 0; k < n; k++)
        cls[k] = values[k] >= 127.5f ? CLASS_MASK : CLASS_NONE;
    }
  if (planes->prediction != NULL)
    {
      sample_plane (planes->prediction, planes, x0, y0, step, out_width, out_height, values);
      for (gsize k = 0; k < n; k++)
        {
          gboolean m = cls[k] == CLASS_MASK;
          gboolean p = values[k] >= 127.5f;

          cls[k] = m && p ? CLASS_TP : p ? CLASS_FP : m ? CLASS_FN : CLASS_NONE;
        }
    }
  return paint (gray, cls, out_width, out_height, FALSE, style);
}
