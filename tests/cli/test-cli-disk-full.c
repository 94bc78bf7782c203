/* test-cli-disk-full.c — a comparison that runs out of room, as a user meets it: under a
 * file-size limit, and on a small filesystem that fills up (a tmpfs of a few MB, as root).
 * lossbench-cli stops with exit status 1 and a sentence naming the file and what to do, keeps
 * every epoch it had saved, and once there is room `resume` finishes to the same results, to
 * the bit, as a comparison that never ran out.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>
#include <sys/resource.h>

#include "cli-run.h"
#include "cli-tree.h"
#include "lb-test-util.h"

#define COMPARE "compare", "--preset", "tiny", "--demo-count", "32", "--width", "4", \
  "--epochs", "3", "--losses", "dice-bce,jaccard", "--seeds", "1", "--threads", "2"

/* A checkpoint of this comparison is about 1.9 MB: it cannot be written under 1 MB. */
#define FILE_SIZE_LIMIT (1024 * 1024)

static void
limit_file_size (gpointer data)
{
  struct rlimit limit = { FILE_SIZE_LIMIT, FILE_SIZE_LIMIT };
  /* Past the limit a write fails (EFBIG) instead of the process being killed. */
  signal (SIGXFSZ, SIG_IGN);
  setrlimit (RLIMIT_FSIZE, &limit);
}

/* Runs lossbench-cli with ARGS (NULL-terminated), under the file-size limit when LIMITED. */
static void
run_cli_limited (Run *run, const char *const *args, gboolean limited)
{
  g_autoptr (GSubprocessLauncher) launcher = g_subprocess_launcher_new (0);

  if (limited)
    g_subprocess_launcher_set_child_setup (launcher, limit_file_size, NULL, NULL);
  /* Ran out of room, but ended by itself: no crash. */
  g_assert_true (run_cli_launched (run, launcher, args));
}

/* The reference: the same comparison with room to spare. */
static char *
straight_comparison (const char *root)
{
  char *straight = g_build_filename (root, "straight", NULL);
  const char *args[] = { COMPARE, "--out", straight, NULL };
  g_auto (Run) run = { 0 };

  run_cli_limited (&run, args, FALSE);
  g_assert_cmpint (run.status, ==, 0);
  return straight;
}

/* What the user reads: one sentence naming FILE, saying what to do, and how to go on. */
static void
assert_clear_stop (const Run *run, const char *file, const char *what_to_do)
{
  g_test_message ("%s", run->err);
  g_assert_cmpint (run->status, ==, 1);
  g_assert_nonnull (strstr (run->err, file));
  g_assert_nonnull (strstr (run->err, what_to_do));
  g_assert_nonnull (strstr (run->err, "earlier version of the file is unchanged"));
  g_assert_nonnull (strstr (run->err, "continue with:\n  lossbench-cli resume "));
  g_assert_null (strstr (run->err, "CRITICAL"));
  g_assert_null (strstr (run->err, "WARNING"));
}

static void
test_file_size_limit (void)
{
  g_autofree char *root = lb_test_make_tmp_dir ();
  g_autofree char *straight = straight_comparison (root);
  g_autofree char *exp = g_build_filename (root, "limited", NULL);
  const char *compare_args[] = { COMPARE, "--out", exp, NULL };
  const char *resume_args[] = { "resume", exp, NULL };
  g_auto (Run) stopped = { 0 };
  g_auto (Run) resumed = { 0 };

  run_cli_limited (&stopped, compare_args, TRUE);
  assert_clear_stop (&stopped, "checkpoint.safetensors", "ulimit -f");

  run_cli_limited (&resumed, resume_args, FALSE);
  g_assert_cmpint (resumed.status, ==, 0);
  guint n = cli_tree_assert_same (straight, exp, "");
  g_test_message ("resumed without the limit: %u files the same as the straight run's", n);
  lb_test_remove_tree (root);
}

/* Runs mount(8) with ARGS; whether it worked. */
static gboolean
run_mount (const char *const *args)
{
  g_autoptr (GSubprocess) child = g_subprocess_newv (args, G_SUBPROCESS_FLAGS_STDOUT_SILENCE
                                                     | G_SUBPROCESS_FLAGS_STDERR_SILENCE, NULL);
  return child != NULL && g_subprocess_wait_check (child, NULL, NULL);
}

static void
test_full_filesystem (void)
{
  g_autofree char *root = lb_test_make_tmp_dir ();
  g_autofree char *small = g_build_filename (root, "small", NULL);
  g_autofree char *exp = g_build_filename (small, "exp", NULL);
  const char *mount_args[] = { "mount", "-t", "tmpfs", "-o", "size=3m", "tmpfs", small, NULL };
  const char *grow_args[] = { "mount", "-o", "remount,size=64m", small, NULL };
  const char *umount_args[] = { "umount", small, NULL };
  const char *compare_args[] = { COMPARE, "--out", exp, NULL };
  const char *resume_args[] = { "resume", exp, NULL };
  g_auto (Run) stopped = { 0 };
  g_auto (Run) resumed = { 0 };

  g_assert_cmpint (g_mkdir (small, 0755), ==, 0);
  if (!run_mount (mount_args))
    {
      g_test_skip ("a small tmpfs cannot be mounted here (it needs root): the full disk is "
                   "tested under a file-size limit only");
      lb_test_remove_tree (root);
      return;
    }
  g_autofree char *straight = straight_comparison (root);

  /* 3 MB: the configuration, the split and a first checkpoint fit; not everything. */
  run_cli_limited (&stopped, compare_args, FALSE);
  assert_clear_stop (&stopped, small, "Free some space and try again");

  /* Room again. */
  g_assert_true (run_mount (grow_args));
  run_cli_limited (&resumed, resume_args, FALSE);
  g_assert_cmpint (resumed.status, ==, 0);
  guint n = cli_tree_assert_same (straight, exp, "");
  g_test_message ("resumed once there was room: %u files the same as the straight run's", n);
  g_assert_true (run_mount (umount_args));
  lb_test_remove_tree (root);
}

int
main (int argc, char **argv)
{
  g_autofree char *cache = lb_test_isolate_cache ();
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/cli/disk-full/file-size-limit", test_file_size_limit);
  g_test_add_func ("/cli/disk-full/full-filesystem", test_full_filesystem);
  int status = g_test_run ();
  lb_test_remove_tree (cache);
  return status;
}
