/* Units for allure.xml (runtime/lxml.c): events, attributes, text(), tree(), error
 * messages, hostile documents (XXE, entity expansion, deep nesting), encodings and
 * standard input. Each test runs Lua chunks in a fresh state; fixtures are written
 * to a private mkdtemp directory. */
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
#include <unistd.h>

#include "lfixture.h"

/* Helpers every chunk can use: fixture(name, bytes) -> path; events(r) -> "ev name
 * depth|..." up to the end or the error, and that error. */
static const char *prelude = LUA(
  xml = require("allure.xml")
  function events(r)
    local out = {}
    while true do
      local ev, name, depth = r:next()
      if not ev then return table.concat(out, "|"), name end
      out[#out + 1] = ev .. " " .. name .. " " .. depth
    end
  end
);

/* ====================================================================
** Events
** ==================================================================== */

static void test_events_sequence(void **state) {
  RUN(*state, LUA(
    local p = fixture("ev.xml", "<?xml version=\"1.0\"?>\n<!-- head -->\n<a x=\"1\">\n  text\n  <b/>\n"
                      .. "  <c><d></d></c><?pi data?><!-- c --><e />\n</a>\n<!-- tail -->\n")
    local r = assert(xml.open(p))
    local evs, err = events(r)
    eq(evs, "start a 0|start b 1|end b 1|start c 1|start d 2|end d 2|end c 1|start e 1|end e 1|end a 0",
       "events")
    eq(err, nil, "error at the end")
    eq(r:next(), nil, "next() after the end")
    eq(r:next(), nil, "next() again")
    r:close()
  ));
}

static void test_accessors(void **state) {
  RUN(*state, LUA(
    local p = fixture("acc.xml", "<root>\n\n  <child\n    k=\"v\"/>\n  <x:ns xmlns:x=\"urn:x\">t</x:ns>\n</root>")
    local r = assert(xml.open(p))
    eq(r:name(), nil, "name before the first event")
    eq(r:line(), 0, "line before the first event")
    eq(select("#", r:next()), 3, "values of a start event")
    eq(r:name(), "root") eq(r:depth(), 0) eq(r:line(), 1)
    local ev, name, depth = r:next()
    eq(ev, "start") eq(name, "child") eq(depth, 1)
    eq(r:line(), 4, "line of a start tag spanning lines (where it ends)")
    eq(r:name(), "child") eq(r:depth(), 1)
    ev, name = r:next()
    eq(ev, "end") eq(name, "child") eq(r:depth(), 1)
    ev, name = r:next()
    eq(name, "ns", "local name of a prefixed element")
    eq(r:line(), 5)
    eq(r:attr("xmlns:x"), "urn:x")
    r:next() r:next()
    eq(r:name(), "root") eq(r:line(), 6, "line of the closing tag")
    eq(r:next(), nil)
    eq(r:name(), nil, "name at the end")
  ));
}

static void test_attrs(void **state) {
  RUN(*state, LUA(
    local p = fixture("attrs.xml", "<a n=\"x &amp; y\" e=\"\" q=\"&lt;&#65;&#x42;&gt;\" "
                      .. "xmlns:xsi=\"urn:xsi\" xsi:type=\"T\" sp=\"a\tb\"><b/></a>")
    local r = assert(xml.open(p))
    r:next()
    eq(r:attr("n"), "x & y", "entities in a value")
    eq(r:attr("e"), "", "empty value")
    eq(r:attr("q"), "<AB>", "character references")
    eq(r:attr("xsi:type"), "T", "qualified name")
    eq(r:attr("sp"), "a b", "attribute value normalisation")
    eq(r:attr("missing"), nil, "missing attribute")
    local t = r:attrs()
    local keys = {}
    for k in pairs(t) do keys[#keys + 1] = k end
    table.sort(keys)
    eq(table.concat(keys, ","), "e,n,q,sp,xmlns:xsi,xsi:type", "attrs() keys")
    eq(t.n, "x & y") eq(t["xsi:type"], "T")
    eq(r:attr("n"), "x & y", "attr() after attrs(): still on the element")
    local ev, name = r:next()
    eq(ev .. name, "startb", "next() after attrs()")
    eq(next(r:attrs()), nil, "no attributes: empty table")
    r:next()
    local ok, err = pcall(r.attr, r, "n")
    assert(not ok and err:find("not at a \"start\" event", 1, true), "attr() at an end event raises: " .. tostring(err))
    ok, err = pcall(r.attrs, r)
    assert(not ok, "attrs() at an end event raises")
  ));
}

/* ====================================================================
** text() and tree()
** ==================================================================== */

static void test_text(void **state) {
  RUN(*state, LUA(
    local p = fixture("text.xml", "<r><out>a &amp; b <![CDATA[<raw> & ]]>c<i>d<j>e</j></i>&#233;\n</out>"
                      .. "<next/><empty/><after x=\"1\"> </after></r>")
    local r = assert(xml.open(p))
    r:next() r:next()
    eq(r:text(), "a & b <raw> & cde\195\169\n", "text of the subtree")
    local ev, name, depth = r:next()
    eq(ev .. " " .. name .. " " .. depth, "start next 1", "event after text(): the next sibling")
    r:next()
    ev, name = r:next()
    eq(name, "empty")
    eq(r:text(), "", "text() of an empty element")
    ev, name = r:next()
    eq(ev .. name, "startafter", "no end event for an element read by text()")
    eq(r:text(), " ", "whitespace is text")
    ev, name = r:next()
    eq(ev .. name, "endr")
    local ok, err = pcall(r.text, r)
    assert(not ok and err:find("text: the reader is not at", 1, true), tostring(err))
  ));
}

static void test_tree_shape(void **state) {
  RUN(*state, LUA(
    local p = fixture("tree.xml", "<suite>\n"
      .. "  <testcase name=\"t1\" time=\"0.5\">\n"
      .. "    <failure message=\"boom\" type=\"E\">trace &amp; <![CDATA[more]]></failure>\n"
      .. "    <system-out>x</system-out>\n"
      .. "  </testcase>\n"
      .. "  <testcase name=\"t2\"/>\n"
      .. "  <mixed>a<b>inner</b>c<b/>d</mixed>\n"
      .. "</suite>\n")
    local r = assert(xml.open(p))
    r:next()
    local ev, name = r:next()
    eq(name, "testcase")
    local t = assert(r:tree())
    eq(t.name, "testcase") eq(t.line, 2) eq(t.attrs.name, "t1") eq(t.attrs.time, "0.5")
    eq(#t, 2, "children")
    eq(t.text, "\n    \n    \n  ", "own text only (whitespace kept)")
    eq(t[1].name, "failure") eq(t[1].line, 3) eq(t[1].attrs.message, "boom")
    eq(t[1].text, "trace & more", "text with an entity and CDATA")
    eq(#t[1], 0)
    eq(t[2].name, "system-out") eq(t[2].text, "x") eq(t[2].line, 4)
    ev, name = r:next()
    eq(ev .. " " .. name, "start testcase", "after tree(): the following sibling")
    eq(r:line(), 6)
    local t2 = assert(r:tree())
    eq(t2.name, "testcase") eq(t2.attrs.name, "t2") eq(t2.text, "") eq(#t2, 0) eq(t2.line, 6)
    ev, name = r:next()
    eq(name, "mixed", "after tree() of an empty element: no end event")
    local m = assert(r:tree())
    eq(m.text, "acd", "mixed content: own text around the children")
    eq(#m, 2) eq(m[1].text, "inner") eq(m[2].name, "b") eq(m[2].text, "")
    ev, name = r:next()
    eq(ev .. name, "endsuite")
    eq(r:next(), nil)
  ));
}

static void test_tree_depth_cap(void **state) {
  RUN(*state, LUA(
    local p = fixture("cap.xml", "<r>\n<a><b><c><d>deep</d></c></b></a>\n<z/>\n</r>")
    local r = assert(xml.open(p, { name = "cap" }))
    r:next() r:next()
    local t, err = r:tree(3)
    eq(t, nil, "a tree deeper than the cap")
    eq(err, "cap:2: element nested deeper than 3 levels in tree()")
    local ev, name = r:next()
    eq(ev .. name, "startz", "the stream goes on after the skipped element")
    r:close()
    r = assert(xml.open(p))
    r:next() r:next()
    t = assert(r:tree(4), "exactly 4 levels fit")
    eq(t[1][1][1].text, "deep")
    local ok, e = pcall(r.tree, r, 0)
    assert(not ok, "tree(0) raises")
  ));
}

/* Element lines past 65535 (libxml2's tree keeps only 65535; the reader counts
 * its own). */
static void test_big_line_numbers(void **state) {
  RUN(*state, LUA(
    local parts = { "<r>\n" }
    for i = 2, 70000 do parts[#parts + 1] = "  <tc n=\"" .. i .. "\"><f>x</f></tc>\n" end
    parts[#parts + 1] = "  <last\n   a=\"1\"/>\n</r>\n"
    local p = fixture("lines.xml", table.concat(parts))
    local r = assert(xml.open(p))
    local checked = 0
    while true do
      local ev, name = r:next()
      if not ev then assert(name == nil, name) break end
      if ev == "start" and name == "tc" then
        local n = tonumber(r:attr("n"))
        eq(r:line(), n, "line of a testcase")
        if n % 7 == 0 then
          local t = r:tree()
          eq(t.line, n, "tree line") eq(t[1].line, n, "child line")
        end
        checked = checked + 1
      elseif ev == "start" and name == "last" then
        assert(r:line() >= 70001 and r:line() <= 70002, "line of the last element: " .. r:line())
      end
    end
    eq(checked, 69999)
  ));
}

/* ====================================================================
** Malformed input
** ==================================================================== */

static void test_error_messages(void **state) {
  RUN(*state, LUA(
    local cases = {
      { "truncated", "<a>\n<b>text", "truncated:2:8: Premature end of data in tag b" },
      { "mismatch", "<a><b></a>", "mismatch:1:11: Opening and ending tag mismatch: b line 1 and a" },
      { "two roots", "<a/>\n<b/>", "two roots:2:1: Extra content at the end of the document" },
      { "two docs", "<a/>\n<?xml version=\"1.0\"?><a/>",
        "two docs:2:6: XML declaration allowed only at the start of the document" },
      { "invalid char", "<a>\1</a>", "invalid char:1:4: PCDATA invalid Char value 1" },
      { "nul byte", "<a>x\0y</a>", "nul byte:1:5: Char 0x0 out of allowed range" },
      { "empty", "", "empty:1:1: Document is empty" },
      { "no root", "<?xml version=\"1.0\"?>\n", "no root:2:1: Document has no root element" },
      { "blank", " \n ", "blank:1:1: Document has no root element" },
      { "not xml", "hello <a/>", "not xml:1:1: Start tag expected, '<' not found" },
      { "cut tag", "<a", "cut tag:1:1: Premature end of data" },
      { "bad utf8", "<a>\255</a>",
        "bad utf8:1:4: Input is not proper UTF-8, indicate encoding ! Bytes: 0xFF 0x3C 0x2F 0x61" },
      { "bad attr", "<a x=1/>", "bad attr:1:6: AttValue: \" or ' expected" },
    }
    for _, c in ipairs(cases) do
      local r = assert(xml.open(fixture("bad.xml", c[2]), { name = c[1] }))
      local evs, err = events(r)
      eq(err, c[3], c[1])
      local again, err2 = r:next()
      eq(again, nil, c[1] .. ": next() after an error")
      eq(err2, c[3], c[1] .. ": the error is sticky")
      r:close()
    end
  ));
}

static void test_error_inside_text_and_tree(void **state) {
  RUN(*state, LUA(
    local p = fixture("bad2.xml", "<r><t>" .. string.rep("abc\n", 1000) .. "<u></t></r>")
    local r = assert(xml.open(p, { name = "x" }))
    r:next()
    eq(select(2, r:next()), "t")
    local s, err = r:text()
    eq(s, nil) eq(err, "x:1001:8: Opening and ending tag mismatch: u line 1001 and t")
    local ev, err2 = r:next()
    eq(ev, nil) eq(err2, err, "sticky after text()")
    r = assert(xml.open(p, { name = "x" }))
    r:next()
    eq(select(2, r:next()), "t")
    local t, err3 = r:tree()
    eq(t, nil) eq(err3, err, "tree() reports the parse error")
    local ok, e = pcall(r.tree, r)
    assert(not ok, "tree() after an error raises (not at a start event)")
  ));
}

static void test_open_errors(void **state) {
  RUN(*state, LUA(
    local r, err = xml.open(DIR .. "/does-not-exist.xml")
    eq(r, nil) eq(err, DIR .. "/does-not-exist.xml: No such file or directory")
    r, err = xml.open(DIR .. "/does-not-exist.xml", { name = "report" })
    eq(err, "report: No such file or directory", "opts.name in open errors")
    r, err = xml.open(DIR)
    eq(r, nil) eq(err, DIR .. ": Is a directory")
    r = assert(xml.open("/proc/self/mem", { name = "mem" }), "opens; reading it fails with EIO")
    local ev, e2 = r:next()
    eq(ev, nil) eq(e2, "mem:1:1: read error: Input/output error", "a read error")
    eq(select(2, r:next()), e2, "sticky")
    assert(not pcall(xml.open, {}), "a table as path raises")
    assert(not pcall(xml.open, fixture("o.xml", "<a/>"), 5), "opts must be a table")
    local ok, e = pcall(xml.open, fixture("o.xml", "<a/>"), { name = 5 })
    assert(not ok and e:find("opts.name", 1, true), tostring(e))
  ));
}

/* Every event parsed before an error is delivered, then the error. */
static void test_events_before_an_error(void **state) {
  RUN(*state, LUA(
    local parts = { "<suite>\n" }
    for i = 1, 3000 do parts[#parts + 1] = "  <case n=\"" .. i .. "\"><out>x</out></case>\n" end
    local body = table.concat(parts)
    local cases = {
      { body .. "  <case n=\"cut", "cut:3002:" },
      { body .. "</suite>\n<suite/>", "Extra content at the end of the document" },
      { body .. "</suite>\n<?xml version=\"1.0\"?><suite/>", "XML declaration allowed only at the start" },
      { body .. "  <case>\1</case>", "PCDATA invalid Char value 1" },
    }
    for i, c in ipairs(cases) do
      local r = assert(xml.open(fixture("cut.xml", c[1]), { name = "cut" }))
      local n, err = 0, nil
      while true do
        local ev, name = r:next()
        if not ev then err = name break end
        if ev == "end" and name == "case" then n = n + 1 end
      end
      eq(n, 3000, "complete cases before the error, case " .. i)
      assert(err and err:find(c[2], 1, true), tostring(err))
      eq(select(2, r:next()), err, "sticky")
      r:close()
    end
    local r = assert(xml.open(fixture("cut2.xml", "<a><b>one</b><c>t")))
    r:next() r:next()
    eq(r:text(), "one", "text() of a complete element before a truncation")
    local ev, name = r:next()
    eq(ev .. name, "startc")
    local s, err = r:text()
    eq(s, nil) assert(err:find("Premature end of data in tag c", 1, true), err)
  ));
}

/* Several documents one after another, with documents = "many". */
static void test_many_documents(void **state) {
  RUN(*state, LUA(
    local doc = "<?xml version=\"1.0\"?>\n<log>\n  <case n=\"1\"/>\n</log>\n"
             .. "<?xml version=\"1.0\"?>\n<report n=\"2\">\n  <x/>\n</report>\n"
             .. "<report n=\"3\"/><!-- tail -->\n\n"
    local p = fixture("many.xml", doc)
    local r = assert(xml.open(p, { documents = "many" }))
    local out = {}
    while true do
      local ev, name, depth = r:next()
      if not ev then assert(name == nil, name) break end
      out[#out + 1] = ev .. " " .. name .. " " .. depth .. " @" .. r:line()
    end
    eq(table.concat(out, "|"), "start log 0 @2|start case 1 @3|end case 1 @3|end log 0 @4|"
       .. "start report 0 @6|start x 1 @7|end x 1 @7|end report 0 @8|start report 0 @9|end report 0 @9",
       "events and lines across documents")
    r = assert(xml.open(p))
    local _, err = events(r)
    eq(err, p .. ":5:6: XML declaration allowed only at the start of the document", "one document by default")
    r = assert(xml.open(fixture("many2.xml", "<a/>\n<b>\n<c></b>"), { name = "m", documents = "many" }))
    local evs, err2 = events(r)
    eq(evs, "start a 0|end a 0|start b 0|start c 1")
    eq(err2, "m:3:8: Opening and ending tag mismatch: c line 3 and b", "an error in a later document")
    r = assert(xml.open(fixture("many3.xml", "<a/><b"), { name = "m", documents = "many" }))
    evs, err2 = events(r)
    eq(evs, "start a 0|end a 0")
    assert(err2 and err2:find("^m:1:%d+: "), "a truncated later document: " .. tostring(err2))
    r = assert(xml.open(fixture("many4.xml", "<a/> junk"), { name = "m", documents = "many" }))
    evs, err2 = events(r)
    eq(err2, "m:1:1: Start tag expected, '<' not found", "text after a document")
    r = assert(xml.open(fixture("many5.xml", "<a>" .. string.rep("<b>t</b>\n", 20000) .. "</a>"
                                .. string.rep("<a><b/></a>", 20000)), { documents = "many" }))
    local roots = 0
    while true do
      local ev, name, depth = r:next()
      if not ev then assert(name == nil, name) break end
      if ev == "start" and depth == 0 then roots = roots + 1 end
    end
    eq(roots, 20001, "documents across chunk boundaries")
    -- A CDATA section across a chunk boundary is fed in small pieces: a document that
    -- ends in one of them is followed by all the rest of the input, not only that piece
    r = assert(xml.open(fixture("many6.xml", "<a><![CDATA[" .. string.rep("q", 100000) .. "]]></a>"
                                .. string.rep("<b/>", 500)), { documents = "many" }))
    roots = 0
    local text = 0
    while true do
      local ev, name, depth = r:next()
      if not ev then assert(name == nil, name) break end
      if ev == "start" and depth == 0 then roots = roots + 1 end
      if ev == "text" then text = text + #name end
    end
    eq(roots, 501, "documents after a CDATA section fed in pieces")
    eq(text, 100000, "the section whole")
    local ok, e = pcall(xml.open, p, { documents = "all" })
    assert(not ok and e:find("opts.documents", 1, true), tostring(e))
  ));
}

/* A document that is only an XML declaration (libtest's JUnit of a test binary that
 * called process::exit(0)) is an "empty" event at the line of its declaration, then
 * the next document reads as usual: whatever the chunks, with a CR before the next
 * declaration, at the end of the input; blanks and comments between documents give
 * no event. One document alone that is only a declaration stays an error, and with
 * documents = "one" so does the second declaration. */
static void test_empty_documents(void **state) {
  RUN(*state, LUA(
    local decl = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
    local doc = decl .. "<a><b/></a>\n" .. decl .. decl .. "<c/>\r\n" .. decl .. "\r\n"
             .. "<!-- gap -->\n" .. decl .. "\n<d/>\n<!-- x -->" .. decl .. "<e/>\n" .. decl .. "\n"
    local p = fixture("empty-docs.xml", doc)
    local function walk(chunk)
      local r = assert(xml.open(p, { chunk = chunk, documents = "many" }))
      local out = {}
      while true do
        local ev, name, depth = r:next()
        if not ev then out[#out + 1] = tostring(name) break end
        if ev == "empty" then
          eq(select("#", name, depth), 2) eq(name, nil) eq(r:name(), nil)
          local ok, err = pcall(r.attrs, r)
          assert(not ok and err:find("not at a \"start\" event", 1, true), tostring(err))
          out[#out + 1] = "empty@" .. r:line()
        elseif depth == 0 then
          out[#out + 1] = ev .. name .. "@" .. r:line()
        end
      end
      return table.concat(out, " ")
    end
    local want = walk(nil)
    eq(want, "starta@1 enda@1 empty@2 startc@2 endc@2 empty@3 startd@6 endd@6 starte@7 ende@7 empty@8 nil")
    for chunk = 1, 45 do eq(walk(chunk), want, "chunk " .. chunk) end
    local r = assert(xml.open(p, { name = "m" }))
    local _, err = events(r)
    eq(err, "m:2:6: XML declaration allowed only at the start of the document", "one document by default")
    r = assert(xml.open(fixture("decl-only.xml", decl), { name = "m", documents = "many" }))
    eq(select(2, r:next()), "m:1:39: Document has no root element", "nothing but a declaration")
    r = assert(xml.open(fixture("decl-inside.xml", decl .. "<a>" .. decl .. "<b/>"), { name = "m", documents = "many" }))
    _, err = events(r)
    eq(err, "m:1:47: XML declaration allowed only at the start of the document", "inside an element")
  ));
}

/* Entities declared in the DTD are never substituted, in attributes and text
 * alike: the reference stays as written, with one warning (name:line) per reader;
 * elements in their replacement text are not events. Predefined entities and
 * character references are decoded. A document whose entity is checked at each
 * of its references (quadratic in libxml2: 37 s) reads at once. */
static void test_internal_entities(void **state) {
  RUN(*state, LUA(
    local p = fixture("ent.xml", "<!DOCTYPE x [<!ENTITY e \"<z>in</z>\"><!ENTITY t \"T\">]>\n"
                      .. "<x a=\"[&t;]&amp;&#38;&#38;#38;&lt;&#x41;\">a&e;b&t;c&amp;&lt;&#65;&#38;</x>")
    local r = assert(xml.open(p))
    eq(events(r), "start x 0|end x 0")
    local warnings = {}
    r = assert(xml.open(p, { name = "ent", warn = function(m, where) warnings[#warnings + 1] = where .. ": " .. m end }))
    r:next()
    eq(r:attr("a"), "[&t;]&&&#38;<A", "an entity reference in an attribute value is kept as written")
    eq(r:text(), "a&e;b&t;c&<A&", "and in text")
    eq(#warnings, 1, "one warning")
    eq(warnings[1], "ent:2: the reference &t; is kept as written: entities declared in a DTD are not substituted")
    r = assert(xml.open(p))
    r:next()
    local t = assert(r:tree())
    eq(t.text, "a&e;b&t;c&<A&", "tree() text")
    eq(t.attrs.a, "[&t;]&&&#38;<A", "tree() attribute")
    local big = string.rep("x", 100000)
    local q = fixture("quad.xml", "<!DOCTYPE x [<!ENTITY a \"" .. big .. "\"><!ENTITY % p \"<!ENTITY b 'B'>\"> %p;]><x k=\""
                      .. string.rep("&a;", 3000) .. "\">" .. string.rep("&a;", 20000) .. "</x>")
    local t0 = os.clock()
    r = assert(xml.open(q, { warn = function() end }))
    r:next()
    eq(#r:attr("k"), 9000, "attribute references kept")
    eq(#r:text(), 60000, "text references kept")
    assert(os.clock() - t0 < 2, "entity references took " .. (os.clock() - t0) .. " s")
    local d = 256
    r = assert(xml.open(fixture("d256.xml", string.rep("<a>", d) .. string.rep("</a>", d))))
    local evs, err = events(r)
    eq(err, nil, "256 levels are fine")
    r = assert(xml.open(fixture("d257.xml", string.rep("<a>", d + 1) .. string.rep("</a>", d + 1)), { name = "d" }))
    evs, err = events(r)
    eq(err, "d:1:771: Excessive depth in document: more than 256 levels")
  ));
}

/* A text longer than opts.max_text (default 10 MB, docs/security.md) is cut: the
 * first max_text bytes, a marker with the count of the rest, one warning naming
 * file:line; text() caps the subtree's text, tree() each node's own. */
static void test_text_cap(void **state) {
  RUN(*state, LUA(
    local p = fixture("cap.xml", "<s>\n<o>" .. string.rep("0123456789", 10) .. "<b>in</b>tail</o>\n"
                      .. "<t><system-out>" .. string.rep("y", 50) .. "<![CDATA[" .. string.rep("z", 50) .. "]]></system-out><e>ok</e></t></s>")
    local warnings = {}
    local function warn(m, where) warnings[#warnings + 1] = where .. ": " .. m end
    local r = assert(xml.open(p, { name = "cap", max_text = 30, warn = warn }))
    r:next()
    r:next()
    eq(r:text(), string.rep("0123456789", 3) .. "\n[truncated: 76 bytes not kept]", "text()")
    eq(warnings[1], "cap:2: the text of <o> is longer than 30 bytes (opts.max_text): the first 30 are kept, 76 bytes are not")
    r:next()
    local t = assert(r:tree())
    eq(t[1].text, string.rep("y", 30) .. "\n[truncated: 70 bytes not kept]", "tree(): the long node")
    eq(t[2].text, "ok", "tree(): a short one")
    eq(#warnings, 2, "a warning for each cut text")
    assert(warnings[2]:find("^cap:3: the text of <system%-out> is longer than 30 bytes"), warnings[2])
    eq(r:next(), "end", "the stream goes on")
    r = assert(xml.open(p, { max_text = 0 }))
    r:next()
    r:next()
    eq(#r:text(), 106, "max_text = 0: no cap")
    for _, bad in ipairs({ -1, 1.5, "x" }) do
      local ok, err = pcall(xml.open, p, { max_text = bad })
      assert(not ok and err:find("opts.max_text"), tostring(err))
    end
    local big = fixture("big.xml", "<a>" .. string.rep("x", 11 * 1024 * 1024) .. "</a>")
    r = assert(xml.open(big, { warn = function() end }))
    r:next()
    eq(#r:text(), 10 * 1024 * 1024 + #"\n[truncated: 1048576 bytes not kept]", "the default is 10 MB")
  ));
}

/* opts.chunk (for tests): the input pushed a few bytes at a time reads the same. */
static void test_chunk_sizes(void **state) {
  RUN(*state, LUA(
    local doc = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE r [<!ENTITY e \"E\">]>\n"
      .. "<r a=\"1&amp;&e;\"><b>t\195\169xt &lt;&e;<![CDATA[c]]></b><c/></r>\n<!-- x -->\n<r2/>"
    local p = fixture("chunks.xml", doc)
    local function walk(chunk)
      local r = assert(xml.open(p, { chunk = chunk, documents = "many", warn = function() end }))
      local out = {}
      while true do
        local ev, name, depth = r:next()
        if not ev then out[#out + 1] = tostring(name) break end
        out[#out + 1] = ev .. name .. depth .. r:line() .. (ev == "start" and (r:attr("a") or "") or "")
        if name == "b" and ev == "start" then out[#out + 1] = r:text() end
      end
      return table.concat(out, "|")
    end
    local want = walk(nil)
    eq(want, "startr031&&e;|startb13|t\195\169xt <&e;c|startc13|endc13|endr03|startr205|endr205|nil")
    for chunk = 1, 17 do eq(walk(chunk), want, "chunk " .. chunk) end
    local ok, err = pcall(xml.open, p, { chunk = 0 })
    assert(not ok and err:find("opts.chunk"), tostring(err))
  ));
}

/* ====================================================================
** Hostile documents
** ==================================================================== */

/* External entities are never read: their references give no text (or, in an
 * attribute, a parse error), and nothing from the referenced file shows anywhere. */
static void test_xxe(void **state) {
  RUN(*state, LUA(
    local secret = fixture("secret.txt", "TOP-SECRET-MARKER\n")
    local url = "file://" .. secret
    local cases = {
      { "<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><x>&e;</x>", "&e;" },
      { "<!DOCTYPE x [<!ENTITY e SYSTEM \"" .. url .. "\">]><x>a&e;b<y>&e;</y></x>", "a&e;b&e;" },
      { "<!DOCTYPE x [<!ENTITY e SYSTEM \"" .. secret .. "\">]><x y=\"1\">&e;</x>", "&e;" },
      { "<!DOCTYPE x SYSTEM \"" .. url .. "\"><x>&e;</x>", "&e;" },
      { "<!DOCTYPE x [<!ENTITY % p SYSTEM \"" .. url .. "\"> %p;]><x>t</x>", "t" },
      { "<x xmlns:xi=\"http://www.w3.org/2001/XInclude\"><xi:include href=\"" .. url .. "\" parse=\"text\"/></x>", "" },
      { "<!DOCTYPE x [<!ENTITY e SYSTEM \"" .. url .. "\">]><x a=\"&e;\">t</x>", nil,
        "xxe:1:%d+: Attribute references external entity" },
    }
    for i, c in ipairs(cases) do
      local p = fixture("xxe.xml", c[1])
      local r = assert(xml.open(p, { name = "xxe", warn = function() end }))
      local ev, err = r:next()
      if c[2] == nil then
        eq(ev, nil, "doc " .. i)
        assert(err:find(c[3]) and not err:find("TOP%-SECRET"), err)
      else
        eq(ev, "start", "doc " .. i)
        eq(r:text(), c[2], "text() of doc " .. i)
        eq(r:next(), nil, "end of doc " .. i)
        r:close()
        r = assert(xml.open(p))
        r:next()
        local t = assert(r:tree())
        local texts = { t.text }
        for _, child in ipairs(t) do texts[#texts + 1] = child.text end
        local all = table.concat(texts, "|")
        assert(not all:find("TOP%-SECRET") and not all:find("root:"), "tree() of doc " .. i .. ": " .. all)
        if i == 2 then eq(t.text, "a&e;b") eq(t[1].name, "y") eq(t[1].text, "&e;") end
      end
      r:close()
    end
  ));
}

static void test_billion_laughs(void **state) {
  RUN(*state, LUA(
    local d = { "<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n<!ENTITY lol \"lol\">\n" }
    for i = 1, 9 do
      d[#d + 1] = "<!ENTITY lol" .. i .. " \"" .. string.rep("&lol" .. (i > 1 and i - 1 or "") .. ";", 10) .. "\">\n"
    end
    d[#d + 1] = "]>\n<lolz>&lol9;</lolz>\n"
    local p = fixture("lol.xml", table.concat(d))
    local t0 = os.clock()
    local r = assert(xml.open(p, { name = "lol", warn = function() end }))
    local s, err
    if r:next() then s, err = r:text() else err = select(2, r:next()) end
    assert(os.clock() - t0 < 2, "entity expansion took too long")
    eq(s, "&lol9;", "the reference is kept, never expanded")
    eq(err, nil)
    local loop = fixture("loop.xml", "<!DOCTYPE x [<!ENTITY a \"&b;\"><!ENTITY b \"&a;\">]><x>&a;</x>")
    r = assert(xml.open(loop, { warn = function() end }))
    r:next()
    eq(r:text(), "&a;", "a loop is never followed")
  ));
}

static void test_deep_nesting(void **state) {
  RUN(*state, LUA(
    local n = 100000
    local p = fixture("deep.xml", string.rep("<a>", n) .. "x" .. string.rep("</a>", n))
    local r = assert(xml.open(p, { name = "deep" }))
    local starts, ev, err = 0, nil, nil
    repeat
      ev, err = r:next()
      if ev == "start" then starts = starts + 1 end
    until not ev
    assert(starts >= 100, "streamed up to the limit: " .. starts)
    assert(err and err:find("^deep:1:%d+: Excessive depth in document"), tostring(err))
    r:close()
    r = assert(xml.open(p, { name = "deep" }))
    r:next()
    local t, err2 = r:tree()
    eq(t, nil, "tree() of a too deep document")
    assert(err2 and err2:find("^deep:1:%d+: "), tostring(err2))
    r:close()
    local d = 250
    r = assert(xml.open(fixture("deep2.xml", string.rep("<a>", d) .. "x" .. string.rep("</a>", d))))
    r:next()
    t = assert(r:tree(), "250 levels fit in a tree")
    local levels = 1
    while t[1] do t = t[1] levels = levels + 1 end
    eq(levels, d) eq(t.text, "x")
  ));
}

/* ====================================================================
** Encodings and standard input
** ==================================================================== */

static void test_utf16(void **state) {
  RUN(*state, LUA(
    local function utf16(s, le)
      local out = { le and "\255\254" or "\254\255" }
      for _, c in utf8.codes(s) do
        local hi, lo = c >> 8, c & 255
        out[#out + 1] = le and string.char(lo, hi) or string.char(hi, lo)
      end
      return table.concat(out)
    end
    local doc = "<r\195\169 a=\"\195\169t\195\169\">caf\195\169 \226\130\172</r\195\169>"
    for _, le in ipairs({ true, false }) do
      local r = assert(xml.open(fixture("u16.xml", utf16(doc, le))))
      local ev, name = r:next()
      eq(name, "r\195\169", "element name decoded to UTF-8")
      eq(r:attr("a"), "\195\169t\195\169")
      eq(r:text(), "caf\195\169 \226\130\172")
      eq(r:next(), nil)
    end
    local r = assert(xml.open(fixture("latin1.xml", "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><r>\233</r>")))
    r:next()
    eq(r:text(), "\195\169", "declared ISO-8859-1")
  ));
}

static void test_stdin_file(void **state) {
  char path[256];
  int fd;
  snprintf(path, sizeof path, "%s/stdin.xml", tmpdir);
  RUN(*state, LUA(fixture("stdin.xml", "<a><b k=\"v\">t</b></a>")));
  fd = open(path, O_RDONLY);
  assert_true(fd >= 0);
  run_with_stdin(*state, fd, LUA(
    local r = assert(xml.open(nil))
    eq(events(r), "start a 0|start b 1|end b 1|end a 0")
    r:close()
  ));
  fd = open(path, O_RDONLY);
  run_with_stdin(*state, fd, LUA(
    local r = assert(xml.open())
    r:next() r:next()
    eq(r:attr("k"), "v")
    r:close()
  ));
}

/* A pipe fed by a child, larger than the pipe buffer, and a malformed one: the
 * message names <stdin> (or opts.name). */
static void test_stdin_pipe(void **state) {
  int i;
  for (i = 0; i < 2; i++) {
    int fds[2];
    pid_t pid;
    assert_int_equal(pipe(fds), 0);
    pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
      FILE *w = fdopen(fds[1], "w");
      int k;
      close(fds[0]);
      fputs("<suite>\n", w);
      for (k = 0; k < 20000; k++) fprintf(w, "  <testcase name=\"t%d\"/>\n", k);
      fputs(i == 0 ? "</suite>\n" : "</suit>\n", w);
      fclose(w);
      _exit(0);
    }
    close(fds[1]);
    run_with_stdin(*state, fds[0], i == 0 ? LUA(
      local r = assert(xml.open(nil))
      local n = 0
      while true do
        local ev, name = r:next()
        if not ev then assert(name == nil, name) break end
        if ev == "start" and name == "testcase" then
          eq(r:attr("name"), "t" .. n)
          n = n + 1
        end
      end
      eq(n, 20000)
    ) : LUA(
      local r = assert(xml.open(nil))
      local _, err = events(r)
      eq(err, "<stdin>:20002:8: Opening and ending tag mismatch: suite line 1 and suit")
    ));
    waitpid(pid, NULL, 0);
  }
}

/* A UTF-16 document written a byte at a time: the parser starts with fewer bytes
 * than an encoding signature. */
static void test_stdin_trickle(void **state) {
  static const char doc[] = "\xff\xfe<\0a\0>\0\xe9\0<\0/\0a\0>\0";
  int fds[2];
  pid_t pid;
  assert_int_equal(pipe(fds), 0);
  pid = fork();
  assert_true(pid >= 0);
  if (pid == 0) {
    size_t k;
    close(fds[0]);
    for (k = 0; k < sizeof doc - 1; k++) {
      if (write(fds[1], doc + k, 1) != 1) _exit(1);
      usleep(1000);
    }
    _exit(0);
  }
  close(fds[1]);
  run_with_stdin(*state, fds[0], LUA(
    local r = assert(xml.open(nil))
    eq(r:next(), "start")
    eq(r:text(), "\195\169")
    eq(r:next(), nil)
  ));
  waitpid(pid, NULL, 0);
}

/* ====================================================================
** Handles
** ==================================================================== */

static void test_close_and_misuse(void **state) {
  RUN(*state, LUA(
    local p = fixture("c.xml", "<a><b/></a>")
    local r = assert(xml.open(p))
    assert(tostring(r):find("^allure.xml.Reader %("), tostring(r))
    r:close()
    r:close()
    eq(tostring(r), "allure.xml.Reader (closed)")
    local ok, err = pcall(r.next, r)
    assert(not ok and err:find("closed XML reader", 1, true), tostring(err))
    ok, err = pcall(r.next, {})
    assert(not ok and err:find("allure.xml.Reader expected", 1, true), tostring(err))
    do
      local r2 <close> = assert(xml.open(p))
      r2:next()
      keep = r2
    end
    ok, err = pcall(keep.next, keep)
    assert(not ok and err:find("closed", 1, true), "a <close> variable closes the reader")
    local r3 = assert(xml.open(p))
    r3:next()
    r3 = nil
    collectgarbage()
    collectgarbage()
  ));
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test_setup_teardown(test_events_sequence, setup, teardown),
    cmocka_unit_test_setup_teardown(test_accessors, setup, teardown),
    cmocka_unit_test_setup_teardown(test_attrs, setup, teardown),
    cmocka_unit_test_setup_teardown(test_text, setup, teardown),
    cmocka_unit_test_setup_teardown(test_tree_shape, setup, teardown),
    cmocka_unit_test_setup_teardown(test_tree_depth_cap, setup, teardown),
    cmocka_unit_test_setup_teardown(test_big_line_numbers, setup, teardown),
    cmocka_unit_test_setup_teardown(test_error_messages, setup, teardown),
    cmocka_unit_test_setup_teardown(test_error_inside_text_and_tree, setup, teardown),
    cmocka_unit_test_setup_teardown(test_events_before_an_error, setup, teardown),
    cmocka_unit_test_setup_teardown(test_many_documents, setup, teardown),
    cmocka_unit_test_setup_teardown(test_empty_documents, setup, teardown),
    cmocka_unit_test_setup_teardown(test_internal_entities, setup, teardown),
    cmocka_unit_test_setup_teardown(test_text_cap, setup, teardown),
    cmocka_unit_test_setup_teardown(test_chunk_sizes, setup, teardown),
    cmocka_unit_test_setup_teardown(test_open_errors, setup, teardown),
    cmocka_unit_test_setup_teardown(test_xxe, setup, teardown),
    cmocka_unit_test_setup_teardown(test_billion_laughs, setup, teardown),
    cmocka_unit_test_setup_teardown(test_deep_nesting, setup, teardown),
    cmocka_unit_test_setup_teardown(test_utf16, setup, teardown),
    cmocka_unit_test_setup_teardown(test_stdin_file, setup, teardown),
    cmocka_unit_test_setup_teardown(test_stdin_pipe, setup, teardown),
    cmocka_unit_test_setup_teardown(test_stdin_trickle, setup, teardown),
    cmocka_unit_test_setup_teardown(test_close_and_misuse, setup, teardown),
  };
  return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
