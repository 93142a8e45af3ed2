/* lwriter: require "allure.writer" driven from Lua chunks. Each test gets a fresh state and
 * a fresh results directory (global DIR); the chunks decode what was written with cjson and
 * check it field by field. I/O failures are injected from C through wraps.c. */
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

#include "lstate.h"
#include "tmpdir.h"
#include "wraps.h"

struct fx {
  lua_State *L;
  char root[256];
};

/* ls([dir]) -> sorted names of dir (default DIR), dot files included. */
static int test_ls(lua_State *L) {
  const char *dir;
  struct dirent **v;
  int n, i, k = 0;
  lua_getglobal(L, "DIR");
  dir = luaL_optstring(L, 1, lua_tostring(L, -1));
  n = scandir(dir, &v, NULL, alphasort);
  if (n < 0) return luaL_error(L, "ls %s: %s", dir, strerror(errno));
  lua_newtable(L);
  for (i = 0; i < n; i++) {
    if (strcmp(v[i]->d_name, ".") != 0 && strcmp(v[i]->d_name, "..") != 0) {
      lua_pushstring(L, v[i]->d_name);
      lua_rawseti(L, -2, ++k);
    }
    free(v[i]);
  }
  free(v);
  return 1;
}

static const char prelude[] =
  "writer = require 'allure.writer'\n"
  "cjson = require 'cjson'\n"
  "function read(name) local f = assert(io.open(DIR .. '/' .. name, 'rb'))\n"
  "  local s = f:read('a'); f:close(); return s end\n"
  "function exists(name) local f = io.open(DIR .. '/' .. name, 'rb')\n"
  "  if f then f:close() end; return f ~= nil end\n"
  "function decode(name) return cjson.decode(read(name)) end\n"
  "function eq(a, b, what) if a ~= b then\n"
  "  error((what or 'value') .. ': expected ' .. tostring(b) .. ', got ' .. tostring(a), 2) end end\n"
  "function raises(want, f, ...) local ok, err = pcall(f, ...)\n"
  "  if ok then error('no error, wanted: ' .. want, 2) end\n"
  "  if not string.find(err, want, 1, true) then\n"
  "    error('error was: ' .. err .. '\\n  wanted: ' .. want, 2) end end\n"
  "function joined(t) return table.concat(t, ' ') end\n";

static int setup(void **state) {
  struct fx *f = calloc(1, sizeof *f);
  if (f == NULL || al_tmpdir_make(f->root, sizeof f->root, NULL, "test-lwriter") != 0) return -1;
  f->L = al_test_state();
  lua_pushstring(f->L, f->root);
  lua_setglobal(f->L, "DIR");
  lua_register(f->L, "ls", test_ls);
  if (al_test_run(f->L, prelude) != NULL) return -1;
  al_fail_reset();
  *state = f;
  return 0;
}

static int teardown(void **state) {
  struct fx *f = *state;
  al_fail_reset();
  lua_close(f->L);
  al_tmpdir_remove(f->root);
  free(f);
  return 0;
}

static void run(struct fx *f, const char *chunk) {
  const char *err = al_test_run(f->L, chunk);
  if (err != NULL) fail_msg("%s", err);
}

