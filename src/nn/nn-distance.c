/* nn-distance.c — the Felzenszwalb–Huttenlocher exact Euclidean distance transform and the
 * signed and contour distance maps built from it.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Pass 1 runs down and up every column at once (row-major, so both sweeps stream through
 * memory): g = the number of rows to the nearest target pixel of the same column.  Pass 2 takes
 * f(q) = (g·sr)² along each row and keeps the lower envelope of the parabolas
 * sc²·(x − q)² + f(q), q over the row's columns with a finite f; reading the envelope at every
 * column gives the squared distance.  Columns without any target have f = +inf: they are left
 * out of the envelope rather than entered as huge numbers, whose differences would round. */
#include "nn-distance.h"

#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "nn-threads.h"

/* Per-row scratch of pass 2: the row's f, and the envelope's sites v (with their f) and the
 * boundaries z between them; up to W + 2 sites (the row's columns and, with the outside as
 * target, columns −1 and W). */
typedef struct
{
  double *f;
  int *v;
  double *fv;
  double *z;
} LineScratch;

static bool
line_scratch_init (LineScratch *s, int w)
{
  size_t m = (size_t) w + 3;

  s->f = malloc (sizeof (double) * m);
  s->v = malloc (sizeof (int) * m);
  s->fv = malloc (sizeof (double) * m);
  s->z = malloc (sizeof (double) * (m + 1));
  return s->f != NULL && s->v != NULL && s->fv != NULL && s->z != NULL;
}

static void
line_scratch_clear (LineScratch *s)
{
  free (s->f);
  free (s->v);
  free (s->fv);
  free (s->z);
  memset (s, 0, sizeof *s);
}

static bool
spacing_of (const NnSpacing *spacing, double *sr, double *sc)
{
  *sr = spacing != NULL ? spacing->row : 1.0;
  *sc = spacing != NULL ? spacing->col : 1.0;
  return isfinite (*sr) && isfinite (*sc) && *sr > 0 && *sc > 0;
}

static inline bool
is_target (uint8_t m, NnDistanceTo to)
{
  return to == NN_DISTANCE_TO_FOREGROUND ? m != 0 : m == 0;
}

/* The lower envelope of the parabolas S2·(x − q)² + F[q] (finite F only; with OUTSIDE also
 * q = −1 and q = W with F = 0), read at x = 0 … W − 1 into OUT. */
static void
envelope_row (const double *f, int w, double s2, bool outside, LineScratch *s, double *out)
{
  int *v = s->v;
  double *fv = s->fv, *z = s->z;
  int k = -1;
  int first = outside ? -1 : 0, last = outside ? w : w - 1;

  for (int qi = first; qi <= last; qi++)
    {
      double fq = qi >= 0 && qi < w ? f[qi] : 0.0;
      double q = qi, x = -INFINITY;

      if (fq == INFINITY)
        continue;
      /* Drop the sites the new parabola hides: those whose stretch of the envelope starts at
       * or right of where the new one takes over.  z[0] = −inf stops the loop at the first. */
      while (k >= 0)
        {
          double p = v[k];

          x = ((fq + s2 * q * q) - (fv[k] + s2 * p * p)) / (2.0 * s2 * (q - p));
          if (x > z[k])
            break;
          k--;
        }
      k++;
      v[k] = qi;
      fv[k] = fq;
      z[k] = k == 0 ? -INFINITY : x;
    }

  if (k < 0)
    {
      for (int x = 0; x < w; x++)
        out[x] = INFINITY;
      return;
    }
  z[k + 1] = INFINITY;
  for (int x = 0, j = 0; x < w; x++)
    {
      double dx;

      while (z[j + 1] < x)
        j++;
      dx = (double) (x - v[j]);
      out[x] = s2 * dx * dx + fv[j];
    }
}

