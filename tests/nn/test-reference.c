/* test-reference.c — the C U-Net, losses and Adam against the PyTorch fixture of make-reference.py.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * tests/reference/unet-fixture.bin holds a depth-2, width-4 U-Net on a 2×1×32×32 batch: its
 * initial weights (which must equal nn_unet_init's bit for bit), logits, every loss's value and
 * logit gradient under both presets, the parameter gradients, and the weights after 3 Adam
 * steps. Everything matches to a relative tolerance of 1e-4, measured per tensor against its
 * largest magnitude (float32 sums in another order differ by ~1e-6 of that). */
#include <glib.h>
#include <math.h>
#include <string.h>

#include "nn-adam.h"
#include "nn-losses.h"
#include "nn-threads.h"
#include "nn-unet.h"

#define RTOL 1e-4

static GHashTable *fixture; /* name → GArray of float */

static gboolean
load_fixture (void)
{
  const char *src = g_getenv ("LB_SOURCE_DIR");
  g_autofree char *path = g_build_filename (src ? src : ".", "tests", "reference",
                                            "unet-fixture.bin", NULL);
  g_autofree char *data = NULL;
  gsize len = 0;
  if (!g_file_get_contents (path, &data, &len, NULL) || len < 8
      || memcmp (data, "LBFX0001", 8) != 0)
    return FALSE;
  fixture = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                   (GDestroyNotify) g_array_unref);
  for (gsize at = 8; at + 8 <= len;)
    {
      guint32 nlen, count;
      memcpy (&nlen, data + at, 4);
      at += 4;
      g_assert_cmpuint (at + nlen + 4, <=, len);
      char *name = g_strndup (data + at, nlen);
      at += nlen;
      memcpy (&count, data + at, 4);
      at += 4;
      g_assert_cmpuint (at + 4 * (gsize) count, <=, len);
      GArray *a = g_array_sized_new (FALSE, FALSE, sizeof (float), count);
      g_array_append_vals (a, data + at, count);
      at += 4 * (gsize) count;
      g_hash_table_insert (fixture, name, a);
    }
  return TRUE;
}

static const float *
get (const char *name, gsize count)
{
  GArray *a = g_hash_table_lookup (fixture, name);
  if (a == NULL)
    g_error ("fixture has no “%s”", name);
  g_assert_cmpuint (a->len, ==, count);
  return (const float *) a->data;
}

/* max |got − want| / max |want| over COUNT values; fails above RTOL. */
static double
compare (const char *what, const float *got, const float *want, gsize count)
{
  double err = 0, scale = 0;
  for (gsize i = 0; i < count; i++)
    {
      err = fmax (err, fabs ((double) got[i] - want[i]));
      scale = fmax (scale, fabs (want[i]));
    }
  double rel = scale > 0 ? err / scale : err;
  g_test_message ("%-34s relative error %.2e (max |ref| %.3g)", what, rel, scale);
  if (!(rel <= RTOL))
    g_error ("%s: relative error %.3g above %.0e", what, rel, RTOL);
  return rel;
}

static void
compare_tensors (NnUNet *net, const char *what, const float *got, const float *want)
{
  for (int t = 0; t < nn_unet_tensor_count (net); t++)
    {
      const NnTensorInfo *ti = nn_unet_tensor (net, t);
      g_autofree char *label = g_strdup_printf ("%s %s", what, ti->name);
      compare (label, got + ti->offset, want + ti->offset, ti->count);
    }
}

typedef struct
{
  NnUNetConfig cfg;
  NnUNet *net;
  gsize hw, count;
  const float *images, *masks;
} Setup;

static void
setup (Setup *s)
{
  const float *c = get ("config", 6);
  s->cfg = (NnUNetConfig) { .size = (int) c[0], .base_width = (int) c[1], .depth = (int) c[2],
                            .batch = (int) c[3] };
  g_assert_cmpint (s->cfg.size, ==, 32);
  s->net = nn_unet_new (&s->cfg);
  g_assert_nonnull (s->net);
  nn_unet_init (s->net, (uint64_t) c[4]);
  s->hw = (gsize) s->cfg.size * s->cfg.size;
  s->count = nn_unet_count (s->net);
  s->images = get ("images", s->cfg.batch * s->hw);
  s->masks = get ("masks", s->cfg.batch * s->hw);
}

