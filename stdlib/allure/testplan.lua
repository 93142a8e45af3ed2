-- Allure TestOps test plans: when a launch re-runs a selection, TestOps hands the
-- runner a testplan.json (ALLURE_TESTPLAN_PATH) and adapters run only the tests
-- it names. A converter sees every test the runner ran; the ones outside the
-- plan are dropped, as an adapter would not have run them.
--   {"version":"1.0","tests":[{"id":"123","selector":"com.acme.LoginTest.valid"}]}
local json = require "allure.json"

local testplan = {}

local Plan = {}
Plan.__index = Plan

-- Reads the plan; nil, err when it cannot be read or is not a plan.
function testplan.load(path)
  local doc, err = json.read(path, { name = path })
  if not doc then return nil, err end
  if type(doc) ~= "table" or type(doc.tests) ~= "table" then
    return nil, path .. ": not a test plan (expected an object with a \"tests\" array)"
  end
  local plan = setmetatable({ ids = {}, selectors = {}, size = 0 }, Plan)
  for _, t in ipairs(doc.tests) do
    if type(t) == "table" then
      if t.id ~= nil and t.id ~= json.null then plan.ids[tostring(t.id)] = true end
      if type(t.selector) == "string" then plan.selectors[t.selector] = true end
      plan.size = plan.size + 1
    end
  end
  return plan
end

-- True when the plan selects the result: by its ALLURE_ID (or legacy AS_ID)
-- label, or by its fullName as the selector.
function Plan:selects(result)
  for _, label in ipairs(result.labels or {}) do
    if (label.name == "ALLURE_ID" or label.name == "AS_ID") and self.ids[label.value] then return true end
  end
  return result.fullName ~= nil and self.selectors[result.fullName] == true
end

return testplan
