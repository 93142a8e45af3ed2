/* jspan: JSON string unescaping as cjson (and ljson.c's surrogate repair) gives it, at
 * every split of the input across calls, and a span of a file decoded in pieces (escapes
 * and base64 groups cut by the 48 KiB reads) to the bytes a whole decode gives. */
#define _GNU_SOURCE   /* nftw in tmpdir.h */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "jspan.h"
#include "tmpdir.h"

/* Unescapes in (its length n) split at cut; returns the length or -1. */
static long unescape_split(const char *in, size_t n, size_t cut, char *out) {
  struct al_junesc u;
  size_t a, b;
  al_junesc_init(&u);
  a = al_junesc_update(&u, out, in, cut, cut == n);
  if (a == (size_t)-1) return -1;
  if (cut == n) return (long)a;
  b = al_junesc_update(&u, out + a, in + cut, n - cut, 1);
  return b == (size_t)-1 ? -1 : (long)(a + b);
}

static void expect_unescape(const char *in, const char *want, size_t want_len) {
  size_t n = strlen(in);
  char out[256];
  for (size_t cut = 0; cut <= n; cut++) {
    long k = unescape_split(in, n, cut, out);
    if (k < 0) fail_msg("\"%s\" cut at %zu: refused", in, cut);
    assert_int_equal(k, (long)want_len);
    assert_memory_equal(out, want, want_len);
  }
}

static void expect_refused(const char *in, size_t n) {
  char out[256];
  for (size_t cut = 0; cut <= n; cut++)
    if (unescape_split(in, n, cut, out) >= 0) fail_msg("\"%s\" cut at %zu: accepted", in, cut);
}

#define UNESCAPES(in, want) expect_unescape(in, want, sizeof want - 1)

static void test_escapes(void **state) {
  (void)state;
  UNESCAPES("plain text", "plain text");
  UNESCAPES("a\\nb\\r\\n\\t\\\"\\\\\\/\\b\\f", "a\nb\r\n\t\"\\/\b\f");
  UNESCAPES("\\u0041\\u00e9\\u2737\\u0000z", "A\xC3\xA9\xE2\x9C\xB7\0z");
  UNESCAPES("\\ud83d\\ude00!", "\xF0\x9F\x98\x80!");
  UNESCAPES("\\uD83D\\uDE00", "\xF0\x9F\x98\x80");
  /* lone halves become U+FFFD, as ljson.c's mend_surrogates makes them before cjson */
  UNESCAPES("x\\ud800", "x\xEF\xBF\xBD");
  UNESCAPES("\\ud800y", "\xEF\xBF\xBDy");
  UNESCAPES("\\udc00\\ud800\\u0041", "\xEF\xBF\xBD\xEF\xBF\xBD" "A");
  UNESCAPES("\\ud83d\\ud83d\\ude00", "\xEF\xBF\xBD\xF0\x9F\x98\x80");
  UNESCAPES("\\ud83d\\n", "\xEF\xBF\xBD\n");
  UNESCAPES("raw \xC3\xA9 \x01 bytes", "raw \xC3\xA9 \x01 bytes");
  expect_refused("a\\q", 3);
  expect_refused("a\\u12G4", 7);
  expect_refused("a\\u12", 5);
  expect_refused("a\\", 2);
  expect_refused("a\0b", 3);
}

/* A file holding `prefix "inside" suffix`, its span read back in pieces. */
static long read_span(const char *dir, const char *inside, size_t n, int escaped, int base64, char **out,
                      char *err, size_t errsz) {
  char path[256], piece[AL_JSPAN_OUT];
  struct al_jspan *s = malloc(sizeof *s);
  size_t have = 0;
  long k;
  FILE *f;
  assert_non_null(s);
  snprintf(path, sizeof path, "%s/span.json", dir);
  f = fopen(path, "wb");
  assert_non_null(f);
  fputs("{\"body\":\"", f);
  assert_int_equal(fwrite(inside, 1, n, f), n);
  fputs("\"}", f);
  fclose(f);
  FILE *r = fopen(path, "rb");
  assert_non_null(r);
  *out = malloc(n + 16);
  al_jspan_start(s, fileno(r), 9, n, escaped, base64);
  while ((k = al_jspan_next(s, piece, err, errsz)) > 0) {
    memcpy(*out + have, piece, (size_t)k);
    have += (size_t)k;
  }
  fclose(r);
  free(s);
  return k < 0 ? -1 : (long)have;
}

static void test_span_in_pieces(void **state) {
  char dir[128], err[128];
  const size_t nbytes = 300000;
  unsigned char *data = malloc(nbytes);
  char *text = malloc(nbytes * 2), *got;
  size_t n = 0;
  long k;
  (void)state;
  assert_int_equal(al_tmpdir_make(dir, sizeof dir, NULL, "jspan"), 0);
  for (size_t i = 0; i < nbytes; i++) data[i] = (unsigned char)(i * 2654435761u >> 13);
  /* base64 with a JSON "\n" after every 76 characters and an escaped "/" as some encoders
   * write it: escapes fall across the 48 KiB pieces at many places */
  {
    char *enc = malloc(al_b64_enc_len(nbytes));
    size_t len = al_b64_encode(enc, data, nbytes);
    for (size_t i = 0; i < len; i++) {
      if (enc[i] == '/') text[n++] = '\\';
      text[n++] = enc[i];
      if (i % 76 == 75) {
        text[n++] = '\\';
        text[n++] = 'n';
      }
    }
    free(enc);
  }
  k = read_span(dir, text, n, 1, 1, &got, err, sizeof err);
  if (k < 0) fail_msg("%s", err);
  assert_int_equal(k, (long)nbytes);
  assert_memory_equal(got, data, nbytes);
  free(got);
  /* the same text unescaped only: no "\n", no "\/" left */
  k = read_span(dir, text, n, 1, 0, &got, err, sizeof err);
  assert_true(k > 0);
  assert_null(memchr(got, '\\', (size_t)k));
  free(got);
  /* raw, nothing to unescape: the bytes as they are */
  k = read_span(dir, "abc", 3, 0, 0, &got, err, sizeof err);
  assert_int_equal(k, 3);
  assert_memory_equal(got, "abc", 3);
  free(got);
  /* bad base64: base64.decode's message, the offset counted in the unescaped text */
  k = read_span(dir, "QUJD\\nR*==", 10, 1, 1, &got, err, sizeof err);
  assert_int_equal(k, -1);
  assert_string_equal(err, "base64: invalid character at offset 6");
  free(got);
  k = read_span(dir, "QUJDR", 5, 0, 1, &got, err, sizeof err);
  assert_int_equal(k, -1);
  assert_string_equal(err, "base64: truncated data at offset 5");
  free(got);
  k = read_span(dir, "", 0, 0, 1, &got, err, sizeof err);
  assert_int_equal(k, 0);
  free(got);
  free(text);
  free(data);
  al_tmpdir_remove(dir);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_escapes),
    cmocka_unit_test(test_span_in_pieces),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
