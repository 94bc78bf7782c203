/* lb-sweep-heatmap.c — a sweep's cells as two heatmaps, validation beside test.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The layout is fixed in points (cells of CELL_W × CELL_H, a column of loss labels), so the
 * window, its hit test and a file all see the same figure. Each swept loss is a band of rows:
 * one row, or one per value of the second axis when it reads it; a loss that does not read an
 * axis has one cell spanning it. The colour scale is per heatmap, brighter always better. */

#include "lb-config.h"

#include "lb-sweep-heatmap.h"

#include "lb-figure-text.h"

#include <math.h>
#include <pango/pangocairo.h>

#define MARGIN 16.0
#define TITLE_H 26.0
#define HEAD_H 22.0
#define AXIS_H 18.0
#define VALUES_H 20.0
#define LABEL_W 136.0
#define ROW_VALUE_W 64.0
#define CELL_W 66.0
#define CELL_H 30.0
#define BAND_GAP 6.0
#define MATRIX_GAP 28.0
#define BAR_GAP 14.0
#define BAR_H 10.0
#define BAR_LABEL_H 20.0
#define LEGEND_H 22.0   /* a line of the legend */
#define MIN_WIDTH 560.0

typedef struct
{
  guint loss;          /* the experiment's loss index */
  guint band;          /* the swept loss */
  int column, row;     /* the value index on axis 0 and 1; −1: spans the axis */
  int n_runs, n_val;
  double val_mean, val_std;
  double test_mean, test_std, test_low, test_high;
  gboolean tuned, shared;
  gboolean collapsed;  /* every run ended predicting one class everywhere: not a result */
  char *label;
} Cell;

typedef struct
{
  char *label;
  int n_rows;
  double top;
} Band;

struct _LbSweepHeatmap
{
  char *title;
  LbMetric metric, select_metric;
  guint n_seeds;
  guint n_axes;
  char *axis_name[LB_SWEEP_MAX_AXES];
  GPtrArray *axis_values[LB_SWEEP_MAX_AXES];  /* "0.0001", … */
  GArray *cells;   /* Cell */
  GArray *bands;   /* Band */
  guint n_legend;  /* lines of the legend: the outlines, and the collapsed cells if any */
  double width, height, grid_top, grid_bottom;
};

static void
cell_clear (gpointer data)
{
  g_free (((Cell *) data)->label);
}

static void
band_clear (gpointer data)
{
  g_free (((Band *) data)->label);
}

static char *
dup_axis_name (int param)
{
  if (param == LB_SWEEP_LEARNING_RATE)
    return g_strdup ("learning rate");
  if (param == LB_SWEEP_AUGMENT)
    return g_strdup ("augmentation (× ranges)");
  return g_strdup (lb_sweep_param_to_symbol (param));
}

static double
row_value_width (const LbSweepHeatmap *self)
{
  return self->n_axes > 1 ? ROW_VALUE_W : 0;
}

static guint
n_columns (const LbSweepHeatmap *self)
{
  return self->axis_values[0]->len;
}

static double
matrix_left (const LbSweepHeatmap *self, LbSweepHeatmapSplit split)
{
  return MARGIN + LABEL_W + row_value_width (self)
         + split * (n_columns (self) * CELL_W + MATRIX_GAP);
}

static void
lay_out (LbSweepHeatmap *self)
{
  self->grid_top = MARGIN + TITLE_H + HEAD_H + AXIS_H + VALUES_H;
  double y = self->grid_top;
  for (guint b = 0; b < self->bands->len; b++)
    {
      Band *band = &g_array_index (self->bands, Band, b);
      band->top = y;
      y += band->n_rows * CELL_H + BAND_GAP;
    }
  self->grid_bottom = y - BAND_GAP;
  self->height = self->grid_bottom + BAR_GAP + BAR_H + BAR_LABEL_H + self->n_legend * LEGEND_H
                 + MARGIN;
  self->width = MAX (MIN_WIDTH, matrix_left (self, LB_SWEEP_HEATMAP_TEST)
                                  + n_columns (self) * CELL_W + MARGIN);
}

