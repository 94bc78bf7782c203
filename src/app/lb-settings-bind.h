/* lb-settings-bind.h — GSettings bindings GIO does not have: a string key shown by a button group
 * or a list's selection.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Binds the string KEY to BUTTON's "active" (a GtkToggleButton or GtkCheckButton of a group,
 * one button a choice): the button is on while KEY is CHOICE, and turned on it writes CHOICE.
 * CHOICE must outlive the binding (a static string). */
void lb_settings_bind_choice   (GSettings  *settings,
                                const char *key,
                                gpointer    button,
                                const char *choice);

/* Binds the string KEY to OBJECT's "selected" position (an AdwComboRow or a GtkDropDown over
 * MODEL): the item whose string property ITEM_PROPERTY holds KEY's value. A value that no item
 * has (a choice of another version) reads as the key's default. */
void lb_settings_bind_selected (GSettings  *settings,
                                const char *key,
                                gpointer    object,
                                GListModel *model,
                                const char *item_property);

/* Writes each of KEYS that has never been set, with its default value, so that the settings
 * name every value even when a later version changes the defaults. */
void lb_settings_pin           (GSettings         *settings,
                                const char *const *keys,
                                guint              n_keys);

G_END_DECLS
