/* jsonw: buffer, JSON escaping and UTF-8 repair, display names, .properties, the emitter. */
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "jsonw.h"

/* The buffer's content as a NUL-terminated string (static copy). */
static const char *text(struct jbuf *b) {
  static char out[1 << 16];
  assert_true(b->len < sizeof out);
  memcpy(out, b->p ? b->p : "", b->len);
  out[b->len] = '\0';
  return out;
}

static const char *esc(const char *s, size_t n) {
  static struct jbuf b = JBUF_INIT;
  jb_clear(&b);
  json_escape(&b, s, n);
  return text(&b);
}

static const char *name(const char *s) {
  static struct jbuf b = JBUF_INIT;
  size_t n;
  jb_clear(&b);
  n = json_escape_name(&b, s, strlen(s));
  assert_int_equal(n, b.len);
  return text(&b);
}

static const char *props(const char *s, int key) {
  static struct jbuf b = JBUF_INIT;
  jb_clear(&b);
  props_escape(&b, s, strlen(s), key);
  return text(&b);
}

static void test_buffer(void **state) {
  struct jbuf b = JBUF_INIT;
  (void)state;
  jb_put(&b, "", 0);                    /* nothing to copy: no allocation, no crash */
  assert_int_equal(b.len, 0);
  jb_puts(&b, "ab");
  jb_putc(&b, 'c');
  jb_int(&b, 0);
  jb_putc(&b, ' ');
  jb_int(&b, -42);
  jb_putc(&b, ' ');
  jb_int(&b, LLONG_MIN);
  jb_putc(&b, ' ');
  jb_int(&b, LLONG_MAX);
  assert_string_equal(text(&b), "abc0 -42 -9223372036854775808 9223372036854775807");
  assert_false(b.oom);
  /* An impossible size fails and sets the sticky flag, which only jb_clear resets. */
  assert_int_equal(jb_reserve(&b, SIZE_MAX), -1);
  assert_true(b.oom);
  assert_int_equal(jb_reserve(&b, SIZE_MAX / 2), -1);
  jb_puts(&b, "more");
  assert_true(b.oom);
  jb_clear(&b);
  assert_false(b.oom);
  jb_free(&b);
  jb_free(&b);                          /* twice is fine */
  assert_null(b.p);
}

static void test_escape(void **state) {
  (void)state;
  assert_string_equal(esc("plain text / ok", 15), "plain text / ok");
  assert_string_equal(esc("\"q\" \\b\\", 7), "\\\"q\\\" \\\\b\\\\");
  assert_string_equal(esc("\b\f\n\r\t", 5), "\\b\\f\\n\\r\\t");
  assert_string_equal(esc("\x01\x1f\x7f", 3), "\\u0001\\u001F\x7f");
  assert_string_equal(esc("a\0b", 3), "a\\u0000b");
  /* Valid UTF-8 of every length goes through untouched. */
  assert_string_equal(esc("\xc3\xa9 \xe4\xb8\xad \xf0\x9f\x98\x80", 11),
                      "\xc3\xa9 \xe4\xb8\xad \xf0\x9f\x98\x80");
  assert_string_equal(esc("\xef\xbf\xbf\xf4\x8f\xbf\xbf", 7), "\xef\xbf\xbf\xf4\x8f\xbf\xbf");
  assert_string_equal(esc("", 0), "");
}

#define FFFD "\xef\xbf\xbd"

