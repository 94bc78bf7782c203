/* test-distance.c — the exact Euclidean distance transform and the signed and contour maps,
 * against SciPy (tests/reference/distance.txt), brute force and hand-computed cases.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <glib.h>
#include <math.h>
#include <stdbool.h>
#include <string.h>

#include "distance-fixture.h"
#include "nn-distance.h"
#include "nn-threads.h"

/* The issue asks for 1e-5 px; both transforms are exact, so the real agreement is far closer
 * and is printed. */
#define TOL 1e-5

static void
test_hand_computed (void)
{
  /* 5×5, a 3×3 square in the middle:
   *   outside: 1 beside the square, √2 at its corners' diagonals, 2 two rows out
   *   inside: φ = 0 on the square's edge, 1 − 2 = −1 at its centre */
  uint8_t m[25] = { 0 };
  double d[25], sdf[25], cd[25];

  for (int r = 1; r <= 3; r++)
    for (int c = 1; c <= 3; c++)
      m[r * 5 + c] = 1;
  g_assert_cmpint (nn_edt (m, 5, 5, NULL, NN_DISTANCE_TO_FOREGROUND, d), ==, 0);
  g_assert_cmpfloat (d[0], ==, sqrt (2.0));
  g_assert_cmpfloat (d[2], ==, 1.0);
  g_assert_cmpfloat (d[12], ==, 0.0);
  g_assert_cmpint (nn_signed_distance (m, 5, 5, NULL, sdf), ==, 0);
  g_assert_cmpfloat (sdf[12], ==, -1.0);
  g_assert_cmpfloat (sdf[6], ==, 0.0);
  g_assert_false (signbit (sdf[6])); /* +0, not −0 */
  g_assert_cmpfloat (sdf[7], ==, 0.0);
  g_assert_cmpfloat (sdf[2], ==, 1.0);
  g_assert_cmpfloat (sdf[0], ==, sqrt (2.0));
  g_assert_cmpint (nn_contour_distance (m, 5, 5, NULL, cd), ==, 0);
  g_assert_cmpfloat (cd[12], ==, 2.0); /* to the nearest background pixel */
  g_assert_cmpfloat (cd[6], ==, 1.0);
  g_assert_cmpfloat (cd[0], ==, sqrt (2.0));

  /* Anisotropic: rows 2 mm apart, columns 0.5 mm.  From (0, 0) to the only target (1, 3):
   * √(2² + 1.5²) = 2.5.  The one mask pixel's nearest background is (1, 2), 0.5 mm away, so
   * φ there = s_min − 0.5 = 0. */
  {
    uint8_t one[8] = { 0, 0, 0, 0, 0, 0, 0, 1 };
    NnSpacing sp = { 2.0, 0.5 };
    double e[8], s[8];

    g_assert_cmpint (nn_edt (one, 2, 4, &sp, NN_DISTANCE_TO_FOREGROUND, e), ==, 0);
    g_assert_cmpfloat_with_epsilon (e[0], 2.5, 1e-15);
    g_assert_cmpfloat_with_epsilon (e[3], 2.0, 1e-15);
    g_assert_cmpfloat_with_epsilon (e[6], 0.5, 1e-15);
    g_assert_cmpint (nn_signed_distance (one, 2, 4, &sp, s), ==, 0);
    g_assert_cmpfloat (s[7], ==, 0.0);
    g_assert_cmpfloat_with_epsilon (s[0], 2.5, 1e-15);
  }

  /* The outside as target: on a full 3×4 mask, the distance to the outside. */
  {
    uint8_t full[12];
    double e[12];

    memset (full, 1, sizeof full);
    g_assert_cmpint (nn_edt (full, 3, 4, NULL, NN_DISTANCE_TO_BACKGROUND_OR_OUTSIDE, e), ==, 0);
    for (int r = 0; r < 3; r++)
      for (int c = 0; c < 4; c++)
        {
          int to_edge = MIN (MIN (r, 2 - r), MIN (c, 3 - c)) + 1;

          g_assert_cmpfloat (e[r * 4 + c], ==, (double) to_edge);
        }
  }
}

