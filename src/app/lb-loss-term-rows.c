/* lb-loss-term-rows.c — one loss term's rows: its family-grouped chooser and its parameters.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What there is to choose and to set comes from the loss catalogue: the losses (grouped by
 * the core's families), every parameter with its range, step, digits, symbol and caption, and
 * which of them the chosen loss reads. A row is shown only for a parameter the chosen loss
 * reads, so a parameter added to the catalogue gets its row, and a loss its place in the
 * chooser, without a change here.
 *
 * Signals: "changed" whenever the term's settings change; "loss-chosen" when the chooser moves
 * to another loss (the owner then applies its preset's values). */

#include "lb-config.h"

#include "lb-loss-catalogue.h"
#include "lb-loss-chooser.h"
#include "lb-loss-term-rows.h"
#include "lb-settings-bind.h"
#include "lb-spin-row.h"

struct _LbLossTermRows
{
  GObject parent_instance;

  GSettings *settings;
  LbLossChooser *chooser;            /* not owned: its container's */
  LbSpinRow *rows[LB_LOSS_N_PARAMS]; /* NULL for a parameter no loss reads */
  GPtrArray *keys;                   /* owned strings */
  gboolean binding;                  /* values set while the rows are built, not the user's */
  gboolean editable;
};

G_DEFINE_FINAL_TYPE (LbLossTermRows, lb_loss_term_rows, G_TYPE_OBJECT)

enum
{
  SIGNAL_CHANGED,
  SIGNAL_LOSS_CHOSEN,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

NnLossKind
lb_loss_term_rows_get_kind (LbLossTermRows *self)
{
  g_return_val_if_fail (LB_IS_LOSS_TERM_ROWS (self), NN_LOSS_DICE_BCE);

  return lb_loss_chooser_get_kind (self->chooser);
}

void
lb_loss_term_rows_get_term (LbLossTermRows *self,
                            NnLossPreset    preset,
                            NnLossTerm     *term)
{
  NnLossKind kind;

  g_return_if_fail (LB_IS_LOSS_TERM_ROWS (self));

  kind = lb_loss_term_rows_get_kind (self);
  nn_loss_term_preset (term, kind, preset);
  for (LbLossParam p = 0; p < LB_LOSS_N_PARAMS; p++)
    if (self->rows[p] != NULL && lb_loss_reads (kind, p))
      lb_loss_param_set (term, p,
                         gtk_adjustment_get_value (lb_spin_row_get_adjustment (self->rows[p])));
}

void
lb_loss_term_rows_apply_preset (LbLossTermRows *self,
                                NnLossPreset    preset)
{
  NnLossTerm term;

  g_return_if_fail (LB_IS_LOSS_TERM_ROWS (self));

  nn_loss_term_preset (&term, lb_loss_term_rows_get_kind (self), preset);
  for (LbLossParam p = 0; p < LB_LOSS_N_PARAMS; p++)
    if (self->rows[p] != NULL && lb_loss_reads (term.kind, p))
      lb_spin_row_set_float (self->rows[p], (float) lb_loss_param_get (&term, p));
}

/* Only the rows of what the chosen loss reads are shown; all are locked while a run trains. */
static void
lb_loss_term_rows_sync (LbLossTermRows *self)
{
  NnLossKind kind = lb_loss_term_rows_get_kind (self);

  gtk_widget_set_sensitive (GTK_WIDGET (self->chooser), self->editable);
  for (LbLossParam p = 0; p < LB_LOSS_N_PARAMS; p++)
    if (self->rows[p] != NULL)
      {
        gtk_widget_set_visible (GTK_WIDGET (self->rows[p]), lb_loss_reads (kind, p));
        lb_spin_row_set_editable (self->rows[p], self->editable);
      }
}

void
lb_loss_term_rows_set_editable (LbLossTermRows *self,
                                gboolean        editable)
{
  g_return_if_fail (LB_IS_LOSS_TERM_ROWS (self));

  self->editable = editable;
  lb_loss_term_rows_sync (self);
}

const char *const *
lb_loss_term_rows_get_keys (LbLossTermRows *self,
                            guint          *n_keys)
{
  g_return_val_if_fail (LB_IS_LOSS_TERM_ROWS (self), NULL);

  *n_keys = self->keys->len;
  return (const char *const *) self->keys->pdata;
}

static void
lb_loss_term_rows_loss_changed (LbLossTermRows *self)
{
  lb_loss_term_rows_sync (self);
  if (!self->binding)
    g_signal_emit (self, signals[SIGNAL_LOSS_CHOSEN], 0);
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
}

static void
lb_loss_term_rows_value_changed (LbLossTermRows *self)
{
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
}

/* Binds KEY (taken) to OBJECT's PROPERTY, or without a PROPERTY to the chosen loss, when the
 * schema has it: a catalogue newer than the schema loses only persistence (and the
 * settings-schema test fails). */
static void
lb_loss_term_rows_bind (LbLossTermRows *self,
                        char           *key,
                        gpointer        object,
                        const char     *property)
{
  g_autoptr (GSettingsSchema) schema = NULL;

  g_object_get (self->settings, "settings-schema", &schema, NULL);
  if (!g_settings_schema_has_key (schema, key))
    {
      g_warning ("The settings schema has no key “%s”: its value is not remembered.", key);
      g_free (key);
      return;
    }
  if (property != NULL)
    g_settings_bind (self->settings, key, object, property, G_SETTINGS_BIND_DEFAULT);
  else
    lb_settings_bind_selected (self->settings, key, object,
                               lb_loss_chooser_get_model (self->chooser), "name");
  g_ptr_array_add (self->keys, key);
}

/* Whether a loss of the catalogue reads PARAM: rows only for those. */
static gboolean
some_loss_reads (LbLossParam param)
{
  guint n;
  const LbLossInfo *all = lb_loss_catalogue (&n);

  for (guint i = 0; i < n; i++)
    if (lb_loss_reads (all[i].kind, param))
      return TRUE;
  return FALSE;
}

static LbSpinRow *
param_row_new (LbLossParam  param,
               const char  *name_prefix)
{
  const LbLossParamInfo *info = lb_loss_param_info (param);
  LbSpinRow *row = lb_spin_row_new (info->lower, info->upper, info->step, info->digits);
  g_autofree char *title = info->unit[0] != '\0'
                             ? g_strdup_printf ("%s (%s)", info->symbol, info->unit)
                             : g_strdup (info->symbol);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), info->caption);
  /* The title names the button, unless it needs more ("Second Term α"). */
  if (name_prefix[0] != '\0')
    {
      g_autofree char *name = g_strconcat (name_prefix, title, NULL);

      lb_spin_row_set_name (row, name);
    }
  return row;
}

