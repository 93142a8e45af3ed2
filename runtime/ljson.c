/* allure.json: JSON documents and JSON-lines streams, over Debian's lua-cjson.
 *
 * The module decodes with a private cjson instance (its own configuration, so a
 * script that reconfigures the public `cjson` does not change how reports are
 * read) and reads input with plain read(2): no stdio, pipes work. A Stream
 * userdata owns its descriptor and its 64 KiB buffer, so nothing leaks when a
 * call raises. Bad data is returned (nil/false, msg); misuse raises.
 *
 * Follow mode (json.lines(path, {follow = ...})) reads a regular file that is still
 * being written: at its end the stream polls for more instead of ending, until an
 * end-marker line or follow_timeout seconds without growth. A pipe or FIFO needs
 * nothing of the kind: read(2) blocks, and the end comes when every writer closes. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <lauxlib.h>
#include <lua.h>
#include <lua-cjson.h>

#include "fs.h"
#include "lbind.h"
#include "lmods.h"

/* In liblua5.4-cjson.a next to luaopen_cjson; Debian's header declares only the latter. */
int luaopen_cjson_safe(lua_State *L);

#define STREAM_MT "allure.json.Stream"
#define STREAM_BUFSIZE (64 * 1024)
#define DEFAULT_MAX_LINE ((lua_Integer)64 * 1024 * 1024)
#define DEFAULT_MAX_SIZE ((lua_Integer)1024 * 1024 * 1024)
#define DEFAULT_FOLLOW_TIMEOUT 30.0   /* seconds without growth that end a followed file */
#define POLL_MIN_NS (10 * 1000 * 1000L)    /* first wait at the end of a followed file */
#define POLL_MAX_NS (200 * 1000 * 1000L)   /* waits double up to this */
#define TRUNCATED (-1)                 /* io_errno: the followed file shrank */

/* User values of a Stream. */
#define UV_NAME 1     /* name used in messages */
#define UV_DECODE 2   /* the private cjson.decode */
#define UV_MARKER 3   /* follow: the end-marker line, or nil */

typedef struct Stream {
  int fd;              /* -1 once closed */
  int own_fd;          /* 0 for standard input, which is never closed */
  int eof;             /* read(2) said end of input (or failed) */
  int io_errno;        /* a read failure not reported yet */
  int bom_checked;     /* the UTF-8 BOM test at the start has been done */
  int regular;         /* a regular file (not a pipe, FIFO, socket or terminal) */
  int follow;          /* at the end of a regular file, wait for more */
  int has_marker;      /* a line equal to UV_MARKER ends the stream */
  int ended;           /* the end marker was read: no more lines */
  double follow_timeout;
  off_t offset;        /* bytes read from the descriptor so far */
  size_t pos, end;     /* unread bytes are buf[pos..end) */
  size_t cap;          /* size of buf */
  size_t max_line;
  size_t chunk;        /* opts.chunk (tests): read at most this many bytes at a time; 0: no bound */
  lua_Integer lineno;  /* lines consumed so far */
  char buf[];          /* cap bytes, inside the userdata */
} Stream;

/* What stream_getline found. */
enum { LINE_OK, LINE_EOF, LINE_LONG, LINE_IOERR };

/* ====================================================================
** Descriptors and buffered reading
** ==================================================================== */

/* [s, ...] -> the open Stream at 1 (a closed one raises) */
static Stream *check_stream(lua_State *L) {
  Stream *s = luaL_checkudata(L, 1, STREAM_MT);
  if (s->fd < 0) luaL_error(L, "attempt to use a closed JSON stream");
  return s;
}

static void stream_release(Stream *s) {
  if (s->own_fd && s->fd >= 0) close(s->fd);
  s->fd = -1;
}

