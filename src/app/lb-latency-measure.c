/* lb-latency-measure.c — a scripted session for bench/ui-latency.sh (see the header).
 * SPDX-License-Identifier: GPL-3.0-or-later */

#include "lb-config.h"

#include <stdlib.h>

#include "lb-compare-page.h"
#include "lb-data-page.h"
#include "lb-error.h"
#include "lb-latency-measure.h"
#include "lb-latency-probe.h"
#include "lb-train-page.h"
#include "lb-window.h"

/* Pixels scrolled per frame, as bench/grid-scroll.sh does: a brisk flick. */
#define SCROLL_STEP 48.0

struct _LbLatencyMeasure
{
  char *preset;
  int epochs;
  int compare_epochs;
  char **folders;          /* NULL: the demo set */

  GApplication *app;
  LbWindow *window;
  LbLatencyProbe *scroll_probe;
  gboolean training_stopped;
};

void
lb_latency_measure_free (LbLatencyMeasure *self)
{
  if (self == NULL)
    return;
  g_free (self->preset);
  g_strfreev (self->folders);
  g_clear_object (&self->app);
  g_clear_object (&self->window);
  g_clear_pointer (&self->scroll_probe, lb_latency_probe_free);
  g_free (self);
}

static gboolean
parse_count (const char *key,
             const char *value,
             int         minimum,
             int        *out,
             GError    **error)
{
  gint64 n;

  if (!g_ascii_string_to_signed (value, 10, minimum, 1000, &n, NULL))
    {
      g_set_error (error, LB_ERROR, LB_ERROR_INVALID_INPUT,
                   "--measure-latency: %s takes a whole number from %d to 1000, not “%s”.", key,
                   minimum, value);
      return FALSE;
    }
  *out = (int) n;
  return TRUE;
}

LbLatencyMeasure *
lb_latency_measure_new (const char  *spec,
                        GError     **error)
{
  LbLatencyMeasure *self = g_new0 (LbLatencyMeasure, 1);
  g_auto (GStrv) items = g_strsplit (spec, ",", -1);

  self->preset = g_strdup ("tiny");
  self->epochs = 3;
  self->compare_epochs = 2;
  for (guint i = 0; items[i] != NULL; i++)
    {
      const char *eq = strchr (items[i], '=');
      g_autofree char *key = eq != NULL ? g_strndup (items[i], eq - items[i]) : NULL;
      const char *value = eq != NULL ? eq + 1 : NULL;
      gboolean ok = TRUE;

      if (items[i][0] == '\0')
        continue;
      if (key == NULL)
        ok = FALSE;
      else if (g_str_equal (key, "preset"))
        {
          ok = g_str_equal (value, "tiny") || g_str_equal (value, "quick")
               || g_str_equal (value, "poster");
          g_free (self->preset);
          self->preset = g_strdup (value);
        }
      else if (g_str_equal (key, "epochs"))
        ok = parse_count (key, value, 1, &self->epochs, error);
      else if (g_str_equal (key, "compare-epochs"))
        ok = parse_count (key, value, 0, &self->compare_epochs, error);
      else if (g_str_equal (key, "data"))
        {
          g_strfreev (self->folders);
          self->folders = value[0] != '\0' ? g_strsplit (value, ":", -1) : NULL;
        }
      else
        ok = FALSE;
      if (!ok)
        {
          if (error != NULL && *error == NULL)
            g_set_error (error, LB_ERROR, LB_ERROR_INVALID_INPUT,
                         "--measure-latency: “%s” is not understood. Use preset=tiny|quick|poster, "
                         "epochs=N, compare-epochs=N and data=DIR[:DIR…], separated by commas.",
                         items[i]);
          lb_latency_measure_free (self);
          return NULL;
        }
    }
  return self;
}

void
lb_latency_measure_prepare (LbLatencyMeasure *self)
{
  g_autoptr (GSettings) settings = g_settings_new (LB_APP_ID);
  static const char *const compared[] = { "dice-bce", "jaccard", NULL };
  static const char *const none[] = { NULL };

  g_settings_set_string (settings, "model-preset", self->preset);
  g_settings_set_int (settings, "epochs", 1000);
  g_settings_set_strv (settings, "compare-losses", compared);
  g_settings_set_string (settings, "compare-model", "tiny");
  g_settings_set_int (settings, "compare-epochs", MAX (self->compare_epochs, 1));
  g_settings_set_int (settings, "compare-seeds", 1);
  g_settings_set_strv (settings, "last-datasets",
                       self->folders != NULL ? (const char *const *) self->folders : none);
}