/* nn_edt_squared () with the caller's line scratch. */
static void
edt_squared (const uint8_t *mask,
             int h,
             int w,
             double sr,
             double sc,
             NnDistanceTo to,
             double *d2,
             LineScratch *s)
{
  bool outside = to == NN_DISTANCE_TO_BACKGROUND_OR_OUTSIDE;
  double sr2 = sr * sr, sc2 = sc * sc;

  /* Pass 1, rows apart to the nearest target of the column, in D2: down, then up.  Outside
   * the image counts as a target at rows −1 and H when OUTSIDE. */
  for (int r = 0; r < h; r++)
    {
      const uint8_t *m = mask + (size_t) r * w;
      double *g = d2 + (size_t) r * w;
      const double *above = r > 0 ? g - w : NULL;

      for (int c = 0; c < w; c++)
        {
          if (is_target (m[c], to))
            g[c] = 0.0;
          else if (above != NULL)
            g[c] = above[c] + 1.0;
          else
            g[c] = outside ? 1.0 : INFINITY;
        }
    }
  for (int r = h - 1; r >= 0; r--)
    {
      double *g = d2 + (size_t) r * w;
      const double *below = r + 1 < h ? g + w : NULL;

      for (int c = 0; c < w; c++)
        {
          double from_below = below != NULL ? below[c] + 1.0 : (outside ? 1.0 : INFINITY);

          if (from_below < g[c])
            g[c] = from_below;
        }
    }

  /* Pass 2, along each row. */
  for (int r = 0; r < h; r++)
    {
      double *g = d2 + (size_t) r * w;

      for (int c = 0; c < w; c++)
        s->f[c] = g[c] == INFINITY ? INFINITY : sr2 * g[c] * g[c];
      envelope_row (s->f, w, sc2, outside, s, g);
    }
}

int
nn_edt_squared (const uint8_t *mask,
                int h,
                int w,
                const NnSpacing *spacing,
                NnDistanceTo to,
                double *d2)
{
  LineScratch s;
  double sr, sc;
  bool ok;

  if (h < 1 || w < 1 || !spacing_of (spacing, &sr, &sc))
    return -1;
  ok = line_scratch_init (&s, w);
  if (ok)
    edt_squared (mask, h, w, sr, sc, to, d2, &s);
  line_scratch_clear (&s);
  return ok ? 0 : -1;
}

int
nn_edt (const uint8_t *mask,
        int h,
        int w,
        const NnSpacing *spacing,
        NnDistanceTo to,
        double *d)
{
  size_t hw = (size_t) h * (size_t) w;

  if (nn_edt_squared (mask, h, w, spacing, to, d) != 0)
    return -1;
  for (size_t i = 0; i < hw; i++)
    d[i] = sqrt (d[i]);
  return 0;
}

typedef enum
{
  MAP_SIGNED,
  MAP_CONTOUR,
} MapKind;

/* The signed or contour map of MASK into OUT, with TMP (H×W doubles) and S as scratch. */
static void
distance_map (const uint8_t *mask,
              int h,
              int w,
              double sr,
              double sc,
              MapKind kind,
              double *out,
              double *tmp,
              LineScratch *s)
{
  size_t hw = (size_t) h * (size_t) w, fg = 0;
  double s_min = sr < sc ? sr : sc;

  for (size_t i = 0; i < hw; i++)
    fg += mask[i] != 0;
  if (fg == 0 || fg == hw)
    {
      /* No contour in the image (header comment). */
      for (size_t i = 0; i < hw; i++)
        out[i] = 0.0;
      return;
    }
  edt_squared (mask, h, w, sr, sc, NN_DISTANCE_TO_FOREGROUND, out, s);
  edt_squared (mask, h, w, sr, sc, NN_DISTANCE_TO_BACKGROUND, tmp, s);
  for (size_t i = 0; i < hw; i++)
    {
      if (mask[i] == 0)
        out[i] = sqrt (out[i]);
      else if (kind == MAP_SIGNED)
        out[i] = s_min - sqrt (tmp[i]); /* +0 on the edge, never −0 */
      else
        out[i] = sqrt (tmp[i]);
    }
}

static int
distance_map_one (const uint8_t *mask,
                  int h,
                  int w,
                  const NnSpacing *spacing,
                  MapKind kind,
                  double *out)
{
  LineScratch s;
  double sr, sc, *tmp;
  bool ok;

  if (h < 1 || w < 1 || !spacing_of (spacing, &sr, &sc))
    return -1;
  tmp = malloc (sizeof (double) * (size_t) h * (size_t) w);
  ok = line_scratch_init (&s, w) && tmp != NULL;
  if (ok)
    distance_map (mask, h, w, sr, sc, kind, out, tmp, &s);
  line_scratch_clear (&s);
  free (tmp);
  return ok ? 0 : -1;
}

int
nn_signed_distance (const uint8_t *mask,
                    int h,
                    int w,
                    const NnSpacing *spacing,
                    double *sdf)
{
  return distance_map_one (mask, h, w, spacing, MAP_SIGNED, sdf);
}

int
nn_contour_distance (const uint8_t *mask,
                     int h,
                     int w,
                     const NnSpacing *spacing,
                     double *d)
{
  return distance_map_one (mask, h, w, spacing, MAP_CONTOUR, d);
}

