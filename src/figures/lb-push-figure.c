/* lb-push-figure.c — one image's prediction and every chosen loss's push on it.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each map is drawn at its own full scale, the largest |d loss / d logit| written under it:
 * the losses' gradients differ by orders of magnitude, and Adam, which divides every step by
 * the gradient's running size, mostly undoes a loss's overall scale — where a loss pushes
 * matters, not how hard in absolute terms. */

#include "lb-config.h"

#include "lb-push-figure.h"

#include <math.h>
#include <pango/pangocairo.h>

#include "lb-figure-text.h"
#include "lb-overlay-render.h"
#include "lb-push-render.h"

/* Points: the page's margin, a tile's side, the gap between panels, a line of text. */
#define MARGIN 16
#define TILE 176
#define GAP 12
#define LINE 18
/* Above a tile its name, below it three lines of figures. */
#define PANEL_HEIGHT (LINE + TILE + 3 * LINE + 4)
#define PRINT_COLUMNS 4

typedef struct
{
  char *label;
  double value;
  float *gradient;
  LbLossPushSummary summary;
} PushPanel;

struct _LbPushFigure
{
  char *title;
  char *caption;
  guint size;
  guint8 *image;
  guint8 *truth;
  float *truth_mask;  /* the truth as 0/1 floats, what the summaries read */
  float *probability;
  GPtrArray *panels; /* PushPanel */
};

static void
push_panel_free (gpointer data)
{
  PushPanel *panel = data;

  g_free (panel->label);
  g_free (panel->gradient);
  g_free (panel);
}

static void
figure_clear (gpointer data)
{
  LbPushFigure *self = data;

  g_free (self->title);
  g_free (self->caption);
  g_free (self->image);
  g_free (self->truth);
  g_free (self->truth_mask);
  g_free (self->probability);
  g_ptr_array_unref (self->panels);
}

LbPushFigure *
lb_push_figure_new (const char   *title,
                    const guint8 *image,
                    const guint8 *truth,
                    const float  *logits,
                    guint         size,
                    const char   *prediction_caption)
{
  LbPushFigure *self = g_atomic_rc_box_new0 (LbPushFigure);
  gsize plane = (gsize) size * size;

  self->title = g_strdup (title);
  self->caption = g_strdup (prediction_caption);
  self->size = size;
  self->image = g_memdup2 (image, plane);
  self->truth = g_memdup2 (truth, plane);
  self->probability = g_new (float, plane);
  self->truth_mask = g_new (float, plane);
  for (gsize k = 0; k < plane; k++)
    {
      self->probability[k] = 1.0f / (1.0f + expf (-logits[k]));
      self->truth_mask[k] = truth[k] ? 1.0f : 0.0f;
    }
  self->panels = g_ptr_array_new_with_free_func (push_panel_free);
  return self;
}

LbPushFigure *
lb_push_figure_ref (LbPushFigure *self)
{
  return g_atomic_rc_box_acquire (self);
}

void
lb_push_figure_unref (LbPushFigure *self)
{
  g_atomic_rc_box_release_full (self, figure_clear);
}

void
lb_push_figure_add_loss (LbPushFigure *self,
                         const char   *label,
                         double        value,
                         const float  *gradient)
{
  gsize plane = (gsize) self->size * self->size;
  PushPanel *panel = g_new0 (PushPanel, 1);

  panel->label = g_strdup (label);
  panel->value = value;
  panel->gradient = g_memdup2 (gradient, plane * sizeof (float));
  if (!lb_loss_push_summarize (gradient, self->truth_mask, (int) self->size, &panel->summary))
    panel->summary = (LbLossPushSummary) { 0, NAN, NAN, NAN };
  g_ptr_array_add (self->panels, panel);
}

const char *
lb_push_figure_get_title (const LbPushFigure *self)
{
  return self->title;
}

guint
lb_push_figure_get_n_losses (const LbPushFigure *self)
{
  return self->panels->len;
}

const LbLossPushSummary *
lb_push_figure_get_summary (const LbPushFigure *self,
                            guint               l)
{
  g_return_val_if_fail (l < self->panels->len, NULL);
  return &((const PushPanel *) g_ptr_array_index (self->panels, l))->summary;
}

