-- JavaScript errors as the JSON reports of mocha, jest, vitest and Playwright
-- keep them (a name, a message, a stack, sometimes actual/expected), turned into
-- an Allure status and statusDetails. Allure's rule: failed = an assertion did
-- not hold (a product defect), broken = any other error (a test defect). The
-- runners serialise the error object, so its class is read from what is left:
-- the same tests allure-js's own adapters run on the live object.
local ansi = require "allure.ansi"
local cjson = require "cjson"

local jserror = {}

-- The class name a stack or a failure message starts with: "AssertionError
-- [ERR_ASSERTION]: x" -> AssertionError, "TypeError: x" -> TypeError.
function jserror.name_of(text)
  if type(text) ~= "string" then return nil end
  local name, rest = ansi.strip(text):match("^%s*([%a_$][%w_$.]*)(.*)")
  if not name then return nil end
  rest = rest:gsub("^ %[[^%]\n]*%]", "")
  if rest:sub(1, 1) == ":" then return name end
  return nil
end

-- Assertion libraries by the class of what they throw: node:assert, chai,
-- should.js (AssertionError), jest (JestAssertionError), jasmine
-- (ExpectationFailed), unexpected (UnexpectedError), power-assert.
local function assertion_name(name)
  if not name then return false end
  local lower = name:lower()
  return lower:find("assert", 1, true) ~= nil or lower:find("expectation", 1, true) ~= nil
    or name == "UnexpectedError"
end

