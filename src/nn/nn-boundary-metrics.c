/* nn-boundary-metrics.c — surface distances between edge sets, and the boundary-IoU band.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Four distance transforms per image: of ∂B (read at ∂A), of ∂A (read at ∂B), and of each mask's
 * complement with the outside (the band).  The empty cases are decided on exact pixel counts
 * before any distance is taken. */
#include "nn-boundary-metrics.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "nn-threads.h"

void
nn_boundary_options_default (NnBoundaryOptions *options)
{
  options->spacing.row = 1.0;
  options->spacing.col = 1.0;
  options->nsd_tolerance = 2.0;
  options->biou_width = 0.0;
}

const char *
nn_boundary_options_check (const NnBoundaryOptions *options)
{
  const NnSpacing *s = &options->spacing;

  if (!(isfinite (s->row) && isfinite (s->col) && s->row > 0 && s->col > 0))
    return "The pixel spacing must be a positive number in both directions.";
  if (!(isfinite (options->nsd_tolerance) && options->nsd_tolerance >= 0))
    return "The surface Dice tolerance τ must be zero or a positive distance.";
  if (!isfinite (options->biou_width))
    return "The boundary IoU width must be a distance (0 for 2 % of the image diagonal).";
  return NULL;
}

int64_t
nn_mask_edges (const uint8_t *mask, int h, int w, uint8_t *edges)
{
  int64_t count = 0;

  for (int r = 0; r < h; r++)
    for (int c = 0; c < w; c++)
      {
        size_t i = (size_t) r * w + c;
        bool edge = false;

        /* In the mask and not in its erosion by the cross: a 4-neighbour is background, or
         * outside the image (SciPy's border_value = 0). */
        if (mask[i] != 0)
          edge = r == 0 || r == h - 1 || c == 0 || c == w - 1 || mask[i - w] == 0
                 || mask[i + w] == 0 || mask[i - 1] == 0 || mask[i + 1] == 0;
        edges[i] = edge;
        count += edge;
      }
  return count;
}

