-- What the reports of the C and C++ test frameworks share (Catch2 and doctest,
-- CppUnit, googletest, Boost.Test): a failure is a message at a source location,
-- "file:line"; a test may have several, the most severe wins, the first message is
-- the test's and every failure is a line of its trace, "file:line: message".
local status = require "allure.status"

local cpp = {}

-- What the frameworks write for a failure with no known place.
local UNKNOWN = { ["unknown location"] = true, ["unknown file"] = true }

-- "file:line", or the file alone when the line is missing or 0; nil when the file is.
function cpp.location(file, line)
  if not file or not file:find("%S") or UNKNOWN[file] then return nil end
  if not line or line == "" or line == "0" then return file end
  return file .. ":" .. line
end

-- statusDetails of one failure: the message, and as the trace "where: message"
-- when the place is known (nil when there is nothing to say).
function cpp.details(message, where)
  return status.details(message, where and (where .. ": " .. (message or "")) or nil)
end

local Failures = {}
Failures.__index = Failures

-- A test's failures, in order: f:add(status, message, where [, text]) each (text: the
-- trace line's words when they are not the message); f.status is the most severe.
function cpp.failures()
  return setmetatable({}, Failures)
end

function Failures:add(st, message, where, text)
  self[#self + 1] = { status = st, message = message, where = where, text = text or message }
  self.status = status.worst(self.status, st)
end

-- The first message and the trace (one line a failure, joined by sep, default a blank
-- line) of the failures keep(f) accepts (default: all); nil, "" when none is.
function Failures:summary(sep, keep)
  local first, lines = nil, {}
  for _, f in ipairs(self) do
    if not keep or keep(f) then
      first = first or f.message
      lines[#lines + 1] = (f.where and (f.where .. ": ") or "") .. (f.text or "")
    end
  end
  return first, table.concat(lines, sep or "\n\n")
end

return cpp