LbSweepHeatmap *
lb_sweep_heatmap_new (const LbSweepResults *results, const LbExperimentConfig *config)
{
  const LbSweepPlan *plan = &config->sweep;
  g_return_val_if_fail (plan->n_axes > 0, NULL);
  LbSweepHeatmap *self = g_new0 (LbSweepHeatmap, 1);
  self->metric = results->metric;
  self->select_metric = results->select_metric;
  self->n_seeds = config->n_seeds;
  self->n_axes = plan->n_axes;
  if (results->metric == results->select_metric)
    self->title = g_strdup_printf ("Sweep: validation and test %s per cell",
                                   lb_metric_to_label (results->metric));
  else
    self->title = g_strdup_printf ("Sweep: validation %s and test %s per cell",
                                   lb_metric_to_label (results->select_metric),
                                   lb_metric_to_label (results->metric));
  for (guint a = 0; a < plan->n_axes; a++)
    {
      self->axis_name[a] = dup_axis_name (plan->axes[a].param);
      self->axis_values[a] = g_ptr_array_new_with_free_func (g_free);
      for (guint v = 0; v < plan->axes[a].n_values; v++)
        {
          char value[G_ASCII_DTOSTR_BUF_SIZE];
          g_ascii_formatd (value, sizeof value, "%g", plan->axes[a].values[v]);
          g_ptr_array_add (self->axis_values[a], g_strdup (value));
        }
    }

  self->bands = g_array_new (FALSE, TRUE, sizeof (Band));
  g_array_set_clear_func (self->bands, band_clear);
  for (guint k = 0; k < results->n_swept; k++)
    {
      Band band = { g_strdup (results->swept_labels[k]), 1, 0 };
      g_array_append_val (self->bands, band);
    }
  self->cells = g_array_new (FALSE, TRUE, sizeof (Cell));
  g_array_set_clear_func (self->cells, cell_clear);
  for (guint c = 0; c < results->cells->len; c++)
    {
      const LbSweepCell *s = &g_array_index (results->cells, LbSweepCell, c);
      const LbMetricInterval *interval = &s->test.interval[results->metric];
      gboolean tested = s->n_runs > 0;
      Cell cell = {
        .loss = s->loss,
        .band = s->swept,
        .column = plan->cell_value[s->loss][0],
        .row = plan->n_axes > 1 ? plan->cell_value[s->loss][1] : -1,
        .n_runs = s->n_runs,
        .n_val = s->val.n,
        .val_mean = s->val.n > 0 ? s->val.mean : NAN,
        .val_std = s->val.std,
        .test_mean = tested ? s->test.metric[results->metric].mean : NAN,
        .test_std = tested ? s->test.metric[results->metric].std : NAN,
        .test_low = tested ? interval->ci_low : NAN,
        .test_high = tested ? interval->ci_high : NAN,
        .tuned = s->tuned,
        .shared = s->shared,
        .collapsed = tested && s->test.n_collapsed == s->n_runs,
        .label = lb_experiment_config_dup_loss_label (config, s->loss),
      };
      Band *band = &g_array_index (self->bands, Band, cell.band);
      if (cell.row >= 0)
        band->n_rows = MAX (band->n_rows, (int) plan->axes[1].n_values);
      g_array_append_val (self->cells, cell);
      self->n_legend = MAX (self->n_legend, cell.collapsed ? 3u : 2u);
    }
  self->n_legend = MAX (self->n_legend, 2u);
  lay_out (self);
  return self;
}

void
lb_sweep_heatmap_free (LbSweepHeatmap *self)
{
  if (self == NULL)
    return;
  g_free (self->title);
  for (guint a = 0; a < self->n_axes; a++)
    {
      g_free (self->axis_name[a]);
      g_ptr_array_unref (self->axis_values[a]);
    }
  g_array_unref (self->cells);
  g_array_unref (self->bands);
  g_free (self);
}

const char *
lb_sweep_heatmap_get_title (const LbSweepHeatmap *self)
{
  return self->title;
}

void
lb_sweep_heatmap_get_size (const LbSweepHeatmap *self, int *width, int *height)
{
  *width = (int) ceil (self->width);
  *height = (int) ceil (self->height);
}

static gboolean
cell_area (const LbSweepHeatmap *self, const Cell *cell, LbSweepHeatmapSplit split,
           cairo_rectangle_t *area)
{
  const Band *band = &g_array_index (self->bands, Band, cell->band);
  double left = matrix_left (self, split);
  area->x = cell->column >= 0 ? left + cell->column * CELL_W : left;
  area->width = cell->column >= 0 ? CELL_W : n_columns (self) * CELL_W;
  area->y = band->top + (cell->row >= 0 ? cell->row * CELL_H : 0);
  area->height = cell->row >= 0 || band->n_rows == 1 ? CELL_H : band->n_rows * CELL_H;
  return TRUE;
}

