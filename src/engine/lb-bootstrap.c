/* lb-bootstrap.c — is a difference between two losses larger than seed-to-seed noise?
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The method and its reasons are in lb-bootstrap.h; tests/reference/make-stats-reference.py
 * computes the same quantities with NumPy and SciPy. */
#include "lb-bootstrap.h"

#include <math.h>
#include <string.h>

#include "lb-rng.h"
#include "lb-stats.h"

/* The RNG stream of resample indices, apart from those of splits and phantoms. */
#define RESAMPLE_STREAM G_GUINT64_CONSTANT (0x626f6f7473747270)

LbResamples *
lb_resamples_new (int n_seeds, int n_images, int n_resamples, guint64 seed)
{
  g_return_val_if_fail (n_seeds >= 1 && n_images >= 1 && n_resamples >= 1, NULL);
  LbResamples *r = g_new0 (LbResamples, 1);
  r->n_seeds = n_seeds;
  r->n_images = n_images;
  r->n_resamples = n_resamples;
  r->seeds = g_new (guint32, (gsize) n_resamples * n_seeds);
  r->images = g_new (guint32, (gsize) n_resamples * n_images);

  LbRng rng;
  lb_rng_init (&rng, seed, RESAMPLE_STREAM);
  for (int k = 0; k < n_resamples; k++)
    {
      for (int s = 0; s < n_seeds; s++)
        r->seeds[(gsize) k * n_seeds + s] = lb_rng_below (&rng, n_seeds);
      for (int i = 0; i < n_images; i++)
        r->images[(gsize) k * n_images + i] = lb_rng_below (&rng, n_images);
    }
  return r;
}

LbResamples *
lb_resamples_new_from_indices (int n_seeds,
                               int n_images,
                               int n_resamples,
                               const guint32 *seeds,
                               const guint32 *images)
{
  g_return_val_if_fail (n_seeds >= 1 && n_images >= 1 && n_resamples >= 1, NULL);
  gsize n_seed_slots = (gsize) n_resamples * n_seeds;
  gsize n_image_slots = (gsize) n_resamples * n_images;
  for (gsize k = 0; k < n_seed_slots; k++)
    g_return_val_if_fail (seeds[k] < (guint32) n_seeds, NULL);
  for (gsize k = 0; k < n_image_slots; k++)
    g_return_val_if_fail (images[k] < (guint32) n_images, NULL);

  LbResamples *r = g_new0 (LbResamples, 1);
  r->n_seeds = n_seeds;
  r->n_images = n_images;
  r->n_resamples = n_resamples;
  r->seeds = g_memdup2 (seeds, n_seed_slots * sizeof *seeds);
  r->images = g_memdup2 (images, n_image_slots * sizeof *images);
  return r;
}

void
lb_resamples_free (LbResamples *resamples)
{
  if (resamples == NULL)
    return;
  g_free (resamples->seeds);
  g_free (resamples->images);
  g_free (resamples);
}

/* d = a − b (or a), and the seed means of d. */
static double *
differences (const double *a, const double *b, int n_seeds, int n_images, double *seed_mean)
{
  double *d = g_new (double, (gsize) n_seeds * n_images);
  for (int s = 0; s < n_seeds; s++)
    {
      double sum = 0.0;
      for (int i = 0; i < n_images; i++)
        {
          gsize k = (gsize) s * n_images + i;
          d[k] = b != NULL ? a[k] - b[k] : a[k];
          sum += d[k];
        }
      seed_mean[s] = sum / n_images;
    }
  return d;
}

static double
mean_of (const double *x, int n)
{
  double sum = 0.0;
  for (int i = 0; i < n; i++)
    sum += x[i];
  return sum / n;
}

/* The per-resample statistic and seed part, from d and its seed means. */
static void
resample_statistics (const double *d,
                     const double *seed_mean,
                     double grand_mean,
                     const LbResamples *r,
                     double *statistic,
                     double *seed_part)
{
  int n_seeds = r->n_seeds, n_images = r->n_images;
  for (int k = 0; k < r->n_resamples; k++)
    {
      const guint32 *seeds = r->seeds + (gsize) k * n_seeds;
      const guint32 *images = r->images + (gsize) k * n_images;
      double cells = 0.0, seeds_sum = 0.0;
      for (int s = 0; s < n_seeds; s++)
        {
          const double *row = d + (gsize) seeds[s] * n_images;
          double row_sum = 0.0;
          for (int i = 0; i < n_images; i++)
            row_sum += row[images[i]];
          cells += row_sum / n_images;
          seeds_sum += seed_mean[seeds[s]];
        }
      if (statistic != NULL)
        statistic[k] = cells / n_seeds;
      if (seed_part != NULL)
        seed_part[k] = seeds_sum / n_seeds - grand_mean;
    }
}