static void
test_init (void)
{
  Setup s;
  setup (&s);
  const float *init = get ("init", s.count);
  /* Bit for bit: the fixture re-implements splitmix64 and the Glorot fill. */
  g_assert_cmpmem (nn_unet_params (s.net), s.count * 4, init, s.count * 4);
  nn_unet_free (s.net);
}

static void
test_forward_backward (void)
{
  Setup s;
  setup (&s);
  int n = s.cfg.batch;
  float *logits = g_new (float, n * s.hw);
  nn_unet_forward (s.net, s.images, n, logits);
  compare ("logits", logits, get ("logits", n * s.hw), n * s.hw);
  nn_unet_backward (s.net, get ("dlogits", n * s.hw), n);
  compare_tensors (s.net, "grad", nn_unet_grads (s.net), get ("grads", s.count));
  g_free (logits);
  nn_unet_free (s.net);
}

static void
test_losses (void)
{
  Setup s;
  setup (&s);
  int n = s.cfg.batch;
  const float *logits = get ("logits", n * s.hw);
  float *grad = g_new (float, n * s.hw);
  const char *presets[] = { "poster", "literature" };
  /* The poster's seven kinds; the others have their own fixture (test-losses). */
  for (int p = 0; p < 2; p++)
    for (int k = 0; k <= NN_LOSS_FOCAL_TVERSKY; k++)
      {
        NnLossConfig config;
        const char *kind = nn_loss_kind_to_string (k);
        nn_loss_config_preset (&config, k, p == 0 ? NN_LOSS_PRESET_POSTER
                                                  : NN_LOSS_PRESET_LITERATURE);
        g_autofree char *vname = g_strdup_printf ("loss/%s/%s/value", presets[p], kind);
        g_autofree char *gname = g_strdup_printf ("loss/%s/%s/grad", presets[p], kind);
        float value = (float) nn_loss (&config, logits, s.masks, n, (int) s.hw, grad);
        compare (vname, &value, get (vname, 1), 1);
        compare (gname, grad, get (gname, n * s.hw), n * s.hw);
      }
  g_free (grad);
  nn_unet_free (s.net);
}

/* Three Keras-Adam steps on the same batch with Dice-BCE (poster preset), lr 1e-3. */
static void
test_adam_steps (void)
{
  Setup s;
  setup (&s);
  int n = s.cfg.batch;
  float lr = get ("config", 6)[5];
  NnAdam *adam = nn_adam_new (s.count);
  NnLossConfig config;
  nn_loss_config_preset (&config, NN_LOSS_DICE_BCE, NN_LOSS_PRESET_POSTER);
  float *logits = g_new (float, n * s.hw), *dlogits = g_new (float, n * s.hw);
  for (int step = 0; step < 3; step++)
    {
      nn_unet_forward (s.net, s.images, n, logits);
      nn_loss (&config, logits, s.masks, n, (int) s.hw, dlogits);
      nn_unet_backward (s.net, dlogits, n);
      nn_adam_step (adam, nn_unet_params (s.net), nn_unet_grads (s.net), lr);
    }
  g_assert_cmpint (adam->t, ==, 3);
  compare_tensors (s.net, "adam3", nn_unet_params (s.net), get ("adam3", s.count));
  g_free (logits);
  g_free (dlogits);
  nn_adam_free (adam);
  nn_unet_free (s.net);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  if (!load_fixture ())
    {
      g_printerr ("tests/reference/unet-fixture.bin is missing or damaged "
                  "(regenerate it with tests/reference/make-reference.py)\n");
      return 1;
    }
  nn_set_threads (2);
  g_test_add_func ("/nn/reference/init", test_init);
  g_test_add_func ("/nn/reference/forward-backward", test_forward_backward);
  g_test_add_func ("/nn/reference/losses", test_losses);
  g_test_add_func ("/nn/reference/adam-steps", test_adam_steps);
  int status = g_test_run ();
  g_hash_table_unref (fixture);
  return status;
}
