/* lb-compare-page.c — the Compare page: the losses side by side (empty state for now).
 * SPDX-License-Identifier: GPL-3.0-or-later */

#include "lb-config.h"

#include "lb-compare-page.h"

struct _LbComparePage
{
  AdwBin parent_instance;
};

G_DEFINE_FINAL_TYPE (LbComparePage, lb_compare_page, ADW_TYPE_BIN)

static void
lb_compare_page_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), LB_TYPE_COMPARE_PAGE);

  G_OBJECT_CLASS (lb_compare_page_parent_class)->dispose (object);
}

static void
lb_compare_page_class_init (LbComparePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lb_compare_page_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/lossbench/Lossbench/ui/lb-compare-page.ui");
}

static void
lb_compare_page_init (LbComparePage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
