/* lb-cli-experiment.c — `lossbench-cli train`, `compare` and `resume`: experiments on disk.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <gio/gio.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lb-cli-loss-options.h"
#include "lb-cli-number.h"
#include "lb-cli-options.h"
#include "lb-cli-progress.h"
#include "lb-cli-submit.h"
#include "lb-cli.h"
#include "lb-dataset-discover.h"
#include "lb-error.h"
#include "lb-experiment.h"
#include "lb-loss-catalogue.h"
#include "lb-loss-spec.h"
#include "lb-run-claim.h"
#include "lb-sweep.h"
#include "lb-system.h"
#include "lb-trainer.h"
#include "nn-threads.h"

/* Options shared by train and compare. */
/* The numbers are kept as text until apply_common checks them (lb-cli-number.h). */
typedef struct
{
  char **data;
  char **external;
  char *demo_count;
  char *preset;
  char *loss_preset;
  char *epochs;
  char *batch;
  char *learning_rate;
  char *size;
  char *width;
  char *precision;
  char *threads;
  char *split_seed;
  char *split_by;
  char *test_source;
  char *augment;
  char *augment_range[6];   /* rotation, shift, scale, brightness, contrast, gamma */
  char *out;
  LbCliMetricOptions metrics;
} CommonOptions;

/* The ranges --augment-NAME sets, in CommonOptions.augment_range's order. */
static const char *const augment_range_names[6] = {
  "rotation", "shift", "scale", "brightness", "contrast", "gamma",
};

static void
common_options_clear (CommonOptions *o)
{
  g_strfreev (o->data);
  g_strfreev (o->external);
  g_free (o->demo_count);
  g_free (o->preset);
  g_free (o->loss_preset);
  g_free (o->epochs);
  g_free (o->batch);
  g_free (o->learning_rate);
  g_free (o->size);
  g_free (o->width);
  g_free (o->precision);
  g_free (o->threads);
  g_free (o->split_seed);
  g_free (o->split_by);
  g_free (o->test_source);
  g_free (o->augment);
  for (guint i = 0; i < G_N_ELEMENTS (o->augment_range); i++)
    g_free (o->augment_range[i]);
  g_free (o->out);
  lb_cli_metric_options_clear (&o->metrics);
}

