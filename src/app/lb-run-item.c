/* lb-run-item.c — one run of a comparison as its queue shows it.
 * SPDX-License-Identifier: GPL-3.0-or-later */

#include "lb-run-item.h"

struct _LbRunItem
{
  GObject parent_instance;

  char *title;
  char *subtitle;
};

G_DEFINE_FINAL_TYPE (LbRunItem, lb_run_item, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_TITLE,
  PROP_SUBTITLE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

LbRunItem *
lb_run_item_new (const char *title)
{
  return g_object_new (LB_TYPE_RUN_ITEM, "title", title, NULL);
}

const char *
lb_run_item_get_title (LbRunItem *self)
{
  g_return_val_if_fail (LB_IS_RUN_ITEM (self), NULL);

  return self->title;
}

const char *
lb_run_item_get_subtitle (LbRunItem *self)
{
  g_return_val_if_fail (LB_IS_RUN_ITEM (self), NULL);

  return self->subtitle;
}

void
lb_run_item_set_subtitle (LbRunItem  *self,
                          const char *subtitle)
{
  g_return_if_fail (LB_IS_RUN_ITEM (self));

  if (g_strcmp0 (self->subtitle, subtitle) == 0)
    return;
  g_free (self->subtitle);
  self->subtitle = g_strdup (subtitle);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SUBTITLE]);
}

static void
lb_run_item_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  LbRunItem *self = LB_RUN_ITEM (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;
    case PROP_SUBTITLE:
      g_value_set_string (value, self->subtitle);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lb_run_item_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  LbRunItem *self = LB_RUN_ITEM (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      self->title = g_value_dup_string (value);
      break;
    case PROP_SUBTITLE:
      lb_run_item_set_subtitle (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lb_run_item_finalize (GObject *object)
{
  LbRunItem *self = LB_RUN_ITEM (object);

  g_free (self->title);
  g_free (self->subtitle);

  G_OBJECT_CLASS (lb_run_item_parent_class)->finalize (object);
}

static void
lb_run_item_class_init (LbRunItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = lb_run_item_get_property;
  object_class->set_property = lb_run_item_set_property;
  object_class->finalize = lb_run_item_finalize;

  properties[PROP_TITLE] = g_param_spec_string ("title", NULL, NULL, NULL,
                                                G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY
                                                | G_PARAM_STATIC_STRINGS);
  properties[PROP_SUBTITLE] = g_param_spec_string ("subtitle", NULL, NULL, NULL,
                                                   G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY
                                                   | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
lb_run_item_init (LbRunItem *self)
{
}
