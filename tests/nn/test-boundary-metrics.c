/* test-boundary-metrics.c — edges, HD, HD95, ASSD, NSD and boundary IoU against SciPy
 * (tests/reference/distance.txt) and hand-computed cases; the empty-mask rules.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <glib.h>
#include <math.h>
#include <string.h>

#include "distance-fixture.h"
#include "nn-boundary-metrics.h"
#include "nn-threads.h"

#define TOL 1e-5 /* px or mm; the bound (the agreement reached is printed) */

static void
assert_metrics (const NnBoundaryMetrics *m, double hd, double hd95, double assd, double nsd,
                double biou)
{
  g_assert_cmpfloat_with_epsilon (m->value[NN_BOUNDARY_HD], hd, 1e-12);
  g_assert_cmpfloat_with_epsilon (m->value[NN_BOUNDARY_HD95], hd95, 1e-12);
  g_assert_cmpfloat_with_epsilon (m->value[NN_BOUNDARY_ASSD], assd, 1e-12);
  g_assert_cmpfloat_with_epsilon (m->value[NN_BOUNDARY_NSD], nsd, 1e-12);
  g_assert_cmpfloat_with_epsilon (m->value[NN_BOUNDARY_IOU], biou, 1e-12);
}

/* Edges are mask minus erosion by the cross, the outside counting as background. */
static void
test_edges (void)
{
  /* 4×5: a 3×3 block touching the top border, and an isolated pixel */
  const uint8_t m[20] = { 1, 1, 1, 0, 0,
                          1, 1, 1, 0, 1,
                          1, 1, 1, 0, 0,
                          0, 0, 0, 0, 0 };
  const uint8_t want[20] = { 1, 1, 1, 0, 0,
                             1, 0, 1, 0, 1,
                             1, 1, 1, 0, 0,
                             0, 0, 0, 0, 0 };
  uint8_t e[20];

  g_assert_cmpint (nn_mask_edges (m, 4, 5, e), ==, 9);
  g_assert_cmpmem (e, sizeof e, want, sizeof want);

  /* diagonal neighbours do not matter (connectivity 1): the centre of a plus is interior */
  {
    const uint8_t plus[9] = { 0, 1, 0, 1, 1, 1, 0, 1, 0 };
    uint8_t pe[9];

    g_assert_cmpint (nn_mask_edges (plus, 3, 3, pe), ==, 4);
    g_assert_cmpint (pe[4], ==, 0);
  }
}

/* Two single pixels (3, 4) apart: every distance is 5. */
static void
test_two_points (void)
{
  uint8_t a[64] = { 0 }, b[64] = { 0 };
  NnBoundaryOptions o;
  NnBoundaryMetrics m;

  a[1 * 8 + 1] = 1;
  b[4 * 8 + 5] = 1;
  nn_boundary_options_default (&o);
  g_assert_cmpint (nn_boundary_metrics (a, b, 8, 8, &o, &m), ==, 0);
  g_assert_cmpint (m.surface_case, ==, NN_SURFACE_BOTH);
  g_assert_false (m.missed);
  g_assert_cmpint (m.pred_edge_pixels, ==, 1);
  g_assert_cmpint (m.truth_edge_pixels, ==, 1);
  assert_metrics (&m, 5, 5, 5, 0, 0);
  o.nsd_tolerance = 5; /* d ≤ τ counts */
  g_assert_cmpint (nn_boundary_metrics (a, b, 8, 8, &o, &m), ==, 0);
  g_assert_cmpfloat (m.value[NN_BOUNDARY_NSD], ==, 1.0);
  /* in mm: rows 0.5 apart, columns 2: √(1.5² + 8²) */
  o.spacing.row = 0.5;
  o.spacing.col = 2.0;
  o.nsd_tolerance = 2;
  g_assert_cmpint (nn_boundary_metrics (a, b, 8, 8, &o, &m), ==, 0);
  g_assert_cmpfloat_with_epsilon (m.value[NN_BOUNDARY_HD], sqrt (1.5 * 1.5 + 64), 1e-12);
}

/* HD95 is MONAI's: each direction's 95th percentile (NumPy "linear"), then the larger.
 * A = one pixel at the left end of a 1×21 row, B = the whole row.  d(A→B) = {0};
 * d(B→A) = {0, 1, …, 20}: P95 at (21 − 1)·0.95 = 19, so HD95 = 19.  medpy, pooling
 * {0, 0, 1, …, 20}, would give 19.95. */
