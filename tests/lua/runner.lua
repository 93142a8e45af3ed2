-- Runs one Lua unit file: allure-lua --run runner.lua test_x.lua
-- A test file returns an array of { "name", function() ... end }; it may use the
-- global `check` helpers below. Prints a line per case and a closing count.
local deep_eq

function deep_eq(a, b)
  if a == b then return true end
  if type(a) ~= "table" or type(b) ~= "table" then return false end
  for k, v in pairs(a) do if not deep_eq(v, b[k]) then return false end end
  for k in pairs(b) do if a[k] == nil then return false end end
  return true
end

local function show(v)
  if type(v) == "string" then return ("%q"):format(v) end
  if type(v) ~= "table" then return tostring(v) end
  local parts = {}
  local keys = {}
  for k in pairs(v) do keys[#keys + 1] = k end
  table.sort(keys, function(x, y) return tostring(x) < tostring(y) end)
  for _, k in ipairs(keys) do parts[#parts + 1] = tostring(k) .. "=" .. show(v[k]) end
  return "{" .. table.concat(parts, ", ") .. "}"
end

check = {
  eq = function(actual, expected, what)
    if not deep_eq(actual, expected) then
      error(("%s: expected %s, got %s"):format(what or "value", show(expected), show(actual)), 2)
    end
  end,
  -- f(...) must raise an error whose message contains `pattern` (plain text).
  raises = function(pattern, f, ...)
    local ok, err = pcall(f, ...)
    if ok then error(("expected an error matching %q, got none"):format(pattern), 2) end
    if not tostring(err):find(pattern, 1, true) then
      error(("expected an error matching %q, got %q"):format(pattern, tostring(err)), 2)
    end
  end,
  show = show,
  -- Fixture files: write(path, text) -> path; read(path) -> text.
  write = function(path, text)
    local f = assert(io.open(path, "wb"))
    f:write(text)
    f:close()
    return path
  end,
  read = function(path)
    local f = assert(io.open(path, "rb"))
    local text = f:read("a")
    f:close()
    return text
  end,
}

local file = assert(arg[1], "usage: runner.lua TEST_FILE")
local cases = dofile(file)
local passed, failed = 0, 0
for _, case in ipairs(cases) do
  local ok, err = pcall(case[2])
  if ok then
    passed = passed + 1
    print("ok   " .. case[1])
  else
    failed = failed + 1
    print("FAIL " .. case[1] .. ": " .. tostring(err))
  end
end
print(("%d passed, %d failed"):format(passed, failed))
return failed == 0 and 0 or 1
