/* lb-gallery-figure.c — the gallery as a figure: rows of test images, a column per loss.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Drawn from copies of the planes the gallery shows, so it can be written on a worker while
 * the gallery moves on; the overlay is the gallery's (lb-overlay-render.c at its default
 * style), each tile at the images' own resolution, embedded as a bitmap in SVG and PDF. */

#include "lb-config.h"

#include "lb-gallery-figure.h"

#include <math.h>
#include <pango/pangocairo.h>
#include <string.h>

#include "lb-consensus-render.h"
#include "lb-figure-text.h"
#include "lb-overlay-render.h"

/* Points: the page's margin, a tile's side, the gaps, the image names' column. */
#define MARGIN 16
#define TILE 150
#define GAP 8
#define NAME_WIDTH 150
#define LINE 20

typedef struct
{
  char *name;
  guint8 *image;
  guint8 *truth;
  float **predictions; /* n_losses, NULL where there is none */
  double *ious;
} FigureRow;

struct _LbGalleryFigure
{
  char *title;
  guint size;
  guint n_losses;
  char **labels;
  GPtrArray *rows; /* FigureRow */
};

static void
figure_row_free (gpointer data)
{
  FigureRow *row = data;

  g_free (row->name);
  g_free (row->image);
  g_free (row->truth);
  g_free (row->ious);
  g_free (row->predictions);
  g_free (row);
}

static void
figure_clear (gpointer data)
{
  LbGalleryFigure *self = data;

  g_free (self->title);
  g_strfreev (self->labels);
  g_ptr_array_unref (self->rows);
}

LbGalleryFigure *
lb_gallery_figure_new (const char        *title,
                       guint              size,
                       guint              n_losses,
                       const char *const *labels)
{
  LbGalleryFigure *self = g_atomic_rc_box_new0 (LbGalleryFigure);

  self->title = g_strdup (title);
  self->size = size;
  self->n_losses = n_losses;
  self->labels = g_new0 (char *, n_losses + 1);
  for (guint l = 0; l < n_losses; l++)
    self->labels[l] = g_strdup (labels[l]);
  self->rows = g_ptr_array_new_with_free_func (figure_row_free);
  return self;
}

LbGalleryFigure *
lb_gallery_figure_ref (LbGalleryFigure *self)
{
  return g_atomic_rc_box_acquire (self);
}

void
lb_gallery_figure_unref (LbGalleryFigure *self)
{
  g_atomic_rc_box_release_full (self, figure_clear);
}

void
lb_gallery_figure_add_row (LbGalleryFigure    *self,
                           const char         *name,
                           const guint8       *image,
                           const guint8       *truth,
                           const float *const *predictions,
                           const double       *ious)
{
  gsize plane = (gsize) self->size * self->size;
  FigureRow *row = g_new0 (FigureRow, 1);

  row->name = g_strdup (name);
  row->image = g_memdup2 (image, plane);
  row->truth = g_memdup2 (truth, plane);
  row->ious = g_memdup2 (ious, self->n_losses * sizeof (double));
  /* The predictions in one block after their pointers: one allocation to free. */
  row->predictions = g_malloc0 (self->n_losses * (sizeof (float *) + plane * sizeof (float)));
  for (guint l = 0; l < self->n_losses; l++)
    if (predictions[l] != NULL)
      {
        row->predictions[l] = (float *) (row->predictions + self->n_losses) + l * plane;
        memcpy (row->predictions[l], predictions[l], plane * sizeof (float));
      }
  g_ptr_array_add (self->rows, row);
}

guint
lb_gallery_figure_get_n_rows (LbGalleryFigure *self)
{
  return self->rows->len;
}

/* ---- drawing ---- */

/* A column of consensus maps after the losses' when there are two losses to agree or not. */
static guint
n_columns (const LbGalleryFigure *self)
{
  return self->n_losses + (self->n_losses >= 2);
}

static void
figure_size (const LbGalleryFigure *self,
             int                   *width,
             int                   *height)
{
  *width = 2 * MARGIN + NAME_WIDTH + (int) n_columns (self) * (TILE + GAP);
  /* Title, key (and the consensus ramp's), the losses' names; each row a tile and its IoU. */
  *height = 2 * MARGIN + (3 + (n_columns (self) > self->n_losses)) * LINE + GAP
            + (int) self->rows->len * (TILE + LINE + GAP);
}

