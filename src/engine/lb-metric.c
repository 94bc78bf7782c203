/* lb-metric.c — every per-image test metric under one index, measured and read back.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "lb-metric.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "lb-error.h"
#include "nn-threads.h"

G_STATIC_ASSERT (LB_METRIC_HD95 - LB_METRIC_FIRST_BOUNDARY == NN_BOUNDARY_HD95);
G_STATIC_ASSERT (LB_METRIC_BOUNDARY_IOU - LB_METRIC_FIRST_BOUNDARY == NN_BOUNDARY_IOU);
G_STATIC_ASSERT (LB_METRIC_FIRST_MM - LB_METRIC_FIRST_BOUNDARY == NN_BOUNDARY_METRIC_COUNT);
G_STATIC_ASSERT (LB_METRIC_COUNT - LB_METRIC_FIRST_MM == NN_BOUNDARY_METRIC_COUNT);

static const struct
{
  const char *string, *label, *name;
} metric_names[LB_METRIC_COUNT] = {
  [LB_METRIC_IOU] = { "iou", "IoU", "IoU" },
  [LB_METRIC_DICE] = { "dice", "Dice", "Dice" },
  [LB_METRIC_ACCURACY] = { "accuracy", "Pixel accuracy", "pixel accuracy" },
  [LB_METRIC_PRECISION] = { "precision", "Precision", "precision" },
  [LB_METRIC_RECALL] = { "recall", "Recall", "recall" },
  [LB_METRIC_STEPPED_IOU] = { "stepped_iou", "Stepped IoU (poster)", "stepped IoU" },
  [LB_METRIC_HD] = { "hd", "HD (px)", "HD" },
  [LB_METRIC_HD95] = { "hd95", "HD95 (px)", "HD95" },
  [LB_METRIC_ASSD] = { "assd", "ASSD (px)", "ASSD" },
  [LB_METRIC_NSD] = { "nsd", "NSD (px)", "NSD (px)" },
  [LB_METRIC_BOUNDARY_IOU] = { "boundary_iou", "Boundary IoU (px)", "boundary IoU (px)" },
  [LB_METRIC_HD_MM] = { "hd_mm", "HD (mm)", "HD" },
  [LB_METRIC_HD95_MM] = { "hd95_mm", "HD95 (mm)", "HD95" },
  [LB_METRIC_ASSD_MM] = { "assd_mm", "ASSD (mm)", "ASSD" },
  [LB_METRIC_NSD_MM] = { "nsd_mm", "NSD (mm)", "NSD (mm)" },
  [LB_METRIC_BOUNDARY_IOU_MM] = { "boundary_iou_mm", "Boundary IoU (mm)", "boundary IoU (mm)" },
};

static gboolean
valid (LbMetric metric)
{
  return (unsigned) metric < LB_METRIC_COUNT;
}

const char *
lb_metric_to_string (LbMetric metric)
{
  return valid (metric) ? metric_names[metric].string : NULL;
}

const char *
lb_metric_to_label (LbMetric metric)
{
  return valid (metric) ? metric_names[metric].label : NULL;
}

const char *
lb_metric_get_name (LbMetric metric)
{
  return valid (metric) ? metric_names[metric].name : NULL;
}

LbMetricKind
lb_metric_get_kind (LbMetric metric)
{
  if (metric >= LB_METRIC_FIRST_MM)
    return LB_METRIC_KIND_MM;
  if (metric >= LB_METRIC_FIRST_BOUNDARY)
    return LB_METRIC_KIND_PIXELS;
  return LB_METRIC_KIND_OVERLAP;
}

NnBoundaryMetric
lb_metric_get_boundary (LbMetric metric)
{
  g_return_val_if_fail (valid (metric) && metric >= LB_METRIC_FIRST_BOUNDARY, NN_BOUNDARY_HD);
  return (metric - LB_METRIC_FIRST_BOUNDARY) % NN_BOUNDARY_METRIC_COUNT;
}

LbMetric
lb_metric_in_kind (LbMetric metric, LbMetricKind kind)
{
  g_return_val_if_fail (valid (metric), LB_METRIC_IOU);
  if (metric < LB_METRIC_FIRST_BOUNDARY || kind == LB_METRIC_KIND_OVERLAP)
    return metric;
  LbMetric first = kind == LB_METRIC_KIND_MM ? LB_METRIC_FIRST_MM : LB_METRIC_FIRST_BOUNDARY;
  return first + lb_metric_get_boundary (metric);
}

gboolean
lb_metric_lower_is_better (LbMetric metric)
{
  return valid (metric) && metric >= LB_METRIC_FIRST_BOUNDARY
         && nn_boundary_metric_lower_is_better (lb_metric_get_boundary (metric));
}

const char *
lb_metric_get_unit (LbMetric metric)
{
  if (!lb_metric_lower_is_better (metric))
    return "";
  return lb_metric_get_kind (metric) == LB_METRIC_KIND_MM ? "mm" : "px";
}

const char *
lb_metric_direction (LbMetric metric)
{
  return lb_metric_lower_is_better (metric) ? "lower is better" : "higher is better";
}

double
lb_metric_upper_bound (LbMetric metric)
{
  if (lb_metric_lower_is_better (metric))
    return INFINITY;
  return metric == LB_METRIC_STEPPED_IOU ? 1.1 : 1.0;
}

gboolean
lb_metric_is_better (LbMetric metric, double a, double b)
{
  if (isnan (a))
    return FALSE;
  if (isnan (b))
    return TRUE;
  return lb_metric_lower_is_better (metric) ? a < b : a > b;
}

int
lb_metric_decimals (LbMetric metric)
{
  return lb_metric_lower_is_better (metric) ? 2 : 4;
}

char *
lb_metric_format (LbMetric metric, double value)
{
  char format[16], buffer[G_ASCII_DTOSTR_BUF_SIZE];
  g_snprintf (format, sizeof format, "%%.%df", lb_metric_decimals (metric));
  return g_strdup (g_ascii_formatd (buffer, sizeof buffer, format, value));
}

char *
lb_metric_format_signed (LbMetric metric, double value)
{
  g_autofree char *digits = lb_metric_format (metric, fabs (value));
  g_autofree char *zero = lb_metric_format (metric, 0.0);
  /* −0.0000 reads as a direction where there is none. */
  return g_strconcat (value < 0.0 && strcmp (digits, zero) != 0 ? "−" : "+", digits, NULL);
}

