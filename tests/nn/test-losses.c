/* test-losses.c — the seven losses against PyTorch, finite differences, extremes, equivalences.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The fixture tests/reference/losses.txt comes from make-loss-reference.py (torch_losses.py,
 * written from losses.md, float64 autograd).  Finite differences run on nn_loss_double (): in
 * float, a central difference of a mean over pixels drowns in rounding. */
#include <glib.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "nn-losses.h"

/* ---- fixture ------------------------------------------------------------------------------ */

typedef struct
{
  char name[32];
  int n, hw;
  float *z, *y;
} FixBatch;

typedef struct
{
  int batch;
  char preset[32], variant[32];
  NnLossConfig config;
  NnLossPreset preset_id;
  double value;
  double *grad;
} FixCase;

typedef struct
{
  GArray *batches; /* FixBatch */
  GArray *cases;   /* FixCase */
} Fixture;

static void
read_token (FILE *f, char *buf, size_t size)
{
  char tok[64];

  if (fscanf (f, "%63s", tok) != 1)
    g_error ("fixture: unexpected end of file");
  if (g_strlcpy (buf, tok, size) >= size)
    g_error ("fixture: token “%s” too long", tok);
}

static double
read_double (FILE *f)
{
  double v;

  if (fscanf (f, "%lf", &v) != 1)
    g_error ("fixture: expected a number");
  return v;
}

static void
expect_token (FILE *f, const char *want)
{
  char buf[64];

  read_token (f, buf, sizeof buf);
  if (strcmp (buf, want) != 0)
    g_error ("fixture: expected “%s”, found “%s”", want, buf);
}

static Fixture *
fixture_load (void)
{
  const char *src = g_getenv ("LB_SOURCE_DIR");
  g_autofree char *path = NULL;
  Fixture *fx = g_new0 (Fixture, 1);
  char tok[64];
  FILE *f;

  if (src == NULL)
    src = ".";
  path = g_build_filename (src, "tests", "reference", "losses.txt", NULL);
  f = fopen (path, "r");
  if (f == NULL)
    g_error ("cannot open the loss fixture %s (is LB_SOURCE_DIR set?)", path);

  fx->batches = g_array_new (FALSE, TRUE, sizeof (FixBatch));
  fx->cases = g_array_new (FALSE, TRUE, sizeof (FixCase));
  expect_token (f, "lossbench-loss-fixture");
  expect_token (f, "1");

  while (fscanf (f, "%63s", tok) == 1)
    {
      if (strcmp (tok, "batch") == 0)
        {
          FixBatch b = { 0 };

          read_token (f, b.name, sizeof b.name);
          if (fscanf (f, "%d %d", &b.n, &b.hw) != 2 || b.n <= 0 || b.hw <= 0)
            g_error ("fixture: bad batch shape");
          b.z = g_new (float, b.n * b.hw);
          b.y = g_new (float, b.n * b.hw);
          for (int i = 0; i < b.n * b.hw; i++)
            b.z[i] = (float) read_double (f);
          for (int i = 0; i < b.n * b.hw; i++)
            b.y[i] = (float) read_double (f);
          g_array_append_val (fx->batches, b);
        }
      else if (strcmp (tok, "case") == 0)
        {
          FixCase c = { 0 };
          char batch[32], kind[32], reduction[32], focal_alpha[32], ft_power[32];
          FixBatch *b = NULL;

          read_token (f, batch, sizeof batch);
          read_token (f, kind, sizeof kind);
          read_token (f, c.preset, sizeof c.preset);
          read_token (f, c.variant, sizeof c.variant);
          read_token (f, reduction, sizeof reduction);
          c.config.alpha = (float) read_double (f);
          c.config.beta = (float) read_double (f);
          c.config.gamma = (float) read_double (f);
          c.config.smooth = (float) read_double (f);
          read_token (f, focal_alpha, sizeof focal_alpha);
          read_token (f, ft_power, sizeof ft_power);

          c.batch = -1;
          for (guint i = 0; i < fx->batches->len; i++)
            if (strcmp (g_array_index (fx->batches, FixBatch, i).name, batch) == 0)
              c.batch = (int) i;
          g_assert_cmpint (c.batch, >=, 0);
          b = &g_array_index (fx->batches, FixBatch, c.batch);
          g_assert_true (nn_loss_kind_from_string (kind, &c.config.kind));
          g_assert_true (strcmp (reduction, "batch") == 0 || strcmp (reduction, "per-image") == 0);
          c.config.reduction =
            strcmp (reduction, "batch") == 0 ? NN_REDUCE_BATCH : NN_REDUCE_PER_IMAGE;
          g_assert_true (strcmp (focal_alpha, "scalar") == 0
                         || strcmp (focal_alpha, "class-balanced") == 0);
          c.config.focal_alpha = strcmp (focal_alpha, "scalar") == 0
                                   ? NN_FOCAL_ALPHA_SCALAR
                                   : NN_FOCAL_ALPHA_CLASS_BALANCED;
          g_assert_true (strcmp (ft_power, "gamma") == 0 || strcmp (ft_power, "inv-gamma") == 0);
          c.config.focal_tversky_power = strcmp (ft_power, "gamma") == 0
                                           ? NN_FOCAL_TVERSKY_POWER_GAMMA
                                           : NN_FOCAL_TVERSKY_POWER_INV_GAMMA;
          g_assert_true (strcmp (c.preset, "poster") == 0 || strcmp (c.preset, "literature") == 0);
          c.preset_id = strcmp (c.preset, "poster") == 0 ? NN_LOSS_PRESET_POSTER
                                                         : NN_LOSS_PRESET_LITERATURE;
          expect_token (f, "value");
          c.value = read_double (f);
          expect_token (f, "grad");
          c.grad = g_new (double, b->n * b->hw);
          for (int i = 0; i < b->n * b->hw; i++)
            c.grad[i] = read_double (f);
          g_array_append_val (fx->cases, c);
        }
      else
        g_error ("fixture: unexpected “%s”", tok);
    }
  fclose (f);
  return fx;
}