static int
compare_doubles (const void *a, const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

/* NumPy's default percentile (method "linear") of the N ≥ 1 values V (sorted in place), Q in
 * [0, 1], including its way of interpolating (from the upper neighbour when the fraction is at
 * least 1/2), so the numbers agree to the last bit when the inputs do. */
static double
percentile_linear (double *v, int64_t n, double q)
{
  double at, lo, g, a, b, diff;
  int64_t i, j;

  qsort (v, (size_t) n, sizeof *v, compare_doubles);
  at = (double) (n - 1) * q;
  lo = floor (at);
  i = (int64_t) lo;
  j = i + 1 < n ? i + 1 : n - 1;
  g = at - lo;
  a = v[i];
  b = v[j];
  diff = b - a;
  return g >= 0.5 ? b - diff * (1.0 - g) : a + diff * g;
}

/* Scratch of one image. */
typedef struct
{
  uint8_t *edges_a, *edges_b;
  double *d2;
  double *da, *db; /* directed distances, at most H·W each */
} Work;

static bool
work_init (Work *wk, size_t hw)
{
  wk->edges_a = malloc (hw);
  wk->edges_b = malloc (hw);
  wk->d2 = malloc (sizeof (double) * hw);
  wk->da = malloc (sizeof (double) * hw);
  wk->db = malloc (sizeof (double) * hw);
  return wk->edges_a && wk->edges_b && wk->d2 && wk->da && wk->db;
}

static void
work_clear (Work *wk)
{
  free (wk->edges_a);
  free (wk->edges_b);
  free (wk->d2);
  free (wk->da);
  free (wk->db);
  memset (wk, 0, sizeof *wk);
}

/* The distances from the edge pixels FROM to the nearest edge pixel of TO into OUT (in FROM's
 * pixel order); returns their number, or −1. */
static int64_t
directed (const uint8_t *from,
          const uint8_t *to,
          int h,
          int w,
          const NnSpacing *spacing,
          double *d2,
          double *out)
{
  size_t hw = (size_t) h * (size_t) w;
  int64_t k = 0;

  if (nn_edt_squared (to, h, w, spacing, NN_DISTANCE_TO_FOREGROUND, d2) != 0)
    return -1;
  for (size_t i = 0; i < hw; i++)
    if (from[i])
      out[k++] = sqrt (d2[i]);
  return k;
}

static int
measure (const uint8_t *pred,
         const uint8_t *truth,
         int h,
         int w,
         const NnBoundaryOptions *o,
         Work *wk,
         NnBoundaryMetrics *out)
{
  size_t hw = (size_t) h * (size_t) w;
  const NnSpacing *sp = &o->spacing;
  double diagonal = nn_image_diagonal (h, w, sp);
  double tau = o->nsd_tolerance;
  double width = o->biou_width > 0 ? o->biou_width : 0.02 * diagonal;
  double larger = sp->row > sp->col ? sp->row : sp->col;
  double sum = 0, max_a = 0, max_b = 0;
  int64_t fg_a = 0, fg_b = 0, na, nb, within = 0, inter = 0, uni = 0;
  NnBoundaryMetrics m;

  memset (&m, 0, sizeof m);
  for (size_t i = 0; i < hw; i++)
    {
      fg_a += pred[i] != 0;
      fg_b += truth[i] != 0;
    }
  if (fg_a == 0 || fg_b == 0)
    {
      bool neither = fg_a == 0 && fg_b == 0;
      double distance = neither ? 0.0 : diagonal, score = neither ? 1.0 : 0.0;

      m.surface_case = neither ? NN_SURFACE_NEITHER
                       : fg_a == 0 ? NN_SURFACE_NO_PREDICTION
                                   : NN_SURFACE_NO_TRUTH;
      m.missed = !neither;
      m.value[NN_BOUNDARY_HD] = m.value[NN_BOUNDARY_HD95] = m.value[NN_BOUNDARY_ASSD] = distance;
      m.value[NN_BOUNDARY_NSD] = m.value[NN_BOUNDARY_IOU] = score;
      m.pred_edge_pixels = fg_a > 0 ? nn_mask_edges (pred, h, w, wk->edges_a) : 0;
      m.truth_edge_pixels = fg_b > 0 ? nn_mask_edges (truth, h, w, wk->edges_b) : 0;
      *out = m;
      return 0;
    }

  /* Surface distances.  A non-empty mask has at least one edge pixel (its top row's). */
  m.surface_case = NN_SURFACE_BOTH;
  m.pred_edge_pixels = nn_mask_edges (pred, h, w, wk->edges_a);
  m.truth_edge_pixels = nn_mask_edges (truth, h, w, wk->edges_b);
  na = directed (wk->edges_a, wk->edges_b, h, w, sp, wk->d2, wk->da);
  nb = directed (wk->edges_b, wk->edges_a, h, w, sp, wk->d2, wk->db);
  if (na < 1 || nb < 1)
    return -1;
  for (int64_t k = 0; k < na; k++)
    {
      sum += wk->da[k];
      within += wk->da[k] <= tau;
      if (wk->da[k] > max_a)
        max_a = wk->da[k];
    }
  for (int64_t k = 0; k < nb; k++)
    {
      sum += wk->db[k];
      within += wk->db[k] <= tau;
      if (wk->db[k] > max_b)
        max_b = wk->db[k];
    }
  m.value[NN_BOUNDARY_HD] = max_a > max_b ? max_a : max_b;
  m.value[NN_BOUNDARY_ASSD] = sum / (double) (na + nb);
  m.value[NN_BOUNDARY_NSD] = (double) within / (double) (na + nb);
  {
    double pa = percentile_linear (wk->da, na, 0.95);
    double pb = percentile_linear (wk->db, nb, 0.95);

    m.value[NN_BOUNDARY_HD95] = pa > pb ? pa : pb;
  }

  /* Boundary IoU: the bands of A (kept in edges_a) and of B. */
  if (width < larger)
    width = larger;
  if (nn_edt_squared (pred, h, w, sp, NN_DISTANCE_TO_BACKGROUND_OR_OUTSIDE, wk->d2) != 0)
    return -1;
  for (size_t i = 0; i < hw; i++)
    wk->edges_a[i] = pred[i] != 0 && sqrt (wk->d2[i]) <= width;
  if (nn_edt_squared (truth, h, w, sp, NN_DISTANCE_TO_BACKGROUND_OR_OUTSIDE, wk->d2) != 0)
    return -1;
  for (size_t i = 0; i < hw; i++)
    {
      bool band_a = wk->edges_a[i], band_b = truth[i] != 0 && sqrt (wk->d2[i]) <= width;

      inter += band_a && band_b;
      uni += band_a || band_b;
    }
  /* Both bands hold their masks' edge pixels, so UNI > 0 here. */
  m.value[NN_BOUNDARY_IOU] = (double) inter / (double) uni;
  m.missed = false;
  *out = m;
  return 0;
}

int
nn_boundary_metrics (const uint8_t *pred,
                     const uint8_t *truth,
                     int h,
                     int w,
                     const NnBoundaryOptions *options,
                     NnBoundaryMetrics *out)
{
  NnBoundaryOptions defaults;
  Work wk;
  int status = -1;

  if (options == NULL)
    {
      nn_boundary_options_default (&defaults);
      options = &defaults;
    }
  if (h < 1 || w < 1 || nn_boundary_options_check (options) != NULL)
    return -1;
  if (work_init (&wk, (size_t) h * (size_t) w))
    status = measure (pred, truth, h, w, options, &wk, out);
  work_clear (&wk);
  return status;
}

typedef struct
{
  const float *logits, *masks;
  int n, h, w;
  const NnBoundaryOptions *options;
  NnBoundaryMetrics *per_image;
  int status[NN_MAX_THREADS];
} BatchCtx;

static void
batch_thread (void *data, int tid, int nthreads)
{
  BatchCtx *ctx = data;
  size_t hw = (size_t) ctx->h * (size_t) ctx->w;
  uint8_t *a = NULL, *b = NULL;
  long begin, end;
  Work wk;
  bool ok;

  nn_split (ctx->n, tid, nthreads, &begin, &end);
  if (begin == end)
    return;
  a = malloc (hw);
  b = malloc (hw);
  ok = work_init (&wk, hw) && a != NULL && b != NULL;
  for (long i = begin; ok && i < end; i++)
    {
      const float *z = ctx->logits + (size_t) i * hw;
      const float *y = ctx->masks + (size_t) i * hw;

      for (size_t j = 0; j < hw; j++)
        {
          a[j] = z[j] > 0.0f;
          b[j] = y[j] > 0.5f;
        }
      ok = measure (a, b, ctx->h, ctx->w, ctx->options, &wk, &ctx->per_image[i]) == 0;
    }
  work_clear (&wk);
  free (a);
  free (b);
  ctx->status[tid] = ok ? 0 : -1;
}

int
nn_boundary_metrics_from_logits (const float *logits,
                                 const float *masks,
                                 int n,
                                 int h,
                                 int w,
                                 const NnBoundaryOptions *options,
                                 NnBoundaryMetrics *per_image)
{
  NnBoundaryOptions defaults;
  BatchCtx ctx = { .logits = logits, .masks = masks, .n = n, .h = h, .w = w,
                   .per_image = per_image };
  int threads;

  if (options == NULL)
    {
      nn_boundary_options_default (&defaults);
      options = &defaults;
    }
  if (n < 0 || h < 1 || w < 1 || nn_boundary_options_check (options) != NULL)
    return -1;
  if (n == 0)
    return 0;
  ctx.options = options;
  threads = nn_get_threads ();
  nn_parallel (batch_thread, &ctx, n < threads ? n : threads);
  for (int t = 0; t < NN_MAX_THREADS; t++)
    if (ctx.status[t] != 0)
      return -1;
  return 0;
}

void
nn_boundary_summarize (const NnBoundaryMetrics *rows, int n, NnBoundarySummary *summary)
{
  memset (summary, 0, sizeof *summary);
  if (n <= 0)
    return;
  summary->n_images = n;
  for (int i = 0; i < n; i++)
    {
      summary->n_missed += rows[i].missed;
      for (int k = 0; k < NN_BOUNDARY_METRIC_COUNT; k++)
        summary->mean[k] += rows[i].value[k];
    }
  for (int k = 0; k < NN_BOUNDARY_METRIC_COUNT; k++)
    summary->mean[k] /= n;
}

static const char *const metric_strings[NN_BOUNDARY_METRIC_COUNT] = {
  [NN_BOUNDARY_HD] = "hd",
  [NN_BOUNDARY_HD95] = "hd95",
  [NN_BOUNDARY_ASSD] = "assd",
  [NN_BOUNDARY_NSD] = "nsd",
  [NN_BOUNDARY_IOU] = "boundary_iou",
};

static const char *const metric_labels[NN_BOUNDARY_METRIC_COUNT] = {
  [NN_BOUNDARY_HD] = "HD",
  [NN_BOUNDARY_HD95] = "HD95",
  [NN_BOUNDARY_ASSD] = "ASSD",
  [NN_BOUNDARY_NSD] = "NSD",
  [NN_BOUNDARY_IOU] = "Boundary IoU",
};

const char *
nn_boundary_metric_to_string (NnBoundaryMetric metric)
{
  return (unsigned) metric < NN_BOUNDARY_METRIC_COUNT ? metric_strings[metric] : NULL;
}

const char *
nn_boundary_metric_to_label (NnBoundaryMetric metric)
{
  return (unsigned) metric < NN_BOUNDARY_METRIC_COUNT ? metric_labels[metric] : NULL;
}

bool
nn_boundary_metric_lower_is_better (NnBoundaryMetric metric)
{
  return metric == NN_BOUNDARY_HD || metric == NN_BOUNDARY_HD95 || metric == NN_BOUNDARY_ASSD;
}
