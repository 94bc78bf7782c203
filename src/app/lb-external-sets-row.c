/* lb-external-sets-row.c — the Compare form's external test sets.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each folder's row says the name its results will go by (as the engine names it: after the
 * folder, numbered on a clash) and how many pairs it holds, counted on a worker thread from the
 * file names alone, so a folder on a slow disk never holds up the window. */

#include "lb-config.h"

#include "lb-external-sets-row.h"

#include "lb-dataset-discover.h"
#include "lb-window.h"

struct _LbExternalSetsRow
{
  AdwExpanderRow parent_instance;

  GSettings *settings;
  char *key;
  GtkWidget *add_button;
  GPtrArray *rows;             /* AdwActionRow, one per folder, in the setting's order */
  GPtrArray *paths;            /* char *: their folders */
  GCancellable *counting;      /* the pair count under way */
  gboolean editable;
};

G_DEFINE_FINAL_TYPE (LbExternalSetsRow, lb_external_sets_row, ADW_TYPE_EXPANDER_ROW)

/* ---- counting each folder's pairs, on a worker ---- */

static void
count_pairs (GTask        *task,
             gpointer      source,
             gpointer      data,
             GCancellable *cancellable)
{
  GPtrArray *paths = data;
  GPtrArray *subtitles = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < paths->len && !g_cancellable_is_cancelled (cancellable); i++)
    {
      const char *path = g_ptr_array_index (paths, i);
      g_autoptr (GError) error = NULL;
      g_autoptr (LbPairingReport) report = lb_dataset_discover_unchecked (path, &error);

      if (report == NULL)
        g_ptr_array_add (subtitles, g_strdup (error->message));
      else if (report->pairs->len == 0)
        g_ptr_array_add (subtitles, g_strdup_printf ("No image there has a mask: it cannot be a "
                                                     "test set · %s", path));
      else
        g_ptr_array_add (subtitles, g_strdup_printf ("%u pair%s · %s", report->pairs->len,
                                                     report->pairs->len == 1 ? "" : "s", path));
    }
  g_task_return_pointer (task, subtitles, (GDestroyNotify) g_ptr_array_unref);
}

static void
counted (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr (GPtrArray) subtitles = g_task_propagate_pointer (G_TASK (result), NULL);
  LbExternalSetsRow *self = user_data;

  /* Cancelled: the rows were made again, or the widget is gone. */
  if (subtitles != NULL && !g_task_had_error (G_TASK (result))
      && self->rows->len == subtitles->len)
    for (guint i = 0; i < subtitles->len; i++)
      adw_action_row_set_subtitle (g_ptr_array_index (self->rows, i),
                                   g_ptr_array_index (subtitles, i));
  g_object_unref (self);
}

static void
lb_external_sets_row_count (LbExternalSetsRow *self)
{
  GTask *task;
  GPtrArray *paths = g_ptr_array_new_with_free_func (g_free);

  g_cancellable_cancel (self->counting);
  g_clear_object (&self->counting);
  self->counting = g_cancellable_new ();
  for (guint i = 0; i < self->paths->len; i++)
    g_ptr_array_add (paths, g_strdup (g_ptr_array_index (self->paths, i)));
  task = g_task_new (NULL, self->counting, counted, g_object_ref (self));
  g_task_set_check_cancellable (task, TRUE);
  g_task_set_task_data (task, paths, (GDestroyNotify) g_ptr_array_unref);
  g_task_run_in_thread (task, count_pairs);
  g_object_unref (task);
}

/* ---- the rows ---- */

static void
lb_external_sets_row_update_sensitivity (LbExternalSetsRow *self)
{
  gtk_widget_set_sensitive (self->add_button, self->editable);
  for (guint i = 0; i < self->rows->len; i++)
    gtk_widget_set_sensitive (g_object_get_data (g_ptr_array_index (self->rows, i), "remove"),
                              self->editable);
}

