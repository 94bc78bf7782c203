/* lb-gallery-figure.h — the Compare page's gallery as a figure for a paper: test images by
 * row, losses by column, each prediction over the truth with its IoU, and the colours' key.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "lb-figure-file.h"

G_BEGIN_DECLS

typedef struct _LbGalleryFigure LbGalleryFigure;

/* A figure titled TITLE of SIZE × SIZE images, one column for each of the N_LOSSES LABELS. */
LbGalleryFigure *lb_gallery_figure_new        (const char         *title,
                                               guint               size,
                                               guint               n_losses,
                                               const char *const  *labels);
LbGalleryFigure *lb_gallery_figure_ref        (LbGalleryFigure    *self);
void             lb_gallery_figure_unref      (LbGalleryFigure    *self);

/* A row: the image NAME, its gray IMAGE and 0/1 TRUTH, and per loss its PREDICTIONS
 * (probabilities, NULL where there is none) and IOUS (NaN where unknown); all copied. */
void             lb_gallery_figure_add_row    (LbGalleryFigure    *self,
                                               const char         *name,
                                               const guint8       *image,
                                               const guint8       *truth,
                                               const float *const *predictions,
                                               const double       *ious);
guint            lb_gallery_figure_get_n_rows (LbGalleryFigure    *self);

/* Writes the figure to PATH in FORMAT, its text in FONT, on this thread (any thread). */
gboolean         lb_gallery_figure_write      (LbGalleryFigure     *self,
                                               const char          *path,
                                               LbFigureFormat       format,
                                               const char          *font,
                                               GError             **error);
/* Writes the figure to PATH in FORMAT on a worker thread, its text in FONT (a Pango font
 * description, "Cantarell 11"). */
void             lb_gallery_figure_write_async  (LbGalleryFigure     *self,
                                                 const char          *path,
                                                 LbFigureFormat       format,
                                                 const char          *font,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
gboolean         lb_gallery_figure_write_finish (GAsyncResult        *result,
                                                 GError             **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LbGalleryFigure, lb_gallery_figure_unref)

G_END_DECLS
