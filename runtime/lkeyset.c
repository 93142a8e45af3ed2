/* allure.keyset: keys seen in one scope, each with a small value, in 8 bytes a key
 * (al_fpmap of ident.c: 56-bit md5 fingerprints, never the keys themselves). For
 * converters that must remember every test of a report scope (retries among a million
 * tests of one suite) in flat memory per test. */
#include <errno.h>
#include <string.h>

#include <lauxlib.h>
#include <lua.h>

#include "ident.h"
#include "lmods.h"

#define KEYSET_MT "allure.keyset.KeySet"

static struct al_fpmap *check_set(lua_State *L) {
  return luaL_checkudata(L, 1, KEYSET_MT);
}

/* s:get(key) -> value | nil */
static int set_get(lua_State *L) {
  struct al_fpmap *m = check_set(L);
  size_t n;
  const char *key = luaL_checklstring(L, 2, &n);
  int v = al_fpmap_get(m, key, n);
  if (v == 0) lua_pushnil(L);
  else lua_pushinteger(L, v);
  return 1;
}

/* s:put(key, value): value an integer 1..255 */
static int set_put(lua_State *L) {
  struct al_fpmap *m = check_set(L);
  size_t n;
  const char *key = luaL_checklstring(L, 2, &n);
  lua_Integer v = luaL_checkinteger(L, 3);
  luaL_argcheck(L, v >= 1 && v <= 255, 3, "must be 1..255");
  if (al_fpmap_put(m, key, n, (int)v) != 0) luaL_error(L, "not enough memory");
  return 0;
}

/* s:update(key, value [, step]) -> value before | nil: a get and a put with one fingerprint.
 * A new key gets value (1..255, and nil comes back); a key already there its value plus step
 * (default 0, at most 255 is stored). */
static int set_update(lua_State *L) {
  struct al_fpmap *m = check_set(L);
  size_t n;
  const char *key = luaL_checklstring(L, 2, &n);
  lua_Integer v = luaL_checkinteger(L, 3), step = luaL_optinteger(L, 4, 0);
  int before;
  luaL_argcheck(L, v >= 1 && v <= 255, 3, "must be 1..255");
  luaL_argcheck(L, step >= 0 && step <= 255, 4, "must be 0..255");
  before = al_fpmap_update(m, key, n, (int)v, (int)step);
  if (before < 0) return luaL_error(L, "not enough memory");
  if (before == 0) lua_pushnil(L);
  else lua_pushinteger(L, before);
  return 1;
}

/* #s -> keys stored */
static int set_len(lua_State *L) {
  lua_pushinteger(L, (lua_Integer)check_set(L)->n);
  return 1;
}

/* s:close(), also __gc and __close: frees the table (idempotent; a closed set is empty
 * and can be filled again). */
static int set_close(lua_State *L) {
  al_fpmap_free(check_set(L));
  return 0;
}

/* keyset.new() -> set */
static int keyset_new(lua_State *L) {
  struct al_fpmap *m = lua_newuserdatauv(L, sizeof *m, 0);
  al_fpmap_init(m);
  luaL_setmetatable(L, KEYSET_MT);
  return 1;
}

static const luaL_Reg set_methods[] = {
  {"get", set_get},
  {"put", set_put},
  {"update", set_update},
  {"close", set_close},
  {NULL, NULL}
};

static const luaL_Reg set_meta[] = {
  {"__index", NULL},
  {"__len", set_len},
  {"__gc", set_close},
  {"__close", set_close},
  {NULL, NULL}
};

/* require "allure.keyset" -> module */
int luaopen_allure_keyset(lua_State *L) {
  static const luaL_Reg funcs[] = {{"new", keyset_new}, {NULL, NULL}};
  if (luaL_newmetatable(L, KEYSET_MT)) {
    luaL_setfuncs(L, set_meta, 0);
    luaL_newlibtable(L, set_methods);
    luaL_setfuncs(L, set_methods, 0);
    lua_setfield(L, -2, "__index");
  }
  lua_pop(L, 1);
  luaL_newlib(L, funcs);
  return 1;
}
