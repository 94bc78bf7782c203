/* test-cli.c — lossbench-cli inspect and demo-data, run as a user would run them.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "cli-run.h"
#include "lb-test-util.h"

static JsonObject *
parse_object (JsonParser *parser, const char *text)
{
  g_autoptr(GError) error = NULL;
  g_assert_true (json_parser_load_from_data (parser, text, -1, &error));
  g_assert_no_error (error);
  return json_node_get_object (json_parser_get_root (parser));
}

static void
test_help_and_usage (void)
{
  g_auto(Run) help = { 0 };
  run_cli (&help, "inspect", "--help", NULL);
  g_assert_cmpint (help.status, ==, 0);
  g_assert_nonnull (strstr (help.out, "--json"));

  g_auto(Run) demo_help = { 0 };
  run_cli (&demo_help, "demo-data", "--help", NULL);
  g_assert_cmpint (demo_help.status, ==, 0);
  g_assert_nonnull (strstr (demo_help.out, "--seed"));

  g_auto(Run) no_folder = { 0 };
  run_cli (&no_folder, "inspect", NULL);
  g_assert_cmpint (no_folder.status, ==, 2);
  g_assert_nonnull (strstr (no_folder.err, "folder"));

  g_auto(Run) no_out = { 0 };
  run_cli (&no_out, "demo-data", NULL);
  g_assert_cmpint (no_out.status, ==, 2);
  g_assert_nonnull (strstr (no_out.err, "--out"));

  g_auto(Run) bad_count = { 0 };
  run_cli (&bad_count, "demo-data", "--out", "/tmp/never-written", "--count", "0", NULL);
  g_assert_cmpint (bad_count.status, ==, 2);
  g_assert_false (g_file_test ("/tmp/never-written", G_FILE_TEST_EXISTS));
}

static void
test_demo_data (void)
{
  g_autofree char *dir = lb_test_make_tmp_dir ();
  g_autofree char *a = g_build_filename (dir, "a", NULL);
  g_autofree char *b = g_build_filename (dir, "b", NULL);
  g_auto(Run) write_a = { 0 }, write_b = { 0 };
  run_cli (&write_a, "demo-data", "--out", a, "--count", "12", "--size", "64", "--seed", "3",
           NULL);
  g_assert_cmpint (write_a.status, ==, 0);
  run_cli (&write_b, "demo-data", "--out", b, "--count", "12", "--size", "64", "--seed", "3",
           NULL);
  g_assert_cmpint (write_b.status, ==, 0);

  /* same seed, same files, byte for byte */
  for (int i = 1; i <= 12; i += 11)
    {
      g_autofree char *name = g_strdup_printf ("phantom_%04d.png", i);
      g_autofree char *pa = g_build_filename (a, "images", name, NULL);
      g_autofree char *pb = g_build_filename (b, "images", name, NULL);
      g_autofree char *ca = NULL, *cb = NULL;
      gsize la = 0, lb = 0;
      g_assert_true (g_file_get_contents (pa, &ca, &la, NULL));
      g_assert_true (g_file_get_contents (pb, &cb, &lb, NULL));
      g_assert_cmpmem (ca, la, cb, lb);
    }

  g_auto(Run) inspect = { 0 };
  run_cli (&inspect, "inspect", "--json", a, NULL);
  g_assert_cmpint (inspect.status, ==, 0);
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *report = parse_object (parser, inspect.out);
  g_assert_cmpint (json_object_get_int_member (report, "pairs"), ==, 12);
  JsonObject *by_source = json_object_get_object_member (report, "by_source");
  g_assert_cmpint (json_object_get_int_member (by_source, "phantom"), ==, 12);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (report, "rejected")),
                    ==, 0);
  lb_test_remove_tree (dir);
}

static void
test_inspect_cxr (void)
{
  g_autofree char *folder = lb_test_shared_data ("cxr");
  if (folder == NULL)
    return;
  g_auto(Run) text = { 0 };
  run_cli (&text, "inspect", folder, NULL);
  g_assert_cmpint (text.status, ==, 0);
  g_assert_nonnull (strstr (text.out, "Pairs: 82"));
  g_assert_nonnull (strstr (text.out, "Rejected: 0"));

  g_auto(Run) json = { 0 };
  run_cli (&json, "inspect", "--json", "--size", "64", folder, NULL);
  g_assert_cmpint (json.status, ==, 0);
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *report = parse_object (parser, json.out);
  g_assert_cmpint (json_object_get_int_member (report, "pairs"), ==, 82);
  JsonObject *by_source = json_object_get_object_member (report, "by_source");
  g_assert_cmpint (json_object_get_int_member (by_source, "montgomery"), ==, 13);
  g_assert_cmpint (json_object_get_int_member (by_source, "shenzhen"), ==, 69);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (report, "rejected")),
                    ==, 0);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (report,
                                                                         "unmatched_images")),
                    ==, 0);
}