/* ---- the phases, in order: load, train, compare, scroll ---- */

static void lb_latency_measure_compare (LbLatencyMeasure *self);
static void lb_latency_measure_scroll (LbLatencyMeasure *self);

static void
lb_latency_measure_finish (LbLatencyMeasure *self)
{
  g_application_quit (self->app);
  lb_latency_measure_free (self);
}

static gboolean
scroll_tick (GtkWidget     *widget,
             GdkFrameClock *clock,
             gpointer       data)
{
  LbLatencyMeasure *self = data;
  GtkAdjustment *adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (widget));
  double end = gtk_adjustment_get_upper (adjustment) - gtk_adjustment_get_page_size (adjustment);

  if (gtk_adjustment_get_value (adjustment) >= end)
    {
      lb_latency_probe_stop (self->scroll_probe, NULL);
      lb_latency_measure_finish (self);
      return G_SOURCE_REMOVE;
    }
  gtk_adjustment_set_value (adjustment, MIN (gtk_adjustment_get_value (adjustment) + SCROLL_STEP,
                                             end));
  return G_SOURCE_CONTINUE;
}

static void
lb_latency_measure_scroll (LbLatencyMeasure *self)
{
  LbDataPage *page = lb_window_get_data_page (self->window);

  lb_window_show_page (self->window, "data");
  self->scroll_probe = lb_latency_probe_new ("scroll");
  lb_latency_probe_start (self->scroll_probe);
  gtk_widget_add_tick_callback (GTK_WIDGET (lb_data_page_get_grid (page)), scroll_tick, self,
                                NULL);
}

static void
compare_running (LbComparePage    *page,
                 GParamSpec       *pspec,
                 LbLatencyMeasure *self)
{
  if (lb_compare_page_get_running (page))
    return;
  g_signal_handlers_disconnect_by_data (page, self);
  lb_latency_measure_scroll (self);
}

static void
lb_latency_measure_compare (LbLatencyMeasure *self)
{
  LbComparePage *page = lb_window_get_compare_page (self->window);

  if (self->compare_epochs == 0)
    {
      lb_latency_measure_scroll (self);
      return;
    }
  lb_window_show_page (self->window, "compare");
  g_signal_connect (page, "notify::running", G_CALLBACK (compare_running), self);
  gtk_widget_activate_action (GTK_WIDGET (self->window), "win.new-comparison", NULL);
}

static void
train_phase (LbTrainPage      *page,
             GParamSpec       *pspec,
             LbLatencyMeasure *self)
{
  /* Idle again after the stop: the page's probe has logged the phase. */
  if (!self->training_stopped || lb_train_page_get_running (page))
    return;
  g_signal_handlers_disconnect_by_data (page, self);
  lb_latency_measure_compare (self);
}

static void
train_epochs (LbTrainPage      *page,
              GParamSpec       *pspec,
              LbLatencyMeasure *self)
{
  if (self->training_stopped || lb_train_page_get_epochs_done (page) < self->epochs)
    return;
  self->training_stopped = TRUE;
  gtk_widget_activate_action (GTK_WIDGET (page), "train.stop", NULL);
}

static void
data_ready (LbDataPage       *page,
            GParamSpec       *pspec,
            LbLatencyMeasure *self)
{
  LbTrainPage *train = lb_window_get_train_page (self->window);

  if (lb_data_page_get_dataset (page) == NULL || !lb_data_page_get_thumbnails_ready (page))
    return;
  g_signal_handlers_disconnect_by_data (page, self);
  lb_window_show_page (self->window, "train");
  g_signal_connect (train, "notify::epochs-done", G_CALLBACK (train_epochs), self);
  g_signal_connect (train, "notify::phase", G_CALLBACK (train_phase), self);
  gtk_widget_activate_action (GTK_WIDGET (train), "train.start", NULL);
}

void
lb_latency_measure_run (LbLatencyMeasure *self,
                        GApplication     *app,
                        GtkWindow        *window)
{
  LbDataPage *page = lb_window_get_data_page (LB_WINDOW (window));

  self->app = g_object_ref (app);
  self->window = g_object_ref (LB_WINDOW (window));
  lb_window_show_page (self->window, "data");
  g_signal_connect (page, "notify::dataset", G_CALLBACK (data_ready), self);
  g_signal_connect (page, "notify::thumbnails-ready", G_CALLBACK (data_ready), self);
  data_ready (page, NULL, self);
}
