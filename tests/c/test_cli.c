/* The whole CLI driven in-process through al_main(): exit statuses, messages, search order. */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
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

#include "al.h"
#include "lcapture.h"
#include "tmpdir.h"
#include "wraps.h"

static char tmp[256];          /* a fresh directory per test */
static char err_text[65536];   /* what the last run wrote to stderr */
static char out_text[65536];   /* ... and to stdout */

/* Runs al_main with a NULL-terminated argument list, capturing stdout and stderr. */
static int run(const char *first, ...) {
  char *argv[64];
  int argc = 0;
  va_list ap;
  argv[argc++] = (char *)"allure-lua";
  va_start(ap, first);
  for (const char *a = first; a; a = va_arg(ap, const char *)) argv[argc++] = (char *)a;
  va_end(ap);
  argv[argc] = NULL;

  return capture_main(argc, argv, out_text, sizeof out_text, err_text, sizeof err_text);
}

static const char *path(const char *rel) {
  static char buf[4][512];
  static int i;
  i = (i + 1) % 4;
  snprintf(buf[i], sizeof buf[i], "%s/%s", tmp, rel);
  return buf[i];
}

static void put(const char *rel, const char *text) {
  FILE *f = fopen(path(rel), "w");
  assert_non_null(f);
  fputs(text, f);
  fclose(f);
}

/* Number of files in dir whose name ends with suffix. */
static int count(const char *dir, const char *suffix) {
  DIR *d = opendir(dir);
  struct dirent *e;
  int n = 0;
  if (!d) return -1;
  while ((e = readdir(d))) {
    size_t len = strlen(e->d_name), slen = strlen(suffix);
    if (len >= slen && strcmp(e->d_name + len - slen, suffix) == 0) n++;
  }
  closedir(d);
  return n;
}

static char *slurp_file(const char *file) {
  static char buf[65536];
  int fd = open(file, O_RDONLY);
  if (fd < 0) return NULL;
  capture_slurp(fd, buf, sizeof buf);
  close(fd);
  return buf;
}

/* Text of every *-result.json in dir, concatenated (small runs only). */
static char *results_text(const char *dir) {
  static char all[65536];
  char file[1024];
  DIR *d = opendir(dir);
  struct dirent *e;
  all[0] = '\0';
  while (d && (e = readdir(d))) {
    size_t len = strlen(e->d_name);
    if (len < 12 || strcmp(e->d_name + len - 12, "-result.json") != 0) continue;
    snprintf(file, sizeof file, "%s/%s", dir, e->d_name);
    strncat(all, slurp_file(file), sizeof all - strlen(all) - 1);
  }
  if (d) closedir(d);
  return all;
}

static const char good[] =
  "<testsuite name=\"s\"><testcase classname=\"a.B\" name=\"one\" time=\"0.1\"/>"
  "<testcase classname=\"a.B\" name=\"two\"><failure message=\"m\">trace</failure></testcase></testsuite>";

static int setup(void **state) {
  assert_int_equal(al_tmpdir_make(tmp, sizeof tmp, NULL, "cli"), 0);
  setenv("XDG_CONFIG_HOME", path("xdg"), 1);   /* no stray user scripts */
  unsetenv("ALLURE_LUA_PATH");
  unsetenv("ALLURE_RESULTS_DIR");
  unsetenv("ALLURE_RESULTS");
  unsetenv("ALLURE_LUA_PARAMS");
  unsetenv("GITHUB_STEP_SUMMARY");
  put("good.xml", good);
  return 0;
}

static int teardown(void **state) {
  return al_tmpdir_remove(tmp);
}

static void test_version_and_help(void **state) {
  assert_int_equal(run("--version", NULL), AL_EXIT_OK);
  assert_non_null(strstr(out_text, "allure-lua "));
  assert_int_equal(run("--help", NULL), AL_EXIT_OK);
  assert_non_null(strstr(out_text, "usage: allure-lua"));
}

static void test_usage_errors(void **state) {
  assert_int_equal(run(NULL), AL_EXIT_USAGE);
  assert_non_null(strstr(err_text, "usage:"));
  assert_int_equal(run("--bogus", "junit", NULL), AL_EXIT_USAGE);
  assert_non_null(strstr(err_text, "unknown option '--bogus'"));
  assert_int_equal(run("junit", "-o", NULL), AL_EXIT_USAGE);
  assert_non_null(strstr(err_text, "needs an argument"));
  assert_int_equal(run("no-such-script", path("good.xml"), NULL), AL_EXIT_USAGE);
  assert_non_null(strstr(err_text, "no script 'no-such-script'"));
  assert_int_equal(run("junit", "--opt", "nope=1", path("good.xml"), NULL), AL_EXIT_USAGE);
  assert_non_null(strstr(err_text, "junit: unknown option 'nope'"));
  assert_int_equal(run("--opt", "novalue", "junit", NULL), AL_EXIT_USAGE);
}

