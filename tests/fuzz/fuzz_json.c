/* allure.json over arbitrary bytes: as one document, as a line stream and element by element
 * (json.elements, as an array and as the "suites" member), the streams' read size from the
 * first byte (al_fuzz_chunk). */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char walk[] =
  "local json = require 'allure.json'\n"
  "local path, text, chunk = ...\n"
  "json.decode(text, 'fuzz')\n"
  "json.read(path, { name = 'fuzz' })\n"
  "for _, member in ipairs({ false, 'suites' }) do\n"
  "  local e = json.elements(path, { name = 'fuzz', member = member or nil, chunk = chunk })\n"
  "  if e then\n"
  "    for _ = 1, 10000 do\n"
  "      local i, v = e:next(member and { 'title', 'specs' } or nil)\n"
  "      if not i then break end\n"
  "    end\n"
  "    e:close()\n"
  "  end\n"
  "end\n"
  "local s = json.lines(path, { name = 'fuzz', max_line = 4096, chunk = chunk })\n"
  "if not s then return end\n"
  "while true do\n"
  "  local v, err = s:decode()\n"
  "  if v == nil then break end\n"
  "end\n"
  "s:close()\n";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  char path[64];
  size_t chunk = al_fuzz_chunk(&data, &size);
  int fd = al_fuzz_file(data, size, path);
  if (fd < 0) return 0;
  lua_State *L = al_test_state();
  if (luaL_loadstring(L, walk) != LUA_OK) __builtin_trap();
  lua_pushstring(L, path);
  lua_pushlstring(L, (const char *)data, size);
  if (chunk) lua_pushinteger(L, (lua_Integer)chunk); else lua_pushnil(L);
  if (lua_pcall(L, 3, 0, 0) != LUA_OK) {
    fprintf(stderr, "raised on data: %s\n", lua_tostring(L, -1));
    __builtin_trap();
  }
  lua_close(L);
  close(fd);
  return 0;
}
