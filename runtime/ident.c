/*
** ident: md5 hex, uuids, testCaseId/historyId (see ident.h).
*/
#define _GNU_SOURCE
#include "ident.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <unistd.h>

/* Lower case: allure-js and allure-python write md5 hex so, and TestOps compares ids as
 * strings. */
static const char lhex[] = "0123456789abcdef";

static void hex16(const unsigned char d[16], char out[AL_MD5_HEX_LEN + 1]) {
  int i;
  for (i = 0; i < 16; i++) {
    out[2 * i] = lhex[d[i] >> 4];
    out[2 * i + 1] = lhex[d[i] & 15];
  }
  out[32] = '\0';
}

void al_md5_hex(const void *data, size_t n, char out[AL_MD5_HEX_LEN + 1]) {
  MD5_CTX c;
  unsigned char d[MD5_DIGEST_LENGTH];
  MD5Init(&c);
  MD5Update(&c, data, n);
  MD5Final(d, &c);
  hex16(d, out);
}

void al_test_case_id(const char *full_name, size_t n, char out[AL_MD5_HEX_LEN + 1]) {
  al_md5_hex(full_name, n, out);
}

/* {======================================================================
** Uuids
** ======================================================================= */

/* The pool starts empty: a deterministic writer never needs the kernel at all. */
void al_ids_init(struct al_ids *g, int deterministic, const char *seed, size_t seed_len) {
  g->deterministic = deterministic;
  g->counter = 0;
  g->pos = sizeof g->pool;
  if (seed == NULL) {
    seed = "allure-lua";
    seed_len = strlen(seed);
  }
  /* Hash "seed:" once; each uuid then only adds its counter to a copy. */
  MD5Init(&g->base);
  MD5Update(&g->base, (const uint8_t *)seed, seed_len);
  MD5Update(&g->base, (const uint8_t *)":", 1);
  g->seeded = g->base;
}

void al_ids_reseed(struct al_ids *g, const void *key, size_t n) {
  if (!g->deterministic) return;
  g->seeded = g->base;
  MD5Update(&g->seeded, key, n);
  MD5Update(&g->seeded, (const uint8_t *)":", 1);
  g->counter = 0;
}

int al_md5_fd(int fd, char out[AL_MD5_HEX_LEN + 1]) {
  unsigned char buf[65536], d[MD5_DIGEST_LENGTH];
  MD5_CTX c;
  MD5Init(&c);
  for (;;) {
    ssize_t r = read(fd, buf, sizeof buf);
    if (r < 0 && errno == EINTR) continue;
    if (r < 0) return -1;
    if (r == 0) break;
    MD5Update(&c, buf, (size_t)r);
  }
  MD5Final(d, &c);
  hex16(d, out);
  return 0;
}

int al_md5_fd_range(int fd, long long off, long long len, char out[AL_MD5_HEX_LEN + 1]) {
  unsigned char buf[16384], d[MD5_DIGEST_LENGTH];
  MD5_CTX c;
  MD5Init(&c);
  while (len > 0) {
    ssize_t r = pread(fd, buf, len < (long long)sizeof buf ? (size_t)len : sizeof buf, off);
    if (r < 0 && errno == EINTR) continue;
    if (r < 0) return -1;
    if (r == 0) {                                   /* the file is shorter than the range */
      errno = EIO;
      return -1;
    }
    MD5Update(&c, buf, (size_t)r);
    off += r;
    len -= r;
  }
  MD5Final(d, &c);
  hex16(d, out);
  return 0;
}

/* getrandom may return less than asked for a large request, or not exist (ENOSYS on very
 * old kernels, blocked by a seccomp filter): fall back to /dev/urandom then. */
static int fill(unsigned char *p, size_t n) {
  size_t got = 0;
  while (got < n) {
    ssize_t r = getrandom(p + got, n - got, 0);
    if (r < 0) {
      if (errno == EINTR) continue;
      break;
    }
    got += (size_t)r;
  }
  if (got < n) {
    int fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);
    if (fd < 0) return -1;
    while (got < n) {
      ssize_t r = read(fd, p + got, n - got);
      if (r < 0 && errno == EINTR) continue;
      if (r <= 0) {
        if (r == 0) errno = EIO;
        close(fd);
        return -1;
      }
      got += (size_t)r;
    }
    close(fd);
  }
  return 0;
}

int al_random_bytes(struct al_ids *g, void *buf, size_t n) {
  unsigned char *out = buf;
  while (n > 0) {
    size_t k;
    if (g->pos == sizeof g->pool) {
      if (fill(g->pool, sizeof g->pool) != 0) return -1;
      g->pos = 0;
    }
    k = sizeof g->pool - g->pos;
    if (k > n) k = n;
    memcpy(out, g->pool + g->pos, k);
    /* Used bytes are not kept around in memory longer than needed. */
    memset(g->pool + g->pos, 0, k);
    g->pos += k;
    out += k;
    n -= k;
  }
  return 0;
}

