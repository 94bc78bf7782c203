/* lb-rng.h — a small seeded random generator for the engine (splits, phantoms, augmentation).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>
#include <math.h>

G_BEGIN_DECLS

/* SplitMix64 seeding a xoshiro256** state. We keep our own generator rather than GRand so
 * that a saved seed reproduces the same split and the same phantoms on every platform and
 * every GLib version: the sequence is part of the file formats. */
typedef struct
{
  guint64 s[4];
} LbRng;

static inline guint64
lb_rng_splitmix64 (guint64 *x)
{
  guint64 z = (*x += G_GUINT64_CONSTANT (0x9E3779B97F4A7C15));
  z = (z ^ (z >> 30)) * G_GUINT64_CONSTANT (0xBF58476D1CE4E5B9);
  z = (z ^ (z >> 27)) * G_GUINT64_CONSTANT (0x94D049BB133111EB);
  return z ^ (z >> 31);
}

static inline void
lb_rng_init (LbRng *rng, guint64 seed, guint64 stream)
{
  guint64 x = seed ^ (stream * G_GUINT64_CONSTANT (0xD1B54A32D192ED03));
  for (int i = 0; i < 4; i++)
    rng->s[i] = lb_rng_splitmix64 (&x);
}

static inline guint64
lb_rng_rotl (guint64 x, int k)
{
  return (x << k) | (x >> (64 - k));
}

static inline guint64
lb_rng_next (LbRng *rng)
{
  guint64 *s = rng->s;
  guint64 result = lb_rng_rotl (s[1] * 5, 7) * 9;
  guint64 t = s[1] << 17;
  s[2] ^= s[0];
  s[3] ^= s[1];
  s[1] ^= s[2];
  s[0] ^= s[3];
  s[2] ^= t;
  s[3] = lb_rng_rotl (s[3], 45);
  return result;
}

/* Uniform in [0, 1). */
static inline double
lb_rng_uniform (LbRng *rng)
{
  return (double) (lb_rng_next (rng) >> 11) * (1.0 / 9007199254740992.0);
}

/* Uniform in [lo, hi). */
static inline double
lb_rng_range (LbRng *rng, double lo, double hi)
{
  return lo + (hi - lo) * lb_rng_uniform (rng);
}

/* Uniform integer in [0, n); n > 0. Lemire's multiply-shift, bias negligible for our n. */
static inline guint32
lb_rng_below (LbRng *rng, guint32 n)
{
  return (guint32) (((lb_rng_next (rng) >> 32) * (guint64) n) >> 32);
}

G_END_DECLS
