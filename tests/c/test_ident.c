/* ident: md5 hex, uuids (random and deterministic), testCaseId/historyId.
 * Expected digests were computed with `printf '%s' ... | md5sum`. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "ident.h"

static void test_md5_vectors(void **state) {
  static const struct {
    const char *in, *hex;
  } v[] = {
    {"", "d41d8cd98f00b204e9800998ecf8427e"},
    {"a", "0cc175b9c0f1b6a831c399e269772661"},          /* leading zero kept */
    {"abc", "900150983cd24fb0d6963f7d28e17f72"},
    {"message digest", "f96b697d7cb7938d525a2f31aaf161d0"},
    {"The quick brown fox jumps over the lazy dog", "9e107d9d372bb6826bd81d3542a419d6"},
  };
  char hex[AL_MD5_HEX_LEN + 1];
  size_t i;
  (void)state;
  for (i = 0; i < sizeof v / sizeof v[0]; i++) {
    al_md5_hex(v[i].in, strlen(v[i].in), hex);
    assert_string_equal(hex, v[i].hex);
  }
  al_test_case_id("com.acme.LoginTest.validPassword", 32, hex);
  assert_string_equal(hex, "b2ff0fc656066b8fc7486a6327007eb6");
}

/* 36 chars, dashes at 8/13/18/23, lower-case hex, version 4, variant 10xx. */
static void assert_uuid_shape(const char *u) {
  int i;
  assert_int_equal(strlen(u), AL_UUID_LEN);
  for (i = 0; i < AL_UUID_LEN; i++) {
    if (i == 8 || i == 13 || i == 18 || i == 23) assert_int_equal(u[i], '-');
    else assert_non_null(strchr("0123456789abcdef", u[i]));
  }
  assert_int_equal(u[14], '4');
  assert_non_null(strchr("89ab", u[19]));
}

static int cmp_uuid(const void *a, const void *b) { return strcmp(a, b); }

static void test_uuid_random(void **state) {
  enum { N = 20000 };   /* 320 KB of randomness: the 4 KiB pool refills ~80 times */
  struct al_ids *g = malloc(sizeof *g);
  char (*u)[AL_UUID_LEN + 1] = malloc(N * sizeof *u);
  int i, variants[4] = {0, 0, 0, 0};
  (void)state;
  assert_non_null(g);
  assert_non_null(u);
  al_ids_init(g, 0, NULL, 0);
  for (i = 0; i < N; i++) {
    assert_int_equal(al_uuid(g, u[i]), 0);
    assert_uuid_shape(u[i]);
    variants[strchr("89ab", u[i][19]) - "89ab"]++;
  }
  qsort(u, N, sizeof *u, cmp_uuid);
  for (i = 1; i < N; i++) assert_string_not_equal(u[i - 1], u[i]);
  /* The variant nibble keeps two random bits: all four values show up. */
  for (i = 0; i < 4; i++) assert_true(variants[i] > N / 8);
  free(u);
  free(g);
}

static void test_uuid_deterministic(void **state) {
  struct al_ids *a = malloc(sizeof *a), *b = malloc(sizeof *b);
  char ua[AL_UUID_LEN + 1], ub[AL_UUID_LEN + 1];
  int i;
  (void)state;
  /* Default seed: md5("allure-lua:1") = 22899be991677ef888ffc180aee1bd40, then the
   * version (byte 6: 7e -> 4e) and variant (byte 8: 88 stays) bits. */
  al_ids_init(a, 1, NULL, 0);
  assert_int_equal(al_uuid(a, ua), 0);
  assert_string_equal(ua, "22899be9-9167-4ef8-88ff-c180aee1bd40");
  assert_int_equal(al_uuid(a, ua), 0);   /* md5("allure-lua:2") = c403b64e70e6c926... */
  assert_string_equal(ua, "c403b64e-70e6-4926-a7aa-ce8dbc4a2d1d");
  /* md5("seed:1") = c6c10119a668fad956483b98db38694b: fa -> 4a, 56 -> 96. */
  al_ids_init(a, 1, "seed", 4);
  assert_int_equal(al_uuid(a, ua), 0);
  assert_string_equal(ua, "c6c10119-a668-4ad9-9648-3b98db38694b");
  /* Same seed, same sequence; another seed, another one. */
  al_ids_init(a, 1, "run-42", 6);
  al_ids_init(b, 1, "run-42", 6);
  for (i = 0; i < 1000; i++) {
    assert_int_equal(al_uuid(a, ua), 0);
    assert_int_equal(al_uuid(b, ub), 0);
    assert_string_equal(ua, ub);
    assert_uuid_shape(ua);
  }
  al_ids_init(b, 1, "run-43", 6);
  assert_int_equal(al_uuid(b, ub), 0);
  al_ids_init(a, 1, "run-42", 6);
  assert_int_equal(al_uuid(a, ua), 0);
  assert_string_not_equal(ua, ub);
  free(a);
  free(b);
}