static void test_converts_and_summarises(void **state) {
  assert_int_equal(run("-o", path("out"), "junit", path("good.xml"), NULL), AL_EXIT_OK);
  assert_int_equal(count(path("out"), "-result.json"), 2);
  assert_non_null(strstr(err_text, "2 results (1 passed, 1 failed) from 1 input"));
  /* -q: no summary; results are added, not replaced, without --clean */
  assert_int_equal(run("-q", "-o", path("out"), "junit", path("good.xml"), NULL), AL_EXIT_OK);
  assert_string_equal(err_text, "");
  assert_int_equal(count(path("out"), "-result.json"), 4);
  assert_int_equal(run("-q", "--clean", "-o", path("out"), "junit", path("good.xml"), NULL), AL_EXIT_OK);
  assert_int_equal(count(path("out"), "-result.json"), 2);
}

/* -o, then ALLURE_RESULTS_DIR, then allurectl's ALLURE_RESULTS. */
static void test_output_from_environment(void **state) {
  setenv("ALLURE_RESULTS_DIR", path("env-out"), 1);
  setenv("ALLURE_RESULTS", path("allurectl-out"), 1);
  assert_int_equal(run("-q", "junit", path("good.xml"), NULL), AL_EXIT_OK);
  unsetenv("ALLURE_RESULTS_DIR");
  assert_int_equal(count(path("env-out"), "-result.json"), 2);
  assert_true(count(path("allurectl-out"), "-result.json") <= 0);   /* -1: not even created */
  assert_int_equal(run("-q", "junit", path("good.xml"), NULL), AL_EXIT_OK);
  assert_int_equal(count(path("allurectl-out"), "-result.json"), 2);
  assert_int_equal(run("-q", "-o", path("o-out"), "junit", path("good.xml"), NULL), AL_EXIT_OK);
  unsetenv("ALLURE_RESULTS");
  assert_int_equal(count(path("o-out"), "-result.json"), 2);
  assert_int_equal(count(path("allurectl-out"), "-result.json"), 2);
}

/* --fail-on-empty: no result at all is status 7; a run with results is not affected. */
static void test_fail_on_empty(void **state) {
  mkdir(path("empty"), 0755);
  assert_int_equal(run("-o", path("out"), "junit", path("empty"), NULL), AL_EXIT_OK);
  assert_int_equal(run("-o", path("out"), "--fail-on-empty", "junit", path("empty"), NULL), AL_EXIT_EMPTY);
  assert_non_null(strstr(err_text, "no result was written (--fail-on-empty)"));
  put("empty.xml", "<testsuites/>");
  assert_int_equal(run("-q", "-o", path("out"), "--fail-on-empty", "junit", path("empty.xml"), NULL), AL_EXIT_EMPTY);
  assert_int_equal(run("-q", "-o", path("out"), "--fail-on-empty", "junit", path("good.xml"), NULL), AL_EXIT_OK);
  /* A glob that matched nothing reaches us as its own text: missing, which says more. */
  assert_int_equal(run("-q", "-o", path("out"), "--fail-on-empty", "junit", path("TEST-*.xml"), NULL),
                   AL_EXIT_UNREADABLE);
}

/* The historyId of the result whose fullName is `full` in a results_text(): the last one
 * before it (the writer puts historyId ahead of fullName). */
static const char *history_of(const char *text, const char *full) {
  char key[256];
  snprintf(key, sizeof key, "\"fullName\":\"%s\"", full);
  const char *at = strstr(text, key), *found = NULL, *p = text;
  while (at && (p = strstr(p, "\"historyId\":\"")) != NULL && p < at) found = p++;
  return found;
}

/* --param and ALLURE_LUA_PARAMS: every result gets them, and so its own history. */
static void test_run_wide_params(void **state) {
  char first[65536];
  assert_int_equal(run("-q", "-o", path("plain"), "junit", path("good.xml"), NULL), AL_EXIT_OK);
  setenv("ALLURE_LUA_PARAMS", "os=linux;node=20", 1);
  assert_int_equal(run("-q", "-o", path("leg1"), "--param", "node=22", "junit", path("good.xml"), NULL), AL_EXIT_OK);
  unsetenv("ALLURE_LUA_PARAMS");
  char *text = results_text(path("leg1"));
  assert_non_null(strstr(text, "{\"name\":\"os\",\"value\":\"linux\"}"));
  assert_non_null(strstr(text, "{\"name\":\"node\",\"value\":\"22\"}"));
  assert_null(strstr(text, "\"value\":\"20\""));
  snprintf(first, sizeof first, "%s", text);
  assert_int_equal(run("-q", "-o", path("leg2"), "--param", "os=linux", "--param", "node=20", "junit",
                       path("good.xml"), NULL), AL_EXIT_OK);
  /* the same test on two legs: one testCaseId, two historyIds */
  const char *h1 = history_of(first, "a.B.one");
  const char *h2 = history_of(results_text(path("leg2")), "a.B.one");
  assert_non_null(h1);
  assert_non_null(h2);
  const char *c1 = strchr(h1 + 13, ':'), *c2 = strchr(h2 + 13, ':');
  assert_memory_equal(h1, h2, (size_t)(c1 - h1));             /* testCaseId part */
  assert_memory_not_equal(c1, c2, 33);                         /* parameters' hash */
  assert_int_equal(run("-q", "-o", path("out"), "--param", "novalue", "junit", path("good.xml"), NULL),
                   AL_EXIT_USAGE);
  assert_int_equal(run("-q", "-o", path("out"), "--param", "=x", "junit", path("good.xml"), NULL), AL_EXIT_USAGE);
}

