/* lb-external-sets.c — an experiment's external test sets: their names and their checks.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <gio/gio.h>
#include <string.h>

#include "lb-experiment-config.h"

/* Whether two paths name one folder, however spelled ("data/x/" and "./data/x"). */
static gboolean
same_folder (const char *a, const char *b)
{
  g_autoptr (GFile) fa = g_file_new_for_path (a);
  g_autoptr (GFile) fb = g_file_new_for_path (b);
  return g_file_equal (fa, fb);
}

/* A name is a folder name in every file system and a word in a CSV: a–z, 0–9 and '-'. */
static gboolean
is_valid_name (const char *name)
{
  if (name == NULL || name[0] == '\0' || name[0] == '-' || strlen (name) > 64)
    return FALSE;
  for (const char *c = name; *c; c++)
    if (!g_ascii_islower (*c) && !g_ascii_isdigit (*c) && *c != '-')
      return FALSE;
  return TRUE;
}

/* "montgomery" for "…/Montgomery/", "jsrt-2017" for "JSRT 2017": the folder's last part in
 * lower case, anything else than letters and digits one '-'. */
static char *
dup_name_for (const char *folder)
{
  g_autoptr (GFile) file = g_file_new_for_path (folder);
  g_autofree char *base = g_file_get_basename (file);
  GString *name = g_string_new (NULL);
  for (const char *c = base ? base : ""; *c; c++)
    {
      if (g_ascii_isalnum (*c))
        g_string_append_c (name, g_ascii_tolower (*c));
      else if (name->len > 0 && name->str[name->len - 1] != '-')
        g_string_append_c (name, '-');
      if (name->len >= 48)
        break;
    }
  while (name->len > 0 && name->str[name->len - 1] == '-')
    g_string_truncate (name, name->len - 1);
  if (name->len == 0)
    g_string_assign (name, "external");
  return g_string_free (name, FALSE);
}

static gboolean
name_taken (const LbExperimentConfig *config, const char *name)
{
  for (guint i = 0; i < config->n_external; i++)
    if (strcmp (config->external[i].name, name) == 0)
      return TRUE;
  return FALSE;
}

char *
lb_experiment_config_add_external (LbExperimentConfig *config, const char *folder)
{
  if (config->n_external >= LB_EXPERIMENT_MAX_EXTERNAL)
    return g_strdup_printf ("At most %d external test sets: measure the others afterwards with "
                            "`lossbench-cli eval`.", LB_EXPERIMENT_MAX_EXTERNAL);
  for (guint i = 0; i < config->n_external; i++)
    if (same_folder (config->external[i].folder, folder))
      return g_strdup_printf ("“%s” is given twice as an external test set.", folder);

  g_autofree char *base = dup_name_for (folder);
  char *name = g_strdup (base);
  for (guint k = 2; name_taken (config, name); k++)
    {
      g_free (name);
      name = g_strdup_printf ("%s-%u", base, k);
    }
  LbExternalSet *set = &config->external[config->n_external++];
  set->name = name;
  set->folder = g_strdup (folder);
  set->content_sha256 = NULL;
  char *why = lb_experiment_config_check_external (config);
  if (why != NULL)
    {
      /* Refused: CONFIG stays as it was. */
      config->n_external--;
      g_clear_pointer (&set->name, g_free);
      g_clear_pointer (&set->folder, g_free);
    }
  return why;
}

char *
lb_experiment_config_check_external (const LbExperimentConfig *config)
{
  if (config->n_external > LB_EXPERIMENT_MAX_EXTERNAL)
    return g_strdup_printf ("At most %d external test sets.", LB_EXPERIMENT_MAX_EXTERNAL);
  for (guint i = 0; i < config->n_external; i++)
    {
      const LbExternalSet *set = &config->external[i];
      if (!is_valid_name (set->name))
        return g_strdup_printf ("The external test set name “%s” is not usable: use lower-case "
                                "letters, digits and '-'.", set->name ? set->name : "");
      if (set->folder == NULL || set->folder[0] == '\0')
        return g_strdup_printf ("The external test set “%s” names no folder.", set->name);
      for (guint j = 0; j < i; j++)
        if (strcmp (config->external[j].name, set->name) == 0)
          return g_strdup_printf ("Two external test sets are named “%s”.", set->name);
      for (char **f = config->folders; f && *f; f++)
        if (same_folder (*f, set->folder))
          return g_strdup_printf ("“%s” is a training folder: an external test set must hold "
                                  "images the networks never saw. Train on it or test on it, "
                                  "not both.", set->folder);
    }
  return NULL;
}
