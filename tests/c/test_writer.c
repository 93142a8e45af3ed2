/* writer: the results directory object, file naming, stats, content types and extensions. */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <ftw.h>
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "tmpdir.h"
#include "writer.h"
#include "wraps.h"

struct fx {
  char root[256];
  char res[300];
  char err[512];
  struct al_writer w;
};

static int setup(void **state) {
  struct fx *f = calloc(1, sizeof *f);
  if (f == NULL || al_tmpdir_make(f->root, sizeof f->root, NULL, "test-writer") != 0) return -1;
  snprintf(f->res, sizeof f->res, "%s/out/allure-results", f->root);
  f->w.dir.fd = -1;
  al_fail_reset();
  *state = f;
  return 0;
}

static int teardown(void **state) {
  struct fx *f = *state;
  al_fail_reset();
  al_writer_close(&f->w);
  al_tmpdir_remove(f->root);
  free(f);
  return 0;
}

static const char *listing(const char *dir) {
  static char out[8192];
  struct dirent **v;
  int n = scandir(dir, &v, NULL, alphasort), i;
  out[0] = '\0';
  assert_true(n >= 0);
  for (i = 0; i < n; i++) {
    if (v[i]->d_name[0] != '.') {
      if (out[0]) strcat(out, " ");
      strcat(out, v[i]->d_name);
    }
    free(v[i]);
  }
  free(v);
  return out;
}

static const char *read_file(const char *dir, const char *name) {
  static char buf[4096];
  char p[PATH_MAX];
  size_t n;
  FILE *fp;
  snprintf(p, sizeof p, "%s/%s", dir, name);
  fp = fopen(p, "r");
  if (fp == NULL) return NULL;
  n = fread(buf, 1, sizeof buf - 1, fp);
  fclose(fp);
  buf[n] = '\0';
  return buf;
}

static void test_open_and_publish(void **state) {
  struct fx *f = *state;
  struct al_writer_opts o = {0, 1, 0, NULL, 0};
  char u[AL_UUID_LEN + 1];
  assert_int_equal(al_writer_open(&f->w, f->res, &o, f->err, sizeof f->err), 0);  /* mkdir -p */
  assert_true(al_writer_is_open(&f->w));
  assert_int_equal(al_writer_uuid(&f->w, u, f->err, sizeof f->err), 0);
  assert_string_equal(u, "22899be9-9167-4ef8-88ff-c180aee1bd40");   /* deterministic, default seed */
  assert_int_equal(al_writer_result(&f->w, u, AL_FAILED, "{}", 2, f->err, sizeof f->err), 0);
  assert_int_equal(al_writer_result(&f->w, "r2", AL_PASSED, "{}", 2, f->err, sizeof f->err), 0);
  assert_int_equal(al_writer_result(&f->w, "r3", AL_PASSED, "{}", 2, f->err, sizeof f->err), 0);
  assert_int_equal(al_writer_container(&f->w, "c1", "{}", 2, f->err, sizeof f->err), 0);
  assert_int_equal(al_writer_globals(&f->w, "g1", "{}", 2, f->err, sizeof f->err), 0);
  assert_int_equal(al_writer_attachment(&f->w, "a1-attachment.txt", "hi", 2, f->err, sizeof f->err), 0);
  assert_int_equal(al_writer_replace(&f->w, "executor.json", "{}", 2, f->err, sizeof f->err), 0);
  assert_int_equal(al_writer_replace(&f->w, "executor.json", "{\"a\":1}", 7, f->err, sizeof f->err), 0);
  assert_string_equal(listing(f->res), "22899be9-9167-4ef8-88ff-c180aee1bd40-result.json "
                                       "a1-attachment.txt c1-container.json executor.json "
                                       "g1-globals.json r2-result.json r3-result.json");
  assert_string_equal(read_file(f->res, "executor.json"), "{\"a\":1}");
  assert_int_equal(f->w.stats.results, 3);
  assert_int_equal(f->w.stats.status[AL_PASSED], 2);
  assert_int_equal(f->w.stats.status[AL_FAILED], 1);
  assert_int_equal(f->w.stats.status[AL_BROKEN], 0);
  assert_int_equal(f->w.stats.containers, 1);
  assert_int_equal(f->w.stats.globals, 1);
  assert_int_equal(f->w.stats.attachments, 1);
  al_writer_close(&f->w);
  al_writer_close(&f->w);
  assert_false(al_writer_is_open(&f->w));
}