static void
fixture_free (Fixture *fx)
{
  for (guint i = 0; i < fx->batches->len; i++)
    {
      FixBatch *b = &g_array_index (fx->batches, FixBatch, i);
      g_free (b->z);
      g_free (b->y);
    }
  for (guint i = 0; i < fx->cases->len; i++)
    g_free (g_array_index (fx->cases, FixCase, i).grad);
  g_array_unref (fx->batches);
  g_array_unref (fx->cases);
  g_free (fx);
}

#define RTOL 1e-4

/* Every kind × preset × reduction is in the fixture; values and gradients agree with PyTorch
 * to RTOL, gradients with an absolute floor of 1e-6 of the case's largest gradient (and 1e-30:
 * float cannot hold the ~1e-44 slopes of saturated pixels). */
static void
test_fixture (void)
{
  Fixture *fx = fixture_load ();
  gboolean seen[NN_LOSS_COUNT][2][2] = { { { FALSE } } };
  double worst_value = 0, worst_grad = 0;

  g_assert_cmpuint (fx->cases->len, >, 0);
  for (guint ci = 0; ci < fx->cases->len; ci++)
    {
      FixCase *c = &g_array_index (fx->cases, FixCase, ci);
      FixBatch *b = &g_array_index (fx->batches, FixBatch, c->batch);
      int m = b->n * b->hw;
      g_autofree float *grad = g_new (float, m);
      g_autofree double *zd = g_new (double, m);
      g_autofree double *yd = g_new (double, m);
      g_autofree double *gd = g_new (double, m);
      double value, value_d, gmax = 0, err;

      seen[c->config.kind][c->preset_id][c->config.reduction] = TRUE;

      if (strcmp (c->variant, "preset") == 0)
        {
          NnLossConfig p;

          /* The preset table of losses.md, as the reference script has it. */
          nn_loss_config_preset (&p, c->config.kind, c->preset_id);
          g_assert_cmpfloat (p.alpha, ==, c->config.alpha);
          g_assert_cmpfloat (p.beta, ==, c->config.beta);
          g_assert_cmpfloat (p.gamma, ==, c->config.gamma);
          g_assert_cmpfloat (p.smooth, ==, c->config.smooth);
          g_assert_cmpint (p.focal_alpha, ==, c->config.focal_alpha);
          g_assert_cmpint (p.focal_tversky_power, ==, c->config.focal_tversky_power);
          g_assert_cmpint (p.reduction, ==, NN_REDUCE_BATCH);
        }

      value = nn_loss (&c->config, b->z, b->y, b->n, b->hw, grad);
      g_assert_true (isfinite (value));
      err = fabs (value - c->value);
      if (err > RTOL * fabs (c->value) + 1e-12)
        g_error ("%s %s %s %s %s: value %.9g, PyTorch %.9g", b->name,
                 nn_loss_kind_to_string (c->config.kind), c->preset, c->variant,
                 c->config.reduction == NN_REDUCE_BATCH ? "batch" : "per-image", value,
                 c->value);
      worst_value = MAX (worst_value, err / MAX (fabs (c->value), 1e-12));

      for (int i = 0; i < m; i++)
        gmax = MAX (gmax, fabs (c->grad[i]));
      for (int i = 0; i < m; i++)
        {
          double d = fabs (grad[i] - c->grad[i]);

          g_assert_true (isfinite (grad[i]));
          if (d > RTOL * fabs (c->grad[i]) + 1e-6 * gmax + 1e-30)
            g_error ("%s %s %s %s %s: d/dz[%d] = %.9g, PyTorch %.9g", b->name,
                     nn_loss_kind_to_string (c->config.kind), c->preset, c->variant,
                     c->config.reduction == NN_REDUCE_BATCH ? "batch" : "per-image", i,
                     grad[i], c->grad[i]);
          if (fabs (c->grad[i]) > 1e-6 * gmax && fabs (c->grad[i]) > 1e-30)
            worst_grad = MAX (worst_grad, d / fabs (c->grad[i]));
        }

      /* The double entry point computes the same thing. */
      for (int i = 0; i < m; i++)
        {
          zd[i] = b->z[i];
          yd[i] = b->y[i];
        }
      value_d = nn_loss_double (&c->config, zd, yd, b->n, b->hw, gd);
      g_assert_cmpfloat (value_d, ==, value);
      for (int i = 0; i < m; i++)
        g_assert_cmpfloat ((float) gd[i], ==, grad[i]);
    }

  for (int k = 0; k < NN_LOSS_COUNT; k++)
    for (int p = 0; p < 2; p++)
      for (int r = 0; r < 2; r++)
        if (!seen[k][p][r])
          g_error ("the fixture lacks %s, preset %d, reduction %d", nn_loss_kind_to_string (k),
                   p, r);

  g_test_message ("%u cases; worst relative error: value %.2g, gradient %.2g", fx->cases->len,
                  worst_value, worst_grad);
  fixture_free (fx);
}

