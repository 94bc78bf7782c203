/* lb-experiment-config.c — what an experiment runs, and its config.json.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "lb-experiment-config.h"

#include <json-glib/json-glib.h>
#include <math.h>
#include <string.h>

#include "lb-config.h"
#include "lb-error.h"
#include "lb-file.h"
#include "lb-loss-catalogue.h"
#include "lb-loss-spec.h"

#define FORMAT_VERSION 1

void
lb_experiment_config_init (LbExperimentConfig *config, LbTrainPreset preset)
{
  memset (config, 0, sizeof *config);
  config->demo_count = 96;
  config->demo_seed = 1;
  config->normalization = LB_NORMALIZATION_POSTER;
  config->split_train = 0.8;
  config->split_val = 0.1;
  config->split_test = 0.1;
  config->split_seed = 1;
  config->stratify = TRUE;
  config->preset = g_strdup (lb_train_preset_to_string (preset));
  lb_train_config_init (&config->train);
  lb_train_config_apply_preset (&config->train, preset);
  NnLossKind poster[LB_EXPERIMENT_MAX_LOSSES];
  config->n_losses = lb_loss_catalogue_poster (poster, LB_EXPERIMENT_MAX_LOSSES);
  for (guint i = 0; i < config->n_losses; i++)
    nn_loss_config_preset (&config->losses[i], poster[i], NN_LOSS_PRESET_POSTER);
  config->first_seed = 1;
  config->n_seeds = 3;
  lb_metric_options_init (&config->metrics);
  config->compare_metric = LB_METRIC_IOU;
}

void
lb_experiment_config_clear (LbExperimentConfig *config)
{
  g_clear_pointer (&config->folders, g_strfreev);
  g_clear_pointer (&config->content_sha256, g_free);
  g_clear_pointer (&config->preset, g_free);
  g_clear_pointer (&config->test_source, g_free);
  for (guint i = 0; i < config->n_external; i++)
    {
      g_clear_pointer (&config->external[i].name, g_free);
      g_clear_pointer (&config->external[i].folder, g_free);
      g_clear_pointer (&config->external[i].content_sha256, g_free);
    }
  config->n_external = 0;
}

void
lb_experiment_config_copy (LbExperimentConfig *dest, const LbExperimentConfig *src)
{
  *dest = *src;
  dest->folders = g_strdupv (src->folders);
  dest->content_sha256 = g_strdup (src->content_sha256);
  dest->preset = g_strdup (src->preset);
  dest->test_source = g_strdup (src->test_source);
  for (guint i = 0; i < src->n_external; i++)
    {
      dest->external[i].name = g_strdup (src->external[i].name);
      dest->external[i].folder = g_strdup (src->external[i].folder);
      dest->external[i].content_sha256 = g_strdup (src->external[i].content_sha256);
    }
}

const char *
lb_sweep_param_to_key (int param)
{
  if (param == LB_SWEEP_LEARNING_RATE)
    return "lr";
  return param == LB_SWEEP_AUGMENT ? "augment" : lb_loss_param_info (param)->key;
}

int
lb_sweep_param_from_key (const char *key)
{
  if (g_strcmp0 (key, "lr") == 0 || g_strcmp0 (key, "learning-rate") == 0)
    return LB_SWEEP_LEARNING_RATE;
  if (g_strcmp0 (key, "augment") == 0)
    return LB_SWEEP_AUGMENT;
  for (int p = 0; p < LB_LOSS_N_PARAMS; p++)
    if (g_strcmp0 (key, lb_loss_param_info (p)->key) == 0)
      return p;
  return LB_SWEEP_UNKNOWN;
}

const char *
lb_sweep_param_to_symbol (int param)
{
  if (param == LB_SWEEP_LEARNING_RATE)
    return "lr";
  return param == LB_SWEEP_AUGMENT ? "aug" : lb_loss_param_info (param)->symbol;
}

/* The first loss of swept loss SWEPT: its settings are the swept loss's, but for the axes. */
static guint
first_cell_of (const LbExperimentConfig *config, guint swept)
{
  for (guint l = 0; l < config->n_losses; l++)
    if (config->sweep.cell_loss[l] == swept)
      return l;
  return 0;
}

char *
lb_experiment_config_dup_swept_label (const LbExperimentConfig *config, guint swept)
{
  if (config->sweep.n_axes == 0)
    return lb_experiment_config_dup_loss_label (config, swept);
  guint cell = first_cell_of (config, swept);
  g_autofree char *label = lb_loss_dup_label (&config->losses[cell]);
  for (guint o = 0; o < config->sweep.n_swept; o++)
    {
      g_autofree char *other = o != swept
                                 ? lb_loss_dup_label (&config->losses[first_cell_of (config, o)])
                                 : NULL;
      if (g_strcmp0 (other, label) == 0)
        return g_strdup_printf ("%s #%u", label, swept + 1);
    }
  return g_steal_pointer (&label);
}

char *
lb_experiment_config_dup_loss_label (const LbExperimentConfig *config, guint loss_index)
{
  const LbSweepPlan *plan = &config->sweep;
  if (plan->n_axes > 0)
    {
      g_autofree char *swept = lb_experiment_config_dup_swept_label (config,
                                                                    plan->cell_loss[loss_index]);
      GString *label = g_string_new (swept);
      const char *separator = " (";
      for (guint a = 0; a < plan->n_axes; a++)
        {
          int v = plan->cell_value[loss_index][a];
          if (v < 0)
            continue;
          char value[G_ASCII_DTOSTR_BUF_SIZE];
          g_ascii_formatd (value, sizeof value, "%g", plan->axes[a].values[v]);
          g_string_append_printf (label, "%s%s %s", separator,
                                  lb_sweep_param_to_symbol (plan->axes[a].param), value);
          separator = ", ";
        }
      if (*separator == ',')
        g_string_append_c (label, ')');
      return g_string_free (label, FALSE);
    }
  g_autofree char *label = lb_loss_dup_label (&config->losses[loss_index]);
  for (guint o = 0; o < config->n_losses; o++)
    {
      g_autofree char *other = o != loss_index ? lb_loss_dup_label (&config->losses[o]) : NULL;
      if (g_strcmp0 (other, label) == 0)
        return g_strdup_printf ("%s #%u", label, loss_index + 1);
    }
  return g_steal_pointer (&label);
}