static void test_refusals(void **state) {
  struct fx *f = *state;
  assert_int_equal(al_writer_open(&f->w, f->res, NULL, f->err, sizeof f->err), 0);
  /* Names that could leave the directory or that readers refuse never reach the disk. */
  assert_int_equal(al_writer_result(&f->w, "../evil", AL_PASSED, "{}", 2, f->err, sizeof f->err), -1);
  assert_non_null(strstr(f->err, "invalid uuid"));
  assert_int_equal(al_writer_result(&f->w, ".hidden", AL_PASSED, "{}", 2, f->err, sizeof f->err), -1);
  assert_int_equal(al_writer_container(&f->w, "", "{}", 2, f->err, sizeof f->err), -1);
  assert_int_equal(al_writer_attachment(&f->w, "a/b", "x", 1, f->err, sizeof f->err), -1);
  assert_non_null(strstr(f->err, "invalid attachment file name"));
  assert_int_equal(al_writer_attachment_copy(&f->w, "..", "/etc/hostname", f->err, sizeof f->err), -1);
  /* A failed publish is not counted. */
  al_fail_after(AL_WRAP_WRITE, 0, ENOSPC);
  assert_int_equal(al_writer_result(&f->w, "ok", AL_PASSED, "{}", 2, f->err, sizeof f->err), -1);
  al_fail_reset();
  assert_non_null(strstr(f->err, "ok-result.json: No space left on device"));
  assert_int_equal(f->w.stats.results, 0);
  assert_int_equal(f->w.stats.status[AL_PASSED], 0);
  assert_int_equal(al_writer_attachment_copy(&f->w, "x-attachment", "/nonexistent", f->err,
                                             sizeof f->err), -1);
  assert_int_equal(f->w.stats.attachments, 0);
  assert_string_equal(listing(f->res), "");
}

/* Size of file i of test_async_batches: small and large, across the recycled items' room
 * (powers of two from 1 KiB) and past what is kept (64 KiB). */
static size_t async_size(int i) {
  static const size_t sizes[] = {2, 900, 1024, 1025, 3000, 70000, 17, 5000, 2048, 2049};
  return sizes[i % 10];
}

/* Background publishing: files queued in batches and published in order from recycled
 * items, each with its own bytes, all counted; then a failure stops everything after it. */
static void test_async_batches(void **state) {
  struct fx *f = *state;
  enum { N = 1500 };
  static char buf[70000], got[70000];
  char name[64], path[PATH_MAX];
  int i;
  assert_int_equal(al_writer_open(&f->w, f->res, NULL, f->err, sizeof f->err), 0);
  assert_int_equal(al_writer_async(&f->w, f->err, sizeof f->err), 0);
  for (i = 0; i < N; i++) {
    size_t n = async_size(i);
    memset(buf, 'a' + i % 26, n);
    snprintf(name, sizeof name, "r%d", i);
    assert_int_equal(al_writer_result(&f->w, name, i % 3 ? AL_PASSED : AL_FAILED, buf, n,
                                      f->err, sizeof f->err), 0);
    if (i % 7 == 0) {
      snprintf(name, sizeof name, "a%d-attachment.txt", i);
      assert_int_equal(al_writer_attachment(&f->w, name, buf, 3, f->err, sizeof f->err), 0);
    }
  }
  assert_int_equal(al_writer_flush(&f->w, f->err, sizeof f->err), 0);
  assert_int_equal(f->w.stats.results, N);
  assert_int_equal(f->w.stats.status[AL_FAILED], N / 3);
  assert_int_equal(f->w.stats.status[AL_PASSED], N - N / 3);
  assert_int_equal(f->w.stats.attachments, (N + 6) / 7);
  for (i = 0; i < N; i++) {
    size_t n = async_size(i), r;
    FILE *fp;
    snprintf(path, sizeof path, "%s/r%d-result.json", f->res, i);
    fp = fopen(path, "rb");
    assert_non_null(fp);
    r = fread(got, 1, sizeof got, fp);
    fclose(fp);
    assert_int_equal(r, n);
    memset(buf, 'a' + i % 26, n);
    assert_memory_equal(got, buf, n);
  }
  /* A name already there fails (no replacing): that file and whatever follows it in the
   * queue are not published; the next calls and flush say so. */
  assert_int_equal(al_writer_result(&f->w, "r1", AL_PASSED, "{}", 2, f->err, sizeof f->err), 0);
  assert_int_equal(al_writer_result(&f->w, "after", AL_PASSED, "{}", 2, f->err, sizeof f->err),
                   0);
  assert_int_equal(al_writer_flush(&f->w, f->err, sizeof f->err), -1);
  assert_non_null(strstr(f->err, "r1-result.json"));
  assert_int_equal(al_writer_result(&f->w, "later", AL_PASSED, "{}", 2, f->err, sizeof f->err),
                   -1);
  al_writer_close(&f->w);
  assert_null(read_file(f->res, "after-result.json"));
  assert_null(read_file(f->res, "later-result.json"));
  assert_int_equal(f->w.stats.results, N);
}

