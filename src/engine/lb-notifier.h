/* lb-notifier.h — "something changed" from a worker thread to a main context, coalesced.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A worker calls lb_notifier_notify() as often as it likes (after every batch, every decoded
 * file); the owner's callback runs in the attached main context with at most one call pending,
 * so a slow reader never slows the worker and a busy worker never floods the main loop. The
 * callback then reads the owner's state under the owner's own lock. Without an attached
 * context the callback runs at once, in the notifying thread: what synchronous callers (the
 * CLI, tests) want. The trainer, the experiment and the dataset loader all report this way. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _LbNotifier LbNotifier;

typedef void (*LbNotifyFunc) (gpointer owner);

/* OWNER is kept alive by OWNER_REF / OWNER_UNREF while a call is pending (g_object_ref and
 * g_object_unref for a GObject). The notifier belongs to the owner: free it when the owner
 * goes, which cannot happen while a call is pending. */
LbNotifier *lb_notifier_new            (gpointer        owner,
                                        gpointer      (*owner_ref) (gpointer),
                                        GDestroyNotify  owner_unref,
                                        LbNotifyFunc    func);
void        lb_notifier_free           (LbNotifier     *self);

/* Calls go to CONTEXT from now on (NULL: at once, in the notifying thread). */
void        lb_notifier_attach         (LbNotifier     *self,
                                        GMainContext   *context);
/* Calls go back to the notifying thread; one already pending still runs. */
void        lb_notifier_detach         (LbNotifier     *self);
/* Any thread. */
void        lb_notifier_notify         (LbNotifier     *self);
/* Whether a context is attached. */
gboolean    lb_notifier_is_attached    (LbNotifier     *self);

G_END_DECLS