char *
lb_experiment_config_describe_size (const LbExperimentConfig *config)
{
  const LbSweepPlan *plan = &config->sweep;
  guint n_losses = plan->n_axes > 0 ? plan->n_swept : config->n_losses;
  GString *text = g_string_new (NULL);
  g_string_append_printf (text, "%u loss%s", n_losses, n_losses == 1 ? "" : "es");
  for (guint a = 0; a < plan->n_axes; a++)
    g_string_append_printf (text, "%s%s (%u values)", a == 0 ? " over " : " and ",
                            lb_sweep_param_to_symbol (plan->axes[a].param),
                            plan->axes[a].n_values);
  if (plan->n_axes > 0)
    g_string_append_printf (text, ", %u cells", config->n_losses);
  g_string_append_printf (text, " × %u seed%s", config->n_seeds, config->n_seeds == 1 ? "" : "s");
  return g_string_free (text, FALSE);
}

double
lb_experiment_config_get_learning_rate (const LbExperimentConfig *config, guint loss_index)
{
  const LbSweepPlan *plan = &config->sweep;
  for (guint a = 0; a < plan->n_axes; a++)
    if (plan->axes[a].param == LB_SWEEP_LEARNING_RATE && plan->cell_value[loss_index][a] >= 0)
      return plan->axes[a].values[plan->cell_value[loss_index][a]];
  return config->train.learning_rate;
}

/* The factor of the augmentation's ranges LOSS_INDEX trains with: its cell's on an
 * augmentation axis, else 1. */
static double
augment_factor (const LbExperimentConfig *config, guint loss_index)
{
  const LbSweepPlan *plan = &config->sweep;
  for (guint a = 0; a < plan->n_axes; a++)
    if (plan->axes[a].param == LB_SWEEP_AUGMENT && plan->cell_value[loss_index][a] >= 0)
      return plan->axes[a].values[plan->cell_value[loss_index][a]];
  return 1;
}

void
lb_experiment_config_get_augment (const LbExperimentConfig *config,
                                  guint loss_index,
                                  LbAugmentOptions *augment)
{
  double factor = augment_factor (config, loss_index);
  *augment = config->train.augment;
  if (factor == 1)
    return;
  lb_augment_options_scale (augment, factor);
}

/* NULL when PLAN fits CONFIG's losses: every cell's loss holds its values, every loss reads
 * exactly the axes it has values on; else what is wrong. */
static char *
sweep_plan_check (const LbExperimentConfig *c)
{
  const LbSweepPlan *plan = &c->sweep;
  if (plan->n_axes == 0)
    return NULL;
  if (plan->n_axes > LB_SWEEP_MAX_AXES)
    return g_strdup_printf ("A sweep varies at most %d settings.", LB_SWEEP_MAX_AXES);
  if (plan->n_swept == 0 || plan->n_swept > c->n_losses)
    return g_strdup ("The sweep has no losses.");
  for (guint a = 0; a < plan->n_axes; a++)
    {
      const LbSweepAxis *axis = &plan->axes[a];
      if (axis->param < LB_SWEEP_AUGMENT || axis->param >= LB_LOSS_N_PARAMS)
        return g_strdup ("A sweep axis varies a setting Lossbench does not know.");
      for (guint b = 0; b < a; b++)
        if (plan->axes[b].param == axis->param)
          return g_strdup_printf ("The sweep varies %s twice.", lb_sweep_param_to_key (axis->param));
      if (axis->n_values == 0 || axis->n_values > LB_SWEEP_MAX_VALUES)
        return g_strdup_printf ("Give %s between 1 and %d values.",
                                lb_sweep_param_to_key (axis->param), LB_SWEEP_MAX_VALUES);
      for (guint v = 0; v < axis->n_values; v++)
        if (!isfinite (axis->values[v]) || (v > 0 && !(axis->values[v] > axis->values[v - 1])))
          return g_strdup_printf ("The values of %s must be finite and increasing.",
                                  lb_sweep_param_to_key (axis->param));
      if (axis->param == LB_SWEEP_AUGMENT)
        {
          double largest = axis->values[axis->n_values - 1];
          LbAugmentOptions scaled = c->train.augment;
          const char *why;
          lb_augment_options_scale (&scaled, largest);
          if (axis->values[0] < 0)
            return g_strdup ("The augmentation's factors must be 0 (none) or more.");
          if ((why = lb_augment_options_check (&scaled)) != NULL)
            return g_strdup_printf ("At ×%g of its ranges the augmentation is too strong: %s",
                                    largest, why);
        }
    }
  for (guint k = 0; k < plan->n_swept; k++)
    {
      gboolean has_cell = FALSE;
      for (guint l = 0; l < c->n_losses && !has_cell; l++)
        has_cell = plan->cell_loss[l] == k;
      if (!has_cell)
        return g_strdup_printf ("The swept loss %u has no cell in the sweep.", k + 1);
    }
  for (guint l = 0; l < c->n_losses; l++)
    {
      if (plan->cell_loss[l] >= plan->n_swept)
        return g_strdup ("A cell of the sweep belongs to no swept loss.");
      for (guint a = 0; a < plan->n_axes; a++)
        {
          const LbSweepAxis *axis = &plan->axes[a];
          int v = plan->cell_value[l][a];
          gboolean reads = LB_SWEEP_PARAM_IS_TRAINING (axis->param)
                           || lb_loss_reads (c->losses[l].kind, axis->param);
          if (v >= (int) axis->n_values || (v < 0) == reads)
            return g_strdup_printf ("The cell %u of the sweep has no valid value of %s.", l + 1,
                                    lb_sweep_param_to_key (axis->param));
          if (v >= 0 && !LB_SWEEP_PARAM_IS_TRAINING (axis->param)
              && ABS (lb_loss_param_get (&c->losses[l].primary, axis->param)
                      - axis->values[v]) > 1e-6 * MAX (1.0, ABS (axis->values[v])))
            return g_strdup_printf ("The cell %u of the sweep does not hold its %s.", l + 1,
                                    lb_sweep_param_to_key (axis->param));
        }
    }
  return NULL;
}

