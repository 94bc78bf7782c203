/* lb-data-page.c — the Data page: browse a dataset's images and masks (empty state for now).
 * SPDX-License-Identifier: GPL-3.0-or-later */

#include "lb-config.h"

#include "lb-data-page.h"

struct _LbDataPage
{
  AdwBin parent_instance;
};

G_DEFINE_FINAL_TYPE (LbDataPage, lb_data_page, ADW_TYPE_BIN)

static void
lb_data_page_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), LB_TYPE_DATA_PAGE);

  G_OBJECT_CLASS (lb_data_page_parent_class)->dispose (object);
}

static void
lb_data_page_class_init (LbDataPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lb_data_page_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/lossbench/Lossbench/ui/lb-data-page.ui");
}

static void
lb_data_page_init (LbDataPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
