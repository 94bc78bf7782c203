/* lb-history-page.c — the History page: earlier experiments, to reopen, resume or delete.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A list of LbExperimentItem made from the run store's entries (lb_run_store_list, on a worker
 * thread), one LbHistoryRow a row. Open and Resume are the window's actions
 * (win.open-experiment, win.resume-experiment), Delete the page's (history.delete); each takes
 * the experiment's folder. The rows' check boxes choose experiments for the runs side by side
 * (history.side-by-side, lb-side-by-side-window.h); the choice is kept by folder, so a refresh
 * keeps it and a deleted experiment leaves it. While the page is on show and a Slurm job or
 * another process fills a listed experiment, the store is read again every few seconds, and
 * only the rows that say something new are made again. */

#include "lb-config.h"

#include "lb-experiment-item.h"
#include "lb-history-page.h"
#include "lb-history-row.h"
#include "lb-run-set.h"
#include "lb-run-store.h"
#include "lb-side-by-side-window.h"
#include "lb-system.h"
#include "lb-window.h"

struct _LbHistoryPage
{
  AdwBin parent_instance;

  GCancellable *cancellable;

  /* Template children. */
  GtkStack *stack;
  GtkLabel *store_label;
  GtkListBox *list;
  GListStore *experiments;   /* LbExperimentItem, newest first */
  GtkActionBar *choose_bar;
  GtkLabel *choose_label;

  GHashTable *chosen;        /* folders of the experiments chosen for side by side */

  /* While the page is on show and others fill an experiment it lists: the next look. */
  guint follow_source;
  guint follow_seconds;
};

/* How often the store is read again while others fill an experiment on show: soon after a
 * change, then less often while nothing changes. */
#define FOLLOW_FIRST_SECONDS 2
#define FOLLOW_LAST_SECONDS 10

G_DEFINE_FINAL_TYPE (LbHistoryPage, lb_history_page, ADW_TYPE_BIN)

/* ---- the experiments chosen for side by side ---- */

/* The chosen folders in the list's order (newest first): A is the top one. */
static GStrvBuilder *
lb_history_page_collect_chosen (LbHistoryPage *self)
{
  GListModel *model = G_LIST_MODEL (self->experiments);
  GStrvBuilder *builder = g_strv_builder_new ();

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr (LbExperimentItem) item = g_list_model_get_item (model, i);
      const char *folder = lb_experiment_item_get_folder (item);

      if (g_hash_table_contains (self->chosen, folder))
        g_strv_builder_add (builder, folder);
    }
  return builder;
}

static void
lb_history_page_update_choice (LbHistoryPage *self)
{
  guint n = g_hash_table_size (self->chosen);
  g_autofree char *text = NULL;

  if (n == 1)
    text = g_strdup ("1 experiment chosen: choose another to set beside it");
  else if (n > LB_RUN_SET_MAX_EXPERIMENTS)
    text = g_strdup_printf ("%u experiments chosen: at most %d fit side by side", n,
                            LB_RUN_SET_MAX_EXPERIMENTS);
  else
    text = g_strdup_printf ("%u experiments chosen", n);
  gtk_label_set_text (self->choose_label, text);
  gtk_action_bar_set_revealed (self->choose_bar, n > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "history.side-by-side",
                                 n >= 2 && n <= LB_RUN_SET_MAX_EXPERIMENTS);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "history.clear-choice", n > 0);
}

/* A refresh keeps the choice of the experiments still listed (and undamaged). */
static void
lb_history_page_keep_chosen (LbHistoryPage *self,
                             GPtrArray     *items)
{
  g_autoptr (GHashTable) kept = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; i < items->len; i++)
    {
      LbExperimentItem *item = g_ptr_array_index (items, i);
      const char *folder = lb_experiment_item_get_folder (item);

      if (g_hash_table_contains (self->chosen, folder) && !lb_experiment_item_get_damaged (item))
        g_hash_table_add (kept, g_strdup (folder));
    }
  g_hash_table_unref (self->chosen);
  self->chosen = g_steal_pointer (&kept);
}

static void
row_chosen_changed (LbHistoryRow  *row,
                    GParamSpec    *pspec,
                    LbHistoryPage *self)
{
  const char *folder = lb_history_row_get_folder (row);

  if (lb_history_row_get_chosen (row))
    g_hash_table_add (self->chosen, g_strdup (folder));
  else
    g_hash_table_remove (self->chosen, folder);
  lb_history_page_update_choice (self);
}

static void
side_by_side_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  LbHistoryPage *self = LB_HISTORY_PAGE (widget);
  g_autoptr (GStrvBuilder) builder = lb_history_page_collect_chosen (self);
  g_auto (GStrv) folders = g_strv_builder_end (builder);
  GtkRoot *root = gtk_widget_get_root (widget);

  if (g_strv_length (folders) < 2)
    return;
  gtk_window_present (lb_side_by_side_window_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                                  (const char *const *) folders));
}

