/* lb-data-summary.c — what the open dataset is: its name, how many pairs of which source, its
 * split, and the files left out with their reasons.
 * SPDX-License-Identifier: GPL-3.0-or-later */

#include "lb-config.h"

#include <adwaita.h>

#include "lb-data-source.h"
#include "lb-data-summary.h"
#include "lb-split.h"

/* Rows listed under "Files Left Out" at most; the count says how many there are. */
#define MAX_REJECTED_ROWS 200

struct _LbDataSummary
{
  GtkBox parent_instance;

  LbDataset *dataset;
  char **folders;
  int split_seed;
  GList *rejected_rows;      /* rows added to rejected_row, to remove on the next dataset */

  /* Template children. */
  GtkLabel *title_label;
  GtkLabel *summary_label;
  GtkListBox *rejected_list;
  AdwExpanderRow *rejected_row;
};

G_DEFINE_FINAL_TYPE (LbDataSummary, lb_data_summary, GTK_TYPE_BOX)

enum
{
  PROP_0,
  PROP_SPLIT_SEED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
lb_data_summary_fill_title (LbDataSummary *self)
{
  g_autofree char *title = NULL;
  g_autofree char *paths = NULL;

  if (self->folders != NULL)
    {
      title = lb_folders_display_name ((const char *const *) self->folders);
      paths = g_strjoinv ("\n", self->folders);
    }
  else
    title = g_strdup ("Demo Set (Synthetic Phantoms)");
  gtk_label_set_text (self->title_label, title);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->title_label), paths);
}

static void
lb_data_summary_fill_counts (LbDataSummary *self)
{
  const LbPairingReport *report = lb_dataset_get_report (self->dataset);
  guint size = lb_dataset_get_size (self->dataset);
  g_autoptr (GString) text = g_string_new (NULL);
  g_auto (GStrv) sources = lb_pairing_report_dup_sources (report);
  g_autoptr (LbSplit) split = NULL;

  g_string_append_printf (text, "%u pairs at %u×%u", lb_dataset_get_n_pairs (self->dataset),
                          size, size);
  if (self->folders != NULL && report->layout == LB_DATASET_LAYOUT_MIXED)
    g_string_append (text, ", mixed layouts");
  else if (self->folders != NULL)
    g_string_append_printf (text, ", %s layout", lb_dataset_layout_to_string (report->layout));
  g_string_append (text, " — ");
  for (guint i = 0; sources != NULL && sources[i] != NULL; i++)
    g_string_append_printf (text, "%s%s %u", i > 0 ? ", " : "", sources[i],
                            lb_pairing_report_count_source (report, sources[i]));

  split = lb_split_new_for_dataset (self->dataset, 0.8, 0.1, 0.1, (guint64) self->split_seed,
                                    TRUE, NULL);
  if (split != NULL)
    g_string_append_printf (text, "\nSplit (seed %d): %u train, %u validation, %u test",
                            self->split_seed, lb_split_count (split, LB_SUBSET_TRAIN),
                            lb_split_count (split, LB_SUBSET_VAL),
                            lb_split_count (split, LB_SUBSET_TEST));
  if (report->unmatched_images->len + report->unmatched_masks->len > 0)
    g_string_append_printf (text, "\n%u images without a mask, %u masks without an image",
                            report->unmatched_images->len, report->unmatched_masks->len);
  if (report->warnings->len > 0)
    g_string_append_printf (text, "\n%u pairs kept with a remark (e.g. an empty mask)",
                            report->warnings->len);
  gtk_label_set_text (self->summary_label, text->str);
}

static void
lb_data_summary_fill_rejected (LbDataSummary *self)
{
  const LbPairingReport *report = lb_dataset_get_report (self->dataset);
  guint n_left_out = report->rejected->len;

  for (GList *l = self->rejected_rows; l != NULL; l = l->next)
    adw_expander_row_remove (self->rejected_row, l->data);
  g_clear_pointer (&self->rejected_rows, g_list_free);
  /* AdwExpanderRow takes rows one by one: libadwaita 1.2 has no model for it. */
  for (guint i = 0; i < n_left_out && i < MAX_REJECTED_ROWS; i++)
    {
      LbFileNote *note = g_ptr_array_index (report->rejected, i);
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), note->name);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), note->message);
      adw_expander_row_add_row (self->rejected_row, row);
      self->rejected_rows = g_list_prepend (self->rejected_rows, row);
    }
  if (n_left_out > 0)
    {
      g_autofree char *subtitle = g_strdup_printf ("%u files could not be used; expand for the reasons",
                                                   n_left_out);

      adw_expander_row_set_subtitle (self->rejected_row, subtitle);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->rejected_list), n_left_out > 0);
}

void
lb_data_summary_set_dataset (LbDataSummary      *self,
                             LbDataset          *dataset,
                             const char *const  *folders)
{
  g_return_if_fail (LB_IS_DATA_SUMMARY (self));
  g_return_if_fail (LB_IS_DATASET (dataset));

  g_set_object (&self->dataset, dataset);
  g_strfreev (self->folders);
  self->folders = g_strdupv ((char **) folders);
  lb_data_summary_fill_title (self);
  lb_data_summary_fill_counts (self);
  lb_data_summary_fill_rejected (self);
}

void
lb_data_summary_set_split_seed (LbDataSummary *self,
                                int            seed)
{
  g_return_if_fail (LB_IS_DATA_SUMMARY (self));

  if (self->split_seed == seed)
    return;
  self->split_seed = seed;
  if (self->dataset != NULL)
    lb_data_summary_fill_counts (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SPLIT_SEED]);
}

/* ---- GObject ---- */

static void
lb_data_summary_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_SPLIT_SEED:
      g_value_set_int (value, LB_DATA_SUMMARY (object)->split_seed);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lb_data_summary_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  switch (prop_id)
    {
    case PROP_SPLIT_SEED:
      lb_data_summary_set_split_seed (LB_DATA_SUMMARY (object), g_value_get_int (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lb_data_summary_dispose (GObject *object)
{
  LbDataSummary *self = LB_DATA_SUMMARY (object);

  g_clear_pointer (&self->rejected_rows, g_list_free);
  gtk_widget_dispose_template (GTK_WIDGET (object), LB_TYPE_DATA_SUMMARY);

  G_OBJECT_CLASS (lb_data_summary_parent_class)->dispose (object);
}

static void
lb_data_summary_finalize (GObject *object)
{
  LbDataSummary *self = LB_DATA_SUMMARY (object);

  g_clear_object (&self->dataset);
  g_clear_pointer (&self->folders, g_strfreev);

  G_OBJECT_CLASS (lb_data_summary_parent_class)->finalize (object);
}

static void
lb_data_summary_class_init (LbDataSummaryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = lb_data_summary_get_property;
  object_class->set_property = lb_data_summary_set_property;
  object_class->dispose = lb_data_summary_dispose;
  object_class->finalize = lb_data_summary_finalize;

  properties[PROP_SPLIT_SEED] =
    g_param_spec_int ("split-seed", NULL, NULL, 0, G_MAXINT, 0,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/lossbench/Lossbench/ui/lb-data-summary.ui");
  gtk_widget_class_bind_template_child (widget_class, LbDataSummary, title_label);
  gtk_widget_class_bind_template_child (widget_class, LbDataSummary, summary_label);
  gtk_widget_class_bind_template_child (widget_class, LbDataSummary, rejected_list);
  gtk_widget_class_bind_template_child (widget_class, LbDataSummary, rejected_row);
}

static void
lb_data_summary_init (LbDataSummary *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
