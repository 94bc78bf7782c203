/* lb-bootstrap.h — is a difference between two losses larger than seed-to-seed noise?
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The data: one metric per test image and seed, for two losses trained with the same seeds and
 * tested on the same images (paired): a[s · I + i] and b[s · I + i], S seeds, I images, and
 * their difference d = a − b. B may be NULL, for the interval of one loss's mean.
 *
 * The method, and why (tests/engine/test-bootstrap.c measures its calibration):
 *
 * Resampling, the two-level paired bootstrap. A resample draws S seeds with replacement and I
 *   images with replacement; its statistic is the mean of d over every drawn (seed, image) cell.
 *   Paired: a cell is taken from both losses at once. One image draw serves all the seeds of a
 *   resample, because every seed was tested on the same images: an image that favours one loss
 *   in one seed tends to favour it in the others (on the 688-pair study this image × loss effect
 *   has a standard deviation of 0.005–0.015 IoU, comparable to the residual's), and drawing
 *   images afresh for each seed would count one image as three independent pieces of evidence.
 *
 * Small-sample correction of the seed level. With S seeds the bootstrap sees the spread of the
 *   seed means with divisor S instead of S − 1, and with normal tails instead of Student's. At 3
 *   seeds the plain percentile bootstrap calls "different" in 7 % of experiments where nothing
 *   differs on the study's real IoU, and in 22 % with three times its seed noise (the test
 *   measures both). So each resample's seed-level part (the mean of its drawn seeds' means,
 *   minus the observed mean) is stretched by
 *       κ(α) = √(S / (S − 1)) · t_{S−1}(1 − α/2) / z(1 − α/2),
 *   which makes the seed level a Student-t interval at level α: κ(0.05) is 2.69 at 3 seeds,
 *   1.58 at 5 and 1.22 at 10, and tends to 1. The image-level part is left as drawn.
 *
 * Interval: the percentile interval of the stretched statistics with κ(0.05), interpolating
 *   linearly between order statistics (NumPy's default quantile). Not adjusted for the number of
 *   pairs.
 *
 * p-value: the smallest α at which the level-α interval (stretched with κ(α)) excludes 0. At a
 *   given α the bootstrap p is min (1, 2 · min (#{t ≤ 0} + 1, #{t ≥ 0} + 1) / (R + 1)); the
 *   p-value is where it meets α, found by bisection. So "p < α" and "the level-α interval
 *   excludes 0" say the same at every α — including the strict levels of Holm's first steps,
 *   where a κ fixed at 95 % lets a family of ten null pairs err far more than 5 % of the time
 *   (up to 30 % in a NumPy simulation with four times the study's seed noise).
 *
 * Decision over the pairs of a comparison: Holm's step-down adjustment of these p-values
 *   (lb_holm_adjust); a pair differs when its adjusted p is below 0.05 and at least
 *   LB_BOOTSTRAP_MIN_SEEDS seeds were run. Holm at 5 % is the same as comparing the k-th
 *   smallest p with 0.05 / (m − k + 1) until one fails; the 95 % interval reported beside it is
 *   the unadjusted one, so with many pairs it can exclude 0 while the decision does not (the
 *   verdict sentence says so).
 *
 * Below 3 seeds nothing is called different: one seed has no seed-to-seed spread at all, and two
 *   give it one degree of freedom (κ 9.2), which is no basis for a claim.
 *
 * Resample indices come from LbRng, so a saved seed gives the same interval on every machine;
 * they are a separate object so that tests can feed the indices a NumPy reference used. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define LB_BOOTSTRAP_RESAMPLES 10000
#define LB_BOOTSTRAP_MIN_SEEDS 3
#define LB_BOOTSTRAP_DEFAULT_SEED G_GUINT64_CONSTANT (1)

/* Which seeds and images each resample draws. */
typedef struct
{
  int n_seeds;
  int n_images;
  int n_resamples;
  guint32 *seeds;   /* n_resamples × n_seeds: the seeds drawn by resample r at r · n_seeds */
  guint32 *images;  /* n_resamples × n_images: its images, shared by its seeds */
} LbResamples;

/* Draws N_RESAMPLES resamples with LbRng seeded with SEED. */
LbResamples *lb_resamples_new (int n_seeds, int n_images, int n_resamples, guint64 seed);
/* Explicit indices (copied); NULL, with a critical warning, if one is out of range. */
LbResamples *lb_resamples_new_from_indices (int n_seeds,
                                            int n_images,
                                            int n_resamples,
                                            const guint32 *seeds,
                                            const guint32 *images);
void lb_resamples_free (LbResamples *resamples);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LbResamples, lb_resamples_free)

/* The raw two-level statistics of A − B (B may be NULL): STATISTIC[r] is the mean over resample
 * r's cells, SEED_PART[r] the mean of its drawn seeds' means minus the observed mean. Either
 * output may be NULL. Exposed so that tests can compare them with NumPy. */