/* ---- configurations shared by the finite-difference and extreme tests ------------------- */

/* Every kind × preset × reduction, plus option variants: Focal α mode and γ ∈ {0, 0.5, 3},
 * Focal-Tversky exponent mode and γ ∈ {0.75, 2}, Tversky α/β swapped and s = 0. */
static GArray *
all_configs (void)
{
  GArray *a = g_array_new (FALSE, FALSE, sizeof (NnLossConfig));

  for (int k = 0; k < NN_LOSS_COUNT; k++)
    for (int p = 0; p < 2; p++)
      for (int r = 0; r < 2; r++)
        {
          NnLossConfig c, v;

          nn_loss_config_preset (&c, k, p);
          c.reduction = r;
          g_array_append_val (a, c);

          if (k == NN_LOSS_FOCAL)
            {
              v = c;
              v.focal_alpha = c.focal_alpha == NN_FOCAL_ALPHA_SCALAR
                                ? NN_FOCAL_ALPHA_CLASS_BALANCED
                                : NN_FOCAL_ALPHA_SCALAR;
              g_array_append_val (a, v);
              for (int gi = 0; gi < 3; gi++)
                {
                  static const float gammas[] = { 0.0f, 0.5f, 3.0f };
                  v = c;
                  v.gamma = gammas[gi];
                  g_array_append_val (a, v);
                }
            }
          if (k == NN_LOSS_FOCAL_TVERSKY)
            for (int e = 0; e < 2; e++)
              for (int gi = 0; gi < 3; gi++)
                {
                  static const float gammas[] = { 0.75f, 4.0f / 3.0f, 2.0f };
                  v = c;
                  v.focal_tversky_power = e;
                  v.gamma = gammas[gi];
                  g_array_append_val (a, v);
                }
          if (k == NN_LOSS_TVERSKY || k == NN_LOSS_FOCAL_TVERSKY)
            {
              v = c;
              v.alpha = c.beta;
              v.beta = c.alpha;
              g_array_append_val (a, v);
            }
          if (k == NN_LOSS_DICE || k == NN_LOSS_JACCARD || k == NN_LOSS_TVERSKY
              || k == NN_LOSS_DICE_BCE)
            {
              v = c;
              v.smooth = 0;
              g_array_append_val (a, v);
            }
        }
  return a;
}

static char *
describe (const NnLossConfig *c)
{
  char text[256];

  nn_loss_formula (c, text, sizeof text);
  return g_strdup_printf ("%s [%s]", nn_loss_kind_to_label (c->kind), text);
}

/* ---- finite differences ------------------------------------------------------------------ */

/* N = 3 images of HW = 10: one mixed, one with an empty mask, one all-ones, logits up to
 * ±SCALE·3. */
static void
random_batch (GRand *rand, double scale, double *z, double *y, int n, int hw)
{
  for (int i = 0; i < n; i++)
    for (int j = 0; j < hw; j++)
      {
        z[i * hw + j] = scale * (g_rand_double (rand) * 6.0 - 3.0);
        if (i % 3 == 1)
          y[i * hw + j] = 0;
        else if (i % 3 == 2)
          y[i * hw + j] = 1;
        else
          y[i * hw + j] = g_rand_boolean (rand) ? 1 : 0;
      }
}

static void
check_finite_differences (double scale)
{
  enum { N = 3, HW = 10, M = N * HW };
  g_autoptr (GArray) configs = all_configs ();
  GRand *rand = g_rand_new_with_seed (7);
  double z[M], y[M], g[M];
  const double h = 1e-6;
  double worst = 0;

  for (guint ci = 0; ci < configs->len; ci++)
    {
      NnLossConfig *c = &g_array_index (configs, NnLossConfig, ci);
      double value, gmax = 0;

      random_batch (rand, scale, z, y, N, HW);
      value = nn_loss_double (c, z, y, N, HW, g);
      g_assert_cmpfloat (nn_loss_double (c, z, y, N, HW, NULL), ==, value);
      for (int i = 0; i < M; i++)
        gmax = MAX (gmax, fabs (g[i]));

      for (int i = 0; i < M; i++)
        {
          double keep = z[i], up, down, fd;

          z[i] = keep + h;
          up = nn_loss_double (c, z, y, N, HW, NULL);
          z[i] = keep - h;
          down = nn_loss_double (c, z, y, N, HW, NULL);
          z[i] = keep;
          fd = (up - down) / (2 * h);
          if (fabs (fd - g[i]) > 1e-5 * fabs (g[i]) + 1e-7 * gmax + 1e-9)
            {
              g_autofree char *d = describe (c);
              g_error ("%s, reduction %d, pixel %d: gradient %.10g, finite difference %.10g",
                       d, c->reduction, i, g[i], fd);
            }
          if (fabs (g[i]) > 1e-3 * gmax)
            worst = MAX (worst, fabs (fd - g[i]) / fabs (g[i]));
        }
    }
  g_test_message ("%u configurations, worst relative difference %.2g", configs->len, worst);
  g_rand_free (rand);
}