static void test_round_trip(void **state) {
  struct fx *f = *state;
  run(f,
    "local w = assert(writer.open(DIR))\n"
    "local uuid = assert(w:result{\n"
    "  name = 'login works', fullName = 'com.acme.LoginTest.login',\n"
    "  titlePath = {'com', 'acme', 'LoginTest'},\n"
    "  status = 'failed', stage = 'finished',\n"
    "  statusDetails = {message = 'expected 200', trace = 'at A\\nat B', actual = '500',\n"
    "                   expected = '200', known = false, muted = false, flaky = true},\n"
    "  description = 'md *text*', descriptionHtml = '<b>x</b>',\n"
    "  start = 1717000000000, stop = 1717000001234,\n"
    "  labels = {{name = 'suite', value = 'LoginTest'}, {name = 'tag', value = 'smoke'},\n"
    "            {name = 'tag', value = 'fast'}},\n"
    "  links = {{url = 'https://jira/X-1', name = 'X-1', type = 'issue'}, {url = 'https://l'}},\n"
    "  parameters = {{name = 'browser', value = 'chrome'},\n"
    "                {name = 'attempt', value = 2, excluded = true, mode = 'hidden'},\n"
    "                {name = 'password', value = 'x', mode = 'masked'}},\n"
    "  steps = {\n"
    "    {name = 'open page', status = 'passed', start = 1717000000001, stop = 1717000000002,\n"
    "     parameters = {{name = 'url', value = '/login'}},\n"
    "     steps = {{name = 'deep', steps = {{name = 'deeper',\n"
    "       attachments = {{name = 'shot', content = 'PNG', type = 'image/png'}}}}}}},\n"
    "    {name = 'submit', status = 'failed',\n"
    "     statusDetails = {message = 'boom'}, attachments = {{name = 'log', content = 'l1'}}},\n"
    "  },\n"
    "  attachments = {{name = 'System output', content = 'out\\n'},\n"
    "                 {name = 'data', content = '{}', type = 'application/json'}},\n"
    "})\n"
    "local files = ls()\n"
    "eq(#files, 5, 'files (4 attachments + result)')\n"
    "local raw = read(uuid .. '-result.json')\n"
    "assert(raw:sub(1, 9) == '{\"uuid\":\"', 'uuid comes first, no BOM')\n"
    "assert(not raw:find('null', 1, true), 'no JSON null')\n"
    "local r = cjson.decode(raw)\n"
    "eq(r.uuid, uuid, 'uuid')\n"
    "assert(uuid:match('^%x+%-%x+%-4%x+%-[89ab]%x+%-%x+$'), 'uuid v4: ' .. uuid)\n"
    "eq(r.name, 'login works', 'name'); eq(r.fullName, 'com.acme.LoginTest.login', 'fullName')\n"
    "eq(r.testCaseId, writer.md5('com.acme.LoginTest.login'), 'testCaseId')\n"
    "eq(r.historyId, r.testCaseId .. ':' .. writer.md5('browser:chrome,password:x'), 'historyId')\n"
    "eq(joined(r.titlePath), 'com acme LoginTest', 'titlePath')\n"
    "eq(r.status, 'failed'); eq(r.stage, 'finished')\n"
    "local d = r.statusDetails\n"
    "eq(d.message, 'expected 200'); eq(d.trace, 'at A\\nat B'); eq(d.actual, '500')\n"
    "eq(d.expected, '200'); eq(d.known, false); eq(d.muted, false); eq(d.flaky, true)\n"
    "eq(r.description, 'md *text*'); eq(r.descriptionHtml, '<b>x</b>')\n"
    "eq(r.start, 1717000000000, 'start'); eq(r.stop, 1717000001234, 'stop')\n"
    "eq(#r.labels, 3); eq(r.labels[3].name, 'tag'); eq(r.labels[3].value, 'fast')\n"
    "eq(r.links[1].url, 'https://jira/X-1'); eq(r.links[1].name, 'X-1')\n"
    "eq(r.links[1].type, 'issue'); eq(r.links[2].url, 'https://l'); eq(r.links[2].name, nil)\n"
    "eq(#r.parameters, 3); eq(r.parameters[1].name, 'browser'); eq(r.parameters[1].mode, nil)\n"
    "eq(r.parameters[2].value, '2', 'number as string'); eq(r.parameters[2].excluded, true)\n"
    "eq(r.parameters[2].mode, 'hidden'); eq(r.parameters[3].mode, 'masked')\n"
    "eq(#r.steps, 2); local s1 = r.steps[1]\n"
    "eq(s1.name, 'open page'); eq(s1.status, 'passed'); eq(s1.stage, nil, 'no default stage in steps')\n"
    "eq(s1.start, 1717000000001); eq(s1.parameters[1].value, '/login')\n"
    "local a = s1.steps[1].steps[1].attachments[1]\n"
    "eq(a.name, 'shot'); eq(a.type, 'image/png')\n"
    "assert(a.source:match('^[%x-]+%-attachment%.png$'), a.source)\n"
    "eq(read(a.source), 'PNG', 'nested attachment file')\n"
    "eq(r.steps[2].statusDetails.message, 'boom')\n"
    "eq(read(r.steps[2].attachments[1].source), 'l1')\n"
    "eq(r.steps[2].attachments[1].type, 'text/plain')\n"
    "eq(r.attachments[1].name, 'System output'); eq(r.attachments[1].type, 'text/plain')\n"
    "assert(r.attachments[1].source:match('%-attachment%.txt$'))\n"
    "eq(read(r.attachments[1].source), 'out\\n')\n"
    "assert(r.attachments[2].source:match('%-attachment%.json$'))\n"
    "eq(writer.history_id(r.testCaseId, {{name = 'password', value = 'x'},\n"
    "   {name = 'attempt', value = 2, excluded = true}, {name = 'browser', value = 'chrome'}}),\n"
    "   r.historyId, 'history_id helper')\n"
    /* A minimal result: defaults only. */
    "local u2 = assert(w:result{})\n"
    "local m = decode(u2 .. '-result.json')\n"
    "eq(m.name, 'Unknown test'); eq(m.status, 'unknown'); eq(m.stage, 'finished')\n"
    "eq(m.testCaseId, nil); eq(m.historyId, nil); eq(m.start, nil); eq(m.labels, nil)\n"
    /* testCaseId given: kept, and historyId built on it. */
    "local u3 = assert(w:result{testCaseId = 'TC-1', historyId = nil})\n"
    "local t = decode(u3 .. '-result.json')\n"
    "eq(t.testCaseId, 'TC-1'); eq(t.historyId, 'TC-1:d41d8cd98f00b204e9800998ecf8427e')\n"
    "local u4 = assert(w:result{fullName = 'x', historyId = 'H', uuid = 'my-own-uuid'})\n"
    "eq(u4, 'my-own-uuid'); eq(decode('my-own-uuid-result.json').historyId, 'H')\n"
    "w:close()\n");
}

