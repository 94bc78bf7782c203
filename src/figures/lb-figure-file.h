/* lb-figure-file.h — a figure drawn with Cairo, written as PNG, SVG or PDF through Cairo's own
 * surfaces, to a temporary name and then renamed, so a failed export leaves an earlier one whole.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <cairo.h>
#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  LB_FIGURE_PNG,
  LB_FIGURE_SVG,
  LB_FIGURE_PDF,
} LbFigureFormat;

/* The colours and font a figure is drawn in: the window's, or black on white for print. */
typedef struct
{
  double foreground[3];
  double background[3];
  const char *font;   /* a Pango font description: "Cantarell 11" */
} LbFigureStyle;

/* Black on white in Sans 10: a figure for a paper. */
void lb_figure_style_init_print (LbFigureStyle *style);

/* "png", "svg", "pdf": the file name's extension. */
const char *lb_figure_format_to_string   (LbFigureFormat  format);
/* The format of one of those names; FALSE for another. */
gboolean    lb_figure_format_from_string (const char     *name,
                                          LbFigureFormat *format);

/* A file name from a figure's TITLE: "Validation IoU by Loss", "png" →
 * "validation-iou-by-loss.png". */
char       *lb_figure_file_name        (const char     *title,
                                        const char     *extension);

/* Draws the figure on CR, WIDTH × HEIGHT in points (pixels of a PNG at scale 1). */
typedef void (*LbFigureDraw) (cairo_t  *cr,
                              int       width,
                              int       height,
                              gpointer  data);

/* Writes PATH: DRAW on a white page of WIDTH × HEIGHT points; a PNG at twice the pixels, sharp
 * on a slide or a high-density screen. Safe on any thread if DRAW is. */
gboolean lb_figure_file_write (const char     *path,
                               LbFigureFormat  format,
                               int             width,
                               int             height,
                               LbFigureDraw    draw,
                               gpointer        data,
                               GError        **error);

G_END_DECLS
