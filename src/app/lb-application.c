/* lb-application.c — the Lossbench AdwApplication: app actions, accelerators, one main window.
 * SPDX-License-Identifier: GPL-3.0-or-later */

#include "lb-config.h"

#include <stdlib.h>
#include <string.h>

#include "lb-application.h"
#include "lb-grid-measure.h"
#include "lb-latency-measure.h"
#include "lb-screenshot.h"
#include "lb-window.h"

/* Frames to let pass after the window is mapped before a --screenshot is taken: the first
 * frames still lay out and load icons; by the third the window is settled. */
#define SCREENSHOT_SETTLE_FRAMES 3

struct _LbApplication
{
  AdwApplication parent_instance;

  /* --screenshot=PAGE,FILE: show PAGE, render the window to FILE, quit. */
  char *screenshot_page;
  char *screenshot_path;
  guint screenshot_frames;
  int screenshot_after_epochs;   /* train-after-epochs=N: train N epochs first, then shoot */
  gboolean screenshot_after_compare; /* compare-finished: run a comparison first, then shoot */
  gboolean screenshot_push;      /* push-after-epochs=N: shoot where each loss pushes instead */
  GtkWindow *screenshot_window;  /* weak: the window shot, when not the main one */
  /* --measure-grid=FOLDER,FILE: open FOLDER, scroll its grid, write the frame times to FILE. */
  char *measure_folder;
  char *measure_path;
  /* --measure-latency=SPEC: the scripted session of bench/ui-latency.sh. */
  LbLatencyMeasure *latency_measure;
  int exit_status;
};

G_DEFINE_FINAL_TYPE (LbApplication, lb_application, ADW_TYPE_APPLICATION)

static const char *const screenshot_pages[] = { "data", "train", "compare", "history", NULL };

LbApplication *
lb_application_new (void)
{
  return g_object_new (LB_TYPE_APPLICATION,
                       "application-id", LB_APP_ID,
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       "resource-base-path", "/io/github/lossbench/Lossbench",
                       NULL);
}

int
lb_application_get_exit_status (LbApplication *self)
{
  g_return_val_if_fail (LB_IS_APPLICATION (self), 1);

  return self->exit_status;
}

static GtkWindow *
lb_application_get_main_window (LbApplication *self)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (window == NULL)
    {
      window = GTK_WINDOW (lb_window_new (ADW_APPLICATION (self)));
      /* The last folder, or the demo set: the app shows data at first launch. */
      lb_data_page_open_initial (lb_window_get_data_page (LB_WINDOW (window)));
    }

  return window;
}

static void
lb_application_quit_action (GSimpleAction *action,
                            GVariant      *parameter,
                            gpointer       user_data)
{
  LbApplication *self = user_data;
  g_autoptr (GList) windows = NULL;

  /* Close rather than destroy, so every window saves its size on the way out. */
  windows = g_list_copy (gtk_application_get_windows (GTK_APPLICATION (self)));
  for (GList *l = windows; l != NULL; l = l->next)
    gtk_window_close (GTK_WINDOW (l->data));

  g_application_quit (G_APPLICATION (self));
}

static void
lb_application_about_action (GSimpleAction *action,
                             GVariant      *parameter,
                             gpointer       user_data)
{
  LbApplication *self = user_data;
  static const char *developers[] = { "The Lossbench developers", NULL };
  GtkWindow *about;

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", gtk_application_get_active_window (GTK_APPLICATION (self)),
                        "modal", TRUE,
                        "application-name", "Lossbench",
                        "application-icon", LB_APP_ID,
                        "version", LB_VERSION,
                        "developer-name", "The Lossbench developers",
                        "developers", developers,
                        "comments", "Train a U-Net on chest X-rays with different loss functions "
                                    "and see which one segments the lungs best, and whether "
                                    "the difference matters.",
                        "website", "https://github.com/lossbench/lossbench",
                        "issue-url", "https://github.com/lossbench/lossbench/issues",
                        "copyright", "© 2026 The Lossbench developers",
                        "license-type", GTK_LICENSE_GPL_3_0,
                        NULL);
  gtk_window_present (about);
}