void lb_bootstrap_statistics (const double *a,
                              const double *b,
                              int n_seeds,
                              int n_images,
                              const LbResamples *resamples,
                              double *statistic,
                              double *seed_part);

/* κ(α) above; NaN below two seeds. */
double lb_bootstrap_seed_correction (int n_seeds, double alpha);

/* The variance components of d (two-way analysis of variance without replication, method of
 * moments, floored at 0): SEED, a seed's shift of every image (τ²); IMAGE, an image's shift
 * in every seed, i.e. the image × loss effect (σ²_c); RESIDUAL (σ²_ε). NaN below two seeds or
 * two images. */
typedef struct
{
  double seed;
  double image;
  double residual;
} LbVarianceComponents;

void lb_variance_components (const double *a,
                             const double *b,
                             int n_seeds,
                             int n_images,
                             LbVarianceComponents *components);

typedef struct
{
  int n_seeds;
  int n_images;
  int n_resamples;
  double mean;            /* mean of A − B over every seed and image */
  double ci_low;          /* the 95 % interval; NaN with one seed */
  double ci_high;
  double p_value;         /* two-sided, unadjusted; NaN with one seed */
  double seed_spread;     /* std (n − 1) of the seeds' mean differences; NaN with one seed */
  double image_spread;    /* std of the per-image differences around their seed's mean,
                           * pooled over seeds (n − 1 per seed); NaN with one image */
  LbVarianceComponents components;
  gboolean identical;     /* A − B is exactly 0 everywhere */
} LbBootstrap;

/* The bootstrap of A − B (or of A, when B is NULL) over RESAMPLES, which must have been drawn
 * for N_SEEDS and N_IMAGES. */
void lb_bootstrap_paired (const double *a,
                          const double *b,
                          int n_seeds,
                          int n_images,
                          const LbResamples *resamples,
                          LbBootstrap *result);

/* One level, images only: for results without seeds, such as two tools' masks scored on the
 * same truths (lossbench-cli score). A resample draws N_IMAGES images with replacement (the
 * seed draws of RESAMPLES, made for one seed, are all 0); the 95 % interval is the percentile
 * interval of the resampled means, and the p-value min (1, 2 · min (#{t ≤ 0} + 1,
 * #{t ≥ 0} + 1) / (R + 1)), the level at which that percentile interval excludes 0, with
 * nothing to stretch. It speaks for these images only: a new sample of images is the only
 * noise it knows. n_seeds is 1, the seed spread and the variance components NaN. */
void lb_bootstrap_paired_images (const double *a,
                                 const double *b,
                                 int n_images,
                                 const LbResamples *resamples,
                                 LbBootstrap *result);

/* Planning, from the variance components of a difference.
 *
 * The model behind it: d̄ is normal with variance τ²/S + σ²_c/I + σ²_ε/(S·I) (new seeds, new
 * images); the test calls it different when |d̄| exceeds z · √V, V being the stretched bootstrap
 * variance: (t/z)² s²/S for the seed level, where s² — the variance of the S seed means — is
 * (τ² + σ²_ε/I) · χ²_{S−1}/(S − 1), plus ((I − 1)/I²)(σ²_c + σ²_ε/S) + σ²_ε (S − 1)(I − 1)/(S I)²
 * for the image level. The power averages over the χ² (three seeds estimate their own spread
 * poorly, and a normal approximation that ignores this overstates the power at 3 seeds).
 * ALPHA is the two-sided level of one test: 0.05 for one pair, 0.05 / m for Holm's first step
 * over m pairs. */
double lb_bootstrap_power (const LbVarianceComponents *components,
                           double difference,
                           int n_seeds,
                           int n_images,
                           double alpha);

/* The smallest |difference| detected with probability POWER (e.g. 0.8); NaN below two seeds. */
double lb_bootstrap_detectable_difference (const LbVarianceComponents *components,
                                           int n_seeds,
                                           int n_images,
                                           double alpha,
                                           double power);

/* The detectable difference with unlimited seeds (a million): what N_IMAGES test images allow
 * at best, since an image's own preference for one loss (σ²_c) does not average out over
 * seeds. 0 when the images agree (σ²_c = 0). */
#define LB_BOOTSTRAP_UNLIMITED_SEEDS 1000000
double lb_bootstrap_detectable_floor (const LbVarianceComponents *components,
                                      int n_images,
                                      double alpha,
                                      double power);

/* The fewest seeds (at least LB_BOOTSTRAP_MIN_SEEDS) that detect DIFFERENCE with probability
 * POWER on N_IMAGES images; −1 when MAX_SEEDS are not enough. */
int lb_bootstrap_seeds_needed (const LbVarianceComponents *components,
                               double difference,
                               int n_images,
                               double alpha,
                               double power,
                               int max_seeds);

G_END_DECLS
