/* test-dataset.c — loading the real chest X-rays, the originals' masks against a reference, async.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <gdk-pixbuf/gdk-pixbuf.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "lb-dataset.h"
#include "lb-error.h"
#include "lb-image-io.h"
#include "lb-test-util.h"

static void
assert_clean_report (const LbPairingReport *report)
{
  for (guint i = 0; i < report->rejected->len; i++)
    g_test_message ("rejected: %s", ((LbFileNote *) g_ptr_array_index (report->rejected, i))->message);
  g_assert_cmpuint (report->rejected->len, ==, 0);
  g_assert_cmpuint (report->unmatched_images->len, ==, 0);
  g_assert_cmpuint (report->unmatched_masks->len, ==, 0);
  g_assert_cmpuint (report->warnings->len, ==, 0);
}

static void
assert_tensors_sane (LbDataset *dataset)
{
  gsize plane = (gsize) lb_dataset_get_size (dataset) * lb_dataset_get_size (dataset);
  const float *images = lb_dataset_get_images (dataset);
  const float *masks = lb_dataset_get_masks (dataset);
  for (guint i = 0; i < lb_dataset_get_n_pairs (dataset); i++)
    {
      const guint8 *u8 = lb_dataset_get_image_u8 (dataset, i);
      double lung = 0;
      for (gsize k = 0; k < plane; k++)
        {
          /* the poster's normalisation, exactly */
          g_assert_cmpfloat (images[plane * i + k], ==, (u8[k] - 127.0f) / 127.0f);
          float m = masks[plane * i + k];
          g_assert_true (m == 0.0f || m == 1.0f);
          lung += m;
        }
      /* the READMEs: every lung fraction is between 0.086 and 0.41 */
      g_assert_cmpfloat (lung / plane, >, 0.05);
      g_assert_cmpfloat (lung / plane, <, 0.45);
    }
}

static void
test_cxr (void)
{
  g_autofree char *folder = lb_test_shared_data ("cxr");
  if (folder == NULL)
    return;
  g_autoptr(LbDataset) dataset = lb_test_load_dataset (folder, 64, FALSE);
  const LbPairingReport *report = lb_dataset_get_report (dataset);
  g_assert_cmpint (report->layout, ==, LB_DATASET_LAYOUT_GENERIC);
  g_assert_cmpuint (lb_dataset_get_n_pairs (dataset), ==, 82);
  g_assert_cmpuint (lb_pairing_report_count_source (report, "montgomery"), ==, 13);
  g_assert_cmpuint (lb_pairing_report_count_source (report, "shenzhen"), ==, 69);
  g_auto(GStrv) sources = lb_pairing_report_dup_sources (report);
  g_assert_cmpuint (g_strv_length (sources), ==, 2);
  assert_clean_report (report);
  assert_tensors_sane (dataset);
  g_assert_cmpint (lb_dataset_find (dataset, "CHNCXR_0603_1"), >=, 0);
  g_assert_cmpstr (lb_dataset_get_source (dataset, (guint) lb_dataset_find (dataset, "MCUCXR_0196_1")),
                   ==, "montgomery");
}

static void
test_cxr_extra (void)
{
  g_autofree char *folder = lb_test_shared_data ("cxr-extra");
  if (folder == NULL)
    return;
  g_autoptr(LbDataset) dataset = lb_test_load_dataset (folder, 64, FALSE);
  const LbPairingReport *report = lb_dataset_get_report (dataset);
  g_assert_cmpuint (lb_dataset_get_n_pairs (dataset), ==, 606);
  g_assert_cmpuint (lb_pairing_report_count_source (report, "montgomery"), ==, 125);
  g_assert_cmpuint (lb_pairing_report_count_source (report, "shenzhen"), ==, 481);
  assert_clean_report (report);
  assert_tensors_sane (dataset);
}

/* The reference for a mask at S×S, computed another way than the loader: a summed-area table
 * of the binary mask, read at fractional corners (bilinear interpolation of the table is exact
 * for pixels of constant value), so each output pixel gets the exact lung fraction of its
 * cell; then "≥ half lung is lung" (losses.md). */
