/* cmocka fixtures shared by the binding units (test_lxml, test_ljson, test_lyaml): a fresh
 * lua_State per test with the file's Lua `prelude` run in it, a scratch directory per group
 * (DIR in Lua; fixture(name, bytes) -> path writes a file there; eq(got, want, what) raises
 * naming what differs; a prelude may redefine it), and chunks run with a
 * given fd as standard input. Include after <cmocka.h>; the test file then defines
 * `static const char *prelude = LUA(...);`. */
#ifndef AL_TEST_LFIXTURE_H
#define AL_TEST_LFIXTURE_H
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "lstate.h"
#include "tmpdir.h"

/* Lua source as a macro argument: readable, and string escapes such as "\n" pass
 * through unchanged. No "--" comments, "//" or single quotes inside. */
#define LUA(...) #__VA_ARGS__

#define RUN(L, src)                              \
  do {                                           \
    const char *err_ = al_test_run((L), (src));  \
    if (err_ != NULL) fail_msg("%s", err_);      \
  } while (0)

static const char *prelude;                      /* defined by the test file */

static char tmpdir[128];

static const char fixture_lua[] =
  "function fixture(name, data)\n"
  "  local p = DIR .. '/' .. name\n"
  "  local f = assert(io.open(p, 'wb'))\n"
  "  f:write(data)\n"
  "  f:close()\n"
  "  return p\n"
  "end\n"
  "function eq(got, want, what)\n"
  "  if got ~= want then\n"
  "    error(string.format('%s: got %q, want %q', what or 'value', tostring(got), tostring(want)), 2)\n"
  "  end\n"
  "end\n";

static int group_setup(void **state) {
  (void)state;
  return al_tmpdir_make(tmpdir, sizeof tmpdir, NULL, "test");
}

static int group_teardown(void **state) {
  (void)state;
  return al_tmpdir_remove(tmpdir);
}

static int setup(void **state) {
  lua_State *L = al_test_state();
  lua_pushstring(L, tmpdir);
  lua_setglobal(L, "DIR");
  *state = L;
  RUN(L, fixture_lua);
  RUN(L, prelude);
  return 0;
}

static int teardown(void **state) {
  lua_close(*state);
  return 0;
}

/* Runs chunk with fd 0 replaced by fd (closed here), then puts the real stdin back. */
static inline void run_with_stdin(lua_State *L, int fd, const char *chunk) {
  int saved = dup(STDIN_FILENO);
  const char *err;
  assert_true(saved >= 0);
  assert_int_equal(dup2(fd, STDIN_FILENO), STDIN_FILENO);
  close(fd);
  err = al_test_run(L, chunk);
  dup2(saved, STDIN_FILENO);
  close(saved);
  if (err != NULL) fail_msg("%s", err);
}

#endif
