/* test-run-claim.c — one holder per run: claims taken, refused, found stale, taken over.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <glib/gstdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "lb-error.h"
#include "lb-run-claim.h"
#include "lb-test-util.h"

/* A pid that no process has: a child that has ended and been reaped. */
static gint64
ended_pid (void)
{
  pid_t pid = fork ();
  if (pid == 0)
    _exit (0);
  int status;
  waitpid (pid, &status, 0);
  return pid;
}

static gint64
now_seconds (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

static void
test_take_and_release (void)
{
  g_autofree char *root = lb_test_make_tmp_dir ();
  g_autofree char *dir = g_build_filename (root, "runs", "dice-s1", NULL);
  g_autoptr (GError) error = NULL;

  LbRunClaim *claim = lb_run_claim_take (dir, LB_RUN_CLAIM_STALE_SECONDS, &error);
  g_assert_no_error (error);
  g_assert_nonnull (claim);

  LbRunClaimInfo info = { 0 };
  g_assert_true (lb_run_claim_read (dir, &info, &error));
  g_assert_cmpstr (info.host, ==, g_get_host_name ());
  g_assert_cmpint (info.pid, ==, getpid ());
  g_assert_cmpint (now_seconds () - info.heartbeat, <=, 5);
  g_assert_null (lb_run_claim_dup_stale_reason (&info, now_seconds (), 600, FALSE));
  lb_run_claim_info_clear (&info);

  /* This very process is alive: a second take is refused, naming the holder. */
  g_assert_null (lb_run_claim_take (dir, LB_RUN_CLAIM_STALE_SECONDS, &error));
  g_assert_error (error, LB_ERROR, LB_ERROR_BUSY);
  g_assert_nonnull (strstr (error->message, g_get_host_name ()));
  g_clear_error (&error);

  lb_run_claim_release (claim);
  g_assert_false (lb_run_claim_read (dir, &info, &error));
  g_assert_no_error (error);
  /* No private file is left behind. */
  g_autoptr (GDir) listing = g_dir_open (dir, 0, NULL);
  g_assert_null (g_dir_read_name (listing));
  lb_test_remove_tree (root);
}

static void
test_stale_claims (void)
{
  g_autofree char *dir = lb_test_make_tmp_dir ();
  g_autoptr (GError) error = NULL;
  LbRunClaimInfo info = { 0 };

  /* A process of this host that has ended. */
  lb_test_write_claim (dir, g_get_host_name (), ended_pid (), now_seconds (), "gone");
  g_assert_true (lb_run_claim_read (dir, &info, &error));
  g_autofree char *why = lb_run_claim_dup_stale_reason (&info, now_seconds (), 600, FALSE);
  g_assert_nonnull (strstr (why, "has ended"));
  lb_run_claim_info_clear (&info);
  LbRunClaim *claim = lb_run_claim_take (dir, 600, &error);
  g_assert_no_error (error);
  g_assert_true (lb_run_claim_read (dir, &info, &error));
  g_assert_cmpint (info.pid, ==, getpid ());
  lb_run_claim_info_clear (&info);
  lb_run_claim_release (claim);

  /* Another host whose holder went silent: alive until the stale time has passed. */
  lb_test_write_claim (dir, "node-elsewhere", 1, now_seconds () - 120, "quiet");
  g_assert_null (lb_run_claim_take (dir, 600, &error));
  g_assert_error (error, LB_ERROR, LB_ERROR_BUSY);
  g_assert_nonnull (strstr (error->message, "node-elsewhere"));
  g_clear_error (&error);
  claim = lb_run_claim_take (dir, 60, &error);
  g_assert_no_error (error);
  g_assert_nonnull (claim);

  /* Taken over from this holder, the claim is not removed by its release. */
  lb_test_write_claim (dir, "node-new", 1, now_seconds (), "newer");
  lb_run_claim_release (claim);
  g_assert_true (lb_run_claim_read (dir, &info, &error));
  g_assert_cmpstr (info.token, ==, "newer");
  lb_run_claim_info_clear (&info);
  lb_test_remove_tree (dir);
}

static void
test_damaged_claim (void)
{
  g_autofree char *dir = lb_test_make_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "claim.json", NULL);
  g_autoptr (GError) error = NULL;
  LbRunClaimInfo info = { 0 };

  g_assert_true (g_file_set_contents (path, "{\"host\": ", -1, NULL));
  g_assert_false (lb_run_claim_read (dir, &info, &error));
  g_assert_error (error, LB_ERROR, LB_ERROR_CORRUPT);
  g_clear_error (&error);
  /* Never taken over blindly: the sentence says what to do. */
  g_assert_null (lb_run_claim_take (dir, 600, &error));
  g_assert_error (error, LB_ERROR, LB_ERROR_CORRUPT);
  g_assert_nonnull (strstr (error->message, "Delete it"));
  lb_test_remove_tree (dir);
}

/* Two threads take the same run at once, many times: exactly one wins each time. */
typedef struct
{
  const char *dir;
  GMutex mutex;
  int winners;
} Race;

static gpointer
race_thread (gpointer data)
{
  Race *race = data;
  g_autoptr (GError) error = NULL;
  LbRunClaim *claim = lb_run_claim_take (race->dir, 600, &error);
  g_mutex_lock (&race->mutex);
  race->winners += claim != NULL;
  g_mutex_unlock (&race->mutex);
  return claim;
}

static void
test_race (void)
{
  g_autofree char *dir = lb_test_make_tmp_dir ();
  for (int round = 0; round < 50; round++)
    {
      Race race = { .dir = dir };
      g_mutex_init (&race.mutex);
      GThread *a = g_thread_new ("a", race_thread, &race);
      GThread *b = g_thread_new ("b", race_thread, &race);
      LbRunClaim *ca = g_thread_join (a), *cb = g_thread_join (b);
      g_assert_cmpint (race.winners, ==, 1);
      lb_run_claim_release (ca ? ca : cb);
      g_mutex_clear (&race.mutex);
    }
  lb_test_remove_tree (dir);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/run-claim/take-and-release", test_take_and_release);
  g_test_add_func ("/run-claim/stale", test_stale_claims);
  g_test_add_func ("/run-claim/damaged", test_damaged_claim);
  g_test_add_func ("/run-claim/race", test_race);
  return g_test_run ();
}
