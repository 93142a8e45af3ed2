/*
** The loader: package.path from the search directories, native modules preloaded, the
** embedded stdlib/ and scripts/ found after the user's files, and load/loadfile/dofile
** restricted to text chunks. al_open_runtime puts it all in place (runtime.h).
*/
#include "runtime.h"

#include <errno.h>
#include <string.h>
#include <sys/stat.h>

#include <lauxlib.h>
#include <lualib.h>

#include "embedded.h"
#include "lmods.h"

int luaopen_cjson(lua_State *L);
int luaopen_cjson_safe(lua_State *L);

/* {====================================================================
** Loader: embedded searcher, text-only chunks
** ===================================================================== */

const struct al_module *al_find_embedded(const char *rel) {
  for (const struct al_module *m = al_modules; m->name; m++)
    if (strcmp(m->name, rel) == 0) return m;
  return NULL;
}

/* The embedded files are our own bytecode, compiled at build time with their real chunk names
** and debug information (precompile.c); or source text with AL_EMBED_SOURCE. Only they may be
** bytecode: files from disk are text-only (searcher_file, the prelude). */
#ifdef AL_EMBED_SOURCE
#define AL_EMBED_MODE "t"
#else
#define AL_EMBED_MODE "b"
#endif

/* Loads an embedded file with its real chunk name ("@stdlib/allure/time.lua"). */
int al_load_embedded(lua_State *L, const struct al_module *m) {
  lua_pushfstring(L, "@%s", m->name);
  int status = luaL_loadbufferx(L, (const char *)m->src, m->len, lua_tostring(L, -1), AL_EMBED_MODE);
  lua_remove(L, -2);
  return status;
}

/* package.searchers entry after the file searcher: "allure.time" -> stdlib/allure/time.lua
** (or .../init.lua), so a user's file of the same name always wins. */
static int searcher_embedded(lua_State *L) {
  const char *name = luaL_checkstring(L, 1);
  const char *forms[] = {"stdlib/%s.lua", "stdlib/%s/init.lua"};
  luaL_gsub(L, name, ".", "/");                  /* stack: name, path */
  for (size_t i = 0; i < sizeof forms / sizeof forms[0]; i++) {
    const char *rel = lua_pushfstring(L, forms[i], lua_tostring(L, 2));
    const struct al_module *m = al_find_embedded(rel);
    lua_pop(L, 1);
    if (m) {
      if (al_load_embedded(L, m) != LUA_OK)
        return luaL_error(L, "error loading embedded module '%s':\n\t%s", name, lua_tostring(L, -1));
      lua_pushfstring(L, "embedded:%s", m->name);
      return 2;
    }
  }
  lua_pushfstring(L, "no embedded module '%s'", name);
  return 1;
}

/* searcher(name) -> loader, path | message. Replaces Lua's file searcher with one that
 * loads text only: crafted bytecode can crash the VM. */
static int searcher_file(lua_State *L) {
  const char *name = luaL_checkstring(L, 1);
  lua_getglobal(L, "package");
  lua_getfield(L, -1, "searchpath");
  lua_pushvalue(L, 1);
  lua_getfield(L, -3, "path");
  lua_call(L, 2, 2);                             /* stack: name, package, path|nil, err */
  if (lua_isnil(L, -2))
    return 1;                                    /* the "no file" list */
  const char *path = lua_tostring(L, -2);
  if (luaL_loadfilex(L, path, "t") != LUA_OK)
    return luaL_error(L, "error loading module '%s' from file '%s':\n\t%s", name, path,
                      lua_tostring(L, -1));
  lua_pushstring(L, path);
  return 2;
}

/* Lua-side guards and glue that are simplest said in Lua. */
static const char prelude[] =
  "local rawload, rawloadfile = load, loadfile\n"
  /* an explicit nil env would become the chunk's _ENV: pass env only when given */
  "function load(chunk, name, mode, ...)\n"
  "  if select('#', ...) > 0 then return rawload(chunk, name, 't', ...) end\n"
  "  return rawload(chunk, name, 't')\n"
  "end\n"
  "function loadfile(file, mode, ...)\n"
  "  if select('#', ...) > 0 then return rawloadfile(file, 't', ...) end\n"
  "  return rawloadfile(file, 't')\n"
  "end\n"
  "function dofile(file) local f = assert(loadfile(file)); return f() end\n";

