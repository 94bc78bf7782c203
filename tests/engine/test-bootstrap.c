/* test-bootstrap.c — lb-bootstrap against NumPy (tests/reference/bootstrap.txt), its edge cases,
 * and its calibration on the real study's per-image IoU (tests/reference/quick-688-iou.csv).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "lb-bootstrap.h"
#include "lb-csv.h"
#include "lb-rng.h"
#include "lb-stats.h"
#include "nn-metrics.h"

static char *
reference_path (const char *file)
{
  return g_build_filename (g_getenv ("LB_SOURCE_DIR"), "tests", "reference", file, NULL);
}

static char **
reference_lines (void)
{
  g_autofree char *path = reference_path ("bootstrap.txt");
  g_autofree char *text = NULL;
  g_autoptr (GError) error = NULL;
  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);
  return g_strsplit (text, "\n", -1);
}

/* |got − want| ≤ rel · |want| + abs. */
static void
assert_near (const char *what, double got, double want, double rel, double abs)
{
  if (!(fabs (got - want) <= rel * fabs (want) + abs))
    g_error ("%s: got %.17g, want %.17g", what, got, want);
}

static double *
parse_doubles (char **fields, int n)
{
  double *values = g_new (double, n);
  for (int i = 0; i < n; i++)
    {
      g_assert_nonnull (fields[i]);
      values[i] = g_ascii_strtod (fields[i], NULL);
    }
  return values;
}

static guint32 *
parse_indices (char **fields, int n)
{
  guint32 *values = g_new (guint32, n);
  for (int i = 0; i < n; i++)
    {
      g_assert_nonnull (fields[i]);
      values[i] = (guint32) g_ascii_strtoull (fields[i], NULL, 10);
    }
  return values;
}

static void
test_quantiles (void)
{
  g_auto (GStrv) lines = reference_lines ();
  int normal = 0, kappa = 0;
  for (char **l = lines; *l; l++)
    {
      g_auto (GStrv) f = g_strsplit (*l, " ", -1);
      if (g_strcmp0 (f[0], "normalq") == 0)
        {
          double p = g_ascii_strtod (f[1], NULL);
          assert_near ("normal quantile", lb_normal_quantile (p), g_ascii_strtod (f[2], NULL),
                       1e-13, 1e-15);
          normal++;
        }
      else if (g_strcmp0 (f[0], "kappa") == 0)
        {
          int seeds = atoi (f[1]);
          double alpha = g_ascii_strtod (f[2], NULL);
          /* SciPy's t quantiles are good to about 1e-9 (see test-stats.c): at 49 degrees of
           * freedom its t(0.975) has an upper tail of 0.02500000014 by quadrature of the
           * density, ours 0.025. */
          assert_near ("kappa", lb_bootstrap_seed_correction (seeds, alpha),
                       g_ascii_strtod (f[3], NULL), 5e-9, 0.0);
          kappa++;
        }
    }
  g_assert_cmpint (normal, ==, 9);
  g_assert_cmpint (kappa, ==, 32);
  g_assert_true (isnan (lb_bootstrap_seed_correction (1, 0.05)));
  /* The values lb-bootstrap.h quotes. */
  assert_near ("kappa(3)", lb_bootstrap_seed_correction (3, 0.05), 2.69, 0.0, 0.005);
  assert_near ("kappa(5)", lb_bootstrap_seed_correction (5, 0.05), 1.58, 0.0, 0.005);
  assert_near ("kappa(10)", lb_bootstrap_seed_correction (10, 0.05), 1.22, 0.0, 0.005);
}

