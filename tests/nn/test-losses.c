/* test-losses.c — every loss against PyTorch, finite differences, extremes, equivalences.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The fixtures tests/reference/losses.txt (the poster's seven) and losses-beyond.txt (the
 * losses of losses-beyond.md and compound losses) come from make-loss-reference.py
 * (torch_losses.py, written from losses.md, losses-beyond.md and the papers, float64
 * autograd).  Finite differences run on nn_loss_compute_double (): in float, a central
 * difference of a mean over pixels drowns in rounding. */
#include <glib.h>
#include <float.h>
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

/* The kinds of losses.txt; the others are in losses-beyond.txt. */
#define N_POSTER_KINDS (NN_LOSS_FOCAL_TVERSKY + 1)

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

  for (int k = 0; k < N_POSTER_KINDS; k++)
    for (int p = 0; p < 2; p++)
      for (int r = 0; r < 2; r++)
        if (!seen[k][p][r])
          g_error ("the fixture lacks %s, preset %d, reduction %d", nn_loss_kind_to_string (k),
                   p, r);

  g_test_message ("%u cases; worst relative error: value %.2g, gradient %.2g", fx->cases->len,
                  worst_value, worst_grad);
  fixture_free (fx);
}


/* ---- the fixture of the losses beyond the poster ----------------------------------------- */

typedef struct
{
  char name[32];
  int n, h, w;
  float *z, *y;
} BeyondBatch;

typedef struct
{
  int batch;
  char variant[48];
  NnLossConfig config;
  int epoch;
  double value;
  double *grad;
} BeyondCase;

typedef struct
{
  GArray *batches; /* BeyondBatch */
  GArray *cases;   /* BeyondCase */
} BeyondFixture;

static void
set_term_field (NnLossTerm *t, const char *key, const char *value)
{
  double v = g_ascii_strtod (value, NULL);

  if (strcmp (key, "kind") == 0)
    g_assert_true (nn_loss_kind_from_string (value, &t->kind));
  else if (strcmp (key, "reduction") == 0)
    {
      g_assert_true (strcmp (value, "batch") == 0 || strcmp (value, "per-image") == 0);
      t->reduction = strcmp (value, "batch") == 0 ? NN_REDUCE_BATCH : NN_REDUCE_PER_IMAGE;
    }
  else if (strcmp (key, "focal_alpha") == 0)
    t->focal_alpha = strcmp (value, "class-balanced") == 0 ? NN_FOCAL_ALPHA_CLASS_BALANCED
                                                           : NN_FOCAL_ALPHA_SCALAR;
  else if (strcmp (key, "ft_power") == 0)
    t->focal_tversky_power = strcmp (value, "inv-gamma") == 0
                               ? NN_FOCAL_TVERSKY_POWER_INV_GAMMA
                               : NN_FOCAL_TVERSKY_POWER_GAMMA;
  else if (strcmp (key, "alpha") == 0)
    t->alpha = (float) v;
  else if (strcmp (key, "beta") == 0)
    t->beta = (float) v;
  else if (strcmp (key, "gamma") == 0)
    t->gamma = (float) v;
  else if (strcmp (key, "smooth") == 0)
    t->smooth = (float) v;
  else if (strcmp (key, "pos_weight") == 0)
    t->pos_weight = (float) v;
  else if (strcmp (key, "top_k") == 0)
    t->top_k = (float) v;
  else if (strcmp (key, "lambda") == 0)
    t->lambda = (float) v;
  else if (strcmp (key, "delta") == 0)
    t->delta = (float) v;
  else if (strcmp (key, "iterations") == 0)
    t->iterations = (int) v;
  else if (strcmp (key, "distance_power") == 0)
    t->distance_power = (float) v;
  else
    g_error ("fixture: unknown setting “%s”", key);
}

/* KEY=VALUE: a field of the primary term, plus.FIELD, weight[.FIELD] or epoch. */
static void
set_case_field (BeyondCase *c, const char *token)
{
  g_auto (GStrv) kv = g_strsplit (token, "=", 2);
  const char *key, *value;
  double v;

  if (kv[0] == NULL || kv[1] == NULL)
    g_error ("fixture: “%s” is not KEY=VALUE", token);
  key = kv[0];
  value = kv[1];
  v = g_ascii_strtod (value, NULL);
  if (g_str_has_prefix (key, "plus."))
    {
      c->config.has_plus = true;
      set_term_field (&c->config.plus, key + 5, value);
    }
  else if (strcmp (key, "weight") == 0)
    g_assert_true (nn_loss_schedule_kind_from_string (value, &c->config.plus_weight.kind));
  else if (strcmp (key, "weight.start") == 0)
    c->config.plus_weight.start = (float) v;
  else if (strcmp (key, "weight.end") == 0)
    c->config.plus_weight.end = (float) v;
  else if (strcmp (key, "weight.step") == 0)
    c->config.plus_weight.step = (float) v;
  else if (strcmp (key, "weight.epochs") == 0)
    c->config.plus_weight.epochs = (int) v;
  else if (strcmp (key, "epoch") == 0)
    c->epoch = (int) v;
  else
    set_term_field (&c->config.primary, key, value);
}