/* No target: +inf, never a made-up number; empty and full masks have zero maps. */
static void
test_no_target (void)
{
  uint8_t zeros[12] = { 0 }, ones[12];
  double d[12], s[12];

  memset (ones, 1, sizeof ones);
  g_assert_cmpint (nn_edt_squared (zeros, 3, 4, NULL, NN_DISTANCE_TO_FOREGROUND, d), ==, 0);
  for (int i = 0; i < 12; i++)
    g_assert_true (isinf (d[i]) && d[i] > 0);
  g_assert_cmpint (nn_edt (ones, 3, 4, NULL, NN_DISTANCE_TO_BACKGROUND, d), ==, 0);
  for (int i = 0; i < 12; i++)
    g_assert_true (isinf (d[i]) && d[i] > 0);
  for (int k = 0; k < 2; k++)
    {
      const uint8_t *m = k == 0 ? zeros : ones;

      g_assert_cmpint (nn_signed_distance (m, 3, 4, NULL, s), ==, 0);
      for (int i = 0; i < 12; i++)
        g_assert_cmpfloat (s[i], ==, 0.0);
      g_assert_cmpint (nn_contour_distance (m, 3, 4, NULL, s), ==, 0);
      for (int i = 0; i < 12; i++)
        g_assert_cmpfloat (s[i], ==, 0.0);
    }
}

static void
test_bad_arguments (void)
{
  uint8_t m[4] = { 1, 0, 0, 1 };
  double d[4];
  float mf[4] = { 1, 0, 0, 1 }, out[4];
  NnSpacing zero = { 0, 1 }, nan_sp = { NAN, 1 }, neg = { 1, -2 };

  g_assert_cmpint (nn_edt (m, 0, 4, NULL, NN_DISTANCE_TO_FOREGROUND, d), ==, -1);
  g_assert_cmpint (nn_edt (m, 2, 0, NULL, NN_DISTANCE_TO_FOREGROUND, d), ==, -1);
  g_assert_cmpint (nn_edt (m, 2, 2, &zero, NN_DISTANCE_TO_FOREGROUND, d), ==, -1);
  g_assert_cmpint (nn_edt (m, 2, 2, &nan_sp, NN_DISTANCE_TO_FOREGROUND, d), ==, -1);
  g_assert_cmpint (nn_signed_distance (m, 2, 2, &neg, d), ==, -1);
  g_assert_cmpint (nn_contour_distance (m, 2, 2, &zero, d), ==, -1);
  g_assert_cmpint (nn_signed_distance_batch (mf, 1, 2, 2, &neg, out), ==, -1);
  g_assert_cmpint (nn_signed_distance_batch (mf, -1, 2, 2, NULL, out), ==, -1);
  g_assert_cmpint (nn_signed_distance_batch (mf, 0, 2, 2, NULL, out), ==, 0);
}

static double
max_abs_diff (const double *a, const double *b, size_t n, const char *what, const char *name)
{
  double worst = 0;

  for (size_t i = 0; i < n; i++)
    {
      double d;

      if (isinf (a[i]) || isinf (b[i]))
        {
          if (a[i] != b[i])
            g_error ("%s, %s, pixel %zu: %g, SciPy %g", name, what, i, a[i], b[i]);
          continue;
        }
      d = fabs (a[i] - b[i]);
      if (!(d <= TOL))
        g_error ("%s, %s, pixel %zu: %.12g, SciPy %.12g", name, what, i, a[i], b[i]);
      worst = MAX (worst, d);
    }
  return worst;
}

/* Every map of every fixture mask (72 masks, 1×1 to 40×48, with 1 × 1 and anisotropic
 * spacings, empty and full masks among them) against SciPy. */
