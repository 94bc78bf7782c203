/* lb-test-util.h — helpers the engine and CLI tests share: temporary folders, real data, broken files.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "lb-dataset.h"

G_BEGIN_DECLS

/* $LB_SHARED_DATA/@name if that folder exists, else NULL after g_test_skip with a message:
 * the real chest X-rays are not part of the repository. */
char *lb_test_shared_data (const char *name);

/* Loads FOLDER at SIZE×SIZE, asserting that it loads. */
LbDataset *lb_test_load_dataset (const char *folder, guint size, gboolean use_cache);

/* Points XDG_CACHE_HOME at a fresh temporary folder, so that the user's dataset cache is never
 * touched; call first thing in main(). (G_TEST_OPTION_ISOLATE_DIRS would also move
 * XDG_DATA_DIRS, where GdkPixbuf finds the MIME database it needs to recognise files.)
 * Returns the folder; remove it with lb_test_remove_tree at the end. */
char *lb_test_isolate_cache (void);

/* Writes DIR/claim.json as another process would hold the run (lb-run-claim.h): HOST, PID,
 * no Slurm task, HEARTBEAT (Unix seconds), TOKEN. */
void lb_test_write_claim (const char *dir,
                          const char *host,
                          gint64      pid,
                          gint64      heartbeat,
                          const char *token);

/* A fresh temporary folder; removed with lb_test_remove_tree. */
char *lb_test_make_tmp_dir (void);
void lb_test_remove_tree (const char *path);

/* A fresh temporary folder holding lb_phantom_write_set's set of @count pairs at @size² (seed 5),
 * asserting that it is written; removed with lb_test_remove_tree. */
char *lb_test_write_phantom_folder (guint count, guint size);

/* Writes an 8-bit gray PNG (through the engine's encoder) and aborts the test on failure. */
void lb_test_write_gray_png (const char   *path,
                             const guint8 *pixels,
                             int           width,
                             int           height);

/* A valid PNG of @width × @height whose IHDR then claims @claimed_width × @claimed_height
 * (CRC recomputed, so only the size is a lie). */
void lb_test_write_png_with_claimed_size (const char *path,
                                          int         claimed_width,
                                          int         claimed_height);

/* Builds the bad-input folder in @folder (images/ + masks/): three good pairs
 * (good_1…good_3) and one case per kind of bad input; see lb-test-util.c for the list. */
void lb_test_make_bad_input_folder (const char *folder);

/* Whether the current user can read a file whose permissions are 000 (root can). */
gboolean lb_test_chmod_cannot_stop_reading (const char *folder);

G_END_DECLS