/* Given NumPy's resample indices, the same statistics, interval and p-value. */
static void
test_numpy_indices (void)
{
  g_auto (GStrv) lines = reference_lines ();
  int cases = 0;
  for (char **l = lines; *l; l++)
    {
      g_auto (GStrv) head = g_strsplit (*l, " ", -1);
      if (g_strcmp0 (head[0], "case") != 0)
        continue;
      const char *name = head[1];
      int S = atoi (head[2]), I = atoi (head[3]), R = atoi (head[4]);
      g_autofree double *a = NULL, *b = NULL, *statistics = NULL, *seed_parts = NULL;
      g_autofree double *expect = NULL;
      g_autofree guint32 *seeds = NULL, *images = NULL;
      for (int k = 1; k <= 7; k++)
        {
          g_assert_nonnull (l[k]);
          g_auto (GStrv) f = g_strsplit (l[k], " ", -1);
          if (g_strcmp0 (f[0], "a") == 0)
            a = parse_doubles (f + 1, S * I);
          else if (g_strcmp0 (f[0], "b") == 0 && g_strcmp0 (f[1], "none") != 0)
            b = parse_doubles (f + 1, S * I);
          else if (g_strcmp0 (f[0], "seeds") == 0)
            seeds = parse_indices (f + 1, R * S);
          else if (g_strcmp0 (f[0], "images") == 0)
            images = parse_indices (f + 1, R * I);
          else if (g_strcmp0 (f[0], "statistics") == 0)
            statistics = parse_doubles (f + 1, R);
          else if (g_strcmp0 (f[0], "seed_parts") == 0)
            seed_parts = parse_doubles (f + 1, R);
          else if (g_strcmp0 (f[0], "expect") == 0)
            expect = parse_doubles (f + 1, 9);
        }
      g_assert_true (a && seeds && images && statistics && seed_parts && expect);

      g_autoptr (LbResamples) resamples = lb_resamples_new_from_indices (S, I, R, seeds, images);
      g_autofree double *got_statistics = g_new (double, R);
      g_autofree double *got_seed_parts = g_new (double, R);
      lb_bootstrap_statistics (a, b, S, I, resamples, got_statistics, got_seed_parts);
      for (int r = 0; r < R; r++)
        {
          assert_near (name, got_statistics[r], statistics[r], 0.0, 1e-14);
          assert_near (name, got_seed_parts[r], seed_parts[r], 0.0, 1e-14);
        }

      LbBootstrap boot;
      lb_bootstrap_paired (a, b, S, I, resamples, &boot);
      g_test_message ("%s: mean %.6f, 95 %% interval %.6f to %.6f, p %.4f", name, boot.mean,
                      boot.ci_low, boot.ci_high, boot.p_value);
      assert_near ("mean", boot.mean, expect[0], 0.0, 1e-14);
      assert_near ("interval low", boot.ci_low, expect[1], 0.0, 1e-9);
      assert_near ("interval high", boot.ci_high, expect[2], 0.0, 1e-9);
      assert_near ("p", boot.p_value, expect[3], 1e-9, 0.0);
      assert_near ("seed spread", boot.seed_spread, expect[4], 1e-12, 1e-16);
      assert_near ("image spread", boot.image_spread, expect[5], 1e-12, 1e-16);
      assert_near ("seed component", boot.components.seed, expect[6], 1e-9, 1e-16);
      assert_near ("image component", boot.components.image, expect[7], 1e-9, 1e-16);
      assert_near ("residual component", boot.components.residual, expect[8], 1e-9, 1e-16);
      g_assert_cmpint (boot.n_resamples, ==, R);
      g_assert_false (boot.identical);
      cases++;
    }
  g_assert_cmpint (cases, ==, 4);
}

/* The real study's per-image IoU: IOU[loss][seed · 69 + image]. */
typedef struct
{
  int n_seeds, n_images;
  double *iou[5];
} Study;

static const char *const study_losses[] = { "dice-bce", "jaccard", "focal", "tversky",
                                            "focal-tversky" };

static void
study_clear (Study *study)
{
  for (int l = 0; l < 5; l++)
    g_free (study->iou[l]);
}