/* Per input: md5(seed ":" key ":" n [":" mix]), the counter from 1 again for each key. */
static void test_uuid_reseed(void **state) {
  struct al_ids *g = malloc(sizeof *g);
  char u[AL_UUID_LEN + 1], first[AL_UUID_LEN + 1];
  (void)state;
  al_ids_init(g, 1, NULL, 0);
  assert_int_equal(al_uuid(g, u), 0);
  al_ids_reseed(g, "in1", 3);
  assert_int_equal(al_uuid(g, u), 0);           /* md5("allure-lua:in1:1") */
  assert_string_equal(u, "1d44ab42-473a-4ece-bbf3-71c66b1180ea");
  assert_int_equal(al_uuid_mixed(g, "hid", 3, u), 0);   /* md5("allure-lua:in1:2:hid") */
  assert_string_equal(u, "7492d0f1-a802-4efc-ad7e-106ba8ec4504");
  al_ids_reseed(g, "in2", 3);
  assert_int_equal(al_uuid(g, u), 0);           /* md5("allure-lua:in2:1") */
  assert_string_equal(u, "b5b8bf55-5718-4392-81e5-55cdc130d430");
  /* Back to a key: the same sequence again. */
  al_ids_reseed(g, "in1", 3);
  assert_int_equal(al_uuid(g, first), 0);
  assert_string_equal(first, "1d44ab42-473a-4ece-bbf3-71c66b1180ea");
  /* Random uuids ignore keys and mixes. */
  al_ids_init(g, 0, NULL, 0);
  al_ids_reseed(g, "in1", 3);
  assert_int_equal(al_uuid_mixed(g, "hid", 3, u), 0);
  assert_string_not_equal(u, "7492d0f1-a802-4efc-ad7e-106ba8ec4504");
  free(g);
}

static void test_md5_fd(void **state) {
  char path[] = "/tmp/test_ident_XXXXXX", hex[AL_MD5_HEX_LEN + 1];
  int fd = mkstemp(path);
  (void)state;
  assert_true(fd >= 0);
  unlink(path);
  assert_int_equal(write(fd, "abc", 3), 3);
  assert_int_equal(lseek(fd, 0, SEEK_SET), 0);
  assert_int_equal(al_md5_fd(fd, hex), 0);
  assert_string_equal(hex, "900150983cd24fb0d6963f7d28e17f72");
  assert_int_equal(al_md5_fd(-1, hex), -1);
  /* A range: "bc" at offset 1, the descriptor's own offset left where it was. */
  assert_int_equal(lseek(fd, 0, SEEK_SET), 0);
  assert_int_equal(al_md5_fd_range(fd, 1, 2, hex), 0);
  assert_string_equal(hex, "5360af35bde9ebd8f01f492dc059593c");
  assert_int_equal(lseek(fd, 0, SEEK_CUR), 0);
  assert_int_equal(al_md5_fd_range(fd, 0, 0, hex), 0);
  assert_string_equal(hex, "d41d8cd98f00b204e9800998ecf8427e");
  /* Past the end of the file: an error, not the md5 of what was there. */
  errno = 0;
  assert_int_equal(al_md5_fd_range(fd, 2, 5, hex), -1);
  assert_int_equal(errno, EIO);
  close(fd);
}