static BeyondFixture *
beyond_load (void)
{
  const char *src = g_getenv ("LB_SOURCE_DIR");
  g_autofree char *path = NULL;
  BeyondFixture *fx = g_new0 (BeyondFixture, 1);
  char tok[64];
  FILE *f;

  if (src == NULL)
    src = ".";
  path = g_build_filename (src, "tests", "reference", "losses-beyond.txt", NULL);
  f = fopen (path, "r");
  if (f == NULL)
    g_error ("cannot open the loss fixture %s (is LB_SOURCE_DIR set?)", path);

  fx->batches = g_array_new (FALSE, TRUE, sizeof (BeyondBatch));
  fx->cases = g_array_new (FALSE, TRUE, sizeof (BeyondCase));
  expect_token (f, "lossbench-loss-fixture-beyond");
  expect_token (f, "1");

  while (fscanf (f, "%63s", tok) == 1)
    {
      if (strcmp (tok, "batch") == 0)
        {
          BeyondBatch b = { 0 };
          int m;

          read_token (f, b.name, sizeof b.name);
          if (fscanf (f, "%d %d %d", &b.n, &b.h, &b.w) != 3 || b.n <= 0 || b.h <= 0 || b.w <= 0)
            g_error ("fixture: bad batch shape");
          m = b.n * b.h * b.w;
          b.z = g_new (float, m);
          b.y = g_new (float, m);
          for (int i = 0; i < m; i++)
            b.z[i] = (float) read_double (f);
          for (int i = 0; i < m; i++)
            b.y[i] = (float) read_double (f);
          g_array_append_val (fx->batches, b);
        }
      else if (strcmp (tok, "case") == 0)
        {
          BeyondCase c = { 0 };
          char batch[32];
          BeyondBatch *b = NULL;

          read_token (f, batch, sizeof batch);
          read_token (f, c.variant, sizeof c.variant);
          c.batch = -1;
          for (guint i = 0; i < fx->batches->len; i++)
            if (strcmp (g_array_index (fx->batches, BeyondBatch, i).name, batch) == 0)
              c.batch = (int) i;
          g_assert_cmpint (c.batch, >=, 0);
          b = &g_array_index (fx->batches, BeyondBatch, c.batch);
          for (;;)
            {
              read_token (f, tok, sizeof tok);
              if (strcmp (tok, "value") == 0)
                break;
              set_case_field (&c, tok);
            }
          c.value = read_double (f);
          expect_token (f, "grad");
          c.grad = g_new (double, b->n * b->h * b->w);
          for (int i = 0; i < b->n * b->h * b->w; i++)
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
beyond_free (BeyondFixture *fx)
{
  for (guint i = 0; i < fx->batches->len; i++)
    {
      BeyondBatch *b = &g_array_index (fx->batches, BeyondBatch, i);
      g_free (b->z);
      g_free (b->y);
    }
  for (guint i = 0; i < fx->cases->len; i++)
    g_free (g_array_index (fx->cases, BeyondCase, i).grad);
  g_array_unref (fx->batches);
  g_array_unref (fx->cases);
  g_free (fx);
}

/* Every kind beyond the poster's, with both reductions and option variants, and compound
 * losses under each schedule, on batches with extreme logits, empty and full masks: values
 * and gradients agree with PyTorch to RTOL (floors as in test_fixture ()). */
static void
test_fixture_beyond (void)
{
  BeyondFixture *fx = beyond_load ();
  gboolean seen[NN_LOSS_COUNT][2] = { { FALSE } };
  gboolean schedules[NN_LOSS_SCHEDULE_COUNT] = { FALSE };
  /* the worst relative errors per primary kind, and for compound losses (index COUNT) */
  double worst_value[NN_LOSS_COUNT + 1] = { 0 }, worst_grad[NN_LOSS_COUNT + 1] = { 0 };
  int cases[NN_LOSS_COUNT + 1] = { 0 };

  g_assert_cmpuint (fx->cases->len, >, 0);
  for (guint ci = 0; ci < fx->cases->len; ci++)
    {
      BeyondCase *c = &g_array_index (fx->cases, BeyondCase, ci);
      BeyondBatch *b = &g_array_index (fx->batches, BeyondBatch, c->batch);
      NnLossInput in = { .n = b->n, .height = b->h, .width = b->w, .epoch = c->epoch };
      int m = b->n * b->h * b->w;
      int slot = c->config.has_plus ? NN_LOSS_COUNT : (int) c->config.kind;
      g_autofree float *grad = g_new (float, m);
      g_autofree double *zd = g_new (double, m);
      g_autofree double *yd = g_new (double, m);
      g_autofree double *gd = g_new (double, m);
      g_autofree char *what = NULL;
      double value, value_d, gmax = 0, err;

      g_assert_null (nn_loss_config_check (&c->config));
      if (c->config.has_plus)
        schedules[c->config.plus_weight.kind] = TRUE;
      else
        seen[c->config.kind][c->config.reduction] = TRUE;
      cases[slot]++;

      if (strcmp (c->variant, "preset") == 0)
        {
          NnLossConfig p;

          /* The papers' defaults, as the reference script has them, under both presets. */
          g_assert_false (c->config.has_plus);
          for (int preset = 0; preset < 2; preset++)
            {
              nn_loss_config_preset (&p, c->config.kind, preset);
              p.reduction = c->config.reduction;
              p.focal_alpha = c->config.focal_alpha;
              p.focal_tversky_power = c->config.focal_tversky_power;
              g_assert_true (memcmp (&p.primary, &c->config.primary, sizeof p.primary) == 0);
            }
        }

      what = g_strdup_printf ("%s %s %s %s", b->name, nn_loss_kind_to_string (c->config.kind),
                              c->variant,
                              c->config.reduction == NN_REDUCE_BATCH ? "batch" : "per-image");
      value = nn_loss_compute (&c->config, &in, b->z, b->y, grad);
      g_assert_true (isfinite (value));
      err = fabs (value - c->value);
      if (err > RTOL * fabs (c->value) + 1e-12)
        g_error ("%s: value %.9g, PyTorch %.9g", what, value, c->value);
      worst_value[slot] = MAX (worst_value[slot], err / MAX (fabs (c->value), 1e-12));

      for (int i = 0; i < m; i++)
        gmax = MAX (gmax, fabs (c->grad[i]));
      for (int i = 0; i < m; i++)
        {
          double d = fabs (grad[i] - c->grad[i]);

          g_assert_true (isfinite (grad[i]));
          if (d > RTOL * fabs (c->grad[i]) + 1e-6 * gmax + 1e-30)
            g_error ("%s: d/dz[%d] = %.9g, PyTorch %.9g", what, i, grad[i], c->grad[i]);
          if (fabs (c->grad[i]) > 1e-6 * gmax && fabs (c->grad[i]) > 1e-30)
            worst_grad[slot] = MAX (worst_grad[slot], d / fabs (c->grad[i]));
        }

      /* The double entry point computes the same thing. */
      for (int i = 0; i < m; i++)
        {
          zd[i] = b->z[i];
          yd[i] = b->y[i];
        }
      value_d = nn_loss_compute_double (&c->config, &in, zd, yd, gd);
      g_assert_cmpfloat (value_d, ==, value);
      /* (but for floats below FLT_MIN, which threaded parts, Hausdorff-DT's, flush to 0) */
      for (int i = 0; i < m; i++)
        if (!(fabs (gd[i]) < FLT_MIN && grad[i] == 0))
          g_assert_cmpfloat ((float) gd[i], ==, grad[i]);
    }

  for (int k = N_POSTER_KINDS; k < NN_LOSS_COUNT; k++)
    for (int r = 0; r < 2; r++)
      if (!seen[k][r])
        g_error ("the fixture lacks %s, reduction %d", nn_loss_kind_to_string (k), r);
  for (int s = 0; s < NN_LOSS_SCHEDULE_COUNT; s++)
    if (!schedules[s])
      g_error ("the fixture lacks a compound loss with the %s schedule",
               nn_loss_schedule_kind_to_string (s));

  for (int k = 0; k <= NN_LOSS_COUNT; k++)
    if (cases[k] > 0)
      g_test_message ("%-16s %3d cases; worst relative error: value %.2g, gradient %.2g",
                      k < NN_LOSS_COUNT ? nn_loss_kind_to_string (k) : "compound", cases[k],
                      worst_value[k], worst_grad[k]);
  beyond_free (fx);
}

/* ---- configurations shared by the finite-difference and extreme tests ------------------- */

static void
add_compound (GArray *a, NnLossKind primary, NnLossPreset preset, NnLossKind plus,
              NnLossScheduleKind schedule)
{
  NnLossConfig c;
  NnLossSchedule w;

  nn_loss_config_preset (&c, primary, preset);
  nn_loss_schedule_preset (&w, schedule);
  if (schedule == NN_LOSS_SCHEDULE_CONSTANT)
    w.start = 0.7f;
  nn_loss_config_set_plus (&c, plus, preset, &w);
  g_array_append_val (a, c);
}

/* Every kind × preset × reduction, plus option variants: Focal α mode and γ ∈ {0, 0.5, 3},
 * Focal-Tversky exponent mode and γ ∈ {0.75, 2}, Tversky α/β swapped and s = 0; the options of
 * the kinds beyond the poster; compound losses with each schedule. */
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

          /* The kinds beyond the poster take the same values under both presets. */
          if (p != NN_LOSS_PRESET_POSTER)
            continue;
#define VARIANT(kind, ...)                                                                       \
  if (k == (kind))                                                                               \
    {                                                                                            \
      v = c;                                                                                     \
      __VA_ARGS__;                                                                               \
      g_array_append_val (a, v);                                                                 \
    }
          VARIANT (NN_LOSS_WEIGHTED_BCE, v.pos_weight = 3);
          VARIANT (NN_LOSS_WEIGHTED_BCE, v.pos_weight = 0.3f);
          VARIANT (NN_LOSS_TOPK_BCE, v.top_k = 30);
          VARIANT (NN_LOSS_TOPK_BCE, v.top_k = 100);
          VARIANT (NN_LOSS_TOPK_BCE, v.top_k = 1);
          VARIANT (NN_LOSS_GENERALIZED_DICE, v.smooth = 1);
          VARIANT (NN_LOSS_LOG_COSH_DICE, v.smooth = 1e-6f);
          VARIANT (NN_LOSS_UNIFIED_FOCAL, v.lambda = 0.2f; v.delta = 0.7f; v.gamma = 0.2f);
          VARIANT (NN_LOSS_UNIFIED_FOCAL, v.gamma = 0);
          VARIANT (NN_LOSS_UNIFIED_FOCAL, v.lambda = 1);
          VARIANT (NN_LOSS_UNIFIED_FOCAL, v.lambda = 0);
          VARIANT (NN_LOSS_UNIFIED_FOCAL, v.smooth = 0);
          VARIANT (NN_LOSS_COMBO, v.alpha = 0.3f; v.beta = 0.7f);
          VARIANT (NN_LOSS_COMBO, v.alpha = 1; v.beta = 0.2f);
          VARIANT (NN_LOSS_COMBO, v.alpha = 0; v.smooth = 0);
          VARIANT (NN_LOSS_CLDICE, v.iterations = 5; v.alpha = 0.8f);
          VARIANT (NN_LOSS_CLDICE, v.iterations = 0; v.alpha = 1);
          VARIANT (NN_LOSS_CLDICE, v.iterations = 1; v.smooth = 0.1f);
          VARIANT (NN_LOSS_CLDICE, v.alpha = 0);
#undef VARIANT
        }

  add_compound (a, NN_LOSS_DICE, NN_LOSS_PRESET_POSTER, NN_LOSS_BCE, NN_LOSS_SCHEDULE_CONSTANT);
  add_compound (a, NN_LOSS_GENERALIZED_DICE, NN_LOSS_PRESET_POSTER, NN_LOSS_LOVASZ_HINGE,
                NN_LOSS_SCHEDULE_KERVADEC);
  add_compound (a, NN_LOSS_TVERSKY, NN_LOSS_PRESET_LITERATURE, NN_LOSS_TOPK_BCE,
                NN_LOSS_SCHEDULE_LINEAR);
  add_compound (a, NN_LOSS_FOCAL, NN_LOSS_PRESET_LITERATURE, NN_LOSS_CLDICE,
                NN_LOSS_SCHEDULE_KERVADEC);
  add_compound (a, NN_LOSS_COMBO, NN_LOSS_PRESET_POSTER, NN_LOSS_UNIFIED_FOCAL,
                NN_LOSS_SCHEDULE_CONSTANT);
  add_compound (a, NN_LOSS_CLDICE, NN_LOSS_PRESET_POSTER, NN_LOSS_LOG_COSH_DICE,
                NN_LOSS_SCHEDULE_LINEAR);
  return a;
}

/* The smallest value CONFIG can take: 0 but for Combo's −(1 − a)·Dice coefficient. */
static double
lower_bound (const NnLossConfig *c, int epoch)
{
  /* Boundary: mean[φ_G·p] ≥ −(the largest distance inside), below the images' diagonal. */
  double low = c->kind == NN_LOSS_COMBO      ? -(1.0 - c->alpha)
               : c->kind == NN_LOSS_BOUNDARY ? -10
                                             : 0;

  if (c->has_plus && c->plus.kind == NN_LOSS_COMBO)
    low -= nn_loss_schedule_weight (&c->plus_weight, epoch) * (1.0 - c->plus.alpha);
  return low - 1e-12;
}

static char *
describe (const NnLossConfig *c)
{
  char text[256];

  nn_loss_formula (c, text, sizeof text);
  return g_strdup_printf ("%s [%s]", nn_loss_kind_to_label (c->kind), text);
}

/* ---- finite differences ------------------------------------------------------------------ */

/* N images of HW: one mixed, one with an empty mask, one all-ones, logits up to ±SCALE·3. */
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

/* N = 3 images of 4 × 5 at epoch 3 (so every schedule has moved from its start). */
static void
check_finite_differences (double scale)
{
  enum { N = 3, H = 4, W = 5, HW = H * W, M = N * HW };
  static const NnLossInput in = { .n = N, .height = H, .width = W, .epoch = 3 };
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
      value = nn_loss_compute_double (c, &in, z, y, g);
      g_assert_true (isfinite (value));
      g_assert_cmpfloat (nn_loss_compute_double (c, &in, z, y, NULL), ==, value);
      for (int i = 0; i < M; i++)
        gmax = MAX (gmax, fabs (g[i]));

      for (int i = 0; i < M; i++)
        {
          double keep = z[i], up, down, fd;

          z[i] = keep + h;
          up = nn_loss_compute_double (c, &in, z, y, NULL);
          z[i] = keep - h;
          down = nn_loss_compute_double (c, &in, z, y, NULL);
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
          g_assert_cmpfloat (value, >=, lower_bound (c, 0));
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

/* A perfect, confident prediction: every loss but the pixelwise ones is ~0 (Combo: its minimum
 * −(1 − a); Unified Focal ~1e-22, since (1 − mTI)^(1 − γ) takes the square root of ~1e-44),
 * and confidently wrong is the worst: BCE = 100 per pixel, the Lovász hinge 101. */
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
        double v;

        nn_loss_config_preset (&c, k, p);
        v = nn_loss (&c, z, y, 1, 4, g);
        if (k == NN_LOSS_COMBO)
          g_assert_cmpfloat_with_epsilon (v, -(1.0 - c.alpha), 1e-12);
        else if (k == NN_LOSS_UNIFIED_FOCAL)
          g_assert_cmpfloat (v, <, 1e-20);
        else
          g_assert_cmpfloat (v, <, 1e-30);
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
    /* Every error is 101 and the Lovász extension of the Jaccard loss sums to J(all) = 1 */
    nn_loss_config_preset (&c, NN_LOSS_LOVASZ_HINGE, NN_LOSS_PRESET_POSTER);
    g_assert_cmpfloat_with_epsilon (nn_loss (&c, wrong, y, 1, 4, g), 101.0, 1e-12);
  }
}

/* ---- hand-computed values ------------------------------------------------------------------ */

/* z = 0 everywhere (p = 1/2), y = (1, 0): TP = FP = FN = TN = 1/2. */
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

  c.kind = NN_LOSS_LOG_COSH_DICE; /* log cosh (1/2), gradient tanh (1/2) × Dice's */
  g_assert_cmpfloat_with_epsilon (nn_loss (&c, z, y, 1, 2, g), log (cosh (0.5)), 1e-12);
  g_assert_cmpfloat_with_epsilon (g[0], tanh (0.5) * -3.0 / 16, 1e-7);
  g_assert_cmpfloat_with_epsilon (g[1], tanh (0.5) / 16, 1e-7);

  /* Both classes hold one pixel: w = 1 each; 1 − 2·(1/2 + 1/2)/(2 + 2) = 1/2.  d/dp = ∓W/den
   * = ∓1/2 (den does not move: w_lung = w_background), times p·q. */
  c.kind = NN_LOSS_GENERALIZED_DICE;
  g_assert_cmpfloat_with_epsilon (nn_loss (&c, z, y, 1, 2, g), 0.5, 1e-12);
  g_assert_cmpfloat_with_epsilon (g[0], -0.125, 1e-7);
  g_assert_cmpfloat_with_epsilon (g[1], 0.125, 1e-7);

  /* Errors 1 and 1, the lung pixel first (ties in pixel order): g = (1/U_0, 0) = (1, 0). */
  c.kind = NN_LOSS_LOVASZ_HINGE;
  g_assert_cmpfloat_with_epsilon (nn_loss (&c, z, y, 1, 2, g), 1.0, 1e-12);
  g_assert_cmpfloat_with_epsilon (g[0], -1.0, 1e-7);
  g_assert_cmpfloat_with_epsilon (g[1], 0.0, 1e-7);

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

  /* (2·log 2 + log 2)/2; d/dz = −w·q/2 and p/2 */
  memset (&c, 0, sizeof c);
  c.kind = NN_LOSS_WEIGHTED_BCE;
  c.pos_weight = 2;
  g_assert_cmpfloat_with_epsilon (nn_loss (&c, z, y, 1, 2, g), 1.5 * G_LN2, 1e-12);
  g_assert_cmpfloat_with_epsilon (g[0], -0.5, 1e-7);
  g_assert_cmpfloat_with_epsilon (g[1], 0.25, 1e-7);

  /* One pixel of two kept, both tied at log 2: each gets half the slot. */
  memset (&c, 0, sizeof c);
  c.kind = NN_LOSS_TOPK_BCE;
  c.top_k = 50;
  g_assert_cmpfloat_with_epsilon (nn_loss (&c, z, y, 1, 2, g), G_LN2, 1e-12);
  g_assert_cmpfloat_with_epsilon (g[0], -0.25, 1e-7);
  g_assert_cmpfloat_with_epsilon (g[1], 0.25, 1e-7);

  /* 0.5·mean[0.6·log 2, 0.4·√½·log 2] + 0.5·[½·(1 − ½) + ½·√(1 − ½)]: mTI = ½ for both
   * classes ((½)/(½ + 0.6·½ + 0.4·½)). */
  memset (&c, 0, sizeof c);
  c.kind = NN_LOSS_UNIFIED_FOCAL;
  c.lambda = 0.5f;
  c.delta = 0.6f;
  c.gamma = 0.5f;
  g_assert_cmpfloat_with_epsilon (nn_loss (&c, z, y, 1, 2, g),
                                  0.5 * (0.6f * G_LN2 + (1 - 0.6f) * sqrt (0.5) * G_LN2) / 2
                                    + 0.5 * (0.25 + 0.5 * sqrt (0.5)),
                                  1e-7);

  /* 0.5·mean[0.5·log 2, 0.5·log 2] − 0.5·(2·½)/(1 + 1) */
  memset (&c, 0, sizeof c);
  c.kind = NN_LOSS_COMBO;
  c.alpha = 0.5f;
  c.beta = 0.5f;
  g_assert_cmpfloat_with_epsilon (nn_loss (&c, z, y, 1, 2, g), 0.25 * G_LN2 - 0.25, 1e-12);
}