/* Loss L's prediction over the truth, as the gallery shows it. */
static cairo_surface_t *
tile_surface (const LbGalleryFigure *self,
              const FigureRow       *row,
              guint                  l)
{
  LbOverlayStyle style;
  g_autoptr (GBytes) rgba = NULL;

  lb_overlay_style_init (&style);
  rgba = lb_overlay_render (row->image, row->truth, row->predictions[l], self->size, self->size,
                            &style);
  return lb_figure_rgba_surface (rgba, self->size, self->size);
}

static guint
n_predictions (const LbGalleryFigure *self,
               const FigureRow       *row)
{
  guint n = 0;

  for (guint l = 0; l < self->n_losses; l++)
    n += row->predictions[l] != NULL;
  return n;
}

/* The row's consensus map; SPLIT receives the share of pixels the losses do not agree on. */
static cairo_surface_t *
consensus_surface (const LbGalleryFigure *self,
                   const FigureRow       *row,
                   double                *split)
{
  gsize plane = (gsize) self->size * self->size;
  g_autofree guint8 *counts = g_malloc (plane);
  g_autoptr (GBytes) rgba = lb_consensus_render (row->image, row->truth,
                                                 (const float *const *) row->predictions,
                                                 self->n_losses, self->size, counts);
  guint n = n_predictions (self, row);

  *split = lb_consensus_split_share (counts, plane, n);
  return lb_figure_rgba_surface (rgba, self->size, self->size);
}

static void
draw_key (cairo_t     *cr,
          PangoLayout *layout,
          double       x,
          double       y,
          guint        n_losses)
{
  double left = x;
  static const char *const names[] = { "lung found", "predicted where there is none",
                                       "lung missed" };

  for (LbOverlayKey key = LB_OVERLAY_FOUND; key <= LB_OVERLAY_MISSED; key++)
    {
      const guint8 *rgb = lb_overlay_key_rgb (key);
      int text_width, text_height;

      cairo_set_source_rgb (cr, rgb[0] / 255.0, rgb[1] / 255.0, rgb[2] / 255.0);
      cairo_rectangle (cr, x, y + 4, 12, 12);
      cairo_fill (cr);
      cairo_set_source_rgb (cr, 0, 0, 0);
      lb_figure_show_text (cr, layout, names[key], x + 16, y, 400, PANGO_ALIGN_LEFT, FALSE);
      pango_layout_get_pixel_size (layout, &text_width, &text_height);
      x += 16 + text_width + 16;
    }
  if (n_losses >= 2)
    {
      /* The consensus maps' ramp, on a line of its own: from one loss calling a pixel lung
       * to all of them. */
      x = left;
      y += LINE;
      g_autofree char *all = g_strdup_printf ("all %u", n_losses);

      cairo_set_source_rgb (cr, 0, 0, 0);
      lb_figure_show_text (cr, layout, "losses calling it lung: 1", x, y, 400, PANGO_ALIGN_LEFT,
                           FALSE);
      {
        int text_width, text_height;

        pango_layout_get_pixel_size (layout, &text_width, &text_height);
        x += text_width + 6;
      }
      for (guint k = 1; k <= n_losses; k++)
        {
          guint8 rgb[3];

          lb_consensus_rgb (k, n_losses, rgb);
          cairo_set_source_rgb (cr, rgb[0] / 255.0, rgb[1] / 255.0, rgb[2] / 255.0);
          cairo_rectangle (cr, x, y + 4, 12, 12);
          cairo_fill (cr);
          x += 12;
        }
      cairo_set_source_rgb (cr, 0, 0, 0);
      lb_figure_show_text (cr, layout, all, x + 6, y, 400, PANGO_ALIGN_LEFT, FALSE);
    }
}

/* What a drawing needs: the figure, and the window's font for its text. */
typedef struct
{
  const LbGalleryFigure *figure;
  PangoFontDescription *font;
} DrawData;