static void
lb_application_shortcuts_action (GSimpleAction *action,
                                 GVariant      *parameter,
                                 gpointer       user_data)
{
  LbApplication *self = user_data;
  GtkWindow *window = lb_application_get_main_window (self);

  /* GtkApplicationWindow owns the help overlay loaded from gtk/help-overlay.ui. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-help-overlay", NULL);
}

/* F1: what each page does, from ui/lb-help-window.ui. */
static void
lb_application_help_action (GSimpleAction *action,
                            GVariant      *parameter,
                            gpointer       user_data)
{
  LbApplication *self = user_data;
  g_autoptr (GtkBuilder) builder =
    gtk_builder_new_from_resource ("/io/github/lossbench/Lossbench/ui/lb-help-window.ui");
  GtkWindow *help = GTK_WINDOW (gtk_builder_get_object (builder, "help_window"));

  gtk_window_set_transient_for (help, lb_application_get_main_window (self));
  gtk_window_present (help);
}

static const GActionEntry app_actions[] = {
  { .name = "quit", .activate = lb_application_quit_action },
  { .name = "about", .activate = lb_application_about_action },
  { .name = "shortcuts", .activate = lb_application_shortcuts_action },
  { .name = "help", .activate = lb_application_help_action },
};

static void
lb_application_startup (GApplication *application)
{
  LbApplication *self = LB_APPLICATION (application);
  static const char *quit_accels[] = { "<Control>q", NULL };
  static const char *shortcuts_accels[] = { "<Control>question", "<Control><Shift>question", NULL };
  static const char *help_accels[] = { "F1", NULL };
  static const char *no_accels[] = { NULL };

  G_APPLICATION_CLASS (lb_application_parent_class)->startup (application);

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions,
                                   G_N_ELEMENTS (app_actions), self);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.shortcuts",
                                         shortcuts_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.help", help_accels);
  /* GtkApplication gives win.show-help-overlay Ctrl+? on its own; app.shortcuts owns it here,
   * so one key does not name two actions. */
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "win.show-help-overlay",
                                         no_accels);
}

static gboolean
lb_application_take_screenshot (gpointer user_data)
{
  LbApplication *self = user_data;
  g_autoptr (GError) error = NULL;
  GtkWindow *window = self->screenshot_push ? self->screenshot_window
                                            : gtk_application_get_active_window (
                                                GTK_APPLICATION (self));

  if (window == NULL
      || !lb_screenshot_widget_to_png (GTK_WIDGET (window), self->screenshot_path, &error))
    {
      g_printerr ("lossbench: %s\n",
                  error != NULL ? error->message : "The window closed before the screenshot.");
      self->exit_status = 1;
    }

  g_application_quit (G_APPLICATION (self));
  return G_SOURCE_REMOVE;
}

static gboolean
lb_application_screenshot_tick (GtkWidget     *widget,
                                GdkFrameClock *frame_clock,
                                gpointer       user_data)
{
  LbApplication *self = user_data;

  if (!gtk_widget_get_mapped (widget) || ++self->screenshot_frames < SCREENSHOT_SETTLE_FRAMES)
    {
      gtk_widget_queue_draw (widget);
      return G_SOURCE_CONTINUE;
    }

  /* The tick runs before this frame is painted: capture from the main loop after it. */
  g_idle_add_full (G_PRIORITY_LOW, lb_application_take_screenshot, g_object_ref (self),
                   g_object_unref);
  return G_SOURCE_REMOVE;
}

static void
lb_application_screenshot_arm (LbApplication *self,
                               GtkWindow     *window)
{
  gtk_widget_add_tick_callback (GTK_WIDGET (window), lb_application_screenshot_tick,
                                g_object_ref (self), g_object_unref);
}

static void
lb_application_epochs_done (LbTrainPage   *page,
                            GParamSpec    *pspec,
                            LbApplication *self)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (self->screenshot_after_epochs <= 0
      || lb_train_page_get_epochs_done (page) < self->screenshot_after_epochs || window == NULL)
    return;
  self->screenshot_after_epochs = 0;
  if (self->screenshot_push)
    {
      self->screenshot_window = lb_train_page_show_push (page);
      g_object_add_weak_pointer (G_OBJECT (self->screenshot_window),
                                 (gpointer *) &self->screenshot_window);
      window = self->screenshot_window;
    }
  /* Mid-training, as a person would see it: the run goes on while the window is captured. */
  lb_application_screenshot_arm (self, window);
}

