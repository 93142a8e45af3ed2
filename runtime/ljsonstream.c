/* allure.json, continued: reading large JSON without decoding it whole.
 *
 * json.elements(path, opts) reads the elements of a top-level array (Cucumber JSON: the
 * features), or of one array member of the top-level object (Playwright JSON: "suites",
 * the other members decoded at open), one element at a time. A small byte scanner finds
 * where each element ends — it tracks strings, escapes and nesting depth and nothing
 * else — and the element's bytes are decoded by lua-cjson. Validating the JSON is left
 * to cjson, element by element: a damaged element gives cjson's own message, its
 * character position counted from the start of the document as a whole-document decode
 * would give it, followed by the line and column. Memory is the largest element, not the
 * document.
 *
 * json.picker(keys) makes a function that takes one JSON text (a line of an NDJSON
 * stream) and returns only the named top-level members, without building a table:
 * test2json events are read a million at a time and most of their bytes are not needed.
 *
 * Registered into the allure.json module table by al_json_stream_register (ljson.c). */
#define _GNU_SOURCE   /* O_TMPFILE */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <lauxlib.h>
#include <lua.h>

#include "fs.h"
#include "jspan.h"
#include "lbind.h"
#include "lmods.h"

#define ELEMS_MT "allure.json.Elements"
#define ELEMS_BUFSIZE (64 * 1024)
#define DEFAULT_MAX_SIZE ((lua_Integer)1024 * 1024 * 1024)
#define PICK_MAX 32          /* keys of one picker */

/* User values of an Elements reader. */
#define UV_NAME 1      /* name used in messages */
#define UV_DECODE 2    /* json.decode: cjson, and ljson.c's repairs before it */
#define UV_MEMBERS 3   /* member mode: the other members of the top-level object */
#define UV_MEMBER 4    /* member mode: the name of the streamed member */
#define UV_SPANKEYS 5  /* opts.spans: the keys whose long string values stay in the file */

#define SPAN_KEY_MAX 64             /* longest key compared with opts.spans */
#define SPAN_PREFIX "@al-span:"     /* the placeholder cjson decodes instead of a span */

#define SKIM_MAX_KEYS 32
#define SKIM_MAX_DEPTH 200   /* cjson refuses past 1000: deeper elements are decoded whole */

typedef struct Keys {
  int n;
  size_t len[SKIM_MAX_KEYS];
  const char *key[SKIM_MAX_KEYS];   /* the strings of the keys table, which the caller keeps */
} Keys;

/* A long string value left in the file (opts.spans): the bytes between its quotes. */
typedef struct SpanRec {
  off_t off;
  long long len;
  int escaped;
} SpanRec;

/* What the top-level value is. */
enum { TOP_OTHER, TOP_ARRAY, TOP_OBJECT };
/* Where the reader is in the streamed array. */
enum { AT_FIRST, AT_NEXT, AT_END };

typedef struct Elems {
  int fd;              /* -1 once closed */
  int own_fd;          /* 0 for standard input (never closed; a pipe is spooled first) */
  int top;             /* TOP_* */
  int member_mode;     /* opts.member given */
  int found;           /* the streamed array exists (array mode: the top-level array) */
  int at;              /* AT_* */
  int io_errno;        /* a read failure */
  off_t data_start;    /* offset of character 1 (after a UTF-8 BOM) */
  off_t array_start;   /* offset just after the streamed array's '[' */
  off_t base;          /* file offset of buf[0] */
  size_t pos, end;     /* unread bytes are buf[pos..end) */
  int eof;
  lua_Integer index;   /* elements returned since the start or the last rewind */
  size_t chunk;        /* opts.chunk (tests): read at most this many bytes at a time; 0: no bound */
  Keys span_keys;      /* opts.spans (n == 0: none); the strings live in UV_SPANKEYS */
  long long span_min;  /* opts.span_min: shorter values stay strings */
  int nspans, capspans;
  SpanRec *spans;      /* the spans of the element being read */
  struct al_jspan *check;  /* scratch for checking an escaped span (allocated on first use) */
  char nonce[17];      /* in the placeholders: a report cannot forge one */
  char buf[ELEMS_BUFSIZE];
} Elems;

/* ====================================================================
** Reading
** ==================================================================== */

/* Refills buf after its end (the unread bytes, if any, are moved to the front first).
 * Returns 0 at the end of input or after a read error (io_errno). */
static size_t elems_fill(Elems *e) {
  ssize_t got;
  if (e->eof) return 0;
  if (e->pos > 0) {
    memmove(e->buf, e->buf + e->pos, e->end - e->pos);
    e->base += (off_t)e->pos;
    e->end -= e->pos;
    e->pos = 0;
  }
  got = al_read_some(e->fd, e->buf + e->end,
                     e->chunk != 0 && e->chunk < sizeof e->buf - e->end ? e->chunk : sizeof e->buf - e->end);
  if (got <= 0) {
    if (got < 0) e->io_errno = errno;
    e->eof = 1;
    return 0;
  }
  e->end += (size_t)got;
  return (size_t)got;
}

/* The file offset of the next unread byte. */
static off_t elems_tell(const Elems *e) { return e->base + (off_t)e->pos; }

static int elems_seek(Elems *e, off_t off) {
  if (off >= e->base && off <= e->base + (off_t)e->end) {
    e->pos = (size_t)(off - e->base);
    return 0;
  }
  if (lseek(e->fd, off, SEEK_SET) < 0) {
    e->io_errno = errno;
    return -1;
  }
  e->base = off;
  e->pos = e->end = 0;
  e->eof = 0;
  return 0;
}

/* The next byte without consuming it, or -1 at the end of input. */
static int elems_peek(Elems *e) {
  if (e->pos == e->end && elems_fill(e) == 0) return -1;
  return (unsigned char)e->buf[e->pos];
}

/* Skips JSON white space (the four characters cjson accepts); returns the next byte or -1. */
static int skip_ws(Elems *e) {
  for (;;) {
    while (e->pos < e->end) {
      char c = e->buf[e->pos];
      if (c != ' ' && c != '\n' && c != '\r' && c != '\t') return (unsigned char)c;
      e->pos++;
    }
    if (elems_fill(e) == 0) return -1;
  }
}

/* ====================================================================
** The scanner: where a value ends
** ==================================================================== */

/* inline: it runs for every string of every element, most of them shorter than a call costs */
static inline const char *string_stop(const char *p, const char *end);

/* Bytes that matter outside strings (1), inside strings (2). */
static unsigned char byte_class[256];

static void init_classes(void) {
  byte_class['"'] = 1 | 2;
  byte_class['{'] = byte_class['['] = byte_class['}'] = byte_class[']'] = 1;
  byte_class['\\'] = 2;
}

/* A value's bytes are gathered (when b is not NULL) segment by segment: what the scan
 * passed over in buf is added before buf is refilled. */
static int scan_fill(Elems *e, luaL_Buffer *b, size_t *seg) {
  if (b != NULL && e->pos > *seg) luaL_addlstring(b, e->buf + *seg, e->pos - *seg);
  if (elems_fill(e) == 0) return 0;
  *seg = e->pos;
  return 1;
}

/* Scans one value starting at the next byte (not white space): an object or array to
 * its matching close (by depth: which bracket closes which is cjson's to check), a
 * string to its closing quote, a scalar to the next delimiter. Returns 1 when the value
 * ended, 0 when the input ended first, -1 when there was no value at all (the next byte
 * is a delimiter). The bytes go to b unless it is NULL. */
static int scan_value(Elems *e, luaL_Buffer *b) {
  size_t seg = e->pos;
  int depth = 0, in_string = 0, c = elems_peek(e);
  if (c < 0) return 0;
  seg = e->pos;
  if (c != '{' && c != '[' && c != '"') {        /* a number or a literal */
    size_t start = e->pos;
    int any = 0;
    for (;;) {
      while (e->pos < e->end) {
        char ch = e->buf[e->pos];
        if (ch == ',' || ch == ']' || ch == '}' || ch == ':' || ch == ' ' || ch == '\n' || ch == '\r' ||
            ch == '\t' || ch == '{' || ch == '[' || ch == '"')
          goto scalar_end;
        e->pos++;
      }
      any |= e->pos > start;
      if (!scan_fill(e, b, &seg)) break;
      start = e->pos;
    }
  scalar_end:
    any |= e->pos > start;
    if (b != NULL && e->pos > seg) luaL_addlstring(b, e->buf + seg, e->pos - seg);
    return any ? 1 : -1;
  }
  for (;;) {
    const unsigned char mask = in_string ? 2 : 1;
    while (e->pos < e->end) {
      unsigned char ch;
      if (in_string) {   /* eight bytes at a time to the next quote, backslash or control byte */
        e->pos = (size_t)(string_stop(e->buf + e->pos, e->buf + e->end) - e->buf);
        if (e->pos == e->end) break;
      }
      ch = (unsigned char)e->buf[e->pos++];
      if (!(byte_class[ch] & mask)) continue;
      if (in_string) {
        if (ch == '"') {
          in_string = 0;
          if (depth == 0) goto done;
          break;
        }
        /* a backslash: the next byte is escaped, whatever it is */
        if (e->pos == e->end && !scan_fill(e, b, &seg)) return 0;
        e->pos++;
      } else if (ch == '"') {
        in_string = 1;
        break;
      } else if (ch == '{' || ch == '[') {
        depth++;
      } else if (--depth == 0) {
        goto done;
      }
    }
    if (e->pos == e->end && !scan_fill(e, b, &seg)) return 0;
  }
done:
  if (b != NULL && e->pos > seg) luaL_addlstring(b, e->buf + seg, e->pos - seg);
  return 1;
}