static double now_seconds(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* At the end of a followed regular file: waits (10 ms, doubling up to 200 ms) until
 * the writer appends, and returns what read(2) then gives; 0 once the file has not
 * grown for follow_timeout seconds (the producer is taken to be done). A file that
 * shrinks below what was read has been rewritten, not appended to: an error. */
static ssize_t follow_wait(Stream *s) {
  double since = now_seconds();
  long pause = POLL_MIN_NS;
  for (;;) {
    struct stat st;
    struct timespec ts;
    double left = s->follow_timeout - (now_seconds() - since);
    ssize_t got;
    if (left <= 0) return 0;
    ts.tv_sec = 0;
    ts.tv_nsec = pause;
    if ((double)pause / 1e9 > left) ts.tv_nsec = (long)(left * 1e9) + 1;
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR) {}
    if (pause < POLL_MAX_NS) pause = pause * 2 > POLL_MAX_NS ? POLL_MAX_NS : pause * 2;
    if (fstat(s->fd, &st) == 0 && st.st_size < s->offset) {
      errno = 0;
      s->io_errno = TRUNCATED;
      return -1;
    }
    got = al_read_some(s->fd, s->buf + s->end, s->cap - s->end);
    if (got != 0) return got;
  }
}

/* Reads more input after buf[end], first moving the unread bytes to the front
 * (at most one partial line, so the copy is short). Returns the number of bytes
 * added (0 at end of input or after a failure). A pipe may return fewer bytes than
 * asked: callers loop until they find a newline or the end. */
static size_t stream_fill(Stream *s) {
  ssize_t got;
  if (s->eof) return 0;
  if (s->pos > 0) {
    memmove(s->buf, s->buf + s->pos, s->end - s->pos);
    s->end -= s->pos;
    s->pos = 0;
  }
  if (s->end == s->cap) return 0;   /* full: the caller takes the bytes out first */
  got = al_read_some(s->fd, s->buf + s->end,
                     s->chunk != 0 && s->chunk < s->cap - s->end ? s->chunk : s->cap - s->end);
  if (got == 0 && s->follow && s->regular) got = follow_wait(s);
  if (got <= 0) {
    if (got < 0 && s->io_errno != TRUNCATED) s->io_errno = errno;
    s->eof = 1;
    return 0;
  }
  s->end += (size_t)got;
  s->offset += got;
  return (size_t)got;
}

/* Drops a UTF-8 byte order mark at the very start (Windows tools write one). */
static void stream_skip_bom(Stream *s) {
  s->bom_checked = 1;
  while (s->end - s->pos < 3 && stream_fill(s) > 0) {}
  if (s->end - s->pos >= 3 && memcmp(s->buf + s->pos, "\xEF\xBB\xBF", 3) == 0) s->pos += 3;
}

/* Pushes buf[from..from+len) without a trailing '\r'. */
static void push_line(lua_State *L, const char *p, size_t len) {
  if (len > 0 && p[len - 1] == '\r') len--;
  lua_pushlstring(L, p, len);                           /* ..., line */
}

/* Discards input up to and including the next newline (an over-long line),
 * without keeping it. */
static void stream_skip_line(Stream *s) {
  for (;;) {
    char *nl = memchr(s->buf + s->pos, '\n', s->end - s->pos);
    if (nl != NULL) {
      s->pos = (size_t)(nl - s->buf) + 1;
      return;
    }
    s->pos = s->end;
    if (stream_fill(s) == 0) return;
  }
}

/* A line that does not fit in the buffer: gathered in a luaL_Buffer on the Lua
 * stack (Lua owns the memory). The first part, buf[pos..end), holds no newline. */
static int stream_getline_long(lua_State *L, Stream *s) {
  luaL_Buffer b;
  size_t total = 0;
  int top = lua_gettop(L);
  luaL_buffinit(L, &b);                                 /* ... (a buffer may sit on top) */
  for (;;) {
    char *start = s->buf + s->pos;
    char *nl = memchr(start, '\n', s->end - s->pos);
    size_t n = (nl != NULL ? (size_t)(nl - start) : s->end - s->pos);
    total += n;
    if (total > s->max_line) {
      lua_settop(L, top);   /* drop what was gathered */
      s->pos += n;
      if (nl == NULL) stream_skip_line(s);
      else s->pos++;
      return LINE_LONG;
    }
    luaL_addlstring(&b, start, n);
    s->pos += n;
    if (nl != NULL) {
      s->pos++;
      break;
    }
    if (stream_fill(s) == 0) break;   /* last line, no newline */
  }
  if (luaL_bufflen(&b) > 0 && luaL_buffaddr(&b)[luaL_bufflen(&b) - 1] == '\r') luaL_buffsub(&b, 1);
  luaL_pushresult(&b);                                  /* ..., line */
  return LINE_OK;
}