static void
remove_clicked (GtkButton         *button,
                LbExternalSetsRow *self)
{
  const char *path = g_object_get_data (G_OBJECT (button), "path");
  g_auto (GStrv) folders = g_settings_get_strv (self->settings, self->key);
  g_autoptr (GStrvBuilder) kept = g_strv_builder_new ();
  g_auto (GStrv) value = NULL;

  for (char **f = folders; *f; f++)
    if (g_strcmp0 (*f, path) != 0)
      g_strv_builder_add (kept, *f);
  value = g_strv_builder_end (kept);
  g_settings_set_strv (self->settings, self->key, (const char *const *) value);
}

static GtkWidget *
lb_external_sets_row_new_folder_row (LbExternalSetsRow *self,
                                     const char        *name,
                                     const char        *path,
                                     const char        *problem)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *remove = gtk_button_new_from_icon_name ("user-trash-symbolic");
  g_autofree char *remove_name = g_strdup_printf ("Remove External Test Set %s", name);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), name);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), problem != NULL ? problem : path);
  if (problem != NULL)
    gtk_widget_add_css_class (row, "warning");
  gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (remove, "flat");
  gtk_widget_set_tooltip_text (remove, "Remove");
  gtk_accessible_update_property (GTK_ACCESSIBLE (remove), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  remove_name, -1);
  g_object_set_data_full (G_OBJECT (remove), "path", g_strdup (path), g_free);
  g_signal_connect_object (remove, "clicked", G_CALLBACK (remove_clicked), self, 0);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), remove);
  g_object_set_data (G_OBJECT (row), "remove", remove);
  return row;
}

/* The rows from the setting: named as the engine will name them, problems said at once. */
static void
lb_external_sets_row_rebuild (LbExternalSetsRow *self)
{
  g_auto (GStrv) folders = g_settings_get_strv (self->settings, self->key);
  g_autoptr (GString) names = g_string_new (NULL);
  LbExperimentConfig scratch = { 0 };

  for (guint i = 0; i < self->rows->len; i++)
    adw_expander_row_remove (ADW_EXPANDER_ROW (self), g_ptr_array_index (self->rows, i));
  g_ptr_array_set_size (self->rows, 0);
  g_ptr_array_set_size (self->paths, 0);

  for (char **f = folders; *f; f++)
    {
      g_autofree char *problem = lb_experiment_config_add_external (&scratch, *f);
      const char *name = problem == NULL ? scratch.external[scratch.n_external - 1].name : *f;
      GtkWidget *row = lb_external_sets_row_new_folder_row (self, name, *f, problem);

      adw_expander_row_add_row (ADW_EXPANDER_ROW (self), row);
      g_ptr_array_add (self->rows, row);
      g_ptr_array_add (self->paths, g_strdup (*f));
      g_string_append_printf (names, "%s%s", names->len > 0 ? ", " : "", name);
    }
  lb_experiment_config_clear (&scratch);
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (self),
                                 names->len > 0 ? names->str
                                                : "None: the runs are tested on the split only");
  lb_external_sets_row_update_sensitivity (self);
  if (self->paths->len > 0)
    lb_external_sets_row_count (self);
}

/* ---- adding a folder ---- */

static void
chooser_response (GtkNativeDialog *dialog,
                  int              response,
                  gpointer         user_data)
{
  LbExternalSetsRow *self = user_data;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr (GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autofree char *path = file != NULL ? g_file_get_path (file) : NULL;
      g_auto (GStrv) folders = g_settings_get_strv (self->settings, self->key);

      if (path == NULL)
        lb_window_toast (GTK_WIDGET (self), "That folder is not on a local disk; copy it to one "
                                            "and add it from there.");
      else if (g_strv_contains ((const char *const *) folders, path))
        lb_window_toast (GTK_WIDGET (self), "That folder is an external test set already.");
      else
        {
          g_autoptr (GStrvBuilder) builder = g_strv_builder_new ();
          g_auto (GStrv) value = NULL;

          g_strv_builder_addv (builder, (const char **) folders);
          g_strv_builder_add (builder, path);
          value = g_strv_builder_end (builder);
          g_settings_set_strv (self->settings, self->key, (const char *const *) value);
          adw_expander_row_set_expanded (ADW_EXPANDER_ROW (self), TRUE);
        }
    }
  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
  g_object_unref (self);
}