static void
clear_choice_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  LbHistoryPage *self = LB_HISTORY_PAGE (widget);
  GtkWidget *row;

  g_hash_table_remove_all (self->chosen);
  /* Untick the rows on show (each untick finds its folder already gone from the choice). */
  for (guint i = 0; (row = GTK_WIDGET (gtk_list_box_get_row_at_index (self->list, i))); i++)
    if (LB_IS_HISTORY_ROW (row) && lb_history_row_get_chosen (LB_HISTORY_ROW (row)))
      lb_history_row_set_chosen (LB_HISTORY_ROW (row), FALSE);
  lb_history_page_update_choice (self);
}

/* ---- reading the run store ---- */

/* Reads every experiment's config and run states: files, so off the main thread. */
static void
scan_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  g_autofree char *store = lb_run_store_default_root ();
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) entries = NULL;
  GPtrArray *items;

  lb_system_enter_worker_thread ();

  entries = lb_run_store_list (store, &error);
  if (entries == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  /* Newest first, as the run store lists them: the items take the entries. */
  g_ptr_array_set_free_func (entries, NULL);
  items = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < entries->len; i++)
    g_ptr_array_add (items, lb_experiment_item_new (g_ptr_array_index (entries, i)));
  g_task_return_pointer (task, items, (GDestroyNotify) g_ptr_array_unref);
}

/* Puts ITEMS (a newer reading of the store) in the list. When the same experiments are
 * listed, only the rows that say something new are made again, so that a row being looked at
 * or used keeps its place and focus. Whether anything changed. */
static gboolean
lb_history_page_merge (LbHistoryPage *self,
                       GPtrArray     *items)
{
  GListModel *model = G_LIST_MODEL (self->experiments);
  guint n = g_list_model_get_n_items (model);
  gboolean same_list = n == items->len;
  gboolean changed = FALSE;

  for (guint i = 0; same_list && i < n; i++)
    {
      g_autoptr (LbExperimentItem) old = g_list_model_get_item (model, i);

      same_list = g_strcmp0 (lb_experiment_item_get_folder (old),
                             lb_experiment_item_get_folder (g_ptr_array_index (items, i))) == 0;
    }
  if (!same_list)
    {
      g_list_store_splice (self->experiments, 0, n, items->pdata, items->len);
      return TRUE;
    }
  for (guint i = 0; i < n; i++)
    {
      g_autoptr (LbExperimentItem) old = g_list_model_get_item (model, i);
      gpointer item = g_ptr_array_index (items, i);

      if (lb_experiment_item_differs (old, item))
        {
          g_list_store_splice (self->experiments, i, 1, &item, 1);
          changed = TRUE;
        }
    }
  return changed;
}

static gboolean
follow_timeout (gpointer user_data)
{
  LbHistoryPage *self = user_data;

  self->follow_source = 0;
  lb_history_page_refresh (self);
  return G_SOURCE_REMOVE;
}

/* While the page is on show and a Slurm job or another process fills one of ITEMS, reads the
 * store again: soon after a change, less often while nothing changes. */
static void
lb_history_page_follow (LbHistoryPage *self,
                        GPtrArray     *items,
                        gboolean       changed)
{
  gboolean followed = FALSE;

  g_clear_handle_id (&self->follow_source, g_source_remove);
  for (guint i = 0; i < items->len && !followed; i++)
    followed = lb_experiment_item_get_followed (g_ptr_array_index (items, i));
  if (!followed || !gtk_widget_get_mapped (GTK_WIDGET (self)))
    return;
  self->follow_seconds = changed ? FOLLOW_FIRST_SECONDS
                                 : MIN (self->follow_seconds * 2, FOLLOW_LAST_SECONDS);
  self->follow_source = g_timeout_add_seconds (self->follow_seconds, follow_timeout, self);
}

static void
scan_done (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  LbHistoryPage *self = LB_HISTORY_PAGE (source);
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) items = g_task_propagate_pointer (G_TASK (result), &error);
  gboolean changed;

  if (items == NULL)
    {
      /* Stopped by a newer refresh, or the folder cannot be read: say so, in the latter case. */
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_autofree char *text = g_strdup_printf ("%s Check the folder's permissions.",
                                                   error->message);

          lb_window_toast (GTK_WIDGET (self), text);
        }
      return;
    }
  lb_history_page_keep_chosen (self, items);
  changed = lb_history_page_merge (self, items);
  lb_history_page_update_choice (self);
  gtk_stack_set_visible_child_name (self->stack, items->len > 0 ? "list" : "empty");
  lb_history_page_follow (self, items, changed);
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

/* ---- history.delete ---- */

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

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_autofree char *text = g_strdup_printf ("Could not delete the experiment: %s. Check the "
                                               "folder's permissions.", error->message);

      lb_window_toast (GTK_WIDGET (self), text);
    }
  else
    lb_window_toast (GTK_WIDGET (self), "Experiment deleted");
  lb_history_page_refresh (self);
}