void
lb_bootstrap_statistics (const double *a,
                         const double *b,
                         int n_seeds,
                         int n_images,
                         const LbResamples *resamples,
                         double *statistic,
                         double *seed_part)
{
  g_return_if_fail (resamples != NULL && resamples->n_seeds == n_seeds
                    && resamples->n_images == n_images);
  g_autofree double *seed_mean = g_new (double, n_seeds);
  g_autofree double *d = differences (a, b, n_seeds, n_images, seed_mean);
  resample_statistics (d, seed_mean, mean_of (seed_mean, n_seeds), resamples, statistic,
                       seed_part);
}

double
lb_bootstrap_seed_correction (int n_seeds, double alpha)
{
  if (n_seeds < 2 || !(alpha > 0.0 && alpha < 1.0))
    return NAN;
  double p = 1.0 - alpha / 2.0;
  return sqrt ((double) n_seeds / (n_seeds - 1)) * lb_student_t_quantile (p, n_seeds - 1)
         / lb_normal_quantile (p);
}

void
lb_variance_components (const double *a,
                        const double *b,
                        int n_seeds,
                        int n_images,
                        LbVarianceComponents *c)
{
  c->seed = c->image = c->residual = NAN;
  if (n_seeds < 2 || n_images < 2)
    return;
  g_autofree double *seed_mean = g_new (double, n_seeds);
  g_autofree double *d = differences (a, b, n_seeds, n_images, seed_mean);
  g_autofree double *image_mean = g_new0 (double, n_images);
  double grand = mean_of (seed_mean, n_seeds);
  for (int s = 0; s < n_seeds; s++)
    for (int i = 0; i < n_images; i++)
      image_mean[i] += d[(gsize) s * n_images + i] / n_seeds;

  double seeds = 0.0, images = 0.0, residual = 0.0;
  for (int s = 0; s < n_seeds; s++)
    seeds += (seed_mean[s] - grand) * (seed_mean[s] - grand);
  for (int i = 0; i < n_images; i++)
    images += (image_mean[i] - grand) * (image_mean[i] - grand);
  for (int s = 0; s < n_seeds; s++)
    for (int i = 0; i < n_images; i++)
      {
        double e = d[(gsize) s * n_images + i] - seed_mean[s] - image_mean[i] + grand;
        residual += e * e;
      }
  double ms_seed = n_images * seeds / (n_seeds - 1);
  double ms_image = n_seeds * images / (n_images - 1);
  double ms_residual = residual / ((double) (n_seeds - 1) * (n_images - 1));
  c->residual = ms_residual;
  c->seed = MAX (0.0, (ms_seed - ms_residual) / n_images);
  c->image = MAX (0.0, (ms_image - ms_residual) / n_seeds);
}

/* The bootstrap p at one level: tails of REST + κ · SEED_PART, with the +1 of Davison and
 * Hinkley so that no finite resampling claims p = 0. A resample within ZERO of 0 counts on
 * both sides: with rounded metrics a resample can tie at exactly 0, and whether it came out as
 * +1e-18 or −1e-18 would depend on the order of the additions. */
static double
tail_p_value (const double *rest, const double *seed_part, int n, double kappa, double zero)
{
  int below = 0, above = 0;
  for (int k = 0; k < n; k++)
    {
      double t = rest[k] + kappa * seed_part[k];
      below += t <= zero;
      above += t >= -zero;
    }
  return MIN (1.0, 2.0 * (MIN (below, above) + 1) / (n + 1.0));
}

/* The smallest α whose own interval excludes 0: p(α) falls as α grows (a looser level
 * stretches less), so bisect on log α between the smallest p a resampling can give and 1.
 * Above α = 0.999, κ is taken at 0.999: t and z both tend to 0 there and their ratio is
 * rounding, and a p-value that close to 1 needs no digits. */
static double
inverted_p_value (const double *rest, const double *seed_part, int n, int n_seeds, double zero)
{
  double lo = 2.0 / (n + 1.0), hi = 1.0;
  if (tail_p_value (rest, seed_part, n, lb_bootstrap_seed_correction (n_seeds, lo), zero) <= lo)
    return lo;
  for (int i = 0; i < 60; i++)
    {
      double mid = sqrt (lo * hi);
      double kappa = lb_bootstrap_seed_correction (n_seeds, MIN (mid, 0.999));
      if (tail_p_value (rest, seed_part, n, kappa, zero) <= mid)
        hi = mid;
      else
        lo = mid;
    }
  return hi;
}

/* The q-quantile of N sorted values, interpolating linearly (NumPy's "linear", Hyndman and
 * Fan's type 7). */
static double
sorted_quantile (const double *sorted, int n, double q)
{
  double h = (n - 1) * q;
  int below = (int) floor (h);
  if (below >= n - 1)
    return sorted[n - 1];
  return sorted[below] + (h - below) * (sorted[below + 1] - sorted[below]);
}

