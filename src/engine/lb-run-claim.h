/* lb-run-claim.h — one process at a time trains a run: a claim file in the run's folder.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * RUN/claim.json names who holds the run: host, process, Slurm job and array task, when it
 * was claimed and the last heartbeat. It appears whole or not at all (written under a private
 * name, then hard-linked to its own: the link fails when a claim is there, on NFS as on a local
 * disk), and the holder rewrites it every LB_RUN_CLAIM_HEARTBEAT_SECONDS from a thread of its
 * own, so a run whose holder is training but between epochs still looks alive.
 *
 * A claim is stale, and may be taken over, when its process is gone from this host, when its
 * Slurm task no longer runs (or is this very task, started again by a requeue), or when its
 * heartbeat is older than the stale time. Taking over renames the old claim away and checks
 * that what was renamed is the claim that was judged stale, so two takers never both win. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define LB_RUN_CLAIM_HEARTBEAT_SECONDS 30
/* A claim without a heartbeat this long is stale: twenty missed heartbeats. */
#define LB_RUN_CLAIM_STALE_SECONDS (10 * 60)

typedef struct
{
  char *host;
  gint64 pid;
  char *slurm_job;      /* the array's job id, NULL outside Slurm */
  int slurm_task;       /* the array task, −1 outside Slurm */
  gint64 claimed;       /* Unix seconds */
  gint64 heartbeat;     /* Unix seconds */
  char *token;          /* random: tells this claim from any other */
} LbRunClaimInfo;

void lb_run_claim_info_clear (LbRunClaimInfo *info);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (LbRunClaimInfo, lb_run_claim_info_clear)

/* RUN_DIR's claim. FALSE without an error when there is none; with LB_ERROR_CORRUPT when the
 * file does not parse. */
gboolean lb_run_claim_read (const char *run_dir, LbRunClaimInfo *info, GError **error);

/* Whether INFO's holder is gone, as far as this process can tell at NOW (Unix seconds): a
 * sentence saying why, or NULL when it looks alive. With ASK_SLURM, squeue is asked about its
 * task (a subprocess: not for every redraw). */
char *lb_run_claim_dup_stale_reason (const LbRunClaimInfo *info,
                                     gint64 now,
                                     gint64 stale_seconds,
                                     gboolean ask_slurm);

/* Removes what claimants that have ended left in RUN_DIR, a run no one needs to train any more
 * (done or failed): its claim, when stale, and their scratch files. A live claim stays. */
void lb_run_claim_sweep_ended (const char *run_dir, gint64 stale_seconds);

/* "vm (process 4242)", "node07 (Slurm job 81, task 3)". */
char *lb_run_claim_dup_holder (const LbRunClaimInfo *info);

typedef struct _LbRunClaim LbRunClaim;

/* Claims RUN_DIR (created if needed) for this process, taking over a stale claim; its
 * heartbeat thread starts. NULL with LB_ERROR_BUSY when someone else holds it, the message
 * naming them. */
LbRunClaim *lb_run_claim_take (const char *run_dir, gint64 stale_seconds, GError **error);
/* Whether the claim was taken from this process while it held it (its holder looked stale to
 * someone): the run's files are then someone else's to write. */
gboolean lb_run_claim_is_lost (LbRunClaim *claim);
/* Called once, from the heartbeat thread, when the claim is found lost; it must not call
 * back into the claim. */
void lb_run_claim_set_lost_func (LbRunClaim *claim, GFunc func, gpointer data);
/* Stops the heartbeat and removes the claim file if it is still this process's. */
void lb_run_claim_release (LbRunClaim *claim);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LbRunClaim, lb_run_claim_release)

G_END_DECLS
