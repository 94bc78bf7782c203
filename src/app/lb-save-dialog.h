/* lb-save-dialog.h — asks where to save a file, and hands back a local path.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Called with the path chosen, on the main thread; never when the user cancels. */
typedef void (*LbSaveDialogChosen) (const char *path,
                                    gpointer    user_data);

/* A modal save dialog over FROM's window titled TITLE, its button ACCEPT ("_Export"),
 * suggesting NAME in the folder
 * $LOSSBENCH_EXPORT_DIR when it is set (tests and scripts), else the dialog's own. A choice
 * that is no local file is said in an error dialog. USER_DATA is freed with DESTROY once the
 * dialog is gone. */
void lb_save_dialog_ask (GtkWidget          *from,
                         const char         *title,
                         const char         *accept,
                         const char         *name,
                         LbSaveDialogChosen  chosen,
                         gpointer            user_data,
                         GDestroyNotify      destroy);

G_END_DECLS