-- expect() of jest, vitest and Playwright says what it checked on a line of its
-- own ("expect(received).toBe(expected)", "expect.assertions(2)"), after an
-- optional custom message, or inside one ("Timed out 5000ms waiting for
-- expect(locator).toHaveTitle(expected)"); jasmine's fail() writes "Failed: reason".
local function expect_message(text)
  text = ansi.strip(text):gsub("^%s*Error:%s*", "")
  return text:find("^expect[%(%.]") ~= nil
    or text:find("\n%s*expect[%(%.]") ~= nil       -- after a custom message
    or text:find("expect%([%w.]*%)%.[%a.]+%(") ~= nil
    or text:find("^Failed: ") ~= nil
end

-- "failed" or "broken" for an error e = { name=, message=, stack=, matcher=true
-- (jest's failureDetails carry a matcherResult) }; any field may be missing.
function jserror.status(e)
  if e.matcher then return "failed" end
  local name = e.name or jserror.name_of(e.stack) or jserror.name_of(e.message)
  if assertion_name(name) then return "failed" end
  local message, stack = e.message or "", e.stack or ""
  if message:lower():find("assert", 1, true) then return "failed" end
  if expect_message(message) or expect_message(stack) then return "failed" end
  if stack:find("@vitest/expect", 1, true) or stack:find("playwright/lib/matchers/", 1, true)
      or stack:find("expect/build/", 1, true) then
    return "failed"
  end
  return "broken"
end

-- A value of actual/expected as text for Allure's diff: strings as they are,
-- other JSON values (jest's matcherResult keeps them raw) pretty-printed with
-- sorted keys so the same value always reads the same.
-- A number as JavaScript prints it: the shortest form that reads back the same
-- (0.30000000000000004 stays, 0.3 is not 0.29999999999999999).
local function number_text(v)
  if math.type(v) == "integer" then return tostring(v) end
  if v ~= v or v == math.huge or v == -math.huge then return tostring(v) end
  for digits = 15, 17 do
    local s = ("%." .. digits .. "g"):format(v)
    if tonumber(s) == v then return s end
  end
  return ("%.17g"):format(v)
end

-- Pretty-printing appends pieces to one buffer, concatenated once: linear in the
-- output (nesting each level's text into its parent's was cubic in the depth: 900
-- levels took seconds). Past PRETTY_DEPTH levels a value is printed compactly on
-- one line (JSON.stringify without indentation; keys still sorted): the data is
-- all there, without the quadratic indentation of a 1000-level value.
local PRETTY_DEPTH = 32
local INDENT = setmetatable({}, { __index = function(t, d)
  local s = ("  "):rep(d)
  t[d] = s
  return s
end })

local function scalar(v)
  if v == cjson.null then return "null" end
  if type(v) == "string" then return cjson.encode(v) end
  if type(v) == "number" then return number_text(v) end
  if v == nil then return "undefined" end
  return tostring(v)
end

local function sorted_keys(v)
  local keys = {}
  for k in pairs(v) do keys[#keys + 1] = tostring(k) end
  table.sort(keys)
  return keys
end

-- Appends v to buf (buf.n pieces so far) at nesting depth d.
local function emit(buf, v, d)
  local n = buf.n
  if type(v) ~= "table" or v == cjson.null then
    buf[n + 1] = scalar(v)
    buf.n = n + 1
    return
  end
  if next(v) == nil then
    buf[n + 1] = "{}"
    buf.n = n + 1
    return
  end
  local compact = d >= PRETTY_DEPTH
  local open_sep = compact and "" or "\n" .. INDENT[d + 1]
  local sep = compact and "," or ",\n" .. INDENT[d + 1]
  local close = compact and "" or "\n" .. INDENT[d]
  -- An array's items in order, an object's members by sorted key: one loop for both.
  local keys = #v == 0 and sorted_keys(v) or nil
  local colon = compact and ":" or ": "
  buf[n + 1] = keys and "{" or "["
  buf[n + 2] = open_sep
  buf.n = n + 2
  for i = 1, keys and #keys or #v do
    n = buf.n
    if i > 1 then n = n + 1; buf[n] = sep end
    local item = v[i]
    if keys then
      buf[n + 1] = cjson.encode(keys[i])
      buf[n + 2] = colon
      n = n + 2
      item = v[keys[i]]
    end
    buf.n = n
    emit(buf, item, d + 1)
  end
  n = buf.n
  buf[n + 1] = close
  buf[n + 2] = keys and "}" or "]"
  buf.n = n + 2
end

-- Any decoded JSON or YAML value as JSON text, pretty-printed with sorted keys
-- (jest's values here, TAP's YAML diagnostics in tap.lua).
function jserror.pretty(v)
  local buf = { n = 0 }
  emit(buf, v, 0)
  return table.concat(buf, "", 1, buf.n)
end
local pretty = jserror.pretty

function jserror.text_of(v)
  if v == nil or v == cjson.null then return nil end
  if type(v) == "string" then return ansi.strip(v) end
  return pretty(v)
end

-- A decoded JSON or YAML value as text (a parameter's or label's value, one side of a
-- diff): nil for nil and null; a string as it is; a whole number without a fraction
-- (a JSON 3 decodes as the float 3.0, which must read "3"), other numbers as Lua prints
-- them; a table pretty-printed (sorted keys: the same value always reads the same).
function jserror.value_text(v)
  if v == nil or v == cjson.null then return nil end
  if math.type(v) == "float" and v == math.floor(v) and math.abs(v) < 2 ^ 53 then return ("%d"):format(v) end
  if type(v) == "table" then return pretty(v) end
  return tostring(v)
end

-- Expected and received values that expect() prints on one line each
-- ("Expected: 0.3" / "Received: 0.30000000000000004"), for reports that keep
-- only the message (Playwright, jest without failureDetails). Returns expected,
-- received; nil when the message has no such pair (a multi-line diff has none).
function jserror.expected_received(message)
  if type(message) ~= "string" then return nil end
  message = ansi.strip(message)
  local expected = message:match("\nExpected[^:\n]-: +([^\n]*%S)")
  local received = message:match("\nReceived[^:\n]-: +([^\n]*%S)")
  if expected and received then return expected, received end
  return nil
end

-- statusDetails for an error: message (ANSI codes removed; the stack's first
-- line when there is none), trace (the stack), actual and expected (both, or
-- neither: Allure shows a diff only when it has both). Returns nil when the
-- error says nothing.
function jserror.details(e)
  local message = e.message and ansi.strip(e.message)
  local trace = e.stack and ansi.strip(e.stack)
  if message and not message:find("%S") then message = nil end
  if trace and not trace:find("%S") then trace = nil end
  if not message and trace then
    message = trace:match("^%s*([^\n]*%S)")
  end
  if not message and not trace then return nil end
  local details = { message = message, trace = trace }
  local actual, expected = jserror.text_of(e.actual), jserror.text_of(e.expected)
  if actual and expected then details.actual, details.expected = actual, expected end
  return details
end

return jserror
