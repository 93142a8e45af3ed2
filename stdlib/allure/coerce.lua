-- Values read from a decoded JSON report, where any field may hold any type (an
-- edited or hostile report): each reader returns the value when it has the
-- expected type and range, else nil (or an empty list), never raising.
local coerce = {}

-- A string, or nil.
function coerce.str(v)
  return type(v) == "string" and v or nil
end

-- A string other than "", or nil.
function coerce.nonempty(v)
  return type(v) == "string" and v ~= "" and v or nil
end

-- A string with a character other than white space, or nil.
function coerce.nonblank(v)
  return type(v) == "string" and v:find("%S") and v or nil
end

-- A string without its leading and trailing white space; nil for anything else
-- (a missing attribute or text stays missing: `trim(s) or ""` where one is needed).
function coerce.trim(v)
  return type(v) == "string" and v:match("^%s*(.-)%s*$") or nil
end

-- A table to iterate with ipairs, or an empty one.
local EMPTY = setmetatable({}, { __newindex = function() error("coerce.list: the empty list is read-only", 2) end })
function coerce.list(v)
  return type(v) == "table" and v or EMPTY
end

-- Whether v is a JSON array as decoded: a table that is empty or has an item 1 (an
-- object with keys is not); what says "this is the format's list" in is_format checks.
function coerce.is_array(v)
  return type(v) == "table" and (next(v) == nil or v[1] ~= nil)
end

-- The string keys of a table, sorted: an object's members in an order that does not
-- depend on the hash (the same report, the same output); none for anything else.
function coerce.sorted_keys(t)
  local keys = {}
  if type(t) ~= "table" then return keys end
  for k in pairs(t) do
    if type(k) == "string" then keys[#keys + 1] = k end
  end
  table.sort(keys)
  return keys
end

-- The strings of a list (a backtrace, lines of output) joined by sep (default a
-- newline), the other items left out; nil when it holds no string.
function coerce.joined(v, sep)
  local lines = {}
  for _, line in ipairs(coerce.list(v)) do
    if type(line) == "string" then lines[#lines + 1] = line end
  end
  return #lines > 0 and table.concat(lines, sep or "\n") or nil
end

-- A finite number within ±2^53 (times in ms, counts, line numbers), or nil.
-- Numeric strings are read too.
function coerce.number(v)
  v = tonumber(v)
  if v and v == v and v > -2 ^ 53 and v < 2 ^ 53 then return v end
end

-- A number (not a numeric string) that is neither NaN nor infinite, or nil (a value:
-- math.tointeger(coerce.finite(x)) must not see no argument).
local HUGE = math.huge
function coerce.finite(v)
  if type(v) == "number" and v == v and v ~= HUGE and v ~= -HUGE then return v end
  return nil
end

-- coerce.number rounded down to an integer, or nil.
function coerce.int(v)
  v = coerce.number(v)
  return v and math.tointeger(math.floor(v))
end

-- A duration in ms, 0 when missing or negative and at most 2^32 ms (49 days), so
-- that clocks laid out from many durations stay exact integers.
function coerce.duration(v)
  return math.min(math.max(coerce.number(v) or 0, 0), 2 ^ 32)
end

-- Times a report may hold: epoch ms up to the year 5000, durations up to a year.
-- Anything else (a damaged or hostile report) counts as missing.
local MAX_EPOCH_MS, MAX_SPAN_MS = 95617584000000, 31536000000

-- Both are called for every step of a report: the range test alone (NaN fails every
-- comparison, an infinity the bound) does what coerce.finite and the range would.
local floor = math.floor

-- An epoch time in ms (a number from 0 to the year 5000) rounded down, or nil.
function coerce.epoch_ms(v)
  if type(v) == "number" and v >= 0 and v <= MAX_EPOCH_MS then return floor(v) end
  return nil
end

-- A duration in ms (a number from 0 to a year), else 0: unlike coerce.duration,
-- a value out of range is missing, not clamped.
function coerce.span_ms(v)
  if type(v) == "number" and v >= 0 and v <= MAX_SPAN_MS then return v end
  return 0
end

-- UTF-8 text that was read as Latin-1 ("Zürich" as "ZÃ¼rich": each byte one
-- U+0080..U+00FF code point) back to its bytes, when they are UTF-8; any other
-- string unchanged. googletest's JSON escapes bytes so; CppUnit declares
-- ISO-8859-1 and writes the program's UTF-8 strings as they are.
function coerce.utf8_bytes(s)
  if type(s) ~= "string" or not s:find("[\xC2\xC3][\x80-\xBF]") then return s end
  -- Only Latin-1 code points: a string with others was never read byte-wise.
  if s:find("[\xC4-\xF4]") then return s end
  local bytes = s:gsub("[\xC2\xC3][\x80-\xBF]", function(c) return string.char(utf8.codepoint(c)) end)
  return utf8.len(bytes) and bytes or s
end

return coerce
