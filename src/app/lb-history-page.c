/* lb-history-page.c — the History page: earlier experiments (empty state for now).
 * SPDX-License-Identifier: GPL-3.0-or-later */

#include "lb-config.h"

#include "lb-history-page.h"

struct _LbHistoryPage
{
  AdwBin parent_instance;
};

G_DEFINE_FINAL_TYPE (LbHistoryPage, lb_history_page, ADW_TYPE_BIN)

static void
lb_history_page_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), LB_TYPE_HISTORY_PAGE);

  G_OBJECT_CLASS (lb_history_page_parent_class)->dispose (object);
}

static void
lb_history_page_class_init (LbHistoryPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lb_history_page_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/lossbench/Lossbench/ui/lb-history-page.ui");
}

static void
lb_history_page_init (LbHistoryPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