static void test_misuse(void **state) {
  struct fx *f = *state;
  run(f,
    "local w = assert(writer.open(DIR))\n"
    "local function R(t) return w:result(t) end\n"
    "raises('result.status: unknown status \"flaky\"', R, {status = 'flaky'})\n"
    "raises('result.steps[2].status: unknown status \"flaky\"', R,\n"
    "       {steps = {{name = 'a'}, {status = 'flaky'}}})\n"
    "raises('result.stauts: unknown field', R, {stauts = 'passed'})\n"
    "raises('result.labels[3].value: expected string, got table', R,\n"
    "       {labels = {{name = 'a', value = 'b'}, {name = 'a', value = 'b'}, {name = 'c', value = {}}}})\n"
    "raises('result.labels[1].value: expected string, got nil', R, {labels = {{name = 'a'}}})\n"
    "raises('result.labels[1].colour: unknown field', R,\n"
    "       {labels = {{name = 'a', value = 'b', colour = 'red'}}})\n"
    "raises('result.labels: expected an array, got a table with non-array keys', R,\n"
    "       {labels = {name = 'suite', value = 'x'}})\n"
    "raises('result.labels: expected array, got string', R, {labels = 'suite'})\n"
    "raises('result.links[1].url: expected string, got nil', R, {links = {{name = 'x'}}})\n"
    /* Labels and links take their own path (put_pairs): the same messages in collect()'s
     * order: an unknown field, then a missing one, then a wrong type. */
    "raises('result.labels[1].colour: unknown field', R, {labels = {{colour = 'red'}}})\n"
    "raises('result.labels[1][1]: unknown field', R, {labels = {{name = 'a', value = 'b', 'x'}}})\n"
    "raises('result.labels[1].value: expected string, got nil', R, {labels = {{name = true}}})\n"
    "raises('result.labels[1].name: expected string, got boolean', R,\n"
    "       {labels = {{name = true, value = 'v'}}})\n"
    "raises('result.labels[2].name: expected string, got nil', R,\n"
    "       {labels = {{name = 'a', value = 'b'}, {name = cjson.null, value = 'b'}}})\n"
    "raises('result.links[1].type: expected string, got table', R, {links = {{url = 'u', type = {}}}})\n"
    "raises('result.links[1].url: expected string, got userdata', R,\n"
    "       {links = {{url = io.stdout}}})\n"
    "raises('result.labels[1]: expected table, got string', R, {labels = {'suite'}})\n"
    "raises('result.parameters[1].mode: unknown mode \"secret\"', R,\n"
    "       {parameters = {{name = 'a', value = 'b', mode = 'secret'}}})\n"
    "raises('result.parameters[1].excluded: expected boolean, got string', R,\n"
    "       {parameters = {{name = 'a', value = 'b', excluded = 'yes'}}})\n"
    "raises('result.parameters[2].name: expected string, got nil', R,\n"
    "       {parameters = {{name = 'a', value = 'b'}, {value = 'c'}}})\n"
    "raises('result.stage: unknown stage \"done\"', R, {stage = 'done'})\n"
    "raises('result.start: expected number, got string', R, {start = '1717000000000'})\n"
    "raises('result.stop: expected a finite integer number', R, {stop = 0/0})\n"
    "raises('result.start: expected a finite integer number', R, {start = math.huge})\n"
    "raises('result.statusDetails.flaky: expected boolean, got string', R,\n"
    "       {statusDetails = {flaky = 'yes'}})\n"
    "raises('result.statusDetails.msg: unknown field', R, {statusDetails = {msg = 'x'}})\n"
    "raises('result.statusDetails: expected table, got string', R, {statusDetails = 'x'})\n"
    "raises('result.titlePath[2]: expected string, got table', R, {titlePath = {'a', {}}})\n"
    "raises('result.name: expected string, got boolean', R, {name = true})\n"
    "raises('result.uuid: invalid uuid \"../x\"', R, {uuid = '../x'})\n"
    "raises('result[1]: unknown field', R, {'x'})\n"
    "raises('result.steps[1].steps[1].uuid: unknown field', R, {steps = {{steps = {{uuid = 'u'}}}}})\n"
    "raises('result.steps[1].labels: unknown field', R, {steps = {{labels = {}}}})\n"
    "raises('result.steps[1]: expected table, got string', R, {steps = {'s'}})\n"
    "local s = {name = 's'}; s.steps = {s}\n"
    "raises('steps nested deeper than 100', R, {steps = {s}})\n"
    "raises('result.attachments[1]: needs one of source, content, path', R,\n"
    "       {attachments = {{name = 'x'}}})\n"
    "raises('result.attachments[1]: source, content and path exclude each other', R,\n"
    "       {attachments = {{content = 'x', path = '/etc/hostname'}}})\n"
    "raises('result.steps[1].attachments[1].source: invalid file name \"../etc/passwd\"', R,\n"
    "       {steps = {{attachments = {{source = '../etc/passwd'}}}}})\n"
    "raises('result.attachments[1].ext: only with content or path', R,\n"
    "       {attachments = {{source = 'a-attachment', ext = 'txt'}}})\n"
    "raises('result.attachments[1].timestamp: unknown field', R,\n"
    "       {attachments = {{content = 'x', timestamp = 1}}})\n"
    "raises('result.attachments[1].content: expected string, got table', R,\n"
    "       {attachments = {{content = {}}}})\n"
    "raises(\"bad argument #1 to 'result' (table expected, got string)\", R, 'x')\n"
    "raises('container.children: expected array, got nil', w.container, w, {name = 'c'})\n"
    "raises('container.children: empty', w.container, w, {children = {}})\n"
    "raises('container.befores[1].status: unknown status \"ok\"', w.container, w,\n"
    "       {children = {'a'}, befores = {{name = 'setup', status = 'ok'}}})\n"
    "raises('container.afters[1].fullName: unknown field', w.container, w,\n"
    "       {children = {'a'}, afters = {{fullName = 'x'}}})\n"
    "raises('globals.errors[1].timestamp: expected number, got string', w.globals, w,\n"
    "       {errors = {{message = 'm', timestamp = 'now'}}})\n"
    "raises('globals.environment: unknown field', w.globals, w, {environment = 'x'})\n"
    "raises('categories[1].matchedStatuses[2]: unknown status \"crashed\"', w.categories, w,\n"
    "       {{name = 'c', matchedStatuses = {'failed', 'crashed'}}})\n"
    "raises('categories[1].name: expected string, got nil', w.categories, w, {{flaky = true}})\n"
    "raises('environment.os: expected string, got table', w.environment, w, {os = {}})\n"
    "raises('environment: keys must be strings, got number', w.environment, w, {'x'})\n"
    "raises('executor.buildOrder: expected number, got string', w.executor, w, {buildOrder = 'x'})\n"
    "raises('executor.build: unknown field', w.executor, w, {build = 1})\n"
    "raises('attachment.source: not allowed here', w.attachment, w, {source = 'a-attachment'})\n"
    "raises('attachment: needs content or path', w.attachment, w, {name = 'n'})\n"
    "raises('opts.clen: unknown field', writer.open, DIR, {clen = true})\n"
    "raises('opts.clean: expected boolean, got string', writer.open, DIR, {clean = 'yes'})\n"
    "raises('parameters[1].name: expected string, got nil', writer.history_id, 'x', {{value = 'v'}})\n"
    "raises('parameters: expected array, got string', writer.history_id, 'x', 'p')\n"
    /* Nothing reached the disk: every check runs before any file is written. */
    "eq(#ls(), 0, 'files after the raises')\n"
    "local st = w:stats(); eq(st.results, 0); eq(st.attachments, 0)\n"
    "w:close()\n"
    "raises('attempt to use a closed writer', w.result, w, {})\n"
    "raises('attempt to use a closed writer', w.uuid, w)\n");
}

