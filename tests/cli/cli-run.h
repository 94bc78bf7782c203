/* cli-run.h — run the built lossbench-cli as a user would, and collect what it printed.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

typedef struct
{
  int status;
  char *out;
  char *err;
} Run;

void run_clear (Run *run);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Run, run_clear)

/* Runs LB_CLI (set by meson) with the arguments after FIRST (NULL-terminated) to its end. */
void run_cli (Run *run, const char *first, ...) G_GNUC_NULL_TERMINATED;
void run_cli_argv (Run *run, const char *const *args);
/* The same through LAUNCHER (its environment, its child setup); whether the CLI ended by itself
 * (FALSE: killed by a signal, run->status its number). */
gboolean run_cli_launched (Run *run, GSubprocessLauncher *launcher, const char *const *args);
