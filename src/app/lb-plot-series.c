/* lb-plot-series.c — one chart series, kept reduced to a bounded number of buckets.
 * SPDX-License-Identifier: GPL-3.0-or-later */

#include "lb-config.h"

#include <math.h>

#include "lb-plot-series.h"

struct _LbPlotSeries
{
  GArray *x;          /* double, every point */
  GArray *y;
  GArray *buckets;    /* LbPlotBucket, each of 2^level points (the last one may hold fewer) */
  guint level;
  double y_min, y_max, x_max;
  gboolean any_finite;
  guint64 version;
};

LbPlotSeries *
lb_plot_series_new (void)
{
  LbPlotSeries *self = g_new0 (LbPlotSeries, 1);

  self->x = g_array_new (FALSE, FALSE, sizeof (double));
  self->y = g_array_new (FALSE, FALSE, sizeof (double));
  self->buckets = g_array_new (FALSE, FALSE, sizeof (LbPlotBucket));
  lb_plot_series_clear (self);
  return self;
}

void
lb_plot_series_free (LbPlotSeries *self)
{
  if (self == NULL)
    return;
  g_array_unref (self->x);
  g_array_unref (self->y);
  g_array_unref (self->buckets);
  g_free (self);
}

void
lb_plot_series_clear (LbPlotSeries *self)
{
  g_array_set_size (self->x, 0);
  g_array_set_size (self->y, 0);
  g_array_set_size (self->buckets, 0);
  self->level = 0;
  self->any_finite = FALSE;
  self->y_min = INFINITY;
  self->y_max = -INFINITY;
  self->x_max = -INFINITY;
  self->version++;
}

/* Adds one point to bucket B. */
static void
bucket_add (LbPlotBucket *b,
            double        x,
            double        y)
{
  b->count++;
  if (!isfinite (y))
    {
      b->gap_after = b->finite > 0;
      return;
    }
  if (b->finite == 0)
    {
      b->x_first = x;
      b->y_first = y;
      b->y_min = y;
      b->y_max = y;
    }
  b->x_last = x;
  b->y_last = y;
  b->y_min = MIN (b->y_min, y);
  b->y_max = MAX (b->y_max, y);
  b->finite++;
  b->gap_after = FALSE;
}

/* Bucket A followed by bucket B, as one. */
static LbPlotBucket
bucket_merge (const LbPlotBucket *a,
              const LbPlotBucket *b)
{
  LbPlotBucket m;

  if (a->finite == 0)
    {
      m = *b;
      m.count += a->count;
      return m;
    }
  m = *a;
  m.count += b->count;
  if (b->finite == 0)
    {
      m.gap_after = m.gap_after || b->count > 0;
      return m;
    }
  m.x_last = b->x_last;
  m.y_last = b->y_last;
  m.y_min = MIN (a->y_min, b->y_min);
  m.y_max = MAX (a->y_max, b->y_max);
  m.finite += b->finite;
  m.gap_after = b->gap_after;
  return m;
}

/* Halves the number of buckets by merging neighbours: every bucket then holds 2^(level + 1). */
static void
lb_plot_series_coarsen (LbPlotSeries *self)
{
  LbPlotBucket *b = (LbPlotBucket *) (void *) self->buckets->data;
  guint n = self->buckets->len;
  guint out = 0;

  for (guint i = 0; i < n; i += 2)
    b[out++] = i + 1 < n ? bucket_merge (&b[i], &b[i + 1]) : b[i];
  g_array_set_size (self->buckets, out);
  self->level++;
}

void
lb_plot_series_append (LbPlotSeries *self,
                       const double *x,
                       const double *y,
                       guint         n)
{
  for (guint i = 0; i < n; i++)
    {
      guint per_bucket = 1u << self->level;
      LbPlotBucket *last = self->buckets->len > 0
                             ? &g_array_index (self->buckets, LbPlotBucket,
                                               self->buckets->len - 1)
                             : NULL;

      g_array_append_val (self->x, x[i]);
      g_array_append_val (self->y, y[i]);
      self->x_max = MAX (self->x_max, x[i]);
      if (isfinite (y[i]))
        {
          self->any_finite = TRUE;
          self->y_min = MIN (self->y_min, y[i]);
          self->y_max = MAX (self->y_max, y[i]);
        }
      if (last != NULL && last->count >= per_bucket
          && self->buckets->len >= LB_PLOT_SERIES_MAX_BUCKETS)
        {
          /* Full: merge neighbours; the last bucket may then have room. */
          lb_plot_series_coarsen (self);
          per_bucket = 1u << self->level;
          last = &g_array_index (self->buckets, LbPlotBucket, self->buckets->len - 1);
        }
      if (last == NULL || last->count >= per_bucket)
        {
          LbPlotBucket fresh = { 0 };

          g_array_append_val (self->buckets, fresh);
          last = &g_array_index (self->buckets, LbPlotBucket, self->buckets->len - 1);
        }
      bucket_add (last, x[i], y[i]);
    }
  self->version++;
}

guint
lb_plot_series_get_n (const LbPlotSeries *self)
{
  return self->x->len;
}

double
lb_plot_series_x (const LbPlotSeries *self,
                  guint               i)
{
  return g_array_index (self->x, double, i);
}

double
lb_plot_series_y (const LbPlotSeries *self,
                  guint               i)
{
  return g_array_index (self->y, double, i);
}

const LbPlotBucket *
lb_plot_series_get_buckets (const LbPlotSeries *self,
                            guint              *n_buckets)
{
  *n_buckets = self->buckets->len;
  return (const LbPlotBucket *) (void *) self->buckets->data;
}

gboolean
lb_plot_series_get_range (const LbPlotSeries *self,
                          double             *y_min,
                          double             *y_max,
                          double             *x_max)
{
  *y_min = self->y_min;
  *y_max = self->y_max;
  *x_max = self->x_max;
  return self->any_finite;
}

int
lb_plot_series_nearest (const LbPlotSeries *self,
                        double              x)
{
  const double *xs = (const double *) (void *) self->x->data;
  guint lo = 0;
  guint hi = self->x->len;

  if (hi == 0)
    return -1;
  /* The first point with xs[i] >= x. */
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (xs[mid] < x)
        lo = mid + 1;
      else
        hi = mid;
    }
  if (lo == self->x->len)
    lo--;
  else if (lo > 0 && x - xs[lo - 1] <= xs[lo] - x)
    lo--;
  /* The first of equal x values, so that every series reads out the same point. */
  while (lo > 0 && xs[lo - 1] == xs[lo])
    lo--;
  return (int) lo;
}

guint64
lb_plot_series_get_version (const LbPlotSeries *self)
{
  return self->version;
}
