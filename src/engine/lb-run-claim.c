/* lb-run-claim.c — one process at a time trains a run: a claim file in the run's folder.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "lb-run-claim.h"

#include <errno.h>
#include <json-glib/json-glib.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "lb-error.h"
#include "lb-file.h"
#include "lb-slurm.h"

struct _LbRunClaim
{
  char *path;
  LbRunClaimInfo info;
  GThread *heartbeat;
  /* POSIX, not GMutex: ThreadSanitizer understands it. The condition's clock is monotonic. */
  pthread_mutex_t mutex;
  pthread_cond_t stop_cond;
  gboolean stopping;
  gboolean lost;
  GFunc lost_func;
  gpointer lost_data;
};

void
lb_run_claim_info_clear (LbRunClaimInfo *info)
{
  g_clear_pointer (&info->host, g_free);
  g_clear_pointer (&info->slurm_job, g_free);
  g_clear_pointer (&info->token, g_free);
}

static char *
claim_path (const char *run_dir)
{
  return g_build_filename (run_dir, "claim.json", NULL);
}

static char *
info_to_json (const LbRunClaimInfo *info)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "host");
  json_builder_add_string_value (b, info->host);
  json_builder_set_member_name (b, "pid");
  json_builder_add_int_value (b, info->pid);
  json_builder_set_member_name (b, "slurm_job");
  if (info->slurm_job)
    json_builder_add_string_value (b, info->slurm_job);
  else
    json_builder_add_null_value (b);
  json_builder_set_member_name (b, "slurm_task");
  json_builder_add_int_value (b, info->slurm_task);
  json_builder_set_member_name (b, "claimed");
  json_builder_add_int_value (b, info->claimed);
  json_builder_set_member_name (b, "heartbeat");
  json_builder_add_int_value (b, info->heartbeat);
  json_builder_set_member_name (b, "token");
  json_builder_add_string_value (b, info->token);
  json_builder_end_object (b);
  g_autoptr (JsonGenerator) gen = json_generator_new ();
  g_autoptr (JsonNode) root = json_builder_get_root (b);
  json_generator_set_root (gen, root);
  json_generator_set_pretty (gen, TRUE);
  return json_generator_to_data (gen, NULL);
}

static gboolean
read_file (const char *path, LbRunClaimInfo *info, GError **error)
{
  g_autofree char *text = NULL;
  gsize length = 0;
  g_autoptr (GError) local = NULL;
  memset (info, 0, sizeof *info);
  if (!g_file_get_contents (path, &text, &length, &local))
    {
      if (!g_error_matches (local, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        g_set_error (error, LB_ERROR, LB_ERROR_PERMISSION, "The claim “%s” could not be read: %s.",
                     path, local->message);
      return FALSE;
    }
  g_autoptr (JsonParser) parser = json_parser_new ();
  JsonObject *o = NULL;
  if (json_parser_load_from_data (parser, text, (gssize) length, NULL))
    o = JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser))
          ? json_node_get_object (json_parser_get_root (parser)) : NULL;
  if (o == NULL || !json_object_has_member (o, "host") || !json_object_has_member (o, "token")
      || !json_object_has_member (o, "heartbeat"))
    {
      g_set_error (error, LB_ERROR, LB_ERROR_CORRUPT,
                   "The claim “%s” is damaged. Delete it if no process is training that run.",
                   path);
      return FALSE;
    }
  info->host = g_strdup (json_object_get_string_member_with_default (o, "host", "?"));
  info->pid = json_object_get_int_member_with_default (o, "pid", 0);
  const char *job = json_object_get_string_member_with_default (o, "slurm_job", NULL);
  info->slurm_job = job ? g_strdup (job) : NULL;
  info->slurm_task = (int) json_object_get_int_member_with_default (o, "slurm_task", -1);
  info->claimed = json_object_get_int_member_with_default (o, "claimed", 0);
  info->heartbeat = json_object_get_int_member_with_default (o, "heartbeat", 0);
  info->token = g_strdup (json_object_get_string_member_with_default (o, "token", ""));
  return TRUE;
}

gboolean
lb_run_claim_read (const char *run_dir, LbRunClaimInfo *info, GError **error)
{
  g_autofree char *path = claim_path (run_dir);
  return read_file (path, info, error);
}

char *
lb_run_claim_dup_holder (const LbRunClaimInfo *info)
{
  if (info->slurm_job != NULL)
    return g_strdup_printf ("%s (Slurm job %s, task %d)", info->host, info->slurm_job,
                            info->slurm_task);
  return g_strdup_printf ("%s (process %" G_GINT64_FORMAT ")", info->host, info->pid);
}

static gboolean
is_own_task (const LbRunClaimInfo *info)
{
  g_autofree char *job = NULL;
  int task = -1;
  return info->slurm_job != NULL && lb_slurm_get_current_task (&job, &task)
         && strcmp (job, info->slurm_job) == 0 && task == info->slurm_task;
}

