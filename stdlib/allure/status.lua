-- Allure statuses and the details that go with them, shared by every converter.
local status = {}

-- failed = an assertion failed (a product defect); broken = any other error
-- (a test defect). When a test reports several outcomes, the most severe wins.
local SEVERITY = { unknown = 0, passed = 1, skipped = 2, failed = 3, broken = 4 }

function status.worst(a, b)
  if a == nil then return b end
  if b == nil then return a end
  return SEVERITY[b] > SEVERITY[a] and b or a
end

local function first_line(s)
  return s and s:match("^%s*([^\r\n]*%S)")
end
status.first_line = first_line

-- statusDetails from a message and a trace, either possibly empty: a failure
-- without a message still gets one (the first line of its trace). Returns nil
-- when there is nothing to say.
function status.details(message, trace)
  if message and not message:find("%S") then message = nil end
  if trace and not trace:find("%S") then trace = nil end
  message = message or first_line(trace)
  if not message and not trace then return nil end
  return { message = message, trace = trace }
end

-- The message of a test that failed because subtests of it did (its own output often
-- says nothing): "subtests failed: a, b, c, d, e and 2 more", the first five named.
function status.subtests_failed(names)
  return "subtests failed: " .. table.concat(names, ", ", 1, math.min(#names, 5))
    .. (#names > 5 and (" and %d more"):format(#names - 5) or "")
end

-- statusDetails with the flags that properties and tags set copied in (allure.flaky,
-- muted, known: allure.meta puts them in result.statusDetails). flags nil: the
-- details as given (nil stays nil); else a new table when details is nil.
function status.with_flags(details, flags)
  if not flags then return details end
  details = details or {}
  for k, v in pairs(flags) do details[k] = v end
  return details
end

return status