static void
lb_application_compare_running (LbComparePage *page,
                                GParamSpec    *pspec,
                                LbApplication *self)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  /* Finished, and the results read after its last run: the table then holds every run. */
  if (!self->screenshot_after_compare || lb_compare_page_get_running (page)
      || !lb_compare_page_get_results_complete (page) || window == NULL)
    return;
  self->screenshot_after_compare = FALSE;
  lb_application_screenshot_arm (self, window);
}

static void
lb_application_dataset_ready (LbDataPage    *page,
                              GParamSpec    *pspec,
                              LbApplication *self)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (window == NULL || lb_data_page_get_dataset (page) == NULL)
    return;
  /* The Data page is shot with its grid filled. */
  if (self->screenshot_after_epochs == 0 && !self->screenshot_after_compare
      && !lb_data_page_get_thumbnails_ready (page))
    return;
  g_signal_handlers_disconnect_by_func (page, lb_application_dataset_ready, self);
  if (self->screenshot_after_epochs > 0)
    gtk_widget_activate_action (GTK_WIDGET (lb_window_get_train_page (LB_WINDOW (window))),
                                "train.start", NULL);
  else if (self->screenshot_after_compare)
    gtk_widget_activate_action (GTK_WIDGET (window), "win.new-comparison", NULL);
  else
    lb_application_screenshot_arm (self, window);
}

static void
lb_application_activate (GApplication *application)
{
  LbApplication *self = LB_APPLICATION (application);
  GtkWindow *window;

  /* Its settings are read when the pages are built. */
  if (self->latency_measure != NULL)
    lb_latency_measure_prepare (self->latency_measure);
  window = lb_application_get_main_window (self);
  if (self->latency_measure != NULL)
    {
      gtk_window_unmaximize (window);
      gtk_window_set_default_size (window, 1200, 760);
      lb_latency_measure_run (g_steal_pointer (&self->latency_measure), application, window);
    }
  else if (self->measure_path != NULL)
    {
      gtk_window_unmaximize (window);
      gtk_window_set_default_size (window, 1200, 760);
      lb_grid_measure_run (application, LB_WINDOW (window), self->measure_folder,
                           self->measure_path);
    }
  else if (self->screenshot_path != NULL)
    {
      /* GNOME's default window buttons, whatever the machine making the screenshot uses, so
       * screenshots are reproducible; the size is the settings' (make-screenshots.sh writes
       * them), not maximised. */
      g_object_set (gtk_settings_get_default (), "gtk-decoration-layout", "appmenu:close", NULL);
      gtk_window_unmaximize (window);
      lb_window_show_page (LB_WINDOW (window), self->screenshot_page);
      /* Wait for the data (and the epochs asked for) before capturing. */
      g_signal_connect_object (lb_window_get_train_page (LB_WINDOW (window)), "notify::epochs-done",
                               G_CALLBACK (lb_application_epochs_done), self, 0);
      g_signal_connect_object (lb_window_get_compare_page (LB_WINDOW (window)), "notify::running",
                               G_CALLBACK (lb_application_compare_running), self, 0);
      g_signal_connect_object (lb_window_get_compare_page (LB_WINDOW (window)),
                               "notify::results-complete",
                               G_CALLBACK (lb_application_compare_running), self, 0);
      if (lb_data_page_get_dataset (lb_window_get_data_page (LB_WINDOW (window))) != NULL)
        lb_application_dataset_ready (lb_window_get_data_page (LB_WINDOW (window)), NULL, self);
      else
        {
          g_signal_connect_object (lb_window_get_data_page (LB_WINDOW (window)), "notify::dataset",
                                   G_CALLBACK (lb_application_dataset_ready), self, 0);
          g_signal_connect_object (lb_window_get_data_page (LB_WINDOW (window)),
                                   "notify::thumbnails-ready",
                                   G_CALLBACK (lb_application_dataset_ready), self, 0);
        }
    }

  gtk_window_present (window);
}

