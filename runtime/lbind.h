/* What the l*.c bindings share: a class's metatable, and the readers of an options
 * table. Internal to the runtime (not installed); static inline, so each binding
 * compiles them in and no other file is needed. Stack comments as in Lua's liolib.c. */
#ifndef AL_LBIND_H
#define AL_LBIND_H
#include <lauxlib.h>
#include <lua.h>

/* Registers the class `tname` once per state: a metatable with the functions of
 * `meta` (its __gc and __close are one idempotent close, docs/design.md) and, when
 * `methods` is given, __index = a table of them. `meta` lists {"__index", NULL}
 * first when there are methods, as liolib.c's metameth does. Leaves the stack as it
 * was. */
static inline void al_class(lua_State *L, const char *tname, const luaL_Reg *meta, const luaL_Reg *methods) {
  if (luaL_newmetatable(L, tname)) {                  /* mt */
    luaL_setfuncs(L, meta, 0);                        /* mt (with __index = false) */
    if (methods != NULL) {
      lua_newtable(L);                                /* mt, methods */
      luaL_setfuncs(L, methods, 0);
      lua_setfield(L, -2, "__index");                 /* mt */
    }
  }
  lua_pop(L, 1);                                      /* (empty) */
}

/* opts[key] as an integer from min to max, dflt when absent; anything else raises
 * "opts.KEY: expected an integer from MIN to MAX". opts: a stack index, 0 for none. */
static inline lua_Integer al_opt_integer(lua_State *L, int opts, const char *key, lua_Integer dflt,
                                         lua_Integer min, lua_Integer max) {
  lua_Integer v = dflt;
  if (opts == 0) return v;
  if (lua_getfield(L, opts, key) != LUA_TNIL) {       /* ..., v */
    int isnum;
    v = lua_tointegerx(L, -1, &isnum);
    if (!isnum || v < min || v > max)
      luaL_error(L, "opts.%s: expected an integer from %I to %I", key, (LUAI_UACINT)min, (LUAI_UACINT)max);
  }
  lua_pop(L, 1);                                      /* ... */
  return v;
}

/* Checks that opts[key] is absent or of Lua type `type` (LUA_TSTRING, LUA_TFUNCTION,
 * ...); raises "opts.KEY: expected TYPE, got X". Returns whether it is present. */
static inline int al_opt_check(lua_State *L, int opts, const char *key, int type) {
  int t;
  if (opts == 0) return 0;
  t = lua_getfield(L, opts, key);                     /* ..., v */
  if (t != LUA_TNIL && t != type)
    luaL_error(L, "opts.%s: expected %s, got %s", key, lua_typename(L, type), luaL_typename(L, -1));
  lua_pop(L, 1);                                      /* ... */
  return t != LUA_TNIL;
}

/* Pushes the name of an input for messages: opts.name (a string), else the path, else
 * "<stdin>"; returns it (valid while it stays on the stack). */
static inline const char *al_push_input_name(lua_State *L, int opts, const char *path) {
  if (al_opt_check(L, opts, "name", LUA_TSTRING)) {
    lua_getfield(L, opts, "name");                    /* ..., name */
  } else {
    lua_pushstring(L, path != NULL ? path : "<stdin>"); /* ..., name */
  }
  return lua_tostring(L, -1);
}

#endif