static void
test_finite_differences (void)
{
  check_finite_differences (1.0);
}

/* Logits up to ±15: saturated pixels, where p·q and (1 − p_t)^γ get small. */
static void
test_finite_differences_saturated (void)
{
  check_finite_differences (5.0);
}

/* ---- extremes ------------------------------------------------------------------------------ */

static void
test_extremes (void)
{
  enum { N = 4, HW = 16, M = N * HW };
  static const float levels[] = { -100, -99.5f, -50, -17, 0, 17, 50, 99.5f, 100 };
  g_autoptr (GArray) configs = all_configs ();
  GRand *rand = g_rand_new_with_seed (11);
  float z[M], y[M], g[M];

  /* Eight situations: random extreme logits over mixed/empty/full masks, and every logit at
   * exactly −100 or +100, right or wrong, over empty and full masks. */
  for (int situation = 0; situation < 8; situation++)
    {
      for (int i = 0; i < M; i++)
        {
          switch (situation)
            {
            case 0: /* mixed masks, random extreme logits */
              y[i] = g_rand_boolean (rand);
              z[i] = levels[g_rand_int_range (rand, 0, G_N_ELEMENTS (levels))];
              break;
            case 1: /* confidently right */
              y[i] = g_rand_boolean (rand);
              z[i] = y[i] > 0 ? 100 : -100;
              break;
            case 2: /* confidently wrong */
              y[i] = g_rand_boolean (rand);
              z[i] = y[i] > 0 ? -100 : 100;
              break;
            case 3: /* empty masks, nothing predicted */
              y[i] = 0;
              z[i] = -100;
              break;
            case 4: /* empty masks, everything predicted */
              y[i] = 0;
              z[i] = 100;
              break;
            case 5: /* full masks, everything predicted */
              y[i] = 1;
              z[i] = 100;
              break;
            case 6: /* full masks, nothing predicted */
              y[i] = 1;
              z[i] = -100;
              break;
            default: /* images alternately empty and full, random extreme logits */
              y[i] = (i / HW) % 2;
              z[i] = levels[g_rand_int_range (rand, 0, G_N_ELEMENTS (levels))];
              break;
            }
        }
      for (guint ci = 0; ci < configs->len; ci++)
        {
          NnLossConfig *c = &g_array_index (configs, NnLossConfig, ci);
          double value = nn_loss (c, z, y, N, HW, g);

          if (!isfinite (value))
            {
              g_autofree char *d = describe (c);
              g_error ("situation %d, %s: loss %g", situation, d, value);
            }
          g_assert_cmpfloat (value, >=, 0);
          for (int i = 0; i < M; i++)
            if (!isfinite (g[i]))
              {
                g_autofree char *d = describe (c);
                g_error ("situation %d, %s: d/dz[%d] = %g", situation, d, i, g[i]);
              }
        }
    }
  g_rand_free (rand);
}

/* A perfect, confident prediction: every loss but the pixelwise ones is ~0, and confidently
 * wrong is the worst: BCE = 100 per pixel. */
static void
test_extreme_values (void)
{
  float z[4] = { 100, -100, 100, -100 }, y[4] = { 1, 0, 1, 0 };
  float wrong[4] = { -100, 100, -100, 100 };
  float g[4];

  for (int k = 0; k < NN_LOSS_COUNT; k++)
    for (int p = 0; p < 2; p++)
      {
        NnLossConfig c;

        nn_loss_config_preset (&c, k, p);
        g_assert_cmpfloat (nn_loss (&c, z, y, 1, 4, g), <, 1e-30);
      }

  {
    NnLossConfig c;

    nn_loss_config_preset (&c, NN_LOSS_BCE, NN_LOSS_PRESET_POSTER);
    g_assert_cmpfloat_with_epsilon (nn_loss (&c, wrong, y, 1, 4, g), 100.0, 1e-9);
    /* d/dz = (p − y)/4 = ±1/4 */
    g_assert_cmpfloat_with_epsilon (g[0], -0.25, 1e-7);
    g_assert_cmpfloat_with_epsilon (g[1], 0.25, 1e-7);
    nn_loss_config_preset (&c, NN_LOSS_DICE, NN_LOSS_PRESET_LITERATURE);
    /* 1 − (0 + 1)/(2 + 2 + 1) */
    g_assert_cmpfloat_with_epsilon (nn_loss (&c, wrong, y, 1, 4, g), 0.8, 1e-12);
  }
}

/* ---- hand-computed values ------------------------------------------------------------------ */

