/* lb-window.c — the main window: header bar, view switcher over Data, Train, Compare, History.
 * SPDX-License-Identifier: GPL-3.0-or-later */

#include "lb-config.h"

#include "lb-compare-page.h"
#include "lb-data-page.h"
#include "lb-history-page.h"
#include "lb-train-page.h"
#include "lb-window.h"

struct _LbWindow
{
  AdwApplicationWindow parent_instance;

  GSettings *settings;
  LbDataSource *data_source;   /* the dataset every page works on */

  /* Template children. */
  AdwToastOverlay *toast_overlay;
  AdwViewStack *view_stack;
  LbDataPage *data_page;    /* pages of view_stack, not owned */
  LbTrainPage *train_page;
  LbComparePage *compare_page;
  LbHistoryPage *history_page;
};

G_DEFINE_FINAL_TYPE (LbWindow, lb_window, ADW_TYPE_APPLICATION_WINDOW)

LbWindow *
lb_window_new (AdwApplication *application)
{
  g_return_val_if_fail (ADW_IS_APPLICATION (application), NULL);

  return g_object_new (LB_TYPE_WINDOW, "application", application, NULL);
}

gboolean
lb_window_show_page (LbWindow   *self,
                     const char *page_name)
{
  g_return_val_if_fail (LB_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (page_name != NULL, FALSE);

  if (adw_view_stack_get_child_by_name (self->view_stack, page_name) == NULL)
    return FALSE;

  adw_view_stack_set_visible_child_name (self->view_stack, page_name);
  return TRUE;
}

void
lb_window_add_toast (LbWindow *self,
                     AdwToast *toast)
{
  g_return_if_fail (LB_IS_WINDOW (self));
  g_return_if_fail (ADW_IS_TOAST (toast));

  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

void
lb_window_toast_take (GtkWidget *from,
                      AdwToast  *toast)
{
  GtkRoot *root = gtk_widget_get_root (from);

  if (LB_IS_WINDOW (root))
    lb_window_add_toast (LB_WINDOW (root), toast);
  else
    g_object_unref (g_object_ref_sink (toast));
}

void
lb_window_toast (GtkWidget  *from,
                 const char *text)
{
  lb_window_toast_take (from, adw_toast_new (text));
}

gboolean
lb_window_release_experiment (GtkWidget  *from,
                              const char *folder,
                              GError    **error)
{
  GtkRoot *root = gtk_widget_get_root (from);

  if (!LB_IS_WINDOW (root))
    return TRUE;
  return lb_train_page_release_experiment (LB_WINDOW (root)->train_page, folder, error)
         && lb_compare_page_release_experiment (LB_WINDOW (root)->compare_page, folder, error);
}

void
lb_window_show_error (GtkWidget  *from,
                      const char *heading,
                      const char *body)
{
  GtkRoot *root = gtk_widget_get_root (from);
  GtkWidget *dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                              heading, body);

  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", "_Close");
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
lb_window_show_page_action (GtkWidget  *widget,
                            const char *action_name,
                            GVariant   *parameter)
{
  LbWindow *self = LB_WINDOW (widget);
  const char *page_name = g_variant_get_string (parameter, NULL);

  if (!lb_window_show_page (self, page_name))
    g_warning ("There is no page named “%s”", page_name);
}

static void
lb_window_open_dataset_action (GtkWidget  *widget,
                               const char *action_name,
                               GVariant   *parameter)
{
  lb_data_page_choose_folder (LB_WINDOW (widget)->data_page);
}

static void
lb_window_open_demo_action (GtkWidget  *widget,
                            const char *action_name,
                            GVariant   *parameter)
{
  LbWindow *self = LB_WINDOW (widget);

  lb_data_page_open_demo (self->data_page);
  lb_window_show_page (self, "data");
}

/* The Compare page's own actions, for what lives outside it (toasts, Ctrl+E, the --screenshot
 * and latency scripts): show the page, then act there. */
static void
lb_window_compare_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  static const struct
  {
    const char *window;
    const char *page;
  } forwards[] = {
    { "win.new-comparison", "compare.run" },
    { "win.resume-comparison", "compare.resume" },
    { "win.export-csv", "compare.export" },
  };
  LbWindow *self = LB_WINDOW (widget);

  for (guint i = 0; i < G_N_ELEMENTS (forwards); i++)
    if (g_str_equal (action_name, forwards[i].window))
      {
        lb_window_show_page (self, "compare");
        gtk_widget_activate_action (GTK_WIDGET (self->compare_page), forwards[i].page, NULL);
      }
}

/* Ctrl+Return starts what the visible page starts: the comparison on Compare, training on
 * Train, the chosen experiments side by side on History, nothing elsewhere. */
static void
lb_window_start_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  LbWindow *self = LB_WINDOW (widget);

  GtkWidget *visible = adw_view_stack_get_visible_child (self->view_stack);

  if (visible == GTK_WIDGET (self->compare_page))
    gtk_widget_activate_action (visible, "compare.run", NULL);
  else if (visible == GTK_WIDGET (self->train_page))
    gtk_widget_activate_action (visible, "train.start", NULL);
  else if (visible == GTK_WIDGET (self->history_page))
    gtk_widget_activate_action (visible, "history.side-by-side", NULL);
}

