/* lb-prediction-edit.c — erosion, dilation, blur, sharpening and confidence of a prediction.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every filter is separable (rows, then columns) and treats pixels beyond the image as absent:
 * a window or kernel near the border covers fewer pixels, renormalised for the blur. */

#include "lb-config.h"

#include "lb-prediction-edit.h"

#include <math.h>

static const char *const edit_names[LB_PREDICTION_EDIT_COUNT] = {
  "as-is", "erode", "dilate", "blur", "sharpen", "overconfident", "underconfident",
};

static const char *const edit_labels[LB_PREDICTION_EDIT_COUNT] = {
  "As Predicted", "Eroded", "Dilated", "Blurred", "Sharpened", "Over-Confident",
  "Under-Confident",
};

/* Logits of probabilities within 1e-7 of 0 or 1. */
#define LOGIT_LIMIT 16.0

const char *
lb_prediction_edit_to_string (LbPredictionEdit edit)
{
  g_return_val_if_fail (edit < LB_PREDICTION_EDIT_COUNT, NULL);
  return edit_names[edit];
}

const char *
lb_prediction_edit_to_label (LbPredictionEdit edit)
{
  g_return_val_if_fail (edit < LB_PREDICTION_EDIT_COUNT, NULL);
  return edit_labels[edit];
}

gboolean
lb_prediction_edit_from_string (const char       *name,
                                LbPredictionEdit *edit)
{
  for (int e = 0; e < LB_PREDICTION_EDIT_COUNT; e++)
    if (g_strcmp0 (name, edit_names[e]) == 0)
      {
        *edit = (LbPredictionEdit) e;
        return TRUE;
      }
  return FALSE;
}

/* One pass of a filter along a line of N values at stride STRIDE, from SRC to DST. */
typedef void (*LineFilter) (const double *src, double *dst, int n, int stride,
                            const double *kernel, int radius);

static void
line_extreme (const double *src, double *dst, int n, int stride, const double *kernel, int radius,
              gboolean maximum)
{
  (void) kernel;
  for (int i = 0; i < n; i++)
    {
      double best = src[(gsize) i * stride];

      for (int j = MAX (0, i - radius); j <= MIN (n - 1, i + radius); j++)
        {
          double v = src[(gsize) j * stride];

          best = maximum ? MAX (best, v) : MIN (best, v);
        }
      dst[(gsize) i * stride] = best;
    }
}

static void
line_min (const double *src, double *dst, int n, int stride, const double *kernel, int radius)
{
  line_extreme (src, dst, n, stride, kernel, radius, FALSE);
}

static void
line_max (const double *src, double *dst, int n, int stride, const double *kernel, int radius)
{
  line_extreme (src, dst, n, stride, kernel, radius, TRUE);
}

static void
line_blur (const double *src, double *dst, int n, int stride, const double *kernel, int radius)
{
  for (int i = 0; i < n; i++)
    {
      double sum = 0, weight = 0;

      for (int j = MAX (0, i - radius); j <= MIN (n - 1, i + radius); j++)
        {
          sum += kernel[j - i + radius] * src[(gsize) j * stride];
          weight += kernel[j - i + radius];
        }
      dst[(gsize) i * stride] = sum / weight;
    }
}

/* FILTER along the rows, then the columns, of the SIZE × SIZE plane, in place. */
static void
filter_plane (double *plane, int size, LineFilter filter, const double *kernel, int radius)
{
  g_autofree double *tmp = g_new (double, (gsize) size * size);

  for (int r = 0; r < size; r++)
    filter (plane + (gsize) r * size, tmp + (gsize) r * size, size, 1, kernel, radius);
  for (int c = 0; c < size; c++)
    filter (tmp + c, plane + c, size, size, kernel, radius);
}

/* A Gaussian of standard deviation SIGMA over ±3σ; RADIUS receives its half-width. */
static double *
gaussian_kernel (double sigma, int *radius)
{
  double *kernel;

  *radius = MAX (1, (int) ceil (3 * sigma));
  kernel = g_new (double, 2 * *radius + 1);
  for (int k = -*radius; k <= *radius; k++)
    kernel[k + *radius] = exp (-0.5 * k * k / (sigma * sigma));
  return kernel;
}

static void
blur (double *plane, int size, double sigma)
{
  int radius;
  g_autofree double *kernel = gaussian_kernel (sigma, &radius);

  filter_plane (plane, size, line_blur, kernel, radius);
}

static double
logit (double p)
{
  return CLAMP (log (p) - log1p (-p), -LOGIT_LIMIT, LOGIT_LIMIT);
}

void
lb_prediction_edit_apply (LbPredictionEdit  edit,
                          int               strength,
                          const float      *logits,
                          int               size,
                          float            *out)
{
  gsize hw = (gsize) size * size;
  g_autofree double *z = g_new (double, hw);
  int s = CLAMP (strength, LB_PREDICTION_STRENGTH_MIN, LB_PREDICTION_STRENGTH_MAX);

  g_return_if_fail (edit < LB_PREDICTION_EDIT_COUNT && logits != out);
  for (gsize k = 0; k < hw; k++)
    z[k] = logits[k];
  switch (edit)
    {
    case LB_PREDICTION_AS_IS:
    case LB_PREDICTION_EDIT_COUNT:
      break;
    case LB_PREDICTION_ERODE:
      filter_plane (z, size, line_min, NULL, s);
      break;
    case LB_PREDICTION_DILATE:
      filter_plane (z, size, line_max, NULL, s);
      break;
    case LB_PREDICTION_BLUR:
      for (gsize k = 0; k < hw; k++)
        z[k] = 1 / (1 + exp (-z[k]));
      blur (z, size, s);
      for (gsize k = 0; k < hw; k++)
        z[k] = logit (z[k]);
      break;
    case LB_PREDICTION_SHARPEN:
      {
        /* Unsharp masking: z + s·(z − blur (z)) steepens every edge of the logits. */
        g_autofree double *smooth = g_memdup2 (z, hw * sizeof (double));

        blur (smooth, size, 2.0);
        for (gsize k = 0; k < hw; k++)
          z[k] += s * (z[k] - smooth[k]);
      }
      break;
    case LB_PREDICTION_OVERCONFIDENT:
      for (gsize k = 0; k < hw; k++)
        z[k] *= 1 + s / 2.0;
      break;
    case LB_PREDICTION_UNDERCONFIDENT:
      for (gsize k = 0; k < hw; k++)
        z[k] /= 1 + s / 2.0;
      break;
    }
  for (gsize k = 0; k < hw; k++)
    out[k] = (float) CLAMP (z[k], -100.0, 100.0);
}
