/* fs: mkdir -p, atomic publishing under injected failures, clean, walk. Each test gets a
 * fresh directory under $TMPDIR; write/rename/link/fsync failures come from wraps.c. */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
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

#include "fs.h"
#include "tmpdir.h"
#include "wraps.h"

struct fx {
  char root[256];           /* the test's own directory */
  char res[300];            /* root/results, opened as d */
  struct al_dir d;
  char err[512];
};

static int setup(void **state) {
  struct fx *f = calloc(1, sizeof *f);
  if (f == NULL || al_tmpdir_make(f->root, sizeof f->root, NULL, "test-fs") != 0) return -1;
  snprintf(f->res, sizeof f->res, "%s/results", f->root);
  if (al_dir_open(&f->d, f->res, 1, f->err, sizeof f->err) != 0) return -1;
  al_fail_reset();
  *state = f;
  return 0;
}

static int teardown(void **state) {
  struct fx *f = *state;
  al_fail_reset();
  al_dir_close(&f->d);
  al_tmpdir_remove(f->root);
  free(f);
  return 0;
}

/* Writes a file with plain stdio (not through the code under test). */
static void put_file(const char *dir, const char *name, const char *content) {
  char p[PATH_MAX];
  FILE *fp;
  assert_true((size_t)snprintf(p, sizeof p, "%s/%s", dir, name) < sizeof p);
  fp = fopen(p, "w");
  assert_non_null(fp);
  fputs(content, fp);
  fclose(fp);
}