/* ====================================================================
** Spans: long string values left in the file
** ==================================================================== */

/* With opts.spans, a string value of one of the named keys longer than span_min bytes
 * (escapes included) is not gathered into the element's text: the text gets a short
 * placeholder string in its place, the reader records where the string's bytes are, and
 * the decoded element has a Span (AL_SPAN_MT) where the placeholder was. A body of 200 MB
 * then costs the scanner's buffer, not 200 MB in the text, cjson's copy and a Lua string;
 * attach.inline and the writer decode it from the file in pieces (jspan.h). The input is
 * always a regular file here (a pipe is spooled to one), so the bytes stay readable. */

/* Outside strings (1): quotes, brackets, and the colon and comma that tell a key's value;
 * inside (2): quotes, backslashes and NUL. */
static unsigned char span_class[256];

static void init_span_classes(void) {
  span_class['"'] = 1 | 2;
  span_class['{'] = span_class['['] = span_class['}'] = span_class[']'] = 1;
  span_class[':'] = span_class[','] = 1;
  span_class['\\'] = span_class[0] = 2;   /* cjson refuses a NUL byte in a string */
}

static int is_key(const Keys *k, const char *s, size_t len);

/* Whether the string whose bytes are at file offsets [off, off + len) is a span key. */
static int span_key_at(Elems *e, off_t off, size_t len) {
  char tmp[SPAN_KEY_MAX];
  const char *k;
  int any = 0;
  for (int i = 0; i < e->span_keys.n; i++) any |= e->span_keys.len[i] == len;
  if (!any) return 0;
  if (off >= e->base && off + (off_t)len <= e->base + (off_t)e->end) {
    k = e->buf + (off - e->base);
  } else {   /* cut by a refill: rare for a short key */
    if (pread(e->fd, tmp, len, off) != (ssize_t)len) return 0;
    k = tmp;
  }
  return is_key(&e->span_keys, k, len);
}

/* Drops from b what was gathered of the string opening at file offset open, given that b
 * holds the bytes up to buf[*seg]; *seg then skips the rest of it in buf. */
static void span_drop(Elems *e, luaL_Buffer *b, size_t *seg, off_t open) {
  off_t gathered = e->base + (off_t)*seg;
  if (open < gathered) luaL_buffsub(b, (size_t)(gathered - open));
  else luaL_addlstring(b, e->buf + *seg, (size_t)(open - gathered));
  *seg = e->pos;
}

/* 1 when the escaped bytes of r unescape as cjson would take them. */
static int span_unescapes(Elems *e, const SpanRec *r) {
  char out[AL_JSPAN_OUT], err[8];
  long n;
  if (e->check == NULL && (e->check = malloc(sizeof *e->check)) == NULL) return 0;
  al_jspan_start(e->check, e->fd, r->off, (unsigned long long)r->len, 1, 0);
  while ((n = al_jspan_next(e->check, out, err, sizeof err)) > 0) {}
  return n == 0;
}

/* Adds the file's bytes [from, to) to b again: a string cjson is to see after all. */
static void span_restore(Elems *e, luaL_Buffer *b, off_t from, off_t to) {
  while (from < to) {
    size_t want = to - from < 65536 ? (size_t)(to - from) : 65536;
    char *dst = luaL_prepbuffsize(b, want);
    ssize_t got = pread(e->fd, dst, want, from);
    if (got <= 0) break;
    luaL_addsize(b, (size_t)got);
    from += got;
  }
}

/* The string that opened at file offset open and closed at close (its quotes) is long:
 * records it and adds its placeholder to b, or, if cjson would not take it as the
 * unescaper does, adds its bytes again (cjson's message then). */
static void span_end(lua_State *L, Elems *e, luaL_Buffer *b, size_t *seg, off_t open, off_t close,
                     int spanning, int escaped) {
  SpanRec r;
  if (!spanning) span_drop(e, b, seg, open);
  *seg = e->pos;
  r.off = open + 1;
  r.len = (long long)(close - open - 1);
  r.escaped = escaped;
  if (e->nspans == e->capspans) {
    int cap = e->capspans ? e->capspans * 2 : 8;
    SpanRec *n = realloc(e->spans, (size_t)cap * sizeof *n);
    if (n == NULL) luaL_error(L, "allure.json: not enough memory");
    e->spans = n;
    e->capspans = cap;
  }
  if (!escaped || span_unescapes(e, &r)) {
    char ph[64];
    int n = snprintf(ph, sizeof ph, "\"" SPAN_PREFIX "%s:%d\"", e->nonce, e->nspans);
    e->spans[e->nspans++] = r;
    luaL_addlstring(b, ph, (size_t)n);
    return;
  }
  span_restore(e, b, open, close + 1);
}

/* scan_value for a reader with spans: the same bytes gathered, but long values of the
 * span keys replaced by placeholders. */
static int scan_spans(lua_State *L, Elems *e, luaL_Buffer *b) {
  size_t seg;
  int depth = 0, in_string = 0, c = elems_peek(e);
  int cand = 0, spanning = 0, escaped = 0, key = 0, colon = 0;
  off_t open = 0;
  if (c != '{' && c != '[') return scan_value(e, b);
  seg = e->pos;
  for (;;) {
    const unsigned char mask = in_string ? 2 : 1;
    while (e->pos < e->end) {
      unsigned char ch;
      if (in_string) {
        e->pos = (size_t)(string_stop(e->buf + e->pos, e->buf + e->end) - e->buf);
        if (e->pos == e->end) break;
      }
      ch = (unsigned char)e->buf[e->pos++];
      if (!(span_class[ch] & mask)) continue;
      if (in_string) {
        if (ch == '"') {
          off_t close = e->base + (off_t)e->pos - 1;
          in_string = 0;
          if (cand && close - open - 1 >= e->span_min)
            span_end(L, e, b, &seg, open, close, spanning, escaped);
          else if (!cand && close - open - 1 <= SPAN_KEY_MAX)
            key = span_key_at(e, open + 1, (size_t)(close - open - 1));
          cand = spanning = 0;
          break;
        }
        escaped = 1;                  /* checked by the unescaper, which refuses NUL */
        if (ch == '\0') continue;
        if (e->pos == e->end) {   /* a backslash: the next byte is escaped */
          if (!spanning && e->pos > seg) luaL_addlstring(b, e->buf + seg, e->pos - seg);
          if (elems_fill(e) == 0) goto cut;
          seg = e->pos;
        }
        e->pos++;
      } else if (ch == '"') {
        in_string = 1;
        open = e->base + (off_t)e->pos - 1;
        cand = key && colon;
        key = colon = escaped = 0;
        break;
      } else if (ch == ':') {
        colon = 1;
      } else {
        key = colon = 0;
        if (ch == '{' || ch == '[') depth++;
        else if (ch != ',' && --depth == 0) goto done;
      }
    }
    if (e->pos == e->end) {
      /* a long candidate stops being gathered before the buffer is refilled */
      if (cand && !spanning && e->base + (off_t)e->pos - open > e->span_min) {
        span_drop(e, b, &seg, open);
        spanning = 1;
      }
      if (!spanning && e->pos > seg) luaL_addlstring(b, e->buf + seg, e->pos - seg);
      if (elems_fill(e) == 0) goto cut;
      seg = e->pos;
    }
  }
cut:   /* the input ended first: cjson is to see all of it, a long string too */
  if (spanning) span_restore(e, b, open, elems_tell(e));
  return 0;
done:
  if (e->pos > seg) luaL_addlstring(b, e->buf + seg, e->pos - seg);
  return 1;
}

/* ... -> ..., span: record r of the reader at ud as a Span (it keeps the reader) */
static void push_span(lua_State *L, int ud, const Elems *e, const SpanRec *r, int base64) {
  struct al_lspan *sp = lua_newuserdatauv(L, sizeof *sp, 1); /* ..., span */
  sp->fd = &e->fd;
  sp->off = (long long)r->off;
  sp->len = r->len;
  sp->escaped = r->escaped;
  sp->base64 = base64;
  luaL_setmetatable(L, AL_SPAN_MT);
  lua_pushvalue(L, ud);                                 /* ..., span, reader */
  lua_setiuservalue(L, -2, 1);                          /* ..., span (it keeps the reader) */
}

/* The span a placeholder string s names, or -1. */
static int span_index(const Elems *e, const char *s, size_t len) {
  size_t pre = sizeof SPAN_PREFIX - 1;
  long i = 0;
  if (len <= pre + 17 || memcmp(s, SPAN_PREFIX, pre) != 0 || memcmp(s + pre, e->nonce, 16) != 0 ||
      s[pre + 16] != ':')
    return -1;
  for (size_t k = pre + 17; k < len; k++) {
    if (s[k] < '0' || s[k] > '9' || i > 1000000000) return -1;
    i = i * 10 + (s[k] - '0');
  }
  return i < e->nspans ? (int)i : -1;
}

/* Puts the element's spans where cjson (or the skimmer) left their placeholders, in the
 * table at idx. Returns how many were put. */
