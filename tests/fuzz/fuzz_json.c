/* allure.json over arbitrary bytes: as one document, and as a line stream. */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char walk[] =
  "local json = require 'allure.json'\n"
  "local path, text = ...\n"
  "json.decode(text, 'fuzz')\n"
  "json.read(path, { name = 'fuzz' })\n"
  "local s = json.lines(path, { name = 'fuzz', max_line = 4096 })\n"
  "if not s then return end\n"
  "while true do\n"
  "  local v, err = s:decode()\n"
  "  if v == nil then break end\n"
  "end\n"
  "s:close()\n";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  char path[64];
  int fd = al_fuzz_file(data, size, path);
  if (fd < 0) return 0;
  lua_State *L = al_test_state();
  if (luaL_loadstring(L, walk) != LUA_OK) __builtin_trap();
  lua_pushstring(L, path);
  lua_pushlstring(L, (const char *)data, size);
  if (lua_pcall(L, 2, 0, 0) != LUA_OK) {
    fprintf(stderr, "raised on data: %s\n", lua_tostring(L, -1));
    __builtin_trap();
  }
  lua_close(L);
  close(fd);
  return 0;
}