static GOptionEntry *
common_entries (CommonOptions *o)
{
  const GOptionEntry entries[] = {
    { "data", 'd', 0, G_OPTION_ARG_FILENAME_ARRAY, &o->data,
      "Dataset folder; repeat to combine folders (default: the synthetic demo set)", "DIR" },
    { "external", 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &o->external,
      "An external test set: a folder of pairs never trained on, every run measured on it "
      "after training (results in external/NAME/); repeat for more", "DIR" },
    { "demo-count", 0, 0, G_OPTION_ARG_STRING, &o->demo_count,
      "Images in the demo set when no --data is given (default 96)", "N" },
    { "preset", 'p', 0, G_OPTION_ARG_STRING, &o->preset,
      "poster (256², width 32, 50 epochs), quick (128², width 16, 20 epochs) or tiny (64², "
      "width 8, 5 epochs); default quick", "NAME" },
    { "loss-preset", 0, 0, G_OPTION_ARG_STRING, &o->loss_preset,
      "Loss settings: poster (α 0.8 scalar focal, Tversky 0.5/0.5, γ 1) or literature (Lin, "
      "Salehi, Abraham); default poster", "NAME" },
    { "epochs", 'e', 0, G_OPTION_ARG_STRING, &o->epochs, "Epochs (default: the preset's)", "N" },
    { "batch", 'b', 0, G_OPTION_ARG_STRING, &o->batch, "Batch size (default 16)", "N" },
    { "lr", 0, 0, G_OPTION_ARG_STRING, &o->learning_rate, "Adam learning rate (default 2e-4)",
      "RATE" },
    { "size", 0, 0, G_OPTION_ARG_STRING, &o->size, "Image size S×S (default: the preset's)", "S" },
    { "width", 0, 0, G_OPTION_ARG_STRING, &o->width, "U-Net base width (default: the preset's)",
      "W" },
    { "precision", 0, 0, G_OPTION_ARG_STRING, &o->precision,
      "fp32, or bf16: the wide layers multiply in bf16 with FP32 sums, on a CPU with AVX-512 "
      "BF16 (default fp32)", "P" },
    { "threads", 't', 0, G_OPTION_ARG_STRING, &o->threads, "Threads (default: every core)", "N" },
    { "split-seed", 0, 0, G_OPTION_ARG_STRING, &o->split_seed,
      "Seed of the 80/10/10 split (default 1)", "K" },
    { "split-by", 0, 0, G_OPTION_ARG_STRING, &o->split_by,
      "random (80/10/10 of every source; the default) or source: one source's pairs are the "
      "test set, an external test, the others split 8:1 for training and validation", "HOW" },
    { "test-source", 0, 0, G_OPTION_ARG_STRING, &o->test_source,
      "The source held out as the test set with --split-by source (a source the manifest or "
      "the file names give, e.g. montgomery)", "NAME" },
    { "augment", 0, 0, G_OPTION_ARG_STRING, &o->augment,
      "Augment the training batches: none, light (±5°, 5 % shift and scale, 0.05 brightness, "
      "contrast and γ) or standard (±10°, 8 % shift, 10 % scale, 0.1 brightness, contrast "
      "and γ); the same batches for every loss of a seed, never mirrored (default none)",
      "PRESET" },
    { "augment-rotation", 0, 0, G_OPTION_ARG_STRING, &o->augment_range[0],
      "Largest rotation, ± degrees (turns augmentation on)", "DEG" },
    { "augment-shift", 0, 0, G_OPTION_ARG_STRING, &o->augment_range[1],
      "Largest shift, ± a fraction of the side", "F" },
    { "augment-scale", 0, 0, G_OPTION_ARG_STRING, &o->augment_range[2],
      "Largest zoom, ± a fraction", "F" },
    { "augment-brightness", 0, 0, G_OPTION_ARG_STRING, &o->augment_range[3],
      "Largest brightness change, ± on the normalised image", "F" },
    { "augment-contrast", 0, 0, G_OPTION_ARG_STRING, &o->augment_range[4],
      "Largest contrast change, ± a fraction", "F" },
    { "augment-gamma", 0, 0, G_OPTION_ARG_STRING, &o->augment_range[5],
      "Largest gamma change, γ − 1 within ± F", "F" },
    { "out", 'o', 0, G_OPTION_ARG_FILENAME, &o->out,
      "Experiment folder to create (required; must be new or empty)", "DIR" },
    { NULL },
  };
  return g_memdup2 (entries, sizeof entries);
}

/* --augment and --augment-NAME into AUGMENT: the preset's ranges, each given one replacing
 * its own; any range given turns augmentation on. NULL or a usage sentence. */
static char *
apply_augment (const CommonOptions *o, LbAugmentOptions *augment)
{
  LbAugmentPreset preset = LB_AUGMENT_NONE;
  double *ranges[] = { &augment->max_rotation, &augment->max_shift, &augment->max_scale,
                       &augment->max_brightness, &augment->max_contrast, &augment->max_gamma };
  const double limits[] = { 45, 0.25, 0.5, 1, 0.5, 0.5 };
  char *why = NULL;

  if (o->augment != NULL && !lb_augment_preset_from_string (o->augment, &preset))
    return g_strdup_printf ("“%s” is not an augmentation: use none, light or standard.",
                            o->augment);
  lb_augment_options_preset (augment, preset);
  for (guint i = 0; i < G_N_ELEMENTS (ranges); i++)
    {
      g_autofree char *name = g_strconcat ("augment-", augment_range_names[i], NULL);

      if (o->augment_range[i] == NULL)
        continue;
      if ((why = lb_cli_parse_double (name, o->augment_range[i], 0, FALSE, limits[i],
                                      ranges[i])))
        return why;
      augment->enabled = TRUE;
    }
  return NULL;
}

