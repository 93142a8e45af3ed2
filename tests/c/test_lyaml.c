/* Units for allure.yaml (runtime/lyaml.c): typing of plain scalars, block and flow
 * collections, error positions, the guards against hostile documents (depth,
 * alias expansion, recursive aliases) and what TAP producers actually write. */
#define _GNU_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lfixture.h"

static const char *prelude = LUA(
  yaml = require("allure.yaml")
  json = require("allure.json")
  function eq(got, want, what)
    if got ~= want or math.type(got) ~= math.type(want) then
      error(string.format("%s: got %s (%s), want %s (%s)", what or "value", tostring(got),
        math.type(got) or type(got), tostring(want), math.type(want) or type(want)), 2)
    end
  end
  function bad(text, want, opts)
    local v, err = yaml.decode(text, "diag", opts)
    if v ~= nil then error("decoded, expected the error " .. want, 2) end
    if err ~= want then error(string.format("error %q, want %q", tostring(err), want), 2) end
  end
);

static void test_scalars(void **state) {
  RUN(*state, LUA(
    eq(yaml.null, json.null, "the null sentinel is cjson s")
    local plain = {
      { "~", yaml.null }, { "null", yaml.null }, { "Null", yaml.null }, { "NULL", yaml.null },
      { "true", true }, { "True", true }, { "TRUE", true }, { "false", false }, { "FALSE", false },
      { "yes", "yes" }, { "no", "no" }, { "on", "on" }, { "off", "off" }, { "nULL", "nULL" },
      { "0", 0 }, { "-17", -17 }, { "+5", 5 }, { "0o17", 15 }, { "0x1F", 31 }, { "0xff", 255 },
      { "9223372036854775807", math.maxinteger },
      { "9223372036854775808", 9223372036854775808.0 },
      { "0x10000000000000000", 18446744073709551616.0 },
      { "1.5", 1.5 }, { "-0.25", -0.25 }, { "1e3", 1000.0 }, { "6.02E+23", 6.02e23 }, { ".5", 0.5 },
      { "1.", 1.0 }, { "+.inf", math.huge }, { "-.Inf", -math.huge }, { ".INF", math.huge },
      { "1_000", "1_000" }, { "0b101", "0b101" }, { "12:30", "12:30" }, { "1e", "1e" }, { "-x", "-x" },
      { "0o8", "0o8" }, { "0x", "0x" }, { "e5", "e5" }, { ".", "." }, { "1.2.3", "1.2.3" },
      { "hello world", "hello world" }, { "2024-01-02", "2024-01-02" },
    }
    for _, case in ipairs(plain) do
      eq(yaml.decode("v: " .. case[1]).v, case[2], case[1])
    end
    local nan = yaml.decode(".nan")
    assert(nan ~= nan, ".nan is NaN")
    eq(yaml.decode("v:").v, yaml.null, "an empty value is null")
    eq(yaml.decode("v: \"true\"").v, "true", "quoted scalars stay strings")
    eq(yaml.decode("v: '12'").v, "12")
    eq(yaml.decode("v: !!str 12").v, "12", "an explicit str tag")
    eq(yaml.decode("v: !!int \"12\"").v, 12, "an explicit int tag types a quoted scalar")
    eq(yaml.decode("v: !!float 1").v, 1.0, "!!float 1 is a float")
    eq(yaml.decode("v: !!bool \"false\"").v, false)
    eq(yaml.decode("v: !!null \"\"").v, yaml.null)
    eq(yaml.decode("v: !custom 12").v, "12", "an unknown tag keeps the text")
    eq(yaml.decode("v: !!int abc").v, "abc", "a tag that does not fit keeps the text")
    eq(yaml.decode("42"), 42, "a scalar document")
    eq(yaml.decode(""), yaml.null, "an empty stream is null")
    eq(yaml.decode("# only a comment\n"), yaml.null)
    eq(yaml.decode("---\n...\n"), yaml.null, "an empty document is null")
  ));
}

