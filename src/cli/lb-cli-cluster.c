/* lb-cli-cluster.c — `lossbench-cli run-task`, `status`, `collect` and `cancel`: an
 * experiment whose runs other processes train, on this computer or a Slurm cluster.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <gio/gio.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "lb-cli-number.h"
#include "lb-cli-progress.h"
#include "lb-cli.h"
#include "lb-error.h"
#include "lb-experiment.h"
#include "lb-run-claim.h"
#include "lb-slurm-job.h"
#include "lb-slurm.h"

/* Parses a command taking EXPERIMENT and ENTRIES; opens it into *EXPERIMENT. The exit code
 * when it cannot, −1 when it did. */
static int
open_experiment (GOptionContext *context, int argc, char **argv, LbExperiment **experiment)
{
  g_autoptr (GError) error = NULL;
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return lb_cli_usage_error (context, error->message);
  if (argc != 2)
    return lb_cli_usage_error (context, "Name the experiment folder.");
  *experiment = lb_experiment_open (argv[1], &error);
  if (*experiment == NULL)
    {
      fprintf (stderr, "lossbench-cli: %s\n", error->message);
      return LB_EXIT_ERROR;
    }
  return -1;
}

int
lb_cli_run_task (int argc, char **argv)
{
  g_autofree char *task_text = NULL, *stale_text = NULL;
  const GOptionEntry entries[] = {
    { "task", 0, 0, G_OPTION_ARG_STRING, &task_text, "The run to train (from 0, status's order)",
      "N" },
    { "stale-after", 0, 0, G_OPTION_ARG_STRING, &stale_text,
      "Take the run over when its holder has given no sign of life for this long (default 10)",
      "MINUTES" },
    { NULL },
  };
  g_autoptr (GOptionContext) context = g_option_context_new ("EXPERIMENT — train one run of it");
  g_option_context_set_summary (context,
    "What a Slurm array task runs: trains run N of the experiment exactly as compare would\n"
    "(same initial weights, split and batches), claimed so that no other process trains it\n"
    "at the same time; an interrupted run resumes from its last completed epoch.");
  g_option_context_add_main_entries (context, entries, NULL);
  g_autoptr (LbExperiment) experiment = NULL;
  int status = open_experiment (context, argc, argv, &experiment);
  if (status >= 0)
    return status;

  gint64 task = -1, stale = LB_RUN_CLAIM_STALE_SECONDS / 60;
  g_autofree char *why = task_text == NULL ? g_strdup ("Name the run to train with --task N.")
                                           : NULL;
  guint n_runs = lb_experiment_get_n_runs (experiment);
  if (why == NULL)
    why = lb_cli_parse_int ("task", task_text, 0, (gint64) n_runs - 1, &task);
  if (why == NULL)
    why = lb_cli_parse_int ("stale-after", stale_text, 1, 100000, &stale);
  if (why != NULL)
    return lb_cli_usage_error (context, why);
  lb_experiment_set_stale_seconds (experiment, stale * 60);

  LbRunInfo run;
  lb_experiment_get_run (experiment, (guint) task, &run);
  fprintf (stderr, "Experiment: %s, run %s (%" G_GINT64_FORMAT " of %u) on %s\n",
           lb_experiment_get_folder (experiment), run.name, task + 1, n_runs,
           g_get_host_name ());
  lb_run_info_clear (&run);

  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  g_autoptr (GError) error = NULL;
  lb_cli_progress_attach (experiment, cancellable);
  gboolean ok = lb_experiment_run_one (experiment, (guint) task, cancellable, &error);
  if (!ok && g_error_matches (error, LB_ERROR, LB_ERROR_BUSY))
    {
      fprintf (stderr, "%s\n", error->message);
      return LB_EXIT_OK;
    }
  if (!ok && (g_error_matches (error, LB_ERROR, LB_ERROR_CANCELLED)
              || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED)))
    {
      fprintf (stderr, "Interrupted: the run resumes from its last completed epoch.\n");
      return LB_EXIT_INTERRUPTED;
    }
  if (!ok)
    {
      fprintf (stderr, "lossbench-cli: %s\n", error->message);
      return LB_EXIT_ERROR;
    }

  lb_experiment_get_run (experiment, (guint) task, &run);
  gboolean failed = run.state == LB_RUN_FAILED;
  lb_run_info_clear (&run);
  /* The last task to finish leaves the folder as a local compare would. */
  lb_experiment_reload_runs (experiment);
  if (lb_experiment_is_complete (experiment)
      && !lb_experiment_export_folder (experiment, &error))
    fprintf (stderr, "lossbench-cli: %s\n", error->message);
  return failed ? LB_EXIT_ERROR : LB_EXIT_OK;
}

/* ---- status ---- */

