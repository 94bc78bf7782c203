/* lb-slurm-job.h — an experiment's runs as a Slurm job array: EXP/slurm/.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *   slurm/job.sbatch        the script: one array task per run not done, each running
 *                           `lossbench-cli run-task EXP --task $SLURM_ARRAY_TASK_ID`
 *   slurm/job.json          the job id, when it was submitted, its tasks and settings
 *   slurm/logs/task-N.out   each task's output, appended to by a requeued task
 * Task N trains run N (lb_experiment_get_run's order), so a task trains exactly what a local
 * compare would: the same weights, split and batches, with the thread count recorded in the
 * experiment's config. The folder must be on a filesystem every node sees. */
#pragma once

#include "lb-experiment.h"

G_BEGIN_DECLS

typedef struct
{
  char *partition;         /* NULL: the cluster's default */
  char *time;              /* a task's time limit, "HH:MM:SS" (any form sbatch takes); NULL: the
                            * partition's */
  int cpus_per_task;       /* and the threads each task trains with */
  char *mem;               /* "8G"; NULL: the partition's */
  char **extra_args;       /* more sbatch options, passed as they are (NULL-terminated) */
} LbSlurmOptions;

void lb_slurm_options_clear (LbSlurmOptions *options);

typedef struct
{
  char *job_id;
  gint64 submitted;        /* Unix seconds */
  GArray *tasks;           /* guint: the run indices submitted */
  LbSlurmOptions options;
} LbSlurmJob;

void lb_slurm_job_free (LbSlurmJob *job);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LbSlurmJob, lb_slurm_job_free)

/* Asks Slurm (sbatch --test-only) whether OPTIONS would be accepted, before anything is made;
 * NULL or a sentence with Slurm's reason. */
char *lb_slurm_options_check (const LbSlurmOptions *options);

/* Why no other node can see PATH, as the end of a sentence ("is in this computer's memory
 * (tmpfs): …", "was opened through the file chooser, …"); NULL when nothing says so. */
const char *lb_slurm_path_unshared_reason (const char *path);

/* Sentences about what must be shared that this machine can see is not: the experiment folder
 * or a data folder on a filesystem only this computer has (tmpfs, the Flatpak's document
 * portal). NULL when none. */
char *lb_slurm_dup_sharing_warning (LbExperiment *experiment);

/* The command that runs lossbench-cli on a node (NULL-terminated): from the Flatpak, `flatpak
 * run --command=lossbench-cli APP`; else $LOSSBENCH_CLI, this very program when it is
 * lossbench-cli, the one beside it (installed, or in the build tree), or the PATH's; by its
 * absolute path, which every node must see. */
char **lb_slurm_dup_cli_command (void);

/* Writes EXPERIMENT's slurm/job.sbatch for its runs not done, submits it and records
 * slurm/job.json. CLI_ARGV is the command that runs lossbench-cli on a node (its absolute path,
 * or `flatpak run --command=lossbench-cli APP`). */
LbSlurmJob *lb_slurm_job_submit (LbExperiment *experiment,
                                 const LbSlurmOptions *options,
                                 const char *const *cli_argv,
                                 GError **error);
/* The experiment in FOLDER's last submitted job; NULL without an error when it never was. */
LbSlurmJob *lb_slurm_job_load (const char *folder, GError **error);

/* FOLDER/slurm/logs/task-N.out */
char *lb_slurm_job_dup_log_path (const char *folder, guint task);
/* The last error sentence task N's log holds ("lossbench-cli: …"), or NULL. */
char *lb_slurm_job_dup_log_error (const char *folder, guint task);

G_END_DECLS
