/* test-distance-cxr.c — distance maps and boundary metrics of the real lung masks of
 * ../shared/data/cxr against SciPy (tests/reference/distance-cxr.txt).
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The masks are read through the engine's image IO (lb_image_decode_gray); the fixture holds
 * no pixel of them, only each mask's SHA-256 (to know the C read what SciPy read) and checksums:
 * for the transforms, Σ 16·d² and Σ w_i·16·d² over the pixels, which are exact integers with
 * the 1 × 1 and the 0.75 × 1.25 "mm" spacing (16·sr² and 16·sc² are integers), so equal sums
 * mean equal squared distances at every pixel (a mismatch of k at pixel i moves the weighted
 * sum by k·w_i, and two would have to cancel exactly).  Skipped, with a message, when the
 * shared data folder is not there. */
#include <glib.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "lb-image-io.h"
#include "nn-boundary-metrics.h"
#include "nn-distance.h"

#define TOL 1e-5 /* px or mm */

typedef struct
{
  int64_t weight_a, weight_m;
  NnSpacing mm;
  int masks, pairs;
  double worst_map, worst_sum, worst_metric;
  double seconds_maps, seconds_metrics;
} Run;

static char *
shared_masks_dir (void)
{
  const char *root = g_getenv ("LB_SHARED_DATA");
  char *dir;

  if (root == NULL)
    {
      g_test_skip ("LB_SHARED_DATA is not set: run through meson test to use ../shared/data");
      return NULL;
    }
  dir = g_build_filename (root, "cxr", "masks", NULL);
  if (!g_file_test (dir, G_FILE_TEST_IS_DIR))
    {
      g_autofree char *message =
        g_strdup_printf ("%s is not there: real data absent, skipped", dir);
      g_test_skip (message);
      g_free (dir);
      return NULL;
    }
  return dir;
}

static void
expect (FILE *f, const char *want)
{
  char tok[80];

  if (fscanf (f, "%79s", tok) != 1 || strcmp (tok, want) != 0)
    g_error ("distance-cxr fixture: expected “%s”", want);
}

static double
number (FILE *f)
{
  double v;

  if (fscanf (f, "%lf", &v) != 1)
    g_error ("distance-cxr fixture: expected a number");
  return v;
}

static int64_t
integer (FILE *f)
{
  long long v;

  if (fscanf (f, "%lld", &v) != 1)
    g_error ("distance-cxr fixture: expected an integer");
  return (int64_t) v;
}

static void
check_close (const char *name, const char *what, double got, double want, double tol,
             double *worst)
{
  double d = fabs (got - want);

  if (!(d <= tol))
    g_error ("%s, %s: %.15g, SciPy %.15g", name, what, got, want);
  *worst = MAX (*worst, d);
}

/* Σ 16·d² and Σ w·16·d² of D2, exactly; the count of +inf pixels. */
static void
checksums16 (const Run *run, const double *d2, size_t hw, const char *name, int64_t *inf,
             int64_t *sum, int64_t *wsum, double *dmax)
{
  *inf = *sum = *wsum = 0;
  *dmax = 0;
  for (size_t i = 0; i < hw; i++)
    {
      double v = 16.0 * d2[i];
      int64_t k;

      if (isinf (d2[i]))
        {
          (*inf)++;
          continue;
        }
      k = (int64_t) llround (v);
      if (fabs (v - (double) k) > 1e-6)
        g_error ("%s: 16·d² = %.17g at pixel %zu is not an integer", name, v, i);
      *sum += k;
      *wsum += (1 + ((int64_t) i * run->weight_a) % run->weight_m) * k;
      *dmax = MAX (*dmax, sqrt (d2[i]));
    }
}

