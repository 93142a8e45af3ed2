/* What a live watcher (allurectl watch, allure watch) sees: a poller reads the results
 * directory every millisecond while conversions run and parses each file the moment it appears.
 * It must never meet an incomplete or invalid file, and must see every result exactly once,
 * also when two conversions write into one directory at the same time. */
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
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "al.h"
#include "lstate.h"
#include "tmpdir.h"

#define N_TESTS 20000

static char root[128], dir[160];   /* dir: the results, root/results; reports beside it */

static void make_report(const char *path, const char *suite, int n) {
  FILE *f = fopen(path, "w");
  assert_non_null(f);
  fprintf(f, "<testsuite name=\"%s\">\n", suite);
  for (int i = 0; i < n; i++) {
    if (i % 50 == 0)
      fprintf(f, "<testcase classname=\"%s\" name=\"t%d\" time=\"0.001\"><failure message=\"m\">trace %d</failure>"
                 "<system-out>output of %d</system-out></testcase>\n", suite, i, i, i);
    else
      fprintf(f, "<testcase classname=\"%s\" name=\"t%d\" time=\"0.001\"/>\n", suite, i);
  }
  fprintf(f, "</testsuite>\n");
  fclose(f);
}

/* Starts `allure-lua -q -o out junit report` in a child process. */
static pid_t convert(const char *out, const char *report) {
  pid_t pid = fork();
  if (pid == 0) {
    char *argv[] = {(char *)"allure-lua", (char *)"-q", (char *)"-o", (char *)out, (char *)"junit",
                    (char *)report, NULL};
    _exit(al_main(6, argv));
  }
  return pid;
}

/* Reads a file the moment it is seen and decodes it; 1 when it is complete, valid JSON. */
static int valid_json(lua_State *L, const char *path) {
  lua_getglobal(L, "check");
  lua_pushstring(L, path);
  lua_call(L, 1, 1);
  int ok = lua_toboolean(L, -1);
  lua_pop(L, 1);
  return ok;
}

/* Polls dir every millisecond until every child has exited; returns the results seen. */
static size_t watch(pid_t *children, int n_children, int *bad) {
  lua_State *L = al_test_state();
  assert_null(al_test_run(L,
    "local json = require 'allure.json'\n"
    "function check(path)\n"
    "  local f = io.open(path, 'rb'); if not f then return false end\n"
    "  local text = f:read('a'); f:close()\n"
    "  local v = json.decode(text)\n"
    "  return type(v) == 'table' and type(v.uuid) == 'string' and type(v.status) == 'string'\n"
    "end\n"
    "local seen = {}\n"
    "function first_sight(name) if seen[name] then return false end seen[name] = true return true end\n"));
  size_t results = 0;
  int running = n_children;
  *bad = 0;
  while (1) {
    DIR *d = opendir(dir);
    struct dirent *e;
    while (d && (e = readdir(d))) {
      size_t len = strlen(e->d_name);
      if (len < 12 || strcmp(e->d_name + len - 12, "-result.json") != 0) continue;
      lua_getglobal(L, "first_sight");
      lua_pushstring(L, e->d_name);
      lua_call(L, 1, 1);
      int first = lua_toboolean(L, -1);
      lua_pop(L, 1);
      if (!first) continue;
      char path[600];
      snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
      if (!valid_json(L, path)) {
        fprintf(stderr, "incomplete or invalid when first seen: %s\n", e->d_name);
        (*bad)++;
      }
      results++;
    }
    if (d) closedir(d);
    if (running == 0) break;                     /* one last pass after the writers are done */
    for (int i = 0; i < n_children; i++) {
      int status;
      if (children[i] > 0 && waitpid(children[i], &status, WNOHANG) == children[i]) {
        assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
        children[i] = 0;
        running--;
      }
    }
    usleep(1000);
  }
  lua_close(L);
  return results;
}

static int count_results(void) {
  DIR *d = opendir(dir);
  struct dirent *e;
  int n = 0;
  while (d && (e = readdir(d))) {
    size_t len = strlen(e->d_name);
    if (len >= 12 && strcmp(e->d_name + len - 12, "-result.json") == 0) n++;
    if (len >= 4 && strcmp(e->d_name + len - 4, ".tmp") == 0) fail_msg("temp file left: %s", e->d_name);
  }
  if (d) closedir(d);
  return n;
}

static int setup(void **state) {
  if (al_tmpdir_make(root, sizeof root, "/dev/shm", "watch") != 0) return -1;
  snprintf(dir, sizeof dir, "%s/results", root);
  return mkdir(dir, 0755);
}

static int teardown(void **state) {
  return al_tmpdir_remove(root);
}

static void test_one_conversion(void **state) {
  char report[300];
  int bad;
  snprintf(report, sizeof report, "%s-a.xml", dir);
  make_report(report, "a.Suite", N_TESTS);
  pid_t children[1] = {convert(dir, report)};
  size_t seen = watch(children, 1, &bad);
  assert_int_equal(bad, 0);
  assert_int_equal(seen, N_TESTS);
  assert_int_equal(count_results(), N_TESTS);
}

static void test_two_conversions_into_one_directory(void **state) {
  char a[300], b[300];
  int bad;
  snprintf(a, sizeof a, "%s-a.xml", dir);
  snprintf(b, sizeof b, "%s-b.xml", dir);
  make_report(a, "a.Suite", N_TESTS / 2);
  make_report(b, "b.Suite", N_TESTS / 2);
  pid_t children[2] = {convert(dir, a), convert(dir, b)};
  size_t seen = watch(children, 2, &bad);
  assert_int_equal(bad, 0);
  assert_int_equal(seen, N_TESTS);
  assert_int_equal(count_results(), N_TESTS);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test_setup_teardown(test_one_conversion, setup, teardown),
    cmocka_unit_test_setup_teardown(test_two_conversions_into_one_directory, setup, teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
