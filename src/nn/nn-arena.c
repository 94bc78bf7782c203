/* nn-arena.c — bump allocation from one aligned block, with a measuring dry run.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "nn-arena.h"

#include <stdint.h>
#include <stdlib.h>

void
nn_arena_measure (NnArena *arena)
{
  arena->base = NULL;
  arena->size = SIZE_MAX;
  arena->used = 0;
}

int
nn_arena_alloc (NnArena *arena, size_t size)
{
  size = (size + NN_ARENA_ALIGN - 1) / NN_ARENA_ALIGN * NN_ARENA_ALIGN;
  /* Pages are touched only when first written, so a big block costs RSS as it is used. */
  arena->base = aligned_alloc (NN_ARENA_ALIGN, size > 0 ? size : NN_ARENA_ALIGN);
  arena->size = size;
  arena->used = 0;
  return arena->base ? 0 : -1;
}

void
nn_arena_release (NnArena *arena)
{
  free (arena->base);
  arena->base = NULL;
  arena->size = arena->used = 0;
}

void *
nn_arena_take (NnArena *arena, size_t bytes)
{
  size_t at = arena->used;
  arena->used += (bytes + NN_ARENA_ALIGN - 1) / NN_ARENA_ALIGN * NN_ARENA_ALIGN;
  if (arena->base == NULL || arena->used > arena->size)
    return NULL;
  return arena->base + at;
}