static void
study_load (Study *study)
{
  g_autofree char *path = reference_path ("quick-688-iou.csv");
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) rows = lb_csv_load (path, &error);
  g_assert_no_error (error);
  char **header = g_ptr_array_index (rows, 0);
  g_assert_cmpuint (g_strv_length (header), ==, 16);
  study->n_seeds = 3;
  study->n_images = rows->len - 1;
  g_assert_cmpint (study->n_images, ==, 69);
  for (int l = 0; l < 5; l++)
    {
      study->iou[l] = g_new (double, 3 * study->n_images);
      for (int s = 0; s < 3; s++)
        {
          g_autofree char *run = g_strdup_printf ("%s-s%d", study_losses[l], s + 1);
          g_assert_cmpstr (header[1 + 3 * l + s], ==, run);
          for (int i = 0; i < study->n_images; i++)
            {
              char **row = g_ptr_array_index (rows, i + 1);
              study->iou[l][s * study->n_images + i] = g_ascii_strtod (row[1 + 3 * l + s], NULL);
            }
        }
    }
}

/* With its own 10 000 draws, within Monte Carlo error of NumPy's 400 000: the fixture gives the
 * standard deviation of each quantity over repeated 10 000-resample runs, and we allow four of
 * them (the reference's own error is a third of one). */
static void
test_numpy_own_draws (void)
{
  Study study;
  study_load (&study);
  g_auto (GStrv) lines = reference_lines ();
  int checked = 0;
  for (char **l = lines; *l; l++)
    {
      g_auto (GStrv) f = g_strsplit (*l, " ", -1);
      if (g_strcmp0 (f[0], "mc") != 0)
        continue;
      const double *a = NULL, *b = NULL;
      if (g_strcmp0 (f[1], "jaccard-tversky") == 0)
        a = study.iou[1], b = study.iou[3];
      else if (g_strcmp0 (f[1], "dice-bce-tversky") == 0)
        a = study.iou[0], b = study.iou[3];
      else if (g_strcmp0 (f[1], "jaccard") == 0)
        a = study.iou[1];
      g_assert_nonnull (a);
      g_autofree double *v = parse_doubles (f + 2, 6);

      g_autoptr (LbResamples) resamples = lb_resamples_new (3, 69, LB_BOOTSTRAP_RESAMPLES,
                                                            LB_BOOTSTRAP_DEFAULT_SEED);
      LbBootstrap boot;
      lb_bootstrap_paired (a, b, 3, 69, resamples, &boot);
      g_test_message ("%s: %.5f to %.5f (NumPy %.5f to %.5f), p %.4f (NumPy %.4f)", f[1],
                      boot.ci_low, boot.ci_high, v[0], v[1], boot.p_value, v[2]);
      assert_near ("interval low", boot.ci_low, v[0], 0.0, 4.0 * v[3]);
      assert_near ("interval high", boot.ci_high, v[1], 0.0, 4.0 * v[4]);
      assert_near ("p", boot.p_value, v[2], 0.0, 4.0 * v[5] + 1e-3);
      checked++;
    }
  g_assert_cmpint (checked, ==, 3);
  study_clear (&study);
}

