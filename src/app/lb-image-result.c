/* lb-image-result.c — one test image of one run, as a list item.
 * SPDX-License-Identifier: GPL-3.0-or-later */

#include "lb-image-result.h"

struct _LbImageResult
{
  GObject parent_instance;

  LbImageRow row;   /* its own copies of the strings */
  char *label;
};

G_DEFINE_FINAL_TYPE (LbImageResult, lb_image_result, G_TYPE_OBJECT)

LbImageResult *
lb_image_result_new (const LbImageRow *row,
                     const char       *label)
{
  LbImageResult *self = g_object_new (LB_TYPE_IMAGE_RESULT, NULL);

  self->row = *row;
  self->row.name = g_strdup (row->name);
  self->row.run_dir = g_strdup (row->run_dir);
  self->label = g_strdup (label);
  return self;
}

const LbImageRow *
lb_image_result_get_row (LbImageResult *self)
{
  g_return_val_if_fail (LB_IS_IMAGE_RESULT (self), NULL);
  return &self->row;
}

const char *
lb_image_result_get_label (LbImageResult *self)
{
  g_return_val_if_fail (LB_IS_IMAGE_RESULT (self), NULL);
  return self->label;
}

static void
lb_image_result_finalize (GObject *object)
{
  LbImageResult *self = LB_IMAGE_RESULT (object);

  g_free (self->row.name);
  g_free (self->row.run_dir);
  g_free (self->label);
  G_OBJECT_CLASS (lb_image_result_parent_class)->finalize (object);
}

static void
lb_image_result_class_init (LbImageResultClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = lb_image_result_finalize;
}

static void
lb_image_result_init (LbImageResult *self)
{
}