static int
compare_names (const void *a, const void *b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

/* Whether CONFIG's data hold TEST_SOURCE and another source, read from the folders' names and
 * manifests (nothing decoded), so that a wrong name stops the command before it makes its
 * folder. NULL or a sentence. */
static char *
check_test_source (const LbExperimentConfig *config)
{
  g_autoptr (GHashTable) sources = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  guint held = 0;

  if (config->test_source == NULL)
    return NULL;
  if (config->folders == NULL || config->folders[0] == NULL)
    return g_strdup ("The demo set has one source: hold a source out of real data (--data), "
                     "e.g. Montgomery's images tested after training on Shenzhen's.");
  for (char **folder = config->folders; *folder != NULL; folder++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (LbPairingReport) report = lb_dataset_discover_unchecked (*folder, &error);
      g_auto (GStrv) names = NULL;

      if (report == NULL)
        return NULL;  /* said when the experiment loads its data */
      names = lb_pairing_report_dup_sources (report);
      for (char **name = names; *name != NULL; name++)
        g_hash_table_add (sources, g_strdup (*name));
      held += lb_pairing_report_count_source (report, config->test_source);
    }
  if (held > 0 && g_hash_table_size (sources) > 1)
    return NULL;
  {
    guint n_known = 0;
    g_autofree const char **known = (const char **) g_hash_table_get_keys_as_array (sources,
                                                                                  &n_known);
    g_autofree char *list = NULL;

    qsort (known, n_known, sizeof (char *), compare_names);
    list = g_strjoinv (", ", (char **) known);

    return held == 0
             ? g_strdup_printf ("No pair comes from the source “%s”: the sources here are %s. "
                                "Hold out one of those with --test-source.", config->test_source,
                                list)
             : g_strdup_printf ("Every pair comes from “%s”: holding it out leaves nothing to "
                                "train on. Add another source's folder with --data.",
                                config->test_source);
  }
}

/* Adds the --external folders to CONFIG, each checked to pair images with masks (read from
 * the names, nothing decoded) so that a wrong folder stops the command before it makes its
 * own. NULL or a sentence. */
static char *
apply_external (const CommonOptions *o, LbExperimentConfig *config)
{
  for (char **folder = o->external; folder && *folder; folder++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (LbPairingReport) report = lb_dataset_discover_unchecked (*folder, &error);
      char *why = NULL;

      if (report == NULL)
        return g_strdup_printf ("--external %s: %s", *folder, error->message);
      if (report->pairs->len == 0)
        return g_strdup_printf ("--external %s: no image there has a mask, so it cannot be a "
                                "test set. Give a folder of pairs, as for --data.", *folder);
      if ((why = lb_experiment_config_add_external (config, *folder)))
        return why;
    }
  return NULL;
}

/* Fills CONFIG from the common options; NULL or a usage sentence. */
static char *
apply_common (const CommonOptions *o, LbExperimentConfig *config, NnLossPreset *loss_preset)
{
  /* CONFIG is initialised whatever happens, so the caller always clears it. */
  LbTrainPreset preset = LB_TRAIN_PRESET_QUICK;
  gboolean known = o->preset == NULL || lb_train_preset_from_string (o->preset, &preset);
  lb_experiment_config_init (config, preset);
  if (!known)
    return g_strdup_printf ("“%s” is not a preset: use poster, quick or tiny.", o->preset);

  *loss_preset = NN_LOSS_PRESET_POSTER;
  if (o->loss_preset != NULL)
    {
      if (strcmp (o->loss_preset, "literature") == 0)
        *loss_preset = NN_LOSS_PRESET_LITERATURE;
      else if (strcmp (o->loss_preset, "poster") != 0)
        return g_strdup_printf ("“%s” is not a loss preset: use poster or literature.",
                                o->loss_preset);
    }
  if (o->out == NULL)
    return g_strdup ("Name the experiment folder with --out DIR.");

  g_strfreev (config->folders);
  config->folders = g_strdupv (o->data);

  /* Every number in its range before anything is made: a value left out is the preset's. */
  gint64 demo = config->demo_count, epochs = config->train.epochs, batch = config->train.net.batch;
  gint64 size = config->train.net.size, width = config->train.net.base_width;
  gint64 threads = config->train.threads, split_seed = config->split_seed;
  char *why = NULL;
  if ((why = lb_cli_parse_int ("demo-count", o->demo_count, 10, 100000, &demo))
      || (why = lb_cli_parse_int ("epochs", o->epochs, 1, 100000, &epochs))
      || (why = lb_cli_parse_int ("batch", o->batch, 1, 4096, &batch))
      || (why = lb_cli_parse_double ("lr", o->learning_rate, 0, TRUE, 1,
                                     &config->train.learning_rate))
      || (why = lb_cli_parse_int ("size", o->size, 16, 16384, &size))
      || (why = lb_cli_parse_int ("width", o->width, 1, 4096, &width))
      || (why = lb_cli_parse_int ("threads", o->threads, 1, NN_MAX_THREADS, &threads))
      || (why = lb_cli_parse_int ("split-seed", o->split_seed, 0, G_MAXINT64, &split_seed)))
    return why;
  config->demo_count = (int) demo;
  config->train.epochs = (int) epochs;
  config->train.net.batch = (int) batch;
  config->train.net.size = (int) size;
  config->train.net.base_width = (int) width;
  config->train.threads = (int) threads;
  config->split_seed = split_seed;
  if ((why = apply_augment (o, &config->train.augment)))
    return why;
  if (o->split_by != NULL && strcmp (o->split_by, "random") != 0
      && strcmp (o->split_by, "source") != 0)
    return g_strdup_printf ("“%s” is not a way to split: use random or source.", o->split_by);
  if (g_strcmp0 (o->split_by, "source") == 0 && o->test_source == NULL)
    return g_strdup ("Name the source to hold out with --test-source NAME (e.g. montgomery).");
  if (g_strcmp0 (o->split_by, "random") == 0 && o->test_source != NULL)
    return g_strdup ("--test-source holds a source out: it needs --split-by source, not random.");
  config->test_source = g_strdup (o->test_source);
  if ((why = check_test_source (config)) || (why = apply_external (o, config)))
    return why;
  if (o->precision != NULL
      && !nn_precision_from_string (o->precision, &config->train.net.precision))
    return g_strdup_printf ("“%s” is not a precision: use fp32 or bf16.", o->precision);
  if (o->size != NULL || o->width != NULL || o->batch != NULL)
    {
      g_free (config->preset);
      config->preset = g_strdup ("custom");
    }
  const char *net_why = nn_unet_config_check (&config->train.net);
  if (net_why != NULL && config->train.net.precision == NN_PRECISION_BF16)
    {
      /* Said alone when it is the one problem: the shape options are not its cause. */
      NnUNetConfig fp32 = config->train.net;
      fp32.precision = NN_PRECISION_FP32;
      if (nn_unet_config_check (&fp32) == NULL)
        return g_strdup_printf ("%s (--precision bf16)", net_why);
    }
  if (net_why != NULL)
    return g_strdup_printf ("%s (--size %d, --width %d, --batch %d)", net_why,
                            config->train.net.size, config->train.net.base_width,
                            config->train.net.batch);
  return lb_cli_apply_metric_options (&o->metrics, &config->metrics);
}

/* Runs EXPERIMENT to the end, with progress; the exit code. */
static int
run_experiment (LbExperiment *experiment)
{
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  g_autoptr (GError) error = NULL;
  lb_cli_progress_attach (experiment, cancellable);
  fprintf (stderr, "Experiment: %s (%u runs)\n", lb_experiment_get_folder (experiment),
           lb_experiment_get_n_runs (experiment));
  if (lb_experiment_get_config (experiment)->train.augment.enabled)
    {
      g_autofree char *augment = lb_augment_options_describe (
        &lb_experiment_get_config (experiment)->train.augment);
      gboolean swept = FALSE;
      for (guint a = 0; a < lb_experiment_get_config (experiment)->sweep.n_axes; a++)
        swept |= lb_experiment_get_config (experiment)->sweep.axes[a].param == LB_SWEEP_AUGMENT;
      fprintf (stderr, "Training batches augmented: %s%s, the same for every loss of a seed.\n",
               augment, swept ? ", times each cell's factor" : "");
    }

  gboolean ok = lb_experiment_run (experiment, cancellable, &error);
  if (!ok && (g_error_matches (error, LB_ERROR, LB_ERROR_CANCELLED)
              || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED)))
    {
      fprintf (stderr, "\nInterrupted. Every completed epoch is saved; continue with:\n"
                       "  lossbench-cli resume %s\n", lb_experiment_get_folder (experiment));
      return LB_EXIT_INTERRUPTED;
    }
  if (!ok)
    {
      fprintf (stderr, "lossbench-cli: %s\n", error->message);
      if (g_error_matches (error, LB_ERROR, LB_ERROR_NO_SPACE)
          || g_error_matches (error, LB_ERROR, LB_ERROR_TOO_LARGE)
          || g_error_matches (error, LB_ERROR, LB_ERROR_PERMISSION))
        fprintf (stderr, "Every completed epoch is saved; once that is fixed, continue with:\n"
                         "  lossbench-cli resume %s\n", lb_experiment_get_folder (experiment));
      return LB_EXIT_ERROR;
    }
  fprintf (stderr, "\n");
  if (!lb_experiment_is_complete (experiment))
    {
      /* The loop trains everything it may: what is left is held by other processes. */
      for (guint i = 0; i < lb_experiment_get_n_runs (experiment); i++)
        {
          LbRunInfo run;
          lb_experiment_get_run (experiment, i, &run);
          if (run.state == LB_RUN_ELSEWHERE)
            printf ("%s is being trained on %s: left to it.\n", run.name, run.holder);
          lb_run_info_clear (&run);
        }
      printf ("Every other run is done. Follow the rest with lossbench-cli status %s, then "
              "lossbench-cli collect %s.\n", lb_experiment_get_folder (experiment),
              lb_experiment_get_folder (experiment));
      return LB_EXIT_OK;
    }
  const LbExperimentConfig *config = lb_experiment_get_config (experiment);
  if (config->sweep.n_axes > 0)
    {
      lb_cli_print_sweep (experiment, config->compare_metric);
      printf ("\nResults: %s (sweep.csv, tuned-summary.csv, tuned-comparisons.csv, "
              "shared-summary.csv, shared-comparisons.csv, summary.csv, history.csv, "
              "per-image.csv)\n", lb_experiment_get_folder (experiment));
    }
  else
    {
      lb_cli_print_summary (experiment, config->compare_metric, NAN);
      printf ("\nResults: %s (summary.csv, comparisons.csv, history.csv, per-image.csv%s)\n",
              lb_experiment_get_folder (experiment),
              config->n_external > 0 ? "; external/NAME/ the same for each external set" : "");
    }

  gboolean any_failed = FALSE;
  for (guint i = 0; i < lb_experiment_get_n_runs (experiment); i++)
    {
      LbRunInfo run;
      lb_experiment_get_run (experiment, i, &run);
      any_failed |= run.state == LB_RUN_FAILED;
      lb_run_info_clear (&run);
    }
  return any_failed ? LB_EXIT_ERROR : LB_EXIT_OK;
}