static int put_spans(lua_State *L, int ud, const Elems *e, int idx, int depth) {
  int put = 0;
  if (depth > 1000 || !lua_checkstack(L, 4)) return 0;
  idx = lua_absindex(L, idx);
  lua_pushnil(L);                                       /* ..., key */
  while (lua_next(L, idx)) {                            /* ..., key, value */
    int t = lua_type(L, -1);
    if (t == LUA_TSTRING) {
      size_t len;
      const char *s = lua_tolstring(L, -1, &len);
      int i = s[0] == '@' ? span_index(e, s, len) : -1;
      if (i >= 0) {
        lua_pushvalue(L, -2);                           /* ..., key, value, key */
        push_span(L, ud, e, &e->spans[i], 0);           /* ..., key, value, key, span */
        lua_rawset(L, idx);                             /* ..., key, value (an existing field) */
        put++;
      }
    } else if (t == LUA_TTABLE) {
      put += put_spans(L, ud, e, -1, depth + 1);
    }
    lua_pop(L, 1);                                      /* ..., key */
    if (put == e->nspans) {
      lua_pop(L, 1);                                    /* ... */
      break;
    }
  }
  return put;
}

/* ====================================================================
** Errors
** ==================================================================== */

/* The line and column of offset off (counted from the start of the file). */
static void line_col(Elems *e, off_t off, lua_Integer *line, lua_Integer *col) {
  char tmp[16384];
  off_t at = 0, line_start = 0;
  *line = 1;
  while (at < off) {
    size_t want = (size_t)(off - at) < sizeof tmp ? (size_t)(off - at) : sizeof tmp;
    ssize_t got = pread(e->fd, tmp, want, at);
    if (got <= 0) break;
    for (ssize_t i = 0; i < got; i++)
      if (tmp[i] == '\n') {
        (*line)++;
        line_start = at + i + 1;
      }
    at += got;
  }
  *col = (lua_Integer)(off - line_start) + 1;
}

/* Pushes "name: MESSAGE at character N (line L, column C)" for the character at file
 * offset off, as json.read words it (no line and column on the first line); msg is
 * cjson's text without its position, or ours in its style. */
static void push_error_at(lua_State *L, Elems *e, int ud, const char *msg, off_t off) {
  lua_Integer line, col;
  line_col(e, off, &line, &col);
  lua_getiuservalue(L, ud, UV_NAME);                    /* ..., name */
  if (line > 1)
    lua_pushfstring(L, "%s: %s at character %I (line %I, column %I)", lua_tostring(L, -1), msg,
                    (LUAI_UACINT)(off - e->data_start + 1), (LUAI_UACINT)line, (LUAI_UACINT)col);
  else
    lua_pushfstring(L, "%s: %s at character %I", lua_tostring(L, -1), msg, (LUAI_UACINT)(off - e->data_start + 1));
  lua_remove(L, -2);                                    /* ..., msg */
}

/* cjson's name of the token that starts with byte c (-1: the end of the input). */
static const char *token_name(int c) {
  switch (c) {
  case -1: return "T_END";
  case '{': return "T_OBJ_BEGIN";
  case '}': return "T_OBJ_END";
  case '[': return "T_ARR_BEGIN";
  case ']': return "T_ARR_END";
  case ',': return "T_COMMA";
  case ':': return "T_COLON";
  case '"': return "T_STRING";
  case 't': case 'f': return "T_BOOLEAN";
  case 'n': return "T_NULL";
  default: return (c == '-' || (c >= '0' && c <= '9')) ? "T_NUMBER" : "invalid token";
  }
}

/* Pushes the error for a structural problem at the next byte: expected `what`. */
static void push_expected(lua_State *L, Elems *e, int ud, const char *what) {
  int c = elems_peek(e);
  const char *found = token_name(c);
  lua_pushfstring(L, "Expected %s but found %s", what, found); /* ..., what */
  push_error_at(L, e, ud, lua_tostring(L, -1), elems_tell(e));
  lua_remove(L, -2);                                    /* ..., msg */
}

/* Pushes a read error message. */
static void push_read_error(lua_State *L, Elems *e, int ud) {
  lua_getiuservalue(L, ud, UV_NAME);                    /* ..., name */
  lua_pushfstring(L, "%s: read error: %s", lua_tostring(L, -1), strerror(e->io_errno)); /* ..., name, msg */
  lua_remove(L, -2);                                    /* ..., msg */
}

/* Decodes the string on top of the stack (the bytes of the value that starts at file
 * offset start) with json.decode, replacing it by the value. Returns 1, or 0 with the
 * error message (positions in the document) in its place. */
static int decode_value(lua_State *L, Elems *e, int ud, off_t start) {
  const char *msg, *at;
  lua_getiuservalue(L, ud, UV_DECODE);                  /* ..., text, decode */
  lua_insert(L, -2);                                    /* ..., decode, text */
  lua_call(L, 1, 2);                                    /* value, nil | nil, msg */
  if (!lua_isnil(L, -2) || !lua_isstring(L, -1)) {
    lua_pop(L, 1);                                      /* ..., value */
    return 1;
  }
  lua_remove(L, -2);                                    /* ..., msg */
  /* "... at character K [(line, column)]": K counts from the value's first byte. */
  msg = lua_tostring(L, -1);
  at = strstr(msg, " at character ");
  if (at != NULL) {
    long long k = atoll(at + 14);
    lua_pushlstring(L, msg, (size_t)(at - msg));        /* ..., msg, text */
    push_error_at(L, e, ud, lua_tostring(L, -1), start + (off_t)(k > 0 ? k - 1 : 0));
    lua_remove(L, -2);                                  /* ..., msg, full */
  } else {
    lua_getiuservalue(L, ud, UV_NAME);                  /* ..., msg, name */
    lua_pushfstring(L, "%s: %s", lua_tostring(L, -1), msg); /* ..., msg, name, full */
    lua_remove(L, -2);                                  /* ..., msg, full */
  }
  lua_remove(L, -2);                                    /* ..., full */
  return 0;
}

/* ====================================================================
** Skimming: an element decoded with only the members a pass needs
** ==================================================================== */

/* A first pass over a large report (Cucumber: the paths and durations of every feature,
 * needed before the first scenario is written) reads a few members of each element;
 * decoding it whole builds every table and string of it only to drop them. With keys,
 * objects at every depth keep only the members whose key is one of them (arrays keep
 * all their elements); the rest is checked and skipped. The skimmer accepts only what
 * cjson accepts and gives the values cjson gives (numbers as floats, null as json.null).
 * On anything it is not sure of — an escape other than \" \\ \/ \b \f \n \r \t and the
 * basic plane's \uXXXX, a control character in a string, a key with an escape, deep
 * nesting, an error — it gives up and the element is decoded whole by json.decode, as
 * without keys: an error is then cjson's, and that value has all its members. */

typedef struct Skim {
  lua_State *L;
  const Keys *keys;
  const char *p, *end;              /* the next byte, the end of the element's text */
  int depth;
} Skim;

static const char *number_end(const char *p, const char *end);
static int plain_decimal(const char *p, const char *e, double *out);
static const char *skip_json_ws(const char *p, const char *end);
static int skim_value(Skim *s, int keep);

/* Fills k from the array of strings at idx; NULL when idx is nil or none. Raises on a
 * bad table. */
static const Keys *check_keys(lua_State *L, int idx, Keys *k) {
  if (lua_isnoneornil(L, idx)) return NULL;
  luaL_checktype(L, idx, LUA_TTABLE);
  k->n = (int)lua_rawlen(L, idx);
  luaL_argcheck(L, k->n >= 1 && k->n <= SKIM_MAX_KEYS, idx, "expected 1 to 32 keys");
  for (int i = 0; i < k->n; i++) {
    if (lua_rawgeti(L, idx, i + 1) != LUA_TSTRING) luaL_argerror(L, idx, "keys must be strings");
    k->key[i] = lua_tolstring(L, -1, &k->len[i]);
    lua_pop(L, 1);                                      /* the table still holds it */
  }
  return k;
}

static int is_key(const Keys *k, const char *s, size_t len) {
  for (int i = 0; i < k->n; i++)
    if (k->len[i] == len && memcmp(k->key[i], s, len) == 0) return 1;
  return 0;
}

/* The value of four hex digits, or -1. */
static int hex4(const char *p) {
  int v = 0;
  for (int i = 0; i < 4; i++) {
    int c = (unsigned char)p[i];
    int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
    if (d < 0) return -1;
    v = v * 16 + d;
  }
  return v;
}