char *
lb_metric_dup_quantity (LbMetric metric)
{
  const char *unit = lb_metric_get_unit (metric);
  if (*unit != '\0')
    return g_strdup_printf (" %s %s", unit, lb_metric_get_name (metric));
  return g_strdup_printf (" %s", lb_metric_get_name (metric));
}

const char *
lb_metric_unit_suffix (LbMetric metric)
{
  if (!lb_metric_lower_is_better (metric))
    return "";
  return lb_metric_get_kind (metric) == LB_METRIC_KIND_MM ? " mm" : " px";
}

gboolean
lb_metric_from_string (const char *name, LbMetric *metric)
{
  static const struct
  {
    const char *alias;
    LbMetric metric;
  } aliases[] = {
    { "pixel_accuracy", LB_METRIC_ACCURACY },
    { "surface_dice", LB_METRIC_NSD },
    { "surface_dice_mm", LB_METRIC_NSD_MM },
    { "hausdorff", LB_METRIC_HD },
    { "biou", LB_METRIC_BOUNDARY_IOU },
    { "jaccard", LB_METRIC_IOU },
  };
  if (name == NULL)
    return FALSE;
  g_autofree char *trimmed = g_strstrip (g_strdup (name));
  g_autofree char *key = g_ascii_strdown (trimmed, -1);
  g_strdelimit (key, "- ", '_');
  /* "hd95_px" is hd95, and a label's "(px)" / "(mm)" becomes the suffix. */
  g_autoptr (GString) k = g_string_new (key);
  g_string_replace (k, "_(px)", "", 0);
  g_string_replace (k, "_(mm)", "_mm", 0);
  const char *note = strstr (k->str, "_(");
  if (note != NULL && g_str_has_suffix (k->str, ")"))
    g_string_truncate (k, note - k->str);   /* "stepped_iou_(poster)" */
  if (g_str_has_suffix (k->str, "_px"))
    g_string_truncate (k, k->len - 3);
  for (int m = 0; m < LB_METRIC_COUNT; m++)
    if (strcmp (k->str, metric_names[m].string) == 0)
      {
        *metric = m;
        return TRUE;
      }
  for (guint i = 0; i < G_N_ELEMENTS (aliases); i++)
    if (strcmp (k->str, aliases[i].alias) == 0)
      {
        *metric = aliases[i].metric;
        return TRUE;
      }
  return FALSE;
}