static void test_io_failures(void **state) {
  struct fx *f = *state;
  run(f, "w = assert(writer.open(DIR .. '/out'))\n");
  al_fail_after(AL_WRAP_WRITE, 0, ENOSPC);
  run(f,
    "local ok, err = w:result{name = 'x', uuid = 'u1'}\n"
    "eq(ok, nil); assert(err:find('/out/u1-result.json: No space left on device', 1, true), err)\n"
    "ok, err = w:environment{a = 'b'}\n"
    "eq(ok, nil); assert(err:find('environment.properties: No space', 1, true), err)\n"
    "ok, err = w:attachment{content = 'x'}\n"
    "eq(ok, nil); assert(err:find('-attachment.txt: No space', 1, true), err)\n"
    "eq(#ls(DIR .. '/out'), 0, 'nothing half-written, no temp file')\n"
    "eq(w:stats().results, 0)\n");
  al_fail_reset();
  run(f,
    "assert(w:result{name = 'x', uuid = 'u1'})\n"
    "eq(joined(ls(DIR .. '/out')), 'u1-result.json')\n"
    /* The same uuid with other content is refused: a result never replaces another. */
    "local ok, err = w:result{name = 'y', uuid = 'u1'}\n"
    "eq(ok, nil); assert(err:find('u1-result.json: exists with different content', 1, true), err)\n"
    "assert(w:result{name = 'x', uuid = 'u1'}, 'identical: counts as written')\n"
    "eq(w:stats().results, 2)\n"
    /* An unusable directory. */
    "io.open(DIR .. '/plain', 'w'):close()\n"
    "local w2, e2 = writer.open(DIR .. '/plain/sub')\n"
    "eq(w2, nil); assert(e2:find('plain', 1, true), e2)\n"
    /* A missing attachment file: nil, err and no result. */
    "ok, err = w:result{uuid = 'u2', attachments = {{path = DIR .. '/nope.log'}}}\n"
    "eq(ok, nil); assert(err:find('nope.log: No such file or directory', 1, true), err)\n"
    "assert(not exists('out/u2-result.json'))\n"
    "ok, err = w:attachment{path = DIR}\n"
    "eq(ok, nil); assert(err:find('not a regular file', 1, true), err)\n");
}

/* The result file is the completion marker: its attachments are renamed into place first. */
static void test_attachments_first(void **state) {
  struct fx *f = *state;
  run(f, "w = assert(writer.open(DIR))\n");
  al_fail_after(AL_WRAP_RENAME, 1, EIO);     /* the attachment's rename passes, the next fails */
  run(f,
    "local ok, err = w:result{uuid = 'r1', attachments = {{name = 'a', content = 'A'}}}\n"
    "eq(ok, nil); assert(err:find('r1-result.json: Input/output error', 1, true), err)\n"
    "local files = ls()\n"
    "eq(#files, 1, 'only the attachment'); assert(files[1]:match('%-attachment%.txt$'), files[1])\n"
    "eq(read(files[1]), 'A')\n"
    "local st = w:stats(); eq(st.attachments, 1); eq(st.results, 0); eq(st.unknown, 0)\n");
  assert_int_equal(al_wrap_calls(AL_WRAP_RENAME), 2);
  al_fail_reset();
  /* The attachment fails: the result's rename is never attempted. */
  al_fail_after(AL_WRAP_RENAME, 0, EIO);
  run(f,
    "local ok, err = w:result{uuid = 'r2', steps = {{attachments = {{content = 'B'}}}}}\n"
    "eq(ok, nil); assert(err:find('-attachment.txt: Input/output error', 1, true), err)\n"
    "assert(not exists('r2-result.json'))\n");
  assert_int_equal(al_wrap_calls(AL_WRAP_RENAME), 1);
}