/* Reads the next line and pushes it (LINE_OK), or pushes nothing (end, an
 * over-long line skipped, a read error). Every line, skipped or not, counts. */
static int stream_getline_raw(lua_State *L, Stream *s) {
  if (!s->bom_checked) stream_skip_bom(s);
  for (;;) {
    char *start = s->buf + s->pos;
    size_t avail = s->end - s->pos;
    char *nl = memchr(start, '\n', avail);
    if (nl != NULL) {
      size_t len = (size_t)(nl - start);
      s->lineno++;
      s->pos += len + 1;
      if (len > s->max_line) return LINE_LONG;
      push_line(L, start, len);
      return LINE_OK;
    }
    if (s->eof || (s->pos == 0 && s->end == s->cap)) {
      if (avail == 0) {   /* nothing left: end, or the read error that ended it */
        if (s->io_errno == 0) return LINE_EOF;
        s->lineno++;   /* the error is reported at the line being read */
        return LINE_IOERR;
      }
      s->lineno++;
      if (!s->eof) return stream_getline_long(L, s);
      s->pos = s->end;   /* last line without a newline: still a line */
      if (avail > s->max_line) return LINE_LONG;
      push_line(L, start, avail);
      return LINE_OK;
    }
    stream_fill(s);
  }
}

/* stream_getline_raw, and the end marker: a line equal to it ends the stream (it
 * counts as a line but is not returned). The stream is at index 1. */
static int stream_getline(lua_State *L, Stream *s) {
  int ret;
  if (s->ended) return LINE_EOF;
  ret = stream_getline_raw(L, s);
  if (ret == LINE_OK && s->has_marker) {
    lua_getiuservalue(L, 1, UV_MARKER);                 /* s, ..., line, marker */
    if (lua_rawequal(L, -1, -2)) {
      lua_pop(L, 2);                                    /* s, ...: the marker is no line */
      s->ended = 1;
      return LINE_EOF;
    }
    lua_pop(L, 1);                                      /* s, ..., line */
  }
  return ret;
}

/* Pushes false, "name:LINE: <what>", lineno for a line that could not be had;
 * returns 3. A read error is reported once; the stream then ends. */
static int push_bad_line(lua_State *L, Stream *s, int what) {
  lua_pushboolean(L, 0);                                /* ..., false */
  lua_getiuservalue(L, 1, UV_NAME);                     /* ..., false, name */
  if (what == LINE_LONG)
    lua_pushfstring(L, "%s:%I: line longer than %I bytes", lua_tostring(L, -1), (LUAI_UACINT)s->lineno,
                    (LUAI_UACINT)s->max_line);
  else if (s->io_errno == TRUNCATED) {
    lua_pushfstring(L, "%s:%I: file truncated while following it", lua_tostring(L, -1), (LUAI_UACINT)s->lineno); /* ..., false, name, msg */
    s->io_errno = 0;
  } else {
    lua_pushfstring(L, "%s:%I: read error: %s", lua_tostring(L, -1), (LUAI_UACINT)s->lineno,
                    strerror(s->io_errno));
    s->io_errno = 0;
  }
  lua_remove(L, -2);                                    /* false, msg */
  lua_pushinteger(L, s->lineno);                        /* false, msg, lineno */
  return 3;
}

/* ====================================================================
** Decoding
** ==================================================================== */

