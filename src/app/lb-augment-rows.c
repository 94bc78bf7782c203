/* lb-augment-rows.c — the augmentation switch, its ranges and their preview.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The preview draws the first image of the open dataset four times through the ranges as set
 * (the first four draws a run of seed 1 would make of it in epoch 1), the mask's outline over
 * it, so a person sees what "10°" and "0.1 brightness" do before training on it. */

#include "lb-config.h"

#include "lb-augment-rows.h"

#include "lb-overlay-render.h"
#include "lb-phantom.h"
#include "lb-spin-row.h"

#define N_PREVIEWS 4
#define PREVIEW_SIZE 96

enum
{
  RANGE_ROTATION,
  RANGE_SHIFT,
  RANGE_SCALE,
  RANGE_BRIGHTNESS,
  RANGE_CONTRAST,
  RANGE_GAMMA,
  N_RANGES
};

typedef struct
{
  const char *key;      /* after the rows' own key and a dash */
  const char *title;
  const char *subtitle;
  double upper;
  double step;
  int digits;
} RangeInfo;

static const RangeInfo ranges[N_RANGES] = {
  { "rotation", "Rotation", "± degrees", 45, 1, 0 },
  { "shift", "Shift", "± a fraction of the side", 0.25, 0.01, 2 },
  { "scale", "Scale", "± a fraction", 0.5, 0.01, 2 },
  { "brightness", "Brightness", "± on the normalised image", 1, 0.01, 2 },
  { "contrast", "Contrast", "± a fraction of the gain", 0.5, 0.01, 2 },
  { "gamma", "Gamma", "γ − 1 within ±", 0.5, 0.01, 2 },
};

struct _LbAugmentRows
{
  AdwExpanderRow parent_instance;

  GtkSwitch *toggle;
  LbSpinRow *rows[N_RANGES];
  GtkPicture *previews[N_PREVIEWS];
  GtkWidget *preview_row;
  LbDataset *dataset;
  gboolean editable;
};

G_DEFINE_FINAL_TYPE (LbAugmentRows, lb_augment_rows, ADW_TYPE_EXPANDER_ROW)

void
lb_augment_rows_get (LbAugmentRows    *self,
                     LbAugmentOptions *options)
{
  double *fields[N_RANGES] = { &options->max_rotation, &options->max_shift,
                               &options->max_scale, &options->max_brightness,
                               &options->max_contrast, &options->max_gamma };

  g_return_if_fail (LB_IS_AUGMENT_ROWS (self));

  lb_augment_options_init (options);
  options->enabled = gtk_switch_get_active (self->toggle);
  for (int r = 0; r < N_RANGES; r++)
    *fields[r] = gtk_adjustment_get_value (lb_spin_row_get_adjustment (self->rows[r]));
}

/* ---- the preview ---- */

/* The image to draw: the dataset's first, or a phantom; as floats and as the gray bytes the
 * overlay takes, with their range, and the mask. */
typedef struct
{
  guint size;
  float *image;
  float *mask;
} PreviewSource;

static void
preview_source_take (LbAugmentRows *self,
                     PreviewSource *source)
{
  if (self->dataset != NULL && lb_dataset_get_n_pairs (self->dataset) > 0)
    {
      guint size = lb_dataset_get_size (self->dataset);
      gsize plane = (gsize) size * size;

      source->size = size;
      source->image = g_memdup2 (lb_dataset_get_images (self->dataset), plane * sizeof (float));
      source->mask = g_memdup2 (lb_dataset_get_masks (self->dataset), plane * sizeof (float));
      return;
    }
  {
    gsize plane = (gsize) PREVIEW_SIZE * PREVIEW_SIZE;
    g_autofree guint8 *gray = g_malloc (plane), *mask = g_malloc (plane);

    lb_phantom_generate (1, 0, PREVIEW_SIZE, gray, mask);
    source->size = PREVIEW_SIZE;
    source->image = g_new (float, plane);
    source->mask = g_new (float, plane);
    for (gsize k = 0; k < plane; k++)
      {
        source->image[k] = gray[k] / 255.0f;
        source->mask[k] = mask[k] ? 1.0f : 0.0f;
      }
  }
}

static void
update_preview (LbAugmentRows *self)
{
  PreviewSource source = { 0 };
  LbAugmentOptions options;
  LbOverlayStyle style;
  gsize plane;
  float lo, hi;

  if (!gtk_widget_get_mapped (GTK_WIDGET (self->preview_row)))
    return;
  preview_source_take (self, &source);
  plane = (gsize) source.size * source.size;
  lo = hi = source.image[0];
  for (gsize k = 0; k < plane; k++)
    {
      lo = MIN (lo, source.image[k]);
      hi = MAX (hi, source.image[k]);
    }
  lb_augment_rows_get (self, &options);
  options.enabled = TRUE;
  lb_overlay_style_init (&style);
  style.contour = TRUE;
  style.opacity = 0.8;
  for (int i = 0; i < N_PREVIEWS; i++)
    {
      g_autofree float *image = g_new (float, plane), *mask = g_new (float, plane);
      g_autofree guint8 *gray = g_malloc (plane), *truth = g_malloc (plane);
      guint out = MIN (source.size, PREVIEW_SIZE);
      g_autoptr (GBytes) rgba = NULL;
      g_autoptr (GdkTexture) texture = NULL;

      /* What epoch 1 of seed 1 draws for this image, the image's index 0 in the counter. */
      lb_augment_pair (&options, 1, (guint64) 1 << 32 | (guint) i, source.image, source.mask,
                       source.size, image, mask);
      for (gsize k = 0; k < plane; k++)
        {
          /* The original's range, so brightness and contrast show as they change it. */
          gray[k] = (guint8) CLAMP ((image[k] - lo) / MAX (hi - lo, 1e-6f) * 255.0f, 0, 255);
          truth[k] = mask[k] > 0.5f;
        }
      rgba = lb_overlay_render (gray, truth, NULL, source.size, out, &style);
      texture = gdk_memory_texture_new ((int) out, (int) out, GDK_MEMORY_R8G8B8A8, rgba, 4 * out);
      gtk_picture_set_paintable (self->previews[i], GDK_PAINTABLE (texture));
    }
  g_free (source.image);
  g_free (source.mask);
}