static void test_open_failures_and_clean(void **state) {
  struct fx *f = *state;
  struct al_writer_opts o = {1, 0, 1, NULL, 0};
  char p[PATH_MAX];
  FILE *fp;
  snprintf(p, sizeof p, "%s/file", f->root);
  fp = fopen(p, "w");
  assert_non_null(fp);
  fclose(fp);
  snprintf(p, sizeof p, "%s/file/results", f->root);
  assert_int_equal(al_writer_open(&f->w, p, NULL, f->err, sizeof f->err), -1);
  assert_non_null(strstr(f->err, "file"));
  assert_false(al_writer_is_open(&f->w));
  /* clean: Allure files go, the rest stays; fsync: one per file plus the directory. */
  assert_int_equal(al_writer_open(&f->w, f->res, NULL, f->err, sizeof f->err), 0);
  assert_int_equal(al_writer_result(&f->w, "old", AL_PASSED, "{}", 2, f->err, sizeof f->err), 0);
  assert_int_equal(al_writer_replace(&f->w, "report.xml", "<x/>", 4, f->err, sizeof f->err), 0);
  al_writer_close(&f->w);
  assert_int_equal(al_writer_open(&f->w, f->res, &o, f->err, sizeof f->err), 0);
  assert_string_equal(listing(f->res), "report.xml");
  al_fail_reset();
  assert_int_equal(al_writer_result(&f->w, "new", AL_PASSED, "{}", 2, f->err, sizeof f->err), 0);
  assert_int_equal(al_wrap_calls(AL_WRAP_FSYNC), 1);
  al_writer_close(&f->w);
  assert_int_equal(al_wrap_calls(AL_WRAP_FSYNC), 2);
}

static void test_deterministic_rerun(void **state) {
  struct fx *f = *state;
  struct al_writer_opts o = {0, 1, 0, "s", 1};
  char u1[AL_UUID_LEN + 1], u2[AL_UUID_LEN + 1];
  assert_int_equal(al_writer_open(&f->w, f->res, &o, f->err, sizeof f->err), 0);
  assert_int_equal(al_writer_uuid(&f->w, u1, f->err, sizeof f->err), 0);
  assert_int_equal(al_writer_result(&f->w, u1, AL_PASSED, "{\"a\":1}", 7, f->err, sizeof f->err), 0);
  al_writer_close(&f->w);
  /* Same seed, same input, same directory: the same file again is fine. */
  assert_int_equal(al_writer_open(&f->w, f->res, &o, f->err, sizeof f->err), 0);
  assert_int_equal(al_writer_uuid(&f->w, u2, f->err, sizeof f->err), 0);
  assert_string_equal(u1, u2);
  assert_int_equal(al_writer_result(&f->w, u2, AL_PASSED, "{\"a\":1}", 7, f->err, sizeof f->err), 0);
  assert_int_equal(f->w.stats.results, 1);
  /* Changed input under the same uuid: refused, the first file kept. */
  assert_int_equal(al_writer_result(&f->w, u2, AL_PASSED, "{\"a\":2}", 7, f->err, sizeof f->err), -1);
  assert_non_null(strstr(f->err, "exists with different content"));
  assert_int_equal(f->w.stats.results, 1);
}

static void test_status(void **state) {
  (void)state;
  assert_int_equal(al_status_parse("passed", 6), AL_PASSED);
  assert_int_equal(al_status_parse("unknown", 7), AL_UNKNOWN);
  assert_int_equal(al_status_parse("Passed", 6), -1);
  assert_int_equal(al_status_parse("flaky", 5), -1);
  assert_int_equal(al_status_parse("pass", 4), -1);
  assert_string_equal(al_status_names[AL_SKIPPED], "skipped");
}

static void test_names_ok(void **state) {
  char s[AL_SOURCE_MAX + 2];
  (void)state;
  assert_true(al_uuid_ok("22899be9-9167-4ef8-88ff-c180aee1bd40", 36));
  assert_true(al_uuid_ok("A.b_c-1", 7));
  assert_false(al_uuid_ok("", 0));
  assert_false(al_uuid_ok(".x", 2));
  assert_false(al_uuid_ok("a/b", 3));
  assert_false(al_uuid_ok("a b", 3));
  memset(s, 'a', sizeof s);
  assert_true(al_uuid_ok(s, AL_UUID_MAX));
  assert_false(al_uuid_ok(s, AL_UUID_MAX + 1));
  assert_true(al_source_ok(s, AL_SOURCE_MAX));
  assert_false(al_source_ok(s, AL_SOURCE_MAX + 1));
  assert_true(al_source_ok("x-attachment.xml.txt", 20));
  assert_false(al_source_ok("..", 2));
  assert_false(al_source_ok(".", 1));
  assert_false(al_source_ok("a\\b", 3));
  assert_false(al_source_ok("\xc3\xa9", 2));
}