/* Checks what can be known before the folder is made (the settings, and that one run fits in
 * memory), then creates and runs the experiment; a refusal is a usage error and leaves nothing
 * on disk. */
static int
create_and_run (GOptionContext *context,
                const LbExperimentConfig *config,
                const char *folder,
                const LbSlurmOptions *slurm)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *why = lb_experiment_config_check (config);
  if (why != NULL)
    return lb_cli_usage_error (context, why);
  if (!lb_system_check_memory (lb_train_memory_bytes (&config->train.net, 0), &error))
    return lb_cli_usage_error (context, error->message);
  g_autoptr (LbExperiment) experiment = lb_experiment_new (config, folder, &error);
  if (experiment == NULL)
    {
      fprintf (stderr, "lossbench-cli: %s\n", error->message);
      return LB_EXIT_ERROR;
    }
  return slurm ? lb_cli_submit (experiment, slurm) : run_experiment (experiment);
}

/* compare, or with SWEEP, sweep: the same options, plus the grid. */
static int
compare_or_sweep (int argc, char **argv, gboolean sweep)
{
  CommonOptions o = { 0 };
  LbCliSubmitOptions submit = { 0 };
  LbSlurmOptions slurm = { 0 };
  char *losses = NULL, *metric_name = NULL, *seeds_text = NULL, *first_seed_text = NULL;
  g_auto (GStrv) grids = NULL;
  gint64 seeds = 3, first_seed = 1;
  g_autofree GOptionEntry *common = common_entries (&o);
  g_autofree GOptionEntry *metric_entries = lb_cli_metric_entries (&o.metrics);
  g_autofree GOptionEntry *submit_entries = lb_cli_submit_entries (&submit);
  g_autofree char *metric_names = lb_cli_metric_help ();
  g_autofree char *metric_help = g_strdup_printf ("%s (default iou)", metric_names);
  g_autofree char *loss_names = lb_loss_catalogue_names ();
  g_autofree char *losses_help = g_strdup_printf (
    "Comma-separated losses (%s), or all: the poster's five, the default. A compound loss is "
    "KIND+[W*]PLUS[@linear[:START:END:EPOCHS]|@kervadec[:START:STEP[:CAP]]], e.g. "
    "dice+boundary@kervadec", loss_names);
  g_autofree char *described = lb_loss_catalogue_describe ();
  const GOptionEntry entries[] = {
    { "losses", 'l', 0, G_OPTION_ARG_STRING, &losses, losses_help, "LIST" },
    { "seeds", 's', 0, G_OPTION_ARG_STRING, &seeds_text, "Seeds per loss (default 3)", "N" },
    { "first-seed", 0, 0, G_OPTION_ARG_STRING, &first_seed_text, "The first seed (default 1)",
      "K" },
    { "metric", 'm', 0, G_OPTION_ARG_STRING, &metric_name, metric_help, "NAME" },
    { sweep ? "grid" : NULL, 'g', 0, G_OPTION_ARG_STRING_ARRAY, &grids,
      "A setting and its values: lr=1e-4,3e-4,1e-3 or alpha=0.3:0.7:0.1 (from:to:step), or "
      "augment=0,0.5,1 (times the augmentation's ranges, the standard ones unless --augment "
      "sets them; 0 is none); repeat for a second setting", "NAME=VALUES" },
    { NULL },
  };
  g_autoptr (GOptionContext) context = g_option_context_new (
    sweep ? "— train every loss at every cell of a grid, paired" : "— train every loss, paired");
  if (sweep)
    g_option_context_set_summary (context,
      "Trains every loss at every combination of the grid's values it reads, once per seed,\n"
      "paired as compare is. For each loss the cell best on the validation images is chosen\n"
      "(the test split is never read to choose), and the chosen cells are compared on test;\n"
      "beside them, every loss at the one grid point best on validation for all of them.\n"
      "Files: sweep.csv, tuned-summary.csv, tuned-comparisons.csv, shared-summary.csv,\n"
      "shared-comparisons.csv, and compare's but comparisons.csv (the cells are not compared\n"
      "pair by pair).\n\n"
      "Example: lossbench-cli sweep --data DIR --losses focal,tversky --grid lr=1e-4,3e-4,1e-3\n"
      "           --grid alpha=0.3:0.7:0.2 --seeds 3 --out EXP");
  else
  g_option_context_set_summary (context,
    "Trains the U-Net once per loss and seed. For a given seed every loss starts from the same\n"
    "weights, uses the same split and sees the same batches; the summary says which\n"
    "differences are larger than seed-to-seed noise (a two-level bootstrap over seeds and\n"
    "test images, Holm-adjusted over the pairs). At least 3 seeds are needed for a verdict.\n"
    "Every test image is measured in overlap (IoU, Dice, …) and boundary metrics (HD, HD95,\n"
    "ASSD, NSD, boundary IoU; in mm too with --spacing); --metric picks the one to compare by.\n\n"
    "Example: lossbench-cli compare --data DIR --preset quick --losses all --seeds 3 --out EXP");
  g_option_context_set_description (context, described);
  g_option_context_add_main_entries (context, common, NULL);
  g_option_context_add_main_entries (context, metric_entries, NULL);
  g_option_context_add_main_entries (context, entries, NULL);
  g_option_context_add_main_entries (context, submit_entries, NULL);
  g_autoptr (GError) error = NULL;
  if (!g_option_context_parse (context, &argc, &argv, &error) || argc > 1)
    {
      common_options_clear (&o);
      lb_cli_submit_options_clear (&submit);
      g_free (losses);
      g_free (metric_name);
      g_free (seeds_text);
      g_free (first_seed_text);
      return lb_cli_usage_error (context, error ? error->message
                                         : "This command takes no arguments besides its options.");
    }

  LbExperimentConfig config;
  NnLossPreset loss_preset;
  g_autofree char *why = apply_common (&o, &config, &loss_preset);
  if (why == NULL && losses != NULL && strcmp (losses, "all") != 0)
    {
      g_auto (GStrv) specs = g_strsplit (losses, ",", -1);
      guint n_specs = g_strv_length (specs);
      if (n_specs > LB_EXPERIMENT_MAX_LOSSES)
        why = g_strdup_printf ("Compare at most %d losses at once, not %u.",
                               LB_EXPERIMENT_MAX_LOSSES, n_specs);
      config.n_losses = 0;
      for (char **s = specs; *s && why == NULL; s++)
        why = lb_loss_spec_parse (*s, loss_preset, &config.losses[config.n_losses++]);
    }
  else
    for (guint i = 0; i < config.n_losses; i++)
      nn_loss_config_preset (&config.losses[i], config.losses[i].kind, loss_preset);
  if (why == NULL)
    why = lb_cli_parse_int ("seeds", seeds_text, 1, LB_EXPERIMENT_MAX_SEEDS, &seeds);
  if (why == NULL)
    why = lb_cli_parse_int ("first-seed", first_seed_text, 0, G_MAXINT64 / 2, &first_seed);
  config.n_seeds = (guint) seeds;
  config.first_seed = first_seed;
  if (why == NULL && metric_name != NULL)
    why = lb_cli_parse_metric (metric_name, &config.compare_metric);
  if (why == NULL && lb_metric_get_kind (config.compare_metric) == LB_METRIC_KIND_MM
      && !config.metrics.has_spacing)
    why = g_strdup_printf ("Comparing by %s needs the pixel spacing: give --spacing MM.",
                           lb_metric_to_label (config.compare_metric));
  if (why == NULL && sweep)
    {
      LbSweepAxis axes[LB_SWEEP_MAX_AXES];
      guint n_axes = grids ? g_strv_length (grids) : 0;
      if (n_axes == 0 || n_axes > LB_SWEEP_MAX_AXES)
        why = g_strdup_printf ("Give one or %d settings to sweep, each with --grid "
                               "NAME=VALUES.", LB_SWEEP_MAX_AXES);
      for (guint a = 0; a < n_axes && why == NULL; a++)
        why = lb_sweep_axis_parse (grids[a], &axes[a]);
      if (why == NULL)
        why = lb_sweep_plan_expand (&config, axes, n_axes);
    }

  if (why == NULL && (why = lb_cli_submit_prepare (&submit, o.threads ? config.train.threads : 0,
                                                   &slurm)) == NULL
      && lb_cli_submit_requested (&submit))
    config.train.threads = slurm.cpus_per_task;

  int status = why ? lb_cli_usage_error (context, why)
                   : create_and_run (context, &config, o.out,
                                     lb_cli_submit_requested (&submit) ? &slurm : NULL);
  lb_experiment_config_clear (&config);
  lb_slurm_options_clear (&slurm);
  lb_cli_submit_options_clear (&submit);
  common_options_clear (&o);
  g_free (losses);
  g_free (metric_name);
  g_free (seeds_text);
  g_free (first_seed_text);
  return status;
}