void al_uuid_format(const unsigned char bytes[16], char out[AL_UUID_LEN + 1]) {
  unsigned char b[16];
  int i;
  char *o = out;
  memcpy(b, bytes, 16);
  b[6] = (unsigned char)((b[6] & 0x0F) | 0x40);   /* version 4 */
  b[8] = (unsigned char)((b[8] & 0x3F) | 0x80);   /* variant 10xx (RFC 4122) */
  for (i = 0; i < 16; i++) {
    if (i == 4 || i == 6 || i == 8 || i == 10) *o++ = '-';
    *o++ = lhex[b[i] >> 4];
    *o++ = lhex[b[i] & 15];
  }
  *o = '\0';
}

/* Decimal digits of u into buf (>= 20 bytes); returns their count. */
static int utoa(unsigned long long u, char *buf) {
  char tmp[20];
  int k = 0, len = 0;
  do {
    tmp[k++] = (char)('0' + u % 10);
    u /= 10;
  } while (u);
  while (k) buf[len++] = tmp[--k];
  return len;
}

int al_uuid(struct al_ids *g, char out[AL_UUID_LEN + 1]) {
  return al_uuid_mixed(g, NULL, 0, out);
}

int al_uuid_mixed(struct al_ids *g, const void *mix, size_t n, char out[AL_UUID_LEN + 1]) {
  unsigned char b[16];
  if (g->deterministic) {
    MD5_CTX c = g->seeded;
    char num[20];
    int len = utoa(++g->counter, num);
    MD5Update(&c, (const uint8_t *)num, (size_t)len);
    if (n > 0) {
      MD5Update(&c, (const uint8_t *)":", 1);
      MD5Update(&c, mix, n);
    }
    MD5Final(b, &c);
  } else if (al_random_bytes(g, b, sizeof b) != 0) {
    return -1;
  }
  al_uuid_format(b, out);
  return 0;
}

/* }====================================================================== */

/* {======================================================================
** historyId
** ======================================================================= */

/* Byte order, not allure-js's localeCompare: locale collation differs between machines,
 * and an id must not. The two agree on ASCII letters of one case and digits. */
static int bytecmp(const char *a, size_t an, const char *b, size_t bn) {
  int c = memcmp(a, b, an < bn ? an : bn);
  if (c != 0) return c;
  return an < bn ? -1 : an > bn;
}

static int param_cmp(const void *x, const void *y) {
  const struct al_param *a = x, *b = y;
  int c = bytecmp(a->name, a->name_len, b->name, b->name_len);
  return c != 0 ? c : bytecmp(a->value, a->value_len, b->value, b->value_len);
}

void al_params_md5(struct al_param *p, size_t n, char out[AL_MD5_HEX_LEN + 1]) {
  /* md5("") hex: most results have no parameters, and this runs once per result. */
  static const char empty[AL_MD5_HEX_LEN + 1] = "d41d8cd98f00b204e9800998ecf8427e";
  MD5_CTX c;
  unsigned char d[MD5_DIGEST_LENGTH];
  size_t i;
  if (n == 0) {
    memcpy(out, empty, sizeof empty);
    return;
  }
  if (n > 1) qsort(p, n, sizeof *p, param_cmp);
  MD5Init(&c);
  for (i = 0; i < n; i++) {
    if (i > 0) MD5Update(&c, (const uint8_t *)",", 1);
    MD5Update(&c, (const uint8_t *)p[i].name, p[i].name_len);
    MD5Update(&c, (const uint8_t *)":", 1);
    MD5Update(&c, (const uint8_t *)p[i].value, p[i].value_len);
  }
  MD5Final(d, &c);
  hex16(d, out);
}

/* }====================================================================== */

/*
** {======================================================================
** Fingerprint map
** =======================================================================
*/

#define FPMAP_MIN 16

/* The first 7 bytes of md5(key), never 0 (0 marks an empty slot). */
static unsigned long long fingerprint(const void *key, size_t n) {
  MD5_CTX c;
  unsigned char d[MD5_DIGEST_LENGTH];
  unsigned long long fp = 0;
  int i;
  MD5Init(&c);
  MD5Update(&c, key, n);
  MD5Final(d, &c);
  for (i = 0; i < 7; i++) fp = (fp << 8) | d[i];
  return fp != 0 ? fp : 1;
}

/* Linear probing that never wraps: a key's home is fp & (cap - 1) and its probe runs up
 * into FPMAP_TAIL slots past cap. Without wrapping, the table doubles in place (below). */
#define FPMAP_TAIL 256
#define FPMAP_FULL ((size_t)-1)

/* The slot that holds fp, or the empty one where it would go; FPMAP_FULL when the probe
 * reaches the end of the tail (the table must grow). */
static size_t fpmap_slot(const unsigned long long *slots, size_t cap, unsigned long long fp) {
  size_t i = (size_t)fp & (cap - 1), end = cap + FPMAP_TAIL;   /* md5 bits: already uniform */
  while (slots[i] != 0 && (slots[i] >> 8) != fp)
    if (++i == end) return FPMAP_FULL;
  return i;
}