static void
test_hd95_convention (void)
{
  uint8_t a[21] = { 0 }, b[21];
  NnBoundaryMetrics m;

  a[0] = 1;
  memset (b, 1, sizeof b);
  g_assert_cmpint (nn_boundary_metrics (a, b, 1, 21, NULL, &m), ==, 0);
  g_assert_cmpint (m.truth_edge_pixels, ==, 21); /* a one-row image is all border */
  /* ASSD (0 + 210) / 22; NSD at 2: {0} and {0, 1, 2} → 4 / 22.  Boundary IoU: width
   * max (0.02·√(1 + 441), 1) = 1: A's band is A, B's band is all of B → 1/21. */
  assert_metrics (&m, 20, 19, 210.0 / 22, 4.0 / 22, 1.0 / 21);
}

/* losses-beyond.md: both empty → 0, 0, 0, 1 (and boundary IoU 1); one empty → the diagonal,
 * NSD 0, boundary IoU 0, missed. */
static void
test_empty_rules (void)
{
  uint8_t empty[30] = { 0 }, some[30] = { 0 }, full[30];
  NnBoundaryOptions o;
  NnBoundaryMetrics m;
  double diagonal;

  some[7] = some[8] = 1;
  memset (full, 1, sizeof full);
  nn_boundary_options_default (&o);
  o.spacing.row = 0.7;
  o.spacing.col = 1.9;
  diagonal = hypot (5 * 0.7, 6 * 1.9);
  /* Not ==: GCC folds this hypot of constants correctly rounded, and the C library's hypot at
   * run time may be an ulp away (glibc's is, on aarch64). */
  g_assert_cmpfloat_with_epsilon (nn_image_diagonal (5, 6, &o.spacing), diagonal, 1e-12);

  g_assert_cmpint (nn_boundary_metrics (empty, empty, 5, 6, &o, &m), ==, 0);
  g_assert_cmpint (m.surface_case, ==, NN_SURFACE_NEITHER);
  g_assert_false (m.missed);
  assert_metrics (&m, 0, 0, 0, 1, 1);

  g_assert_cmpint (nn_boundary_metrics (empty, some, 5, 6, &o, &m), ==, 0);
  g_assert_cmpint (m.surface_case, ==, NN_SURFACE_NO_PREDICTION);
  g_assert_true (m.missed);
  g_assert_cmpint (m.pred_edge_pixels, ==, 0);
  g_assert_cmpint (m.truth_edge_pixels, ==, 2);
  assert_metrics (&m, diagonal, diagonal, diagonal, 0, 0);

  g_assert_cmpint (nn_boundary_metrics (full, empty, 5, 6, &o, &m), ==, 0);
  g_assert_cmpint (m.surface_case, ==, NN_SURFACE_NO_TRUTH);
  g_assert_true (m.missed);
  g_assert_cmpint (m.pred_edge_pixels, ==, 18); /* the border ring of 5×6 */
  assert_metrics (&m, diagonal, diagonal, diagonal, 0, 0);

  /* A missed image scores worse than any hit: the diagonal exceeds every distance between two
   * pixel centres, here the full mask against one corner pixel. */
  {
    uint8_t corner[30] = { 0 };
    NnBoundaryMetrics hit;

    corner[0] = 1;
    g_assert_cmpint (nn_boundary_metrics (full, corner, 5, 6, &o, &hit), ==, 0);
    g_assert_cmpfloat (hit.value[NN_BOUNDARY_HD], <, diagonal);
    g_assert_cmpfloat_with_epsilon (hit.value[NN_BOUNDARY_HD], hypot (4 * 0.7, 5 * 1.9), 1e-12);
  }

  /* Full against full: identical, so perfect, and not an empty case. */
  g_assert_cmpint (nn_boundary_metrics (full, full, 5, 6, &o, &m), ==, 0);
  g_assert_cmpint (m.surface_case, ==, NN_SURFACE_BOTH);
  assert_metrics (&m, 0, 0, 0, 1, 1);

  /* Never NaN, and the summary counts the missed images and keeps them in the means. */
  {
    NnBoundaryMetrics rows[3];
    NnBoundarySummary s;

    g_assert_cmpint (nn_boundary_metrics (empty, empty, 5, 6, &o, &rows[0]), ==, 0);
    g_assert_cmpint (nn_boundary_metrics (empty, some, 5, 6, &o, &rows[1]), ==, 0);
    g_assert_cmpint (nn_boundary_metrics (some, some, 5, 6, &o, &rows[2]), ==, 0);
    nn_boundary_summarize (rows, 3, &s);
    g_assert_cmpint (s.n_images, ==, 3);
    g_assert_cmpint (s.n_missed, ==, 1);
    g_assert_cmpfloat_with_epsilon (s.mean[NN_BOUNDARY_HD95], diagonal / 3, 1e-12);
    g_assert_cmpfloat_with_epsilon (s.mean[NN_BOUNDARY_NSD], 2.0 / 3, 1e-12);
    nn_boundary_summarize (rows, 0, &s);
    g_assert_cmpint (s.n_images, ==, 0);
    g_assert_cmpfloat (s.mean[NN_BOUNDARY_HD], ==, 0);
  }
}

