/* lb-slurm-job.c — an experiment's runs as a Slurm job array: EXP/slurm/.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "lb-slurm-job.h"

#include <errno.h>
#include <json-glib/json-glib.h>
#include <string.h>
#include <sys/vfs.h>

#include "lb-config.h"
#include "lb-error.h"
#include "lb-file.h"
#include "lb-slurm.h"

#define TMPFS_MAGIC_NUMBER 0x01021994
#define RAMFS_MAGIC_NUMBER 0x858458f6

void
lb_slurm_options_clear (LbSlurmOptions *o)
{
  g_clear_pointer (&o->partition, g_free);
  g_clear_pointer (&o->time, g_free);
  g_clear_pointer (&o->mem, g_free);
  g_clear_pointer (&o->extra_args, g_strfreev);
}

void
lb_slurm_job_free (LbSlurmJob *job)
{
  if (job == NULL)
    return;
  g_free (job->job_id);
  g_clear_pointer (&job->tasks, g_array_unref);
  lb_slurm_options_clear (&job->options);
  g_free (job);
}

/* The options as sbatch arguments, in OUT (borrowed strings, kept alive by KEEP). */
static void
add_option_args (const LbSlurmOptions *o, GPtrArray *out, GPtrArray *keep)
{
  char *arg = g_strdup_printf ("--cpus-per-task=%d", o->cpus_per_task);
  g_ptr_array_add (keep, arg);
  g_ptr_array_add (out, arg);
  const char *names[] = { "--partition=", "--time=", "--mem=" };
  const char *values[] = { o->partition, o->time, o->mem };
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (values[i] != NULL)
      {
        arg = g_strconcat (names[i], values[i], NULL);
        g_ptr_array_add (keep, arg);
        g_ptr_array_add (out, arg);
      }
  for (char **a = o->extra_args; a && *a; a++)
    g_ptr_array_add (out, *a);
}

char *
lb_slurm_options_check (const LbSlurmOptions *o)
{
  g_autofree char *why = NULL;
  if (!lb_slurm_is_available (&why))
    return g_steal_pointer (&why);
  if (o->cpus_per_task < 1)
    return g_strdup ("A task needs at least one CPU (--cpus-per-task).");
  const char *values[] = { o->partition, o->time, o->mem };
  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    if (values[i] != NULL && (values[i][0] == '\0' || strpbrk (values[i], " \t\n") != NULL))
      return g_strdup_printf ("“%s” cannot be a Slurm setting: it is empty or has spaces.",
                              values[i]);

  g_autoptr (GPtrArray) keep = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  g_ptr_array_add (argv, (gpointer) "sbatch");
  g_ptr_array_add (argv, (gpointer) "--test-only");
  add_option_args (o, argv, keep);
  g_ptr_array_add (argv, (gpointer) "--wrap=true");
  g_ptr_array_add (argv, NULL);
  g_autoptr (GError) error = NULL;
  if (!lb_slurm_run ((const char *const *) argv->pdata, NULL, &error))
    return g_strdup_printf ("Slurm would not take these settings. %s", error->message);
  return NULL;
}

const char *
lb_slurm_path_unshared_reason (const char *path)
{
  struct statfs st;

  /* A folder opened through the file chooser inside the Flatpak: the document portal's
   * /run/user/UID/doc/ mount exists on this computer only. */
  if (g_str_has_prefix (path, "/run/user/") && strstr (path, "/doc/") != NULL)
    return "was opened through the file chooser, and the sandbox sees it through the document "
           "portal, which only this computer has; give the Flatpak the folder by its path "
           "(flatpak override --user --filesystem=FOLDER " LB_APP_ID ") and open it again";
  if (statfs (path, &st) == 0
      && ((unsigned long) st.f_type == TMPFS_MAGIC_NUMBER
          || (unsigned long) st.f_type == RAMFS_MAGIC_NUMBER))
    return "is in this computer's memory (tmpfs): only a task on this computer can see it";
  return NULL;
}

