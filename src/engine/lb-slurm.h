/* lb-slurm.h — talking to a Slurm cluster through its own commands: sbatch, squeue, scancel.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Slurm schedules, places and requeues; Lossbench only writes the job, submits it and asks
 * what became of it. Inside a Flatpak the host's commands are reached through
 * `flatpak-spawn --host` (the manifest grants it); elsewhere they are run from the PATH. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Whether sbatch can be run; FALSE with a sentence for the user ("sbatch is not on the PATH:
 * …") in *WHY. */
gboolean lb_slurm_is_available (char **why);

/* Runs the Slurm command ARGV (argv[0] "sbatch", "squeue", …) to its end; its standard output
 * in *OUT (may be NULL). FALSE with LB_ERROR_FAILED, Slurm's own message in the sentence,
 * when it cannot be run or fails. */
gboolean lb_slurm_run (const char *const *argv, char **out, GError **error);

/* Submits SCRIPT with `sbatch --parsable` (EXTRA_ARGS before it, may be NULL); the job id. */
char *lb_slurm_submit (const char *script, const char *const *extra_args, GError **error);

/* scancel JOB_ID. */
gboolean lb_slurm_cancel (const char *job_id, GError **error);

typedef struct
{
  int task;        /* the array index; −1 for a job that is not an array */
  char *state;     /* "PENDING", "RUNNING", "COMPLETED", "FAILED", … */
  char *reason;    /* why it waits or ended: "Resources", "NonZeroExitCode"; or its node */
  char *node;      /* where it runs or ran; NULL while it waits */
} LbSlurmTask;

/* JOB_ID's tasks as squeue knows them, finished ones included while the controller remembers
 * them (LbSlurmTask). An empty array when the controller has forgotten the job; NULL with an
 * error when squeue cannot be asked. */
GArray *lb_slurm_query_job (const char *job_id, GError **error);
/* The entry of TASK in TASKS, or NULL. */
const LbSlurmTask *lb_slurm_find_task (GArray *tasks, int task);
/* Whether STATE is one in which Slurm may still run the task (pending, running, requeued, …). */
gboolean lb_slurm_state_is_queued (const char *state);
gboolean lb_slurm_state_is_running (const char *state);

/* The Slurm array task this process is, from its environment: FALSE outside Slurm. */
gboolean lb_slurm_get_current_task (char **job_id, int *task);

G_END_DECLS
