-- Repeated runs of one test inside one report. A repeat after an attempt that
-- failed is a retry (gotestsum --rerun-fails, Gradle test-retry): same
-- identity, so Allure shows it as a retry, flaky when it passes at last. A
-- repeat after a pass or a skip is another variant the report does not name (a
-- test title used twice, a data row): it gets an `occurrence` parameter so it
-- stays a test of its own.
local keyset = require "allure.keyset"

local attempts = {}

local Tracker = {}
Tracker.__index = Tracker

-- One tracker per scope (a suite). A flat report can put every test in one scope
-- (pytest writes one <testsuite>): the last status of each key is kept in a native
-- set of 56-bit fingerprints, 8 bytes a key (about 16 MB for a million tests); a
-- count only for the keys that repeat as variants.
local CODE = { passed = 1, failed = 2, broken = 3, skipped = 4 }
local STATUS = { "passed", "failed", "broken", "skipped", "unknown" }

-- The occurrence parameter of the n-th variant, from the second on.
local function numbered(parameters, n)
  if parameters and n > 1 then parameters[#parameters + 1] = { name = "occurrence", value = tostring(n) } end
end

function attempts.new()
  return setmetatable({ last = keyset.new(), count = {} }, Tracker)
end

-- Records a result with identity `key` and final `status`. Returns the kind
-- ("first", "retry" or "variant"), the occurrence (1 for the first variant;
-- a retry repeats the occurrence it retries: an `occurrence` parameter when it is
-- above 1, appended to `parameters` when given) and, for a retry, the status of
-- the attempt before. `no_retries`: the producer never writes a rerun as a repeat
-- (mocha, TestNG, pytest, ...), so every repeat is a variant, whatever came before.
function Tracker:add(key, status, no_retries, parameters)
  local last = self.last
  local code = last:get(key)
  last:put(key, CODE[status] or 5)
  if code == nil then return "first", 1 end
  local n = self.count[key] or 1
  if (code == 2 or code == 3) and not no_retries then
    numbered(parameters, n)
    return "retry", n, STATUS[code]
  end
  n = n + 1
  self.count[key] = n
  numbered(parameters, n)
  return "variant", n
end

return attempts
