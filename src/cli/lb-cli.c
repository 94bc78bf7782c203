/* lb-cli.c — lossbench-cli: run Lossbench's experiments without a display.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <glib.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>

#include "lb-cli.h"
#include "lb-config.h"
#include "nn-blas.h"

typedef struct
{
  const char *name;
  int (*run) (int argc, char **argv);
  const char *summary;
} LbCliCommand;

static const LbCliCommand commands[] = {
  { "train", lb_cli_train, "Train the U-Net with one loss" },
  { "compare", lb_cli_compare, "Train every loss on the same split from the same weights" },
  { "sweep", lb_cli_sweep, "Train every loss over a grid of settings, each at its best" },
  { "resume", lb_cli_resume, "Continue an interrupted train or compare" },
  { "status", lb_cli_status, "Say where an experiment's runs are: done, training where, waiting" },
  { "collect", lb_cli_collect, "Write the results of an experiment other processes trained" },
  { "cancel", lb_cli_cancel, "Cancel an experiment's Slurm job" },
  { "run-task", lb_cli_run_task, "Train one run of an experiment (what a Slurm task runs)" },
  { "eval", lb_cli_eval, "Measure trained weights on a dataset" },
  { "score", lb_cli_score, "Score masks made by any tool against truth masks" },
  { "export", lb_cli_export, "Write an experiment's results as CSV files" },
  { "plot", lb_cli_plot, "Draw an experiment's figures as PNG, SVG or PDF" },
  { "summarize", lb_cli_summarize, "Rebuild summary and comparisons from per-image results" },
  { "inspect", lb_cli_inspect, "Report how the images and masks of a dataset folder pair up" },
  { "demo-data", lb_cli_demo_data, "Write a synthetic chest X-ray demo set to a folder" },
  { "bench", lb_cli_bench, "Measure training and inference speed of the U-Net" },
};

int
lb_cli_usage_error (GOptionContext *context, const char *message)
{
  fprintf (stderr, "lossbench-cli: %s\n\n", message);
  g_autofree char *help = g_option_context_get_help (context, TRUE, NULL);
  fputs (help, stderr);
  return LB_EXIT_USAGE;
}

static void
print_usage (FILE *out)
{
  fprintf (out, "Usage: lossbench-cli COMMAND [OPTION…]\n\n"
                "Compare loss functions for medical image segmentation.\n\n"
                "Commands:\n");
  for (gsize i = 0; i < G_N_ELEMENTS (commands); i++)
    fprintf (out, "  %-12s %s\n", commands[i].name, commands[i].summary);
  fprintf (out, "\nRun “lossbench-cli COMMAND --help” for the options of a command.\n");
}

int
main (int argc, char **argv)
{
  /* Before anything loads OpenBLAS's threads: restart on the kernels this CPU deserves. */
  nn_blas_reexec_if_needed (argv);

  /* Messages follow the user's language; numbers we write never do (see lb_csv). */
  setlocale (LC_ALL, "");
  g_set_prgname ("lossbench-cli");

  if (argc < 2)
    {
      print_usage (stderr);
      return LB_EXIT_USAGE;
    }
  if (strcmp (argv[1], "--help") == 0 || strcmp (argv[1], "-h") == 0
      || strcmp (argv[1], "help") == 0)
    {
      print_usage (stdout);
      return LB_EXIT_OK;
    }
  if (strcmp (argv[1], "--version") == 0)
    {
      printf ("lossbench-cli %s\n", LB_VERSION);
      return LB_EXIT_OK;
    }

  for (gsize i = 0; i < G_N_ELEMENTS (commands); i++)
    if (strcmp (argv[1], commands[i].name) == 0)
      return commands[i].run (argc - 1, argv + 1);

  fprintf (stderr, "lossbench-cli: “%s” is not a command.\n\n", argv[1]);
  print_usage (stderr);
  return LB_EXIT_USAGE;
}
