-- The converter that docs/writing-converters.md walks through, run as the doc shows it:
--   allure-lua --run check.lua ALLURE_LUA DOC CASE_DIR OUT_DIR
-- Extracts the first ```lua block after the line that names tests/doc/check.lua from DOC
-- into OUT_DIR.lua, then runs tests/golden/check.lua on CASE_DIR with that script, so the
-- doc's script itself (not a copy of it) is what the case's expected/ results come from.
local bin, doc, case, out = arg[1], arg[2], arg[3], arg[4]
assert(bin and doc and case and out, "usage: check.lua ALLURE_LUA DOC CASE_DIR OUT_DIR")

local f = assert(io.open(doc, "rb"))
local text = f:read("a")
f:close()
local marker = text:find("tests/doc/check.lua", 1, true)
assert(marker, doc .. ": no line names tests/doc/check.lua")
local script = text:match("\n```lua\n(.-\n)```", marker)
assert(script, doc .. ": no ```lua block after the tests/doc/check.lua line")
local lines = select(2, script:gsub("\n", ""))
-- The doc promises a converter in under 60 lines.
if lines >= 60 then error(("%s: the walk-through's converter has %d lines, the doc says under 60"):format(doc, lines), 0) end

local path = out .. ".lua"
os.execute("mkdir -p '" .. out:gsub("'", "'\\''"):match("^(.*)/[^/]*$") .. "'")
local w = assert(io.open(path, "wb"))
w:write(script)
w:close()

local here = arg[0]:match("^(.*)/[^/]*$") or "."
local function quote(s) return "'" .. s:gsub("'", "'\\''") .. "'" end
local ok, _, code = os.execute(("%s --run %s %s %s %s %s"):format(quote(bin), quote(here .. "/../golden/check.lua"),
  quote(bin), quote(case), quote(out), quote(path)))
if not ok then os.exit(code or 1) end
