/* Allocation-failure sweep, as SQLite's anomaly tests do: a small conversion (a JUnit
 * report with output, a failure and an entity reference; a jest report) run in-process
 * through al_main() with the Lua state's allocation number N and every later one failing
 * (the runtime's pool allocator wrapped: -Wl,--wrap=al_pool_realloc), for N from 1 up
 * to the conversion's total: every N up to DENSE, then SAMPLES of them spread evenly
 * over the rest (each conversion takes about 3500 allocations; all of them are swept
 * in the release build, about 2 s; AL_OOM_DENSE=400 samples, for slower builds). Each run must end without
 * a crash (ASan in the sanitizer build), with exit 0 and every result, or a non-zero
 * exit and "not enough memory" on stderr; and the results directory must hold only
 * complete files: names Allure reads, no temp file, every JSON file parses. */
#define _GNU_SOURCE
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "al.h"
#include "lcapture.h"
#include "lstate.h"
#include "pool.h"
#include "tmpdir.h"

#define DENSE 100000  /* every N up to here (AL_OOM_DENSE overrides) */
#define SAMPLES 300   /* then this many N spread evenly over the rest */

void *__real_al_pool_realloc(struct al_pool *pool, void *ptr, size_t osize, size_t nsize);

static long allocs, fail_from;   /* allocations seen; the first one to fail (0: none) */

void *__wrap_al_pool_realloc(struct al_pool *pool, void *ptr, size_t osize, size_t nsize) {
  if (nsize > 0 && (ptr == NULL || nsize > osize)) {   /* frees and shrinks never fail */
    allocs++;
    if (fail_from > 0 && allocs >= fail_from) return NULL;
  }
  return __real_al_pool_realloc(pool, ptr, osize, nsize);
}

static char tmp[256], err_text[16384];

static int run(char **argv, int argc) {
  return capture_main(argc, argv, NULL, 0, err_text, sizeof err_text);
}

static void put(const char *name, const char *text) {
  char p[512];
  FILE *f;
  snprintf(p, sizeof p, "%s/%s", tmp, name);
  f = fopen(p, "w");
  assert_non_null(f);
  fputs(text, f);
  fclose(f);
}

/* Empties dir (plain files only); returns how many files it held. */
static int clear_dir(const char *dir) {
  DIR *d = opendir(dir);
  struct dirent *e;
  char p[768];
  int n = 0;
  if (d == NULL) return 0;
  while ((e = readdir(d)) != NULL) {
    if (e->d_name[0] == '.' && (e->d_name[1] == '\0' || (e->d_name[1] == '.' && e->d_name[2] == '\0'))) continue;
    snprintf(p, sizeof p, "%s/%s", dir, e->d_name);
    unlink(p);
    n++;
  }
  closedir(d);
  return n;
}

/* Every file in dir is an Allure file and complete; returns the count of results. */
static int check_dir(lua_State *L, const char *dir, long n) {
  DIR *d = opendir(dir);
  struct dirent *e;
  int results = 0;
  assert_non_null(d);
  while ((e = readdir(d)) != NULL) {
    const char *name = e->d_name;
    size_t len = strlen(name);
    char p[768];
    if (strcmp(name, ".") == 0 || strcmp(name, "..") == 0) continue;
    if (name[0] == '.' || strstr(name, ".tmp") != NULL) fail_msg("N=%ld: temp file left: %s", n, name);
    snprintf(p, sizeof p, "%s/%s", dir, name);
    if (len > 5 && strcmp(name + len - 5, ".json") == 0) {
      const char *err;
      lua_settop(L, 0);
      if (luaL_loadstring(L, "local v, e = require('allure.json').read(...) if v == nil then error(e) end") != LUA_OK)
        fail_msg("load: %s", lua_tostring(L, -1));
      lua_pushstring(L, p);
      if (lua_pcall(L, 1, 0, 0) != LUA_OK) {
        err = lua_tostring(L, -1);
        fail_msg("N=%ld: %s is not complete JSON: %s", n, name, err);
      }
      if (strstr(name, "-result.json") != NULL) results++;
    } else if (strstr(name, "-attachment") == NULL && strcmp(name, "environment.properties") != 0)
      fail_msg("N=%ld: unexpected file %s", n, name);
  }
  closedir(d);
  return results;
}