static guint8 *
reference_mask (const char *path, int size, double *fraction)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new_from_file (path, &error);
  g_assert_no_error (error);
  int w = gdk_pixbuf_get_width (pixbuf), h = gdk_pixbuf_get_height (pixbuf);
  int nc = gdk_pixbuf_get_n_channels (pixbuf), stride = gdk_pixbuf_get_rowstride (pixbuf);
  const guint8 *px = gdk_pixbuf_read_pixels (pixbuf);
  gsize W1 = (gsize) w + 1;
  g_autofree guint32 *sat = g_new0 (guint32, W1 * (h + 1));
  for (int y = 0; y < h; y++)
    {
      guint32 row = 0;
      for (int x = 0; x < w; x++)
        {
          row += px[(gsize) y * stride + (gsize) x * nc] > 127;
          sat[(y + 1) * W1 + x + 1] = sat[y * W1 + x + 1] + row;
        }
    }
#define SAT(X, Y) ((double) sat[(gsize) (Y) * W1 + (X)])
  double sx = (double) w / size, sy = (double) h / size;
  guint8 *out = g_malloc ((gsize) size * size);
  gsize lung = 0;
  for (int i = 0; i < size; i++)
    for (int j = 0; j < size; j++)
      {
        double xs[2] = { j * sx, (j + 1) * sx }, ys[2] = { i * sy, (i + 1) * sy };
        double f[2][2];
        for (int a = 0; a < 2; a++)
          for (int b = 0; b < 2; b++)
            {
              double x = MIN (xs[a], (double) w), y = MIN (ys[b], (double) h);
              int x0 = MIN ((int) x, w - 1), y0 = MIN ((int) y, h - 1);
              double fx = x - x0, fy = y - y0;
              f[a][b] = (1 - fx) * (1 - fy) * SAT (x0, y0) + fx * (1 - fy) * SAT (x0 + 1, y0)
                        + (1 - fx) * fy * SAT (x0, y0 + 1) + fx * fy * SAT (x0 + 1, y0 + 1);
            }
        double covered = (f[1][1] - f[0][1] - f[1][0] + f[0][0]) / (sx * sy);
        out[i * size + j] = covered >= 0.5 - 1e-9;
        lung += out[i * size + j];
      }
#undef SAT
  *fraction = (double) lung / ((double) size * size);
  return out;
}

static void
test_originals (void)
{
  g_autofree char *folder = lb_test_shared_data ("cxr-original");
  if (folder == NULL)
    return;
  const int S = 256;
  g_autoptr(LbDataset) dataset = lb_test_load_dataset (folder, S, FALSE);
  g_assert_cmpuint (lb_dataset_get_n_pairs (dataset), ==, 10);
  assert_clean_report (lb_dataset_get_report (dataset));

  /* The same stems in cxr/ were made from these files with OpenCV (INTER_AREA, > 127). */
  g_autofree char *small_folder = lb_test_shared_data ("cxr");
  g_autoptr(LbDataset) small = NULL;
  if (small_folder != NULL)
    small = lb_test_load_dataset (small_folder, S, FALSE);

  gsize plane = (gsize) S * S;
  const float *masks = lb_dataset_get_masks (dataset);
  for (guint i = 0; i < 10; i++)
    {
      const char *name = lb_dataset_get_name (dataset, i);
      const LbPair *pair = g_ptr_array_index (lb_dataset_get_report (dataset)->pairs, i);
      double ref_fraction = 0;
      g_autofree guint8 *ref = reference_mask (pair->mask_paths[0], S, &ref_fraction);
      double fraction = 0;
      gsize agree = 0;
      for (gsize k = 0; k < plane; k++)
        {
          fraction += masks[plane * i + k];
          agree += (masks[plane * i + k] == 1.0f) == (ref[k] == 1);
        }
      fraction /= plane;
      g_test_message ("%s: lung fraction %.4f, reference %.4f, pixels agreeing %.4f %%", name,
                      fraction, ref_fraction, 100.0 * agree / plane);
      g_assert_cmpfloat (fabs (fraction - ref_fraction), <=, 0.01 * ref_fraction);
      g_assert_cmpfloat ((double) agree / plane, >=, 0.995);

      if (small == NULL)
        continue;
      int j = lb_dataset_find (small, name);
      g_assert_cmpint (j, >=, 0);
      const float *small_mask = lb_dataset_get_masks (small) + plane * j;
      double small_fraction = 0;
      for (gsize k = 0; k < plane; k++)
        small_fraction += small_mask[k];
      small_fraction /= plane;
      g_assert_cmpfloat (fabs (fraction - small_fraction), <=, 0.01 * small_fraction);
      /* and the images: our 8-bit area resize against OpenCV's, within rounding */
      const guint8 *a = lb_dataset_get_image_u8 (dataset, i);
      const guint8 *b = lb_dataset_get_image_u8 (small, (guint) j);
      double diff = 0;
      for (gsize k = 0; k < plane; k++)
        diff += fabs ((double) a[k] - b[k]);
      g_test_message ("%s: mean |image − cxr image| = %.3f gray levels", name, diff / plane);
      g_assert_cmpfloat (diff / plane, <, 1.0);
    }
}