/* Four hex digits at p (the caller checked there are four bytes); -1 if not hex. */
static long hex4(const char *p) {
  long v = 0;
  int i;
  for (i = 0; i < 4; i++) {
    int c = (unsigned char)p[i], d;
    if (c >= '0' && c <= '9') d = c - '0';
    else if (c >= 'a' && c <= 'f') d = c - 'a' + 10;
    else if (c >= 'A' && c <= 'F') d = c - 'A' + 10;
    else return -1;
    v = v * 16 + d;
  }
  return v;
}

/* JavaScript's JSON.stringify writes a lone UTF-16 surrogate (half an emoji cut by
 * slice()) as "\ud800"; cjson refuses the whole document for it. Each such escape
 * becomes "\ufffd" (U+FFFD, the same length, so positions in messages stay right) in
 * a copy that replaces the string on top; a text without one is not copied. */
static void mend_surrogates(lua_State *L) {
  size_t len;
  const char *text = lua_tolstring(L, -1, &len);
  const char *p = text, *end = text + len;
  char *copy = NULL;
  luaL_Buffer b;
  while ((p = memchr(p, '\\', (size_t)(end - p))) != NULL && end - p >= 2) {
    long u, lo;
    if (p[1] != 'u' || end - p < 6 || (u = hex4(p + 2)) < 0xD800 || u > 0xDFFF) {
      p += 2;   /* another escape, or not a surrogate: decoded as it is */
      continue;
    }
    if (u <= 0xDBFF && end - p >= 12 && p[6] == '\\' && p[7] == 'u' && (lo = hex4(p + 8)) >= 0xDC00 &&
        lo <= 0xDFFF) {
      p += 12;  /* a pair */
      continue;
    }
    if (copy == NULL) {
      copy = luaL_buffinitsize(L, &b, len);             /* ..., text, (buffer) */
      memcpy(copy, text, len);
    }
    memcpy(copy + (p - text), "\\ufffd", 6);
    p += 6;
  }
  if (copy != NULL) {
    luaL_pushresultsize(&b, len);                       /* ..., text, copy */
    lua_remove(L, -2);                                  /* ..., copy */
  }
}

/* cjson's message ends "at character N" (1-based byte offset). When that is past the
 * first line of text, appends " (line L, column C)" to the message on top. */
static void add_position(lua_State *L, const char *text, size_t len) {
  const char *msg = lua_tostring(L, -1), *at = NULL, *q, *bol = text, *p = text, *stop;
  char *rest;
  unsigned long long n;
  lua_Integer line = 1;
  for (q = msg; (q = strstr(q, " at character ")) != NULL; q++) at = q;
  if (at == NULL) return;
  n = strtoull(at + 14, &rest, 10);
  if (*rest != '\0' || n == 0 || n > (unsigned long long)len + 1) return;
  stop = text + (n - 1);
  while ((p = memchr(p, '\n', (size_t)(stop - p))) != NULL) {
    line++;
    bol = ++p;
  }
  if (line == 1) return;
  lua_pushfstring(L, "%s (line %I, column %I)", msg, (LUAI_UACINT)line, (LUAI_UACINT)(stop - bol + 1)); /* ..., msg, msg+position */
  lua_remove(L, -2);                                    /* ..., msg+position */
}

/* Decodes the string on top of the stack with the decode function at index fn,
 * replacing the string by the value. Returns 1, or 0 with cjson's message (and the
 * line and column, see add_position) in its place. Memory errors are raised again:
 * they are not bad data. */
static int decode_top(lua_State *L, int fn) {
  int status;
  size_t len;
  const char *text;
  mend_surrogates(L);
  text = lua_tolstring(L, -1, &len);                    /* ..., text */
  lua_pushvalue(L, fn);                                 /* ..., text, decode */
  lua_pushvalue(L, -2);                                 /* ..., text, decode, text */
  status = lua_pcall(L, 1, 1, 0);                       /* ..., text, value or err */
  if (status == LUA_OK) {
    lua_remove(L, -2);                                  /* ..., value */
    return 1;
  }
  if (status == LUA_ERRMEM || !lua_isstring(L, -1)) lua_error(L);
  add_position(L, text, len);                           /* text stays below: still valid */
  lua_remove(L, -2);                                    /* ..., err */
  return 0;
}