gboolean
lb_sweep_heatmap_get_cell_area (const LbSweepHeatmap *self,
                                guint cell,
                                LbSweepHeatmapSplit split,
                                cairo_rectangle_t *area)
{
  for (guint c = 0; c < self->cells->len; c++)
    {
      const Cell *each = &g_array_index (self->cells, Cell, c);
      if (each->loss == cell)
        return cell_area (self, each, split, area);
    }
  return FALSE;
}

gboolean
lb_sweep_heatmap_cell_at (const LbSweepHeatmap *self,
                          double x,
                          double y,
                          guint *cell,
                          LbSweepHeatmapSplit *split)
{
  for (LbSweepHeatmapSplit s = LB_SWEEP_HEATMAP_VALIDATION; s <= LB_SWEEP_HEATMAP_TEST; s++)
    for (guint c = 0; c < self->cells->len; c++)
      {
        const Cell *each = &g_array_index (self->cells, Cell, c);
        cairo_rectangle_t r;
        cell_area (self, each, s, &r);
        if (x >= r.x && x < r.x + r.width && y >= r.y && y < r.y + r.height)
          {
            *cell = each->loss;
            *split = s;
            return TRUE;
          }
      }
  return FALSE;
}

static double
cell_value (const Cell *cell, LbSweepHeatmapSplit split)
{
  return split == LB_SWEEP_HEATMAP_VALIDATION ? cell->val_mean : cell->test_mean;
}

static LbMetric
split_metric (const LbSweepHeatmap *self, LbSweepHeatmapSplit split)
{
  return split == LB_SWEEP_HEATMAP_VALIDATION ? self->select_metric : self->metric;
}

/* ---- the colour scale ---- */

typedef struct
{
  double worst, best;   /* the values at either end; NaN: no value yet */
} Scale;

static Scale
scale_of (const LbSweepHeatmap *self, LbSweepHeatmapSplit split)
{
  gboolean lower = lb_metric_lower_is_better (split_metric (self, split));
  Scale s = { NAN, NAN };
  for (guint c = 0; c < self->cells->len; c++)
    {
      const Cell *cell = &g_array_index (self->cells, Cell, c);
      double v = cell_value (cell, split);
      /* A collapsed cell would squeeze every result into one end of the scale. */
      if (!isfinite (v) || cell->collapsed)
        continue;
      if (isnan (s.best) || (lower ? v < s.best : v > s.best))
        s.best = v;
      if (isnan (s.worst) || (lower ? v > s.worst : v < s.worst))
        s.worst = v;
    }
  return s;
}

/* Where V sits from worst (0) to best (1). */
static double
scale_position (const Scale *s, double v)
{
  if (s->best == s->worst)
    return 1;
  return CLAMP ((v - s->worst) / (s->best - s->worst), 0, 1);
}

/* Viridis, sampled at nine points: perceptually even, readable in grey and by most colour-blind
 * readers. */
static void
viridis (double t, double rgb[3])
{
  static const guint8 stops[][3] = {
    { 0x44, 0x01, 0x54 }, { 0x47, 0x2d, 0x7b }, { 0x3b, 0x52, 0x8b }, { 0x2c, 0x72, 0x8e },
    { 0x21, 0x91, 0x8c }, { 0x28, 0xae, 0x80 }, { 0x5e, 0xc9, 0x62 }, { 0xad, 0xdc, 0x30 },
    { 0xfd, 0xe7, 0x25 },
  };
  double at = CLAMP (t, 0, 1) * (G_N_ELEMENTS (stops) - 1);
  guint i = MIN ((guint) at, G_N_ELEMENTS (stops) - 2);
  double f = at - i;
  for (int k = 0; k < 3; k++)
    rgb[k] = ((1 - f) * stops[i][k] + f * stops[i + 1][k]) / 255.0;
}

/* ---- drawing ---- */

static void
set_colour (cairo_t *cr, const double rgb[3], double alpha)
{
  cairo_set_source_rgba (cr, rgb[0], rgb[1], rgb[2], alpha);
}

/* The chosen cell: a light line inside a dark one, visible on every colour of the scale;
 * DASHED for the shared setting. */
