/* test-slurm.c — experiments handed to a real Slurm cluster (with-cluster.sh starts one):
 * a job array trains what a local compare trains, to the bit; a killed task is requeued and
 * resumes; claims keep two trainers off one run; a failed task's reason reaches status.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <glib/gstdio.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli-run.h"
#include "lb-run-claim.h"
#include "lb-slurm-job.h"
#include "lb-slurm.h"
#include "lb-test-util.h"

/* Nothing here waits on a clock except to give up on a hang. */
#define HANG_SECONDS 300

static gboolean
need_cluster (void)
{
  const char *why = g_getenv ("LB_SLURM_SKIP");
  if (why == NULL)
    return TRUE;
  g_test_skip (why);
  return FALSE;
}

static char *
file_sha256 (const char *path)
{
  g_autofree char *data = NULL;
  gsize length = 0;
  g_assert_true (g_file_get_contents (path, &data, &length, NULL));
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) data, length);
}

static void
assert_same_file (const char *a_dir, const char *b_dir, const char *name)
{
  g_autofree char *a = g_build_filename (a_dir, name, NULL);
  g_autofree char *b = g_build_filename (b_dir, name, NULL);
  g_autofree char *sa = file_sha256 (a);
  g_autofree char *sb = file_sha256 (b);
  if (strcmp (sa, sb) != 0)
    g_error ("%s differs between %s and %s", name, a_dir, b_dir);
}

static char *
run_path (const char *exp, const char *run, const char *file)
{
  return g_build_filename (exp, "runs", run, file, NULL);
}

static gboolean
exists (const char *path)
{
  return g_file_test (path, G_FILE_TEST_EXISTS);
}

static char *
job_id_of (const Run *r)
{
  const char *at = strstr (r->out, "Submitted Slurm job ");
  g_assert_nonnull (at);
  return g_strndup (at + strlen ("Submitted Slurm job "),
                    strspn (at + strlen ("Submitted Slurm job "), "0123456789"));
}

/* `status` until its output holds NEEDLE; the last output. */
static char *
wait_for_status (const char *exp, const char *needle)
{
  gint64 give_up = g_get_monotonic_time () + HANG_SECONDS * G_USEC_PER_SEC;
  for (;;)
    {
      g_auto (Run) r = { 0 };
      run_cli (&r, "status", exp, NULL);
      g_assert_cmpint (r.status, ==, 0);
      if (strstr (r.out, needle) != NULL)
        return g_steal_pointer (&r.out);
      if (g_get_monotonic_time () > give_up)
        g_error ("status never said “%s”:\n%s", needle, r.out);
      g_usleep (200 * 1000);
    }
}

/* Until Slurm no longer runs or queues task TASK of JOB. */
static void
wait_task_ended (const char *job, int task)
{
  gint64 give_up = g_get_monotonic_time () + HANG_SECONDS * G_USEC_PER_SEC;
  for (;;)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (GArray) tasks = lb_slurm_query_job (job, &error);
      g_assert_no_error (error);
      const LbSlurmTask *t = lb_slurm_find_task (tasks, task);
      if (t == NULL || !lb_slurm_state_is_queued (t->state))
        return;
      if (g_get_monotonic_time () > give_up)
        g_error ("Slurm task %s_%d never ended (%s)", job, task, t->state);
      g_usleep (100 * 1000);
    }
}

static void
scontrol (const char *verb, const char *what)
{
  const char *argv[] = { "scontrol", verb, what, NULL };
  g_autoptr (GError) error = NULL;
  g_assert_true (lb_slurm_run (argv, NULL, &error));
  g_assert_no_error (error);
}

/* ---- refusals: nothing is made ---- */