static void
test_planning (void)
{
  g_auto (GStrv) lines = reference_lines ();
  int power = 0, detectable = 0, needed = 0;
  for (char **l = lines; *l; l++)
    {
      g_auto (GStrv) f = g_strsplit (*l, " ", -1);
      if (f[0] == NULL || f[1] == NULL)
        continue;
      LbVarianceComponents c = { g_ascii_strtod (f[1], NULL), 0, 0 };
      if (f[2] && f[3])
        {
          c.image = g_ascii_strtod (f[2], NULL);
          c.residual = g_ascii_strtod (f[3], NULL);
        }
      if (g_strcmp0 (f[0], "power") == 0)
        {
          double got = lb_bootstrap_power (&c, g_ascii_strtod (f[7], NULL), atoi (f[4]),
                                           atoi (f[5]), g_ascii_strtod (f[6], NULL));
          assert_near ("power", got, g_ascii_strtod (f[8], NULL), 0.0, 1e-6);
          power++;
        }
      else if (g_strcmp0 (f[0], "detectable") == 0)
        {
          double got = lb_bootstrap_detectable_difference (&c, atoi (f[4]), atoi (f[5]),
                                                           g_ascii_strtod (f[6], NULL), 0.8);
          assert_near ("detectable difference", got, g_ascii_strtod (f[7], NULL), 1e-5, 0.0);
          detectable++;
        }
      else if (g_strcmp0 (f[0], "seeds_needed") == 0)
        {
          int got = lb_bootstrap_seeds_needed (&c, g_ascii_strtod (f[4], NULL), atoi (f[5]),
                                               g_ascii_strtod (f[6], NULL), 0.8, 1000);
          g_assert_cmpint (got, ==, atoi (f[7]));
          needed++;
        }
    }
  g_assert_cmpint (power, ==, 45);
  g_assert_cmpint (detectable, ==, 12);
  g_assert_cmpint (needed, ==, 9);

  /* One seed: no seed variance, no plan. */
  LbVarianceComponents c = { 1e-6, 1e-6, 1e-4 };
  g_assert_true (isnan (lb_bootstrap_power (&c, 0.01, 1, 69, 0.05)));
  g_assert_true (isnan (lb_bootstrap_detectable_difference (&c, 1, 69, 0.05, 0.8)));
}

static void
test_resamples (void)
{
  g_autoptr (LbResamples) a = lb_resamples_new (3, 69, 500, 7);
  g_autoptr (LbResamples) b = lb_resamples_new (3, 69, 500, 7);
  g_autoptr (LbResamples) c = lb_resamples_new (3, 69, 500, 8);
  g_assert_cmpmem (a->seeds, 500 * 3 * 4, b->seeds, 500 * 3 * 4);
  g_assert_cmpmem (a->images, 500 * 69 * 4, b->images, 500 * 69 * 4);
  g_assert_true (memcmp (a->images, c->images, 500 * 69 * 4) != 0);
  /* Every seed and every image is drawn about as often as the others. */
  int seed_count[3] = { 0 }, image_count[69] = { 0 };
  for (int k = 0; k < 500 * 3; k++)
    seed_count[a->seeds[k]]++;
  for (int k = 0; k < 500 * 69; k++)
    image_count[a->images[k]]++;
  for (int s = 0; s < 3; s++)
    g_assert_cmpint (abs (seed_count[s] - 500), <, 100);
  for (int i = 0; i < 69; i++)
    g_assert_cmpint (abs (image_count[i] - 500), <, 110);
}

static void
test_one_seed (void)
{
  const double a[] = { 0.90, 0.92, 0.88, 0.95, 0.91 };
  const double b[] = { 0.89, 0.92, 0.87, 0.93, 0.92 };
  g_autoptr (LbResamples) r = lb_resamples_new (1, 5, 1000, 1);
  LbBootstrap boot;
  lb_bootstrap_paired (a, b, 1, 5, r, &boot);
  assert_near ("mean", boot.mean, 0.006, 0.0, 1e-15);
  g_assert_true (isnan (boot.ci_low) && isnan (boot.ci_high) && isnan (boot.p_value));
  g_assert_true (isnan (boot.seed_spread));
  g_assert_true (isfinite (boot.image_spread) && boot.image_spread > 0.0);
  g_assert_true (isnan (boot.components.seed));
  g_assert_false (boot.identical);
}

