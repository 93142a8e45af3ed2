-- Golden end-to-end test of one case directory:
--   allure-lua --run check.lua ALLURE_LUA CASE_DIR OUT_DIR
-- CASE_DIR holds the inputs (input*), optionally `args` (extra command-line
-- arguments, one per line), `exit` (the expected exit status, default 0),
-- `stderr` (lines the error output must contain), and expected/ (the results).
-- The script is the name of CASE_DIR's parent (golden/junit/x -> junit), or the
-- path given as a fourth argument (tests/doc/check.lua: the doc's own script).
-- Output is made with --deterministic and a fixed SOURCE_DATE_EPOCH, so the
-- expected files are compared exactly: JSON by value, other files byte for byte.
-- UPDATE_GOLDEN=1 rewrites expected/ from the actual output.
local host = require "allure.host"
local json = require "allure.json"

local bin, case, out = arg[1], arg[2], arg[3]
assert(bin and case and out, "usage: check.lua ALLURE_LUA CASE_DIR OUT_DIR [SCRIPT]")
local script = case:match("([^/]+)/[^/]+/?$")

local function read(path)
  local f = assert(io.open(path, "rb"))
  local data = f:read("a")
  f:close()
  return data
end

local function write(path, data)
  local f = assert(io.open(path, "wb"))
  f:write(data)
  f:close()
end

local function quote(s) return "'" .. s:gsub("'", "'\\''") .. "'" end

local function exists(path) return host.stat(path) ~= nil end

-- Pretty JSON with sorted keys, so expected files read and diff well.
local function pretty(v, indent)
  indent = indent or ""
  local inner = indent .. "  "
  if type(v) == "table" then
    if v == json.null then return "null" end
    if #v > 0 or next(v) == nil then
      if next(v) == nil then return "[]" end
      local parts = {}
      for i, x in ipairs(v) do parts[i] = inner .. pretty(x, inner) end
      return "[\n" .. table.concat(parts, ",\n") .. "\n" .. indent .. "]"
    end
    local keys = {}
    for k in pairs(v) do keys[#keys + 1] = k end
    table.sort(keys)
    local parts = {}
    for i, k in ipairs(keys) do parts[i] = inner .. ("%q"):format(k) .. ": " .. pretty(v[k], inner) end
    return "{\n" .. table.concat(parts, ",\n") .. "\n" .. indent .. "}"
  elseif type(v) == "string" then
    return (require "cjson").encode(v)
  else
    return math.type(v) == "integer" and tostring(v) or (require "cjson").encode(v)
  end
end

-- First difference between two decoded JSON values, as a path and both values.
local function diff(a, b, path)
  if type(a) ~= type(b) then return path, a, b end
  if type(a) ~= "table" then
    if a ~= b then return path, a, b end
    return nil
  end
  for k, v in pairs(a) do
    local p, x, y = diff(v, b[k], path .. "." .. tostring(k))
    if p then return p, x, y end
  end
  for k, v in pairs(b) do
    if a[k] == nil then return path .. "." .. tostring(k), nil, v end
  end
end

-- Run the converter.
local inputs, args = {}, {}
for _, file in ipairs(host.walk(case)) do
  local name = file:sub(#case + 2)
  if name:match("^input") then inputs[#inputs + 1] = quote(name) end
end
if exists(case .. "/args") then
  for line in io.lines(case .. "/args") do
    if line ~= "" then args[#args + 1] = quote(line) end
  end
end
if arg[4] then script = quote(arg[4]) end
local stderr_file = out .. ".stderr"
os.execute("mkdir -p " .. quote(out))
-- A clean environment: no CI variables, ALLURE_LABEL_*, test plans or user scripts.
local command = ("cd %s && env -i PATH=\"$PATH\" SOURCE_DATE_EPOCH=1700000000 %s -E --deterministic --clean -q -o %s %s %s %s 2>%s")
  :format(quote(case), quote(bin), quote(out), script, table.concat(args, " "), table.concat(inputs, " "),
    quote(stderr_file))
local _, _, code = os.execute(command)
local expected_exit = exists(case .. "/exit") and tonumber(read(case .. "/exit")) or 0
local stderr = read(stderr_file)

local failures = 0
local function fail(fmt, ...)
  failures = failures + 1
  print("FAIL " .. fmt:format(...))
end

if code ~= expected_exit then fail("exit status %d, expected %d; stderr:\n%s", code, expected_exit, stderr) end
if exists(case .. "/stderr") then
  for line in io.lines(case .. "/stderr") do
    if line ~= "" and not stderr:find(line, 1, true) then fail("stderr lacks %q; it was:\n%s", line, stderr) end
  end
end

local actual = {}
for _, file in ipairs(host.walk(out)) do actual[file:sub(#out + 2)] = file end

local expected_dir = case .. "/expected"
if os.getenv("UPDATE_GOLDEN") == "1" then
  os.execute("rm -rf " .. quote(expected_dir) .. " && mkdir -p " .. quote(expected_dir))
  for name, file in pairs(actual) do
    local data = read(file)
    if name:match("%.json$") then data = pretty(assert(json.decode(data, name))) .. "\n" end
    write(expected_dir .. "/" .. name, data)
  end
  print(("updated %s (%d files)"):format(expected_dir, (function() local n = 0; for _ in pairs(actual) do n = n + 1 end; return n end)()))
  return failures == 0 and 0 or 1
end

local expected = {}
for _, file in ipairs(host.walk(expected_dir) or {}) do expected[file:sub(#expected_dir + 2)] = file end

local checked = 0
for name, file in pairs(expected) do
  if not actual[name] then
    fail("missing %s", name)
  else
    local want, got = read(file), read(actual[name])
    if name:match("%.json$") then
      local p, x, y = diff(assert(json.decode(want, file)), assert(json.decode(got, name)), name)
      if p then fail("%s: expected %s, got %s", p, pretty(x), pretty(y)) end
    elseif want ~= got then
      fail("%s differs (%d bytes expected, %d bytes written)", name, #want, #got)
    end
    checked = checked + 1
  end
end
for name in pairs(actual) do
  if not expected[name] then fail("unexpected file %s", name) end
end
print(("%s: %d files compared, %d problems"):format(case, checked, failures))
return failures == 0 and 0 or 1