/* An empty mask: the Lovász gradient is (1, 0, 0, …) in error order, so only the worst pixel
 * counts; ties in TopK share their slots whatever the pixel order. */
static void
test_ranked_values (void)
{
  NnLossConfig c = { 0 };
  float z[4] = { 0.5f, -2, 3, -1 }, y[4] = { 0, 0, 0, 0 }, g[4];
  float zt[10] = { 0 }, yt[10], gt[10];

  c.kind = NN_LOSS_LOVASZ_HINGE;
  c.reduction = NN_REDUCE_PER_IMAGE;
  /* errors 1 + z = (1.5, −1, 4, 0): the largest, 4, times g = 1 */
  g_assert_cmpfloat_with_epsilon (nn_loss (&c, z, y, 1, 4, g), 4.0, 1e-12);
  g_assert_cmpfloat (g[2], ==, 1.0f);
  g_assert_cmpfloat (g[0], ==, 0.0f);
  g_assert_cmpfloat (g[1], ==, 0.0f);
  g_assert_cmpfloat (g[3], ==, 0.0f);

  /* 25 % of 10 pixels: 2 slots for 10 pixels tied at log 2, 1/5 each */
  for (int i = 0; i < 10; i++)
    yt[i] = i % 2;
  memset (&c, 0, sizeof c);
  c.kind = NN_LOSS_TOPK_BCE;
  c.top_k = 25;
  g_assert_cmpfloat_with_epsilon (nn_loss (&c, zt, yt, 1, 10, gt), G_LN2, 1e-12);
  for (int i = 0; i < 10; i++)
    g_assert_cmpfloat_with_epsilon (gt[i], (yt[i] > 0 ? -0.5 : 0.5) * 0.2 / 2, 1e-8);

  /* A permutation of the pixels permutes the gradient, ties included. */
  {
    enum { M = 40 };
    double zp[M], yp[M], gp[M], zq[M], yq[M], gq[M];
    GRand *rand = g_rand_new_with_seed (17);
    int perm[M];

    for (int i = 0; i < M; i++)
      {
        zp[i] = (double) g_rand_int_range (rand, -3, 4); /* many ties */
        yp[i] = g_rand_boolean (rand);
        perm[i] = i;
      }
    for (int i = M - 1; i > 0; i--)
      {
        int j = g_rand_int_range (rand, 0, i + 1), t = perm[i];
        perm[i] = perm[j];
        perm[j] = t;
      }
    for (int i = 0; i < M; i++)
      {
        zq[i] = zp[perm[i]];
        yq[i] = yp[perm[i]];
      }
    c.top_k = 15;
    g_assert_cmpfloat_with_epsilon (nn_loss_double (&c, zp, yp, 1, M, gp),
                                    nn_loss_double (&c, zq, yq, 1, M, gq), 1e-12);
    for (int i = 0; i < M; i++)
      g_assert_cmpfloat_with_epsilon (gq[i], gp[perm[i]], 1e-15);
    g_rand_free (rand);
  }
}