/* ---- layout ---- */

int
lb_push_figure_columns_for_width (int width)
{
  return MAX (1, (width - 2 * MARGIN + GAP) / (TILE + GAP));
}

void
lb_push_figure_get_size (const LbPushFigure *self,
                         int                 columns,
                         int                *width,
                         int                *height)
{
  int panels = (int) self->panels->len + 1;
  int cols = CLAMP (columns, 1, panels);
  int rows = (panels + cols - 1) / cols;

  *width = 2 * MARGIN + cols * TILE + (cols - 1) * GAP;
  /* The title and the key's three lines, then the rows of panels. */
  *height = 2 * MARGIN + 4 * LINE + GAP + rows * PANEL_HEIGHT + (rows - 1) * GAP;
}

/* ---- drawing ---- */

static void
paint_tile (cairo_t *cr,
            GBytes  *rgba,
            guint    size,
            double   x,
            double   y)
{
  cairo_surface_t *tile = lb_figure_rgba_surface (rgba, size, size);

  cairo_save (cr);
  cairo_translate (cr, x, y);
  cairo_scale (cr, (double) TILE / size, (double) TILE / size);
  cairo_set_source_surface (cr, tile, 0, 0);
  /* Pixels stay pixels: a 64-pixel map is not smoothed into a larger one. */
  cairo_pattern_set_filter (cairo_get_source (cr), CAIRO_FILTER_NEAREST);
  cairo_paint (cr);
  cairo_restore (cr);
  cairo_surface_destroy (tile);
}

static void
set_colour (cairo_t      *cr,
            const double *rgb)
{
  cairo_set_source_rgb (cr, rgb[0], rgb[1], rgb[2]);
}

static void
draw_key (cairo_t             *cr,
          PangoLayout         *layout,
          double               x,
          double               y,
          double               width,
          const LbFigureStyle *style)
{
  double left = x;
  g_autofree char *near = g_strdup_printf ("Near the edge: within %.0f px of the true contour.",
                                           LB_LOSS_PUSH_CONTOUR_BAND);

  static const char *const names[] = { "pushed toward lung", "pushed toward background" };

  for (LbPushDirection d = LB_PUSH_TOWARD_LUNG; d <= LB_PUSH_TOWARD_BACKGROUND; d++)
    {
      const guint8 *rgb = lb_push_direction_rgb (d);
      int text_width, text_height;

      cairo_set_source_rgb (cr, rgb[0] / 255.0, rgb[1] / 255.0, rgb[2] / 255.0);
      cairo_rectangle (cr, x, y + 3, 12, 12);
      cairo_fill (cr);
      set_colour (cr, style->foreground);
      lb_figure_show_text (cr, layout, names[d], x + 16, y, 400, PANGO_ALIGN_LEFT, FALSE);
      pango_layout_get_pixel_size (layout, &text_width, &text_height);
      x += 16 + text_width + 16;
    }
  lb_figure_show_text (cr, layout, "Each map at its own scale: its largest |∂L/∂z| is under it.",
                       left, y + LINE, width, PANGO_ALIGN_LEFT, FALSE);
  lb_figure_show_text (cr, layout, near, left, y + 2 * LINE, width, PANGO_ALIGN_LEFT, FALSE);
}

/* "58 % toward lung": where the push goes. */
static char *
dup_direction (const LbLossPushSummary *summary)
{
  if (summary->scale <= 0)
    return g_strdup ("no push anywhere");
  return g_strdup_printf ("%.0f %% toward lung", 100 * summary->toward_lung);
}

/* "71 % near the edge", or "" without a contour (or a push) to be near. */
static char *
dup_nearness (const LbLossPushSummary *summary)
{
  if (summary->scale <= 0 || isnan (summary->near_contour))
    return g_strdup ("");
  return g_strdup_printf ("%.0f %% near the edge", 100 * summary->near_contour);
}