char *
lb_slurm_dup_sharing_warning (LbExperiment *experiment)
{
  const LbExperimentConfig *c = lb_experiment_get_config (experiment);
  g_autoptr (GString) s = g_string_new (NULL);
  const char *folder = lb_experiment_get_folder (experiment);
  const char *why = lb_slurm_path_unshared_reason (folder);

  if (why != NULL)
    g_string_append_printf (s, "The experiment folder “%s” %s. ", folder, why);
  for (char **f = c->folders; f && *f; f++)
    if ((why = lb_slurm_path_unshared_reason (*f)) != NULL)
      g_string_append_printf (s, "The data folder “%s” %s. ", *f, why);
  if (s->len == 0)
    return NULL;
  g_string_append (s, "Every node must see the experiment and its data at the same paths.");
  return g_string_free (g_steal_pointer (&s), FALSE);
}

char **
lb_slurm_dup_cli_command (void)
{
  if (g_file_test ("/.flatpak-info", G_FILE_TEST_EXISTS))
    {
      const char *argv[] = { "flatpak", "run", "--command=lossbench-cli", LB_APP_ID, NULL };
      return g_strdupv ((char **) argv);
    }
  g_autofree char *self = g_file_read_link ("/proc/self/exe", NULL);
  g_autofree char *dir = self ? g_path_get_dirname (self) : NULL;
  g_autofree char *base = self ? g_path_get_basename (self) : NULL;
  g_autofree char *beside = dir ? g_build_filename (dir, "lossbench-cli", NULL) : NULL;
  g_autofree char *built = dir ? g_build_filename (dir, "..", "cli", "lossbench-cli", NULL)
                               : NULL;
  g_autofree char *found = NULL;
  const char *env = g_getenv ("LOSSBENCH_CLI");

  if (env != NULL && *env != '\0')
    found = g_canonicalize_filename (env, NULL);
  else if (g_strcmp0 (base, "lossbench-cli") == 0)
    found = g_strdup (self);
  else if (beside && g_file_test (beside, G_FILE_TEST_IS_EXECUTABLE))
    found = g_strdup (beside);
  else if (built && g_file_test (built, G_FILE_TEST_IS_EXECUTABLE))
    found = g_canonicalize_filename (built, NULL);
  else
    found = g_find_program_in_path ("lossbench-cli");
  char *argv[] = { found ? found : (char *) "lossbench-cli", NULL };
  return g_strdupv (argv);
}

static char *
slurm_dir (const char *folder)
{
  return g_build_filename (folder, "slurm", NULL);
}

char *
lb_slurm_job_dup_log_path (const char *folder, guint task)
{
  g_autofree char *name = g_strdup_printf ("task-%u.out", task);
  return g_build_filename (folder, "slurm", "logs", name, NULL);
}

static char *
script_text (const char *folder, const char *job_name, GArray *tasks, const LbSlurmOptions *o,
             const char *const *cli_argv)
{
  GString *s = g_string_new ("#!/bin/sh\n");
  g_autofree char *cwd = g_get_current_dir ();
  g_autofree char *quoted_cwd = g_shell_quote (cwd);
  g_autofree char *quoted_folder = g_shell_quote (folder);

  g_string_append_printf (s, "# Lossbench: the runs of %s not yet done, one array task each.\n"
                          "# Task N trains run N; `lossbench-cli status` follows them.\n",
                          folder);
  g_string_append_printf (s, "#SBATCH --job-name=%s\n#SBATCH --array=", job_name);
  for (guint i = 0; i < tasks->len; i++)
    g_string_append_printf (s, "%s%u", i ? "," : "", g_array_index (tasks, guint, i));
  g_string_append_printf (s, "\n#SBATCH --cpus-per-task=%d\n", o->cpus_per_task);
  if (o->partition)
    g_string_append_printf (s, "#SBATCH --partition=%s\n", o->partition);
  if (o->time)
    g_string_append_printf (s, "#SBATCH --time=%s\n", o->time);
  if (o->mem)
    g_string_append_printf (s, "#SBATCH --mem=%s\n", o->mem);
  /* A node that fails takes its task back to the queue; the run resumes from its checkpoint. */
  g_string_append (s, "#SBATCH --requeue\n#SBATCH --open-mode=append\n");
  /* The log's path goes on sbatch's command line (job.json has it): #SBATCH lines cannot hold
   * a path with spaces. Relative data folders in the config are relative to here. */
  g_string_append_printf (s, "cd %s || exit 1\nexec", quoted_cwd);
  for (const char *const *a = cli_argv; *a; a++)
    {
      g_autofree char *q = g_shell_quote (*a);
      g_string_append_printf (s, " %s", q);
    }
  g_string_append_printf (s, " run-task %s --task \"$SLURM_ARRAY_TASK_ID\"\n", quoted_folder);
  return g_string_free (s, FALSE);
}

