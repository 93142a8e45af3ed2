/* Openers of the native Lua modules (the l*.c bindings). */
#ifndef AL_LMODS_H
#define AL_LMODS_H
#include <lua.h>

int luaopen_allure_writer(lua_State *L);   /* require "allure.writer" (lwriter.c) */
int luaopen_allure_xml(lua_State *L);      /* require "allure.xml"    (lxml.c)    */
int luaopen_allure_json(lua_State *L);     /* require "allure.json"   (ljson.c)   */
int luaopen_allure_yaml(lua_State *L);     /* require "allure.yaml"   (lyaml.c)   */
int luaopen_allure_keyset(lua_State *L);   /* require "allure.keyset" (lkeyset.c) */
void al_json_stream_register(lua_State *L); /* adds json.elements/picker to the table on top (ljsonstream.c) */

#endif
