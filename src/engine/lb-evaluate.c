/* lb-evaluate.c — a network's loss and per-image confusion counts on a subset of a dataset.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "lb-evaluate.h"

#include <math.h>
#include <string.h>

gboolean
lb_evaluate (NnUNet *net,
             const float *images,
             const float *masks,
             const guint *indices,
             guint n,
             const NnLossConfig *loss_config,
             NnConfusion *per_image,
             double *loss,
             float *probabilities)
{
  return lb_evaluate_metrics (net, images, masks, indices, n, loss_config, NULL, NULL, per_image,
                              NULL, loss, probabilities);
}

gboolean
lb_evaluate_metrics (NnUNet *net,
                     const float *images,
                     const float *masks,
                     const guint *indices,
                     guint n,
                     const NnLossConfig *loss_config,
                     const LbMetricOptions *options,
                     const NnSpacing *spacings,
                     NnConfusion *per_image,
                     LbImageMetrics *metrics,
                     double *loss,
                     float *probabilities)
{
  const NnUNetConfig *config = nn_unet_get_config (net);
  gsize hw = (gsize) config->size * config->size;
  guint batch = config->batch;
  g_autofree float *x = g_new (float, batch * hw);
  g_autofree float *y = g_new (float, batch * hw);
  g_autofree float *logits = g_new (float, batch * hw);
  g_autofree NnSpacing *batch_spacings = spacings ? g_new (NnSpacing, batch) : NULL;
  double loss_sum = 0.0;
  gboolean finite = TRUE;

  for (guint start = 0; start < n; start += batch)
    {
      guint count = MIN (batch, n - start);
      for (guint i = 0; i < count; i++)
        {
          memcpy (x + i * hw, images + indices[start + i] * hw, hw * sizeof (float));
          memcpy (y + i * hw, masks + indices[start + i] * hw, hw * sizeof (float));
        }
      nn_unet_forward (net, x, count, logits);
      nn_confusion_from_logits (logits, y, count, hw, per_image + start);
      if (metrics != NULL)
        {
          for (guint i = 0; spacings != NULL && i < count; i++)
            batch_spacings[i] = spacings[indices[start + i]];
          int size = config->size;
          if (!lb_image_metrics_from_logits (logits, y, (int) count, size, size, options,
                                             batch_spacings, metrics + start))
            finite = FALSE;
        }

      if (loss != NULL)
        {
          /* A compound loss's second weight as at epoch 0: every epoch is judged by the
           * same objective, whatever the schedule does to the training loss. */
          double value = nn_loss (loss_config, logits, y, count, hw, NULL);
          finite = finite && isfinite (value);
          loss_sum += value * count;
        }
      if (probabilities != NULL)
        for (gsize k = 0; k < count * hw; k++)
          {
            finite = finite && isfinite (logits[k]);
            probabilities[start * hw + k] = 1.0f / (1.0f + expf (-logits[k]));
          }
    }
  if (loss != NULL)
    *loss = n > 0 ? loss_sum / n : NAN;
  return finite;
}

NnSpacing *
lb_spacings_for_dataset (LbDataset *dataset, const NnSpacing *original)
{
  guint n = lb_dataset_get_n_pairs (dataset), size = lb_dataset_get_size (dataset);
  const LbPairingReport *report = lb_dataset_get_report (dataset);
  NnSpacing *spacings = g_new (NnSpacing, MAX (1u, n));
  for (guint i = 0; i < n; i++)
    {
      /* The report keeps the kept pairs in dataset order, each with its original size. */
      const LbPair *pair = report != NULL && i < report->pairs->len
                             ? g_ptr_array_index (report->pairs, i)
                             : NULL;
      spacings[i] = lb_spacing_effective (original, pair ? pair->width : 0,
                                          pair ? pair->height : 0, (int) size, (int) size);
    }
  return spacings;
}

gboolean
lb_is_collapsed (const NnConfusion *total,
                 double            *predicted_lung)
{
  double n = (double) (total->tp + total->fp + total->fn + total->tn);
  double predicted = n > 0 ? (total->tp + total->fp) / n : 0;
  double lung = n > 0 ? (total->tp + total->fn) / n : 0;

  if (predicted_lung != NULL)
    *predicted_lung = predicted;
  if (n == 0 || lung < 0.01 || lung > 0.99)
    return FALSE;
  return predicted >= 0.999 || predicted <= 0.001;
}
