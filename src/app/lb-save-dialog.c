/* lb-save-dialog.c — asks where to save a file, and hands back a local path.
 * SPDX-License-Identifier: GPL-3.0-or-later */

#include "lb-save-dialog.h"

#include "lb-window.h"

typedef struct
{
  GtkWidget *from;
  LbSaveDialogChosen chosen;
  gpointer user_data;
  GDestroyNotify destroy;
} SaveRequest;

static void
save_request_free (SaveRequest *request)
{
  if (request->destroy != NULL)
    request->destroy (request->user_data);
  g_object_unref (request->from);
  g_free (request);
}

static void
save_response (GtkNativeDialog *dialog,
               int              response,
               gpointer         data)
{
  SaveRequest *request = data;
  g_autoptr (GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
  g_autofree char *path = file != NULL ? g_file_get_path (file) : NULL;

  if (response == GTK_RESPONSE_ACCEPT && path == NULL)
    lb_window_show_error (request->from, "Cannot Save There",
                          "Choose a file on a local disk to save to.");
  else if (response == GTK_RESPONSE_ACCEPT)
    request->chosen (path, request->user_data);
  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
  save_request_free (request);
}

void
lb_save_dialog_ask (GtkWidget          *from,
                    const char         *title,
                    const char         *accept,
                    const char         *name,
                    LbSaveDialogChosen  chosen,
                    gpointer            user_data,
                    GDestroyNotify      destroy)
{
  GtkRoot *root = gtk_widget_get_root (from);
  const char *start = g_getenv ("LOSSBENCH_EXPORT_DIR");
  GtkFileChooserNative *chooser;
  SaveRequest *request;

  chooser = gtk_file_chooser_native_new (title, GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                         GTK_FILE_CHOOSER_ACTION_SAVE, accept, "_Cancel");
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  if (start != NULL && start[0] != '\0')
    {
      g_autoptr (GFile) folder = g_file_new_for_path (start);
      gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (chooser), folder, NULL);
    }
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  request = g_new0 (SaveRequest, 1);
  request->from = g_object_ref (from);
  request->chosen = chosen;
  request->user_data = user_data;
  request->destroy = destroy;
  g_signal_connect (chooser, "response", G_CALLBACK (save_response), request);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}
