/* lb-phantom.c — synthetic chest X-ray phantoms with lung masks: the built-in demo set.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "lb-phantom.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "lb-error.h"
#include "lb-image-io.h"
#include "lb-rng.h"

/* Everything is drawn in normalised coordinates (u across, v down, both 0…1 at pixel centres),
 * so a phantom at 128² is the same chest as at 512². Image left is the patient's right, as on
 * a posteroanterior film: the heart bulges into the lung on the image's right. */

#define N_RIBS 10
#define TEX    20

typedef struct
{
  double apex_v, base_v; /* top and bottom of the lung field */
  double medial;         /* distance of the medial border from the midline at the base */
  double width;          /* lateral extent at the base, from the medial border */
  double dome;           /* how far the diaphragm rises in the middle of the lung */
  double bulge;          /* convexity of the lateral border */
} Lung;

typedef struct
{
  double cu, cv, ru, rv, strength;
} Blob;

typedef struct
{
  /* global placement: the whole chest is scaled and shifted a little in the frame */
  double shift_u, shift_v, scale;
  double body_a, body_b, body_p;
  Lung lungs[2];          /* [0] image left (patient right), [1] image right */
  double heart_cu, heart_cv, heart_ru, heart_rv;
  double rib_v0, rib_step, rib_thick;
  double clav_v, clav_tilt;
  double tissue, lung_dark, rib_gain, contrast, brightness, noise;
  double wave[4][3];      /* low-frequency texture: amplitude, frequency, phase */
  double markings[TEX][TEX]; /* coarse random field: lung markings (vessels, bronchi) */
  int n_blobs;
  Blob blobs[2];
} Params;

static double
smoothstep (double e0, double e1, double x)
{
  double t = (x - e0) / (e1 - e0);
  t = t < 0 ? 0 : t > 1 ? 1 : t;
  return t * t * (3 - 2 * t);
}

static void
params_init (Params *p, guint64 seed, guint index)
{
  LbRng rng;
  lb_rng_init (&rng, seed, (guint64) index + 1);

  p->shift_u = lb_rng_range (&rng, -0.04, 0.04);
  p->shift_v = lb_rng_range (&rng, -0.04, 0.04);
  p->scale = lb_rng_range (&rng, 0.88, 1.06);
  p->body_a = lb_rng_range (&rng, 0.44, 0.52);
  p->body_b = lb_rng_range (&rng, 0.68, 0.78);
  p->body_p = lb_rng_range (&rng, 3.0, 4.5);

  double base = lb_rng_range (&rng, 0.68, 0.78);
  for (int s = 0; s < 2; s++)
    {
      Lung *l = &p->lungs[s];
      l->apex_v = lb_rng_range (&rng, 0.12, 0.19);
      /* the right hemidiaphragm (image left) usually sits a little higher */
      l->base_v = base + (s == 0 ? -1 : 1) * lb_rng_range (&rng, 0.0, 0.03);
      l->medial = lb_rng_range (&rng, 0.035, 0.07);
      l->width = lb_rng_range (&rng, 0.24, 0.33);
      l->dome = lb_rng_range (&rng, 0.03, 0.08);
      l->bulge = lb_rng_range (&rng, 0.0, 0.12);
    }
  p->heart_ru = lb_rng_range (&rng, 0.13, 0.19);
  p->heart_rv = lb_rng_range (&rng, 0.10, 0.14);
  p->heart_cu = 0.5 + lb_rng_range (&rng, 0.05, 0.09);
  p->heart_cv = p->lungs[1].base_v - lb_rng_range (&rng, 0.04, 0.08);

  p->rib_v0 = lb_rng_range (&rng, 0.14, 0.19);
  p->rib_step = lb_rng_range (&rng, 0.062, 0.075);
  p->rib_thick = lb_rng_range (&rng, 0.012, 0.018);
  p->clav_v = lb_rng_range (&rng, 0.13, 0.19);
  p->clav_tilt = lb_rng_range (&rng, 0.15, 0.35);

  p->tissue = lb_rng_range (&rng, 135, 170);
  p->lung_dark = lb_rng_range (&rng, 70, 100);
  p->rib_gain = lb_rng_range (&rng, 10, 22);
  p->contrast = lb_rng_range (&rng, 0.85, 1.15);
  p->brightness = lb_rng_range (&rng, -12, 12);
  p->noise = lb_rng_range (&rng, 2.5, 6.0);
  for (int w = 0; w < 4; w++)
    {
      p->wave[w][0] = lb_rng_range (&rng, 2, 6);
      p->wave[w][1] = lb_rng_range (&rng, 3, 9);
      p->wave[w][2] = lb_rng_range (&rng, 0, 2 * G_PI);
    }

  for (int a = 0; a < TEX; a++)
    for (int b = 0; b < TEX; b++)
      p->markings[a][b] = lb_rng_range (&rng, -1, 1);

  /* About one phantom in three has an opacity (consolidation, a nodule) inside a lung. */
  p->n_blobs = lb_rng_uniform (&rng) < 0.35 ? 1 + (lb_rng_uniform (&rng) < 0.3) : 0;
  for (int b = 0; b < p->n_blobs; b++)
    {
      int s = (int) lb_rng_below (&rng, 2);
      const Lung *l = &p->lungs[s];
      double d = l->medial + l->width * lb_rng_range (&rng, 0.3, 0.7);
      p->blobs[b].cu = 0.5 + (s == 0 ? -d : d);
      p->blobs[b].cv = l->apex_v + (l->base_v - l->apex_v) * lb_rng_range (&rng, 0.3, 0.75);
      p->blobs[b].ru = lb_rng_range (&rng, 0.025, 0.07);
      p->blobs[b].rv = p->blobs[b].ru * lb_rng_range (&rng, 0.7, 1.4);
      p->blobs[b].strength = lb_rng_range (&rng, 30, 60);
    }
}

