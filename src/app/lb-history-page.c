/* lb-history-page.c — the History page: earlier experiments, to reopen, resume or delete.
 * SPDX-License-Identifier: GPL-3.0-or-later */

#include "lb-config.h"

#include "lb-compare-page.h"
#include "lb-error.h"
#include "lb-experiment.h"
#include "lb-run-store.h"
#include "lb-system.h"
#include "lb-history-page.h"
#include "lb-window.h"

struct _LbHistoryPage
{
  AdwBin parent_instance;

  GCancellable *cancellable;
  GPtrArray *rows;

  /* Template children. */
  GtkStack *stack;
  GtkLabel *store_label;
  GtkListBox *list;
};

G_DEFINE_FINAL_TYPE (LbHistoryPage, lb_history_page, ADW_TYPE_BIN)

typedef struct
{
  char *folder;
  char *title;
  char *subtitle;
  gboolean complete;
  gboolean damaged;  /* config.json unreadable: only Delete is offered */
} Entry;

static void
entry_free (Entry *entry)
{
  g_free (entry->folder);
  g_free (entry->title);
  g_free (entry->subtitle);
  g_free (entry);
}

static int
compare_entries (gconstpointer a,
                 gconstpointer b)
{
  const Entry *x = *(Entry **) a;
  const Entry *y = *(Entry **) b;

  /* Newest first: folders are named by their start time. */
  return -g_strcmp0 (x->title, y->title);
}

/* Reads every experiment's config and run states: files, so off the main thread. */
static void
scan_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  g_autofree char *store = lb_run_store_default_root ();
  g_autoptr (GDir) dir = g_dir_open (store, 0, NULL);
  GPtrArray *entries = g_ptr_array_new_with_free_func ((GDestroyNotify) entry_free);
  const char *name;

  lb_system_enter_worker_thread ();

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *folder = g_build_filename (store, name, NULL);
      g_autoptr (LbExperiment) experiment = NULL;
      g_autoptr (GString) losses = g_string_new (NULL);
      const LbExperimentConfig *config;
      guint n_runs;
      guint done = 0;
      Entry *entry;

      if (g_cancellable_is_cancelled (cancellable))
        break;
      g_autoptr (GError) error = NULL;
      experiment = lb_experiment_open (folder, &error);
      if (experiment == NULL)
        {
          /* Listed, not hidden: the user should learn why it will not open, and can delete it. */
          if (g_error_matches (error, LB_ERROR, LB_ERROR_NOT_FOUND))
            continue;  /* not an experiment folder at all */
          entry = g_new0 (Entry, 1);
          entry->folder = g_steal_pointer (&folder);
          entry->title = g_strdup (name);
          entry->damaged = TRUE;
          entry->subtitle = g_strdup (error->message);
          g_ptr_array_add (entries, entry);
          continue;
        }
      config = lb_experiment_get_config (experiment);
      n_runs = lb_experiment_get_n_runs (experiment);
      for (guint i = 0; i < n_runs; i++)
        {
          LbRunInfo run;

          lb_experiment_get_run (experiment, i, &run);
          done += run.state == LB_RUN_DONE;
          lb_run_info_clear (&run);
        }
      for (guint l = 0; l < config->n_losses; l++)
        {
          g_autofree char *label = lb_experiment_dup_loss_label (experiment, l);

          g_string_append_printf (losses, "%s%s", l > 0 ? ", " : "", label);
        }

      entry = g_new0 (Entry, 1);
      entry->folder = g_steal_pointer (&folder);
      entry->title = g_strdup (name);
      entry->complete = lb_experiment_is_complete (experiment);
      entry->subtitle = g_strdup_printf ("%s × %u seed%s, %s preset — %s (%u of %u runs)",
                                         losses->str, config->n_seeds,
                                         config->n_seeds == 1 ? "" : "s", config->preset,
                                         entry->complete ? "finished" : "interrupted", done,
                                         n_runs);
      g_ptr_array_add (entries, entry);
    }
  g_ptr_array_sort (entries, compare_entries);
  g_task_return_pointer (task, entries, (GDestroyNotify) g_ptr_array_unref);
}

static LbWindow *
lb_history_page_get_window (LbHistoryPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return LB_IS_WINDOW (root) ? LB_WINDOW (root) : NULL;
}

static void
lb_history_page_open_clicked (GtkButton     *button,
                              LbHistoryPage *self)
{
  LbWindow *window = lb_history_page_get_window (self);
  const char *folder = g_object_get_data (G_OBJECT (button), "folder");
  gboolean resume = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (button), "resume"));

  if (window == NULL)
    return;
  lb_compare_page_open (lb_window_get_compare_page (window), folder, resume);
  lb_window_show_page (window, "compare");
}

static void
delete_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  g_autoptr (GError) error = NULL;

  lb_system_enter_worker_thread ();

  if (lb_run_store_delete (task_data, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, g_steal_pointer (&error));
}

static void
delete_done (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  LbHistoryPage *self = LB_HISTORY_PAGE (source);
  g_autoptr (GError) error = NULL;
  LbWindow *window = lb_history_page_get_window (self);

  if (!g_task_propagate_boolean (G_TASK (result), &error) && window != NULL)
    {
      g_autofree char *text = g_strdup_printf ("Could not delete the experiment: %s. Check the "
                                               "folder's permissions.", error->message);

      lb_window_add_toast (window, adw_toast_new (text));
    }
  else if (window != NULL)
    lb_window_add_toast (window, adw_toast_new ("Experiment deleted"));
  lb_history_page_refresh (self);
}

