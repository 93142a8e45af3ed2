/* allure.xml over arbitrary bytes: every event, and tree()/text() taken at alternate starts;
 * inputs of odd length are read with documents = "many"; the push size from the first byte
 * (al_fuzz_chunk); a small max_text every third byte count, so the cut is fuzzed too. */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char walk[] =
  "local xml = require 'allure.xml'\n"
  "local path, many, chunk, max_text = ...\n"
  "local r = xml.open(path, { name = 'fuzz', documents = many and 'many' or 'one', chunk = chunk,\n"
  "                           max_text = max_text, warn = function(m, where) assert(#m > 0 and #where > 0) end })\n"
  "if not r then return end\n"
  "local n = 0\n"
  "while true do\n"
  "  local ev, name = r:next()\n"
  "  if not ev then break end\n"
  "  if ev == 'start' then\n"
  "    n = n + 1\n"
  "    r:attrs(); r:line(); r:depth(); r:name()\n"
  "    if n % 3 == 1 then r:tree() elseif n % 3 == 2 then r:text() end\n"
  "  end\n"
  "end\n"
  "r:close()\n";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  char path[64];
  size_t chunk = al_fuzz_chunk(&data, &size);
  int fd = al_fuzz_file(data, size, path);
  if (fd < 0) return 0;
  lua_State *L = al_test_state();
  if (luaL_loadstring(L, walk) != LUA_OK) __builtin_trap();
  lua_pushstring(L, path);
  lua_pushboolean(L, size % 2);
  if (chunk) lua_pushinteger(L, (lua_Integer)chunk); else lua_pushnil(L);
  if (size % 3 == 0) lua_pushinteger(L, 16); else lua_pushnil(L);
  if (lua_pcall(L, 4, 0, 0) != LUA_OK) {
    fprintf(stderr, "raised on data: %s\n", lua_tostring(L, -1));   /* bad data must not raise */
    __builtin_trap();
  }
  lua_close(L);
  close(fd);
  return 0;
}