/* A misspelt script gets the nearest names; an input refused says which script reads it. */
static void test_suggestions(void **state) {
  assert_int_equal(run("junt", path("good.xml"), NULL), AL_EXIT_USAGE);
  assert_non_null(strstr(err_text, "no script 'junt' (did you mean junit?"));
  assert_int_equal(run("gotst", path("good.xml"), NULL), AL_EXIT_USAGE);
  assert_non_null(strstr(err_text, "did you mean gotest"));
  assert_int_equal(run("zzzzzzzz", path("good.xml"), NULL), AL_EXIT_USAGE);
  assert_null(strstr(err_text, "did you mean"));
  assert_int_equal(run("-q", "-o", path("out"), "gotest", path("good.xml"), NULL), AL_EXIT_INPUT);
  assert_non_null(strstr(err_text, "allure-lua junit reads it"));
}

/* --summary-md and GITHUB_STEP_SUMMARY: a Markdown summary with the failed tests. */
static void test_summary_markdown(void **state) {
  put("retry.xml",
      "<testsuite name=\"s\" timestamp=\"2026-01-01T10:00:00\">"
      "<testcase classname=\"a.B\" name=\"one\" time=\"2\"/>"
      "<testcase classname=\"a.B\" name=\"two\"><failure message=\"expected | 1\">trace</failure></testcase>"
      "<testcase classname=\"a.B\" name=\"three\"><error message=\"boom\"/></testcase>"
      "</testsuite>");
  put("step.md", "earlier step\n");
  setenv("GITHUB_STEP_SUMMARY", path("step.md"), 1);
  int status = run("-q", "-o", path("out"), "--summary-md", path("summary.md"), "junit", path("retry.xml"), NULL);
  unsetenv("GITHUB_STEP_SUMMARY");
  assert_int_equal(status, AL_EXIT_OK);
  char *md = slurp_file(path("summary.md"));
  assert_non_null(md);
  assert_non_null(strstr(md, "### Allure results: 2 of 3 tests failed or broke"));
  assert_non_null(strstr(md, "| **all** (last attempts) | 3 | 1 | 1 | 1 | 0 | 0 |"));
  assert_non_null(strstr(md, "#### Failed and broken (2)"));
  assert_non_null(strstr(md, "| failed | a.B.two | expected \\| 1 |"));
  assert_non_null(strstr(md, "| broken | a.B.three | boom |"));
  char *step = slurp_file(path("step.md"));
  assert_non_null(step);
  const char *head = "earlier step\n### Allure results";
  assert_true(strncmp(step, head, strlen(head)) == 0);
}

static void test_directory_input(void **state) {
  mkdir(path("reports"), 0755);
  mkdir(path("reports/sub"), 0755);
  put("reports/TEST-a.xml", good);
  put("reports/sub/TEST-b.xml", good);
  put("reports/notes.txt", "not a report");
  assert_int_equal(run("-o", path("out"), "junit", path("reports"), NULL), AL_EXIT_OK);
  assert_int_equal(count(path("out"), "-result.json"), 4);
  assert_non_null(strstr(err_text, "from 2 inputs"));
}

static void test_standard_input(void **state) {
  int saved = dup(0);
  int fd = open(path("good.xml"), O_RDONLY);
  dup2(fd, 0);
  close(fd);
  int status = run("-q", "-o", path("out"), "junit", NULL);
  dup2(saved, 0);
  close(saved);
  assert_int_equal(status, AL_EXIT_OK);
  assert_int_equal(count(path("out"), "-result.json"), 2);
}

/* A malformed input is reported with file:line:col; the other inputs' results stay. A missing
 * one has a status of its own (a typo, a glob that matched nothing), which wins. */
static void test_malformed_input_keeps_others(void **state) {
  put("bad.xml", "<testsuite name=\"s\">\n<testcase name=\"x\">\n</testsuite>\n");
  assert_int_equal(run("-q", "-o", path("out1"), "junit", path("bad.xml"), path("good.xml"), NULL), AL_EXIT_INPUT);
  assert_int_equal(count(path("out1"), "-result.json"), 2);
  assert_int_equal(run("-o", path("out"), "junit", path("bad.xml"), path("good.xml"),
                       path("missing.xml"), NULL), AL_EXIT_UNREADABLE);
  assert_non_null(strstr(err_text, "bad.xml:3:"));
  assert_non_null(strstr(err_text, "missing.xml: No such file or directory"));
  assert_non_null(strstr(err_text, "2 unreadable or malformed"));
  assert_int_equal(count(path("out"), "-result.json"), 2);
  assert_int_equal(count(path("out"), ".tmp"), 0);
}

