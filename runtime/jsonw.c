/*
** jsonw: output buffer, JSON emitter, name and .properties escapers (see jsonw.h).
** The hot loops reserve the worst case once per chunk and then store without checks.
*/
#include "jsonw.h"

#include <stdint.h>
#include <stdlib.h>

/* {======================================================================
** Buffer
** ======================================================================= */

/* Doubling, from 256: a result is typically 0.5-2 KiB, so the writer's buffer settles after
 * a few results and is then reused without another allocation. */
int jb_grow(struct jbuf *b, size_t extra) {
  size_t cap = b->cap ? b->cap : 256;
  char *p;
  if (b->oom) return -1;
  if (extra > SIZE_MAX / 2 - b->len) goto fail;  /* doubling below cannot overflow */
  while (cap - b->len < extra) cap *= 2;
  p = realloc(b->p, cap);
  if (p == NULL) goto fail;
  b->p = p;
  b->cap = cap;
  return 0;
fail:
  b->oom = 1;
  return -1;
}

void jb_free(struct jbuf *b) {   /* b->rep stays: it is where b counts, not content */
  free(b->p);
  b->p = NULL;
  b->len = b->cap = 0;
  b->oom = 0;
}

void jb_puts(struct jbuf *b, const char *s) { jb_put(b, s, strlen(s)); }

/* By hand: snprintf costs more than the rest of a timestamp field together. */
void jb_int(struct jbuf *b, long long v) {
  char tmp[24];
  char *e = tmp + sizeof tmp, *p = e;
  /* Through unsigned, so LLONG_MIN has a magnitude. */
  unsigned long long u = v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;
  do {
    *--p = (char)('0' + u % 10);
    u /= 10;
  } while (u);
  if (v < 0) *--p = '-';
  jb_put(b, p, (size_t)(e - p));
}

/* }====================================================================== */

/* {======================================================================
** UTF-8
** ======================================================================= */

long utf8_decode(const unsigned char *s, size_t n, size_t *used) {
  unsigned c = s[0], lo = 0x80, hi = 0xBF;
  size_t need, i;
  long cp;
  if (c < 0x80) {
    *used = 1;
    return (long)c;
  }
  /* C0/C1 would be overlong 2-byte forms; F5..FF would exceed U+10FFFF. */
  if (c < 0xC2 || c > 0xF4) {
    *used = 1;
    return -1;
  }
  if (c < 0xE0) {
    need = 1;
    cp = c & 0x1F;
  } else if (c < 0xF0) {
    need = 2;
    cp = c & 0x0F;
    if (c == 0xE0) lo = 0xA0;          /* overlong 3-byte */
    else if (c == 0xED) hi = 0x9F;     /* U+D800..DFFF: surrogates */
  } else {
    need = 3;
    cp = c & 0x07;
    if (c == 0xF0) lo = 0x90;          /* overlong 4-byte */
    else if (c == 0xF4) hi = 0x8F;     /* above U+10FFFF */
  }
  /* Only the second byte has a narrowed range; the maximal subpart ends at the first
   * byte that cannot continue the sequence. */
  for (i = 1; i <= need; i++) {
    if (i >= n || s[i] < lo || s[i] > hi) {
      *used = i;
      return -1;
    }
    cp = (cp << 6) | (s[i] & 0x3F);
    lo = 0x80;
    hi = 0xBF;
  }
  *used = need + 1;
  return cp;
}

/* }====================================================================== */

/* {======================================================================
** JSON strings
** ======================================================================= */

/* 0: copied as is; 1: needs an escape ('"', '\\', C0); 2: first byte of a non-ASCII sequence.
 * DEL and '/' need no escape in JSON; U+2028/2029 neither (RFC 8259 allows them raw). */
static const unsigned char jclass[256] = {
  1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,  1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
  0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,  2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
  2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,  2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
  2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,  2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
  2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,  2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2};

static const char hexdig[] = "0123456789ABCDEF";
static const char fffd[3] = {(char)0xEF, (char)0xBF, (char)0xBD};

/* Input is handled in chunks so that a large trace reserves 6x a chunk, not 6x itself. */
#define JCHUNK 4096

/* 1 when one of the 8 bytes in x needs more than a copy: a control byte, '"', '\\', or a
 * byte of a non-ASCII sequence (checked one by one). The zero-byte tests can misfire only in
 * a byte above a byte that really matches, so "any" is exact. Most text is plain ASCII, and
 * copying it 8 bytes at a time makes the escaper several times faster. */