int
lb_cli_compare (int argc, char **argv)
{
  return compare_or_sweep (argc, argv, FALSE);
}

int
lb_cli_sweep (int argc, char **argv)
{
  return compare_or_sweep (argc, argv, TRUE);
}

int
lb_cli_train (int argc, char **argv)
{
  CommonOptions o = { 0 };
  LbCliLossOptions loss_options;
  gint64 seed = 1;
  g_autofree GOptionEntry *common = common_entries (&o);
  g_autofree GOptionEntry *loss_entries = lb_cli_loss_options_init (&loss_options);
  g_autofree GOptionEntry *metric_entries = lb_cli_metric_entries (&o.metrics);
  g_autofree char *described = lb_loss_catalogue_describe ();
  const GOptionEntry entries[] = {
    { "seed", 0, 0, G_OPTION_ARG_INT64, &seed, "Seed of the initial weights and batch order",
      "K" },
    { NULL },
  };
  g_autoptr (GOptionContext) context = g_option_context_new ("— train the U-Net with one loss");
  g_option_context_set_summary (context,
    "Example: lossbench-cli train --preset tiny --loss focal-tversky --alpha 0.3 --beta 0.7 \\\n"
    "           --gamma 1.33 --focal-tversky-power inverse --out RUN\n"
    "A compound loss: --loss dice --plus lovasz-hinge --plus-weight 0.01 --plus-schedule kervadec");
  g_option_context_set_description (context, described);
  g_option_context_add_main_entries (context, common, NULL);
  g_option_context_add_main_entries (context, loss_entries, NULL);
  g_option_context_add_main_entries (context, metric_entries, NULL);
  g_option_context_add_main_entries (context, entries, NULL);
  g_autoptr (GError) error = NULL;
  int status = LB_EXIT_USAGE;
  LbExperimentConfig config = { 0 };
  g_autofree char *why = NULL;
  NnLossPreset loss_preset;

  if (!g_option_context_parse (context, &argc, &argv, &error))
    why = g_strdup (error->message);
  else if (argc > 1)
    why = g_strdup ("train takes no arguments besides its options.");
  else
    why = apply_common (&o, &config, &loss_preset);
  if (why == NULL)
    {
      NnLossConfig *l = &config.losses[0];
      config.n_losses = 1;
      config.n_seeds = 1;
      config.first_seed = seed;
      why = lb_cli_loss_options_apply (&loss_options, loss_preset, l);
      g_autofree char *note = why == NULL ? lb_loss_equivalence_warning (l) : NULL;
      if (note != NULL)
        fprintf (stderr, "Note: %s\n", note);
    }

  if (why != NULL)
    status = lb_cli_usage_error (context, why);
  else
    status = create_and_run (context, &config, o.out, NULL);

  lb_experiment_config_clear (&config);
  common_options_clear (&o);
  lb_cli_loss_options_clear (&loss_options);
  return status;
}

