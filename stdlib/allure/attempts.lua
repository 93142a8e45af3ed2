-- Repeated runs of one test inside one report. A repeat after an attempt that
-- failed is a retry (gotestsum --rerun-fails, Gradle test-retry): same
-- identity, so Allure shows it as a retry, flaky when it passes at last. A
-- repeat after a pass or a skip is another variant the report does not name (a
-- test title used twice, a data row): it gets an `occurrence` parameter so it
-- stays a test of its own.
local attempts = {}

local Tracker = {}
Tracker.__index = Tracker

-- One tracker per scope (a suite): memory is bounded by the scope's size.
function attempts.new()
  return setmetatable({ seen = {} }, Tracker)
end

-- Records a result with identity `key` and final `status`. Returns the kind
-- ("first", "retry" or "variant"), the occurrence (1 for the first variant;
-- a retry repeats the occurrence it retries; add an `occurrence` parameter when
-- it is above 1) and, for a retry, the status of the attempt before.
function Tracker:add(key, status)
  local prev = self.seen[key]
  if not prev then
    self.seen[key] = { status = status, n = 1 }
    return "first", 1
  end
  local before = prev.status
  prev.status = status
  if before == "failed" or before == "broken" then
    return "retry", prev.n, before
  end
  prev.n = prev.n + 1
  return "variant", prev.n
end

return attempts