/* The content of dir/name (static copy), or NULL when it does not exist. */
static const char *read_file(const char *dir, const char *name) {
  static char buf[1 << 20];
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

/* Sorted names in dir, joined by spaces (static). */
static const char *listing(const char *dir) {
  static char out[8192];
  struct dirent **v;
  int n = scandir(dir, &v, NULL, alphasort), i;
  out[0] = '\0';
  assert_true(n >= 0);
  for (i = 0; i < n; i++) {
    if (strcmp(v[i]->d_name, ".") != 0 && strcmp(v[i]->d_name, "..") != 0) {
      if (out[0]) strcat(out, " ");
      strcat(out, v[i]->d_name);
    }
    free(v[i]);
  }
  free(v);
  return out;
}

static void test_mkdir_p(void **state) {
  struct fx *f = *state;
  char p[PATH_MAX], err[512];
  snprintf(p, sizeof p, "%s/a/b//c/", f->root);
  assert_int_equal(al_mkdir_p(p, err, sizeof err), 0);
  assert_int_equal(al_mkdir_p(p, err, sizeof err), 0);          /* existing: fine */
  snprintf(p, sizeof p, "%s/a/b/c", f->root);
  assert_string_equal(listing(p), "");
  put_file(f->root, "file", "x");
  snprintf(p, sizeof p, "%s/file/sub", f->root);
  assert_int_equal(al_mkdir_p(p, err, sizeof err), -1);
  assert_non_null(strstr(err, "/file"));
  assert_non_null(strstr(err, strerror(ENOTDIR)));
  assert_int_equal(al_mkdir_p("", err, sizeof err), -1);
}

static void test_dir_open(void **state) {
  struct fx *f = *state;
  struct al_dir d;
  char p[PATH_MAX], err[512];
  snprintf(p, sizeof p, "%s/new/deeper", f->root);
  assert_int_equal(al_dir_open(&d, p, 0, err, sizeof err), -1);  /* no create: missing */
  assert_non_null(strstr(err, strerror(ENOENT)));
  assert_int_equal(d.fd, -1);
  al_dir_close(&d);                                               /* safe after a failure */
  assert_int_equal(al_dir_open(&d, p, 1, err, sizeof err), 0);
  assert_true(d.fd >= 0);
  assert_string_equal(d.path, p);
  al_dir_close(&d);
  al_dir_close(&d);
  assert_int_equal(d.fd, -1);
  put_file(f->root, "plain", "x");
  snprintf(p, sizeof p, "%s/plain", f->root);
  assert_int_equal(al_dir_open(&d, p, 1, err, sizeof err), -1);
  assert_non_null(strstr(err, "plain"));
  if (geteuid() != 0) {                /* root may write anywhere */
    snprintf(p, sizeof p, "%s/ro", f->root);
    assert_int_equal(mkdir(p, 0555), 0);
    assert_int_equal(al_dir_open(&d, p, 1, err, sizeof err), -1);
    assert_non_null(strstr(err, strerror(EACCES)));
  }
}

static void test_publish(void **state) {
  struct fx *f = *state;
  struct stat st;
  char p[PATH_MAX];
  mode_t um = umask(022);
  assert_int_equal(al_publish(&f->d, "a-result.json", "{\"x\":1}", 7, 0, f->err, sizeof f->err), 0);
  assert_string_equal(read_file(f->res, "a-result.json"), "{\"x\":1}");
  assert_int_equal(al_publish(&f->d, "empty-attachment", "", 0, 0, f->err, sizeof f->err), 0);
  assert_string_equal(read_file(f->res, "empty-attachment"), "");
  assert_string_equal(listing(f->res), "a-result.json empty-attachment");   /* no temp */
  /* Mode from the umask, like any new file (not mkstemp's 0600). */
  snprintf(p, sizeof p, "%s/a-result.json", f->res);
  assert_int_equal(stat(p, &st), 0);
  assert_int_equal(st.st_mode & 0777, 0644);
  umask(um);
  /* One write, one rename per file; no link, no fsync by default. */
  al_fail_reset();
  assert_int_equal(al_publish(&f->d, "b-result.json", "b", 1, 0, f->err, sizeof f->err), 0);
  assert_int_equal(al_wrap_calls(AL_WRAP_WRITE), 1);
  assert_int_equal(al_wrap_calls(AL_WRAP_RENAME), 1);
  assert_int_equal(al_wrap_calls(AL_WRAP_LINK), 0);
  assert_int_equal(al_wrap_calls(AL_WRAP_FSYNC), 0);
  assert_int_equal(al_publish(&f->d, "c-result.json", "c", 1, AL_PUB_FSYNC, f->err, sizeof f->err), 0);
  assert_int_equal(al_wrap_calls(AL_WRAP_FSYNC), 1);
}

static void test_publish_exists(void **state) {
  struct fx *f = *state;
  assert_int_equal(al_publish(&f->d, "u-result.json", "same", 4, 0, f->err, sizeof f->err), 0);
  /* A deterministic re-run: identical bytes count as written. */
  assert_int_equal(al_publish(&f->d, "u-result.json", "same", 4, 0, f->err, sizeof f->err), 0);
  /* Different bytes (also a prefix, also longer): error, the first file stays. */
  assert_int_equal(al_publish(&f->d, "u-result.json", "diff", 4, 0, f->err, sizeof f->err), -1);
  assert_non_null(strstr(f->err, "u-result.json: exists with different content"));
  assert_int_equal(errno, EEXIST);
  assert_int_equal(al_publish(&f->d, "u-result.json", "sam", 3, 0, f->err, sizeof f->err), -1);
  assert_int_equal(al_publish(&f->d, "u-result.json", "samex", 5, 0, f->err, sizeof f->err), -1);
  assert_string_equal(read_file(f->res, "u-result.json"), "same");
  assert_string_equal(listing(f->res), "u-result.json");
  /* Replace flavour: the newer file wins. */
  assert_int_equal(al_publish(&f->d, "executor.json", "1", 1, AL_PUB_REPLACE, f->err, sizeof f->err), 0);
  assert_int_equal(al_publish(&f->d, "executor.json", "22", 2, AL_PUB_REPLACE, f->err, sizeof f->err), 0);
  assert_string_equal(read_file(f->res, "executor.json"), "22");
  assert_string_equal(listing(f->res), "executor.json u-result.json");
}

/* Each injected failure: -1, a message naming the final path and the errno text, nothing
 * under the final name, no temp file. */
static void check_failure(struct fx *f, enum al_wrap which, int ok_calls, int e, unsigned flags) {
  char msg[600];
  al_fail_after(which, ok_calls, e);
  assert_int_equal(al_publish(&f->d, "x-result.json", "payload", 7, flags, f->err, sizeof f->err), -1);
  al_fail_reset();
  snprintf(msg, sizeof msg, "%s/x-result.json: %s", f->res, strerror(e));
  assert_string_equal(f->err, msg);
  assert_null(read_file(f->res, "x-result.json"));
  assert_string_equal(listing(f->res), "");
}

static void test_publish_failures(void **state) {
  struct fx *f = *state;
  check_failure(f, AL_WRAP_WRITE, 0, ENOSPC, 0);
  check_failure(f, AL_WRAP_WRITE, 0, EIO, AL_PUB_REPLACE);
  check_failure(f, AL_WRAP_FSYNC, 0, EIO, AL_PUB_FSYNC);
  check_failure(f, AL_WRAP_RENAME, 0, EACCES, 0);
  check_failure(f, AL_WRAP_RENAME, 0, EXDEV, AL_PUB_REPLACE);
  /* renameat2 unsupported, then link fails too: the message has link's errno. */
  al_fail_after(AL_WRAP_LINK, 0, EPERM);
  al_fail_after(AL_WRAP_RENAME, 0, EINVAL);
  assert_int_equal(al_publish(&f->d, "x-result.json", "payload", 7, 0, f->err, sizeof f->err), -1);
  assert_int_equal(al_wrap_calls(AL_WRAP_LINK), 1);
  al_fail_reset();
  assert_non_null(strstr(f->err, "/x-result.json: Operation not permitted"));
  assert_string_equal(listing(f->res), "");
}

/* A buffer larger than any single write the kernel may take at once goes out whole. */
static void test_publish_large(void **state) {
  struct fx *f = *state;
  size_t n = 3u << 20, i;
  char *big = malloc(n), p[PATH_MAX];
  const char *got;
  struct stat st;
  assert_non_null(big);
  for (i = 0; i < n; i++) big[i] = (char)('a' + i % 26);
  assert_int_equal(al_publish(&f->d, "big-attachment.txt", big, n, 0, f->err, sizeof f->err), 0);
  snprintf(p, sizeof p, "%s/big-attachment.txt", f->res);
  assert_int_equal(stat(p, &st), 0);
  assert_int_equal(st.st_size, n);
  got = read_file(f->res, "big-attachment.txt");            /* its first MiB */
  assert_memory_equal(got, big, (1 << 20) - 1);
  /* The EEXIST comparison reads it all back. */
  assert_int_equal(al_publish(&f->d, "big-attachment.txt", big, n, 0, f->err, sizeof f->err), 0);
  big[n - 1] = '!';
  assert_int_equal(al_publish(&f->d, "big-attachment.txt", big, n, 0, f->err, sizeof f->err), -1);
  free(big);
}

static void test_link_fallback(void **state) {
  struct fx *f = *state;
  /* renameat2 refused (an old kernel or file system): link + unlink. */
  al_fail_after(AL_WRAP_RENAME, 0, EINVAL);
  assert_int_equal(al_publish(&f->d, "l-result.json", "L", 1, 0, f->err, sizeof f->err), 0);
  assert_int_equal(al_wrap_calls(AL_WRAP_RENAME), 1);
  assert_int_equal(al_wrap_calls(AL_WRAP_LINK), 1);
  assert_string_equal(read_file(f->res, "l-result.json"), "L");
  assert_string_equal(listing(f->res), "l-result.json");
  /* Remembered: the next publish goes straight to link. */
  assert_int_equal(al_publish(&f->d, "m-result.json", "M", 1, 0, f->err, sizeof f->err), 0);
  assert_int_equal(al_wrap_calls(AL_WRAP_RENAME), 1);
  assert_int_equal(al_wrap_calls(AL_WRAP_LINK), 2);
  /* EEXIST through link: same comparison as with renameat2. */
  assert_int_equal(al_publish(&f->d, "m-result.json", "M", 1, 0, f->err, sizeof f->err), 0);
  assert_int_equal(al_publish(&f->d, "m-result.json", "N", 1, 0, f->err, sizeof f->err), -1);
  assert_non_null(strstr(f->err, "exists with different content"));
  assert_string_equal(listing(f->res), "l-result.json m-result.json");
  al_fail_reset();
}

static void test_publish_copy(void **state) {
  struct fx *f = *state;
  char src[PATH_MAX], big[PATH_MAX];
  size_t i;
  FILE *fp;
  put_file(f->root, "src.txt", "copied bytes");
  snprintf(src, sizeof src, "%s/src.txt", f->root);
  assert_int_equal(al_publish_copy(&f->d, "c-attachment.txt", src, 0, f->err, sizeof f->err), 0);
  assert_string_equal(read_file(f->res, "c-attachment.txt"), "copied bytes");
  /* Re-run with the same source: identical, fine; another source: refused. */
  assert_int_equal(al_publish_copy(&f->d, "c-attachment.txt", src, 0, f->err, sizeof f->err), 0);
  put_file(f->root, "other.txt", "copied bytez");
  snprintf(src, sizeof src, "%s/other.txt", f->root);
  assert_int_equal(al_publish_copy(&f->d, "c-attachment.txt", src, 0, f->err, sizeof f->err), -1);
  assert_non_null(strstr(f->err, "exists with different content"));
  /* A source larger than the copy buffer, several reads. */
  snprintf(big, sizeof big, "%s/big.bin", f->root);
  fp = fopen(big, "w");
  assert_non_null(fp);
  for (i = 0; i < 200000; i++) fputc('0' + (int)(i % 10), fp);
  fclose(fp);
  assert_int_equal(al_publish_copy(&f->d, "big-attachment", big, 0, f->err, sizeof f->err), 0);
  assert_int_equal(strlen(read_file(f->res, "big-attachment")), 200000);
  assert_int_equal(al_publish_copy(&f->d, "big-attachment", big, 0, f->err, sizeof f->err), 0);
  /* Bad sources are named in the message. */
  snprintf(src, sizeof src, "%s/missing.txt", f->root);
  assert_int_equal(al_publish_copy(&f->d, "m-attachment", src, 0, f->err, sizeof f->err), -1);
  assert_non_null(strstr(f->err, "missing.txt: No such file or directory"));
  assert_int_equal(al_publish_copy(&f->d, "d-attachment", f->root, 0, f->err, sizeof f->err), -1);
  assert_non_null(strstr(f->err, ": not a regular file"));
  /* A failed write while copying leaves nothing. */
  al_fail_after(AL_WRAP_WRITE, 1, ENOSPC);
  assert_int_equal(al_publish_copy(&f->d, "w-attachment", big, 0, f->err, sizeof f->err), -1);
  al_fail_reset();
  assert_non_null(strstr(f->err, "w-attachment: No space left on device"));
  assert_string_equal(listing(f->res), "big-attachment c-attachment.txt");
}

static void test_is_allure_name(void **state) {
  static const char *const yes[] = {
    "0b4ac4c2-result.json", "x-container.json", "x-attachment", "x-attachment.png",
    "x-attachment.xml.txt", "x-globals.json", "environment.properties", "executor.json",
    "categories.json", ".allure-lua-abc123def456.tmp"};
  static const char *const no[] = {
    "report.xml", "result.json", "notes.txt", "environment.xml", "x-check.json",
    ".allure-lua-x", "allure-lua-x.tmp", "history", "x-result.json.bak"};
  size_t i;
  (void)state;
  for (i = 0; i < sizeof yes / sizeof *yes; i++)
    if (!al_is_allure_name(yes[i])) fail_msg("%s should match", yes[i]);
  for (i = 0; i < sizeof no / sizeof *no; i++)
    if (al_is_allure_name(no[i])) fail_msg("%s should not match", no[i]);
}

static void test_clean(void **state) {
  struct fx *f = *state;
  char p[PATH_MAX];
  const char *mine[] = {"a-result.json", "b-container.json", "c-attachment.png", "d-attachment",
                        "e-globals.json", "environment.properties", "executor.json",
                        "categories.json", ".allure-lua-000000000000.tmp"};
  size_t i;
  for (i = 0; i < sizeof mine / sizeof *mine; i++) put_file(f->res, mine[i], "x");
  put_file(f->res, "report.xml", "keep");
  put_file(f->res, "notes.txt", "keep");
  snprintf(p, sizeof p, "%s/history", f->res);
  assert_int_equal(mkdir(p, 0777), 0);
  put_file(p, "history.json", "keep");
  snprintf(p, sizeof p, "%s/dir-result.json", f->res);   /* a directory with an Allure name */
  assert_int_equal(mkdir(p, 0777), 0);
  assert_int_equal(al_clean(&f->d, f->err, sizeof f->err), 0);
  assert_string_equal(listing(f->res), "dir-result.json history notes.txt report.xml");
  snprintf(p, sizeof p, "%s/history", f->res);
  assert_string_equal(listing(p), "history.json");
  assert_int_equal(al_clean(&f->d, f->err, sizeof f->err), 0);   /* nothing left to do */
}

struct visits {
  char all[4096];
  int n, stop_at;
  size_t skip;              /* prefix length to cut from each path */
};

static int visit(const char *path, void *ud) {
  struct visits *v = ud;
  if (v->all[0]) strcat(v->all, " ");
  strcat(v->all, path + v->skip);
  v->n++;
  return v->n == v->stop_at ? 7 : 0;
}

static void test_walk(void **state) {
  struct fx *f = *state;
  char in[PATH_MAX], p[PATH_MAX], q[PATH_MAX], err[512];
  struct visits v;
  snprintf(in, sizeof in, "%s/in", f->root);
  snprintf(p, sizeof p, "%s/in/a/sub", f->root);
  assert_int_equal(al_mkdir_p(p, err, sizeof err), 0);
  snprintf(p, sizeof p, "%s/in/c", f->root);                  /* empty directory */
  assert_int_equal(al_mkdir_p(p, err, sizeof err), 0);
  put_file(in, "b.xml", "");
  put_file(in, "B.xml", "");
  put_file(in, "a.xml", "");
  put_file(in, "a/2.xml", "");
  put_file(in, "a/10.xml", "");
  put_file(in, "a/sub/z.xml", "");
  put_file(in, "a-b.xml", "");
  /* A symlinked directory is not followed (no loops, no duplicates); a symlinked file is. */
  snprintf(p, sizeof p, "%s/in/loop", f->root);
  assert_int_equal(symlink(in, p), 0);
  snprintf(p, sizeof p, "%s/in/link.xml", f->root);
  snprintf(q, sizeof q, "%s/in/b.xml", f->root);
  assert_int_equal(symlink(q, p), 0);
  snprintf(p, sizeof p, "%s/in/dangling.xml", f->root);
  assert_int_equal(symlink("/nonexistent/x", p), 0);
  memset(&v, 0, sizeof v);
  v.skip = strlen(in) + 1;
  assert_int_equal(al_walk(in, visit, &v, err, sizeof err), 0);
  /* strcmp order at each level: "B" < "a" < "a-b.xml" < "a.xml" < "a/"... by name. */
  assert_string_equal(v.all, "B.xml a/10.xml a/2.xml a/sub/z.xml a-b.xml a.xml b.xml link.xml");
  /* A trailing slash does not double up. */
  memset(&v, 0, sizeof v);
  snprintf(p, sizeof p, "%s/in/a/", f->root);
  v.skip = strlen(p);
  assert_int_equal(al_walk(p, visit, &v, err, sizeof err), 0);
  assert_string_equal(v.all, "10.xml 2.xml sub/z.xml");
  /* A file is walked as itself. */
  memset(&v, 0, sizeof v);
  snprintf(p, sizeof p, "%s/in/a.xml", f->root);
  assert_int_equal(al_walk(p, visit, &v, err, sizeof err), 0);
  assert_int_equal(v.n, 1);
  assert_string_equal(v.all, p);
  /* The callback stops the walk with its value. */
  memset(&v, 0, sizeof v);
  v.stop_at = 2;
  v.skip = strlen(in) + 1;
  assert_int_equal(al_walk(in, visit, &v, err, sizeof err), 7);
  assert_string_equal(v.all, "B.xml a/10.xml");
  /* Missing input. */
  snprintf(p, sizeof p, "%s/nope", f->root);
  assert_int_equal(al_walk(p, visit, &v, err, sizeof err), -1);
  assert_non_null(strstr(err, "nope: No such file or directory"));
}

/* The input byte counter: process-wide, only ever grows; callers take differences. */
static void test_input_count(void **state) {
  unsigned long long before = al_input_bytes();
  (void)state;
  al_input_count(0);
  assert_true(al_input_bytes() == before);
  al_input_count(65536);
  al_input_count(17);
  assert_true(al_input_bytes() - before == 65553);
  al_input_count((size_t)1 << 31);                 /* more than an int holds, in steps */
  al_input_count((size_t)1 << 31);
  assert_true(al_input_bytes() - before == 65553 + ((unsigned long long)1 << 32));
}

/* al_read_some: what read gave, counted as input; 0 at the end; -1 with errno. */
static void test_read_some(void **state) {
  int fds[2];
  char buf[16];
  unsigned long long before;
  (void)state;
  assert_int_equal(pipe(fds), 0);
  assert_int_equal(write(fds[1], "abcdef", 6), 6);
  close(fds[1]);
  before = al_input_bytes();
  assert_int_equal(al_read_some(fds[0], buf, 4), 4);
  assert_memory_equal(buf, "abcd", 4);
  assert_int_equal(al_read_some(fds[0], buf, sizeof buf), 2);
  assert_true(al_input_bytes() - before == 6);
  assert_int_equal(al_read_some(fds[0], buf, sizeof buf), 0);
  close(fds[0]);
  assert_int_equal(al_read_some(fds[0], buf, sizeof buf), -1);
  assert_int_equal(errno, EBADF);
  assert_true(al_input_bytes() - before == 6);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test_setup_teardown(test_mkdir_p, setup, teardown),
    cmocka_unit_test_setup_teardown(test_dir_open, setup, teardown),
    cmocka_unit_test_setup_teardown(test_publish, setup, teardown),
    cmocka_unit_test_setup_teardown(test_publish_exists, setup, teardown),
    cmocka_unit_test_setup_teardown(test_publish_failures, setup, teardown),
    cmocka_unit_test_setup_teardown(test_publish_large, setup, teardown),
    cmocka_unit_test_setup_teardown(test_link_fallback, setup, teardown),
    cmocka_unit_test_setup_teardown(test_publish_copy, setup, teardown),
    cmocka_unit_test(test_is_allure_name),
    cmocka_unit_test_setup_teardown(test_clean, setup, teardown),
    cmocka_unit_test_setup_teardown(test_walk, setup, teardown),
    cmocka_unit_test(test_input_count),
    cmocka_unit_test(test_read_some),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