#define ONES 0x0101010101010101ULL
#define HIGHS 0x8080808080808080ULL
static int special8(uint64_t x) {
  uint64_t ctl = (x - ONES * 0x20) & ~x;
  uint64_t q = x ^ (ONES * '"'), b = x ^ (ONES * '\\');
  q = (q - ONES) & ~q;
  b = (b - ONES) & ~b;
  return ((ctl | q | b | x) & HIGHS) != 0;
}

/* Escapes s from *pi up to end into o, which has room for 6 * (end - *pi) + 16 bytes, and
 * returns the new end of o. A UTF-8 sequence that starts before end is decoded against the
 * n bytes of s and copied whole: *pi is left after it (possibly past end). */
static char *escape_run(char *o, const unsigned char *s, size_t *pi, size_t end, size_t n,
                        struct jbuf *b) {
  size_t i = *pi;
  while (i < end) {
    unsigned c;
    while (end - i >= 8) {
      uint64_t x;
      memcpy(&x, s + i, 8);
      if (special8(x)) break;
      memcpy(o, s + i, 8);
      o += 8;
      i += 8;
    }
    if (i >= end) break;
    if (end - i < 8 && end >= 8) {
      /* Fewer than 8 bytes left: the word ending at end (it overlaps bytes already done)
       * says at once whether they are plain, which the end of a short string mostly is. */
      uint64_t x;
      memcpy(&x, s + end - 8, 8);
      if (!special8(x)) {
        memcpy(o, s + i, end - i);
        o += end - i;
        i = end;
        break;
      }
    }
    c = s[i];
    if (jclass[c] == 0) {
      *o++ = (char)c;
      i++;
    } else if (jclass[c] == 1) {
      *o++ = '\\';
      i++;
      switch (c) {
        case '"': *o++ = '"'; break;
        case '\\': *o++ = '\\'; break;
        case '\b': *o++ = 'b'; break;
        case '\f': *o++ = 'f'; break;
        case '\n': *o++ = 'n'; break;
        case '\r': *o++ = 'r'; break;
        case '\t': *o++ = 't'; break;
        default:
          *o++ = 'u'; *o++ = '0'; *o++ = '0';
          *o++ = hexdig[c >> 4];
          *o++ = hexdig[c & 15];
      }
    } else {
      size_t used;
      if (utf8_decode(s + i, n - i, &used) < 0) {
        memcpy(o, fffd, 3);
        o += 3;
        JB_REPAIRED(b, utf8);
      } else {
        memcpy(o, s + i, used);
        o += used;
      }
      i += used;
    }
  }
  *pi = i;
  return o;
}

void json_escape(struct jbuf *b, const char *str, size_t n) {
  const unsigned char *s = (const unsigned char *)str;
  size_t i = 0;
  while (i < n) {
    size_t end = n - i < JCHUNK ? n : i + JCHUNK;
    char *o;
    /* Worst case 6 output bytes per input byte (\u00XX), plus one sequence that starts
     * before `end` and runs past it. */
    if (jb_reserve(b, (end - i) * 6 + 16) != 0) return;
    o = escape_run(b->p + b->len, s, &i, end, n, b);
    b->len = (size_t)(o - b->p);
  }
}

/* }====================================================================== */

/* {======================================================================
** Names: ANSI sequences and controls out, white space trimmed
** ======================================================================= */

/* After a CSI introducer: parameter bytes, intermediate bytes, one final byte. A byte that
 * fits none ends the sequence early and is then read as ordinary text. */
static size_t skip_csi(const unsigned char *s, size_t n, size_t j) {
  while (j < n && s[j] >= 0x30 && s[j] <= 0x3F) j++;
  while (j < n && s[j] >= 0x20 && s[j] <= 0x2F) j++;
  if (j < n && s[j] >= 0x40 && s[j] <= 0x7E) j++;
  return j;
}

/* After an OSC/DCS/SOS/PM/APC introducer: everything up to BEL or ST (ESC \ or U+009C). An
 * ESC not followed by '\' aborts the string, as terminals do, and starts a new sequence. */
static size_t skip_string(const unsigned char *s, size_t n, size_t j) {
  for (; j < n; j++) {
    if (s[j] == 0x07) return j + 1;
    if (s[j] == 0x1B) return j + 1 < n && s[j + 1] == '\\' ? j + 2 : j;
    if (s[j] == 0xC2 && j + 1 < n && s[j + 1] == 0x9C) return j + 2;
  }
  return n;
}

