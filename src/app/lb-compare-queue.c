/* lb-compare-queue.c — a comparison's runs, a list view over run items.
 * SPDX-License-Identifier: GPL-3.0-or-later */

#include "lb-compare-queue.h"
#include "lb-run-item.h"

struct _LbCompareQueue
{
  AdwBin parent_instance;

  /* Template children. */
  GtkStack *stack;
  GListStore *runs;            /* LbRunItem, one per run of the experiment */
};

G_DEFINE_FINAL_TYPE (LbCompareQueue, lb_compare_queue, ADW_TYPE_BIN)

/* "Done — test IoU 0.912", "Training — epoch 3 of 20", "Failed — why". */
static char *
describe_run (const LbRunInfo *run,
              int              epochs_seen,
              int              epochs)
{
  const char *state = lb_run_state_to_label (run->state);

  switch (run->state)
    {
    case LB_RUN_DONE:
      return g_strdup_printf ("%s — test IoU %.3f%s", state, run->test_mean.value[NN_METRIC_IOU],
                              run->collapsed ? " — collapsed" : "");
    case LB_RUN_RUNNING:
    case LB_RUN_INTERRUPTED:
      /* The run store has the last checkpoint; the live history may be further on. */
      return g_strdup_printf ("%s — epoch %d of %d", state, MAX (run->epochs_done, epochs_seen),
                              epochs);
    case LB_RUN_ELSEWHERE:
      /* Another process's run: its history file is all there is of it. */
      return run->epochs_done > 0
               ? g_strdup_printf ("%s — %s, epoch %d of %d", state, run->holder, run->epochs_done,
                                  epochs)
               : g_strdup_printf ("%s — %s, starting", state, run->holder);
    case LB_RUN_FAILED:
      if (run->message != NULL)
        return g_strdup_printf ("%s — %s", state, run->message);
      break;
    case LB_RUN_PENDING:
    default:
      break;
    }
  return g_strdup (state);
}

void
lb_compare_queue_set_experiment (LbCompareQueue *self,
                                 LbExperiment   *experiment)
{
  guint n = experiment != NULL ? lb_experiment_get_n_runs (experiment) : 0;
  g_autoptr (GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);

  g_return_if_fail (LB_IS_COMPARE_QUEUE (self));

  for (guint i = 0; i < n; i++)
    {
      LbRunInfo run;
      g_autofree char *loss = NULL;
      g_autofree char *title = NULL;

      lb_experiment_get_run (experiment, i, &run);
      loss = lb_experiment_dup_loss_label (experiment, run.loss_index);
      title = g_strdup_printf ("%s, seed %" G_GUINT64_FORMAT, loss, run.seed);
      g_ptr_array_add (items, lb_run_item_new (title));
      lb_run_info_clear (&run);
    }
  g_list_store_splice (self->runs, 0, g_list_model_get_n_items (G_LIST_MODEL (self->runs)),
                       items->pdata, items->len);
  gtk_stack_set_visible_child_name (self->stack, n > 0 ? "runs" : "empty");
}

guint
lb_compare_queue_update (LbCompareQueue     *self,
                         LbExperiment       *experiment,
                         LbExperimentCurves *curves)
{
  guint n = MIN (lb_experiment_get_n_runs (experiment),
                 g_list_model_get_n_items (G_LIST_MODEL (self->runs)));
  int epochs = lb_experiment_get_config (experiment)->train.epochs;
  guint done = 0;

  g_return_val_if_fail (LB_IS_COMPARE_QUEUE (self), 0);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr (LbRunItem) item = g_list_model_get_item (G_LIST_MODEL (self->runs), i);
      g_autofree char *subtitle = NULL;
      LbRunInfo run;

      lb_experiment_get_run (experiment, i, &run);
      done += run.state == LB_RUN_DONE;
      subtitle = describe_run (&run, (int) lb_experiment_curves_get_n_epochs (curves, i), epochs);
      lb_run_item_set_subtitle (item, subtitle);
      lb_run_info_clear (&run);
    }
  return done;
}

static void
lb_compare_queue_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), LB_TYPE_COMPARE_QUEUE);

  G_OBJECT_CLASS (lb_compare_queue_parent_class)->dispose (object);
}

static void
lb_compare_queue_class_init (LbCompareQueueClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lb_compare_queue_dispose;

  g_type_ensure (LB_TYPE_RUN_ITEM);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/lossbench/Lossbench/ui/lb-compare-queue.ui");
  gtk_widget_class_bind_template_child (widget_class, LbCompareQueue, stack);
  gtk_widget_class_bind_template_child (widget_class, LbCompareQueue, runs);
}

static void
lb_compare_queue_init (LbCompareQueue *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