/* Configurations whose value does not depend on the reduction. */
static gboolean
reduction_free (const NnLossConfig *c)
{
  switch (c->kind)
    {
    case NN_LOSS_BCE:
    case NN_LOSS_FOCAL:
    case NN_LOSS_WEIGHTED_BCE:
    case NN_LOSS_BOUNDARY:
    case NN_LOSS_HAUSDORFF_DT:
      return TRUE;
    case NN_LOSS_TOPK_BCE:
      return c->top_k == 100;
    case NN_LOSS_UNIFIED_FOCAL:
      return c->lambda == 1;
    case NN_LOSS_COMBO:
      return c->alpha == 1;
    default:
      return FALSE;
    }
}

/* Per-image reduction: the mean of the single-image losses. */
static void
test_per_image_is_mean (void)
{
  enum { N = 3, H = 2, W = 5, HW = H * W, M = N * HW };
  g_autoptr (GArray) configs = all_configs ();
  GRand *rand = g_rand_new_with_seed (3);
  NnLossInput all = { .n = N, .height = H, .width = W }, one = { .n = 1, .height = H, .width = W };
  double z[M], y[M];

  for (guint ci = 0; ci < configs->len; ci++)
    {
      NnLossConfig c = g_array_index (configs, NnLossConfig, ci);
      double whole, sum = 0;

      if (c.reduction != NN_REDUCE_PER_IMAGE || c.has_plus)
        continue;
      random_batch (rand, 1.0, z, y, N, HW);
      whole = nn_loss_compute_double (&c, &all, z, y, NULL);
      for (int i = 0; i < N; i++)
        sum += nn_loss_compute_double (&c, &one, z + i * HW, y + i * HW, NULL);
      g_assert_cmpfloat_with_epsilon (whole, sum / N, 1e-12);
    }
  g_rand_free (rand);
}

/* A batch of one: both reductions agree, value and gradient; the pixelwise means agree for any
 * N (a mean over equal-sized images), the set losses do not. */
static void
test_batch_of_one (void)
{
  enum { N = 3, H = 2, W = 5, HW = H * W, M = N * HW };
  g_autoptr (GArray) configs = all_configs ();
  GRand *rand = g_rand_new_with_seed (5);
  double z[M], y[M], g1[M], g2[M];

  for (guint ci = 0; ci < configs->len; ci++)
    {
      NnLossConfig c = g_array_index (configs, NnLossConfig, ci);
      double a, b;
      gboolean pixelwise = reduction_free (&c);

      if (c.reduction != NN_REDUCE_BATCH || c.has_plus)
        continue;
      random_batch (rand, 1.0, z, y, N, HW);
      for (int n = 1; n <= N; n += N - 1)
        {
          NnLossConfig p = c;
          NnLossInput in = { .n = n, .height = H, .width = W };

          p.reduction = NN_REDUCE_PER_IMAGE;
          a = nn_loss_compute_double (&c, &in, z, y, g1);
          b = nn_loss_compute_double (&p, &in, z, y, g2);
          if (n == 1 || pixelwise)
            {
              g_assert_cmpfloat_with_epsilon (a, b, 1e-12 * MAX (1, fabs (a)));
              for (int i = 0; i < n * HW; i++)
                g_assert_cmpfloat_with_epsilon (g1[i], g2[i], 1e-14);
            }
          /* Empty and full images differ; TopK's pixels may happen to be spread evenly. */
          else if (!(fabs (a - b) > 1e-6) && c.kind != NN_LOSS_TOPK_BCE)
            {
              g_autofree char *d = describe (&c);
              g_error ("%s: %.9g over the batch, %.9g per image", d, a, b);
            }
        }
    }
  g_rand_free (rand);
}

/* ---- equivalences ---------------------------------------------------------------------- */

