/* lb-cli.h — the subcommands of lossbench-cli, one file each.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

/* Exit codes every subcommand keeps to. */
enum
{
  LB_EXIT_OK = 0,
  LB_EXIT_ERROR = 1,        /* a sentence on stderr says what went wrong */
  LB_EXIT_USAGE = 2,
  LB_EXIT_INTERRUPTED = 130,
};

/* A usage error: MESSAGE, then CONTEXT's help, on stderr; LB_EXIT_USAGE. */
int lb_cli_usage_error (GOptionContext *context, const char *message);

/* Each takes the arguments after its own name (argv[0] is the subcommand). */
int lb_cli_bench (int argc, char **argv);
int lb_cli_inspect (int argc, char **argv);
int lb_cli_demo_data (int argc, char **argv);
int lb_cli_train (int argc, char **argv);
int lb_cli_compare (int argc, char **argv);
int lb_cli_sweep (int argc, char **argv);
int lb_cli_resume (int argc, char **argv);
int lb_cli_run_task (int argc, char **argv);
int lb_cli_status (int argc, char **argv);
int lb_cli_collect (int argc, char **argv);
int lb_cli_cancel (int argc, char **argv);
int lb_cli_eval (int argc, char **argv);
int lb_cli_score (int argc, char **argv);
int lb_cli_export (int argc, char **argv);
int lb_cli_summarize (int argc, char **argv);
int lb_cli_plot (int argc, char **argv);
