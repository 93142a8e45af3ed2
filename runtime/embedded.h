/* The bundled stdlib/ and scripts/, generated into embedded_lua.c at build time: bytecode
** compiled by precompile.c (with debug information), or source text with AL_EMBED_SOURCE. */
#ifndef AL_EMBEDDED_H
#define AL_EMBEDDED_H
#include <stddef.h>

struct al_module {
  const char *name;           /* path relative to the source tree: "stdlib/allure/time.lua" */
  const unsigned char *src;   /* Lua bytecode, or source text (AL_EMBED_SOURCE) */
  size_t len;
};

/* Terminated by an entry whose name is NULL. */
extern const struct al_module al_modules[];

#endif