/* One U+FFFD per maximal subpart (Unicode 15, section 3.9, Table 3-8 practice). */
static void test_utf8_repair(void **state) {
  static const struct {
    const char *in, *out;
  } cases[] = {
    {"\x80", FFFD},                                        /* lone continuation */
    {"\xbf\x80", FFFD FFFD},
    {"\xc0\xaf", FFFD FFFD},                               /* overlong '/' (2 bytes) */
    {"\xc1\xbf", FFFD FFFD},
    {"\xe0\x80\xaf", FFFD FFFD FFFD},                      /* overlong (3 bytes) */
    {"\xe0\x9f\xbf", FFFD FFFD FFFD},
    {"\xf0\x80\x80\xaf", FFFD FFFD FFFD FFFD},             /* overlong (4 bytes) */
    {"\xf0\x8f\xbf\xbf", FFFD FFFD FFFD FFFD},
    {"\xed\xa0\x80", FFFD FFFD FFFD},                      /* U+D800 encoded */
    {"\xed\xbf\xbf", FFFD FFFD FFFD},                      /* U+DFFF encoded */
    {"\xed\xa0\xbd\xed\xb8\x80", FFFD FFFD FFFD FFFD FFFD FFFD},  /* CESU pair */
    {"\xf4\x90\x80\x80", FFFD FFFD FFFD FFFD},             /* U+110000 */
    {"\xf5\x80\x80\x80", FFFD FFFD FFFD FFFD},
    {"\xff", FFFD},
    {"\xfe\xfe\xff\xff", FFFD FFFD FFFD FFFD},
    {"\xc2", FFFD},                                        /* truncated at the end */
    {"\xe2\x82", FFFD},                                    /* one maximal subpart */
    {"\xf0\x9f\x98", FFFD},
    {"\xe2\x82" "A", FFFD "A"},                            /* truncated mid-text */
    {"\xc3\x28", FFFD "("},
    {"\xf0\x9f" "\xc3\xa9", FFFD "\xc3\xa9"},              /* good sequence right after */
    {"a\xe9t\xe9", "a" FFFD "t" FFFD},                     /* Latin-1 text */
    {"\xed\x9f\xbf", "\xed\x9f\xbf"},                      /* U+D7FF is fine */
    {"\xee\x80\x80", "\xee\x80\x80"},                      /* U+E000 is fine */
  };
  size_t i;
  (void)state;
  for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    const char *got = esc(cases[i].in, strlen(cases[i].in));
    if (strcmp(got, cases[i].out) != 0) fail_msg("case %zu: got \"%s\"", i, got);
  }
}

static void test_utf8_decode(void **state) {
  size_t used;
  (void)state;
  assert_int_equal(utf8_decode((const unsigned char *)"A", 1, &used), 'A');
  assert_int_equal(used, 1);
  assert_int_equal(utf8_decode((const unsigned char *)"\xf0\x9f\x98\x80", 4, &used), 0x1F600);
  assert_int_equal(used, 4);
  assert_int_equal(utf8_decode((const unsigned char *)"\xf4\x8f\xbf\xbf", 4, &used), 0x10FFFF);
  assert_int_equal(utf8_decode((const unsigned char *)"\xe2\x82\xac", 2, &used), -1);  /* n cut */
  assert_int_equal(used, 2);
}

/* The chunked loop: escapes that expand 6x and a sequence straddling the 4096-byte edge. */
static void test_escape_large(void **state) {
  static char in[10000];
  struct jbuf b = JBUF_INIT;
  size_t i;
  (void)state;
  memset(in, 1, 5000);
  json_escape(&b, in, 5000);
  assert_int_equal(b.len, 30000);
  for (i = 0; i < 5000; i++) assert_memory_equal(b.p + 6 * i, "\\u0001", 6);
  jb_clear(&b);
  memset(in, 'x', sizeof in);
  memcpy(in + 4094, "\xf0\x9f\x98\x80", 4);        /* bytes 4094..4097 */
  memcpy(in + 8191, "\xe2\x82", 2);                /* broken across the next edge */
  json_escape(&b, in, sizeof in);
  assert_int_equal(b.len, sizeof in + 1);          /* 2 bytes became 3 */
  assert_memory_equal(b.p + 4094, "\xf0\x9f\x98\x80", 4);
  assert_memory_equal(b.p + 8191, FFFD "x", 4);
  jb_free(&b);
}

/* The reference the fast paths are checked against: one byte at a time. */
static size_t ref_escape(char *o, const unsigned char *s, size_t n) {
  static const char hex[] = "0123456789ABCDEF";
  size_t i = 0, k = 0;
  while (i < n) {
    unsigned c = s[i];
    size_t used;
    if (c == '"' || c == '\\') {
      o[k++] = '\\';
      o[k++] = (char)c;
      i++;
    } else if (c < 0x20) {
      const char *short_esc = c == '\b' ? "b" : c == '\f' ? "f" : c == '\n' ? "n" : c == '\r' ? "r"
                            : c == '\t' ? "t" : NULL;
      o[k++] = '\\';
      if (short_esc) {
        o[k++] = short_esc[0];
      } else {
        memcpy(o + k, "u00", 3);
        k += 3;
        o[k++] = hex[c >> 4];
        o[k++] = hex[c & 15];
      }
      i++;
    } else if (c < 0x80) {
      o[k++] = (char)c;
      i++;
    } else if (utf8_decode(s + i, n - i, &used) < 0) {
      memcpy(o + k, FFFD, 3);
      k += 3;
      i += used;
    } else {
      memcpy(o + k, s + i, used);
      k += used;
      i += used;
    }
  }
  return k;
}