/* The string whose opening quote is at s->p, pushed (unescaped) when keep. */
static int skim_string(Skim *s, int keep) {
  const char *p = s->p + 1, *run = p;
  luaL_Buffer b;
  int buffered = 0;
  while (p < s->end) {
    unsigned char c;
    char out[3];
    size_t n = 1;
    int cp;
    p = string_stop(p, s->end);                         /* eight bytes at a time to a byte that matters */
    if (p >= s->end) break;
    c = (unsigned char)*p;
    if (c == '"') {
      if (keep && buffered) {
        luaL_addlstring(&b, run, (size_t)(p - run));
        luaL_pushresult(&b);
      } else if (keep)
        lua_pushlstring(s->L, run, (size_t)(p - run));
      s->p = p + 1;
      return 1;
    }
    if (c < 0x20) return 0;
    if (p + 1 >= s->end) return 0;                      /* a backslash */
    switch (p[1]) {
    case '"': case '\\': case '/': out[0] = p[1]; break;
    case 'b': out[0] = '\b'; break;
    case 'f': out[0] = '\f'; break;
    case 'n': out[0] = '\n'; break;
    case 'r': out[0] = '\r'; break;
    case 't': out[0] = '\t'; break;
    case 'u':                                           /* the basic plane, as cjson encodes it */
      if (s->end - p < 6 || (cp = hex4(p + 2)) <= 0 || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
      if (cp < 0x80) {
        out[0] = (char)cp;
      } else if (cp < 0x800) {
        out[0] = (char)(0xC0 | (cp >> 6));
        out[1] = (char)(0x80 | (cp & 0x3F));
        n = 2;
      } else {
        out[0] = (char)(0xE0 | (cp >> 12));
        out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        out[2] = (char)(0x80 | (cp & 0x3F));
        n = 3;
      }
      break;
    default: return 0;
    }
    if (keep) {
      if (!buffered) luaL_buffinit(s->L, &b);
      buffered = 1;
      luaL_addlstring(&b, run, (size_t)(p - run));
      luaL_addlstring(&b, out, n);
    }
    p += p[1] == 'u' ? 6 : 2;
    run = p;
  }
  return 0;
}

/* Members or elements of a container being skimmed wait on the stack above base until
 * there are SKIM_BATCH of them or the container ends, then go into its table at base + 1,
 * which the first batch creates with room for all of them: a table filled one member at a
 * time is rehashed at every power of two (a third of what inserting cost). */
#define SKIM_BATCH 256

/* ..., [t,] pending -> ..., t: the pending members or elements above base into t */
static void skim_flush(lua_State *L, int base, int object, int *made, lua_Integer *i) {
  int top = lua_gettop(L), first = *made ? base + 2 : base + 1, n = top - first + 1;
  if (!*made) {
    lua_createtable(L, object ? 0 : n, object ? n / 2 : 0); /* ..., pending, t */
    lua_insert(L, base + 1);                            /* ..., t, pending */
    first = base + 2;
    top++;
    *made = 1;
  }
  if (object) {
    for (int k = first; k < top; k += 2) {
      lua_pushvalue(L, k);                              /* ..., t, pending, key */
      lua_pushvalue(L, k + 1);                          /* ..., t, pending, key, value */
      lua_rawset(L, base + 1);                          /* ..., t, pending */
    }
  } else {
    for (int k = first; k < top + 1; k++) {
      lua_pushvalue(L, k);                              /* ..., t, pending, value */
      lua_rawseti(L, base + 1, ++*i);                   /* ..., t, pending */
    }
  }
  lua_settop(L, base + 1);                              /* ..., t */
}

/* An object or an array at s->p, pushed as a table when keep (an object with only the
 * members named by the keys; every member without keys). */
static int skim_container(Skim *s, int keep) {
  lua_State *L = s->L;
  int object = *s->p == '{';
  char close = object ? '}' : ']';
  int base = lua_gettop(L), made = 0, pending = 0;
  lua_Integer i = 0;
  const char *p;
  if (++s->depth > SKIM_MAX_DEPTH || !lua_checkstack(L, 2 * SKIM_BATCH + 8)) return 0;
  p = skip_json_ws(s->p + 1, s->end);
  if (p < s->end && *p == close) goto done;
  for (;;) {
    int keep_value = keep;
    if (object) {
      const char *k = p + 1, *kend;
      if (p >= s->end || *p != '"') return 0;
      kend = string_stop(k, s->end);                    /* a key with an escape: not sure */
      if (kend >= s->end || *kend != '"') return 0;
      keep_value = keep && (s->keys == NULL || is_key(s->keys, k, (size_t)(kend - k)));
      if (keep_value) lua_pushlstring(L, k, (size_t)(kend - k));
      p = skip_json_ws(kend + 1, s->end);
      if (p >= s->end || *p != ':') return 0;
      p = skip_json_ws(p + 1, s->end);
    }
    s->p = p;
    if (!skim_value(s, keep_value)) return 0;
    if (keep_value && ++pending == SKIM_BATCH) {
      skim_flush(L, base, object, &made, &i);
      pending = 0;
    }
    p = skip_json_ws(s->p, s->end);
    if (p < s->end && *p == ',') {
      p = skip_json_ws(p + 1, s->end);
      continue;
    }
    if (p < s->end && *p == close) break;
    return 0;
  }
done:
  if (keep && (pending > 0 || !made)) skim_flush(L, base, object, &made, &i);
  s->p = p + 1;
  s->depth--;
  return 1;
}

/* The value at s->p, pushed when keep. 1, or 0: not sure (the caller resets the stack). */
static int skim_value(Skim *s, int keep) {
  const char *p = s->p;
  if (p >= s->end) return 0;
  switch (*p) {
  case '"': return skim_string(s, keep);
  case '{': case '[': return skim_container(s, keep);
  case 't':
    if (s->end - p < 4 || memcmp(p, "true", 4) != 0) return 0;
    if (keep) lua_pushboolean(s->L, 1);
    s->p = p + 4;
    return 1;
  case 'f':
    if (s->end - p < 5 || memcmp(p, "false", 5) != 0) return 0;
    if (keep) lua_pushboolean(s->L, 0);
    s->p = p + 5;
    return 1;
  case 'n':
    if (s->end - p < 4 || memcmp(p, "null", 4) != 0) return 0;
    if (keep) lua_pushlightuserdata(s->L, NULL);        /* cjson's null */
    s->p = p + 4;
    return 1;
  default: {
    const char *e = number_end(p, s->end);
    if (e == NULL) return 0;
    if (keep) {
      char num[64];
      size_t n = (size_t)(e - p);
      double d;
      if (!plain_decimal(p, e, &d)) {                   /* most numbers: strtod's value without it */
        if (n >= sizeof num) return 0;
        memcpy(num, p, n);
        num[n] = '\0';
        d = strtod(num, NULL);
      }
      lua_pushnumber(s->L, (lua_Number)d);              /* cjson 2.1.0: always a float */
    }
    s->p = e;
    return 1;
  }
  }
}

/* Replaces the element's text on top of the stack by its skimmed value: 1; or 0, the
 * text left there for json.decode. */
static int skim_top(lua_State *L, const Keys *keys) {
  size_t len;
  const char *text = lua_tolstring(L, -1, &len);
  int top = lua_gettop(L);
  Skim s;
  s.L = L;
  s.keys = keys;
  s.p = skip_json_ws(text, text + len);
  s.end = text + len;
  s.depth = 0;
  if (skim_value(&s, 1) && skip_json_ws(s.p, s.end) == s.end) {
    lua_replace(L, top);
    return 1;
  }
  lua_settop(L, top);
  return 0;
}

/* Scans and decodes the value at the next byte, pushing it (skimmed when keys is not
 * NULL). Returns 1, or 0 with a message pushed. A value cut short by the end of input is
 * given to cjson as it is: its message is then the one a whole-document decode gives. */
static int read_value(lua_State *L, Elems *e, int ud, const Keys *keys, int spans) {
  luaL_Buffer b;
  off_t start = elems_tell(e);
  int r;
  luaL_buffinit(L, &b);
  e->nspans = 0;
  r = spans && e->span_keys.n > 0 ? scan_spans(L, e, &b) : scan_value(e, &b);
  luaL_pushresult(&b);
  if (e->io_errno != 0) {
    lua_pop(L, 1);
    push_read_error(L, e, ud);
    return 0;
  }
  if (r < 0) {
    lua_pop(L, 1);
    push_expected(L, e, ud, "value");
    return 0;
  }
  if (!skim_top(L, keys) && !decode_value(L, e, ud, start)) return 0;
  if (e->nspans > 0 && lua_istable(L, -1)) put_spans(L, ud, e, -1, 0);
  return 1;
}

/* ====================================================================
** Opening: the top level
** ==================================================================== */

/* [r, ...] -> the open Elements reader at 1 (a closed one raises) */
static Elems *check_elems(lua_State *L) {
  Elems *e = luaL_checkudata(L, 1, ELEMS_MT);
  if (e->fd < 0) luaL_error(L, "attempt to use a closed JSON elements reader");
  return e;
}

static void elems_release(Elems *e) {
  if (e->own_fd && e->fd >= 0) close(e->fd);
  e->fd = -1;
  free(e->spans);
  free(e->check);
  e->spans = NULL;
  e->check = NULL;
  e->nspans = e->capspans = 0;
}

/* A pipe or a terminal cannot be read twice: its bytes are copied to an unnamed
 * temporary file first (O_TMPFILE under $TMPDIR or /tmp). Returns the new descriptor
 * or -1 (errno). At most max_size bytes. */
static int spool(int in, lua_Integer max_size, int *too_large) {
  const char *dir = getenv("TMPDIR");
  char tmp[ELEMS_BUFSIZE];
  lua_Integer total = 0;
  int fd = open(dir != NULL && *dir ? dir : "/tmp", O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
  if (fd < 0) fd = open("/tmp", O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
  if (fd < 0) return -1;
  for (;;) {
    ssize_t got = al_read_some(in, tmp, sizeof tmp);
    if (got == 0) break;
    if (got < 0) goto fail;
    total += got;
    if (total > max_size) {
      *too_large = 1;
      goto fail;
    }
    for (ssize_t done = 0; done < got;) {
      ssize_t w = write(fd, tmp + done, (size_t)(got - done));
      if (w < 0 && errno == EINTR) continue;
      if (w <= 0) goto fail;
      done += w;
    }
  }
  if (lseek(fd, 0, SEEK_SET) == 0) return fd;
fail: {
    int err = errno;
    close(fd);
    errno = err;
    return -1;
  }
}

/* Member mode: reads the top-level object from its '{' to its end, decoding every member
 * into the members table except the streamed one, whose array is only scanned (its start
 * remembered; the last of duplicate keys wins, as in cjson). Returns 1, or 0 with a
 * message pushed. */
static int read_members(lua_State *L, Elems *e, int ud) {
  int members, c, first = 1;
  size_t mlen;
  const char *member;
  lua_getiuservalue(L, ud, UV_MEMBERS);
  members = lua_gettop(L);
  lua_getiuservalue(L, ud, UV_MEMBER);
  member = lua_tolstring(L, -1, &mlen);
  e->pos++;                                            /* '{' */
  for (;;) {
    size_t klen;
    const char *key;
    c = skip_ws(e);
    if (c == '}' && first) break;
    if (c != '"') {
      push_expected(L, e, ud, "object key string");
      return 0;
    }
    if (!read_value(L, e, ud, NULL, 0)) {
      /* a key cut short: cjson words it as the key it expected */
      const char *msg = lua_tostring(L, -1), *v = strstr(msg, ": Expected value but found ");
      if (v != NULL) {
        lua_pushlstring(L, msg, (size_t)(v - msg));
        lua_pushfstring(L, "%s: Expected object key string but found %s", lua_tostring(L, -1), v + 27);
        lua_replace(L, -3);
        lua_pop(L, 1);
      }
      return 0;
    }                                                   /* ..., key */
    key = lua_tolstring(L, -1, &klen);
    c = skip_ws(e);
    if (c != ':') {
      push_expected(L, e, ud, "colon");
      return 0;
    }
    e->pos++;
    c = skip_ws(e);
    if (c == '[' && klen == mlen && memcmp(key, member, mlen) == 0) {
      e->found = 1;
      e->array_start = elems_tell(e) + 1;
      if (scan_value(e, NULL) <= 0) {
        /* cut short: cjson is to tell how, from the array's start */
        off_t start = e->array_start - 1;
        luaL_Buffer b;
        if (e->io_errno != 0) {
          push_read_error(L, e, ud);
          return 0;
        }
        elems_seek(e, start);
        luaL_buffinit(L, &b);
        scan_value(e, &b);
        luaL_pushresult(&b);
        if (decode_value(L, e, ud, start)) {  /* cannot happen: it was cut short */
          lua_pop(L, 1);
          push_expected(L, e, ud, "value");
        }
        return 0;
      }
      lua_pushnil(L);
    } else {
      if (klen == mlen && memcmp(key, member, mlen) == 0) e->found = 0;
      if (c < 0) {
        push_expected(L, e, ud, "value");
        return 0;
      }
      if (!read_value(L, e, ud, NULL, 0)) return 0;            /* ..., key, value */
    }
    lua_rawset(L, members);
    first = 0;
    c = skip_ws(e);
    if (c == ',') {
      e->pos++;
      continue;
    }
    if (c == '}') break;
    push_expected(L, e, ud, "comma or object end");
    return 0;
  }
  e->pos++;                                            /* '}' */
  if (skip_ws(e) >= 0) {
    push_expected(L, e, ud, "the end");
    return 0;
  }
  lua_settop(L, members - 1);
  return 1;
}

/* json.elements(path|nil [, opts]) -> reader | nil, err
 * opts.name (for messages), opts.member (stream this array member of the top-level
 * object; the others are decoded at once), opts.max_size (bytes, default 1 GiB). */
static int json_elements(lua_State *L) {
  const char *path = luaL_optstring(L, 1, NULL);
  const char *name;
  lua_Integer max_size = DEFAULT_MAX_SIZE;
  int regular = 0, ud, c;
  struct stat st;
  Elems *e;
  int opts = 0;
  lua_settop(L, 2);                                     /* path, opts */
  if (!lua_isnil(L, 2)) {
    luaL_checktype(L, 2, LUA_TTABLE);
    opts = 2;
  }
  name = al_push_input_name(L, opts, path);             /* path, opts, name */
  if (al_opt_check(L, opts, "member", LUA_TSTRING)) lua_getfield(L, opts, "member");
  else lua_pushnil(L);                                  /* path, opts, name, member? */
  max_size = al_opt_integer(L, opts, "max_size", max_size, 1, LUA_MAXINTEGER);
  e = lua_newuserdatauv(L, sizeof *e, 5);               /* path, opts, name, member?, e */
  memset(e, 0, sizeof *e - sizeof e->buf);
  e->chunk = (size_t)al_opt_integer(L, opts, "chunk", 0, 1, LUA_MAXINTEGER);
  e->span_min = (long long)al_opt_integer(L, opts, "span_min", 1024 * 1024, 1, LUA_MAXINTEGER);
  if (al_opt_check(L, opts, "spans", LUA_TTABLE)) {
    struct timespec ts;
    unsigned long long h;
    lua_getfield(L, opts, "spans");                     /* ..., e, spans */
    check_keys(L, lua_gettop(L), &e->span_keys);        /* the table keeps the key strings */
    lua_setiuservalue(L, -2, UV_SPANKEYS);              /* ..., e */
    clock_gettime(CLOCK_REALTIME, &ts);
    h = ((unsigned long long)ts.tv_nsec ^ ((unsigned long long)ts.tv_sec << 30) ^ (unsigned long long)(uintptr_t)e) *
        0x9E3779B97F4A7C15ull;
    snprintf(e->nonce, sizeof e->nonce, "%016llx", h ^ (h >> 29));
  }
  e->fd = -1;
  luaL_setmetatable(L, ELEMS_MT);                       /* (from here its __gc closes it) */
  ud = lua_gettop(L);                                   /* path, opts, name, member?, e (at ud) */
  lua_pushstring(L, name);                              /* ..., e, name */
  lua_setiuservalue(L, ud, UV_NAME);                    /* ..., e */
  lua_pushvalue(L, lua_upvalueindex(1));                /* ..., e, decode */
  lua_setiuservalue(L, ud, UV_DECODE);                  /* ..., e */
  if (lua_type(L, 4) == LUA_TSTRING) {
    e->member_mode = 1;
    lua_pushvalue(L, 4);                                /* ..., e, member */
    lua_setiuservalue(L, ud, UV_MEMBER);                /* ..., e */
    lua_newtable(L);                                    /* ..., e, members */
    lua_setiuservalue(L, ud, UV_MEMBERS);               /* ..., e */
  }

  if (path == NULL) {
    e->fd = STDIN_FILENO;
    regular = fstat(e->fd, &st) == 0 && S_ISREG(st.st_mode);
  } else {
    e->fd = al_open_input(path, &regular);
    if (e->fd < 0) return luaL_fileresult(L, 0, name);
    e->own_fd = 1;
  }
  if (regular && fstat(e->fd, &st) == 0 && (lua_Integer)st.st_size > max_size) {
    elems_release(e);
    lua_pushnil(L);                                     /* ..., e, nil */
    lua_pushfstring(L, "%s: larger than %I bytes (max_size)", name, (LUAI_UACINT)max_size); /* ..., e, nil, msg */
    return 2;
  }
  if (!regular || lseek(e->fd, 0, SEEK_CUR) < 0) {
    int too_large = 0, fd = spool(e->fd, max_size, &too_large);
    if (fd < 0) {
      int err = errno;
      elems_release(e);
      lua_pushnil(L);                                   /* ..., e, nil */
      if (too_large) lua_pushfstring(L, "%s: larger than %I bytes (max_size)", name, (LUAI_UACINT)max_size);
      else lua_pushfstring(L, "%s: %s", name, strerror(err)); /* ..., e, nil, msg */
      return 2;
    }
    elems_release(e);
    e->fd = fd;
    e->own_fd = 1;
  }
  e->base = lseek(e->fd, 0, SEEK_CUR);
  if (e->base < 0) e->base = 0;

  /* A UTF-8 byte order mark is skipped (cjson rejects it); characters count after it. */
  while (e->end - e->pos < 3 && elems_fill(e) > 0) {}
  if (e->end - e->pos >= 3 && memcmp(e->buf + e->pos, "\xEF\xBB\xBF", 3) == 0) e->pos += 3;
  e->data_start = elems_tell(e);
  c = skip_ws(e);
  if (e->io_errno != 0) {
    lua_pushnil(L);                                     /* ..., e, nil */
    push_read_error(L, e, ud);
    elems_release(e);
    return 2;
  }
  e->top = c == '[' ? TOP_ARRAY : c == '{' ? TOP_OBJECT : TOP_OTHER;
  e->at = AT_END;
  if (!e->member_mode && e->top == TOP_ARRAY) {
    e->found = 1;
    e->array_start = elems_tell(e) + 1;
  } else if (e->member_mode && e->top == TOP_OBJECT) {
    if (!read_members(L, e, ud)) {
      lua_pushnil(L);                                   /* ..., e, msg, nil */
      lua_insert(L, -2);                                /* ..., e, nil, msg */
      elems_release(e);
      return 2;
    }
  }
  lua_settop(L, ud);                                    /* path, opts, name, member?, e */
  if (e->found) {
    elems_seek(e, e->array_start);
    e->at = AT_FIRST;
  }
  return 1;
}

/* ====================================================================
** Reader methods
** ==================================================================== */

/* The next element of reader e (at index 1), skimmed when keys is not NULL: pushes
 * index, value | nothing (no more) | false, err. */
static int elems_step(lua_State *L, Elems *e, const Keys *keys) {
  int c;
  if (e->at == AT_END) return 0;
  c = skip_ws(e);
  if (e->at == AT_FIRST && c == ']') {
    e->pos++;
    goto end;
  }
  if (e->at == AT_NEXT) {
    if (c == ']') {
      e->pos++;
      goto end;
    }
    if (c != ',') goto bad_sep;
    e->pos++;
    c = skip_ws(e);
  }
  if (c < 0 || c == ']' || c == ',') {
    e->at = AT_END;
    lua_pushboolean(L, 0);                              /* r, ..., false */
    if (e->io_errno != 0) push_read_error(L, e, 1);
    else push_expected(L, e, 1, "value");
    return 2;
  }
  if (!read_value(L, e, 1, keys, 1)) {
    e->at = AT_END;
    lua_pushboolean(L, 0);                              /* r, ..., msg, false */
    lua_insert(L, -2);                                  /* r, ..., false, msg */
    return 2;
  }
  e->at = AT_NEXT;
  lua_pushinteger(L, ++e->index);                       /* r, ..., value, index */
  lua_insert(L, -2);                                    /* r, ..., index, value */
  return 2;

bad_sep:
  e->at = AT_END;
  lua_pushboolean(L, 0);
  if (e->io_errno != 0) push_read_error(L, e, 1);
  else push_expected(L, e, 1, "comma or array end");
  return 2;

end:
  e->at = AT_END;
  /* After a top-level array only white space may follow (member mode checked the rest
   * of the object when it was opened). */
  if (!e->member_mode && skip_ws(e) >= 0) {
    lua_pushboolean(L, 0);
    push_expected(L, e, 1, "the end");
    return 2;
  }
  return 0;
}

/* r:next([keys]) -> index, value | nil (no more) | false, err */
static int elems_next(lua_State *L) {
  Elems *e = check_elems(L);
  Keys k;
  const Keys *keys = check_keys(L, 2, &k);
  lua_settop(L, 2);                                     /* the keys table holds the key strings */
  return elems_step(L, e, keys);
}

/* The iterator of r:elements(keys): (r, index) -> r:next(keys), keys its upvalue. */
static int elems_iter(lua_State *L) {
  Elems *e = check_elems(L);
  Keys k;
  const Keys *keys = check_keys(L, lua_upvalueindex(1), &k);
  lua_settop(L, 1);
  return elems_step(L, e, keys);
}

/* r:elements([keys]) -> iterator over r:next(keys): for i, v in r:elements() (i == false:
 * v is the error) */
static int elems_elements(lua_State *L) {
  Keys k;
  check_elems(L);
  check_keys(L, 2, &k);                                 /* a bad table raises here */
  lua_settop(L, 2);
  lua_pushcclosure(L, elems_iter, 1);                   /* r, iter */
  lua_pushvalue(L, 1);
  return 2;
}

/* r:rewind(): back to the first element, for another pass. */
static int elems_rewind(lua_State *L) {
  Elems *e = check_elems(L);
  if (e->found) {
    e->io_errno = 0;
    if (elems_seek(e, e->array_start) < 0) {
      lua_pushnil(L);
      push_read_error(L, e, 1);
      return 2;
    }
    e->at = AT_FIRST;
    e->index = 0;
  }
  lua_pushboolean(L, 1);
  return 1;
}

/* r:kind() -> "array" | "object" | "other": the top-level value. */
static int elems_kind(lua_State *L) {
  Elems *e = check_elems(L);
  lua_pushstring(L, e->top == TOP_ARRAY ? "array" : e->top == TOP_OBJECT ? "object" : "other");
  return 1;
}

/* r:found() -> true when there is an array to stream (member mode: the member is an array). */
static int elems_found(lua_State *L) {
  lua_pushboolean(L, check_elems(L)->found);
  return 1;
}

/* r:members() -> the other members of the top-level object (member mode), or nil. */
static int elems_members(lua_State *L) {
  Elems *e = check_elems(L);
  if (!e->member_mode || e->top != TOP_OBJECT) return 0;
  lua_getiuservalue(L, 1, UV_MEMBERS);
  return 1;
}

/* r:close(), also __gc and __close: idempotent. */
static int elems_close(lua_State *L) {
  elems_release(luaL_checkudata(L, 1, ELEMS_MT));
  return 0;
}

/* tostring(r) -> "allure.json.Elements (...)" */
static int elems_tostring(lua_State *L) {
  Elems *e = luaL_checkudata(L, 1, ELEMS_MT);
  if (e->fd < 0) lua_pushliteral(L, "allure.json.Elements (closed)");
  else lua_pushfstring(L, "allure.json.Elements (%p)", (void *)e);
  return 1;
}

/* ====================================================================
** json.picker: chosen members of one JSON object, no table
** ==================================================================== */

/* The last date, hour and minute converted by a picker and their ms (with the zone's
 * offset): the events of a stream mostly share them, so only the seconds are read. */
typedef struct TimeCache {
  int valid, off;
  char head[16];                      /* "YYYY-MM-DDTHH:MM" */
  long long base;
} TimeCache;

/* The keys, in the order their values are returned; time_slot: the key whose string
 * value is converted as a date-time (-1: none). */
typedef struct Picker {
  int n;
  int time_slot;
  size_t len[PICK_MAX];
  char key[PICK_MAX][48];
  TimeCache tcache;
} Picker;

/* Floor division, as Lua's //. */
static long long floor_div(long long a, long long b) {
  long long q = a / b;
  return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}

static int digits(const char *p, int n) {
  int v = 0;
  for (int i = 0; i < n; i++) {
    if (p[i] < '0' || p[i] > '9') return -1;
    v = v * 10 + (p[i] - '0');
  }
  return v;
}

/* The n fraction digits f of a second (0.f) as rounded ms, the value of
 * floor(strtod("0.f") * 1000 + 0.5), without strtod: the first three digits are the ms,
 * the rest (r, at most 6 digits) round them up when r > 0.5. With at most 6 digits after
 * the ms, r is 0 or at least 1e-6 away from 0.5 and from 1, far more than the error of
 * the double expression (< 1e-12), so both round alike. Returns 0 (use strtod) for more
 * than 9 digits and for r exactly 0.5, where the double's rounding decides. */
static int frac_ms(const char *f, size_t n, long long *out) {
  long long ms = 0, r = 0, scale = 1;
  if (n > 9) return 0;
  for (size_t j = 0; j < 3; j++) ms = ms * 10 + (j < n ? f[j] - '0' : 0);
  for (size_t j = 3; j < n; j++) {
    r = r * 10 + (f[j] - '0');
    scale *= 10;
  }
  if (2 * r == scale && r != 0) return 0;
  *out = 2 * r > scale ? ms + 1 : ms;
  return 1;
}

/* "YYYY-MM-DDTHH:MM:SS[.frac](Z|z|+HH:MM|-HH:MM)" -> ms since the epoch, computed as
 * allure.time.iso does (the same checks of the fields, the same days_from_civil, the
 * fraction rounded as math.floor(tonumber("0." .. frac) * 1000 + 0.5)). Returns 0 for
 * any other shape: the caller then gets the string. */
static int rfc3339_ms(const char *s, size_t len, lua_Integer *out, TimeCache *cache) {
  int y, mo, d, h, mi, sec, off = 0;
  size_t i = 19;
  long long ms = 0, days, era, yoe, doy, doe, base;
  if (len < 20 || s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' || s[16] != ':') return 0;
  if ((sec = digits(s + 17, 2)) < 0) return 0;
  if (s[i] == '.') {
    char num[48] = "0.";
    size_t n = 0;
    i++;
    while (i < len && s[i] >= '0' && s[i] <= '9' && n < sizeof num - 3) num[2 + n++] = s[i++];
    if (i < len && s[i] >= '0' && s[i] <= '9') return 0;     /* too many digits: Lua's way */
    if (n > 0 && !frac_ms(num + 2, n, &ms)) ms = (long long)floor(strtod(num, NULL) * 1000 + 0.5);
  }
  if (len - i == 1 && (s[i] == 'Z' || s[i] == 'z')) off = 0;
  else if (len - i == 6 && (s[i] == '+' || s[i] == '-') && s[i + 3] == ':') {
    int oh = digits(s + i + 1, 2), om = digits(s + i + 4, 2);
    if (oh < 0 || om < 0) return 0;
    off = (oh * 60 + om) * 60;
    if (s[i] == '-') off = -off;
  } else
    return 0;
  ms += (long long)sec * 1000;
  if (cache->valid && cache->off == off && memcmp(cache->head, s, 16) == 0) {
    *out = (lua_Integer)(cache->base + ms);
    return 1;
  }
  if ((y = digits(s, 4)) < 0 || (mo = digits(s + 5, 2)) < 0 || (d = digits(s + 8, 2)) < 0 ||
      (h = digits(s + 11, 2)) < 0 || (mi = digits(s + 14, 2)) < 0)
    return 0;
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 24 || mi > 59) return 0;
  /* days_from_civil (time.lua) */
  {
    long long yy = mo <= 2 ? y - 1 : y;
    era = floor_div(yy >= 0 ? yy : yy - 399, 400);
    yoe = yy - era * 400;
    doy = floor_div(153 * (mo + (mo > 2 ? -3 : 9)) + 2, 5) + d - 1;
    doe = yoe * 365 + floor_div(yoe, 4) - floor_div(yoe, 100) + doy;
    days = era * 146097 + doe - 719468;
  }
  base = (days * 86400 + h * 3600 + mi * 60 - off) * 1000;
  cache->valid = 1;
  cache->off = off;
  memcpy(cache->head, s, 16);
  cache->base = base;
  *out = (lua_Integer)(base + ms);
  return 1;
}

/* The first byte from p on that a JSON string cannot hold as it is ('"', '\\', a control
 * character), or end. Eight bytes at a time while none of them is one (bytes from 0x80 on
 * are plain here: cjson copies them as they are). */
static inline const char *string_stop(const char *p, const char *end) {
  const uint64_t ones = 0x0101010101010101ULL, highs = 0x8080808080808080ULL;
  while (end - p >= 8) {
    uint64_t x, q, b, hit;
    memcpy(&x, p, 8);
    q = x ^ (ones * '"');
    b = x ^ (ones * '\\');
    /* High bit of each byte below 0x20 or equal to '"' or '\\' (all three are below 0x80,
     * so ~x keeps them); wrong bits only above the first such byte. */
    hit = ((x - ones * 0x20) | (q - ones) | (b - ones)) & ~x & highs;
    if (hit != 0) {
#if defined(__GNUC__) && defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
      return p + (__builtin_ctzll(hit) >> 3);
#else
      break;
#endif
    }
    p += 8;
  }
  while (p < end && *p != '"' && *p != '\\' && (unsigned char)*p >= 0x20) p++;
  return p;
}

/* Pushes the JSON string whose opening quote is at p (e: end of text) unescaped, and
 * returns the byte after its closing quote; NULL when it holds anything but the
 * common escapes (\uXXXX, a control character): cjson is to decode it. */
static const char *push_simple_string(lua_State *L, const char *p, const char *end) {
  const char *s = p + 1, *q = s;
  luaL_Buffer b;
  char *o, *o0;
  for (;;) {                          /* the closing quote; only the common escapes */
    q = string_stop(q, end);
    if (q >= end || *q != '\\') break;
    if (q + 1 >= end || q[1] == '\0' || strchr("\"\\/bfnrt", q[1]) == NULL) return NULL;
    q += 2;
  }
  if (q >= end || *q != '"') return NULL;
  o = o0 = luaL_buffinitsize(L, &b, (size_t)(q - s));   /* unescaped, it is not longer */
  for (p = s; p < q;) {
    const char *r = memchr(p, '\\', (size_t)(q - p));
    if (r == NULL) r = q;
    memcpy(o, p, (size_t)(r - p));
    o += r - p;
    if (r == q) break;
    switch (r[1]) {
    case 'b': *o++ = '\b'; break;
    case 'f': *o++ = '\f'; break;
    case 'n': *o++ = '\n'; break;
    case 'r': *o++ = '\r'; break;
    case 't': *o++ = '\t'; break;
    default: *o++ = r[1]; break;     /* " \ / */
    }
    p = r + 2;
  }
  luaL_pushresultsize(&b, (size_t)(o - o0));
  return q + 1;
}

/* The end of a strict JSON number starting at p, or NULL. */
static const char *number_end(const char *p, const char *end) {
  if (p < end && *p == '-') p++;
  if (p >= end) return NULL;
  if (*p == '0') p++;
  else if (*p >= '1' && *p <= '9') while (p < end && *p >= '0' && *p <= '9') p++;
  else return NULL;
  if (p < end && *p == '.') {
    const char *d = ++p;
    while (p < end && *p >= '0' && *p <= '9') p++;
    if (p == d) return NULL;
  }
  if (p < end && (*p == 'e' || *p == 'E')) {
    const char *d;
    p++;
    if (p < end && (*p == '+' || *p == '-')) p++;
    d = p;
    while (p < end && *p >= '0' && *p <= '9') p++;
    if (p == d) return NULL;
  }
  return p;
}

/* The strict JSON number in [p, e) (number_end's) as strtod reads it, for plain decimals
 * ("12", "-0.01", "12.345": no exponent, at most 15 digits): the digits as an integer,
 * below 2^53 and so exact in a double, divided by a power of ten that is exact too (at
 * most 1e15) — one correctly rounded operation, the value strtod gives. Returns 0 for
 * anything else: strtod reads it. */
static int plain_decimal(const char *p, const char *e, double *out) {
  static const double pow10[] = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9,
                                 1e10, 1e11, 1e12, 1e13, 1e14, 1e15};
  unsigned long long m = 0;
  int neg = 0, nd = 0, nf = -1;       /* nf: digits after the point (-1: no point yet) */
  double d;
  if (p < e && *p == '-') neg = 1, p++;
  for (; p < e; p++) {
    if (*p == '.' && nf < 0) nf = 0;
    else if (*p >= '0' && *p <= '9') {
      if (++nd > 15) return 0;
      m = m * 10 + (unsigned)(*p - '0');
      if (nf >= 0) nf++;
    } else
      return 0;                       /* an exponent */
  }
  d = (double)m;
  if (nf > 0) d /= pow10[nf];
  *out = neg ? -d : d;
  return 1;
}

/* The closing quote of the JSON string whose opening quote is at p when its bytes are
 * its value (no escape, no control character); NULL otherwise. */
static const char *plain_string_end(const char *p, const char *end) {
  p = string_stop(p + 1, end);
  return p < end && *p == '"' ? p : NULL;
}

static const char *skip_json_ws(const char *p, const char *end) {
  /* the first test alone for the byte that is not white space, the common case */
  while (p < end && (unsigned char)*p <= ' ' && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')) p++;
  return p;
}

/* The end of the scalar at p (a string with the common escapes, a literal, a strict
 * number), checked as cjson would; NULL for anything else (an object or array, \u
 * escapes, doubt): the slow path then decides. */
static const char *skip_value(const char *p, const char *end) {
  if (p >= end) return NULL;
  if (*p == '"') {
    for (p++;;) {
      p = string_stop(p, end);
      if (p >= end || (unsigned char)*p < 0x20) return NULL;
      if (*p == '"') return p + 1;
      if (++p >= end || !strchr("\"\\/bfnrt", *p) || *p == '\0') return NULL;   /* after a \\ */
      p++;
    }
  }
  if (end - p >= 4 && memcmp(p, "true", 4) == 0) return p + 4;
  if (end - p >= 5 && memcmp(p, "false", 5) == 0) return p + 5;
  if (end - p >= 4 && memcmp(p, "null", 4) == 0) return p + 4;
  return number_end(p, end);
}

/* The slow path: json.decode decodes the whole text; its members by key. Pushes the
 * results and returns their count. */
static int pick_slow(lua_State *L, const Picker *pk, const char *text, size_t len) {
  lua_settop(L, 1);
  lua_pushvalue(L, lua_upvalueindex(2));
  lua_pushlstring(L, text, len);
  lua_call(L, 1, 2);
  if (lua_isnil(L, -2) && lua_isstring(L, -1)) return 2;   /* nil, msg */
  lua_pop(L, 1);
  if (lua_type(L, -1) != LUA_TTABLE) {
    lua_pushboolean(L, 0);
    return 1;
  }
  luaL_checkstack(L, pk->n + 1, NULL);
  lua_pushboolean(L, 1);
  for (int i = 0; i < pk->n; i++) {
    lua_pushlstring(L, pk->key[i], pk->len[i]);
    lua_rawget(L, 2);
  }
  return pk->n + 1;
}

/* pick(text) -> true, v1, ..., vn | false (valid JSON, not an object or array) |
 * nil, err (not JSON): the values of the picker's keys in text's top-level object, nil
 * when absent, json.null for null, nested values decoded. The same values as
 * json.decode(text)[key]: anything the fast path is not sure of goes to cjson. */
static int pick_call(lua_State *L) {
  Picker *pk = lua_touserdata(L, lua_upvalueindex(1));
  size_t len;
  const char *text = luaL_checklstring(L, 1, &len);
  const char *p = text, *end = text + len;
  int base;
  lua_settop(L, 1);
  luaL_checkstack(L, pk->n + 2, NULL);
  lua_pushboolean(L, 1);
  base = lua_gettop(L);
  for (int i = 0; i < pk->n; i++) lua_pushnil(L);
  p = skip_json_ws(p, end);
  if (p >= end || *p != '{') goto slow;
  p = skip_json_ws(p + 1, end);
  if (p < end && *p == '}') {
    p++;
    goto tail;
  }
  for (;;) {
    const char *k, *kend, *v;
    int slot = -1;
    if (p >= end || *p != '"') goto slow;
    k = p + 1;
    kend = string_stop(k, end);
    if (kend >= end || *kend != '"') goto slow;   /* escapes in a key: cjson decides */
    for (int i = 0; i < pk->n; i++)
      if (pk->len[i] == (size_t)(kend - k) && pk->key[i][0] == *k && memcmp(pk->key[i], k, pk->len[i]) == 0) {
        slot = i;
        break;
      }
    p = skip_json_ws(kend + 1, end);
    if (p >= end || *p != ':') goto slow;
    p = skip_json_ws(p + 1, end);
    if (p >= end) goto slow;
    v = p;
    if (slot < 0) {
      p = skip_value(p, end);
      if (p == NULL) goto slow;
    } else if (*v == '"') {
      lua_Integer t;
      const char *q = plain_string_end(v, end);
      if (q != NULL) {
        size_t n = (size_t)(q - (v + 1));
        p = q + 1;
        if (slot == pk->time_slot && rfc3339_ms(v + 1, n, &t, &pk->tcache))
          lua_pushinteger(L, t);      /* the bytes are the value: no string for it */
        else {
          /* The slot's string of the previous call when it has the same bytes (Package,
           * Test, Action repeat from event to event): no hashing, no new long string. */
          size_t cn = 0;
          const char *c = NULL;
          if (lua_getiuservalue(L, lua_upvalueindex(1), slot + 1) == LUA_TSTRING)   /* last */
            c = lua_tolstring(L, -1, &cn);
          if (c == NULL || cn != n || memcmp(c, v + 1, n) != 0) {
            lua_pop(L, 1);
            lua_pushlstring(L, v + 1, n);                          /* new */
            lua_pushvalue(L, -1);
            lua_setiuservalue(L, lua_upvalueindex(1), slot + 1);   /* remembered */
          }
        }
      } else {
        p = push_simple_string(L, v, end);
        if (p == NULL) goto slow;
        if (slot == pk->time_slot) {
          size_t tlen;
          const char *ts = lua_tolstring(L, -1, &tlen);
          if (rfc3339_ms(ts, tlen, &t, &pk->tcache)) {
            lua_pop(L, 1);
            lua_pushinteger(L, t);
          }
        }
      }
      lua_replace(L, base + 1 + slot);
    } else if (*v == '{' || *v == '[') {
      goto slow;                      /* rare in the streams this is for: cjson decides */
    } else if ((p = skip_value(v, end)) != NULL) {
      if (*v == 't') lua_pushboolean(L, 1);
      else if (*v == 'f') lua_pushboolean(L, 0);
      else if (*v == 'n') lua_pushlightuserdata(L, NULL);   /* cjson's null */
      else {
        char num[64];
        size_t n = (size_t)(p - v);
        double d;
        if (plain_decimal(v, p, &d)) {
          lua_pushnumber(L, (lua_Number)d);   /* strtod's value, without strtod */
          lua_replace(L, base + 1 + slot);
          goto next_member;
        }
        if (n >= sizeof num) goto slow;
        memcpy(num, v, n);
        num[n] = '\0';
        lua_pushnumber(L, (lua_Number)strtod(num, NULL));   /* cjson 2.1.0: always a float */
      }
      lua_replace(L, base + 1 + slot);
    } else
      goto slow;
  next_member:
    p = skip_json_ws(p, end);
    if (p < end && *p == ',') {
      p = skip_json_ws(p + 1, end);
      continue;
    }
    if (p < end && *p == '}') {
      p++;
      break;
    }
    goto slow;
  }
tail:
  p = skip_json_ws(p, end);
  if (p != end) goto slow;
  return pk->n + 1;
slow:
  return pick_slow(L, pk, text, len);
}

/* json.picker({key, ...} [, opts]) -> pick: see pick_call. opts.time: a key whose
 * string value, when it is an RFC 3339 date-time of the usual shape, is returned as
 * integer ms since the epoch (allure.time.iso's value); other values as they are. */
static int json_picker(lua_State *L) {
  Picker *pk;
  int n;
  const char *time_key = NULL;
  luaL_checktype(L, 1, LUA_TTABLE);
  if (!lua_isnoneornil(L, 2)) {
    luaL_checktype(L, 2, LUA_TTABLE);
    lua_getfield(L, 2, "time");
    time_key = lua_tostring(L, -1);
  }
  n = (int)lua_rawlen(L, 1);
  if (n < 1 || n > PICK_MAX) luaL_error(L, "json.picker: expected 1 to %d keys", PICK_MAX);
  pk = lua_newuserdatauv(L, sizeof *pk, n);           /* user value i: slot i's last string */
  pk->n = n;
  pk->time_slot = -1;
  pk->tcache.valid = 0;
  for (int i = 0; i < n; i++) {
    size_t len = 0;                                  /* gcc cannot see that luaL_error never returns */
    const char *k = NULL;
    if (lua_rawgeti(L, 1, i + 1) != LUA_TSTRING || (k = lua_tolstring(L, -1, &len), len >= sizeof pk->key[0]))
      luaL_error(L, "json.picker: key %d: expected a string of at most %d bytes", i + 1, (int)sizeof pk->key[0] - 1);
    memcpy(pk->key[i], k, len);
    pk->len[i] = len;
    if (time_key != NULL && strcmp(time_key, k) == 0 && strlen(k) == len) pk->time_slot = i;
    lua_pop(L, 1);
  }
  lua_pushvalue(L, lua_upvalueindex(1));             /* picker, decode */
  lua_pushcclosure(L, pick_call, 2);
  return 1;
}

/* ====================================================================
** Registration
** ==================================================================== */

/* ====================================================================
** Span methods
** ==================================================================== */

/* [span, ...] -> the Span at 1 */
static struct al_lspan *check_span(lua_State *L) { return luaL_checkudata(L, 1, AL_SPAN_MT); }

/* #span -> the bytes of the string in the file, escapes included (what a size cap on the
 * encoded text counts). */
static int span_len(lua_State *L) {
  lua_pushinteger(L, (lua_Integer)check_span(L)->len);
  return 1;
}

/* span:base64() -> the same span, decoded as base64 by check, read and the writer. */
static int span_base64(lua_State *L) {
  struct al_lspan *sp = check_span(L), *b = lua_newuserdatauv(L, sizeof *b, 1); /* span, b64 */
  *b = *sp;
  b->base64 = 1;
  luaL_setmetatable(L, AL_SPAN_MT);
  lua_getiuservalue(L, 1, 1);                           /* span, b64, reader */
  lua_setiuservalue(L, -2, 1);                          /* span, b64 */
  return 1;
}

/* Pushes the scratch of a walk (below any luaL_Buffer the walk feeds: the buffer must
 * stay on top). */
static struct al_jspan *push_scratch(lua_State *L) {
  return lua_newuserdatauv(L, sizeof(struct al_jspan) + AL_JSPAN_OUT, 0); /* ..., scratch */
}

/* Decodes the span in pieces with the scratch s, each piece given to fn. 0, or -1 with
 * the message in err. */
static int span_walk(struct al_lspan *sp, struct al_jspan *s, void (*fn)(void *, const char *, size_t),
                     void *ud, char *err, size_t errsz) {
  char *out = (char *)(s + 1);
  long n;
  if (*sp->fd < 0) {
    snprintf(err, errsz, "the JSON reader of this span is closed");
    return -1;
  }
  al_jspan_start(s, *sp->fd, (off_t)sp->off, (unsigned long long)sp->len, sp->escaped, sp->base64);
  while ((n = al_jspan_next(s, out, err, errsz)) > 0) fn(ud, out, (size_t)n);
  return n < 0 ? -1 : 0;
}

struct head { luaL_Buffer *b; size_t want, have, total; };

static void add_head(void *ud, const char *p, size_t n) {
  struct head *h = ud;
  h->total += n;
  if (h->have < h->want) {
    size_t k = h->want - h->have < n ? h->want - h->have : n;
    luaL_addlstring(h->b, p, k);
    h->have += k;
  }
}

/* span:check([n]) -> decoded size, the first n bytes (default 512) | nil, err: the whole
 * span is decoded (and dropped), so a bad base64 body is told before it is attached. */
static int span_check(lua_State *L) {
  struct al_lspan *sp = check_span(L);
  lua_Integer want = luaL_optinteger(L, 2, 512);
  struct al_jspan *s;
  char err[256];
  luaL_Buffer b;
  struct head h;
  luaL_argcheck(L, want >= 0 && want <= 65536, 2, "expected 0 to 65536 bytes");
  lua_settop(L, 2);
  s = push_scratch(L);                                  /* span, n, scratch */
  h.b = &b;
  h.want = (size_t)want;
  h.have = h.total = 0;
  luaL_buffinitsize(L, &b, (size_t)want);
  if (span_walk(sp, s, add_head, &h, err, sizeof err) != 0) {
    luaL_pushfail(L);
    lua_pushstring(L, err);
    return 2;
  }
  luaL_pushresult(&b);                                  /* span, n, scratch, head */
  lua_pushinteger(L, (lua_Integer)h.total);             /* span, n, scratch, head, size */
  lua_insert(L, -2);                                    /* span, n, scratch, size, head */
  return 2;
}

static void add_all(void *ud, const char *p, size_t n) { luaL_addlstring(ud, p, n); }

/* span:read() -> the decoded string | nil, err (the whole of it in memory). */
static int span_read(lua_State *L) {
  struct al_lspan *sp = check_span(L);
  struct al_jspan *s;
  char err[256];
  luaL_Buffer b;
  lua_settop(L, 1);
  s = push_scratch(L);                                  /* span, scratch */
  luaL_buffinit(L, &b);
  if (span_walk(sp, s, add_all, &b, err, sizeof err) != 0) {
    luaL_pushfail(L);
    lua_pushstring(L, err);
    return 2;
  }
  luaL_pushresult(&b);                                  /* span, scratch, string */
  return 1;
}

/* tostring(span) -> "allure.json.Span (n bytes[, base64])" */
static int span_tostring(lua_State *L) {
  struct al_lspan *sp = check_span(L);
  lua_pushfstring(L, "allure.json.Span (%I bytes%s)", (LUAI_UACINT)sp->len, sp->base64 ? ", base64" : "");
  return 1;
}

static const luaL_Reg span_methods[] = {
  {"base64", span_base64},
  {"check", span_check},
  {"read", span_read},
  {NULL, NULL}
};

static const luaL_Reg span_meta[] = {
  {"__index", NULL},   /* set to the methods below */
  {"__len", span_len},
  {"__tostring", span_tostring},
  {NULL, NULL}
};

static const luaL_Reg elems_methods[] = {
  {"next", elems_next},
  {"elements", elems_elements},
  {"rewind", elems_rewind},
  {"kind", elems_kind},
  {"found", elems_found},
  {"members", elems_members},
  {"close", elems_close},
  {NULL, NULL}
};

static const luaL_Reg elems_meta[] = {
  {"__index", NULL},   /* set to the methods below */
  {"__gc", elems_close},
  {"__close", elems_close},
  {"__tostring", elems_tostring},
  {NULL, NULL}
};

static const luaL_Reg stream_funcs[] = {
  {"elements", json_elements},
  {"picker", json_picker},
  {NULL, NULL}
};

/* M -> M with json.elements and json.picker (M.decode their upvalue) */
void al_json_stream_register(lua_State *L) {
  init_classes();
  init_span_classes();
  al_class(L, ELEMS_MT, elems_meta, elems_methods);
  al_class(L, AL_SPAN_MT, span_meta, span_methods);
  /* Values are decoded by the module's json.decode: its cjson, and what ljson.c does
   * before cjson (lone surrogate escapes), so every reader decodes alike. */
  lua_getfield(L, -1, "decode");                        /* M, decode */
  luaL_setfuncs(L, stream_funcs, 1);
}
