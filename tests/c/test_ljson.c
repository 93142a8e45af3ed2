/* Units for allure.json (runtime/ljson.c): decode, whole-file reads, JSON-lines
 * streams (CRLF, blank and bad lines, over-long lines, pipes) and the cjson
 * preloads. Each test runs Lua chunks in a fresh state; fixtures are written to a
 * private mkdtemp directory. */
#define _GNU_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "lfixture.h"

static const char *prelude = LUA(
  json = require("allure.json")
  function all(s, method)
    local out = {}
    while true do
      local a, b, c = s[method](s)
      if a == nil then return table.concat(out, "|") end
      out[#out + 1] = tostring(a) .. "@" .. tostring(b) .. (c and ("@" .. c) or "")
    end
  end
);

/* ====================================================================
** json.decode, json.null, preloads
** ==================================================================== */

static void test_decode(void **state) {
  RUN(*state, LUA(
    local v = assert(json.decode("{\"a\":[1,2.5,null,\"x\"],\"b\":{\"c\":true}}"))
    eq(v.a[1], 1) eq(v.a[2], 2.5) eq(v.a[3], json.null, "null decodes to json.null") eq(v.a[4], "x")
    eq(v.b.c, true)
    eq(json.decode("42"), 42, "a scalar document")
    eq(json.decode("null"), json.null)
    local r, err = json.decode("{\"a\":}", "doc.json")
    eq(r, nil)
    eq(err, "doc.json: Expected value but found T_OBJ_END at character 6")
    r, err = json.decode("[1,2")
    eq(err, "Expected comma or array end but found T_END at character 5", "no name: the message alone")
    r, err = json.decode("")
    eq(r, nil) assert(err:find("character 1", 1, true), err)
    local ok, e = pcall(json.decode, {})
    assert(not ok and e:find("bad argument #1", 1, true), "a table raises: " .. tostring(e))
    ok = pcall(json.decode, "1", {})
    assert(not ok, "a non-string name raises")
  ));
}

static void test_preloads(void **state) {
  RUN(*state, LUA(
    local safe = require("cjson.safe")
    local r, err = safe.decode("{")
    eq(r, nil) assert(err:find("Expected", 1, true), err)
    local cjson = require("cjson")
    eq(cjson.null, json.null, "the same null sentinel")
    eq(cjson.decode("[1]")[1], 1)
    cjson.decode_max_depth(2)
    eq(json.decode("[[[1]]]")[1][1][1], 1, "the module has its own cjson configuration")
  ));
}

/* ====================================================================
** json.read
** ==================================================================== */

static void test_read_file(void **state) {
  RUN(*state, LUA(
    local p = fixture("doc.json", "{\"name\": \"x\", \"list\": [1, 2, 3]}\n")
    local v = assert(json.read(p))
    eq(v.name, "x") eq(#v.list, 3)
    v = assert(json.read(fixture("bom.json", "\239\187\191[true]")), "a UTF-8 BOM is skipped")
    eq(v[1], true)
    local r, err = json.read(fixture("bad.json", "{\"a\": 1,}"), { name = "report" })
    eq(r, nil)
    eq(err, "report: Expected object key string but found T_OBJ_END at character 9")
    r, err = json.read(DIR .. "/missing.json")
    eq(r, nil) eq(err, DIR .. "/missing.json: No such file or directory")
    r, err = json.read(DIR, { name = "d" })
    eq(err, "d: Is a directory")
    r, err = json.read("/proc/self/mem", { name = "mem" })
    eq(r, nil) eq(err, "mem: read error: Input/output error")
    r, err = json.read(p, { max_size = 10, name = "big" })
    eq(r, nil) eq(err, "big: larger than 10 bytes (max_size)")
    v = assert(json.read(p, { max_size = 34 }), "max_size equal to the size")
    local big = {}
    for i = 1, 50000 do big[i] = "{\"i\":" .. i .. "}" end
    v = assert(json.read(fixture("big.json", "[" .. table.concat(big, ",") .. "]")))
    eq(#v, 50000) eq(v[50000].i, 50000)
    assert(not pcall(json.read, p, { max_size = 0 }), "max_size 0 raises")
    assert(not pcall(json.read, p, { max_size = "x" }), "max_size must be a number")
  ));
}

/* Returns the read end of a pipe that a child fills with lines "{\"i\":N}\n"
 * (N = 1..count) in small writes, then closes; *pid is the child. */
static int pipe_of_lines(int count, const char *tail, pid_t *pid) {
  int fds[2];
  assert_int_equal(pipe(fds), 0);
  *pid = fork();
  assert_true(*pid >= 0);
  if (*pid == 0) {
    FILE *w = fdopen(fds[1], "w");
    int i;
    close(fds[0]);
    setvbuf(w, NULL, _IOFBF, 1000);   /* odd-sized writes: lines split across reads */
    for (i = 1; i <= count; i++) fprintf(w, "{\"i\":%d}\n", i);
    fputs(tail, w);
    fclose(w);
    _exit(0);
  }
  close(fds[1]);
  return fds[0];
}

static void test_read_stdin(void **state) {
  pid_t pid;
  int fd = pipe_of_lines(0, "[", &pid);
  run_with_stdin(*state, fd, LUA(
    local r, err = json.read(nil)
    eq(r, nil) eq(err, "<stdin>: Expected value but found T_END at character 2")
  ));
  waitpid(pid, NULL, 0);
  RUN(*state, LUA(
    local parts = {}
    for i = 1, 30000 do parts[i] = "\"item " .. i .. "\"" end
    fixture("stdin.json", "[" .. table.concat(parts, ",") .. "]")
  ));
  {
    char path[256];
    snprintf(path, sizeof path, "%s/stdin.json", tmpdir);
    fd = open(path, O_RDONLY);
    assert_true(fd >= 0);
  }
  run_with_stdin(*state, fd, LUA(
    local v = assert(json.read())
    eq(#v, 30000) eq(v[30000], "item 30000")
  ));
}

/* ====================================================================
** json.lines
** ==================================================================== */

static void test_lines_read(void **state) {
  RUN(*state, LUA(
    local p = fixture("l.txt", "one\r\ntwo\n\n  \nthree\r\nlast")
    local s = assert(json.lines(p))
    eq(all(s, "read"), "one@1|two@2|@3|  @4|three@5|last@6", "CRLF, blank lines, last line without newline")
    eq(s:read(), nil, "nil at the end, again")
    s:close()
    s = assert(json.lines(fixture("l2.txt", "a\nb\n")))
    eq(all(s, "read"), "a@1|b@2", "a final newline makes no extra line")
    s = assert(json.lines(fixture("l3.txt", "")))
    eq(s:read(), nil, "empty file")
    s = assert(json.lines(fixture("l4.txt", "\n")))
    eq(all(s, "read"), "@1")
    s = assert(json.lines(fixture("l5.txt", "x\r")))
    eq(all(s, "read"), "x@1", "a trailing CR without newline is stripped")
    s = assert(json.lines(fixture("l6.txt", "a\rb\n")))
    eq(all(s, "read"), "a\rb@1", "only a trailing CR is stripped")
    s = assert(json.lines(fixture("l7.txt", "\239\187\191{}\n")))
    eq(s:read(), "{}", "a UTF-8 BOM at the start is skipped")
    local out = {}
    for line, n in assert(json.lines(p)):lines() do out[#out + 1] = n .. "=" .. line end
    eq(table.concat(out, ","), "1=one,2=two,3=,4=  ,5=three,6=last", "s:lines()")
  ));
}

static void test_lines_decode(void **state) {
  RUN(*state, LUA(
    local p = fixture("d.jsonl", "{\"a\":1}\r\n\n   \n[1,2]\n{bad json}\n\"s\"\nnull\n\t\n{\"z\":true}")
    local s = assert(json.lines(p, { name = "events.jsonl" }))
    local v, n = s:decode()
    eq(v.a, 1) eq(n, 1)
    v, n = s:decode()
    eq(v[2], 2) eq(n, 4, "blank lines skipped, counted")
    local ok, err, n2 = s:decode()
    eq(ok, false, "a bad line gives false")
    eq(err, "events.jsonl:5: Expected object key string but found invalid token at character 2")
    eq(n2, 5)
    v, n = s:decode()
    eq(v, "s", "the stream goes on after a bad line") eq(n, 6)
    v, n = s:decode()
    eq(v, json.null, "a null line is a value, not the end") eq(n, 7)
    v, n = s:decode()
    eq(v.z, true, "last line without newline") eq(n, 9)
    eq(s:decode(), nil, "end")
    eq(s:decode(), nil, "still the end")
    local seen = {}
    for val, a, b in assert(json.lines(p)):objects() do
      if val then seen[#seen + 1] = a else seen[#seen + 1] = "bad" .. b end
    end
    eq(table.concat(seen, ","), "1,4,bad5,6,7,9", "s:objects()")
  ));
}

static void test_long_lines(void **state) {
  RUN(*state, LUA(
    local p = fixture("long.jsonl", "{\"a\":1}\n" .. string.rep("x", 50) .. "\n\"ok\"\n" .. string.rep("y", 11))
    local s = assert(json.lines(p, { max_line = 10, name = "n" }))
    local v, n = s:decode()
    eq(v.a, 1) eq(n, 1)
    local ok, err, n2 = s:decode()
    eq(ok, false) eq(err, "n:2: line longer than 10 bytes") eq(n2, 2)
    v, n = s:decode()
    eq(v, "ok", "the line after an over-long one") eq(n, 3)
    ok, err, n2 = s:decode()
    eq(err, "n:4: line longer than 10 bytes") eq(n2, 4)
    eq(s:decode(), nil)
  ));
  RUN(*state, LUA(
    local p = DIR .. "/long.jsonl"
    local s = assert(json.lines(p, { max_line = 10, name = "n" }))
    eq(s:read(), "{\"a\":1}")
    local ok, err, n = s:read()
    eq(ok, false) eq(err, "n:2: line longer than 10 bytes") eq(n, 2)
    eq(s:read(), "\"ok\"")
    ok, err, n = s:read()
    eq(err, "n:4: line longer than 10 bytes", "an over-long last line without newline") eq(n, 4)
    eq(s:read(), nil)
    local big = string.rep("z", 200000)
    local huge = string.rep("w", 300000)
    p = fixture("big.jsonl", "\"" .. big .. "\"\r\n" .. huge .. "\n1\n\"" .. big .. "\"")
    s = assert(json.lines(p))
    local v, n1 = s:decode()
    eq(#v, 200000, "a line longer than the 64 KiB buffer") eq(n1, 1)
    s:close()
    s = assert(json.lines(p, { max_line = 250000, name = "b" }))
    eq(#s:read(), 200002, "CRLF stripped from a long line")
    ok, err, n = s:read()
    eq(err, "b:2: line longer than 250000 bytes", "skipped without buffering") eq(n, 2)
    eq(s:read(), "1", "the line after an over-long one")
    local last = s:read()
    eq(#last, 200002, "a long last line without newline")
    eq(s:read(), nil)
    assert(not pcall(json.lines, p, { max_line = 0 }), "max_line 0 raises")
    assert(not pcall(json.lines, p, { max_line = 1.5 }), "max_line must be an integer")
  ));
}

static void test_lines_stdin_pipe(void **state) {
  pid_t pid;
  int fd = pipe_of_lines(100000, "{\"i\":", &pid);
  run_with_stdin(*state, fd, LUA(
    local s = assert(json.lines(nil))
    local n = 0
    while true do
      local v, lineno, l3 = s:decode()
      if v == nil then break end
      if v == false then
        eq(lineno, "<stdin>:100001: Expected value but found T_END at character 6", "truncated last line")
        eq(l3, 100001)
      else
        n = n + 1
        eq(v.i, n) eq(lineno, n)
      end
    end
    eq(n, 100000)
  ));
  waitpid(pid, NULL, 0);
}

static void test_open_and_close(void **state) {
  RUN(*state, LUA(
    local s, err = json.lines(DIR .. "/nope.jsonl", { name = "x" })
    eq(s, nil) eq(err, "x: No such file or directory")
    s, err = json.lines(DIR)
    eq(err, DIR .. ": Is a directory")
    for _, m in ipairs({ "read", "decode" }) do
      s = assert(json.lines("/proc/self/mem", { name = "mem" }))
      local ok, e, n = s[m](s)
      eq(ok, false, m) eq(e, "mem:1: read error: Input/output error", m) eq(n, 1, m)
      eq(s[m](s), nil, m .. ": the stream ends after a read error")
      s:close()
    end
    s = assert(json.lines(fixture("c.jsonl", "1\n2\n")))
    assert(tostring(s):find("^allure.json.Stream %("), tostring(s))
    eq(s:read(), "1")
    s:close()
    s:close()
    eq(tostring(s), "allure.json.Stream (closed)")
    local ok, e = pcall(s.read, s)
    assert(not ok and e:find("closed JSON stream", 1, true), tostring(e))
    ok, e = pcall(s.decode, {})
    assert(not ok and e:find("allure.json.Stream expected", 1, true), tostring(e))
    do
      local s2 <close> = assert(json.lines(DIR .. "/c.jsonl"))
      keep = s2
    end
    assert(not pcall(keep.read, keep), "a <close> variable closes the stream")
    assert(not pcall(json.lines, DIR .. "/c.jsonl", "opts"), "opts must be a table")
    assert(not pcall(json.lines, DIR .. "/c.jsonl", { name = true }), "opts.name must be a string")
    for i = 1, 3000 do json.lines(DIR .. "/c.jsonl") end
    collectgarbage() collectgarbage()
  ));
}

/* ====================================================================
** Follow mode
** ==================================================================== */

/* The follow tests' clocks. Their bounds are on what a loaded machine (or valgrind
 * beside other jobs) does not stretch: the order of events, which the writer keeps by
 * waiting for the reader's go() (not by sleeping from its fork, which raced the
 * reader's start), and the reader's CPU time while it waits (it sleeps between polls,
 * it does not spin). Upper bounds on wall time are only a stop for a real hang: far
 * under follow_timeout, far over any scheduling delay. */

/* The CPU seconds a follow may use while it waits for about a second: its polls (10 ms,
 * doubling up to 200 ms) took 0.001 s, 0.02 s under valgrind (also beside two busy
 * loops); polls that never slept (nanosleep of 0) took 0.16 s, a spin would take more. */
#define FOLLOW_CPU 0.1

/* now(): monotonic seconds. */
static int l_now(lua_State *L) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  lua_pushnumber(L, (lua_Number)ts.tv_sec + (lua_Number)ts.tv_nsec / 1e9);
  return 1;
}

/* cpu(): this process's CPU seconds (user + system). */
static int l_cpu(lua_State *L) {
  struct timespec ts;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  lua_pushnumber(L, (lua_Number)ts.tv_sec + (lua_Number)ts.tv_nsec / 1e9);
  return 1;
}

/* go(): lets the writer take its next "<WAIT>" step (a byte on its pipe). */
static int l_go(lua_State *L) {
  int fd = (int)lua_tointeger(L, lua_upvalueindex(1));
  luaL_argcheck(L, write(fd, "g", 1) == 1, 1, "the writer's pipe is closed");
  return 0;
}

/* A child that appends the parts to path, sleeping ms milliseconds before each one; a
 * part "<TRUNCATE>" truncates the file instead, a part "<WAIT>" waits (without the
 * sleep) for go() in the Lua state L, which now() and cpu() are given too. Returns its
 * pid; finish_writer() reaps it. */
static int go_fd = -1;

static pid_t writer(lua_State *L, const char *path, int ms, const char *const *parts) {
  int fds[2];
  pid_t pid;
  assert_int_equal(pipe(fds), 0);
  pid = fork();
  assert_true(pid >= 0);
  if (pid == 0) {
    int fd = open(path, O_WRONLY | O_APPEND | O_CREAT, 0644);
    char c;
    close(fds[1]);
    if (fd < 0) _exit(1);
    for (; *parts; parts++) {
      if (strcmp(*parts, "<WAIT>") == 0) {
        if (read(fds[0], &c, 1) != 1) _exit(1);
        continue;
      }
      usleep((useconds_t)ms * 1000);
      if (strcmp(*parts, "<TRUNCATE>") == 0) {
        if (ftruncate(fd, 0) != 0) _exit(1);
      } else if (write(fd, *parts, strlen(*parts)) != (ssize_t)strlen(*parts)) {
        _exit(1);
      }
    }
    close(fd);
    _exit(0);
  }
  close(fds[0]);
  go_fd = fds[1];
  lua_pushcfunction(L, l_now);
  lua_setglobal(L, "now");
  lua_pushcfunction(L, l_cpu);
  lua_setglobal(L, "cpu");
  lua_pushinteger(L, go_fd);
  lua_pushcclosure(L, l_go, 1);
  lua_setglobal(L, "go");
  lua_pushnumber(L, FOLLOW_CPU);
  lua_setglobal(L, "FOLLOW_CPU");
  return pid;
}

/* Reaps the writer; it must have written every part. */
static void finish_writer(pid_t pid) {
  int status = 0;
  close(go_fd);   /* a writer still waiting for go() ends */
  go_fd = -1;
  assert_int_equal(waitpid(pid, &status, 0), pid);
  assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
}

static void follow_path(char *buf, size_t n, const char *name) {
  snprintf(buf, n, "%s/%s", tmpdir, name);
  unlink(buf);
  close(open(buf, O_WRONLY | O_CREAT | O_TRUNC, 0644));   /* the producer has created it */
}

/* Lines written after the reader reached the end are read, a line is returned as soon
 * as its newline is there (the writer writes the second only after the reader has the
 * first: a reader that waited for more input or for the timeout would not get it in
 * time), a split line only once whole, and the end marker ends the stream at once (no
 * wait for the timeout); lines after it are not read. */
static void test_follow_marker(void **state) {
  static const char *const parts[] = {
    "<WAIT>", "{\"i\":1}\n", "<WAIT>", "{\"i\":", "2}\n", "{\"i\":3}\nEND\n{\"i\":4}\n", NULL};
  char path[256];
  pid_t pid;
  follow_path(path, sizeof path, "marker.jsonl");
  pid = writer(*state, path, 150, parts);
  RUN(*state, LUA(
    local s = assert(json.lines(DIR .. "/marker.jsonl", { follow = "END", follow_timeout = 60, name = "m" }))
    eq(s:live(), true, "a followed file is live")
    local started, cpu0 = now(), cpu()
    go()
    local got, times = {}, {}
    while true do
      local v, n = s:decode()
      if v == nil then break end
      assert(v, n)
      got[#got + 1] = string.format("%d@%d", v.i, n)
      times[#times + 1] = now() - started
      if #got == 1 then go() end
    end
    local used = cpu() - cpu0
    eq(table.concat(got, ","), "1@1,2@2,3@3", "lines up to the marker, a split line whole")
    assert(times[1] >= 0.15, "the first line once it was written: " .. times[1])
    assert(times[1] < 5, "the first line promptly, without more input or the timeout: " .. times[1])
    assert(times[2] - times[1] >= 0.3, "the split line once complete: " .. times[2] - times[1])
    assert(now() - started < 30, "the marker ends the stream without waiting for the timeout (60 s)")
    assert(used < FOLLOW_CPU, "the reader sleeps while it follows: " .. used .. " s of CPU")
    eq(s:decode(), nil, "still the end")
    eq(s:read(), nil)
  ));
  finish_writer(pid);
}

/* Without a marker the stream ends follow_timeout seconds after the last growth; a
 * partial last line is returned then. */
static void test_follow_timeout(void **state) {
  static const char *const parts[] = {"<WAIT>", "a\n", "b\nc", NULL};
  char path[256];
  pid_t pid;
  follow_path(path, sizeof path, "timeout.txt");
  pid = writer(*state, path, 100, parts);
  RUN(*state, LUA(
    local s = assert(json.lines(DIR .. "/timeout.txt", { follow = true, follow_timeout = 0.5 }))
    local started, cpu0 = now(), cpu()
    go()
    eq(s:read(), "a") eq(s:read(), "b")
    local last, n = s:read()
    local waited, used = now() - started, cpu() - cpu0
    eq(last, "c", "the partial last line, at the end") eq(n, 3)
    assert(waited >= 0.7, "ended follow_timeout after the last write, not before: " .. waited)
    assert(waited < 30, "ended: " .. waited)
    assert(used < FOLLOW_CPU, "the reader sleeps while it follows: " .. used .. " s of CPU")
    eq(s:read(), nil)
    local plain = assert(json.lines(DIR .. "/timeout.txt"))
    eq(plain:live(), false, "a file read once is not live")
    eq(all(plain, "read"), "a@1|b@2|c@3")
  ));
  finish_writer(pid);
}

/* A followed file that shrinks was rewritten: an error, then the end. */
static void test_follow_truncated(void **state) {
  static const char *const parts[] = {"<WAIT>", "1\n2\n", "<WAIT>", "<TRUNCATE>", NULL};
  char path[256];
  pid_t pid;
  follow_path(path, sizeof path, "trunc.txt");
  pid = writer(*state, path, 100, parts);
  RUN(*state, LUA(
    local s = assert(json.lines(DIR .. "/trunc.txt", { follow = true, follow_timeout = 60, name = "t" }))
    go()
    eq(s:read(), "1") eq(s:read(), "2")
    go()   -- truncated while the reader waits at the end
    local ok, err, n = s:read()
    eq(ok, false) eq(err, "t:3: file truncated while following it") eq(n, 3)
    eq(s:read(), nil)
  ));
  finish_writer(pid);
}

/* A pipe needs no following (the end is when the writers close); a marker still ends
 * it early, and options are checked. */
static void test_follow_pipe_and_options(void **state) {
  pid_t pid;
  int fd = pipe_of_lines(5, "", &pid);
  run_with_stdin(*state, fd, LUA(
    local s = assert(json.lines(nil, { follow = "{\"i\":3}" }))
    eq(s:live(), true, "a pipe is live")
    local got = {}
    for v, n in s:objects() do got[#got + 1] = string.format("%d@%d", v.i, n) end
    eq(table.concat(got, ","), "1@1,2@2", "a marker ends a pipe too")
  ));
  waitpid(pid, NULL, 0);
  fd = pipe_of_lines(3, "", &pid);
  run_with_stdin(*state, fd, LUA(
    local s = assert(json.lines(nil, { follow = true, follow_timeout = 0.01 }))
    local n = 0
    for v in s:objects() do n = n + 1 end
    eq(n, 3, "a pipe ends when its writer closes, whatever the timeout")
  ));
  waitpid(pid, NULL, 0);
  RUN(*state, LUA(
    local p = fixture("o.txt", "x\n")
    for _, bad in ipairs({ { follow = 5 }, { follow = "" }, { follow = "a\nb" }, { follow = {} },
                           { follow = true, follow_timeout = 0 }, { follow = true, follow_timeout = "x" },
                           { follow = true, follow_timeout = -1 } }) do
      assert(not pcall(json.lines, p, bad), "raises")
    end
    assert(not pcall(json.lines, DIR .. "/missing", { follow = 1 }), "checked before the file is opened")
    local s = assert(json.lines(p, { follow = false }))
    eq(s:live(), false) eq(all(s, "read"), "x@1")
    s = assert(json.lines(p, { follow = "x", follow_timeout = 1 }))
    eq(s:read(), nil, "a marker on the first line: nothing")
  ));
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test_setup_teardown(test_decode, setup, teardown),
    cmocka_unit_test_setup_teardown(test_preloads, setup, teardown),
    cmocka_unit_test_setup_teardown(test_read_file, setup, teardown),
    cmocka_unit_test_setup_teardown(test_read_stdin, setup, teardown),
    cmocka_unit_test_setup_teardown(test_lines_read, setup, teardown),
    cmocka_unit_test_setup_teardown(test_lines_decode, setup, teardown),
    cmocka_unit_test_setup_teardown(test_long_lines, setup, teardown),
    cmocka_unit_test_setup_teardown(test_lines_stdin_pipe, setup, teardown),
    cmocka_unit_test_setup_teardown(test_open_and_close, setup, teardown),
    cmocka_unit_test_setup_teardown(test_follow_marker, setup, teardown),
    cmocka_unit_test_setup_teardown(test_follow_timeout, setup, teardown),
    cmocka_unit_test_setup_teardown(test_follow_truncated, setup, teardown),
    cmocka_unit_test_setup_teardown(test_follow_pipe_and_options, setup, teardown),
  };
  return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
