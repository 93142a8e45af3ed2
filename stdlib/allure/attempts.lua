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
-- costs one table slot holding its last status, and a count only once it repeats.
-- A flat report can put every test in one scope: past BIG keys the tracker keeps
-- 60-bit fingerprints of the keys instead of the keys (a few times less memory; two
-- keys of one scope sharing one has a chance of about n^2 / 2^61).
local BIG = 4096
local md5 = require("allure.writer").md5

local function fingerprint(key)
  return tonumber(md5(key):sub(1, 15), 16)
end

function attempts.new()
  return setmetatable({ seen = {}, count = {}, n = 0 }, Tracker)
end

-- Switches to fingerprints.
function Tracker:compact()
  local seen, count = {}, {}
  for key, status in pairs(self.seen) do seen[fingerprint(key)] = status end
  for key, n in pairs(self.count) do count[fingerprint(key)] = n end
  self.seen, self.count, self.hashed = seen, count, true
end

-- Records a result with identity `key` and final `status`. Returns the kind
-- ("first", "retry" or "variant"), the occurrence (1 for the first variant;
-- a retry repeats the occurrence it retries; add an `occurrence` parameter when
-- it is above 1) and, for a retry, the status of the attempt before.
function Tracker:add(key, status)
  if self.hashed then key = fingerprint(key) end
  local seen = self.seen
  local before = seen[key]
  if before == nil then
    seen[key] = status
    local n = self.n + 1
    self.n = n
    if n == BIG and not self.hashed then self:compact() end
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
