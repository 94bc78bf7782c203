/* nn-arena.h — one aligned allocation carved into tensors; a dry run measures it first.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The same layout code runs twice: once on a measuring arena (base NULL) that only adds up
 * sizes, once on the real block. So the bytes a configuration reports and the bytes it uses
 * cannot drift apart. */
#pragma once

#include <stddef.h>

#define NN_ARENA_ALIGN 64 /* one cache line, and one AVX-512 register */

typedef struct
{
  char *base;  /* NULL while measuring */
  size_t size;
  size_t used;
} NnArena;

void nn_arena_measure (NnArena *arena);
/* Allocates SIZE bytes; returns 0 on success, -1 when the memory is not there. */
int nn_arena_alloc (NnArena *arena, size_t size);
void nn_arena_release (NnArena *arena);
/* COUNT floats (or bytes) from the arena; NULL while measuring (or when it is full). */
void *nn_arena_take (NnArena *arena, size_t bytes);
#define nn_arena_floats(a, n) ((float *) nn_arena_take ((a), (size_t) (n) * sizeof (float)))
#define nn_arena_doubles(a, n) ((double *) nn_arena_take ((a), (size_t) (n) * sizeof (double)))