char *
lb_run_claim_dup_stale_reason (const LbRunClaimInfo *info,
                               gint64 now,
                               gint64 stale_seconds,
                               gboolean ask_slurm)
{
  if (g_strcmp0 (info->host, g_get_host_name ()) == 0 && info->pid > 0
      && kill ((pid_t) info->pid, 0) != 0 && errno == ESRCH)
    return g_strdup_printf ("its process %" G_GINT64_FORMAT " on %s has ended", info->pid,
                            info->host);
  if (is_own_task (info))
    return g_strdup_printf ("it was this Slurm task's earlier attempt (job %s, task %d), "
                            "requeued", info->slurm_job, info->slurm_task);
  if (ask_slurm && info->slurm_job != NULL && lb_slurm_is_available (NULL))
    {
      g_autoptr (GArray) tasks = lb_slurm_query_job (info->slurm_job, NULL);
      const LbSlurmTask *t = lb_slurm_find_task (tasks, info->slurm_task);
      if (tasks != NULL && (t == NULL || !lb_slurm_state_is_running (t->state)))
        return g_strdup_printf ("its Slurm task (job %s, task %d) is no longer running",
                                info->slurm_job, info->slurm_task);
    }
  if (now - info->heartbeat > stale_seconds)
    return g_strdup_printf ("its holder on %s has given no sign of life for %" G_GINT64_FORMAT
                            " minutes", info->host, (now - info->heartbeat) / 60);
  return NULL;
}

/* Writes INFO under a name of this process's own, then links it as PATH: the link fails when
 * PATH exists, and PATH is never seen half-written. */
static gboolean
link_claim (const char *path, const LbRunClaimInfo *info, gboolean *busy, GError **error)
{
  g_autofree char *json = info_to_json (info);
  g_autofree char *mine = lb_file_dup_scratch_path (path);
  *busy = FALSE;
  if (!lb_file_write_atomic (mine, json, strlen (json), error))
    return FALSE;
  int rc = link (mine, path);
  int saved = errno;
  struct stat st;
  /* On NFS a link that succeeded may still report an error: the link count tells. */
  gboolean linked = rc == 0 || (stat (mine, &st) == 0 && st.st_nlink == 2);
  unlink (mine);
  if (linked)
    return TRUE;
  if (saved == EEXIST)
    {
      *busy = TRUE;
      return FALSE;
    }
  g_set_error (error, LB_ERROR, LB_ERROR_PERMISSION, "The claim “%s” could not be made: %s.",
               path, g_strerror (saved));
  return FALSE;
}

/* Moves the stale claim STALE away, if it is still the one at PATH. */
static void
remove_stale (const char *path, const LbRunClaimInfo *stale)
{
  g_autofree char *moved = lb_file_dup_scratch_path (path);
  if (rename (path, moved) != 0)
    return;  /* someone else moved it first: the next try sees what is there now */
  LbRunClaimInfo what = { 0 };
  gboolean same = read_file (moved, &what, NULL) && g_strcmp0 (what.token, stale->token) == 0;
  /* Not the stale claim: another taker's new one, moved in the instant between; put it back. */
  if (!same && link (moved, path) != 0)
    g_warning ("A claim was moved aside while another process took it: %s", moved);
  unlink (moved);
  lb_run_claim_info_clear (&what);
}

void
lb_run_claim_sweep_ended (const char *run_dir, gint64 stale_seconds)
{
  g_autofree char *path = claim_path (run_dir);
  g_auto (LbRunClaimInfo) holder = { 0 };
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  lb_file_sweep_scratch (run_dir, stale_seconds);
  if (read_file (path, &holder, NULL))
    {
      g_autofree char *stale = lb_run_claim_dup_stale_reason (&holder, now, stale_seconds,
                                                               FALSE);
      if (stale != NULL)
        remove_stale (path, &holder);
    }
}

static gboolean
refresh (LbRunClaim *self)
{
  LbRunClaimInfo now = { 0 };
  if (read_file (self->path, &now, NULL) && g_strcmp0 (now.token, self->info.token) != 0)
    {
      lb_run_claim_info_clear (&now);
      return FALSE;
    }
  lb_run_claim_info_clear (&now);
  self->info.heartbeat = g_get_real_time () / G_USEC_PER_SEC;
  g_autofree char *json = info_to_json (&self->info);
  lb_file_write_atomic (self->path, json, strlen (json), NULL);
  return TRUE;
}

