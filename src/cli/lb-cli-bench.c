/* lb-cli-bench.c — `lossbench-cli bench`: training and inference speed of the U-Net, per layer too.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A benchmark, not a test: it prints figures (medians of timed steps after one warm-up) and
 * never fails on a time. bench/compare.sh runs it next to bench/torch_unet.py, which measures
 * the same network in PyTorch, and prints the ratios. */
#include <glib.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "lb-cli.h"
#include "nn-adam.h"
#include "nn-blas.h"
#include "nn-layers.h"
#include "nn-losses.h"
#include "nn-peak.h"
#include "nn-threads.h"
#include "nn-unet.h"

typedef struct
{
  const char *name;
  int size, width, steps;
} BenchConfig;

/* docs/performance.md; batch 16, depth 4. Steps keep each config near half a minute here. */
static const BenchConfig configs[] = {
  { "tiny", 64, 8, 20 },
  { "quick", 128, 16, 8 },
  { "poster", 256, 32, 3 },
};

static double
now (void)
{
  struct timespec ts;
  clock_gettime (CLOCK_MONOTONIC, &ts);
  return ts.tv_sec + 1e-9 * ts.tv_nsec;
}

static int
compare_doubles (const void *a, const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return (x > y) - (x < y);
}

static double
median (double *v, int n)
{
  qsort (v, n, sizeof *v, compare_doubles);
  return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

/* CPU seconds (user + system) of the whole process so far: on a shared machine, images per
 * CPU-second say more about the code than images per wall-second. */
static double
cpu_seconds (void)
{
  struct rusage ru;
  getrusage (RUSAGE_SELF, &ru);
  return ru.ru_utime.tv_sec + 1e-6 * ru.ru_utime.tv_usec + ru.ru_stime.tv_sec
         + 1e-6 * ru.ru_stime.tv_usec;
}

static size_t
peak_rss_bytes (void)
{
  struct rusage ru;
  getrusage (RUSAGE_SELF, &ru);
  return (size_t) ru.ru_maxrss * 1024;
}

static int
run_config (const BenchConfig *bc, int batch, int steps, NnPrecision precision, gboolean json,
            gboolean profile, const NnPeak *peak)
{
  NnUNetConfig cfg = { .size = bc->size, .base_width = bc->width, .depth = 4, .batch = batch,
                       .precision = precision };
  size_t hw = (size_t) cfg.size * cfg.size, need = nn_unet_memory_bytes (&cfg);
  NnUNet *net = nn_unet_new (&cfg);
  NnAdam *adam = net ? nn_adam_new (nn_unet_count (net)) : NULL;
  float *images = malloc (sizeof (float) * batch * hw), *masks = malloc (sizeof (float) * batch * hw);
  float *logits = malloc (sizeof (float) * batch * hw), *dlogits = malloc (sizeof (float) * batch * hw);
  if (!net || !adam || !images || !masks || !logits || !dlogits)
    {
      fprintf (stderr, "lossbench-cli: the %s configuration needs %.0f MB, which is not "
                       "available here.\n", bc->name, need / 1e6);
      nn_unet_free (net), nn_adam_free (adam);
      free (images), free (masks), free (logits), free (dlogits);
      return LB_EXIT_ERROR;
    }

  /* A disc on noise: the values do not matter for speed, only that they are finite. */
  GRand *rand = g_rand_new_with_seed (1);
  for (int i = 0; i < batch; i++)
    for (int y = 0; y < cfg.size; y++)
      for (int x = 0; x < cfg.size; x++)
        {
          double r = hypot (y - cfg.size / 2.0, x - cfg.size / 2.0);
          size_t k = i * hw + (size_t) y * cfg.size + x;
          masks[k] = r < cfg.size / 3.0 ? 1.0f : 0.0f;
          images[k] = (float) (0.5 * masks[k] + g_rand_double_range (rand, -0.5, 0.5));
        }
  g_rand_free (rand);
  nn_unet_init (net, 1);
  NnLossConfig loss;
  nn_loss_config_preset (&loss, NN_LOSS_DICE_BCE, NN_LOSS_PRESET_POSTER);

  double *train = g_new (double, steps), *infer = g_new (double, steps), cpu0 = 0;
  for (int s = -1; s < steps; s++) /* step −1 is the warm-up: page faults, BLAS buffers */
    {
      if (s == 0)
        {
          nn_unet_profile_reset (net);
          nn_unet_set_profiling (net, profile);
          cpu0 = cpu_seconds ();
        }
      double t0 = now ();
      nn_unet_forward (net, images, batch, logits);
      nn_loss (&loss, logits, masks, batch, (int) hw, dlogits);
      nn_unet_backward (net, dlogits, batch);
      nn_adam_step (adam, nn_unet_params (net), nn_unet_grads (net), 2e-4f);
      if (s >= 0)
        train[s] = now () - t0;
    }
  double train_cpu = cpu_seconds () - cpu0;
  nn_unet_set_profiling (net, FALSE);
  size_t rss = peak_rss_bytes ();
  for (int s = -1; s < steps; s++)
    {
      double t0 = now ();
      nn_unet_forward (net, images, batch, logits);
      if (s >= 0)
        infer[s] = now () - t0;
    }

  double flops = nn_unet_flops_per_image (&cfg);
  size_t per_image = nn_unet_memory_bytes_per_image (&cfg);
  double t_train = median (train, steps), t_infer = median (infer, steps);
  double train_ips = batch / t_train, infer_ips = batch / t_infer;
  const NnLayerProfile *layers;
  int nlayers = nn_unet_profile (net, &layers);
  const char *mode = nn_get_thread_mode () == NN_THREADS_OWN ? "own" : "blas";
  /* Whose SGEMM the layers too wide for the direct kernels run (nn-gemm.h). */
  const char *wide_gemm = nn_workspace_pack_floats () > 0 ? "the project" : "OpenBLAS";

  if (json)
    {
      printf ("{\"engine\": \"lossbench\", \"config\": \"%s\", \"size\": %d, \"width\": %d, "
              "\"batch\": %d, \"precision\": \"%s\", \"threads\": %d, \"thread_mode\": \"%s\", "
              "\"steps\": %d, "
              "\"train_img_s\": %.4f, \"infer_img_s\": %.4f, \"train_gflop_s\": %.3f, "
              "\"infer_gflop_s\": %.3f, \"train_img_per_cpu_s\": %.4f, \"peak_rss_bytes\": %zu, "
              "\"memory_bytes\": %zu, \"bytes_per_image\": %zu, \"openblas_core\": \"%s\", "
              "\"wide_gemm\": \"%s\", \"peak_gflop_s\": %.3f, "
              "\"peak_isa\": \"%s\", \"peak_gflop_s_512\": %.3f, \"peak_gflop_s_256\": %.3f, "
              "\"train_peak_fraction\": %.4f, \"infer_peak_fraction\": %.4f",
              bc->name, cfg.size, cfg.base_width, batch, nn_precision_to_string (precision),
              nn_get_threads (), mode, steps, train_ips, infer_ips, 3 * flops * train_ips / 1e9, flops * infer_ips / 1e9,
              batch * steps / train_cpu, rss, need, per_image, nn_blas_core (), wide_gemm,
              peak->gflops,
              peak->isa,
              peak->gflops_512, peak->gflops_256, 3 * flops * train_ips / 1e9 / peak->gflops,
              flops * infer_ips / 1e9 / peak->gflops);
      if (profile)
        {
          printf (", \"profile\": [");
          for (int i = 0; i < nlayers; i++)
            printf ("%s{\"layer\": \"%s\", \"forward_ms\": %.3f, \"wgrad_ms\": %.3f, "
                    "\"igrad_ms\": %.3f, \"gflop\": %.4f}", i ? ", " : "", layers[i].name,
                    1e3 * layers[i].forward / steps, 1e3 * layers[i].wgrad / steps,
                    1e3 * layers[i].igrad / steps, layers[i].flops * batch / 1e9);
          printf ("]");
        }
      printf ("}\n");
    }
  else
    {
      double train_gflops = 3 * flops * train_ips / 1e9, infer_gflops = flops * infer_ips / 1e9;

      printf ("lossbench %s (%d², width %d, batch %d, %s, %d threads, %s): train %.2f img/s "
              "(%.1f GFLOP/s = %.0f %% of peak; %.1f img per CPU-s), inference %.2f img/s "
              "(%.1f GFLOP/s = %.0f %% of peak), peak RSS %.0f MB (arena %.0f MB, %.1f MB per "
              "image), wide layers on %s's GEMM, OpenBLAS %s\n",
              bc->name, cfg.size, cfg.base_width, batch, nn_precision_to_string (precision),
              nn_get_threads (), mode, train_ips, train_gflops, 100 * train_gflops / peak->gflops, batch * steps / train_cpu,
              infer_ips, infer_gflops, 100 * infer_gflops / peak->gflops, rss / 1e6, need / 1e6,
              per_image / 1e6, wide_gemm, nn_blas_core ());
      if (profile)
        {
          double sum[3] = { 0 };
          printf ("  %-18s %10s %10s %10s %8s %8s %8s\n", "layer (ms/step)", "forward",
                  "wgrad", "igrad", "fwd GF/s", "wg GF/s", "ig GF/s");
          for (int i = 0; i < nlayers; i++)
            {
              const NnLayerProfile *l = &layers[i];
              double f = l->forward / steps, w = l->wgrad / steps, g = l->igrad / steps;
              double gf = l->flops * batch / 1e9;
              sum[0] += f, sum[1] += w, sum[2] += g;
              printf ("  %-18s %10.2f %10.2f %10.2f %8.1f %8.1f %8.1f\n", l->name, 1e3 * f,
                      1e3 * w, 1e3 * g, f > 0 ? gf / f : 0, w > 0 ? gf / w : 0,
                      g > 0 ? gf / g : 0);
            }
          printf ("  %-18s %10.2f %10.2f %10.2f   (step median %.2f ms; rest: loss, Adam)\n",
                  "total", 1e3 * sum[0], 1e3 * sum[1], 1e3 * sum[2], 1e3 * t_train);
        }
    }
  fflush (stdout);
  g_free (train), g_free (infer);
  free (images), free (masks), free (logits), free (dlogits);
  nn_adam_free (adam);
  nn_unet_free (net);
  return LB_EXIT_OK;
}

int
lb_cli_bench (int argc, char **argv)
{
  g_autofree char *config = NULL, *mode = NULL, *precision_name = NULL;
  g_auto (GStrv) argv0 = g_new0 (char *, argc + 1);
  int argc0 = argc;
  for (int i = 0; i < argc; i++)
    argv0[i] = g_strdup (argv[i]);
  gboolean json = FALSE, profile = FALSE;
  int threads = 0, steps = 0, batch = 16;
  double peak_seconds = 1.0;
  GOptionEntry entries[] = {
    { "config", 'c', 0, G_OPTION_ARG_STRING, &config,
      "poster (256², width 32), quick (128², width 16) or tiny (64², width 8); default all", "NAME" },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, "One JSON object per configuration", NULL },
    { "profile", 'p', 0, G_OPTION_ARG_NONE, &profile,
      "Per-layer times: forward, weight gradient, input gradient", NULL },
    { "threads", 't', 0, G_OPTION_ARG_INT, &threads, "Threads (default: all cores)", "N" },
    { "thread-mode", 0, 0, G_OPTION_ARG_STRING, &mode,
      "own (GEMMs split over our threads, default) or blas (OpenBLAS's threads)", "MODE" },
    { "steps", 's', 0, G_OPTION_ARG_INT, &steps, "Timed steps (default by configuration)", "N" },
    { "batch", 'b', 0, G_OPTION_ARG_INT, &batch, "Images per batch (default 16)", "N" },
    { "precision", 0, 0, G_OPTION_ARG_STRING, &precision_name,
      "fp32 (default), or bf16 for the wide layers on a CPU with AVX-512 BF16", "P" },
    { "peak-seconds", 0, 0, G_OPTION_ARG_DOUBLE, &peak_seconds,
      "Time to measure the FMA peak, per vector width (default 1)", "S" },
    { NULL }
  };
  g_autoptr (GOptionContext) context = g_option_context_new ("— measure U-Net speed");
  g_autoptr (GError) error = NULL;
  g_option_context_add_main_entries (context, entries, NULL);
  g_option_context_set_summary (context,
                                "Training (forward + backward + Adam) and inference images per "
                                "second, GFLOP/s and peak memory, for batch 16; GFLOP/s also as a\n"
                                "fraction of this machine's FP32 FMA peak, measured first (the "
                                "FLOPs are the direct\nconvolution's, so a faster algorithm "
                                "would show above 100 %). Numbers on a shared machine\nare "
                                "noisy: compare ratios from one run.");
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      fprintf (stderr, "lossbench-cli bench: %s\n", error->message);
      return LB_EXIT_USAGE;
    }
  if (argc > 1 || batch < 1 || steps < 0 || threads < 0 || !(peak_seconds > 0)
      || (mode && strcmp (mode, "own") != 0 && strcmp (mode, "blas") != 0))
    {
      fprintf (stderr, "lossbench-cli bench: unexpected arguments; see --help.\n");
      return LB_EXIT_USAGE;
    }
  /* OpenBLAS chose its kernels when it loaded; if it fell back to older ones than this CPU
   * runs (nn-blas.h), start again with OPENBLAS_CORETYPE set, unless the user set it. */
  {
    g_autoptr (GPtrArray) args = g_ptr_array_new ();
    g_ptr_array_add (args, (char *) "lossbench-cli");
    for (int i = 0; i < argc0; i++)
      g_ptr_array_add (args, argv0[i]);
    g_ptr_array_add (args, NULL);
    nn_blas_reexec_if_needed ((char **) args->pdata);
    /* Still here: measure with the kernels we have; the output names them. */
  }
  NnPrecision precision = NN_PRECISION_FP32;
  if (precision_name != NULL && !nn_precision_from_string (precision_name, &precision))
    {
      fprintf (stderr, "lossbench-cli bench: “%s” is not a precision: use fp32 or bf16.\n",
               precision_name);
      return LB_EXIT_USAGE;
    }
  if (precision == NN_PRECISION_BF16 && !nn_bf16_available ())
    {
      fprintf (stderr, "lossbench-cli bench: bf16 needs a CPU with AVX-512 BF16, and this one "
                       "has none; measure fp32.\n");
      return LB_EXIT_USAGE;
    }
  if (threads > 0)
    nn_set_threads (threads);
  nn_set_thread_mode (mode && strcmp (mode, "blas") == 0 ? NN_THREADS_BLAS : NN_THREADS_OWN);

  /* The machine's own limit, measured now, on the threads the benchmark uses: what the
   * GFLOP/s below are a fraction of. */
  NnPeak peak;
  nn_peak_measure (nn_get_threads (), peak_seconds, &peak);
  if (!json)
    printf ("FP32 FMA peak: %.1f GFLOP/s on %d threads (%s; zmm %.1f, ymm %.1f, baseline %.1f)\n",
            peak.gflops, peak.threads, peak.isa, peak.gflops_512, peak.gflops_256,
            peak.gflops_scalar);

  gboolean found = FALSE;
  for (gsize i = 0; i < G_N_ELEMENTS (configs); i++)
    if (config == NULL || strcmp (config, configs[i].name) == 0)
      {
        found = TRUE;
        int status = run_config (&configs[i], batch, steps > 0 ? steps : configs[i].steps,
                                 precision, json, profile, &peak);
        if (status != LB_EXIT_OK)
          return status;
      }
  if (!found)
    {
      fprintf (stderr, "lossbench-cli bench: “%s” is not a configuration "
                       "(poster, quick or tiny).\n", config);
      return LB_EXIT_USAGE;
    }
  return LB_EXIT_OK;
}
