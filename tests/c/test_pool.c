/* pool: the Lua state's small-block allocator. Blocks keep their bytes across resizes,
 * never overlap, are 16-byte aligned, and freed ones are reused by their size class. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "pool.h"

static void test_free_block_is_reused_by_its_class(void **state) {
  struct al_pool pool = {0};
  void *a, *b, *c;
  (void)state;
  a = al_pool_realloc(&pool, NULL, 0, 40);
  b = al_pool_realloc(&pool, NULL, 0, 40);
  assert_non_null(a);
  assert_non_null(b);
  assert_ptr_not_equal(a, b);
  assert_int_equal((uintptr_t)a % 16, 0);
  assert_int_equal((uintptr_t)b % 16, 0);
  assert_null(al_pool_realloc(&pool, a, 40, 0));
  c = al_pool_realloc(&pool, NULL, 0, 33);              /* 33..48: the class of 40 */
#ifndef AL_POOL_BYPASS
  assert_ptr_equal(c, a);
  /* Within its class a block is resized in place. */
  assert_ptr_equal(al_pool_realloc(&pool, c, 33, 48), c);
#endif
  c = al_pool_realloc(&pool, c, 48, 0);
  al_pool_realloc(&pool, b, 40, 0);
  al_pool_realloc(&pool, NULL, 0, 0);                   /* free(NULL): nothing */
  al_pool_release(&pool);
}

static void test_resize_keeps_the_bytes(void **state) {
  static const size_t sizes[] = {1, 16, 17, 100, 512, 513, 4000, 300, 7, 70000, 24};
  struct al_pool pool = {0};
  unsigned char *p = NULL;
  size_t old = 0, i, j;
  (void)state;
  for (i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
    size_t n = sizes[i], keep = old < n ? old : n;
    p = al_pool_realloc(&pool, p, old, n);
    assert_non_null(p);
    for (j = 0; j < keep; j++) assert_int_equal(p[j], (unsigned char)(j * 7 + 3));
    for (j = 0; j < n; j++) p[j] = (unsigned char)(j * 7 + 3);
    old = n;
  }
  al_pool_realloc(&pool, p, old, 0);
  al_pool_release(&pool);
}

/* Many blocks of mixed sizes, each filled with its own byte, resized and freed at random:
 * a block that overlapped another, or lost bytes in a move, would show a wrong byte. */
static void test_random_blocks_never_overlap(void **state) {
  enum { N = 2000, ROUNDS = 200000 };
  struct al_pool pool = {0};
  static unsigned char *block[N];
  static size_t size[N];
  unsigned seed = 12345;
  size_t i, j;
  (void)state;
  memset(block, 0, sizeof block);
  memset(size, 0, sizeof size);
  for (i = 0; i < ROUNDS; i++) {
    size_t k, n;
    seed = seed * 1103515245u + 12345u;
    k = (seed >> 8) % N;
    seed = seed * 1103515245u + 12345u;
    n = (seed >> 8) % 8 == 0 ? 0 : 1 + (seed >> 12) % ((seed >> 4) % 4 == 0 ? 3000 : 600);
    if (block[k] != NULL)
      for (j = 0; j < size[k] && j < n; j++) assert_int_equal(block[k][j], (unsigned char)k);
    if (block[k] == NULL && n == 0) continue;
    block[k] = al_pool_realloc(&pool, block[k], size[k], n);
    size[k] = n;
    if (n == 0) {
      assert_null(block[k]);
      continue;
    }
    assert_non_null(block[k]);
    assert_int_equal((uintptr_t)block[k] % 16, 0);
    memset(block[k], (int)(unsigned char)k, n);
  }
  for (i = 0; i < N; i++) {
    for (j = 0; j < size[i]; j++) assert_int_equal(block[i][j], (unsigned char)i);
    if (block[i] != NULL) al_pool_realloc(&pool, block[i], size[i], 0);
  }
  al_pool_release(&pool);
  /* Released, the pool starts again from nothing. */
  block[0] = al_pool_realloc(&pool, NULL, 0, 10);
  assert_non_null(block[0]);
  al_pool_realloc(&pool, block[0], 10, 0);
  al_pool_release(&pool);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_free_block_is_reused_by_its_class),
    cmocka_unit_test(test_resize_keeps_the_bytes),
    cmocka_unit_test(test_random_blocks_never_overlap),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