static void test_stats(void **state) {
  struct fx *f = *state;
  run(f,
    "local w = assert(writer.open(DIR))\n"
    "for _, s in ipairs{'passed', 'passed', 'failed', 'broken', 'skipped'} do\n"
    "  assert(w:result{status = s, attachments = {{content = s}}}) end\n"
    "assert(w:result{})\n"
    "local c = assert(w:result{status = 'passed'})\n"
    "assert(w:container{children = {c}, befores = {{name = 'b', attachments = {{content = 'x'}}}}})\n"
    "assert(w:attachment{content = 'y'})\n"
    "assert(w:globals{errors = {{message = 'm'}}})\n"
    "local st = w:stats()\n"
    "eq(st.passed, 3); eq(st.failed, 1); eq(st.broken, 1); eq(st.skipped, 1); eq(st.unknown, 1)\n"
    "eq(st.results, 7); eq(st.containers, 1); eq(st.attachments, 7); eq(st.globals, 1)\n"
    "w:close(); eq(w:stats().results, 7, 'stats after close')\n");
}

static void test_extensions(void **state) {
  struct fx *f = *state;
  run(f,
    "io.open(DIR .. '/report.xml', 'w'):write('<testsuite/>'):close()\n"
    "io.open(DIR .. '/blob.dat', 'w'):write('d'):close()\n"
    "io.open(DIR .. '/noext', 'w'):write('n'):close()\n"
    "local w = assert(writer.open(DIR .. '/out'))\n"
    "local cases = {\n"
    "  {{content = '<a/>', type = 'application/xml'}, '%.xml%.txt$', 'application/xml'},\n"
    "  {{content = '<a/>', type = 'text/xml; charset=utf-8'}, '%.xml%.txt$', 'text/xml; charset=utf-8'},\n"
    "  {{content = '<a/>', ext = 'xml'}, '%.xml%.txt$', 'application/xml'},\n"
    "  {{content = '<a/>', ext = '.junit.xml'}, '%.junit%.xml%.txt$', 'application/xml'},\n"
    "  {{path = DIR .. '/report.xml'}, '%.xml%.txt$', 'application/xml'},\n"
    "  {{content = '<svg/>', type = 'image/svg+xml'}, '%-attachment%.svg$', 'image/svg+xml'},\n"
    "  {{content = 'x'}, '%-attachment%.txt$', 'text/plain'},\n"
    "  {{content = 'x', ext = 'png'}, '%-attachment%.png$', 'image/png'},\n"
    "  {{content = 'x', type = 'image/png'}, '%-attachment%.png$', 'image/png'},\n"
    "  {{content = 'x', type = 'image/png', ext = 'p/ng'}, '%-attachment%.png$', 'image/png'},\n"
    "  {{content = 'x', ext = 'weird'}, '%-attachment%.weird$', nil},\n"
    "  {{content = 'x', type = 'application/x-custom'}, '%-attachment$', 'application/x-custom'},\n"
    "  {{path = DIR .. '/blob.dat'}, '%-attachment%.dat$', nil},\n"
    "  {{path = DIR .. '/noext'}, '%-attachment$', nil},\n"
    "  {{path = DIR .. '/noext', type = 'text/csv'}, '%-attachment%.csv$', 'text/csv'},\n"
    "}\n"
    "for i, c in ipairs(cases) do\n"
    "  local ref = assert(w:attachment(c[1]))\n"
    "  assert(ref.source:match(c[2]), i .. ': ' .. ref.source)\n"
    "  eq(ref.type, c[3], i .. ': type')\n"
    "  assert(#ref.source <= 100 and ref.source:match('^[%w._-]+$'), ref.source)\n"
    "end\n"
    "for _, name in ipairs(ls(DIR .. '/out')) do\n"
    "  assert(not name:match('%.xml$'), 'a .xml file in the results: ' .. name) end\n");
}

static void test_times(void **state) {
  struct fx *f = *state;
  run(f,
    "local w = assert(writer.open(DIR))\n"
    "local function times(t) local r = decode(assert(w:result(t)) .. '-result.json')\n"
    "  return r.start, r.stop, r end\n"
    "local a, b = times{start = 2000, stop = 1000}; eq(a, 2000); eq(b, 2000, 'stop < start clamped')\n"
    "a, b = times{start = 5000}; eq(a, 5000); eq(b, 5000, 'only start')\n"
    "a, b = times{stop = 7000}; eq(a, 7000, 'only stop'); eq(b, 7000)\n"
    "a, b = times{start = 1000.9, stop = 1999.99}; eq(a, 1000, 'floored'); eq(b, 1999)\n"
    "local raw = read(assert(w:result{start = 1000.9, stop = 1999.99}) .. '-result.json')\n"
    "assert(raw:find('\"start\":1000,\"stop\":1999', 1, true), 'integers in the text: ' .. raw)\n"
    "a, b = times{start = -0.5, stop = -0.25}; eq(a, -1); eq(b, -1)\n"
    "a, b = times{start = 1717000000000.5, stop = 1717000001234}\n"
    "eq(a, 1717000000000); eq(b, 1717000001234)\n"
    "local _, _, r = times{steps = {{start = 30, stop = 20}}}\n"
    "eq(r.steps[1].start, 30); eq(r.steps[1].stop, 30, 'clamped in steps too'); eq(r.start, nil)\n"
    "assert(not read((assert(w:result{start = 1.5e12}))..'-result.json'):find('e+', 1, true))\n");
}