static void
outline (cairo_t *cr, const cairo_rectangle_t *r, gboolean dashed)
{
  const double dash[] = { 4, 3 };
  cairo_save (cr);
  cairo_set_dash (cr, dash, dashed ? 2 : 0, 0);
  cairo_set_line_width (cr, 2);
  cairo_set_source_rgb (cr, 0, 0, 0);
  cairo_rectangle (cr, r->x + 1, r->y + 1, r->width - 2, r->height - 2);
  cairo_stroke (cr);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_rectangle (cr, r->x + 3, r->y + 3, r->width - 6, r->height - 6);
  cairo_stroke (cr);
  cairo_restore (cr);
}

static void
draw_cell (const LbSweepHeatmap *self, cairo_t *cr, PangoLayout *layout, const Cell *cell,
           LbSweepHeatmapSplit split, const Scale *scale, const LbFigureStyle *style)
{
  cairo_rectangle_t r;
  cell_area (self, cell, split, &r);
  double v = cell_value (cell, split);
  int text_height;
  if (!isfinite (v))
    {
      /* Not trained yet: an empty cell with a dash. */
      set_colour (cr, style->foreground, 0.08);
      cairo_rectangle (cr, r.x + 1, r.y + 1, r.width - 2, r.height - 2);
      cairo_fill (cr);
      set_colour (cr, style->foreground, 0.5);
      pango_layout_set_text (layout, "—", -1);
      pango_layout_get_pixel_size (layout, NULL, &text_height);
      lb_figure_show_text (cr, layout, "—", r.x, r.y + (r.height - text_height) / 2, r.width,
                           PANGO_ALIGN_CENTER, FALSE);
      return;
    }
  double rgb[3] = { 0.62, 0.62, 0.62 };  /* collapsed: grey, off the scale */
  if (!cell->collapsed)
    viridis (scale_position (scale, v), rgb);
  set_colour (cr, rgb, 1);
  cairo_rectangle (cr, r.x, r.y, r.width, r.height);
  cairo_fill (cr);

  double luminance = 0.2126 * rgb[0] + 0.7152 * rgb[1] + 0.0722 * rgb[2];
  double ink = luminance > 0.45 ? 0 : 1;
  cairo_set_source_rgb (cr, ink, ink, ink);
  g_autofree char *value = lb_metric_format (split_metric (self, split), v);
  g_autofree char *text = cell->collapsed ? g_strdup_printf ("%s ✕", value) : g_strdup (value);
  pango_layout_set_text (layout, text, -1);
  pango_layout_get_pixel_size (layout, NULL, &text_height);
  lb_figure_show_text (cr, layout, text, r.x, r.y + (r.height - text_height) / 2, r.width,
                       PANGO_ALIGN_CENTER, cell->tuned);
  if (cell->tuned || cell->shared)
    outline (cr, &r, !cell->tuned);
}

static void
draw_headings (const LbSweepHeatmap *self, cairo_t *cr, PangoLayout *layout,
               LbSweepHeatmapSplit split, const LbFigureStyle *style)
{
  double left = matrix_left (self, split);
  double width = n_columns (self) * CELL_W;
  double y = MARGIN + TITLE_H;
  g_autofree char *heading = g_strdup_printf ("%s %s", split == LB_SWEEP_HEATMAP_VALIDATION
                                                       ? "Validation" : "Test",
                                              lb_metric_to_label (split_metric (self, split)));
  set_colour (cr, style->foreground, 1);
  lb_figure_show_text (cr, layout, heading, left, y, width, PANGO_ALIGN_CENTER, TRUE);
  set_colour (cr, style->foreground, 0.7);
  lb_figure_show_text (cr, layout, self->axis_name[0], left, y + HEAD_H, width, PANGO_ALIGN_CENTER,
                       FALSE);
  for (guint v = 0; v < n_columns (self); v++)
    lb_figure_show_text (cr, layout, g_ptr_array_index (self->axis_values[0], v), left + v * CELL_W,
                         y + HEAD_H + AXIS_H, CELL_W, PANGO_ALIGN_CENTER, FALSE);
}