/* The parts of a lung's outline that depend on the row only: medial and lateral borders. */
static void
lung_row (const Lung *l, double v, double *medial, double *lateral, gboolean *inside_rows)
{
  double t = (v - l->apex_v) / (l->base_v - l->apex_v);
  double tc = t < 0 ? 0 : t > 1 ? 1 : t;
  /* the mediastinum narrows toward the apex, the lateral border bulges outward, and the apex
   * is rounded (the width grows like √t from a narrow top, closed by a dome below) */
  *medial = l->medial + 0.03 * (1 - tc) * (1 - tc);
  *lateral = *medial + l->width * (0.12 + 0.88 * sqrt (tc)) * (1 + l->bulge * sin (G_PI * tc));
  *inside_rows = t > -0.05;
}

/* The diaphragm dome under a lung, per column: highest mid-lung, lowest at the costophrenic
 * angle and at the heart. */
static double
lung_base (const Lung *l, double d)
{
  double across = (d - l->medial) / l->width;
  across = across < 0 ? 0 : across > 1 ? 1 : across;
  return l->base_v - l->dome * sin (G_PI * pow (across, 0.8));
}

static void keep_two_lungs (guint8 *mask, guint size);

void
lb_phantom_generate (guint64  seed,
                     guint    index,
                     guint    size,
                     guint8  *image,
                     guint8  *mask)
{
  g_return_if_fail (size >= 8 && image != NULL && mask != NULL);
  Params p;
  params_init (&p, seed, index);
  LbRng noise_rng;
  lb_rng_init (&noise_rng, seed ^ G_GUINT64_CONSTANT (0x6e6f697365), (guint64) index + 1);

  double px = 1.0 / size;
  double edge = MAX (0.6 * px, 0.003); /* soft edges about a pixel wide, like a real film */

  /* Everything that depends on one coordinate only is computed once per column or row: it
   * keeps 96 phantoms at 256² well under a second. */
  g_autofree double *col = g_new (double, (gsize) size * 8);
  double *col_u = col, *col_d = col + size, *col_body = col + 2 * size;
  double *col_base0 = col + 3 * size, *col_base1 = col + 4 * size, *col_tex = col + 5 * size;
  double *col_rib_off = col + 6 * size, *col_lateral = col + 7 * size;
  for (guint x = 0; x < size; x++)
    {
      double u = ((x + 0.5) * px - 0.5 - p.shift_u) / p.scale + 0.5;
      double d = fabs (u - 0.5);
      col_u[x] = u;
      col_d[x] = d;
      col_body[x] = pow (d / p.body_a, p.body_p);
      col_base0[x] = lung_base (&p.lungs[0], 0.5 - u);
      col_base1[x] = lung_base (&p.lungs[1], u - 0.5);
      col_tex[x] = p.wave[1][0] * sin (p.wave[1][1] * u * 2 * G_PI + p.wave[1][2])
                   + p.wave[3][0] * sin (p.wave[3][1] * u * 2 * G_PI + p.wave[3][2]);
      /* posterior ribs leave the spine rising a little, then fall away laterally */
      col_rib_off[x] = -0.3 * d + 2.2 * d * d;
      col_lateral[x] = smoothstep (0.03, 0.08, d) * smoothstep (p.body_a, p.body_a - 0.06, d);
    }

  for (guint y = 0; y < size; y++)
    {
      double v = ((y + 0.5) * px - 0.5 - p.shift_v) / p.scale + 0.5;
      double row_body = pow (fabs (v - 0.70) / p.body_b, p.body_p);
      double medial[2], lateral[2];
      gboolean rows_in[2];
      for (int s = 0; s < 2; s++)
        lung_row (&p.lungs[s], v, &medial[s], &lateral[s], &rows_in[s]);
      double row_tex = p.wave[0][0] * sin (p.wave[0][1] * v * 2 * G_PI + p.wave[0][2])
                       + p.wave[2][0] * sin (p.wave[2][1] * v * 2 * G_PI + p.wave[2][2]);
      double abdomen = smoothstep (p.lungs[1].base_v - 0.05, p.lungs[1].base_v + 0.05, v);
      double thorax = 1 - smoothstep (p.lungs[1].base_v - 0.02, p.lungs[1].base_v + 0.06, v);
      double hv = (v - p.heart_cv) / p.heart_rv;

      for (guint x = 0; x < size; x++)
        {
          double u = col_u[x], d = col_d[x];

          /* body: a superellipse torso, thinner (darker) toward its edges, with a neck */
          double body_sum = col_body[x] + row_body;
          double body = smoothstep (1.0, 1.0 - 0.05, body_sum);
          if (v < 0.2)
            body = MAX (body, smoothstep (0.10, 0.085, d));
          double thickness = 0.82 + 0.18 * (1 - MIN (1.0, body_sum));

          double lung = 0;
          gboolean lung_hard = FALSE;
          for (int s = 0; s < 2; s++)
            {
              if (!rows_in[s])
                continue;
              double ds = s == 0 ? 0.5 - u : u - 0.5;
              double m = MIN (ds - medial[s], lateral[s] - ds);
              m = MIN (m, (s == 0 ? col_base0[x] : col_base1[x]) - v);
              /* the apex: a dome over the narrow top of the field, no needle-thin tip */
              double apex_mid = medial[s] + 0.06 * p.lungs[s].width;
              m = MIN (m, v - p.lungs[s].apex_v + 0.01
                          - 3.0 * (ds - apex_mid) * (ds - apex_mid));
              if (m > -edge)
                lung = MAX (lung, smoothstep (-edge, edge, m));
              if (m > 0)
                lung_hard = TRUE;
            }
          double hu = (u - p.heart_cu) / p.heart_ru;
          double hr = sqrt (hu * hu + hv * hv);
          double hm = (1 - hr) * MIN (p.heart_ru, p.heart_rv);
          double heart = smoothstep (-edge, edge, hm);
          if (hm > 0)
            lung_hard = FALSE; /* lung masks leave the heart out */
          lung *= 1 - heart;

          double value = 10 + body * thickness * (p.tissue + 25 * (v - 0.5));
          value += body * 18 * abdomen;
          /* lung markings: a coarse random field, bilinearly smoothed, stronger near the hila */
          double tu = CLAMP (u, 0.0, 1.0) * (TEX - 1), tv = CLAMP (v, 0.0, 1.0) * (TEX - 1);
          int iu = MIN ((int) tu, TEX - 2), iv = MIN ((int) tv, TEX - 2);
          double fu = tu - iu, fv = tv - iv;
          double mark = (p.markings[iv][iu] * (1 - fu) + p.markings[iv][iu + 1] * fu) * (1 - fv)
                        + (p.markings[iv + 1][iu] * (1 - fu) + p.markings[iv + 1][iu + 1] * fu)
                          * fv;
          double hilum = 1 - smoothstep (0.05, 0.3, d);
          value -= lung * (p.lung_dark + row_tex + col_tex[x] + 12 * (0.5 - d)
                           - (6 + 8 * hilum) * mark - 14 * hilum);
          value += heart * 10;

          /* spine and mediastinum: a bright column, fainter behind the heart */
          value += body * 22 * smoothstep (0.04, 0.025, d) * (1 - 0.5 * heart);
          value += body * 12 * smoothstep (0.09, 0.05, d);

          /* ribs over the thorax, stronger where the lung behind them is dark */
          if (thorax > 0 && col_lateral[x] > 0)
            {
              double rv = v - p.rib_v0 - col_rib_off[x];
              double k = floor (rv / p.rib_step + 0.5);
              if (k >= 0 && k < N_RIBS)
                {
                  double dv = fabs (rv - k * p.rib_step);
                  double rib = smoothstep (p.rib_thick + edge, p.rib_thick - edge, dv);
                  value += rib * p.rib_gain * col_lateral[x] * (0.6 + 0.6 * lung) * body * thorax;
                }
            }

          /* clavicles: from the sternal notch outward and up, with a gentle S */
          if (d > 0.04 && d < 0.32)
            {
              double cv = p.clav_v - p.clav_tilt * (d - 0.04) + 0.6 * (d - 0.18) * (d - 0.18);
              double dc = fabs (v - cv);
              if (dc < 0.03)
                value += 30 * smoothstep (0.015 + edge, 0.015 - edge, dc) * body;
            }

          for (int b = 0; b < p.n_blobs; b++)
            {
              const Blob *bl = &p.blobs[b];
              double x2 = (u - bl->cu) / bl->ru, y2 = (v - bl->cv) / bl->rv;
              double r2 = x2 * x2 + y2 * y2;
              if (r2 < 9)
                value += bl->strength * exp (-r2) * lung;
            }

          value = (value - 128) * p.contrast + 128 + p.brightness;
          /* film noise: a sum of four uniforms is close enough to Gaussian and cheap */
          guint64 r = lb_rng_next (&noise_rng);
          double n = ((double) (r & 0xffff) + (double) ((r >> 16) & 0xffff)
                      + (double) ((r >> 32) & 0xffff) + (double) (r >> 48)) / 65536.0 - 2.0;
          value += p.noise * n * 1.7320508;
          image[(gsize) y * size + x] = (guint8) CLAMP (lround (value), 0, 255);
          mask[(gsize) y * size + x] = lung_hard ? 255 : 0;
        }
    }
  keep_two_lungs (mask, size);
}

