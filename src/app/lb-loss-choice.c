/* lb-loss-choice.c — one loss as a chooser lists it, and the list of them grouped by family.
 * SPDX-License-Identifier: GPL-3.0-or-later */

#include "lb-config.h"

#include <gtk/gtk.h>  /* GTK_INVALID_LIST_POSITION */

#include "lb-loss-catalogue.h"
#include "lb-loss-choice.h"

struct _LbLossChoice
{
  GObject parent_instance;

  NnLossKind kind;
};

G_DEFINE_FINAL_TYPE (LbLossChoice, lb_loss_choice, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_NAME,
  PROP_LABEL,
  PROP_CAPTION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static LbLossChoice *
lb_loss_choice_new (NnLossKind kind)
{
  LbLossChoice *self = g_object_new (LB_TYPE_LOSS_CHOICE, NULL);

  self->kind = kind;
  return self;
}

GListModel *
lb_loss_choice_list_new (void)
{
  GListStore *store = g_list_store_new (LB_TYPE_LOSS_CHOICE);
  guint n_losses;
  const LbLossInfo *losses = lb_loss_catalogue (&n_losses);

  for (NnLossFamily family = 0; family < NN_LOSS_FAMILY_COUNT; family++)
    for (guint i = 0; i < n_losses; i++)
      if (nn_loss_kind_family (losses[i].kind) == family)
        {
          g_autoptr (LbLossChoice) choice = lb_loss_choice_new (losses[i].kind);

          g_list_store_append (store, choice);
        }
  return G_LIST_MODEL (store);
}

guint
lb_loss_choice_list_find (GListModel *list,
                          NnLossKind  kind)
{
  guint n = g_list_model_get_n_items (list);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr (LbLossChoice) choice = g_list_model_get_item (list, i);

      if (choice->kind == kind)
        return i;
    }
  return GTK_INVALID_LIST_POSITION;
}

NnLossKind
lb_loss_choice_get_kind (LbLossChoice *self)
{
  g_return_val_if_fail (LB_IS_LOSS_CHOICE (self), NN_LOSS_DICE_BCE);

  return self->kind;
}

const char *
lb_loss_choice_get_name (LbLossChoice *self)
{
  g_return_val_if_fail (LB_IS_LOSS_CHOICE (self), NULL);

  return nn_loss_kind_to_string (self->kind);
}

const char *
lb_loss_choice_get_caption (LbLossChoice *self)
{
  g_return_val_if_fail (LB_IS_LOSS_CHOICE (self), NULL);

  return lb_loss_info (self->kind)->caption;
}

static void
lb_loss_choice_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  LbLossChoice *self = LB_LOSS_CHOICE (object);

  switch (prop_id)
    {
    case PROP_NAME:
      g_value_set_string (value, lb_loss_choice_get_name (self));
      break;
    case PROP_LABEL:
      g_value_set_string (value, nn_loss_kind_to_label (self->kind));
      break;
    case PROP_CAPTION:
      g_value_set_string (value, lb_loss_choice_get_caption (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lb_loss_choice_class_init (LbLossChoiceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = lb_loss_choice_get_property;

  properties[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL,
                                               G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_LABEL] = g_param_spec_string ("label", NULL, NULL, NULL,
                                                G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_CAPTION] = g_param_spec_string ("caption", NULL, NULL, NULL,
                                                  G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
lb_loss_choice_init (LbLossChoice *self)
{
}
