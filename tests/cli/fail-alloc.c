/* fail-alloc.c — an LD_PRELOAD library that makes one large allocation fail, as a machine out
 * of memory does: the LB_FAIL_ALLOC_NTH-th allocation of at least LB_FAIL_ALLOC_MIN bytes
 * (default 1 MiB) returns NULL. With LB_FAIL_ALLOC_COUNT set, the number of such allocations is
 * written to that file at exit, so a test knows how many there are to fail one by one.
 * Allocations below the size are the small ones GLib aborts on by design; the large ones grow
 * with the data and the network, and must fail with a sentence.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

extern void *__libc_malloc (size_t size);
extern void *__libc_calloc (size_t n, size_t size);
extern void *__libc_realloc (void *old, size_t size);
extern void *__libc_memalign (size_t alignment, size_t size);
void *memalign (size_t alignment, size_t size);

static long fail_at = -1;
static long counted;
static size_t min_size = 1 << 20;
static int configured;

/* Whether this allocation of SIZE bytes is the one to fail. getenv allocates nothing. */
static int
fails (size_t size)
{
  if (!configured)
    {
      const char *nth = getenv ("LB_FAIL_ALLOC_NTH");
      const char *min = getenv ("LB_FAIL_ALLOC_MIN");
      configured = 1;
      if (nth != NULL)
        fail_at = atol (nth);
      if (min != NULL)
        min_size = (size_t) atol (min);
    }
  if (size < min_size)
    return 0;
  if (++counted != fail_at)
    return 0;
  errno = ENOMEM;
  return 1;
}

__attribute__ ((destructor)) static void
report_count (void)
{
  const char *path = getenv ("LB_FAIL_ALLOC_COUNT");
  FILE *out = path != NULL ? fopen (path, "w") : NULL;
  if (out != NULL)
    {
      fprintf (out, "%ld\n", counted);
      fclose (out);
    }
}

void *
malloc (size_t size)
{
  return fails (size) ? NULL : __libc_malloc (size);
}

void *
calloc (size_t n, size_t size)
{
  if (n != 0 && size > (size_t) -1 / n)
    return NULL;
  return fails (n * size) ? NULL : __libc_calloc (n, size);
}

void *
realloc (void *old, size_t size)
{
  return fails (size) ? NULL : __libc_realloc (old, size);
}

int
posix_memalign (void **out, size_t alignment, size_t size)
{
  void *p;
  if (fails (size))
    return ENOMEM;
  p = __libc_memalign (alignment, size);
  if (p == NULL)
    return ENOMEM;
  *out = p;
  return 0;
}

void *
aligned_alloc (size_t alignment, size_t size)
{
  return fails (size) ? NULL : __libc_memalign (alignment, size);
}

void *
memalign (size_t alignment, size_t size)
{
  return fails (size) ? NULL : __libc_memalign (alignment, size);
}