void
lb_augment_rows_set_dataset (LbAugmentRows *self,
                             LbDataset     *dataset)
{
  g_return_if_fail (LB_IS_AUGMENT_ROWS (self));

  g_set_object (&self->dataset, dataset);
  update_preview (self);
}

void
lb_augment_rows_set_editable (LbAugmentRows *self,
                              gboolean       editable)
{
  g_return_if_fail (LB_IS_AUGMENT_ROWS (self));

  self->editable = editable;
  /* The switch with the rest: the run was built with what it shows. */
  gtk_widget_set_sensitive (GTK_WIDGET (self->toggle), editable);
  for (int r = 0; r < N_RANGES; r++)
    lb_spin_row_set_editable (self->rows[r], editable);
}

void
lb_augment_rows_bind (LbAugmentRows *self,
                      GSettings     *settings,
                      const char    *key)
{
  g_return_if_fail (LB_IS_AUGMENT_ROWS (self));

  g_settings_bind (settings, key, self->toggle, "active", G_SETTINGS_BIND_DEFAULT);
  for (int r = 0; r < N_RANGES; r++)
    {
      g_autofree char *range_key = g_strdup_printf ("%s-%s", key, ranges[r].key);

      g_settings_bind (settings, range_key, lb_spin_row_get_adjustment (self->rows[r]), "value",
                       G_SETTINGS_BIND_DEFAULT);
    }
  update_preview (self);
}

/* Switched on, the ranges unfold, to be seen and changed. */
static void
toggled (GtkSwitch     *toggle,
         GParamSpec    *pspec,
         LbAugmentRows *self)
{
  if (gtk_switch_get_active (toggle))
    adw_expander_row_set_expanded (ADW_EXPANDER_ROW (self), TRUE);
}

/* ---- GObject ---- */

static void
lb_augment_rows_dispose (GObject *object)
{
  LbAugmentRows *self = LB_AUGMENT_ROWS (object);

  g_clear_object (&self->dataset);
  G_OBJECT_CLASS (lb_augment_rows_parent_class)->dispose (object);
}

static void
lb_augment_rows_class_init (LbAugmentRowsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = lb_augment_rows_dispose;
}

static void
lb_augment_rows_init (LbAugmentRows *self)
{
  AdwExpanderRow *expander = ADW_EXPANDER_ROW (self);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);

  self->editable = TRUE;
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self), "Augment Training Images");
  adw_expander_row_set_subtitle (expander, "Rotated, shifted, scaled, brighter or darker; never "
                                           "mirrored, the same for every loss");
  /* A switch of its own rather than the row's built-in one, which libadwaita 1.2 leaves
   * without a name for a screen reader. Off, the ranges are folded away. */
  self->toggle = GTK_SWITCH (gtk_switch_new ());
  gtk_widget_set_valign (GTK_WIDGET (self->toggle), GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->toggle), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  "Augment Training Images", -1);
  adw_expander_row_add_action (expander, GTK_WIDGET (self->toggle));
  g_object_bind_property (self->toggle, "active", self, "enable-expansion",
                          G_BINDING_SYNC_CREATE);
  g_signal_connect (self->toggle, "notify::active", G_CALLBACK (toggled), self);
  for (int r = 0; r < N_RANGES; r++)
    {
      self->rows[r] = lb_spin_row_new (0, ranges[r].upper, ranges[r].step, ranges[r].digits);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->rows[r]), ranges[r].title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (self->rows[r]), ranges[r].subtitle);
      g_signal_connect_swapped (lb_spin_row_get_adjustment (self->rows[r]), "value-changed",
                                G_CALLBACK (update_preview), self);
      adw_expander_row_add_row (expander, GTK_WIDGET (self->rows[r]));
    }

  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_widget_set_halign (box, GTK_ALIGN_CENTER);
  for (int i = 0; i < N_PREVIEWS; i++)
    {
      self->previews[i] = GTK_PICTURE (gtk_picture_new ());
      gtk_widget_set_size_request (GTK_WIDGET (self->previews[i]), 72, 72);
      gtk_picture_set_can_shrink (self->previews[i], TRUE);
      gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->previews[i]));
    }
  gtk_accessible_update_property (GTK_ACCESSIBLE (box), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  "Augmented Training Image Previews", -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (box), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  "The first training image drawn four times through the "
                                  "ranges, its mask outlined", -1);
  gtk_widget_set_tooltip_text (box, "The first image drawn through these ranges four times, "
                                    "its mask outlined");
  self->preview_row = gtk_list_box_row_new ();
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (self->preview_row), FALSE);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (self->preview_row), box);
  g_signal_connect_swapped (self->preview_row, "map", G_CALLBACK (update_preview), self);
  adw_expander_row_add_row (expander, self->preview_row);
}
