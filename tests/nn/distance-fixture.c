/* distance-fixture.c — the parser of tests/reference/distance.txt; its format is in
 * make-distance-reference.py.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "distance-fixture.h"

#include <stdio.h>
#include <string.h>

static void
read_token (FILE *f, char *buf, size_t size)
{
  char tok[128];

  if (fscanf (f, "%127s", tok) != 1)
    g_error ("distance fixture: unexpected end of file");
  if (g_strlcpy (buf, tok, size) >= size)
    g_error ("distance fixture: token “%s” too long", tok);
}

static double
read_double (FILE *f)
{
  double v;

  /* strtod, so "inf" reads as +inf */
  if (fscanf (f, "%lf", &v) != 1)
    g_error ("distance fixture: expected a number");
  return v;
}

static int
read_int (FILE *f)
{
  int v;

  if (fscanf (f, "%d", &v) != 1)
    g_error ("distance fixture: expected an integer");
  return v;
}

static void
expect_token (FILE *f, const char *want)
{
  char buf[128];

  read_token (f, buf, sizeof buf);
  if (strcmp (buf, want) != 0)
    g_error ("distance fixture: expected “%s”, found “%s”", want, buf);
}

/* H rows of W characters 0/1, whitespace-separated. */
static uint8_t *
read_rows (FILE *f, int h, int w)
{
  uint8_t *m = g_new (uint8_t, (size_t) h * w);
  char row[1024];

  g_assert_cmpint (w, <, (int) sizeof row - 1);
  for (int r = 0; r < h; r++)
    {
      if (fscanf (f, "%1023s", row) != 1 || (int) strlen (row) != w)
        g_error ("distance fixture: bad mask row");
      for (int c = 0; c < w; c++)
        {
          g_assert_true (row[c] == '0' || row[c] == '1');
          m[(size_t) r * w + c] = row[c] == '1';
        }
    }
  return m;
}

static double *
read_doubles (FILE *f, size_t count)
{
  double *v = g_new (double, count);

  for (size_t i = 0; i < count; i++)
    v[i] = read_double (f);
  return v;
}

NnSurfaceCase
distance_fixture_case_from_string (const char *s)
{
  if (strcmp (s, "both") == 0)
    return NN_SURFACE_BOTH;
  if (strcmp (s, "neither") == 0)
    return NN_SURFACE_NEITHER;
  if (strcmp (s, "no-prediction") == 0)
    return NN_SURFACE_NO_PREDICTION;
  if (strcmp (s, "no-truth") == 0)
    return NN_SURFACE_NO_TRUTH;
  g_error ("distance fixture: unknown case “%s”", s);
}

static void
read_metrics (FILE *f, FixMetrics *m)
{
  char surface[32];

  expect_token (f, "metrics");
  m->options.spacing.row = read_double (f);
  m->options.spacing.col = read_double (f);
  m->options.nsd_tolerance = read_double (f);
  m->options.biou_width = read_double (f);
  read_token (f, surface, sizeof surface);
  m->surface_case = distance_fixture_case_from_string (surface);
  for (int k = 0; k < NN_BOUNDARY_METRIC_COUNT; k++)
    m->value[k] = read_double (f); /* hd hd95 assd nsd biou: NnBoundaryMetric's order */
  m->na = read_int (f);
  m->nb = read_int (f);
}

static const char *const map_names[FIX_MAP_COUNT] = {
  "edt-fg", "edt-bg", "edt-bgo", "sdf", "contour",
};

