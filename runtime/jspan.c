/* jspan: JSON string spans decoded in pieces (jspan.h). */
#include "jspan.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static int hexval(int c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

static long hex4(const char *p) {
  long v = 0;
  for (int i = 0; i < 4; i++) {
    int d = hexval((unsigned char)p[i]);
    if (d < 0) return -1;
    v = v * 16 + d;
  }
  return v;
}

static size_t put_utf8(char *o, long cp) {
  if (cp < 0x80) {
    o[0] = (char)cp;
    return 1;
  }
  if (cp < 0x800) {
    o[0] = (char)(0xC0 | (cp >> 6));
    o[1] = (char)(0x80 | (cp & 0x3F));
    return 2;
  }
  if (cp < 0x10000) {
    o[0] = (char)(0xE0 | (cp >> 12));
    o[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
    o[2] = (char)(0x80 | (cp & 0x3F));
    return 3;
  }
  o[0] = (char)(0xF0 | (cp >> 18));
  o[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
  o[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
  o[3] = (char)(0x80 | (cp & 0x3F));
  return 4;
}

/* The escape at p (p[0] == '\\', avail bytes there). Returns the bytes it takes, with its
 * output in o (*on bytes); 0: more bytes are needed to tell (never when final); -1: refused. */
static int escape(const char *p, size_t avail, int final, char *o, size_t *on) {
  static const char simple[256] = {['"'] = '"', ['\\'] = '\\', ['/'] = '/', ['b'] = '\b',
                                   ['f'] = '\f', ['n'] = '\n', ['r'] = '\r', ['t'] = '\t'};
  long cp, lo;
  if (avail < 2) return final ? -1 : 0;
  if (p[1] != 'u') {
    if (!simple[(unsigned char)p[1]]) return -1;
    o[0] = simple[(unsigned char)p[1]];
    *on = 1;
    return 2;
  }
  if (avail < 6) return final ? -1 : 0;
  if ((cp = hex4(p + 2)) < 0) return -1;
  if (cp >= 0xD800 && cp <= 0xDBFF) {
    /* a pair needs 12 bytes to tell; fewer at the end of the string: a lone half */
    if (avail < 12 && !final) {
      /* what is there may already show it is not a pair */
      int cut = 0;
      for (size_t i = 6; i < avail && i < 8; i++)
        if (p[i] != "\\u"[i - 6]) cut = 1;
      for (size_t i = 8; !cut && i < avail; i++)
        if (hexval((unsigned char)p[i]) < 0) cut = 1;
      if (!cut) return 0;
    }
    if (avail >= 12 && p[6] == '\\' && p[7] == 'u' && (lo = hex4(p + 8)) >= 0xDC00 && lo <= 0xDFFF) {
      *on = put_utf8(o, 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00));
      return 12;
    }
    cp = 0xFFFD;   /* ljson.c's mend_surrogates: a lone half is U+FFFD */
  } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
    cp = 0xFFFD;
  }
  *on = put_utf8(o, cp);
  return 6;
}

size_t al_junesc_update(struct al_junesc *u, char *out, const char *in, size_t n, int final) {
  char *o = out;
  const char *p = in, *end = in + n;
  /* First an escape left from the last piece, completed from this one. */
  while (u->n > 0) {
    size_t take = sizeof u->carry - u->n < n ? sizeof u->carry - u->n : n, on = 0;
    char buf[sizeof u->carry];
    int k;
    memcpy(buf, u->carry, u->n);
    memcpy(buf + u->n, p, take);
    k = escape(buf, u->n + take, final && take == n, o, &on);
    if (k < 0) return (size_t)-1;
    if (k == 0) {   /* still not enough: all of this piece joins the carry */
      memcpy(u->carry + u->n, p, n);
      u->n += (unsigned)n;
      return 0;
    }
    o += on;
    if ((size_t)k >= u->n) {
      p += (size_t)k - u->n;
      u->n = 0;
    } else {   /* the carry held more than the escape (a lone half, then more) */
      memmove(u->carry, u->carry + k, u->n - (size_t)k);
      u->n -= (unsigned)k;
    }
  }
  while (p < end) {
    const char *q = p;
    size_t on = 0;
    int k;
    while (q < end && *q != '\\' && *q != '\0') q++;
    memcpy(o, p, (size_t)(q - p));
    o += q - p;
    p = q;
    if (p == end) break;
    if (*p == '\0') return (size_t)-1;   /* cjson: "unexpected end of string" */
    k = escape(p, (size_t)(end - p), final, o, &on);
    if (k < 0) return (size_t)-1;
    if (k == 0) {
      memcpy(u->carry, p, (size_t)(end - p));
      u->n = (unsigned)(end - p);
      break;
    }
    o += on;
    p += k;
  }
  return (size_t)(o - out);
}

void al_jspan_start(struct al_jspan *s, int fd, off_t off, unsigned long long len, int escaped,
                    int base64) {
  s->fd = fd;
  s->off = off;
  s->len = len;
  s->pos = 0;
  s->escaped = escaped;
  s->base64 = base64;
  s->done = 0;
  al_junesc_init(&s->u);
  al_b64_dec_init(&s->d);
}

static long b64_fail(struct al_jspan *s, char *err, size_t errsz) {
  if (errsz > 0)
    snprintf(err, errsz, "base64: %s at offset %llu", al_b64_strerror(s->d.err), s->d.err_off);
  return -1;
}

long al_jspan_next(struct al_jspan *s, char *out, char *err, size_t errsz) {
  for (;;) {
    size_t want, n, k;
    ssize_t got;
    const char *text;
    int final;
    if (s->done) return 0;
    if (s->pos == s->len) {   /* the end: what the decoders still hold */
      s->done = 1;
      if (!s->base64) return 0;
      k = al_b64_dec_final(&s->d, (unsigned char *)out);
      if (k == (size_t)-1) return b64_fail(s, err, errsz);
      return (long)k;
    }
    want = s->len - s->pos < sizeof s->raw ? (size_t)(s->len - s->pos) : sizeof s->raw;
    got = pread(s->fd, s->escaped || s->base64 ? s->raw : out, want, s->off + (off_t)s->pos);
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) {
      if (errsz > 0) snprintf(err, errsz, "read error: %s", got < 0 ? strerror(errno) : "the file shrank");
      return -1;
    }
    s->pos += (unsigned long long)got;
    final = s->pos == s->len;
    text = s->raw;
    n = (size_t)got;
    if (s->escaped) {
      char *dst = s->base64 ? s->mid : out;
      n = al_junesc_update(&s->u, dst, s->raw, n, final);
      if (n == (size_t)-1) {
        if (errsz > 0) snprintf(err, errsz, "invalid escape in the string");
        s->done = 1;
        return -1;
      }
      text = dst;
    }
    if (s->base64) {
      k = al_b64_dec_update(&s->d, (unsigned char *)out, text, n);
      if (k == (size_t)-1) {
        s->done = 1;
        return b64_fail(s, err, errsz);
      }
      n = k;
    }
    if (final) {   /* the decoder's last bytes in the same call */
      s->done = 1;
      if (s->base64) {
        k = al_b64_dec_final(&s->d, (unsigned char *)out + n);
        if (k == (size_t)-1) return b64_fail(s, err, errsz);
        n += k;
      }
    }
    if (n > 0 || final) return (long)n;
  }
}