/* Keeps the two largest 4-connected lung regions. Sampling the sharp costophrenic and
 * cardiophrenic corners at pixel centres can leave a lone pixel beside a lung; a mask that
 * contradicts its own image there would teach nothing but noise. */
static void
keep_two_lungs (guint8 *mask, guint size)
{
  gsize n = (gsize) size * size;
  g_autofree guint32 *label = g_new0 (guint32, n);
  g_autofree guint32 *stack = g_new (guint32, n);
  g_autoptr(GArray) areas = g_array_new (FALSE, TRUE, sizeof (gsize));
  gsize zero = 0;
  g_array_append_val (areas, zero); /* label 0: background */
  for (gsize start = 0; start < n; start++)
    {
      if (!mask[start] || label[start])
        continue;
      guint32 id = areas->len;
      gsize area = 0, top = 0;
      stack[top++] = (guint32) start;
      label[start] = id;
      while (top > 0)
        {
          guint32 p = stack[--top];
          guint x = p % size, y = p / size;
          area++;
          guint32 nb[4] = { x > 0 ? p - 1 : p, x + 1 < size ? p + 1 : p,
                            y > 0 ? p - size : p, y + 1 < size ? p + size : p };
          for (int k = 0; k < 4; k++)
            if (mask[nb[k]] && !label[nb[k]])
              {
                label[nb[k]] = id;
                stack[top++] = nb[k];
              }
        }
      g_array_append_val (areas, area);
    }
  if (areas->len <= 3)
    return;
  guint32 first = 0, second = 0;
  for (guint32 id = 1; id < areas->len; id++)
    {
      gsize a = g_array_index (areas, gsize, id);
      if (first == 0 || a > g_array_index (areas, gsize, first))
        {
          second = first;
          first = id;
        }
      else if (second == 0 || a > g_array_index (areas, gsize, second))
        second = id;
    }
  for (gsize k = 0; k < n; k++)
    if (label[k] != 0 && label[k] != first && label[k] != second)
      mask[k] = 0;
}