char *
lb_metric_list_names (void)
{
  g_autoptr (GString) s = g_string_new (NULL);
  for (int m = 0; m < LB_METRIC_COUNT; m++)
    g_string_append_printf (s, "%s%s", m > 0 ? ", " : "", metric_names[m].string);
  return g_string_free (g_steal_pointer (&s), FALSE);
}

/* ---- options ---- */

void
lb_metric_options_init (LbMetricOptions *options)
{
  memset (options, 0, sizeof *options);
  options->spacing = (NnSpacing) { 1.0, 1.0 };
  options->nsd_tolerance = 2.0;
  options->nsd_tolerance_mm = 2.0;
}

static gboolean
positive (double x)
{
  return isfinite (x) && x > 0.0;
}

char *
lb_metric_options_check (const LbMetricOptions *o)
{
  if (o->has_spacing && !(positive (o->spacing.row) && positive (o->spacing.col)))
    return g_strdup ("The pixel spacing must be a positive number of mm in both directions, "
                     "such as 0.7 or 0.7x0.5.");
  if (!(isfinite (o->nsd_tolerance) && o->nsd_tolerance >= 0.0))
    return g_strdup ("The surface Dice tolerance τ must be zero or a positive number of "
                     "pixels.");
  if (!(isfinite (o->nsd_tolerance_mm) && o->nsd_tolerance_mm >= 0.0))
    return g_strdup ("The surface Dice tolerance τ in mm must be zero or a positive number.");
  return NULL;
}

static gboolean
parse_positive (const char *text, double *value)
{
  char *end = NULL;
  g_autofree char *copy = g_strstrip (g_strdup (text));
  *value = g_ascii_strtod (copy, &end);
  return end != copy && *end == '\0' && positive (*value);
}

gboolean
lb_spacing_parse (const char *text, NnSpacing *spacing, GError **error)
{
  g_autoptr (GString) s = g_string_new (text != NULL ? text : "");
  g_string_replace (s, "×", "x", 0);
  g_string_replace (s, "X", "x", 0);
  g_auto (GStrv) parts = g_strsplit (s->str, "x", -1);
  guint n = g_strv_length (parts);
  double row = 0, col = 0;
  gboolean ok = (n == 1 && parse_positive (parts[0], &row) && (col = row, TRUE))
                || (n == 2 && parse_positive (parts[0], &row) && parse_positive (parts[1], &col));
  if (!ok)
    {
      g_set_error (error, LB_ERROR, LB_ERROR_INVALID_INPUT,
                   "“%s” is not a pixel spacing: give the mm between two pixel centres, one "
                   "number for both directions (0.7) or ROWxCOL (0.7x0.5).", text ? text : "");
      return FALSE;
    }
  *spacing = (NnSpacing) { row, col };
  return TRUE;
}

char *
lb_spacing_to_string (const NnSpacing *spacing)
{
  char row[G_ASCII_DTOSTR_BUF_SIZE], col[G_ASCII_DTOSTR_BUF_SIZE];
  g_ascii_formatd (row, sizeof row, "%.9g", spacing->row);
  if (spacing->row == spacing->col)
    return g_strdup (row);
  g_ascii_formatd (col, sizeof col, "%.9g", spacing->col);
  return g_strdup_printf ("%sx%s", row, col);
}

NnSpacing
lb_spacing_effective (const NnSpacing *original,
                      int original_width,
                      int original_height,
                      int width,
                      int height)
{
  /* A resized pixel spans original size / new size original pixels along each axis. */
  double rows = original_height > 0 && height > 0 ? (double) original_height / height : 1.0;
  double cols = original_width > 0 && width > 0 ? (double) original_width / width : 1.0;
  return (NnSpacing) { original->row * rows, original->col * cols };
}

/* ---- one image ---- */

void
lb_image_metrics_clear (LbImageMetrics *metrics)
{
  for (int m = 0; m < LB_METRIC_COUNT; m++)
    metrics->value[m] = NAN;
  metrics->missed = -1;
}