static void
check_against (const FixCase *c, const FixMetrics *want, double *worst_distance,
               double *worst_ratio)
{
  NnBoundaryMetrics m;

  if (nn_boundary_metrics (c->pred, c->truth, c->h, c->w, &want->options, &m) != 0)
    g_error ("%s: nn_boundary_metrics failed", c->name);
  if (m.surface_case != want->surface_case)
    g_error ("%s: case %d, SciPy's %d", c->name, m.surface_case, want->surface_case);
  g_assert_cmpint (m.missed, ==,
                   want->surface_case == NN_SURFACE_NO_PREDICTION
                     || want->surface_case == NN_SURFACE_NO_TRUTH);
  g_assert_cmpint (m.pred_edge_pixels, ==, want->na);
  g_assert_cmpint (m.truth_edge_pixels, ==, want->nb);
  for (int k = 0; k < NN_BOUNDARY_METRIC_COUNT; k++)
    {
      double d = fabs (m.value[k] - want->value[k]);
      bool distance = nn_boundary_metric_lower_is_better (k);

      g_assert_true (isfinite (m.value[k]));
      /* NSD and boundary IoU are ratios of counts: they agree or the counts differ. */
      if (!(d <= (distance ? TOL : 1e-12)))
        g_error ("%s (spacing %g × %g, τ %g, width %g): %s %.12g, SciPy %.12g", c->name,
                 want->options.spacing.row, want->options.spacing.col,
                 want->options.nsd_tolerance, want->options.biou_width,
                 nn_boundary_metric_to_string (k), m.value[k], want->value[k]);
      if (distance)
        *worst_distance = MAX (*worst_distance, d);
      else
        *worst_ratio = MAX (*worst_ratio, d);
    }
}

/* 72 mask pairs × (pixels, the case's spacing, τ and width) against torch_distance.py
 * (scipy.ndimage binary_erosion, distance_transform_edt with sampling=, np.percentile). */
static void
test_against_scipy (void)
{
  DistanceFixture *fx = distance_fixture_load ();
  double worst_distance = 0, worst_ratio = 0;
  int measured = 0, empty_cases = 0;

  for (guint ci = 0; ci < fx->cases->len; ci++)
    {
      FixCase *c = &g_array_index (fx->cases, FixCase, ci);
      size_t hw = (size_t) c->h * c->w;
      g_autofree uint8_t *e = g_new (uint8_t, hw);
      int64_t count = 0;

      for (size_t i = 0; i < hw; i++)
        count += c->edges_pred[i];
      g_assert_cmpint (nn_mask_edges (c->pred, c->h, c->w, e), ==, count);
      g_assert_cmpmem (e, hw, c->edges_pred, hw);
      count = 0;
      for (size_t i = 0; i < hw; i++)
        count += c->edges_truth[i];
      g_assert_cmpint (nn_mask_edges (c->truth, c->h, c->w, e), ==, count);
      g_assert_cmpmem (e, hw, c->edges_truth, hw);

      for (int k = 0; k < 2; k++)
        {
          check_against (c, &c->metrics[k], &worst_distance, &worst_ratio);
          measured += c->metrics[k].surface_case == NN_SURFACE_BOTH;
          empty_cases += c->metrics[k].surface_case != NN_SURFACE_BOTH;
        }
    }
  g_assert_cmpint (measured, >=, 100);
  g_test_message ("%u mask pairs, %d measured and %d empty-rule metric rows; largest "
                  "difference from SciPy: distances %.2g, NSD/boundary IoU %.2g",
                  fx->cases->len, measured, empty_cases, worst_distance, worst_ratio);
  distance_fixture_free (fx);
}

