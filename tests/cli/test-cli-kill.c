/* test-cli-kill.c — SIGKILL at 20 moments drawn from a fixed seed, anywhere in a comparison's
 * life (creating the folder, loading the data, training, checkpointing, evaluating, writing
 * masks, summarising), each followed by what a user would do next; then every file of the
 * finished experiment is the same, to the bit, as an uninterrupted run's. The same for export,
 * whose every file is at all times absent or whole.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>

#include "cli-run.h"
#include "cli-tree.h"
#include "lb-csv.h"
#include "lb-test-util.h"

#define KILLS 20
#define SEED 20261204

/* A small comparison with several epochs (so checkpoints) per run and two runs. */
#define COMPARE "compare", "--preset", "tiny", "--demo-count", "32", "--width", "4", \
  "--epochs", "8", "--losses", "dice-bce,jaccard", "--seeds", "1", "--threads", "2"

/* Starts lossbench-cli with ARGV (after the program), silent. */
static GSubprocess *
spawn_cli (const char *const *args)
{
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  g_autoptr (GError) error = NULL;
  GSubprocess *child;

  g_ptr_array_add (argv, (gpointer) g_getenv ("LB_CLI"));
  for (; *args != NULL; args++)
    g_ptr_array_add (argv, (gpointer) *args);
  g_ptr_array_add (argv, NULL);
  child = g_subprocess_newv ((const char *const *) argv->pdata,
                             G_SUBPROCESS_FLAGS_STDOUT_SILENCE
                             | G_SUBPROCESS_FLAGS_STDERR_SILENCE, &error);
  g_assert_no_error (error);
  return child;
}

/* Runs ARGS to its end and returns how long it took, in µs: the span kills are drawn from. */
static gint64
run_timed (const char *const *args)
{
  gint64 start = g_get_monotonic_time ();
  g_autoptr (GSubprocess) child = spawn_cli (args);

  g_assert_true (g_subprocess_wait_check (child, NULL, NULL));
  return g_get_monotonic_time () - start;
}

static const char *const runs[] = { "dice-bce-s1", "jaccard-s1" };

/* Where run RUN of EXP is: the epochs its history holds, and whether it was tested. */
static guint
run_epochs (const char *exp, const char *run, gboolean *tested)
{
  g_autofree char *history = g_build_filename (exp, "runs", run, "history.csv", NULL);
  g_autofree char *per_image = g_build_filename (exp, "runs", run, "per-image.csv", NULL);
  g_autoptr (GPtrArray) rows = lb_csv_load (history, NULL);

  *tested = g_file_test (per_image, G_FILE_TEST_EXISTS);
  return rows != NULL ? rows->len - 1 : 0;
}

static gboolean
has_file (const char *exp, const char *name)
{
  g_autofree char *path = g_build_filename (exp, name, NULL);
  return g_file_test (path, G_FILE_TEST_EXISTS);
}

/* How far EXP has got: its config, the epochs saved, runs tested and the summary, added up. */
static guint
progress_of (const char *exp)
{
  guint steps = has_file (exp, "config.json") + has_file (exp, "summary.csv");

  for (guint r = 0; r < G_N_ELEMENTS (runs); r++)
    {
      gboolean tested;
      steps += run_epochs (exp, runs[r], &tested) + tested;
    }
  return steps;
}

/* Starts ARGS and kills it with SIGKILL: DELAY µs after it starts or, with EXP, DELAY µs after
 * EXP has moved on from where it was (so that every attempt carries the work on); unless it
 * ends first. Whether the kill landed. */
static gboolean
run_and_kill (const char *const *args, const char *exp, gint64 delay)
{
  guint before = exp != NULL ? progress_of (exp) : 0;
  g_autoptr (GSubprocess) child = spawn_cli (args);
  gint64 deadline;

  /* GLib reaps the child on its worker thread: the identifier goes once it has ended. */
  while (exp != NULL && g_subprocess_get_identifier (child) != NULL
         && progress_of (exp) == before)
    g_usleep (500);
  deadline = g_get_monotonic_time () + delay;
  while (g_get_monotonic_time () < deadline && g_subprocess_get_identifier (child) != NULL)
    g_usleep (500);
  g_subprocess_force_exit (child);
  g_subprocess_wait (child, NULL, NULL);
  return g_subprocess_get_if_signaled (child) && g_subprocess_get_term_sig (child) == SIGKILL;
}

/* Where a kill left EXP: how far each run got, and whether the summary is written. */
static char *
describe_state (const char *exp)
{
  GString *text = g_string_new (NULL);

  if (!has_file (exp, "config.json"))
    return g_string_free (g_string_append (text, "no experiment yet"), FALSE);
  for (guint r = 0; r < G_N_ELEMENTS (runs); r++)
    {
      gboolean tested;
      guint epochs = run_epochs (exp, runs[r], &tested);
      g_string_append_printf (text, "%s %u epochs%s; ", runs[r], epochs,
                              tested ? ", tested" : "");
    }
  g_string_append (text, has_file (exp, "summary.csv") ? "summarised" : "no summary");
  return g_string_free (text, FALSE);
}