/* j is just after an ESC. */
static size_t skip_esc(const unsigned char *s, size_t n, size_t j) {
  unsigned c;
  if (j >= n) return n;
  c = s[j];
  if (c == '[') return skip_csi(s, n, j + 1);
  if (c == ']' || c == 'P' || c == 'X' || c == '^' || c == '_') return skip_string(s, n, j + 1);
  if (c >= 0x20 && c <= 0x2F) {                  /* nF: intermediates, then a final byte */
    while (j < n && s[j] >= 0x20 && s[j] <= 0x2F) j++;
    if (j < n && s[j] >= 0x30 && s[j] <= 0x7E) j++;
    return j;
  }
  if (c >= 0x30 && c <= 0x7E) return j + 1;      /* two-byte Fp/Fe/Fs sequence */
  return j;                                      /* a lone ESC: drop just it */
}

/* White space as JavaScript's String.prototype.trim sees it (what TestOps checks names with),
 * the ASCII part excepted: that is handled before decoding. */
static int is_uspace(long cp) {
  return cp == 0xA0 || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200A) || cp == 0x2028 ||
         cp == 0x2029 || cp == 0x202F || cp == 0x205F || cp == 0x3000 || cp == 0xFEFF;
}

/* One pass: decode, classify, copy. Leading white space is never written (nothing written
 * yet); trailing white space is written and then cut back to `keep`. */
size_t json_escape_name(struct jbuf *b, const char *str, size_t n) {
  const unsigned char *s = (const unsigned char *)str;
  size_t i = 0, start = b->len, keep = b->len;   /* keep: end of the last non-space output */
  char *o;
  /* At most 2 output bytes per input byte: '"' and '\\' are the only escapes left. */
  if (n > (SIZE_MAX - 8) / 2) {
    b->oom = 1;
    return 0;
  }
  if (jb_reserve(b, 2 * n + 8) != 0) return 0;
  o = b->p + b->len;
  while (i < n) {
    unsigned c = s[i];
    size_t used = 1;
    long cp = (long)c;
    if (c > ' ' && c < 0x7F && c != '"' && c != '\\') {   /* most bytes: printable ASCII, kept */
      *o++ = (char)c;
      i++;
      keep = (size_t)(o - b->p);
      continue;
    }
    if (c >= 0x80) cp = utf8_decode(s + i, n - i, &used);
    if (cp == 0x1B) {
      i = skip_esc(s, n, i + 1);
      JB_REPAIRED(b, controls);
      continue;
    }
    if (cp == 0x9B || cp == 0x9D || cp == 0x90 || cp == 0x98 || cp == 0x9E || cp == 0x9F) {
      i = cp == 0x9B ? skip_csi(s, n, i + used) : skip_string(s, n, i + used);
      JB_REPAIRED(b, controls);
      continue;
    }
    if (cp == ' ' || (cp >= '\t' && cp <= '\r') || cp == 0x85 || is_uspace(cp)) {
      /* Inside the name, ASCII and control white space become one ' ' each; Unicode spaces
       * stay as they are. Leading ones are dropped; trailing ones are cut off at the end. */
      if (o - b->p > (ptrdiff_t)start) {
        if (cp < 0x80 || cp == 0x85) *o++ = ' ';
        else {
          memcpy(o, s + i, used);
          o += used;
        }
      }
      i += used;
      continue;
    }
    if (cp >= 0 && (cp < 0x20 || (cp >= 0x7F && cp < 0xA0))) {   /* other C0, DEL, C1 */
      i += used;
      JB_REPAIRED(b, controls);
      continue;
    }
    if (cp < 0 || cp == 0xFFFD) {
      if (cp < 0) JB_REPAIRED(b, utf8);
      *o++ = '?';
    } else if (cp < 0x80) {
      if (c == '"' || c == '\\') *o++ = '\\';
      *o++ = (char)c;
    } else {
      memcpy(o, s + i, used);
      o += used;
    }
    i += used;
    keep = (size_t)(o - b->p);
  }
  b->len = keep;
  return keep - start;
}

/* }====================================================================== */

/* {======================================================================
** .properties
** ======================================================================= */

static char *put_u(char *o, unsigned long u) {
  *o++ = '\\';
  *o++ = 'u';
  *o++ = hexdig[(u >> 12) & 15];
  *o++ = hexdig[(u >> 8) & 15];
  *o++ = hexdig[(u >> 4) & 15];
  *o++ = hexdig[u & 15];
  return o;
}