static void test_types(void **state) {
  static const struct {
    const char *type, *ext;
  } t2e[] = {
    {"text/plain", "txt"}, {"Text/Plain; charset=utf-8", "txt"}, {" text/html ", "html"},
    {"text/csv", "csv"}, {"application/json", "json"}, {"image/png", "png"},
    {"image/jpeg", "jpg"}, {"image/gif", "gif"}, {"image/svg+xml", "svg"},
    {"video/mp4", "mp4"}, {"video/webm", "webm"}, {"application/zip", "zip"},
    {"application/x-tar", "tar"}, {"application/gzip", "gz"}, {"application/pdf", "pdf"},
    {"text/uri-list", "uri"}, {"application/octet-stream", "bin"},
    {"application/vnd.allure.image.diff", "imagediff"},
    {"application/vnd.allure.playwright-trace", "zip"},
    {"application/xml", "xml"}, {"text/xml", "xml"}, {"application/xunit+xml", "xml"},
    {"application/x-unknown", NULL}, {"", NULL}, {"xml", NULL},
  };
  static const struct {
    const char *ext, *type;
  } e2t[] = {
    {"png", "image/png"}, {"PNG", "image/png"}, {"jpg", "image/jpeg"}, {"jpeg", "image/jpeg"},
    {"txt", "text/plain"}, {"log", "text/plain"}, {"xml", "application/xml"},
    {"json", "application/json"}, {"html", "text/html"}, {"htm", "text/html"},
    {"zip", "application/zip"}, {"imagediff", "application/vnd.allure.image.diff"},
    {"exe", NULL}, {"", NULL},
  };
  size_t i;
  (void)state;
  for (i = 0; i < sizeof t2e / sizeof *t2e; i++) {
    const char *e = al_ext_for_type(t2e[i].type, strlen(t2e[i].type));
    if (t2e[i].ext == NULL ? e != NULL : (e == NULL || strcmp(e, t2e[i].ext) != 0))
      fail_msg("type %s: got %s", t2e[i].type, e ? e : "NULL");
  }
  for (i = 0; i < sizeof e2t / sizeof *e2t; i++) {
    const char *t = al_type_for_ext(e2t[i].ext, strlen(e2t[i].ext));
    if (e2t[i].type == NULL ? t != NULL : (t == NULL || strcmp(t, e2t[i].type) != 0))
      fail_msg("ext %s: got %s", e2t[i].ext, t ? t : "NULL");
  }
}

static const char *src(const char *ext) {
  static char out[AL_SOURCE_MAX + 1];
  size_t n = al_attachment_source(out, "u", ext, ext ? strlen(ext) : 0);
  assert_int_equal(n, strlen(out));
  return out;
}

static void test_attachment_source(void **state) {
  const char *e;
  size_t n;
  (void)state;
  assert_string_equal(src(NULL), "u-attachment");
  assert_string_equal(src("png"), "u-attachment.png");
  assert_string_equal(src(".png"), "u-attachment.png");
  assert_string_equal(src("tar.gz"), "u-attachment.tar.gz");
  /* XML never ends in .xml: the generators would import it as a JUnit report. */
  assert_string_equal(src("xml"), "u-attachment.xml.txt");
  assert_string_equal(src("XML"), "u-attachment.XML.txt");
  assert_string_equal(src("junit.xml"), "u-attachment.junit.xml.txt");
  assert_string_equal(src("xmlx"), "u-attachment.xmlx");
  /* Unusable extensions are dropped. */
  assert_string_equal(src(""), "u-attachment");
  assert_string_equal(src("."), "u-attachment");
  assert_string_equal(src("p/ng"), "u-attachment");
  assert_string_equal(src("a..b"), "u-attachment");
  assert_string_equal(src("png."), "u-attachment");
  assert_string_equal(src("..png"), "u-attachment");
  assert_string_equal(src("a b"), "u-attachment");
  assert_string_equal(src("\xc3\xa9"), "u-attachment");
  assert_string_equal(src("abcdefghijklmnop"), "u-attachment.abcdefghijklmnop");   /* 16 */
  assert_string_equal(src("abcdefghijklmnopq"), "u-attachment");                   /* 17 */
  /* The longest uuid with the longest extension still makes a valid source. */
  {
    char out[AL_SOURCE_MAX + 1], uuid[AL_UUID_MAX + 1];
    memset(uuid, 'u', AL_UUID_MAX);
    uuid[AL_UUID_MAX] = '\0';
    n = al_attachment_source(out, uuid, "abcdefghijkl.xml", 16);
    assert_true(al_source_ok(out, n));
    assert_int_equal(n, AL_UUID_MAX + strlen("-attachment.abcdefghijkl.xml.txt"));
  }
  e = "dir/name.tar.gz";
  assert_string_equal(al_path_ext(e, strlen(e), &n), "gz");
  assert_int_equal(n, 2);
  e = "dir.d/.profile";
  assert_null(al_path_ext(e, strlen(e), &n));
  e = "dir.d/file";
  assert_null(al_path_ext(e, strlen(e), &n));
  e = "name.";
  assert_null(al_path_ext(e, strlen(e), &n));
}