void
lb_image_metrics_set_overlap (LbImageMetrics *metrics, const NnConfusion *confusion)
{
  NnMetrics m;
  nn_metrics_from_confusion (confusion, &m);
  for (int k = 0; k < NN_METRIC_COUNT; k++)
    metrics->value[k] = m.value[k];
}

static void
confusion_of (const guint8 *pred, const guint8 *truth, gsize hw, NnConfusion *c)
{
  *c = (NnConfusion) { 0, 0, 0, 0 };
  for (gsize k = 0; k < hw; k++)
    {
      gboolean p = pred[k] != 0, t = truth[k] != 0;
      c->tp += p && t;
      c->fp += p && !t;
      c->fn += !p && t;
      c->tn += !p && !t;
    }
}

static void
boundary_options (const LbMetricOptions *o, const NnSpacing *spacing, NnBoundaryOptions *b)
{
  nn_boundary_options_default (b);
  if (spacing != NULL)
    {
      b->spacing = *spacing;
      b->nsd_tolerance = o->nsd_tolerance_mm;
    }
  else
    b->nsd_tolerance = o->nsd_tolerance;
}

gboolean
lb_image_metrics_measure (const guint8 *pred,
                          const guint8 *truth,
                          int h,
                          int w,
                          const LbMetricOptions *options,
                          const NnSpacing *spacing,
                          NnConfusion *confusion,
                          LbImageMetrics *metrics)
{
  LbMetricOptions defaults;
  if (options == NULL)
    {
      lb_metric_options_init (&defaults);
      options = &defaults;
    }
  NnConfusion c;
  NnBoundaryOptions b;
  NnBoundaryMetrics px, mm;
  lb_image_metrics_clear (metrics);
  confusion_of (pred, truth, (gsize) h * w, &c);
  lb_image_metrics_set_overlap (metrics, &c);
  if (confusion != NULL)
    *confusion = c;

  boundary_options (options, NULL, &b);
  if (nn_boundary_metrics (pred, truth, h, w, &b, &px) != 0)
    return FALSE;
  for (int k = 0; k < NN_BOUNDARY_METRIC_COUNT; k++)
    metrics->value[LB_METRIC_FIRST_BOUNDARY + k] = px.value[k];
  metrics->missed = px.missed ? 1 : 0;
  if (spacing == NULL)
    return TRUE;
  boundary_options (options, spacing, &b);
  if (nn_boundary_metrics (pred, truth, h, w, &b, &mm) != 0)
    return FALSE;
  for (int k = 0; k < NN_BOUNDARY_METRIC_COUNT; k++)
    metrics->value[LB_METRIC_FIRST_MM + k] = mm.value[k];
  return TRUE;
}

typedef struct
{
  const float *logits, *masks;
  int n, h, w;
  const LbMetricOptions *options;
  const NnSpacing *spacings;
  LbImageMetrics *metrics;
  gboolean failed[NN_MAX_THREADS];
} BatchJob;

static void
batch_thread (void *data, int tid, int nthreads)
{
  BatchJob *job = data;
  gsize hw = (gsize) job->h * job->w;
  long begin, end;
  nn_split (job->n, tid, nthreads, &begin, &end);
  if (begin == end)
    return;
  g_autofree guint8 *a = g_malloc (hw);
  g_autofree guint8 *b = g_malloc (hw);
  for (long i = begin; i < end; i++)
    {
      const float *z = job->logits + (gsize) i * hw, *y = job->masks + (gsize) i * hw;
      /* p > 0.5 exactly when z > 0, as nn_confusion_from_logits decides. */
      for (gsize k = 0; k < hw; k++)
        {
          a[k] = z[k] > 0.0f;
          b[k] = y[k] > 0.5f;
        }
      if (!lb_image_metrics_measure (a, b, job->h, job->w, job->options,
                                     job->spacings != NULL ? &job->spacings[i] : NULL, NULL,
                                     &job->metrics[i]))
        job->failed[tid] = TRUE;
    }
}

gboolean
lb_image_metrics_from_logits (const float *logits,
                              const float *masks,
                              int n,
                              int h,
                              int w,
                              const LbMetricOptions *options,
                              const NnSpacing *spacings,
                              LbImageMetrics *metrics)
{
  if (n <= 0)
    return n == 0;
  BatchJob job = { logits, masks, n, h, w, options, spacings, metrics, { FALSE } };
  nn_parallel (batch_thread, &job, MIN (n, nn_get_threads ()));
  for (int t = 0; t < NN_MAX_THREADS; t++)
    if (job.failed[t])
      return FALSE;
  return TRUE;
}