char *
lb_phantom_name (guint index)
{
  return g_strdup_printf ("phantom_%04u", index + 1);
}

gboolean
lb_phantom_write_set (const char  *folder,
                      guint        count,
                      guint        size,
                      guint64      seed,
                      GError     **error)
{
  g_return_val_if_fail (folder != NULL && count > 0 && size >= 8, FALSE);
  g_autofree char *images_dir = g_build_filename (folder, "images", NULL);
  g_autofree char *masks_dir = g_build_filename (folder, "masks", NULL);
  if (g_mkdir_with_parents (images_dir, 0755) != 0 || g_mkdir_with_parents (masks_dir, 0755) != 0)
    {
      int saved = errno;
      g_autofree char *display = g_filename_display_name (folder);
      g_set_error (error, LB_ERROR, saved == EACCES ? LB_ERROR_PERMISSION : LB_ERROR_FAILED,
                   "The folder %s cannot be created (%s).", display, g_strerror (saved));
      return FALSE;
    }

  gsize plane = (gsize) size * size;
  g_autofree guint8 *image = g_malloc (plane);
  g_autofree guint8 *mask = g_malloc (plane);
  g_autoptr(GString) manifest = g_string_new ("name,source,seed,index\n");
  for (guint i = 0; i < count; i++)
    {
      lb_phantom_generate (seed, i, size, image, mask);
      g_autofree char *name = lb_phantom_name (i);
      g_autofree char *file = g_strconcat (name, ".png", NULL);
      g_autofree char *image_path = g_build_filename (images_dir, file, NULL);
      g_autofree char *mask_path = g_build_filename (masks_dir, file, NULL);
      if (!lb_image_save_gray_png (image_path, image, (int) size, (int) size, error)
          || !lb_image_save_gray_png (mask_path, mask, (int) size, (int) size, error))
        return FALSE;
      g_string_append_printf (manifest, "%s,phantom,%" G_GUINT64_FORMAT ",%u\n", name, seed, i);
    }
  g_autofree char *manifest_path = g_build_filename (folder, "manifest.csv", NULL);
  g_autoptr(GError) local_error = NULL;
  if (!g_file_set_contents (manifest_path, manifest->str, (gssize) manifest->len, &local_error))
    {
      g_set_error (error, LB_ERROR, LB_ERROR_FAILED, "Could not write %s.", local_error->message);
      return FALSE;
    }
  return TRUE;
}