static void
test_kills_during_compare (void)
{
  g_autofree char *root = lb_test_make_tmp_dir ();
  g_autofree char *straight = g_build_filename (root, "straight", NULL);
  g_autofree char *killed = g_build_filename (root, "killed", NULL);
  g_autofree char *config = g_build_filename (killed, "config.json", NULL);
  const char *straight_args[] = { COMPARE, "--out", straight, NULL };
  const char *compare_args[] = { COMPARE, "--out", killed, NULL };
  const char *resume_args[] = { "resume", killed, NULL };
  gint64 span = run_timed (straight_args);
  g_autoptr (GRand) rand = g_rand_new_with_seed (SEED);
  guint n_killed = 0;

  for (int k = 0; k < KILLS; k++)
    {
      /* Every fourth kill at a moment after the start, which may fall while the data load;
       * the others a moment after the attempt has carried the work on by a step (an epoch, a
       * run's test, the summary), so that the kills fall all through the run, and once it is
       * done, in resume's own writing. */
      gboolean after_progress = k % 4 != 0;
      gint64 delay = (gint64) g_rand_double_range (rand, 0, after_progress ? span / 16.0
                                                                             : span / 4.0);
      /* What a user does next: start again where nothing was made, resume where it was. */
      const char *const *args = g_file_test (config, G_FILE_TEST_EXISTS) ? resume_args
                                                                          : compare_args;

      gboolean landed = run_and_kill (args, after_progress ? killed : NULL, delay);
      g_autofree char *state = describe_state (killed);

      g_test_message ("kill %d after %.3f s%s: %s", k + 1, delay / 1e6,
                      landed ? "" : " (it had ended)", state);
      n_killed += landed;
    }
  if (g_file_test (config, G_FILE_TEST_EXISTS))
    run_timed (resume_args);
  else
    run_timed (compare_args);

  guint n_files = cli_tree_assert_same (straight, killed, "");
  g_test_message ("%u of %d kills landed in a %.1f s comparison; %u files the same", n_killed,
                  KILLS, span / 1e6, n_files);
  g_assert_cmpuint (n_killed, >=, KILLS / 2);
  lb_test_remove_tree (root);
}

/* Every file in DIR is one the uninterrupted export in REFERENCE wrote, whole; but for the
 * scratch file a killed writer left (lb-file.h), which the next export sweeps. */
static void
assert_whole_or_absent (const char *reference, const char *dir)
{
  g_autoptr (GDir) listing = g_dir_open (dir, 0, NULL);
  const char *name;

  while (listing != NULL && (name = g_dir_read_name (listing)) != NULL)
    {
      g_autofree char *got = g_build_filename (dir, name, NULL);
      g_autofree char *want = g_build_filename (reference, name, NULL);

      if (strstr (name, ".lbtmp+") != NULL)
        continue;
      if (!g_file_test (want, G_FILE_TEST_EXISTS))
        g_error ("a killed export left %s, which no export writes", name);
      g_autoptr (GBytes) a = cli_tree_comparable_contents (want);
      g_autoptr (GBytes) b = cli_tree_comparable_contents (got);
      if (!g_bytes_equal (a, b))
        g_error ("a killed export left %s half-written", name);
    }
}

static void
test_kills_during_export (void)
{
  g_autofree char *root = lb_test_make_tmp_dir ();
  g_autofree char *exp = g_build_filename (root, "exp", NULL);
  g_autofree char *reference = g_build_filename (root, "reference", NULL);
  g_autofree char *out = g_build_filename (root, "out", NULL);
  const char *compare_args[] = { COMPARE, "--out", exp, NULL };
  const char *reference_args[] = { "export", "--quiet", "--out", reference, exp, NULL };
  const char *export_args[] = { "export", "--quiet", "--out", out, exp, NULL };
  g_autoptr (GRand) rand = g_rand_new_with_seed (SEED + 1);
  guint n_killed = 0;

  run_timed (compare_args);
  gint64 span = run_timed (reference_args);
  for (int k = 0; k < KILLS; k++)
    {
      n_killed += run_and_kill (export_args, NULL,
                                (gint64) g_rand_double_range (rand, 0, (double) span));
      assert_whole_or_absent (reference, out);
    }
  run_timed (export_args);
  guint n_files = cli_tree_assert_same (reference, out, "");
  g_test_message ("%u of %d kills landed in a %.2f s export; %u files the same", n_killed,
                  KILLS, span / 1e6, n_files);
  lb_test_remove_tree (root);
}

int
main (int argc, char **argv)
{
  g_autofree char *cache = lb_test_isolate_cache ();
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/cli/kill/compare", test_kills_during_compare);
  g_test_add_func ("/cli/kill/export", test_kills_during_export);
  int status = g_test_run ();
  lb_test_remove_tree (cache);
  return status;
}