static void test_numbers(void **state) {
  struct fx *f = *state;
  run(f,
    "local w = assert(writer.open(DIR))\n"
    "local vals = {2.5, 42, 3.0, 1e20, 0.1, 1/3, -0.0, 2^53, math.mininteger}\n"
    "local want = {'2.5', '42', '3', '1e+20', '0.1', '0.33333333333333', '-0', '9.007199254741e+15',\n"
    "              '-9223372036854775808'}\n"
    "local params = {}\n"
    "for i, v in ipairs(vals) do params[i] = {name = 'p' .. i, value = v} end\n"
    "local r = decode(assert(w:result{name = 123, fullName = 1.5, parameters = params,\n"
    "  labels = {{name = 'n', value = 7}}, links = {{url = 99}}, titlePath = {1, 'x'},\n"
    "  statusDetails = {message = 404}}) .. '-result.json')\n"
    "for i, v in ipairs(want) do eq(r.parameters[i].value, v, 'parameter ' .. i) end\n"
    "eq(r.name, '123'); eq(r.fullName, '1.5'); eq(r.labels[1].value, '7'); eq(r.links[1].url, '99')\n"
    "eq(r.titlePath[1], '1'); eq(r.statusDetails.message, '404')\n"
    "eq(r.testCaseId, writer.md5('1.5'), 'testCaseId from the formatted fullName')\n"
    "local e = decode(assert(w:executor{buildOrder = 12.7, name = 5}) and 'executor.json')\n"
    "eq(e.buildOrder, 12); eq(e.name, '5')\n");
}

static void test_names(void **state) {
  struct fx *f = *state;
  run(f,
    "local w = assert(writer.open(DIR))\n"
    "local function R(t) return decode(assert(w:result(t)) .. '-result.json') end\n"
    "eq(R{name = '\\27[31mred\\27[0m test\\n'}.name, 'red test')\n"
    "eq(R{name = '  \\1\\2 ', fullName = 'pkg.Class.m'}.name, 'pkg.Class.m', 'fallback to fullName')\n"
    "eq(R{fullName = 'only.full'}.name, 'only.full', 'no name: fullName')\n"
    "eq(R{name = '\\27[0m', fullName = '\\t'}.name, 'Unknown test')\n"
    "eq(R{name = 'caf\\233'}.name, 'caf?', 'ill-formed UTF-8 in a name')\n"
    "local r = R{name = 'x', fullName = 'x\\27[1m', steps = {{name = ' \\27[2K'}, {}}}\n"
    "eq(r.fullName, 'x\\27[1m', 'fullName is not a display name')\n"
    "eq(r.steps[1].name, 'Unknown step'); eq(r.steps[2].name, 'Unknown step')\n"
    /* Plain strings: ill-formed UTF-8 becomes U+FFFD, controls are escaped. */
    "local raw = read(assert(w:result{statusDetails = {message = 'a\\255b\\0c'}}) .. '-result.json')\n"
    "assert(raw:find('\"message\":\"a\\239\\191\\189b\\\\u0000c\"', 1, true), raw)\n"
    "local c = decode(assert(w:container{children = {'x'}, afters = {{}}}) .. '-container.json')\n"
    "eq(c.afters[1].name, 'Unknown fixture')\n");
}

static void test_deterministic(void **state) {
  struct fx *f = *state;
  run(f,
    "local function produce(dir)\n"
    "  local w = assert(writer.open(dir, {deterministic = true, seed = 'build-7'}))\n"
    "  local ids = {}\n"
    "  for i = 1, 5 do ids[i] = assert(w:result{name = 't' .. i, fullName = 'c.t' .. i,\n"
    "      status = 'passed', labels = {{name = 'a', value = 'b'}, {name = 'c', value = 'd'}},\n"
    "      statusDetails = {message = 'm', trace = 't', flaky = false},\n"
    "      attachments = {{content = 'att' .. i}}}) end\n"
    "  assert(w:container{children = ids, befores = {{name = 's'}}})\n"
    "  assert(w:environment{z = '1', a = '2', m = '3'})\n"
    "  w:close(); return ids\n"
    "end\n"
    "local a = produce(DIR .. '/a'); local b = produce(DIR .. '/b')\n"
    "eq(joined(a), joined(b), 'same uuids')\n"
    "local la, lb = ls(DIR .. '/a'), ls(DIR .. '/b')\n"
    "eq(joined(la), joined(lb), 'same file names'); eq(#la, 12)\n"
    "for _, n in ipairs(la) do eq(read('a/' .. n), read('b/' .. n), n) end\n"
    "eq(read('a/environment.properties'), 'a=2\\nm=3\\nz=1\\n', 'sorted keys')\n"
    /* Again into the same directory: identical files count as written. */
    "local again = produce(DIR .. '/a'); eq(joined(again), joined(a))\n"
    "eq(#ls(DIR .. '/a'), 12)\n"
    /* Another seed, other uuids; w:uuid draws from the same counter. */
    "local w = assert(writer.open(DIR .. '/c', {deterministic = true}))\n"
    "eq(w:uuid(), '22899be9-9167-4ef8-88ff-c180aee1bd40')\n"
    "local r = w:result{}; eq(r, 'c403b64e-70e6-4926-a7aa-ce8dbc4a2d1d')\n"
    "local w2 = assert(writer.open(DIR .. '/d'))\n"
    "assert(w2:uuid() ~= w2:uuid())\n");
}