/* win.open-experiment and win.resume-experiment, with the experiment's folder: in Compare. */
static void
lb_window_open_experiment_action (GtkWidget  *widget,
                                  const char *action_name,
                                  GVariant   *parameter)
{
  LbWindow *self = LB_WINDOW (widget);
  gboolean resume = g_str_equal (action_name, "win.resume-experiment");

  lb_compare_page_open (self->compare_page, g_variant_get_string (parameter, NULL), resume);
  lb_window_show_page (self, "compare");
}

/* Actions follow what the pages can do right now. */
static void
lb_window_sync_actions (LbWindow *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  gboolean comparing = lb_compare_page_get_running (self->compare_page);
  gboolean training = lb_train_page_get_running (self->train_page) || comparing;
  gboolean loading = lb_data_source_get_busy (self->data_source);
  gboolean have_data = lb_data_source_get_dataset (self->data_source) != NULL;

  /* Swapping the data under a running trainer would pull its arrays away. */
  gtk_widget_action_set_enabled (widget, "win.open-dataset", !training);
  gtk_widget_action_set_enabled (widget, "win.open-demo", !training && !loading);
  /* One training at a time: it already uses every core. */
  gtk_widget_action_set_enabled (widget, "win.new-comparison",
                                 !training && !loading && have_data);
  gtk_widget_action_set_enabled (widget, "win.resume-comparison",
                                 !training && !loading && have_data);
  lb_compare_page_set_can_train (self->compare_page,
                                 !lb_train_page_get_running (self->train_page) && !loading
                                 && have_data);
  gtk_widget_action_set_enabled (widget, "win.export-csv",
                                 lb_compare_page_get_has_results (self->compare_page));
}

LbDataSource *
lb_window_get_data_source (LbWindow *self)
{
  g_return_val_if_fail (LB_IS_WINDOW (self), NULL);

  return self->data_source;
}

LbDataPage *
lb_window_get_data_page (LbWindow *self)
{
  g_return_val_if_fail (LB_IS_WINDOW (self), NULL);

  return self->data_page;
}

LbComparePage *
lb_window_get_compare_page (LbWindow *self)
{
  g_return_val_if_fail (LB_IS_WINDOW (self), NULL);

  return self->compare_page;
}

LbTrainPage *
lb_window_get_train_page (LbWindow *self)
{
  g_return_val_if_fail (LB_IS_WINDOW (self), NULL);

  return self->train_page;
}

static void
lb_window_dispose (GObject *object)
{
  LbWindow *self = LB_WINDOW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), LB_TYPE_WINDOW);

  G_OBJECT_CLASS (lb_window_parent_class)->dispose (object);
}

static void
lb_window_finalize (GObject *object)
{
  LbWindow *self = LB_WINDOW (object);

  g_clear_object (&self->settings);
  g_clear_object (&self->data_source);

  G_OBJECT_CLASS (lb_window_parent_class)->finalize (object);
}