void
lb_bootstrap_paired (const double *a,
                     const double *b,
                     int n_seeds,
                     int n_images,
                     const LbResamples *resamples,
                     LbBootstrap *result)
{
  memset (result, 0, sizeof *result);
  result->n_seeds = n_seeds;
  result->n_images = n_images;
  result->mean = result->ci_low = result->ci_high = result->p_value = NAN;
  result->seed_spread = result->image_spread = NAN;
  result->components.seed = result->components.image = result->components.residual = NAN;
  g_return_if_fail (n_seeds >= 1 && n_images >= 1);
  g_return_if_fail (resamples != NULL && resamples->n_seeds == n_seeds
                    && resamples->n_images == n_images);
  lb_variance_components (a, b, n_seeds, n_images, &result->components);
  int n = resamples->n_resamples;
  result->n_resamples = n;

  g_autofree double *seed_mean = g_new (double, n_seeds);
  g_autofree double *d = differences (a, b, n_seeds, n_images, seed_mean);
  double grand = mean_of (seed_mean, n_seeds);
  result->mean = grand;

  double largest = 0.0;
  for (gsize k = 0; k < (gsize) n_seeds * n_images; k++)
    largest = MAX (largest, fabs (d[k]));
  result->identical = b != NULL && largest == 0.0;

  if (n_seeds > 1)
    {
      double squares = 0.0;
      for (int s = 0; s < n_seeds; s++)
        squares += (seed_mean[s] - grand) * (seed_mean[s] - grand);
      result->seed_spread = sqrt (squares / (n_seeds - 1));
    }
  if (n_images > 1)
    {
      double squares = 0.0;
      for (int s = 0; s < n_seeds; s++)
        for (int i = 0; i < n_images; i++)
          {
            double e = d[(gsize) s * n_images + i] - seed_mean[s];
            squares += e * e;
          }
      result->image_spread = sqrt (squares / ((double) n_seeds * (n_images - 1)));
    }
  if (n_seeds < 2)
    return;

  /* REST is the statistic without its seed part: the observed mean and the image level. */
  g_autofree double *rest = g_new (double, n);
  g_autofree double *seed_part = g_new (double, n);
  resample_statistics (d, seed_mean, grand, resamples, rest, seed_part);
  for (int k = 0; k < n; k++)
    rest[k] -= seed_part[k];

  g_autofree double *stretched = g_new (double, n);
  double kappa = lb_bootstrap_seed_correction (n_seeds, 0.05);
  for (int k = 0; k < n; k++)
    stretched[k] = rest[k] + kappa * seed_part[k];
  lb_sort_doubles (stretched, n);
  result->ci_low = sorted_quantile (stretched, n, 0.025);
  result->ci_high = sorted_quantile (stretched, n, 0.975);
  result->p_value = inverted_p_value (rest, seed_part, n, n_seeds, 1e-12 * largest);
}

void
lb_bootstrap_paired_images (const double *a,
                            const double *b,
                            int n_images,
                            const LbResamples *resamples,
                            LbBootstrap *result)
{
  memset (result, 0, sizeof *result);
  result->n_seeds = 1;
  result->n_images = n_images;
  result->mean = result->ci_low = result->ci_high = result->p_value = NAN;
  result->seed_spread = result->image_spread = NAN;
  result->components.seed = result->components.image = result->components.residual = NAN;
  g_return_if_fail (n_images >= 1);
  g_return_if_fail (resamples != NULL && resamples->n_seeds == 1
                    && resamples->n_images == n_images);
  int n = resamples->n_resamples;
  result->n_resamples = n;

  double seed_mean;
  g_autofree double *d = differences (a, b, 1, n_images, &seed_mean);
  result->mean = seed_mean;
  double largest = 0.0;
  for (int i = 0; i < n_images; i++)
    largest = MAX (largest, fabs (d[i]));
  result->identical = b != NULL && largest == 0.0;
  if (n_images > 1)
    {
      double squares = 0.0;
      for (int i = 0; i < n_images; i++)
        squares += (d[i] - seed_mean) * (d[i] - seed_mean);
      result->image_spread = sqrt (squares / (n_images - 1));
    }

  g_autofree double *statistic = g_new (double, n);
  g_autofree double *zeros = g_new0 (double, n);
  resample_statistics (d, &seed_mean, seed_mean, resamples, statistic, NULL);
  result->p_value = tail_p_value (statistic, zeros, n, 0.0, 1e-12 * largest);
  lb_sort_doubles (statistic, n);
  result->ci_low = sorted_quantile (statistic, n, 0.025);
  result->ci_high = sorted_quantile (statistic, n, 0.975);
}

/* ---- planning ---- */