static void
assert_same_loss (const NnLossConfig *a, const NnLossConfig *b, double scale, GRand *rand)
{
  enum { N = 3, H = 2, W = 5, HW = H * W, M = N * HW };
  static const NnLossInput in = { .n = N, .height = H, .width = W, .epoch = 4 };
  double z[M], y[M], ga[M], gb[M];

  for (int round = 0; round < 3; round++)
    {
      double va, vb;

      random_batch (rand, round == 2 ? 30.0 : 1.0, z, y, N, HW);
      va = nn_loss_compute_double (a, &in, z, y, ga);
      vb = nn_loss_compute_double (b, &in, z, y, gb);
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

  /* Not equivalent: the literature settings, and the poster's Focal; SAME is then a copy.
   * (Weighted BCE's default weight, 1, is BCE: below.) */
  for (int k = 0; k < NN_LOSS_COUNT; k++)
    {
      if (k == NN_LOSS_WEIGHTED_BCE)
        continue;
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

/* The kinds beyond the poster that reduce to BCE or Dice. */
static void
test_equivalences_beyond (void)
{
  GRand *rand = g_rand_new_with_seed (19);
  NnLossConfig c, same, bce, dice;
  double scale;

  nn_loss_config_preset (&bce, NN_LOSS_BCE, NN_LOSS_PRESET_POSTER);

  /* Weighted BCE's default w = 1 is BCE. */
  nn_loss_config_preset (&c, NN_LOSS_WEIGHTED_BCE, NN_LOSS_PRESET_LITERATURE);
  g_assert_true (nn_loss_equivalent_config (&c, &same, &scale));
  g_assert_cmpint (same.kind, ==, NN_LOSS_BCE);
  g_assert_cmpfloat (scale, ==, 1);
  assert_same_loss (&c, &bce, 1, rand);
  c.pos_weight = 2;
  g_assert_false (nn_loss_equivalent (&c, NULL));

  /* TopK with k = 100 % keeps every pixel: BCE. */
  for (int r = 0; r < 2; r++)
    {
      nn_loss_config_preset (&c, NN_LOSS_TOPK_BCE, NN_LOSS_PRESET_POSTER);
      c.reduction = r;
      c.top_k = 100;
      g_assert_true (nn_loss_equivalent_config (&c, &same, &scale));
      g_assert_cmpint (same.kind, ==, NN_LOSS_BCE);
      assert_same_loss (&c, &bce, 1, rand);
    }

  /* Combo with a = 1, β = 0.5 and Unified Focal with λ = 1, δ = 0.5, γ = 0: 0.5·BCE. */
  nn_loss_config_preset (&c, NN_LOSS_COMBO, NN_LOSS_PRESET_POSTER);
  c.alpha = 1;
  g_assert_true (nn_loss_equivalent_config (&c, &same, &scale));
  g_assert_cmpint (same.kind, ==, NN_LOSS_BCE);
  g_assert_cmpfloat (scale, ==, 0.5);
  assert_same_loss (&c, &bce, 0.5, rand);
  nn_loss_config_preset (&c, NN_LOSS_UNIFIED_FOCAL, NN_LOSS_PRESET_POSTER);
  c.lambda = 1;
  c.delta = 0.5f;
  c.gamma = 0;
  g_assert_true (nn_loss_equivalent_config (&c, &same, &scale));
  g_assert_cmpint (same.kind, ==, NN_LOSS_BCE);
  g_assert_cmpfloat (scale, ==, 0.5);
  assert_same_loss (&c, &bce, 0.5, rand);
  c.gamma = 0.5f;
  g_assert_false (nn_loss_equivalent (&c, NULL));

  /* clDice with a = 0 is its Dice part. */
  for (int r = 0; r < 2; r++)
    {
      nn_loss_config_preset (&c, NN_LOSS_CLDICE, NN_LOSS_PRESET_POSTER);
      c.reduction = r;
      c.alpha = 0;
      g_assert_true (nn_loss_equivalent_config (&c, &same, &scale));
      g_assert_cmpint (same.kind, ==, NN_LOSS_DICE);
      nn_loss_config_preset (&dice, NN_LOSS_DICE, NN_LOSS_PRESET_LITERATURE);
      dice.reduction = r;
      g_assert_cmpfloat (same.smooth, ==, dice.smooth);
      assert_same_loss (&c, &dice, 1, rand);
    }
  g_rand_free (rand);
}

/* Compound losses with a constant weight: w = 0, X + w·X, BCE + Dice. */
static void
test_equivalences_compound (void)
{
  GRand *rand = g_rand_new_with_seed (23);
  NnLossConfig c, same, ref;
  NnLossSchedule w;
  double scale;

  nn_loss_schedule_preset (&w, NN_LOSS_SCHEDULE_CONSTANT);
  w.start = 0;
  nn_loss_config_preset (&c, NN_LOSS_DICE, NN_LOSS_PRESET_LITERATURE);
  nn_loss_config_set_plus (&c, NN_LOSS_LOVASZ_HINGE, NN_LOSS_PRESET_LITERATURE, &w);
  g_assert_true (nn_loss_equivalent_config (&c, &same, &scale));
  g_assert_false (same.has_plus);
  g_assert_cmpint (same.kind, ==, NN_LOSS_DICE);
  nn_loss_config_preset (&ref, NN_LOSS_DICE, NN_LOSS_PRESET_LITERATURE);
  assert_same_loss (&c, &ref, 1, rand);

  /* Dice + 1·BCE and BCE + 1·Dice: Dice-BCE with the Dice term's s and reduction. */
  w.start = 1;
  for (int order = 0; order < 2; order++)
    {
      nn_loss_config_preset (&c, order ? NN_LOSS_BCE : NN_LOSS_DICE, NN_LOSS_PRESET_LITERATURE);
      nn_loss_config_set_plus (&c, order ? NN_LOSS_DICE : NN_LOSS_BCE, NN_LOSS_PRESET_LITERATURE,
                               &w);
      if (order)
        c.plus.reduction = NN_REDUCE_PER_IMAGE;
      g_assert_true (nn_loss_equivalent_config (&c, &same, &scale));
      g_assert_cmpint (same.kind, ==, NN_LOSS_DICE_BCE);
      g_assert_false (same.has_plus);
      g_assert_cmpfloat (same.smooth, ==, 1);
      g_assert_cmpint (same.reduction, ==, order ? NN_REDUCE_PER_IMAGE : NN_REDUCE_BATCH);
      g_assert_cmpfloat (scale, ==, 1);
      assert_same_loss (&c, &same, 1, rand);
    }

  /* Tversky(0.5, 0.5, s) + 0.5·Dice(2s) = 1.5·Dice(2s) */
  w.start = 0.5f;
  nn_loss_config_preset (&c, NN_LOSS_TVERSKY, NN_LOSS_PRESET_POSTER);
  nn_loss_config_set_plus (&c, NN_LOSS_DICE, NN_LOSS_PRESET_POSTER, &w);
  c.plus.smooth = 2e-6f;
  g_assert_true (nn_loss_equivalent_config (&c, &same, &scale));
  g_assert_cmpint (same.kind, ==, NN_LOSS_DICE);
  g_assert_false (same.has_plus);
  g_assert_cmpfloat (scale, ==, 1.5);
  assert_same_loss (&c, &same, 1.5, rand);

  /* A schedule that moves: only the terms simplify (Weighted BCE w = 1 to BCE). */
  nn_loss_schedule_preset (&w, NN_LOSS_SCHEDULE_KERVADEC);
  nn_loss_config_preset (&c, NN_LOSS_WEIGHTED_BCE, NN_LOSS_PRESET_POSTER);
  nn_loss_config_set_plus (&c, NN_LOSS_WEIGHTED_BCE, NN_LOSS_PRESET_POSTER, &w);
  g_assert_true (nn_loss_equivalent_config (&c, &same, &scale));
  g_assert_true (same.has_plus);
  g_assert_cmpint (same.kind, ==, NN_LOSS_BCE);
  g_assert_cmpint (same.plus.kind, ==, NN_LOSS_BCE);
  g_assert_cmpfloat (scale, ==, 1);
  assert_same_loss (&c, &same, 1, rand);
  /* … but a term equal only to a multiple would change the weight, and stays. */
  nn_loss_config_preset (&c, NN_LOSS_DICE, NN_LOSS_PRESET_POSTER);
  nn_loss_config_set_plus (&c, NN_LOSS_COMBO, NN_LOSS_PRESET_POSTER, &w);
  c.plus.alpha = 1;
  g_assert_false (nn_loss_equivalent_config (&c, &same, &scale));
  g_assert_true (memcmp (&same, &c, sizeof c) == 0);
  g_assert_cmpfloat (scale, ==, 1);
  g_rand_free (rand);
}

/* What nn_loss_approximation () says holds numerically. */
static void
test_approximation (void)
{
  enum { N = 3, H = 2, W = 5, HW = H * W, M = N * HW };
  static const NnLossInput in = { .n = N, .height = H, .width = W };
  GRand *rand = g_rand_new_with_seed (29);
  NnLossConfig c, like;
  char text[512];
  double z[M], y[M], g1[M], g2[M];

  /* Log-Cosh Dice = log cosh D, between D²/2 − D⁴/12 and D²/2; its gradient is tanh D times
   * Dice's (over the batch). */
  nn_loss_config_preset (&c, NN_LOSS_LOG_COSH_DICE, NN_LOSS_PRESET_POSTER);
  g_assert_cmpint (nn_loss_approximation (&c, &like, text, sizeof text), ==, strlen (text));
  g_assert_nonnull (strstr (text, "D²/2"));
  g_assert_cmpint (like.kind, ==, NN_LOSS_DICE);
  g_assert_cmpfloat (like.smooth, ==, c.smooth);
  for (int round = 0; round < 3; round++)
    {
      double lc, d;

      random_batch (rand, round + 1.0, z, y, N, HW);
      lc = nn_loss_compute_double (&c, &in, z, y, g1);
      d = nn_loss_compute_double (&like, &in, z, y, g2);
      g_assert_cmpfloat (lc, <=, d * d / 2 + 1e-15);
      g_assert_cmpfloat (lc, >=, d * d / 2 - d * d * d * d / 12 - 1e-15);
      for (int i = 0; i < M; i++)
        g_assert_cmpfloat_with_epsilon (g1[i], tanh (d) * g2[i], 1e-12 * fabs (g1[i]) + 1e-300);
    }

  /* Combo = a(1 − β)·(Weighted BCE + w·Dice) − (1 − a): the same gradient. */
  for (int variant = 0; variant < 2; variant++)
    {
      double k, vc, vl;

      nn_loss_config_preset (&c, NN_LOSS_COMBO, NN_LOSS_PRESET_POSTER);
      if (variant)
        {
          c.alpha = 0.3f;
          c.beta = 0.7f;
        }
      g_assert_cmpint (nn_loss_approximation (&c, &like, text, sizeof text), >, 0);
      g_assert_true (like.has_plus);
      g_assert_cmpint (like.kind, ==, NN_LOSS_WEIGHTED_BCE);
      g_assert_cmpint (like.plus.kind, ==, NN_LOSS_DICE);
      k = c.alpha * (1.0 - c.beta);
      random_batch (rand, 1.0, z, y, N, HW);
      vc = nn_loss_compute_double (&c, &in, z, y, g1);
      vl = nn_loss_compute_double (&like, &in, z, y, g2);
      g_assert_cmpfloat_with_epsilon (vc, k * vl - (1.0 - c.alpha), 1e-6);
      for (int i = 0; i < M; i++)
        g_assert_cmpfloat_with_epsilon (g1[i], k * g2[i], 1e-6 * fabs (g1[i]) + 1e-300);
    }

  /* Combo with a = 0 is Dice − 1. */
  c.alpha = 0;
  g_assert_cmpint (nn_loss_approximation (&c, &like, text, sizeof text), >, 0);
  g_assert_cmpint (like.kind, ==, NN_LOSS_DICE);
  random_batch (rand, 1.0, z, y, N, HW);
  g_assert_cmpfloat_with_epsilon (nn_loss_compute_double (&c, &in, z, y, NULL),
                                  nn_loss_compute_double (&like, &in, z, y, NULL) - 1, 1e-12);

  /* No relation: nothing written. */
  nn_loss_config_preset (&c, NN_LOSS_DICE, NN_LOSS_PRESET_POSTER);
  g_assert_cmpint (nn_loss_approximation (&c, &like, text, sizeof text), ==, 0);
  g_assert_cmpstr (text, ==, "");
  g_assert_true (memcmp (&like, &c, sizeof c) == 0);
  g_rand_free (rand);
}

/* ---- compound losses and schedules ------------------------------------------------------- */

static void
test_schedule (void)
{
  NnLossSchedule s;

  nn_loss_schedule_preset (&s, NN_LOSS_SCHEDULE_CONSTANT);
  g_assert_cmpfloat (s.start, ==, 1);
  for (int e = -2; e < 100; e += 7)
    g_assert_cmpfloat (nn_loss_schedule_weight (&s, e), ==, 1);

  nn_loss_schedule_preset (&s, NN_LOSS_SCHEDULE_LINEAR);
  g_assert_cmpfloat (nn_loss_schedule_weight (&s, -3), ==, 0);
  g_assert_cmpfloat (nn_loss_schedule_weight (&s, 0), ==, 0);
  g_assert_cmpfloat_with_epsilon (nn_loss_schedule_weight (&s, 5), 0.5, 1e-15);
  g_assert_cmpfloat (nn_loss_schedule_weight (&s, 10), ==, 1);
  g_assert_cmpfloat (nn_loss_schedule_weight (&s, 50), ==, 1);
  s.start = 1;
  s.end = 0.25f;
  s.epochs = 4;
  g_assert_cmpfloat_with_epsilon (nn_loss_schedule_weight (&s, 2), 0.625, 1e-15);
  g_assert_cmpfloat (nn_loss_schedule_weight (&s, 9), ==, 0.25);

  /* Kervadec et al.: 0.01 at the first epoch, + 0.01 after each, no cap by default */
  nn_loss_schedule_preset (&s, NN_LOSS_SCHEDULE_KERVADEC);
  g_assert_cmpfloat_with_epsilon (nn_loss_schedule_weight (&s, 0), 0.01, 1e-8);
  g_assert_cmpfloat_with_epsilon (nn_loss_schedule_weight (&s, 9), 0.10, 1e-8);
  g_assert_cmpfloat_with_epsilon (nn_loss_schedule_weight (&s, 99), 1.0, 1e-7);
  g_assert_cmpfloat_with_epsilon (nn_loss_schedule_weight (&s, 199), 2.0, 1e-7);
  s.end = 0.5f;
  g_assert_cmpfloat_with_epsilon (nn_loss_schedule_weight (&s, 30), 0.31, 1e-7);
  g_assert_cmpfloat (nn_loss_schedule_weight (&s, 100), ==, 0.5);
}

/* L = L_primary + w(epoch)·L_plus, value and gradient, in float and double. */
static void
test_compound (void)
{
  enum { N = 3, H = 4, W = 5, HW = H * W, M = N * HW };
  GRand *rand = g_rand_new_with_seed (31);
  NnLossConfig c, a, b;
  NnLossSchedule w;
  double z[M], y[M], g[M], ga[M], gb[M];
  float zf[M], yf[M], gf[M];

  nn_loss_schedule_preset (&w, NN_LOSS_SCHEDULE_LINEAR);
  nn_loss_config_preset (&c, NN_LOSS_DICE, NN_LOSS_PRESET_LITERATURE);
  nn_loss_config_set_plus (&c, NN_LOSS_CLDICE, NN_LOSS_PRESET_LITERATURE, &w);
  g_assert_null (nn_loss_config_check (&c));
  nn_loss_config_preset (&a, NN_LOSS_DICE, NN_LOSS_PRESET_LITERATURE);
  nn_loss_config_preset (&b, NN_LOSS_CLDICE, NN_LOSS_PRESET_LITERATURE);
  random_batch (rand, 2.0, z, y, N, HW);
  for (int i = 0; i < M; i++)
    {
      zf[i] = (float) z[i];
      yf[i] = (float) y[i];
      z[i] = zf[i];
    }

  for (int epoch = 0; epoch <= 12; epoch += 3)
    {
      NnLossInput in = { .n = N, .height = H, .width = W, .epoch = epoch };
      double weight = nn_loss_schedule_weight (&w, epoch);
      double v = nn_loss_compute_double (&c, &in, z, y, g);
      double va = nn_loss_compute_double (&a, &in, z, y, ga);
      double vb = nn_loss_compute_double (&b, &in, z, y, gb);

      g_assert_cmpfloat_with_epsilon (v, va + weight * vb, 1e-14);
      for (int i = 0; i < M; i++)
        g_assert_cmpfloat_with_epsilon (g[i], ga[i] + weight * gb[i], 1e-15);
      /* float in, float out: the double result rounded once */
      g_assert_cmpfloat (nn_loss_compute (&c, &in, zf, yf, gf), ==, v);
      for (int i = 0; i < M; i++)
        g_assert_cmpfloat (gf[i], ==, (float) g[i]);
      if (epoch == 0)
        {
          /* w = 0: the primary term alone, exactly.  nn_loss () is epoch 0 with square
           * images, which 4 × 5 is not: clDice cannot guess its shape. */
          g_assert_cmpfloat (v, ==, va);
          g_assert_true (isnan (nn_loss (&c, zf, yf, N, HW, NULL)));
        }
    }
  g_rand_free (rand);
}

/* nn_loss () takes square images; clDice needs the shape, the others do not. */
static void
test_shapes (void)
{
  enum { N = 2, S = 4, HW = S * S };
  GRand *rand = g_rand_new_with_seed (37);
  NnLossInput in = { .n = N, .height = S, .width = S };
  NnLossConfig c;
  double z[N * HW], y[N * HW], g1[N * HW], g2[N * HW];

  random_batch (rand, 1.0, z, y, N, HW);
  nn_loss_config_preset (&c, NN_LOSS_CLDICE, NN_LOSS_PRESET_POSTER);
  g_assert_cmpfloat (nn_loss_double (&c, z, y, N, HW, g1), ==,
                     nn_loss_compute_double (&c, &in, z, y, g2));
  for (int i = 0; i < N * HW; i++)
    g_assert_cmpfloat (g1[i], ==, g2[i]);
  g_assert_true (isnan (nn_loss_double (&c, z, y, N, 12, NULL)));
  /* a 2 × 8 image is not a 4 × 4 one */
  in.height = 2;
  in.width = 8;
  g_assert_cmpfloat (fabs (nn_loss_compute_double (&c, &in, z, y, NULL)
                           - nn_loss_double (&c, z, y, N, HW, NULL)), >, 1e-9);
  c.alpha = 0; /* no clDice part: any HW */
  g_assert_true (isfinite (nn_loss_double (&c, z, y, N, 12, NULL)));
  nn_loss_config_preset (&c, NN_LOSS_LOVASZ_HINGE, NN_LOSS_PRESET_POSTER);
  g_assert_true (isfinite (nn_loss_double (&c, z, y, N, 12, NULL)));

  /* Only the distance losses read the truth's maps, which nn_loss () makes from the masks. */
  for (int k = 0; k < NN_LOSS_COUNT; k++)
    {
      nn_loss_config_preset (&c, k, NN_LOSS_PRESET_POSTER);
      g_assert_cmpuint (nn_loss_truth_maps (&c), ==,
                        k == NN_LOSS_BOUNDARY        ? NN_LOSS_MAP_SIGNED_DISTANCE
                        : k == NN_LOSS_HAUSDORFF_DT ? NN_LOSS_MAP_CONTOUR_DISTANCE
                                                    : 0u);
    }
  nn_loss_config_preset (&c, NN_LOSS_DICE, NN_LOSS_PRESET_POSTER);
  {
    NnLossSchedule w;

    nn_loss_schedule_preset (&w, NN_LOSS_SCHEDULE_KERVADEC);
    nn_loss_config_set_plus (&c, NN_LOSS_HAUSDORFF_DT, NN_LOSS_PRESET_POSTER, &w);
    g_assert_cmpuint (nn_loss_truth_maps (&c), ==, NN_LOSS_MAP_CONTOUR_DISTANCE);
    g_assert_true (isnan (nn_loss_double (&c, z, y, N, 12, NULL)));
    g_assert_true (isfinite (nn_loss_double (&c, z, y, N, HW, NULL)));
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

  /* The papers' defaults, under both presets (losses-beyond.md). */
  for (int p = 0; p < 2; p++)
    {
      nn_loss_config_preset (&c, NN_LOSS_WEIGHTED_BCE, p);
      g_assert_cmpfloat (c.pos_weight, ==, 1);
      nn_loss_config_preset (&c, NN_LOSS_TOPK_BCE, p);
      g_assert_cmpfloat (c.top_k, ==, 10);
      nn_loss_config_preset (&c, NN_LOSS_GENERALIZED_DICE, p);
      g_assert_cmpfloat (c.smooth, ==, 0);
      nn_loss_config_preset (&c, NN_LOSS_LOG_COSH_DICE, p);
      g_assert_cmpfloat (c.smooth, ==, 1);
      nn_loss_config_preset (&c, NN_LOSS_UNIFIED_FOCAL, p);
      g_assert_cmpfloat (c.lambda, ==, 0.5f);
      g_assert_cmpfloat (c.delta, ==, 0.6f);
      g_assert_cmpfloat (c.gamma, ==, 0.5f);
      g_assert_cmpfloat (c.smooth, ==, 1e-7f);
      nn_loss_config_preset (&c, NN_LOSS_COMBO, p);
      g_assert_cmpfloat (c.alpha, ==, 0.5f);
      g_assert_cmpfloat (c.beta, ==, 0.5f);
      g_assert_cmpfloat (c.smooth, ==, 1);
      nn_loss_config_preset (&c, NN_LOSS_CLDICE, p);
      g_assert_cmpfloat (c.alpha, ==, 0.5f);
      g_assert_cmpint (c.iterations, ==, 3);
      g_assert_cmpfloat (c.smooth, ==, 1);
    }

  for (int k = 0; k < NN_LOSS_COUNT; k++)
    for (int p = 0; p < 2; p++)
      {
        nn_loss_config_preset (&c, k, p);
        g_assert_cmpint (c.kind, ==, k);
        g_assert_cmpint (c.primary.kind, ==, k);
        g_assert_false (c.has_plus);
        /* Berman's and Yeung's code work per image; every other preset over the batch. */
        g_assert_cmpint (c.reduction, ==,
                         k == NN_LOSS_LOVASZ_HINGE || k == NN_LOSS_UNIFIED_FOCAL
                           ? NN_REDUCE_PER_IMAGE
                           : NN_REDUCE_BATCH);
        g_assert_null (nn_loss_config_check (&c));
      }

  for (int s = 0; s < NN_LOSS_SCHEDULE_COUNT; s++)
    {
      NnLossSchedule w;

      nn_loss_config_preset (&c, NN_LOSS_DICE, NN_LOSS_PRESET_POSTER);
      nn_loss_schedule_preset (&w, s);
      nn_loss_config_set_plus (&c, NN_LOSS_BCE, NN_LOSS_PRESET_POSTER, &w);
      g_assert_true (c.has_plus);
      g_assert_cmpint (c.plus.kind, ==, NN_LOSS_BCE);
      g_assert_cmpint (c.plus_weight.kind, ==, s);
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

#define REJECTS(kind, ...)                                                                       \
  do                                                                                             \
    {                                                                                            \
      nn_loss_config_preset (&c, (kind), NN_LOSS_PRESET_POSTER);                                 \
      __VA_ARGS__;                                                                               \
      g_assert_nonnull (nn_loss_config_check (&c));                                              \
    }                                                                                            \
  while (0)
  REJECTS (NN_LOSS_WEIGHTED_BCE, c.pos_weight = 0);
  REJECTS (NN_LOSS_WEIGHTED_BCE, c.pos_weight = INFINITY);
  REJECTS (NN_LOSS_TOPK_BCE, c.top_k = 0);
  REJECTS (NN_LOSS_TOPK_BCE, c.top_k = 101);
  REJECTS (NN_LOSS_GENERALIZED_DICE, c.smooth = -1);
  REJECTS (NN_LOSS_LOVASZ_HINGE, c.reduction = 7);
  REJECTS (NN_LOSS_LOG_COSH_DICE, c.smooth = NAN);
  REJECTS (NN_LOSS_UNIFIED_FOCAL, c.gamma = 1);
  REJECTS (NN_LOSS_UNIFIED_FOCAL, c.lambda = 1.5f);
  REJECTS (NN_LOSS_UNIFIED_FOCAL, c.delta = -0.1f);
  REJECTS (NN_LOSS_COMBO, c.alpha = 2);
  REJECTS (NN_LOSS_COMBO, c.beta = -1);
  REJECTS (NN_LOSS_CLDICE, c.smooth = 0);
  REJECTS (NN_LOSS_CLDICE, c.iterations = -1);
  REJECTS (NN_LOSS_CLDICE, c.iterations = 101);
  REJECTS (NN_LOSS_CLDICE, c.alpha = 1.5f);
  REJECTS (NN_LOSS_HAUSDORFF_DT, c.distance_power = 0);
  REJECTS (NN_LOSS_HAUSDORFF_DT, c.distance_power = NAN);
  /* the second term and its schedule */
  REJECTS (NN_LOSS_DICE, c.has_plus = true; c.plus.kind = NN_LOSS_COUNT);
  REJECTS (NN_LOSS_DICE, c.has_plus = true; c.plus.kind = NN_LOSS_TOPK_BCE);
  REJECTS (NN_LOSS_DICE, c.has_plus = true; c.plus_weight.start = -1);
  REJECTS (NN_LOSS_DICE, c.has_plus = true; c.plus_weight.kind = NN_LOSS_SCHEDULE_COUNT);
  REJECTS (NN_LOSS_DICE, c.has_plus = true; c.plus_weight.kind = NN_LOSS_SCHEDULE_LINEAR;
           c.plus_weight.epochs = 0);
  REJECTS (NN_LOSS_DICE, c.has_plus = true; c.plus_weight.kind = NN_LOSS_SCHEDULE_KERVADEC;
           c.plus_weight.step = -0.01f);
#undef REJECTS
  /* unused settings of another kind do not matter; a disabled second term neither */
  nn_loss_config_preset (&c, NN_LOSS_DICE, NN_LOSS_PRESET_POSTER);
  c.top_k = -5;
  c.plus.kind = NN_LOSS_COUNT;
  g_assert_null (nn_loss_config_check (&c));
}

static void
test_names (void)
{
  static const char *const strings[NN_LOSS_COUNT] = {
    "bce",          "dice",          "dice-bce",      "jaccard",          "focal",
    "tversky",      "focal-tversky", "weighted-bce",  "topk-bce",         "generalized-dice",
    "lovasz-hinge", "log-cosh-dice", "unified-focal", "combo",            "cldice",
    "boundary",     "hausdorff-dt",
  };
  static const char *const schedules[NN_LOSS_SCHEDULE_COUNT] = { "constant", "linear",
                                                                 "kervadec" };
  NnLossKind k;
  NnLossScheduleKind sk;
  int per_family[NN_LOSS_FAMILY_COUNT] = { 0 };

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
  g_assert_cmpstr (nn_loss_kind_to_label (NN_LOSS_LOVASZ_HINGE), ==, "Lovász hinge");
  g_assert_cmpstr (nn_loss_kind_to_label (NN_LOSS_CLDICE), ==, "clDice");
  g_assert_cmpstr (nn_loss_kind_to_label (NN_LOSS_HAUSDORFF_DT), ==, "Hausdorff-DT");

  /* losses-beyond.md's families */
  for (int i = 0; i < NN_LOSS_COUNT; i++)
    {
      NnLossFamily f = nn_loss_kind_family (i);

      g_assert_cmpint (f, <, NN_LOSS_FAMILY_COUNT);
      per_family[f]++;
    }
  g_assert_cmpint (nn_loss_kind_family (NN_LOSS_TOPK_BCE), ==, NN_LOSS_FAMILY_DISTRIBUTION);
  g_assert_cmpint (nn_loss_kind_family (NN_LOSS_LOVASZ_HINGE), ==, NN_LOSS_FAMILY_REGION);
  g_assert_cmpint (nn_loss_kind_family (NN_LOSS_CLDICE), ==, NN_LOSS_FAMILY_BOUNDARY);
  g_assert_cmpint (nn_loss_kind_family (NN_LOSS_COMBO), ==, NN_LOSS_FAMILY_COMPOUND);
  g_assert_cmpint (per_family[NN_LOSS_FAMILY_DISTRIBUTION], ==, 4);
  g_assert_cmpint (per_family[NN_LOSS_FAMILY_REGION], ==, 8);
  g_assert_cmpint (nn_loss_kind_family (NN_LOSS_BOUNDARY), ==, NN_LOSS_FAMILY_BOUNDARY);
  g_assert_cmpint (nn_loss_kind_family (NN_LOSS_HAUSDORFF_DT), ==, NN_LOSS_FAMILY_BOUNDARY);
  g_assert_cmpint (per_family[NN_LOSS_FAMILY_BOUNDARY], ==, 3);
  g_assert_cmpint (per_family[NN_LOSS_FAMILY_COMPOUND], ==, 2);
  g_assert_cmpstr (nn_loss_family_to_label (NN_LOSS_FAMILY_REGION), ==, "Region-based");
  g_assert_null (nn_loss_family_to_label (NN_LOSS_FAMILY_COUNT));

  for (int i = 0; i < NN_LOSS_SCHEDULE_COUNT; i++)
    {
      g_assert_cmpstr (nn_loss_schedule_kind_to_string (i), ==, schedules[i]);
      g_assert_true (nn_loss_schedule_kind_from_string (schedules[i], &sk));
      g_assert_cmpint (sk, ==, i);
    }
  g_assert_false (nn_loss_schedule_kind_from_string ("Kervadec", &sk));
  g_assert_null (nn_loss_schedule_kind_to_string (NN_LOSS_SCHEDULE_COUNT));
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

  {
    static const struct
    {
      NnLossKind kind;
      const char *text;
    } expect[] = {
      { NN_LOSS_WEIGHTED_BCE, "mean[1·y·softplus(−z)" },
      { NN_LOSS_TOPK_BCE, "the 10 % largest" },
      { NN_LOSS_GENERALIZED_DICE, "w_c = 1/(Σy_c)²" },
      { NN_LOSS_LOVASZ_HINGE, "per image, then the mean" },
      { NN_LOSS_LOG_COSH_DICE, "log cosh(1 − (2·Σpy + 1)" },
      { NN_LOSS_UNIFIED_FOCAL, "(1 − mTI_fg)^0.5" },
      { NN_LOSS_COMBO, "0.5·mean[0.5·y·softplus(−z) + 0.5·(1 − y)·softplus(z)] − 0.5·" },
      { NN_LOSS_CLDICE, "3 iterations" },
      { NN_LOSS_BOUNDARY, "mean[φ_G·p]" },
      { NN_LOSS_HAUSDORFF_DT, "(d_G^2 + d_P^2)" },
    };
    char big[1024];

    for (gsize i = 0; i < G_N_ELEMENTS (expect); i++)
      {
        nn_loss_config_preset (&c, expect[i].kind, NN_LOSS_PRESET_POSTER);
        len = nn_loss_formula (&c, big, sizeof big);
        g_assert_cmpint (len, ==, (int) strlen (big));
        if (strstr (big, expect[i].text) == NULL)
          g_error ("%s: “%s” lacks “%s”", nn_loss_kind_to_string (expect[i].kind), big,
                   expect[i].text);
      }

    nn_loss_config_preset (&c, NN_LOSS_GENERALIZED_DICE, NN_LOSS_PRESET_POSTER);
    {
      NnLossSchedule w;

      nn_loss_schedule_preset (&w, NN_LOSS_SCHEDULE_KERVADEC);
      nn_loss_config_set_plus (&c, NN_LOSS_LOVASZ_HINGE, NN_LOSS_PRESET_POSTER, &w);
    }
    len = nn_loss_formula (&c, big, sizeof big);
    g_assert_cmpint (len, ==, (int) strlen (big));
    g_assert_nonnull (strstr (big, "; plus w·[Σ relu"));
    g_assert_nonnull (strstr (big, "w = 0.01 + 0.01·epoch"));
    c.plus_weight.end = 0.5f;
    nn_loss_formula (&c, big, sizeof big);
    g_assert_nonnull (strstr (big, "at most 0.5"));
    nn_loss_schedule_preset (&c.plus_weight, NN_LOSS_SCHEDULE_LINEAR);
    nn_loss_formula (&c, big, sizeof big);
    g_assert_nonnull (strstr (big, "w from 0 to 1 over 10 epochs"));
  }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/losses/fixture-pytorch", test_fixture);
  g_test_add_func ("/losses/fixture-pytorch-beyond", test_fixture_beyond);
  g_test_add_func ("/losses/finite-differences", test_finite_differences);
  g_test_add_func ("/losses/finite-differences-saturated", test_finite_differences_saturated);
  g_test_add_func ("/losses/extremes-finite", test_extremes);
  g_test_add_func ("/losses/extreme-values", test_extreme_values);
  g_test_add_func ("/losses/hand-values", test_hand_values);
  g_test_add_func ("/losses/ranked-values", test_ranked_values);
  g_test_add_func ("/losses/per-image-is-mean", test_per_image_is_mean);
  g_test_add_func ("/losses/batch-of-one", test_batch_of_one);
  g_test_add_func ("/losses/equivalences", test_equivalences);
  g_test_add_func ("/losses/equivalences-beyond", test_equivalences_beyond);
  g_test_add_func ("/losses/equivalences-compound", test_equivalences_compound);
  g_test_add_func ("/losses/approximation", test_approximation);
  g_test_add_func ("/losses/schedule", test_schedule);
  g_test_add_func ("/losses/compound", test_compound);
  g_test_add_func ("/losses/shapes", test_shapes);
  g_test_add_func ("/losses/presets", test_presets);
  g_test_add_func ("/losses/config-check", test_config_check);
  g_test_add_func ("/losses/names", test_names);
  g_test_add_func ("/losses/formula", test_formula);
  return g_test_run ();
}