static void
lb_window_class_init (LbWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  static const struct
  {
    guint key;
    const char *page;
  } page_keys[] = {
    { GDK_KEY_1, "data" },
    { GDK_KEY_2, "train" },
    { GDK_KEY_3, "compare" },
    { GDK_KEY_4, "history" },
  };

  object_class->dispose = lb_window_dispose;
  object_class->finalize = lb_window_finalize;

  /* The pages are built by the template, so their types must exist before it is parsed. */
  g_type_ensure (LB_TYPE_DATA_PAGE);
  g_type_ensure (LB_TYPE_TRAIN_PAGE);
  g_type_ensure (LB_TYPE_COMPARE_PAGE);
  g_type_ensure (LB_TYPE_HISTORY_PAGE);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/lossbench/Lossbench/ui/lb-window.ui");
  gtk_widget_class_bind_template_child (widget_class, LbWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, LbWindow, view_stack);

  gtk_widget_class_install_action (widget_class, "win.show-page", "s", lb_window_show_page_action);
  for (guint i = 0; i < G_N_ELEMENTS (page_keys); i++)
    gtk_widget_class_add_binding_action (widget_class, page_keys[i].key, GDK_ALT_MASK,
                                         "win.show-page", "s", page_keys[i].page);

  gtk_widget_class_install_action (widget_class, "win.open-dataset", NULL,
                                   lb_window_open_dataset_action);
  gtk_widget_class_install_action (widget_class, "win.open-demo", NULL,
                                   lb_window_open_demo_action);
  gtk_widget_class_install_action (widget_class, "win.new-comparison", NULL,
                                   lb_window_compare_action);
  gtk_widget_class_install_action (widget_class, "win.resume-comparison", NULL,
                                   lb_window_compare_action);
  gtk_widget_class_install_action (widget_class, "win.export-csv", NULL,
                                   lb_window_compare_action);
  gtk_widget_class_install_action (widget_class, "win.start", NULL, lb_window_start_action);
  gtk_widget_class_install_action (widget_class, "win.open-experiment", "s",
                                   lb_window_open_experiment_action);
  gtk_widget_class_install_action (widget_class, "win.resume-experiment", "s",
                                   lb_window_open_experiment_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_o, GDK_CONTROL_MASK,
                                       "win.open-dataset", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK,
                                       "win.start", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Enter, GDK_CONTROL_MASK,
                                       "win.start", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_e, GDK_CONTROL_MASK,
                                       "win.export-csv", NULL);
}

static void
lb_window_init (LbWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));


  if (g_strcmp0 (LB_PROFILE, "development") == 0)
    gtk_widget_add_css_class (GTK_WIDGET (self), "devel");

  /* GTK updates default-width and default-height as the window is resized, so these bindings
   * save the size a person gives it, and apply the saved one before the window is shown. */
  self->settings = g_settings_new (LB_APP_ID);
  g_settings_bind (self->settings, "window-width", self, "default-width", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "window-height", self, "default-height",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "window-maximized", self, "maximized",
                   G_SETTINGS_BIND_DEFAULT);

  /* The pages belong to the view stack; the window only talks to them. */
  self->data_page = LB_DATA_PAGE (adw_view_stack_get_child_by_name (self->view_stack, "data"));
  self->train_page = LB_TRAIN_PAGE (adw_view_stack_get_child_by_name (self->view_stack, "train"));
  self->compare_page = LB_COMPARE_PAGE (adw_view_stack_get_child_by_name (self->view_stack,
                                                                          "compare"));
  self->history_page = LB_HISTORY_PAGE (adw_view_stack_get_child_by_name (self->view_stack,
                                                                          "history"));
  self->data_source = lb_data_source_new ();
  lb_data_page_set_data_source (self->data_page, self->data_source);
  lb_train_page_set_data_source (self->train_page, self->data_source);
  /* One training at a time: a comparison holds Start back. */
  g_object_bind_property (self->compare_page, "running", self->train_page, "blocked",
                          G_BINDING_SYNC_CREATE);
  lb_compare_page_set_data_source (self->compare_page, self->data_source);
  g_signal_connect_object (self->compare_page, "notify::running",
                           G_CALLBACK (lb_window_sync_actions), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->compare_page, "notify::has-results",
                           G_CALLBACK (lb_window_sync_actions), self, G_CONNECT_SWAPPED);
  /* A comparison that starts or ends changes the run store. */
  g_signal_connect_object (self->compare_page, "notify::running",
                           G_CALLBACK (lb_history_page_refresh), self->history_page,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->train_page, "notify::phase",
                           G_CALLBACK (lb_window_sync_actions), self, G_CONNECT_SWAPPED);
  /* So does a run on the Train page: each is a one-run experiment. */
  g_signal_connect_object (self->train_page, "notify::running",
                           G_CALLBACK (lb_history_page_refresh), self->history_page,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->data_source, "notify::busy",
                           G_CALLBACK (lb_window_sync_actions), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->data_source, "notify::dataset",
                           G_CALLBACK (lb_window_sync_actions), self, G_CONNECT_SWAPPED);
  lb_window_sync_actions (self);
}
