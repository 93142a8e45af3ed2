-- Repeated runs of one test inside one report. A repeat after an attempt that
-- failed is a retry (gotestsum --rerun-fails, Gradle test-retry): same
-- identity, so Allure shows it as a retry, flaky when it passes at last. A
-- repeat after a pass or a skip is another variant the report does not name (a
-- test title used twice, a data row): it gets an `occurrence` parameter so it
-- stays a test of its own.
local attempts = {}

local Tracker = {}
Tracker.__index = Tracker

-- One tracker per scope (a suite): memory is bounded by the scope's size. A key
-- costs one table slot holding its last status; a count only once it repeats
-- (a flat report can put every test in one scope).
function attempts.new()
  return setmetatable({ seen = {}, count = {} }, Tracker)
end

-- Records a result with identity `key` and final `status`. Returns the kind
-- ("first", "retry" or "variant"), the occurrence (1 for the first variant;
-- a retry repeats the occurrence it retries; add an `occurrence` parameter when
-- it is above 1) and, for a retry, the status of the attempt before.
function Tracker:add(key, status)
  local seen = self.seen
  local before = seen[key]
  if before == nil then
    seen[key] = status
    return "first", 1
  end
  seen[key] = status
  local n = self.count[key] or 1
  if before == "failed" or before == "broken" then
    return "retry", n, before
  end
  n = n + 1
  self.count[key] = n
  return "variant", n
end

return attempts
