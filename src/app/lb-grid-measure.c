/* lb-grid-measure.c — how smoothly the Data page browses a large dataset, measured in the app.
 * SPDX-License-Identifier: GPL-3.0-or-later */

#include "lb-config.h"

#include <stdio.h>

#include "lb-grid-measure.h"
#include "lb-stats.h"

/* Pixels scrolled per frame: about 2900 px/s at 60 frames a second, a brisk flick. */
#define SCROLL_STEP 48.0

typedef struct
{
  GApplication *app;
  LbDataPage *page;
  char *out_path;
  gint64 started;       /* µs */
  gint64 opened;        /* the dataset is on the page */
  gint64 thumbnails;    /* the last thumbnail is in the grid */
  gint64 last_frame;    /* frame clock time of the previous frame */
  guint waited_frames;  /* before the grid had anything to scroll */
  GArray *frame_ms;     /* double: time between successive frames */
} GridMeasure;

static void
grid_measure_free (gpointer data)
{
  GridMeasure *m = data;

  g_object_unref (m->app);
  g_object_unref (m->page);
  g_free (m->out_path);
  g_array_unref (m->frame_ms);
  g_free (m);
}

static void
grid_measure_finish (GridMeasure *m)
{
  guint n = m->frame_ms->len;
  double *ms = (double *) (void *) m->frame_ms->data;
  guint slow = 0;
  g_autofree char *line = NULL;
  g_autoptr (GError) error = NULL;

  lb_sort_doubles (ms, (int) n);
  for (guint i = 0; i < n; i++)
    slow += ms[i] > 33.4;
  line = g_strdup_printf ("pairs=%u open_s=%.2f thumbnails_s=%.2f frames=%u frame_median_ms=%.1f "
                          "frame_p95_ms=%.1f frame_worst_ms=%.1f frames_over_33ms=%u\n",
                          lb_dataset_get_n_pairs (lb_data_page_get_dataset (m->page)),
                          (m->opened - m->started) / 1e6, (m->thumbnails - m->started) / 1e6, n,
                          n > 0 ? ms[n / 2] : 0, n > 0 ? ms[(n * 95) / 100] : 0,
                          n > 0 ? ms[n - 1] : 0, slow);
  fputs (line, stdout);
  if (!g_file_set_contents (m->out_path, line, -1, &error))
    g_printerr ("lossbench: %s\n", error->message);
  g_application_quit (m->app);
}

static gboolean
grid_measure_tick (GtkWidget     *widget,
                   GdkFrameClock *clock,
                   gpointer       data)
{
  GridMeasure *m = data;
  GtkAdjustment *adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (widget));
  gint64 now = gdk_frame_clock_get_frame_time (clock);
  double end = gtk_adjustment_get_upper (adjustment) - gtk_adjustment_get_page_size (adjustment);

  /* The grid may not have been laid out with all its rows yet: wait for a scroll range. */
  if (end <= 0 && m->waited_frames++ < 120)
    return G_SOURCE_CONTINUE;
  if (m->last_frame != 0)
    {
      double interval = (now - m->last_frame) / 1000.0;

      g_array_append_val (m->frame_ms, interval);
    }
  m->last_frame = now;
  if (gtk_adjustment_get_value (adjustment) >= end)
    {
      grid_measure_finish (m);
      return G_SOURCE_REMOVE;
    }
  gtk_adjustment_set_value (adjustment, MIN (gtk_adjustment_get_value (adjustment) + SCROLL_STEP, end));
  return G_SOURCE_CONTINUE;
}

static void
grid_measure_progress (LbDataPage  *page,
                       GParamSpec  *pspec,
                       GridMeasure *m)
{
  if (m->opened == 0 && lb_data_page_get_dataset (page) != NULL)
    m->opened = g_get_monotonic_time ();
  if (m->thumbnails != 0 || !lb_data_page_get_thumbnails_ready (page))
    return;
  m->thumbnails = g_get_monotonic_time ();
  g_signal_handlers_disconnect_by_data (page, m);
  gtk_widget_add_tick_callback (GTK_WIDGET (lb_data_page_get_grid (page)), grid_measure_tick, m,
                                grid_measure_free);
}

void
lb_grid_measure_run (GApplication *app,
                     LbWindow     *window,
                     const char   *folder,
                     const char   *out_path)
{
  GridMeasure *m = g_new0 (GridMeasure, 1);

  m->app = g_object_ref (app);
  m->page = g_object_ref (lb_window_get_data_page (window));
  m->out_path = g_strdup (out_path);
  m->frame_ms = g_array_new (FALSE, FALSE, sizeof (double));
  m->started = g_get_monotonic_time ();
  lb_window_show_page (window, "data");
  g_signal_connect (m->page, "notify::dataset", G_CALLBACK (grid_measure_progress), m);
  g_signal_connect (m->page, "notify::thumbnails-ready", G_CALLBACK (grid_measure_progress), m);
  {
    /* FOLDER:FOLDER opens several as one dataset, as choosing them together does. */
    g_auto (GStrv) folders = g_strsplit (folder, ":", -1);

    lb_data_page_open_folders (m->page, (const char *const *) folders);
  }
}