/* A script error exits 3 with the script's file:line and a traceback. */
static void test_script_error(void **state) {
  put("broken.lua",
      "return { convert = function(input, ctx)\n"
      "  local t = nil\n"
      "  return t.field\n"
      "end }\n");
  assert_int_equal(run("-o", path("out"), path("broken.lua"), path("good.xml"), NULL), AL_EXIT_SCRIPT);
  assert_non_null(strstr(err_text, "broken.lua:3: attempt to index a nil value"));
  assert_non_null(strstr(err_text, "stack traceback:"));
  assert_non_null(strstr(err_text, "while converting"));

  put("notable.lua", "return 42\n");
  assert_int_equal(run(path("notable.lua"), path("good.xml"), NULL), AL_EXIT_SCRIPT);
  assert_non_null(strstr(err_text, "a script must return a table with a convert(input, ctx) function"));

  /* A writer misuse names the field, at the script's own file:line first (not the
   * driver's ctx:emit, which the traceback after still shows). */
  put("badstatus.lua",
      "return { convert = function(input, ctx)\n"
      "  ctx:emit { name = 'x', status = 'flaky' }\n"
      "end }\n");
  assert_int_equal(run("-o", path("out"), path("badstatus.lua"), path("good.xml"), NULL), AL_EXIT_SCRIPT);
  char want[600];
  snprintf(want, sizeof want, "allure-lua: %s:2: result.status: unknown status \"flaky\"", path("badstatus.lua"));
  if (strncmp(err_text, want, strlen(want)) != 0) fail_msg("stderr: %s\nwanted first: %s", err_text, want);
  const char *tb = strstr(err_text, "stack traceback:");
  assert_non_null(tb);
  assert_non_null(strstr(tb, "stdlib/allure/driver.lua:"));

  /* From a callback deeper in the script: that callback's line. */
  put("badnested.lua",
      "local function each(t, f) for _, v in ipairs(t) do f(v) end end\n"
      "return { convert = function(input, ctx)\n"
      "  each({ 1 }, function()\n"
      "    ctx:emit { name = 'x', status = 'flaky' }\n"
      "  end)\n"
      "end }\n");
  assert_int_equal(run("-o", path("out"), path("badnested.lua"), path("good.xml"), NULL), AL_EXIT_SCRIPT);
  snprintf(want, sizeof want, "allure-lua: %s:4: result.status:", path("badnested.lua"));
  if (strncmp(err_text, want, strlen(want)) != 0) fail_msg("stderr: %s\nwanted first: %s", err_text, want);
}

static void test_output_not_writable(void **state) {
  put("afile", "x");
  assert_int_equal(run("-o", path("afile/out"), "junit", path("good.xml"), NULL), AL_EXIT_OUTPUT);
  assert_non_null(strstr(err_text, "afile"));
}

/* A full disk in the middle of a run: exit 4, a clear message, and nothing half-written —
 * every file present is complete, no temp file is left. */
static void test_write_failure_mid_run(void **state) {
  char big[8192];
  char *p = big;
  p += sprintf(p, "<testsuite name=\"s\">");
  for (int i = 0; i < 40; i++)
    p += sprintf(p, "<testcase classname=\"a.B\" name=\"t%d\"><system-out>out %d</system-out></testcase>", i, i);
  sprintf(p, "</testsuite>");
  put("many.xml", big);
  al_fail_after(AL_WRAP_WRITE, 25, ENOSPC);
  int status = run("-o", path("out"), "junit", path("many.xml"), NULL);
  al_fail_reset();
  assert_int_equal(status, AL_EXIT_OUTPUT);
  assert_non_null(strstr(err_text, "No space left on device"));
  assert_int_equal(count(path("out"), ".tmp"), 0);
  /* every result present parses and names attachments that exist */
  put("check.lua",
      "local host, json = require 'allure.host', require 'allure.json'\n"
      "local n = 0\n"
      "for _, f in ipairs(host.walk(arg[1])) do\n"
      "  if f:match('%-result%.json$') then\n"
      "    local r = assert(json.read(f))\n"
      "    for _, a in ipairs(r.attachments or {}) do assert(host.stat(arg[1] .. '/' .. a.source) == 'file') end\n"
      "    n = n + 1\n"
      "  end\n"
      "end\n"
      "return n > 0 and 0 or 1\n");
  assert_int_equal(run("--run", path("check.lua"), path("out"), NULL), 0);
  assert_true(count(path("out"), "-result.json") < 40);
}

/* A user's script of the same name wins over the bundled one: -I, then ALLURE_LUA_PATH,
 * then XDG_CONFIG_HOME; ";;" in ALLURE_LUA_PATH stands for the defaults. */
