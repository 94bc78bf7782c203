/* cli-run.c — run the built lossbench-cli as a user would, and collect what it printed.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "cli-run.h"

void
run_clear (Run *run)
{
  g_free (run->out);
  g_free (run->err);
}

void
run_cli_argv (Run *run, const char *const *args)
{
  const char *cli = g_getenv ("LB_CLI");
  g_assert_nonnull (cli);
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  g_ptr_array_add (argv, (gpointer) cli);
  for (; *args; args++)
    g_ptr_array_add (argv, (gpointer) *args);
  g_ptr_array_add (argv, NULL);

  g_autoptr (GError) error = NULL;
  g_autoptr (GSubprocess) process = g_subprocess_newv ((const char *const *) argv->pdata,
                                                       G_SUBPROCESS_FLAGS_STDOUT_PIPE
                                                         | G_SUBPROCESS_FLAGS_STDERR_PIPE,
                                                       &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &run->out, &run->err, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));
  run->status = g_subprocess_get_exit_status (process);
}

gboolean
run_cli_launched (Run *run, GSubprocessLauncher *launcher, const char *const *args)
{
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  g_autoptr (GError) error = NULL;

  g_ptr_array_add (argv, (gpointer) g_getenv ("LB_CLI"));
  for (; *args; args++)
    g_ptr_array_add (argv, (gpointer) *args);
  g_ptr_array_add (argv, NULL);
  g_subprocess_launcher_set_flags (launcher, G_SUBPROCESS_FLAGS_STDOUT_PIPE
                                               | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr (GSubprocess) child = g_subprocess_launcher_spawnv (
    launcher, (const char *const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (child, NULL, NULL, &run->out, &run->err, &error);
  g_assert_no_error (error);
  if (!g_subprocess_get_if_exited (child))
    {
      run->status = g_subprocess_get_term_sig (child);
      return FALSE;
    }
  run->status = g_subprocess_get_exit_status (child);
  return TRUE;
}

void
run_cli (Run *run, const char *first, ...)
{
  g_autoptr (GPtrArray) args = g_ptr_array_new ();
  va_list ap;
  va_start (ap, first);
  for (const char *arg = first; arg != NULL; arg = va_arg (ap, const char *))
    g_ptr_array_add (args, (gpointer) arg);
  va_end (ap);
  g_ptr_array_add (args, NULL);
  run_cli_argv (run, (const char *const *) args->pdata);
}