static void
test_refusals (void)
{
  g_autofree char *root = lb_test_make_tmp_dir ();
  g_autofree char *exp = g_build_filename (root, "exp", NULL);
  const char *base[] = { "compare", "--preset", "tiny", "--demo-count", "24", "--losses",
                         "dice-bce", "--seeds", "1", "--out", exp, "--submit" };
  struct
  {
    const char *extra[3];
    const char *says;
    gboolean needs_slurm;
  } cases[] = {
    { { "pbs" }, "not a place to submit to", FALSE },
    { { "slurm", "--threads=1", "--cpus-per-task=2" }, "not both", FALSE },
    { { "slurm", "--cpus-per-task=0" }, "cpus-per-task", FALSE },
    { { "slurm", "--partition=nosuch" }, "Slurm would not take these settings", TRUE },
    { { "slurm", "--time=soon" }, "Slurm would not take these settings", TRUE },
  };
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      if (cases[i].needs_slurm && g_getenv ("LB_SLURM_SKIP"))
        continue;
      g_autoptr (GPtrArray) args = g_ptr_array_new ();
      for (guint a = 0; a < G_N_ELEMENTS (base); a++)
        g_ptr_array_add (args, (gpointer) base[a]);
      for (guint a = 0; a < 3 && cases[i].extra[a]; a++)
        g_ptr_array_add (args, (gpointer) cases[i].extra[a]);
      g_ptr_array_add (args, NULL);
      g_auto (Run) r = { 0 };
      run_cli_argv (&r, (const char *const *) args->pdata);
      g_assert_cmpint (r.status, ==, 2);
      if (strstr (r.err, cases[i].says) == NULL)
        g_error ("case %u: “%s” not in:\n%s", i, cases[i].says, r.err);
      g_assert_false (exists (exp));
    }
  /* Partition settings without --submit say what they belong to. */
  g_auto (Run) r = { 0 };
  run_cli (&r, "compare", "--preset", "tiny", "--out", exp, "--partition", "main", NULL);
  g_assert_cmpint (r.status, ==, 2);
  g_assert_nonnull (strstr (r.err, "add --submit slurm"));

  /* Without sbatch on the PATH, the sentence says where to run it. */
  const char *old_path = g_getenv ("PATH");
  g_autofree char *saved = g_strdup (old_path);
  g_setenv ("PATH", "/nonexistent", TRUE);
  g_auto (Run) no_sbatch = { 0 };
  run_cli (&no_sbatch, "compare", "--preset", "tiny", "--out", exp, "--submit", "slurm", NULL);
  g_setenv ("PATH", saved, TRUE);
  g_assert_cmpint (no_sbatch.status, ==, 2);
  g_assert_nonnull (strstr (no_sbatch.err, "sbatch is not on the PATH"));
  g_assert_false (exists (exp));
  lb_test_remove_tree (root);
}

/* ---- a four-task array, bit-identical to a local compare ---- */

static const char *const runs4[] = { "dice-bce-s1", "jaccard-s1", "dice-bce-s2", "jaccard-s2" };

static void
test_array_matches_local (void)
{
  if (!need_cluster ())
    return;
  g_autofree char *root = lb_test_make_tmp_dir ();
  g_autofree char *cluster = g_build_filename (root, "cluster", NULL);
  g_autofree char *local = g_build_filename (root, "local", NULL);
  const char *common[] = { "compare", "--preset", "tiny", "--demo-count", "24", "--losses",
                           "dice-bce,jaccard", "--seeds", "2", NULL };

  g_auto (Run) submit = { 0 };
  run_cli (&submit, common[0], common[1], common[2], common[3], common[4], common[5], common[6],
           common[7], common[8], "--submit", "slurm", "--cpus-per-task", "1", "--time",
           "00:10:00", "--out", cluster, NULL);
  g_assert_cmpint (submit.status, ==, 0);
  g_assert_nonnull (strstr (submit.out, "4 tasks, one per run, 1 CPU each"));
  g_autofree char *script = g_build_filename (cluster, "slurm", "job.sbatch", NULL);
  g_autofree char *text = NULL;
  g_assert_true (g_file_get_contents (script, &text, NULL, NULL));
  g_assert_nonnull (strstr (text, "#SBATCH --array=0,1,2,3"));
  g_assert_nonnull (strstr (text, "#SBATCH --time=00:10:00"));
  g_assert_nonnull (strstr (text, "run-task"));

  g_autofree char *last = wait_for_status (cluster, "4 of 4 runs done");
  g_assert_nonnull (strstr (last, "Every run has ended"));

  g_auto (Run) local_run = { 0 };
  run_cli (&local_run, common[0], common[1], common[2], common[3], common[4], common[5],
           common[6], common[7], common[8], "--threads", "1", "--out", local, NULL);
  g_assert_cmpint (local_run.status, ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (runs4); i++)
    {
      g_autofree char *name = g_build_filename ("runs", runs4[i], "weights.safetensors", NULL);
      assert_same_file (cluster, local, name);
    }

  g_auto (Run) collect = { 0 };
  run_cli (&collect, "collect", cluster, NULL);
  g_assert_cmpint (collect.status, ==, 0);
  g_assert_nonnull (strstr (collect.out, "Results:"));
  assert_same_file (cluster, local, "summary.csv");
  assert_same_file (cluster, local, "comparisons.csv");
  assert_same_file (cluster, local, "per-image.csv");

  /* Each task's log says what it trained, and where. */
  g_autofree char *log = g_build_filename (cluster, "slurm", "logs", "task-3.out", NULL);
  g_autofree char *log_text = NULL;
  g_assert_true (g_file_get_contents (log, &log_text, NULL, NULL));
  g_assert_nonnull (strstr (log_text, "run jaccard-s2 (4 of 4)"));
  /* Nothing is left claimed. */
  for (guint i = 0; i < G_N_ELEMENTS (runs4); i++)
    {
      g_autofree char *claim = run_path (cluster, runs4[i], "claim.json");
      g_assert_false (exists (claim));
    }
  lb_test_remove_tree (root);
}