void
lb_push_figure_draw (const LbPushFigure  *self,
                     cairo_t             *cr,
                     int                  columns,
                     const LbFigureStyle *style)
{
  PangoLayout *layout = lb_figure_layout_new (cr, style->font);
  int panels = (int) self->panels->len + 1;
  int cols = CLAMP (columns, 1, panels);
  double top = MARGIN;
  int width, height;

  lb_push_figure_get_size (self, columns, &width, &height);
  set_colour (cr, style->foreground);
  lb_figure_show_text (cr, layout, self->title, MARGIN, top, width - 2 * MARGIN, PANGO_ALIGN_LEFT,
                       TRUE);
  top += LINE;
  draw_key (cr, layout, MARGIN, top, width - 2 * MARGIN, style);
  top += 3 * LINE + GAP;
  for (int i = 0; i < panels; i++)
    {
      double x = MARGIN + (i % cols) * (TILE + GAP);
      double y = top + (i / cols) * (PANEL_HEIGHT + GAP);
      g_autoptr (GBytes) rgba = NULL;

      set_colour (cr, style->foreground);
      if (i == 0)
        {
          LbOverlayStyle overlay;

          lb_overlay_style_init (&overlay);
          rgba = lb_overlay_render (self->image, self->truth, self->probability, self->size,
                                    self->size, &overlay);
          lb_figure_show_text (cr, layout, "Prediction", x, y, TILE, PANGO_ALIGN_LEFT, TRUE);
          paint_tile (cr, rgba, self->size, x, y + LINE);
          set_colour (cr, style->foreground);
          lb_figure_show_text (cr, layout, self->caption, x, y + LINE + TILE + 2, TILE,
                               PANGO_ALIGN_LEFT, FALSE);
        }
      else
        {
          const PushPanel *panel = g_ptr_array_index (self->panels, i - 1);
          g_autofree char *value = g_strdup_printf ("loss %.4g · max %.2g", panel->value,
                                                    panel->summary.scale);
          g_autofree char *direction = dup_direction (&panel->summary);
          g_autofree char *nearness = dup_nearness (&panel->summary);

          rgba = lb_push_render (self->image, panel->gradient, panel->summary.scale,
                                 self->size);
          lb_figure_show_text (cr, layout, panel->label, x, y, TILE, PANGO_ALIGN_LEFT, TRUE);
          paint_tile (cr, rgba, self->size, x, y + LINE);
          set_colour (cr, style->foreground);
          lb_figure_show_text (cr, layout, value, x, y + LINE + TILE + 2, TILE, PANGO_ALIGN_LEFT,
                               FALSE);
          lb_figure_show_text (cr, layout, direction, x, y + 2 * LINE + TILE + 2, TILE,
                               PANGO_ALIGN_LEFT, FALSE);
          lb_figure_show_text (cr, layout, nearness, x, y + 3 * LINE + TILE + 2, TILE,
                               PANGO_ALIGN_LEFT, FALSE);
        }
    }
  (void) height;
  g_object_unref (layout);
}

char *
lb_push_figure_describe (const LbPushFigure *self)
{
  GString *text = g_string_new ("Prediction: ");

  g_string_append (text, self->caption);
  for (guint l = 0; l < self->panels->len; l++)
    {
      const PushPanel *panel = g_ptr_array_index (self->panels, l);
      g_autofree char *direction = dup_direction (&panel->summary);
      g_autofree char *nearness = dup_nearness (&panel->summary);

      g_string_append_printf (text, "; %s: loss %.4g, %s%s%s", panel->label, panel->value,
                              direction, *nearness ? ", " : "", nearness);
    }
  return g_string_free (text, FALSE);
}

/* ---- writing ---- */

static void
draw_print (cairo_t  *cr,
            int       width,
            int       height,
            gpointer  data)
{
  LbFigureStyle style;

  lb_figure_style_init_print (&style);
  lb_push_figure_draw (data, cr, PRINT_COLUMNS, &style);
  (void) width;
  (void) height;
}

gboolean
lb_push_figure_write (const LbPushFigure *self,
                      const char         *path,
                      LbFigureFormat      format,
                      GError            **error)
{
  int width, height;

  lb_push_figure_get_size (self, PRINT_COLUMNS, &width, &height);
  return lb_figure_file_write (path, format, width, height, draw_print, (gpointer) self, error);
}