DistanceFixture *
distance_fixture_load (void)
{
  const char *src = g_getenv ("LB_SOURCE_DIR");
  g_autofree char *path = NULL;
  DistanceFixture *fx = g_new0 (DistanceFixture, 1);
  char tok[128];
  FILE *f;

  path = g_build_filename (src != NULL ? src : ".", "tests", "reference", "distance.txt", NULL);
  f = fopen (path, "r");
  if (f == NULL)
    g_error ("cannot open the distance fixture %s (is LB_SOURCE_DIR set?)", path);
  fx->cases = g_array_new (FALSE, TRUE, sizeof (FixCase));
  fx->batches = g_array_new (FALSE, TRUE, sizeof (FixLossBatch));
  expect_token (f, "lossbench-distance-fixture");
  expect_token (f, "1");

  while (fscanf (f, "%127s", tok) == 1)
    {
      if (strcmp (tok, "case") == 0)
        {
          FixCase c = { 0 };
          size_t hw;

          read_token (f, c.name, sizeof c.name);
          c.h = read_int (f);
          c.w = read_int (f);
          g_assert_true (c.h > 0 && c.w > 0);
          hw = (size_t) c.h * c.w;
          expect_token (f, "pred");
          c.pred = read_rows (f, c.h, c.w);
          expect_token (f, "truth");
          c.truth = read_rows (f, c.h, c.w);
          expect_token (f, "edges");
          c.edges_pred = read_rows (f, c.h, c.w);
          c.edges_truth = read_rows (f, c.h, c.w);
          for (int k = 0; k < FIX_MAP_COUNT; k++)
            {
              expect_token (f, "map");
              expect_token (f, map_names[k]);
              c.spacing.row = read_double (f);
              c.spacing.col = read_double (f);
              c.map[k] = read_doubles (f, hw);
            }
          read_metrics (f, &c.metrics[0]);
          read_metrics (f, &c.metrics[1]);
          expect_token (f, "end");
          g_array_append_val (fx->cases, c);
        }
      else if (strcmp (tok, "lossbatch") == 0)
        {
          FixLossBatch b = { 0 };
          size_t m;
          double *tmp;

          read_token (f, b.name, sizeof b.name);
          b.n = read_int (f);
          b.h = read_int (f);
          b.w = read_int (f);
          b.spacing.row = read_double (f);
          b.spacing.col = read_double (f);
          m = (size_t) b.n * b.h * b.w;
          b.z = g_new (float, m);
          b.y = g_new (float, m);
          tmp = read_doubles (f, m);
          for (size_t i = 0; i < m; i++)
            b.z[i] = (float) tmp[i];
          g_free (tmp);
          tmp = read_doubles (f, m);
          for (size_t i = 0; i < m; i++)
            b.y[i] = (float) tmp[i];
          g_free (tmp);
          b.sdf = read_doubles (f, m);
          b.contour = read_doubles (f, m);
          expect_token (f, "boundary");
          b.boundary_value = read_double (f);
          b.boundary_grad = read_doubles (f, m);
          while (b.n_hdt < 3)
            {
              expect_token (f, "hdt");
              b.hdt[b.n_hdt].alpha = read_double (f);
              b.hdt[b.n_hdt].value = read_double (f);
              b.hdt[b.n_hdt].grad = read_doubles (f, m);
              b.n_hdt++;
            }
          g_array_append_val (fx->batches, b);
        }
      else
        g_error ("distance fixture: unexpected “%s”", tok);
    }
  fclose (f);
  return fx;
}

void
distance_fixture_free (DistanceFixture *fx)
{
  for (guint i = 0; i < fx->cases->len; i++)
    {
      FixCase *c = &g_array_index (fx->cases, FixCase, i);

      g_free (c->pred);
      g_free (c->truth);
      g_free (c->edges_pred);
      g_free (c->edges_truth);
      for (int k = 0; k < FIX_MAP_COUNT; k++)
        g_free (c->map[k]);
    }
  for (guint i = 0; i < fx->batches->len; i++)
    {
      FixLossBatch *b = &g_array_index (fx->batches, FixLossBatch, i);

      g_free (b->z);
      g_free (b->y);
      g_free (b->sdf);
      g_free (b->contour);
      g_free (b->boundary_grad);
      for (int k = 0; k < b->n_hdt; k++)
        g_free (b->hdt[k].grad);
    }
  g_array_unref (fx->cases);
  g_array_unref (fx->batches);
  g_free (fx);
}