static void
add_clicked (LbExternalSetsRow *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkFileChooserNative *chooser = gtk_file_chooser_native_new ("Add External Test Set",
                                                               GTK_WINDOW (root),
                                                               GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER,
                                                               "_Add", "_Cancel");

  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect (chooser, "response", G_CALLBACK (chooser_response), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* ---- public ---- */

void
lb_external_sets_row_bind (LbExternalSetsRow *self,
                           GSettings         *settings,
                           const char        *key)
{
  g_autofree char *signal = g_strconcat ("changed::", key, NULL);

  g_return_if_fail (LB_IS_EXTERNAL_SETS_ROW (self));
  g_return_if_fail (self->settings == NULL);

  self->settings = g_object_ref (settings);
  self->key = g_strdup (key);
  g_signal_connect_object (settings, signal, G_CALLBACK (lb_external_sets_row_rebuild), self,
                           G_CONNECT_SWAPPED);
  lb_external_sets_row_rebuild (self);
}

char *
lb_external_sets_row_apply (LbExternalSetsRow  *self,
                            LbExperimentConfig *config)
{
  g_return_val_if_fail (LB_IS_EXTERNAL_SETS_ROW (self), NULL);

  for (guint i = 0; i < self->paths->len; i++)
    {
      char *why = lb_experiment_config_add_external (config, g_ptr_array_index (self->paths, i));
      if (why != NULL)
        return why;
    }
  return NULL;
}

void
lb_external_sets_row_set_editable (LbExternalSetsRow *self,
                                   gboolean           editable)
{
  g_return_if_fail (LB_IS_EXTERNAL_SETS_ROW (self));

  self->editable = editable;
  lb_external_sets_row_update_sensitivity (self);
}

/* ---- GObject ---- */

static void
lb_external_sets_row_dispose (GObject *object)
{
  LbExternalSetsRow *self = LB_EXTERNAL_SETS_ROW (object);

  g_cancellable_cancel (self->counting);
  g_clear_object (&self->counting);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (lb_external_sets_row_parent_class)->dispose (object);
}

static void
lb_external_sets_row_finalize (GObject *object)
{
  LbExternalSetsRow *self = LB_EXTERNAL_SETS_ROW (object);

  g_ptr_array_unref (self->rows);
  g_ptr_array_unref (self->paths);
  g_free (self->key);

  G_OBJECT_CLASS (lb_external_sets_row_parent_class)->finalize (object);
}

static void
lb_external_sets_row_class_init (LbExternalSetsRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = lb_external_sets_row_dispose;
  object_class->finalize = lb_external_sets_row_finalize;
}

static void
lb_external_sets_row_init (LbExternalSetsRow *self)
{
  const char *title = "External Test Sets";

  self->rows = g_ptr_array_new ();
  self->paths = g_ptr_array_new_with_free_func (g_free);
  self->editable = TRUE;
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self), title);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, title,
                                  -1);
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (self),
                                 "None: the runs are tested on the split only");

  self->add_button = gtk_button_new_from_icon_name ("list-add-symbolic");
  gtk_widget_set_valign (self->add_button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (self->add_button, "flat");
  gtk_widget_set_tooltip_text (self->add_button,
                               "Add a folder of pairs from elsewhere: every run is measured on "
                               "it after training");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->add_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, "Add External Test Set", -1);
  g_signal_connect_object (self->add_button, "clicked", G_CALLBACK (add_clicked), self,
                           G_CONNECT_SWAPPED);
  adw_expander_row_add_action (ADW_EXPANDER_ROW (self), self->add_button);
}