static void
delete_response (AdwMessageDialog *dialog,
                 const char       *response,
                 LbHistoryPage    *self)
{
  const char *folder = g_object_get_data (G_OBJECT (dialog), "folder");
  GTask *task;

  if (g_strcmp0 (response, "delete") != 0)
    return;
  task = g_task_new (self, NULL, delete_done, NULL);
  g_task_set_task_data (task, g_strdup (folder), g_free);
  g_task_run_in_thread (task, delete_thread);
  g_object_unref (task);
}

static void
lb_history_page_delete_clicked (GtkButton     *button,
                                LbHistoryPage *self)
{
  const char *folder = g_object_get_data (G_OBJECT (button), "folder");
  g_autofree char *name = g_path_get_basename (folder);
  g_autofree char *body = g_strdup_printf ("The experiment “%s” and every run in it (weights, "
                                           "histories, predicted masks) will be removed from "
                                           "disk. This cannot be undone.", name);
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (lb_history_page_get_window (self)),
                                              "Delete Experiment?", body);

  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", "_Cancel",
                                    "delete", "_Delete", NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "delete",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "folder", g_strdup (folder), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (delete_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static GtkWidget *
row_button (LbHistoryPage *self,
            const char    *label,
            const char    *accessible,
            const char    *folder,
            GCallback      callback)
{
  GtkWidget *button = gtk_button_new_with_label (label);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  accessible, -1);
  g_object_set_data_full (G_OBJECT (button), "folder", g_strdup (folder), g_free);
  g_signal_connect (button, "clicked", callback, self);
  return button;
}

static void
scan_done (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  LbHistoryPage *self = LB_HISTORY_PAGE (source);
  g_autoptr (GPtrArray) entries = g_task_propagate_pointer (G_TASK (result), NULL);

  if (entries == NULL)
    return;
  for (guint i = 0; i < self->rows->len; i++)
    gtk_list_box_remove (self->list, g_ptr_array_index (self->rows, i));
  g_ptr_array_set_size (self->rows, 0);

  for (guint i = 0; i < entries->len; i++)
    {
      Entry *entry = g_ptr_array_index (entries, i);
      GtkWidget *row = adw_action_row_new ();
      g_autofree char *open_name = g_strdup_printf ("Open %s in Compare", entry->title);
      g_autofree char *resume_name = g_strdup_printf ("Resume %s", entry->title);
      g_autofree char *delete_name = g_strdup_printf ("Delete %s…", entry->title);
      GtkWidget *delete_button;

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), entry->title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), entry->subtitle);
      if (!entry->damaged)
        adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                   row_button (self, "Open", open_name, entry->folder,
                                               G_CALLBACK (lb_history_page_open_clicked)));
      if (!entry->complete && !entry->damaged)
        {
          GtkWidget *resume = row_button (self, "Resume", resume_name, entry->folder,
                                          G_CALLBACK (lb_history_page_open_clicked));

          g_object_set_data (G_OBJECT (resume), "resume", GINT_TO_POINTER (TRUE));
          gtk_widget_add_css_class (resume, "suggested-action");
          adw_action_row_add_suffix (ADW_ACTION_ROW (row), resume);
        }
      delete_button = row_button (self, "Delete…", delete_name, entry->folder,
                                  G_CALLBACK (lb_history_page_delete_clicked));
      gtk_widget_add_css_class (delete_button, "destructive-action");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), delete_button);
      gtk_list_box_append (self->list, row);
      g_ptr_array_add (self->rows, row);
    }
  gtk_stack_set_visible_child_name (self->stack, entries->len > 0 ? "list" : "empty");
}

void
lb_history_page_refresh (LbHistoryPage *self)
{
  GTask *task;

  g_return_if_fail (LB_IS_HISTORY_PAGE (self));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  task = g_task_new (self, self->cancellable, scan_done, NULL);
  g_task_run_in_thread (task, scan_thread);
  g_object_unref (task);
}

static void
lb_history_page_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (lb_history_page_parent_class)->map (widget);
  lb_history_page_refresh (LB_HISTORY_PAGE (widget));
}

static void
lb_history_page_dispose (GObject *object)
{
  LbHistoryPage *self = LB_HISTORY_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  adw_bin_set_child (ADW_BIN (object), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (object), LB_TYPE_HISTORY_PAGE);

  G_OBJECT_CLASS (lb_history_page_parent_class)->dispose (object);
}

static void
lb_history_page_finalize (GObject *object)
{
  g_clear_pointer (&LB_HISTORY_PAGE (object)->rows, g_ptr_array_unref);

  G_OBJECT_CLASS (lb_history_page_parent_class)->finalize (object);
}

static void
lb_history_page_class_init (LbHistoryPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lb_history_page_dispose;
  object_class->finalize = lb_history_page_finalize;
  widget_class->map = lb_history_page_map;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/lossbench/Lossbench/ui/lb-history-page.ui");
  gtk_widget_class_bind_template_child (widget_class, LbHistoryPage, stack);
  gtk_widget_class_bind_template_child (widget_class, LbHistoryPage, store_label);
  gtk_widget_class_bind_template_child (widget_class, LbHistoryPage, list);
}

static void
lb_history_page_init (LbHistoryPage *self)
{
  g_autofree char *store = lb_run_store_default_root ();
  g_autofree char *text = g_strdup_printf ("Stored in %s", store);

  gtk_widget_init_template (GTK_WIDGET (self));
  self->rows = g_ptr_array_new ();
  gtk_label_set_text (self->store_label, text);
}
