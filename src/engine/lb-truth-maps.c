/* lb-truth-maps.c — distance maps of the truth masks, made once and gathered per batch.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "lb-truth-maps.h"

#include <string.h>

#include "lb-error.h"
#include "nn-distance.h"

enum
{
  SIGNED,
  CONTOUR,
  N_KINDS
};

static const NnLossTruthMap kind_flags[N_KINDS] = { NN_LOSS_MAP_SIGNED_DISTANCE,
                                                    NN_LOSS_MAP_CONTOUR_DISTANCE };

struct _LbTruthMaps
{
  unsigned which;       /* NnLossTruthMap flags */
  gsize hw;
  guint *row_of;        /* dataset index → row of the maps; G_MAXUINT for none */
  guint n_row_of;
  float *maps[N_KINDS]; /* n × hw each, or NULL */
  float *batch[N_KINDS];
  int batch_capacity;
};

guint64
lb_truth_maps_bytes (const NnLossConfig *loss, guint n, int size)
{
  unsigned which = nn_loss_truth_maps (loss);
  guint kinds = (which & NN_LOSS_MAP_SIGNED_DISTANCE ? 1 : 0)
                + (which & NN_LOSS_MAP_CONTOUR_DISTANCE ? 1 : 0);
  return (guint64) kinds * n * (guint64) size * size * sizeof (float);
}

LbTruthMaps *
lb_truth_maps_new (const NnLossConfig *loss,
                   const float *masks,
                   const guint *indices,
                   guint n,
                   int size,
                   GError **error)
{
  unsigned which = nn_loss_truth_maps (loss);
  gsize hw = (gsize) size * size;

  if (which == 0 || n == 0)
    return NULL;

  LbTruthMaps *self = g_new0 (LbTruthMaps, 1);
  self->which = which;
  self->hw = hw;
  for (guint i = 0; i < n; i++)
    self->n_row_of = MAX (self->n_row_of, indices[i] + 1);
  self->row_of = g_new (guint, self->n_row_of);
  memset (self->row_of, 0xff, self->n_row_of * sizeof (guint));
  for (guint i = 0; i < n; i++)
    self->row_of[indices[i]] = i;

  /* The masks in row order, so that one threaded call makes each map. */
  g_autofree float *rows = g_try_new (float, (gsize) n * hw);
  gboolean ok = rows != NULL;
  for (guint i = 0; ok && i < n; i++)
    memcpy (rows + i * hw, masks + indices[i] * hw, hw * sizeof (float));
  for (int k = 0; ok && k < N_KINDS; k++)
    {
      if (!(which & kind_flags[k]))
        continue;
      self->maps[k] = g_try_new (float, (gsize) n * hw);
      ok = self->maps[k] != NULL
           && (k == SIGNED ? nn_signed_distance_batch (rows, (int) n, size, size, NULL,
                                                       self->maps[k])
                           : nn_contour_distance_batch (rows, (int) n, size, size, NULL,
                                                        self->maps[k]))
                == 0;
    }
  if (!ok)
    {
      lb_truth_maps_free (self);
      g_set_error (error, LB_ERROR, LB_ERROR_TOO_LARGE,
                   "There is not enough memory for the distance maps this loss reads (%.0f MB). "
                   "Choose a smaller image size or fewer images.",
                   lb_truth_maps_bytes (loss, n, size) / 1e6);
      return NULL;
    }
  return self;
}

void
lb_truth_maps_free (LbTruthMaps *self)
{
  if (self == NULL)
    return;
  for (int k = 0; k < N_KINDS; k++)
    {
      g_free (self->maps[k]);
      g_free (self->batch[k]);
    }
  g_free (self->row_of);
  g_free (self);
}

void
lb_truth_maps_gather (LbTruthMaps *self, const guint *indices, int n, NnLossInput *input)
{
  if (self == NULL)
    return;
  if (n > self->batch_capacity)
    {
      for (int k = 0; k < N_KINDS; k++)
        if (self->maps[k] != NULL)
          self->batch[k] = g_renew (float, self->batch[k], (gsize) n * self->hw);
      self->batch_capacity = n;
    }
  for (int k = 0; k < N_KINDS; k++)
    {
      if (self->maps[k] == NULL)
        continue;
      for (int i = 0; i < n; i++)
        {
          g_return_if_fail (indices[i] < self->n_row_of
                            && self->row_of[indices[i]] != G_MAXUINT);
          memcpy (self->batch[k] + i * self->hw,
                  self->maps[k] + (gsize) self->row_of[indices[i]] * self->hw,
                  self->hw * sizeof (float));
        }
    }
  input->signed_distance = self->batch[SIGNED];
  input->contour_distance = self->batch[CONTOUR];
}
