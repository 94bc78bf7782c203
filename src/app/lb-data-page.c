/* lb-data-page.c — the Data page: open a dataset, see how it paired up, browse images and masks.
 * SPDX-License-Identifier: GPL-3.0-or-later */

#include "lb-config.h"

#include "lb-data-page.h"
#include "lb-data-summary.h"
#include "lb-latency-probe.h"
#include "lb-pair-viewer.h"
#include "lb-thumbnail-grid.h"
#include "lb-window.h"

struct _LbDataPage
{
  AdwBin parent_instance;

  GSettings *settings;
  LbDataSource *source;
  LbDataset *shown;          /* the source's dataset the views show, or NULL */
  LbLatencyProbe *latency;   /* from opening a dataset to the last thumbnail */

  /* Template children. */
  GtkStack *stack;
  AdwStatusPage *loading_state;
  GtkProgressBar *loading_progress;
  LbDataSummary *summary;
  LbThumbnailGrid *grid;
  LbPairViewer *viewer;
};

G_DEFINE_FINAL_TYPE (LbDataPage, lb_data_page, ADW_TYPE_BIN)

enum
{
  PROP_0,
  PROP_DATA_SOURCE,
  PROP_DATASET,
  PROP_BUSY,
  PROP_THUMBNAILS_READY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

LbDataSource *
lb_data_page_get_data_source (LbDataPage *self)
{
  g_return_val_if_fail (LB_IS_DATA_PAGE (self), NULL);

  return self->source;
}

LbDataset *
lb_data_page_get_dataset (LbDataPage *self)
{
  g_return_val_if_fail (LB_IS_DATA_PAGE (self), NULL);

  return self->source != NULL ? lb_data_source_get_dataset (self->source) : NULL;
}

const char *const *
lb_data_page_get_folders (LbDataPage *self)
{
  g_return_val_if_fail (LB_IS_DATA_PAGE (self), NULL);

  return self->source != NULL ? lb_data_source_get_folders (self->source) : NULL;
}

gboolean
lb_data_page_get_busy (LbDataPage *self)
{
  g_return_val_if_fail (LB_IS_DATA_PAGE (self), FALSE);

  return self->source != NULL && lb_data_source_get_busy (self->source);
}

gboolean
lb_data_page_get_thumbnails_ready (LbDataPage *self)
{
  g_return_val_if_fail (LB_IS_DATA_PAGE (self), FALSE);

  return lb_thumbnail_grid_get_thumbnails_ready (self->grid);
}

GtkGridView *
lb_data_page_get_grid (LbDataPage *self)
{
  g_return_val_if_fail (LB_IS_DATA_PAGE (self), NULL);

  return lb_thumbnail_grid_get_view (self->grid);
}

/* Loading problems stay a little longer than the usual toast: they say what to do. */
static void
lb_data_page_toast (LbDataPage *self,
                    const char *text)
{
  AdwToast *toast = adw_toast_new (text);

  adw_toast_set_timeout (toast, 8);
  lb_window_toast_take (GTK_WIDGET (self), toast);
}

/* ---- following the data source ---- */

static void
source_loading_changed (LbDataPage *self)
{
  const char *const *folders = lb_data_source_get_loading_folders (self->source);
  g_autofree char *title = NULL;

  if (!lb_data_source_get_busy (self->source))
    return;
  if (folders != NULL)
    {
      g_autofree char *name = lb_folders_display_name (folders);

      title = g_strdup_printf ("Loading “%s”…", name);
    }
  else
    title = g_strdup ("Making the Demo Set…");
  adw_status_page_set_title (self->loading_state, title);
  gtk_progress_bar_set_fraction (self->loading_progress, 0);
  gtk_progress_bar_set_text (self->loading_progress, NULL);
  if (folders == NULL)
    gtk_progress_bar_pulse (self->loading_progress);
  gtk_stack_set_visible_child_name (self->stack, "loading");
  /* Measured from here (or from when the window is up, at startup) until the last thumbnail
   * is in the grid. */
  lb_latency_probe_start_when_shown (self->latency, GTK_WIDGET (self));
}

static void
source_progress (LbDataPage *self)
{
  guint done = lb_data_source_get_loaded (self->source);
  guint total = lb_data_source_get_total (self->source);
  g_autofree char *text = NULL;

  if (!lb_data_source_get_busy (self->source) || total == 0)
    return;
  text = g_strdup_printf ("%u of %u pairs", done, total);
  gtk_progress_bar_set_fraction (self->loading_progress, (double) done / total);
  gtk_progress_bar_set_text (self->loading_progress, text);
}

static void
source_busy_changed (LbDataPage *self)
{
  /* A load that ended without a new dataset: back to what was shown. One that brought a
   * dataset shows it next, when the source announces it. */
  if (!lb_data_source_get_busy (self->source)
      && lb_data_source_get_dataset (self->source) == self->shown)
    {
      gtk_stack_set_visible_child_name (self->stack, self->shown != NULL ? "content" : "empty");
      lb_latency_probe_stop (self->latency, "pairs=0");
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

static void
source_dataset_changed (LbDataPage *self)
{
  LbDataset *dataset = lb_data_source_get_dataset (self->source);

  g_set_object (&self->shown, dataset);
  lb_thumbnail_grid_set_dataset (self->grid, dataset);
  if (dataset != NULL)
    lb_data_summary_set_dataset (self->summary, dataset,
                                 lb_data_source_get_folders (self->source));
  lb_pair_viewer_set_dataset (self->viewer, dataset);
  gtk_stack_set_visible_child_name (self->stack, dataset != NULL ? "content" : "empty");
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DATASET]);
}

static void
source_load_failed (LbDataPage         *self,
                    const char *const  *folders,
                    const GError       *error)
{
  g_autofree char *text = NULL;

  if (folders != NULL)
    {
      g_autofree char *name = lb_folders_display_name (folders);

      text = g_strdup_printf ("Could not open “%s”: %s", name, error->message);
    }
  else
    text = g_strdup_printf ("Could not make the demo set: %s", error->message);
  lb_data_page_toast (self, text);
}

/* The demo set is remembered as no folder. Nothing is written before a first dataset is open,
 * so the folders of the last session stay remembered while they load again. */
static GVariant *
folders_to_setting (const GValue       *value,
                    const GVariantType *expected_type,
                    gpointer            user_data)
{
  const char *const *folders = g_value_get_boxed (value);
  const char *const none[] = { NULL };

  if (lb_data_source_get_dataset (LB_DATA_SOURCE (user_data)) == NULL)
    return NULL;
  return g_variant_new_strv (folders != NULL ? folders : none, -1);
}

void
lb_data_page_set_data_source (LbDataPage   *self,
                              LbDataSource *source)
{
  g_return_if_fail (LB_IS_DATA_PAGE (self));
  g_return_if_fail (source == NULL || LB_IS_DATA_SOURCE (source));

  if (self->source == source)
    return;
  if (self->source != NULL)
    {
      g_settings_unbind (self->source, "folders");
      g_signal_handlers_disconnect_by_data (self->source, self);
    }
  g_set_object (&self->source, source);
  if (source != NULL)
    {
      g_signal_connect_object (source, "notify::loading-folders",
                               G_CALLBACK (source_loading_changed), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (source, "notify::loaded", G_CALLBACK (source_progress), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (source, "notify::busy", G_CALLBACK (source_busy_changed), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (source, "notify::dataset", G_CALLBACK (source_dataset_changed),
                               self, G_CONNECT_SWAPPED);
      g_signal_connect_object (source, "load-failed", G_CALLBACK (source_load_failed), self,
                               G_CONNECT_SWAPPED);
      g_settings_bind_with_mapping (self->settings, "last-datasets", source, "folders",
                                    G_SETTINGS_BIND_SET | G_SETTINGS_BIND_NO_SENSITIVITY,
                                    NULL, folders_to_setting, source, NULL);
    }
  if (source != NULL && lb_data_source_get_dataset (source) != self->shown)
    source_dataset_changed (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DATA_SOURCE]);
}

/* ---- opening ---- */

void
lb_data_page_open_demo (LbDataPage *self)
{
  g_return_if_fail (LB_IS_DATA_PAGE (self));
  g_return_if_fail (self->source != NULL);

  lb_data_source_open_demo (self->source);
}

void
lb_data_page_open_folders (LbDataPage         *self,
                           const char *const  *folders)
{
  g_return_if_fail (LB_IS_DATA_PAGE (self));
  g_return_if_fail (self->source != NULL);

  lb_data_source_open_folders (self->source, folders);
}

void
lb_data_page_open_initial (LbDataPage *self)
{
  g_auto (GStrv) last = NULL;
  gboolean all_there;

  g_return_if_fail (LB_IS_DATA_PAGE (self));

  /* Read once, to choose what to open; the binding above keeps it up to date from then on. */
  last = g_settings_get_strv (self->settings, "last-datasets");
  all_there = last[0] != NULL;
  for (guint i = 0; last[i] != NULL; i++)
    all_there = all_there && g_file_test (last[i], G_FILE_TEST_IS_DIR);
  if (all_there)
    lb_data_page_open_folders (self, (const char *const *) last);
  else
    lb_data_page_open_demo (self);
}

static void
chooser_response (GtkNativeDialog *dialog,
                  int              response,
                  gpointer         user_data)
{
  LbDataPage *self = user_data;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr (GListModel) files = gtk_file_chooser_get_files (GTK_FILE_CHOOSER (dialog));
      g_autoptr (GStrvBuilder) builder = g_strv_builder_new ();
      g_auto (GStrv) paths = NULL;
      gboolean all_local = TRUE;

      for (guint i = 0; i < g_list_model_get_n_items (files); i++)
        {
          g_autoptr (GFile) file = g_list_model_get_item (files, i);
          g_autofree char *path = g_file_get_path (file);

          all_local = all_local && path != NULL;
          if (path != NULL)
            g_strv_builder_add (builder, path);
        }
      paths = g_strv_builder_end (builder);
      if (all_local && paths[0] != NULL)
        lb_data_page_open_folders (self, (const char *const *) paths);
      else
        lb_data_page_toast (self, "That folder is not on a local disk; copy it to one and open it from there.");
    }
  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
  g_object_unref (self);
}

void
lb_data_page_choose_folder (LbDataPage *self)
{
  GtkFileChooserNative *chooser;
  GtkRoot *root;
  const char *const *folders;

  g_return_if_fail (LB_IS_DATA_PAGE (self));

  root = gtk_widget_get_root (GTK_WIDGET (self));
  chooser = gtk_file_chooser_native_new ("Open Dataset Folder", GTK_WINDOW (root),
                                         GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER, "_Open",
                                         "_Cancel");
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  /* Montgomery and Shenzhen come as two folders: both may be chosen, and open as one set. */
  gtk_file_chooser_set_select_multiple (GTK_FILE_CHOOSER (chooser), TRUE);
  folders = lb_data_page_get_folders (self);
  if (folders != NULL)
    {
      g_autoptr (GFile) current = g_file_new_for_path (folders[0]);
      g_autoptr (GFile) parent = g_file_get_parent (current);

      if (parent != NULL)
        gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (chooser), parent, NULL);
    }
  g_signal_connect (chooser, "response", G_CALLBACK (chooser_response), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* ---- template callbacks ---- */

static void
cancel_clicked (LbDataPage *self)
{
  if (self->source != NULL)
    lb_data_source_cancel (self->source);
}

static void
pair_activated (LbDataPage *self)
{
  gtk_widget_grab_focus (GTK_WIDGET (self->viewer));
}

static void
thumbnails_ready_changed (LbDataPage *self)
{
  if (lb_thumbnail_grid_get_thumbnails_ready (self->grid) && self->shown != NULL)
    {
      g_autofree char *detail = g_strdup_printf ("pairs=%u",
                                                 lb_dataset_get_n_pairs (self->shown));

      lb_latency_probe_stop (self->latency, detail);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_THUMBNAILS_READY]);
}

/* ---- GObject ---- */

static void
lb_data_page_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  LbDataPage *self = LB_DATA_PAGE (object);

  switch (prop_id)
    {
    case PROP_DATA_SOURCE:
      g_value_set_object (value, self->source);
      break;
    case PROP_DATASET:
      g_value_set_object (value, lb_data_page_get_dataset (self));
      break;
    case PROP_BUSY:
      g_value_set_boolean (value, lb_data_page_get_busy (self));
      break;
    case PROP_THUMBNAILS_READY:
      g_value_set_boolean (value, lb_data_page_get_thumbnails_ready (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lb_data_page_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  switch (prop_id)
    {
    case PROP_DATA_SOURCE:
      lb_data_page_set_data_source (LB_DATA_PAGE (object), g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lb_data_page_dispose (GObject *object)
{
  LbDataPage *self = LB_DATA_PAGE (object);

  lb_latency_probe_stop (self->latency, NULL);
  lb_data_page_set_data_source (self, NULL);
  /* The bin's child is the bound template child "stack": let the bin drop it first, or
   * AdwBin would unparent it again after the template has. */
  adw_bin_set_child (ADW_BIN (object), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (object), LB_TYPE_DATA_PAGE);

  G_OBJECT_CLASS (lb_data_page_parent_class)->dispose (object);
}

static void
lb_data_page_finalize (GObject *object)
{
  LbDataPage *self = LB_DATA_PAGE (object);

  g_clear_pointer (&self->latency, lb_latency_probe_free);
  g_clear_object (&self->shown);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (lb_data_page_parent_class)->finalize (object);
}

static void
lb_data_page_class_init (LbDataPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  const GParamFlags read_only = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY
                                | G_PARAM_STATIC_STRINGS;

  object_class->get_property = lb_data_page_get_property;
  object_class->set_property = lb_data_page_set_property;
  object_class->dispose = lb_data_page_dispose;
  object_class->finalize = lb_data_page_finalize;

  properties[PROP_DATA_SOURCE] =
    g_param_spec_object ("data-source", NULL, NULL, LB_TYPE_DATA_SOURCE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DATASET] = g_param_spec_object ("dataset", NULL, NULL, LB_TYPE_DATASET,
                                                  read_only);
  properties[PROP_BUSY] = g_param_spec_boolean ("busy", NULL, NULL, FALSE, read_only);
  properties[PROP_THUMBNAILS_READY] = g_param_spec_boolean ("thumbnails-ready", NULL, NULL,
                                                            FALSE, read_only);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (LB_TYPE_DATA_SUMMARY);
  g_type_ensure (LB_TYPE_THUMBNAIL_GRID);
  g_type_ensure (LB_TYPE_PAIR_VIEWER);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/lossbench/Lossbench/ui/lb-data-page.ui");
  gtk_widget_class_bind_template_child (widget_class, LbDataPage, stack);
  gtk_widget_class_bind_template_child (widget_class, LbDataPage, loading_state);
  gtk_widget_class_bind_template_child (widget_class, LbDataPage, loading_progress);
  gtk_widget_class_bind_template_child (widget_class, LbDataPage, summary);
  gtk_widget_class_bind_template_child (widget_class, LbDataPage, grid);
  gtk_widget_class_bind_template_child (widget_class, LbDataPage, viewer);
  gtk_widget_class_bind_template_callback (widget_class, cancel_clicked);
  gtk_widget_class_bind_template_callback (widget_class, pair_activated);
  gtk_widget_class_bind_template_callback (widget_class, thumbnails_ready_changed);
}

static void
lb_data_page_init (LbDataPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = g_settings_new (LB_APP_ID);
  self->latency = lb_latency_probe_new ("load");
  /* The split the summary counts is the one training will make. */
  g_settings_bind (self->settings, "seed", self->summary, "split-seed", G_SETTINGS_BIND_GET);
}