/* ---- kill -9 in the middle of a run, requeue, resume ---- */

static void
test_killed_task_resumes (void)
{
  if (!need_cluster ())
    return;
  g_autofree char *root = lb_test_make_tmp_dir ();
  g_autofree char *cluster = g_build_filename (root, "cluster", NULL);
  g_autofree char *local = g_build_filename (root, "local", NULL);
  /* Long enough (some seconds) that the kill lands between its first and last epochs. */
  g_auto (Run) submit = { 0 };
  run_cli (&submit, "compare", "--preset", "tiny", "--demo-count", "40", "--epochs", "40",
           "--losses", "focal", "--seeds", "1", "--submit", "slurm", "--cpus-per-task", "1",
           "--out", cluster, NULL);
  g_assert_cmpint (submit.status, ==, 0);
  g_autofree char *job = job_id_of (&submit);
  g_autofree char *claim_dir = g_build_filename (cluster, "runs", "focal-s1", NULL);
  g_autofree char *checkpoint = run_path (cluster, "focal-s1", "checkpoint.safetensors");
  g_autofree char *done = run_path (cluster, "focal-s1", "per-image.csv");

  /* The task is stopped once a checkpoint exists and before the run is done, then killed. */
  gint64 give_up = g_get_monotonic_time () + HANG_SECONDS * G_USEC_PER_SEC;
  gint64 pid = 0;
  for (;;)
    {
      LbRunClaimInfo claim = { 0 };
      if (exists (checkpoint) && lb_run_claim_read (claim_dir, &claim, NULL))
        {
          pid = claim.pid;
          lb_run_claim_info_clear (&claim);
          g_assert_cmpint (kill ((pid_t) pid, SIGSTOP), ==, 0);
          if (!exists (done))
            break;
          g_error ("the run ended before it could be killed: make it longer");
        }
      g_assert_cmpint (g_get_monotonic_time (), <, give_up);
      g_usleep (10 * 1000);
    }
  g_assert_cmpint (kill ((pid_t) pid, SIGKILL), ==, 0);
  wait_task_ended (job, 0);

  g_autofree char *status = wait_for_status (cluster, "failed: Slurm says FAILED");
  g_assert_nonnull (strstr (status, "resume"));
  /* Requeued, the same task finds its earlier attempt's claim and takes it over. */
  g_autofree char *task = g_strdup_printf ("%s_0", job);
  scontrol ("requeue", task);
  /* Slurm holds a requeued task back two minutes; this test need not wait for that. */
  {
    g_autofree char *job_arg = g_strdup_printf ("JobId=%s", task);
    const char *argv[] = { "scontrol", "update", job_arg, "StartTime=now", NULL };
    g_assert_true (lb_slurm_run (argv, NULL, NULL));
  }
  g_free (wait_for_status (cluster, "1 of 1 runs done"));

  g_auto (Run) local_run = { 0 };
  run_cli (&local_run, "compare", "--preset", "tiny", "--demo-count", "40", "--epochs", "40",
           "--losses", "focal", "--seeds", "1", "--threads", "1", "--out", local, NULL);
  g_assert_cmpint (local_run.status, ==, 0);
  assert_same_file (cluster, local, "runs/focal-s1/weights.safetensors");
  assert_same_file (cluster, local, "runs/focal-s1/per-image.csv");
  g_autofree char *log = g_build_filename (cluster, "slurm", "logs", "task-0.out", NULL);
  g_autofree char *log_text = NULL;
  g_assert_true (g_file_get_contents (log, &log_text, NULL, NULL));
  g_assert_nonnull (strstr (log_text, "Taking over the run"));
  lb_test_remove_tree (root);
}

/* ---- claims: a live one is respected by resume, a stale one taken over ---- */