void al_fpmap_init(struct al_fpmap *m) {
  m->slots = NULL;
  m->cap = m->n = 0;
}

void al_fpmap_free(struct al_fpmap *m) {
  free(m->slots);
  al_fpmap_init(m);
}

int al_fpmap_get(const struct al_fpmap *m, const void *key, size_t n) {
  unsigned long long fp;
  size_t i;
  if (m->n == 0) return 0;
  fp = fingerprint(key, n);
  i = fpmap_slot(m->slots, m->cap, fp);
  return i == FPMAP_FULL ? 0 : (int)(m->slots[i] & 0xff);
}

/* Doubles the table where it is: realloc (for a large table glibc moves the pages with
 * mremap, no copy) and a rehash in place, so the old and the new table are never held at
 * once (a million keys: 16 MB at the peak instead of 24). Entries past cap (the tail) are
 * set aside first; then every entry of [0, cap), in increasing order, is taken out and put
 * back at its new place. An entry lands either at or below where it was (home in the lower
 * half: every slot it passes has been done already) or in the upper half (which holds only
 * entries already put back), so it never passes an entry that moves later; nothing wraps. */
static int fpmap_grow(struct al_fpmap *m);

/* Puts entries set aside back into a consistent table, growing it again should a probe
 * run off the end (not seen at the load of a table just doubled, but possible). */
static int fpmap_place(struct al_fpmap *m, const unsigned long long *e, size_t n) {
  size_t i, j;
  for (i = 0; i < n; i++) {
    while ((j = fpmap_slot(m->slots, m->cap, e[i] >> 8)) == FPMAP_FULL)
      if (fpmap_grow(m) != 0) return -1;
    m->slots[j] = e[i];
  }
  return 0;
}

static int fpmap_grow(struct al_fpmap *m) {
  size_t cap = m->cap ? m->cap * 2 : FPMAP_MIN, old = m->cap, i, j, nspill = 0;
  unsigned long long *slots, spill[2 * FPMAP_TAIL];
  if (cap > ((size_t)-1) / sizeof *slots - FPMAP_TAIL) {
    errno = ENOMEM;
    return -1;
  }
  slots = realloc(m->slots, (cap + FPMAP_TAIL) * sizeof *slots);
  if (slots == NULL) return -1;
  if (old == 0) {
    memset(slots, 0, (cap + FPMAP_TAIL) * sizeof *slots);
  } else {
    for (i = old; i < old + FPMAP_TAIL; i++)
      if (slots[i] != 0) spill[nspill++] = slots[i];
    memset(slots + old, 0, (cap + FPMAP_TAIL - old) * sizeof *slots);
    for (i = 0; i < old; i++) {
      unsigned long long e = slots[i];
      if (e == 0) continue;
      slots[i] = 0;
      j = fpmap_slot(slots, cap, e >> 8);
      if (j != FPMAP_FULL) {
        slots[j] = e;
      } else {
        /* Off the end: set aside with the tail's, put back once the table is whole. 256 of
         * them would take 256 runs of 256 full slots at the end of a table 3/8 full. */
        if (nspill == sizeof spill / sizeof *spill) abort();
        spill[nspill++] = e;
      }
    }
  }
  m->slots = slots;
  m->cap = cap;
  return fpmap_place(m, spill, nspill);
}

/* The slot of fp, or the empty one where it goes, with room for one more key; FPMAP_FULL
 * when out of memory. */
static size_t fpmap_room(struct al_fpmap *m, unsigned long long fp) {
  size_t i;
  if ((m->n + 1) * 4 > m->cap * 3 && fpmap_grow(m) != 0) return FPMAP_FULL;
  while ((i = fpmap_slot(m->slots, m->cap, fp)) == FPMAP_FULL)
    if (fpmap_grow(m) != 0) return FPMAP_FULL;   /* a probe ran off the end: more room */
  return i;
}

int al_fpmap_put(struct al_fpmap *m, const void *key, size_t n, int value) {
  unsigned long long fp = fingerprint(key, n);
  size_t i = fpmap_room(m, fp);
  if (i == FPMAP_FULL) return -1;
  if (m->slots[i] == 0) m->n++;
  m->slots[i] = (fp << 8) | ((unsigned)value & 0xff);
  return 0;
}

int al_fpmap_update(struct al_fpmap *m, const void *key, size_t n, int value, int step) {
  unsigned long long fp = fingerprint(key, n);
  size_t i = fpmap_room(m, fp);
  int before, after;
  if (i == FPMAP_FULL) return -1;
  before = (int)(m->slots[i] & 0xff);
  if (m->slots[i] == 0) {
    m->n++;
    after = value;
  } else {
    after = before + step > 255 ? 255 : before + step;
  }
  m->slots[i] = (fp << 8) | ((unsigned)after & 0xff);
  return before;
}

/* }====================================================================== */
