/* b64: RFC 4648 section 10 vectors both ways, the URL-safe alphabet, white space and padding
 * as MIME bodies and data: URIs carry them, every split of an input across calls (the
 * decoder's state), and bad input reported with the offset of the offending byte. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "b64.h"

/* Decodes s in one call; returns the length or -1, the error in *err / *off. */
static long decode(const char *s, unsigned char *out, int *err, unsigned long long *off) {
  struct al_b64_dec d;
  size_t n = strlen(s), k, t;
  al_b64_dec_init(&d);
  k = al_b64_dec_update(&d, out, s, n);
  if (k != (size_t)-1) {
    t = al_b64_dec_final(&d, out + k);
    k = t == (size_t)-1 ? t : k + t;
  }
  *err = d.err;
  *off = d.err_off;
  return k == (size_t)-1 ? -1 : (long)k;
}

static void expect_decode(const char *in, const char *want) {
  unsigned char out[256];
  int err;
  unsigned long long off;
  long k = decode(in, out, &err, &off);
  if (k < 0) fail_msg("\"%s\": error %d at %llu", in, err, off);
  assert_int_equal(k, (long)strlen(want));
  assert_memory_equal(out, want, (size_t)k);
}

static void expect_error(const char *in, int want_err, unsigned long long want_off) {
  unsigned char out[256];
  int err;
  unsigned long long off;
  assert_int_equal(decode(in, out, &err, &off), -1);
  assert_int_equal(err, want_err);
  assert_int_equal(off, want_off);
}

static const char *const RFC[][2] = {
  {"", ""},         {"f", "Zg=="},        {"fo", "Zm8="},          {"foo", "Zm9v"},
  {"foob", "Zm9vYg=="}, {"fooba", "Zm9vYmE="}, {"foobar", "Zm9vYmFy"},
};

static void test_rfc4648_vectors(void **state) {
  (void)state;
  for (size_t i = 0; i < sizeof RFC / sizeof *RFC; i++) {
    char enc[16];
    size_t n = al_b64_encode(enc, (const unsigned char *)RFC[i][0], strlen(RFC[i][0]));
    assert_int_equal(n, al_b64_enc_len(strlen(RFC[i][0])));
    assert_int_equal(n, strlen(RFC[i][1]));
    assert_memory_equal(enc, RFC[i][1], n);
    expect_decode(RFC[i][1], RFC[i][0]);
  }
}

static void test_padding_is_optional(void **state) {
  (void)state;
  expect_decode("Zg", "f");
  expect_decode("Zm8", "fo");
  expect_decode("Zm9vYg", "foob");
  expect_decode("Zm9vYmE", "fooba");
  expect_decode("Zg=", "f");                 /* short padding */
  expect_decode("Zg==\n", "f");              /* a line break after it */
  expect_decode("Zg= =", "f");
  expect_decode("====", "");
}

static void test_white_space_is_skipped(void **state) {
  (void)state;
  /* MIME: lines of 76 with CRLF; data: URIs copied from HTML with spaces and tabs. */
  expect_decode("Zm9v\r\nYmFy\r\n", "foobar");
  expect_decode(" Z m 9 v Y m F y ", "foobar");
  expect_decode("\tZm9vY\fm\vE=\n", "fooba");
  expect_decode("\n\n\n", "");
}

static void test_url_safe_alphabet(void **state) {
  (void)state;
  expect_decode("-_8", "\xfb\xff");
  expect_decode("+/8", "\xfb\xff");
  expect_decode("-/-_", "\xfb\xff\xbf");     /* mixed */
}

static void test_bad_input_names_the_offset(void **state) {
  (void)state;
  expect_error("ab$c", AL_B64_EBADCHAR, 2);
  expect_error("Zm9vYmFy!", AL_B64_EBADCHAR, 8);
  expect_error("a", AL_B64_ETRUNC, 1);
  expect_error("Zm9vY", AL_B64_ETRUNC, 5);
  expect_error("YQ==YQ", AL_B64_EPAD, 4);
  expect_error("Zg=\nZ", AL_B64_EPAD, 4);
  expect_error("Zm9v.Zm9v", AL_B64_EBADCHAR, 4);
  expect_error("\xc3\xa9", AL_B64_EBADCHAR, 0);
  assert_string_equal(al_b64_strerror(AL_B64_EBADCHAR), "invalid character");
}