static void
draw_figure (cairo_t  *cr,
             int       width,
             int       height,
             gpointer  data)
{
  const DrawData *draw = data;
  const LbGalleryFigure *self = draw->figure;
  PangoLayout *layout = lb_figure_layout_new (cr, "Sans 10");
  double top = MARGIN;

  pango_layout_set_font_description (layout, draw->font);
  cairo_set_source_rgb (cr, 0, 0, 0);
  lb_figure_show_text (cr, layout, self->title, MARGIN, top, width - 2 * MARGIN, PANGO_ALIGN_LEFT,
                       TRUE);
  top += LINE;
  draw_key (cr, layout, MARGIN, top, self->n_losses);
  top += (1 + (n_columns (self) > self->n_losses)) * LINE + GAP;
  for (guint l = 0; l < self->n_losses; l++)
    {
      cairo_set_source_rgb (cr, 0, 0, 0);
      lb_figure_show_text (cr, layout, self->labels[l], MARGIN + NAME_WIDTH + l * (TILE + GAP), top,
                           TILE, PANGO_ALIGN_LEFT, TRUE);
    }
  if (n_columns (self) > self->n_losses)
    lb_figure_show_text (cr, layout, "Consensus",
                         MARGIN + NAME_WIDTH + self->n_losses * (TILE + GAP), top, TILE,
                         PANGO_ALIGN_LEFT, TRUE);
  top += LINE;
  for (guint i = 0; i < self->rows->len; i++)
    {
      const FigureRow *row = g_ptr_array_index (self->rows, i);

      cairo_set_source_rgb (cr, 0, 0, 0);
      lb_figure_show_text (cr, layout, row->name, MARGIN, top + TILE / 2.0 - LINE / 2.0,
                           NAME_WIDTH - GAP, PANGO_ALIGN_LEFT, FALSE);
      for (guint l = 0; l < self->n_losses; l++)
        {
          double x = MARGIN + NAME_WIDTH + l * (TILE + GAP);

          if (row->predictions[l] == NULL)
            continue;
          {
            cairo_surface_t *tile = tile_surface (self, row, l);

            cairo_save (cr);
            cairo_translate (cr, x, top);
            cairo_scale (cr, (double) TILE / self->size, (double) TILE / self->size);
            cairo_set_source_surface (cr, tile, 0, 0);
            cairo_paint (cr);
            cairo_restore (cr);
            cairo_surface_destroy (tile);
          }
          if (!isnan (row->ious[l]))
            {
              g_autofree char *iou = g_strdup_printf ("IoU %.3f", row->ious[l]);

              cairo_set_source_rgb (cr, 0, 0, 0);
              lb_figure_show_text (cr, layout, iou, x, top + TILE + 2, TILE, PANGO_ALIGN_LEFT,
                                   FALSE);
            }
        }
      if (n_columns (self) > self->n_losses && n_predictions (self, row) >= 2)
        {
          double x = MARGIN + NAME_WIDTH + self->n_losses * (TILE + GAP), split;
          cairo_surface_t *tile = consensus_surface (self, row, &split);
          g_autofree char *caption = g_strdup_printf ("split on %.1f %%", 100 * split);

          cairo_save (cr);
          cairo_translate (cr, x, top);
          cairo_scale (cr, (double) TILE / self->size, (double) TILE / self->size);
          cairo_set_source_surface (cr, tile, 0, 0);
          cairo_paint (cr);
          cairo_restore (cr);
          cairo_surface_destroy (tile);
          cairo_set_source_rgb (cr, 0, 0, 0);
          lb_figure_show_text (cr, layout, caption, x, top + TILE + 2, TILE, PANGO_ALIGN_LEFT,
                               FALSE);
        }
      top += TILE + LINE + GAP;
    }
  (void) height;
  g_object_unref (layout);
}

/* ---- writing ---- */

typedef struct
{
  LbGalleryFigure *figure;
  char *path;
  LbFigureFormat format;
  char *font;
} WriteJob;

static void
write_job_free (WriteJob *job)
{
  lb_gallery_figure_unref (job->figure);
  g_free (job->path);
  g_free (job->font);
  g_free (job);
}

gboolean
lb_gallery_figure_write (LbGalleryFigure *self,
                         const char      *path,
                         LbFigureFormat   format,
                         const char      *font,
                         GError         **error)
{
  int width, height;
  DrawData draw = { self, pango_font_description_from_string (font) };
  gboolean written;

  figure_size (self, &width, &height);
  written = lb_figure_file_write (path, format, width, height, draw_figure, &draw, error);
  pango_font_description_free (draw.font);
  return written;
}

static void
write_thread (GTask        *task,
              gpointer      source,
              gpointer      data,
              GCancellable *cancellable)
{
  WriteJob *job = data;
  GError *error = NULL;

  if (lb_gallery_figure_write (job->figure, job->path, job->format, job->font, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
lb_gallery_figure_write_async (LbGalleryFigure     *self,
                               const char          *path,
                               LbFigureFormat       format,
                               const char          *font,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr (GTask) task = g_task_new (NULL, NULL, callback, user_data);
  WriteJob *job = g_new0 (WriteJob, 1);

  job->figure = lb_gallery_figure_ref (self);
  job->path = g_strdup (path);
  job->format = format;
  job->font = g_strdup (font);
  g_task_set_task_data (task, job, (GDestroyNotify) write_job_free);
  g_task_run_in_thread (task, write_thread);
}

gboolean
lb_gallery_figure_write_finish (GAsyncResult *result,
                                GError      **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}
