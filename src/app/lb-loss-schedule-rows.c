/* lb-loss-schedule-rows.c — the rows of a second loss term's weight schedule.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The schedules, the fields each reads and what each field means there come from the loss
 * catalogue (lb_loss_schedule_catalogue): the rows only show them. Choosing a schedule sets
 * its fields to the core's defaults for it (nn_loss_schedule_preset), as choosing a loss sets
 * its parameters to the preset's. */

#include "lb-config.h"

#include "lb-loss-catalogue.h"
#include "lb-loss-schedule-rows.h"
#include "lb-settings-bind.h"
#include "lb-spin-row.h"

#define SCHEDULE_KEY "plus-schedule"

struct _LbLossScheduleRows
{
  GObject parent_instance;

  GSettings *settings;
  GtkStringList *kinds;          /* each schedule's name ("kervadec"), in the catalogue's order */
  AdwComboRow *kind_row;
  LbSpinRow *rows[LB_LOSS_SCHEDULE_N_FIELDS];
  const char *keys[LB_LOSS_SCHEDULE_N_FIELDS + 1];
  gboolean binding;
  gboolean editable;
};

G_DEFINE_FINAL_TYPE (LbLossScheduleRows, lb_loss_schedule_rows, G_TYPE_OBJECT)

enum
{
  SIGNAL_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static NnLossScheduleKind
lb_loss_schedule_rows_get_kind (LbLossScheduleRows *self)
{
  NnLossScheduleKind kind = NN_LOSS_SCHEDULE_CONSTANT;
  const char *name = gtk_string_list_get_string (self->kinds,
                                                 adw_combo_row_get_selected (self->kind_row));

  if (name != NULL)
    nn_loss_schedule_kind_from_string (name, &kind);
  return kind;
}

void
lb_loss_schedule_rows_get_schedule (LbLossScheduleRows *self,
                                    NnLossSchedule     *schedule)
{
  g_return_if_fail (LB_IS_LOSS_SCHEDULE_ROWS (self));

  /* The fields the schedule ignores keep the core's defaults, so that a run's settings do not
   * carry a value nobody sees. */
  nn_loss_schedule_preset (schedule, lb_loss_schedule_rows_get_kind (self));
  for (LbLossScheduleField f = 0; f < LB_LOSS_SCHEDULE_N_FIELDS; f++)
    if (lb_loss_schedule_reads (schedule->kind, f))
      lb_loss_schedule_set (schedule, f,
                            gtk_adjustment_get_value (lb_spin_row_get_adjustment (self->rows[f])));
}

/* Each field's row says what the field means in the chosen schedule ("Final Weight", "Cap"). */
static void
lb_loss_schedule_rows_sync (LbLossScheduleRows *self)
{
  const LbLossScheduleInfo *info = lb_loss_schedule_info (lb_loss_schedule_rows_get_kind (self));

  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->kind_row), info->caption);
  gtk_widget_set_sensitive (GTK_WIDGET (self->kind_row), self->editable);
  for (LbLossScheduleField f = 0; f < LB_LOSS_SCHEDULE_N_FIELDS; f++)
    {
      const LbLossScheduleUse *use = &info->uses[f];
      LbSpinRow *row = self->rows[f];

      gtk_widget_set_visible (GTK_WIDGET (row), use->title != NULL);
      lb_spin_row_set_editable (row, self->editable);
      if (use->title == NULL)
        continue;
      {
        g_autofree char *name = g_strconcat ("Second Term ", use->title, NULL);

        adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), use->title);
        adw_action_row_set_subtitle (ADW_ACTION_ROW (row), use->caption);
        lb_spin_row_set_zero_text (row, use->zero);
        lb_spin_row_set_name (row, name);
      }
    }
}

void
lb_loss_schedule_rows_set_editable (LbLossScheduleRows *self,
                                    gboolean            editable)
{
  g_return_if_fail (LB_IS_LOSS_SCHEDULE_ROWS (self));

  self->editable = editable;
  lb_loss_schedule_rows_sync (self);
}

const char *const *
lb_loss_schedule_rows_get_keys (LbLossScheduleRows *self,
                                guint              *n_keys)
{
  g_return_val_if_fail (LB_IS_LOSS_SCHEDULE_ROWS (self), NULL);

  *n_keys = G_N_ELEMENTS (self->keys);
  return self->keys;
}

static void
lb_loss_schedule_rows_kind_changed (LbLossScheduleRows *self)
{
  NnLossSchedule preset;

  if (!self->binding)
    {
      nn_loss_schedule_preset (&preset, lb_loss_schedule_rows_get_kind (self));
      for (LbLossScheduleField f = 0; f < LB_LOSS_SCHEDULE_N_FIELDS; f++)
        if (lb_loss_schedule_reads (preset.kind, f))
          lb_spin_row_set_float (self->rows[f], (float) lb_loss_schedule_get (&preset, f));
    }
  lb_loss_schedule_rows_sync (self);
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
}