static void
test_claims_and_resume (void)
{
  g_autofree char *root = lb_test_make_tmp_dir ();
  g_autofree char *exp = g_build_filename (root, "exp", NULL);
  g_auto (Run) first = { 0 };
  run_cli (&first, "compare", "--preset", "tiny", "--demo-count", "24", "--losses",
           "dice-bce,jaccard", "--seeds", "1", "--threads", "1", "--out", exp, NULL);
  g_assert_cmpint (first.status, ==, 0);
  g_autofree char *weights = run_path (exp, "jaccard-s1", "weights.safetensors");
  g_autofree char *reference = file_sha256 (weights);

  /* Run 2 as if never trained, held by a live process of this host. */
  g_autofree char *run_dir = g_build_filename (exp, "runs", "jaccard-s1", NULL);
  g_autofree char *summary = g_build_filename (exp, "summary.csv", NULL);
  lb_test_remove_tree (run_dir);
  g_assert_cmpint (g_mkdir_with_parents (run_dir, 0755), ==, 0);
  g_remove (summary);
  const char *sleeper_argv[] = { "sleep", "600", NULL };
  g_autoptr (GSubprocess) sleeper = g_subprocess_newv (sleeper_argv, G_SUBPROCESS_FLAGS_NONE,
                                                       NULL);
  g_assert_nonnull (sleeper);
  gint64 sleeper_pid = atoll (g_subprocess_get_identifier (sleeper));
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  lb_test_write_claim (run_dir, g_get_host_name (), sleeper_pid, now, "t");

  g_auto (Run) held = { 0 };
  run_cli (&held, "resume", exp, NULL);
  g_assert_cmpint (held.status, ==, 0);
  g_assert_nonnull (strstr (held.out, "jaccard-s1 is being trained on"));
  g_assert_nonnull (strstr (held.out, "left to it"));
  g_autofree char *history = run_path (exp, "jaccard-s1", "history.csv");
  g_assert_false (exists (history));
  g_assert_false (exists (summary));
  g_auto (Run) status = { 0 };
  run_cli (&status, "status", exp, NULL);
  g_autofree char *process = g_strdup_printf ("training on %s (process %" G_GINT64_FORMAT ")",
                                              g_get_host_name (), sleeper_pid);
  g_assert_nonnull (strstr (status.out, process));
  g_assert_nonnull (strstr (status.out, "1 of 2 runs done, 1 training"));
  /* Partial: collect says so, prints what is done and writes nothing. */
  g_auto (Run) partial = { 0 };
  run_cli (&partial, "collect", exp, NULL);
  g_assert_cmpint (partial.status, ==, 0);
  g_assert_nonnull (strstr (partial.err, "only 1 of 2 runs are done"));
  g_assert_false (exists (summary));

  /* Another node, silent for two minutes: still alive by the default stale time, taken over
   * with --stale-after 1. */
  g_subprocess_force_exit (sleeper);
  g_subprocess_wait (sleeper, NULL, NULL);
  lb_test_write_claim (run_dir, "node-elsewhere", 1, now - 120, "t");
  g_auto (Run) still = { 0 };
  run_cli (&still, "resume", exp, NULL);
  g_assert_nonnull (strstr (still.out, "node-elsewhere"));
  g_assert_false (exists (history));
  g_auto (Run) taken = { 0 };
  run_cli (&taken, "resume", exp, "--stale-after", "1", NULL);
  g_assert_cmpint (taken.status, ==, 0);
  g_assert_nonnull (strstr (taken.err, "Taking over"));
  g_assert_true (exists (summary));
  g_autofree char *trained = file_sha256 (weights);
  g_assert_cmpstr (trained, ==, reference);
  g_autofree char *claim = run_path (exp, "jaccard-s1", "claim.json");
  g_assert_false (exists (claim));
  lb_test_remove_tree (root);
}

/* ---- a task that fails says why; a cancelled job leaves resumable runs ---- */

