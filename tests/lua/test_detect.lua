local detect = require "allure.detect"

local dir = os.tmpname()
os.remove(dir)
os.execute("mkdir -p " .. dir)
local function file(name, content)
  return check.write(dir .. "/" .. name, content)
end

local xml_script = { name = "x", detect = function(s)
  local root = s:xml_root()
  if root and root.name == "testsuites" then return 90, "root <testsuites>" end
end }
local json_script = { name = "j", detect = function(s)
  if s:kind() == "json" and s:has_keys("stats", "tests") then return 80, "keys stats, tests" end
end }
local ndjson_script = { name = "n", detect = function(s)
  local first = s:first_json()
  if s:kind() == "ndjson" and first and first.Action then return 70, "test2json events" end
end }
local scripts = { xml_script, json_script, ndjson_script }

return {
  { "kinds", function()
    check.eq(detect.sniff(file("e", "  \n")):kind(), "empty")
    check.eq(detect.sniff(file("b", "\0\1\2")):kind(), "binary")
    check.eq(detect.sniff(file("x", "\239\187\191<?xml version='1.0'?><a/>")):kind(), "xml")
    check.eq(detect.sniff(file("j", '{"a":\n1}')):kind(), "json")
    check.eq(detect.sniff(file("n", '{"a":1}\n{"a":2}\n')):kind(), "ndjson")
    check.eq(detect.sniff(file("t", "TAP version 13\nok 1\n")):kind(), "text")
  end },
  { "xml root and json keys", function()
    local s = detect.sniff(file("r.xml", '<?xml version="1.0"?>\n<!-- c -->\n<testsuites name="n" xmlns="urn:x"><testsuite/></testsuites>'))
    check.eq(s:xml_root(), { name = "testsuites", ns = "urn:x", attrs = { name = "n", xmlns = "urn:x" } })
    -- libtest's JUnit: a declaration alone (a binary that exited early), then a document
    local m = detect.sniff(file("m.xml", '<?xml version="1.0"?>\n<?xml version="1.0"?><testsuites><testsuite/></testsuites>'))
    check.eq(m:xml_root(), { name = "testsuites", attrs = {} })
    local j = detect.sniff(file("k.json", '{"stats": {"tests": 1, "x": {"deep": 2}}, "tests": [{"a": "b"}], "pending": []}'))
    check.eq(j:json_keys(), { "stats", "tests", "pending" })
    check.eq(j:has_keys("stats", "pending"), true)
    check.eq(j:has_keys("stats", "deep"), false)
    local arr = detect.sniff(file("a.json", '[{"keyword": "Feature", "elements": [{"x": 1}]}, {"y": 2}]'))
    check.eq(arr:json_keys(), { "keyword", "elements" })
    check.eq(detect.sniff(file("l", "a\r\nb\nc")):lines(2), { "a", "b" })
  end },
  { "choose the best, or say why none", function()
    local s, score, why = detect.choose(file("r2.xml", "<testsuites/>"), scripts)
    check.eq({ s and s.name, score, why }, { "x", 90, "root <testsuites>" })
    s, score = detect.choose(file("m.json", '{"stats":{},"tests":[]}'), scripts)
    check.eq({ s.name, score }, { "j", 80 })
    s = detect.choose(file("g.json", '{"Action":"run","Test":"T"}\n{"Action":"pass"}\n'), scripts)
    check.eq(s.name, "n")
    check.eq({ detect.choose(file("p.xml", "<project/>"), scripts) }, { nil, "no script reads XML with root <project>" })
    check.eq({ detect.choose(file("abc-result.json", "{\"uuid\":\"u\",\"status\":\"passed\"}"), scripts) }, { nil, "already an Allure result file" })
    check.eq({ detect.choose(file("abc-attachment.txt", "x"), scripts) }, { nil, "already an Allure result file" })
    check.eq({ detect.choose(file("z", ""), scripts) }, { nil, "empty file" })
    os.execute("rm -rf " .. dir)
  end },
}