typedef struct
{
  guint done, training, waiting, failed;
} Counts;

/* One line on run I: what its files, its claim and Slurm say. */
static void
describe_run (LbExperiment *experiment, guint i, const LbSlurmJob *job, GArray *tasks,
              const char *squeue_error, gint64 now, Counts *counts)
{
  const char *folder = lb_experiment_get_folder (experiment);
  const LbExperimentConfig *c = lb_experiment_get_config (experiment);
  LbRunInfo run;
  lb_experiment_get_run (experiment, i, &run);
  gboolean submitted = FALSE;
  for (guint t = 0; job && t < job->tasks->len; t++)
    submitted |= g_array_index (job->tasks, guint, t) == i;
  const LbSlurmTask *task = submitted ? lb_slurm_find_task (tasks, (int) i) : NULL;
  g_autofree char *progress = run.epochs_done > 0
                                ? g_strdup_printf (", epoch %d of %d", run.epochs_done,
                                                   c->train.epochs)
                                : g_strdup ("");

  printf ("  %-4u %-28s ", i, run.name);
  switch (run.state)
    {
    case LB_RUN_DONE:
      counts->done++;
      printf ("done: test IoU %.4f (best epoch %d)\n", run.test_mean.value[NN_METRIC_IOU],
              run.best_epoch);
      break;
    case LB_RUN_FAILED:
      counts->failed++;
      printf ("failed: %s\n", run.message ? g_strstrip (run.message) : "no reason recorded");
      break;
    case LB_RUN_ELSEWHERE:
      counts->training++;
      printf ("training on %s%s, heard from %" G_GINT64_FORMAT " s ago\n", run.holder, progress,
              MAX (0, now - run.heartbeat));
      break;
    case LB_RUN_RUNNING:
    case LB_RUN_PENDING:
    case LB_RUN_INTERRUPTED:
      {
        const char *resumes = run.state == LB_RUN_INTERRUPTED ? "; resumes from its checkpoint"
                                                              : "";
        if (!submitted)
          {
            counts->waiting++;
            printf ("%s%s: not submitted (lossbench-cli resume trains it)\n",
                    run.state == LB_RUN_INTERRUPTED ? "interrupted" : "waiting", progress);
          }
        else if (squeue_error != NULL)
          {
            counts->waiting++;
            printf ("not running here, and Slurm could not be asked%s\n", progress);
          }
        else if (task != NULL && lb_slurm_state_is_running (task->state))
          {
            counts->training++;
            printf ("starting on %s%s\n", task->node ? task->node : "a node", progress);
          }
        else if (task != NULL && strcmp (task->state, "CANCELLED") == 0)
          {
            counts->waiting++;
            printf ("cancelled%s: lossbench-cli resume %s [--submit slurm] continues it\n",
                    progress, folder);
          }
        else if (task != NULL && lb_slurm_state_is_queued (task->state))
          {
            counts->waiting++;
            printf ("waiting in Slurm's queue%s%s%s%s%s\n", task->reason ? " (" : "",
                    task->reason ? task->reason : "", task->reason ? ")" : "", progress,
                    resumes);
          }
        else
          {
            g_autofree char *reason = lb_slurm_job_dup_log_error (folder, i);
            g_autofree char *log = lb_slurm_job_dup_log_path (folder, i);
            counts->failed++;
            if (reason == NULL && task != NULL)
              reason = g_strdup_printf ("Slurm says %s%s%s%s", task->state,
                                        task->reason ? " (" : "",
                                        task->reason ? task->reason : "",
                                        task->reason ? ")" : "");
            printf ("failed: %s%s (its log: %s). Resubmit with lossbench-cli resume %s "
                    "--submit slurm.\n", reason ? reason : "the task ended without training it",
                    progress, log, folder);
          }
      }
      break;
    }
  lb_run_info_clear (&run);
}