/* Only ASCII white space: what a producer leaves between records. */
static int is_blank(const char *p, size_t n) {
  size_t i;
  for (i = 0; i < n; i++)
    if (!strchr(" \t\r\f\v", p[i]) || p[i] == '\0') return 0;
  return 1;
}

/* ====================================================================
** Stream methods
** ==================================================================== */

/* s:read() -> line, lineno | false, err, lineno | nil */
static int stream_read(lua_State *L) {
  Stream *s = check_stream(L);
  int ret = stream_getline(L, s);
  if (ret == LINE_OK) {
    lua_pushinteger(L, s->lineno);                      /* s, line, lineno */
    return 2;
  }
  if (ret == LINE_EOF) {
    lua_pushnil(L);                                     /* s, nil: the end */
    return 1;
  }
  return push_bad_line(L, s, ret);
}

/* s:decode() -> value, lineno | false, err, lineno | nil: the next non-blank line. */
static int stream_decode(lua_State *L) {
  Stream *s = check_stream(L);
  int fn;
  lua_settop(L, 1);                                     /* s */
  lua_getiuservalue(L, 1, UV_DECODE);                   /* s, decode */
  fn = lua_gettop(L);
  for (;;) {
    size_t len;
    const char *line;
    int ret = stream_getline(L, s);
    if (ret == LINE_EOF) {
      lua_pushnil(L);                                   /* s, decode, nil: the end */
      return 1;
    }
    if (ret != LINE_OK) return push_bad_line(L, s, ret);
    line = lua_tolstring(L, -1, &len);                  /* s, decode, line */
    if (is_blank(line, len)) {   /* separators, not records: no error, no value */
      lua_pop(L, 1);                                    /* s, decode */
      continue;
    }
    if (decode_top(L, fn)) {                            /* s, decode, value */
      lua_pushinteger(L, s->lineno);
      return 2;
    }
    lua_pushboolean(L, 0);
    lua_getiuservalue(L, 1, UV_NAME);                   /* s, decode, msg, false, name */
    lua_pushfstring(L, "%s:%I: %s", lua_tostring(L, -1), (LUAI_UACINT)s->lineno, lua_tostring(L, -3));
    lua_remove(L, -2);                                  /* ..., msg, false, full */
    lua_pushinteger(L, s->lineno);                      /* ..., msg, false, full, lineno */
    return 3;
  }
}

/* s:live() -> true when lines arrive while the producer runs: a pipe, FIFO, socket or
 * terminal, or a followed file. Scripts then take the wall clock as the time of events
 * that carry none. */
static int stream_live(lua_State *L) {
  Stream *s = check_stream(L);
  lua_pushboolean(L, !s->regular || s->follow);         /* live */
  return 1;
}

/* s:lines() -> iterator over s:read() */
static int stream_lines(lua_State *L) {
  check_stream(L);
  lua_pushcfunction(L, stream_read);                    /* s, read */
  lua_pushvalue(L, 1);                                  /* s, read, s */
  return 2;
}

/* s:objects() -> iterator over s:decode() */
static int stream_objects(lua_State *L) {
  check_stream(L);
  lua_pushcfunction(L, stream_decode);                  /* s, decode */
  lua_pushvalue(L, 1);                                  /* s, decode, s */
  return 2;
}

/* s:limit(max_line) -> s: the bound of the lines still to come (a first line of
 * unknown kind may be read with a large bound, the records after it with a small one). */
static int stream_limit(lua_State *L) {
  Stream *s = check_stream(L);
  lua_Integer n = luaL_checkinteger(L, 2);
  luaL_argcheck(L, n >= 1, 2, "expected a positive integer");
  s->max_line = (size_t)n;
  lua_settop(L, 1);                                     /* s */
  return 1;
}

/* s:close(), also __gc and __close: idempotent. */
static int stream_close(lua_State *L) {
  stream_release(luaL_checkudata(L, 1, STREAM_MT));
  return 0;
}

