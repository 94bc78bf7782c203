/* test-cli-fail-alloc.c — memory that runs out, one large allocation at a time: every
 * allocation that grows with the data or the network (fail-alloc.so fails the N-th of them) is
 * made to fail in turn, in train and compare on the demo set and on a dataset folder. Each time
 * lossbench-cli ends by itself with exit status 1 and a sentence about memory, never a crash;
 * and each time resume, with the memory back, finishes with every file the same, to the bit,
 * as a run that never ran short.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <glib/gstdio.h>
#include <string.h>

#include "cli-run.h"
#include "cli-tree.h"
#include "lb-test-util.h"

/* Runs lossbench-cli with ARGS, the N-th large allocation failing (0: none fails; COUNT_FILE
 * then receives how many there are). */
static void
run_failing (Run *run, const char *const *args, int n, const char *count_file)
{
  g_autoptr (GSubprocessLauncher) launcher = g_subprocess_launcher_new (0);
  g_autofree char *nth = g_strdup_printf ("%d", n);

  g_subprocess_launcher_setenv (launcher, "LD_PRELOAD", g_getenv ("LB_FAIL_ALLOC"), TRUE);
  if (n > 0)
    g_subprocess_launcher_setenv (launcher, "LB_FAIL_ALLOC_NTH", nth, TRUE);
  if (count_file != NULL)
    g_subprocess_launcher_setenv (launcher, "LB_FAIL_ALLOC_COUNT", count_file, TRUE);
  if (!run_cli_launched (run, launcher, args))
    g_error ("with large allocation %d failing, lossbench-cli %s crashed (signal %d):\n%s", n,
             args[0], run->status, run->err);
}

/* COMMAND (its arguments before --out) with each large allocation failing in turn. */
static void
fail_each_allocation (const char *const *command)
{
  g_autofree char *root = lb_test_make_tmp_dir ();
  g_autofree char *straight = g_build_filename (root, "straight", NULL);
  g_autofree char *count_file = g_build_filename (root, "count", NULL);
  g_autofree char *count_text = NULL;
  g_autoptr (GPtrArray) args = g_ptr_array_new ();
  g_auto (Run) reference = { 0 };
  int n_large;

  for (const char *const *a = command; *a != NULL; a++)
    g_ptr_array_add (args, (gpointer) *a);
  g_ptr_array_add (args, (gpointer) "--out");
  g_ptr_array_add (args, straight);
  g_ptr_array_add (args, NULL);
  run_failing (&reference, (const char *const *) args->pdata, 0, count_file);
  g_assert_cmpint (reference.status, ==, 0);
  g_assert_true (g_file_get_contents (count_file, &count_text, NULL, NULL));
  n_large = atoi (count_text);
  g_assert_cmpint (n_large, >, 0);

  for (int n = 1; n <= n_large; n++)
    {
      g_autofree char *name = g_strdup_printf ("failing-%d", n);
      g_autofree char *exp = g_build_filename (root, name, NULL);
      g_autofree char *config = g_build_filename (exp, "config.json", NULL);
      const char *resume_args[] = { "resume", exp, NULL };
      g_auto (Run) failed = { 0 };
      g_auto (Run) resumed = { 0 };

      g_ptr_array_index (args, args->len - 2) = exp;
      run_failing (&failed, (const char *const *) args->pdata, n, NULL);
      g_test_message ("allocation %d of %d failing: status %d: %s", n, n_large, failed.status,
                      failed.err);
      g_assert_cmpint (failed.status, ==, 1);
      g_assert_nonnull (strstr (failed.err, "not enough memory"));
      /* With the memory back: resumed where it was made, made again where it was not. */
      if (g_file_test (config, G_FILE_TEST_EXISTS))
        run_cli_argv (&resumed, resume_args);
      else
        run_cli_argv (&resumed, (const char *const *) args->pdata);
      g_assert_cmpint (resumed.status, ==, 0);
      cli_tree_assert_same (straight, exp, "");
    }
  g_test_message ("%d large allocations failed one by one; each resumed to the same files",
                  n_large);
  lb_test_remove_tree (root);
}

static void
test_train (void)
{
  const char *command[] = { "train", "--loss", "dice-bce", "--preset", "tiny", "--demo-count",
                            "96", "--epochs", "1", "--threads", "2", NULL };
  fail_each_allocation (command);
}

static void
test_compare (void)
{
  const char *command[] = { "compare", "--preset", "tiny", "--demo-count", "96", "--epochs",
                            "1", "--losses", "dice-bce,focal", "--seeds", "1", "--threads", "2",
                            NULL };
  fail_each_allocation (command);
}

static void
test_folder (void)
{
  g_autofree char *data = lb_test_make_tmp_dir ();
  const char *write_args[] = { "demo-data", "--count", "96", "--out", data, NULL };
  g_auto (Run) written = { 0 };
  run_cli_argv (&written, write_args);
  g_assert_cmpint (written.status, ==, 0);
  const char *command[] = { "train", "--loss", "dice-bce", "--preset", "tiny", "--data", data,
                            "--epochs", "1", "--threads", "2", NULL };
  fail_each_allocation (command);
  lb_test_remove_tree (data);
}

int
main (int argc, char **argv)
{
  g_autofree char *cache = lb_test_isolate_cache ();
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/cli/fail-alloc/train", test_train);
  g_test_add_func ("/cli/fail-alloc/compare", test_compare);
  g_test_add_func ("/cli/fail-alloc/folder", test_folder);
  int status = g_test_run ();
  lb_test_remove_tree (cache);
  return status;
}
