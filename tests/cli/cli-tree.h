/* cli-tree.h — comparing what two runs of lossbench-cli left on disk: an interrupted one made
 * good, and one that ran straight through.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

/* PATH's bytes; for a history.csv, with its wall-clock "seconds" column left out. */
GBytes *cli_tree_comparable_contents (const char *path);

/* Every file under A/RELATIVE is in B with the same contents (cli_tree_comparable_contents),
 * and B holds no other; the number of files. */
guint cli_tree_assert_same (const char *a, const char *b, const char *relative);
