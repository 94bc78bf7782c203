/* lb-cli-submit.c — `--submit slurm` and its settings, for compare, sweep and resume.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "lb-cli-submit.h"

#include <stdio.h>
#include <string.h>

#include "lb-cli-number.h"
#include "lb-cli.h"
#include "lb-slurm.h"

/* A task's threads when neither --cpus-per-task nor --threads says. */
#define DEFAULT_CPUS_PER_TASK 4

GOptionEntry *
lb_cli_submit_entries (LbCliSubmitOptions *o)
{
  const GOptionEntry entries[] = {
    { "submit", 0, 0, G_OPTION_ARG_STRING, &o->submit,
      "slurm: make the experiment folder, then hand its runs to Slurm as a job array (one "
      "task per run) instead of training here. The folder must be on a filesystem every "
      "node sees", "BACKEND" },
    { "partition", 0, 0, G_OPTION_ARG_STRING, &o->partition,
      "With --submit: the Slurm partition (default: the cluster's)", "P" },
    { "time", 0, 0, G_OPTION_ARG_STRING, &o->time,
      "With --submit: each task's time limit (default: the partition's)", "HH:MM:SS" },
    { "cpus-per-task", 0, 0, G_OPTION_ARG_STRING, &o->cpus_per_task,
      "With --submit: CPUs of each task, and its threads (default: --threads, else 4)", "N" },
    { "mem", 0, 0, G_OPTION_ARG_STRING, &o->mem,
      "With --submit: each task's memory, e.g. 8G (default: the partition's)", "M" },
    { "sbatch-arg", 0, 0, G_OPTION_ARG_STRING_ARRAY, &o->sbatch_args,
      "With --submit: one more option for sbatch, as it is (repeat for more), e.g. "
      "--sbatch-arg=--account=lab", "ARG" },
    { NULL },
  };
  return g_memdup2 (entries, sizeof entries);
}

void
lb_cli_submit_options_clear (LbCliSubmitOptions *o)
{
  g_free (o->submit);
  g_free (o->partition);
  g_free (o->time);
  g_free (o->cpus_per_task);
  g_free (o->mem);
  g_strfreev (o->sbatch_args);
}

gboolean
lb_cli_submit_requested (const LbCliSubmitOptions *o)
{
  return o->submit != NULL;
}

char *
lb_cli_submit_prepare (const LbCliSubmitOptions *o, int threads, LbSlurmOptions *slurm)
{
  memset (slurm, 0, sizeof *slurm);
  if (o->submit == NULL)
    {
      if (o->partition || o->time || o->cpus_per_task || o->mem || o->sbatch_args)
        return g_strdup ("--partition, --time, --cpus-per-task, --mem and --sbatch-arg are "
                         "settings of a Slurm job: add --submit slurm.");
      return NULL;
    }
  if (strcmp (o->submit, "slurm") != 0)
    return g_strdup_printf ("“%s” is not a place to submit to: use --submit slurm (or leave it "
                            "out to train here).", o->submit);
  gint64 cpus = threads > 0 ? threads : DEFAULT_CPUS_PER_TASK;
  char *why = lb_cli_parse_int ("cpus-per-task", o->cpus_per_task, 1, 1024, &cpus);
  if (why != NULL)
    return why;
  if (threads > 0 && o->cpus_per_task != NULL && cpus != threads)
    return g_strdup_printf ("A task trains with as many threads as it has CPUs: give "
                            "--cpus-per-task %" G_GINT64_FORMAT " or --threads %d, not both.",
                            cpus, threads);
  slurm->cpus_per_task = (int) cpus;
  slurm->partition = g_strdup (o->partition);
  slurm->time = g_strdup (o->time);
  slurm->mem = g_strdup (o->mem);
  slurm->extra_args = g_strdupv (o->sbatch_args);
  return lb_slurm_options_check (slurm);
}

int
lb_cli_submit (LbExperiment *experiment, const LbSlurmOptions *slurm)
{
  g_autoptr (GError) error = NULL;
  g_auto (GStrv) command = lb_slurm_dup_cli_command ();
  g_autofree char *warning = lb_slurm_dup_sharing_warning (experiment);
  const char *folder = lb_experiment_get_folder (experiment);

  g_autoptr (LbSlurmJob) job = lb_slurm_job_submit (experiment, slurm,
                                                    (const char *const *) command, &error);
  if (job == NULL)
    {
      fprintf (stderr, "lossbench-cli: %s\nThe experiment folder is kept: submit it again with\n"
                       "  lossbench-cli resume %s --submit slurm\n", error->message, folder);
      return LB_EXIT_ERROR;
    }
  if (warning != NULL)
    fprintf (stderr, "Note: %s\n", warning);
  printf ("Submitted Slurm job %s: %u task%s, one per run, %d CPU%s each.\n", job->job_id,
          job->tasks->len, job->tasks->len == 1 ? "" : "s", slurm->cpus_per_task,
          slurm->cpus_per_task == 1 ? "" : "s");
  printf ("Follow it:   lossbench-cli status %s\n"
          "Results:     lossbench-cli collect %s   (once every run is done)\n"
          "Stop it:     lossbench-cli cancel %s\n", folder, folder, folder);
  return LB_EXIT_OK;
}