LbLossTermRows *
lb_loss_term_rows_new (GSettings        *settings,
                       const char       *prefix,
                       const char       *name_prefix,
                       LbLossChooser    *chooser,
                       LbLossTermAddRow  add_row,
                       gpointer          container)
{
  LbLossTermRows *self;

  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);
  g_return_val_if_fail (LB_IS_LOSS_CHOOSER (chooser), NULL);

  self = g_object_new (LB_TYPE_LOSS_TERM_ROWS, NULL);
  self->settings = g_object_ref (settings);
  self->chooser = chooser;
  self->binding = TRUE;
  if (name_prefix[0] != '\0')
    {
      g_autofree char *name = g_strconcat (name_prefix, "Loss", NULL);

      lb_loss_chooser_set_name (chooser, name);
    }

  lb_loss_term_rows_bind (self, g_strconcat (prefix, "loss", NULL), chooser, NULL);
  g_signal_connect_object (chooser, "notify::selected",
                           G_CALLBACK (lb_loss_term_rows_loss_changed), self, G_CONNECT_SWAPPED);

  for (LbLossParam p = 0; p < LB_LOSS_N_PARAMS; p++)
    {
      if (!some_loss_reads (p))
        continue;
      self->rows[p] = param_row_new (p, name_prefix);
      add_row (container, GTK_WIDGET (self->rows[p]));
      /* The parameter's key is also its settings key ("alpha", "plus-top-k"). */
      lb_loss_term_rows_bind (self, g_strconcat (prefix, lb_loss_param_info (p)->key, NULL),
                              lb_spin_row_get_adjustment (self->rows[p]), "value");
      g_signal_connect_object (lb_spin_row_get_adjustment (self->rows[p]), "value-changed",
                               G_CALLBACK (lb_loss_term_rows_value_changed), self,
                               G_CONNECT_SWAPPED);
    }
  self->binding = FALSE;
  lb_loss_term_rows_sync (self);
  return self;
}

static void
lb_loss_term_rows_finalize (GObject *object)
{
  LbLossTermRows *self = LB_LOSS_TERM_ROWS (object);

  g_clear_pointer (&self->keys, g_ptr_array_unref);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (lb_loss_term_rows_parent_class)->finalize (object);
}

static void
lb_loss_term_rows_class_init (LbLossTermRowsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = lb_loss_term_rows_finalize;

  signals[SIGNAL_CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass),
                                          G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                          G_TYPE_NONE, 0);
  signals[SIGNAL_LOSS_CHOSEN] = g_signal_new ("loss-chosen", G_TYPE_FROM_CLASS (klass),
                                              G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                              G_TYPE_NONE, 0);
}

static void
lb_loss_term_rows_init (LbLossTermRows *self)
{
  self->keys = g_ptr_array_new_with_free_func (g_free);
  self->editable = TRUE;
}