static void test_uuid_format(void **state) {
  unsigned char ones[16], zeros[16];
  char u[AL_UUID_LEN + 1];
  (void)state;
  memset(ones, 0xff, sizeof ones);
  memset(zeros, 0, sizeof zeros);
  al_uuid_format(ones, u);
  assert_string_equal(u, "ffffffff-ffff-4fff-bfff-ffffffffffff");
  al_uuid_format(zeros, u);
  assert_string_equal(u, "00000000-0000-4000-8000-000000000000");
}

static void test_random_bytes(void **state) {
  struct al_ids *g = malloc(sizeof *g);
  unsigned char buf[10000];
  size_t i, zeros = 0;
  (void)state;
  al_ids_init(g, 1, NULL, 0);              /* random bytes come from the pool in any mode */
  assert_int_equal(al_random_bytes(g, buf, sizeof buf), 0);
  for (i = 0; i < sizeof buf; i++) zeros += buf[i] == 0;
  assert_true(zeros < 200);                /* ~39 expected; a zeroed pool would be 10000 */
  free(g);
}

#define P(n, v) {n, v, sizeof n - 1, sizeof v - 1}

static void test_params_md5(void **state) {
  char hex[AL_MD5_HEX_LEN + 1];
  struct al_param ab[] = {P("b", "2"), P("a", "1")};
  struct al_param ties[] = {P("a", "2"), P("a", "10")};
  struct al_param prefix[] = {P("ab", "y"), P("a", "x")};
  struct al_param one[] = {P("browser", "chrome")};
  (void)state;
  al_params_md5(NULL, 0, hex);
  assert_string_equal(hex, "d41d8cd98f00b204e9800998ecf8427e");     /* md5("") */
  al_params_md5(ab, 2, hex);
  assert_string_equal(hex, "5ef6f5e369927a8ee94a37430c04b278");     /* md5("a:1,b:2") */
  assert_string_equal(ab[0].name, "a");                              /* sorted in place */
  al_params_md5(ties, 2, hex);
  assert_string_equal(hex, "3014d5a7bbc018b3925abdff9e80e65e");     /* md5("a:10,a:2") */
  al_params_md5(prefix, 2, hex);
  assert_string_equal(hex, "bb2d9a10445819beaa181369ec66a90f");     /* md5("a:x,ab:y") */
  /* historyId of the spec's example: testCaseId ":" md5("browser:chrome"). */
  al_params_md5(one, 1, hex);
  assert_string_equal(hex, "998a23334746e8b15dd9666ec33d4d75");
}

/* Keys in, values back, through growth; a missing key is 0; a put replaces. */
static void test_fpmap(void **state) {
  struct al_fpmap m;
  char key[32];
  int i;
  (void)state;
  al_fpmap_init(&m);
  assert_int_equal(al_fpmap_get(&m, "x", 1), 0);
  for (i = 0; i < 100000; i++) {
    int n = snprintf(key, sizeof key, "suite.test_%d", i);
    assert_int_equal(al_fpmap_put(&m, key, (size_t)n, 1 + i % 255), 0);
  }
  assert_int_equal((int)m.n, 100000);
  assert_true(m.cap * 3 >= m.n * 4);
  for (i = 0; i < 100000; i++) {
    int n = snprintf(key, sizeof key, "suite.test_%d", i);
    assert_int_equal(al_fpmap_get(&m, key, (size_t)n), 1 + i % 255);
  }
  assert_int_equal(al_fpmap_get(&m, "suite.test_100000", 17), 0);
  assert_int_equal(al_fpmap_put(&m, "suite.test_7", 12, 200), 0);
  assert_int_equal(al_fpmap_get(&m, "suite.test_7", 12), 200);
  assert_int_equal((int)m.n, 100000);
  assert_int_equal(al_fpmap_put(&m, "", 0, 3), 0);
  assert_int_equal(al_fpmap_get(&m, "", 0), 3);
  al_fpmap_free(&m);
  al_fpmap_free(&m);
  assert_int_equal(al_fpmap_get(&m, "", 0), 0);
}