gboolean
lb_experiment_config_is_poster_protocol (const LbExperimentConfig *config)
{
  NnUNetConfig net;
  int epochs;

  lb_train_preset_get (LB_TRAIN_PRESET_POSTER, &net, &epochs);
  return config->train.net.size == net.size && config->train.net.base_width == net.base_width
         && config->train.epochs == epochs;
}

char *
lb_experiment_config_check (const LbExperimentConfig *c)
{
  const char *why = nn_unet_config_check (&c->train.net);
  if (why != NULL)
    return g_strdup_printf ("This network cannot be built: %s", why);
  if (c->n_losses == 0 || c->n_losses > LB_EXPERIMENT_MAX_LOSSES)
    return g_strdup_printf ("Choose between 1 and %d losses.", LB_EXPERIMENT_MAX_LOSSES);
  if (c->n_seeds == 0 || c->n_seeds > LB_EXPERIMENT_MAX_SEEDS)
    return g_strdup_printf ("Choose between 1 and %d seeds.", LB_EXPERIMENT_MAX_SEEDS);
  if (c->train.epochs < 1)
    return g_strdup ("Train for at least one epoch.");
  if (!(c->train.learning_rate > 0.0 && c->train.learning_rate <= 10.0))
    return g_strdup ("The learning rate must be positive (and at most 10).");
  if (c->train.augment.enabled && lb_augment_options_check (&c->train.augment) != NULL)
    return g_strdup (lb_augment_options_check (&c->train.augment));
  char *sweep_why = sweep_plan_check (c);
  if (sweep_why != NULL)
    return sweep_why;
  if (c->split_train <= 0.0 || c->split_val <= 0.0 || c->split_test <= 0.0
      || ABS (c->split_train + c->split_val + c->split_test - 1.0) > 1e-6)
    return g_strdup ("The train, validation and test fractions must be positive and sum to 1.");
  for (guint i = 0; i < c->n_losses; i++)
    {
      g_autofree char *label = lb_loss_dup_label (&c->losses[i]);
      why = nn_loss_config_check (&c->losses[i]);
      if (why != NULL)
        return g_strdup_printf ("%s: %s", label, why);
      double lr = lb_experiment_config_get_learning_rate (c, i);
      if (!(lr > 0.0 && lr <= 10.0))
        return g_strdup_printf ("%s: the learning rate must be positive (and at most 10).",
                                label);
      for (guint j = 0; j < i; j++)
        if (memcmp (&c->losses[i], &c->losses[j], sizeof (NnLossConfig)) == 0
            && lr == lb_experiment_config_get_learning_rate (c, j)
            && augment_factor (c, i) == augment_factor (c, j))
          return g_strdup_printf ("%s is in the list twice with the same settings.", label);
    }
  if ((c->folders == NULL || c->folders[0] == NULL) && c->demo_count < 10)
    return g_strdup ("The demo set needs at least 10 images to split.");
  char *metrics_why = lb_metric_options_check (&c->metrics);
  if (metrics_why != NULL)
    return metrics_why;
  if ((unsigned) c->compare_metric >= LB_METRIC_COUNT)
    return g_strdup ("Choose a metric to compare the losses by.");
  if (lb_metric_get_kind (c->compare_metric) == LB_METRIC_KIND_MM && !c->metrics.has_spacing)
    return g_strdup_printf ("Comparing by %s needs the pixel spacing of the images: give it "
                            "(in mm), or compare by the same metric in pixels.",
                            lb_metric_to_label (c->compare_metric));
  return lb_experiment_config_check_external (c);
}

/* ---- writing ---- */

static void
add_double (JsonBuilder *b, const char *name, double value)
{
  json_builder_set_member_name (b, name);
  json_builder_add_double_value (b, value);
}

static void
add_int (JsonBuilder *b, const char *name, gint64 value)
{
  json_builder_set_member_name (b, name);
  json_builder_add_int_value (b, value);
}

static void
add_string (JsonBuilder *b, const char *name, const char *value)
{
  json_builder_set_member_name (b, name);
  if (value != NULL)
    json_builder_add_string_value (b, value);
  else
    json_builder_add_null_value (b);
}

static const char *
reduction_name (NnReduction r)
{
  return r == NN_REDUCE_PER_IMAGE ? "per-image" : "batch";
}

/* The settings of the losses beyond the poster's, written only for a loss that reads them (so
 * that a config of the poster's five reads the same as before they existed). */
static const struct
{
  LbLossParam param;
  const char *name;
} extra_loss_settings[] = {
  { LB_LOSS_PARAM_POS_WEIGHT, "pos_weight" }, { LB_LOSS_PARAM_TOP_K, "top_k" },
  { LB_LOSS_PARAM_LAMBDA, "lambda" }, { LB_LOSS_PARAM_DELTA, "delta" },
  { LB_LOSS_PARAM_DISTANCE_POWER, "distance_power" },
};

