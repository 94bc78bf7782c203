/* lb-experiment-item.c — one experiment of the run store as the History page lists it: its
 * folder, its name, what it compared, how far it got and its headline result.
 * SPDX-License-Identifier: GPL-3.0-or-later */

#include "lb-config.h"

#include "lb-experiment-item.h"

struct _LbExperimentItem
{
  GObject parent_instance;

  LbStoredExperiment *entry;
  char *title;
  char *subtitle;
};

G_DEFINE_FINAL_TYPE (LbExperimentItem, lb_experiment_item, G_TYPE_OBJECT)

LbExperimentItem *
lb_experiment_item_new (LbStoredExperiment *entry)
{
  LbExperimentItem *self;

  g_return_val_if_fail (entry != NULL, NULL);

  self = g_object_new (LB_TYPE_EXPERIMENT_ITEM, NULL);
  self->entry = entry;
  self->title = g_path_get_basename (entry->folder);
  self->subtitle = lb_stored_experiment_describe (entry);
  return self;
}

const char *
lb_experiment_item_get_folder (LbExperimentItem *self)
{
  g_return_val_if_fail (LB_IS_EXPERIMENT_ITEM (self), NULL);

  return self->entry->folder;
}

const char *
lb_experiment_item_get_title (LbExperimentItem *self)
{
  g_return_val_if_fail (LB_IS_EXPERIMENT_ITEM (self), NULL);

  return self->title;
}

const char *
lb_experiment_item_get_subtitle (LbExperimentItem *self)
{
  g_return_val_if_fail (LB_IS_EXPERIMENT_ITEM (self), NULL);

  return self->subtitle;
}

gboolean
lb_experiment_item_get_complete (LbExperimentItem *self)
{
  g_return_val_if_fail (LB_IS_EXPERIMENT_ITEM (self), FALSE);

  return self->entry->error == NULL && self->entry->complete;
}

gboolean
lb_experiment_item_get_followed (LbExperimentItem *self)
{
  g_return_val_if_fail (LB_IS_EXPERIMENT_ITEM (self), FALSE);

  return self->entry->error == NULL && !self->entry->complete
         && (self->entry->n_elsewhere > 0 || self->entry->queued);
}

gboolean
lb_experiment_item_differs (LbExperimentItem *self,
                            LbExperimentItem *other)
{
  g_return_val_if_fail (LB_IS_EXPERIMENT_ITEM (self), TRUE);
  g_return_val_if_fail (LB_IS_EXPERIMENT_ITEM (other), TRUE);

  return g_strcmp0 (self->entry->folder, other->entry->folder) != 0
         || g_strcmp0 (self->subtitle, other->subtitle) != 0
         || lb_experiment_item_get_complete (self) != lb_experiment_item_get_complete (other)
         || lb_experiment_item_get_followed (self) != lb_experiment_item_get_followed (other);
}

gboolean
lb_experiment_item_get_damaged (LbExperimentItem *self)
{
  g_return_val_if_fail (LB_IS_EXPERIMENT_ITEM (self), FALSE);

  return self->entry->error != NULL;
}

static void
lb_experiment_item_finalize (GObject *object)
{
  LbExperimentItem *self = LB_EXPERIMENT_ITEM (object);

  lb_stored_experiment_free (self->entry);
  g_free (self->title);
  g_free (self->subtitle);

  G_OBJECT_CLASS (lb_experiment_item_parent_class)->finalize (object);
}

static void
lb_experiment_item_class_init (LbExperimentItemClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = lb_experiment_item_finalize;
}

static void
lb_experiment_item_init (LbExperimentItem *self)
{
}