static void test_search_order(void **state) {
  static const char mine[] =
    "return { description = 'mine from %s', convert = function(input, ctx)\n"
    "  ctx:emit { name = '%s', status = 'passed' }\n"
    "  return true\n"
    "end }\n";
  char text[512];
  mkdir(path("inc"), 0755);
  mkdir(path("env"), 0755);
  mkdir(path("xdg"), 0755);
  mkdir(path("xdg/allure-lua"), 0755);
  mkdir(path("xdg/allure-lua/scripts"), 0755);
  snprintf(text, sizeof text, mine, "xdg", "from-xdg");
  put("xdg/allure-lua/scripts/junit.lua", text);
  snprintf(text, sizeof text, mine, "env", "from-env");
  put("env/junit.lua", text);
  snprintf(text, sizeof text, mine, "inc", "from-inc");
  put("inc/junit.lua", text);

  assert_int_equal(run("-v", "-o", path("o1"), "junit", path("good.xml"), NULL), AL_EXIT_OK);
  assert_non_null(strstr(err_text, "xdg/allure-lua/scripts/junit.lua"));
  setenv("ALLURE_LUA_PATH", path("env"), 1);
  assert_int_equal(run("-v", "-o", path("o2"), "junit", path("good.xml"), NULL), AL_EXIT_OK);
  assert_non_null(strstr(err_text, "env/junit.lua"));
  assert_int_equal(run("-v", "-I", path("inc"), "-o", path("o3"), "junit", path("good.xml"), NULL), AL_EXIT_OK);
  assert_non_null(strstr(err_text, "inc/junit.lua"));
  /* -E ignores the environment: the bundled script runs */
  assert_int_equal(run("-v", "-E", "-o", path("o4"), "junit", path("good.xml"), NULL), AL_EXIT_OK);
  assert_non_null(strstr(err_text, "embedded:scripts/junit.lua"));
  assert_int_equal(count(path("o4"), "-result.json"), 2);
  /* ";;" brings the XDG default back after the env dir; --print-path shows the order */
  char env[600];
  snprintf(env, sizeof env, "%s;;", path("nowhere"));
  setenv("ALLURE_LUA_PATH", env, 1);
  assert_int_equal(run("--print-path", NULL), AL_EXIT_OK);
  assert_non_null(strstr(out_text, "nowhere\n"));
  assert_non_null(strstr(out_text, "xdg/allure-lua/scripts\n"));
  assert_int_equal(run("-v", "-o", path("o5"), "junit", path("good.xml"), NULL), AL_EXIT_OK);
  assert_non_null(strstr(err_text, "xdg/allure-lua/scripts/junit.lua"));
  unsetenv("ALLURE_LUA_PATH");
}

/* require of a stdlib module follows the same rule: a user's allure/status.lua wins. */
static void test_stdlib_override(void **state) {
  mkdir(path("inc"), 0755);
  mkdir(path("inc/allure"), 0755);
  put("inc/allure/status.lua",
      "local s = {}\n"
      "function s.worst() return 'skipped' end\n"
      "function s.details() return nil end\n"
      "function s.first_line() return nil end\n"
      "function s.with_flags(d) return d end\n"
      "return s\n");
  assert_int_equal(run("-I", path("inc"), "-o", path("out"), "junit", path("good.xml"), NULL), AL_EXIT_OK);
  assert_non_null(strstr(err_text, "2 results (1 passed, 1 skipped)"));
}

static void test_list_and_script_help(void **state) {
  assert_int_equal(run("--list", NULL), AL_EXIT_OK);
  assert_non_null(strstr(out_text, "junit "));
  assert_non_null(strstr(out_text, "JUnit XML"));
  assert_int_equal(run("junit", "--help", NULL), AL_EXIT_OK);
  assert_non_null(strstr(out_text, "usage: allure-lua [OPTIONS] junit"));
}

/* A script that loops forever or allocates without bound is stopped: exit 5, a clear message,
 * and the result it wrote before the runaway stays complete. */
static void test_limits(void **state) {
  put("loop.lua",
      "return { convert = function(input, ctx)\n"
      "  ctx:emit { name = 'before', status = 'passed' }\n"
      "  while true do end\n"
      "end }\n");
  assert_int_equal(run("-o", path("out"), "--timeout", "0.5", path("loop.lua"), path("good.xml"), NULL),
                   AL_EXIT_LIMIT);
  assert_non_null(strstr(err_text, "it ran longer than --timeout"));
  assert_int_equal(count(path("out"), "-result.json"), 1);
  put("hog.lua",
      "return { convert = function(input, ctx)\n"
      "  local t = {}\n"
      "  for i = 1, 1e9 do t[i] = ('x'):rep(100) .. i end\n"
      "end }\n");
  assert_int_equal(run("-o", path("out"), "--max-memory", "16", path("hog.lua"), path("good.xml"), NULL),
                   AL_EXIT_LIMIT);
  assert_non_null(strstr(err_text, "it used more than --max-memory"));
  assert_int_equal(run("--timeout", "soon", "junit", NULL), AL_EXIT_USAGE);
}

static void test_run_plain_file(void **state) {
  put("prog.lua", "assert(arg[1] == 'x' and arg[2] == '-v')\nreturn 7\n");
  assert_int_equal(run("--run", path("prog.lua"), "x", "-v", NULL), 7);
  assert_int_equal(run("--run", path("missing.lua"), NULL), AL_EXIT_USAGE);
  /* bytecode is refused */
  put("bc.lua", "\x1bLua garbage");
  assert_int_equal(run("--run", path("bc.lua"), NULL), AL_EXIT_USAGE);
  assert_non_null(strstr(err_text, "binary chunk"));
  /* The exit statuses Lua sees are al.h's. */
  put("exits.lua", "local E = require('allure.host').EXIT\n"
                   "assert(E.ok == 0 and E.usage == 2 and E.unreadable == 6 and E.signal == 128)\n"
                   "return E.limit\n");
  assert_int_equal(run("--run", path("exits.lua"), NULL), AL_EXIT_LIMIT);
}

