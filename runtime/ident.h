/*
** ident: the identifiers of Allure results. md5 hex, uuids (random v4 from a buffered
** getrandom(2) pool, or deterministic from a seed), and the testCaseId/historyId formulas of
** allure-js (docs/allure-format.md section 7.3). Pure C, no Lua.
*/
#ifndef AL_IDENT_H
#define AL_IDENT_H

#include <stddef.h>
#include <md5.h>

#define AL_MD5_HEX_LEN 32   /* + NUL */
#define AL_UUID_LEN 36      /* 8-4-4-4-12, + NUL */

/* 32 lower-case hex digits of md5(data), zero-padded, NUL-terminated. Cannot fail. */
void al_md5_hex(const void *data, size_t n, char out[AL_MD5_HEX_LEN + 1]);

/* Uuid source. Random: 16 bytes at a time from a pool refilled 4 KiB per getrandom(2) call,
 * so 100k results cost ~400 syscalls. Deterministic: md5(seed ":" [key ":"] counter [":" mix])
 * shaped as a v4 uuid (version and variant bits set), counter 1, 2, ...: same calls, same
 * uuids. The key names the input being converted (its content's md5, al_ids_reseed) and mix
 * the result's identity, so that different inputs written into one directory do not collide. */
struct al_ids {
  int deterministic;
  unsigned long long counter;
  MD5_CTX base;                 /* md5 state after "seed:" (deterministic) */
  MD5_CTX seeded;               /* base, then "key:" of the current input */
  size_t pos;                   /* next unused byte of pool; sizeof pool = empty */
  unsigned char pool[4096];
};

/* seed NULL: "allure-lua". Cannot fail (the pool is filled on first use). */
void al_ids_init(struct al_ids *g, int deterministic, const char *seed, size_t seed_len);

/* Writes the next uuid (36 chars + NUL). 0, or -1 with errno when the kernel has no
 * randomness to give (getrandom and /dev/urandom both failed). */
int al_uuid(struct al_ids *g, char out[AL_UUID_LEN + 1]);

/* al_uuid with mix (an identity, n bytes) in the deterministic hash; random ones ignore it. */
int al_uuid_mixed(struct al_ids *g, const void *mix, size_t n, char out[AL_UUID_LEN + 1]);

/* Deterministic uuids from here on derive from key (n bytes) and a counter started again
 * from 1: the same input converted anywhere gives the same uuids. No-op when random. */
void al_ids_reseed(struct al_ids *g, const void *key, size_t n);

/* md5 hex of everything readable from fd, read from its current offset to the end. 0, or
 * -1 with errno. */
int al_md5_fd(int fd, char out[AL_MD5_HEX_LEN + 1]);

/* md5 hex of the len bytes at offset off of fd (pread: the offset is left alone). 0, or -1
 * with errno (EIO when the file ends first). */
int al_md5_fd_range(int fd, long long off, long long len, char out[AL_MD5_HEX_LEN + 1]);

/* n random bytes from the same pool (any mode). 0, or -1 with errno. */
int al_random_bytes(struct al_ids *g, void *buf, size_t n);

/* Formats 16 bytes as a v4 uuid: sets the version nibble to 4 and the variant to 10xx. */
void al_uuid_format(const unsigned char bytes[16], char out[AL_UUID_LEN + 1]);

/* testCaseId = md5hex(fullName). */
void al_test_case_id(const char *full_name, size_t n, char out[AL_MD5_HEX_LEN + 1]);

/* One parameter as it enters the historyId: the caller leaves out the excluded ones. */
struct al_param {
  const char *name, *value;
  size_t name_len, value_len;
};

/* md5hex of the parameters sorted by name then value (bytes, shorter first on a tie), each
 * "name:value", joined by ",". Sorts p in place. n == 0 gives md5("").
 * historyId = testCaseId ":" this. */
void al_params_md5(struct al_param *p, size_t n, char out[AL_MD5_HEX_LEN + 1]);

/* A set of keys seen, each with a small value (1..255), in 8 bytes a key: the key's
 * 56-bit md5 fingerprint and the value share one slot of an open-addressing table (load at
 * most 3/4). For tracking every test of one report scope without keeping their names: two
 * keys of n share a fingerprint with a chance of about n^2 / 2^57. */
struct al_fpmap {
  unsigned long long *slots;    /* fingerprint << 8 | value; 0 = empty */
  size_t cap, n;                /* cap: a power of two, or 0 before the first put */
};

void al_fpmap_init(struct al_fpmap *m);
void al_fpmap_free(struct al_fpmap *m);
/* The value stored for the key, or 0 when it was never put. */
int al_fpmap_get(const struct al_fpmap *m, const void *key, size_t n);
/* Stores value (1..255) for the key. 0, or -1 with errno ENOMEM (the map is unchanged). */
int al_fpmap_put(struct al_fpmap *m, const void *key, size_t n, int value);
/* A get and a put in one lookup (one fingerprint): a new key gets `value` (1..255), a key
 * already there its value plus `step` (at most 255; step 0 leaves it). Returns the value
 * before (0: the key was new), or -1 with errno ENOMEM (the map is unchanged). */
int al_fpmap_update(struct al_fpmap *m, const void *key, size_t n, int value, int step);

#endif
