/* lb-notifier.c — "something changed" from a worker thread to a main context, coalesced.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "lb-notifier.h"

#include <pthread.h>

struct _LbNotifier
{
  gpointer owner;
  gpointer (*owner_ref) (gpointer);
  GDestroyNotify owner_unref;
  LbNotifyFunc func;

  pthread_mutex_t mutex;   /* POSIX, as every lock of the engine: ThreadSanitizer knows it */
  GMainContext *context;   /* NULL: call in the notifying thread */
  gboolean pending;        /* a call is scheduled in context */
};

LbNotifier *
lb_notifier_new (gpointer owner,
                 gpointer (*owner_ref) (gpointer),
                 GDestroyNotify owner_unref,
                 LbNotifyFunc func)
{
  LbNotifier *self = g_new0 (LbNotifier, 1);
  self->owner = owner;
  self->owner_ref = owner_ref;
  self->owner_unref = owner_unref;
  self->func = func;
  pthread_mutex_init (&self->mutex, NULL);
  return self;
}

void
lb_notifier_free (LbNotifier *self)
{
  if (self == NULL)
    return;
  /* Orders every earlier use from any thread before the free. */
  pthread_mutex_lock (&self->mutex);
  g_clear_pointer (&self->context, g_main_context_unref);
  pthread_mutex_unlock (&self->mutex);
  pthread_mutex_destroy (&self->mutex);
  g_free (self);
}

void
lb_notifier_attach (LbNotifier *self, GMainContext *context)
{
  pthread_mutex_lock (&self->mutex);
  g_clear_pointer (&self->context, g_main_context_unref);
  self->context = context != NULL ? g_main_context_ref (context) : NULL;
  pthread_mutex_unlock (&self->mutex);
}

void
lb_notifier_detach (LbNotifier *self)
{
  lb_notifier_attach (self, NULL);
}

gboolean
lb_notifier_is_attached (LbNotifier *self)
{
  pthread_mutex_lock (&self->mutex);
  gboolean attached = self->context != NULL;
  pthread_mutex_unlock (&self->mutex);
  return attached;
}

static gboolean
call_pending (gpointer data)
{
  LbNotifier *self = data;
  /* Cleared first: a notification that arrives while the callback runs schedules another. */
  pthread_mutex_lock (&self->mutex);
  self->pending = FALSE;
  pthread_mutex_unlock (&self->mutex);
  self->func (self->owner);
  return G_SOURCE_REMOVE;
}

static void
release_owner (gpointer data)
{
  LbNotifier *self = data;
  self->owner_unref (self->owner);
}

void
lb_notifier_notify (LbNotifier *self)
{
  pthread_mutex_lock (&self->mutex);
  GMainContext *context = self->context;
  if (context == NULL)
    {
      pthread_mutex_unlock (&self->mutex);
      self->func (self->owner);
      return;
    }
  if (!self->pending)
    {
      self->pending = TRUE;
      /* The owner (and with it the notifier) lives until the call has run. */
      self->owner_ref (self->owner);
      GSource *source = g_idle_source_new ();
      /* Below redrawing and input: progress is never more urgent than what it updates. */
      g_source_set_priority (source, G_PRIORITY_LOW);
      g_source_set_callback (source, call_pending, self, release_owner);
      g_source_attach (source, context);
      g_source_unref (source);
    }
  pthread_mutex_unlock (&self->mutex);
}