/* SIGTERM stops a script at its next instruction, even one inside a pcall that catches
 * the error and carries on; the handlers are gone after the run. */
static void test_signal_stops_script(void **state) {
  struct sigaction before, after;
  put("loop.lua", "pcall(function() os.execute('kill -TERM $PPID'); while true do end end)\n"
                  "while true do end\n");
  sigaction(SIGTERM, NULL, &before);
  assert_int_equal(run("--run", path("loop.lua"), NULL), AL_EXIT_SIGNAL + SIGTERM);
  assert_non_null(strstr(err_text, "stopped by SIGTERM"));
  assert_null(strstr(err_text, "stack traceback"));
  assert_int_equal(al_stopped_by(), SIGTERM);
  sigaction(SIGTERM, NULL, &after);
  assert_ptr_equal((void *)after.sa_handler, (void *)before.sa_handler);
  assert_int_equal(run("--version", NULL), AL_EXIT_OK);
  assert_int_equal(al_stopped_by(), 0);
}

/* After a stop, a script's cleanup runs: its <close> handlers (a temp file removed) run to
 * their end, and an xpcall or a pcall in them does not swallow the stop; --timeout alike. */
static void test_stop_runs_close_handlers(void **state) {
  char script[1200];
  snprintf(script, sizeof script,
           "local marker = '%s'\n"
           "do\n"
           "  local guard <close> = setmetatable({}, { __close = function()\n"
           "    for i = 1, 1000 do local t = { i } end\n"             /* Lua code runs here */
           "    assert(pcall(function() end))\n"
           "    local f = assert(io.open(marker, 'w')); f:write('closed'); f:close()\n"
           "  end })\n"
           "  xpcall(function() os.execute('kill -TERM $PPID'); while true do end end, function(e) return e end)\n"
           "  while true do end\n"
           "end\n", path("closed"));
  put("close.lua", script);
  assert_int_equal(run("--run", path("close.lua"), NULL), AL_EXIT_SIGNAL + SIGTERM);
  assert_int_equal(access(path("closed"), F_OK), 0);
  put("timeout.lua", "pcall(function() while true do end end)\nwhile true do end\n");
  assert_int_equal(run("--timeout", "0.3", "--run", path("timeout.lua"), NULL), AL_EXIT_LIMIT);
  assert_non_null(strstr(err_text, "--timeout"));
}

/* run SCRIPT -- COMMAND: the command's output is echoed and converted; its status is ours. */
static void test_run_wrapper(void **state) {
  char cmd[600];
  snprintf(cmd, sizeof cmd, "cat '%s'; echo done >&2; exit 3", path("good.xml"));
  int saved = dup(0);
  int status = run("-o", path("out"), "run", "junit", "--", "sh", "-c", cmd, NULL);
  dup2(saved, 0);
  close(saved);
  assert_int_equal(status, 3);
  assert_int_equal(count(path("out"), "-result.json"), 2);
  assert_non_null(strstr(out_text, "<testcase classname=\"a.B\" name=\"one\""));  /* echoed */
  assert_non_null(strstr(err_text, "2 results (1 passed, 1 failed)"));

  saved = dup(0);
  status = run("-q", "-o", path("out2"), "run", "junit", "--", "true", NULL);
  dup2(saved, 0);
  close(saved);
  assert_int_equal(status, AL_EXIT_INPUT);          /* it passed, but printed no report */

  saved = dup(0);
  status = run("-q", "-o", path("out3"), "run", "junit", "--", path("no-such-command"), NULL);
  dup2(saved, 0);
  close(saved);
  assert_int_equal(status, 127);
  assert_int_equal(run("run", "junit", NULL), AL_EXIT_USAGE);
  assert_non_null(strstr(err_text, "no command after --"));
}

