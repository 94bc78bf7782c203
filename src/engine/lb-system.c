/* lb-system.c — what the machine has, and how worker threads share its cores with the window.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "lb-system.h"

#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "lb-error.h"

guint64
lb_system_available_memory (void)
{
  g_autofree char *text = NULL;
  if (!g_file_get_contents ("/proc/meminfo", &text, NULL, NULL))
    return 0;
  const char *line = strstr (text, "MemAvailable:");
  unsigned long long kib = 0;
  if (line == NULL || sscanf (line, "MemAvailable: %llu kB", &kib) != 1)
    return 0;
  return (guint64) kib * 1024;
}

gboolean
lb_system_check_memory (guint64 bytes, GError **error)
{
  guint64 available = lb_system_available_memory ();
  if (available == 0 || bytes <= available)
    return TRUE;
  g_autofree char *need = g_format_size (bytes);
  g_autofree char *have = g_format_size (available);
  g_set_error (error, LB_ERROR, LB_ERROR_TOO_LARGE,
               "This configuration needs %s of memory but only %s is available. Choose a "
               "smaller batch, image size or network width.", need, have);
  return FALSE;
}

/* ---- worker threads below the window ----
 *
 * On two cores a trainer that keeps both busy leaves the main loop, the X server and the
 * compositor queueing for a time slice: at nice 0 the scheduler splits a core fairly, so the
 * window waits for a slice of a few milliseconds whenever it wakes up. SCHED_IDLE threads run
 * only on cores nothing else wants, and a waking normal thread preempts them at once; nice 19
 * is the fallback where the idle policy is refused (a weight of 15 against 1024). Measured with
 * bench/ui-latency.sh. */

typedef enum
{
  POLICY_UNSET,
  POLICY_NORMAL,
  POLICY_IDLE,
  POLICY_NICE,
} Policy;

static Policy chosen_policy = POLICY_UNSET;

static Policy
policy_from_environment (Policy fallback)
{
  const char *value = g_getenv ("LOSSBENCH_WORKER_PRIORITY");
  if (value == NULL || value[0] == '\0')
    return fallback;
  if (g_str_equal (value, "normal"))
    return POLICY_NORMAL;
  if (g_str_equal (value, "idle"))
    return POLICY_IDLE;
  if (g_str_equal (value, "nice"))
    return POLICY_NICE;
  g_warning ("LOSSBENCH_WORKER_PRIORITY is “%s”; expected normal, idle or nice.", value);
  return fallback;
}

void
lb_system_set_worker_priority (LbWorkerPriority priority)
{
  Policy policy = priority == LB_WORKER_PRIORITY_BACKGROUND ? POLICY_IDLE : POLICY_NORMAL;
  g_atomic_int_set ((int *) &chosen_policy, policy_from_environment (policy));
}

static pid_t
thread_id (void)
{
  return (pid_t) syscall (SYS_gettid);
}

static gboolean
set_nice (int value)
{
  return setpriority (PRIO_PROCESS, (id_t) thread_id (), value) == 0;
}

void
lb_system_enter_worker_thread (void)
{
  Policy policy = (Policy) g_atomic_int_get ((int *) &chosen_policy);
  if (policy == POLICY_IDLE)
    {
      struct sched_param param = { .sched_priority = 0 };
      if (sched_setscheduler (0, SCHED_IDLE, &param) == 0)
        return;
      policy = POLICY_NICE;
    }
  if (policy == POLICY_NICE)
    set_nice (19);
}

char *
lb_system_describe_thread_priority (void)
{
  int policy = sched_getscheduler (0);
  if (policy == SCHED_IDLE)
    return g_strdup ("idle");
  errno = 0;
  int nice_value = getpriority (PRIO_PROCESS, (id_t) thread_id ());
  if (errno == 0 && nice_value != 0)
    return g_strdup_printf ("nice %d", nice_value);
  return g_strdup ("normal");
}
