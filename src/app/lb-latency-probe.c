/* lb-latency-probe.c — how late the main loop runs while work goes on in the background.
 * SPDX-License-Identifier: GPL-3.0-or-later */

#include "lb-config.h"

#include <math.h>
#include <stdio.h>

#include <gtk/gtk.h>

#include "lb-latency-probe.h"
#include "lb-main-loop-watch.h"
#include "lb-stats.h"

#define PERIOD_MS 10

struct _LbLatencyProbe
{
  char *phase;
  GtkWidget *widget;        /* while waiting for it to be shown */
  GdkFrameClock *clock;
  gulong map_handler;
  gulong paint_handler;
  guint source;
  gint64 last;       /* when the timer last fired, µs */
  double worst_ms;
  GArray *late_ms;   /* double, every tick's lateness, for the percentiles */
  LbMainLoopWatch watch;
};

LbLatencyProbe *
lb_latency_probe_new (const char *phase)
{
  LbLatencyProbe *probe = g_new0 (LbLatencyProbe, 1);

  probe->phase = g_strdup (phase);
  probe->late_ms = g_array_new (FALSE, FALSE, sizeof (double));
  /* Only when measuring: it costs two clock reads per main-loop iteration. */
  if (g_getenv ("LOSSBENCH_LATENCY_LOG") != NULL)
    lb_main_loop_watch_install ();
  return probe;
}

static void
lb_latency_probe_stop_waiting (LbLatencyProbe *probe)
{
  if (probe->paint_handler != 0)
    g_clear_signal_handler (&probe->paint_handler, probe->clock);
  if (probe->map_handler != 0)
    g_clear_signal_handler (&probe->map_handler, probe->widget);
  g_clear_object (&probe->clock);
  g_clear_object (&probe->widget);
}

void
lb_latency_probe_free (LbLatencyProbe *probe)
{
  if (probe == NULL)
    return;
  lb_latency_probe_stop_waiting (probe);
  lb_main_loop_watch_remove (&probe->watch);
  g_clear_handle_id (&probe->source, g_source_remove);
  g_free (probe->phase);
  g_array_unref (probe->late_ms);
  g_free (probe);
}

static gboolean
lb_latency_probe_tick (gpointer data)
{
  LbLatencyProbe *probe = data;
  gint64 now = g_get_monotonic_time ();
  double late = (now - probe->last) / 1000.0 - PERIOD_MS;

  probe->worst_ms = MAX (probe->worst_ms, late);
  g_array_append_val (probe->late_ms, late);
  probe->last = now;
  return G_SOURCE_CONTINUE;
}

void
lb_latency_probe_start (LbLatencyProbe *probe)
{
  g_return_if_fail (probe != NULL);

  lb_latency_probe_stop_waiting (probe);
  probe->worst_ms = 0;
  g_array_set_size (probe->late_ms, 0);
  lb_main_loop_watch_add (&probe->watch);
  probe->last = g_get_monotonic_time ();
  g_clear_handle_id (&probe->source, g_source_remove);
  probe->source = g_timeout_add (PERIOD_MS, lb_latency_probe_tick, probe);
}

static void
lb_latency_probe_painted (GdkFrameClock  *clock,
                          LbLatencyProbe *probe)
{
  lb_latency_probe_start (probe);
}

static void
lb_latency_probe_mapped (GtkWidget      *widget,
                         LbLatencyProbe *probe)
{
  g_clear_signal_handler (&probe->map_handler, widget);
  probe->clock = g_object_ref (gtk_widget_get_frame_clock (widget));
  probe->paint_handler = g_signal_connect (probe->clock, "after-paint",
                                           G_CALLBACK (lb_latency_probe_painted), probe);
}

void
lb_latency_probe_start_when_shown (LbLatencyProbe *probe,
                                   GtkWidget      *widget)
{
  g_return_if_fail (probe != NULL);
  g_return_if_fail (GTK_IS_WIDGET (widget));

  if (gtk_widget_get_mapped (widget))
    {
      lb_latency_probe_start (probe);
      return;
    }
  lb_latency_probe_stop_waiting (probe);
  g_clear_handle_id (&probe->source, g_source_remove);
  probe->worst_ms = 0;
  probe->widget = g_object_ref (widget);
  probe->map_handler = g_signal_connect (widget, "map", G_CALLBACK (lb_latency_probe_mapped), probe);
}

void
lb_latency_probe_stop (LbLatencyProbe *probe,
                       const char     *detail)
{
  const char *log_path = g_getenv ("LOSSBENCH_LATENCY_LOG");
  FILE *file;
  guint n = probe->late_ms->len;
  double *late = (double *) (void *) probe->late_ms->data;

  g_return_if_fail (probe != NULL);

  /* Work that ended before the window was up blocked nothing a person could see. */
  lb_latency_probe_stop_waiting (probe);
  if (probe->source == 0)
    return;
  g_clear_handle_id (&probe->source, g_source_remove);
  lb_main_loop_watch_remove (&probe->watch);
  if (log_path == NULL || log_path[0] == '\0')
    return;
  file = fopen (log_path, "a");
  if (file == NULL)
    return;
  lb_sort_doubles (late, (int) n);
  /* Nearest-rank percentiles of the ticks' lateness; the worst also counts a stall that
   * ended the measurement before its tick could fire. */
  fprintf (file, "phase=%s worst_lateness_ms=%.1f p50_ms=%.1f p99_ms=%.1f ticks=%u "
           "busy_max_ms=%.1f woken_late_max_ms=%.1f%s%s\n",
           probe->phase, probe->worst_ms, n > 0 ? late[(n - 1) / 2] : 0.0,
           n > 0 ? late[(guint) ceil (0.99 * n) - 1] : 0.0, n, probe->watch.busy_max_ms,
           probe->watch.woken_late_max_ms, detail != NULL ? " " : "",
           detail != NULL ? detail : "");
  fclose (file);
}