/* --label, ALLURE_LABEL_*, --link go on every result; --env and --executor are written once. */
static void test_run_wide_settings(void **state) {
  setenv("ALLURE_LABEL_EPIC", "Checkout", 1);
  assert_int_equal(run("-q", "-o", path("out"), "--label", "owner=alice", "--link", "tms=https://tms.example/T1",
                       "--env", "Browser=Firefox", "--env", "Locale=de_DE.UTF-8", "--executor", "name=Nightly",
                       "--executor", "buildOrder=12", "junit", path("good.xml"), NULL), AL_EXIT_OK);
  unsetenv("ALLURE_LABEL_EPIC");
  char *text = results_text(path("out"));
  assert_non_null(strstr(text, "{\"name\":\"owner\",\"value\":\"alice\"}"));
  assert_non_null(strstr(text, "{\"name\":\"epic\",\"value\":\"Checkout\"}"));
  assert_non_null(strstr(text, "\"url\":\"https://tms.example/T1\""));
  char *env = slurp_file(path("out/environment.properties"));
  assert_non_null(env);
  assert_non_null(strstr(env, "Browser=Firefox"));
  assert_non_null(strstr(env, "Locale=de_DE.UTF-8"));
  char *executor = slurp_file(path("out/executor.json"));
  assert_non_null(executor);
  assert_non_null(strstr(executor, "\"name\":\"Nightly\""));
  assert_non_null(strstr(executor, "\"buildOrder\":12"));

  assert_int_equal(run("-o", path("out"), "--label", "novalue", "junit", path("good.xml"), NULL), AL_EXIT_USAGE);
  assert_int_equal(run("-o", path("out"), "--executor", "colour=red", "junit", path("good.xml"), NULL),
                   AL_EXIT_USAGE);
  assert_non_null(strstr(err_text, "unknown field"));
  assert_int_equal(run("-o", path("out"), "--rules", path("none.lua"), "junit", path("good.xml"), NULL),
                   AL_EXIT_USAGE);
  assert_non_null(strstr(err_text, "no such rules file"));
}

/* A CI is recognised from its variables: executor.json, and --env-from-ci facts. */
static void test_ci_executor(void **state) {
  setenv("GITLAB_CI", "true", 1);
  setenv("CI_PROJECT_URL", "https://gitlab.example/acme/shop", 1);
  setenv("CI_PIPELINE_IID", "77", 1);
  setenv("CI_JOB_NAME", "unit", 1);
  setenv("CI_COMMIT_REF_NAME", "feature/x", 1);
  int status = run("-q", "-o", path("out"), "--env-from-ci", "junit", path("good.xml"), NULL);
  unsetenv("GITLAB_CI");
  unsetenv("CI_PROJECT_URL");
  unsetenv("CI_PIPELINE_IID");
  unsetenv("CI_JOB_NAME");
  unsetenv("CI_COMMIT_REF_NAME");
  assert_int_equal(status, AL_EXIT_OK);
  char *executor = slurp_file(path("out/executor.json"));
  assert_non_null(executor);
  assert_non_null(strstr(executor, "\"type\":\"gitlab\""));
  assert_non_null(strstr(executor, "\"buildName\":\"unit #77\""));
  char *env = slurp_file(path("out/environment.properties"));
  assert_non_null(env);
  assert_non_null(strstr(env, "Branch=feature/x"));
}

/* ALLURE_TESTPLAN_PATH: results the plan does not select are not written. */
static void test_testplan(void **state) {
  put("plan.json", "{\"version\":\"1.0\",\"tests\":[{\"id\":\"9\",\"selector\":\"a.B.two\"}]}");
  setenv("ALLURE_TESTPLAN_PATH", path("plan.json"), 1);
  int status = run("-o", path("out"), "junit", path("good.xml"), NULL);
  assert_int_equal(status, AL_EXIT_OK);
  assert_int_equal(count(path("out"), "-result.json"), 1);
  assert_non_null(strstr(err_text, "1 not in the test plan"));
  put("plan.json", "[1, 2]");
  status = run("-o", path("out"), "junit", path("good.xml"), NULL);
  unsetenv("ALLURE_TESTPLAN_PATH");
  assert_int_equal(status, AL_EXIT_USAGE);
  assert_non_null(strstr(err_text, "not a test plan"));
}

/* --summary-json: per input, by status. */
static void test_summary_json(void **state) {
  put("bad.xml", "<testsuite>");
  assert_int_equal(run("-q", "-o", path("out"), "--summary-json", path("summary.json"), "junit",
                       path("good.xml"), path("bad.xml"), NULL), AL_EXIT_INPUT);
  char *text = slurp_file(path("summary.json"));
  assert_non_null(text);
  assert_non_null(strstr(text, "\"outcome\":\"converted\""));
  assert_non_null(strstr(text, "\"outcome\":\"malformed\""));
  assert_non_null(strstr(text, "\"totals\":{"));
  assert_non_null(strstr(text, "\"failed\":1"));
}

/* auto and detect: the format from the content; a named file of no known format is refused,
   one found in a directory passed over. */