static void
test_against_scipy (void)
{
  DistanceFixture *fx = distance_fixture_load ();
  double worst[FIX_MAP_COUNT] = { 0 };
  static const NnDistanceTo edt_to[3] = {
    NN_DISTANCE_TO_FOREGROUND, NN_DISTANCE_TO_BACKGROUND, NN_DISTANCE_TO_BACKGROUND_OR_OUTSIDE,
  };
  static const char *const names[FIX_MAP_COUNT] = { "edt-fg", "edt-bg", "edt-bgo", "sdf",
                                                    "contour" };
  int anisotropic = 0;

  g_assert_cmpuint (fx->cases->len, >=, 50);
  for (guint ci = 0; ci < fx->cases->len; ci++)
    {
      FixCase *c = &g_array_index (fx->cases, FixCase, ci);
      size_t hw = (size_t) c->h * c->w;
      g_autofree double *d = g_new (double, hw);

      anisotropic += c->spacing.row != c->spacing.col;
      for (int k = 0; k < 3; k++)
        {
          g_assert_cmpint (nn_edt (c->truth, c->h, c->w, &c->spacing, edt_to[k], d), ==, 0);
          worst[k] = MAX (worst[k], max_abs_diff (d, c->map[k], hw, names[k], c->name));
        }
      g_assert_cmpint (nn_signed_distance (c->truth, c->h, c->w, &c->spacing, d), ==, 0);
      worst[FIX_MAP_SDF] = MAX (worst[FIX_MAP_SDF],
                                max_abs_diff (d, c->map[FIX_MAP_SDF], hw, "sdf", c->name));
      g_assert_cmpint (nn_contour_distance (c->truth, c->h, c->w, &c->spacing, d), ==, 0);
      worst[FIX_MAP_CONTOUR] =
        MAX (worst[FIX_MAP_CONTOUR],
             max_abs_diff (d, c->map[FIX_MAP_CONTOUR], hw, "contour", c->name));
    }
  g_assert_cmpint (anisotropic, >=, 20);
  g_test_message ("%u masks (%d anisotropic); largest difference from SciPy, px or mm: "
                  "edt-fg %.2g, edt-bg %.2g, edt-bgo %.2g, sdf %.2g, contour %.2g",
                  fx->cases->len, anisotropic, worst[0], worst[1], worst[2], worst[3],
                  worst[4]);
  distance_fixture_free (fx);
}

/* Against the definition, min over all targets, on 400 random masks up to 13×13 with random
 * spacings (including very unequal ones, where a wrong envelope would show first). */
static void
test_brute_force (void)
{
  GRand *rand = g_rand_new_with_seed (5);
  double worst = 0;

  for (int t = 0; t < 400; t++)
    {
      int h = g_rand_int_range (rand, 1, 14), w = g_rand_int_range (rand, 1, 14);
      size_t hw = (size_t) h * w;
      double density = g_rand_double_range (rand, 0.01, 0.9);
      NnSpacing sp = { 1, 1 };
      NnDistanceTo to = (NnDistanceTo) (t % 3);
      g_autofree uint8_t *m = g_new (uint8_t, hw);
      g_autofree double *d2 = g_new (double, hw);

      if (t % 4 != 0)
        {
          sp.row = exp (g_rand_double_range (rand, -2.5, 2.5));
          sp.col = exp (g_rand_double_range (rand, -2.5, 2.5));
        }
      for (size_t i = 0; i < hw; i++)
        m[i] = g_rand_double (rand) < density;
      g_assert_cmpint (nn_edt_squared (m, h, w, &sp, to, d2), ==, 0);

      for (int r = 0; r < h; r++)
        for (int c = 0; c < w; c++)
          {
            double best = INFINITY;

            /* targets in the image, and with the outside the nearest outside points
             * (−1, c), (h, c), (r, −1), (r, w) */
            for (int r2 = -1; r2 <= h; r2++)
              for (int c2 = -1; c2 <= w; c2++)
                {
                  bool in = r2 >= 0 && r2 < h && c2 >= 0 && c2 < w;
                  bool target;
                  double dr = (r - r2) * sp.row, dc = (c - c2) * sp.col;

                  if (in)
                    target = to == NN_DISTANCE_TO_FOREGROUND ? m[r2 * w + c2] != 0
                                                             : m[r2 * w + c2] == 0;
                  else
                    target = to == NN_DISTANCE_TO_BACKGROUND_OR_OUTSIDE;
                  if (target)
                    best = MIN (best, dr * dr + dc * dc);
                }
            if (isinf (best))
              g_assert_true (isinf (d2[r * w + c]));
            else
              {
                double e = fabs (d2[r * w + c] - best) / MAX (best, 1e-300);

                if (best == 0)
                  g_assert_cmpfloat (d2[r * w + c], ==, 0.0);
                else if (e > 1e-12)
                  g_error ("mask %d (%d×%d, spacing %g × %g), pixel (%d, %d): d² %.17g, "
                           "brute force %.17g", t, h, w, sp.row, sp.col, r, c,
                           d2[r * w + c], best);
                worst = MAX (worst, e);
                /* 1 × 1: squared distances are integers and must come out exactly */
                if (sp.row == 1 && sp.col == 1)
                  g_assert_cmpfloat (d2[r * w + c], ==, best);
              }
          }
    }
  g_test_message ("400 masks: largest relative difference of d² from brute force %.2g", worst);
  g_rand_free (rand);
}