static void
draw_bands (const LbSweepHeatmap *self, cairo_t *cr, PangoLayout *layout,
            const LbFigureStyle *style)
{
  if (self->n_axes > 1)
    {
      set_colour (cr, style->foreground, 0.7);
      lb_figure_show_text (cr, layout, self->axis_name[1], MARGIN + LABEL_W,
                           MARGIN + TITLE_H + HEAD_H + AXIS_H, ROW_VALUE_W - 8, PANGO_ALIGN_RIGHT,
                           FALSE);
    }
  int text_height;
  pango_layout_set_text (layout, "Ag", -1);
  pango_layout_get_pixel_size (layout, NULL, &text_height);
  double inset = (CELL_H - text_height) / 2;
  for (guint b = 0; b < self->bands->len; b++)
    {
      const Band *band = &g_array_index (self->bands, Band, b);
      set_colour (cr, style->foreground, 1);
      lb_figure_show_text (cr, layout, band->label, MARGIN, band->top + inset, LABEL_W - 8,
                           PANGO_ALIGN_LEFT, FALSE);
      if (self->n_axes < 2 || band->n_rows < 2)
        continue;
      set_colour (cr, style->foreground, 0.7);
      for (int r = 0; r < band->n_rows; r++)
        lb_figure_show_text (cr, layout, g_ptr_array_index (self->axis_values[1], r),
                             MARGIN + LABEL_W, band->top + r * CELL_H + inset, ROW_VALUE_W - 8,
                             PANGO_ALIGN_RIGHT, FALSE);
    }
}

static void
draw_scale (const LbSweepHeatmap *self, cairo_t *cr, PangoLayout *layout,
            LbSweepHeatmapSplit split, const Scale *scale, const LbFigureStyle *style)
{
  if (isnan (scale->best))
    return;
  double left = matrix_left (self, split);
  double width = n_columns (self) * CELL_W;
  double top = self->grid_bottom + BAR_GAP;
  cairo_pattern_t *gradient = cairo_pattern_create_linear (left, 0, left + width, 0);
  for (int i = 0; i <= 8; i++)
    {
      double rgb[3];
      viridis (i / 8.0, rgb);
      cairo_pattern_add_color_stop_rgb (gradient, i / 8.0, rgb[0], rgb[1], rgb[2]);
    }
  cairo_set_source (cr, gradient);
  cairo_rectangle (cr, left, top, width, BAR_H);
  cairo_fill (cr);
  cairo_pattern_destroy (gradient);

  LbMetric metric = split_metric (self, split);
  g_autofree char *worst = lb_metric_format (metric, scale->worst);
  g_autofree char *best = lb_metric_format (metric, scale->best);
  set_colour (cr, style->foreground, 0.7);
  int worst_width, best_width, arrow_width;
  lb_figure_show_text (cr, layout, worst, left, top + BAR_H + 2, width / 2, PANGO_ALIGN_LEFT,
                       FALSE);
  pango_layout_get_pixel_size (layout, &worst_width, NULL);
  lb_figure_show_text (cr, layout, best, left + width / 2, top + BAR_H + 2, width / 2,
                       PANGO_ALIGN_RIGHT, FALSE);
  pango_layout_get_pixel_size (layout, &best_width, NULL);
  /* The direction between the two ends, in words where they fit. */
  double room = width - worst_width - best_width - 12;
  pango_layout_set_width (layout, -1);
  pango_layout_set_text (layout, "better →", -1);
  pango_layout_get_pixel_size (layout, &arrow_width, NULL);
  lb_figure_show_text (cr, layout, arrow_width <= room ? "better →" : "→", left + worst_width + 6,
                       top + BAR_H + 2, MAX (room, 1), PANGO_ALIGN_CENTER, FALSE);
}

static void
draw_legend (const LbSweepHeatmap *self, cairo_t *cr, PangoLayout *layout,
             const LbFigureStyle *style)
{
  static const char *const names[] = { "each loss's cell, chosen on validation",
                                       "the one setting best for all losses",
                                       "✕ collapsed: one class everywhere" };
  double x = MARGIN, y = self->grid_bottom + BAR_GAP + BAR_H + BAR_LABEL_H + 4;
  for (guint i = 0; i < self->n_legend; i++, y += LEGEND_H)
    {
      cairo_rectangle_t r = { x, y + 1, 26, 16 };
      double grey[3] = { 0.62, 0.62, 0.62 };
      set_colour (cr, grey, 1);
      cairo_rectangle (cr, r.x, r.y, r.width, r.height);
      cairo_fill (cr);
      if (i < 2)
        outline (cr, &r, i == 1);
      set_colour (cr, style->foreground, 1);
      lb_figure_show_text (cr, layout, names[i], x + 32, y, self->width - x - 32 - MARGIN,
                           PANGO_ALIGN_LEFT, FALSE);
    }
}