static void test_auto_and_detect(void **state) {
  put("notes.txt", "just some notes\n");
  put("go.json", "{\"Action\":\"run\",\"Package\":\"p\",\"Test\":\"TestA\"}\n"
                 "{\"Action\":\"pass\",\"Package\":\"p\",\"Test\":\"TestA\",\"Elapsed\":0.1}\n");
  assert_int_equal(run("detect", path("good.xml"), path("notes.txt"), path("go.json"), NULL), AL_EXIT_OK);
  assert_non_null(strstr(out_text, "good.xml: junit (80: root <testsuite>)"));
  assert_non_null(strstr(out_text, "go.json: gotest"));
  assert_non_null(strstr(out_text, "notes.txt: none ("));
  /* A file named on the command line that no script recognises is refused (exit 1); the
     others are still converted. */
  assert_int_equal(run("-o", path("out"), "auto", path("good.xml"), path("notes.txt"), path("go.json"), NULL),
                   AL_EXIT_INPUT);
  assert_int_equal(count(path("out"), "-result.json"), 3);
  assert_non_null(strstr(err_text, "notes.txt: no script recognises this text file"));
  assert_null(strstr(err_text, "(skipped)"));
  assert_int_equal(run("-o", path("out1"), "--summary-json", path("summary.json"), "auto", path("notes.txt"), NULL),
                   AL_EXIT_INPUT);
  char *summary = slurp_file(path("summary.json"));
  assert_non_null(summary);
  assert_non_null(strstr(summary, "\"outcome\":\"refused\""));
  /* Found in a directory, the same file is skipped (exit 0). */
  assert_int_equal(mkdir(path("walk"), 0755), 0);
  put("walk/notes.txt", "just some notes\n");
  put("walk/go.json", "{\"Action\":\"pass\",\"Package\":\"p\",\"Test\":\"TestB\",\"Elapsed\":0.1}\n");
  assert_int_equal(run("-o", path("out2"), "auto", path("walk"), NULL), AL_EXIT_OK);
  assert_int_equal(count(path("out2"), "-result.json"), 1);
  assert_non_null(strstr(err_text, "notes.txt: no script recognises this text file (skipped)"));
  /* A named file that does not exist, an empty one: exit 1, nothing written for them. */
  put("empty.json", "");
  assert_int_equal(run("-o", path("out3"), "auto", path("missing.xml"), NULL), AL_EXIT_UNREADABLE);
  assert_int_equal(run("-o", path("out3"), "auto", path("empty.json"), NULL), AL_EXIT_INPUT);
  assert_non_null(strstr(err_text, "empty.json: empty file"));
  assert_int_equal(count(path("out3"), "-result.json"), 0);
  assert_int_equal(run("-o", path("out"), "--opt", "nosuch=1", "auto", path("good.xml"), NULL), AL_EXIT_USAGE);
  assert_non_null(strstr(err_text, "auto: no script has an option 'nosuch'"));
}

/* Same input, --deterministic: byte-identical output. */
static void test_deterministic(void **state) {
  char cmd[1200];
  setenv("SOURCE_DATE_EPOCH", "1700000000", 1);
  assert_int_equal(run("-q", "--deterministic", "-o", path("d1"), "junit", path("good.xml"), NULL), AL_EXIT_OK);
  assert_int_equal(run("-q", "--deterministic", "-o", path("d2"), "junit", path("good.xml"), NULL), AL_EXIT_OK);
  unsetenv("SOURCE_DATE_EPOCH");
  snprintf(cmd, sizeof cmd, "diff -r '%s' '%s' >/dev/null", path("d1"), path("d2"));
  assert_int_equal(system(cmd), 0);
  assert_int_equal(count(path("d1"), "-result.json"), 2);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test_setup_teardown(test_version_and_help, setup, teardown),
    cmocka_unit_test_setup_teardown(test_usage_errors, setup, teardown),
    cmocka_unit_test_setup_teardown(test_converts_and_summarises, setup, teardown),
    cmocka_unit_test_setup_teardown(test_output_from_environment, setup, teardown),
    cmocka_unit_test_setup_teardown(test_directory_input, setup, teardown),
    cmocka_unit_test_setup_teardown(test_standard_input, setup, teardown),
    cmocka_unit_test_setup_teardown(test_malformed_input_keeps_others, setup, teardown),
    cmocka_unit_test_setup_teardown(test_script_error, setup, teardown),
    cmocka_unit_test_setup_teardown(test_output_not_writable, setup, teardown),
    cmocka_unit_test_setup_teardown(test_write_failure_mid_run, setup, teardown),
    cmocka_unit_test_setup_teardown(test_search_order, setup, teardown),
    cmocka_unit_test_setup_teardown(test_stdlib_override, setup, teardown),
    cmocka_unit_test_setup_teardown(test_list_and_script_help, setup, teardown),
    cmocka_unit_test_setup_teardown(test_run_plain_file, setup, teardown),
    cmocka_unit_test_setup_teardown(test_signal_stops_script, setup, teardown),
    cmocka_unit_test_setup_teardown(test_stop_runs_close_handlers, setup, teardown),
    cmocka_unit_test_setup_teardown(test_limits, setup, teardown),
    cmocka_unit_test_setup_teardown(test_deterministic, setup, teardown),
    cmocka_unit_test_setup_teardown(test_run_wrapper, setup, teardown),
    cmocka_unit_test_setup_teardown(test_auto_and_detect, setup, teardown),
    cmocka_unit_test_setup_teardown(test_run_wide_settings, setup, teardown),
    cmocka_unit_test_setup_teardown(test_ci_executor, setup, teardown),
    cmocka_unit_test_setup_teardown(test_testplan, setup, teardown),
    cmocka_unit_test_setup_teardown(test_summary_json, setup, teardown),
    cmocka_unit_test_setup_teardown(test_fail_on_empty, setup, teardown),
    cmocka_unit_test_setup_teardown(test_run_wide_params, setup, teardown),
    cmocka_unit_test_setup_teardown(test_suggestions, setup, teardown),
    cmocka_unit_test_setup_teardown(test_summary_markdown, setup, teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