/* log of the χ² density with K degrees of freedom. */
static double
chi_square_log_density (double x, int k)
{
  return (0.5 * k - 1.0) * log (x) - 0.5 * x - 0.5 * k * M_LN2 - lgamma (0.5 * k);
}

double
lb_bootstrap_power (const LbVarianceComponents *c,
                    double difference,
                    int n_seeds,
                    int n_images,
                    double alpha)
{
  if (n_seeds < 2 || n_images < 1 || isnan (c->seed) || isnan (c->residual))
    return NAN;
  double S = n_seeds, I = n_images;
  double tau2 = c->seed, image2 = isnan (c->image) ? 0.0 : c->image, e2 = c->residual;
  double delta = fabs (difference);
  double sd = sqrt (tau2 / S + image2 / I + e2 / (S * I));
  if (sd == 0.0)
    return delta > 0.0 ? 1.0 : 0.0;

  double z = lb_normal_quantile (1.0 - alpha / 2.0);
  double t = lb_student_t_quantile (1.0 - alpha / 2.0, n_seeds - 1);
  int k = n_seeds - 1;
  double seed_level = t * t * (tau2 + e2 / I) / (k * S);
  double image_level = z * z * ((I - 1) / (I * I) * (image2 + e2 / S)
                                + e2 * (S - 1) * (I - 1) / (S * S * I * I));

  /* E over X ~ χ²_k of P(|d̄| > √(seed_level · X + image_level)), by Simpson's rule in
   * u = √X over the bulk of the density (±12 standard deviations): in u the integrand is
   * smooth even for one degree of freedom, whose density in X is infinite at 0. */
  double spread = sqrt (2.0 * k);
  double lo = sqrt (MAX (0.0, k - 12.0 * spread)), hi = sqrt (k + 12.0 * spread + 30.0);
  const int steps = 2000;
  double h = (hi - lo) / steps, sum = 0.0;
  for (int j = 0; j <= steps; j++)
    {
      double u = lo + j * h, x = u * u;
      /* The density of u: 2u · f(u²); at u = 0 it is √(2/π) for k = 1 and 0 above. */
      double density = u > 0.0 ? 2.0 * u * exp (chi_square_log_density (x, k))
                                : (k == 1 ? sqrt (2.0 / M_PI) : 0.0);
      double crit = sqrt (seed_level * x + image_level);
      double p = lb_normal_cdf ((delta - crit) / sd) + lb_normal_cdf ((-delta - crit) / sd);
      double weight = j == 0 || j == steps ? 1.0 : j % 2 ? 4.0 : 2.0;
      sum += weight * density * p;
    }
  return MIN (1.0, sum * h / 3.0);
}

double
lb_bootstrap_detectable_difference (const LbVarianceComponents *c,
                                    int n_seeds,
                                    int n_images,
                                    double alpha,
                                    double power)
{
  if (isnan (lb_bootstrap_power (c, 0.0, n_seeds, n_images, alpha)))
    return NAN;
  /* Power grows with the difference: bracket, then bisect. */
  double lo = 0.0, hi = 1e-3;
  while (lb_bootstrap_power (c, hi, n_seeds, n_images, alpha) < power && hi < 1e6)
    {
      lo = hi;
      hi *= 2.0;
    }
  for (int i = 0; i < 60; i++)
    {
      double mid = 0.5 * (lo + hi);
      if (lb_bootstrap_power (c, mid, n_seeds, n_images, alpha) >= power)
        hi = mid;
      else
        lo = mid;
    }
  return hi;
}

double
lb_bootstrap_detectable_floor (const LbVarianceComponents *c,
                               int n_images,
                               double alpha,
                               double power)
{
  return lb_bootstrap_detectable_difference (c, LB_BOOTSTRAP_UNLIMITED_SEEDS, n_images, alpha,
                                             power);
}

int
lb_bootstrap_seeds_needed (const LbVarianceComponents *c,
                           double difference,
                           int n_images,
                           double alpha,
                           double power,
                           int max_seeds)
{
  int lo = LB_BOOTSTRAP_MIN_SEEDS;
  if (max_seeds < lo || isnan (lb_bootstrap_power (c, difference, lo, n_images, alpha)))
    return -1;
  if (lb_bootstrap_power (c, difference, max_seeds, n_images, alpha) < power)
    return -1;
  if (lb_bootstrap_power (c, difference, lo, n_images, alpha) >= power)
    return lo;
  /* More seeds, more power (a smaller t quantile and a smaller variance): bisect. */
  int hi = max_seeds;
  while (hi - lo > 1)
    {
      int mid = lo + (hi - lo) / 2;
      if (lb_bootstrap_power (c, difference, mid, n_images, alpha) >= power)
        hi = mid;
      else
        lo = mid;
    }
  return hi;
}
