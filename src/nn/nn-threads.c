/* nn-threads.c — a small persistent thread pool that shares the cores with OpenBLAS.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Workers spin briefly on a generation counter before sleeping on a condition variable: a U-Net
 * step issues a few hundred regions, many of them shorter than a futex wake-up, but a machine
 * shared with compilers must not lose a core to spinning for long. */
#include "nn-threads.h"

#include <cblas.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <unistd.h>

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#define CPU_RELAX() _mm_pause ()
/* Denormal floats cost x86 cores a hundred cycles an operation. A network whose logits have
 * saturated (a collapsing run) fills its gradients with them: epochs of the quick preset took
 * 40 and 68 s instead of 12 (Focal-Tversky, literature settings, 688 pairs), with the same
 * losses to four digits once flushed.
 * Every region therefore runs with the SSE control bits flush-to-zero (results) and
 * denormals-are-zero (inputs), as PyTorch's torch.set_flush_denormal(True) does; values under
 * 1.2e-38 do not matter to training. The caller's own setting is restored after its share. */
#define MXCSR_FTZ_DAZ 0x8040u
static inline unsigned
denormals_off (void)
{
  unsigned old = _mm_getcsr ();
  _mm_setcsr (old | MXCSR_FTZ_DAZ);
  return old;
}
static inline void
denormals_restore (unsigned old)
{
  _mm_setcsr (old);
}
#else
#define CPU_RELAX() ((void) 0)
static inline unsigned denormals_off (void) { return 0; }
static inline void denormals_restore (unsigned old) { (void) old; }
#endif

/* Spin for at most ~10–100 µs (a pause is 10–140 cycles, depending on the core) before
 * sleeping: long enough to bridge two back-to-back regions of one layer, short enough that a
 * thread waiting on a descheduled partner gives its core back on a loaded machine. */
#define SPIN_LIMIT 2000

typedef struct
{
  pthread_mutex_t lock;
  pthread_cond_t work_cond;
  pthread_cond_t done_cond;
  pthread_t threads[NN_MAX_THREADS];
  int started;                  /* workers alive (tids 1 … started) */
  int nthreads;                 /* configured T */
  NnThreadMode mode;
  atomic_uint generation;
  unsigned start_generation;
  atomic_int pending;
  NnParallelFunc fn;
  void *ctx;
  int active;
  bool quit;
} NnPool;

static NnPool pool = {
  .lock = PTHREAD_MUTEX_INITIALIZER,
  .work_cond = PTHREAD_COND_INITIALIZER,
  .done_cond = PTHREAD_COND_INITIALIZER,
  .nthreads = 0,
  .mode = NN_THREADS_OWN,
};

static _Thread_local bool in_region;

/* One region at a time: a trainer thread and, say, an evaluation started from another thread
 * take turns instead of corrupting each other's hand-off. Also keeps nn_set_threads from
 * replacing the workers under a running region. */
static pthread_mutex_t region_lock = PTHREAD_MUTEX_INITIALIZER;

static void *
worker_main (void *arg)
{
  int tid = (int) (long) arg;
  /* The generation when the pool was (re)started, not when this thread first runs: a region
   * may already have been handed out by then. */
  unsigned seen = pool.start_generation;

  in_region = true;
  denormals_off ();
  for (;;)
    {
      unsigned g;
      int spins = 0;

      while ((g = atomic_load_explicit (&pool.generation, memory_order_acquire)) == seen
             && spins < SPIN_LIMIT)
        {
          CPU_RELAX ();
          spins++;
        }
      if (g == seen)
        {
          pthread_mutex_lock (&pool.lock);
          while ((g = atomic_load (&pool.generation)) == seen && !pool.quit)
            pthread_cond_wait (&pool.work_cond, &pool.lock);
          pthread_mutex_unlock (&pool.lock);
        }
      seen = g;
      if (pool.quit)
        break;
      if (tid < pool.active)
        pool.fn (pool.ctx, tid, pool.active);
      if (atomic_fetch_sub_explicit (&pool.pending, 1, memory_order_acq_rel) == 1)
        {
          pthread_mutex_lock (&pool.lock);
          pthread_cond_signal (&pool.done_cond);
          pthread_mutex_unlock (&pool.lock);
        }
    }
  return NULL;
}