static int
lb_application_handle_local_options (GApplication *application,
                                     GVariantDict *options)
{
  LbApplication *self = LB_APPLICATION (application);
  const char *spec = NULL;
  const char *comma;

  if (g_variant_dict_lookup (options, "measure-latency", "&s", &spec))
    {
      g_autoptr (GError) error = NULL;

      self->latency_measure = lb_latency_measure_new (spec, &error);
      if (self->latency_measure == NULL)
        {
          g_printerr ("lossbench: %s\n", error->message);
          return 2;
        }
      g_application_set_flags (application,
                               g_application_get_flags (application) | G_APPLICATION_NON_UNIQUE);
      return -1;
    }
  if (g_variant_dict_lookup (options, "measure-grid", "&s", &spec))
    {
      comma = strrchr (spec, ',');
      if (comma == NULL || comma == spec || comma[1] == '\0')
        {
          g_printerr ("lossbench: --measure-grid needs FOLDER,FILE\n");
          return 2;
        }
      self->measure_folder = g_strndup (spec, comma - spec);
      self->measure_path = g_strdup (comma + 1);
      g_application_set_flags (application,
                               g_application_get_flags (application) | G_APPLICATION_NON_UNIQUE);
      return -1;
    }
  if (!g_variant_dict_lookup (options, "screenshot", "&s", &spec))
    return -1;

  comma = strchr (spec, ',');
  if (comma == NULL || comma[1] == '\0')
    {
      g_printerr ("lossbench: --screenshot needs PAGE,FILE, for example data,/tmp/main-window.png\n");
      return 2;
    }

  self->screenshot_page = g_strndup (spec, comma - spec);
  self->screenshot_path = g_strdup (comma + 1);
  if (g_str_has_prefix (self->screenshot_page, "push-after-epochs="))
    {
      /* The same run, then the window of where each loss pushes on its previews. */
      char *epochs = g_strconcat ("train-after-epochs=",
                                  self->screenshot_page + strlen ("push-after-epochs="), NULL);

      g_free (self->screenshot_page);
      self->screenshot_page = epochs;
      self->screenshot_push = TRUE;
    }
  if (g_str_has_prefix (self->screenshot_page, "train-after-epochs="))
    {
      self->screenshot_after_epochs = atoi (self->screenshot_page + strlen ("train-after-epochs="));
      if (self->screenshot_after_epochs < 1)
        {
          g_printerr ("lossbench: train-after-epochs needs a number of epochs, e.g. train-after-epochs=3\n");
          return 2;
        }
      g_free (self->screenshot_page);
      self->screenshot_page = g_strdup ("train");
    }
  else if (g_strcmp0 (self->screenshot_page, "compare-finished") == 0)
    {
      self->screenshot_after_compare = TRUE;
      g_free (self->screenshot_page);
      self->screenshot_page = g_strdup ("compare");
    }
  if (!g_strv_contains (screenshot_pages, self->screenshot_page))
    {
      g_printerr ("lossbench: unknown page “%s”; use data, train, train-after-epochs=N, push-after-epochs=N, compare, compare-finished or history\n",
                  self->screenshot_page);
      return 2;
    }

  /* A screenshot comes from this process, never from an instance already running. */
  g_application_set_flags (application,
                           g_application_get_flags (application) | G_APPLICATION_NON_UNIQUE);
  return -1;
}

static void
lb_application_finalize (GObject *object)
{
  LbApplication *self = LB_APPLICATION (object);

  if (self->screenshot_window != NULL)
    g_object_remove_weak_pointer (G_OBJECT (self->screenshot_window),
                                  (gpointer *) &self->screenshot_window);
  g_clear_pointer (&self->screenshot_page, g_free);
  g_clear_pointer (&self->screenshot_path, g_free);
  g_clear_pointer (&self->measure_folder, g_free);
  g_clear_pointer (&self->measure_path, g_free);
  g_clear_pointer (&self->latency_measure, lb_latency_measure_free);

  G_OBJECT_CLASS (lb_application_parent_class)->finalize (object);
}

static void
lb_application_class_init (LbApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->finalize = lb_application_finalize;

  app_class->startup = lb_application_startup;
  app_class->activate = lb_application_activate;
  app_class->handle_local_options = lb_application_handle_local_options;
}

static void
lb_application_init (LbApplication *self)
{
  static const GOptionEntry options[] = {
    { "screenshot", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_STRING, NULL,
      "Show PAGE, save the window as a PNG to FILE, and quit", "PAGE,FILE" },
    { "measure-grid", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_STRING, NULL,
      "Open FOLDER, scroll its thumbnail grid, write the frame times to FILE, and quit",
      "FOLDER,FILE" },
    { "measure-latency", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_STRING, NULL,
      "Load, train, compare and scroll, logging the main loop's lateness, and quit",
      "SPEC" },
    { NULL }
  };

  g_application_add_main_option_entries (G_APPLICATION (self), options);
}
