/* allure.isotime: isotime.c's ISO 8601 parse for Lua, behind time.iso.
 *   isotime.parse(s [, zone]) -> ms | nil       zone: seconds east of UTC (an integer, or
 *                                               nil/false for 0) for a time written without one
 *   isotime.parser(fallback) -> f               f(s, zone): nil for a non-string s, parse(s, zone)
 *                                               for an integer or absent zone, else
 *                                               fallback(s, zone) (a zone function: tz=local)
 * Results are what the Lua parse of stdlib/allure/time.lua gives: integers, and the
 * integer arithmetic of Lua (wrapping) for any offset. */
#include <lauxlib.h>
#include <lua.h>

#include "isotime.h"
#include "lmods.h"

/* Pushes the ms of s (the string at index 1) at the offset at index 2 (an integer, or nil
 * or false), or nil. */
static int push_iso(lua_State *L, int zone_idx) {
  struct al_isotime t;
  size_t n;
  const char *s = lua_tolstring(L, 1, &n);
  lua_Unsigned offset;
  if (!al_isotime_parse(s, n, &t)) {
    lua_pushnil(L);
    return 1;
  }
  if (t.has_zone) offset = (lua_Unsigned)(lua_Integer)t.offset_s;
  else if (lua_isinteger(L, zone_idx)) offset = (lua_Unsigned)lua_tointeger(L, zone_idx);
  else offset = 0;
  /* Unsigned: Lua integers wrap where C's signed ones would overflow. */
  lua_pushinteger(L, (lua_Integer)(((lua_Unsigned)t.local_s - offset) * 1000u + (lua_Unsigned)t.ms));
  return 1;
}

/* A zone this module handles itself: absent, false, or an integer. */
static int native_zone(lua_State *L, int idx) {
  int type = lua_type(L, idx);
  return type == LUA_TNONE || type == LUA_TNIL || (type == LUA_TBOOLEAN && !lua_toboolean(L, idx))
         || lua_isinteger(L, idx);
}

static int iso_parse(lua_State *L) {
  luaL_checktype(L, 1, LUA_TSTRING);
  luaL_argexpected(L, native_zone(L, 2), 2, "integer offset");
  return push_iso(L, 2);
}

static int iso_call(lua_State *L) {
  if (lua_type(L, 1) != LUA_TSTRING) {
    lua_pushnil(L);
    return 1;
  }
  if (native_zone(L, 2)) return push_iso(L, 2);
  lua_settop(L, 2);
  lua_pushvalue(L, lua_upvalueindex(1));
  lua_insert(L, 1);
  lua_call(L, 2, 1);
  return 1;
}

static int iso_parser(lua_State *L) {
  luaL_checktype(L, 1, LUA_TFUNCTION);
  lua_settop(L, 1);
  lua_pushcclosure(L, iso_call, 1);
  return 1;
}

int luaopen_allure_isotime(lua_State *L) {
  static const luaL_Reg funcs[] = {{"parse", iso_parse}, {"parser", iso_parser}, {NULL, NULL}};
  luaL_newlib(L, funcs);
  return 1;
}
