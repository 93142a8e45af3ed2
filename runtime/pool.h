/*
** pool: small blocks for one thread's allocator (the Lua state's). Lua allocates and frees
** millions of small objects (strings, tables, their parts) and always says the size of the
** block it frees or resizes, so blocks of up to AL_POOL_MAX bytes come from free lists of
** 16-byte size classes, carved from 64 KiB slabs; larger ones from malloc. Freed small blocks
** stay in their lists until al_pool_release. Not thread-safe. Pure C, no Lua.
**
** Built with AddressSanitizer, every block goes to malloc so that ASan sees each one.
*/
#ifndef AL_POOL_H
#define AL_POOL_H

#include <stddef.h>

#if defined(__SANITIZE_ADDRESS__)
#define AL_POOL_BYPASS 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define AL_POOL_BYPASS 1
#endif
#endif

#define AL_POOL_MAX 512
#define AL_POOL_CLASSES (AL_POOL_MAX / 16)

struct al_pool {
  void *free_list[AL_POOL_CLASSES];   /* class c: blocks of (c + 1) * 16 bytes */
  char *next, *end;                   /* the unused rest of the newest slab */
  void *slabs;                        /* every slab, linked through its first word */
};

/* A lua_Alloc-shaped call: ptr NULL allocates nsize bytes; nsize 0 frees ptr (osize bytes);
 * otherwise resizes ptr from osize to nsize bytes. osize is ignored when ptr is NULL. Returns
 * NULL when out of memory (ptr then still valid) and for a free. */
void *al_pool_realloc(struct al_pool *pool, void *ptr, size_t osize, size_t nsize);

/* Frees every slab: every small block given out becomes invalid. The pool is empty again. */
void al_pool_release(struct al_pool *pool);

#endif