static void
test_identical (void)
{
  /* Tversky with α = β = 0.5 is Dice: the same numbers in both arms. */
  Study study;
  study_load (&study);
  g_autoptr (LbResamples) r = lb_resamples_new (3, 69, LB_BOOTSTRAP_RESAMPLES, 1);
  LbBootstrap boot;
  lb_bootstrap_paired (study.iou[3], study.iou[4], 3, 69, r, &boot);
  g_assert_true (boot.identical);
  g_assert_cmpfloat (boot.mean, ==, 0.0);
  g_assert_cmpfloat (boot.ci_low, ==, 0.0);
  g_assert_cmpfloat (boot.ci_high, ==, 0.0);
  g_assert_cmpfloat (boot.p_value, ==, 1.0);
  g_assert_cmpfloat (boot.seed_spread, ==, 0.0);
  g_assert_cmpfloat (boot.image_spread, ==, 0.0);
  study_clear (&study);
}

static void
test_all_equal_images (void)
{
  /* Every cell differs by the same 0.1: no noise at all, so the interval is that point and the
   * p-value the smallest the resampling can give. */
  double a[3 * 10], b[3 * 10];
  for (int k = 0; k < 30; k++)
    {
      a[k] = 0.9;
      b[k] = 0.8;
    }
  g_autoptr (LbResamples) r = lb_resamples_new (3, 10, 2000, 1);
  LbBootstrap boot;
  lb_bootstrap_paired (a, b, 3, 10, r, &boot);
  assert_near ("mean", boot.mean, 0.1, 0.0, 1e-15);
  assert_near ("low", boot.ci_low, 0.1, 0.0, 1e-15);
  assert_near ("high", boot.ci_high, 0.1, 0.0, 1e-15);
  assert_near ("p", boot.p_value, 2.0 / 2001.0, 1e-12, 0.0);
  g_assert_cmpfloat (boot.image_spread, ==, 0.0);
  assert_near ("seed spread", boot.seed_spread, 0.0, 0.0, 1e-15);

  /* Images all alike within a seed, seeds not: only seed noise, which at 3 seeds does not
   * separate +0.002 from a spread of 0.003. */
  for (int s = 0; s < 3; s++)
    for (int i = 0; i < 10; i++)
      b[s * 10 + i] = 0.9 - 0.002 + 0.003 * (s - 1);
  lb_bootstrap_paired (a, b, 3, 10, r, &boot);
  assert_near ("seed spread", boot.seed_spread, 0.003, 1e-9, 0.0);
  assert_near ("image spread", boot.image_spread, 0.0, 0.0, 1e-15);
  g_assert_cmpfloat (boot.ci_low, <, 0.0);
  g_assert_cmpfloat (boot.ci_high, >, 0.002);
  g_assert_cmpfloat (boot.p_value, >, 0.05);
}

static void
test_empty_masks (void)
{
  /* Images with no lung, predicted empty: IoU 1 by nn-metrics' convention, never NaN. Half the
   * images of every seed are such, the other half ordinary. */
  double a[3 * 8], b[3 * 8];
  for (int s = 0; s < 3; s++)
    for (int i = 0; i < 8; i++)
      {
        NnConfusion empty = { 0, 0, 0, 4096 };
        NnConfusion lung_a = { 1000 + 10 * s + i, 40, 30 + i, 3026 };
        NnConfusion lung_b = { 990 + 12 * s, 50 + i, 35, 3021 };
        NnMetrics ma, mb;
        nn_metrics_from_confusion (i % 2 ? &empty : &lung_a, &ma);
        nn_metrics_from_confusion (i % 2 ? &empty : &lung_b, &mb);
        a[s * 8 + i] = ma.value[NN_METRIC_IOU];
        b[s * 8 + i] = mb.value[NN_METRIC_IOU];
      }
  g_assert_cmpfloat (a[1], ==, 1.0);
  g_autoptr (LbResamples) r = lb_resamples_new (3, 8, 2000, 1);
  LbBootstrap boot;
  lb_bootstrap_paired (a, b, 3, 8, r, &boot);
  g_assert_true (isfinite (boot.mean) && isfinite (boot.ci_low) && isfinite (boot.ci_high));
  g_assert_true (isfinite (boot.p_value) && isfinite (boot.seed_spread));
  g_assert_true (isfinite (boot.image_spread) && isfinite (boot.components.residual));
  g_assert_cmpfloat (boot.ci_low, <=, boot.mean);
  g_assert_cmpfloat (boot.mean, <=, boot.ci_high);

  /* One loss alone on them: its interval stays inside [0, 1]. */
  lb_bootstrap_paired (a, NULL, 3, 8, r, &boot);
  g_assert_cmpfloat (boot.ci_low, >=, 0.0);
  g_assert_cmpfloat (boot.ci_high, <=, 1.0);
}