/* tostring(s) -> "allure.json.Stream (...)" */
static int stream_tostring(lua_State *L) {
  Stream *s = luaL_checkudata(L, 1, STREAM_MT);
  if (s->fd < 0) lua_pushliteral(L, "allure.json.Stream (closed)"); /* text */
  else lua_pushfstring(L, "allure.json.Stream (%p)", (void *)s); /* text */
  return 1;
}

/* ====================================================================
** Module functions
** ==================================================================== */

/* opts.<key> as a positive integer (default dflt); raises on a bad value. */
static lua_Integer opt_size(lua_State *L, int opts, const char *key, lua_Integer dflt) {
  return al_opt_integer(L, opts, key, dflt, 1, LUA_MAXINTEGER);
}

/* Opens the input of json.read / json.lines as a Stream with a buffer of bufsize
 * bytes. Pushes the stream (user values: name, decode) and returns it, or pushes
 * nil, "name: reason", errno and returns NULL. */
static Stream *open_stream(lua_State *L, size_t bufsize, int *opts_idx) {
  const char *path = luaL_optstring(L, 1, NULL);
  const char *name;
  Stream *s;
  struct stat st;
  int opts = 0;
  if (!lua_isnoneornil(L, 2)) {
    luaL_checktype(L, 2, LUA_TTABLE);
    opts = 2;
  }
  name = al_push_input_name(L, opts, path);             /* ..., name */
  *opts_idx = opts;

  /* Marked closed before anything can fail, so __gc is always safe. The buffer is
   * part of the userdata: Lua owns it, nothing to free by hand. */
  s = lua_newuserdatauv(L, sizeof *s + bufsize, 3);
  memset(s, 0, sizeof *s);
  s->fd = -1;
  s->cap = bufsize;
  luaL_setmetatable(L, STREAM_MT);                      /* (from here its __gc closes it) */
  lua_pushvalue(L, -2);                                 /* ..., name, stream, name */
  lua_setiuservalue(L, -2, UV_NAME);                    /* ..., name, stream */
  lua_pushvalue(L, lua_upvalueindex(1));                /* ..., name, stream, decode */
  lua_setiuservalue(L, -2, UV_DECODE);                  /* ..., name, stream */
  if (path == NULL) {
    s->fd = STDIN_FILENO;
    s->regular = fstat(s->fd, &st) == 0 && S_ISREG(st.st_mode);
    return s;
  }
  s->fd = al_open_input(path, &s->regular);
  if (s->fd < 0) {
    luaL_fileresult(L, 0, name);
    return NULL;
  }
  s->own_fd = 1;
  return s;
}

/* opts.follow (true, false, or an end-marker line) and opts.follow_timeout (seconds)
 * for the stream on top of the stack; a bad value raises. Checked before the input is
 * opened, so a mistake is found even when the file is missing. */
static void opt_follow(lua_State *L, int opts, int *follow, double *timeout) {
  *follow = 0;
  *timeout = DEFAULT_FOLLOW_TIMEOUT;
  if (opts == 0) return;
  lua_getfield(L, opts, "follow");                      /* ..., follow */
  if (lua_type(L, -1) == LUA_TSTRING) {
    size_t n;
    const char *m = lua_tolstring(L, -1, &n);
    if (n == 0 || memchr(m, '\n', n) != NULL) luaL_error(L, "opts.follow: an end marker must be one non-empty line");
    *follow = 2;
  } else if (lua_isboolean(L, -1)) {
    *follow = lua_toboolean(L, -1);
  } else if (!lua_isnil(L, -1)) {
    luaL_error(L, "opts.follow: expected boolean or string, got %s", luaL_typename(L, -1));
  }
  lua_pop(L, 1);                                        /* ... */
  lua_getfield(L, opts, "follow_timeout");              /* ..., follow_timeout */
  if (!lua_isnil(L, -1)) {
    int isnum;
    *timeout = (double)lua_tonumberx(L, -1, &isnum);
    if (!isnum || !(*timeout > 0) || *timeout > 1e9) luaL_error(L, "opts.follow_timeout: expected a positive number of seconds");
  }
  lua_pop(L, 1);                                        /* ... */
}