static void
test_normalisation (void)
{
  g_autofree char *dir = lb_test_write_phantom_folder (3, 32);
  LbDatasetOptions options;
  lb_dataset_options_init (&options);
  options.size = 32;
  options.normalization = LB_NORMALIZATION_STANDARDIZE;
  g_autoptr(GError) error = NULL;
  g_autoptr(LbDataset) dataset = lb_dataset_load (dir, &options, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  const float *images = lb_dataset_get_images (dataset);
  for (guint i = 0; i < 3; i++)
    {
      double sum = 0, sum2 = 0;
      for (int k = 0; k < 32 * 32; k++)
        {
          sum += images[32 * 32 * i + k];
          sum2 += images[32 * 32 * i + k] * images[32 * 32 * i + k];
        }
      g_assert_cmpfloat (fabs (sum / 1024), <, 1e-4);
      g_assert_cmpfloat (fabs (sum2 / 1024 - 1), <, 1e-3);
    }
  lb_test_remove_tree (dir);
}

typedef struct
{
  GMainLoop *loop;
  LbDataset *dataset;
  GError *error;
  guint last_done;
  guint n_progress;
  gboolean progress_after_result;
  GThread *main_thread;
} AsyncState;

static void
on_progress (guint done, guint total, gpointer data)
{
  AsyncState *state = data;
  g_assert_true (g_thread_self () == state->main_thread);
  g_assert_cmpuint (done, >=, state->last_done);
  g_assert_cmpuint (done, <=, total);
  state->last_done = done;
  state->n_progress++;
  if (state->dataset != NULL || state->error != NULL)
    state->progress_after_result = TRUE;
}

static void
on_loaded (GObject *source, GAsyncResult *result, gpointer data)
{
  AsyncState *state = data;
  state->dataset = lb_dataset_load_finish (result, &state->error);
  g_main_loop_quit (state->loop);
}

static void
test_async (void)
{
  g_autofree char *dir = lb_test_write_phantom_folder (12, 32);
  AsyncState state = { .loop = g_main_loop_new (NULL, FALSE), .main_thread = g_thread_self () };
  LbDatasetOptions options;
  lb_dataset_options_init (&options);
  options.size = 32;
  lb_dataset_load_async (dir, &options, NULL, on_progress, &state, on_loaded, &state);
  g_main_loop_run (state.loop);
  g_assert_no_error (state.error);
  g_assert_nonnull (state.dataset);
  g_assert_cmpuint (lb_dataset_get_n_pairs (state.dataset), ==, 12);
  g_assert_cmpuint (state.last_done, ==, 12);
  g_assert_cmpuint (state.n_progress, >=, 1);
  /* let any stale idle run: it must not report after the result */
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_false (state.progress_after_result);
  g_clear_object (&state.dataset);

  /* cancelled before it starts: a clear error, no dataset */
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_cancellable_cancel (cancellable);
  options.use_cache = FALSE;
  state.last_done = 0;
  lb_dataset_load_async (dir, &options, cancellable, NULL, NULL, on_loaded, &state);
  g_main_loop_run (state.loop);
  g_assert_null (state.dataset);
  g_assert_error (state.error, LB_ERROR, LB_ERROR_CANCELLED);
  g_clear_error (&state.error);
  g_main_loop_unref (state.loop);
  lb_test_remove_tree (dir);
}

int
main (int argc, char **argv)
{
  g_autofree char *cache = lb_test_isolate_cache ();
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/dataset/cxr", test_cxr);
  g_test_add_func ("/dataset/cxr-extra", test_cxr_extra);
  g_test_add_func ("/dataset/originals", test_originals);
  g_test_add_func ("/dataset/normalisation", test_normalisation);
  g_test_add_func ("/dataset/async", test_async);
  int status = g_test_run ();
  lb_test_remove_tree (cache);
  return status;
}