/* w:seed_input(key, true): each record's uuid follows its own bytes, so that two runs of one
 * pipe into one directory keep both (a different record, another uuid) and the same records
 * are the same files; the document written names the uuid its file carries. */
static void test_deterministic_by_content(void **state) {
  struct fx *f = *state;
  run(f,
    "local function produce(message, out)\n"
    "  local w = assert(writer.open(DIR .. '/e', {deterministic = true}))\n"
    "  w:seed_input('name:-', true)\n"
    "  local r = assert(w:result{name = 't', fullName = 'c.t', status = 'failed',\n"
    "    statusDetails = {message = message}, attachments = {{name = 'out', content = out}}})\n"
    "  local g = assert(w:globals{errors = {{message = message}}})\n"
    "  local c = assert(w:container{children = {r}, befores = {{name = 'setUp'}}})\n"
    "  w:close(); return r, c, g\n"
    "end\n"
    "local r1, c1, g1 = produce('m', 'o')\n"
    "local r2, c2, g2 = produce('m', 'o')\n"
    "eq(r1 .. c1 .. g1, r2 .. c2 .. g2, 'the same records, the same uuids')\n"
    "local r3, c3, g3 = produce('n', 'o')\n"
    "assert(r3 ~= r1 and c3 ~= c1 and g3 ~= g1, 'another message, other uuids')\n"
    "local r4 = produce('m', 'p')\n"
    "assert(r4 ~= r1 and r4 ~= r3, 'another attachment, another uuid')\n"
    "local d1, d4 = decode('e/' .. r1 .. '-result.json'), decode('e/' .. r4 .. '-result.json')\n"
    "eq(d1.uuid, r1); eq(d4.uuid, r4)\n"
    "assert(d1.attachments[1].source ~= d4.attachments[1].source)\n"
    "eq(read('e/' .. d4.attachments[1].source), 'p')\n"
    "eq(decode('e/' .. c3 .. '-container.json').children[1], r3)\n"
    /* 4 files of the first run; the third adds a result, globals and container (its
     * attachment is the first's), the fourth an attachment, result and container. */
    "eq(#ls(DIR .. '/e'), 4 + 3 + 3)\n");
}

static void test_other_files(void **state) {
  struct fx *f = *state;
  run(f,
    "local w = assert(writer.open(DIR))\n"
    "local r1, r2 = assert(w:result{name = 'a'}), assert(w:result{name = 'b'})\n"
    "local cu = assert(w:container{name = 'suite', children = {r1, r2}, start = 10, stop = 5,\n"
    "  befores = {{name = 'setUp', status = 'passed', start = 1, stop = 2,\n"
    "              attachments = {{name = 'f', content = 'fixture log'}}}},\n"
    "  afters = {{name = 'tearDown', status = 'broken', statusDetails = {message = 'x'}}}})\n"
    "local c = decode(cu .. '-container.json')\n"
    "eq(c.uuid, cu); eq(c.name, 'suite'); eq(joined(c.children), r1 .. ' ' .. r2)\n"
    "eq(c.start, 10); eq(c.stop, 10); eq(c.befores[1].name, 'setUp'); eq(c.befores[1].stop, 2)\n"
    "eq(read(c.befores[1].attachments[1].source), 'fixture log')\n"
    "eq(c.afters[1].status, 'broken'); eq(c.afters[1].statusDetails.message, 'x')\n"
    "local gu = assert(w:globals{errors = {{message = 'setup failed', trace = 't', timestamp = 5}},\n"
    "  attachments = {{name = 'g', content = 'G', timestamp = 6}}})\n"
    "local g = decode(gu .. '-globals.json')\n"
    "eq(g.errors[1].message, 'setup failed'); eq(g.errors[1].timestamp, 5)\n"
    "eq(g.attachments[1].name, 'g'); eq(g.attachments[1].timestamp, 6)\n"
    "eq(read(g.attachments[1].source), 'G')\n"
    "assert(w:environment{['os name'] = 'Linux', ['a=b'] = 'x:y', lang = '\\195\\188ber',\n"
    "  emoji = '\\240\\159\\152\\128', path = 'C:\\\\dir', lead = '  two', n = 3})\n"
    "eq(read('environment.properties'), 'a\\\\=b=x\\\\:y\\nemoji=\\\\uD83D\\\\uDE00\\n'\n"
    "   .. 'lang=\\\\u00FCber\\nlead=\\\\ \\\\ two\\nn=3\\nos\\\\ name=Linux\\npath=C\\\\:\\\\\\\\dir\\n')\n"
    "assert(w:environment{only = 'one'}); eq(read('environment.properties'), 'only=one\\n')\n"
    "assert(w:executor{name = 'GitHub', type = 'github', url = 'https://gh', buildOrder = 42,\n"
    "  buildName = '#42', buildUrl = 'https://gh/42', reportName = 'R', reportUrl = 'https://r'})\n"
    "local e = decode('executor.json')\n"
    "eq(e.name, 'GitHub'); eq(e.type, 'github'); eq(e.buildOrder, 42); eq(e.reportUrl, 'https://r')\n"
    "assert(w:categories{{name = 'Timeouts', messageRegex = '.*timeout.*',\n"
    "  matchedStatuses = {'failed', 'broken'}, flaky = false}, {name = 'Other'}})\n"
    "local cats = decode('categories.json')\n"
    "eq(#cats, 2); eq(cats[1].messageRegex, '.*timeout.*'); eq(joined(cats[1].matchedStatuses),\n"
    "  'failed broken'); eq(cats[1].flaky, false); eq(cats[2].name, 'Other')\n"
    "assert(w:categories{}); eq(read('categories.json'), '[]')\n");
}