static void
add_loss_term (JsonBuilder *b, const NnLossTerm *t)
{
  add_string (b, "kind", nn_loss_kind_to_string (t->kind));
  add_double (b, "alpha", t->alpha);
  add_double (b, "beta", t->beta);
  add_double (b, "gamma", t->gamma);
  add_double (b, "smooth", t->smooth);
  add_string (b, "reduction", reduction_name (t->reduction));
  add_string (b, "focal_alpha",
              t->focal_alpha == NN_FOCAL_ALPHA_CLASS_BALANCED ? "class-balanced" : "scalar");
  add_string (b, "focal_tversky_power",
              t->focal_tversky_power == NN_FOCAL_TVERSKY_POWER_INV_GAMMA ? "1/gamma" : "gamma");
  for (guint i = 0; i < G_N_ELEMENTS (extra_loss_settings); i++)
    if (lb_loss_reads (t->kind, extra_loss_settings[i].param))
      add_double (b, extra_loss_settings[i].name,
                  lb_loss_param_get (t, extra_loss_settings[i].param));
  if (lb_loss_reads (t->kind, LB_LOSS_PARAM_ITERATIONS))
    add_int (b, "iterations", t->iterations);
}

/* "sweep": {"axes": [{"param": "lr", "values": […]}, …],
 *           "cells": [{"loss": 0, "values": [0, -1]}, …]}, one cell per entry of "losses". */
static void
add_sweep (JsonBuilder *b, const LbSweepPlan *plan, guint n_losses)
{
  json_builder_set_member_name (b, "sweep");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "axes");
  json_builder_begin_array (b);
  for (guint a = 0; a < plan->n_axes; a++)
    {
      json_builder_begin_object (b);
      add_string (b, "param", lb_sweep_param_to_key (plan->axes[a].param));
      json_builder_set_member_name (b, "values");
      json_builder_begin_array (b);
      for (guint v = 0; v < plan->axes[a].n_values; v++)
        json_builder_add_double_value (b, plan->axes[a].values[v]);
      json_builder_end_array (b);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_set_member_name (b, "cells");
  json_builder_begin_array (b);
  for (guint l = 0; l < n_losses; l++)
    {
      json_builder_begin_object (b);
      add_int (b, "loss", plan->cell_loss[l]);
      json_builder_set_member_name (b, "values");
      json_builder_begin_array (b);
      for (guint a = 0; a < plan->n_axes; a++)
        json_builder_add_int_value (b, plan->cell_value[l][a]);
      json_builder_end_array (b);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
}

gboolean
lb_experiment_config_save (const LbExperimentConfig *c, const char *path, GError **error)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();
  json_builder_begin_object (b);
  add_int (b, "format", FORMAT_VERSION);
  add_string (b, "lossbench_version", LB_VERSION);

  json_builder_set_member_name (b, "data");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "folders");
  json_builder_begin_array (b);
  for (char **f = c->folders; f && *f; f++)
    json_builder_add_string_value (b, *f);
  json_builder_end_array (b);
  add_int (b, "demo_count", c->demo_count);
  add_int (b, "demo_seed", (gint64) c->demo_seed);
  add_string (b, "normalization",
              c->normalization == LB_NORMALIZATION_POSTER ? "poster" : "standardize");
  add_string (b, "content_sha256", c->content_sha256);
  /* Of the original images, in mm, [row, column]; null when the images carry none. */
  json_builder_set_member_name (b, "pixel_spacing_mm");
  if (c->metrics.has_spacing)
    {
      json_builder_begin_array (b);
      json_builder_add_double_value (b, c->metrics.spacing.row);
      json_builder_add_double_value (b, c->metrics.spacing.col);
      json_builder_end_array (b);
    }
  else
    json_builder_add_null_value (b);
  /* Written when there are some: a configuration without it has none. */
  if (c->n_external > 0)
    {
      json_builder_set_member_name (b, "external");
      json_builder_begin_array (b);
      for (guint i = 0; i < c->n_external; i++)
        {
          json_builder_begin_object (b);
          add_string (b, "name", c->external[i].name);
          add_string (b, "folder", c->external[i].folder);
          add_string (b, "content_sha256", c->external[i].content_sha256);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
    }
  json_builder_end_object (b);

  json_builder_set_member_name (b, "split");
  json_builder_begin_object (b);
  add_string (b, "file", "split.tsv");
  add_double (b, "train", c->split_train);
  add_double (b, "val", c->split_val);
  add_double (b, "test", c->split_test);
  add_int (b, "seed", (gint64) c->split_seed);
  json_builder_set_member_name (b, "stratify");
  json_builder_add_boolean_value (b, c->stratify);
  /* Written when one is: a configuration without it split at random. */
  if (c->test_source != NULL)
    add_string (b, "test_source", c->test_source);
  json_builder_end_object (b);

  const LbTrainConfig *t = &c->train;
  json_builder_set_member_name (b, "training");
  json_builder_begin_object (b);
  add_string (b, "preset", c->preset);
  add_int (b, "size", t->net.size);
  add_int (b, "base_width", t->net.base_width);
  add_int (b, "depth", t->net.depth);
  add_int (b, "batch", t->net.batch);
  add_string (b, "precision", nn_precision_to_string (t->net.precision));
  add_int (b, "epochs", t->epochs);
  add_double (b, "learning_rate", t->learning_rate);
  add_double (b, "plateau_factor", t->plateau_factor);
  add_int (b, "plateau_patience", t->plateau_patience);
  add_double (b, "plateau_min_delta", t->plateau_min_delta);
  add_int (b, "plateau_cooldown", t->plateau_cooldown);
  add_double (b, "min_learning_rate", t->min_learning_rate);
  add_int (b, "early_stop_patience", t->early_stop_patience);
  add_int (b, "threads", t->threads);
  add_int (b, "previews", t->n_previews);
  /* Written when on: a configuration without it trained on the images as they are. */
  if (t->augment.enabled)
    {
      json_builder_set_member_name (b, "augment");
      json_builder_begin_object (b);
      add_double (b, "rotation", t->augment.max_rotation);
      add_double (b, "shift", t->augment.max_shift);
      add_double (b, "scale", t->augment.max_scale);
      add_double (b, "brightness", t->augment.max_brightness);
      add_double (b, "contrast", t->augment.max_contrast);
      add_double (b, "gamma", t->augment.max_gamma);
      json_builder_set_member_name (b, "horizontal_flip");
      json_builder_add_boolean_value (b, t->augment.horizontal_flip);
      json_builder_end_object (b);
    }
  json_builder_end_object (b);

  json_builder_set_member_name (b, "losses");
  json_builder_begin_array (b);
  for (guint i = 0; i < c->n_losses; i++)
    {
      const NnLossConfig *l = &c->losses[i];
      json_builder_begin_object (b);
      add_loss_term (b, &l->primary);
      if (l->has_plus)
        {
          json_builder_set_member_name (b, "plus");
          json_builder_begin_object (b);
          add_loss_term (b, &l->plus);
          json_builder_end_object (b);
          json_builder_set_member_name (b, "plus_weight");
          json_builder_begin_object (b);
          add_string (b, "schedule", nn_loss_schedule_kind_to_string (l->plus_weight.kind));
          add_double (b, "start", l->plus_weight.start);
          add_double (b, "end", l->plus_weight.end);
          add_double (b, "step", l->plus_weight.step);
          add_int (b, "epochs", l->plus_weight.epochs);
          json_builder_end_object (b);
        }
      json_builder_end_object (b);
    }
  json_builder_end_array (b);

  json_builder_set_member_name (b, "seeds");
  json_builder_begin_array (b);
  for (guint s = 0; s < c->n_seeds; s++)
    json_builder_add_int_value (b, (gint64) (c->first_seed + s));
  json_builder_end_array (b);

  json_builder_set_member_name (b, "metrics");
  json_builder_begin_object (b);
  add_double (b, "nsd_tolerance_px", c->metrics.nsd_tolerance);
  add_double (b, "nsd_tolerance_mm", c->metrics.nsd_tolerance_mm);
  add_string (b, "compare_by", lb_metric_to_string (c->compare_metric));
  json_builder_end_object (b);
  if (c->sweep.n_axes > 0)
    add_sweep (b, &c->sweep, c->n_losses);
  json_builder_end_object (b);

  g_autoptr (JsonGenerator) generator = json_generator_new ();
  g_autoptr (JsonNode) root = json_builder_get_root (b);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  gsize length = 0;
  g_autofree char *text = json_generator_to_data (generator, &length);
  return lb_file_write_atomic (path, text, length, error);
}