static const char *
reason_for (JsonArray *rejected, const char *file)
{
  for (guint i = 0; i < json_array_get_length (rejected); i++)
    {
      JsonObject *note = json_array_get_object_element (rejected, i);
      if (g_str_has_suffix (json_object_get_string_member (note, "path"), file))
        return json_object_get_string_member (note, "reason");
    }
  return NULL;
}

static void
test_inspect_bad_input (void)
{
  g_autofree char *dir = lb_test_make_tmp_dir ();
  gboolean root = lb_test_chmod_cannot_stop_reading (dir);
  lb_test_make_bad_input_folder (dir);
  g_auto(Run) json = { 0 };
  run_cli (&json, "inspect", "--json", "--size", "64", dir, NULL);
  g_assert_cmpint (json.status, ==, 0);
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *report = parse_object (parser, json.out);
  JsonArray *rejected = json_object_get_array_member (report, "rejected");
  const struct { const char *file, *reason; } cases[] = {
    { "images/truncated.png", "truncated PNG" },
    { "images/zero.png", "0 bytes" },
    { "images/text.png", "holds text" },
    { "masks/sizes.png", "48 × 48" },
    { "images/huge.png", "60000 × 60000" },
    { "images/damaged.png", "could not be decoded" },
    { "images/dup.png", "share the name" },
    { "images/dup.jpg", "share the name" },
    { "images/notes.txt", "not an image file" },
  };
  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const char *reason = reason_for (rejected, cases[i].file);
      if (reason == NULL)
        g_error ("%s is not reported as rejected", cases[i].file);
      g_assert_nonnull (strstr (reason, cases[i].reason));
    }
  if (!root)
    g_assert_nonnull (reason_for (rejected, "images/locked.png"));
  JsonArray *warnings = json_object_get_array_member (report, "warnings");
  g_assert_cmpuint (json_array_get_length (warnings), ==, 2); /* gray (not binary), empty */
  g_assert_cmpint (json_object_get_int_member (report, "pairs"), ==, root ? 7 : 6);

  /* the same, as text: every case on its own line with its reason */
  g_auto(Run) text = { 0 };
  run_cli (&text, "inspect", "--size", "64", dir, NULL);
  g_assert_cmpint (text.status, ==, 0);
  g_assert_nonnull (strstr (text.out, "truncated.png: the file is cut short"));
  g_assert_nonnull (strstr (text.out, "Images without a mask: 1"));
  lb_test_remove_tree (dir);
}

static void
test_inspect_failures (void)
{
  g_auto(Run) missing = { 0 };
  run_cli (&missing, "inspect", "/nonexistent/lossbench", NULL);
  g_assert_cmpint (missing.status, ==, 1);
  g_assert_nonnull (strstr (missing.err, "does not exist"));

  g_autofree char *dir = lb_test_make_tmp_dir ();
  g_autofree char *images = g_build_filename (dir, "images", NULL);
  g_autofree char *masks = g_build_filename (dir, "masks", NULL);
  g_mkdir_with_parents (images, 0755);
  g_mkdir_with_parents (masks, 0755);
  g_auto(Run) empty = { 0 };
  run_cli (&empty, "inspect", dir, NULL);
  g_assert_cmpint (empty.status, ==, 1);
  g_assert_nonnull (strstr (empty.out, "Pairs: 0"));
  g_assert_nonnull (strstr (empty.err, "no image has a matching mask"));
  lb_test_remove_tree (dir);
}

int
main (int argc, char **argv)
{
  g_autofree char *cache = lb_test_isolate_cache ();
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/cli/help-and-usage", test_help_and_usage);
  g_test_add_func ("/cli/demo-data", test_demo_data);
  g_test_add_func ("/cli/inspect-cxr", test_inspect_cxr);
  g_test_add_func ("/cli/inspect-bad-input", test_inspect_bad_input);
  g_test_add_func ("/cli/inspect-failures", test_inspect_failures);
  int status = g_test_run ();
  lb_test_remove_tree (cache);
  return status;
}