static gboolean
save_record (const char *folder, const LbSlurmJob *job, GError **error)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "job_id");
  json_builder_add_string_value (b, job->job_id);
  json_builder_set_member_name (b, "submitted");
  json_builder_add_int_value (b, job->submitted);
  json_builder_set_member_name (b, "tasks");
  json_builder_begin_array (b);
  for (guint i = 0; i < job->tasks->len; i++)
    json_builder_add_int_value (b, g_array_index (job->tasks, guint, i));
  json_builder_end_array (b);
  const char *names[] = { "partition", "time", "mem" };
  const char *values[] = { job->options.partition, job->options.time, job->options.mem };
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      json_builder_set_member_name (b, names[i]);
      if (values[i])
        json_builder_add_string_value (b, values[i]);
      else
        json_builder_add_null_value (b);
    }
  json_builder_set_member_name (b, "cpus_per_task");
  json_builder_add_int_value (b, job->options.cpus_per_task);
  json_builder_set_member_name (b, "sbatch_args");
  json_builder_begin_array (b);
  for (char **a = job->options.extra_args; a && *a; a++)
    json_builder_add_string_value (b, *a);
  json_builder_end_array (b);
  json_builder_end_object (b);

  g_autoptr (JsonGenerator) gen = json_generator_new ();
  g_autoptr (JsonNode) root = json_builder_get_root (b);
  json_generator_set_root (gen, root);
  json_generator_set_pretty (gen, TRUE);
  g_autofree char *text = json_generator_to_data (gen, NULL);
  g_autofree char *path = g_build_filename (folder, "slurm", "job.json", NULL);
  return lb_file_write_atomic (path, text, strlen (text), error);
}

