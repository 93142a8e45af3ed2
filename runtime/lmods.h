/* Openers of the native Lua modules (the l*.c bindings). */
#ifndef AL_LMODS_H
#define AL_LMODS_H
#include <lua.h>

int luaopen_allure_writer(lua_State *L);   /* require "allure.writer" (lwriter.c) */
int luaopen_allure_xml(lua_State *L);      /* require "allure.xml"    (lxml.c)    */
int luaopen_allure_json(lua_State *L);     /* require "allure.json"   (ljson.c)   */
int luaopen_allure_yaml(lua_State *L);     /* require "allure.yaml"   (lyaml.c)   */
int luaopen_allure_keyset(lua_State *L);   /* require "allure.keyset" (lkeyset.c) */
int luaopen_allure_host(lua_State *L);     /* require "allure.host"   (host.c)    */
int luaopen_allure_base64(lua_State *L);   /* require "allure.base64" (lbase64.c) */
int luaopen_allure_isotime(lua_State *L);  /* require "allure.isotime" (lisotime.c) */
void al_json_stream_register(lua_State *L); /* adds json.elements/picker to the table on top (ljsonstream.c) */

/* host.dir(path) and dir:open(rel) (host.c): a directory held open, and a file opened
 * below it once (al_open_beneath), whose fd the writer copies an attachment from. */
#define AL_DIR_MT "allure.host.Dir"
#define AL_FILE_MT "allure.host.File"
struct al_lfile {
  int fd;                   /* -1 once closed; the writer opens rel again when needed */
  int dirfd;                /* the Dir's (kept alive as the File's user value) */
  long long size;           /* at the open: the most bytes ever copied */
  char rel[1];              /* the path below the directory, NUL-terminated */
};

/* A long JSON string value left in its file by json.elements (opts.spans,
 * ljsonstream.c): the writer decodes it from there into an attachment file (jspan.h). */
#define AL_SPAN_MT "allure.json.Span"
struct al_lspan {
  const int *fd;            /* the reader's (kept alive as the Span's user value); -1: closed */
  long long off, len;       /* the bytes between the quotes, escapes included */
  int escaped;              /* a backslash among them: unescaped as cjson would */
  int base64;               /* decoded as base64 after that (span:base64()) */
};

#endif