/* The experiment the confirmation is about, until it is answered. */
typedef struct
{
  LbHistoryPage *self;
  char *folder;
} DeleteRequest;

static void
delete_request_free (gpointer data,
                     GClosure *closure)
{
  DeleteRequest *request = data;

  g_object_unref (request->self);
  g_free (request->folder);
  g_free (request);
}

static void
delete_response (AdwMessageDialog *dialog,
                 const char       *response,
                 DeleteRequest    *request)
{
  GTask *task;
  g_autoptr (GError) error = NULL;

  if (g_strcmp0 (response, "delete") != 0)
    return;
  /* Nothing may go on showing, exporting or training what is about to go. */
  if (!lb_window_release_experiment (GTK_WIDGET (request->self), request->folder, &error))
    {
      lb_window_show_error (GTK_WIDGET (request->self), "Could Not Delete the Experiment",
                            error->message);
      return;
    }
  task = g_task_new (request->self, NULL, delete_done, NULL);
  g_task_set_task_data (task, g_strdup (request->folder), g_free);
  g_task_run_in_thread (task, delete_thread);
  g_object_unref (task);
}

static void
delete_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  LbHistoryPage *self = LB_HISTORY_PAGE (widget);
  const char *folder = g_variant_get_string (parameter, NULL);
  g_autofree char *name = g_path_get_basename (folder);
  g_autofree char *body = g_strdup_printf ("The experiment “%s” and every run in it (weights, "
                                           "histories, predicted masks) will be removed from "
                                           "disk. This cannot be undone.", name);
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWidget *dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                              "Delete Experiment?", body);
  DeleteRequest *request = g_new0 (DeleteRequest, 1);

  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", "_Cancel",
                                    "delete", "_Delete", NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "delete",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  request->self = g_object_ref (self);
  request->folder = g_strdup (folder);
  g_signal_connect_data (dialog, "response", G_CALLBACK (delete_response), request,
                         delete_request_free, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* ---- GObject ---- */

static GtkWidget *
create_row (gpointer item,
            gpointer user_data)
{
  LbHistoryPage *self = user_data;
  const char *folder = lb_experiment_item_get_folder (LB_EXPERIMENT_ITEM (item));
  GtkWidget *row = lb_history_row_new (LB_EXPERIMENT_ITEM (item),
                                       g_hash_table_contains (self->chosen, folder));

  g_signal_connect_object (row, "notify::chosen", G_CALLBACK (row_chosen_changed), self, 0);
  return row;
}

static void
lb_history_page_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (lb_history_page_parent_class)->map (widget);
  lb_history_page_refresh (LB_HISTORY_PAGE (widget));
}

static void
lb_history_page_unmap (GtkWidget *widget)
{
  LbHistoryPage *self = LB_HISTORY_PAGE (widget);

  g_clear_handle_id (&self->follow_source, g_source_remove);
  GTK_WIDGET_CLASS (lb_history_page_parent_class)->unmap (widget);
}

static void
lb_history_page_dispose (GObject *object)
{
  LbHistoryPage *self = LB_HISTORY_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->follow_source, g_source_remove);
  g_clear_pointer (&self->chosen, g_hash_table_unref);
  adw_bin_set_child (ADW_BIN (object), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (object), LB_TYPE_HISTORY_PAGE);

  G_OBJECT_CLASS (lb_history_page_parent_class)->dispose (object);
}

static void
lb_history_page_class_init (LbHistoryPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lb_history_page_dispose;
  widget_class->map = lb_history_page_map;
  widget_class->unmap = lb_history_page_unmap;

  gtk_widget_class_install_action (widget_class, "history.delete", "s", delete_action);
  gtk_widget_class_install_action (widget_class, "history.side-by-side", NULL,
                                   side_by_side_action);
  gtk_widget_class_install_action (widget_class, "history.clear-choice", NULL,
                                   clear_choice_action);

  g_type_ensure (LB_TYPE_EXPERIMENT_ITEM);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/lossbench/Lossbench/ui/lb-history-page.ui");
  gtk_widget_class_bind_template_child (widget_class, LbHistoryPage, stack);
  gtk_widget_class_bind_template_child (widget_class, LbHistoryPage, store_label);
  gtk_widget_class_bind_template_child (widget_class, LbHistoryPage, list);
  gtk_widget_class_bind_template_child (widget_class, LbHistoryPage, experiments);
  gtk_widget_class_bind_template_child (widget_class, LbHistoryPage, choose_bar);
  gtk_widget_class_bind_template_child (widget_class, LbHistoryPage, choose_label);
}

static void
lb_history_page_init (LbHistoryPage *self)
{
  g_autofree char *store = lb_run_store_default_root ();
  g_autofree char *text = g_strdup_printf ("Stored in %s", store);

  gtk_widget_init_template (GTK_WIDGET (self));
  self->chosen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  gtk_label_set_text (self->store_label, text);
  gtk_list_box_bind_model (self->list, G_LIST_MODEL (self->experiments), create_row, self,
                           NULL);
  lb_history_page_update_choice (self);
}
