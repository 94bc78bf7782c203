/* lb-preview-chooser.h — which validation images the live predictions show.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A menu button whose popover lists the run's validation images by name, those on show
 * ticked. Choosing another puts it on show in place of the one chosen longest ago, so as many
 * images stay on show as there are preview slots; "changed" says so. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define LB_TYPE_PREVIEW_CHOOSER (lb_preview_chooser_get_type ())
G_DECLARE_FINAL_TYPE (LbPreviewChooser, lb_preview_chooser, LB, PREVIEW_CHOOSER, GtkWidget)

/* The images that can be chosen (NAMES[i] is the image INDICES[i], an index into the run's
 * data) and the N_SHOWN on show; N == 0 empties the list and makes the button insensitive. */
void         lb_preview_chooser_set_images (LbPreviewChooser  *self,
                                            const char *const *names,
                                            const guint       *indices,
                                            guint              n,
                                            const guint       *shown,
                                            guint              n_shown);
/* The images on show, in slot order. */
const guint *lb_preview_chooser_get_shown  (LbPreviewChooser  *self,
                                            guint             *n_shown);

G_END_DECLS