LbSlurmJob *
lb_slurm_job_submit (LbExperiment *experiment,
                     const LbSlurmOptions *options,
                     const char *const *cli_argv,
                     GError **error)
{
  g_autofree char *folder = g_canonicalize_filename (lb_experiment_get_folder (experiment), NULL);
  g_autofree char *dir = slurm_dir (folder);
  g_autofree char *logs = g_build_filename (dir, "logs", NULL);
  g_autoptr (LbSlurmJob) job = g_new0 (LbSlurmJob, 1);

  job->tasks = g_array_new (FALSE, FALSE, sizeof (guint));
  for (guint i = 0; i < lb_experiment_get_n_runs (experiment); i++)
    {
      LbRunInfo run;
      lb_experiment_get_run (experiment, i, &run);
      if (run.state != LB_RUN_DONE && run.state != LB_RUN_FAILED)
        g_array_append_val (job->tasks, i);
      lb_run_info_clear (&run);
    }
  if (job->tasks->len == 0)
    {
      g_set_error (error, LB_ERROR, LB_ERROR_EMPTY, "Every run of “%s” is done or failed: there "
                   "is nothing to submit. Collect its results with lossbench-cli collect.",
                   folder);
      return NULL;
    }
  if (g_mkdir_with_parents (logs, 0755) != 0)
    {
      g_set_error (error, LB_ERROR, LB_ERROR_PERMISSION, "“%s” could not be made: %s.", logs,
                   g_strerror (errno));
      return NULL;
    }

  job->options.partition = g_strdup (options->partition);
  job->options.time = g_strdup (options->time);
  job->options.mem = g_strdup (options->mem);
  job->options.cpus_per_task = options->cpus_per_task;
  job->options.extra_args = g_strdupv (options->extra_args);

  g_autofree char *base = g_path_get_basename (folder);
  g_autofree char *job_name = g_strdup_printf ("lossbench-%s", base);
  g_strcanon (job_name, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.", '_');
  g_autofree char *script = g_build_filename (dir, "job.sbatch", NULL);
  g_autofree char *text = script_text (folder, job_name, job->tasks, options, cli_argv);
  if (!lb_file_write_atomic (script, text, strlen (text), error))
    return NULL;

  g_autofree char *log_pattern = g_build_filename (logs, "task-%a.out", NULL);
  g_autofree char *output = g_strconcat ("--output=", log_pattern, NULL);
  g_autoptr (GPtrArray) args = g_ptr_array_new ();
  g_ptr_array_add (args, output);
  for (char **a = options->extra_args; a && *a; a++)
    g_ptr_array_add (args, *a);
  g_ptr_array_add (args, NULL);
  job->job_id = lb_slurm_submit (script, (const char *const *) args->pdata, error);
  if (job->job_id == NULL)
    return NULL;
  job->submitted = g_get_real_time () / G_USEC_PER_SEC;
  if (!save_record (folder, job, error))
    {
      g_prefix_error (error, "Slurm job %s was submitted, but its record was not saved: ",
                      job->job_id);
      return NULL;
    }
  return g_steal_pointer (&job);
}

static JsonArray *
get_array (JsonObject *o, const char *name)
{
  JsonNode *node = json_object_get_member (o, name);
  return node && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

static char *
dup_member (JsonObject *o, const char *name)
{
  const char *value = json_object_get_string_member_with_default (o, name, NULL);
  return value ? g_strdup (value) : NULL;
}

LbSlurmJob *
lb_slurm_job_load (const char *folder, GError **error)
{
  g_autofree char *path = g_build_filename (folder, "slurm", "job.json", NULL);
  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    return NULL;
  g_autoptr (JsonParser) parser = json_parser_new ();
  JsonObject *o = NULL;
  if (json_parser_load_from_file (parser, path, NULL)
      && JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    o = json_node_get_object (json_parser_get_root (parser));
  if (o == NULL || json_object_get_string_member_with_default (o, "job_id", NULL) == NULL)
    {
      g_set_error (error, LB_ERROR, LB_ERROR_CORRUPT,
                   "“%s” is damaged, so the Slurm job is not known. Find it with squeue "
                   "--name=lossbench-NAME.", path);
      return NULL;
    }
  LbSlurmJob *job = g_new0 (LbSlurmJob, 1);
  job->job_id = dup_member (o, "job_id");
  job->submitted = json_object_get_int_member_with_default (o, "submitted", 0);
  job->tasks = g_array_new (FALSE, FALSE, sizeof (guint));
  JsonArray *tasks = get_array (o, "tasks");
  for (guint i = 0; tasks && i < json_array_get_length (tasks); i++)
    {
      JsonNode *node = json_array_get_element (tasks, i);
      gint64 t = JSON_NODE_HOLDS_VALUE (node) ? json_node_get_int (node) : -1;
      if (t >= 0 && t < G_MAXINT)
        {
          guint task = (guint) t;
          g_array_append_val (job->tasks, task);
        }
    }
  job->options.partition = dup_member (o, "partition");
  job->options.time = dup_member (o, "time");
  job->options.mem = dup_member (o, "mem");
  job->options.cpus_per_task = (int) json_object_get_int_member_with_default (o, "cpus_per_task",
                                                                              1);
  JsonArray *args = get_array (o, "sbatch_args");
  GPtrArray *extra = g_ptr_array_new ();
  for (guint i = 0; args && i < json_array_get_length (args); i++)
    {
      JsonNode *node = json_array_get_element (args, i);
      const char *a = JSON_NODE_HOLDS_VALUE (node) ? json_node_get_string (node) : NULL;
      if (a)
        g_ptr_array_add (extra, g_strdup (a));
    }
  g_ptr_array_add (extra, NULL);
  job->options.extra_args = (char **) g_ptr_array_free (extra, FALSE);
  return job;
}

char *
lb_slurm_job_dup_log_error (const char *folder, guint task)
{
  g_autofree char *path = lb_slurm_job_dup_log_path (folder, task);
  g_autofree char *text = NULL;
  if (!g_file_get_contents (path, &text, NULL, NULL))
    return NULL;
  g_auto (GStrv) lines = g_strsplit (text, "\n", -1);
  const char *prefix = "lossbench-cli: ";
  for (gint i = (gint) g_strv_length (lines) - 1; i >= 0; i--)
    {
      if (g_str_has_prefix (lines[i], prefix))
        return g_strdup (lines[i] + strlen (prefix));
      /* Slurm's own words: a time limit, a lost node, an out-of-memory kill. */
      if (g_str_has_prefix (lines[i], "slurmstepd: error: "))
        return g_strdup (lines[i] + strlen ("slurmstepd: error: "));
    }
  return NULL;
}