double
lb_image_metrics_mean (const LbImageMetrics *rows, guint n, LbMetric metric)
{
  if (n == 0)
    return NAN;
  double sum = 0.0;
  for (guint i = 0; i < n; i++)
    sum += rows[i].value[metric];
  return sum / n;
}

int
lb_image_metrics_count_missed (const LbImageMetrics *rows, guint n)
{
  int missed = 0;
  for (guint i = 0; i < n; i++)
    {
      if (rows[i].missed < 0)
        return -1;
      missed += rows[i].missed;
    }
  return missed;
}

/* ---- CSV ---- */

void
lb_metric_add_boundary_columns (GPtrArray *header)
{
  for (int m = LB_METRIC_FIRST_BOUNDARY; m < LB_METRIC_FIRST_MM; m++)
    g_ptr_array_add (header, (gpointer) lb_metric_to_string (m));
  g_ptr_array_add (header, (gpointer) "missed");
  for (int m = LB_METRIC_FIRST_MM; m < LB_METRIC_COUNT; m++)
    g_ptr_array_add (header, (gpointer) lb_metric_to_string (m));
}

void
lb_metric_add_boundary_fields (LbCsv *csv, const LbImageMetrics *metrics)
{
  for (int m = LB_METRIC_FIRST_BOUNDARY; m < LB_METRIC_FIRST_MM; m++)
    lb_csv_add_double (csv, metrics->value[m], 9);
  if (metrics->missed >= 0)
    lb_csv_add_int (csv, metrics->missed);
  else
    lb_csv_add_string (csv, "");
  for (int m = LB_METRIC_FIRST_MM; m < LB_METRIC_COUNT; m++)
    lb_csv_add_double (csv, metrics->value[m], 9);
}

void
lb_metric_columns_find (LbMetricColumns *columns, char *const *header)
{
  for (int m = 0; m < LB_METRIC_COUNT; m++)
    columns->column[m] = -1;
  columns->missed = -1;
  for (int c = 0; header[c] != NULL; c++)
    {
      for (int m = LB_METRIC_FIRST_BOUNDARY; m < LB_METRIC_COUNT; m++)
        if (strcmp (header[c], lb_metric_to_string (m)) == 0)
          columns->column[m] = c;
      if (strcmp (header[c], "missed") == 0)
        columns->missed = c;
    }
}

/* Field C of ROW, or NULL when the row is shorter (a hand-trimmed file). */
static const char *
field (char *const *row, int c)
{
  for (int i = 0; i <= c; i++)
    if (row[i] == NULL)
      return NULL;
  return row[c];
}

gboolean
lb_metric_columns_read (const LbMetricColumns *columns,
                        char *const *row,
                        const char *path,
                        guint line,
                        LbImageMetrics *metrics,
                        GError **error)
{
  for (int m = LB_METRIC_FIRST_BOUNDARY; m < LB_METRIC_COUNT; m++)
    {
      metrics->value[m] = NAN;
      const char *text = columns->column[m] >= 0 ? field (row, columns->column[m]) : NULL;
      if (text == NULL || *text == '\0')
        continue;
      char *end = NULL;
      double value = g_ascii_strtod (text, &end);
      if (end == text || *end != '\0' || isnan (value) || value < 0.0)
        {
          g_set_error (error, LB_ERROR, LB_ERROR_CORRUPT,
                       "“%s”, line %u: “%s” is not a value of %s.", path, line, text,
                       lb_metric_to_string (m));
          return FALSE;
        }
      metrics->value[m] = value;
    }
  metrics->missed = -1;
  const char *missed = columns->missed >= 0 ? field (row, columns->missed) : NULL;
  if (missed != NULL && *missed != '\0')
    {
      if (strcmp (missed, "0") != 0 && strcmp (missed, "1") != 0)
        {
          g_set_error (error, LB_ERROR, LB_ERROR_CORRUPT,
                       "“%s”, line %u: “%s” in the column missed is neither 0 nor 1.", path,
                       line, missed);
          return FALSE;
        }
      metrics->missed = missed[0] == '1';
    }
  return TRUE;
}