/* update: a new key gets its value (0 back), one already there its value plus the step, up
 * to 255; step 0 leaves it; through growth, the same table as puts and gets make. */
static void test_fpmap_update(void **state) {
  struct al_fpmap m;
  char key[32];
  int i;
  (void)state;
  al_fpmap_init(&m);
  assert_int_equal(al_fpmap_update(&m, "a", 1, 1, 1), 0);
  assert_int_equal(al_fpmap_update(&m, "a", 1, 1, 1), 1);
  assert_int_equal(al_fpmap_get(&m, "a", 1), 2);
  assert_int_equal(al_fpmap_update(&m, "a", 1, 9, 0), 2);
  assert_int_equal(al_fpmap_get(&m, "a", 1), 2);
  assert_int_equal(al_fpmap_update(&m, "a", 1, 1, 200), 2);
  assert_int_equal(al_fpmap_update(&m, "a", 1, 1, 200), 202);
  assert_int_equal(al_fpmap_get(&m, "a", 1), 255);
  assert_int_equal((int)m.n, 1);
  for (i = 0; i < 50000; i++) {
    int n = snprintf(key, sizeof key, "suite.test_%d", i);
    assert_int_equal(al_fpmap_update(&m, key, (size_t)n, 1 + i % 255, 0), 0);
  }
  for (i = 0; i < 50000; i++) {
    int n = snprintf(key, sizeof key, "suite.test_%d", i);
    assert_int_equal(al_fpmap_update(&m, key, (size_t)n, 7, 0), 1 + i % 255);
    assert_int_equal(al_fpmap_get(&m, key, (size_t)n), 1 + i % 255);
  }
  assert_int_equal((int)m.n, 50001);
  al_fpmap_free(&m);
}

/* The layout linear probing needs, after every doubling in place: each entry at or above
 * its home (fingerprint & (cap - 1)), every slot from its home to it occupied, nothing past
 * the tail; and every key put so far found with its value. */
static void check_layout(const struct al_fpmap *m) {
  size_t i, k, n = 0;
  for (i = 0; i < m->cap + 256; i++) {
    size_t home;
    if (m->slots[i] == 0) continue;
    n++;
    home = (size_t)(m->slots[i] >> 8) & (m->cap - 1);
    assert_true(home <= i);
    for (k = home; k < i; k++) assert_true(m->slots[k] != 0);
  }
  assert_int_equal(n, m->n);
}

static void test_fpmap_grows_in_place(void **state) {
  struct al_fpmap m;
  char key[32];
  size_t cap = 0;
  int i, k;
  (void)state;
  al_fpmap_init(&m);
  for (i = 0; i < 300000; i++) {
    int n = snprintf(key, sizeof key, "k%d", i);
    assert_int_equal(al_fpmap_put(&m, key, (size_t)n, 1 + i % 251), 0);
    if (m.cap != cap) {
      cap = m.cap;
      check_layout(&m);
      for (k = 0; k <= i; k += (i > 5000 ? 7 : 1)) {
        n = snprintf(key, sizeof key, "k%d", k);
        assert_int_equal(al_fpmap_get(&m, key, (size_t)n), 1 + k % 251);
      }
    }
  }
  check_layout(&m);
  al_fpmap_free(&m);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_fpmap_grows_in_place),
    cmocka_unit_test(test_md5_vectors),   cmocka_unit_test(test_uuid_random),
    cmocka_unit_test(test_uuid_deterministic), cmocka_unit_test(test_uuid_reseed),
    cmocka_unit_test(test_md5_fd),        cmocka_unit_test(test_uuid_format),
    cmocka_unit_test(test_random_bytes),  cmocka_unit_test(test_params_md5),
    cmocka_unit_test(test_fpmap),
    cmocka_unit_test(test_fpmap_update),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
