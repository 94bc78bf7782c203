/* test-peak.c — the FMA peak probe measures every width the CPU has and reports the best; it
 * asserts what holds on any machine, never a speed.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <glib.h>
#include <math.h>
#include <string.h>

#include "nn-peak.h"
#include "nn-threads.h"

static void
test_measures_every_width (void)
{
  NnPeak peak;

  nn_set_threads (2);
  g_assert_cmpint (nn_peak_measure (2, 0.05, &peak), ==, 0);
  g_assert_cmpint (peak.threads, ==, 2);
  g_assert_true (isfinite (peak.gflops) && peak.gflops > 0);
  g_assert_true (peak.gflops_scalar > 0);
  g_assert_cmpfloat (peak.gflops, ==, MAX (peak.gflops_scalar,
                                           MAX (peak.gflops_256, peak.gflops_512)));
  if (strcmp (peak.isa, "avx512") == 0)
    g_assert_cmpfloat (peak.gflops, ==, peak.gflops_512);
  else if (strcmp (peak.isa, "avx2") == 0)
    g_assert_cmpfloat (peak.gflops, ==, peak.gflops_256);
  else
    g_assert_cmpstr (peak.isa, ==, "scalar");
#if defined(__x86_64__)
  __builtin_cpu_init ();
  g_assert_true ((peak.gflops_512 > 0) == !!__builtin_cpu_supports ("avx512f"));
  g_assert_true ((peak.gflops_256 > 0)
                 == (__builtin_cpu_supports ("avx2") && __builtin_cpu_supports ("fma")));
#else
  g_assert_cmpfloat (peak.gflops_512, ==, 0);
  g_assert_cmpfloat (peak.gflops_256, ==, 0);
#endif
  /* Threads are clamped as the pool clamps them. */
  g_assert_cmpint (nn_peak_measure (64, 0.01, &peak), ==, 0);
  g_assert_cmpint (peak.threads, ==, nn_get_threads ());
  g_assert_cmpint (nn_peak_measure (2, 0, &peak), ==, -1);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/nn/peak/measures-every-width", test_measures_every_width);
  return g_test_run ();
}