static void test_collections(void **state) {
  RUN(*state, LUA(
    local v = assert(yaml.decode(
      "message: \"should be equal\"\n" ..
      "severity: fail\n" ..
      "data:\n" ..
      "  got: 1\n" ..
      "  expect: 2\n" ..
      "list:\n" ..
      "  - a\n" ..
      "  - [1, two, {x: null}]\n" ..
      "  -\n" ..
      "1: one\n" ..
      "true: yes\n" ..
      "~: tilde\n" ..
      "block: |\n" ..
      "  line one\n" ..
      "  line two\n" ..
      "folded: >-\n" ..
      "  folded\n" ..
      "  text\n"))
    eq(v.message, "should be equal") eq(v.severity, "fail")
    eq(v.data.got, 1) eq(v.data.expect, 2)
    eq(#v.list, 3) eq(v.list[1], "a") eq(v.list[2][1], 1) eq(v.list[2][2], "two")
    eq(v.list[2][3].x, yaml.null, "a null value keeps its key") eq(v.list[3], yaml.null, "an empty item")
    eq(v["1"], "one", "keys are strings as written") eq(v[1], nil)
    eq(v["true"], "yes") eq(v["~"], "tilde")
    eq(v.block, "line one\nline two\n", "literal block") eq(v.folded, "folded text", "folded block")
    v = assert(yaml.decode("{a: 1, b: [x, y], c: {}}"))
    eq(v.a, 1) eq(v.b[2], "y") eq(next(v.c), nil)
    v = assert(yaml.decode("[]")) eq(next(v), nil)
    v = assert(yaml.decode("k: v\nk: w\n")) eq(v.k, "w", "a repeated key: the last wins")
    v = assert(yaml.decode("\239\187\191a: 1\n")) eq(v.a, 1, "a UTF-8 BOM")
    v = assert(yaml.decode("---\nx: 1\n...\n")) eq(v.x, 1, "document markers")
    v = assert(yaml.decode("s: caf\195\169\n")) eq(v.s, "caf\195\169")
  ));
}

static void test_anchors(void **state) {
  RUN(*state, LUA(
    local v = assert(yaml.decode("base: &b {x: 1, y: [1, 2]}\ncopy: *b\nname: &n Alice\nwho: *n\nnum: &i 7\nn2: *i\n"))
    eq(v.copy.x, 1) eq(v.copy.y[2], 2) eq(v.who, "Alice") eq(v.n2, 7)
    assert(v.copy ~= v.base, "an alias is a copy, not a shared table")
    v.copy.y[1] = 99
    eq(v.base.y[1], 1, "changing the copy leaves the anchor alone")
    v = assert(yaml.decode("&k key: value\nother: *k\n"))
    eq(v.key, "value") eq(v.other, "key", "an anchored key")
    v = assert(yaml.decode("a: &a 1\n*a : aliased key\n"))
    eq(v["1"], "aliased key", "an alias as a key is a string")
  ));
}

static void test_errors(void **state) {
  RUN(*state, LUA(
    bad("a: 1\n b: 2\n", "diag:2:3: mapping values are not allowed in this context")
    bad("a: [1, 2\n", "diag:2:1: did not find expected ',' or ']' while parsing a flow sequence at line 1 column 4")
    bad("key: value\n- item\n", "diag:2:1: did not find expected key while parsing a block mapping at line 1 column 1")
    bad("a: \"unterminated\n", "diag:2:1: found unexpected end of stream while scanning a quoted scalar at line 1 column 4")
    bad("a: 1\n---\nb: 2\n", "diag:2:1: expected a single document, found another")
    bad("a: *nope\n", "diag:1:4: unknown anchor in alias *nope")
    bad("a: &x [1, *x]\n", "diag:1:11: recursive alias *x")
    bad("? [a, b]\n: c\n", "diag:1:3: a mapping key must be a scalar")
    bad("a: &l [1]\n? *l\n: c\n", "diag:2:3: a mapping key must be a scalar")
    bad("a: \t\001\n", "diag:1:5: control characters are not allowed")
    local v, err = yaml.decode("[")
    eq(v, nil) eq(err, "2:1: did not find expected node content while parsing a flow node at line 2 column 1", "no name")
    assert(not pcall(yaml.decode, {}), "a table raises")
    assert(not pcall(yaml.decode, "a", {}), "a non-string name raises")
    assert(not pcall(yaml.decode, "a", "n", "opts"), "opts must be a table")
    assert(not pcall(yaml.decode, "a", "n", { max_depth = 0 }), "max_depth must be positive")
    assert(not pcall(yaml.decode, "a", "n", { max_alias_nodes = "x" }))
  ));
}

static void test_hostile(void **state) {
  RUN(*state, LUA(
    local deep = string.rep("[", 100000) .. string.rep("]", 100000)
    local v, err = yaml.decode(deep, "deep")
    eq(v, nil) eq(err, "deep:1:201: nested deeper than 200 levels", "depth is bounded")
    v = assert(yaml.decode(string.rep("[", 200) .. string.rep("]", 200)), "200 levels are fine")
    v, err = yaml.decode("[[[[1]]]]", "d", { max_depth = 3 })
    eq(err, "d:1:4: nested deeper than 3 levels")
    local bomb = {
      "a: &a [x, x, x, x, x, x, x, x, x, x]",
      "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]",
      "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]",
      "d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]",
      "e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]",
      "f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]",
      "g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f, *f]",
      "h: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g, *g]",
      "i: &i [*h, *h, *h, *h, *h, *h, *h, *h, *h, *h]",
    }
    v, err = yaml.decode(table.concat(bomb, "\n"), "bomb")
    eq(v, nil)
    eq(err, "bomb:4:36: alias *c: aliases expand to more than max_alias_nodes values", "a billion laughs stops early")
    v = assert(yaml.decode(table.concat(bomb, "\n", 1, 3)), "small expansions are fine")
    eq(#v.c, 10) eq(#v.c[10], 10) eq(v.c[10][10][10], "x")
    v, err = yaml.decode(table.concat(bomb, "\n", 1, 3), "b", { max_alias_nodes = 50 })
    eq(err, "b:2:24: alias *a: aliases expand to more than max_alias_nodes values")
    local nest = "a: &a " .. string.rep("[", 150) .. string.rep("]", 150) .. "\nb: [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[*a]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]\n"
    v, err = yaml.decode(nest, "n")
    eq(err, "n:2:55: alias *a: nested deeper than 200 levels", "an alias cannot exceed the depth either")
    -- By bytes: one big string aliased many times is few values but much text.
    local big = "big: &a " .. string.rep("x", 1000000) .. "\nfound: [" .. string.rep("*a, ", 1999) .. "*a]\n"
    v, err = yaml.decode(big, "bytes")
    eq(v, nil)
    eq(err, "bytes:2:33: alias *a: aliases expand to more than max_alias_bytes bytes (4194304)", "bytes are budgeted")
    v = assert(yaml.decode("a: &a xyz\nb: [*a, *a, *a]\n", "b", { max_alias_bytes = 9 }), "exactly the budget")
    eq(v.b[3], "xyz")
    v, err = yaml.decode("a: &a {k: xyz}\nb: [*a, *a, *a]\n", "m", { max_alias_bytes = 11 })
    eq(err, "m:2:13: alias *a: aliases expand to more than max_alias_bytes bytes (11)", "keys count too")
    local many = {}
    for i = 1, 20000 do many[i] = "k" .. i .. ": v" .. i end
    v = assert(yaml.decode(table.concat(many, "\n")))
    eq(v.k20000, "v20000", "a large mapping")
    for i = 1, 2000 do
      yaml.decode("a: [1, 2, {b: c}]\nbroken: [")
    end
    collectgarbage() collectgarbage()
  ));
}

/* Diagnostics blocks as TAP producers write them (node:test, node-tap, Test::More). */
static void test_tap_shapes(void **state) {
  RUN(*state, LUA(
    local v = assert(yaml.decode(
      "duration_ms: 0.6281\n" ..
      "failureType: 'testCodeFailure'\n" ..
      "error: |-\n" ..
      "  Expected values to be strictly equal:\n" ..
      "  \n" ..
      "  1 !== 2\n" ..
      "  \n" ..
      "code: 'ERR_ASSERTION'\n" ..
      "name: 'AssertionError'\n" ..
      "expected: 2\n" ..
      "actual: 1\n" ..
      "operator: 'strictEqual'\n" ..
      "stack: |-\n" ..
      "  TestContext.<anonymous> (file:///t/a.test.mjs:5:10)\n" ..
      "  Test.runInAsyncScope (node:async_hooks:206:9)\n"))
    eq(v.duration_ms, 0.6281) eq(v.failureType, "testCodeFailure")
    eq(v.error, "Expected values to be strictly equal:\n\n1 !== 2", "strip chomping")
    eq(v.expected, 2) eq(v.actual, 1) eq(v.operator, "strictEqual")
    assert(v.stack:find("a.test.mjs:5:10", 1, true))
    v = assert(yaml.decode(
      "message: 'should be equal'\n" ..
      "severity: fail\n" ..
      "found: 1\n" ..
      "wanted: 2\n" ..
      "at:\n" ..
      "  line: 3\n" ..
      "  column: 3\n" ..
      "  file: test.js\n" ..
      "  function: \"Test.<anonymous>\"\n"))
    eq(v.found, 1) eq(v.at.line, 3) eq(v.at["function"], "Test.<anonymous>")
  ));
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test_setup_teardown(test_scalars, setup, teardown),
    cmocka_unit_test_setup_teardown(test_collections, setup, teardown),
    cmocka_unit_test_setup_teardown(test_anchors, setup, teardown),
    cmocka_unit_test_setup_teardown(test_errors, setup, teardown),
    cmocka_unit_test_setup_teardown(test_hostile, setup, teardown),
    cmocka_unit_test_setup_teardown(test_tap_shapes, setup, teardown),
  };
  return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