/* ---- reading: every member checked, so a hand-edited file gets a sentence, not a crash ---- */

typedef struct
{
  const char *path;
  GError **error;
  gboolean failed;
} Reader;

static void
reader_fail (Reader *r, const char *format, ...) G_GNUC_PRINTF (2, 3);

static void
reader_fail (Reader *r, const char *format, ...)
{
  if (r->failed)
    return;
  va_list args;
  va_start (args, format);
  g_autofree char *what = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error (r->error, LB_ERROR, LB_ERROR_CORRUPT,
               "The experiment settings “%s” are damaged: %s. Restore the file, or start a new "
               "experiment.", r->path, what);
  r->failed = TRUE;
}

static JsonNode *
member (Reader *r, JsonObject *object, const char *name, JsonNodeType type)
{
  JsonNode *node = object ? json_object_get_member (object, name) : NULL;
  if (node == NULL || JSON_NODE_TYPE (node) != type)
    {
      reader_fail (r, "“%s” is missing or not %s", name,
                   type == JSON_NODE_OBJECT  ? "an object"
                   : type == JSON_NODE_ARRAY ? "a list"
                                             : "a value");
      return NULL;
    }
  return node;
}

static JsonObject *
get_object (Reader *r, JsonObject *object, const char *name)
{
  JsonNode *node = member (r, object, name, JSON_NODE_OBJECT);
  return node ? json_node_get_object (node) : NULL;
}

static JsonArray *
get_array (Reader *r, JsonObject *object, const char *name)
{
  JsonNode *node = member (r, object, name, JSON_NODE_ARRAY);
  return node ? json_node_get_array (node) : NULL;
}

static double
get_double (Reader *r, JsonObject *object, const char *name, double lo, double hi)
{
  JsonNode *node = member (r, object, name, JSON_NODE_VALUE);
  if (node == NULL)
    return 0.0;
  GType type = json_node_get_value_type (node);
  if (type != G_TYPE_DOUBLE && type != G_TYPE_INT64)
    {
      reader_fail (r, "“%s” is not a number", name);
      return 0.0;
    }
  double value = json_node_get_double (node);
  if (!(value >= lo && value <= hi))
    reader_fail (r, "“%s” is %g, outside %g … %g", name, value, lo, hi);
  return value;
}

static gint64
get_int (Reader *r, JsonObject *object, const char *name, gint64 lo, gint64 hi)
{
  JsonNode *node = member (r, object, name, JSON_NODE_VALUE);
  if (node == NULL)
    return 0;
  if (json_node_get_value_type (node) != G_TYPE_INT64)
    {
      reader_fail (r, "“%s” is not a whole number", name);
      return 0;
    }
  gint64 value = json_node_get_int (node);
  if (value < lo || value > hi)
    reader_fail (r, "“%s” is %" G_GINT64_FORMAT ", outside %" G_GINT64_FORMAT " … %"
                 G_GINT64_FORMAT, name, value, lo, hi);
  return value;
}

static const char *
get_string (Reader *r, JsonObject *object, const char *name, gboolean nullable)
{
  JsonNode *node = object ? json_object_get_member (object, name) : NULL;
  if (nullable && node != NULL && JSON_NODE_HOLDS_NULL (node))
    return NULL;
  node = member (r, object, name, JSON_NODE_VALUE);
  if (node == NULL)
    return NULL;
  if (json_node_get_value_type (node) != G_TYPE_STRING)
    {
      reader_fail (r, "“%s” is not text", name);
      return NULL;
    }
  return json_node_get_string (node);
}