static void test_attachment_refs(void **state) {
  struct fx *f = *state;
  run(f,
    "local w = assert(writer.open(DIR))\n"
    "local ref = assert(w:attachment{name = 'screenshot', content = '\\137PNG', type = 'image/png'})\n"
    "eq(ref.name, 'screenshot'); eq(ref.type, 'image/png')\n"
    "assert(ref.source:match('^%x+%-%x+%-%x+%-%x+%-%x+%-attachment%.png$'), ref.source)\n"
    "eq(read(ref.source), '\\137PNG')\n"
    "local raw = w:attachment{path = DIR .. '/' .. ref.source}\n"
    "eq(raw.name, nil); eq(raw.type, 'image/png', 'type from the path'); eq(read(raw.source), '\\137PNG')\n"
    "local u = assert(w:result{name = 't', attachments = {ref}, steps = {{name = 'screenshot',\n"
    "  attachments = {{name = 'screenshot', source = raw.source, type = raw.type}}}}})\n"
    "local r = decode(u .. '-result.json')\n"
    "eq(r.attachments[1].source, ref.source); eq(r.attachments[1].name, 'screenshot')\n"
    "eq(r.steps[1].attachments[1].source, raw.source)\n"
    "eq(#ls(), 3, 'a source reference writes no file')\n"
    "eq(w:stats().attachments, 2)\n"
    /* json.null fields read as absent. */
    "local n = decode(assert(w:result{name = 'n', description = cjson.null,\n"
    "  statusDetails = {message = cjson.null, trace = 't'}}) .. '-result.json')\n"
    "eq(n.description, nil); eq(n.statusDetails.message, nil); eq(n.statusDetails.trace, 't')\n");
}

static void test_lifecycle(void **state) {
  struct fx *f = *state;
  run(f,
    "local kept\n"
    "do local w <close> = assert(writer.open(DIR)); kept = w\n"
    "  assert(tostring(w):find('allure.writer.Writer (' .. DIR, 1, true)) end\n"
    "raises('attempt to use a closed writer', kept.result, kept, {})\n"
    "eq(tostring(kept), 'allure.writer.Writer (closed)')\n"
    "kept:close(); kept:close()\n"
    "for i = 1, 50 do local w = writer.open(DIR); w:result{name = 'gc' .. i} end\n"
    "collectgarbage(); collectgarbage()\n"
    "eq(#ls(), 50)\n"
    /* A leftover temp file of a killed run is cleaned, other files stay. */
    "io.open(DIR .. '/.allure-lua-aaaaaaaaaaaa.tmp', 'w'):close()\n"
    "io.open(DIR .. '/keep.txt', 'w'):close()\n"
    "local w = assert(writer.open(DIR, {clean = true, fsync = true}))\n"
    "eq(joined(ls()), 'keep.txt')\n"
    "assert(w:result{}); eq(#ls(), 2)\n");
}

static void test_helpers(void **state) {
  struct fx *f = *state;
  run(f,
    "eq(writer.md5(''), 'd41d8cd98f00b204e9800998ecf8427e')\n"
    "eq(writer.md5('abc'), '900150983cd24fb0d6963f7d28e17f72')\n"
    "local a, b = writer.md5_ints('abc')\n"
    "eq(a, 0x900150983cd24fb); eq(b, 0x0d6963f7d28e17f)\n"
    "a, b = writer.md5_ints(''); eq(a, 0xd41d8cd98f00b20); eq(b, 0x4e9800998ecf842)\n"
    "eq(writer.test_case_id('com.acme.LoginTest.validPassword'), 'b2ff0fc656066b8fc7486a6327007eb6')\n"
    "eq(writer.history_id('b2ff0fc656066b8fc7486a6327007eb6', {{name = 'browser', value = 'chrome'}}),\n"
    "   'b2ff0fc656066b8fc7486a6327007eb6:998a23334746e8b15dd9666ec33d4d75')\n"
    "eq(writer.history_id('T'), 'T:d41d8cd98f00b204e9800998ecf8427e')\n"
    "eq(writer.history_id('T', {{name = 'b', value = '2'}, {name = 'a', value = 1}}),\n"
    "   'T:5ef6f5e369927a8ee94a37430c04b278', 'sorted: md5(\"a:1,b:2\")')\n"
    "eq(writer.history_id('T', {{name = 'x', value = 'y', excluded = true}}),\n"
    "   'T:d41d8cd98f00b204e9800998ecf8427e', 'excluded ones left out')\n");
}

int main(void) {
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
  const struct CMUnitTest tests[] = {
    T(test_round_trip),   T(test_misuse),      T(test_io_failures), T(test_attachments_first),
    T(test_stats),        T(test_extensions),  T(test_times),       T(test_numbers),
    T(test_names),        T(test_deterministic), T(test_deterministic_by_content),
    T(test_other_files), T(test_attachment_refs),
    T(test_lifecycle),    T(test_helpers),
  };
#undef T
  return cmocka_run_group_tests(tests, NULL, NULL);
}