static void
check_maps (Run *run, FILE *f, const char *name, const uint8_t *m, int h, int w)
{
  size_t hw = (size_t) h * w;
  g_autofree double *d = g_new (double, hw);
  g_autoptr (GTimer) timer = g_timer_new ();
  static const char *const units[2] = { "px", "mm" };
  double elapsed = 0;

  for (int u = 0; u < 2; u++)
    {
      const NnSpacing *sp = u == 0 ? NULL : &run->mm;
      static const char *const tos[3] = { "fg", "bg", "bgo" };
      static const NnDistanceTo to_enum[3] = { NN_DISTANCE_TO_FOREGROUND,
                                               NN_DISTANCE_TO_BACKGROUND,
                                               NN_DISTANCE_TO_BACKGROUND_OR_OUTSIDE };

      for (int t = 0; t < 3; t++)
        {
          int64_t inf, sum, wsum, want_inf, want_sum, want_wsum;
          double dmax, want_max;

          expect (f, "edt");
          expect (f, units[u]);
          expect (f, tos[t]);
          want_inf = integer (f);
          want_sum = integer (f);
          want_wsum = integer (f);
          want_max = number (f);
          g_timer_start (timer);
          g_assert_cmpint (nn_edt_squared (m, h, w, sp, to_enum[t], d), ==, 0);
          elapsed += g_timer_elapsed (timer, NULL);
          checksums16 (run, d, hw, name, &inf, &sum, &wsum, &dmax);
          if (inf != want_inf || sum != want_sum || wsum != want_wsum)
            g_error ("%s, edt %s %s: Σ16d² %" G_GINT64_FORMAT " weighted %" G_GINT64_FORMAT
                     " (%" G_GINT64_FORMAT " inf), SciPy %" G_GINT64_FORMAT " %" G_GINT64_FORMAT
                     " (%" G_GINT64_FORMAT ")",
                     name, units[u], tos[t], sum, wsum, inf, want_sum, want_wsum, want_inf);
          check_close (name, "largest distance", dmax, want_max, 1e-12, &run->worst_map);
        }

      for (int kind = 0; kind < 2; kind++)
        {
          double sum = 0, wsum = 0, lo = INFINITY, hi = -INFINITY, want[4];
          double abs_sum = 0, abs_wsum = 0;

          expect (f, kind == 0 ? "sdf" : "contour");
          expect (f, units[u]);
          for (int k = 0; k < (kind == 0 ? 4 : 3); k++)
            want[k] = number (f);
          g_timer_start (timer);
          if (kind == 0)
            g_assert_cmpint (nn_signed_distance (m, h, w, sp, d), ==, 0);
          else
            g_assert_cmpint (nn_contour_distance (m, h, w, sp, d), ==, 0);
          elapsed += g_timer_elapsed (timer, NULL);
          for (size_t i = 0; i < hw; i++)
            {
              double wi = (double) (1 + ((int64_t) i * run->weight_a) % run->weight_m);

              sum += d[i];
              wsum += wi * d[i];
              abs_sum += fabs (d[i]);
              abs_wsum += wi * fabs (d[i]);
              lo = MIN (lo, d[i]);
              hi = MAX (hi, d[i]);
            }
          /* sums of square roots of equal integers, added in another order: relative */
          abs_sum = MAX (abs_sum, 1.0);
          abs_wsum = MAX (abs_wsum, 1.0);
          check_close (name, "Σ map", sum / abs_sum, want[0] / abs_sum, 1e-12, &run->worst_sum);
          check_close (name, "Σ w·map", wsum / abs_wsum, want[1] / abs_wsum, 1e-12,
                       &run->worst_sum);
          if (kind == 0)
            {
              check_close (name, "min φ", lo, want[2], 1e-12, &run->worst_map);
              check_close (name, "max φ", hi, want[3], 1e-12, &run->worst_map);
            }
          else
            check_close (name, "max d", hi, want[2], 1e-12, &run->worst_map);
        }
    }
  run->seconds_maps += elapsed;
}

static void
check_pair (Run *run, FILE *f, const char *name, const uint8_t *pred, const uint8_t *truth,
            int h, int w)
{
  static const char *const units[2] = { "px", "mm" };

  for (int u = 0; u < 2; u++)
    {
      NnBoundaryOptions o;
      NnBoundaryMetrics m;
      char surface[32];
      double want[NN_BOUNDARY_METRIC_COUNT];
      int64_t na, nb;
      g_autoptr (GTimer) timer = NULL;

      expect (f, "metrics");
      expect (f, units[u]);
      nn_boundary_options_default (&o);
      if (u == 1)
        o.spacing = run->mm;
      o.nsd_tolerance = number (f);
      o.biou_width = number (f);
      if (fscanf (f, "%31s", surface) != 1)
        g_error ("distance-cxr fixture: expected a case");
      for (int k = 0; k < NN_BOUNDARY_METRIC_COUNT; k++)
        want[k] = number (f);
      na = integer (f);
      nb = integer (f);

      timer = g_timer_new ();
      g_assert_cmpint (nn_boundary_metrics (pred, truth, h, w, &o, &m), ==, 0);
      run->seconds_metrics += g_timer_elapsed (timer, NULL);
      g_assert_cmpstr (surface, ==, "both");
      g_assert_cmpint (m.surface_case, ==, NN_SURFACE_BOTH);
      g_assert_cmpint (m.pred_edge_pixels, ==, na);
      g_assert_cmpint (m.truth_edge_pixels, ==, nb);
      for (int k = 0; k < NN_BOUNDARY_METRIC_COUNT; k++)
        {
          g_autofree char *what = g_strdup_printf ("%s %s", units[u],
                                                   nn_boundary_metric_to_string (k));

          check_close (name, what, m.value[k], want[k],
                       nn_boundary_metric_lower_is_better (k) ? TOL : 1e-12,
                       &run->worst_metric);
        }
      run->pairs++;
    }
}

typedef struct
{
  char name[64];
  uint8_t *m;
  int h, w;
} Mask;

static uint8_t *
load (const char *dir, const char *name, int *h, int *w)
{
  g_autofree char *file = g_strconcat (name, ".png", NULL);
  g_autofree char *path = g_build_filename (dir, file, NULL);
  g_autoptr (GError) error = NULL;
  LbImageInfo info;
  guint8 *gray = lb_image_decode_gray (path, &info, &error);

  if (gray == NULL)
    g_error ("%s (listed in distance-cxr.txt): %s — regenerate the fixture with "
             "make-distance-reference.py if the data changed", path, error->message);
  for (size_t i = 0; i < (size_t) info.width * info.height; i++)
    gray[i] = gray[i] > 127;
  *h = info.height;
  *w = info.width;
  return gray;
}