static gboolean
get_bool (Reader *r, JsonObject *object, const char *name)
{
  JsonNode *node = member (r, object, name, JSON_NODE_VALUE);
  if (node == NULL)
    return FALSE;
  if (json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    {
      reader_fail (r, "“%s” is not true or false", name);
      return FALSE;
    }
  return json_node_get_boolean (node);
}

static int
get_choice (Reader *r, JsonObject *object, const char *name, const char *a, const char *b)
{
  const char *value = get_string (r, object, name, FALSE);
  if (value == NULL)
    return 0;
  if (g_strcmp0 (value, a) == 0)
    return 0;
  if (g_strcmp0 (value, b) == 0)
    return 1;
  reader_fail (r, "“%s” is “%s”, neither “%s” nor “%s”", name, value, a, b);
  return 0;
}

static void
read_loss_term (Reader *r, JsonObject *o, NnLossTerm *t)
{
  const char *kind = get_string (r, o, "kind", FALSE);
  if (kind != NULL && !nn_loss_kind_from_string (kind, &t->kind))
    reader_fail (r, "“%s” is not a loss Lossbench knows", kind);
  t->alpha = get_double (r, o, "alpha", 0.0, 1e6);
  t->beta = get_double (r, o, "beta", 0.0, 1e6);
  t->gamma = get_double (r, o, "gamma", 0.0, 1e6);
  t->smooth = get_double (r, o, "smooth", 0.0, 1e6);
  t->reduction = get_choice (r, o, "reduction", "batch", "per-image") ? NN_REDUCE_PER_IMAGE
                                                                       : NN_REDUCE_BATCH;
  t->focal_alpha = get_choice (r, o, "focal_alpha", "scalar", "class-balanced")
                     ? NN_FOCAL_ALPHA_CLASS_BALANCED
                     : NN_FOCAL_ALPHA_SCALAR;
  t->focal_tversky_power = get_choice (r, o, "focal_tversky_power", "gamma", "1/gamma")
                             ? NN_FOCAL_TVERSKY_POWER_INV_GAMMA
                             : NN_FOCAL_TVERSKY_POWER_GAMMA;
  /* Written only for the losses that read them (add_loss_term). */
  for (guint i = 0; i < G_N_ELEMENTS (extra_loss_settings); i++)
    if (!r->failed && lb_loss_reads (t->kind, extra_loss_settings[i].param))
      lb_loss_param_set (t, extra_loss_settings[i].param,
                         get_double (r, o, extra_loss_settings[i].name, 0.0, 1e6));
  if (!r->failed && lb_loss_reads (t->kind, LB_LOSS_PARAM_ITERATIONS))
    t->iterations = (int) get_int (r, o, "iterations", 1, 1000);
}

static void
read_loss (Reader *r, JsonNode *node, NnLossConfig *l)
{
  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      reader_fail (r, "an entry of “losses” is not an object");
      return;
    }
  JsonObject *o = json_node_get_object (node);
  read_loss_term (r, o, &l->primary);
  l->has_plus = json_object_has_member (o, "plus");
  if (l->has_plus)
    {
      JsonNode *plus = member (r, o, "plus", JSON_NODE_OBJECT);
      JsonNode *weight = member (r, o, "plus_weight", JSON_NODE_OBJECT);
      if (plus != NULL && weight != NULL)
        {
          JsonObject *w = json_node_get_object (weight);
          const char *schedule = get_string (r, w, "schedule", FALSE);
          read_loss_term (r, json_node_get_object (plus), &l->plus);
          if (schedule != NULL && !nn_loss_schedule_kind_from_string (schedule,
                                                                      &l->plus_weight.kind))
            reader_fail (r, "“%s” is not a weight schedule Lossbench knows", schedule);
          l->plus_weight.start = get_double (r, w, "start", 0.0, 1e6);
          l->plus_weight.end = get_double (r, w, "end", 0.0, 1e6);
          l->plus_weight.step = get_double (r, w, "step", 0.0, 1e6);
          l->plus_weight.epochs = (int) get_int (r, w, "epochs", 0, 100000);
        }
    }
  const char *why = r->failed ? NULL : nn_loss_config_check (l);
  if (why != NULL)
    reader_fail (r, "the %s settings are not usable (%s)", nn_loss_kind_to_string (l->kind),
                 why);
}

/* Members added after the first version of the format: absent means the default. */
static gboolean
has_member (JsonObject *object, const char *name)
{
  JsonNode *node = object ? json_object_get_member (object, name) : NULL;
  return node != NULL && !JSON_NODE_HOLDS_NULL (node);
}

static void
read_spacing (Reader *r, JsonObject *data, LbMetricOptions *metrics)
{
  if (!has_member (data, "pixel_spacing_mm"))
    return;
  JsonArray *spacing = get_array (r, data, "pixel_spacing_mm");
  double values[2] = { 0, 0 };
  guint n = spacing ? json_array_get_length (spacing) : 0;
  for (guint i = 0; i < n && i < 2; i++)
    {
      JsonNode *v = json_array_get_element (spacing, i);
      GType type = JSON_NODE_HOLDS_VALUE (v) ? json_node_get_value_type (v) : G_TYPE_INVALID;
      values[i] = type == G_TYPE_DOUBLE || type == G_TYPE_INT64 ? json_node_get_double (v) : 0;
    }
  if (spacing != NULL && (n != 2 || !(values[0] > 0 && values[1] > 0 && values[0] < 1e6
                                      && values[1] < 1e6)))
    {
      reader_fail (r, "“pixel_spacing_mm” must be two positive numbers, [row, column], or null");
      return;
    }
  metrics->has_spacing = TRUE;
  metrics->spacing = (NnSpacing) { values[0], values[1] };
}

/* "external": [{ "name", "folder", "content_sha256" }]; the names are checked with the rest. */
static void
read_external (Reader *r, JsonArray *sets, LbExperimentConfig *c)
{
  guint n = sets ? json_array_get_length (sets) : 0;
  if (n > LB_EXPERIMENT_MAX_EXTERNAL)
    {
      reader_fail (r, "“external” has %u sets, more than %d", n, LB_EXPERIMENT_MAX_EXTERNAL);
      return;
    }
  for (guint i = 0; i < n && !r->failed; i++)
    {
      JsonNode *node = json_array_get_element (sets, i);
      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          reader_fail (r, "an external test set is not an object");
          return;
        }
      JsonObject *set = json_node_get_object (node);
      LbExternalSet *e = &c->external[c->n_external++];
      e->name = g_strdup (get_string (r, set, "name", FALSE));
      e->folder = g_strdup (get_string (r, set, "folder", FALSE));
      e->content_sha256 = g_strdup (get_string (r, set, "content_sha256", TRUE));
    }
}