/* json_escape and jw_str copy plain runs 8 bytes at a time and settle the last few bytes
 * with the word that ends them (overlapping bytes already done): every length around the
 * word size, with one special byte (or sequence) at every position, against the reference. */
static void check_fast_paths(struct jbuf *b, const char *in, size_t n) {
  char expect[512];
  size_t k = ref_escape(expect, (const unsigned char *)in, n);
  struct jw w;
  jb_clear(b);
  json_escape(b, in, n);
  assert_int_equal(b->len, k);
  assert_memory_equal(b->p ? b->p : "", expect, k);
  /* The emitter's short-string path: comma, quotes and the same escape. */
  jb_clear(b);
  jw_init(&w, b);
  w.comma = 1;
  jw_str(&w, in, n);
  assert_int_equal(b->len, k + 3);
  assert_memory_equal(b->p, ",\"", 2);
  assert_memory_equal(b->p + 2, expect, k);
  assert_int_equal(b->p[k + 2], '"');
  assert_int_equal(w.comma, 1);
}

static void test_escape_fast_paths(void **state) {
  static const char *const specials[] = {"", "\"", "\\", "\n", "\x01", "\x7f", "\xc3\xa9",
                                         "\xe2\x82\xac", "\xf0\x9f\x98\x80", "\xff", "\xe2\x82", NULL};
  struct jbuf b = JBUF_INIT;
  size_t n, pos;
  int sp;
  (void)state;
  for (sp = 0; specials[sp] != NULL; sp++) {
    size_t xl = strlen(specials[sp]);
    for (n = xl; n <= 40; n++) {
      for (pos = 0; pos + xl <= n; pos++) {
        char *in = malloc(n ? n : 1);             /* exactly n bytes: ASan sees a read past */
        memset(in, 'a' + (int)(pos % 26), n);
        memcpy(in + pos, specials[sp], xl);
        check_fast_paths(&b, in, n);
        free(in);
        if (xl == 0) break;
      }
    }
  }
  jb_free(&b);
}

/* jw_str at the edge of its one-reservation path (JCHUNK bytes) and just past it. */
static void test_str_chunk_edge(void **state) {
  static char in[4097 + 8];
  struct jbuf b = JBUF_INIT;
  struct jw w;
  size_t n;
  (void)state;
  for (n = 4095; n <= 4098; n++) {
    memset(in, 'y', sizeof in);
    memcpy(in + n - 3, "\xe2\x82\xac", 3);         /* a sequence ending the string */
    in[n / 2] = '"';
    jb_clear(&b);
    jw_init(&w, &b);
    jw_str(&w, in, n);
    assert_int_equal(b.len, n + 3);               /* quotes and one backslash */
    assert_memory_equal(b.p + b.len - 4, "\xe2\x82\xac\"", 4);
  }
  jb_free(&b);
}

static void test_name(void **state) {
  (void)state;
  assert_string_equal(name("plain"), "plain");
  assert_string_equal(name("\x1b[31mred\x1b[0m test"), "red test");
  assert_string_equal(name("\x1b[1;38;5;196mbold\x1b[m"), "bold");
  assert_string_equal(name("  padded \t\r\n"), "padded");
  assert_string_equal(name("two\nlines\there"), "two lines here");
  assert_string_equal(name("a\x01" "b\x7f" "c\x00"), "abc");
  assert_string_equal(name("\x1b]0;window title\x07name"), "name");
  assert_string_equal(name("\x1b]8;;http://x\x1b\\link\x1b]8;;\x1b\\"), "link");
  assert_string_equal(name("\x1bPdevice\x1b\\x"), "x");
  assert_string_equal(name("\x1b" "7save\x1b" "8"), "save");
  assert_string_equal(name("\x1b(Bascii"), "ascii");
  assert_string_equal(name("abc\x1b"), "abc");
  assert_string_equal(name("\x1b[12;\x01x"), "x");        /* CSI cut short by a control */
  /* C1 controls, 8-bit CSI and OSC forms, NEL as a space. */
  assert_string_equal(name("a\xc2\x85" "b"), "a b");
  assert_string_equal(name("a\xc2\x9b" "31mb"), "ab");
  assert_string_equal(name("x\xc2\x80y\xc2\x81z"), "xyz");
  assert_string_equal(name("x\xc2\x9f" "apc\x1b\\y"), "xy");
  assert_string_equal(name("\xc2\x9d" "title\x07t"), "t");
  /* TestOps drops names holding U+FFFD: ill-formed bytes and U+FFFD become '?'. */
  assert_string_equal(name("caf\xe9"), "caf?");
  assert_string_equal(name("x" FFFD "y"), "x?y");
  /* Unicode white space is trimmed at the ends, kept inside. */
  assert_string_equal(name("\xc2\xa0name\xc2\xa0" "end\xe3\x80\x80\xef\xbb\xbf"),
                      "name\xc2\xa0" "end");
  assert_string_equal(name("say \"hi\" \\o/"), "say \\\"hi\\\" \\\\o/");
  assert_string_equal(name("\xe4\xb8\xad\xe6\x96\x87"), "\xe4\xb8\xad\xe6\x96\x87");
  /* Nothing left: length 0. */
  assert_string_equal(name(""), "");
  assert_string_equal(name(" \t\n "), "");
  assert_string_equal(name("\x1b[0m\x01\x02"), "");
  assert_string_equal(name("\x1b]unterminated title"), "");
}

