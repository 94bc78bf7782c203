/* lb-focus-scroll.h — a scrolled form that keeps the keyboard focus in view, popovers aside.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Scrolls VIEWPORT (its scroll-to-focus off) to show the focused widget whenever the focus moves
 * to one of its descendants, except into a popover. A popover's widgets are the viewport's
 * descendants, and GTK 4.8's own scroll-to-focus scrolls by their place in the popover: the
 * form jumps and takes the button that opened the popover out of view. */
void lb_focus_scroll_follow (GtkViewport *viewport);

G_END_DECLS