/* Upper-case hex, as java.util.Properties.store writes it. */
void props_escape(struct jbuf *b, const char *str, size_t n, int key) {
  const unsigned char *s = (const unsigned char *)str;
  size_t i = 0;
  int leading = 1;
  char *o;
  /* Worst case 6 bytes per input byte: a control or an ill-formed byte as \uXXXX. */
  if (n > (SIZE_MAX - 8) / 6) {
    b->oom = 1;
    return;
  }
  if (jb_reserve(b, 6 * n + 8) != 0) return;
  o = b->p + b->len;
  while (i < n) {
    unsigned c = s[i];
    if (c < 0x80) {
      i++;
      if (c == ' ') {
        if (key || leading) *o++ = '\\';
        *o++ = ' ';
        continue;
      }
      leading = 0;
      switch (c) {
        case '\\': case '=': case ':': case '#': case '!':
          *o++ = '\\';
          *o++ = (char)c;
          break;
        case '\t': *o++ = '\\'; *o++ = 't'; break;
        case '\n': *o++ = '\\'; *o++ = 'n'; break;
        case '\r': *o++ = '\\'; *o++ = 'r'; break;
        case '\f': *o++ = '\\'; *o++ = 'f'; break;
        default:
          if (c < 0x20 || c == 0x7F) o = put_u(o, c);
          else *o++ = (char)c;
      }
    } else {
      size_t used;
      long cp = utf8_decode(s + i, n - i, &used);
      leading = 0;
      i += used;
      if (cp < 0) {
        cp = 0xFFFD;
        JB_REPAIRED(b, utf8);
      }
      if (cp > 0xFFFF) {
        cp -= 0x10000;
        o = put_u(o, 0xD800 + ((unsigned long)cp >> 10));
        o = put_u(o, 0xDC00 + ((unsigned long)cp & 0x3FF));
      } else {
        o = put_u(o, (unsigned long)cp);
      }
    }
  }
  b->len = (size_t)(o - b->p);
}

/* }====================================================================== */

/* {======================================================================
** Emitter
** ======================================================================= */

/* The comma before a value or key, when a sibling came before it. */
static void jw_sep(struct jw *w) {
  if (w->comma) jb_putc(w->b, ',');
}

void jw_obj(struct jw *w) {
  jw_sep(w);
  jb_putc(w->b, '{');
  w->comma = 0;
}

void jw_end_obj(struct jw *w) {
  jb_putc(w->b, '}');
  w->comma = 1;
}

void jw_arr(struct jw *w) {
  jw_sep(w);
  jb_putc(w->b, '[');
  w->comma = 0;
}

void jw_end_arr(struct jw *w) {
  jb_putc(w->b, ']');
  w->comma = 1;
}

/* Short strings (nearly all) reserve once for the comma, the quotes and the worst case. */
void jw_str(struct jw *w, const char *s, size_t n) {
  struct jbuf *b = w->b;
  if (n <= JCHUNK) {
    size_t i = 0;
    char *o;
    if (jb_reserve(b, n * 6 + 20) != 0) return;
    o = b->p + b->len;
    if (w->comma) *o++ = ',';
    *o++ = '"';
    o = escape_run(o, (const unsigned char *)s, &i, n, n, b);
    *o++ = '"';
    b->len = (size_t)(o - b->p);
    w->comma = 1;
    return;
  }
  if (jb_reserve(b, 2) != 0) return;
  if (w->comma) b->p[b->len++] = ',';
  b->p[b->len++] = '"';
  json_escape(b, s, n);
  jb_putc(b, '"');
  w->comma = 1;
}

void jw_str_begin(struct jw *w) {
  jw_sep(w);
  jb_putc(w->b, '"');
}

void jw_str_part(struct jw *w, const char *s, size_t n) { json_escape(w->b, s, n); }

void jw_str_end(struct jw *w) {
  jb_putc(w->b, '"');
  w->comma = 1;
}

int jw_name(struct jw *w, const char *s, size_t n) {
  size_t mark = w->b->len;
  int comma = w->comma;
  jw_sep(w);
  jb_putc(w->b, '"');
  if (json_escape_name(w->b, s, n) == 0) {
    w->b->len = mark;             /* leave no trace: the caller writes a fallback */
    w->comma = comma;
    return 0;
  }
  jb_putc(w->b, '"');
  w->comma = 1;
  return 1;
}

void jw_int(struct jw *w, long long v) {
  jw_sep(w);
  jb_int(w->b, v);
  w->comma = 1;
}

void jw_bool(struct jw *w, int v) {
  jw_sep(w);
  if (v) jb_put(w->b, "true", 4);
  else jb_put(w->b, "false", 5);
  w->comma = 1;
}

/* }====================================================================== */