static void test_properties(void **state) {
  (void)state;
  assert_string_equal(props("plain.key", 1), "plain.key");
  assert_string_equal(props("a b", 1), "a\\ b");
  assert_string_equal(props("a b", 0), "a b");
  assert_string_equal(props("  lead", 0), "\\ \\ lead");
  assert_string_equal(props("=:#!\\", 1), "\\=\\:\\#\\!\\\\");
  assert_string_equal(props("t\tn\nr\rf\f", 0), "t\\tn\\nr\\rf\\f");
  assert_string_equal(props("\x01\x7f", 0), "\\u0001\\u007F");
  assert_string_equal(props("\xc3\xbc\xe4\xb8\xad", 0), "\\u00FC\\u4E2D");
  assert_string_equal(props("\xf0\x9f\x98\x80", 0), "\\uD83D\\uDE00");
  assert_string_equal(props("bad\xff", 0), "bad\\uFFFD");
  assert_string_equal(props("", 0), "");
}

static void test_emitter(void **state) {
  struct jbuf b = JBUF_INIT;
  struct jw w;
  (void)state;
  jw_init(&w, &b);
  jw_obj(&w);
  jw_key(&w, "a");
  jw_arr(&w);
  jw_int(&w, 1);
  jw_bool(&w, 1);
  jw_bool(&w, 0);
  jw_str(&w, "x\"", 2);
  jw_obj(&w);
  jw_end_obj(&w);
  jw_arr(&w);
  jw_end_arr(&w);
  jw_end_arr(&w);
  jw_key(&w, "b");
  jw_obj(&w);
  jw_key(&w, "c");
  jw_int(&w, -5);
  jw_key(&w, "d");
  jw_str_begin(&w);
  jw_str_part(&w, "tc\n", 3);
  jw_str_part(&w, ":", 1);
  jw_str_part(&w, "hash", 4);
  jw_str_end(&w);
  jw_end_obj(&w);
  /* An empty name leaves nothing behind, so a fallback follows cleanly. */
  jw_key(&w, "name");
  assert_int_equal(jw_name(&w, "\x1b[0m ", 5), 0);
  assert_int_equal(jw_name(&w, " Fallback\n", 10), 1);
  jw_key(&w, "e");
  jw_arr(&w);
  assert_int_equal(jw_name(&w, "", 0), 0);
  assert_int_equal(jw_name(&w, "n1", 2), 1);
  assert_int_equal(jw_name(&w, "\x01", 1), 0);
  assert_int_equal(jw_name(&w, "n2", 2), 1);
  jw_end_arr(&w);
  jw_end_obj(&w);
  assert_string_equal(text(&b), "{\"a\":[1,true,false,\"x\\\"\",{},[]],\"b\":{\"c\":-5,"
                                "\"d\":\"tc\\n:hash\"},\"name\":\"Fallback\",\"e\":[\"n1\",\"n2\"]}");
  assert_false(b.oom);
  jb_free(&b);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_buffer),        cmocka_unit_test(test_escape),
    cmocka_unit_test(test_utf8_repair),   cmocka_unit_test(test_utf8_decode),
    cmocka_unit_test(test_escape_large),  cmocka_unit_test(test_name),
    cmocka_unit_test(test_properties),    cmocka_unit_test(test_emitter),
    cmocka_unit_test(test_escape_fast_paths), cmocka_unit_test(test_str_chunk_edge),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
