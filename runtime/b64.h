/*
** b64: base64 (RFC 4648) as reports embed binary data: Playwright bodies, Cucumber
** embeddings, data: URIs, xUnit and Robot images. Pure C, no Lua.
**
** Decoding reads both alphabets (standard "+/" and URL-safe "-_", even mixed), skips white
** space anywhere (MIME bodies break lines, data: URIs may carry spaces), and takes the "="
** padding as optional; after the first "=" only "=" and white space may follow. The decoder
** keeps its state between calls, so a body can be decoded in pieces as it is read. Encoding
** writes the standard alphabet with padding.
*/
#ifndef AL_B64_H
#define AL_B64_H

#include <stddef.h>

enum {
  AL_B64_OK = 0,
  AL_B64_EBADCHAR,     /* a byte that is neither base64, "=" nor white space */
  AL_B64_EPAD,         /* a base64 character after the "=" padding */
  AL_B64_ETRUNC        /* the data ends one character into a group of four */
};

struct al_b64_dec {
  unsigned acc;                 /* the sextets of the group being read */
  unsigned nchars;              /* how many of them (0..3) */
  unsigned pad;                 /* "=" seen: the data is over */
  int err;                      /* AL_B64_*: once set, every further call fails */
  unsigned long long off;       /* input bytes consumed before this call */
  unsigned long long err_off;   /* offset of the offending byte in the whole input */
};

void al_b64_dec_init(struct al_b64_dec *d);

/* Room the output of one update of n input bytes needs at most. */
static inline size_t al_b64_dec_room(size_t n) { return n / 4 * 3 + 3; }

/* Decodes n bytes of input into out (at least al_b64_dec_room(n) bytes). Returns the bytes
 * written, or (size_t)-1 with d->err and d->err_off set. */
size_t al_b64_dec_update(struct al_b64_dec *d, unsigned char *out, const char *in, size_t n);

/* The end of the input: writes the last 0..2 bytes of a group without padding into out
 * (3 bytes of room). Returns their count, or (size_t)-1 (AL_B64_ETRUNC, or an earlier
 * error). */
size_t al_b64_dec_final(struct al_b64_dec *d, unsigned char *out);

/* A message for d->err ("invalid character", ...), without the offset. */
const char *al_b64_strerror(int err);

/* Bytes of the encoding of n bytes (with padding); 0 when that overflows size_t. */
static inline size_t al_b64_enc_len(size_t n) {
  return n > ((size_t)-1 / 4 - 1) * 3 ? 0 : (n + 2) / 3 * 4;
}

/* Encodes n bytes into out (al_b64_enc_len(n) bytes, no NUL). Returns that length. */
size_t al_b64_encode(char *out, const unsigned char *in, size_t n);

#endif