int
lb_cli_resume (int argc, char **argv)
{
  LbCliSubmitOptions submit = { 0 };
  LbSlurmOptions slurm = { 0 };
  g_autofree char *stale_text = NULL;
  g_autofree GOptionEntry *submit_entries = lb_cli_submit_entries (&submit);
  const GOptionEntry entries[] = {
    { "stale-after", 0, 0, G_OPTION_ARG_STRING, &stale_text,
      "Take over a run whose holder has given no sign of life for this long (default 10)",
      "MINUTES" },
    { NULL },
  };
  g_autoptr (GOptionContext) context = g_option_context_new ("EXPERIMENT — continue an experiment");
  g_option_context_set_summary (context,
    "Continues an interrupted train or compare: runs that are done stay, an interrupted run\n"
    "continues from its last completed epoch and ends with the same weights as an\n"
    "uninterrupted one (same machine and thread count). A run another process or a Slurm\n"
    "task is training is left to it. With --submit slurm, the runs not done go to Slurm.");
  g_option_context_add_main_entries (context, entries, NULL);
  g_option_context_add_main_entries (context, submit_entries, NULL);
  g_autoptr (GError) error = NULL;
  int status = LB_EXIT_OK;
  gint64 stale = LB_RUN_CLAIM_STALE_SECONDS / 60;
  g_autofree char *why = NULL;
  g_autoptr (LbExperiment) experiment = NULL;

  if (!g_option_context_parse (context, &argc, &argv, &error))
    why = g_strdup (error->message);
  else if (argc != 2)
    why = g_strdup ("Name the experiment folder to continue.");
  else
    why = lb_cli_parse_int ("stale-after", stale_text, 1, 100000, &stale);
  if (why == NULL && (experiment = lb_experiment_open (argv[1], &error)) == NULL)
    {
      fprintf (stderr, "lossbench-cli: %s\n", error->message);
      status = LB_EXIT_ERROR;
    }
  else if (why == NULL)
    why = lb_cli_submit_prepare (&submit, lb_experiment_get_config (experiment)->train.threads,
                                 &slurm);

  if (why != NULL)
    status = lb_cli_usage_error (context, why);
  else if (experiment != NULL && lb_cli_submit_requested (&submit))
    status = lb_cli_submit (experiment, &slurm);
  else if (experiment != NULL)
    {
      lb_experiment_set_stale_seconds (experiment, stale * 60);
      status = run_experiment (experiment);
    }
  lb_slurm_options_clear (&slurm);
  lb_cli_submit_options_clear (&submit);
  return status;
}
