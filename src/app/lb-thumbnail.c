/* lb-thumbnail.c — one item of the Data page's grid: a pair's name and its thumbnail texture.
 * SPDX-License-Identifier: GPL-3.0-or-later */

#include "lb-config.h"

#include "lb-thumbnail.h"

struct _LbThumbnail
{
  GObject parent_instance;

  guint index;
  char *name;
  char *source;
  GdkTexture *texture;
};

G_DEFINE_FINAL_TYPE (LbThumbnail, lb_thumbnail, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_NAME,
  PROP_SOURCE,
  PROP_TEXTURE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

LbThumbnail *
lb_thumbnail_new (guint       index,
                  const char *name,
                  const char *source)
{
  LbThumbnail *self = g_object_new (LB_TYPE_THUMBNAIL, NULL);

  self->index = index;
  self->name = g_strdup (name);
  self->source = g_strdup (source);
  return self;
}

guint
lb_thumbnail_get_index (LbThumbnail *self)
{
  g_return_val_if_fail (LB_IS_THUMBNAIL (self), 0);

  return self->index;
}

const char *
lb_thumbnail_get_name (LbThumbnail *self)
{
  g_return_val_if_fail (LB_IS_THUMBNAIL (self), NULL);

  return self->name;
}

GdkTexture *
lb_thumbnail_get_texture (LbThumbnail *self)
{
  g_return_val_if_fail (LB_IS_THUMBNAIL (self), NULL);

  return self->texture;
}

void
lb_thumbnail_set_texture (LbThumbnail *self,
                          GdkTexture  *texture)
{
  g_return_if_fail (LB_IS_THUMBNAIL (self));

  if (g_set_object (&self->texture, texture))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TEXTURE]);
}

static void
lb_thumbnail_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  LbThumbnail *self = LB_THUMBNAIL (object);

  switch (prop_id)
    {
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case PROP_SOURCE:
      g_value_set_string (value, self->source);
      break;
    case PROP_TEXTURE:
      g_value_set_object (value, self->texture);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lb_thumbnail_finalize (GObject *object)
{
  LbThumbnail *self = LB_THUMBNAIL (object);

  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->source, g_free);
  g_clear_object (&self->texture);

  G_OBJECT_CLASS (lb_thumbnail_parent_class)->finalize (object);
}

static void
lb_thumbnail_class_init (LbThumbnailClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = lb_thumbnail_get_property;
  object_class->finalize = lb_thumbnail_finalize;

  properties[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL,
                                               G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_SOURCE] = g_param_spec_string ("source", NULL, NULL, NULL,
                                                 G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_TEXTURE] = g_param_spec_object ("texture", NULL, NULL, GDK_TYPE_TEXTURE,
                                                  G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY
                                                  | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
lb_thumbnail_init (LbThumbnail *self)
{
}