/* }==================================================================== */

/* The libraries a converter may use: no debug (the C traceback does not need it). */
static const luaL_Reg stdlibs[] = {
  {LUA_GNAME, luaopen_base},          {LUA_LOADLIBNAME, luaopen_package},
  {LUA_COLIBNAME, luaopen_coroutine}, {LUA_TABLIBNAME, luaopen_table},
  {LUA_IOLIBNAME, luaopen_io},        {LUA_OSLIBNAME, luaopen_os},
  {LUA_STRLIBNAME, luaopen_string},   {LUA_MATHLIBNAME, luaopen_math},
  {LUA_UTF8LIBNAME, luaopen_utf8},    {NULL, NULL}};

static const luaL_Reg preloads[] = {
  {"allure.host", luaopen_allure_host},  {"allure.writer", luaopen_allure_writer},
  {"allure.xml", luaopen_allure_xml},    {"allure.json", luaopen_allure_json},
  {"cjson", luaopen_cjson},              {"cjson.safe", luaopen_cjson_safe},
  {"allure.yaml", luaopen_allure_yaml},  {"allure.keyset", luaopen_allure_keyset},
  {"allure.base64", luaopen_allure_base64}, {"allure.isotime", luaopen_allure_isotime},
  {NULL, NULL}};

void al_open_runtime(lua_State *L, const char **dirs, int n_dirs) {
  luaL_Buffer b;
  for (const luaL_Reg *lib = stdlibs; lib->func; lib++) {
    luaL_requiref(L, lib->name, lib->func, 1);
    lua_pop(L, 1);
  }
  luaL_getsubtable(L, LUA_REGISTRYINDEX, LUA_PRELOAD_TABLE);
  for (const luaL_Reg *m = preloads; m->func; m++) {
    lua_pushcfunction(L, m->func);
    lua_setfield(L, -2, m->name);
  }
  lua_pop(L, 1);

  /* package.path: each search directory holds scripts (NAME.lua) and modules (allure/x.lua).
  ** Directories that do not exist (the XDG default, usually) are left out: each would cost
  ** two failed opens for every module required. */
  luaL_buffinit(L, &b);
  for (int i = 0, n = 0; i < n_dirs; i++) {
    struct stat st;
    if (stat(dirs[i], &st) != 0 && errno == ENOENT) continue;
    if (n++) luaL_addchar(&b, ';');
    lua_pushfstring(L, "%s/?.lua;%s/?/init.lua", dirs[i], dirs[i]);
    luaL_addvalue(&b);
  }
  luaL_pushresult(&b);
  lua_getglobal(L, LUA_LOADLIBNAME);             /* stack: path, package */
  lua_insert(L, -2);
  lua_setfield(L, -2, "path");
  lua_pushliteral(L, "");                        /* no native modules from disk */
  lua_setfield(L, -2, "cpath");

  /* searchers: preload (native modules), text-only files, then the embedded sources. */
  lua_createtable(L, 3, 0);
  lua_getfield(L, -2, "searchers");
  lua_rawgeti(L, -1, 1);
  lua_rawseti(L, -3, 1);
  lua_pop(L, 1);                                 /* stack: package, searchers' */
  lua_pushvalue(L, -2);
  lua_pushcclosure(L, searcher_file, 1);
  lua_rawseti(L, -2, 2);
  lua_pushcfunction(L, searcher_embedded);
  lua_rawseti(L, -2, 3);
  lua_setfield(L, -2, "searchers");
  lua_pop(L, 1);

  if (luaL_loadbufferx(L, prelude, sizeof prelude - 1, "=prelude", "t") != LUA_OK)
    lua_error(L);
  lua_call(L, 0, 0);
}