void
lb_sweep_heatmap_draw (const LbSweepHeatmap *self,
                       cairo_t *cr,
                       const LbFigureStyle *style)
{
  PangoLayout *layout = lb_figure_layout_new (cr, style->font);

  set_colour (cr, style->foreground, 1);
  lb_figure_show_text (cr, layout, self->title, MARGIN, MARGIN, self->width - 2 * MARGIN,
                       PANGO_ALIGN_LEFT, TRUE);
  draw_bands (self, cr, layout, style);
  for (LbSweepHeatmapSplit split = LB_SWEEP_HEATMAP_VALIDATION; split <= LB_SWEEP_HEATMAP_TEST;
       split++)
    {
      Scale scale = scale_of (self, split);
      draw_headings (self, cr, layout, split, style);
      for (guint c = 0; c < self->cells->len; c++)
        draw_cell (self, cr, layout, &g_array_index (self->cells, Cell, c), split, &scale,
                   style);
      draw_scale (self, cr, layout, split, &scale, style);
    }
  draw_legend (self, cr, layout, style);
  g_object_unref (layout);
}

char *
lb_sweep_heatmap_describe_cell (const LbSweepHeatmap *self,
                                guint cell,
                                LbSweepHeatmapSplit split)
{
  const Cell *c = NULL;
  for (guint i = 0; i < self->cells->len && c == NULL; i++)
    if (g_array_index (self->cells, Cell, i).loss == cell)
      c = &g_array_index (self->cells, Cell, i);
  g_return_val_if_fail (c != NULL, NULL);

  GString *text = g_string_new (c->label);
  LbMetric metric = split_metric (self, split);
  double mean = cell_value (c, split);
  int n = split == LB_SWEEP_HEATMAP_VALIDATION ? c->n_val : c->n_runs;
  if (!isfinite (mean))
    {
      g_string_append_printf (text, "\nNot trained yet: %d of %u seeds done", c->n_runs,
                              self->n_seeds);
      return g_string_free (text, FALSE);
    }
  g_autofree char *value = lb_metric_format (metric, mean);
  g_string_append_printf (text, "\n%s %s %s", split == LB_SWEEP_HEATMAP_VALIDATION
                                              ? "Validation" : "Test",
                          lb_metric_to_label (metric), value);
  double std = split == LB_SWEEP_HEATMAP_VALIDATION ? c->val_std : c->test_std;
  if (isfinite (std))
    {
      g_autofree char *spread = lb_metric_format (metric, std);
      g_string_append_printf (text, " ± %s", spread);
    }
  g_string_append_printf (text, " over %d seed%s", n, n == 1 ? "" : "s");
  if (split == LB_SWEEP_HEATMAP_VALIDATION)
    g_string_append (text, ", at each run's kept epoch");
  else if (isfinite (c->test_low))
    {
      g_autofree char *low = lb_metric_format (metric, c->test_low);
      g_autofree char *high = lb_metric_format (metric, c->test_high);
      g_string_append_printf (text, "\n95 %% interval %s … %s (seeds and images)", low, high);
    }
  if (c->n_runs < (int) self->n_seeds)
    g_string_append_printf (text, "\n%d of %u seeds done", c->n_runs, self->n_seeds);
  if (c->collapsed)
    g_string_append (text, "\nCollapsed: predicts one class everywhere, not a result (grey, "
                           "off the colour scale)");
  if (c->tuned)
    g_string_append_printf (text, "\nChosen for %s: best on validation",
                            g_array_index (self->bands, Band, c->band).label);
  if (c->shared)
    g_string_append (text, "\nThe shared setting: best on validation for all losses");
  return g_string_free (text, FALSE);
}

static void
draw_print (cairo_t *cr, int width, int height, gpointer data)
{
  LbFigureStyle style;
  lb_figure_style_init_print (&style);
  lb_sweep_heatmap_draw (data, cr, &style);
}

gboolean
lb_sweep_heatmap_write (const LbSweepHeatmap *self,
                        const char *path,
                        LbFigureFormat format,
                        GError **error)
{
  int width, height;
  lb_sweep_heatmap_get_size (self, &width, &height);
  return lb_figure_file_write (path, format, width, height, draw_print, (gpointer) self, error);
}
