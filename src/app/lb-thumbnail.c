/* lb-thumbnail.c — one item of the Data page's grid: a pair's name and its thumbnail texture.
 * SPDX-License-Identifier: GPL-3.0-or-later */

#include "lb-config.h"

#include "lb-thumbnail.h"

struct _LbThumbnail
{
  GObject parent_instance;

  char *name;
  GdkTexture *texture;
};

G_DEFINE_FINAL_TYPE (LbThumbnail, lb_thumbnail, G_TYPE_OBJECT)

LbThumbnail *
lb_thumbnail_new (const char *name,
                  GdkTexture *texture)
{
  LbThumbnail *self = g_object_new (LB_TYPE_THUMBNAIL, NULL);

  self->name = g_strdup (name);
  self->texture = g_object_ref (texture);
  return self;
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

static void
lb_thumbnail_finalize (GObject *object)
{
  LbThumbnail *self = LB_THUMBNAIL (object);

  g_clear_pointer (&self->name, g_free);
  g_clear_object (&self->texture);

  G_OBJECT_CLASS (lb_thumbnail_parent_class)->finalize (object);
}

static void
lb_thumbnail_class_init (LbThumbnailClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = lb_thumbnail_finalize;
}

static void
lb_thumbnail_init (LbThumbnail *self)
{
}
