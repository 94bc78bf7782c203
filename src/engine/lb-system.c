/* lb-system.c — what the machine has: memory available for a training run.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "lb-system.h"

#include <stdio.h>

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