/* From logits and float masks, threaded: the per-image results, for 1 and 2 threads. */
static void
test_from_logits (void)
{
  DistanceFixture *fx = distance_fixture_load ();
  /* the largest image size that at least three fixture cases share, as one batch */
  int h = 0, w = 0, n = 0, best = 0;
  GArray *picked = g_array_new (FALSE, FALSE, sizeof (guint));

  for (guint ci = 0; ci < fx->cases->len; ci++)
    {
      FixCase *c = &g_array_index (fx->cases, FixCase, ci);
      int count = 0;

      for (guint cj = 0; cj < fx->cases->len; cj++)
        {
          FixCase *d = &g_array_index (fx->cases, FixCase, cj);
          count += d->h == c->h && d->w == c->w;
        }
      if (count >= 3 && c->h * c->w > h * w)
        {
          best = count;
          h = c->h;
          w = c->w;
        }
    }
  for (guint ci = 0; ci < fx->cases->len; ci++)
    {
      FixCase *c = &g_array_index (fx->cases, FixCase, ci);

      if (c->h == h && c->w == w)
        g_array_append_val (picked, ci);
    }
  n = (int) picked->len;
  g_assert_cmpint (n, ==, best);
  g_assert_cmpint (n, >=, 3);
  {
    size_t hw = (size_t) h * w;
    g_autofree float *z = g_new (float, n * hw);
    g_autofree float *y = g_new (float, n * hw);
    g_autofree NnBoundaryMetrics *rows1 = g_new (NnBoundaryMetrics, n);
    g_autofree NnBoundaryMetrics *rows2 = g_new (NnBoundaryMetrics, n);

    for (int i = 0; i < n; i++)
      {
        FixCase *c = &g_array_index (fx->cases, FixCase, g_array_index (picked, guint, i));

        for (size_t j = 0; j < hw; j++)
          {
            /* z = 0 is background, as in nn-metrics */
            z[i * hw + j] = c->pred[j] ? 0.25f + (float) j : (j % 2 ? 0.0f : -3.0f);
            y[i * hw + j] = c->truth[j] ? 1.0f : 0.0f;
          }
      }
    nn_set_threads (1);
    g_assert_cmpint (nn_boundary_metrics_from_logits (z, y, n, h, w, NULL, rows1), ==, 0);
    nn_set_threads (2);
    g_assert_cmpint (nn_boundary_metrics_from_logits (z, y, n, h, w, NULL, rows2), ==, 0);
    g_assert_cmpmem (rows1, n * sizeof *rows1, rows2, n * sizeof *rows2);
    for (int i = 0; i < n; i++)
      {
        FixCase *c = &g_array_index (fx->cases, FixCase, g_array_index (picked, guint, i));
        double a, b;

        for (int k = 0; k < NN_BOUNDARY_METRIC_COUNT; k++)
          {
            a = rows1[i].value[k];
            b = c->metrics[0].value[k];
            g_assert_cmpfloat_with_epsilon (a, b, TOL);
          }
      }
    g_test_message ("%d images of %d×%d from logits: same rows on 1 and 2 threads", n, h, w);
  }
  g_array_unref (picked);
  distance_fixture_free (fx);
}

static void
test_options_and_names (void)
{
  NnBoundaryOptions o;
  NnBoundaryMetrics m;
  uint8_t a[4] = { 1, 0, 0, 0 };

  nn_boundary_options_default (&o);
  g_assert_null (nn_boundary_options_check (&o));
  g_assert_cmpfloat (o.nsd_tolerance, ==, 2.0);
  o.spacing.row = 0;
  g_assert_nonnull (nn_boundary_options_check (&o));
  g_assert_cmpint (nn_boundary_metrics (a, a, 2, 2, &o, &m), ==, -1);
  nn_boundary_options_default (&o);
  o.nsd_tolerance = -1;
  g_assert_nonnull (nn_boundary_options_check (&o));
  o.nsd_tolerance = NAN;
  g_assert_nonnull (nn_boundary_options_check (&o));
  nn_boundary_options_default (&o);
  o.biou_width = INFINITY;
  g_assert_nonnull (nn_boundary_options_check (&o));
  g_assert_cmpint (nn_boundary_metrics (a, a, 0, 2, NULL, &m), ==, -1);

  g_assert_cmpstr (nn_boundary_metric_to_string (NN_BOUNDARY_HD95), ==, "hd95");
  g_assert_cmpstr (nn_boundary_metric_to_string (NN_BOUNDARY_IOU), ==, "boundary_iou");
  g_assert_cmpstr (nn_boundary_metric_to_label (NN_BOUNDARY_NSD), ==, "NSD");
  g_assert_null (nn_boundary_metric_to_string (NN_BOUNDARY_METRIC_COUNT));
  g_assert_true (nn_boundary_metric_lower_is_better (NN_BOUNDARY_HD));
  g_assert_true (nn_boundary_metric_lower_is_better (NN_BOUNDARY_HD95));
  g_assert_true (nn_boundary_metric_lower_is_better (NN_BOUNDARY_ASSD));
  g_assert_false (nn_boundary_metric_lower_is_better (NN_BOUNDARY_NSD));
  g_assert_false (nn_boundary_metric_lower_is_better (NN_BOUNDARY_IOU));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/boundary-metrics/edges", test_edges);
  g_test_add_func ("/boundary-metrics/two-points", test_two_points);
  g_test_add_func ("/boundary-metrics/hd95-convention", test_hd95_convention);
  g_test_add_func ("/boundary-metrics/empty-rules", test_empty_rules);
  g_test_add_func ("/boundary-metrics/scipy", test_against_scipy);
  g_test_add_func ("/boundary-metrics/from-logits", test_from_logits);
  g_test_add_func ("/boundary-metrics/options-and-names", test_options_and_names);
  return g_test_run ();
}