/* ---- batches, threaded over images ------------------------------------------------------ */

typedef enum
{
  BATCH_EDT,     /* uint8 masks in, distances (double) out */
  BATCH_SIGNED,  /* float masks in, signed maps (float) out */
  BATCH_CONTOUR, /* float masks in, contour maps (float) out */
} BatchKind;

typedef struct
{
  BatchKind kind;
  const uint8_t *masks_u8;
  const float *masks_f;
  int n, h, w;
  double sr, sc;
  NnDistanceTo to;
  double *out_d;
  float *out_f;
  int status[NN_MAX_THREADS];
} BatchCtx;

static void
batch_thread (void *data, int tid, int nthreads)
{
  BatchCtx *ctx = data;
  size_t hw = (size_t) ctx->h * (size_t) ctx->w;
  long begin, end;
  LineScratch s;
  uint8_t *m = NULL;
  double *a = NULL, *b = NULL;
  bool ok;

  nn_split (ctx->n, tid, nthreads, &begin, &end);
  if (begin == end)
    return;
  ok = line_scratch_init (&s, ctx->w);
  if (ctx->kind != BATCH_EDT)
    {
      m = malloc (hw);
      a = malloc (sizeof (double) * hw);
      b = malloc (sizeof (double) * hw);
      ok = ok && m != NULL && a != NULL && b != NULL;
    }
  for (long i = begin; ok && i < end; i++)
    {
      if (ctx->kind == BATCH_EDT)
        {
          double *d = ctx->out_d + (size_t) i * hw;

          edt_squared (ctx->masks_u8 + (size_t) i * hw, ctx->h, ctx->w, ctx->sr, ctx->sc,
                       ctx->to, d, &s);
          for (size_t j = 0; j < hw; j++)
            d[j] = sqrt (d[j]);
        }
      else
        {
          const float *y = ctx->masks_f + (size_t) i * hw;
          float *out = ctx->out_f + (size_t) i * hw;

          for (size_t j = 0; j < hw; j++)
            m[j] = y[j] > 0.5f;
          distance_map (m, ctx->h, ctx->w, ctx->sr, ctx->sc,
                        ctx->kind == BATCH_SIGNED ? MAP_SIGNED : MAP_CONTOUR, a, b, &s);
          for (size_t j = 0; j < hw; j++)
            out[j] = (float) a[j];
        }
    }
  line_scratch_clear (&s);
  free (m);
  free (a);
  free (b);
  ctx->status[tid] = ok ? 0 : -1;
}

static int
run_batch (BatchCtx *ctx, const NnSpacing *spacing)
{
  if (ctx->n < 0 || ctx->h < 1 || ctx->w < 1 || !spacing_of (spacing, &ctx->sr, &ctx->sc))
    return -1;
  if (ctx->n == 0)
    return 0;
  memset (ctx->status, 0, sizeof ctx->status);
  nn_parallel (batch_thread, ctx, ctx->n < nn_get_threads () ? ctx->n : nn_get_threads ());
  for (int t = 0; t < NN_MAX_THREADS; t++)
    if (ctx->status[t] != 0)
      return -1;
  return 0;
}

int
nn_signed_distance_batch (const float *masks,
                          int n,
                          int h,
                          int w,
                          const NnSpacing *spacing,
                          float *sdf)
{
  BatchCtx ctx = { .kind = BATCH_SIGNED, .masks_f = masks, .n = n, .h = h, .w = w,
                   .out_f = sdf };

  return run_batch (&ctx, spacing);
}

int
nn_contour_distance_batch (const float *masks,
                           int n,
                           int h,
                           int w,
                           const NnSpacing *spacing,
                           float *d)
{
  BatchCtx ctx = { .kind = BATCH_CONTOUR, .masks_f = masks, .n = n, .h = h, .w = w,
                   .out_f = d };

  return run_batch (&ctx, spacing);
}

int
nn_edt_batch (const uint8_t *masks,
              int n,
              int h,
              int w,
              const NnSpacing *spacing,
              NnDistanceTo to,
              double *d)
{
  BatchCtx ctx = { .kind = BATCH_EDT, .masks_u8 = masks, .n = n, .h = h, .w = w, .to = to,
                   .out_d = d };

  return run_batch (&ctx, spacing);
}

double
nn_image_diagonal (int h, int w, const NnSpacing *spacing)
{
  double sr = spacing != NULL ? spacing->row : 1.0;
  double sc = spacing != NULL ? spacing->col : 1.0;

  return hypot ((double) h * sr, (double) w * sc);
}
