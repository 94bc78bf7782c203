/* lb-cli-submit.h — `--submit slurm` and its settings, for compare, sweep and resume.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "lb-experiment.h"
#include "lb-slurm-job.h"

typedef struct
{
  char *submit;            /* "slurm", or NULL: train here */
  char *partition;
  char *time;
  char *cpus_per_task;
  char *mem;
  char **sbatch_args;
} LbCliSubmitOptions;

/* The entries, pointing into O (free the array with g_free). */
GOptionEntry *lb_cli_submit_entries (LbCliSubmitOptions *o);
void lb_cli_submit_options_clear (LbCliSubmitOptions *o);
/* Whether the command submits rather than trains. */
gboolean lb_cli_submit_requested (const LbCliSubmitOptions *o);

/* Checks the options and asks Slurm whether it would take them, before anything is made;
 * THREADS is the thread count the command was given (0: none given), and becomes the tasks'
 * CPU count. Fills SLURM. NULL or a usage sentence. */
char *lb_cli_submit_prepare (const LbCliSubmitOptions *o, int threads, LbSlurmOptions *slurm);

/* Submits EXPERIMENT's runs not done as a job array and says how to follow it; the exit code. */
int lb_cli_submit (LbExperiment *experiment, const LbSlurmOptions *slurm);
