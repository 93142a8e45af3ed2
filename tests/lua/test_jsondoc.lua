local jsondoc = require "allure.jsondoc"
local Input = require "allure.input"

local DIR = os.getenv("TMPDIR") or "/tmp"
local function fixture(name, data)
  return check.write(("%s/allure-lua-test-jsondoc-%s"):format(DIR, name), data)
end

-- A repair shaped like mocha's (the report after console output); mocha's own is tested by
-- its golden case console-output.
local function after_output(text)
  local at = text:find('\n{%s*"stats"%s*:')
  if not at then return nil end
  return text:sub(at + 1), at
end

return {
  { "a good document needs no repair", function()
    local doc = jsondoc.read(Input.new(fixture("good.json", '{"a": 1}')), after_output)
    check.eq(doc.a, 1)
  end },
  { "a repaired document", function()
    local path = fixture("console.json", 'console output\n{"stats": {"n": 2}}')
    check.eq(jsondoc.read(Input.new(path), after_output).stats.n, 2)
  end },
  { "an error in the repaired text is placed in the file", function()
    local path = fixture("console-bad.json", 'line one\nline two\n{"stats":\n {"n": }}')
    local doc, err = jsondoc.read(Input.new(path), after_output)
    check.eq(doc, nil)
    check.eq(err, path .. ": Expected value but found T_OBJ_END at character 36 (line 4, column 8)")
  end },
  { "a repair in place reports the first error", function()
    local path = fixture("comma.json", '[1 2')
    local doc, err = jsondoc.read(Input.new(path), function(t) return (t:gsub(" ", ",")) end)
    check.eq(doc, nil)
    check.eq(err, path .. ": Expected comma or array end but found T_NUMBER at character 4")
  end },
  { "no repair without one, nor of standard input", function()
    local doc, err = jsondoc.read(Input.new(fixture("bad.json", "{")))
    check.eq(doc, nil)
    assert(err:find("bad.json: ", 1, true), err)
  end },
  { "head of a regular file only", function()
    local path = fixture("head.json", "[1, 2, 3]")
    check.eq(jsondoc.head(Input.new(path), 3), "[1,")
    check.eq(jsondoc.head(Input.new(nil), 3), nil)
    check.eq(jsondoc.head(Input.new("/dev/null"), 3), nil)
    check.eq(jsondoc.rereadable(Input.new(path)), true)
    check.eq(jsondoc.rereadable(Input.new(DIR)), false)
  end },
}