/* z = 0 everywhere (p = 1/2), y = (1, 0): TP = FP = FN = 1/2. */
static void
test_hand_values (void)
{
  float z[2] = { 0, 0 }, y[2] = { 1, 0 }, g[2];
  NnLossConfig c = { 0 };

  c.kind = NN_LOSS_BCE;
  g_assert_cmpfloat_with_epsilon (nn_loss (&c, z, y, 1, 2, g), G_LN2, 1e-12);
  g_assert_cmpfloat_with_epsilon (g[0], -0.25, 1e-7); /* (1/2 − 1)/2 */
  g_assert_cmpfloat_with_epsilon (g[1], 0.25, 1e-7);

  c.kind = NN_LOSS_DICE; /* 1 − 1/2 */
  g_assert_cmpfloat_with_epsilon (nn_loss (&c, z, y, 1, 2, g), 0.5, 1e-12);
  /* dD/dp = (num − 2y·den)/den² = (1 − 4y)/4, times p·q = 1/4 */
  g_assert_cmpfloat_with_epsilon (g[0], -3.0 / 16, 1e-7);
  g_assert_cmpfloat_with_epsilon (g[1], 1.0 / 16, 1e-7);

  c.kind = NN_LOSS_DICE_BCE;
  g_assert_cmpfloat_with_epsilon (nn_loss (&c, z, y, 1, 2, g), 0.5 + G_LN2, 1e-12);
  g_assert_cmpfloat_with_epsilon (g[0], -3.0 / 16 - 0.25, 1e-7);

  c.kind = NN_LOSS_JACCARD; /* 1 − (1/2)/(3/2) */
  g_assert_cmpfloat_with_epsilon (nn_loss (&c, z, y, 1, 2, g), 2.0 / 3, 1e-12);

  c.kind = NN_LOSS_TVERSKY; /* 1 − (1/2)/(1/2 + 0.3/2 + 0.7/2) = 1/2 */
  c.alpha = 0.3f;
  c.beta = 0.7f;
  g_assert_cmpfloat_with_epsilon (nn_loss (&c, z, y, 1, 2, g), 0.5, 1e-7);
  c.alpha = 0.1f; /* 1 − 0.5/(0.5 + 0.05 + 0.35) = 4/9 */
  g_assert_cmpfloat_with_epsilon (nn_loss (&c, z, y, 1, 2, g), 4.0 / 9, 1e-7);

  c.kind = NN_LOSS_FOCAL_TVERSKY; /* (4/9)^(1/2) */
  c.gamma = 2;
  c.focal_tversky_power = NN_FOCAL_TVERSKY_POWER_INV_GAMMA;
  g_assert_cmpfloat_with_epsilon (nn_loss (&c, z, y, 1, 2, g), 2.0 / 3, 1e-7);
  c.focal_tversky_power = NN_FOCAL_TVERSKY_POWER_GAMMA;
  g_assert_cmpfloat_with_epsilon (nn_loss (&c, z, y, 1, 2, g), 16.0 / 81, 1e-7);

  c.kind = NN_LOSS_FOCAL; /* every pixel: −0.8 · (1/2)² · log(1/2) */
  c.alpha = 0.8f;
  c.gamma = 2;
  c.focal_alpha = NN_FOCAL_ALPHA_SCALAR;
  g_assert_cmpfloat_with_epsilon (nn_loss (&c, z, y, 1, 2, g), 0.8f * 0.25 * G_LN2, 1e-9);
  c.alpha = 0.25f; /* (0.25 + 0.75)/2 · (1/4) · log 2 */
  c.focal_alpha = NN_FOCAL_ALPHA_CLASS_BALANCED;
  g_assert_cmpfloat_with_epsilon (nn_loss (&c, z, y, 1, 2, g), 0.5 * 0.25 * G_LN2, 1e-9);
}

/* Per-image reduction: the mean of the single-image losses. */
static void
test_per_image_is_mean (void)
{
  enum { N = 3, HW = 10, M = N * HW };
  g_autoptr (GArray) configs = all_configs ();
  GRand *rand = g_rand_new_with_seed (3);
  double z[M], y[M];

  for (guint ci = 0; ci < configs->len; ci++)
    {
      NnLossConfig c = g_array_index (configs, NnLossConfig, ci);
      double whole, sum = 0;

      if (c.reduction != NN_REDUCE_PER_IMAGE)
        continue;
      random_batch (rand, 1.0, z, y, N, HW);
      whole = nn_loss_double (&c, z, y, N, HW, NULL);
      for (int i = 0; i < N; i++)
        sum += nn_loss_double (&c, z + i * HW, y + i * HW, 1, HW, NULL);
      g_assert_cmpfloat_with_epsilon (whole, sum / N, 1e-12);
    }
  g_rand_free (rand);
}

/* A batch of one: both reductions agree, value and gradient; BCE and Focal agree for any N
 * (a mean over equal-sized images), the set losses do not. */
