/* Units for json.elements and json.picker (runtime/ljsonstream.c): elements of a top-level
 * array and of an array member, skimmed elements, a second pass, pipes, and that values
 * and error messages are those of decoding the document whole (json.read / json.decode).
 * The fixtures (a state per test, files in a scratch directory, eq) are lfixture.h's. */
#define _GNU_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <sys/wait.h>

#include "lfixture.h"

static const char *prelude = LUA(
  json = require("allure.json")
  function same(a, b, path)
    path = path or "value"
    if type(a) ~= "table" or type(b) ~= "table" then
      if a ~= b or math.type(a) ~= math.type(b) then error(path .. ": " .. tostring(a) .. " ~= " .. tostring(b), 2) end
      return
    end
    for k, v in pairs(a) do same(v, b[k], path .. "." .. tostring(k)) end
    for k in pairs(b) do if a[k] == nil then error(path .. "." .. tostring(k) .. " missing", 2) end end
  end
  function collect(r)
    local out = {}
    for i, v in r:elements() do
      if i == false then return nil, v end
      eq(i, #out + 1, "index")
      out[i] = v
    end
    return out
  end
  function check_array(text, what)
    local p = fixture("doc.json", text)
    local whole, werr = json.read(p, { name = "doc.json" })
    local r, oerr = json.elements(p, { name = "doc.json" })
    if not r then eq(oerr, werr, what) return end
    local got, err = collect(r)
    if whole == nil then eq(err, werr, what .. ": the message of a whole decode")
    else assert(got, what .. ": " .. tostring(err)) same(got, whole, what) end
    r:close()
  end
);

static void test_array(void **state) {
  RUN(*state, LUA(
    check_array("[{\"a\":1,\"b\":[1,2,{\"c\":\"x]}\\\"\"}]}, 2, \"s\", [3, [4]], true, null, {}, []]", "mixed")
    check_array(" [ ] ", "empty")
    check_array("\xEF\xBB\xBF[1,\n2]", "a BOM")
    check_array("[{\"k\":\"\\ud800\"}]", "a lone surrogate, mended as json.read mends it")
    local p = fixture("two.json", "[{\"a\":1},{\"a\":2}]")
    local r = assert(json.elements(p))
    eq(r:kind(), "array") eq(r:found(), true) eq(r:members(), nil)
    eq(#assert(collect(r)), 2)
    eq(r:next(), nil, "at the end")
    assert(r:rewind())
    local i, v = r:next()
    eq(i, 1) eq(v.a, 1.0, "a second pass from the first element")
    r:close() r:close()
    assert(not pcall(r.next, r), "a closed reader raises")
    r = assert(json.elements(fixture("o.json", "{\"a\":1}")))
    eq(r:kind(), "object") eq(r:found(), false) eq(r:next(), nil)
    local missing, err = json.elements(DIR .. "/missing.json")
    eq(missing, nil) assert(err:find("missing.json", 1, true), err)
  ));
}

static void test_array_errors(void **state) {
  RUN(*state, LUA(
    local doc = "[\n {\"a\": [1, 2, {\"b\": \"c\"}]},\n {\"d\": true}\n]"
    for n = 1, #doc - 1 do check_array(doc:sub(1, n), "cut at " .. n) end
    check_array("[1,,2]", "a missing element")
    check_array("[1,]", "a trailing comma")
    check_array("[1 2]", "a missing comma")
    check_array("[{\"a\":1} {\"b\":2}]", "a missing comma between objects")
    check_array("[{\"a\":[1}]", "brackets that do not match")
    check_array("[{\"a\":tru}]", "a bad literal")
    check_array("[1]\n x", "text after the array")
    check_array("[\n\n  {\"a\":\n nul}]", "line and column")
  ));
}

static void test_member(void **state) {
  RUN(*state, LUA(
    local text = "{\"config\":{\"rootDir\":\"/r\"},\"suites\":[{\"t\":1},{\"t\":[2]}],\"errors\":[],\"stats\":{\"n\":3}}"
    local p = fixture("pw.json", text)
    local whole = json.read(p)
    local r = assert(json.elements(p, { member = "suites" }))
    eq(r:kind(), "object") eq(r:found(), true)
    local m = r:members()
    eq(m.suites, nil, "the streamed member is not in members")
    same(m.config, whole.config) same(m.stats, whole.stats, "a member after the array") same(m.errors, whole.errors)
    same(assert(collect(r)), whole.suites)
    assert(r:rewind())
    same(assert(collect(r)), whole.suites, "again")
    r = assert(json.elements(fixture("n.json", "{\"suites\":null,\"x\":1}"), { member = "suites" }))
    eq(r:found(), false) eq(r:members().suites, json.null) eq(r:next(), nil)
    r = assert(json.elements(fixture("d.json", "{\"suites\":[1],\"suites\":5}"), { member = "suites" }))
    eq(r:found(), false, "the last of duplicate keys wins") eq(r:members().suites, 5.0)
    r = assert(json.elements(fixture("e.json", "{\"suites\":5,\"suites\":[7]}"), { member = "suites" }))
    eq(r:found(), true) eq(r:members().suites, nil) eq(select(2, r:next()), 7.0)
    r = assert(json.elements(fixture("a.json", "[1]"), { member = "suites" }))
    eq(r:kind(), "array") eq(r:members(), nil) eq(r:next(), nil)
    for n = 1, #text - 1 do
      local cut = fixture("cut.json", text:sub(1, n))
      local _, werr = json.read(cut, { name = "cut.json" })
      local rr, err = json.elements(cut, { name = "cut.json", member = "suites" })
      if rr then _, err = collect(rr) end
      if rr and rr:kind() ~= "object" then err = werr end
      eq(err, werr, "cut at " .. n .. ": the message of a whole decode")
    end
    assert(not pcall(json.elements, p, { member = 5 }), "a bad option raises")
  ));
}

/* Skimmed elements (r:elements(keys)): objects keep only the named members at every
 * depth, values as a whole decode gives them; what the skimmer is not sure of is decoded
 * whole (all members); errors are a whole decode's. */
static void test_skim(void **state) {
  RUN(*state, LUA(
    function prune(v, keys)
      if type(v) ~= "table" then return v end
      local out = {}
      for k, x in pairs(v) do
        if math.type(k) == "integer" or keys[k] then out[k] = prune(x, keys) end
      end
      return out
    end
    function skimmed(text, list)
      local p = fixture("skim.json", text)
      local whole = assert(json.read(p))
      local r = assert(json.elements(p))
      local got = {}
      for i, v in r:elements(list) do assert(i, v) got[i] = v end
      local keys = {}
      for _, k in ipairs(list) do keys[k] = true end
      return got, whole, keys
    end
    local got, whole, keys = skimmed("[{\"a\":1,\"b\":{\"a\":\"x\\n\\t\\\"\\\\\\/\\u00e9\\u2737\\u0041\",\"c\":[1,{\"a\":null}]},"
      .. "\"c\":true,\"a\":-0}, [{\"a\":[1,2.5e-3,1E+2]}, 3], \"s\", 1.5e3, false, null, {}, [], {\"b\":{}} ]", { "a", "b" })
    same(got, prune(whole, keys), "the named members, at every depth")
    eq(got[1].a, 0.0, "the last of duplicate keys") eq(math.type(got[4]), "float")
    eq(got[1].b.a, "x\n\t\"\\/\xC3\xA9\xE2\x9C\xB7A")
    eq(got[6], json.null)
    local r = assert(json.elements(fixture("k.json", "[{\"a\":1,\"z\":2}]")))
    local i, v = r:next({ "a" })
    eq(i, 1) eq(v.a, 1.0) eq(v.z, nil, "r:next(keys)")
    for _, text in ipairs {
      "[{\"a\":\"\\ud83d\\ude00\",\"z\":1}]", "[{\"a\":\"\\ud800\",\"z\":1}]", "[{\"a\":\"x\\u0000y\",\"z\":1}]",
      "[{\"a\":\"tab\there\",\"z\":1}]", "[{\"\\u0061\":1,\"z\":1}]", "[{\"a\":1,\"z\":01}]",
      "[{\"a\":" .. string.rep("[", 300) .. string.rep("]", 300) .. ",\"z\":1}]",
    } do
      got, whole = skimmed(text, { "a" })
      same(got, whole, text .. ": not skimmed, decoded whole")
    end
    local doc = "[\n {\"a\": [1, 2, {\"b\": \"c\\u00e9\"}], \"z\": tru},\n {\"d\": true}\n]"
    for n = 1, #doc do
      local p = fixture("cut.json", doc:sub(1, n))
      local _, werr = json.read(p, { name = "cut.json" })
      local rr = assert(json.elements(p, { name = "cut.json" }))
      local err
      for ii, vv in rr:elements({ "a" }) do if ii == false then err = vv end end
      eq(err, werr, "cut at " .. n .. ": the message of a whole decode")
    end
    assert(not pcall(r.elements, r, {}), "no keys")
    assert(not pcall(r.next, r, { 1 }), "a key that is not a string")
  ));
}

/* Without keys an element is skimmed whole (tables made with room for their members) and
 * must equal cjson's decode: many members and elements (several batches), duplicates
 * across batches, numbers, empty and nested containers; what the skimmer is not sure of
 * goes to cjson. */
static void test_skim_all(void **state) {
  RUN(*state, LUA(
    local parts, arr = {}, {}
    for i = 1, 700 do parts[#parts + 1] = string.format("\"k%d\":%d", i % 600, i) end
    for i = 1, 1000 do arr[#arr + 1] = (i % 3 == 0) and "{}" or (i % 3 == 1 and "[]" or tostring(i / 7)) end
    local doc = "[{" .. table.concat(parts, ",") .. "}, [" .. table.concat(arr, ",") .. "],"
      .. "{\"n\":[-0, 0.1, 1e400, -1E-400, 1E+2, 123456789012345678901234567890, 5e-324, 2.5e-3]},"
      .. "{\"s\":\"x\\n\\t\\\"\\\\\\/\\u00e9\", \"t\":true, \"f\":false, \"z\":null, \"e\":{}, \"a\":[[],[{}]]},"
      .. "{\"deep\":" .. string.rep("[", 250) .. string.rep("]", 250) .. "}, {\"odd\":01}, {\"u\":\"\\ud83d\\ude00\"}]"
    check_array(doc, "skimmed whole")
    local p = fixture("all.json", doc)
    local r = assert(json.elements(p))
    local _, first = r:next()
    eq(first.k5, 605.0, "the last of duplicate keys, across batches")
    local _, second = r:next()
    eq(#second, 1000, "every element")
  ));
}

/* Spans (opts.spans): long string values of the named keys come back as Spans whose bytes
 * are those of a whole decode, for every read size, skimmed or not, in both modes; what
 * cjson refuses in one is cjson's message; a forged placeholder stays a string. */
static void test_spans(void **state) {
  RUN(*state, LUA(
    function unspan(v)
      if type(v) == "userdata" and getmetatable(v) then return assert(v:read()) end
      if type(v) ~= "table" then return v end
      local out = {}
      for k, x in pairs(v) do out[k] = unspan(x) end
      return out
    end
    local long = string.rep("abcdefgh", 4)
    local bodies = { long, long .. "\\n" .. long, "\\/" .. long .. "\\\"\\\\\\b\\f\\r\\t",
      long .. "\\u00e9\\u2737\\u0041\\ud83d\\ude00", long .. "\\ud800", long .. "\\udc00x\\ud800\\u0041",
      long .. "\\ud83d", "\\ud83d\\u0041" .. long, long .. "\195\169 raw UTF-8 \1 and a control byte" }
    local spans_seen = 0
    for _, body in ipairs(bodies) do
      local doc = "[{\"name\":\"a\",\"body\":\"" .. body .. "\",\"x\":[\"body\",\"" .. long .. "\"]},"
        .. "{\"x\":\"body\",\"y\":\"" .. long .. "\",\"body\" : 5,\"z\":\"" .. long .. "\"},"
        .. "{\"body\":{\"data\":\"" .. body .. "\",\"t\":[{\"data\" :\n \"" .. body .. "\"}]},"
        .. "\"data\":\"short\"}, \"" .. long .. "\"]"
      local p = fixture("spans.json", doc)
      local whole = assert(json.read(p))
      for _, chunk in ipairs { 1, 2, 3, 5, 7, 13, 64, 100000 } do
        for _, keys in ipairs { false, { "name", "body", "data", "x", "y", "z", "t" } } do
          local r = assert(json.elements(p, { spans = { "body", "data" }, span_min = 16, chunk = chunk }))
          local got = {}
          for i, v in r:elements(keys or nil) do
            assert(i, v)
            got[i] = v
          end
          eq(type(got[1].body), "userdata", body .. ": a span")
          eq(type(got[1].x[2]), "string", "an array element named like a key is not its value")
          eq(type(got[2].y), "string", "a value named like a key is not a key")
          eq(type(got[3].body.t[1].data), "userdata", "at any depth")
          eq(#got[1].body, #body, "#span: the encoded length")
          spans_seen = spans_seen + 1
          same(unspan(got), whole, body .. " in pieces of " .. chunk)
          r:close()
          eq(got[1].body:read(), nil, "a span of a closed reader")
        end
      end
    end
    assert(spans_seen > 0)

    local b64 = "SGVsbG8sIHdvcmxkISBIZWxsbywgd29ybGQhIEhlbGxvLCB3b3JsZCE="
    local p = fixture("b64.json", "{\"suites\":[{\"attachments\":[{\"body\":\"" .. b64:sub(1, 20) .. "\\r\\n"
      .. b64:sub(21, 40) .. "\\n" .. b64:sub(41) .. "\"}]}],\"stats\":{}}")
    local r = assert(json.elements(p, { member = "suites", spans = { "body" }, span_min = 10 }))
    local _, suite = r:next()
    local span = suite.attachments[1].body
    local n, head = span:base64():check(5)
    eq(n, 41, "the decoded size") eq(head, "Hello")
    n, head = span:base64():check()
    eq(head, "Hello, world! Hello, world! Hello, world!")
    eq(tostring(span:base64()), "allure.json.Span (" .. #span .. " bytes, base64)")
    local bad = assert(json.elements(fixture("bad64.json", "[{\"body\":\"" .. b64:sub(1, 20) .. "*" .. b64:sub(21) .. "\"}]"),
      { spans = { "body" }, span_min = 10 }))
    local _, v = bad:next()
    local _, err = v.body:base64():check()
    eq(err, "base64: invalid character at offset 20", "base64.decode's message")

    for _, body in ipairs { long .. "\\q", long .. "\\u12G4", long .. "\0" .. long, long .. "\\" } do
      local text = "[{\"body\":\"" .. body .. "\"}]"
      for n = #text - 3, #text do
        local pp = fixture("refused.json", text:sub(1, n))
        local _, werr = json.read(pp, { name = "refused.json" })
        local rr = assert(json.elements(pp, { name = "refused.json", spans = { "body" }, span_min = 8, chunk = 7 }))
        local i, e = rr:next()
        eq(i, false, body .. ": refused")
        eq(e, werr, body .. ": the message of a whole decode")
      end
    end

    local forged = "[{\"body\":\"@al-span:0000000000000000:0\",\"data\":\"" .. long .. "\"}]"
    r = assert(json.elements(fixture("forged.json", forged), { spans = { "body", "data" }, span_min = 30 }))
    local _, f = r:next()
    eq(f.body, "@al-span:0000000000000000:0", "a placeholder in the report stays a string")
    eq(type(f.data), "userdata")
    assert(not pcall(json.elements, p, { spans = {} }), "no span keys")
    assert(not pcall(json.elements, p, { spans = { 1 } }), "a span key that is not a string")
  ));
}

static void test_stdin_pipe(void **state) {
  int fds[2];
  pid_t pid;
  assert_int_equal(pipe(fds), 0);
  pid = fork();
  assert_true(pid >= 0);
  if (pid == 0) {
    static const char doc[] = "{\"suites\":[{\"a\":1},{\"a\":2}],\"stats\":{\"n\":2}}";
    close(fds[0]);
    if (write(fds[1], doc, sizeof doc - 1) < 0) _exit(1);
    _exit(0);
  }
  close(fds[1]);
  run_with_stdin(*state, fds[0], LUA(
    local r = assert(json.elements(nil, { member = "suites" }))
    eq(r:members().stats.n, 2.0, "a pipe is spooled: members after the array are there")
    eq(#assert(collect(r)), 2)
    assert(r:rewind())
    eq(#assert(collect(r)), 2, "and it can be read twice")
  ));
  waitpid(pid, NULL, 0);
}

static void test_picker(void **state) {
  RUN(*state, LUA(
    local keys = { "Action", "Time", "Elapsed", "Test", "Output", "Nested" }
    local pick = json.picker(keys, { time = "Time" })
    local lines = {
      "{\"Time\":\"2024-05-01T12:00:00.000137+00:00\",\"Action\":\"run\",\"Test\":\"T/a\"}",
      "{\"Action\":\"output\",\"Output\":\"a\\tb\\n\\\"q\\\"\\\\\",\"Elapsed\":0}",
      "{\"Action\":null,\"Elapsed\":1.5e3,\"Other\":[1,{\"x\":2}],\"Z\":\"\\u00e9\"}",
      "{\"Action\":\"x\",\"Nested\":{\"a\":[1,2]}}",
      "{\"Action\":\"a\",\"Action\":\"b\"}",
      " { } ",
      "{\"Output\":\"\\ud800\"}",
      "{\"Time\":\"yesterday\",\"Elapsed\":-0.0}",
      "{\"Action\":tru}",
      "{\"Action\":\"a\"} x",
      "[1,2]",
      "\"str\"",
      "",
    }
    for _, line in ipairs(lines) do
      local got = table.pack(pick(line))
      local doc, err = json.decode(line)
      if doc == nil then
        eq(got[1], nil, line) eq(got[2], err, line .. ": the message of json.decode")
      elseif type(doc) ~= "table" then
        eq(got[1], false, line)
      else
        eq(got[1], true, line)
        for i, k in ipairs(keys) do
          local want = doc[k]
          if k == "Time" and math.type(got[i + 1]) == "integer" then
            eq(want, "2024-05-01T12:00:00.000137+00:00", "the one time of the usual shape")
            want = 1714564800000
          end
          same(got[i + 1], want, line .. " " .. k)
        end
      end
    end
    assert(not pcall(json.picker, {}), "no keys")
    assert(not pcall(json.picker, { 1 }), "a key that is not a string")
  ));
}

/* The picker's fast paths against the slow ones: a Time of the usual shape read from the
 * bytes is allure.time.iso's value (fractions that round up, exact halves, many digits);
 * a plain decimal read without strtod is json.decode's double, bit for bit; strings the
 * picker remembers from the previous call are still the values of each call. */
static void test_picker_fast_paths(void **state) {
  lua_pushstring(*state, AL_SOURCE_DIR "/stdlib/allure/time.lua");
  lua_setglobal(*state, "time_lua");
  RUN(*state, LUA(
    local iso = dofile(time_lua).iso
    local pick = json.picker({ "Time", "Elapsed", "Package" }, { time = "Time" })
    local function bits(x) return string.pack("<d", x) end
    local fracs = { "", ".0", ".5", ".05", ".123", ".1234", ".0004", ".0005", ".0006", ".000500",
                    ".000499", ".000501", ".9995", ".999500", ".999499", ".999999", ".9999995",
                    ".000000001", ".123456789", ".1234565", ".1234565001", ".12345650000",
                    ".99999999999999999", ".00050000000000000001" }
    local rnd = 12345
    local function rand(n) rnd = (rnd * 1103515245 + 12345) % 2147483648 return rnd % n end
    for _ = 1, 2000 do
      local f = "."
      for _ = 1, 1 + rand(12) do f = f .. tostring(rand(10)) end
      fracs[#fracs + 1] = f
    end
    local zones = { "Z", "z", "+00:00", "-07:30", "+14:00" }
    for i, f in ipairs(fracs) do
      local s = "2024-05-01T12:00:0" .. (i % 10) .. f .. zones[i % #zones + 1]
      local ok, t = pick("{\"Time\":\"" .. s .. "\"}")
      local want = iso(s)
      assert(ok, s)
      if math.type(t) == "integer" then eq(t, want, s) else eq(t, s, s .. ": kept as written") end
    end
    local nums = { "0", "-0", "0.0", "-0.0", "0.01", "12.345", "1.5e3", "1E-2", "0.1", "0.3", "2.675",
                   "123456789012345", "1234567890123456", "0.123456789012345", "0.1234567890123456",
                   "9007199254740993", "-12.5", "100", "0.000001", "12345678901234567890" }
    for _ = 1, 5000 do
      local s = tostring(rand(100000))
      local d = rand(12)
      if d > 0 then s = s .. "." .. string.format("%0" .. d .. "d", rand(10 ^ math.min(d, 9))) end
      if rand(5) == 0 then s = "-" .. s end
      nums[#nums + 1] = s
    end
    for _, s in ipairs(nums) do
      local line = "{\"Elapsed\":" .. s .. ",\"Package\":\"p\"}"
      local ok, _, e = pick(line)
      local want = json.decode(line).Elapsed
      assert(ok, s)
      eq(math.type(e), math.type(want), s)
      eq(bits(e), bits(want), s .. ": the bits of json.decode's value")
    end
    local seq = { "a", "a", "example.com/a/rather/long/package/path/over/forty/bytes", "example.com/a/rather/long/package/path/over/forty/bytes",
                  "b", "a\\tb", "a\\tb", "a", "" }
    for _, s in ipairs(seq) do
      local line = "{\"Package\":\"" .. s .. "\"}"
      local ok, _, _, pkg = pick(line)
      assert(ok, s)
      eq(pkg, json.decode(line).Package, s)
    end
  ));
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test_setup_teardown(test_array, setup, teardown),
    cmocka_unit_test_setup_teardown(test_array_errors, setup, teardown),
    cmocka_unit_test_setup_teardown(test_member, setup, teardown),
    cmocka_unit_test_setup_teardown(test_skim, setup, teardown),
    cmocka_unit_test_setup_teardown(test_skim_all, setup, teardown),
    cmocka_unit_test_setup_teardown(test_spans, setup, teardown),
    cmocka_unit_test_setup_teardown(test_stdin_pipe, setup, teardown),
    cmocka_unit_test_setup_teardown(test_picker, setup, teardown),
    cmocka_unit_test_setup_teardown(test_picker_fast_paths, setup, teardown),
  };
  return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