/* ---- calibration on the real study ----
 *
 * A synthetic experiment in which nothing differs, built from one loss's real 3 × 69 IoU matrix:
 * IoU[s][i] = g + u[s] + v[i] + e[s][i] (two-way decomposition). Both arms keep the real image
 * effects v (the same test images), and each draws its own seed effects, from the 12 real seed
 * effects of the four distinct losses (Focal-Tversky repeats Tversky), and its own residuals,
 * from the loss's 207 real residuals. The arms are exchangeable, so the null is exactly true,
 * with real seed-to-seed noise in it. Clamped to [0, 1] like IoU (rarely active). */
typedef struct
{
  double grand;
  double image_effect[69];
  double seed_pool[12];
  double residual_pool[3 * 69];
} NullModel;

static void
null_model_init (NullModel *m, const Study *study, int loss)
{
  const int S = 3, I = 69;
  int pooled = 0;
  for (int l = 0; l < 4; l++)
    {
      double seed_mean[3], grand = 0.0;
      for (int s = 0; s < S; s++)
        {
          seed_mean[s] = 0.0;
          for (int i = 0; i < I; i++)
            seed_mean[s] += study->iou[l][s * I + i] / I;
          grand += seed_mean[s] / S;
        }
      for (int s = 0; s < S; s++)
        m->seed_pool[pooled++] = seed_mean[s] - grand;
      if (l != loss)
        continue;
      double image_mean[69] = { 0 };
      for (int s = 0; s < S; s++)
        for (int i = 0; i < I; i++)
          image_mean[i] += study->iou[l][s * I + i] / S;
      m->grand = grand;
      for (int i = 0; i < I; i++)
        m->image_effect[i] = image_mean[i] - grand;
      for (int s = 0; s < S; s++)
        for (int i = 0; i < I; i++)
          m->residual_pool[s * I + i] = study->iou[l][s * I + i] - seed_mean[s] - image_mean[i]
                                        + grand;
    }
}

static double
pool_variance (const double *x, int n)
{
  double mean = 0.0, squares = 0.0;
  for (int i = 0; i < n; i++)
    mean += x[i] / n;
  for (int i = 0; i < n; i++)
    squares += (x[i] - mean) * (x[i] - mean);
  return squares / n;
}

/* The components of A − B that the simulation draws from (both arms' seeds and residuals). */
static LbVarianceComponents
null_model_components (const NullModel *m, double seed_scale)
{
  return (LbVarianceComponents) {
    .seed = 2.0 * seed_scale * seed_scale * pool_variance (m->seed_pool, 12),
    .image = 0.0,
    .residual = 2.0 * pool_variance (m->residual_pool, 3 * 69),
  };
}

static void
simulate_arm (const NullModel *m, LbRng *rng, double seed_scale, double shift, double *iou)
{
  for (int s = 0; s < 3; s++)
    {
      double u = seed_scale * m->seed_pool[lb_rng_below (rng, 12)];
      for (int i = 0; i < 69; i++)
        {
          double v = m->grand + u + m->image_effect[i] + shift
                     + m->residual_pool[lb_rng_below (rng, 3 * 69)];
          iou[s * 69 + i] = CLAMP (v, 0.0, 1.0);
        }
    }
}

