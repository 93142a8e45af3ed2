/*
** pool: small blocks from size-class free lists (pool.h). Glibc's malloc gave a Lua state's
** blocks about 10% of a go test conversion's instructions (realloc's general path for every
** allocation, fast-bin consolidation), a free list pop or push is a few instructions.
*/
#include "pool.h"

#include <stdlib.h>
#include <string.h>

#define SLAB_SIZE (64 * 1024)

/* The size class of a small block: 1..16 bytes class 0, 17..32 class 1, ... */
static size_t class_of(size_t size) { return (size - 1) >> 4; }

static void *small_alloc(struct al_pool *pool, size_t size) {
  size_t c = class_of(size), rounded = (c + 1) << 4;
  void *p = pool->free_list[c];
  if (p != NULL) {
    memcpy(&pool->free_list[c], p, sizeof p);   /* its first word links to the next */
    return p;
  }
  if ((size_t)(pool->end - pool->next) < rounded) {
    /* A new slab; the old one's rest (less than 512 bytes) is left unused. The first
     * 16 bytes link the slabs, so blocks stay 16-byte aligned as malloc's are. */
    char *slab = malloc(SLAB_SIZE);
    if (slab == NULL) return NULL;
    memcpy(slab, &pool->slabs, sizeof pool->slabs);
    pool->slabs = slab;
    pool->next = slab + 16;
    pool->end = slab + SLAB_SIZE;
  }
  p = pool->next;
  pool->next += rounded;
  return p;
}

static void small_free(struct al_pool *pool, void *p, size_t size) {
  size_t c = class_of(size);
  memcpy(p, &pool->free_list[c], sizeof p);
  pool->free_list[c] = p;
}

void *al_pool_realloc(struct al_pool *pool, void *ptr, size_t osize, size_t nsize) {
#ifdef AL_POOL_BYPASS
  (void)pool;
  (void)osize;
  if (nsize == 0) {
    free(ptr);
    return NULL;
  }
  return realloc(ptr, nsize);
#else
  int small_old, small_new;
  void *p;
  if (nsize == 0) {
    if (ptr == NULL) return NULL;
    if (osize <= AL_POOL_MAX) small_free(pool, ptr, osize);
    else free(ptr);
    return NULL;
  }
  if (ptr == NULL) return nsize <= AL_POOL_MAX ? small_alloc(pool, nsize) : malloc(nsize);
  small_old = osize <= AL_POOL_MAX;
  small_new = nsize <= AL_POOL_MAX;
  if (!small_old && !small_new) {
    p = realloc(ptr, nsize);
  } else if (small_old && small_new && class_of(osize) == class_of(nsize)) {
    return ptr;
  } else {
    p = small_new ? small_alloc(pool, nsize) : malloc(nsize);
    if (p != NULL) {
      memcpy(p, ptr, osize < nsize ? osize : nsize);
      if (small_old) small_free(pool, ptr, osize);
      else free(ptr);
    }
  }
  /* Lua counts on a block never failing to shrink: then it stays, larger than asked (a
   * malloc block may so end in a free list, which is harmless). */
  return p != NULL || nsize > osize ? p : ptr;
#endif
}

void al_pool_release(struct al_pool *pool) {
  void *slab = pool->slabs;
  while (slab != NULL) {
    void *next;
    memcpy(&next, slab, sizeof next);
    free(slab);
    slab = next;
  }
  memset(pool, 0, sizeof *pool);
}
