/* lb-train-page.c — the Train page: one loss, its parameters, live charts (empty state for now).
 * SPDX-License-Identifier: GPL-3.0-or-later */

#include "lb-config.h"

#include "lb-train-page.h"

struct _LbTrainPage
{
  AdwBin parent_instance;
};

G_DEFINE_FINAL_TYPE (LbTrainPage, lb_train_page, ADW_TYPE_BIN)

static void
lb_train_page_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), LB_TYPE_TRAIN_PAGE);

  G_OBJECT_CLASS (lb_train_page_parent_class)->dispose (object);
}

static void
lb_train_page_class_init (LbTrainPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lb_train_page_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/lossbench/Lossbench/ui/lb-train-page.ui");
}

static void
lb_train_page_init (LbTrainPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
