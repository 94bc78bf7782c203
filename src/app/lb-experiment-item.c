/* lb-experiment-item.c — one experiment of the run store as the History page lists it: its
 * folder, its name, what it ran and how far it got.
 * SPDX-License-Identifier: GPL-3.0-or-later */

#include "lb-config.h"

#include "lb-error.h"
#include "lb-experiment.h"
#include "lb-experiment-item.h"

struct _LbExperimentItem
{
  GObject parent_instance;

  char *folder;
  char *title;
  char *subtitle;
  gboolean complete;
  gboolean damaged;
};

G_DEFINE_FINAL_TYPE (LbExperimentItem, lb_experiment_item, G_TYPE_OBJECT)

static char *
describe (LbExperiment *experiment,
          gboolean      complete)
{
  const LbExperimentConfig *config = lb_experiment_get_config (experiment);
  guint n_runs = lb_experiment_get_n_runs (experiment);
  g_autoptr (GString) losses = g_string_new (NULL);
  guint done = 0;

  for (guint i = 0; i < n_runs; i++)
    {
      LbRunInfo run;

      lb_experiment_get_run (experiment, i, &run);
      done += run.state == LB_RUN_DONE;
      lb_run_info_clear (&run);
    }
  for (guint l = 0; l < config->n_losses; l++)
    {
      g_autofree char *label = lb_experiment_dup_loss_label (experiment, l);

      g_string_append_printf (losses, "%s%s", l > 0 ? ", " : "", label);
    }
  return g_strdup_printf ("%s × %u seed%s, %s preset — %s (%u of %u runs)", losses->str,
                          config->n_seeds, config->n_seeds == 1 ? "" : "s", config->preset,
                          complete ? "finished" : "interrupted", done, n_runs);
}

LbExperimentItem *
lb_experiment_item_new_for_folder (const char *folder)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (LbExperiment) experiment = lb_experiment_open (folder, &error);
  LbExperimentItem *self;

  /* Not an experiment folder at all. */
  if (experiment == NULL && g_error_matches (error, LB_ERROR, LB_ERROR_NOT_FOUND))
    return NULL;

  self = g_object_new (LB_TYPE_EXPERIMENT_ITEM, NULL);
  self->folder = g_strdup (folder);
  self->title = g_path_get_basename (folder);
  if (experiment == NULL)
    {
      /* Listed, not hidden: the user should learn why it will not open, and can delete it. */
      self->damaged = TRUE;
      self->subtitle = g_strdup (error->message);
    }
  else
    {
      self->complete = lb_experiment_is_complete (experiment);
      self->subtitle = describe (experiment, self->complete);
    }
  return self;
}

const char *
lb_experiment_item_get_folder (LbExperimentItem *self)
{
  g_return_val_if_fail (LB_IS_EXPERIMENT_ITEM (self), NULL);

  return self->folder;
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

  return self->complete;
}

gboolean
lb_experiment_item_get_damaged (LbExperimentItem *self)
{
  g_return_val_if_fail (LB_IS_EXPERIMENT_ITEM (self), FALSE);

  return self->damaged;
}

int
lb_experiment_item_compare_newest (gconstpointer a,
                                   gconstpointer b)
{
  const LbExperimentItem *x = *(LbExperimentItem **) a;
  const LbExperimentItem *y = *(LbExperimentItem **) b;

  return -g_strcmp0 (x->title, y->title);
}

static void
lb_experiment_item_finalize (GObject *object)
{
  LbExperimentItem *self = LB_EXPERIMENT_ITEM (object);

  g_free (self->folder);
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
