/* lb-phantom.h — synthetic chest X-ray phantoms with lung masks: the built-in demo set.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Draws phantom @index of the set made from @seed: a body outline, two lung fields of varied
 * shape, size and position, heart and diaphragm shadows, ribs, clavicles, film noise, and now
 * and then an opacity inside a lung (which the mask keeps as lung, as radiologists' masks do).
 * @image and @mask are size × size bytes; the mask is 0 or 255. The result depends only on
 * (@seed, @index, @size), so any subset can be drawn in any order or in parallel. */
void lb_phantom_generate (guint64  seed,
                          guint    index,
                          guint    size,
                          guint8  *image,
                          guint8  *mask);

/* The file stem of phantom @index: "phantom_0001" (counting from 1). Free with g_free. */
char *lb_phantom_name (guint index);

/* Writes @count phantoms to @folder in the generic layout — images/NAME.png, masks/NAME.png
 * (8-bit gray PNG) and manifest.csv (name,source with source "phantom") — creating folders as
 * needed. Files are written atomically; existing phantom files are replaced. */
gboolean lb_phantom_write_set (const char  *folder,
                               guint        count,
                               guint        size,
                               guint64      seed,
                               GError     **error);

G_END_DECLS
