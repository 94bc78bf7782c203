/* lb-cli-demo-data.c — `lossbench-cli demo-data`: write the synthetic chest phantom set to a folder.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <glib.h>
#include <stdio.h>

#include "lb-cli.h"
#include "lb-phantom.h"

int
lb_cli_demo_data (int argc, char **argv)
{
  g_autofree char *out = NULL;
  int count = 96;
  int size = 256;
  gint64 seed = 1;
  const GOptionEntry entries[] = {
    { "out", 'o', 0, G_OPTION_ARG_FILENAME, &out,
      "Folder to write images/, masks/ and manifest.csv into (created if needed)", "DIR" },
    { "count", 'n', 0, G_OPTION_ARG_INT, &count, "Number of phantoms (default 96)", "N" },
    { "size", 's', 0, G_OPTION_ARG_INT, &size, "Width and height in pixels (default 256)", "S" },
    { "seed", 0, 0, G_OPTION_ARG_INT64, &seed,
      "Seed: the same seed gives the same images (default 1)", "K" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_option_context_set_summary (context,
    "Write a synthetic chest X-ray demo set: chest phantoms with body outline, two lung\n"
    "fields of varied shape, heart and diaphragm shadows, ribs, clavicles, noise and\n"
    "occasional opacities, with their lung masks, in the images/ + masks/ layout.");
  g_option_context_add_main_entries (context, entries, NULL);
  g_autoptr(GError) error = NULL;
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      fprintf (stderr, "lossbench-cli demo-data: %s\n", error->message);
      return LB_EXIT_USAGE;
    }
  if (argc > 1)
    {
      fprintf (stderr, "lossbench-cli demo-data: unexpected argument “%s”.\n", argv[1]);
      return LB_EXIT_USAGE;
    }
  if (out == NULL)
    {
      fprintf (stderr, "lossbench-cli demo-data: say where to write the set with --out DIR.\n");
      return LB_EXIT_USAGE;
    }
  if (count < 1 || count > 100000)
    {
      fprintf (stderr, "lossbench-cli demo-data: --count must be between 1 and 100000.\n");
      return LB_EXIT_USAGE;
    }
  if (size < 16 || size > 4096)
    {
      fprintf (stderr, "lossbench-cli demo-data: --size must be between 16 and 4096.\n");
      return LB_EXIT_USAGE;
    }
  if (seed < 0)
    {
      fprintf (stderr, "lossbench-cli demo-data: --seed must not be negative.\n");
      return LB_EXIT_USAGE;
    }

  gint64 start = g_get_monotonic_time ();
  if (!lb_phantom_write_set (out, (guint) count, (guint) size, (guint64) seed, &error))
    {
      fprintf (stderr, "lossbench-cli demo-data: %s\n", error->message);
      return LB_EXIT_ERROR;
    }
  printf ("Wrote %d phantoms (%d × %d, seed %" G_GINT64_FORMAT ") to %s in %.2f s.\n", count,
          size, size, seed, out, (g_get_monotonic_time () - start) / 1e6);
  return LB_EXIT_OK;
}
