/*
** jspan: a JSON string left in its file, decoded in pieces. json.elements leaves a long
** string value (a Playwright body, a Cucumber embedding: often hundreds of MB of base64)
** in the input file and hands out its span (offset and length of the bytes between the
** quotes, escapes included); the writer decodes it from there into the attachment file,
** 48 KiB at a time, so the body is never whole in memory. Pure C, no Lua.
**
** Unescaping gives the bytes lua-cjson gives for the same string, after ljson.c's repair of
** lone UTF-16 surrogates (each becomes U+FFFD). What cjson refuses (an unknown escape, bad
** hex, a NUL byte) is an error here too: json.elements checks a span so before handing it
** out, and gives the string to cjson instead when it fails (cjson's message then).
*/
#ifndef AL_JSPAN_H
#define AL_JSPAN_H

#include <stddef.h>
#include <sys/types.h>

#include "b64.h"

/* Unescaping state: an escape cut by the end of a piece waits here for the next. */
struct al_junesc {
  unsigned n;
  char carry[12];   /* "\uD83D\uDE00" is the longest escape */
};

static inline void al_junesc_init(struct al_junesc *u) { u->n = 0; }

/* Unescapes n bytes of a JSON string's inside (without its quotes) into out, which has room
 * for n + 4 bytes. final: this is the end of the string (a pending escape is then complete
 * or an error). Returns the bytes written, or (size_t)-1 for what cjson refuses. */
size_t al_junesc_update(struct al_junesc *u, char *out, const char *in, size_t n, int final);

#define AL_JSPAN_PIECE (48 * 1024)   /* raw bytes read per step */

/* A reader of one span: the bytes of fd from off to off + len (the string's inside),
 * unescaped when escaped, then base64-decoded when base64. */
struct al_jspan {
  int fd;
  off_t off;
  unsigned long long len, pos;   /* pos: raw bytes read so far */
  int escaped, base64, done;
  struct al_junesc u;
  struct al_b64_dec d;
  char raw[AL_JSPAN_PIECE];
  char mid[AL_JSPAN_PIECE + 8];
};

#define AL_JSPAN_OUT (AL_JSPAN_PIECE + 16)   /* room al_jspan_next needs */

void al_jspan_start(struct al_jspan *s, int fd, off_t off, unsigned long long len, int escaped,
                    int base64);

/* The next decoded bytes into out (AL_JSPAN_OUT bytes of room): their count, 0 at the end,
 * or -1 with err filled ("base64: invalid character at offset N", a read error, ...). */
long al_jspan_next(struct al_jspan *s, char *out, char *err, size_t errsz);

#endif