static void
test_batch_of_one (void)
{
  enum { N = 3, HW = 10, M = N * HW };
  g_autoptr (GArray) configs = all_configs ();
  GRand *rand = g_rand_new_with_seed (5);
  double z[M], y[M], g1[M], g2[M];

  for (guint ci = 0; ci < configs->len; ci++)
    {
      NnLossConfig c = g_array_index (configs, NnLossConfig, ci);
      double a, b;
      gboolean pixelwise = c.kind == NN_LOSS_BCE || c.kind == NN_LOSS_FOCAL;

      if (c.reduction != NN_REDUCE_BATCH)
        continue;
      random_batch (rand, 1.0, z, y, N, HW);
      for (int n = 1; n <= N; n += N - 1)
        {
          NnLossConfig p = c;

          p.reduction = NN_REDUCE_PER_IMAGE;
          a = nn_loss_double (&c, z, y, n, HW, g1);
          b = nn_loss_double (&p, z, y, n, HW, g2);
          if (n == 1 || pixelwise)
            {
              g_assert_cmpfloat_with_epsilon (a, b, 1e-12 * MAX (1, fabs (a)));
              for (int i = 0; i < n * HW; i++)
                g_assert_cmpfloat_with_epsilon (g1[i], g2[i], 1e-14);
            }
          else
            g_assert_cmpfloat (fabs (a - b), >, 1e-6); /* empty and full images differ */
        }
    }
  g_rand_free (rand);
}

/* ---- equivalences ---------------------------------------------------------------------- */

static void
assert_same_loss (const NnLossConfig *a, const NnLossConfig *b, double scale, GRand *rand)
{
  enum { N = 3, HW = 10, M = N * HW };
  double z[M], y[M], ga[M], gb[M];

  for (int round = 0; round < 3; round++)
    {
      double va, vb;

      random_batch (rand, round == 2 ? 30.0 : 1.0, z, y, N, HW);
      va = nn_loss_double (a, z, y, N, HW, ga);
      vb = nn_loss_double (b, z, y, N, HW, gb);
      g_assert_cmpfloat_with_epsilon (va, scale * vb, 1e-12 * MAX (1e-300, fabs (va)));
      for (int i = 0; i < M; i++)
        g_assert_cmpfloat_with_epsilon (ga[i], scale * gb[i], 1e-12 * fabs (ga[i]) + 1e-300);
    }
}

static void
test_equivalences (void)
{
  GRand *rand = g_rand_new_with_seed (13);
  NnLossConfig c, same;
  NnLossKind kind;
  double scale;

  /* The poster preset: Tversky and Focal-Tversky are Dice with s doubled. */
  for (int r = 0; r < 2; r++)
    {
      NnLossConfig dice;

      nn_loss_config_preset (&c, NN_LOSS_TVERSKY, NN_LOSS_PRESET_POSTER);
      c.reduction = r;
      g_assert_true (nn_loss_equivalent (&c, &kind));
      g_assert_cmpint (kind, ==, NN_LOSS_DICE);
      g_assert_true (nn_loss_equivalent_config (&c, &same, &scale));
      g_assert_cmpfloat (same.smooth, ==, 2 * c.smooth);
      g_assert_cmpfloat (scale, ==, 1);
      /* Written out by hand rather than through SAME. */
      memset (&dice, 0, sizeof dice);
      dice.kind = NN_LOSS_DICE;
      dice.smooth = 2e-6f;
      dice.reduction = r;
      assert_same_loss (&c, &dice, 1, rand);

      nn_loss_config_preset (&c, NN_LOSS_FOCAL_TVERSKY, NN_LOSS_PRESET_POSTER);
      c.reduction = r;
      g_assert_true (nn_loss_equivalent (&c, &kind));
      g_assert_cmpint (kind, ==, NN_LOSS_DICE);
      assert_same_loss (&c, &dice, 1, rand);
    }

  /* Focal-Tversky with exponent 1 is Tversky, either way of writing the exponent. */
  for (int e = 0; e < 2; e++)
    {
      NnLossConfig t;

      nn_loss_config_preset (&c, NN_LOSS_FOCAL_TVERSKY, NN_LOSS_PRESET_LITERATURE);
      c.gamma = 1;
      c.focal_tversky_power = e;
      nn_loss_config_preset (&t, NN_LOSS_TVERSKY, NN_LOSS_PRESET_LITERATURE);
      g_assert_true (nn_loss_equivalent (&c, &kind));
      g_assert_cmpint (kind, ==, NN_LOSS_TVERSKY);
      assert_same_loss (&c, &t, 1, rand);
    }

  /* Tversky α = β = 1 is Jaccard. */
  nn_loss_config_preset (&c, NN_LOSS_TVERSKY, NN_LOSS_PRESET_LITERATURE);
  c.alpha = c.beta = 1;
  g_assert_true (nn_loss_equivalent (&c, &kind));
  g_assert_cmpint (kind, ==, NN_LOSS_JACCARD);
  nn_loss_config_preset (&same, NN_LOSS_JACCARD, NN_LOSS_PRESET_LITERATURE);
  assert_same_loss (&c, &same, 1, rand);

  /* Focal with γ = 0 is a multiple of BCE. */
  nn_loss_config_preset (&c, NN_LOSS_FOCAL, NN_LOSS_PRESET_POSTER);
  c.gamma = 0;
  g_assert_true (nn_loss_equivalent_config (&c, &same, &scale));
  g_assert_cmpint (same.kind, ==, NN_LOSS_BCE);
  g_assert_cmpfloat (scale, ==, 0.8f);
  nn_loss_config_preset (&same, NN_LOSS_BCE, NN_LOSS_PRESET_POSTER);
  assert_same_loss (&c, &same, 0.8f, rand);
  c.focal_alpha = NN_FOCAL_ALPHA_CLASS_BALANCED;
  c.alpha = 0.5f;
  g_assert_true (nn_loss_equivalent_config (&c, &same, &scale));
  g_assert_cmpfloat (scale, ==, 0.5);
  assert_same_loss (&c, &same, 0.5, rand);

  /* Not equivalent: the literature settings, and the poster's Focal; SAME is then a copy. */
  for (int k = 0; k < NN_LOSS_COUNT; k++)
    {
      nn_loss_config_preset (&c, k, NN_LOSS_PRESET_LITERATURE);
      g_assert_false (nn_loss_equivalent_config (&c, &same, &scale));
      g_assert_cmpint (same.kind, ==, k);
      g_assert_cmpfloat (scale, ==, 1);
    }
  nn_loss_config_preset (&c, NN_LOSS_FOCAL, NN_LOSS_PRESET_POSTER);
  g_assert_false (nn_loss_equivalent (&c, NULL));
  nn_loss_config_preset (&c, NN_LOSS_FOCAL, NN_LOSS_PRESET_LITERATURE);
  c.gamma = 0; /* class-balanced 0.25: a weighted BCE, not a multiple */
  g_assert_false (nn_loss_equivalent (&c, NULL));

  /* Tversky(0.5, 0.5) with the same s as Dice differs only through s: at s = 1e-6 the two
   * agree to ~1e-6 on a non-empty batch, but at s = 1 they visibly differ. */
  {
    double z[4] = { 1, -2, 0.5, 3 }, y[4] = { 1, 0, 0, 1 };
    NnLossConfig t, d;

    nn_loss_config_preset (&t, NN_LOSS_TVERSKY, NN_LOSS_PRESET_POSTER);
    nn_loss_config_preset (&d, NN_LOSS_DICE, NN_LOSS_PRESET_POSTER);
    g_assert_cmpfloat_with_epsilon (nn_loss_double (&t, z, y, 1, 4, NULL),
                                    nn_loss_double (&d, z, y, 1, 4, NULL), 1e-6);
    t.smooth = d.smooth = 1;
    g_assert_cmpfloat (fabs (nn_loss_double (&t, z, y, 1, 4, NULL)
                             - nn_loss_double (&d, z, y, 1, 4, NULL)),
                       >, 1e-3);
  }
  g_rand_free (rand);
}

