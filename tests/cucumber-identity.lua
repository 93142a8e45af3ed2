-- The two outputs of one cucumber-js run (tests/golden/cucumber/runners/regenerate.sh),
-- Cucumber JSON and Cucumber Messages, converted: every scenario has the same fullName,
-- testCaseId, historyId, parameters and final status in both, so history carries over
-- from one to the other (and from allure-cucumberjs, which identifies as Messages do).
--   allure-lua --run cucumber-identity.lua ALLURE_LUA GOLDEN_DIR OUT_DIR
local host = require "allure.host"
local json = require "allure.json"

local bin, golden, out = arg[1], arg[2], arg[3]
assert(bin and golden and out, "usage: cucumber-identity.lua ALLURE_LUA GOLDEN_DIR OUT_DIR")

local function quote(s) return "'" .. s:gsub("'", "'\\''") .. "'" end

-- The results of one case, final attempts only (the latest start of each historyId).
local function convert(case, input)
  local dir = out .. "/" .. case
  local cmd = ("cd %s && env -i PATH=\"$PATH\" SOURCE_DATE_EPOCH=1700000000 %s -E --deterministic --clean -q -o %s cucumber %s 2>/dev/null")
    :format(quote(golden .. "/cucumber/" .. case), quote(bin), quote(dir), input)
  os.execute("mkdir -p " .. quote(dir))
  local ok = os.execute(cmd)
  assert(ok, "conversion failed: " .. cmd)
  local final = {}
  for _, file in ipairs(host.walk(dir)) do
    if file:match("%-result%.json$") then
      local f = assert(io.open(file, "rb"))
      local r = assert(json.decode(f:read("a"), file))
      f:close()
      local old = final[r.historyId]
      if not old or r.start > old.start then final[r.historyId] = r end
    end
  end
  return final
end

local function params(r)
  local parts = {}
  for _, p in ipairs(r.parameters or {}) do
    if not p.excluded then parts[#parts + 1] = p.name .. "=" .. p.value end
  end
  table.sort(parts)
  return table.concat(parts, ", ")
end

local from_json = convert("runner-json", "input.json")
local from_messages = convert("runner-messages", "input.ndjson")
local failures, checked = 0, 0
local function fail(fmt, ...)
  failures = failures + 1
  print("FAIL " .. fmt:format(...))
end
for id, r in pairs(from_json) do
  local m = from_messages[id]
  if not m then
    fail("%s [%s]: historyId %s only in the JSON output", r.fullName, params(r), id)
  else
    checked = checked + 1
    if m.fullName ~= r.fullName then fail("fullName %q vs %q", r.fullName, m.fullName) end
    if m.testCaseId ~= r.testCaseId then fail("%s: testCaseId %s vs %s", r.fullName, r.testCaseId, m.testCaseId) end
    if params(m) ~= params(r) then fail("%s: parameters %s vs %s", r.fullName, params(r), params(m)) end
    if m.status ~= r.status then fail("%s [%s]: status %s vs %s", r.fullName, params(r), r.status, m.status) end
  end
end
for id, m in pairs(from_messages) do
  if not from_json[id] then fail("%s [%s]: historyId %s only in the Messages output", m.fullName, params(m), id) end
end
print(("%d scenarios with the same identity in JSON and Messages, %d failures"):format(checked, failures))
os.exit(failures == 0 and checked > 0 and 0 or 1)
