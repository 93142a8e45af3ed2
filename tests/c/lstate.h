/* A fresh lua_State with the standard libraries and the native allure modules in
 * package.preload, for the binding units (one per test via setup/teardown). */
#ifndef AL_TEST_LSTATE_H
#define AL_TEST_LSTATE_H
#include <lauxlib.h>
#include <lua.h>
#include <lualib.h>
#include "lmods.h"

int luaopen_cjson(lua_State *L);

static inline lua_State *al_test_state(void) {
  lua_State *L = luaL_newstate();
  luaL_openlibs(L);
  luaL_getsubtable(L, LUA_REGISTRYINDEX, LUA_PRELOAD_TABLE);
  lua_pushcfunction(L, luaopen_allure_writer); lua_setfield(L, -2, "allure.writer");
  lua_pushcfunction(L, luaopen_allure_xml);    lua_setfield(L, -2, "allure.xml");
  lua_pushcfunction(L, luaopen_allure_json);   lua_setfield(L, -2, "allure.json");
  lua_pushcfunction(L, luaopen_allure_yaml);   lua_setfield(L, -2, "allure.yaml");
  lua_pushcfunction(L, luaopen_allure_isotime); lua_setfield(L, -2, "allure.isotime");  /* allure.time */
  lua_pushcfunction(L, luaopen_cjson);         lua_setfield(L, -2, "cjson");
  lua_pop(L, 1);
  return L;
}

/* Runs a chunk; returns its error message (static copy) or NULL when it succeeded. */
static inline const char *al_test_run(lua_State *L, const char *src) {
  static char msg[4096];
  if (luaL_dostring(L, src) == LUA_OK) return NULL;
  snprintf(msg, sizeof msg, "%s", lua_tostring(L, -1));
  lua_pop(L, 1);
  return msg;
}

#endif