static void
lb_loss_schedule_rows_value_changed (LbLossScheduleRows *self)
{
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
}

/* "kervadec" → "Kervadec": the chooser lists the catalogue's labels. */
static char *
schedule_label (GtkStringObject *item)
{
  NnLossScheduleKind kind = NN_LOSS_SCHEDULE_CONSTANT;

  nn_loss_schedule_kind_from_string (gtk_string_object_get_string (item), &kind);
  return g_strdup (lb_loss_schedule_info (kind)->label);
}

static void
lb_loss_schedule_rows_add_kind_row (LbLossScheduleRows *self,
                                    LbLossTermAddRow    add_row,
                                    gpointer            container)
{
  guint n;
  const LbLossScheduleInfo *all = lb_loss_schedule_catalogue (&n);
  g_autoptr (GtkExpression) label = NULL;

  self->kinds = gtk_string_list_new (NULL);
  for (guint i = 0; i < n; i++)
    gtk_string_list_append (self->kinds, nn_loss_schedule_kind_to_string (all[i].kind));
  label = gtk_cclosure_expression_new (G_TYPE_STRING, NULL, 0, NULL,
                                       G_CALLBACK (schedule_label), NULL, NULL);
  self->kind_row = ADW_COMBO_ROW (adw_combo_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->kind_row), "Weight Schedule");
  /* Named for the term it belongs to, not by its title alone. */
  gtk_accessible_reset_relation (GTK_ACCESSIBLE (self->kind_row),
                                 GTK_ACCESSIBLE_RELATION_LABELLED_BY);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->kind_row), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  "Second Term Weight Schedule", -1);
  adw_combo_row_set_expression (self->kind_row, label);
  adw_combo_row_set_model (self->kind_row, G_LIST_MODEL (self->kinds));
  add_row (container, GTK_WIDGET (self->kind_row));
}

LbLossScheduleRows *
lb_loss_schedule_rows_new (GSettings        *settings,
                           LbLossTermAddRow  add_row,
                           gpointer          container)
{
  LbLossScheduleRows *self;

  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  self = g_object_new (LB_TYPE_LOSS_SCHEDULE_ROWS, NULL);
  self->settings = g_object_ref (settings);
  self->binding = TRUE;
  lb_loss_schedule_rows_add_kind_row (self, add_row, container);
  for (LbLossScheduleField f = 0; f < LB_LOSS_SCHEDULE_N_FIELDS; f++)
    {
      const LbLossScheduleFieldInfo *info = lb_loss_schedule_field_info (f);
      LbSpinRow *row = lb_spin_row_new (info->lower, info->upper, info->step, info->digits);

      self->rows[f] = row;
      add_row (container, GTK_WIDGET (row));
      g_settings_bind (settings, info->key, lb_spin_row_get_adjustment (row), "value",
                       G_SETTINGS_BIND_DEFAULT);
      self->keys[f] = info->key;
      g_signal_connect_object (lb_spin_row_get_adjustment (row), "value-changed",
                               G_CALLBACK (lb_loss_schedule_rows_value_changed), self,
                               G_CONNECT_SWAPPED);
    }
  /* Once the field rows exist, which the chooser's handler shows and hides. */
  lb_settings_bind_selected (settings, SCHEDULE_KEY, self->kind_row, G_LIST_MODEL (self->kinds),
                             "string");
  g_signal_connect_object (self->kind_row, "notify::selected",
                           G_CALLBACK (lb_loss_schedule_rows_kind_changed), self,
                           G_CONNECT_SWAPPED);
  self->keys[LB_LOSS_SCHEDULE_N_FIELDS] = SCHEDULE_KEY;
  self->binding = FALSE;
  lb_loss_schedule_rows_sync (self);
  return self;
}

static void
lb_loss_schedule_rows_finalize (GObject *object)
{
  LbLossScheduleRows *self = LB_LOSS_SCHEDULE_ROWS (object);

  g_clear_object (&self->kinds);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (lb_loss_schedule_rows_parent_class)->finalize (object);
}

static void
lb_loss_schedule_rows_class_init (LbLossScheduleRowsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = lb_loss_schedule_rows_finalize;

  signals[SIGNAL_CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass),
                                          G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                          G_TYPE_NONE, 0);
}

static void
lb_loss_schedule_rows_init (LbLossScheduleRows *self)
{
  self->editable = TRUE;
}