static void sweep(char **argv, int argc, const char *out) {
  lua_State *L = al_test_state();
  long total, n, step, runs = 0, failures = 0, kept = 0, dense = DENSE;
  int full, status;
  if (getenv("AL_OOM_DENSE") != NULL) dense = atol(getenv("AL_OOM_DENSE"));
  fail_from = 0;
  allocs = 0;
  status = run(argv, argc);
  total = allocs;
  if (status != 0) fail_msg("the run without failures: exit %d: %s", status, err_text);
  full = check_dir(L, out, 0);
  assert_true(full > 0);
  step = total > dense ? (total - dense) / SAMPLES + 1 : 1;
  for (n = 1; n <= total; n += n < dense ? 1 : step) {
    clear_dir(out);
    allocs = 0;
    fail_from = n;
    status = run(argv, argc);
    fail_from = 0;
    runs++;
    if (status == 0) {
      int got = check_dir(L, out, n);
      if (got != full) fail_msg("N=%ld: exit 0 with %d of %d results: %s", n, got, full, err_text);
    } else {
      failures++;
      if (strstr(err_text, "not enough memory") == NULL)
        fail_msg("N=%ld: exit %d without \"not enough memory\": %s", n, status, err_text);
      if (check_dir(L, out, n) > 0) kept++;
    }
  }
  print_message("%s: %ld allocations; %ld runs (every N to %ld, then every %ld-th): %ld ended with "
                "\"not enough memory\" (%ld of them with some results written, each complete), %ld with every result\n",
                argv[1], total, runs, dense < total ? dense : total, step, failures, kept, runs - failures);
  lua_close(L);
}

static void test_junit(void **state) {
  char in[300], out[300];
  char a0[] = "allure-lua", a1[] = "junit", a3[] = "-o", a5[] = "--deterministic", a6[] = "-q";
  char *argv[] = { a0, a1, in, a3, out, a5, a6, NULL };
  (void)state;
  put("r.xml", "<?xml version=\"1.0\"?>\n<!DOCTYPE t [<!ENTITY e \"E\">]>\n"
      "<testsuites><testsuite name=\"s\" tests=\"3\" failures=\"1\" timestamp=\"2024-01-01T00:00:00\">\n"
      "<testcase classname=\"a.B\" name=\"ok &amp; &e;\" time=\"0.1\"><system-out>out\n</system-out></testcase>\n"
      "<testcase classname=\"a.B\" name=\"bad\" time=\"0.2\"><failure message=\"m\" type=\"AssertionError\">trace\n"
      "  at x</failure></testcase>\n"
      "<testcase classname=\"a.C\" name=\"skip\"><skipped message=\"why\"/></testcase>\n"
      "<system-err>suite err</system-err></testsuite></testsuites>\n");
  snprintf(in, sizeof in, "%s/r.xml", tmp);
  snprintf(out, sizeof out, "%s/out-junit", tmp);
  sweep(argv, 7, out);
}

static void test_jest(void **state) {
  char in[300], out[300];
  char a0[] = "allure-lua", a1[] = "jest", a3[] = "-o", a5[] = "--deterministic", a6[] = "-q";
  char *argv[] = { a0, a1, in, a3, out, a5, a6, NULL };
  (void)state;
  put("j.json", "{\"numTotalTests\":2,\"success\":false,\"startTime\":1700000000000,\"testResults\":[{"
      "\"name\":\"/x/a.test.js\",\"status\":\"failed\",\"startTime\":1700000000000,\"endTime\":1700000001000,"
      "\"message\":\"\",\"assertionResults\":[{\"ancestorTitles\":[\"d\"],\"fullName\":\"d t\",\"title\":\"t\","
      "\"status\":\"passed\",\"duration\":1,\"failureMessages\":[]},{\"ancestorTitles\":[\"d\"],\"fullName\":\"d u\","
      "\"title\":\"u\",\"status\":\"failed\",\"duration\":2,\"failureMessages\":[\"Error: expect(received).toBe(expected)\"],"
      "\"failureDetails\":[{\"matcherResult\":{\"pass\":false,\"message\":\"m\",\"actual\":{\"a\":[1,2]},\"expected\":3}}]}]}]}");
  snprintf(in, sizeof in, "%s/j.json", tmp);
  snprintf(out, sizeof out, "%s/out-jest", tmp);
  sweep(argv, 7, out);
}

static int setup(void **state) {
  (void)state;
  return al_tmpdir_make(tmp, sizeof tmp, NULL, "oom");
}

static int teardown(void **state) {
  (void)state;
  return al_tmpdir_remove(tmp);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test_setup_teardown(test_junit, setup, teardown),
    cmocka_unit_test_setup_teardown(test_jest, setup, teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