/* ---- presets, checks, names, formulas --------------------------------------------------- */

static void
test_presets (void)
{
  NnLossConfig c;

  nn_loss_config_preset (&c, NN_LOSS_FOCAL, NN_LOSS_PRESET_POSTER);
  g_assert_cmpfloat (c.alpha, ==, 0.8f);
  g_assert_cmpfloat (c.gamma, ==, 2);
  g_assert_cmpint (c.focal_alpha, ==, NN_FOCAL_ALPHA_SCALAR);
  nn_loss_config_preset (&c, NN_LOSS_FOCAL, NN_LOSS_PRESET_LITERATURE);
  g_assert_cmpfloat (c.alpha, ==, 0.25f);
  g_assert_cmpfloat (c.gamma, ==, 2);
  g_assert_cmpint (c.focal_alpha, ==, NN_FOCAL_ALPHA_CLASS_BALANCED);

  nn_loss_config_preset (&c, NN_LOSS_TVERSKY, NN_LOSS_PRESET_LITERATURE);
  g_assert_cmpfloat (c.alpha, ==, 0.3f);
  g_assert_cmpfloat (c.beta, ==, 0.7f);
  g_assert_cmpfloat (c.smooth, ==, 1);
  nn_loss_config_preset (&c, NN_LOSS_FOCAL_TVERSKY, NN_LOSS_PRESET_LITERATURE);
  g_assert_cmpfloat (c.gamma, ==, 4.0f / 3.0f);
  g_assert_cmpint (c.focal_tversky_power, ==, NN_FOCAL_TVERSKY_POWER_INV_GAMMA);
  g_assert_cmpfloat (c.alpha, ==, 0.3f);
  nn_loss_config_preset (&c, NN_LOSS_FOCAL_TVERSKY, NN_LOSS_PRESET_POSTER);
  g_assert_cmpfloat (c.gamma, ==, 1);
  g_assert_cmpint (c.focal_tversky_power, ==, NN_FOCAL_TVERSKY_POWER_GAMMA);
  g_assert_cmpfloat (c.alpha, ==, 0.5f);
  g_assert_cmpfloat (c.beta, ==, 0.5f);
  g_assert_cmpfloat (c.smooth, ==, 1e-6f);
  nn_loss_config_preset (&c, NN_LOSS_DICE_BCE, NN_LOSS_PRESET_POSTER);
  g_assert_cmpfloat (c.smooth, ==, 1e-6f);
  nn_loss_config_preset (&c, NN_LOSS_JACCARD, NN_LOSS_PRESET_LITERATURE);
  g_assert_cmpfloat (c.smooth, ==, 1);

  for (int k = 0; k < NN_LOSS_COUNT; k++)
    for (int p = 0; p < 2; p++)
      {
        nn_loss_config_preset (&c, k, p);
        g_assert_cmpint (c.kind, ==, k);
        g_assert_cmpint (c.reduction, ==, NN_REDUCE_BATCH);
        g_assert_null (nn_loss_config_check (&c));
      }
}