/* The batch functions give what the one-image functions give, on 1 and on 2 threads. */
static void
test_batches (void)
{
  enum { N = 7, H = 23, W = 17, HW = H * W };
  GRand *rand = g_rand_new_with_seed (9);
  NnSpacing sp = { 0.8, 1.7 };
  g_autofree float *masks = g_new (float, N * HW);
  g_autofree uint8_t *m8 = g_new (uint8_t, N * HW);
  g_autofree double *one = g_new (double, HW);
  g_autofree double *edt = g_new (double, N * HW);
  float *sdf[2], *cd[2];

  for (int i = 0; i < N * HW; i++)
    {
      int img = i / HW;

      /* image 0 empty, image 1 full, the rest random */
      masks[i] = img == 0 ? 0.0f : img == 1 ? 1.0f : (g_rand_double (rand) < 0.3 ? 1.0f : 0.0f);
      m8[i] = masks[i] > 0.5f;
    }
  for (int run = 0; run < 2; run++)
    {
      nn_set_threads (run + 1);
      sdf[run] = g_new (float, N * HW);
      cd[run] = g_new (float, N * HW);
      g_assert_cmpint (nn_signed_distance_batch (masks, N, H, W, &sp, sdf[run]), ==, 0);
      g_assert_cmpint (nn_contour_distance_batch (masks, N, H, W, &sp, cd[run]), ==, 0);
      g_assert_cmpint (nn_edt_batch (m8, N, H, W, &sp, NN_DISTANCE_TO_FOREGROUND, edt), ==, 0);
      for (int img = 0; img < N; img++)
        {
          g_assert_cmpint (nn_signed_distance (m8 + img * HW, H, W, &sp, one), ==, 0);
          for (int j = 0; j < HW; j++)
            g_assert_cmpfloat (sdf[run][img * HW + j], ==, (float) one[j]);
          g_assert_cmpint (nn_contour_distance (m8 + img * HW, H, W, &sp, one), ==, 0);
          for (int j = 0; j < HW; j++)
            g_assert_cmpfloat (cd[run][img * HW + j], ==, (float) one[j]);
          g_assert_cmpint (nn_edt (m8 + img * HW, H, W, &sp, NN_DISTANCE_TO_FOREGROUND, one),
                           ==, 0);
          g_assert_cmpmem (edt + img * HW, HW * sizeof (double), one, HW * sizeof (double));
        }
    }
  g_assert_cmpmem (sdf[0], N * HW * sizeof (float), sdf[1], N * HW * sizeof (float));
  g_assert_cmpmem (cd[0], N * HW * sizeof (float), cd[1], N * HW * sizeof (float));
  for (int run = 0; run < 2; run++)
    {
      g_free (sdf[run]);
      g_free (cd[run]);
    }
  g_rand_free (rand);
}

/* The map a lung mask's loss uses takes linear time: 256² and 512² in proportion, well under
 * the quadratic blow-up.  Timing is not asserted (shared machines); it is printed. */
static void
test_large (void)
{
  int sizes[2] = { 256, 512 };
  double seconds[2];

  for (int k = 0; k < 2; k++)
    {
      int s = sizes[k];
      size_t hw = (size_t) s * s;
      g_autofree uint8_t *m = g_new0 (uint8_t, hw);
      g_autofree double *d = g_new (double, hw);
      g_autoptr (GTimer) timer = g_timer_new ();

      for (int r = s / 4; r < 3 * s / 4; r++)
        for (int c = s / 5; c < s / 2; c++)
          m[(size_t) r * s + c] = 1;
      g_assert_cmpint (nn_signed_distance (m, s, s, NULL, d), ==, 0);
      seconds[k] = g_timer_elapsed (timer, NULL);
      /* the far corner: (s − 1 − (3s/4 − 1), s − 1 − (s/2 − 1)) away from the block */
      {
        double dr = (s - 1) - (3 * s / 4 - 1), dc = (s - 1) - (s / 2 - 1);
        g_assert_cmpfloat (d[hw - 1], ==, sqrt (dr * dr + dc * dc));
      }
    }
  g_test_message ("signed distance map: 256² in %.2f ms, 512² in %.2f ms", seconds[0] * 1e3,
                  seconds[1] * 1e3);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/distance/hand-computed", test_hand_computed);
  g_test_add_func ("/distance/no-target", test_no_target);
  g_test_add_func ("/distance/bad-arguments", test_bad_arguments);
  g_test_add_func ("/distance/scipy", test_against_scipy);
  g_test_add_func ("/distance/brute-force", test_brute_force);
  g_test_add_func ("/distance/batches", test_batches);
  g_test_add_func ("/distance/large", test_large);
  return g_test_run ();
}