static void
apply_blas_threads (void)
{
  openblas_set_num_threads (pool.mode == NN_THREADS_BLAS ? pool.nthreads : 1);
}

static void
stop_workers (void)
{
  pthread_mutex_lock (&pool.lock);
  pool.quit = true;
  atomic_fetch_add (&pool.generation, 1);
  pthread_cond_broadcast (&pool.work_cond);
  pthread_mutex_unlock (&pool.lock);
  for (int i = 1; i <= pool.started; i++)
    pthread_join (pool.threads[i], NULL);
  pool.started = 0;
  pool.quit = false;
}

static void
ensure_configured (void)
{
  if (pool.nthreads == 0)
    {
      long n = sysconf (_SC_NPROCESSORS_ONLN);
      nn_set_threads (n > 0 ? (int) n : 1);
    }
}

void
nn_set_threads (int n)
{
  if (n < 1)
    n = 1;
  if (n > NN_MAX_THREADS)
    n = NN_MAX_THREADS;
  pthread_mutex_lock (&region_lock);
  if (pool.started)
    stop_workers ();
  pool.nthreads = n;
  pool.start_generation = atomic_load (&pool.generation);
  for (int i = 1; i < n; i++)
    if (pthread_create (&pool.threads[i], NULL, worker_main, (void *) (long) i) == 0)
      pool.started = i;
    else
      break;
  /* Without all workers, run with the ones we have rather than fail. */
  pool.nthreads = pool.started + 1;
  apply_blas_threads ();
  pthread_mutex_unlock (&region_lock);
}

int
nn_get_threads (void)
{
  ensure_configured ();
  return pool.nthreads;
}

void
nn_set_thread_mode (NnThreadMode mode)
{
  ensure_configured ();
  pool.mode = mode;
  apply_blas_threads ();
}

NnThreadMode
nn_get_thread_mode (void)
{
  return pool.mode;
}

int
nn_gemm_threads (void)
{
  ensure_configured ();
  return pool.mode == NN_THREADS_OWN ? pool.nthreads : 1;
}

int
nn_parallel (NnParallelFunc fn, void *ctx, int nthreads)
{
  ensure_configured ();
  if (nthreads > pool.nthreads)
    nthreads = pool.nthreads;
  if (in_region)
    {
      fn (ctx, 0, 1);
      return 1;
    }
  pthread_mutex_lock (&region_lock);
  unsigned csr = denormals_off ();
  if (nthreads <= 1)
    {
      in_region = true;
      fn (ctx, 0, 1);
      in_region = false;
      denormals_restore (csr);
      pthread_mutex_unlock (&region_lock);
      return 1;
    }

  pthread_mutex_lock (&pool.lock);
  pool.fn = fn;
  pool.ctx = ctx;
  pool.active = nthreads;
  atomic_store (&pool.pending, pool.started);
  atomic_fetch_add_explicit (&pool.generation, 1, memory_order_release);
  pthread_cond_broadcast (&pool.work_cond);
  pthread_mutex_unlock (&pool.lock);

  in_region = true;
  fn (ctx, 0, nthreads);
  in_region = false;
  denormals_restore (csr);

  for (int spins = 0; atomic_load_explicit (&pool.pending, memory_order_acquire) > 0
                      && spins < SPIN_LIMIT; spins++)
    CPU_RELAX ();
  if (atomic_load (&pool.pending) > 0)
    {
      pthread_mutex_lock (&pool.lock);
      while (atomic_load (&pool.pending) > 0)
        pthread_cond_wait (&pool.done_cond, &pool.lock);
      pthread_mutex_unlock (&pool.lock);
    }
  pthread_mutex_unlock (&region_lock);
  return nthreads;
}
