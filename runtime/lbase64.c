/* allure.base64: the native codec of b64.c for Lua.
 *   base64.decode(s) -> bytes | nil, err     both alphabets, white space skipped, padding optional
 *   base64.encode(s) -> text                 standard alphabet, padded
 *   base64.decoder() -> d                    d:update(s) -> bytes | nil, err; d:finish() -> bytes | nil, err
 * A message names the offset of the offending byte in the whole input. */
#include <lauxlib.h>
#include <lua.h>

#include "b64.h"
#include "lmods.h"

#define DECODER_MT "allure.base64.Decoder"

/* -> nil, "base64: what at offset n": 2 */
static int push_error(lua_State *L, const struct al_b64_dec *d) {
  lua_pushnil(L);
  lua_pushfstring(L, "base64: %s at offset %I", al_b64_strerror(d->err), (lua_Integer)d->err_off);
  return 2;
}

/* Decodes s into a new string on the stack (continuing d); 1, or 2 (nil, err). */
static int decode_into(lua_State *L, struct al_b64_dec *d, const char *s, size_t n, int final) {
  luaL_Buffer b;
  unsigned char *out = (unsigned char *)luaL_buffinitsize(L, &b, al_b64_dec_room(n) + 3);
  size_t k = al_b64_dec_update(d, out, s, n);
  if (k == (size_t)-1) return push_error(L, d);
  if (final) {
    size_t t = al_b64_dec_final(d, out + k);
    if (t == (size_t)-1) return push_error(L, d);
    k += t;
  }
  luaL_pushresultsize(&b, k);
  return 1;
}

/* base64.decode(s) -> bytes | nil, err */
static int b64_decode(lua_State *L) {
  struct al_b64_dec d;
  size_t n;
  const char *s;
  if (lua_type(L, 1) != LUA_TSTRING) {
    lua_pushnil(L);
    lua_pushliteral(L, "base64: expected a string");
    return 2;
  }
  s = lua_tolstring(L, 1, &n);
  al_b64_dec_init(&d);
  return decode_into(L, &d, s, n, 1);
}

/* base64.encode(s) -> text */
static int b64_encode(lua_State *L) {
  size_t n, len;
  const char *s = luaL_checklstring(L, 1, &n);
  luaL_Buffer b;
  len = al_b64_enc_len(n);
  if (len == 0 && n > 0) return luaL_error(L, "base64: input too large");
  al_b64_encode(luaL_buffinitsize(L, &b, len), (const unsigned char *)s, n);
  luaL_pushresultsize(&b, len);
  return 1;
}

/* d:update(s) -> bytes | nil, err: the bytes complete so far */
static int dec_update(lua_State *L) {
  struct al_b64_dec *d = luaL_checkudata(L, 1, DECODER_MT);
  size_t n;
  const char *s = luaL_checklstring(L, 2, &n);
  return decode_into(L, d, s, n, 0);
}

/* d:finish() -> bytes | nil, err: the last bytes of a group; a cut-off group is an error */
static int dec_finish(lua_State *L) {
  struct al_b64_dec *d = luaL_checkudata(L, 1, DECODER_MT);
  return decode_into(L, d, "", 0, 1);
}

/* base64.decoder() -> d */
static int b64_decoder(lua_State *L) {
  struct al_b64_dec *d = lua_newuserdatauv(L, sizeof *d, 0);
  al_b64_dec_init(d);
  luaL_setmetatable(L, DECODER_MT);
  return 1;
}

/* require "allure.base64" -> module */
int luaopen_allure_base64(lua_State *L) {
  static const luaL_Reg methods[] = {{"update", dec_update}, {"finish", dec_finish}, {NULL, NULL}};
  static const luaL_Reg funcs[] = {
    {"decode", b64_decode}, {"encode", b64_encode}, {"decoder", b64_decoder}, {NULL, NULL}};
  if (luaL_newmetatable(L, DECODER_MT)) {
    luaL_newlib(L, methods);
    lua_setfield(L, -2, "__index");
  }
  lua_pop(L, 1);
  luaL_newlib(L, funcs);
  return 1;
}
