/* base64 (b64.h). Decoding: four characters are looked up and checked in one go while
** they are all base64 (the common case: 3 output bytes per step, no branch per byte); a group
** holding white space, padding or a bad byte goes through the byte-at-a-time path, which keeps
** the partial group in the state so the next call continues it. */
#include "b64.h"

#include <stdint.h>
#include <string.h>

#define WS 0xFE
#define PAD 0xFD

/* The sextet of each byte: both alphabets; WS for " \t\n\v\f\r", PAD for "=", 0xFF else. */
static const unsigned char VAL[256] = {
  255, 255, 255, 255, 255, 255, 255, 255, 255, 254, 254, 254, 254, 254, 255, 255,
  255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255,
  254, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255,  62, 255,  62, 255,  63,
   52,  53,  54,  55,  56,  57,  58,  59,  60,  61, 255, 255, 255, 253, 255, 255,
  255,   0,   1,   2,   3,   4,   5,   6,   7,   8,   9,  10,  11,  12,  13,  14,
   15,  16,  17,  18,  19,  20,  21,  22,  23,  24,  25, 255, 255, 255, 255,  63,
  255,  26,  27,  28,  29,  30,  31,  32,  33,  34,  35,  36,  37,  38,  39,  40,
   41,  42,  43,  44,  45,  46,  47,  48,  49,  50,  51, 255, 255, 255, 255, 255,
  255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255,
  255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255,
  255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255,
  255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255,
  255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255,
  255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255,
  255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255,
  255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255,
};

static const char ALPHABET[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

void al_b64_dec_init(struct al_b64_dec *d) { memset(d, 0, sizeof *d); }

const char *al_b64_strerror(int err) {
  switch (err) {
  case AL_B64_OK: return "no error";
  case AL_B64_EBADCHAR: return "invalid character";
  case AL_B64_EPAD: return "padding inside the data";
  case AL_B64_ETRUNC: return "truncated data";
  default: return "unknown error";
  }
}

static size_t fail(struct al_b64_dec *d, int err, unsigned long long at) {
  d->err = err;
  d->err_off = at;
  return (size_t)-1;
}

size_t al_b64_dec_update(struct al_b64_dec *d, unsigned char *out, const char *in, size_t n) {
  const unsigned char *p = (const unsigned char *)in, *end = p + n;
  unsigned char *o = out;
  if (d->err) return (size_t)-1;
  while (p < end) {
    if (d->nchars == 0 && !d->pad) {
      /* Whole groups of four: an invalid, white space or padding byte has the high bit. */
      while (end - p >= 8) {
        unsigned a = VAL[p[0]], b = VAL[p[1]], c = VAL[p[2]], e = VAL[p[3]];
        unsigned f = VAL[p[4]], g = VAL[p[5]], h = VAL[p[6]], k = VAL[p[7]];
        if ((a | b | c | e | f | g | h | k) & 0x80) break;
        uint32_t x = a << 18 | b << 12 | c << 6 | e, y = f << 18 | g << 12 | h << 6 | k;
        o[0] = (unsigned char)(x >> 16);
        o[1] = (unsigned char)(x >> 8);
        o[2] = (unsigned char)x;
        o[3] = (unsigned char)(y >> 16);
        o[4] = (unsigned char)(y >> 8);
        o[5] = (unsigned char)y;
        o += 6;
        p += 8;
      }
      if (end - p >= 4) {
        unsigned a = VAL[p[0]], b = VAL[p[1]], c = VAL[p[2]], e = VAL[p[3]];
        if (!((a | b | c | e) & 0x80)) {
          uint32_t x = a << 18 | b << 12 | c << 6 | e;
          o[0] = (unsigned char)(x >> 16);
          o[1] = (unsigned char)(x >> 8);
          o[2] = (unsigned char)x;
          o += 3;
          p += 4;
          continue;
        }
      }
      if (p == end) break;
    }
    /* One byte at a time until the group is complete again. */
    unsigned v = VAL[*p];
    if (v < 64) {
      if (d->pad) return fail(d, AL_B64_EPAD, d->off + (unsigned long long)(p - (const unsigned char *)in));
      d->acc = d->acc << 6 | v;
      if (++d->nchars == 4) {
        o[0] = (unsigned char)(d->acc >> 16);
        o[1] = (unsigned char)(d->acc >> 8);
        o[2] = (unsigned char)d->acc;
        o += 3;
        d->acc = 0;
        d->nchars = 0;
      }
    } else if (v == PAD) {
      d->pad = 1;
    } else if (v != WS) {
      return fail(d, AL_B64_EBADCHAR, d->off + (unsigned long long)(p - (const unsigned char *)in));
    }
    p++;
  }
  d->off += n;
  return (size_t)(o - out);
}

size_t al_b64_dec_final(struct al_b64_dec *d, unsigned char *out) {
  size_t k = 0;
  if (d->err) return (size_t)-1;
  switch (d->nchars) {
  case 1: return fail(d, AL_B64_ETRUNC, d->off);
  case 2:
    out[k++] = (unsigned char)(d->acc >> 4);
    break;
  case 3:
    out[k++] = (unsigned char)(d->acc >> 10);
    out[k++] = (unsigned char)(d->acc >> 2);
    break;
  default: break;
  }
  d->acc = 0;
  d->nchars = 0;
  return k;
}

size_t al_b64_encode(char *out, const unsigned char *in, size_t n) {
  char *o = out;
  size_t i = 0;
  for (; n - i >= 3; i += 3) {
    uint32_t x = (uint32_t)in[i] << 16 | (uint32_t)in[i + 1] << 8 | in[i + 2];
    o[0] = ALPHABET[x >> 18];
    o[1] = ALPHABET[(x >> 12) & 63];
    o[2] = ALPHABET[(x >> 6) & 63];
    o[3] = ALPHABET[x & 63];
    o += 4;
  }
  if (n - i == 1) {
    uint32_t x = (uint32_t)in[i] << 16;
    o[0] = ALPHABET[x >> 18];
    o[1] = ALPHABET[(x >> 12) & 63];
    o[2] = '=';
    o[3] = '=';
    o += 4;
  } else if (n - i == 2) {
    uint32_t x = (uint32_t)in[i] << 16 | (uint32_t)in[i + 1] << 8;
    o[0] = ALPHABET[x >> 18];
    o[1] = ALPHABET[(x >> 12) & 63];
    o[2] = ALPHABET[(x >> 6) & 63];
    o[3] = '=';
    o += 4;
  }
  return (size_t)(o - out);
}