/* json.lines(path|nil [, opts]) -> stream | nil, err */
static int json_lines(lua_State *L) {
  int opts, follow = 0;
  double timeout;
  Stream *s;
  if (lua_type(L, 2) == LUA_TTABLE) opt_follow(L, 2, &follow, &timeout);
  s = open_stream(L, STREAM_BUFSIZE, &opts);
  if (s == NULL) return 3;
  s->max_line = (size_t)opt_size(L, opts, "max_line", DEFAULT_MAX_LINE);
  s->chunk = (size_t)opt_size(L, opts, "chunk", 0);
  if (opts != 0) opt_follow(L, opts, &follow, &timeout);
  s->follow = follow != 0;
  s->follow_timeout = timeout;
  if (follow == 2) {
    s->has_marker = 1;
    lua_getfield(L, opts, "follow");                    /* ..., name, stream, marker */
    lua_setiuservalue(L, -2, UV_MARKER);                /* ..., name, stream */
  }
  return 1;
}

/* json.read(path|nil [, opts]) -> value | nil, err: the whole input, bounded by
 * opts.max_size, read into a luaL_Buffer (the Stream only owns the descriptor). */
static int json_read(lua_State *L) {
  int opts, sidx;
  lua_Integer max_size;
  size_t total = 0, hint = 0;
  const char *text;
  luaL_Buffer b;
  struct stat st;
  Stream *s = open_stream(L, 0, &opts);
  if (s == NULL) return 3;
  sidx = lua_gettop(L);                                 /* ..., name, stream (at sidx) */
  max_size = opt_size(L, opts, "max_size", DEFAULT_MAX_SIZE);
  /* A regular file is refused before reading if too large, and read in one go into
   * a buffer of its size; a pipe grows the buffer 64 KiB at a time. */
  if (fstat(s->fd, &st) == 0 && S_ISREG(st.st_mode)) {
    if ((lua_Integer)st.st_size > max_size) goto too_large;
    hint = (size_t)st.st_size;
  }
  luaL_buffinitsize(L, &b, hint + 1);                   /* ..., stream, (buffer) */
  for (;;) {
    size_t room = (hint > total) ? hint - total + 1 : STREAM_BUFSIZE;
    char *p = luaL_prepbuffsize(&b, room);
    ssize_t got = al_read_some(s->fd, p, room);
    if (got < 0) {
      int e = errno;
      stream_release(s);
      lua_getiuservalue(L, sidx, UV_NAME);              /* ..., stream, (buffer), name */
      lua_pushnil(L);                                   /* ..., name, nil */
      lua_pushfstring(L, "%s: read error: %s", lua_tostring(L, -2), strerror(e)); /* ..., name, nil, msg */
      return 2;
    }
    if (got == 0) break;
    luaL_addsize(&b, (size_t)got);
    total += (size_t)got;
    if ((lua_Integer)total > max_size) goto too_large;
  }
  stream_release(s);
  luaL_pushresult(&b);                                  /* ..., stream, text */
  text = lua_tostring(L, -1);                           /* ..., stream, text */
  if (total >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) {   /* cjson rejects a BOM */
    lua_pushlstring(L, text + 3, total - 3);            /* ..., stream, text, text without BOM */
    lua_remove(L, -2);                                  /* ..., stream, text */
  }
  lua_getiuservalue(L, sidx, UV_DECODE);                /* ..., stream, text, decode */
  lua_insert(L, -2);                                    /* ..., stream, decode, text */
  if (decode_top(L, lua_gettop(L) - 1)) return 1;
  lua_getiuservalue(L, sidx, UV_NAME);                  /* ..., decode, err, name */
  lua_pushnil(L);                                       /* ..., err, name, nil */
  lua_pushfstring(L, "%s: %s", lua_tostring(L, -2), lua_tostring(L, -3)); /* ..., err, name, nil, msg */
  return 2;

too_large:
  stream_release(s);
  lua_settop(L, sidx);                                  /* ..., name, stream */
  lua_pushnil(L);                                       /* ..., stream, nil */
  lua_getiuservalue(L, sidx, UV_NAME);                  /* ..., stream, nil, name */
  lua_pushfstring(L, "%s: larger than %I bytes (max_size)", lua_tostring(L, -1), (LUAI_UACINT)max_size); /* ..., nil, name, msg */
  lua_remove(L, -2);                                    /* ..., nil, msg */
  return 2;
}