static gpointer
heartbeat_thread (gpointer data)
{
  LbRunClaim *self = data;
  pthread_mutex_lock (&self->mutex);
  while (!self->stopping)
    {
      struct timespec until;
      clock_gettime (CLOCK_MONOTONIC, &until);
      until.tv_sec += LB_RUN_CLAIM_HEARTBEAT_SECONDS;
      while (!self->stopping
             && pthread_cond_timedwait (&self->stop_cond, &self->mutex, &until) == 0)
        ;
      if (self->stopping)
        break;
      if (!refresh (self))
        {
          /* Called under the mutex, so that lb_run_claim_set_lost_func (NULL) waits for it. */
          self->lost = TRUE;
          if (self->lost_func)
            self->lost_func (self, self->lost_data);
          break;
        }
    }
  pthread_mutex_unlock (&self->mutex);
  return NULL;
}

LbRunClaim *
lb_run_claim_take (const char *run_dir, gint64 stale_seconds, GError **error)
{
  if (g_mkdir_with_parents (run_dir, 0755) != 0)
    {
      g_set_error (error, LB_ERROR, LB_ERROR_PERMISSION, "The run folder “%s” could not be made: "
                   "%s.", run_dir, g_strerror (errno));
      return NULL;
    }
  g_autofree char *path = claim_path (run_dir);
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  g_autofree char *token = g_uuid_string_random ();
  LbRunClaimInfo info = { .host = g_strdup (g_get_host_name ()), .pid = getpid (),
                          .slurm_task = -1, .claimed = now, .heartbeat = now,
                          .token = g_strdup (token) };
  lb_slurm_get_current_task (&info.slurm_job, &info.slurm_task);
  /* What killed claimants left beside the claim. */
  lb_file_sweep_scratch (run_dir, stale_seconds);

  /* A few rounds: each either links the claim, finds a live holder, or clears a stale one. */
  for (int attempt = 0; attempt < 8; attempt++)
    {
      gboolean busy = FALSE;
      if (link_claim (path, &info, &busy, error))
        {
          LbRunClaim *self = g_new0 (LbRunClaim, 1);
          self->path = g_steal_pointer (&path);
          self->info = info;
          pthread_condattr_t attr;
          pthread_condattr_init (&attr);
          pthread_condattr_setclock (&attr, CLOCK_MONOTONIC);
          pthread_mutex_init (&self->mutex, NULL);
          pthread_cond_init (&self->stop_cond, &attr);
          pthread_condattr_destroy (&attr);
          self->heartbeat = g_thread_new ("lb-claim-heartbeat", heartbeat_thread, self);
          return self;
        }
      if (!busy)
        break;
      LbRunClaimInfo holder = { 0 };
      g_autoptr (GError) read_error = NULL;
      if (!read_file (path, &holder, &read_error))
        {
          if (read_error != NULL)
            {
              g_propagate_error (error, g_steal_pointer (&read_error));
              break;
            }
          continue;  /* released in between: try again */
        }
      g_autofree char *stale = lb_run_claim_dup_stale_reason (&holder, now, stale_seconds, TRUE);
      if (stale == NULL)
        {
          g_autofree char *who = lb_run_claim_dup_holder (&holder);
          g_autofree char *base = g_path_get_basename (run_dir);
          g_set_error (error, LB_ERROR, LB_ERROR_BUSY,
                       "The run %s is being trained on %s, last heard from %" G_GINT64_FORMAT
                       " s ago. It is left to it.", base, who, MAX (0, now - holder.heartbeat));
          lb_run_claim_info_clear (&holder);
          break;
        }
      g_message ("Taking over the run in %s: %s.", run_dir, stale);
      remove_stale (path, &holder);
      lb_run_claim_info_clear (&holder);
    }
  if (error != NULL && *error == NULL)
    g_set_error (error, LB_ERROR, LB_ERROR_BUSY, "The run in “%s” could not be claimed: other "
                 "processes keep taking it.", run_dir);
  lb_run_claim_info_clear (&info);
  return NULL;
}

gboolean
lb_run_claim_is_lost (LbRunClaim *self)
{
  pthread_mutex_lock (&self->mutex);
  gboolean lost = self->lost;
  pthread_mutex_unlock (&self->mutex);
  return lost;
}

void
lb_run_claim_set_lost_func (LbRunClaim *self, GFunc func, gpointer data)
{
  pthread_mutex_lock (&self->mutex);
  self->lost_func = func;
  self->lost_data = data;
  pthread_mutex_unlock (&self->mutex);
}

void
lb_run_claim_release (LbRunClaim *self)
{
  if (self == NULL)
    return;
  pthread_mutex_lock (&self->mutex);
  self->stopping = TRUE;
  pthread_cond_signal (&self->stop_cond);
  pthread_mutex_unlock (&self->mutex);
  g_thread_join (self->heartbeat);

  LbRunClaimInfo now = { 0 };
  if (read_file (self->path, &now, NULL) && g_strcmp0 (now.token, self->info.token) == 0)
    unlink (self->path);
  lb_run_claim_info_clear (&now);
  lb_run_claim_info_clear (&self->info);
  pthread_mutex_destroy (&self->mutex);
  pthread_cond_destroy (&self->stop_cond);
  g_free (self->path);
  g_free (self);
}