/* The uncorrected percentile bootstrap's p (κ = 1), to show what the correction is for. */
static double
plain_p_value (const double *statistic, int n)
{
  int below = 0, above = 0;
  for (int k = 0; k < n; k++)
    {
      below += statistic[k] <= 0.0;
      above += statistic[k] >= 0.0;
    }
  return MIN (1.0, 2.0 * (MIN (below, above) + 1) / (n + 1.0));
}

/* Runs N synthetic experiments; the fraction called different, with the method and with the
 * plain bootstrap. One pair per experiment, so Holm changes nothing: this is the level of one
 * test. 2000 resamples, not 10 000: the decision at 5 % needs p resolved to 0.001, not 0.0002,
 * and a fifth of the work keeps the test under a few seconds with AddressSanitizer. */
static void
simulate (const NullModel *m, double seed_scale, double shift, int n, guint64 seed,
          double *rate, double *plain_rate)
{
  g_autoptr (LbResamples) resamples = lb_resamples_new (3, 69, 2000, LB_BOOTSTRAP_DEFAULT_SEED);
  g_autofree double *statistic = g_new (double, 2000);
  double a[3 * 69], b[3 * 69];
  int different = 0, plain_different = 0;
  for (int x = 0; x < n; x++)
    {
      LbRng rng;
      lb_rng_init (&rng, seed, x);
      simulate_arm (m, &rng, seed_scale, shift, a);
      simulate_arm (m, &rng, seed_scale, 0.0, b);
      LbBootstrap boot;
      lb_bootstrap_paired (a, b, 3, 69, resamples, &boot);
      different += boot.p_value < 0.05;
      if (plain_rate != NULL)
        {
          lb_bootstrap_statistics (a, b, 3, 69, resamples, statistic, NULL);
          plain_different += plain_p_value (statistic, 2000) < 0.05;
        }
    }
  *rate = (double) different / n;
  if (plain_rate != NULL)
    *plain_rate = (double) plain_different / n;
}

static void
test_calibration_null (void)
{
  Study study;
  study_load (&study);
  /* Jaccard: of the four losses, the one whose own seed effect is largest. */
  NullModel m;
  null_model_init (&m, &study, 1);

  /* The real seed noise, and three times it (seed noise dominating image noise). */
  const double scales[] = { 1.0, 3.0 };
  for (guint k = 0; k < G_N_ELEMENTS (scales); k++)
    {
      const int n = 600;
      double rate, plain;
      simulate (&m, scales[k], 0.0, n, 100 + k, &rate, &plain);
      LbVarianceComponents c = null_model_components (&m, scales[k]);
      double predicted = lb_bootstrap_power (&c, 0.0, 3, 69, 0.05);
      g_test_message ("A/A, seed noise x%.0f: %d experiments, called different %.1f %% "
                      "(model %.1f %%); the plain bootstrap %.1f %%", scales[k], n,
                      100 * rate, 100 * predicted, 100 * plain);
      /* 5 % with Monte Carlo slack: 8 % is 3.4 standard errors above 5 % at 600 draws. */
      g_assert_cmpfloat (rate, <=, 0.08);
    }
  study_clear (&study);
}

static void
test_calibration_planted (void)
{
  Study study;
  study_load (&study);
  NullModel m;
  null_model_init (&m, &study, 1);

  /* A difference the size the planner says 80 % of experiments detect, at 3 seeds. */
  LbVarianceComponents c = null_model_components (&m, 1.0);
  double delta = lb_bootstrap_detectable_difference (&c, 3, 69, 0.05, 0.8);
  double predicted = lb_bootstrap_power (&c, delta, 3, 69, 0.05);
  const int n = 600;
  double rate;
  simulate (&m, 1.0, delta, n, 200, &rate, NULL);
  double se = sqrt (predicted * (1 - predicted) / n);
  g_test_message ("planted +%.5f IoU: found in %.1f %% of %d experiments, predicted %.1f %% "
                  "(Monte Carlo standard error %.1f %%)", delta, 100 * rate, n, 100 * predicted,
                  100 * se);
  assert_near ("predicted", predicted, 0.8, 0.0, 1e-6);
  /* Four standard errors: a false alarm once in 16 000 if the model were exact. */
  g_assert_cmpfloat (fabs (rate - predicted), <=, 4.0 * se);
  study_clear (&study);
}

