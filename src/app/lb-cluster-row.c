/* lb-cluster-row.c — "Run on a Slurm Cluster" in the Compare form.
 * SPDX-License-Identifier: GPL-3.0-or-later */

#include "lb-cluster-row.h"
#include "lb-slurm.h"

struct _LbClusterRow
{
  AdwExpanderRow parent_instance;

  gboolean available;          /* sbatch can be run here (known once the check is back) */
  gboolean editable;           /* not while a comparison runs */
  GSettings *settings;         /* where compare-slurm is kept, once bound */
  GCancellable *cancellable;   /* the check, until it is back */
  AdwEntryRow *partition_row;
  AdwEntryRow *time_row;
  GtkSpinButton *cpus_spin;
};

G_DEFINE_FINAL_TYPE (LbClusterRow, lb_cluster_row, ADW_TYPE_EXPANDER_ROW)

void
lb_cluster_row_bind (LbClusterRow *self,
                     GSettings    *settings)
{
  g_return_if_fail (LB_IS_CLUSTER_ROW (self));

  g_settings_bind (settings, "slurm-partition", self->partition_row, "text",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "slurm-time", self->time_row, "text", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "slurm-cpus", self->cpus_spin, "value", G_SETTINGS_BIND_DEFAULT);
  g_set_object (&self->settings, settings);
  /* The switch follows the setting only where Slurm can be reached: elsewhere it stays off
   * without forgetting the choice. */
  if (self->available)
    g_settings_bind (settings, "compare-slurm", self, "enable-expansion",
                     G_SETTINGS_BIND_DEFAULT);
}

static char *
dup_text_or_null (AdwEntryRow *row)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));

  return *text != '\0' ? g_steal_pointer (&text) : NULL;
}

gboolean
lb_cluster_row_get_options (LbClusterRow   *self,
                            LbSlurmOptions *options)
{
  g_return_val_if_fail (LB_IS_CLUSTER_ROW (self), FALSE);

  memset (options, 0, sizeof *options);
  if (!self->available || !adw_expander_row_get_enable_expansion (ADW_EXPANDER_ROW (self)))
    return FALSE;
  options->partition = dup_text_or_null (self->partition_row);
  options->time = dup_text_or_null (self->time_row);
  options->cpus_per_task = gtk_spin_button_get_value_as_int (self->cpus_spin);
  return TRUE;
}

void
lb_cluster_row_set_editable (LbClusterRow *self,
                             gboolean      editable)
{
  g_return_if_fail (LB_IS_CLUSTER_ROW (self));

  self->editable = editable;
  gtk_widget_set_sensitive (GTK_WIDGET (self), editable && self->available);
}

/* ---- whether sbatch can be run: inside the Flatpak it takes a process on the host, so it
 * is asked on a worker thread, never at start-up ---- */

static void
check_in_thread (GTask        *task,
                 gpointer      source,
                 gpointer      data,
                 GCancellable *cancellable)
{
  char *why = NULL;

  if (lb_slurm_is_available (&why))
    g_task_return_pointer (task, NULL, NULL);
  else
    g_task_return_pointer (task, why, g_free);
}

static void
check_done (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *why = g_task_propagate_pointer (G_TASK (result), &error);
  LbClusterRow *self;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = LB_CLUSTER_ROW (source);
  g_clear_object (&self->cancellable);
  self->available = why == NULL;
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (self), self->available
                                 ? "One job array, a task per run; the experiment folder must "
                                   "be on a filesystem every node sees"
                                 : why);
  gtk_widget_set_sensitive (GTK_WIDGET (self), self->editable && self->available);
  if (self->available && self->settings != NULL)
    g_settings_bind (self->settings, "compare-slurm", self, "enable-expansion",
                     G_SETTINGS_BIND_DEFAULT);
}

static void
lb_cluster_row_dispose (GObject *object)
{
  LbClusterRow *self = LB_CLUSTER_ROW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (lb_cluster_row_parent_class)->dispose (object);
}

static void
lb_cluster_row_class_init (LbClusterRowClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = lb_cluster_row_dispose;
}

static void
lb_cluster_row_init (LbClusterRow *self)
{
  AdwExpanderRow *expander = ADW_EXPANDER_ROW (self);
  AdwActionRow *cpus_row = ADW_ACTION_ROW (adw_action_row_new ());
  g_autoptr (GTask) check = NULL;

  self->editable = TRUE;

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self), "Run on a Slurm Cluster");
  adw_expander_row_set_subtitle (expander, "Looking for Slurm’s commands…");
  adw_expander_row_set_show_enable_switch (expander, TRUE);
  adw_expander_row_set_enable_expansion (expander, FALSE);
  gtk_widget_set_sensitive (GTK_WIDGET (self), FALSE);

  self->partition_row = ADW_ENTRY_ROW (adw_entry_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->partition_row),
                                 "Partition (empty: the default)");
  adw_expander_row_add_row (expander, GTK_WIDGET (self->partition_row));

  self->time_row = ADW_ENTRY_ROW (adw_entry_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->time_row),
                                 "Time per Task (HH:MM:SS)");
  adw_expander_row_add_row (expander, GTK_WIDGET (self->time_row));

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (cpus_row), "CPUs per Task");
  adw_action_row_set_subtitle (cpus_row, "Each task trains with as many threads");
  self->cpus_spin = GTK_SPIN_BUTTON (gtk_spin_button_new_with_range (1, 256, 1));
  gtk_widget_set_valign (GTK_WIDGET (self->cpus_spin), GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->cpus_spin),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, "CPUs per Task", -1);
  adw_action_row_add_suffix (cpus_row, GTK_WIDGET (self->cpus_spin));
  adw_action_row_set_activatable_widget (cpus_row, GTK_WIDGET (self->cpus_spin));
  adw_expander_row_add_row (expander, GTK_WIDGET (cpus_row));

  self->cancellable = g_cancellable_new ();
  check = g_task_new (self, self->cancellable, check_done, NULL);
  g_task_set_return_on_cancel (check, TRUE);
  g_task_run_in_thread (check, check_in_thread);
}