/* json.decode(s [, name]) -> value | nil, err */
static int json_decode(lua_State *L) {
  const char *name = luaL_optstring(L, 2, NULL);
  luaL_checkstring(L, 1);
  lua_settop(L, 2);                                     /* s, name */
  lua_pushvalue(L, 1);                                  /* s, name, s */
  if (decode_top(L, lua_upvalueindex(1))) return 1;
  lua_pushnil(L);                                       /* s, name, err, nil */
  if (name != NULL) lua_pushfstring(L, "%s: %s", name, lua_tostring(L, -2)); /* s, name, err, nil, msg */
  else lua_pushvalue(L, -2);                            /* s, name, err, nil, err */
  return 2;
}

static const luaL_Reg json_funcs[] = {
  {"decode", json_decode},
  {"read", json_read},
  {"lines", json_lines},
  {"null", NULL},   /* placeholder: cjson's null sentinel */
  {NULL, NULL}
};

static const luaL_Reg stream_methods[] = {
  {"read", stream_read},
  {"decode", stream_decode},
  {"lines", stream_lines},
  {"objects", stream_objects},
  {"live", stream_live},
  {"limit", stream_limit},
  {"close", stream_close},
  {NULL, NULL}
};

static const luaL_Reg stream_meta[] = {
  {"__index", NULL},   /* set to the methods below */
  {"__gc", stream_close},
  {"__close", stream_close},
  {"__tostring", stream_tostring},
  {NULL, NULL}
};

/* Makes `require "cjson"` and `require "cjson.safe"` find Debian's static lua-cjson
 * (unless the host already provides them). */
static void preload_cjson(lua_State *L) {
  luaL_getsubtable(L, LUA_REGISTRYINDEX, LUA_PRELOAD_TABLE); /* preload */
  if (lua_getfield(L, -1, "cjson") == LUA_TNIL) {       /* preload, cjson? */
    lua_pushcfunction(L, luaopen_cjson);                /* preload, nil, opener */
    lua_setfield(L, -3, "cjson");                       /* preload, nil */
  }
  lua_pop(L, 1);                                        /* preload */
  if (lua_getfield(L, -1, "cjson.safe") == LUA_TNIL) {  /* preload, cjson.safe? */
    lua_pushcfunction(L, luaopen_cjson_safe);           /* preload, nil, opener */
    lua_setfield(L, -3, "cjson.safe");                  /* preload, nil */
  }
  lua_pop(L, 2);                                        /* (empty) */
}

/* require "allure.json" -> module (and cjson, cjson.safe preloaded) */
int luaopen_allure_json(lua_State *L) {
  preload_cjson(L);
  al_class(L, STREAM_MT, stream_meta, stream_methods);
  /* A private cjson instance: its decode is the upvalue of every function. */
  lua_pushcfunction(L, luaopen_cjson);                  /* luaopen_cjson */
  lua_call(L, 0, 1);                                    /* cjson */
  luaL_newlibtable(L, json_funcs);                      /* cjson, M */
  lua_getfield(L, -2, "decode");                        /* cjson, M, decode */
  luaL_setfuncs(L, json_funcs, 1);                      /* cjson, M */
  lua_getfield(L, -2, "null");                          /* cjson, M, null */
  lua_setfield(L, -2, "null");                          /* cjson, M */
  lua_remove(L, -2);                                    /* M */
  al_json_stream_register(L);                           /* json.elements, json.picker (ljsonstream.c) */
  return 1;
}