/* One level, images only (two tools' masks on the same truths): the resampled means, their
 * percentile interval and the tail p-value, worked out here from the same draws. */
static void
test_images_only (void)
{
  enum { N = 6, R = 5 };
  const double a[N] = { 4.0, 6.5, 3.0, 9.0, 5.5, 7.0 };
  const double b[N] = { 3.0, 6.0, 3.5, 7.0, 5.5, 4.0 };
  const guint32 seeds[R] = { 0 };
  const guint32 images[R * N] = { 0, 1, 2, 3, 4, 5,  2, 2, 4, 4, 0, 1,  3, 3, 3, 5, 5, 0,
                                  1, 2, 2, 4, 4, 4,  5, 0, 3, 1, 1, 2 };
  g_autoptr (LbResamples) r = lb_resamples_new_from_indices (1, N, R, seeds, images);
  LbBootstrap boot;
  lb_bootstrap_paired_images (a, b, N, r, &boot);

  double t[R], mean = 0.0;
  for (int i = 0; i < N; i++)
    mean += (a[i] - b[i]) / N;
  int below = 0, above = 0;
  for (int k = 0; k < R; k++)
    {
      t[k] = 0.0;
      for (int i = 0; i < N; i++)
        t[k] += (a[images[k * N + i]] - b[images[k * N + i]]) / N;
      below += t[k] <= 0.0;
      above += t[k] >= 0.0;
    }
  lb_sort_doubles (t, R);
  /* NumPy's linear quantile of five values at 2.5 % and 97.5 %: positions 0.1 and 3.9. */
  g_assert_cmpfloat_with_epsilon (boot.mean, mean, 1e-15);
  g_assert_cmpfloat_with_epsilon (boot.ci_low, t[0] + 0.1 * (t[1] - t[0]), 1e-12);
  g_assert_cmpfloat_with_epsilon (boot.ci_high, t[3] + 0.9 * (t[4] - t[3]), 1e-12);
  g_assert_cmpfloat_with_epsilon (boot.p_value, MIN (1.0, 2.0 * (MIN (below, above) + 1) / (R + 1)),
                                  1e-15);
  g_assert_cmpint (boot.n_seeds, ==, 1);
  g_assert_cmpint (boot.n_images, ==, N);
  g_assert_true (isnan (boot.seed_spread));
  g_assert_false (boot.identical);

  lb_bootstrap_paired_images (a, a, N, r, &boot);
  g_assert_true (boot.identical);
  g_assert_cmpfloat (boot.ci_low, ==, 0.0);
  g_assert_cmpfloat (boot.ci_high, ==, 0.0);
  g_assert_cmpfloat (boot.p_value, ==, 1.0);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/bootstrap/quantiles", test_quantiles);
  g_test_add_func ("/bootstrap/images-only", test_images_only);
  g_test_add_func ("/bootstrap/numpy/indices", test_numpy_indices);
  g_test_add_func ("/bootstrap/numpy/own-draws", test_numpy_own_draws);
  g_test_add_func ("/bootstrap/planning", test_planning);
  g_test_add_func ("/bootstrap/resamples", test_resamples);
  g_test_add_func ("/bootstrap/one-seed", test_one_seed);
  g_test_add_func ("/bootstrap/identical", test_identical);
  g_test_add_func ("/bootstrap/all-equal-images", test_all_equal_images);
  g_test_add_func ("/bootstrap/empty-masks", test_empty_masks);
  g_test_add_func ("/bootstrap/calibration/null", test_calibration_null);
  g_test_add_func ("/bootstrap/calibration/planted", test_calibration_planted);
  return g_test_run ();
}