static void
test_failed_task_reason (void)
{
  if (!need_cluster ())
    return;
  g_autofree char *root = lb_test_make_tmp_dir ();
  g_autofree char *data = g_build_filename (root, "data", NULL);
  g_autofree char *moved = g_build_filename (root, "data-moved", NULL);
  g_autofree char *exp = g_build_filename (root, "exp", NULL);
  g_auto (Run) demo = { 0 };
  run_cli (&demo, "demo-data", "--count", "20", "--size", "64", "--out", data, NULL);
  g_assert_cmpint (demo.status, ==, 0);

  /* Held in the queue while the data go away under it. */
  g_auto (Run) submit = { 0 };
  run_cli (&submit, "compare", "--preset", "tiny", "--data", data, "--losses", "dice-bce",
           "--seeds", "1", "--submit", "slurm", "--cpus-per-task", "1", "--sbatch-arg=--hold",
           "--out", exp, NULL);
  g_assert_cmpint (submit.status, ==, 0);
  g_autofree char *job = job_id_of (&submit);
  g_free (wait_for_status (exp, "waiting in Slurm's queue (JobHeldUser)"));
  g_assert_cmpint (g_rename (data, moved), ==, 0);
  scontrol ("release", job);
  wait_task_ended (job, 0);

  g_autofree char *status = wait_for_status (exp, "failed: ");
  g_autofree char *needle = g_strdup_printf ("%s does not exist", data);
  if (strstr (status, needle) == NULL)
    g_error ("the reason does not name the missing folder:\n%s", status);
  g_assert_nonnull (strstr (status, "task-0.out"));
  g_assert_nonnull (strstr (status, "0 of 1 runs done, 0 training, 0 waiting, 1 failed"));
  g_assert_null (strstr (status, "Every run has ended"));

  /* The data back, resubmitted: it trains. */
  g_assert_cmpint (g_rename (moved, data), ==, 0);
  g_auto (Run) again = { 0 };
  run_cli (&again, "resume", exp, "--submit", "slurm", NULL);
  g_assert_cmpint (again.status, ==, 0);
  g_free (wait_for_status (exp, "1 of 1 runs done"));
  lb_test_remove_tree (root);
}

static void
test_cancel (void)
{
  if (!need_cluster ())
    return;
  g_autofree char *root = lb_test_make_tmp_dir ();
  g_autofree char *exp = g_build_filename (root, "exp", NULL);
  g_auto (Run) submit = { 0 };
  run_cli (&submit, "compare", "--preset", "tiny", "--demo-count", "24", "--epochs", "100000",
           "--losses", "dice-bce", "--seeds", "1", "--submit", "slurm", "--cpus-per-task", "1",
           "--out", exp, NULL);
  g_assert_cmpint (submit.status, ==, 0);
  g_autofree char *job = job_id_of (&submit);
  g_free (wait_for_status (exp, "training on"));

  g_auto (Run) cancel = { 0 };
  run_cli (&cancel, "cancel", exp, NULL);
  g_assert_cmpint (cancel.status, ==, 0);
  g_assert_nonnull (strstr (cancel.out, "Cancelled Slurm job"));
  wait_task_ended (job, 0);
  g_autofree char *status = wait_for_status (exp, "cancelled");
  g_assert_nonnull (strstr (status, "0 of 1 runs done"));
  /* The task let go of its claim as it stopped. */
  g_autofree char *claim = run_path (exp, "dice-bce-s1", "claim.json");
  g_assert_false (exists (claim));

  /* Never submitted: cancel says there is nothing to cancel. */
  g_auto (Run) local = { 0 };
  g_autofree char *other = g_build_filename (root, "local", NULL);
  run_cli (&local, "compare", "--preset", "tiny", "--demo-count", "24", "--losses", "dice-bce",
           "--seeds", "1", "--out", other, NULL);
  g_auto (Run) nothing = { 0 };
  run_cli (&nothing, "cancel", other, NULL);
  g_assert_cmpint (nothing.status, ==, 1);
  g_assert_nonnull (strstr (nothing.err, "never submitted"));
  lb_test_remove_tree (root);
}

/* Folders no node can see are named at submission; needs no cluster. */
static void
test_unshared_folders (void)
{
  const char *portal = lb_slurm_path_unshared_reason ("/run/user/1000/doc/8f2a1c/CXR_png");
  g_autofree char *built = g_get_current_dir ();

  g_assert_nonnull (portal);
  g_assert_nonnull (strstr (portal, "document portal"));
  g_assert_nonnull (strstr (portal, "flatpak override --user --filesystem="));
  if (g_file_test ("/dev/shm", G_FILE_TEST_IS_DIR))
    {
      const char *memory = lb_slurm_path_unshared_reason ("/dev/shm");
      g_assert_nonnull (memory);
      g_assert_nonnull (strstr (memory, "tmpfs"));
    }
  /* The build tree, where the tests run, is on a disk. */
  g_assert_null (lb_slurm_path_unshared_reason (built));
}

int
main (int argc, char **argv)
{
  g_autofree char *cache = lb_test_isolate_cache ();
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/slurm/unshared-folders", test_unshared_folders);
  g_test_add_func ("/slurm/refusals", test_refusals);
  g_test_add_func ("/slurm/array-matches-local", test_array_matches_local);
  g_test_add_func ("/slurm/killed-task-resumes", test_killed_task_resumes);
  g_test_add_func ("/slurm/claims-and-resume", test_claims_and_resume);
  g_test_add_func ("/slurm/failed-task-reason", test_failed_task_reason);
  g_test_add_func ("/slurm/cancel", test_cancel);
  int status = g_test_run ();
  lb_test_remove_tree (cache);
  return status;
}