/* A NUL in the data is a bad byte like any other. */
static void test_nul_byte_is_invalid(void **state) {
  struct al_b64_dec d;
  unsigned char out[16];
  (void)state;
  al_b64_dec_init(&d);
  assert_int_equal(al_b64_dec_update(&d, out, "Zm9v\0Zm9v", 9), (size_t)-1);
  assert_int_equal(d.err, AL_B64_EBADCHAR);
  assert_int_equal(d.err_off, 4);
  /* Once failed, always failed. */
  assert_int_equal(al_b64_dec_update(&d, out, "Zm9v", 4), (size_t)-1);
  assert_int_equal(al_b64_dec_final(&d, out), (size_t)-1);
}

/* Every byte value round-trips, in one call and split into pieces at every position. */
static void test_round_trip_and_every_split(void **state) {
  unsigned char raw[1000], *dec;
  char *enc, *spaced;
  size_t n, m = 0;
  (void)state;
  for (size_t i = 0; i < sizeof raw; i++) raw[i] = (unsigned char)(i * 7 + i / 256);
  enc = malloc(al_b64_enc_len(sizeof raw));
  n = al_b64_encode(enc, raw, sizeof raw);
  /* A line break every 76 characters, as MIME writes it. */
  spaced = malloc(n + n / 76 * 2 + 2);
  for (size_t i = 0; i < n; i++) {
    spaced[m++] = enc[i];
    if (i % 76 == 75) { spaced[m++] = '\r'; spaced[m++] = '\n'; }
  }
  dec = malloc(al_b64_dec_room(m) + 3);
  for (int variant = 0; variant < 2; variant++) {
    const char *in = variant ? spaced : enc;
    size_t len = variant ? m : n;
    for (size_t cut = 0; cut <= len; cut += (cut < 20 || len - cut < 20) ? 1 : 13) {
      struct al_b64_dec d;
      size_t k = 0, r;
      al_b64_dec_init(&d);
      r = al_b64_dec_update(&d, dec, in, cut);
      assert_int_not_equal(r, (size_t)-1);
      k += r;
      /* The rest one byte at a time for the first cuts, in one piece for the others. */
      if (cut < 8) {
        for (size_t i = cut; i < len; i++) {
          r = al_b64_dec_update(&d, dec + k, in + i, 1);
          assert_int_not_equal(r, (size_t)-1);
          k += r;
        }
      } else {
        r = al_b64_dec_update(&d, dec + k, in + cut, len - cut);
        assert_int_not_equal(r, (size_t)-1);
        k += r;
      }
      r = al_b64_dec_final(&d, dec + k);
      assert_int_not_equal(r, (size_t)-1);
      k += r;
      assert_int_equal(k, sizeof raw);
      assert_memory_equal(dec, raw, sizeof raw);
    }
  }
  /* An error offset counts the bytes of the earlier calls. */
  {
    struct al_b64_dec d;
    al_b64_dec_init(&d);
    assert_int_not_equal(al_b64_dec_update(&d, dec, enc, 100), (size_t)-1);
    assert_int_equal(al_b64_dec_update(&d, dec, "AA*A", 4), (size_t)-1);
    assert_int_equal(d.err_off, 102);
  }
  free(enc);
  free(spaced);
  free(dec);
}

static void test_encode_lengths(void **state) {
  (void)state;
  assert_int_equal(al_b64_enc_len(0), 0);
  assert_int_equal(al_b64_enc_len(1), 4);
  assert_int_equal(al_b64_enc_len(3), 4);
  assert_int_equal(al_b64_enc_len(4), 8);
  assert_int_equal(al_b64_enc_len((size_t)-1), 0);    /* would overflow */
  char enc[8];
  assert_int_equal(al_b64_encode(enc, (const unsigned char *)"\0\xff", 2), 4);
  assert_memory_equal(enc, "AP8=", 4);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_rfc4648_vectors),
    cmocka_unit_test(test_padding_is_optional),
    cmocka_unit_test(test_white_space_is_skipped),
    cmocka_unit_test(test_url_safe_alphabet),
    cmocka_unit_test(test_bad_input_names_the_offset),
    cmocka_unit_test(test_nul_byte_is_invalid),
    cmocka_unit_test(test_round_trip_and_every_split),
    cmocka_unit_test(test_encode_lengths),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