/* Repairs: the escapers count into the set their buffer points at (as lwriter points its
 * buffers at the writer's); al_writer_repairs hands the counts over and starts from zero. */
static void test_repairs(void **state) {
#define LIT(s) s, sizeof(s) - 1
  struct fx *f = *state;
  struct jbuf b = JBUF_INIT;
  struct al_repairs r;
  assert_int_equal(al_writer_open(&f->w, f->res, NULL, f->err, sizeof f->err), 0);
  al_writer_repairs(&f->w, &r);
  assert_int_equal(r.utf8 + r.controls + r.names + r.times + r.half_times, 0);

  json_escape(&b, LIT("bad \xff"));                          /* counted nowhere: rep is NULL */
  b.rep = &f->w.repairs;
  json_escape(&b, LIT("fine \xc3\xa9 \xe2\x82\xac\t\"q\"\n"));  /* valid UTF-8, escapes: no repair */
  assert_int_equal(f->w.repairs.utf8, 0);
  json_escape(&b, LIT("\xff\xfe x \xc3( \xed\xa0\x80"));     /* 2 bytes, a cut pair, a surrogate */
  assert_int_equal(f->w.repairs.utf8, 2 + 1 + 3);            /* one per maximal subpart */
  jb_clear(&b);
  assert_ptr_equal(b.rep, &f->w.repairs);                  /* clearing keeps the set */

  /* Names: escape sequences and controls cut are counted, white space is not. */
  assert_true(json_escape_name(&b, LIT("\x1b[31mred\x1b[0m \x01" "x\x7f\tend ")) > 0);
  assert_int_equal(f->w.repairs.controls, 4);
  assert_int_equal(f->w.repairs.utf8, 6);
  /* ill-formed, an 8-bit CSI, and a U+FFFD given (a '?' too, but not a repair of ours) */
  json_escape_name(&b, LIT("a\xff\xc2\x9b" "1mb \xef\xbf\xbd"));
  assert_int_equal(f->w.repairs.utf8, 7);
  assert_int_equal(f->w.repairs.controls, 5);
  props_escape(&b, LIT("k\x80"), 1);
  assert_int_equal(f->w.repairs.utf8, 8);

  al_writer_repairs(&f->w, &r);
  assert_int_equal(r.utf8, 8);
  assert_int_equal(r.controls, 5);
  assert_int_equal(r.names + r.times + r.half_times, 0);
  al_writer_repairs(&f->w, &r);                            /* read and reset */
  assert_int_equal(r.utf8 + r.controls, 0);
  JB_REPAIRED(&b, times);
  JB_REPAIRED(&b, half_times);
  JB_REPAIRED(&b, names);
  al_writer_repairs(&f->w, &r);
  assert_int_equal(r.times, 1);
  assert_int_equal(r.half_times, 1);
  assert_int_equal(r.names, 1);
  jb_free(&b);
  assert_ptr_equal(b.rep, &f->w.repairs);
#undef LIT
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test_setup_teardown(test_open_and_publish, setup, teardown),
    cmocka_unit_test_setup_teardown(test_refusals, setup, teardown),
    cmocka_unit_test_setup_teardown(test_async_batches, setup, teardown),
    cmocka_unit_test_setup_teardown(test_open_failures_and_clean, setup, teardown),
    cmocka_unit_test_setup_teardown(test_deterministic_rerun, setup, teardown),
    cmocka_unit_test(test_status),
    cmocka_unit_test(test_names_ok),
    cmocka_unit_test(test_types),
    cmocka_unit_test(test_attachment_source),
    cmocka_unit_test_setup_teardown(test_repairs, setup, teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