static void
read_metrics (Reader *r, JsonObject *top, LbExperimentConfig *c)
{
  if (!has_member (top, "metrics"))
    return;
  JsonObject *m = get_object (r, top, "metrics");
  if (has_member (m, "nsd_tolerance_px"))
    c->metrics.nsd_tolerance = get_double (r, m, "nsd_tolerance_px", 0.0, 1e6);
  if (has_member (m, "nsd_tolerance_mm"))
    c->metrics.nsd_tolerance_mm = get_double (r, m, "nsd_tolerance_mm", 0.0, 1e6);
  if (has_member (m, "compare_by"))
    {
      const char *name = get_string (r, m, "compare_by", FALSE);
      if (name != NULL && !lb_metric_from_string (name, &c->compare_metric))
        reader_fail (r, "“compare_by” is “%s”, not a metric Lossbench knows", name);
    }
}

/* The sweep section (add_sweep); lb_experiment_config_check then checks it against the
 * losses. */
static void
read_sweep (Reader *r, JsonObject *top, LbExperimentConfig *c)
{
  if (!has_member (top, "sweep"))
    return;
  LbSweepPlan *plan = &c->sweep;
  JsonObject *sweep = get_object (r, top, "sweep");
  JsonArray *axes = get_array (r, sweep, "axes");
  JsonArray *cells = get_array (r, sweep, "cells");
  if (r->failed)
    return;
  plan->n_axes = json_array_get_length (axes);
  if (plan->n_axes == 0 || plan->n_axes > LB_SWEEP_MAX_AXES)
    {
      reader_fail (r, "“sweep” has %u axes", plan->n_axes);
      return;
    }
  for (guint a = 0; a < plan->n_axes && !r->failed; a++)
    {
      JsonNode *node = json_array_get_element (axes, a);
      JsonObject *axis = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
      const char *key = get_string (r, axis, "param", FALSE);
      JsonArray *values = get_array (r, axis, "values");
      if (r->failed)
        return;
      plan->axes[a].param = lb_sweep_param_from_key (key);
      if (plan->axes[a].param < LB_SWEEP_AUGMENT)
        reader_fail (r, "the sweep varies “%s”, a setting Lossbench does not know", key);
      plan->axes[a].n_values = json_array_get_length (values);
      if (plan->axes[a].n_values == 0 || plan->axes[a].n_values > LB_SWEEP_MAX_VALUES)
        reader_fail (r, "the sweep gives %s %u values", key, plan->axes[a].n_values);
      for (guint v = 0; v < plan->axes[a].n_values && !r->failed; v++)
        {
          JsonNode *value = json_array_get_element (values, v);
          GType type = JSON_NODE_HOLDS_VALUE (value) ? json_node_get_value_type (value)
                                                     : G_TYPE_INVALID;
          if (type != G_TYPE_DOUBLE && type != G_TYPE_INT64)
            reader_fail (r, "a value of %s in the sweep is not a number", key);
          else
            plan->axes[a].values[v] = json_node_get_double (value);
        }
    }
  if (!r->failed && json_array_get_length (cells) != c->n_losses)
    reader_fail (r, "“sweep” has %u cells for %u losses", json_array_get_length (cells),
                 c->n_losses);
  for (guint l = 0; l < c->n_losses && !r->failed; l++)
    {
      JsonNode *node = json_array_get_element (cells, l);
      JsonObject *cell = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
      plan->cell_loss[l] = get_int (r, cell, "loss", 0, LB_EXPERIMENT_MAX_LOSSES - 1);
      plan->n_swept = MAX (plan->n_swept, plan->cell_loss[l] + 1);
      JsonArray *values = get_array (r, cell, "values");
      if (!r->failed && json_array_get_length (values) != plan->n_axes)
        reader_fail (r, "a cell of the sweep has %u values for %u axes",
                     json_array_get_length (values), plan->n_axes);
      for (guint a = 0; a < plan->n_axes && !r->failed; a++)
        {
          JsonNode *value = json_array_get_element (values, a);
          gint64 v = JSON_NODE_HOLDS_VALUE (value) && json_node_get_value_type (value) == G_TYPE_INT64
                       ? json_node_get_int (value)
                       : G_MININT64;
          if (v < -1 || v >= LB_SWEEP_MAX_VALUES)
            reader_fail (r, "a cell of the sweep has a value index that is not one");
          plan->cell_value[l][a] = (gint8) v;
        }
    }
}

