/* fuzz-input.h — what every fuzz target shares: its input as a file, for the loaders that read
 * paths, in a folder of the process's own that is removed when it exits.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>
#include <stddef.h>
#include <stdint.h>

/* libFuzzer's entry point, which each target defines; fuzz-main.c calls it outside libFuzzer. */
int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

/* The process's scratch folder (made on first use). */
const char *lb_fuzz_scratch_dir (void);

/* Writes DATA to NAME in the scratch folder, replacing it; its path (free it). */
char *lb_fuzz_write_input (const char *name, const uint8_t *data, size_t size);

/* Removes everything in the scratch folder but the folder itself. */
void lb_fuzz_clear_scratch (void);
