/*
** jsonw: a growable output buffer and a compact JSON text emitter, plus the two escapers the
** writer needs besides JSON (display names and Java .properties). Pure C, no Lua.
**
** Every string goes out as valid UTF-8: ill-formed sequences are replaced, one U+FFFD per
** maximal subpart (the Unicode "best practice", Table 3-7 ranges: overlong forms, encoded
** surrogates and code points above U+10FFFF are ill-formed).
**
** Allocation failure is sticky instead of reported at every call: the buffer sets `oom`
** (until jb_clear), the content is then incomplete, and the caller checks `oom` once when
** the document is complete.
*/
#ifndef AL_JSONW_H
#define AL_JSONW_H

#include <stddef.h>
#include <string.h>

/* What the writer repaired without a word, so that the summary can say it. Each counter is
 * incremented where the repair is made, on a path that is already the slow one: the
 * escapers below count utf8 and controls, the binding (lwriter.c) the others. The writer
 * (writer.h) owns one set; its buffers point at it. */
struct al_repairs {
  unsigned long long utf8;        /* ill-formed UTF-8 sequences replaced (U+FFFD; '?' in names) */
  unsigned long long controls;    /* control characters and ANSI escape sequences cut from names */
  unsigned long long names;       /* names missing or empty once cleaned: fullName's or a fixed text */
  unsigned long long times;       /* stop earlier than start: set to start */
  unsigned long long half_times;  /* only one of start and stop: the other set to it */
};

struct jbuf {
  char *p;          /* not NUL-terminated */
  size_t len, cap;
  int oom;          /* an append failed for lack of memory: the content is incomplete */
  struct al_repairs *rep;   /* where the escapers count repairs; NULL: nowhere. Kept by
                             * jb_clear and jb_free */
};

#define JBUF_INIT {NULL, 0, 0, 0, NULL}

/* Counts one repair of kind `field` into b's set, if it has one. */
#define JB_REPAIRED(b, field) do { if ((b)->rep) (b)->rep->field++; } while (0)

/* Slow path of jb_reserve: grows to hold `extra` more bytes. 0, or -1 (and oom set). */
int jb_grow(struct jbuf *b, size_t extra);
void jb_free(struct jbuf *b);   /* back to JBUF_INIT; safe twice */

static inline int jb_reserve(struct jbuf *b, size_t extra) {
  return b->cap - b->len >= extra ? 0 : jb_grow(b, extra);
}
static inline void jb_clear(struct jbuf *b) { b->len = 0; b->oom = 0; }
static inline void jb_put(struct jbuf *b, const void *s, size_t n) {
  if (n == 0 || jb_reserve(b, n) != 0) return;   /* n == 0: p may still be NULL */
  memcpy(b->p + b->len, s, n);
  b->len += n;
}
static inline void jb_putc(struct jbuf *b, char c) {
  if (jb_reserve(b, 1) == 0) b->p[b->len++] = c;
}
void jb_puts(struct jbuf *b, const char *s);
void jb_int(struct jbuf *b, long long v);        /* decimal */

/* Decodes one UTF-8 sequence at s (n > 0 bytes available). Returns the code point and sets
 * *used; for an ill-formed sequence returns -1 and sets *used to its maximal subpart (>= 1). */
long utf8_decode(const unsigned char *s, size_t n, size_t *used);

/* Appends s as the inside of a JSON string (no quotes): RFC 8259 escapes for '"', '\\' and
 * C0 controls (\b \f \n \r \t, else \u00XX); ill-formed UTF-8 becomes U+FFFD (counted as
 * rep->utf8, one per sequence). */
void json_escape(struct jbuf *b, const char *s, size_t n);

/* Appends s as a display name (no quotes), JSON-escaped: ANSI escape sequences (CSI, OSC and
 * the other string sequences, two-byte and nF ESC sequences, their 8-bit C1 forms) and C0/C1
 * controls are removed, TAB/LF/VT/FF/CR/NEL count as a space, ill-formed UTF-8 and U+FFFD
 * become '?' (Allure TestOps drops names holding U+FFFD), and white space (ASCII and Unicode,
 * as JavaScript's trim sees it) is trimmed at both ends. Returns the bytes appended (0: the
 * name was empty after all that). Counts rep->utf8 per ill-formed sequence and rep->controls
 * per escape sequence or control character removed (white space is not counted). */
size_t json_escape_name(struct jbuf *b, const char *s, size_t n);

/* Appends s escaped for a Java .properties file as ASCII only: '\\' '=' ':' '#' '!' get a
 * backslash, \t \n \r \f their escapes, other controls and all non-ASCII \uXXXX (surrogate
 * pairs above U+FFFF; ill-formed UTF-8 as \uFFFD, counted as rep->utf8). A key (key != 0) escapes every space, a
 * value only its leading ones (what Properties.store does, so both generators read it back). */
void props_escape(struct jbuf *b, const char *s, size_t n, int key);

/* {======================================================================
** The emitter: writes compact JSON into a jbuf. Commas are placed automatically: one flag
** is enough, because after any value (scalar or closed container) the next sibling needs a
** comma and after an opening bracket or a key nothing does.
** ======================================================================= */
struct jw {
  struct jbuf *b;
  int comma;        /* the next value or key needs a ',' first */
};

static inline void jw_init(struct jw *w, struct jbuf *b) { w->b = b; w->comma = 0; }

void jw_obj(struct jw *w);                                   /* { */
void jw_end_obj(struct jw *w);                               /* } */
void jw_arr(struct jw *w);                                   /* [ */
void jw_end_arr(struct jw *w);                               /* ] */
/* "key": -- key is a trusted ASCII literal (inline: its strlen is then a constant). Keys
 * reserve once and store directly: a result has about 40 of them. */
static inline void jw_key(struct jw *w, const char *key) {
  size_t n = strlen(key);
  char *o;
  if (jb_reserve(w->b, n + 4) != 0) return;
  o = w->b->p + w->b->len;
  if (w->comma) *o++ = ',';
  *o++ = '"';
  memcpy(o, key, n);
  o += n;
  *o++ = '"';
  *o++ = ':';
  w->b->len = (size_t)(o - w->b->p);
  w->comma = 0;
}
void jw_str(struct jw *w, const char *s, size_t n);          /* "escaped s" */
void jw_int(struct jw *w, long long v);
void jw_bool(struct jw *w, int v);
/* A name value (json_escape_name). Returns 1 when written; 0 when s is empty after
 * sanitising, in which case nothing at all was written (the caller tries a fallback). */
int jw_name(struct jw *w, const char *s, size_t n);
/* A string value built from parts: jw_str_begin, then jw_str_part (each part escaped on its
 * own, so a part must not split a UTF-8 sequence), then jw_str_end. */
void jw_str_begin(struct jw *w);
void jw_str_part(struct jw *w, const char *s, size_t n);
void jw_str_end(struct jw *w);
/* }====================================================================== */

#endif