gboolean
lb_experiment_config_load (LbExperimentConfig *c, const char *path, GError **error)
{
  memset (c, 0, sizeof *c);
  Reader r = { path, error, FALSE };
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GError) local = NULL;
  if (!json_parser_load_from_mapped_file (parser, path, &local))
    {
      if (g_error_matches (local, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        g_set_error (error, LB_ERROR, LB_ERROR_NOT_FOUND,
                     "“%s” is not there: this folder is not a Lossbench experiment.", path);
      else
        reader_fail (&r, "it is not complete JSON (%s)", local->message);
      return FALSE;
    }
  JsonNode *root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      reader_fail (&r, root == NULL ? "it is empty" : "it does not hold a JSON object");
      return FALSE;
    }
  JsonObject *top = json_node_get_object (root);
  if (get_int (&r, top, "format", 1, FORMAT_VERSION) != FORMAT_VERSION)
    return FALSE;

  JsonObject *data = get_object (&r, top, "data");
  JsonArray *folders = get_array (&r, data, "folders");
  if (folders != NULL)
    {
      guint n = json_array_get_length (folders);
      c->folders = g_new0 (char *, n + 1);
      for (guint i = 0; i < n; i++)
        {
          JsonNode *f = json_array_get_element (folders, i);
          if (!JSON_NODE_HOLDS_VALUE (f) || json_node_get_value_type (f) != G_TYPE_STRING)
            reader_fail (&r, "a dataset folder is not text");
          else
            c->folders[i] = g_strdup (json_node_get_string (f));
        }
    }
  c->demo_count = get_int (&r, data, "demo_count", 0, 100000);
  c->demo_seed = get_int (&r, data, "demo_seed", 0, G_MAXINT64);
  c->normalization = get_choice (&r, data, "normalization", "poster", "standardize")
                       ? LB_NORMALIZATION_STANDARDIZE
                       : LB_NORMALIZATION_POSTER;
  c->content_sha256 = g_strdup (get_string (&r, data, "content_sha256", TRUE));
  lb_metric_options_init (&c->metrics);
  c->compare_metric = LB_METRIC_IOU;
  read_spacing (&r, data, &c->metrics);
  if (data != NULL && has_member (data, "external"))
    read_external (&r, get_array (&r, data, "external"), c);

  JsonObject *split = get_object (&r, top, "split");
  c->split_train = get_double (&r, split, "train", 0.0, 1.0);
  c->split_val = get_double (&r, split, "val", 0.0, 1.0);
  c->split_test = get_double (&r, split, "test", 0.0, 1.0);
  c->split_seed = get_int (&r, split, "seed", 0, G_MAXINT64);
  c->stratify = get_bool (&r, split, "stratify");
  if (split != NULL && has_member (split, "test_source"))
    c->test_source = g_strdup (get_string (&r, split, "test_source", FALSE));

  JsonObject *t = get_object (&r, top, "training");
  lb_train_config_init (&c->train);
  c->preset = g_strdup (get_string (&r, t, "preset", TRUE));
  c->train.net.size = get_int (&r, t, "size", 8, 4096);
  c->train.net.base_width = get_int (&r, t, "base_width", 1, 1024);
  c->train.net.depth = get_int (&r, t, "depth", 1, NN_UNET_MAX_DEPTH);
  c->train.net.batch = get_int (&r, t, "batch", 1, 4096);
  /* Written since bf16 came; an older experiment ran in fp32. */
  if (has_member (t, "precision"))
    {
      const char *name = get_string (&r, t, "precision", FALSE);
      if (name != NULL && !nn_precision_from_string (name, &c->train.net.precision))
        reader_fail (&r, "“precision” is “%s”, neither “fp32” nor “bf16”", name);
    }
  c->train.epochs = get_int (&r, t, "epochs", 1, LB_TRAIN_MAX_EPOCHS);
  c->train.learning_rate = get_double (&r, t, "learning_rate", 1e-12, 10.0);
  c->train.plateau_factor = get_double (&r, t, "plateau_factor", 0.0, 1.0);
  c->train.plateau_patience = get_int (&r, t, "plateau_patience", 0, 100000);
  c->train.plateau_min_delta = get_double (&r, t, "plateau_min_delta", 0.0, 1e6);
  c->train.plateau_cooldown = get_int (&r, t, "plateau_cooldown", 0, 100000);
  c->train.min_learning_rate = get_double (&r, t, "min_learning_rate", 0.0, 10.0);
  c->train.early_stop_patience = get_int (&r, t, "early_stop_patience", 0, 100000);
  c->train.threads = get_int (&r, t, "threads", 0, 1024);
  c->train.n_previews = get_int (&r, t, "previews", 0, 64);
  if (t != NULL && has_member (t, "augment"))
    {
      JsonObject *a = get_object (&r, t, "augment");
      LbAugmentOptions *augment = &c->train.augment;

      augment->enabled = TRUE;
      augment->max_rotation = get_double (&r, a, "rotation", 0, 45);
      augment->max_shift = get_double (&r, a, "shift", 0, 0.25);
      augment->max_scale = get_double (&r, a, "scale", 0, 0.5);
      augment->max_brightness = get_double (&r, a, "brightness", 0, 1);
      augment->max_contrast = get_double (&r, a, "contrast", 0, 0.5);
      augment->max_gamma = get_double (&r, a, "gamma", 0, 0.5);
      augment->horizontal_flip = get_bool (&r, a, "horizontal_flip");
    }

  JsonArray *losses = get_array (&r, top, "losses");
  if (losses != NULL)
    {
      c->n_losses = json_array_get_length (losses);
      if (c->n_losses == 0 || c->n_losses > LB_EXPERIMENT_MAX_LOSSES)
        reader_fail (&r, "“losses” has %u entries", c->n_losses);
      for (guint i = 0; i < c->n_losses && !r.failed; i++)
        read_loss (&r, json_array_get_element (losses, i), &c->losses[i]);
    }

  JsonArray *seeds = get_array (&r, top, "seeds");
  if (seeds != NULL)
    {
      c->n_seeds = json_array_get_length (seeds);
      for (guint i = 0; i < c->n_seeds && !r.failed; i++)
        {
          JsonNode *s = json_array_get_element (seeds, i);
          gint64 value = JSON_NODE_HOLDS_VALUE (s) && json_node_get_value_type (s) == G_TYPE_INT64
                           ? json_node_get_int (s)
                           : -1;
          if (i == 0)
            c->first_seed = value;
          if (value < 0 || (guint64) value != c->first_seed + i)
            reader_fail (&r, "“seeds” must be consecutive whole numbers");
        }
    }

  read_metrics (&r, top, c);
  if (!r.failed)
    read_sweep (&r, top, c);

  if (!r.failed)
    {
      g_autofree char *why = lb_experiment_config_check (c);
      if (why != NULL)
        reader_fail (&r, "%s", why);
    }
  if (r.failed)
    {
      lb_experiment_config_clear (c);
      return FALSE;
    }
  return TRUE;
}