static void
test_real_masks (void)
{
  g_autofree char *dir = shared_masks_dir ();
  const char *src = g_getenv ("LB_SOURCE_DIR");
  g_autofree char *path = NULL;
  GArray *masks;
  Run run = { 0 };
  char tok[80];
  FILE *f;

  if (dir == NULL)
    return;
  path = g_build_filename (src != NULL ? src : ".", "tests", "reference", "distance-cxr.txt",
                           NULL);
  f = fopen (path, "r");
  if (f == NULL)
    g_error ("cannot open %s", path);
  expect (f, "lossbench-distance-cxr");
  expect (f, "1");
  expect (f, "weights");
  run.weight_a = integer (f);
  run.weight_m = integer (f);
  expect (f, "spacing");
  run.mm.row = number (f);
  run.mm.col = number (f);

  /* First pass: every mask, with its maps.  The pairs need the next mask, so they are read
   * from the fixture in order and checked once both masks are loaded. */
  masks = g_array_new (FALSE, TRUE, sizeof (Mask));
  {
    long pos = ftell (f);

    while (fscanf (f, "%79s", tok) == 1)
      if (strcmp (tok, "mask") == 0)
        {
          Mask mk = { 0 };
          char digest[80];
          g_autofree char *got = NULL;
          int64_t fg, count = 0;
          int h, w;

          if (fscanf (f, "%63s %d %d %79s", mk.name, &h, &w, digest) != 4)
            g_error ("distance-cxr fixture: bad mask line");
          fg = integer (f);
          mk.m = load (dir, mk.name, &mk.h, &mk.w);
          if (mk.h != h || mk.w != w)
            g_error ("%s: %d×%d, the fixture has %d×%d", mk.name, mk.w, mk.h, w, h);
          got = g_compute_checksum_for_data (G_CHECKSUM_SHA256, mk.m, (gsize) h * w);
          if (strcmp (got, digest) != 0)
            g_error ("%s: decoded mask differs from the one SciPy read (SHA-256 %s, fixture "
                     "%s)", mk.name, got, digest);
          for (size_t i = 0; i < (size_t) h * w; i++)
            count += mk.m[i];
          g_assert_cmpint (count, ==, fg);
          check_maps (&run, f, mk.name, mk.m, h, w);
          g_array_append_val (masks, mk);
          run.masks++;
        }
    fseek (f, pos, SEEK_SET);
  }

  while (fscanf (f, "%79s", tok) == 1)
    {
      char name[64], pred_name[64];
      const Mask *truth = NULL, *other = NULL;
      g_autofree uint8_t *shifted = NULL;

      if (strcmp (tok, "pair") != 0)
        continue;
      if (fscanf (f, "%63s %63s", name, pred_name) != 2)
        g_error ("distance-cxr fixture: bad pair line");
      for (guint i = 0; i < masks->len; i++)
        {
          const Mask *mk = &g_array_index (masks, Mask, i);

          if (strcmp (mk->name, name) == 0)
            truth = mk;
          if (strcmp (mk->name, pred_name) == 0)
            other = mk;
        }
      g_assert_nonnull (truth);
      if (strcmp (pred_name, "shift") == 0)
        {
          /* rows +3, columns −2: pred (r, c) = truth (r − 3, c + 2) */
          shifted = g_new0 (uint8_t, (size_t) truth->h * truth->w);
          for (int r = 3; r < truth->h; r++)
            for (int c = 0; c + 2 < truth->w; c++)
              shifted[(size_t) r * truth->w + c] = truth->m[(size_t) (r - 3) * truth->w + c + 2];
          check_pair (&run, f, name, shifted, truth->m, truth->h, truth->w);
        }
      else
        {
          g_assert_nonnull (other);
          check_pair (&run, f, name, other->m, truth->m, truth->h, truth->w);
        }
    }
  fclose (f);
  g_assert_cmpint (run.masks, >, 0);
  g_test_message ("%d real masks: every squared distance equal to SciPy's (exact checksums, "
                  "px and 0.75 × 1.25 mm, 3 targets); largest and smallest map values within "
                  "%.2g, map sums within %.2g relative; %d metric rows (shifted copy and next "
                  "mask, px and mm) within %.2g; %.1f ms per mask for the 10 maps, %.1f ms per "
                  "metric row",
                  run.masks, run.worst_map, run.worst_sum, run.pairs, run.worst_metric,
                  1e3 * run.seconds_maps / run.masks, 1e3 * run.seconds_metrics / run.pairs);
  for (guint i = 0; i < masks->len; i++)
    g_free (g_array_index (masks, Mask, i).m);
  g_array_unref (masks);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/distance/cxr", test_real_masks);
  return g_test_run ();
}