static void
test_config_check (void)
{
  NnLossConfig c;

  nn_loss_config_preset (&c, NN_LOSS_FOCAL_TVERSKY, NN_LOSS_PRESET_LITERATURE);
  c.gamma = 0;
  g_assert_nonnull (nn_loss_config_check (&c));
  c.gamma = 1;
  c.alpha = c.beta = 0;
  g_assert_nonnull (nn_loss_config_check (&c));
  nn_loss_config_preset (&c, NN_LOSS_DICE, NN_LOSS_PRESET_POSTER);
  c.smooth = -1;
  g_assert_nonnull (nn_loss_config_check (&c));
  c.smooth = NAN;
  g_assert_nonnull (nn_loss_config_check (&c));
  nn_loss_config_preset (&c, NN_LOSS_FOCAL, NN_LOSS_PRESET_LITERATURE);
  c.alpha = 1.5f;
  g_assert_nonnull (nn_loss_config_check (&c));
  c.focal_alpha = NN_FOCAL_ALPHA_SCALAR; /* any positive scale is fine there */
  g_assert_null (nn_loss_config_check (&c));
  c.gamma = -1;
  g_assert_nonnull (nn_loss_config_check (&c));
  c.kind = NN_LOSS_COUNT;
  g_assert_nonnull (nn_loss_config_check (&c));
}

static void
test_names (void)
{
  static const char *const strings[] = { "bce",     "dice",    "dice-bce",     "jaccard",
                                         "focal",   "tversky", "focal-tversky" };
  NnLossKind k;

  for (int i = 0; i < NN_LOSS_COUNT; i++)
    {
      g_assert_cmpstr (nn_loss_kind_to_string (i), ==, strings[i]);
      g_assert_true (nn_loss_kind_from_string (strings[i], &k));
      g_assert_cmpint (k, ==, i);
      g_assert_nonnull (nn_loss_kind_to_label (i));
    }
  g_assert_cmpstr (nn_loss_kind_to_label (NN_LOSS_DICE_BCE), ==, "Dice-BCE");
  g_assert_cmpstr (nn_loss_kind_to_label (NN_LOSS_FOCAL_TVERSKY), ==, "Focal-Tversky");
  g_assert_false (nn_loss_kind_from_string ("Dice", &k));
  g_assert_false (nn_loss_kind_from_string ("", &k));
  g_assert_false (nn_loss_kind_from_string (NULL, &k));
  g_assert_null (nn_loss_kind_to_string (NN_LOSS_COUNT));
}

static void
test_formula (void)
{
  NnLossConfig c;
  char text[256], small[8];
  int len;

  nn_loss_config_preset (&c, NN_LOSS_TVERSKY, NN_LOSS_PRESET_LITERATURE);
  len = nn_loss_formula (&c, text, sizeof text);
  g_assert_cmpint (len, ==, (int) strlen (text));
  g_assert_nonnull (strstr (text, "0.3·FP"));
  g_assert_nonnull (strstr (text, "0.7·FN"));
  g_assert_nonnull (strstr (text, "summed over the batch"));

  nn_loss_config_preset (&c, NN_LOSS_FOCAL_TVERSKY, NN_LOSS_PRESET_LITERATURE);
  c.reduction = NN_REDUCE_PER_IMAGE;
  nn_loss_formula (&c, text, sizeof text);
  g_assert_nonnull (strstr (text, "(1 − TI)^(1/1.33333)"));
  g_assert_nonnull (strstr (text, "^0.75"));
  g_assert_nonnull (strstr (text, "per image"));

  nn_loss_config_preset (&c, NN_LOSS_FOCAL, NN_LOSS_PRESET_LITERATURE);
  nn_loss_formula (&c, text, sizeof text);
  g_assert_nonnull (strstr (text, "0.25 where y = 1, 0.75 where y = 0"));

  nn_loss_config_preset (&c, NN_LOSS_DICE, NN_LOSS_PRESET_POSTER);
  len = nn_loss_formula (&c, text, sizeof text);
  g_assert_nonnull (strstr (text, "1e-06"));
  /* Truncation keeps the snprintf contract. */
  g_assert_cmpint (nn_loss_formula (&c, small, sizeof small), ==, len);
  g_assert_cmpint (strlen (small), ==, sizeof small - 1);
  g_assert_cmpint (nn_loss_formula (&c, NULL, 0), ==, len);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/losses/fixture-pytorch", test_fixture);
  g_test_add_func ("/losses/finite-differences", test_finite_differences);
  g_test_add_func ("/losses/finite-differences-saturated", test_finite_differences_saturated);
  g_test_add_func ("/losses/extremes-finite", test_extremes);
  g_test_add_func ("/losses/extreme-values", test_extreme_values);
  g_test_add_func ("/losses/hand-values", test_hand_values);
  g_test_add_func ("/losses/per-image-is-mean", test_per_image_is_mean);
  g_test_add_func ("/losses/batch-of-one", test_batch_of_one);
  g_test_add_func ("/losses/equivalences", test_equivalences);
  g_test_add_func ("/losses/presets", test_presets);
  g_test_add_func ("/losses/config-check", test_config_check);
  g_test_add_func ("/losses/names", test_names);
  g_test_add_func ("/losses/formula", test_formula);
  return g_test_run ();
}