int
lb_cli_status (int argc, char **argv)
{
  g_autoptr (GOptionContext) context = g_option_context_new ("EXPERIMENT — where its runs are");
  g_option_context_set_summary (context,
    "Says of every run of the experiment whether it is done, training (where, at which epoch),\n"
    "waiting or failed (with the reason from its Slurm task's log). Reads the run folders and,\n"
    "for a submitted experiment, asks squeue.");
  g_autoptr (LbExperiment) experiment = NULL;
  int status = open_experiment (context, argc, argv, &experiment);
  if (status >= 0)
    return status;

  const char *folder = lb_experiment_get_folder (experiment);
  g_autoptr (GError) error = NULL;
  g_autoptr (LbSlurmJob) job = lb_slurm_job_load (folder, &error);
  g_autoptr (GArray) tasks = NULL;
  g_autoptr (GError) squeue_error = NULL;
  if (error != NULL)
    fprintf (stderr, "lossbench-cli: %s\n", error->message);
  if (job != NULL)
    {
      g_autoptr (GDateTime) when = g_date_time_new_from_unix_local (job->submitted);
      g_autofree char *text = when ? g_date_time_format (when, "%Y-%m-%d %H:%M") : g_strdup ("?");
      tasks = lb_slurm_query_job (job->job_id, &squeue_error);
      printf ("Slurm job %s, submitted %s: %u task%s.\n", job->job_id, text, job->tasks->len,
              job->tasks->len == 1 ? "" : "s");
      if (squeue_error != NULL)
        printf ("Slurm could not be asked about it: %s\n", squeue_error->message);
    }

  Counts counts = { 0 };
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  guint n = lb_experiment_get_n_runs (experiment);
  printf ("  run  %-28s state\n", "name");
  for (guint i = 0; i < n; i++)
    describe_run (experiment, i, job, tasks, squeue_error ? squeue_error->message : NULL, now,
                  &counts);
  printf ("%u of %u runs done, %u training, %u waiting, %u failed.\n", counts.done, n,
          counts.training, counts.waiting, counts.failed);
  if (lb_experiment_is_complete (experiment))
    printf ("Every run has ended: lossbench-cli collect %s writes the results.\n", folder);
  return LB_EXIT_OK;
}

/* ---- collect and cancel ---- */

int
lb_cli_collect (int argc, char **argv)
{
  g_autoptr (GOptionContext) context = g_option_context_new ("EXPERIMENT — gather its results");
  g_option_context_set_summary (context,
    "Once every run is done, writes the summary, comparisons and CSV files as a local compare\n"
    "does, and prints the summary. Before that, prints the runs done so far, with a warning.");
  g_autoptr (LbExperiment) experiment = NULL;
  int status = open_experiment (context, argc, argv, &experiment);
  if (status >= 0)
    return status;

  const char *folder = lb_experiment_get_folder (experiment);
  const LbExperimentConfig *config = lb_experiment_get_config (experiment);
  guint n = lb_experiment_get_n_runs (experiment), done = lb_experiment_count_done (experiment);
  g_autoptr (GError) error = NULL;
  if (done == 0)
    {
      fprintf (stderr, "lossbench-cli: No run of %s is done yet: there is nothing to collect. "
                       "lossbench-cli status %s says where they are.\n", folder, folder);
      return LB_EXIT_ERROR;
    }
  gboolean complete = lb_experiment_is_complete (experiment);
  if (!complete)
    fprintf (stderr, "Warning: only %u of %u runs are done, so this summary is partial and no "
                     "file is written. Collect again when lossbench-cli status says every run "
                     "has ended.\n\n", done, n);
  else if (!lb_experiment_export_folder (experiment, &error))
    {
      fprintf (stderr, "lossbench-cli: %s\n", error->message);
      return LB_EXIT_ERROR;
    }
  if (config->sweep.n_axes > 0)
    lb_cli_print_sweep (experiment, config->compare_metric);
  else
    lb_cli_print_summary (experiment, config->compare_metric, NAN);
  if (complete)
    printf ("\nResults: %s (summary.csv, comparisons.csv, history.csv, per-image.csv)\n", folder);
  return LB_EXIT_OK;
}

int
lb_cli_cancel (int argc, char **argv)
{
  g_autoptr (GOptionContext) context = g_option_context_new ("EXPERIMENT — cancel its Slurm job");
  g_option_context_set_summary (context,
    "Cancels the experiment's Slurm job (scancel). Runs that are done stay; a run that was\n"
    "training resumes from its last completed epoch when resumed or submitted again.");
  g_autoptr (LbExperiment) experiment = NULL;
  int status = open_experiment (context, argc, argv, &experiment);
  if (status >= 0)
    return status;

  const char *folder = lb_experiment_get_folder (experiment);
  g_autoptr (GError) error = NULL;
  g_autoptr (LbSlurmJob) job = lb_slurm_job_load (folder, &error);
  if (job == NULL)
    {
      fprintf (stderr, "lossbench-cli: %s\n",
               error ? error->message : "This experiment was never submitted to Slurm: there "
                                        "is no job to cancel. Stop a local run with Ctrl+C.");
      return LB_EXIT_ERROR;
    }
  if (!lb_slurm_cancel (job->job_id, &error))
    {
      fprintf (stderr, "lossbench-cli: %s\n", error->message);
      return LB_EXIT_ERROR;
    }
  printf ("Cancelled Slurm job %s. %u of %u runs are done; continue the others with\n"
          "  lossbench-cli resume %s [--submit slurm]\n", job->job_id,
          lb_experiment_count_done (experiment), lb_experiment_get_n_runs (experiment), folder);
  return LB_EXIT_OK;
}
