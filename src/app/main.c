/* main.c — entry point of the Lossbench GUI.
 * SPDX-License-Identifier: GPL-3.0-or-later */

#include "lb-config.h"

#include "lb-application.h"
#include "lb-system.h"
#include "nn-blas.h"

int
main (int   argc,
      char *argv[])
{
  /* Before OpenBLAS starts its threads and before any window: restart on the kernels this
   * CPU deserves (Debian's OpenBLAS does not know CPUs newer than itself). */
  nn_blas_reexec_if_needed (argv);

  g_autoptr (LbApplication) app = lb_application_new ();
  int status;

  /* Training, decoding and thumbnails run below the window, so that it never waits for a
   * core (lb-system.h); the CLI keeps full priority. */
  lb_system_set_worker_priority (LB_WORKER_PRIORITY_BACKGROUND);

  status = g_application_run (G_APPLICATION (app), argc, argv);
  /* A failed --screenshot must fail the script that asked for it. */
  if (status == 0)
    status = lb_application_get_exit_status (app);

  return status;
}
